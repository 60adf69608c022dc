//! What a new version of an incident changes: its facts, and what the law makes of them.
//!
//! `disclose diff OLD NEW` is how an officer reviews a supplementary report. The facts are
//! compared field by field ([`crate::incident::diff`]); both versions are evaluated with the
//! same policies at the same time by the caller, and [`compare`] sets the two evaluations side
//! by side: laws that start or stop applying (or whose version changes), obligations that
//! appear or disappear, and obligations whose status, due time or deciding action changes.
//!
//! Places, listings and roles that no policy in force assesses are compared too: a new version
//! whose facts reach a place no law here covers (residents of American Samoa added) gains a
//! not-assessed finding, which the review must show as plainly as an obligation that appeared.
//!
//! Obligations are matched by their law's family and their id, not by the policy's id, so an
//! obligation whose law's version changes with the facts (a later discovery date selects a
//! later version) is one obligation that changed, not one gone and one new. Applicable
//! obligations only: one that does not apply in either version is no change.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::incident::diff::FactChange;
use crate::incident::{Incident, Text};

use super::coverage::{Attach, NotAssessed};
use super::eval::{Evaluation, ObligationOutcome, Status};

/// How an obligation or a law changed between the versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// It applies to the new version only.
    Appeared,
    /// It applies to the old version only.
    Disappeared,
    /// It applies to both, differently.
    Changed,
}

impl Shift {
    /// The shift's name, as output gives it.
    pub fn name(self) -> &'static str {
        match self {
            Shift::Appeared => "appeared",
            Shift::Disappeared => "disappeared",
            Shift::Changed => "changed",
        }
    }
}

/// How an applicable obligation stands in one version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// Its status (`met`, `missed`, `pending`, `overdue`, `unknown`).
    pub status: &'static str,
    /// When it is due, in the incident's zone (absent without a fixed due time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<DateTime<FixedOffset>>,
    /// The action that met it or was late (index into that version's `actions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<usize>,
    /// When that action was taken.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_at: Option<DateTime<FixedOffset>>,
    /// For `unknown`: the facts missing to decide.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// For `missed`: what was wrong with the action, when one was taken (a posting too short).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Standing {
    fn of(o: &ObligationOutcome) -> Standing {
        let (action, action_at) = match &o.status {
            Status::Met { action, at, .. } => (Some(*action), Some(*at)),
            Status::Missed { action, at, .. } => (*action, *at),
            _ => (None, None),
        };
        let (missing, detail) = match &o.status {
            Status::Unknown { missing } => (missing.clone(), None),
            Status::Missed { detail, .. } => (Vec::new(), detail.clone()),
            _ => (Vec::new(), None),
        };
        Standing {
            status: o.status.name(),
            due: o.due.as_ref().map(|d| d.local),
            action,
            action_at,
            missing,
            detail,
        }
    }

    /// The same standing, whatever index the deciding action has in its file (an action
    /// inserted before it moves it without changing anything).
    fn same(&self, other: &Standing) -> bool {
        self.status == other.status && self.due == other.due && self.action_at == other.action_at
    }
}

/// An obligation that appeared, disappeared or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObligationChange {
    /// Its law's family (the policy id without its version).
    pub family: String,
    /// The law's short name.
    pub law: Text,
    /// The obligation's id.
    pub id: String,
    /// What it is.
    pub title: Text,
    /// How it changed.
    pub change: Shift,
    /// Which of status, due time and deciding action changed (for `changed`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<&'static str>,
    /// How it stood in the old version (absent when it did not apply).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Standing>,
    /// How it stands in the new version (absent when it does not apply).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Standing>,
}

/// How a law stands in one version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LawStanding {
    /// The policy (the law's version) in force.
    pub policy: String,
    /// Its rules' version.
    pub version: String,
    /// Whether it applies.
    pub applies: bool,
}

/// A law that started or stopped applying, or whose version in force changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LawChange {
    /// Its family.
    pub family: String,
    /// Its short name.
    pub short: Text,
    /// How it stood in the old version (absent when not in force for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<LawStanding>,
    /// How it stands in the new version (absent when not in force for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<LawStanding>,
}

/// A place, listing or role that is not assessed in one version only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoverageChange {
    /// `appeared` (not assessed in the new version only) or `disappeared` (in the old only).
    pub change: Shift,
    /// What attaches it to the incident (`residence`, `establishment`, `listing`, `role`).
    pub attach: Attach,
    /// The jurisdiction code, exchange or role.
    pub code: String,
    /// How many affected people live there, in the version where it is not assessed
    /// (residences only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjects: Option<u64>,
    /// Why it is not assessed, in that version.
    pub reason: Text,
}

