//! A policy directory from many hands: policies are data, not code. A policy cannot read files
//! outside its directory, loop without bound, or write anywhere; symbolic links that leave the
//! tree are refused, and link loops cannot make loading hang.
#![cfg(unix)]

use std::collections::BTreeSet;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Generous: loading takes milliseconds; this only catches a hang.
const PATIENCE: Duration = Duration::from_secs(60);

const SECRET: &str = "root:x:0:0:root:/root:/bin/bash\n";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A small valid policy with its condition replaced by `condition` and its id by `id`.
fn policy(id: &str, condition: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/invalid-policies/misspelt-path.yaml"))
        .unwrap()
        .replace("id: test-misspelt", &format!("id: {id}"))
        .replace("affected.subjcts >= 1000 || cause.external", condition)
}

/// `disclose check` of the misdirected-email example against only the policies in `dir`, run
/// in `cwd`.
fn check(cwd: &Path, dir: &Path) -> Output {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(cwd)
        .args(["--color", "never", "check"])
        .arg(root().join("examples/misdirected-email.yaml"))
        .arg("--policies")
        .arg(dir)
        .args(["--no-builtin", "--as-of", "2026-12-01T00:00:00+09:00"])
        .output()
        .expect("run disclose");
    assert!(start.elapsed() < PATIENCE, "took {:?}", start.elapsed());
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A temporary tree: `pol/` (the policy directory, holding one valid policy) and, beside it,
/// `outside/` with a secret file and a policy.
struct Tree {
    tmp: tempfile::TempDir,
}

impl Tree {
    fn new() -> Tree {
        let tmp = tempfile::tempdir().unwrap();
        let pol = tmp.path().join("pol");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&pol).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(pol.join("ok.yaml"), policy("ok", "affected.subjects >= 1")).unwrap();
        std::fs::write(outside.join("secret.yaml"), SECRET).unwrap();
        std::fs::write(
            outside.join("other.yaml"),
            policy("other", "affected.subjects >= 1"),
        )
        .unwrap();
        Tree { tmp }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn pol(&self) -> PathBuf {
        self.path("pol")
    }
}

#[test]
fn a_link_to_a_file_outside_is_refused_and_never_read() {
    let t = Tree::new();
    symlink(t.path("outside/secret.yaml"), t.path("pol/passwd.yaml")).unwrap();
    let out = check(t.tmp.path(), &t.pol());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("pol/passwd.yaml"), "{err}");
    assert!(
        err.contains("this symbolic link points outside the policy directory"),
        "{err}"
    );
    assert!(!err.contains("root:x:0"), "the target was read:\n{err}");
    if Path::new("/etc/passwd").exists() {
        let t = Tree::new();
        symlink("/etc/passwd", t.path("pol/etc.yaml")).unwrap();
        let out = check(t.tmp.path(), &t.pol());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("pol/etc.yaml"), "{err}");
        assert!(err.contains("to /etc/passwd"), "{err}");
        assert!(!err.contains("root:"), "the target was read:\n{err}");
    }
}

#[test]
fn a_relative_link_that_climbs_out_is_refused() {
    let t = Tree::new();
    std::fs::create_dir_all(t.path("pol/kr")).unwrap();
    symlink("../../outside/other.yaml", t.path("pol/kr/other.yaml")).unwrap();
    let out = check(t.tmp.path(), &t.pol());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("pol/kr/other.yaml"), "{err}");
    assert!(err.contains("points outside the policy directory"), "{err}");
}

#[test]
fn a_linked_directory_outside_is_refused() {
    let t = Tree::new();
    symlink(t.path("outside"), t.path("pol/shared")).unwrap();
    let out = check(t.tmp.path(), &t.pol());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("pol/shared"), "{err}");
    assert!(err.contains("points outside the policy directory"), "{err}");
    assert!(!err.contains("root:x:0"), "{err}");
}

#[test]
fn link_loops_do_not_hang() {
    let t = Tree::new();
    // a two-link loop, a link to itself, and a directory link back up the tree
    symlink("b.yaml", t.path("pol/a.yaml")).unwrap();
    symlink("a.yaml", t.path("pol/b.yaml")).unwrap();
    symlink("self", t.path("pol/self")).unwrap();
    std::fs::create_dir_all(t.path("pol/sub")).unwrap();
    symlink("..", t.path("pol/sub/up")).unwrap();
    let out = check(t.tmp.path(), &t.pol());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for link in ["pol/a.yaml", "pol/b.yaml", "pol/self"] {
        assert!(err.contains(link), "{link}: {err}");
    }
    assert!(
        err.contains("this symbolic link cannot be followed"),
        "{err}"
    );
    // the link up the tree stays inside it: not walked, not an error
    assert!(!err.contains("pol/sub/up"), "{err}");
}

