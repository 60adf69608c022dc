//! Printers: an [`Evaluation`] presented for a reader, one format per file.
//!
//! Evaluating an incident (`policy::eval`) and presenting the result are separate jobs, as
//! ripgrep keeps its printers apart from its searcher: the evaluation is plain data, and each
//! printer here turns it into one format and nothing else: [`text`] for an officer at a
//! terminal, [`json`] for programs (`disclose/check@1`, documented in `docs/check-json.md` and
//! stable: fields are only ever added), [`junit`] and [`sarif`] for CI, [`deadlines`] and
//! [`ics`] for the clock, [`diff`] for `disclose diff`. This file holds what several printers
//! share: time and duration formatting and labels; `layout` lays text out for a terminal
//! (escaping, wrapping, colour). Printers return strings; writing them is the caller's job.

use chrono::{DateTime, Duration, FixedOffset};
use chrono_tz::Tz;

use crate::incident::Incident;
use crate::policy::eval::{Evaluation, ObligationOutcome, Status};

mod deadlines;
mod diff;
mod ics;
mod json;
mod junit;
mod layout;
mod outcome;
mod sarif;
mod text;

pub use deadlines::{deadlines_text, next_due};
pub use diff::{Side, diff_json, diff_text};
pub use ics::ics;
pub use json::json;
pub use junit::junit;
pub use layout::Layout;
pub use outcome::outcome;
pub use sarif::sarif;
pub use text::{TextOptions, text};

/// Formats a duration as `2d 3h`, `1h 52m` or `12m`.
pub fn human(d: Duration) -> String {
    let secs = d.num_seconds().abs();
    let (days, hours, mins) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

pub(super) fn local(t: DateTime<FixedOffset>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

pub(super) fn utc(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&chrono::Utc)
        .format("%Y-%m-%d %H:%M UTC")
        .to_string()
}

pub(super) fn action_label(inc: &Incident, i: usize) -> String {
    match inc.actions.get(i) {
        Some(a) => match &a.to {
            Some(to) => format!("actions[{i}] {} to {to}", a.kind),
            None => format!("actions[{i}] {}", a.kind),
        },
        None => format!("actions[{i}]"),
    }
}

/// The law's wording for an obligation with no fixed period.
pub(super) fn timing_en(o: &ObligationOutcome) -> &str {
    o.timing
        .as_ref()
        .and_then(|t| t.en.as_deref())
        .unwrap_or("without undue delay")
}

/// Why the due time of an obligation with a fixed period could not be computed.
pub(super) fn cannot_compute(o: &ObligationOutcome) -> String {
    match &o.status {
        Status::Unknown { missing } => format!("missing {}", missing.join(", ")),
        _ => "its clock did not start".to_string(),
    }
}

pub(super) fn short_of(ev: &Evaluation, policy: &str) -> String {
    ev.policies
        .iter()
        .find(|p| p.id == policy)
        .and_then(|p| p.short.en.clone())
        .unwrap_or_else(|| policy.to_string())
}

pub(super) fn unconfirmed(confirmed: bool) -> &'static str {
    if confirmed { "" } else { " [unconfirmed]" }
}

/// The codes of the not-assessed findings that are not accepted, for `--accept-unassessed`.
pub(super) fn not_assessed_codes(ev: &Evaluation) -> Vec<String> {
    let mut v: Vec<String> = ev
        .not_assessed
        .iter()
        .filter(|n| !n.accepted)
        .map(|n| n.code.clone())
        .collect();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human(Duration::minutes(12)), "12m");
        assert_eq!(human(Duration::minutes(112)), "1h 52m");
        assert_eq!(human(Duration::hours(51)), "2d 3h");
    }
}
