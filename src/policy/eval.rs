//! Evaluation: which obligations an incident triggers, when each is due, and whether it is met.
//!
//! For each policy in force on the clock date (the day the organisation became aware,
//! `timeline.discovered_at` in the incident's zone) whose `applies_when` holds, every obligation
//! gets a due time and a status:
//!
//! - **met**: a matching action was taken by the due time (which action, how early);
//! - **missed**: the matching action came late (by how long, in calendar and, for business-day
//!   deadlines, business days), or none was taken and the due time has passed;
//! - **pending**: no matching action yet and the due time is ahead of `as_of` (time left);
//! - **unknown**: a fact needed to decide is missing (named);
//! - **not applicable**: its conditions do not hold (and which facts decided that).
//!
//! The evaluation is the state of knowledge at `as_of`: an action dated after it has not
//! happened yet, so it neither meets an obligation, nor starts a clock, nor counts in a
//! condition (`has_action`, the view's action fields). An `as_of` before the discovery is
//! allowed (the state before anyone knew); the command line warns about it.
//!
//! Deadlines: `h` counts elapsed hours; `d` counts calendar days in the incident's zone (same local
//! time n days later; if that local time falls in a DST gap, the first instant after it);
//! `business_days` counts on a holiday calendar and is due at the end of the n-th business day in
//! the calendar's zone (see [`super::calendar`]), or at the deadline's `cutoff` that day where the
//! filing system closes the day early (see [`super::cutoff`]: a filing after it is deemed filed
//! on the next business day, and its lateness is counted to that day). Every due time is given in
//! the incident's zone and in UTC.

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::incident::{Action, Incident};

use super::calendar::Calendar;
use super::cutoff;
use super::expr::View;
use super::load::CompiledPolicy;
use super::model::{Citation, Obligation, Status as RuleStatus, Within};
use super::outcome::facts;
pub use super::outcome::*;

/// Whether a rule is confirmed: its own status and that of the source it cites.
pub fn is_confirmed(p: &CompiledPolicy, status: RuleStatus, citation: &Citation) -> bool {
    status == RuleStatus::Confirmed
        && p.policy
            .sources
            .iter()
            .find(|s| s.id == citation.source)
            .is_none_or(|s| s.status == RuleStatus::Confirmed)
}