#[test]
fn links_inside_the_tree_and_a_linked_root_are_fine() {
    let t = Tree::new();
    std::fs::create_dir_all(t.path("pol/shared")).unwrap();
    std::fs::write(
        t.path("pol/shared/base.yaml"),
        policy("base", "cause.external || affected.subjects >= 1"),
    )
    .unwrap();
    symlink("shared/base.yaml", t.path("pol/alias.yaml")).unwrap();
    symlink("shared", t.path("pol/again")).unwrap();
    symlink("..", t.path("pol/shared/up")).unwrap();
    // the user may give the policy directory through a link of their own
    symlink(t.pol(), t.path("policies")).unwrap();
    for dir in [t.pol(), t.path("policies")] {
        let out = check(t.tmp.path(), &dir);
        let err = stderr(&out);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Typo"), "{text}");
    }
}

#[test]
fn a_fifo_named_like_a_policy_does_not_block() {
    let t = Tree::new();
    let made = Command::new("mkfifo")
        .arg(t.path("pol/pipe.yaml"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Issue 20, P2: a FIFO named like a policy was skipped silently. It is an error naming it
    // (and it is never opened, so nothing blocks).
    let out = check(t.tmp.path(), &t.pol());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("pol/pipe.yaml") && err.contains("a named pipe (FIFO), not a regular file"),
        "{err}"
    );
}

/// Issue 20, P1: a policy 16 or more levels deep under `--policies` was silently ignored (exit
/// 0), although the 16-level limit is documented as an error.
#[test]
fn a_policy_nested_too_deep_is_an_error_naming_it() {
    let t = Tree::new();
    // Level 16 is read; level 17 is too deep.
    let mut deep = t.pol();
    for i in 1..16 {
        deep.push(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(
        deep.join("at16.yaml"),
        policy("at16", "affected.subjects >= 1"),
    )
    .unwrap();
    let out = check(t.tmp.path(), &t.pol());
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    assert!(!stderr(&out).contains("deeper"), "{}", stderr(&out));
    let deeper = deep.join("d16");
    std::fs::create_dir_all(&deeper).unwrap();
    std::fs::write(
        deeper.join("at17.yaml"),
        policy("at17", "affected.subjects >= 1"),
    )
    .unwrap();
    let out = check(t.tmp.path(), &t.pol());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("d15/d16") && err.contains("deeper than 16 levels"),
        "{err}"
    );
}

/// Issue 20, P1: two policy files with one id in a `--policies` directory: one silently won by
/// file-name order, so renaming a file changed the exit code.
#[test]
fn two_policy_files_with_one_id_are_refused_naming_both() {
    let t = Tree::new();
    std::fs::write(
        t.path("pol/again.yaml"),
        policy("ok", "affected.subjects >= 100000"),
    )
    .unwrap();
    let out = check(t.tmp.path(), &t.pol());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("pol/again.yaml") && err.contains("pol/ok.yaml") && err.contains("`ok`"),
        "{err}"
    );
    // Replacing a built-in policy by id stays allowed.
    std::fs::remove_file(t.path("pol/again.yaml")).unwrap();
    std::fs::write(
        t.path("pol/gdpr.yaml"),
        std::fs::read_to_string(root().join("policies/eu/gdpr.yaml")).unwrap(),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(["--color", "never", "check"])
        .arg(root().join("examples/misdirected-email.yaml"))
        .arg("--policies")
        .arg(t.pol())
        .args(["--as-of", "2026-12-01T00:00:00+09:00"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
}

#[test]
fn a_policy_that_would_loop_without_bound_is_refused_at_load() {
    let t = Tree::new();
    let list = "((affected.jurisdictions + affected.jurisdictions) + (affected.jurisdictions + affected.jurisdictions))";
    let list = format!("({list} + {list})");
    std::fs::write(
        t.path("pol/spin.yaml"),
        policy(
            "spin",
            &format!("{list}.all(a, {list}.all(b, a != b + 'x'))"),
        ),
    )
    .unwrap();
    let out = check(t.tmp.path(), &t.pol());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("steps to evaluate, where at most 2,000,000"),
        "{err}"
    );
    assert!(err.contains("pol/spin.yaml:17:"), "{err}");
}

/// Every path under `dir`, hidden ones included, with its size.
fn listing(dir: &Path) -> BTreeSet<(PathBuf, u64)> {
    walk(dir)
}

fn walk(dir: &Path) -> BTreeSet<(PathBuf, u64)> {
    let mut out = BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        let meta = std::fs::symlink_metadata(&p).unwrap();
        out.insert((p.clone(), meta.len()));
        if meta.is_dir() {
            out.extend(walk(&p));
        }
    }
    out
}

#[test]
fn loading_policies_writes_nothing() {
    let t = Tree::new();
    std::fs::write(
        t.path("pol/ok.tests.yaml"),
        "format: disclose/policy-tests@1\npolicy: ok\ntests:\n  - { name: small, applies: true }\n",
    )
    .unwrap();
    let cwd = t.path("cwd");
    std::fs::create_dir_all(&cwd).unwrap();
    let before = listing(t.tmp.path());
    let out = check(&cwd, &t.pol());
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    for args in [
        vec!["validate", "../pol/ok.yaml", "../pol/ok.tests.yaml"],
        vec!["policy", "test", "../pol"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
            .current_dir(&cwd)
            .args(&args)
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(before, listing(t.tmp.path()), "files appeared or changed");
}
