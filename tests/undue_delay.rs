//! Duties with no fixed period: the time on their clock, a review point with its source that
//! makes them `overdue` (exit 1) and is never presented as statute, and duties that follow
//! another action, whose clock starts at it.

use std::path::Path;
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The base test incident with its 1,500 people living in Germany and without the notice to
/// them (`notice: false`), checked against the company review points only.
fn check(notice: bool, as_of: &str, format: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(root().join("tests/fixtures/base-valid.yaml"))
        .unwrap()
        .replace(
            "by_jurisdiction: { KR: 1500 }",
            "by_jurisdiction: { DE: 1500 }",
        );
    if !notice {
        text = text
            .lines()
            .filter(|l| !l.contains("kind: subject_notice"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    let file = dir.path().join("de.yaml");
    std::fs::write(&file, text).unwrap();
    Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(["--color", "never", "check"])
        .arg(&file)
        .arg("--policies")
        .arg(root().join("tests/fixtures/policies/review-point"))
        .args(["--no-builtin", "--accept-unassessed", "DE"])
        .args(["--as-of", as_of, "--format", format])
        .output()
        .unwrap()
}

#[test]
fn a_duty_past_its_review_point_is_overdue_and_exits_1() {
    // Aware 2026-10-03 09:00 KST; the company reviews the notice at 72 hours (10-06 09:00).
    let out = check(false, "2026-10-13T09:00:00+09:00", "text");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("OVERDUE"), "{text}");
    assert!(text.contains("7d 0h past the review point"), "{text}");
    assert!(text.contains("10d 0h since discovered_at"), "{text}");
    assert!(
        text.contains("company policy, not statute: Company breach response policy 4.2"),
        "{text}"
    );
    let out = check(false, "2026-10-13T09:00:00+09:00", "json");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let o = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "notify-de")
        .unwrap();
    assert_eq!(o["status"], "overdue", "{o}");
    assert_eq!(o["past_review"], 7 * 86_400, "{o}");
    assert_eq!(o["undue"]["elapsed"], 10 * 86_400, "{o}");
    assert_eq!(o["undue"]["review"]["basis"], "company", "{o}");
}

#[test]
fn before_its_review_point_it_is_pending_with_the_time_elapsed() {
    let out = check(false, "2026-10-05T09:00:00+09:00", "text");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("PENDING"), "{text}");
    assert!(text.contains("2d 0h since discovered_at"), "{text}");
    assert!(!text.contains("OVERDUE"), "{text}");
}

#[test]
fn a_duty_that_follows_an_action_starts_its_clock_there() {
    // The consumer notice went out 2026-10-04 12:00 KST; the follow-up is reviewed a day later.
    let out = check(true, "2026-10-05T11:00:00+09:00", "json");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let o = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "follow-up")
        .unwrap();
    assert_eq!(o["status"], "pending", "{o}");
    assert_eq!(o["undue"]["from"], "action:subject_notice", "{o}");
    assert_eq!(o["undue"]["since"], "2026-10-04T12:00:00+09:00", "{o}");
    assert_eq!(o["undue"]["elapsed"], 23 * 3600, "{o}");
    let out = check(true, "2026-10-05T13:00:00+09:00", "json");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let o = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "follow-up")
        .unwrap();
    assert_eq!(o["status"], "overdue", "{o}");
}
