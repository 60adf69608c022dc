//! What `check`, `deadlines` and `render` share: loading the policies, reading `--as-of`, and
//! checking and evaluating one incident file.
//!
//! Diagnostics are collected in a log string rather than printed, so that the files of a batch
//! run in parallel still print each file's problems together, in file order.

use std::path::Path;

use super::term::{self, print_problems};
use super::validate::{FileCheck, check_file};
use crate::diag::{self, Color, Source};
use crate::document::Kind;
use crate::exit::Exit;
use crate::policy::set::PolicySet;

/// The policies to evaluate with. Built-in policies are read from their compact form, without
/// tests, unless `with_tests` (see [`PolicySet::builtin_for_evaluation`]).
pub(super) fn load_policies(
    dir: Option<&Path>,
    no_builtin: bool,
    with_tests: bool,
    color: Color,
) -> Option<PolicySet> {
    let set = match (dir, no_builtin, with_tests) {
        (Some(d), true, _) => PolicySet::from_dir(d),
        (Some(d), false, true) => PolicySet::with_dir(d),
        (Some(d), false, false) => PolicySet::with_dir_for_evaluation(d),
        (None, _, true) => PolicySet::builtin(),
        (None, _, false) => PolicySet::builtin_for_evaluation(),
    };
    let mut denied = 0;
    for w in &set.warnings {
        let name = w.origin.display();
        let mut report = w.report.clone();
        let n = term::gate(&mut report);
        print_problems(Path::new(&name), &w.text, &report, color);
        if n > 0 {
            eprint!("{}", term::denied_line(Path::new(&name), n));
        }
        denied += n;
    }
    if denied > 0 {
        eprintln!(
            "error: the policies could not be used: --deny-warnings makes their warnings errors"
        );
        return None;
    }
    if !set.failed.is_empty() {
        for f in &set.failed {
            print_problems(Path::new(&f.origin.display()), &f.text, &f.report, color);
        }
        eprintln!(
            "error: {} policy file{} could not be loaded; fix {} before evaluating",
            set.failed.len(),
            if set.failed.len() == 1 { "" } else { "s" },
            if set.failed.len() == 1 { "it" } else { "them" }
        );
        return None;
    }
    if set.is_empty() {
        eprintln!("error: no policy files found");
        return None;
    }
    Some(set)
}

/// Reads `--as-of`: RFC 3339, or a local time in `zone`; default SOURCE_DATE_EPOCH, else now.
pub fn parse_as_of(
    arg: Option<&str>,
    zone: chrono_tz::Tz,
) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    if let Some(a) = arg {
        return crate::incident::time::Timestamp::parse(a, Some(zone))
            .map(|t| t.instant())
            .map_err(|e| format!("--as-of: {e}"));
    }
    if let Some(epoch) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch
            .to_string_lossy()
            .trim()
            .parse()
            .map_err(|_| "SOURCE_DATE_EPOCH is not a number of seconds".to_string())?;
        return chrono::DateTime::from_timestamp(secs, 0)
            .map(|t| t.fixed_offset())
            .ok_or_else(|| "SOURCE_DATE_EPOCH is out of range".to_string());
    }
    Ok(chrono::Utc::now().fixed_offset())
}

/// How to evaluate: at which time, and which not-assessed findings the user accepts.
#[derive(Clone, Copy)]
pub(super) struct When<'a> {
    pub(super) as_of: Option<&'a str>,
    pub(super) accept: &'a [String],
}

/// A valid incident, evaluated: what `check`, `deadlines` and `render` share.
pub(super) struct Evaluated {
    pub(super) text: String,
    pub(super) incident: crate::incident::Incident,
    pub(super) map: crate::yaml::SourceMap,
    pub(super) evaluation: crate::policy::eval::Evaluation,
}

/// Loads, validates and evaluates one incident file against `set`. Diagnostics go to `log` (so
/// that parallel batch runs print each file's problems together).
pub(super) fn evaluate_incident(
    path: &Path,
    set: &PolicySet,
    when: When<'_>,
    color: Color,
    log: &mut String,
) -> Result<Evaluated, Exit> {
    evaluate_checked(path, check_file(path), set, when, color, log)
}

