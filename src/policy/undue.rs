//! Duties with no fixed period ("without undue delay", "as soon as practicable").
//!
//! Such a duty has no due time, so it can never be `missed`; left at that it stays `pending`
//! forever with nothing to show how long it has waited (issue 16). Here it gets a clock and the
//! time elapsed on it (when its time limit is "without undue delay", or the policy names a `clock`
//! or a `review` point; see [`applies`]): the clock starts at `discovered_at`, at another timeline field the
//! obligation names in `clock`, or at the first action of a kind (`clock: action:subject_notice`)
//! for a duty that follows another action (New York's agency notices follow the consumer notice);
//! until that action is recorded the clock has not started. A policy may also give a review
//! point (`review`): a period after the clock's start, set by a regulator's guidance or by the
//! company, after which a duty still not done is `overdue`, a status of its own that makes the
//! exit code 1 as a missed deadline does, but that output always labels as guidance or company
//! policy, never statute.

use chrono::{DateTime, Duration, FixedOffset};
use chrono_tz::Tz;
use serde::Serialize;

use crate::incident::Incident;
use crate::policy::model::{Citation, Obligation, ReviewBasis, Within};

/// The clock of a duty with no fixed period, as the evaluation saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Undue {
    /// Where the clock starts: a timeline field or `action:KIND`.
    pub from: String,
    /// When it started; absent while the action it waits for is not recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<FixedOffset>>,
    /// Time elapsed from the start to the evaluation time (or to the action that met it).
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_secs")]
    pub elapsed: Option<Duration>,
    /// The review point, when the policy gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewPoint>,
}

/// A review point: when it falls and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewPoint {
    /// The period after the clock's start, e.g. `7d`.
    pub after: String,
    /// When it falls; absent while the clock has not started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<FixedOffset>>,
    /// `guidance` or `company`: never statute.
    pub basis: ReviewBasis,
    /// The guidance or policy that sets it.
    pub citation: Citation,
    /// Whether it is confirmed.
    pub confirmed: bool,
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

/// Whether `o` runs an undue-delay clock: a duty with no `deadline` whose time limit is "without
/// undue delay" (no `timing` words of its own), or one that names its `clock` or a `review`
/// point. A duty timed by another event in words (e.g. "within four business days after the
/// information is determined") shows no time since awareness, which would mislead.
pub fn applies(o: &Obligation) -> bool {
    o.deadline.is_none() && (o.timing.is_none() || o.clock.is_some() || o.review.is_some())
}

/// The clock of `o`, a duty with no `deadline`, at `as_of`; `done` is when a satisfying action
/// was taken, if one was. `Err` names the missing timeline field when the clock starts at one
/// that the incident does not record.
pub fn clock(
    o: &Obligation,
    inc: &Incident,
    as_of: DateTime<FixedOffset>,
    zone: Tz,
    done: Option<DateTime<FixedOffset>>,
) -> Result<Undue, String> {
    let from = o
        .clock
        .clone()
        .unwrap_or_else(|| "discovered_at".to_string());
    let since = match super::clock::start(&from, inc, as_of) {
        Ok(t) => Some(t),
        // A duty that follows an action not yet taken has not started.
        Err(_) if from.starts_with("action:") => None,
        Err(missing) => return Err(missing),
    };
    let end = done.unwrap_or(as_of);
    let review = o.review.as_ref().map(|r| ReviewPoint {
        after: r.after.to_string(),
        at: since.map(|s| match r.after {
            Within::Hours(h) => s + Duration::hours(i64::from(h)),
            Within::Days(d) | Within::BusinessDays(d) => {
                let local = s.with_timezone(&zone).naive_local() + Duration::days(i64::from(d));
                use chrono::TimeZone;
                zone.from_local_datetime(&local)
                    .earliest()
                    .map_or(s + Duration::days(i64::from(d)), |t| t.fixed_offset())
            }
        }),
        basis: r.basis,
        citation: r.citation.clone(),
        confirmed: r.status == crate::policy::model::Status::Confirmed,
    });
    Ok(Undue {
        from,
        since,
        elapsed: since.map(|s| (end - s).max(Duration::zero())),
        review,
    })
}

impl Undue {
    /// How long past the review point a duty not yet done is at `as_of`, if it is.
    pub fn past_review(&self, as_of: DateTime<FixedOffset>) -> Option<Duration> {
        let at = self.review.as_ref()?.at?;
        (as_of > at).then(|| as_of - at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn obligation(clock: Option<&str>, review: Option<&str>) -> Obligation {
        let mut yaml = String::from(
            "id: x\ntitle: { ko: x, en: x }\nkind: regulator_report\nsatisfied_by: { kind: regulator_report }\ncitation: { source: s, en: x }\n",
        );
        if let Some(c) = clock {
            yaml.push_str(&format!("clock: \"{c}\"\n"));
        }
        if let Some(r) = review {
            yaml.push_str(&format!(
                "review: {{ after: {r}, basis: company, citation: {{ source: s, en: Company breach policy 4.2 }} }}\n"
            ));
        }
        crate::yaml::from_str(&yaml, &crate::yaml::Limits::DEFAULT).unwrap()
    }

    fn multi() -> Incident {
        crate::incident::load_str(include_str!("../../examples/multi-jurisdiction.yaml"))
            .ok()
            .unwrap()
            .clone()
    }

    #[test]
    fn the_clock_starts_at_discovery_and_the_review_point_counts_from_it() {
        let inc = multi();
        let zone = inc.timezone.0;
        let as_of = at("2026-11-12T09:30:00+09:00");
        let u = clock(&obligation(None, Some("7d")), &inc, as_of, zone, None).unwrap();
        assert_eq!(u.since, Some(at("2026-11-02T09:30:00+09:00")));
        assert_eq!(u.elapsed, Some(Duration::days(10)));
        let r = u.review.as_ref().unwrap();
        assert_eq!(r.at, Some(at("2026-11-09T09:30:00+09:00")));
        assert_eq!(r.basis, ReviewBasis::Company);
        assert!(r.confirmed && r.citation.en.contains("Company"));
        assert_eq!(u.past_review(as_of), Some(Duration::days(3)));
        assert_eq!(u.past_review(at("2026-11-09T09:00:00+09:00")), None);
    }

    #[test]
    fn a_duty_that_follows_an_action_starts_there() {
        let mut inc = multi();
        let zone = inc.timezone.0;
        let as_of = at("2026-11-28T00:00:00+09:00");
        let o = obligation(Some("action:subject_notice"), Some("1d"));
        let u = clock(&o, &inc, as_of, zone, None).unwrap();
        // The consumer notice went out on 5 November 2026, 10:00 KST.
        assert_eq!(u.since, Some(at("2026-11-05T10:00:00+09:00")));
        // Before it is sent, the clock has not started and nothing is overdue.
        inc.actions.retain(|a| a.kind != "subject_notice");
        let u = clock(&o, &inc, as_of, zone, None).unwrap();
        assert_eq!((u.since, u.elapsed), (None, None));
        assert_eq!(u.past_review(as_of), None);
    }
}
