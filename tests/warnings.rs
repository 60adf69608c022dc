//! `--quiet` and `--deny-warnings`: what becomes of warnings, on every command that reads an
//! incident, and that each file's warnings are printed once.

use assert_cmd::Command;

const COUPANG: &str = "examples/coupang-2025.yaml";
const AS_OF: &str = "2026-01-01T00:00:00+09:00";
/// The example's known warning (a report's count above `affected.subjects`); it has two.
const COUNT_WARNING: &str = "this action covers 33,700,000 subjects";

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
fn warnings_are_shown_once_per_file_by_default() {
    let out = disclose()
        .args(["check", COUPANG, "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches(COUNT_WARNING).count(), 2, "{err}");
}

#[test]
fn a_batch_prints_each_files_warnings_once() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COUPANG))
            .unwrap();
    std::fs::write(dir.path().join("a.yaml"), &text).unwrap();
    let out = disclose()
        .args(["check", dir.path().to_str().unwrap(), "--as-of", AS_OF])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(err.matches(COUNT_WARNING).count(), 2, "{err}");
}

#[test]
fn quiet_prints_errors_only() {
    for args in [
        vec!["check", COUPANG, "--as-of", AS_OF, "--quiet"],
        vec!["-q", "deadlines", COUPANG, "--as-of", AS_OF],
        vec!["validate", COUPANG, "-q"],
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
    let out = disclose()
        .args(["validate", COUPANG, "--deny-warnings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("examples/coupang-2025.yaml: 2 warnings made errors by --deny-warnings\n"),
        "{err}"
    );
    assert_eq!(err.matches("error: this action covers").count(), 2, "{err}");
    assert!(out.stdout.is_empty());

    for cmd in ["check", "deadlines"] {
        let out = disclose()
            .args(["--deny-warnings", cmd, COUPANG, "--as-of", AS_OF])
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
