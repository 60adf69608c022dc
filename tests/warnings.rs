//! `--quiet` and `--deny-warnings`: what becomes of warnings, on every command that reads an
//! incident, and that each file's warnings are printed once.

use assert_cmd::Command;

const COUPANG: &str = "examples/coupang-2025.yaml";
const AS_OF: &str = "2026-01-01T00:00:00+09:00";
/// The warning of a report's count above `affected.subjects`: the example without
/// `approximate: true` on its two rounded counts has two.
const COUNT_WARNING: &str = "this action covers 33,700,000 subjects";

fn example_text() -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COUPANG)).unwrap()
}

/// The example with its rounded counts stated as exact ones, written to `dir/name`: a file
/// with two warnings.
fn two_warnings(dir: &std::path::Path, name: &str) -> String {
    let text = example_text().replace(", approximate: true", "");
    assert_eq!(text.matches("subjects: 33700000").count(), 2);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env("NO_COLOR", "1");
    c
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_bundled_examples_give_no_warning() {
    for file in [
        COUPANG,
        "examples/misdirected-email.yaml",
        "examples/multi-jurisdiction.yaml",
    ] {
        let out = disclose()
            .args(["validate", file, "--deny-warnings"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{file}");
    }
    for cmd in ["check", "deadlines"] {
        let out = disclose()
            .args([cmd, COUPANG, "--as-of", AS_OF])
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(2), "{cmd}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{cmd}");
    }
}

#[test]
fn a_rounded_count_is_a_warning_unless_marked_approximate_and_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_warnings(dir.path(), "exact.yaml");
    let out = disclose().args(["validate", &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.matches(COUNT_WARNING).count(), 2, "{err}");
    assert!(
        err.contains("warning: this action covers 33,700,000 subjects, more than the 33,673,817 in `affected.subjects`\n"),
        "{err}"
    );
    // Marked approximate, but not a rounding of the exact count: still a warning.
    let text = example_text().replace(
        "subjects: 33700000, approximate: true, phase",
        "subjects: 34700000, approximate: true, phase",
    );
    let path = dir.path().join("off.yaml");
    std::fs::write(&path, text).unwrap();
    let out = disclose().arg("validate").arg(&path).output().unwrap();
    let err = stderr(&out);
    assert_eq!(
        err.matches("this action covers 34,700,000 subjects")
            .count(),
        1,
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
}

#[test]
fn each_action_is_compared_with_its_own_clock() {
    // A Network Act report after the incident was detected but before the personal-data
    // breach was known, and a police report after the first signal: no warning. A breach
    // report before discovery still warns.
    let text = example_text()
        .replace(
            "  incident_detected_at: 2025-11-18T22:52:00+09:00",
            "  incident_detected_at: 2025-11-17T08:00:00+09:00",
        )
        .replace(
            "  - { kind: incident_report, to: KISA, at: 2025-11-19T21:00:00+09:00",
            "  - { kind: law_enforcement_report, to: KNPA, at: 2025-11-17T09:00:00+09:00 }\n  - { kind: incident_report, to: KISA, at: 2025-11-18T07:00:00+09:00",
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clocks.yaml");
    std::fs::write(&path, &text).unwrap();
    let out = disclose().arg("validate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "", "{}", stderr(&out));

    let early = text
        .replace(
            "  - { kind: law_enforcement_report, to: KNPA, at: 2025-11-17T09:00:00+09:00 }",
            "  - { kind: law_enforcement_report, to: KNPA, at: 2025-11-16T09:00:00+09:00 }",
        )
        .replace(
            "  - { kind: incident_report, to: KISA, at: 2025-11-18T07:00:00+09:00",
            "  - { kind: incident_report, to: KISA, at: 2025-11-17T07:00:00+09:00",
        )
        .replace(
            "  - { kind: regulator_report, to: PIPC, at: 2025-11-20T10:00:00+09:00",
            "  - { kind: regulator_report, to: PIPC, at: 2025-11-18T10:00:00+09:00",
        );
    std::fs::write(&path, &early).unwrap();
    let out = disclose().arg("validate").arg(&path).output().unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("warning: this action (2025-11-16 09:00:00 +09:00) is dated before anything was known of the incident (`timeline.first_signal_at`, 2025-11-16 22:12:00 +09:00)\n"),
        "{err}"
    );
    assert!(
        err.contains("warning: this action (2025-11-17 07:00:00 +09:00) is dated before the security incident was detected (`timeline.incident_detected_at`, 2025-11-17 08:00:00 +09:00)\n"),
        "{err}"
    );
    assert!(
        err.contains("warning: this action (2025-11-18 10:00:00 +09:00) is dated before the breach was discovered (`timeline.discovered_at`, 2025-11-18 22:52:00 +09:00)\n"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 3, "{err}");
}

#[test]
fn warnings_are_shown_once_per_file_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_warnings(dir.path(), "a.yaml");
    let out = disclose()
        .args(["check", &path, "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches(COUNT_WARNING).count(), 2, "{err}");
}

#[test]
fn a_batch_prints_each_files_warnings_once() {
    let dir = tempfile::tempdir().unwrap();
    two_warnings(dir.path(), "a.yaml");
    let out = disclose()
        .args(["check", dir.path().to_str().unwrap(), "--as-of", AS_OF])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(err.matches(COUNT_WARNING).count(), 2, "{err}");
}

#[test]
fn quiet_prints_errors_only() {
    let dir = tempfile::tempdir().unwrap();
    let warned = two_warnings(dir.path(), "a.yaml");
    let warned = warned.as_str();
    for args in [
        vec!["check", warned, "--as-of", AS_OF, "--quiet"],
        vec!["-q", "deadlines", warned, "--as-of", AS_OF],
        vec!["validate", warned, "-q"],
    ] {
        let out = disclose().args(&args).output().unwrap();
        assert_eq!(stderr(&out), "", "{args:?}");
        assert_ne!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn quiet_still_prints_errors() {
    let out = disclose()
        .args(["check", COUPANG, "--as-of", "nonsense", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: --as-of:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn deny_warnings_refuses_the_file_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let warned = two_warnings(dir.path(), "a.yaml");
    let out = disclose()
        .args(["validate", &warned, "--deny-warnings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{warned}: 2 warnings made errors by --deny-warnings\n"
        )),
        "{err}"
    );
    assert_eq!(err.matches("error: this action covers").count(), 2, "{err}");
    assert!(out.stdout.is_empty());

    for cmd in ["check", "deadlines"] {
        let out = disclose()
            .args(["--deny-warnings", cmd, &warned, "--as-of", AS_OF])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(
            stderr(&out).contains("the incident is not valid"),
            "{cmd}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn deny_warnings_covers_warnings_about_arguments() {
    let out = disclose()
        .args([
            "check",
            "examples/misdirected-email.yaml",
            "--as-of",
            AS_OF,
            "--accept-unassessed",
            "XX-NOWHERE",
            "--deny-warnings",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: examples/misdirected-email.yaml: --accept-unassessed XX-NOWHERE matches nothing that is not assessed\n  = note: a warning, made an error by --deny-warnings\n"),
        "{err}"
    );
}

#[test]
fn an_argument_error_comes_without_the_files_warnings() {
    let out = disclose()
        .args(["check", COUPANG, "--as-of", "nonsense"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --as-of: `nonsense` is not an RFC 3339 timestamp such as `2025-11-18T22:52:00+09:00`\n"
    );
}

#[test]
fn quiet_and_deny_warnings_exclude_each_other() {
    disclose()
        .args(["--quiet", "--deny-warnings", "validate", COUPANG])
        .assert()
        .code(2);
}
