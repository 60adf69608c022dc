//! Batch runs: `check DIR`, `render DIR`, `deadlines DIR` and `validate DIR` over a tree of files.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

mod common;
use common::tool;

const AS_OF: &str = "2026-01-01T00:00:00+09:00";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(root());
    c.env_remove("NO_COLOR");
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Copies `example` into `dir/name`, replacing its id with `id`.
fn copy_with_id(example: &str, dir: &Path, name: &str, id: Option<&str>) -> PathBuf {
    let src = std::fs::read_to_string(root().join("examples").join(example)).unwrap();
    let src = match id {
        Some(id) => {
            let old = src
                .lines()
                .find_map(|l| l.strip_prefix("id: "))
                .expect("id line")
                .to_string();
            src.replacen(&format!("id: {old}"), &format!("id: {id}"), 1)
        }
        None => src,
    };
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, src).unwrap();
    path
}

/// A tree: two valid incidents (one nested), one invalid incident, a policy file and a non-disclose
/// YAML file that must be skipped.
fn mixed_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_with_id("misdirected-email.yaml", d, "a-email.yaml", None);
    copy_with_id("coupang-2025.yaml", d, "nested/deeper/coupang.yaml", None);
    std::fs::copy(
        root().join("tests/fixtures/invalid/unknown-category.yaml"),
        d.join("b-broken.yaml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("policies/kr/pipa-2023.yaml"),
        d.join("nested/policy.yaml"),
    )
    .unwrap();
    std::fs::write(d.join("ci.yml"), "name: ci\non: push\n").unwrap();
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    disclose()
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn check_dir_checks_every_incident_and_exits_with_the_worst_code() {
    let tree = mixed_tree();
    let out = run_in(tree.path(), &["check", ".", "--as-of", AS_OF]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    // Every incident has its row, in name order; the policy and the CI file are not incidents.
    let rows: Vec<&str> = stdout.lines().skip(1).collect();
    assert!(
        rows[0].starts_with("./a-email.yaml") && rows[0].contains(" ok "),
        "{stdout}"
    );
    assert!(
        rows[1].starts_with("./b-broken.yaml") && rows[1].contains("invalid"),
        "{stdout}"
    );
    assert!(
        rows[2].starts_with("./nested/deeper/coupang.yaml")
            && rows[2].contains("findings")
            && rows[2].contains("CPNG-2025-11"),
        "{stdout}"
    );
    assert!(
        stdout.contains("3 incident files in")
            && stdout.contains("1 ok, 1 with findings, 1 invalid"),
        "{stdout}"
    );
    assert!(!stdout.contains("policy.yaml") && !stdout.contains("ci.yml"));
    // The broken file's problem names its path, line and column.
    assert!(stderr.contains("--> ./b-broken.yaml:"), "{stderr}");
}

#[test]
fn check_dir_exit_code_is_one_when_the_worst_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    copy_with_id("misdirected-email.yaml", dir.path(), "a.yaml", None);
    copy_with_id("coupang-2025.yaml", dir.path(), "b.yaml", None);
    let out = run_in(dir.path(), &["check", ".", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let dir = tempfile::tempdir().unwrap();
    copy_with_id("misdirected-email.yaml", dir.path(), "a.yaml", None);
    let out = run_in(dir.path(), &["check", ".", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn check_dir_json_matches_single_file_checks() {
    let tree = mixed_tree();
    let out = run_in(
        tree.path(),
        &[
            "check", ".", "--as-of", AS_OF, "--format", "json", "-j", "2",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["format"], "disclose/check-batch@1");
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[1]["result"], "invalid");
    assert_eq!(files[1]["exit"], 2);
    assert!(files[1].get("check").is_none());
    // The batch result of a file is exactly what `check FILE --format json` prints.
    let single = run_in(
        tree.path(),
        &[
            "check",
            "nested/deeper/coupang.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    let single: serde_json::Value = serde_json::from_slice(&single.stdout).unwrap();
    assert_eq!(files[2]["check"], single);
    // The summary table goes to stderr so stdout stays one JSON document.
    assert!(text(&out.stderr).contains("3 incident files in"));
}

#[test]
fn render_dir_renders_the_good_files_despite_a_bad_one() {
    let tree = mixed_tree();
    let out = run_in(
        tree.path(),
        &[
            "render", ".", "--as-of", AS_OF, "--format", "md", "--out", "out",
        ],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    let d = tree.path().join("out");
    assert!(d.join("HBB-2026-003/audit_report.ko.md").is_file());
    assert!(d.join("CPNG-2025-11/subject_notice.en.md").is_file());
    // The invalid file wrote nothing: only the two incidents' directories exist.
    let mut dirs: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    assert_eq!(dirs, ["CPNG-2025-11", "HBB-2026-003"]);
    // Same bytes as rendering each file on its own.
    let single = run_in(
        tree.path(),
        &[
            "render",
            "./a-email.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "md",
            "--out",
            "single",
        ],
    );
    assert_eq!(single.status.code(), Some(0), "{}", text(&single.stderr));
    for entry in std::fs::read_dir(tree.path().join("single/HBB-2026-003")).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap();
        assert_eq!(
            std::fs::read(&p).unwrap(),
            std::fs::read(d.join("HBB-2026-003").join(name)).unwrap(),
            "{}",
            p.display()
        );
    }
    assert!(
        stdout.contains("./a-email.yaml") && stdout.contains("invalid"),
        "{stdout}"
    );
}

#[test]
fn render_dir_refuses_every_file_of_a_shared_id() {
    let dir = tempfile::tempdir().unwrap();
    copy_with_id(
        "misdirected-email.yaml",
        dir.path(),
        "one.yaml",
        Some("SAME-1"),
    );
    copy_with_id(
        "misdirected-email.yaml",
        dir.path(),
        "two.yaml",
        Some("SAME-1"),
    );
    copy_with_id(
        "misdirected-email.yaml",
        dir.path(),
        "three.yaml",
        Some("OTHER-1"),
    );
    let out = run_in(
        dir.path(),
        &[
            "render", ".", "--as-of", AS_OF, "--format", "md", "--out", "out",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("incident id `SAME-1` is also the id of ./two.yaml"),
        "{stderr}"
    );
    assert!(!dir.path().join("out/SAME-1").exists());
    assert!(dir.path().join("out/OTHER-1/audit_report.en.md").is_file());
}

#[test]
fn render_dir_refuses_ids_that_differ_only_in_case() {
    // `CASE-1` and `case-1` are one directory on macOS and Windows: the second render would
    // overwrite the first's reports.
    let dir = tempfile::tempdir().unwrap();
    copy_with_id(
        "misdirected-email.yaml",
        dir.path(),
        "one.yaml",
        Some("CASE-1"),
    );
    copy_with_id(
        "misdirected-email.yaml",
        dir.path(),
        "two.yaml",
        Some("case-1"),
    );
    let out = run_in(
        dir.path(),
        &[
            "render", ".", "--as-of", AS_OF, "--format", "md", "--out", "out",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("incident id `CASE-1` is also the id of ./two.yaml (`case-1`: ids that differ only in case"),
        "{stderr}"
    );
    assert!(
        stderr.contains("incident id `case-1` is also the id of ./one.yaml (`CASE-1`"),
        "{stderr}"
    );
    assert!(!dir.path().join("out/CASE-1").exists());
    assert!(!dir.path().join("out/case-1").exists());
}

#[test]
fn jobs_above_the_maximum_are_refused_and_more_jobs_than_files_are_clamped() {
    // `-j 100000` spent over a minute starting threads.
    let dir = tempfile::tempdir().unwrap();
    copy_with_id("misdirected-email.yaml", dir.path(), "one.yaml", None);
    for args in [
        &["check", ".", "-j", "100000"][..],
        &["render", ".", "--jobs", "257", "--out", "out"][..],
        &["check", ".", "-j", "0"][..],
    ] {
        let out = run_in(dir.path(), args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("give a whole number from 1 to 256"),
            "{stderr}"
        );
    }
    assert!(!dir.path().join("out").exists());
    let start = std::time::Instant::now();
    let out = run_in(dir.path(), &["check", ".", "-j", "256", "--as-of", AS_OF]);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&out.stderr)
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn a_directory_without_incidents_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.yaml"), "a: 1\n").unwrap();
    let out = run_in(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no incident files under ."));
}

#[test]
fn junit_and_sarif_are_single_file_formats() {
    let tree = mixed_tree();
    let out = run_in(tree.path(), &["check", ".", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--format text or json"));
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// SIGKILL in the middle of a batch render: every report set that exists is complete (every
/// file the full run writes for it, with the same bytes, and valid PDFs), never partial. The only
/// leftovers a kill can cause are hidden scratch entries (`.ID.disclose-PID-RANDOM.staging`),
/// which the next run sweeps.
#[cfg(unix)]
#[test]
fn a_batch_killed_midway_leaves_only_complete_files() {
    use std::time::{Duration, Instant};
    let qpdf = tool("qpdf");
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    const N: usize = 20;
    for i in 0..N {
        copy_with_id(
            "misdirected-email.yaml",
            &input,
            &format!("i{i:03}.yaml"),
            Some(&format!("KILL-{i:03}")),
        );
    }
    let out = dir.path().join("out");
    let args = |out: &Path| {
        vec![
            "render".to_string(),
            input.display().to_string(),
            "--as-of".into(),
            AS_OF.into(),
            "--out".into(),
            out.display().to_string(),
            "-j".into(),
            "2".into(),
        ]
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(args(&out))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a few incidents are written, well before the end.
    let start = Instant::now();
    loop {
        let written = files_under(&out).len();
        if written >= 30 || start.elapsed() > Duration::from_secs(120) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            panic!("the batch finished before it could be killed; give it more work");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // The reference: the same batch, run to the end.
    let full = dir.path().join("full");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(args(&full))
        .output()
        .unwrap();
    assert!(
        matches!(status.status.code(), Some(0 | 1)),
        "{}",
        text(&status.stderr)
    );
    let total = files_under(&full).len();

    let mut complete = 0;
    let mut sets = std::collections::BTreeSet::new();
    for path in files_under(&out) {
        let rel = path.strip_prefix(&out).unwrap();
        let set = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        if set.starts_with('.') {
            continue; // a set the kill interrupted: never under an incident's name
        }
        sets.insert(set.into_owned());
        let expected = std::fs::read(full.join(rel))
            .unwrap_or_else(|_| panic!("{} is not a report the full run writes", rel.display()));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            expected,
            "{} is partial or differs",
            rel.display()
        );
        if path.extension().is_some_and(|e| e == "pdf")
            && let Some(qpdf) = &qpdf
        {
            let check = std::process::Command::new(qpdf)
                .arg("--check")
                .arg(&path)
                .output()
                .unwrap();
            assert!(check.status.success(), "{}", rel.display());
        }
        complete += 1;
    }
    assert!(
        complete > 0 && complete < total,
        "the kill should land mid-batch: {complete} of {total} files written"
    );
    // Whole sets only: every set present has all the files the full run gives it.
    for set in &sets {
        assert_eq!(
            files_under(&out.join(set)).len(),
            files_under(&full.join(set)).len(),
            "{set} is incomplete"
        );
    }
}

/// All 336 VCDB records (tests/fixtures/vcdb, CC BY-SA 4.0) import, and the drafts render in one
/// batch with --draft to PDFs that qpdf finds valid.
#[test]
fn every_vcdb_record_imports_and_renders_as_a_draft_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    let out = disclose()
        .args(["import", "veris", "tests/fixtures/vcdb/sample.jsonl"])
        .arg("tests/fixtures/vcdb/edge-cases.jsonl")
        .arg("--out")
        .arg(&drafts)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let files = files_under(&drafts);
    assert_eq!(files.len(), 336);
    // Without --draft, drafts are refused.
    let refused = run_in(
        dir.path(),
        &[
            "render", "drafts", "--as-of", AS_OF, "--format", "md", "--out", "refused",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(!dir.path().join("refused").exists());
    let rendered = run_in(
        dir.path(),
        &[
            "render", "drafts", "--draft", "--as-of", AS_OF, "--format", "pdf", "--out", "pdf",
        ],
    );
    let stdout = text(&rendered.stdout);
    // Drafts with missed deadlines exit 1, as `check` does; none is invalid or unwritten.
    assert!(
        matches!(rendered.status.code(), Some(0 | 1)),
        "{stdout}\n{}",
        text(&rendered.stderr)
    );
    assert!(
        stdout.contains("336 incident files in") && stdout.contains(" 0 invalid"),
        "{stdout}"
    );
    let pdfs = files_under(&dir.path().join("pdf"));
    assert!(pdfs.len() >= 2 * 336, "{} PDFs", pdfs.len());
    let Some(qpdf) = tool("qpdf") else {
        return;
    };
    for chunk in pdfs.chunks(64) {
        for p in chunk {
            let check = std::process::Command::new(&qpdf)
                .arg("--check")
                .arg(p)
                .output()
                .unwrap();
            assert!(
                check.status.success(),
                "{}: {}",
                p.display(),
                text(&check.stdout)
            );
        }
    }
}

#[test]
fn validate_dir_checks_every_disclose_file_and_skips_other_yaml() {
    let dir = mixed_tree();
    let out = run_in(dir.path(), &["validate", "."]);
    assert_eq!(out.status.code(), Some(2));
    let (so, se) = (text(&out.stdout), text(&out.stderr));
    assert!(so.contains("./a-email.yaml: valid incident"), "{so}");
    assert!(
        so.contains("./nested/deeper/coupang.yaml: valid incident"),
        "{so}"
    );
    assert!(so.contains("./nested/policy.yaml: valid policy"), "{so}");
    assert!(se.contains("./b-broken.yaml: 1 error"), "{se}");
    assert!(
        so.ends_with("4 files: 3 valid, 1 invalid; 1 other YAML file skipped\n"),
        "{so}"
    );
}

#[test]
fn validate_mixes_files_and_directories() {
    let out = disclose()
        .args([
            "validate",
            "examples/coupang-2025.yaml",
            "policies/calendars",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let so = text(&out.stdout);
    assert!(
        so.starts_with("examples/coupang-2025.yaml: valid incident"),
        "{so}"
    );
    assert!(
        so.contains("policies/calendars/kr.yaml: valid calendar kr\n"),
        "{so}"
    );
    // The incident and every calendar file under the directory.
    let files = 1 + std::fs::read_dir("policies/calendars")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert!(
        so.ends_with(&format!("{files} files: {files} valid, 0 invalid\n")),
        "{so}"
    );
}

#[test]
fn validate_dir_without_disclose_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ci.yml"), "name: ci\n").unwrap();
    let out = run_in(dir.path(), &["validate", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with(
            "error: no disclose files under . (a .yaml or .yml file with a `format: disclose/...` key)\n"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn deadlines_dir_prints_every_clock_then_the_next_due_table() {
    let dir = mixed_tree();
    let out = run_in(dir.path(), &["deadlines", ".", "--as-of", AS_OF, "-j", "2"]);
    assert_eq!(out.status.code(), Some(2), "the broken file is the worst");
    let so = text(&out.stdout);
    let email = so.find("HBB-2026-003 deadlines as of").expect(&so);
    let coupang = so.find("CPNG-2025-11 deadlines as of").expect(&so);
    let table = so.find("FILE ").expect(&so);
    assert!(
        email < coupang && coupang < table,
        "file order, then the table: {so}"
    );
    assert!(so.contains("NEXT DUE"), "{so}");
    assert!(
        so.contains("3 incident files in "),
        "the policy and the CI file are not incidents: {so}"
    );
    // The same clock as `deadlines FILE`.
    let single = disclose()
        .args([
            "deadlines",
            "examples/misdirected-email.yaml",
            "--as-of",
            AS_OF,
        ])
        .output()
        .unwrap();
    assert!(so.contains(&text(&single.stdout)), "{so}");
}

#[test]
fn deadlines_dir_refuses_ics() {
    let out = disclose()
        .args(["deadlines", "examples", "--ics", "x.ics"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: --ics writes the calendar of one incident, and examples is a directory\n  = help: run `disclose deadlines FILE --ics FILE.ics` for each incident\n"
    );
    assert!(!root().join("x.ics").exists());
}

#[test]
fn render_no_builtin_uses_only_the_company_policies() {
    let out_dir = tempfile::tempdir().unwrap();
    let render = |sub: &str, extra: &[&str]| {
        disclose()
            .args(["render", "examples/coupang-2025.yaml", "--as-of", AS_OF])
            .args([
                "--format",
                "md",
                "--lang",
                "en",
                "--quiet",
                "--verbose",
                "--out",
            ])
            .arg(out_dir.path().join(sub))
            .args(extra)
            .output()
            .unwrap()
    };
    let with = render("with", &[]);
    let without = render(
        "without",
        &[
            "--policies",
            "tests/fixtures/policies/sample",
            "--no-builtin",
        ],
    );
    assert!(text(&with.stdout).contains("regulator_notification.en.md"));
    assert!(
        !text(&without.stdout).contains("regulator_notification.en.md"),
        "{}",
        text(&without.stdout)
    );
    let audit = std::fs::read_to_string(
        out_dir
            .path()
            .join("without/CPNG-2025-11/audit_report.en.md"),
    )
    .unwrap();
    assert!(!audit.contains("PIPA"), "{audit}");
    // As for `check`, --no-builtin needs --policies.
    disclose()
        .args(["render", "examples/coupang-2025.yaml", "--no-builtin"])
        .assert()
        .code(2);
}
