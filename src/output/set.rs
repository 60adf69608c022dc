//! Writing a report set: every file of one run lands together, or none does.
//!
//! A set is written into a staging directory beside `OUT/<id>` (a scratch entry, see
//! [`super::atomic`]) and swapped into place in one rename: on Linux `renameat2(RENAME_EXCHANGE)`
//! trades the staging directory and the previous set atomically; elsewhere the previous set is
//! first moved aside. So `OUT/<id>` always holds one complete set from one run: a full disk or a
//! kill mid-write leaves the previous set as it was, and reports the incident no longer calls for
//! do not linger beside the new ones (the caller is told which ones went).
//!
//! `OUT/<id>` is disclose's own directory. A symbolic link there is refused (reports would land in
//! the link's target), and so is a directory holding anything disclose did not write, which a
//! swap would otherwise remove.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::atomic::{self, Scratch};

/// Why a report set was not written.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    /// A path is not what disclose may write to (a link, a file where a directory belongs, a
    /// directory holding other files). Nothing was written.
    #[error("{0}")]
    Refused(String),
    /// Reading or writing failed (a full disk, no permission). The previous set is untouched.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> SetError + '_ {
    move |source| SetError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What a successful write did.
#[derive(Debug, Default)]
pub struct Written {
    /// The files now in `OUT/<id>`, in the order given.
    pub files: Vec<PathBuf>,
    /// Files of the previous set that this set does not have (removed with it).
    pub dropped: Vec<String>,
    /// Scratch entries of dead runs that were swept.
    pub swept: Vec<PathBuf>,
}

/// Checks that `out` is a directory or can be made one, and says what it is when it is not.
pub fn check_out_dir(out: &Path) -> Result<(), SetError> {
    match fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => match fs::metadata(out) {
            Ok(t) if t.is_dir() => Ok(()),
            Ok(_) => Err(SetError::Refused(format!(
                "the output directory {} is a symbolic link to {}, which is not a directory",
                out.display(),
                link_target(out)
            ))),
            Err(_) => Err(SetError::Refused(format!(
                "the output directory {} is a symbolic link to {}, which does not exist",
                out.display(),
                link_target(out)
            ))),
        },
        Ok(m) if !m.is_dir() => Err(SetError::Refused(format!(
            "the output directory {} exists and is not a directory",
            out.display()
        ))),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(SetError::Io {
            path: out.to_path_buf(),
            source: e,
        }),
    }
}

fn link_target(p: &Path) -> String {
    fs::read_link(p).map_or_else(|_| "?".into(), |t| t.display().to_string())
}

/// Writes `files` (file name, bytes) as the set `OUT/<stem>`, replacing the previous set whole.
/// `is_ours` says whether a file name in a previous set is one disclose writes; anything else
/// there makes the write refuse, so a swap never removes a file someone put there.
pub fn write_set(
    out: &Path,
    stem: &str,
    files: &[(String, &[u8])],
    is_ours: &dyn Fn(&str) -> bool,
) -> Result<Written, SetError> {
    check_out_dir(out)?;
    fs::create_dir_all(out).map_err(io_at(out))?;
    let mut written = Written {
        swept: atomic::sweep_dead(out),
        ..Written::default()
    };
    let target = out.join(stem);
    let previous = previous_set(&target, is_ours)?;
    let (staging, _) = atomic::create_scratch(out, stem, Scratch::Staging).map_err(io_at(out))?;
    let filled = fill(&staging, files);
    if let Err(e) = filled {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if let Some(old_names) = previous {
        swap(out, stem, &staging, &target)?;
        written.dropped = old_names
            .into_iter()
            .filter(|n| atomic::parse_scratch(n).is_none() && !files.iter().any(|(f, _)| f == n))
            .collect();
    } else if let Err(e) = fs::rename(&staging, &target) {
        let _ = fs::remove_dir_all(&staging);
        return Err(SetError::Io {
            path: target,
            source: e,
        });
    }
    atomic::sync_dir(out);
    written.files = files.iter().map(|(n, _)| target.join(n)).collect();
    Ok(written)
}

/// The names in the previous set at `target`, `None` when there is none, or why it cannot be
/// replaced.
fn previous_set(
    target: &Path,
    is_ours: &dyn Fn(&str) -> bool,
) -> Result<Option<Vec<String>>, SetError> {
    let meta = match fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_at(target)(e)),
    };
    if meta.file_type().is_symlink() {
        return Err(SetError::Refused(format!(
            "{} is a symbolic link (to {}); reports are written only into a directory of their own, never through a link: remove the link",
            target.display(),
            link_target(target)
        )));
    }
    if !meta.is_dir() {
        return Err(SetError::Refused(format!(
            "{} exists and is not a directory: move it, or choose another --out",
            target.display()
        )));
    }
    let mut names = Vec::new();
    let mut foreign = Vec::new();
    for entry in fs::read_dir(target).map_err(io_at(target))? {
        let entry = entry.map_err(io_at(target))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let legacy_tmp = name.starts_with('.') && name.ends_with(".tmp");
        if is_file && (is_ours(&name) || legacy_tmp || atomic::parse_scratch(&name).is_some()) {
            names.push(name);
        } else {
            foreign.push(name);
        }
    }
    if !foreign.is_empty() {
        foreign.sort();
        return Err(SetError::Refused(format!(
            "{} holds files disclose did not write ({}); a new report set replaces the directory whole, so move them elsewhere or choose another --out",
            target.display(),
            foreign.join(", ")
        )));
    }
    names.sort();
    Ok(Some(names))
}