/// [`evaluate_incident`] of a file already read and checked.
pub(super) fn evaluate_checked(
    path: &Path,
    mut checked: FileCheck,
    set: &PolicySet,
    when: When<'_>,
    color: Color,
    log: &mut String,
) -> Result<Evaluated, Exit> {
    use std::fmt::Write as _;
    let denied = term::gate(&mut checked.report);
    let src = Source {
        name: path,
        text: &checked.text,
    };
    if checked.kind != Some(Kind::Incident) || checked.report.has_errors() {
        log.push_str(&diag::render_report(&checked.report, &src, color));
        if denied > 0 {
            log.push_str(&term::denied_line(path, denied));
        }
        if checked.kind == Some(Kind::Policy) {
            let _ = writeln!(
                log,
                "error: {} is a policy file; this command takes an incident file",
                path.display()
            );
        } else {
            let _ = writeln!(
                log,
                "{}: the incident is not valid; fix it and run the command again",
                path.display()
            );
        }
        return Err(Exit::BadInput);
    }
    let Some((inc, map)) = checked.incident.take() else {
        return Err(Exit::BadInput);
    };
    let as_of = parse_as_of(when.as_of, inc.timezone.0).map_err(|e| {
        let _ = writeln!(log, "error: {e}");
        Exit::BadInput
    })?;
    // The file's warnings after the arguments are known to be good: an argument error comes
    // alone, not below warnings the user did not ask about.
    if checked.report.warnings() > 0 {
        log.push_str(&diag::render_report(&checked.report, &src, color));
    }
    let discovered = inc.timeline.discovered_at.instant();
    let mut denied = false;
    if as_of < discovered {
        let zone = inc.timezone.0;
        denied |= term::warn(
            log,
            &format!(
                "{}: evaluating as of {}, before the breach was discovered at {}\n  = note: the evaluation is the state of knowledge at that time: actions dated after it are ignored\n  = help: check --as-of (or SOURCE_DATE_EPOCH); a time without an offset is read in the incident's zone, {}",
                path.display(),
                as_of.with_timezone(&zone).to_rfc3339(),
                discovered.with_timezone(&zone).to_rfc3339(),
                zone.name()
            ),
        );
    }
    let mut evaluation = crate::policy::eval::evaluate(&set.policies(), &inc, as_of);
    for (calendar, laws) in crate::policy::eval::calendars_past_their_end(&evaluation) {
        let _ = writeln!(
            log,
            "warning: {}: evaluating as of {}, past the end of the holiday calendar `{}` ({}), which business-day deadlines of {} count on\n  = note: a business-day deadline that falls after the calendar's end cannot be computed\n  = help: add that year's holidays to the calendar (disclose policy list shows every calendar's years)",
            path.display(),
            as_of.date_naive(),
            calendar.id(),
            calendar.covers(),
            laws.join(", ")
        );
    }
    for code in evaluation.accept_unassessed(when.accept) {
        denied |= term::warn(
            log,
            &format!(
                "{}: --accept-unassessed {code} matches nothing that is not assessed",
                path.display()
            ),
        );
    }
    if denied {
        return Err(Exit::BadInput);
    }
    Ok(Evaluated {
        text: checked.text,
        incident: inc,
        map,
        evaluation,
    })
}

/// [`evaluate_incident`] for one file, printing its diagnostics; also returns the policies.
pub(super) fn evaluate_file(
    path: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    when: When<'_>,
    color: Color,
) -> Result<(Evaluated, PolicySet), Exit> {
    // The incident first: its problems matter more than the policies' when both are wrong.
    let checked = check_file(path);
    let mut log = String::new();
    if checked.kind != Some(Kind::Incident) || checked.report.has_errors() {
        let set = PolicySet::default();
        let r = evaluate_checked(path, checked, &set, when, color, &mut log);
        eprint!("{log}");
        return r.map(|e| (e, set));
    }
    let Some(set) = load_policies(policies, no_builtin, false, color) else {
        return Err(Exit::BadInput);
    };
    let r = evaluate_checked(path, checked, &set, when, color, &mut log);
    eprint!("{log}");
    r.map(|e| (e, set))
}
