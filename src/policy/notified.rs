//! Notification coverage: for each place in `affected.by_jurisdiction`, how many of the people
//! living there the recorded notices reached, how many remain, and which laws require a notice
//! to them.
//!
//! An obligation is met by the first matching notice, so a notice that reached 4,536 people in
//! Korea meets PIPA Art. 34 although 1,200 people in Ohio and Germany heard nothing (issue 16).
//! Coverage counts people instead. Each notice to people (`subject_notice`, known at the
//! evaluation time, in time order) covers the places it names in `jurisdictions` (a country
//! name covers its subdivisions: `US` covers `US-CA`), or every place when it names none. It
//! reaches `subjects` people, or everyone left in those places when it gives no count; a count
//! at least as large as the people left there reaches them all (a later phase that re-notifies
//! everyone is not counted twice). A count smaller than the people left in several places does
//! not say where they lived: those places are then *not determinable*, and never a finding.
//!
//! A place's notice is *required* by each applicable notice-to-people obligation whose
//! `satisfied_by.jurisdictions` names it (or its country), or names none (PIPA's duty runs to
//! every data subject, wherever they live). People left unnotified are a finding (exit 1) when a
//! law requires their notice and that duty is already met or missed: its own status does not
//! show them. While the duty is pending, the pending status says it.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::incident::Incident;

use super::load::CompiledPolicy;

/// An obligation as coverage reads it: its policy, id, kind and status name (`met`, `missed`,
/// `not_applicable`, ...).
#[derive(Clone, Copy, Debug)]
pub struct Duty<'a> {
    /// The policy's id.
    pub policy: &'a str,
    /// The obligation's id.
    pub id: &'a str,
    /// Its kind, e.g. `subject_notice`.
    pub kind: &'a str,
    /// Its status name.
    pub status: &'static str,
}

/// The coverage of one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// The ISO 3166 code, as in `affected.by_jurisdiction`.
    pub jurisdiction: String,
    /// People affected there.
    pub affected: u64,
    /// People the recorded notices reached; absent when not determinable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reached: Option<u64>,
    /// People not yet reached; absent when not determinable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u64>,
    /// The notice obligations that require a notice to people there: `policy/id` and status.
    pub required_by: Vec<RequiredBy>,
    /// True when people there have no notice although a law requires one and its duty is met or
    /// missed.
    pub finding: bool,
    /// Why the count is not determinable, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An obligation that requires a notice to people in a place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequiredBy {
    /// The policy's id.
    pub policy: String,
    /// The obligation's id.
    pub id: String,
    /// Its status name.
    pub status: &'static str,
}

/// Whether a code named in a notice or a rule (`US`, `US-CA`, `DE`) covers the place `place`.
fn names(code: &str, place: &str) -> bool {
    crate::incident::vocab::takes_in(code, place)
}

/// The coverage of every place in `affected.by_jurisdiction` at `as_of`.
pub fn coverage(
    policies: &[&CompiledPolicy],
    inc: &Incident,
    as_of: DateTime<FixedOffset>,
    obligations: &[Duty<'_>],
) -> Vec<Reach> {
    let places: Vec<(&String, u64)> = inc
        .affected
        .by_jurisdiction
        .iter()
        .map(|(k, v)| (k, *v))
        .collect();
    let mut left: Vec<u64> = places.iter().map(|(_, n)| *n).collect();
    let mut unknown: Vec<Option<String>> = vec![None; places.len()];
    let mut notices: Vec<_> = inc
        .actions
        .iter()
        .filter(|a| a.kind == "subject_notice" && a.at.instant() <= as_of)
        .collect();
    notices.sort_by_key(|a| a.at.instant());
    for a in notices {
        let targets: Vec<usize> = (0..places.len())
            .filter(|&i| {
                a.jurisdictions.is_empty() || a.jurisdictions.iter().any(|j| names(j, places[i].0))
            })
            .collect();
        let cap: u64 = targets.iter().map(|&i| left[i]).sum();
        let n = a.subjects.unwrap_or(cap);
        if n >= cap {
            for &i in &targets {
                left[i] = 0;
            }
        } else if let [i] = targets[..] {
            left[i] -= n;
        } else {
            let codes: Vec<&str> = targets.iter().map(|&i| places[i].0.as_str()).collect();
            for &i in &targets {
                unknown[i] = Some(format!(
                    "a notice of {} on {} covers {} without saying how many lived where",
                    crate::incident::validate::fmt_count(n),
                    a.at.instant().date_naive(),
                    codes.join(", ")
                ));
            }
        }
    }
    places
        .iter()
        .enumerate()
        .map(|(i, (code, affected))| {
            let required_by: Vec<RequiredBy> = obligations
                .iter()
                .filter(|o| o.kind == "subject_notice" && o.status != "not_applicable")
                .filter(|o| {
                    policies
                        .iter()
                        .find(|p| p.policy.id == o.policy)
                        .and_then(|p| p.full().policy.obligations.iter().find(|r| r.id == o.id))
                        .is_some_and(|r| {
                            r.satisfied_by.jurisdictions.is_empty()
                                || r.satisfied_by.jurisdictions.iter().any(|j| names(j, code))
                        })
                })
                .map(|o| RequiredBy {
                    policy: o.policy.to_string(),
                    id: o.id.to_string(),
                    status: o.status,
                })
                .collect();
            let determinable = unknown[i].is_none();
            let remaining = determinable.then_some(left[i]);
            Reach {
                jurisdiction: (*code).clone(),
                affected: *affected,
                reached: remaining.map(|r| affected - r),
                remaining,
                finding: remaining.is_some_and(|r| r > 0)
                    && required_by
                        .iter()
                        .any(|r| matches!(r.status, "met" | "missed")),
                required_by,
                note: unknown[i].clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_names_its_subdivisions() {
        assert!(names("US", "US-CA"));
        assert!(names("US-CA", "US-CA"));
        assert!(!names("US-C", "US-CA"));
        assert!(!names("DE", "US-CA"));
    }
}