/// Evaluates `incident` against `policies` at `as_of`.
pub fn evaluate(
    policies: &[&CompiledPolicy],
    incident: &Incident,
    as_of: DateTime<FixedOffset>,
) -> Evaluation {
    let zone = incident.timezone.0;
    let known = known_at(incident, as_of);
    let view = View::new(&known);
    let mut out = Evaluation {
        incident: incident.id.clone(),
        as_of,
        timezone: zone.name().to_string(),
        policies: Vec::new(),
        not_in_force: Vec::new(),
        obligations: Vec::new(),
        controls: Vec::new(),
        penalties: Vec::new(),
        not_assessed: super::coverage::not_assessed(policies, incident),
        violations: Vec::new(),
        notification_coverage: Vec::new(),
    };
    for p in policies {
        let eff = &p.policy.effective;
        let (clock_date, field) = super::coverage::selection_date(&p.policy, incident);
        if !super::coverage::in_force(&p.policy, clock_date) {
            out.not_in_force.push(NotInForce {
                id: p.policy.id.clone(),
                family: super::coverage::family(&p.policy).to_string(),
                reason: format!(
                    "in force {} to {}; the version is chosen by timeline.{field}, {clock_date}",
                    eff.from.0,
                    eff.until.map_or("now".to_string(), |u| u.0.to_string())
                ),
            });
            continue;
        }
        // A law of places, listings and roles the incident does not touch does not apply; its
        // condition is neither compiled nor read (coverage::touches).
        let touched = super::coverage::touches(&p.policy, incident);
        let applies = touched && p.applies_when.eval(&view).unwrap_or(false);
        out.policies.push(PolicyOutcome {
            id: p.policy.id.clone(),
            version: p.policy.version.clone(),
            title: p.policy.title.clone(),
            short: p.policy.short.clone(),
            jurisdiction: p.policy.jurisdiction.clone(),
            origin: p.origin.display(),
            applies,
            facts: if touched {
                facts(p.applies_when.explain(&view))
            } else {
                vec![Fact {
                    path: COVERS_FACT.into(),
                    value: super::coverage::untouched(&p.policy),
                }]
            },
            family: super::coverage::family(&p.policy).to_string(),
            selected_on: clock_date,
            selected_by: field,
            no_duty: p.policy.no_duty.clone(),
        });
        if !applies {
            continue;
        }
        // The rules of a law that applies (a built-in one is read by its header until now).
        let p = p.full();
        for (o, c) in p.policy.obligations.iter().zip(&p.obligations) {
            out.obligations
                .push(obligation(p, o, c, incident, &view, zone, as_of));
        }
        for (ctl, c) in p.policy.controls.iter().zip(&p.controls) {
            let when = c.when.as_ref().map_or(Ok(true), |w| w.eval(&view));
            let (status, read) = match when {
                Ok(false) => (
                    "not_applicable",
                    c.when
                        .as_ref()
                        .map(|w| w.explain(&view))
                        .unwrap_or_default(),
                ),
                Err(_) => ("unknown", Vec::new()),
                Ok(true) => match c.require.eval(&view) {
                    Ok(true) => ("pass", c.require.explain(&view)),
                    Ok(false) => ("gap", c.require.explain(&view)),
                    Err(_) => ("unknown", c.require.explain(&view)),
                },
            };
            out.controls.push(ControlOutcome {
                policy: p.policy.id.clone(),
                id: ctl.id.clone(),
                title: ctl.title.clone(),
                status,
                severity: ctl.severity,
                gap: ctl.gap.clone(),
                facts: facts(read),
                citation: ctl.citation.clone(),
                confirmed: is_confirmed(p, ctl.status, &ctl.citation),
                basis: ctl.basis.name(),
                presumed: ctl.presumed,
            });
        }
        for (pen, w) in p.policy.penalties.iter().zip(&p.penalties) {
            let missed = |id: &String| {
                out.obligations.iter().any(|o| {
                    o.policy == p.policy.id
                        && &o.id == id
                        && matches!(o.status, Status::Missed { .. })
                })
            };
            let applies = w
                .as_ref()
                .map_or(Ok(true), |w| w.eval(&view))
                .unwrap_or(false)
                && (pen.if_missed.is_empty() || pen.if_missed.iter().any(missed));
            let (max_amount, currency, basis) = super::penalty::cap(pen, incident);
            out.penalties.push(PenaltyOutcome {
                policy: p.policy.id.clone(),
                id: pen.id.clone(),
                title: pen.title.clone(),
                applies,
                max_amount,
                currency,
                basis,
                percent_of_revenue: pen.percent_of_revenue,
                revenue: super::penalty::base(pen, incident),
                higher_of_fixed: pen
                    .fixed
                    .as_ref()
                    .filter(|_| pen.whichever_higher && pen.percent_of_revenue.is_some())
                    .map(|f| (f.amount, f.currency.clone())),
                citation: pen.citation.clone(),
                confirmed: is_confirmed(p, pen.status, &pen.citation),
            });
        }
        for (v, w) in p.policy.violations.iter().zip(&p.violations) {
            out.violations.push(ViolationOutcome {
                policy: p.policy.id.clone(),
                id: v.id.clone(),
                title: v.title.clone(),
                finding: v.finding.clone(),
                applies: w.eval(&view).unwrap_or(false),
                facts: facts(w.explain(&view)),
                citation: v.citation.clone(),
                confirmed: is_confirmed(p, v.status, &v.citation),
            });
        }
    }
    // Soonest due first; obligations without a due time after those with one, then by policy.
    out.obligations.sort_by(|a, b| {
        let key = |o: &ObligationOutcome| {
            (
                matches!(o.status, Status::NotApplicable),
                o.due.as_ref().map(|d| d.utc),
                o.due.is_none(),
            )
        };
        let (na, da, xa) = key(a);
        let (nb, db, xb) = key(b);
        na.cmp(&nb)
            .then(xa.cmp(&xb))
            .then(da.cmp(&db))
            .then(a.policy.cmp(&b.policy))
            .then(a.id.cmp(&b.id))
    });
    let duties: Vec<super::notified::Duty<'_>> = out
        .obligations
        .iter()
        .map(|o| super::notified::Duty {
            policy: &o.policy,
            id: &o.id,
            kind: &o.kind,
            status: o.status.name(),
        })
        .collect();
    out.notification_coverage = super::notified::coverage(policies, incident, as_of, &duties);
    out
}

