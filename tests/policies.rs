//! The policy engine end to end: built-in policy tests, rule coverage, loading errors, and the
//! Coupang reference incident evaluated at a fixed time.

use assert_cmd::Command;
use disclose::policy::eval::{self, Evaluation, ObligationOutcome, Status};
use disclose::policy::set::PolicySet;

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn coupang() -> (disclose::incident::Incident, Evaluation) {
    let text = include_str!("../examples/coupang-2025.yaml");
    let loaded = disclose::incident::load_str(text);
    let inc = loaded.ok().expect("the Coupang example is valid").clone();
    let set = PolicySet::builtin();
    assert!(
        set.failed.is_empty(),
        "built-in policies fail to load: {:?}",
        set.failed
    );
    let as_of =
        disclose::cli::parse_as_of(Some("2026-01-01T00:00:00+09:00"), inc.timezone.0).unwrap();
    let ev = eval::evaluate(&set.policies(), &inc, as_of);
    (inc, ev)
}

fn find<'a>(ev: &'a Evaluation, policy: &str, id: &str) -> &'a ObligationOutcome {
    ev.obligations
        .iter()
        .find(|o| o.policy == policy && o.id == id)
        .unwrap_or_else(|| {
            panic!(
                "no obligation {policy}/{id} in {:#?}",
                ev.obligations
                    .iter()
                    .map(|o| format!("{}/{}", o.policy, o.id))
                    .collect::<Vec<_>>()
            )
        })
}

