//! The command line, run as a user runs it.

use std::path::Path;
use std::time::Instant;

use assert_cmd::Command;

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("NO_COLOR");
    c
}

#[test]
fn every_example_validates() {
    let mut cmd = disclose();
    cmd.args([
        "validate",
        "examples/coupang-2025.yaml",
        "examples/misdirected-email.yaml",
        "examples/multi-jurisdiction.yaml",
    ]);
    let out = cmd.assert().code(0).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("examples/coupang-2025.yaml: valid incident CPNG-2025-11"),
        "{out}"
    );
    assert!(
        out.contains("examples/multi-jurisdiction.yaml: valid incident HBG-2026-11"),
        "{out}"
    );
}

#[test]
fn the_reference_example_is_the_spec_file_unchanged() {
    // examples/coupang-2025.yaml is a verbatim copy of the product spec's reference incident;
    // its SHA-256 is recorded so that an edit is a deliberate, reviewed change.
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/coupang-2025.yaml"))
            .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("# Reference incident file for disclose (format 1)."));
    assert!(text.contains("subjects: 33673817"));
}

#[test]
fn one_bad_file_makes_the_run_fail_but_all_files_are_checked() {
    let assert = disclose()
        .args([
            "--color",
            "never",
            "validate",
            "tests/fixtures/invalid/unknown-category.yaml",
            "examples/coupang-2025.yaml",
        ])
        .assert()
        .code(2);
    let out = assert.get_output();
    assert!(String::from_utf8_lossy(&out.stdout).contains("examples/coupang-2025.yaml: valid"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `email`?"));
}

#[test]
fn a_missing_file_is_bad_input() {
    let out = disclose()
        .args(["--color", "never", "validate", "no/such/file.yaml"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("cannot read the file"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    disclose().arg("validate").assert().code(2);
    disclose().arg("frobnicate").assert().code(2);
}

#[test]
fn help_documents_the_exit_codes() {
    let out = disclose().arg("--help").assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for line in [
        "0  all files valid",
        "1  something is missed",
        "2  bad input or usage",
    ] {
        assert!(text.contains(line), "{text}");
    }
}

#[test]
fn init_writes_a_template_that_validates_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new/incident.yaml");
    disclose()
        .args(["init", "--out"])
        .arg(&file)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("format: disclose/incident@1") && text.contains("TODO"));
    disclose().args(["validate"]).arg(&file).assert().code(0);
    disclose()
        .args(["init", "--out"])
        .arg(&file)
        .assert()
        .code(2);
    disclose()
        .args(["init", "--force", "--out"])
        .arg(&file)
        .assert()
        .code(0);
    // without --out the template goes to stdout
    let out = disclose().arg("init").assert().code(0);
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), text);
}

#[test]
fn schema_is_json_with_descriptions() {
    let out = disclose().args(["schema", "incident"]).assert().code(0);
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        v["properties"]["timeline"]["description"]
            .as_str()
            .map(|s| s.starts_with("When things happened")),
        Some(true)
    );
}

#[test]
fn deeply_nested_flow_mappings_are_refused_fast() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.yaml");
    let depth = 100_000;
    let doc = format!(
        "format: disclose/incident@1\nid: {}{}\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    );
    assert!(doc.len() >= 500_000, "{}", doc.len());
    std::fs::write(&file, &doc).unwrap();
    let started = Instant::now();
    let out = disclose()
        .args(["--color", "never", "validate"])
        .arg(&file)
        .assert()
        .code(2);
    eprintln!(
        "100k-deep flow mapping ({} bytes) rejected in {:?}",
        doc.len(),
        started.elapsed()
    );
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("nesting") || err.contains("recursion") || err.contains("limit"),
        "{err}"
    );
}