/// The incident as known at `as_of`: without the actions dated after it. Borrowed when there
/// are none (the usual case), so action indexes stay those of the file.
fn known_at(incident: &Incident, as_of: DateTime<FixedOffset>) -> std::borrow::Cow<'_, Incident> {
    if incident.actions.iter().all(|a| a.at.instant() <= as_of) {
        return std::borrow::Cow::Borrowed(incident);
    }
    let mut known = incident.clone();
    known.actions.retain(|a| a.at.instant() <= as_of);
    std::borrow::Cow::Owned(known)
}

fn grounds(p: &CompiledPolicy, list: &[super::model::Ground]) -> Vec<Ground> {
    list.iter()
        .map(|g| Ground {
            id: g.id.clone(),
            title: g.title.clone(),
            citation: g.citation.clone(),
            confirmed: is_confirmed(p, g.status, &g.citation),
        })
        .collect()
}

/// Adds `n` calendar days in `zone`, keeping the local time. A local time that a daylight-saving
/// change skips (a gap) is due at the first instant after the gap (docs/policies.md §5); one that
/// occurs twice, at its first occurrence.
fn add_days(start: DateTime<FixedOffset>, n: u32, zone: Tz) -> DateTime<FixedOffset> {
    let local = start.with_timezone(&zone).naive_local() + Duration::days(n as i64);
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.fixed_offset(),
        LocalResult::None => end_of_gap(local, zone).unwrap_or(start + Duration::days(n as i64)),
    }
}

/// The first instant after the daylight-saving gap that the local time `local` falls in: the
/// moment of the change itself. Read with the offset before the change, `local` names an instant
/// after it; read with the offset after, an instant before it. The change lies between the two
/// and is found by bisection to the second (transitions fall on whole seconds).
fn end_of_gap(local: chrono::NaiveDateTime, zone: Tz) -> Option<DateTime<FixedOffset>> {
    use chrono::Offset;
    let offset_at = |secs: i64| {
        DateTime::from_timestamp(secs, 0).map(|u| {
            zone.offset_from_utc_datetime(&u.naive_utc())
                .fix()
                .local_minus_utc()
        })
    };
    // The offset before the gap: that of the same local time a day earlier.
    let before = zone
        .from_local_datetime(&(local - Duration::days(1)))
        .earliest()?
        .offset()
        .fix()
        .local_minus_utc();
    let naive_secs = local.and_utc().timestamp();
    let hi = naive_secs - i64::from(before);
    let after = offset_at(hi)?;
    let lo = naive_secs - i64::from(after);
    if lo >= hi || offset_at(lo)? == after {
        return None;
    }
    let (mut a, mut b) = (lo, hi);
    while b - a > 1 {
        let m = a + (b - a) / 2;
        if offset_at(m)? == after {
            b = m;
        } else {
            a = m;
        }
    }
    let t = DateTime::from_timestamp(b, 0)?;
    Some(t.with_timezone(&zone).fixed_offset())
}

fn local_date(t: DateTime<FixedOffset>, zone: Tz) -> NaiveDate {
    t.with_timezone(&zone).date_naive()
}

fn matches(o: &Obligation, a: &Action) -> bool {
    let s = &o.satisfied_by;
    a.kind == s.kind
        && (s.to.is_empty() || a.to.as_ref().is_some_and(|t| s.to.contains(t)))
        && (s.form.is_empty() || a.form.as_ref().is_some_and(|f| s.form.contains(f)))
        && (s.phase.is_empty() || a.phase.is_none_or(|p| s.phase.contains(&p)))
        && (s.item.is_empty() || a.item.as_ref().is_none_or(|i| s.item.contains(i)))
        && (s.jurisdictions.is_empty()
            || a.jurisdictions.is_empty()
            || a.jurisdictions.iter().any(|reached| {
                s.jurisdictions
                    .iter()
                    .any(|needed| crate::incident::vocab::takes_in(reached, needed))
            }))
}

