//! Recognising input files by their `format:` key, and reading them safely.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::incident::{self, INCIDENT_FORMAT};
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

/// The `format:` value of policy files.
pub const POLICY_FORMAT: &str = "disclose/policy@1";

/// Reads a file as UTF-8 text, refusing files over the size limit before reading them.
pub fn read_text(path: &Path, limits: &Limits) -> Result<String, Diagnostic> {
    let io = |e: std::io::Error| Diagnostic {
        severity: crate::diag::Severity::Error,
        message: format!("cannot read the file: {e}"),
        pos: None,
        path: None,
        hint: Some("check the path and that the file is readable".into()),
    };
    let file = fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(Diagnostic {
            message: "this is a directory, not a file".into(),
            hint: Some("give the incident or policy file itself".into()),
            ..io(std::io::Error::other(""))
        });
    }
    let max = limits.max_bytes as u64;
    if meta.len() > max {
        return Err(Diagnostic {
            message: format!(
                "the file is {} bytes; disclose reads YAML files of at most {max} bytes",
                meta.len()
            ),
            hint: Some("check that the right file was given".into()),
            ..io(std::io::Error::other(""))
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read at most one byte past the limit, in case the file grew after the size check.
    file.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(Diagnostic {
            message: format!("the file is larger than {max} bytes"),
            hint: Some("check that the right file was given".into()),
            ..io(std::io::Error::other(""))
        });
    }
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
            if found == crate::policy::model::POLICY_TESTS_FORMAT =>
        {
            Ok(Kind::PolicyTests)
        }
        Some(("disclose/calendar", _)) if found == crate::policy::calendar::FORMAT => {
            Ok(Kind::Calendar)
        }
        Some(("disclose/incident", _)) => {
            let (m, h) = incident::validate::format_problem(found);
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

/// Builds the source map of a text, turning a limit or syntax problem into a diagnostic.
pub fn map(src: &str, limits: &Limits) -> Result<SourceMap, Diagnostic> {
    yaml::source_map(src, limits).map_err(Diagnostic::from)
}
