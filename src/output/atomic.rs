//! Writing one file atomically, without following a link someone else planted.
//!
//! A temporary file beside the target is the usual way to make a write atomic, and its name is
//! where the usual way goes wrong: a predictable name (`.report.md.<pid>.tmp`) lets anyone who can
//! write to the output directory plant a symbolic link there, and an ordinary `create` follows the
//! link and truncates its target. So every scratch entry (temporary file, staging directory) is
//! created **exclusively** (`O_CREAT | O_EXCL`, which never follows a link at the last
//! component) under a **random** name, and a collision (or a planted entry) only means another
//! name is tried.
//!
//! Scratch names carry the process id, `.NAME.disclose-PID-RANDOM.KIND`, so that a later run can
//! recognise what a killed run left behind and sweep it ([`sweep_dead`]): an entry whose process is
//! gone and that is more than a minute old, or any entry more than a day old.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The word every scratch name carries.
const TAG: &str = "disclose";

/// How many random names are tried before giving up.
const TRIES: usize = 64;

/// A scratch entry of a dead process younger than this is left alone (its process may live in
/// another PID namespace sharing the directory).
const DEAD_GRACE: Duration = Duration::from_secs(60);

/// Any scratch entry older than this is swept, whoever left it.
const STALE: Duration = Duration::from_secs(24 * 60 * 60);

/// The kinds of scratch entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scratch {
    /// A temporary file, renamed over its target when complete.
    Tmp,
    /// A staging directory holding a report set being written.
    Staging,
    /// A previous report set, moved aside to be removed.
    Old,
}

impl Scratch {
    fn suffix(self) -> &'static str {
        match self {
            Scratch::Tmp => "tmp",
            Scratch::Staging => "staging",
            Scratch::Old => "old",
        }
    }
}

/// A fresh scratch name for `base`: `.BASE.disclose-PID-RANDOM.KIND`.
pub fn scratch_name(base: &str, kind: Scratch) -> String {
    format!(
        ".{base}.{TAG}-{}-{:016x}.{}",
        std::process::id(),
        fastrand::u64(..),
        kind.suffix()
    )
}

/// The process id and kind of a scratch name, or `None` for any other name.
pub fn parse_scratch(name: &str) -> Option<(u32, Scratch)> {
    let rest = name.strip_prefix('.')?;
    let (rest, kind) = [Scratch::Tmp, Scratch::Staging, Scratch::Old]
        .into_iter()
        .find_map(|k| Some((rest.strip_suffix(k.suffix())?.strip_suffix('.')?, k)))?;
    let at = rest.rfind(&format!(".{TAG}-"))?;
    let (pid, random) = rest[at + TAG.len() + 2..].split_once('-')?;
    let hex = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(random) || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((pid.parse().ok()?, kind))
}

