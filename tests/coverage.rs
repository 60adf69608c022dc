//! Never a silent all-clear (issue 13): an incident with people, an establishment, a listing or a
//! role that no policy in force assesses is never exit 0, and every output names what was not
//! assessed; `policy list` and the generated docs/coverage.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use disclose::policy::catalog;
use disclose::policy::set::PolicySet;

const AS_OF: &str = "2026-12-01T00:00:00+09:00";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn disclose(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(root())
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("run disclose")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The misdirected-email example with its 12 people living in American Samoa, the Northern
/// Mariana Islands and the U.S. Minor Outlying Islands (places with no policy), written to `dir`.
fn uncovered(dir: &Path) -> PathBuf {
    let s = std::fs::read_to_string(root().join("examples/misdirected-email.yaml")).unwrap();
    let t = s.replace(
        "  by_jurisdiction:\n    KR: 12\n",
        "  by_jurisdiction:\n    US-AS: 5\n    US-MP: 4\n    US-UM: 3\n",
    );
    assert_ne!(s, t, "the example changed: update this test");
    let p = dir.join("uncovered.yaml");
    std::fs::write(&p, t).unwrap();
    p
}

/// Renders the audit report of `incident` in both languages under `dir/out` (the run must exit 1:
/// these incidents have findings) and returns (English, Korean).
fn audit_reports(incident: &str, as_of: &str, dir: &Path, id: &str) -> (String, String) {
    let out_dir = dir.join("out");
    let out = disclose(&[
        "render",
        incident,
        "--as-of",
        as_of,
        "--format",
        "md",
        "--report",
        "audit_report",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let read = |lang: &str| {
        std::fs::read_to_string(out_dir.join(format!("{id}/audit_report.{lang}.md"))).unwrap()
    };
    (read("en"), read("ko"))
}

#[test]
fn uncovered_states_are_never_exit_0_and_every_output_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let f = uncovered(dir.path());
    let f = f.to_str().unwrap();
    for format in ["text", "json", "junit", "sarif"] {
        let out = disclose(&["check", f, "--as-of", AS_OF, "--format", format]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            text(&out.stderr)
        );
        let o = text(&out.stdout);
        for (state, n) in [("US-AS", 5), ("US-MP", 4), ("US-UM", 3)] {
            assert!(o.contains(state), "{format} does not name {state}:\n{o}");
            let count = format!("{n} affected {}", if n == 1 { "person" } else { "people" });
            assert!(
                o.contains(&count),
                "{format} does not give {state}'s count:\n{o}"
            );
        }
        match format {
            "text" => {
                let na = o.find("Not assessed").expect("a Not assessed block");
                let obligations = o.find("Obligations").unwrap();
                assert!(na < obligations, "the block comes before the obligations");
            }
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&o).unwrap();
                let na = v["not_assessed"].as_array().unwrap();
                let as_ = na.iter().find(|n| n["code"] == "US-AS").unwrap();
                assert_eq!(as_["attach"], "residence");
                assert_eq!(as_["subjects"], 5);
                assert_eq!(as_["accepted"], false);
                assert!(as_["reason"]["ko"].as_str().unwrap().contains("5명"));
            }
            "junit" => assert!(o.contains("<failure message=\"not assessed\">")),
            "sarif" => {
                let v: serde_json::Value = serde_json::from_str(&o).unwrap();
                let results = v["runs"][0]["results"].as_array().unwrap();
                let warns = results
                    .iter()
                    .filter(|r| {
                        r["ruleId"].as_str().unwrap().starts_with("coverage/")
                            && r["level"] == "warning"
                    })
                    .count();
                assert_eq!(warns, 3);
            }
            _ => unreachable!(),
        }
    }
    let out = disclose(&["deadlines", f, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1));
    let o = text(&out.stdout);
    assert_eq!(o.matches("cannot compute (not assessed)").count(), 3, "{o}");
    // The audit report, in both languages: the summary and the recommendations.
    let (en, ko) = audit_reports(f, AS_OF, dir.path(), "HBB-2026-003");
    assert_eq!(
        en.matches("5 affected people living in US-AS").count(),
        2,
        "{en}"
    );
    assert_eq!(ko.matches("US-AS 거주 정보주체 5명").count(), 2, "{ko}");
    assert!(en.contains("**Not assessed (3).**"), "{en}");
    assert!(ko.contains("**평가되지 않음(3건).**"), "{ko}");
}

