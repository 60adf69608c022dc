//! The deadlines printer: `disclose deadlines`, the clock as plain text.
//!
//! Every applicable obligation, soonest first, one line each, with its due time in the
//! incident's zone and in UTC; a duty without a fixed period shows the law's wording instead,
//! and one whose time cannot be computed says why.

use std::fmt::Write as _;

use crate::incident::Incident;
use crate::policy::eval::{Evaluation, Status};

use super::{cannot_compute, local, short_of, timing_en, utc};

/// `disclose deadlines`: every applicable obligation with a due time, soonest first, in the
/// incident's zone and in UTC.
pub fn deadlines_text(ev: &Evaluation, inc: &Incident) -> String {
    let zone = inc.timezone.0;
    let mut s = format!(
        "{} deadlines as of {} ({})\n",
        inc.id,
        local(ev.as_of, zone),
        zone.name()
    );
    for n in &ev.not_assessed {
        let _ = writeln!(
            s,
            "{:<43} {:<8} {}",
            "cannot compute (not assessed)",
            if n.accepted { "accepted" } else { "unknown" },
            n.reason.en.as_deref().unwrap_or(&n.code)
        );
    }
    for o in ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
    {
        let when = match &o.due {
            Some(d) => format!("{:<22} {:<20}", local(d.local, zone), utc(d.local)),
            None if o.within.is_some() => {
                format!("{:<43}", format!("cannot compute ({})", cannot_compute(o)))
            }
            None => format!("{:<43}", timing_en(o)),
        };
        let _ = writeln!(
            s,
            "{when} {:<8} {} · {} ({})",
            o.status.name(),
            short_of(ev, &o.policy),
            o.title.en.as_deref().unwrap_or(&o.id),
            o.citation.en
        );
    }
    s
}

/// The soonest due time of a pending obligation, in the incident's zone (`-` when nothing is
/// pending with a fixed time): the NEXT DUE column of `deadlines DIR`.
pub fn next_due(ev: &Evaluation, inc: &Incident) -> String {
    ev.obligations
        .iter()
        .filter(|o| matches!(o.status, Status::Pending { .. }))
        .filter_map(|o| o.due.as_ref().map(|d| d.local))
        .min()
        .map_or_else(|| "-".to_string(), |t| local(t, inc.timezone.0))
}