#[test]
fn built_in_policy_tests_pass() {
    let out = disclose().args(["policy", "test"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.trim_end().ends_with(" 0 failed"), "{stdout}");
}

#[test]
fn every_built_in_rule_has_a_test() {
    let set = PolicySet::builtin();
    assert!(set.failed.is_empty(), "{:?}", set.failed);
    assert!(
        set.len() >= 4,
        "expected the Korean policies, found {}",
        set.len()
    );
    let missing: Vec<String> = set
        .policies()
        .into_iter()
        .flat_map(|p| {
            disclose::policy::testkit::untested(p)
                .into_iter()
                .map(move |r| format!("{}: `{r}` has no test", p.policy.id))
        })
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Issue 13: every built-in law has its history from 2016-01-01 (or from the day it first took
/// effect, if later) to today, one file per version, without a gap or an overlap, and ends only
/// where the law itself ended.
#[test]
fn every_built_in_family_covers_2016_to_today_without_holes() {
    use disclose::policy::coverage::{family, family_problems};
    use disclose::policy::model::Policy;
    use std::collections::BTreeMap;

    let set = PolicySet::builtin();
    assert!(set.failed.is_empty(), "{:?}", set.failed);
    let policies: Vec<&Policy> = set.policies().into_iter().map(|p| &p.policy).collect();
    let mut problems: Vec<String> = family_problems(&policies)
        .into_iter()
        .map(|(fam, msg)| format!("{fam}: {msg}"))
        .collect();

    let start = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let mut by_family: BTreeMap<&str, Vec<&Policy>> = BTreeMap::new();
    for p in &policies {
        by_family.entry(family(p)).or_default().push(p);
    }
    for (fam, mut versions) in by_family {
        versions.sort_by_key(|p| p.effective.from.0);
        let first = versions[0];
        let last = versions[versions.len() - 1];
        if first.effective.from.0 > start && !first.effective.since_enactment {
            problems.push(format!(
                "{fam}: the first version {} starts on {}, after 2016-01-01, and does not set `effective.since_enactment`",
                first.id, first.effective.from.0
            ));
        }
        for p in &versions {
            if p.effective.since_enactment && p.id != first.id {
                problems.push(format!(
                    "{fam}: {} sets `since_enactment` but is not the first version",
                    p.id
                ));
            }
            if p.effective.ended.is_some() && p.id != last.id {
                problems.push(format!(
                    "{fam}: {} sets `ended` but is not the last version",
                    p.id
                ));
            }
        }
        match (last.effective.until, &last.effective.ended) {
            (Some(until), None) => problems.push(format!(
                "{fam}: the last version {} ends on {} but does not say why (`effective.ended`): the law is in force today",
                last.id, until.0
            )),
            (None, Some(_)) => problems.push(format!(
                "{fam}: the last version {} sets `ended` but has no `until`",
                last.id
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The families issue 13 names, each present.
    let families: std::collections::BTreeSet<&str> = policies.iter().map(|p| family(p)).collect();
    for f in [
        "kr-pipa",
        "kr-network-act",
        "kr-network-act-leak",
        "kr-credit-info-act",
        "us-ca",
        "us-wa",
        "us-ny",
        "us-ny-dfs",
        "us-tx",
        "us-fl",
        "us-ma",
        "us-sec-8k",
        "jp-appi",
        "sg-pdpa",
        "eu-gdpr",
        "eu-eprivacy-breach",
    ] {
        assert!(families.contains(f), "no built-in family {f}: {families:?}");
    }
}

#[test]
fn a_misspelt_path_in_a_condition_fails_to_load_with_its_position() {
    let out = disclose()
        .args([
            "--color",
            "never",
            "validate",
            "tests/fixtures/invalid-policies/misspelt-path.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--> tests/fixtures/invalid-policies/misspelt-path.yaml:17:12"),
        "{err}"
    );
    assert!(err.contains("did you mean `affected.subjects`?"), "{err}");
    // and `check` refuses to evaluate with it
    let out = disclose()
        .args([
            "check",
            "examples/coupang-2025.yaml",
            "--policies",
            "tests/fixtures/invalid-policies",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_sample_policy_exercises_every_status() {
    let out = disclose()
        .args(["policy", "test", "tests/fixtures/policies/sample"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = disclose()
        .args([
            "check",
            "examples/coupang-2025.yaml",
            "--policies",
            "tests/fixtures/policies/sample",
            "--no-builtin",
            "--as-of",
            "2026-01-01T00:00:00+09:00",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "missed obligations exit 1");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "disclose/check@1");
    let filing = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "filing")
        .unwrap();
    assert_eq!(filing["status"], "missed");
    assert_eq!(
        filing["due"]["calendar_local"]["at"],
        "2025-11-24T23:59:59-05:00"
    );
    assert_eq!(filing["late_business_days"], 15);
    assert_eq!(filing["late_calendar_days"], 22);
}

#[test]
fn coupang_pipc_report_applies_by_its_triggers_and_its_second_phase_cannot_be_judged() {
    let (_, ev) = coupang();
    let o = find(&ev, "kr-pipa-2023", "report-pipc");
    // Coupang's leaked items include no sensitive or unique identifying information, so two of
    // the three Decree 40(1) triggers fire: 1,000 or more subjects, and unlawful external access.
    let mut t = o.triggers.clone();
    t.sort();
    assert_eq!(t, ["external-access", "threshold-1000"]);
    assert_eq!(
        o.due.as_ref().unwrap().local.to_rfc3339(),
        "2025-11-21T22:52:00+09:00"
    );
    // Decree 40(2): the supplementary report (about 33.7 million accounts, day 11) was due "as
    // soon as" its scope was confirmed, and the file does not say when that was. The first
    // report in time does not make the obligation met.
    match &o.status {
        Status::Unknown { missing } => assert_eq!(missing, &["actions[3].confirmed_at"]),
        other => panic!("{other:?}"),
    }
    let phases: Vec<&str> = o.phases.iter().map(|p| p.phase).collect();
    assert_eq!(phases, ["initial", "supplementary"]);
    assert_eq!(o.phases[0].at.to_rfc3339(), "2025-11-20T10:00:00+09:00");
    assert_eq!(o.phases[1].verdict, Some("unknown"));
}

#[test]
fn coupang_network_act_report_is_due_in_24_hours_and_met() {
    let (_, ev) = coupang();
    // Detected 2025-11-18: the 2024 version (Decree Art. 58-2's 24 hours), not the Act No. 21500
    // text in force from 2026-10-01.
    let o = find(&ev, "kr-network-act-2024", "report-incident");
    assert!(ev.not_in_force.iter().any(|n| n.id == "kr-network-act"));
    assert_eq!(
        o.due.as_ref().unwrap().local.to_rfc3339(),
        "2025-11-19T22:52:00+09:00"
    );
    assert!(matches!(o.status, Status::Met { .. }), "{:?}", o.status);
}

#[test]
fn coupang_subject_notice_first_phase_in_time_second_phase_cannot_be_judged() {
    let (_, ev) = coupang();
    let o = find(&ev, "kr-pipa-2023", "notify-subjects");
    // Decree 39(2): 확인되는 즉시. The notice of 2025-11-29 has no confirmation time on record.
    match &o.status {
        Status::Unknown { missing } => assert_eq!(missing, &["actions[4].confirmed_at"]),
        other => panic!("{other:?}"),
    }
    assert!(o.phases[0].at <= o.due.as_ref().unwrap().local);
    assert_eq!(o.phases.len(), 2);
    assert_eq!(o.phases[0].subjects, Some(4536));
    assert_eq!(o.phases[1].phase, "supplementary");
    assert_eq!(o.phases[1].subjects, Some(33_700_000));
}

#[test]
fn coupang_two_day_posting_is_flagged_against_the_30_day_rule() {
    let (_, ev) = coupang();
    let o = find(&ev, "kr-pipa-2023", "post-website");
    match &o.status {
        Status::Missed {
            detail: Some(d), ..
        } => assert!(d.contains("posted for 2 days"), "{d}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn coupang_penalty_exposure_is_3_percent_of_revenue() {
    let (_, ev) = coupang();
    let pen = ev
        .penalties
        .iter()
        .find(|p| p.policy == "kr-pipa-2023" && p.basis.starts_with("3 % of total revenue"))
        .expect("a 3 % surcharge");
    assert!(pen.applies);
    assert_eq!(pen.max_amount, Some(1_230_000_000_000));
    assert_eq!(pen.currency.as_deref(), Some("KRW"));
}

#[test]
fn coupang_uses_the_2023_law_not_the_2026_one() {
    let (_, ev) = coupang();
    assert!(
        ev.policies
            .iter()
            .any(|p| p.id == "kr-pipa-2023" && p.applies)
    );
    assert!(ev.not_in_force.iter().any(|n| n.id == "kr-pipa-2026"));
    assert!(ev.obligations.iter().all(|o| o.policy != "kr-pipa-2026"));
}

#[test]
fn an_incident_discovered_after_2026_09_11_gets_the_2026_law() {
    let text = include_str!("../examples/multi-jurisdiction.yaml");
    let loaded = disclose::incident::load_str(text);
    let inc = loaded.ok().unwrap();
    let set = PolicySet::builtin();
    let as_of =
        disclose::cli::parse_as_of(Some("2026-11-28T00:00:00+09:00"), inc.timezone.0).unwrap();
    let ev = eval::evaluate(&set.policies(), inc, as_of);
    assert!(
        ev.policies
            .iter()
            .any(|p| p.id == "kr-pipa-2026" && p.applies)
    );
    assert!(ev.not_in_force.iter().any(|n| n.id == "kr-pipa-2023"));
}

#[test]
fn check_text_is_for_people_and_cites_every_line() {
    let out = disclose()
        .args([
            "check",
            "examples/coupang-2025.yaml",
            "--as-of",
            "2026-01-01T00:00:00+09:00",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the short posting is a finding: {text}"
    );
    assert!(!text.contains('\x1b'), "no colour when not on a terminal");
    assert!(text.contains("MET") && text.contains("MISSED"), "{text}");
    assert!(text.contains("2025-11-21 22:52 KST"), "{text}");
    assert!(text.contains("Article 34"), "{text}");
}

#[test]
fn check_formats_are_well_formed() {
    for format in ["junit", "sarif", "json"] {
        let out = disclose()
            .args([
                "check",
                "examples/coupang-2025.yaml",
                "--as-of",
                "2026-01-01T00:00:00+09:00",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let s = String::from_utf8_lossy(&out.stdout);
        match format {
            "junit" => {
                assert!(s.starts_with("<?xml") && s.contains("<testsuite name=\"kr-pipa-2023\""))
            }
            "sarif" => {
                let v: serde_json::Value = serde_json::from_str(&s).unwrap();
                assert_eq!(v["version"], "2.1.0");
                assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
            }
            _ => {
                let v: serde_json::Value = serde_json::from_str(&s).unwrap();
                assert_eq!(v["incident"], "CPNG-2025-11");
            }
        }
    }
}

#[test]
fn check_refuses_an_invalid_incident() {
    disclose()
        .args(["check", "tests/fixtures/invalid/unknown-category.yaml"])
        .assert()
        .code(2);
}

#[test]
fn policy_tests_may_live_in_a_sibling_file() {
    let out = disclose()
        .args(["policy", "test", "tests/fixtures/policies/sample"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("4 tests, 4 passed"),
        "inline and sibling tests both run: {stdout}"
    );
    let out = disclose()
        .args([
            "validate",
            "tests/fixtures/policies/sample/test-sample.tests.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_failing_policy_test_prints_a_diff_lists_untested_rules_and_exits_1() {
    let out = disclose()
        .args(["policy", "test", "tests/fixtures/policies/failing"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("- expected: met") && stdout.contains("+ actual:   missed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("rules with no test: filing, fine, logs, notice, posting"),
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with("0 passed, 1 failed"),
        "{stdout}"
    );
}

#[test]
fn the_multi_jurisdiction_example_gets_every_clock_in_one_check() {
    let out = disclose()
        .args([
            "check",
            "examples/multi-jurisdiction.yaml",
            "--as-of",
            "2026-11-28T00:00:00+09:00",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let obligations = v["obligations"].as_array().unwrap();
    let applicable: Vec<&serde_json::Value> = obligations
        .iter()
        .filter(|o| o["status"] != "not_applicable")
        .collect();
    for policy in ["kr-pipa-2026", "eu-gdpr", "us-ca-breach", "us-ny-breach"] {
        assert!(
            applicable.iter().any(|o| o["policy"] == policy),
            "no applicable obligation from {policy}"
        );
    }
    // soonest due first, every due time given in the incident's zone and in UTC
    let dues: Vec<&str> = applicable
        .iter()
        .filter_map(|o| o["due"]["utc"].as_str())
        .collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "obligations are not soonest first");
    for o in applicable.iter().filter(|o| o["due"].is_object()) {
        assert!(o["due"]["local"].as_str().unwrap().ends_with("+09:00"));
        assert!(o["citation"]["en"].is_string());
    }
}

#[test]
fn coupang_sec_filing_was_late_by_15_business_days() {
    let (_, ev) = coupang();
    let o = find(&ev, "us-sec-8k", "item-1-05");
    let due = o.due.as_ref().unwrap();
    // Due by EDGAR's 17:30 cut-off on the fourth business day (Regulation S-T Rule 13(a)(2)).
    assert_eq!(
        due.calendar_local.as_ref().unwrap().at.to_rfc3339(),
        "2025-11-24T17:30:00-05:00"
    );
    assert_eq!(o.cutoff.as_deref(), Some("17:30"));
    match &o.status {
        Status::Missed {
            late_business_days,
            late_calendar_days,
            ..
        } => {
            assert_eq!(*late_business_days, Some(15));
            assert_eq!(*late_calendar_days, 22);
        }
        other => panic!("{other:?}"),
    }
}

/// The Coupang incident with its 8-K moved to `at` (determined 2025-11-18, due Monday 11-24).
fn coupang_filed_at(at: &str) -> Evaluation {
    let text = include_str!("../examples/coupang-2025.yaml");
    let loaded = disclose::incident::load_str(text);
    let mut inc = loaded.ok().expect("the Coupang example is valid").clone();
    let filing = inc
        .actions
        .iter_mut()
        .find(|a| a.form.as_deref() == Some("8-K"))
        .expect("the 8-K");
    filing.at = disclose::incident::time::Timestamp::parse(at, None).unwrap();
    let set = PolicySet::builtin();
    let as_of =
        disclose::cli::parse_as_of(Some("2026-01-01T00:00:00+09:00"), inc.timezone.0).unwrap();
    eval::evaluate(&set.policies(), &inc, as_of)
}

#[test]
fn an_8k_after_the_edgar_cutoff_is_deemed_filed_the_next_business_day() {
    // Rule 13(a)(2): on or before 17:30 New York time on Monday 11-24 is in time ...
    let ev = coupang_filed_at("2025-11-24T17:29:00-05:00");
    assert!(matches!(
        find(&ev, "us-sec-8k", "item-1-05").status,
        Status::Met { .. }
    ));
    // ... after it, the filing is deemed made on Tuesday 11-25: one business day late, though
    // its New York date is still the due date.
    let ev = coupang_filed_at("2025-11-24T17:31:00-05:00");
    match &find(&ev, "us-sec-8k", "item-1-05").status {
        Status::Missed {
            late_business_days,
            late_calendar_days,
            late_by,
            ..
        } => {
            assert_eq!(*late_business_days, Some(1));
            assert_eq!(*late_calendar_days, 1);
            assert_eq!(late_by.num_seconds(), 60);
        }
        other => panic!("{other:?}"),
    }
    // After the cut-off on Wednesday 11-26 (the day before Thanksgiving): deemed Friday 11-28,
    // three business days late.
    let ev = coupang_filed_at("2025-11-26T18:00:00-05:00");
    match &find(&ev, "us-sec-8k", "item-1-05").status {
        Status::Missed {
            late_business_days, ..
        } => assert_eq!(*late_business_days, Some(3)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn deadlines_lists_the_clock_and_writes_an_icalendar_file() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("coupang.ics");
    let out = disclose()
        .args([
            "deadlines",
            "examples/coupang-2025.yaml",
            "--as-of",
            "2026-01-01T00:00:00+09:00",
            "--ics",
        ])
        .arg(&ics)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "missed deadlines exit 1");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2025-11-19 22:52 KST") && text.contains("2025-11-19 13:52 UTC"),
        "{text}"
    );
    let cal = std::fs::read_to_string(&ics).unwrap();
    assert!(cal.starts_with("BEGIN:VCALENDAR\r\n") && cal.ends_with("END:VCALENDAR\r\n"));
    // The Network Act report was made in time: a met obligation is left out of the calendar.
    assert!(!cal.contains("UID:CPNG-2025-11/kr-network-act-2024/report-incident@disclose\r\n"));
    // The website posting was missed; its event is the hour up to the due time.
    assert!(cal.contains(
        "UID:CPNG-2025-11/kr-pipa-2023/post-website@disclose\r\nDTSTAMP:20251231T150000Z\r\nDTSTART:20251121T125200Z\r\nDTEND:20251121T135200Z\r\n"
    ));
    assert!(
        cal.lines().all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
}
