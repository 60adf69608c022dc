//! `disclose deadlines`: the clock of one incident as text, and optionally as an iCalendar
//! file (`--ics`), written atomically.

use std::path::Path;

use super::evaluate::{When, evaluate_file};
use super::term::write_stdout;
use crate::diag::Color;
use crate::exit::Exit;

pub(super) fn deadlines(
    path: &Path,
    policies: Option<&Path>,
    when: When<'_>,
    ics: Option<&Path>,
    color: Color,
) -> Exit {
    let e = match evaluate_file(path, policies, false, when, color) {
        Ok((e, _)) => e,
        Err(code) => return code,
    };
    if let Some(file) = ics {
        let cal = crate::print::ics(&e.evaluation, &e.incident);
        if let Err(err) = crate::output::write_atomic(file, cal.as_bytes()) {
            eprintln!("error: cannot write {}: {err}", file.display());
            return Exit::Io;
        }
    }
    if write_stdout(&crate::print::deadlines_text(&e.evaluation, &e.incident)).is_err() {
        return Exit::Io;
    }
    if e.evaluation.has_findings() {
        Exit::Findings
    } else {
        Exit::Ok
    }
}
