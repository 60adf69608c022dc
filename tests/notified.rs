//! Notification coverage: who the recorded notices reached, per place, and a finding when people
//! whose law requires a notice have none although that duty already counts as met.

use std::path::Path;
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-28T00:00:00+09:00";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The multi-jurisdiction example where the notice to people names Korea, France, California
/// and New York (129,800 people), so that the 8,000 people in Germany are left out.
fn without_germany(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(root().join("examples/multi-jurisdiction.yaml"))
        .unwrap()
        .replace(
            "channels: [email, app], subjects: 137800, phase: initial }",
            "channels: [email, app], subjects: 129800, jurisdictions: [KR, FR, US-CA, US-NY], phase: initial }",
        );
    assert!(text.contains("subjects: 129800"));
    let file = dir.join("no-de.yaml");
    std::fs::write(&file, text).unwrap();
    file
}

fn disclose(args: &[&str], file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(root())
        .args(["--color", "never"])
        .args(&args[..1])
        .arg(file)
        .args(&args[1..])
        .args(["--as-of", AS_OF])
        .output()
        .unwrap()
}

fn coverage(json: &serde_json::Value, place: &str) -> serde_json::Value {
    json["notification_coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["jurisdiction"] == place)
        .unwrap()
        .clone()
}

#[test]
fn every_place_of_the_example_is_notified() {
    let out = disclose(
        &["check", "--format", "json"],
        &root().join("examples/multi-jurisdiction.yaml"),
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (place, n) in [
        ("KR", 120_000),
        ("DE", 8_000),
        ("FR", 5_500),
        ("US-CA", 3_200),
        ("US-NY", 1_100),
    ] {
        let r = coverage(&json, place);
        assert_eq!(
            (
                r["affected"].as_u64(),
                r["reached"].as_u64(),
                r["remaining"].as_u64()
            ),
            (Some(n), Some(n), Some(0)),
            "{r}"
        );
        assert_eq!(r["finding"], false, "{r}");
    }
    // PIPA's notice duty runs to every data subject; the GDPR's to EU residents; a state's to its own.
    let de = coverage(&json, "DE");
    let laws: Vec<&str> = de["required_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["policy"].as_str().unwrap())
        .collect();
    assert!(
        laws.iter().any(|p| p.starts_with("kr-pipa")) && laws.contains(&"eu-gdpr"),
        "{laws:?}"
    );
    assert!(!laws.iter().any(|p| p.starts_with("us-")), "{laws:?}");
}

#[test]
fn people_left_out_of_a_met_notice_are_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let file = without_germany(dir.path());
    let out = disclose(&["check", "--format", "json"], &file);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let de = coverage(&json, "DE");
    assert_eq!(
        (de["reached"].as_u64(), de["remaining"].as_u64()),
        (Some(0), Some(8_000)),
        "{de}"
    );
    // The GDPR Art. 34 duty counts as met by the notice that named France.
    assert_eq!(de["finding"], true, "{de}");
    let kr = coverage(&json, "KR");
    assert_eq!(
        (kr["remaining"].as_u64(), kr["finding"].as_bool()),
        (Some(0), Some(false)),
        "{kr}"
    );

    let out = disclose(&["check"], &file);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("NOT NOTIFIED DE     8,000 affected, 0 reached, 8,000 not notified"),
        "{text}"
    );

    let out_dir = dir.path().join("out");
    let out = disclose(
        &[
            "render",
            "--report",
            "audit_report",
            "--format",
            "md",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &file,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let audit = std::fs::read_to_string(out_dir.join("HBG-2026-11/audit_report.en.md")).unwrap();
    assert!(audit.contains("### 2.4 Notification coverage"), "{audit}");
    assert!(
        audit.contains("| DE | 8,000 accounts | 0 accounts | **8,000 accounts** |"),
        "{audit}"
    );
    assert!(
        audit.contains("**Not notified.** 8,000 accounts in DE have had no notice"),
        "{audit}"
    );
}

#[test]
fn a_notice_that_does_not_say_where_its_people_lived_is_not_determinable() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/multi-jurisdiction.yaml"))
        .unwrap()
        .replace(
            "channels: [email, app], subjects: 137800,",
            "channels: [email, app], subjects: 1000,",
        );
    let file = dir.path().join("partial.yaml");
    std::fs::write(&file, text).unwrap();
    let out = disclose(&["check", "--format", "json"], &file);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let de = coverage(&json, "DE");
    assert!(de["remaining"].is_null() && de["finding"] == false, "{de}");
    assert!(
        de["note"]
            .as_str()
            .unwrap()
            .contains("without saying how many lived where"),
        "{de}"
    );
}
