//! What an evaluation finds, as data: the outcome of each policy, obligation, control, penalty
//! and violation, the clock and the times due, with their JSON form (`disclose/check@1`, see
//! docs/check-json.md). [`super::eval`] computes them; the printers, the reports and `diff` read
//! them. Apart from the evaluation so that the types a reader needs are not buried in how they
//! are computed.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use super::calendar::Calendar;
use super::model::Citation;

/// How an obligation stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Its conditions do not hold.
    NotApplicable,
    /// A matching action was taken in time.
    Met {
        /// Index into `actions`.
        action: usize,
        /// When it was taken.
        at: DateTime<FixedOffset>,
        /// How long before the due time (absent when there is no fixed due time).
        #[serde(skip_serializing_if = "Option::is_none", with = "opt_secs")]
        early_by: Option<Duration>,
    },
    /// Late, or not done after the due time.
    Missed {
        /// The late action, if one was taken.
        #[serde(skip_serializing_if = "Option::is_none")]
        action: Option<usize>,
        /// When it was taken, if it was.
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<DateTime<FixedOffset>>,
        /// How late: from the due time to the action, or to `as_of` when not done.
        #[serde(with = "secs")]
        late_by: Duration,
        /// Calendar days late (local dates of due time and action or `as_of`).
        late_calendar_days: i64,
        /// Business days late, for business-day deadlines.
        #[serde(skip_serializing_if = "Option::is_none")]
        late_business_days: Option<i64>,
        /// What was wrong with an action that did not satisfy (e.g. too short a posting).
        #[serde(skip_serializing_if = "Option::is_none")]
        detail: Option<String>,
        /// For a posting shorter than required: how long it was.
        #[serde(skip_serializing_if = "Option::is_none")]
        posting: Option<ShortPosting>,
    },
    /// A duty with no fixed period, not yet done after its review point (regulator guidance or
    /// company policy, never statute; see [`super::undue`]).
    Overdue {
        /// How long past the review point.
        #[serde(with = "secs")]
        past_review: Duration,
    },
    /// Not yet done; the due time is ahead.
    Pending {
        /// Time left until the due time (absent when there is no fixed due time).
        #[serde(skip_serializing_if = "Option::is_none", with = "opt_secs")]
        left: Option<Duration>,
    },
    /// A fact needed to decide is missing.
    Unknown {
        /// What is missing, as field paths or sentences.
        missing: Vec<String>,
    },
}

impl Status {
    /// The status's name as output gives it.
    pub fn name(&self) -> &'static str {
        match self {
            Status::NotApplicable => "not_applicable",
            Status::Met { .. } => "met",
            Status::Missed { .. } => "missed",
            Status::Overdue { .. } => "overdue",
            Status::Pending { .. } => "pending",
            Status::Unknown { .. } => "unknown",
        }
    }
}

mod secs {
    use chrono::Duration;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(d.num_seconds())
    }
}

mod opt_secs {
    use chrono::Duration;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_i64(d.num_seconds()),
            None => s.serialize_none(),
        }
    }
}

/// A posting that ended before the required duration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShortPosting {
    /// First day posted (incident zone).
    pub from: NaiveDate,
    /// Last day posted.
    pub until: NaiveDate,
    /// Calendar days between them.
    pub days: i64,
    /// The required duration, e.g. `30d`.
    pub required: String,
}

impl ShortPosting {
    /// The English sentence `check` prints.
    pub fn describe(&self) -> String {
        format!(
            "posted for {} days ({} to {}); at least {} required",
            self.days, self.from, self.until, self.required
        )
    }
}

/// A fact a condition read: a view path (or function call) and its value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Fact {
    /// The view path or call, e.g. `affected.subjects` or `subjects_in('KR')`.
    pub path: String,
    /// Its value, as CEL prints it.
    pub value: String,
}

/// Facts as one line: `affected.subjects = 1500, cause.external = true`.
pub fn join_facts(facts: &[Fact]) -> String {
    facts
        .iter()
        .map(|f| format!("{} = {}", f.path, f.value))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn facts(v: Vec<(String, String)>) -> Vec<Fact> {
    v.into_iter()
        .map(|(path, value)| Fact { path, value })
        .collect()
}

/// Where a deadline's clock starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// The timeline field (`discovered_at`) or `action:KIND`.
    pub from: String,
    /// The instant.
    pub at: DateTime<FixedOffset>,
}

/// A due time in a calendar's own zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ZonedTime {
    /// The instant, with the zone's offset.
    pub at: DateTime<FixedOffset>,
    /// The IANA zone.
    pub zone: String,
}

/// A policy that is not in force on the clock date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotInForce {
    /// The policy's id.
    pub id: String,
    /// Its family.
    pub family: String,
    /// Why.
    pub reason: String,
}

/// A due time, in the incident's zone and in UTC (and in the calendar's zone for business days
/// counted on another country's calendar).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Due {
    /// In the incident's zone.
    pub local: DateTime<FixedOffset>,
    /// In UTC.
    pub utc: DateTime<Utc>,
    /// For business days on a calendar in another zone: the due time there, and the zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar_local: Option<ZonedTime>,
}

