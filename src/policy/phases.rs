//! Later phases of a phased notice or report, each judged on its own.
//!
//! PIPA Enforcement Decree Arts. 39(2) and 40(2) let a controller notify and report what is
//! confirmed first and the rest "확인되는 즉시" (as soon as it is confirmed). A first notice in
//! time therefore does not make the duty met: an obligation with a `follow_up` rule judges each
//! later phase against the time its facts were confirmed (`actions[].confirmed_at`), and one
//! whose confirmation time is not recorded cannot be judged. This module judges the phases; the
//! evaluation turns the result into the obligation's status.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use chrono_tz::Tz;

use super::model::Within;

/// A later phase: the action's index, when it was taken, and when its facts were confirmed.
pub(super) struct Phase {
    pub action: usize,
    pub at: DateTime<FixedOffset>,
    pub confirmed_at: Option<DateTime<FixedOffset>>,
}

/// One later phase's verdict: `met`, `missed` or `unknown`, and the time from confirmation.
pub(super) struct Judged {
    pub verdict: &'static str,
    pub after_confirmation: Option<Duration>,
}

/// What the later phases mean for the obligation.
pub(super) enum Summary {
    /// Every later phase was in time (or there is none).
    InTime,
    /// The first late phase: its action, when, how late, calendar days late.
    Late {
        action: usize,
        at: DateTime<FixedOffset>,
        late_by: Duration,
        late_calendar_days: i64,
    },
    /// Phases that cannot be judged: the missing fields.
    Unknown(Vec<String>),
}

/// Judges `later` (the phases after the first) against `within` of their confirmation.
pub(super) fn judge(later: &[Phase], within: Within, zone: Tz) -> (Vec<Judged>, Summary) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    let mut late = None;
    for ph in later {
        let Some(confirmed) = ph.confirmed_at else {
            missing.push(format!("actions[{}].confirmed_at", ph.action));
            out.push(Judged {
                verdict: "unknown",
                after_confirmation: None,
            });
            continue;
        };
        let due = match within {
            Within::Hours(h) => confirmed + Duration::hours(h as i64),
            // The same local time n days later (the first instant after a daylight-saving gap
            // is not needed here: no policy gives a follow-up in days across such a gap today).
            Within::Days(d) => zone
                .from_local_datetime(
                    &(confirmed.with_timezone(&zone).naive_local() + Duration::days(d as i64)),
                )
                .earliest()
                .map_or(confirmed + Duration::days(d as i64), |t| t.fixed_offset()),
            Within::BusinessDays(_) => {
                missing.push("a follow_up period in hours or days".into());
                out.push(Judged {
                    verdict: "unknown",
                    after_confirmation: None,
                });
                continue;
            }
        };
        let in_time = ph.at <= due;
        if !in_time && late.is_none() {
            let day = |t: DateTime<FixedOffset>| t.with_timezone(&zone).date_naive();
            late = Some(Summary::Late {
                action: ph.action,
                at: ph.at,
                late_by: ph.at - due,
                late_calendar_days: (day(ph.at) - day(due)).num_days(),
            });
        }
        out.push(Judged {
            verdict: if in_time { "met" } else { "missed" },
            after_confirmation: Some(ph.at - confirmed),
        });
    }
    let summary = match (late, missing.is_empty()) {
        (Some(l), _) => l,
        (None, false) => Summary::Unknown(missing),
        (None, true) => Summary::InTime,
    };
    (out, summary)
}
