//! `disclose check`: which obligations apply to one incident and their status, in the printer
//! `--format` names (see [`crate::print`]); or, for a directory, every incident file in parallel
//! and a summary table (text) or a `disclose/check-batch@1` document (JSON).

use std::path::Path;

use super::args::CheckFormat;
use super::evaluate::{When, evaluate_file, evaluate_incident, load_policies};
use super::summary::{find_batch, finish_batch, result_word};
use super::term::{stdout_layout, write_stdout};
use crate::diag::Color;
use crate::exit::Exit;

/// The summary row of one evaluation: applicable, met, missed, pending, unknown, control gaps.
pub(super) fn evaluation_counts(ev: &crate::policy::eval::Evaluation) -> Vec<String> {
    use crate::policy::eval::Status;
    let mut n = [0usize; 6];
    for o in &ev.obligations {
        let i = match o.status {
            Status::NotApplicable => continue,
            Status::Met { .. } => 1,
            Status::Missed { .. } => 2,
            Status::Overdue { .. } => 3,
            Status::Pending { .. } => 4,
            _ => 5,
        };
        n[0] += 1;
        n[i] += 1;
    }
    let gaps = ev.controls.iter().filter(|c| c.status == "gap").count();
    n.iter()
        .map(usize::to_string)
        .chain([gaps.to_string()])
        .collect()
}

pub(super) fn check_dir(
    dir: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    when: When<'_>,
    format: CheckFormat,
    jobs: Option<usize>,
    color: Color,
) -> Exit {
    if !matches!(format, CheckFormat::Text | CheckFormat::Json) {
        eprintln!(
            "error: a directory is checked with --format text or json\n  = help: check one file at a time for junit or sarif"
        );
        return Exit::BadInput;
    }
    let (files, walk_exit) = find_batch(dir);
    if files.is_empty() {
        return walk_exit.exit;
    }
    let Some(set) = load_policies(policies, no_builtin, false, color) else {
        return Exit::BadInput;
    };
    let (outcomes, elapsed) = crate::batch::run(&files, jobs, |path| {
        let mut log = String::new();
        match evaluate_incident(path, &set, when, color, &mut log) {
            Ok(e) => {
                let exit = if e.evaluation.has_findings() {
                    Exit::Findings
                } else {
                    Exit::Ok
                };
                let json = (format == CheckFormat::Json)
                    .then(|| serde_json::from_str(&crate::print::json(&e.evaluation)).ok())
                    .flatten();
                let mut row = vec![e.incident.id.clone()];
                row.extend(evaluation_counts(&e.evaluation));
                row.push(crate::print::next_due(&e.evaluation, &e.incident));
                crate::batch::Outcome {
                    path: path.to_path_buf(),
                    exit,
                    log,
                    row,
                    json,
                    text: String::new(),
                }
            }
            Err(exit) => crate::batch::Outcome::failed(path, exit, log),
        }
    });
    let headers = [
        "FILE",
        "RESULT",
        "INCIDENT",
        "APPLICABLE",
        "MET",
        "MISSED",
        "OVERDUE",
        "PENDING",
        "UNKNOWN",
        "GAPS",
        "NEXT DUE",
    ];
    if format == CheckFormat::Json {
        let files: Vec<serde_json::Value> = outcomes
            .iter()
            .map(|o| {
                let mut v = serde_json::json!({
                    "path": o.path.display().to_string(),
                    "exit": o.exit.code(),
                    "result": result_word(o.exit),
                });
                if let Some(j) = &o.json {
                    v["check"] = j.clone();
                }
                v
            })
            .collect();
        let doc = serde_json::json!({
            "format": "disclose/check-batch@1",
            "tool": format!("disclose {}", crate::VERSION),
            "files": files,
        });
        let out = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
        if write_stdout(&out).is_err() {
            return Exit::Io;
        }
        return finish_batch(&outcomes, &headers, elapsed, walk_exit, false);
    }
    finish_batch(&outcomes, &headers, elapsed, walk_exit, true)
}

pub(super) fn check(
    path: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    when: When<'_>,
    format: CheckFormat,
    opts: crate::print::TextOptions,
    color: Color,
) -> Exit {
    let e = match evaluate_file(path, policies, no_builtin, when, color) {
        Ok((e, _)) => e,
        Err(code) => return code,
    };
    let (ev, inc) = (&e.evaluation, &e.incident);
    let out = match format {
        CheckFormat::Text => crate::print::text(ev, inc, stdout_layout(), opts),
        CheckFormat::Json => crate::print::json(ev),
        CheckFormat::Junit => crate::print::junit(ev, inc),
        CheckFormat::Sarif => crate::print::sarif(ev, &path.display().to_string(), &e.map),
    };
    if let Err(err) = write_stdout(&out) {
        eprintln!("error: cannot write the result: {err}");
        return Exit::Io;
    }
    if ev.has_findings() {
        Exit::Findings
    } else {
        Exit::Ok
    }
}
