//! Writing report sets (issue 20): whole sets swapped into place, never through a planted link,
//! never leaving reports of an earlier run, I/O failures apart from bad input, and `render`
//! exiting as `check` does.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const AS_OF: &str = "2026-01-01T00:00:00+09:00";
const COUPANG: &str = "examples/coupang-2025.yaml";
const EMAIL: &str = "examples/misdirected-email.yaml";

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn render(incident: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    disclose()
        .arg("render")
        .arg(incident)
        .args(["--as-of", AS_OF, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("run disclose")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names(dir)
        .into_iter()
        .map(|n| {
            let b = std::fs::read(dir.join(&n)).unwrap();
            (n, b)
        })
        .collect()
}

/// Issue 20, P2: `render` exited 0 when obligations were missed while `check` exited 1 on the
/// same file, and batch `render` said "ok" where batch `check` said "findings".
#[test]
fn render_exits_as_check_does_single_and_batch() {
    let dir = tempfile::tempdir().unwrap();
    for (incident, want) in [(COUPANG, 1), (EMAIL, 0)] {
        let check = disclose()
            .args(["check", incident, "--as-of", AS_OF])
            .output()
            .unwrap();
        let r = render(
            &example(incident),
            &dir.path().join("out"),
            &["--format", "md"],
        );
        assert_eq!(check.status.code(), Some(want), "{}", text(&check.stderr));
        assert_eq!(r.status.code(), Some(want), "{}", text(&r.stderr));
    }
    let batch = dir.path().join("in");
    std::fs::create_dir(&batch).unwrap();
    for f in [COUPANG, EMAIL] {
        std::fs::copy(example(f), batch.join(Path::new(f).file_name().unwrap())).unwrap();
    }
    let check = disclose()
        .arg("check")
        .arg(&batch)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    let r = render(&batch, &dir.path().join("batch-out"), &["--format", "md"]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(r.status.code(), Some(1), "{}", text(&r.stderr));
    let words = |o: &std::process::Output| {
        text(&o.stdout)
            .lines()
            .filter(|l| l.contains(".yaml"))
            .map(|l| l.split_whitespace().nth(1).unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(words(&check), words(&r));
    assert_eq!(words(&r), ["findings", "ok"]);
}

/// Issue 20, P0: reports landed in the target of a symbolic link planted at `OUT/<id>`.
#[cfg(unix)]
#[test]
fn a_symlink_planted_at_the_report_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("HBB-2026-003")).unwrap();
    let r = render(&example(EMAIL), &out, &["--format", "md"]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r.stderr));
    let err = text(&r.stderr);
    assert!(err.contains("is a symbolic link"), "{err}");
    assert!(names(&elsewhere).is_empty());
    assert_eq!(names(&out), ["HBB-2026-003"]);
}

/// Issue 20, P2: `--out` naming a dangling link said "File exists (os error 17)".
#[cfg(unix)]
#[test]
fn a_dangling_out_link_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::os::unix::fs::symlink(dir.path().join("gone"), &out).unwrap();
    let r = render(&example(EMAIL), &out, &["--format", "md"]);
    assert_eq!(r.status.code(), Some(2));
    let err = text(&r.stderr);
    assert!(
        err.contains("is a symbolic link to") && err.contains("which does not exist"),
        "{err}"
    );
    assert!(!err.contains("os error 17"), "{err}");
    assert!(!dir.path().join("gone").exists());
}

/// Issue 20, P1: re-rendering into the same `--out` left the previous run's reports that the
/// incident no longer calls for (an old SEC 8-K draft beside the new set), with no warning.
#[test]
fn re_rendering_leaves_no_report_of_an_earlier_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = render(&example(COUPANG), &out, &["--format", "md"]);
    assert!(first.status.code() != Some(2), "{}", text(&first.stderr));
    let set = out.join("CPNG-2025-11");
    assert!(names(&set).contains(&"sec_8k_item_1_05.en.md".to_string()));
    // The same incident, no longer listed on an exchange.
    let source = std::fs::read_to_string(example(COUPANG)).unwrap();
    let unlisted = source.replace(
        "  securities:                   # drives SEC Form 8-K Item 1.05 (a foreign private issuer files 6-K instead)\n    - { exchange: NYSE, filer: domestic }\n",
        "",
    );
    assert_ne!(unlisted, source, "the example changed: update this test");
    let incident = dir.path().join("coupang-unlisted.yaml");
    std::fs::write(&incident, unlisted).unwrap();
    let second = render(&incident, &out, &["--format", "md"]);
    assert!(second.status.code() != Some(2), "{}", text(&second.stderr));
    let now = names(&set);
    assert!(
        !now.iter().any(|n| n.starts_with("sec_8k")),
        "stale SEC draft kept: {now:?}"
    );
    let err = text(&second.stderr);
    assert!(
        err.contains("removed sec_8k_item_1_05.en.md of the previous run"),
        "{err}"
    );
    // Exactly what a fresh run writes.
    let fresh = dir.path().join("fresh");
    render(&incident, &fresh, &["--format", "md"]);
    assert_eq!(snapshot(&set), snapshot(&fresh.join("CPNG-2025-11")));
    assert_eq!(names(&out), ["CPNG-2025-11"]);
}