/// Creates a new file at `path`, failing if anything (a file, a directory, a link, even a
/// dangling one) is already there.
pub fn create_exclusive(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// Creates a new, empty scratch entry for `base` in `dir`, retrying with another random name
/// while one is taken. Returns its path (and the file, for [`Scratch::Tmp`]).
pub fn create_scratch(
    dir: &Path,
    base: &str,
    kind: Scratch,
) -> io::Result<(PathBuf, Option<File>)> {
    for _ in 0..TRIES {
        let path = dir.join(scratch_name(base, kind));
        let made = match kind {
            Scratch::Tmp => create_exclusive(&path).map(Some),
            Scratch::Staging | Scratch::Old => fs::create_dir(&path).map(|()| None),
        };
        match made {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!(
            "no free temporary name in {} after {TRIES} tries",
            dir.display()
        ),
    ))
}

/// Writes `bytes` to `path` through a temporary file in the same directory, synced to disk and
/// then renamed over the target. If anything fails, the target is untouched and the temporary
/// file is removed. A link at `path` itself is replaced, never followed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?
        .to_string_lossy()
        .into_owned();
    sweep_dead(dir);
    let (tmp, file) = create_scratch(dir, &name, Scratch::Tmp)?;
    let result = (|| {
        let mut f = file.expect("a temporary file");
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes renames in `dir` durable (best effort: not every platform can sync a directory).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes the scratch entries in `dir` that a dead run left: those whose process is gone and
/// that are more than a minute old, and any more than a day old. Entries of this process are
/// never touched (another thread may be writing them). Best effort: what cannot be removed stays.
/// Returns what was removed.
pub fn sweep_dead(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return removed;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((pid, kind)) = name.to_str().and_then(parse_scratch) else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let Ok(meta) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let age = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        if !(age > STALE || age > DEAD_GRACE && !process_alive(pid)) {
            continue;
        }
        let path = entry.path();
        let gone = if meta.is_dir() && kind != Scratch::Tmp {
            fs::remove_dir_all(&path)
        } else {
            // A file, or a link (removed itself, never followed).
            fs::remove_file(&path)
        };
        if gone.is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// Whether a process with this id runs on this machine (when in doubt, yes).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 only checks that the process exists and may be signalled.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_names_round_trip() {
        for kind in [Scratch::Tmp, Scratch::Staging, Scratch::Old] {
            let n = scratch_name("audit_report.en.md", kind);
            assert!(n.starts_with(".audit_report.en.md.disclose-"), "{n}");
            assert_eq!(parse_scratch(&n), Some((std::process::id(), kind)));
        }
        assert_ne!(
            scratch_name("a", Scratch::Tmp),
            scratch_name("a", Scratch::Tmp)
        );
        for other in [
            "audit_report.en.md",
            ".audit_report.en.md.123.tmp",
            ".a.disclose-12-xyz.tmp",
            ".a.disclose--0123456789abcdef.tmp",
            ".a.disclose-12-0123456789abcdef.bak",
            "a.disclose-12-0123456789abcdef.tmp",
        ] {
            assert_eq!(parse_scratch(other), None, "{other}");
        }
    }

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    /// Issue 20, P0: a link planted at the temporary name the old writer used
    /// (`.NAME.PID.tmp`) made it truncate and fill the link's target.
    #[cfg(unix)]
    #[test]
    fn planted_symlink_at_the_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        let planted = out.join(format!(".audit_report.en.md.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let target = out.join("audit_report.en.md");
        write_atomic(&target, b"the report").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert_eq!(fs::read(&target).unwrap(), b"the report");
        assert!(fs::symlink_metadata(&planted).unwrap().is_symlink());
    }

    /// Exclusive creation refuses every kind of planted entry, dangling links included.
    #[cfg(unix)]
    #[test]
    fn exclusive_creation_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        for p in [&link, &dangling, &victim] {
            let e = create_exclusive(p).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::AlreadyExists, "{}", p.display());
        }
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert!(!dir.path().join("nowhere").exists());
    }

    #[test]
    fn a_link_at_the_target_itself_is_replaced_not_followed() {
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().unwrap();
            let victim = dir.path().join("victim.txt");
            fs::write(&victim, b"precious").unwrap();
            let target = dir.path().join("report.md");
            std::os::unix::fs::symlink(&victim, &target).unwrap();
            write_atomic(&target, b"the report").unwrap();
            assert_eq!(fs::read(&victim).unwrap(), b"precious");
            assert!(!fs::symlink_metadata(&target).unwrap().is_symlink());
        }
    }

    #[cfg(unix)]
    #[test]
    fn sweeps_what_dead_runs_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        // A process id that is not running: a child that has exited and been reaped.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        let mk = |name: &str, is_dir: bool| {
            let p = dir.path().join(name);
            if is_dir {
                fs::create_dir(&p).unwrap();
                fs::write(p.join("x.md"), b"x").unwrap();
            } else {
                fs::write(&p, b"x").unwrap();
            }
            let t = fs::File::open(&p).unwrap();
            t.set_modified(old).unwrap();
            p
        };
        let dead_tmp = mk(
            &format!(".a.md.disclose-{dead}-0123456789abcdef.tmp"),
            false,
        );
        let dead_dir = mk(
            &format!(".ID.disclose-{dead}-0123456789abcdef.staging"),
            true,
        );
        let mine = mk(
            &format!(".b.md.disclose-{}-0123456789abcdef.tmp", std::process::id()),
            false,
        );
        let live = mk(".c.md.disclose-1-0123456789abcdef.tmp", false);
        let user = mk(".notes.tmp", false);
        let fresh = dir
            .path()
            .join(format!(".d.md.disclose-{dead}-0123456789abcdef.tmp"));
        fs::write(&fresh, b"x").unwrap();
        let mut removed = sweep_dead(dir.path());
        removed.sort();
        let mut want = vec![dead_tmp, dead_dir];
        want.sort();
        assert_eq!(removed, want);
        for kept in [mine, live, user, fresh] {
            assert!(kept.exists(), "{}", kept.display());
        }
    }
}