/// Everything that differs between two versions of an incident.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The changed facts.
    pub facts: Vec<FactChange>,
    /// Laws that changed.
    pub laws: Vec<LawChange>,
    /// Places, listings and roles that became, or stopped being, not assessed.
    pub not_assessed: Vec<CoverageChange>,
    /// Obligations that appeared, disappeared or changed.
    pub obligations: Vec<ObligationChange>,
}

impl Comparison {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
            && self.laws.is_empty()
            && self.not_assessed.is_empty()
            && self.obligations.is_empty()
    }
}

/// Compares two versions of an incident and their evaluations (made with the same policies at
/// the same time).
pub fn compare(old: (&Incident, &Evaluation), new: (&Incident, &Evaluation)) -> Comparison {
    Comparison {
        facts: crate::incident::diff::facts(old.0, new.0),
        laws: laws(old.1, new.1),
        not_assessed: not_assessed(&old.1.not_assessed, &new.1.not_assessed),
        obligations: obligations(old.1, new.1),
    }
}

/// The findings of one version that the other does not have, matched by what attaches them and
/// their code (a place whose count changed but is not assessed in both is no change here; the
/// count is a fact, compared with the facts).
fn not_assessed(old: &[NotAssessed], new: &[NotAssessed]) -> Vec<CoverageChange> {
    let missing_from = |these: &[NotAssessed], others: &[NotAssessed], change: Shift| {
        these
            .iter()
            .filter(|n| {
                !others
                    .iter()
                    .any(|o| o.attach == n.attach && o.code == n.code)
            })
            .map(|n| CoverageChange {
                change,
                attach: n.attach,
                code: n.code.clone(),
                subjects: n.subjects,
                reason: n.reason.clone(),
            })
            .collect::<Vec<_>>()
    };
    let mut out = missing_from(new, old, Shift::Appeared);
    out.extend(missing_from(old, new, Shift::Disappeared));
    out
}

fn laws(old: &Evaluation, new: &Evaluation) -> Vec<LawChange> {
    let standing = |ev: &Evaluation, family: &str| {
        ev.policies
            .iter()
            .find(|p| p.family == family)
            .map(|p| LawStanding {
                policy: p.id.clone(),
                version: p.version.clone(),
                applies: p.applies,
            })
    };
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for p in new.policies.iter().chain(&old.policies) {
        if seen.contains(&p.family.as_str()) {
            continue;
        }
        seen.push(&p.family);
        let (a, b) = (standing(old, &p.family), standing(new, &p.family));
        let differs = match (&a, &b) {
            (Some(a), Some(b)) => a != b,
            // In force for one version only: a change when it applies in that one.
            (Some(s), None) | (None, Some(s)) => s.applies,
            (None, None) => false,
        };
        if differs {
            out.push(LawChange {
                family: p.family.clone(),
                short: p.short.clone(),
                old: a,
                new: b,
            });
        }
    }
    out
}

/// The applicable obligations of an evaluation, keyed by family and id (with the occurrence
/// number, should a key repeat).
fn applicable(ev: &Evaluation) -> Vec<((String, String, usize), &ObligationOutcome)> {
    let mut out: Vec<((String, String, usize), &ObligationOutcome)> = Vec::new();
    for o in ev
        .obligations
        .iter()
        .filter(|o| o.status != Status::NotApplicable)
    {
        let family = ev
            .policies
            .iter()
            .find(|p| p.id == o.policy)
            .map_or_else(|| o.policy.clone(), |p| p.family.clone());
        let n = out
            .iter()
            .filter(|((f, i, _), _)| *f == family && *i == o.id)
            .count();
        out.push(((family, o.id.clone(), n), o));
    }
    out
}

/// The short name of a law by its family.
fn short(ev: &Evaluation, family: &str) -> Text {
    ev.policies
        .iter()
        .find(|p| p.family == family)
        .map(|p| p.short.clone())
        .unwrap_or_else(|| Text {
            ko: Some(family.to_string()),
            en: Some(family.to_string()),
        })
}