fn posting_problem(o: &Obligation, a: &Action, zone: Tz) -> Option<ShortPosting> {
    let min = o.satisfied_by.min_duration?;
    let required = match min {
        Within::Hours(h) => Duration::hours(h as i64),
        Within::Days(d) | Within::BusinessDays(d) => Duration::days(d as i64),
    };
    // Without `until` the notice is still posted.
    let until = a.until.as_ref()?;
    let posted = until.instant() - a.at.instant();
    (posted < required).then(|| {
        let (from, to) = (
            local_date(a.at.instant(), zone),
            local_date(until.instant(), zone),
        );
        ShortPosting {
            from,
            until: to,
            days: (to - from).num_days(),
            required: min.to_string(),
        }
    })
}

fn phase_name(a: &Action, first: bool) -> &'static str {
    match a.phase {
        Some(crate::incident::Phase::Initial) => "initial",
        Some(crate::incident::Phase::Supplementary) => "supplementary",
        Some(crate::incident::Phase::Final) => "final",
        None if first => "initial",
        None => "supplementary",
    }
}

#[allow(clippy::too_many_arguments)]
fn obligation(
    p: &CompiledPolicy,
    o: &Obligation,
    c: &super::load::CompiledObligation,
    inc: &Incident,
    view: &View,
    zone: Tz,
    as_of: DateTime<FixedOffset>,
) -> ObligationOutcome {
    let mut read = Vec::new();
    let when = match &c.when {
        Some(w) => {
            read.extend(w.explain(view));
            w.eval(view)
        }
        None => Ok(true),
    };
    let mut fired = Vec::new();
    let mut trigger_error = None;
    for (t, cond) in o.triggers.iter().zip(&c.triggers) {
        match cond.eval(view) {
            Ok(true) => {
                fired.push(t.id.clone());
                read.extend(cond.explain(view));
            }
            Ok(false) => {}
            Err(e) => trigger_error = Some(e.message),
        }
    }
    read.sort();
    read.dedup();
    let mut outcome = ObligationOutcome {
        policy: p.policy.id.clone(),
        id: o.id.clone(),
        title: o.title.clone(),
        kind: o.kind.clone(),
        recipients: o.recipients.clone(),
        status: Status::NotApplicable,
        triggers: fired.clone(),
        facts: facts(read),
        clock: None,
        within: o.deadline.as_ref().map(|d| d.within.to_string()),
        calendar: o.deadline.as_ref().and_then(|d| d.calendar.clone()),
        cutoff: o
            .deadline
            .as_ref()
            .and_then(|d| d.cutoff)
            .map(|c| c.to_string()),
        due: None,
        delayed: None,
        timing: o.timing.clone(),
        undue: None,
        phases: Vec::new(),
        follow_up: o.follow_up.clone().filter(|_| o.phased),
        basis: o.basis.name(),
        citation: o.citation.clone(),
        confirmed: is_confirmed(p, o.status, &o.citation)
            && o.triggers
                .iter()
                .filter(|t| fired.contains(&t.id))
                .all(|t| is_confirmed(p, t.status, &t.citation)),
        delay_grounds: grounds(p, &o.delay_grounds),
        exemptions: grounds(p, &o.exemptions),
    };
    let applies = match when {
        Err(e) => {
            outcome.status = Status::Unknown {
                missing: vec![e.message],
            };
            return outcome;
        }
        Ok(w) => w && (o.triggers.is_empty() || !fired.is_empty()),
    };
    if !applies {
        if let (Some(e), true) = (trigger_error, fired.is_empty()) {
            outcome.status = Status::Unknown { missing: vec![e] };
        }
        return outcome;
    }
    // Matching actions known at `as_of`, in time order.
    let mut matching: Vec<(usize, &Action)> = inc
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.at.instant() <= as_of && matches(o, a))
        .collect();
    matching.sort_by_key(|(_, a)| a.at.instant());
    if o.phased {
        outcome.phases = matching
            .iter()
            .enumerate()
            .map(|(k, (i, a))| PhaseOutcome {
                action: *i,
                phase: phase_name(a, k == 0),
                at: a.at.instant(),
                subjects: a.subjects,
                confirmed_at: a.confirmed_at.as_ref().map(|c| c.instant()),
                verdict: None,
                after_confirmation: None,
            })
            .collect();
    }
    // An action that satisfies: the first one whose posting (if any) is long enough.
    let satisfying = matching
        .iter()
        .find(|(_, a)| posting_problem(o, a, zone).is_none())
        .copied();
    let short_posting = matching
        .iter()
        .find_map(|(i, a)| posting_problem(o, a, zone).map(|d| (*i, *a, d)));

    let Some(deadline) = &o.deadline else {
        let undue = super::undue::applies(o).then(|| {
            super::undue::clock(o, inc, as_of, zone, satisfying.map(|(_, a)| a.at.instant()))
        });
        let past_review = match &undue {
            Some(Ok(u)) => u.past_review(as_of),
            _ => None,
        };
        outcome.undue = undue.and_then(Result::ok);
        outcome.status = match (satisfying, short_posting) {
            (Some((i, a)), _) => Status::Met {
                action: i,
                at: a.at.instant(),
                early_by: None,
            },
            (None, Some((i, a, short))) => Status::Missed {
                action: Some(i),
                at: Some(a.at.instant()),
                late_by: Duration::zero(),
                late_calendar_days: 0,
                late_business_days: None,
                detail: Some(short.describe()),
                posting: Some(short),
            },
            (None, None) => match past_review {
                Some(past_review) => Status::Overdue { past_review },
                None => Status::Pending { left: None },
            },
        };
        return outcome;
    };
    let start = match super::clock::start(&deadline.from, inc, as_of) {
        Ok(s) => s,
        Err(missing) => {
            outcome.status = Status::Unknown {
                missing: vec![missing],
            };
            return outcome;
        }
    };
    outcome.clock = Some(Clock {
        from: deadline.from.clone(),
        at: start,
    });
    let calendar = deadline.calendar.as_deref().and_then(Calendar::builtin);
    let due = match (deadline.within, calendar) {
        (Within::Hours(h), _) => Ok(start + Duration::hours(h as i64)),
        (Within::Days(d), _) => Ok(add_days(start, d, zone)),
        (Within::BusinessDays(n), Some(cal)) => cutoff::due(cal, &start, n, deadline.cutoff)
            .map(|t| t.fixed_offset())
            .map_err(|e| e.to_string()),
        (Within::BusinessDays(_), None) => Err("a holiday calendar for business days".into()),
    };
    let due = match due {
        Ok(d) => d,
        Err(missing) => {
            outcome.status = Status::Unknown {
                missing: vec![missing],
            };
            return outcome;
        }
    };
    let (due, delayed) = super::delay::apply(o, &p.policy.jurisdiction, inc, due);
    outcome.delayed = delayed;
    outcome.due = Some(Due {
        local: due.with_timezone(&zone).fixed_offset(),
        utc: due.with_timezone(&Utc),
        calendar_local: calendar
            .filter(|c| c.timezone() != zone)
            .map(|c| ZonedTime {
                at: due.with_timezone(&c.timezone()).fixed_offset(),
                zone: c.timezone().name().to_string(),
            }),
    });
    let late = |at: DateTime<FixedOffset>| -> (i64, Option<i64>) {
        match (deadline.within, calendar) {
            (Within::BusinessDays(_), Some(cal)) => {
                let cz = cal.timezone();
                let d0 = due.with_timezone(&cz).date_naive();
                // With a cut-off, a late filing counts from the day it is deemed filed.
                let d1 = deadline
                    .cutoff
                    .and_then(|c| cutoff::deemed_filing_date(cal, c, &at).ok())
                    .unwrap_or_else(|| at.with_timezone(&cz).date_naive());
                ((d1 - d0).num_days(), cal.business_days_between(d0, d1).ok())
            }
            _ => (
                (local_date(at, zone) - local_date(due, zone)).num_days(),
                None,
            ),
        }
    };
    outcome.status = match satisfying {
        Some((i, a)) if a.at.instant() <= due => Status::Met {
            action: i,
            at: a.at.instant(),
            early_by: Some(due - a.at.instant()),
        },
        Some((i, a)) => {
            let (days, bdays) = late(a.at.instant());
            Status::Missed {
                action: Some(i),
                at: Some(a.at.instant()),
                late_by: a.at.instant() - due,
                late_calendar_days: days,
                late_business_days: bdays,
                detail: None,
                posting: None,
            }
        }
        None if as_of > due => {
            let (days, bdays) = late(as_of);
            Status::Missed {
                action: short_posting.as_ref().map(|(i, _, _)| *i),
                at: short_posting.as_ref().map(|(_, a, _)| a.at.instant()),
                late_by: as_of - due,
                late_calendar_days: days,
                late_business_days: bdays,
                detail: short_posting.as_ref().map(|(_, _, d)| d.describe()),
                posting: short_posting.map(|(_, _, d)| d),
            }
        }
        None => Status::Pending {
            left: Some(due - as_of),
        },
    };
    judge_later_phases(&mut outcome, o, zone);
    outcome
}