#[test]
fn billion_laughs_is_refused_fast() {
    let started = Instant::now();
    let out = disclose()
        .args([
            "--color",
            "never",
            "validate",
            "tests/fixtures/invalid/billion-laughs.yaml",
        ])
        .assert()
        .code(2);
    eprintln!("billion laughs rejected in {:?}", started.elapsed());
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("alias bomb"), "{err}");
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.yaml");
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(64 * 1024 * 1024).unwrap();
    let out = disclose()
        .args(["--color", "never", "validate"])
        .arg(&file)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("at most 2097152 bytes"), "{err}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let out = disclose()
        .args([
            "--color",
            "always",
            "validate",
            "tests/fixtures/invalid/bad-email.yaml",
        ])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("\x1b[1;31merror"));
    let out = disclose()
        .args(["validate", "tests/fixtures/invalid/bad-email.yaml"])
        .assert()
        .code(2);
    assert!(!String::from_utf8_lossy(&out.get_output().stderr).contains('\x1b'));
}

/// `check` of the misdirected-email example (discovered 2026-10-14 16:20 KST; its subject
/// notice was sent 2026-10-15 17:00 KST) as of `as_of`: exit code, stdout, stderr.
fn check_email_as_of(as_of: &str) -> (Option<i32>, String, String) {
    let out = disclose()
        .args([
            "--color",
            "never",
            "check",
            "examples/misdirected-email.yaml",
            "--as-of",
            as_of,
        ])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn as_of_before_discovery_warns_once_with_both_times() {
    let (code, stdout, stderr) = check_email_as_of("2026-10-14T10:00:00+09:00");
    assert_eq!(code, Some(0), "{stderr}");
    let warning = "warning: examples/misdirected-email.yaml: evaluating as of 2026-10-14T10:00:00+09:00, before the breach was discovered at 2026-10-14T16:20:00+09:00";
    assert_eq!(
        stderr.matches("before the breach was discovered").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains(warning), "{stderr}");
    assert!(stdout.contains("PENDING"), "{stdout}");
    // After the discovery: no warning.
    let (_, _, stderr) = check_email_as_of("2026-10-14T16:20:00+09:00");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn actions_dated_after_as_of_are_ignored() {
    // The notice was sent at 17:00 the next day: as of noon, it had not been sent yet.
    let (code, stdout, stderr) = check_email_as_of("2026-10-15T12:00:00+09:00");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("PENDING due 2026-10-17 16:20 KST"),
        "{stdout}"
    );
    assert!(!stdout.contains("MET"), "{stdout}");
    // And as of the evening it has.
    let (_, stdout, _) = check_email_as_of("2026-10-15T18:00:00+09:00");
    assert!(
        stdout.contains("MET     due 2026-10-17 16:20 KST"),
        "{stdout}"
    );
    // One second before the notice, in the JSON too.
    let e = disclose()
        .args([
            "check",
            "examples/misdirected-email.yaml",
            "--as-of",
            "2026-10-15T16:59:59+09:00",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    let notify = json["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "notify-subjects")
        .unwrap();
    assert_eq!(notify["status"], "pending", "{notify}");
}

#[test]
fn init_starts_with_a_modeline_that_points_editors_at_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incident.yaml");
    disclose()
        .args(["init", "--out"])
        .arg(&file)
        .assert()
        .code(0);
    let text = std::fs::read_to_string(&file).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "# yaml-language-server: $schema=incident.schema.json"
    );
    // The README's step: the schema written beside the file is the one the line names.
    let schema = disclose().args(["schema", "incident"]).output().unwrap();
    let target = dir.path().join(first.split_once("$schema=").unwrap().1);
    std::fs::write(&target, &schema.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert!(v["$schema"].as_str().unwrap().contains("json-schema.org"));
    disclose().args(["validate"]).arg(&file).assert().code(0);

    let out = disclose()
        .args([
            "init",
            "--schema",
            "https://schemas.example.com/incident-1.json",
        ])
        .assert()
        .code(0);
    let other = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(
        other.lines().next(),
        Some("# yaml-language-server: $schema=https://schemas.example.com/incident-1.json")
    );
    assert_eq!(
        other.lines().skip(1).collect::<Vec<_>>(),
        text.lines().skip(1).collect::<Vec<_>>()
    );

    let bad = disclose()
        .args(["init", "--schema", "a\u{202e}b"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "error: --schema `a\\u{202e}b` cannot stand on the file's first line: it is empty, has spaces around it, or holds a control or invisible character\n  = help: give a path relative to the incident file, such as `incident.schema.json`, or a URL\n"
    );
}
