//! Recognising input files by their `format:` key, and reading them safely.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::yaml::{self, Limits, Pos, SourceMap};

/// The kinds of file disclose reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `format: disclose/incident@1`.
    Incident,
    /// `format: disclose/policy@1`.
    Policy,
    /// `format: disclose/policy-tests@1`: a policy's tests in a sibling file.
    PolicyTests,
    /// `format: disclose/calendar@1`: a holiday calendar.
    Calendar,
}

/// The `format:` value of incident files this version reads.
///
/// The `format:` values live here, with the recogniser, rather than with each model, so that
/// this module (below `incident` and `policy`, which read files through it) imports neither;
/// `incident::INCIDENT_FORMAT`, `policy::model::POLICY_FORMAT` and the others re-export them.
pub const INCIDENT_FORMAT: &str = "disclose/incident@1";

/// The `format:` value of policy files this version reads.
pub const POLICY_FORMAT: &str = "disclose/policy@1";

/// The `format:` value of a policy's sibling test files (`<id>.tests.yaml`).
pub const POLICY_TESTS_FORMAT: &str = "disclose/policy-tests@1";

/// The `format:` value of holiday calendar files this version reads.
pub const CALENDAR_FORMAT: &str = "disclose/calendar@1";

/// Why [`read_bounded`] refused or failed to read a file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The path names a directory, a FIFO, a socket or a device, not a regular file.
    #[error("this is {0}, not a regular file")]
    NotAFile(&'static str),
    /// The file is larger than the limit (or grew past it while being read).
    #[error("the file is {len} bytes; at most {max} bytes are read")]
    TooLarge { len: u64, max: u64 },
}

/// What kind of non-regular file this is, for messages ("a named pipe (FIFO)", "a device", ...).
pub fn describe_file_type(t: &fs::FileType) -> &'static str {
    file_kind(*t).unwrap_or("a regular file")
}

/// What kind of non-regular file a path names, for messages.
fn file_kind(t: fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        } else if t.is_socket() {
            return Some("a socket");
        } else if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Reads a regular file of at most `max` bytes.
///
/// The path is checked with `stat` before it is opened, because opening a named pipe blocks until
/// something writes to it and reading a device may never end: either would hang the run. The
/// read stops one byte past `max`, in case the file grew after the check.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path)?;
    if let Some(kind) = file_kind(meta.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            len: meta.len(),
            max,
        });
    }
    let file = fs::File::open(path)?;
    // The path may have been replaced between the check and the open.
    if let Some(kind) = file_kind(file.metadata()?.file_type()) {
        return Err(ReadError::NotAFile(kind));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            len: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text, refusing files over the size limit, and anything that is not a
/// regular file, before reading them.
pub fn read_text(path: &Path, limits: &Limits) -> Result<String, Diagnostic> {
    let bytes = read_bounded(path, limits.max_bytes as u64).map_err(|e| {
        let hint = match &e {
            ReadError::Io(_) => "check the path and that the file is readable",
            ReadError::NotAFile("a directory") => "give the incident or policy file itself",
            ReadError::NotAFile(_) => "give the path of a YAML file saved on disk",
            ReadError::TooLarge { .. } => "check that the right file was given",
        };
        let message = match &e {
            ReadError::TooLarge { len, max } => {
                format!("the file is {len} bytes; disclose reads YAML files of at most {max} bytes")
            }
            _ => e.to_string(),
        };
        Diagnostic {
            severity: crate::diag::Severity::Error,
            message,
            pos: None,
            path: None,
            hint: Some(hint.into()),
        }
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let line = text.matches('\n').count() as u32 + 1;
        let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        Diagnostic::error("the file is not valid UTF-8", Pos { line, col })
            .hint("save the file as UTF-8 (Korean text in EUC-KR or CP949 must be converted)")
    })
}

/// Which kind of file this is, from its `format:` key.
pub fn detect(map: &SourceMap) -> Result<Kind, Diagnostic> {
    let Some(found) = map.scalar("format") else {
        let pos = map.get("").map_or(Pos::START, |n| n.pos);
        return Err(Diagnostic::error("this file has no `format:` key", pos).hint(format!(
            "an incident file starts with `format: {INCIDENT_FORMAT}`, a policy file with `format: {POLICY_FORMAT}`"
        )));
    };
    let pos = map.pos("format");
    match found.rsplit_once('@') {
        Some(("disclose/incident", _)) if found == INCIDENT_FORMAT => Ok(Kind::Incident),
        Some(("disclose/policy", _)) if found == POLICY_FORMAT => Ok(Kind::Policy),
        Some(("disclose/policy-tests", _))
            if found == POLICY_TESTS_FORMAT =>
        {
            Ok(Kind::PolicyTests)
        }
        Some(("disclose/calendar", _)) if found == CALENDAR_FORMAT => {
            Ok(Kind::Calendar)
        }
        Some(("disclose/incident", _)) => {
            let (m, h) = incident_format_problem(found);
            Err(Diagnostic::error(m, pos).hint(h))
        }
        Some(("disclose/policy", v)) => Err(Diagnostic::error(
            format!("unsupported policy format version `{v}`"),
            pos,
        )
        .hint(format!("this version of disclose reads `format: {POLICY_FORMAT}`"))),
        _ => Err(Diagnostic::error(format!("unknown format `{found}`"), pos).hint(format!(
            "use `format: {INCIDENT_FORMAT}` for an incident or `format: {POLICY_FORMAT}` for a policy"
        ))),
    }
}

/// Message and hint for a `format:` value that is not the one this version reads.
pub fn incident_format_problem(found: &str) -> (String, String) {
    match found.rsplit_once('@') {
        Some(("disclose/incident", v)) => (
            format!("unsupported incident format version `{v}`"),
            format!("this version of disclose reads `format: {INCIDENT_FORMAT}`"),
        ),
        _ => (
            format!("`{found}` is not an incident format"),
            format!("an incident file starts with `format: {INCIDENT_FORMAT}`"),
        ),
    }
}

/// Builds the source map of a text, turning a limit or syntax problem into a diagnostic.
pub fn map(src: &str, limits: &Limits) -> Result<SourceMap, Diagnostic> {
    yaml::source_map(src, limits).map_err(Diagnostic::from)
}