/// Writes every file into the (new, empty, exclusively created) staging directory.
fn fill(staging: &Path, files: &[(String, &[u8])]) -> Result<(), SetError> {
    for (name, bytes) in files {
        let path = staging.join(name);
        let mut f = atomic::create_exclusive(&path).map_err(io_at(&path))?;
        f.write_all(bytes).map_err(io_at(&path))?;
        f.sync_all().map_err(io_at(&path))?;
    }
    atomic::sync_dir(staging);
    Ok(())
}

/// Puts the staging directory in the place of the previous set at `target` and removes the
/// previous set. On failure the previous set stays in place and the staging directory is removed.
fn swap(out: &Path, stem: &str, staging: &Path, target: &Path) -> Result<(), SetError> {
    match exchange(staging, target) {
        Ok(()) => {
            // The previous set is now at the staging path.
            let _ = fs::remove_dir_all(staging);
            return Ok(());
        }
        Err(e) if !exchange_unsupported(&e) => {
            let _ = fs::remove_dir_all(staging);
            return Err(io_at(target)(e));
        }
        Err(_) => {}
    }
    // No atomic exchange here: move the previous set aside, then the new one in.
    let fail = |e: io::Error| {
        let _ = fs::remove_dir_all(staging);
        io_at(target)(e)
    };
    let (aside, _) = atomic::create_scratch(out, stem, Scratch::Old).map_err(fail)?;
    // `create_scratch` made an empty directory to reserve the name; a directory renames over an
    // empty one.
    if let Err(e) = fs::rename(target, &aside) {
        let _ = fs::remove_dir(&aside);
        return Err(fail(e));
    }
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(&aside, target);
        return Err(fail(e));
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a path holds a NUL byte"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths; the call only renames.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE as _,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether the exchange failed only because the system or file system cannot do it.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(name: &str) -> bool {
        name.ends_with(".md") || name.ends_with(".pdf")
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_new_set_replaces_the_previous_one_whole() {
        let out = tempfile::tempdir().unwrap();
        let first = [
            ("a.en.md".to_string(), &b"a1"[..]),
            ("stale.en.md".to_string(), &b"s1"[..]),
        ];
        let w = write_set(out.path(), "ID", &first, &ours).unwrap();
        assert!(w.dropped.is_empty());
        let second = [("a.en.md".to_string(), &b"a2"[..])];
        let w = write_set(out.path(), "ID", &second, &ours).unwrap();
        assert_eq!(w.dropped, vec!["stale.en.md".to_string()]);
        assert_eq!(names(&out.path().join("ID")), vec!["a.en.md"]);
        assert_eq!(fs::read(out.path().join("ID/a.en.md")).unwrap(), b"a2");
        // Nothing but the set is left in OUT.
        assert_eq!(names(out.path()), vec!["ID"]);
    }

    #[test]
    fn the_fallback_swap_gives_the_same_result() {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("ID");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("old.en.md"), b"old").unwrap();
        let staging = out.path().join(".ID.staging");
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("new.en.md"), b"new").unwrap();
        // Force the path taken where no atomic exchange exists.
        let (aside, _) = atomic::create_scratch(out.path(), "ID", Scratch::Old).unwrap();
        fs::rename(&target, &aside).unwrap();
        fs::rename(&staging, &target).unwrap();
        fs::remove_dir_all(&aside).unwrap();
        assert_eq!(names(&target), vec!["new.en.md"]);
        assert_eq!(names(out.path()), vec!["ID"]);
    }

    /// Issue 20, P0: reports landed in the target of a link planted at `OUT/<id>`.
    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_set_directory_is_refused() {
        let out = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), out.path().join("ID")).unwrap();
        let files = [("a.en.md".to_string(), &b"a"[..])];
        let e = write_set(out.path(), "ID", &files, &ours).unwrap_err();
        assert!(matches!(e, SetError::Refused(_)), "{e}");
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        assert!(names(elsewhere.path()).is_empty());
        assert_eq!(names(out.path()), vec!["ID"]);
    }

    #[test]
    fn a_set_directory_holding_other_files_is_refused_untouched() {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("ID");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("notes.txt"), b"mine").unwrap();
        let files = [("a.en.md".to_string(), &b"a"[..])];
        let e = write_set(out.path(), "ID", &files, &ours).unwrap_err();
        assert!(e.to_string().contains("notes.txt"), "{e}");
        assert_eq!(names(&target), vec!["notes.txt"]);
        assert_eq!(names(out.path()), vec!["ID"]);
    }

    /// Issue 20, P2: `--out` naming a dangling link said only "File exists (os error 17)".
    #[cfg(unix)]
    #[test]
    fn a_dangling_output_link_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::os::unix::fs::symlink(dir.path().join("gone"), &out).unwrap();
        let files = [("a.en.md".to_string(), &b"a"[..])];
        let e = write_set(&out, "ID", &files, &ours).unwrap_err();
        assert!(e.to_string().contains("which does not exist"), "{e}");
        assert!(!dir.path().join("gone").exists());
    }
}