/// Issue 20, P1: on a full disk 9 of 12 files were written and the run exited 2 ("bad input").
/// A file-size limit makes every write past it fail as a full disk does.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_keeps_the_previous_set_and_exits_3() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = render(&example(EMAIL), &out, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let set = out.join("HBB-2026-003");
    let before = snapshot(&set);
    assert!(before.len() >= 6);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("render")
        .arg(example(EMAIL))
        .args(["--as-of", "2026-02-01T00:00:00+09:00", "--out"])
        .arg(&out);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            // Writes past 20 KB fail with EFBIG instead of killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 20_000,
                rlim_max: 20_000,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let r = cmd.output().unwrap();
    let err = text(&r.stderr);
    assert_eq!(r.status.code(), Some(3), "{err}");
    assert!(
        err.contains("cannot write") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(snapshot(&set), before, "the previous set changed");
    assert_eq!(names(&out), ["HBB-2026-003"], "scratch entries left behind");
}

/// Issue 20, P1: killed runs left `.NAME.PID.tmp` files that later runs never removed. Scratch
/// entries of a dead process are swept by the next run; a live process's and the user's stay.
#[cfg(unix)]
#[test]
fn leftovers_of_a_killed_run_are_swept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    let staging = out.join(format!(
        ".HBB-2026-003.disclose-{dead}-00000000deadbeef.staging"
    ));
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("audit_report.en.md"), b"half").unwrap();
    let tmp = out.join(format!(".OTHER.disclose-{dead}-00000000deadbeef.tmp"));
    std::fs::write(&tmp, b"half").unwrap();
    for p in [&staging, &tmp] {
        std::fs::File::open(p).unwrap().set_modified(old).unwrap();
    }
    let mine = out.join("notes.txt");
    std::fs::write(&mine, b"keep").unwrap();
    let r = render(&example(EMAIL), &out, &["--format", "md"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    assert_eq!(names(&out), ["HBB-2026-003", "notes.txt"]);
    assert!(text(&r.stderr).contains("left by a run that was stopped"));
}

/// A report directory holding a file disclose did not write is not replaced (the swap would
/// remove it).
#[test]
fn a_report_directory_with_other_files_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let set = out.join("HBB-2026-003");
    std::fs::create_dir_all(&set).unwrap();
    std::fs::write(set.join("my-notes.txt"), b"mine").unwrap();
    let r = render(&example(EMAIL), &out, &["--format", "md"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(text(&r.stderr).contains("my-notes.txt"));
    assert_eq!(names(&set), ["my-notes.txt"]);
}