/// One phase of a phased report: an action that matched the obligation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PhaseOutcome {
    /// Index into `actions`.
    pub action: usize,
    /// `initial`, `supplementary` or `final`.
    pub phase: &'static str,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Subjects it covered, if stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjects: Option<u64>,
    /// For a later phase: when the facts it adds were confirmed (`actions[].confirmed_at`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<DateTime<FixedOffset>>,
    /// For a later phase of an obligation with a `follow_up` period: `met`, `missed`, or
    /// `unknown` when `confirmed_at` is not recorded. Absent for the first phase, which the
    /// obligation's own deadline judges.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<&'static str>,
    /// For a judged later phase: the time from confirmation to the action.
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_secs")]
    pub after_confirmation: Option<Duration>,
}

/// The outcome of one obligation.
#[derive(Clone, Debug, Serialize)]
pub struct ObligationOutcome {
    /// The policy's id.
    pub policy: String,
    /// The obligation's id.
    pub id: String,
    /// Its title, `ko` and `en`.
    pub title: crate::incident::Text,
    /// Its kind.
    pub kind: String,
    /// Recipient codes.
    pub recipients: Vec<String>,
    /// The status.
    #[serde(flatten)]
    pub status: Status,
    /// The trigger ids that fired.
    pub triggers: Vec<String>,
    /// The facts that decided applicability: (view path, value).
    pub facts: Vec<Fact>,
    /// The clock's start field and instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    /// The period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// The calendar, for business days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// The filing system's daily cut-off (`HH:MM` in the calendar's zone), when the deadline has
    /// one: it is due at that time on the last business day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<String>,
    /// The due time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    /// The law-enforcement delay that moved the deadline, if one did (`due` is then its end).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delayed: Option<super::delay::Delayed>,
    /// The law's words for the time limit where there is no fixed period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing: Option<crate::incident::Text>,
    /// For a duty with no fixed period: its clock, the time elapsed and the review point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undue: Option<super::undue::Undue>,
    /// For phased obligations: every matching action in order.
    pub phases: Vec<PhaseOutcome>,
    /// For a phased obligation that judges later phases: the law's words and the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<super::model::FollowUp>,
    /// What the rule rests on: `statute`, `guidance` or `internal`.
    pub basis: &'static str,
    /// The provision.
    pub citation: Citation,
    /// False when the rule, its source, or a trigger that fired is marked unconfirmed.
    pub confirmed: bool,
    /// Grounds that allow a later filing (id and title), for an officer deciding on a delay.
    pub delay_grounds: Vec<Ground>,
    /// Cases where it is not required (id and title); the officer decides.
    pub exemptions: Vec<Ground>,
}

/// A delay ground or exemption, as output lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ground {
    /// Its id.
    pub id: String,
    /// What it is.
    pub title: crate::incident::Text,
    /// The provision.
    pub citation: Citation,
    /// Whether it is confirmed.
    pub confirmed: bool,
}

/// The outcome of one control requirement.
#[derive(Clone, Debug, Serialize)]
pub struct ControlOutcome {
    /// The policy's id.
    pub policy: String,
    /// The control's id.
    pub id: String,
    /// What is required.
    pub title: crate::incident::Text,
    /// `pass`, `gap`, `not_applicable` or `unknown`.
    pub status: &'static str,
    /// Severity of a gap.
    pub severity: super::model::Severity,
    /// What the gap means.
    pub gap: crate::incident::Text,
    /// The facts the requirement read.
    pub facts: Vec<Fact>,
    /// The provision.
    pub citation: Citation,
    /// Whether the rule is confirmed.
    pub confirmed: bool,
    /// What the requirement rests on: `statute`, `guidance` or `internal`.
    pub basis: &'static str,
    /// True where a gap is inferred from the incident's facts rather than established.
    pub presumed: bool,
}

/// The outcome of one penalty.
#[derive(Clone, Debug, Serialize)]
pub struct PenaltyOutcome {
    /// The policy's id.
    pub policy: String,
    /// The penalty's id.
    pub id: String,
    /// What it is.
    pub title: crate::incident::Text,
    /// Whether it is possible on these facts.
    pub applies: bool,
    /// The cap, when it can be computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<u64>,
    /// Its currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// How the cap was computed (English).
    pub basis: String,
    /// The percentage of total revenue, when the cap is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent_of_revenue: Option<f64>,
    /// The revenue it was computed on: amount, currency, fiscal year, and for an average the
    /// years averaged (or the years the law asks for when only one figure was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue: Option<super::penalty::Base>,
    /// For a "whichever is higher" cap: the fixed amount and its currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub higher_of_fixed: Option<(u64, String)>,
    /// The provision.
    pub citation: Citation,
    /// Whether the rule is confirmed.
    pub confirmed: bool,
}

/// Another violation a policy lists, and whether the facts show it.
#[derive(Clone, Debug, Serialize)]
pub struct ViolationOutcome {
    /// The policy's id.
    pub policy: String,
    /// The violation's id.
    pub id: String,
    /// What it is.
    pub title: crate::incident::Text,
    /// What it means.
    pub finding: crate::incident::Text,
    /// Whether the facts show it.
    pub applies: bool,
    /// The facts that decided it.
    pub facts: Vec<Fact>,
    /// The provision violated.
    pub citation: Citation,
    /// Whether the rule is confirmed.
    pub confirmed: bool,
}

