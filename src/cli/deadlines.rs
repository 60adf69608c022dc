//! `disclose deadlines`: the clock of one incident as text, and optionally as an iCalendar
//! file (`--ics`), written atomically; or, for a directory, the clock of every incident under
//! it (evaluated in parallel, printed in file order) and a summary table with the next time due.

use std::path::Path;

use super::evaluate::{When, evaluate_file, evaluate_incident, load_policies};
use super::summary::{find_batch, finish_batch};
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

pub(super) fn deadlines_dir(
    dir: &Path,
    policies: Option<&Path>,
    when: When<'_>,
    ics: Option<&Path>,
    jobs: Option<usize>,
    color: Color,
) -> Exit {
    if ics.is_some() {
        eprintln!(
            "error: --ics writes the calendar of one incident, and {} is a directory\n  = help: run `disclose deadlines FILE --ics FILE.ics` for each incident",
            dir.display()
        );
        return Exit::BadInput;
    }
    let (files, walk_exit) = find_batch(dir);
    if files.is_empty() {
        return walk_exit.exit;
    }
    let Some(set) = load_policies(policies, false, false, color) else {
        return Exit::BadInput;
    };
    let (outcomes, elapsed) = crate::batch::run(&files, jobs, |path| {
        let mut log = String::new();
        match evaluate_incident(path, &set, when, color, &mut log) {
            Ok(e) => {
                let (ev, inc) = (&e.evaluation, &e.incident);
                let pending = ev
                    .obligations
                    .iter()
                    .filter(|o| matches!(o.status, crate::policy::eval::Status::Pending { .. }))
                    .count();
                crate::batch::Outcome {
                    path: path.to_path_buf(),
                    exit: if ev.has_findings() {
                        Exit::Findings
                    } else {
                        Exit::Ok
                    },
                    log,
                    row: vec![
                        inc.id.clone(),
                        pending.to_string(),
                        crate::print::next_due(ev, inc),
                    ],
                    json: None,
                    text: crate::print::deadlines_text(ev, inc) + "\n",
                }
            }
            Err(exit) => crate::batch::Outcome::failed(path, exit, log),
        }
    });
    finish_batch(
        &outcomes,
        &["FILE", "RESULT", "INCIDENT", "PENDING", "NEXT DUE"],
        elapsed,
        walk_exit,
        true,
    )
}
