//! Law-enforcement delays: a deadline moved to the end of a delay the incident records.
//!
//! Most U.S. state breach laws, HIPAA (45 CFR 164.412) and SEC Form 8-K Item 1.05(c) let a
//! notice or filing wait while law enforcement asks for it (or, for the SEC, while the U.S.
//! Attorney General has determined that disclosure poses a substantial risk to national security
//! or public safety). A policy says its law allows such a delay by listing a delay ground of that
//! kind ([`LAW_ENFORCEMENT_GROUNDS`]); the incident records each delay asked for or granted
//! (`law_enforcement_delays`: authority, places, from, until, reference). A delay that applies —
//! its places take in the policy's jurisdiction, and it began before the deadline passed — moves
//! the deadline to its end, so a notice or filing made inside it is in time, and the outcome
//! names the delay. The length a statute allows is the authority's to set and is not checked.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::incident::Incident;

use super::model::Obligation;

/// Delay-ground ids that stand for a delay at the request of law enforcement (or the U.S.
/// Attorney General's national-security determination under Item 1.05(c)).
pub const LAW_ENFORCEMENT_GROUNDS: &[&str] = &[
    "law-enforcement",
    "law-enforcement-needs",
    "law-enforcement-and-restoration",
    "criminal-investigation",
    "attorney-general-national-security",
];

/// The delay that moved a deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Delayed {
    /// Who asked for or granted it.
    pub authority: String,
    /// When it began.
    pub from: DateTime<FixedOffset>,
    /// When it ends: the new deadline.
    pub until: DateTime<FixedOffset>,
    /// Its reference, if recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The deadline without it.
    pub original_due: DateTime<FixedOffset>,
}

/// Whether a delay for `places` takes in `jurisdiction` (a country takes in its subdivisions).
fn covers(places: &[String], jurisdiction: &str) -> bool {
    places
        .iter()
        .any(|p| crate::incident::vocab::takes_in(p, jurisdiction))
}

/// The deadline of `o` (a duty of a law of `jurisdiction`, due at `due`) after the recorded
/// law-enforcement delays: the latest end of a delay that applies, with that delay, or `due`
/// unchanged and `None`.
pub fn apply(
    o: &Obligation,
    jurisdiction: &str,
    inc: &Incident,
    due: DateTime<FixedOffset>,
) -> (DateTime<FixedOffset>, Option<Delayed>) {
    let allowed = o
        .delay_grounds
        .iter()
        .any(|g| LAW_ENFORCEMENT_GROUNDS.contains(&g.id.as_str()));
    if !allowed {
        return (due, None);
    }
    let best = inc
        .law_enforcement_delays
        .iter()
        .filter(|d| covers(&d.jurisdictions, jurisdiction))
        .filter(|d| d.from.instant() <= due && d.until.instant() > due)
        .max_by_key(|d| d.until.instant());
    match best {
        Some(d) => (
            d.until.instant(),
            Some(Delayed {
                authority: d.authority.clone(),
                from: d.from.instant(),
                until: d.until.instant(),
                reference: d.reference.clone(),
                original_due: due,
            }),
        ),
        None => (due, None),
    }
}
