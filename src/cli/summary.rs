//! What `check DIR`, `render DIR` and `deadlines DIR` share: finding the incident files under a directory and
//! printing each file's diagnostics, then the summary table, with the worst exit code.
//!
//! The parallel run itself is [`crate::batch`]; this is how its outcomes are shown.

use std::path::{Path, PathBuf};

use super::term::write_stdout;
use crate::exit::Exit;

pub(super) fn result_word(exit: Exit) -> &'static str {
    match exit {
        Exit::Ok => "ok",
        Exit::Findings => "findings",
        Exit::BadInput => "invalid",
        Exit::Io => "not written",
    }
}

/// Finds the incident files under `dir` and reports the walk's problems; `None` when there is
/// nothing to do.
pub(super) fn find_batch(dir: &Path) -> (Vec<PathBuf>, Exit) {
    let found = crate::batch::find_incidents(dir);
    let mut exit = Exit::Ok;
    for (path, why) in &found.errors {
        eprintln!("error: {}: {why}", path.display());
        exit = Exit::BadInput;
    }
    if found.incidents.is_empty() {
        eprintln!(
            "error: no incident files under {} (an incident file is a .yaml or .yml file with `format: disclose/incident@1`)",
            dir.display()
        );
        exit = Exit::BadInput;
    }
    (found.incidents, exit)
}

/// Prints the outcomes' diagnostics in file order, then the summary table, and returns the
/// worst exit code.
pub(super) fn finish_batch(
    outcomes: &[crate::batch::Outcome],
    headers: &[&str],
    elapsed: std::time::Duration,
    walk_exit: Exit,
    table_to_stdout: bool,
) -> Exit {
    let mut exit = walk_exit;
    for o in outcomes {
        eprint!("{}", o.log);
        exit = crate::exit::worst(exit, o.exit);
    }
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            let mut r = vec![o.path.display().to_string(), result_word(o.exit).into()];
            r.extend(o.row.iter().cloned());
            r
        })
        .collect();
    let count = |e: Exit| outcomes.iter().filter(|o| o.exit == e).count();
    let summary = format!(
        "{} incident file{} in {:.2} s: {} ok, {} with findings, {} invalid{}\n",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        elapsed.as_secs_f64(),
        count(Exit::Ok),
        count(Exit::Findings),
        count(Exit::BadInput),
        match count(Exit::Io) {
            0 => String::new(),
            n => format!(", {n} not written"),
        },
    );
    let table = format!("{}{summary}", crate::batch::table(headers, &rows));
    if table_to_stdout {
        // Each file's own output (the clocks of `deadlines DIR`), in file order, then the table.
        let mut text: String = outcomes.iter().map(|o| o.text.as_str()).collect();
        text.push_str(&table);
        if write_stdout(&text).is_err() {
            return Exit::Io;
        }
    } else {
        eprint!("{table}");
    }
    exit
}