/// The built-in calendars that applicable obligations count business days on and that end
/// before the evaluation time, each with the short names of the laws concerned: reported when
/// the policy is evaluated, not only when a deadline lands past the end.
pub fn calendars_past_their_end(ev: &Evaluation) -> Vec<(&'static Calendar, Vec<String>)> {
    let mut out: Vec<(&'static Calendar, Vec<String>)> = Vec::new();
    for o in ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
    {
        let Some(cal) = o.calendar.as_deref().and_then(Calendar::builtin) else {
            continue;
        };
        let today = ev.as_of.with_timezone(&cal.timezone()).date_naive();
        if today <= cal.covers().until {
            continue;
        }
        let law = ev
            .policies
            .iter()
            .find(|p| p.id == o.policy)
            .and_then(|p| p.short.en.clone())
            .unwrap_or_else(|| o.policy.clone());
        match out.iter_mut().find(|(c, _)| c.id() == cal.id()) {
            Some((_, laws)) if !laws.contains(&law) => laws.push(law),
            Some(_) => {}
            None => out.push((cal, vec![law])),
        }
    }
    out
}

/// The outcome of one policy.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyOutcome {
    /// Its id.
    pub id: String,
    /// Its rules' version.
    pub version: String,
    /// The law's name.
    pub title: crate::incident::Text,
    /// Its short name.
    pub short: crate::incident::Text,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// Where it was read from.
    pub origin: String,
    /// Whether it applies.
    pub applies: bool,
    /// The facts that decided it.
    pub facts: Vec<Fact>,
    /// Its family (`family`, else its id).
    pub family: String,
    /// The date that selected this version, and the timeline field it came from.
    pub selected_on: chrono::NaiveDate,
    /// The timeline field of `selected_on`.
    pub selected_by: &'static str,
    /// Set when this version imposes no duty to notify or report: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_duty: Option<crate::incident::Text>,
}

/// The path of the one fact of a policy decided by what it covers alone (its value says what
/// the incident does not touch): written by the evaluation, read by [`PolicyOutcome::conditions_read`].
pub const COVERS_FACT: &str = "covers";

impl PolicyOutcome {
    /// Whether the policy's conditions were read against the incident. A policy that covers
    /// none of the incident's places, listings and roles is decided by its `covers` alone
    /// ([`super::coverage::touches`]), and its one fact says so.
    pub fn conditions_read(&self) -> bool {
        !(self.facts.len() == 1 && self.facts[0].path == COVERS_FACT)
    }
}

/// Everything `check` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    /// The incident's id.
    pub incident: String,
    /// The evaluation time.
    pub as_of: DateTime<FixedOffset>,
    /// The incident's zone.
    pub timezone: String,
    /// Policies in force on the clock date.
    pub policies: Vec<PolicyOutcome>,
    /// Policies not in force on the clock date (id, reason).
    pub not_in_force: Vec<NotInForce>,
    /// Every obligation of every applicable policy, soonest due first.
    pub obligations: Vec<ObligationOutcome>,
    /// Control findings.
    pub controls: Vec<ControlOutcome>,
    /// Penalty exposure.
    pub penalties: Vec<PenaltyOutcome>,
    /// Places and roles of the incident that no policy in force assesses.
    pub not_assessed: Vec<super::coverage::NotAssessed>,
    /// Other violations the applicable policies list, and whether the facts show each.
    pub violations: Vec<ViolationOutcome>,
    /// For each place in `affected.by_jurisdiction`: how many people the recorded notices
    /// reached, how many remain, and which laws require a notice to them.
    pub notification_coverage: Vec<super::notified::Reach>,
}

impl Evaluation {
    /// True when some applicable obligation is missed or overdue, some control has a gap, the
    /// facts show another violation, something is not assessed (and not accepted), or people
    /// whose notice a law requires have none although that duty is met or missed.
    pub fn has_findings(&self) -> bool {
        self.obligations
            .iter()
            .any(|o| matches!(o.status, Status::Missed { .. } | Status::Overdue { .. }))
            || self.controls.iter().any(|c| c.status == "gap")
            || self.not_assessed.iter().any(|n| !n.accepted)
            || self.violations.iter().any(|v| v.applies)
            || self.notification_coverage.iter().any(|r| r.finding)
    }

    /// Marks the not-assessed findings whose code is in `codes` as accepted (handled outside
    /// disclose): they stay listed but are no longer findings. Returns the codes that matched no
    /// finding.
    pub fn accept_unassessed(&mut self, codes: &[String]) -> Vec<String> {
        let mut unused = Vec::new();
        for c in codes {
            let mut hit = false;
            for n in &mut self.not_assessed {
                if n.code.eq_ignore_ascii_case(c) {
                    n.accepted = true;
                    hit = true;
                }
            }
            if !hit {
                unused.push(c.clone());
            }
        }
        unused
    }
}