fn obligations(old: &Evaluation, new: &Evaluation) -> Vec<ObligationChange> {
    let a = applicable(old);
    let b = applicable(new);
    let mut out = Vec::new();
    for (key, o) in &b {
        let now = Standing::of(o);
        match a.iter().find(|(k, _)| k == key) {
            None => out.push(ObligationChange {
                family: key.0.clone(),
                law: short(new, &key.0),
                id: key.1.clone(),
                title: o.title.clone(),
                change: Shift::Appeared,
                fields: Vec::new(),
                old: None,
                new: Some(now),
            }),
            Some((_, p)) => {
                let before = Standing::of(p);
                if before.same(&now) {
                    continue;
                }
                let mut fields = Vec::new();
                if before.status != now.status {
                    fields.push("status");
                }
                if before.due != now.due {
                    fields.push("due");
                }
                if before.action_at != now.action_at {
                    fields.push("action");
                }
                out.push(ObligationChange {
                    family: key.0.clone(),
                    law: short(new, &key.0),
                    id: key.1.clone(),
                    title: o.title.clone(),
                    change: Shift::Changed,
                    fields,
                    old: Some(before),
                    new: Some(now),
                });
            }
        }
    }
    for (key, o) in &a {
        if !b.iter().any(|(k, _)| k == key) {
            out.push(ObligationChange {
                family: key.0.clone(),
                law: short(old, &key.0),
                id: key.1.clone(),
                title: o.title.clone(),
                change: Shift::Disappeared,
                fields: Vec::new(),
                old: Some(Standing::of(o)),
                new: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = include_str!("../../examples/coupang-2025.yaml");

    fn evaluated(text: &str) -> (Incident, Evaluation) {
        let l = crate::incident::load_str(text);
        assert!(l.ok().is_some(), "{:?}", l.report);
        let inc = l.incident.unwrap();
        let set = crate::policy::set::PolicySet::builtin_for_evaluation();
        let as_of = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+09:00").unwrap();
        let ev = crate::policy::eval::evaluate(&set.policies(), &inc, as_of);
        (inc, ev)
    }

    fn cmp(a: &str, b: &str) -> Comparison {
        let (x, y) = (evaluated(a), evaluated(b));
        compare((&x.0, &x.1), (&y.0, &y.1))
    }

    #[test]
    fn the_same_file_is_no_change() {
        assert!(cmp(BASE, BASE).is_empty());
    }

    #[test]
    fn a_late_first_report_changes_its_status_and_not_its_due_time() {
        let late = BASE.replace(
            "  - { kind: regulator_report, to: PIPC, at: 2025-11-20T10:00:00+09:00",
            "  - { kind: regulator_report, to: PIPC, at: 2025-11-25T10:00:00+09:00",
        );
        let c = cmp(BASE, &late);
        assert_eq!(c.facts.len(), 1, "{:#?}", c.facts);
        // The 72-hour report to the PIPC, due 72 hours after discovery either way.
        let o = c
            .obligations
            .iter()
            .find(|o| o.family == "kr-pipa" && o.id == "report-pipc")
            .unwrap_or_else(|| panic!("{:#?}", c.obligations));
        assert_eq!(o.change, Shift::Changed);
        let (was, now) = (o.old.as_ref().unwrap(), o.new.as_ref().unwrap());
        assert_ne!(was.status, "missed");
        assert_eq!(now.status, "missed");
        assert_eq!(now.action, Some(1));
        assert_eq!(o.fields, ["status", "action"]);
        assert_eq!(was.due, now.due);
        assert!(c.laws.is_empty());
    }

    #[test]
    fn an_obligation_appears_with_a_new_fact_and_disappears_without_it() {
        // Not an ICT service provider: the Network Act report no longer applies.
        let other = BASE.replace("  kind: [ict_service_provider]", "  kind: []");
        let c = cmp(BASE, &other);
        assert!(
            c.obligations.iter().any(|o| o.change == Shift::Disappeared),
            "{:#?}",
            c.obligations
        );
        let back = cmp(&other, BASE);
        assert!(back.obligations.iter().any(|o| o.change == Shift::Appeared));
        // The same obligations, the other way round.
        let gone: Vec<_> = c
            .obligations
            .iter()
            .filter(|o| o.change == Shift::Disappeared)
            .map(|o| (&o.family, &o.id))
            .collect();
        let came: Vec<_> = back
            .obligations
            .iter()
            .filter(|o| o.change == Shift::Appeared)
            .map(|o| (&o.family, &o.id))
            .collect();
        assert_eq!(gone, came);
    }

    #[test]
    fn an_inserted_action_moves_indices_without_changing_standings() {
        let first = "  - { kind: incident_report, to: KISA,";
        let more = BASE.replace(
            first,
            &format!("  - {{ kind: law_enforcement_report, to: KNPA, at: 2025-11-19T09:00:00+09:00 }}\n{first}"),
        );
        let c = cmp(BASE, &more);
        assert_eq!(c.facts.len(), 1);
        assert!(
            c.obligations.iter().all(|o| o.change != Shift::Changed),
            "{:#?}",
            c.obligations
        );
    }
}