/// Judges the later phases of a phased obligation with a `follow_up` rule (see
/// [`super::phases`]): a late one makes a met obligation missed; one without its confirmation
/// time makes it unknown, naming the field.
fn judge_later_phases(outcome: &mut ObligationOutcome, o: &Obligation, zone: Tz) {
    use super::phases::{Phase, Summary, judge};
    let Some(follow) = o.follow_up.as_ref().filter(|_| o.phased) else {
        return;
    };
    let later: Vec<Phase> = outcome
        .phases
        .iter()
        .skip(1)
        .map(|p| Phase {
            action: p.action,
            at: p.at,
            confirmed_at: p.confirmed_at,
        })
        .collect();
    let (judged, summary) = judge(&later, follow.within, zone);
    for (ph, j) in outcome.phases.iter_mut().skip(1).zip(judged) {
        ph.verdict = Some(j.verdict);
        ph.after_confirmation = j.after_confirmation;
    }
    if !matches!(outcome.status, Status::Met { .. }) {
        return;
    }
    outcome.status = match summary {
        Summary::InTime => return,
        Summary::Late {
            action,
            at,
            late_by,
            late_calendar_days,
        } => Status::Missed {
            action: Some(action),
            at: Some(at),
            late_by,
            late_calendar_days,
            late_business_days: None,
            detail: Some(format!(
                "a later phase came more than {} after its facts were confirmed",
                follow.within
            )),
            posting: None,
        },
        Summary::Unknown(missing) => Status::Unknown { missing },
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// Issue 20, P1: a `d` deadline landing in a daylight-saving gap was due 30 minutes after the
    /// end of the gap (02:30 + 1 h = 03:30 EDT) instead of at its end (03:00 EDT), so an action at
    /// 03:15 counted as met.
    #[test]
    fn a_day_deadline_in_a_dst_gap_is_due_at_the_end_of_the_gap() {
        let cases = [
            // discovered 2026-03-07 02:30 EST; 2026-03-08 02:30 does not exist in New York.
            (
                "2026-03-07T02:30:00-05:00",
                "America/New_York",
                1,
                "2026-03-08T03:00:00-04:00",
            ),
            (
                "2026-03-07T02:59:59-05:00",
                "America/New_York",
                1,
                "2026-03-08T03:00:00-04:00",
            ),
            // Berlin skips 02:00-03:00 on 2026-03-29.
            (
                "2026-03-22T02:15:00+01:00",
                "Europe/Berlin",
                7,
                "2026-03-29T03:00:00+02:00",
            ),
            // Lord Howe Island moves by half an hour (02:00 -> 02:30) on 2026-10-04.
            (
                "2026-10-03T02:10:00+10:30",
                "Australia/Lord_Howe",
                1,
                "2026-10-04T02:30:00+11:00",
            ),
            // Outside a gap nothing changes, and the fold takes the first 01:30.
            (
                "2026-03-07T01:59:00-05:00",
                "America/New_York",
                1,
                "2026-03-08T01:59:00-05:00",
            ),
            (
                "2026-10-31T01:30:00-04:00",
                "America/New_York",
                1,
                "2026-11-01T01:30:00-04:00",
            ),
        ];
        for (start, zone, n, want) in cases {
            let got = add_days(at(start), n, zone.parse().unwrap());
            assert_eq!(got, at(want), "{start} + {n}d in {zone}");
            assert_eq!(got.offset(), at(want).offset(), "{start} + {n}d in {zone}");
        }
    }
}
