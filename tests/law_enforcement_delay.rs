//! A law-enforcement delay the incident records (issue 14): it moves the deadline of the duties
//! whose law allows such a delay, in the places it names, to its end; a notice sent inside it is
//! in time, and the output says which delay made it so. A delay granted after the deadline had
//! passed, or for another place, changes nothing.

use std::path::Path;
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The base incident with its 1,500 people living in California, names and Social Security
/// numbers leaked, discovered 2026-10-03 09:00 KST (California: notice within 30 days, so due
/// 2026-11-02 09:00 KST), and the notice to them sent on 2026-11-20: late without a delay.
fn check(delays: &str, format: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/base-valid.yaml"))
        .unwrap()
        .replace(
            "by_jurisdiction: { KR: 1500 }",
            "by_jurisdiction: { US-CA: 1500 }",
        )
        .replace(
            "    - { category: email, subjects: 1500 }\n",
            "    - { category: social_security_number, subjects: 1500 }\n",
        )
        .lines()
        .filter(|l| !l.contains("kind: regulator_report") && !l.contains("kind: subject_notice"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n  - { kind: subject_notice, at: 2026-11-20T12:00:00+09:00, channels: [email], subjects: 1500, jurisdictions: [US-CA] }\n"
        + delays;
    let file = dir.path().join("ca.yaml");
    std::fs::write(&file, text).unwrap();
    Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(["--color", "never", "check"])
        .arg(&file)
        .args(["--as-of", "2026-12-06T00:00:00+09:00", "--format", format])
        .output()
        .unwrap()
}

/// The California resident notice's outcome in the JSON output.
fn resident_notice(delays: &str) -> serde_json::Value {
    let out = check(delays, "json");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["policy"] == "us-ca-breach" && o["id"] == "notify-residents")
        .unwrap_or_else(|| panic!("{v:#}"))
        .clone()
}

const GRANTED: &str = "law_enforcement_delays:\n  - { authority: Federal Bureau of Investigation, jurisdictions: [US-CA], from: 2026-10-10T10:00:00+09:00, until: 2026-11-30T10:00:00+09:00, reference: case 302-LA-1 }\n";

#[test]
fn without_a_delay_the_notice_is_late() {
    let o = resident_notice("");
    assert_eq!(o["status"], "missed", "{o:#}");
    assert!(o.get("delayed").is_none(), "{o:#}");
}

#[test]
fn a_notice_inside_a_granted_delay_is_in_time_and_names_the_delay() {
    let o = resident_notice(GRANTED);
    assert_eq!(o["status"], "met", "{o:#}");
    assert_eq!(o["delayed"]["authority"], "Federal Bureau of Investigation");
    assert_eq!(o["delayed"]["reference"], "case 302-LA-1");
    assert!(
        o["due"]["local"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-30T10:00:00"),
        "{o:#}"
    );
    assert!(
        o["delayed"]["original_due"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-02T09:00:00"),
        "{o:#}"
    );
    let text = String::from_utf8(check(GRANTED, "text").stdout).unwrap();
    assert!(
        text.contains("law-enforcement delay: Federal Bureau of Investigation (case 302-LA-1)"),
        "{text}"
    );
}

#[test]
fn a_delay_granted_after_the_deadline_or_for_another_place_changes_nothing() {
    let late = GRANTED.replace(
        "from: 2026-10-10T10:00:00+09:00",
        "from: 2026-11-05T10:00:00+09:00",
    );
    assert_eq!(resident_notice(&late)["status"], "missed");
    let elsewhere = GRANTED.replace("jurisdictions: [US-CA]", "jurisdictions: [US-NY]");
    assert_eq!(resident_notice(&elsewhere)["status"], "missed");
    // A delay for the whole country takes in California.
    let country = GRANTED.replace("jurisdictions: [US-CA]", "jurisdictions: [US]");
    assert_eq!(resident_notice(&country)["status"], "met");
}

#[test]
fn a_delay_that_ends_before_it_begins_is_refused() {
    let bad = GRANTED.replace(
        "until: 2026-11-30T10:00:00+09:00",
        "until: 2026-10-01T10:00:00+09:00",
    );
    let out = check(&bad, "text");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the delay ends before it begins"), "{err}");
    assert!(err.contains("ca.yaml:31:115"), "{err}");
}
