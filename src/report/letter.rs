//! What makes a document a letter that can go out: the notice date and the sender block.
//!
//! A notice is dated and signed (issue 16). The date is the one the user gives for the render
//! (`render --date`); otherwise, for a notice already recorded in `actions`, the date it went out
//! (the latest recorded notice of the report's kind, so the document of record carries the date
//! it was sent); otherwise the evaluation date. It is a calendar date in the incident's zone,
//! printed in the reader's form: `2025년 11월 29일`, `29 November 2025`, and for a U.S. reader
//! `November 29, 2025`. The sender block names the organisation, the representative's title and
//! name when the incident gives them (대표이사 명의) and the address when given.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::incident::{Action, Incident};

use super::{Lang, ReportKind, format};

/// The sender block of a letter or notice, in the report's language.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Sender {
    /// The organisation's name.
    pub org: String,
    /// The representative's title, or empty.
    pub title: String,
    /// The representative's name, or empty.
    pub name: String,
    /// The postal address, or empty.
    pub address: String,
}

/// Whether a recorded action is a notice of the kind `kind` produces (for the U.S. letter: a
/// notice to people that names no jurisdiction or names a U.S. one).
fn is_notice_of(kind: ReportKind, a: &Action) -> bool {
    match kind {
        ReportKind::SubjectNotice => a.kind == "subject_notice",
        ReportKind::PublicNotice => a.kind == "public_notice",
        ReportKind::UsStateNotice => {
            a.kind == "subject_notice"
                && (a.jurisdictions.is_empty()
                    || a.jurisdictions.iter().any(|j| j.starts_with("US")))
        }
        _ => false,
    }
}

/// The notice date of a report: `given` (`render --date`), else the latest recorded notice of
/// its kind, else `as_of`; a date in the incident's zone.
pub fn notice_date(
    kind: ReportKind,
    inc: &Incident,
    as_of: DateTime<FixedOffset>,
    given: Option<NaiveDate>,
) -> NaiveDate {
    let zone = inc.timezone.0;
    given.unwrap_or_else(|| {
        inc.actions
            .iter()
            .filter(|a| is_notice_of(kind, a))
            .map(|a| a.at.instant())
            .max()
            .unwrap_or(as_of)
            .with_timezone(&zone)
            .date_naive()
    })
}

/// The notice date in the reader's form: letters and notices to people as people write it
/// (`2025년 11월 29일`), other reports in the official style (`2025. 11. 29.`); U.S. readers get
/// `November 29, 2025`.
pub fn notice_date_text(kind: ReportKind, lang: Lang, date: NaiveDate) -> String {
    match kind {
        ReportKind::UsStateNotice | ReportKind::Sec8k => format::date_us(date),
        ReportKind::SubjectNotice | ReportKind::PublicNotice => {
            format::date_in(date, lang, format::Style::Letter)
        }
        _ => format::date(date, lang),
    }
}

/// The sender block in `lang`.
pub fn sender(inc: &Incident, shown: impl Fn(&crate::incident::Text) -> String) -> Sender {
    let o = &inc.organization;
    Sender {
        org: shown(&o.name),
        title: o
            .representative
            .as_ref()
            .map(|r| shown(&r.title))
            .unwrap_or_default(),
        name: o
            .representative
            .as_ref()
            .and_then(|r| r.name.as_ref())
            .map(&shown)
            .unwrap_or_default(),
        address: o.address.as_ref().map(&shown).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn multi() -> Incident {
        crate::incident::load_str(include_str!("../../examples/multi-jurisdiction.yaml"))
            .ok()
            .unwrap()
            .clone()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_given_date_wins_then_the_recorded_notice_then_the_as_of_date() {
        let inc = multi();
        let as_of = at("2026-11-28T00:00:00+09:00");
        let given = NaiveDate::from_ymd_opt(2026, 12, 1);
        assert_eq!(
            notice_date(ReportKind::SubjectNotice, &inc, as_of, given),
            given.unwrap()
        );
        // The subject notice went out on 5 November 2026 (KST).
        assert_eq!(
            notice_date(ReportKind::SubjectNotice, &inc, as_of, None),
            NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()
        );
        // Nothing recorded for a regulator filing: the evaluation date.
        assert_eq!(
            notice_date(ReportKind::RegulatorNotification, &inc, as_of, None),
            NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
        );
    }

    #[test]
    fn dates_in_the_readers_form() {
        let d = NaiveDate::from_ymd_opt(2025, 11, 29).unwrap();
        assert_eq!(
            notice_date_text(ReportKind::SubjectNotice, Lang::Ko, d),
            "2025년 11월 29일"
        );
        assert_eq!(
            notice_date_text(ReportKind::SubjectNotice, Lang::En, d),
            "29 November 2025"
        );
        assert_eq!(
            notice_date_text(ReportKind::UsStateNotice, Lang::En, d),
            "November 29, 2025"
        );
        assert_eq!(
            notice_date_text(ReportKind::RegulatorNotification, Lang::Ko, d),
            "2025. 11. 29."
        );
    }
}
