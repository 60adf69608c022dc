//! Two facts of an incident measured against each other, as validation needs them: the time an
//! action cannot precede ([`known_from`]), and whether a stated count agrees with the exact one
//! ([`rounds_to`]).
//!
//! They decide the warnings that the bundled examples used to give falsely (issue 17): a
//! security-incident report compared with the discovery of the personal-data breach rather than
//! with the detection of the incident it reports; a report's "about 33.7 million" compared
//! with the exact 33,673,817 as if it were exact. Each is a rule of its own, kept apart from the
//! walk over the file in [`super::validate`].

use chrono::{DateTime, FixedOffset};

/// An instant, with the offset it was written with.
type Instant = DateTime<FixedOffset>;

use super::model::Timeline;

/// The timeline field an action of `kind` cannot precede, its time, and how a message names it.
///
/// Each action is compared with the clock that applies to it, not with one time for all: a
/// security-incident report (Network Act Art. 48-3, to KISA or MSIT) follows the detection of
/// the incident (`incident_detected_at`), which may come before the personal-data breach is
/// known; a report to the police may follow the very first sign (an extortion e-mail is often
/// the first signal), so it is compared with the earliest of `first_signal_at`,
/// `incident_detected_at` and `discovered_at`. Every other action (breach reports, notices,
/// filings) follows awareness of the breach, `discovered_at`.
pub fn known_from(kind: &str, t: &Timeline) -> (&'static str, Instant, &'static str) {
    let discovered = ("discovered_at", t.discovered_at.instant());
    let detected = t
        .incident_detected_at
        .map(|d| ("incident_detected_at", d.instant()));
    match kind {
        "incident_report" => {
            let (field, at) = detected.unwrap_or(discovered);
            (field, at, "the security incident was detected")
        }
        "law_enforcement_report" => {
            let signal = t.first_signal_at.map(|s| ("first_signal_at", s.instant()));
            let (field, at) = [signal, detected]
                .into_iter()
                .flatten()
                .fold(discovered, |a, b| if b.1 < a.1 { b } else { a });
            (field, at, "anything was known of the incident")
        }
        _ => (discovered.0, discovered.1, "the breach was discovered"),
    }
}

/// Whether `exact` rounds to the approximate count `stated` at the precision `stated` is written
/// in: its trailing zeros (33,700,000 is given to the nearest 100,000, and 33,673,817 rounds
/// to it; 34,000,000 is given to the nearest 1,000,000).
pub fn rounds_to(exact: u64, stated: u64) -> bool {
    if stated == 0 {
        return exact == 0;
    }
    let mut unit: u64 = 1;
    while let Some(next) = unit.checked_mul(10)
        && stated.is_multiple_of(next)
    {
        unit = next;
    }
    exact.abs_diff(stated) <= unit / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stated_count_is_read_at_the_precision_it_is_written_in() {
        assert!(rounds_to(33_673_817, 33_700_000));
        assert!(rounds_to(33_650_000, 33_700_000));
        assert!(!rounds_to(33_649_999, 33_700_000));
        assert!(rounds_to(33_673_817, 34_000_000));
        assert!(!rounds_to(33_673_817, 34_700_000));
        assert!(!rounds_to(4_535, 4_536));
        assert!(rounds_to(0, 0) && !rounds_to(1, 0));
        assert!(rounds_to(u64::MAX, u64::MAX));
    }

    #[test]
    fn each_action_kind_runs_from_its_own_time() {
        let inc = crate::incident::load_str(include_str!("../../examples/coupang-2025.yaml"))
            .incident
            .unwrap();
        let mut t = inc.timeline.clone();
        let (field, at, _) = known_from("regulator_report", &t);
        assert_eq!((field, at), ("discovered_at", t.discovered_at.instant()));
        t.incident_detected_at = t.first_signal_at;
        assert_eq!(known_from("incident_report", &t).0, "incident_detected_at");
        // The earliest time; on a tie, the first sign.
        assert_eq!(
            known_from("law_enforcement_report", &t).0,
            "first_signal_at"
        );
        t.first_signal_at = None;
        assert_eq!(
            known_from("law_enforcement_report", &t).0,
            "incident_detected_at"
        );
        t.first_signal_at = inc.timeline.first_signal_at;
        t.incident_detected_at = None;
        assert_eq!(known_from("incident_report", &t).0, "discovered_at");
        assert_eq!(
            known_from("law_enforcement_report", &t).0,
            "first_signal_at"
        );
        t.first_signal_at = None;
        assert_eq!(known_from("law_enforcement_report", &t).0, "discovered_at");
    }
}