#[test]
fn accepted_gaps_are_still_listed_and_exit_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let f = uncovered(dir.path());
    let f = f.to_str().unwrap();
    // Two of three accepted: still exit 1.
    let out = disclose(&[
        "check",
        f,
        "--as-of",
        AS_OF,
        "--accept-unassessed",
        "US-AS,us-mp",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let all = "US-AS,US-MP,US-UM";
    let out = disclose(&["check", f, "--as-of", AS_OF, "--accept-unassessed", all]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let o = text(&out.stdout);
    assert_eq!(o.matches("accepted ").count(), 3, "{o}");
    let out = disclose(&[
        "check",
        f,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--accept-unassessed",
        all,
    ]);
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert!(
        v["not_assessed"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["accepted"] == true)
    );
    // A code that matches nothing is a warning, not silence.
    let out = disclose(&[
        "check",
        f,
        "--as-of",
        AS_OF,
        "--accept-unassessed",
        "US-AS,US-ZZ",
    ]);
    assert!(text(&out.stderr).contains("--accept-unassessed US-ZZ matches nothing"));
}

#[test]
fn a_covered_incident_has_no_not_assessed_finding() {
    for example in ["coupang-2025", "misdirected-email", "multi-jurisdiction"] {
        let out = disclose(&[
            "check",
            &format!("examples/{example}.yaml"),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        assert_eq!(v["not_assessed"], serde_json::json!([]), "{example}");
    }
}

#[test]
fn a_role_with_sector_law_and_no_policy_is_not_assessed() {
    let dir = tempfile::tempdir().unwrap();
    let s = std::fs::read_to_string(root().join("examples/misdirected-email.yaml")).unwrap();
    let t = s.replace(
        "kind: [ict_service_provider]",
        "kind: [ict_service_provider, telecom_carrier]",
    );
    assert_ne!(s, t);
    let f = dir.path().join("carrier.yaml");
    std::fs::write(&f, t).unwrap();
    let out = disclose(&[
        "check",
        f.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let na = v["not_assessed"].as_array().unwrap();
    assert_eq!(na.len(), 1, "{na:?}");
    assert_eq!(na[0]["attach"], "role");
    assert_eq!(na[0]["code"], "telecom_carrier");
}

#[test]
fn policy_list_json_names_every_built_in_policy() {
    let out = disclose(&["policy", "list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(v["format"], "disclose/policy-list@1");
    let list = v["policies"].as_array().unwrap();
    let set = PolicySet::builtin();
    assert_eq!(list.len(), set.len());
    for p in list {
        for key in [
            "id",
            "family",
            "version",
            "title",
            "jurisdictions",
            "roles",
            "listings",
            "from",
            "obligations",
            "controls",
            "penalties",
            "tests",
            "source",
            "selected_by",
        ] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        let o = &p["obligations"];
        assert_eq!(
            o["total"].as_u64().unwrap(),
            o["confirmed"].as_u64().unwrap() + o["unconfirmed"].as_u64().unwrap()
        );
    }
    let sec = list.iter().find(|p| p["family"] == "us-sec-8k").unwrap();
    assert!(sec["listings"].as_array().unwrap().contains(&"NYSE".into()));
    assert_eq!(sec["selected_by"], "materiality_determined_at");
    let text_out = disclose(&["policy", "list"]);
    assert!(text(&text_out.stdout).contains("kr-pipa-2026"));
}

#[test]
fn docs_coverage_is_generated_from_the_built_in_policies() {
    let set = PolicySet::builtin();
    let generated = catalog::markdown(&catalog::entries(&set.policies()));
    let path = root().join("docs/coverage.md");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/coverage.md is out of date: run `cargo run -- policy list --format markdown > docs/coverage.md` (or BLESS=1 cargo test --test coverage) and review the diff"
    );
}

/// An obligation with a fixed period whose due time cannot be computed says so, never "without
/// undue delay (no fixed period)": here the SEC clock starts in 2029, past the end of the U.S.
/// federal holiday calendar.
#[test]
fn a_deadline_that_cannot_be_computed_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let s = std::fs::read_to_string(root().join("examples/coupang-2025.yaml")).unwrap();
    let t = s.replace(
        "  materiality_determined_at: 2025-11-18T22:52:00+09:00",
        "  materiality_determined_at: 2029-03-01T10:00:00+09:00",
    );
    assert_ne!(s, t, "the example changed: update this test");
    let f = dir.path().join("late-materiality.yaml");
    std::fs::write(&f, t).unwrap();
    let f = f.to_str().unwrap();
    let as_of = "2029-03-02T00:00:00+09:00";
    let check = text(&disclose(&["check", f, "--as-of", as_of]).stdout);
    let line = check
        .lines()
        .find(|l| l.contains("Form 8-K Item 1.05 filing within four business days"))
        .expect("the Item 1.05 obligation");
    assert!(
        line.contains("UNKNOWN due: cannot compute (missing calendar `us-federal`"),
        "{line}"
    );
    assert!(!line.contains("no due time computed"), "{line}");
    let deadlines = text(&disclose(&["deadlines", f, "--as-of", as_of]).stdout);
    assert!(
        deadlines
            .lines()
            .any(|l| l.starts_with("cannot compute (missing calendar")
                && l.contains("Item 1.05 filing")),
        "{deadlines}"
    );
}

/// Issue 13 §5: without `organization.total_revenue` the PIPA 3 % surcharge was shown as "up to
/// KRW 2,000,000,000 (revenue not given, so the fixed cap applies)". The fixed cap is the law's
/// answer where there is no revenue or it is hard to compute, a legal finding the incident must
/// state; a missing field is "not computed".
#[test]
fn a_revenue_cap_without_revenue_is_not_computed_unless_the_incident_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let s = std::fs::read_to_string(root().join("examples/misdirected-email.yaml")).unwrap();
    let line = s
        .lines()
        .find(|l| l.trim_start().starts_with("total_revenue:"))
        .expect("the example gives its revenue");
    let without: String = s.replace(&format!("{line}\n"), "");
    let f = dir.path().join("no-revenue.yaml");
    std::fs::write(&f, &without).unwrap();
    let out = disclose(&[
        "check",
        f.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let pen = v["penalties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "administrative-surcharge")
        .unwrap();
    assert!(pen.get("max_amount").is_none(), "{pen}");
    assert!(
        pen["basis"]
            .as_str()
            .unwrap()
            .contains("not computed: give `organization.total_revenue`")
    );
    let out = disclose(&["check", f.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(text(&out.stdout).contains("  not computed · PIPA · Administrative surcharge"));
    // The law's case: no revenue, stated.
    let stated = without.replace(
        "  privacy_officer:",
        "  revenue_unavailable: no_revenue\n  privacy_officer:",
    );
    assert_ne!(stated, without);
    std::fs::write(&f, &stated).unwrap();
    let out = disclose(&[
        "check",
        f.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let pen = v["penalties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "administrative-surcharge")
        .unwrap();
    assert_eq!(pen["max_amount"], 2_000_000_000u64, "{pen}");
    assert!(
        pen["basis"].as_str().unwrap().contains("has no revenue"),
        "{pen}"
    );
}

/// A small Korean incident of an ICT service provider, discovered at `discovered` (KST), with
/// `cause` as its cause kind and no action taken yet.
fn korean_ict_incident(dir: &Path, discovered: &str, cause: &str, extra_org: &str) -> PathBuf {
    let text = format!(
        "format: disclose/incident@1
id: HIST-1
title: {{ ko: 과거 사고, en: An earlier incident }}
timezone: Asia/Seoul
organization:
  name: {{ ko: 시험 주식회사, en: Test Co. }}
  kind: [ict_service_provider]{extra_org}
  established_in: [KR]
  privacy_officer:
    title: {{ ko: 개인정보 보호책임자, en: Chief Privacy Officer }}
    email: privacy@test.example
  contact_point:
    department: {{ ko: 고객센터, en: Customer centre }}
    phone: \"1588-0000\"
timeline:
  occurred_from: {discovered}T09:00:00+09:00
  incident_detected_at: {discovered}T10:00:00+09:00
  discovered_at: {discovered}T10:00:00+09:00
cause:
  kind: {cause}
  external: false
  description: {{ ko: 시험용 사고입니다., en: A test incident. }}
affected:
  subjects: 5000
  by_jurisdiction: {{ KR: 5000 }}
  data:
    - {{ category: name, subjects: 5000 }}
    - {{ category: email, subjects: 5000 }}
"
    );
    let p = dir.join(format!("{discovered}-{cause}.yaml"));
    std::fs::write(&p, text).unwrap();
    p
}

fn obligations(out: &Output) -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).expect("JSON");
    v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["policy"].as_str().unwrap().to_string(),
                o["id"].as_str().unwrap().to_string(),
                o["status"]["status"]
                    .as_str()
                    .or(o["status"].as_str())
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

fn applicable(obs: &[(String, String, String)]) -> Vec<String> {
    obs.iter()
        .filter(|(_, _, s)| s != "not_applicable")
        .map(|(p, id, _)| format!("{p}/{id}"))
        .collect()
}

/// Issue 13 §3: a Korean breach discovered on 2023-01-02 got "not in force" for every Korean
/// policy. An ICT service provider then owed the PIPA Art. 39-4 24-hour notice and report, and
/// the Network Act security-incident report.
#[test]
fn an_ict_provider_breach_of_2023_gets_the_art_39_4_24_hour_duties_and_the_network_act() {
    let dir = tempfile::tempdir().unwrap();
    let f = korean_ict_incident(dir.path(), "2023-01-02", "hacking", "");
    let out = disclose(&[
        "check",
        f.to_str().unwrap(),
        "--as-of",
        "2023-01-10T00:00:00+09:00",
        "--format",
        "json",
    ]);
    let got = applicable(&obligations(&out));
    for want in [
        "kr-pipa-2020/notify-users-24h",
        "kr-pipa-2020/report-pipc-24h",
        "kr-network-act-2022/report-incident",
    ] {
        assert!(got.iter().any(|g| g == want), "{want} missing from {got:?}");
    }
    // The general controllers' duties are not the ICT provider's.
    assert!(
        !got.iter().any(|g| g == "kr-pipa-2020/notify-subjects"),
        "{got:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(v["not_assessed"], serde_json::json!([]));
}

/// One discovered in 2016: the Network Act Art. 27-3 leak notice and report (24 hours) and the
/// Art. 48-3 security-incident report "immediately".
#[test]
fn an_ict_provider_breach_of_2016_gets_network_act_art_27_3() {
    let dir = tempfile::tempdir().unwrap();
    let f = korean_ict_incident(dir.path(), "2016-06-01", "hacking", "");
    let out = disclose(&[
        "check",
        f.to_str().unwrap(),
        "--as-of",
        "2016-06-10T00:00:00+09:00",
        "--format",
        "json",
    ]);
    let got = applicable(&obligations(&out));
    assert!(
        got.iter()
            .any(|g| g.starts_with("kr-network-act-27-3-2016/")),
        "no Art. 27-3 duty in {got:?}"
    );
    assert!(
        got.iter().any(|g| g.starts_with("kr-network-act-2016/")),
        "{got:?}"
    );
}

/// Issue 13 §4: a deliberate provision without a legal basis triggered the full Art. 34 notice
/// and report duties. It is no breach (유출등): no PIPA clock, and the audit report names the
/// violation with its article instead.
#[test]
fn a_deliberate_unlawful_transfer_gets_no_art_34_duty_and_an_audit_finding() {
    let dir = tempfile::tempdir().unwrap();
    let f = korean_ict_incident(dir.path(), "2025-03-03", "unlawful_transfer", "");
    let f = f.to_str().unwrap();
    let as_of = "2025-03-10T00:00:00+09:00";
    let out = disclose(&["check", f, "--as-of", as_of, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "the violation is a finding");
    let got = applicable(&obligations(&out));
    assert!(!got.iter().any(|g| g.starts_with("kr-pipa-")), "{got:?}");
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let viol = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "provision-without-legal-basis" && x["applies"] == true)
        .expect("the violation");
    assert_eq!(viol["citation"]["en"], "PIPA Articles 17(1) and 18(1)");
    let (en, ko) = audit_reports(f, as_of, dir.path(), "HIST-1");
    assert!(en.contains("### Other violations the facts show"), "{en}");
    assert!(en.contains("PIPA Articles 17(1) and 18(1)"), "{en}");
    assert!(
        ko.contains("「개인정보 보호법」 제17조제1항, 제18조제1항"),
        "{ko}"
    );
    assert!(ko.contains("유출등이 아니므로"), "{ko}");
}

/// Issue 13 §3: before 2018-05-25 EU residents got "GDPR not in force" as if nothing applied;
/// the family has no version for that date, which is a not-assessed finding.
#[test]
fn eu_residents_before_the_gdpr_are_not_assessed() {
    let dir = tempfile::tempdir().unwrap();
    let f = korean_ict_incident(dir.path(), "2017-05-02", "hacking", "");
    let s = std::fs::read_to_string(&f).unwrap().replace(
        "by_jurisdiction: { KR: 5000 }",
        "by_jurisdiction: { KR: 4990, DE: 10 }",
    );
    std::fs::write(&f, s).unwrap();
    let out = disclose(&[
        "check",
        f.to_str().unwrap(),
        "--as-of",
        "2017-06-01T00:00:00+09:00",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let de = v["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "DE")
        .expect("DE not assessed");
    assert_eq!(de["family"], "eu-gdpr");
    assert_eq!(de["nearest"]["from"], "2018-05-25");
    assert_eq!(de["subjects"], 10);
}

/// With every law's history built in, the other versions of a law that applies are counted on one
/// line, not listed one by one; a family with no version in force is still named.
#[test]
fn other_versions_of_applicable_laws_are_counted_not_listed() {
    let out = disclose(&[
        "check",
        "examples/coupang-2025.yaml",
        "--as-of",
        "2026-01-01T00:00:00+09:00",
        "--verbose",
    ]);
    let o = text(&out.stdout);
    assert!(!o.contains("not in force   kr-pipa-2016"), "{o}");
    let line = o
        .lines()
        .find(|l| l.contains("other versions of the laws above"))
        .expect("the summary line");
    let n: usize = line
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .expect("a count");
    let v: serde_json::Value = serde_json::from_str(&text(
        &disclose(&[
            "check",
            "examples/coupang-2025.yaml",
            "--as-of",
            "2026-01-01T00:00:00+09:00",
            "--format",
            "json",
        ])
        .stdout,
    ))
    .unwrap();
    let all = v["not_in_force"].as_array().unwrap();
    let named = o
        .lines()
        .filter(|l| l.trim_start().starts_with("not in force"))
        .count()
        - 1;
    assert_eq!(n + named, all.len(), "{o}");
    assert!(
        o.contains("not in force   kr-network-act-27-3-2016"),
        "an ended family is still named"
    );
}

/// Issue 21: `policy list` shows each holiday calendar with the years it covers, and an
/// evaluation past a calendar's end is reported as soon as a law that counts on it applies, not
/// only when a deadline lands there.
#[test]
fn calendars_are_listed_with_their_years_and_an_evaluation_past_their_end_warns() {
    let out = disclose(&["policy", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let cals = v["calendars"].as_array().unwrap();
    let us = cals
        .iter()
        .find(|c| c["id"] == "us-federal")
        .expect("us-federal");
    assert_eq!(us["timezone"], "America/New_York");
    assert!(us["until"].as_str().unwrap() >= "2028-12-31");
    assert!(cals.iter().any(|c| c["id"] == "kr"));
    let listed = text(&disclose(&["policy", "list"]).stdout);
    assert!(listed.contains("us-federal  America/New_York"), "{listed}");
    let until = us["until"].as_str().unwrap().to_string();
    let year: i32 = until[..4].parse().unwrap();
    let after = format!("{}-03-01T00:00:00+09:00", year + 1);
    let out = disclose(&["check", "examples/coupang-2025.yaml", "--as-of", &after]);
    let err = text(&out.stderr);
    assert!(
        err.contains("past the end of the holiday calendar `us-federal`")
            && err.contains("SEC 8-K"),
        "{err}"
    );
    let within = format!("{year}-03-01T00:00:00+09:00");
    let out = disclose(&["check", "examples/coupang-2025.yaml", "--as-of", &within]);
    assert!(!text(&out.stderr).contains("past the end of the holiday calendar"));
}

/// Health information of U.S. residents with no health-sector role recorded: HIPAA and the FTC
/// Health Breach Notification Rule turn on `organization.kind`, so `check` says neither was
/// assessed and names the field (issue 14); with the role, HIPAA is assessed.
#[test]
fn us_health_data_without_a_health_role_is_not_assessed() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join("tests/fixtures/base-valid.yaml")).unwrap();
    let incident = base
        .replace(
            "by_jurisdiction: { KR: 1500 }",
            "by_jurisdiction: { US-CA: 1500 }",
        )
        .replace(
            "    - { category: email, subjects: 1500 }",
            "    - { category: health, subjects: 1500 }",
        )
        .replace("actions:", "actions: []")
        .lines()
        .filter(|l| !l.contains("kind: regulator_report") && !l.contains("kind: subject_notice"))
        .collect::<Vec<_>>()
        .join("\n");
    let f = dir.path().join("health.yaml");
    std::fs::write(&f, &incident).unwrap();
    let f = f.to_str().unwrap();
    let out = disclose(&["check", f, "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = v["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "hipaa")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert!(
        n["reason"]["en"]
            .as_str()
            .unwrap()
            .contains("organization.kind"),
        "{n:#}"
    );
    let accepted = disclose(&["check", f, "--as-of", AS_OF, "--accept-unassessed", "hipaa"]);
    assert!(
        text(&accepted.stdout).contains("accepted "),
        "{}",
        text_of(&accepted)
    );
    let with_role = dir.path().join("with-role.yaml");
    std::fs::write(
        &with_role,
        incident.replace(
            "organization:\n",
            "organization:\n  kind: [hipaa_covered_entity]\n",
        ),
    )
    .unwrap();
    let out = disclose(&[
        "check",
        with_role.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["not_assessed"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["code"] != "hipaa"),
        "{v:#}"
    );
    assert!(
        v["policies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "us-hipaa" && p["applies"] == true),
        "{v:#}"
    );
}

fn text_of(o: &Output) -> String {
    format!("{}{}", text(&o.stdout), text(&o.stderr))
}
