//! A company's templates (`--templates`) are bounded (issue 20, P1: a template with nested loops
//! ran until killed; one wrote a 990 MB report using 1.96 GB of memory and exited 0; a 150 MB
//! template file was accepted). Each bound is a clear error, exit 2, and nothing written.

use std::path::Path;
use std::process::{Command, Output};

use disclose::report::templates::{MAX_RENDERED_BYTES, MAX_TEMPLATE_BYTES};

/// Renders the misdirected-email example's English audit report with `template` in place of the
/// built-in one, into `out`.
fn render_with(template: &[u8], dir: &Path) -> Output {
    let t = dir.join("templates/en");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("audit_report.md.tera"), template).unwrap();
    Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--color",
            "never",
            "render",
            "examples/misdirected-email.yaml",
            "--lang",
            "en",
            "--format",
            "md",
            "--report",
            "audit_report",
            "--as-of",
            "2026-12-01T00:00:00+09:00",
            "--templates",
        ])
        .arg(dir.join("templates"))
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .expect("run disclose")
}

fn refused(template: &[u8], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = render_with(template, dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(message), "wanted {message:?} in:\n{err}");
    assert!(!dir.path().join("out").exists(), "something was written");
}

#[test]
fn a_company_template_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = render_with(b"# {{ title }}\n", dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md =
        std::fs::read_to_string(dir.path().join("out/HBB-2026-003/audit_report.en.md")).unwrap();
    assert!(md.starts_with("# "), "{md}");
}

#[test]
fn a_template_file_over_the_size_limit_is_refused_unread() {
    let mut big = b"# {{ title }}\n".to_vec();
    big.resize(MAX_TEMPLATE_BYTES as usize + 1, b'x');
    refused(&big, "at most 256 KiB");
}

#[test]
fn a_template_that_writes_without_end_is_stopped_at_the_report_size_limit() {
    assert_eq!(MAX_RENDERED_BYTES, 4 * 1024 * 1024);
    refused(
        b"{% for i in range(end=100000) %}{% for j in range(end=100000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
        "the report grew past 4 MiB",
    );
}

#[test]
fn a_template_that_doubles_a_string_is_stopped_at_the_memory_limit() {
    refused(
        b"{% set s = \"xxxxxxxx\" %}{% for i in range(end=60) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
        "used more than 512 MiB of memory",
    );
}

/// Takes the 10 s the budget allows: a loop that writes nothing can only be stopped by time.
#[test]
fn a_template_that_loops_without_writing_is_stopped_at_the_time_limit() {
    refused(
        b"{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        "still rendering after 10 s",
    );
}
