//! `disclose diff OLD NEW`: what changed between two versions of an incident file, as text or
//! as `disclose/diff@1` JSON.
//!
//! Both files are checked first (their problems printed together, exit 2 if either is
//! invalid), then evaluated with the same policies at the same instant: `--as-of` (a local time
//! read in the new version's zone), else SOURCE_DATE_EPOCH, else now, read once so that both
//! evaluations share it. The comparison itself is [`crate::policy::compare`]. The exit code
//! follows diff(1): 0 when nothing differs, 1 when something does, 2 on bad input.

use std::path::Path;

use super::args::DiffFormat;
use super::evaluate::{When, evaluate_checked, load_policies, parse_as_of};
use super::term::{stdout_layout, write_stdout};
use super::validate::check_file;
use crate::diag::Color;
use crate::document::Kind;
use crate::exit::Exit;
use crate::policy::set::PolicySet;
use crate::print::Side;

pub(super) fn diff(
    old: &Path,
    new: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    as_of: Option<&str>,
    format: DiffFormat,
    color: Color,
) -> Exit {
    let checked = [check_file(old), check_file(new)];
    let valid =
        |c: &super::validate::FileCheck| c.kind == Some(Kind::Incident) && !c.report.has_errors();
    if !checked.iter().all(valid) {
        // Both files' problems, in one run.
        let empty = PolicySet::default();
        let when = When { as_of, accept: &[] };
        for (path, c) in [old, new].into_iter().zip(checked) {
            let mut log = String::new();
            if !valid(&c) {
                let _ = evaluate_checked(path, c, &empty, when, color, &mut log);
            }
            eprint!("{log}");
        }
        return Exit::BadInput;
    }
    // One instant for both, in the new version's zone.
    let zone = checked[1]
        .incident
        .as_ref()
        .map_or(chrono_tz::Tz::UTC, |(inc, _)| inc.timezone.0);
    let at = match parse_as_of(as_of, zone) {
        Ok(t) => t.to_rfc3339(),
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let Some(set) = load_policies(policies, no_builtin, false, color) else {
        return Exit::BadInput;
    };
    let when = When {
        as_of: Some(&at),
        accept: &[],
    };
    let mut evaluated = Vec::new();
    for (path, c) in [old, new].into_iter().zip(checked) {
        let mut log = String::new();
        let r = evaluate_checked(path, c, &set, when, color, &mut log);
        eprint!("{log}");
        match r {
            Ok(e) => evaluated.push(e),
            Err(exit) => return exit,
        }
    }
    let [a, b] = &evaluated[..] else {
        return Exit::BadInput;
    };
    let comparison =
        crate::policy::compare::compare((&a.incident, &a.evaluation), (&b.incident, &b.evaluation));
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    let sides = (
        Side {
            file: &old_name,
            incident: &a.incident.id,
        },
        Side {
            file: &new_name,
            incident: &b.incident.id,
        },
    );
    let as_of = b.evaluation.as_of;
    let out = match format {
        DiffFormat::Text => crate::print::diff_text(
            &comparison,
            sides.0,
            sides.1,
            as_of,
            b.incident.timezone.0,
            stdout_layout().color,
        ),
        DiffFormat::Json => crate::print::diff_json(&comparison, sides.0, sides.1, as_of),
    };
    if let Err(e) = write_stdout(&out) {
        eprintln!("error: cannot write the comparison: {e}");
        return Exit::Io;
    }
    if comparison.is_empty() {
        Exit::Ok
    } else {
        Exit::Findings
    }
}
