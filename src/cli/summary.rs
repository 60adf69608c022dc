//! What `check DIR`, `render DIR` and `deadlines DIR` share: finding the incident files under a
//! directory (and counting the other YAML skipped), then printing the summary table and each
//! file's diagnostics grouped under its name, with the worst exit code.
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

/// What the walk of a batch's directory found besides the incident files.
#[derive(Clone, Copy, Debug)]
pub(super) struct Walk {
    /// Its exit code: 2 when an entry could not be read or nothing was found.
    pub(super) exit: Exit,
    /// YAML files that are not incidents (policies, calendars, CI files), skipped.
    pub(super) skipped: usize,
}

/// Finds the incident files under `dir` and reports the walk's problems; no files when there
/// is nothing to do.
pub(super) fn find_batch(dir: &Path) -> (Vec<PathBuf>, Walk) {
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
    let walk = Walk {
        exit,
        skipped: found.skipped,
    };
    (found.incidents, walk)
}

/// Prints the summary table, then each file's diagnostics (errors, warnings, notes) grouped
/// under its name, in file order, and returns the worst exit code. The table comes first so a
/// long run's result is not scrolled away by its warnings.
pub(super) fn finish_batch(
    outcomes: &[crate::batch::Outcome],
    headers: &[&str],
    elapsed: std::time::Duration,
    walk: Walk,
    table_to_stdout: bool,
) -> Exit {
    let mut exit = walk.exit;
    for o in outcomes {
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
        "{} incident file{} in {:.2} s: {} ok, {} with findings, {} invalid{}{}\n",
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
        match walk.skipped {
            0 => String::new(),
            1 => "; 1 other YAML file skipped".to_string(),
            n => format!("; {n} other YAML files skipped"),
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
    eprint!("{}", grouped_logs(outcomes));
    exit
}

/// Each file's diagnostics under a line naming it and its result, in file order; files with
/// nothing to say are left out.
fn grouped_logs(outcomes: &[crate::batch::Outcome]) -> String {
    let mut s = String::new();
    for o in outcomes.iter().filter(|o| !o.log.is_empty()) {
        s.push_str(&format!(
            "\n== {} ({}) ==\n",
            crate::yaml::visible(&o.path.display().to_string()),
            result_word(o.exit)
        ));
        s.push_str(o.log.trim_end());
        s.push('\n');
    }
    s
}
