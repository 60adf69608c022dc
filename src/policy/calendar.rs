//! Business-day calendars: which days count when a law sets a deadline in business days.
//!
//! A calendar is a data file (`policies/calendars/<id>.yaml`, format `disclose/calendar@1`)
//! listing one jurisdiction's public holidays with the law they come from, its time zone, its
//! weekend days and the range of dates it covers. Five are built in and embedded in the binary:
//! `br` (feriados nacionais), `kr` (관공서의 공휴일, Republic of Korea), `us-federal`
//! (5 U.S.C. § 6103), `us-ia` (Iowa Code § 1C.2) and `us-vt` (1 V.S.A. § 371); see
//! [`Calendar::builtin`]. Other files can be read with [`Calendar::from_yaml`].
//!
//! A day is a *business day* when it is neither a weekend day nor a listed holiday. The file
//! format and its checks are in the `file` submodule.
//!
//! # Reference dataset
//!
//! `tests/holiday_reference.rs` compares every built-in calendar, year by year, with the PyPI
//! `holidays` package. A date on which a file deliberately differs from it is listed in the file
//! under the optional `differs_from_reference:` (date and reason; see
//! [`Calendar::differs_from_reference`]), so only an unexplained difference fails.
//!
//! # Coverage
//!
//! Holidays are only known for the years a file lists, so every calendar states the range it
//! `covers`. Asking about a day outside that range is an error
//! ([`CalendarError::OutOfCoverage`]) that names the file to extend, never a guess that the day
//! is an ordinary working day.
//!
//! # Counting business days
//!
//! [`Calendar::add_business_days`] turns "within `n` business days of an event" into a deadline:
//!
//! 1. the event's instant is converted to the calendar's time zone, and its local date is day 0
//!    (whether day 0 is itself a business day does not matter);
//! 2. counting starts on the next calendar day: each business day counted advances the count by
//!    one, weekend days and holidays are skipped;
//! 3. the deadline is the **end** of the `n`-th business day, 23:59:59 in the calendar's zone: a
//!    filing due "within 4 business days" is on time if made by the end of the 4th business day.
//!
//! With `n = 0` the deadline is the end of day 0. For example, under the U.S. calendar a
//! materiality determination at any time on Tuesday 2025-11-18 (New York time) plus 4 business
//! days is due by 2025-11-24 23:59:59 EST: Nov 19, 20, 21 and 24 count, the weekend does not.
//!
//! [`Calendar::business_days_between`] counts the business days in `(a, b]`, the measure for
//! "late by 15 business days".
//!
//! # Daylight saving time
//!
//! The end of a day is the last second whose local date is that day:
//!
//! - normally 23:59:59;
//! - when 23:59:59 occurs twice because the clocks go back around midnight (America/Nuuk in
//!   October), the later occurrence, so the day keeps its full length;
//! - when 23:59:59 is skipped because the clocks jump forward across midnight (America/Nuuk in
//!   March), the last second before the jump;
//! - a day that does not exist at all in the zone (Pacific/Apia skipped 2011-12-30) is an error
//!   ([`CalendarError::DayNotInZone`]).
//!
//! U.S. and Korean zones change their clocks at 02:00 or not at all, so there 23:59:59 always
//! exists exactly once.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Weekday,
};
use chrono_tz::Tz;
use serde::Deserialize;
use thiserror::Error;

use crate::incident::model::Text;
use crate::yaml::{Pos, YamlError};

mod file;

pub use crate::document::CALENDAR_FORMAT as FORMAT;

/// The widest `covers` range accepted, in years. It keeps every count bounded; no calendar needs
/// holiday data for more than a few decades.
pub const MAX_COVERAGE_YEARS: i32 = 200;

/// Whether a holiday is fixed by law, a substitute, designated by the government, or an election.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HolidayKind {
    /// A holiday the statute or decree names (the default when `kind` is omitted).
    #[default]
    Statutory,
    /// A substitute or observed day for a holiday that fell on a weekend or on another holiday
    /// (대체공휴일; a U.S. "observed" day). Always a weekday.
    Substitute,
    /// A one-off holiday designated by the government (임시공휴일).
    Temporary,
    /// An election day that is a public holiday.
    Election,
}

impl HolidayKind {
    /// The spelling used in calendar files.
    pub fn as_str(self) -> &'static str {
        match self {
            HolidayKind::Statutory => "statutory",
            HolidayKind::Substitute => "substitute",
            HolidayKind::Temporary => "temporary",
            HolidayKind::Election => "election",
        }
    }
}

impl fmt::Display for HolidayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a source's dates have been checked against an official announcement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceStatus {
    /// The dates were checked against the law or an official announcement.
    Confirmed,
    /// The dates were computed from rules or taken from secondary reports and still need to be
    /// checked against an official announcement.
    Unconfirmed,
}

/// Where a calendar's holidays come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The law, decree or announcement, as a citation.
    pub citation: String,
    /// Where to read it, when it is online.
    pub url: Option<String>,
    /// Whether the dates it supports are confirmed.
    pub status: SourceStatus,
}

/// One holiday.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holiday {
    /// The date.
    pub date: NaiveDate,
    /// Its name in Korean and English. When two holidays fall on one date, the name gives both.
    pub name: Text,
    /// What kind of holiday it is.
    pub kind: HolidayKind,
}

/// A date on which the calendar deliberately differs from the reference dataset it is checked
/// against (the PyPI `holidays` package; see `tests/holiday_reference.rs`), with the reason: a
/// holiday the reference lists and the file does not, or the other way round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceDifference {
    /// The date.
    pub date: NaiveDate,
    /// Why the file differs, with the source that decides it.
    pub reason: String,
}

/// The inclusive range of dates a calendar has holiday data for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Coverage {
    /// The first covered date.
    pub from: NaiveDate,
    /// The last covered date (inclusive).
    pub until: NaiveDate,
}

impl Coverage {
    /// True when `date` is inside the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.until
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.from, self.until)
    }
}

/// Why a calendar could not be read or a question about it could not be answered.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// A date outside the range the calendar has holiday data for.
    #[error(
        "calendar `{calendar}` covers {covers}, so it cannot say whether {date} is a business day; add that year's holidays to policies/calendars/{calendar}.yaml and extend `covers`"
    )]
    OutOfCoverage {
        /// The calendar's id.
        calendar: String,
        /// The date asked about.
        date: NaiveDate,
        /// The range the calendar covers.
        covers: Coverage,
    },
    /// The file is not valid YAML or does not have the calendar format's shape.
    #[error("cannot read the calendar file: {0}")]
    Parse(#[from] YamlError),
    /// Two holiday entries for one date.
    #[error(
        "calendar `{calendar}` at {pos}: {date} is listed twice (first at {first}); give one entry whose name names both holidays"
    )]
    DuplicateDate {
        /// The calendar's id.
        calendar: String,
        /// The repeated date.
        date: NaiveDate,
        /// Where the second entry is.
        pos: Pos,
        /// Where the first entry is.
        first: Pos,
    },
    /// A holiday outside the range the file says it covers.
    #[error(
        "calendar `{calendar}` at {pos}: the holiday on {date} is outside `covers` ({covers}); extend `covers` or remove the entry"
    )]
    HolidayOutsideCoverage {
        /// The calendar's id.
        calendar: String,
        /// The holiday's date.
        date: NaiveDate,
        /// Where the entry is.
        pos: Pos,
        /// The range the file covers.
        covers: Coverage,
    },
    /// A substitute (observed) day on a weekend day, which cannot be right: a substitute day
    /// exists to give back a working day.
    #[error(
        "calendar `{calendar}` at {pos}: {date} is a {weekday}, a weekend day, but is listed as a substitute holiday; substitute and observed days are working days, so check the date"
    )]
    SubstituteOnWeekend {
        /// The calendar's id.
        calendar: String,
        /// The date listed.
        date: NaiveDate,
        /// Its day of the week.
        weekday: Weekday,
        /// Where the entry is.
        pos: Pos,
    },
    /// A `weekend` entry that is not a day of the week.
    #[error(
        "calendar `{calendar}` at {pos}: `{name}` is not a day of the week; write mon, tue, wed, thu, fri, sat or sun"
    )]
    UnknownWeekday {
        /// The calendar's id.
        calendar: String,
        /// The text found.
        name: String,
        /// Where it is.
        pos: Pos,
    },
    /// Any other problem with the file's content.
    #[error("calendar `{calendar}` at {pos}: {message}")]
    Invalid {
        /// The calendar's id (as written, possibly empty).
        calendar: String,
        /// Where the problem is.
        pos: Pos,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A date that does not exist in the calendar's time zone (the zone skipped the whole day).
    #[error(
        "calendar `{calendar}`: {date} does not exist in the time zone {zone}, which skipped that day, so it has no end"
    )]
    DayNotInZone {
        /// The calendar's id.
        calendar: String,
        /// The date.
        date: NaiveDate,
        /// The calendar's zone.
        zone: Tz,
    },
}

// ---------------------------------------------------------------------------------------------
// The calendar

/// A business-day calendar: one jurisdiction's weekend days and public holidays over a range of
/// dates, with the sources they come from. Built only by [`Calendar::from_yaml`], which checks the
/// data, so every value of this type is consistent.
#[derive(Clone, Debug)]
pub struct Calendar {
    id: String,
    title: Text,
    timezone: Tz,
    weekend: Vec<Weekday>,
    weekend_mask: [bool; 7],
    covers: Coverage,
    sources: Vec<Source>,
    holidays: BTreeMap<NaiveDate, Holiday>,
    differs_from_reference: BTreeMap<NaiveDate, ReferenceDifference>,
}

mod compact {
    include!(concat!(env!("OUT_DIR"), "/builtin_calendars.rs"));
}

/// A built-in calendar: its id, its compact form (JSON made from the file by `build.rs`, in id
/// order like [`BUILTINS`]) and the calendar once loaded.
struct Builtin {
    id: &'static str,
    /// The file as written, for the tests that compare it with the compact form.
    #[cfg(test)]
    src: &'static str,
    loaded: OnceLock<Result<Calendar, CalendarError>>,
}

static BUILTINS: [Builtin; 5] = [
    Builtin {
        id: "br",
        #[cfg(test)]
        src: include_str!("../../policies/calendars/br.yaml"),
        loaded: OnceLock::new(),
    },
    Builtin {
        id: "kr",
        #[cfg(test)]
        src: include_str!("../../policies/calendars/kr.yaml"),
        loaded: OnceLock::new(),
    },
    Builtin {
        id: "us-federal",
        #[cfg(test)]
        src: include_str!("../../policies/calendars/us-federal.yaml"),
        loaded: OnceLock::new(),
    },
    Builtin {
        id: "us-ia",
        #[cfg(test)]
        src: include_str!("../../policies/calendars/us-ia.yaml"),
        loaded: OnceLock::new(),
    },
    Builtin {
        id: "us-vt",
        #[cfg(test)]
        src: include_str!("../../policies/calendars/us-vt.yaml"),
        loaded: OnceLock::new(),
    },
];

impl Calendar {
    /// A calendar shipped with disclose, by id (see [`Calendar::builtin_ids`]).
    ///
    /// The calendar is read on first use from the compact form `build.rs` made of the file (JSON
    /// without comments), checked like a file but without a source map, and kept for the life of
    /// the process (issue 19: parsing the YAML of both calendars was a fifth of a cold `check`).
    /// `None` for an unknown id; the unit tests make sure every built-in file loads from its YAML
    /// and gives the same calendar in compact form, so a built-in that fails its checks cannot be
    /// released.
    pub fn builtin(id: &str) -> Option<&'static Calendar> {
        let b = BUILTINS.iter().find(|b| b.id == id)?;
        b.loaded
            .get_or_init(|| {
                let (_, json) = compact::BUILTIN_CALENDARS
                    .iter()
                    .find(|(c, _)| *c == b.id)
                    .ok_or_else(|| CalendarError::Invalid {
                        calendar: b.id.to_string(),
                        pos: Pos::START,
                        message: "the compact form of the built-in calendar is missing".into(),
                    })?;
                Calendar::from_compact(json)
            })
            .as_ref()
            .ok()
    }

    /// The ids of the built-in calendars, in id order: `br`, `kr`, `us-federal`, `us-ia`, `us-vt`.
    pub fn builtin_ids() -> impl ExactSizeIterator<Item = &'static str> {
        BUILTINS.iter().map(|b| b.id)
    }

    /// The id (`kr`, `us-federal`); the file is `policies/calendars/<id>.yaml`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The calendar's name in Korean and English.
    pub fn title(&self) -> &Text {
        &self.title
    }

    /// The time zone in which days begin and end.
    pub fn timezone(&self) -> Tz {
        self.timezone
    }

    /// The weekend days, in the order the file lists them.
    pub fn weekend(&self) -> &[Weekday] {
        &self.weekend
    }

    /// The range of dates the calendar has holiday data for.
    pub fn covers(&self) -> Coverage {
        self.covers
    }

    /// The sources cited for the holidays.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The sources whose dates are not yet confirmed; a report that relies on this calendar
    /// should say so when there are any.
    pub fn unconfirmed_sources(&self) -> impl Iterator<Item = &Source> {
        self.sources
            .iter()
            .filter(|s| s.status == SourceStatus::Unconfirmed)
    }

    /// Every holiday, in date order.
    pub fn holidays(&self) -> impl ExactSizeIterator<Item = &Holiday> {
        self.holidays.values()
    }

    /// The dates on which the file deliberately differs from the reference dataset, in date
    /// order (`differs_from_reference:` in the file; usually none).
    pub fn differs_from_reference(&self) -> impl ExactSizeIterator<Item = &ReferenceDifference> {
        self.differs_from_reference.values()
    }

    /// The holiday on `date`, if there is one.
    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays.get(&date)
    }

    /// True when `date` falls on one of the calendar's weekend days (no coverage needed).
    pub fn is_weekend(&self, date: NaiveDate) -> bool {
        self.weekend_mask[date.weekday().num_days_from_monday() as usize]
    }

    fn out_of_coverage(&self, date: NaiveDate) -> CalendarError {
        CalendarError::OutOfCoverage {
            calendar: self.id.clone(),
            date,
            covers: self.covers,
        }
    }

    /// Whether `date` is a business day: not a weekend day and not a holiday. An error when
    /// `date` is outside [`Calendar::covers`].
    pub fn is_business_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if !self.covers.contains(date) {
            return Err(self.out_of_coverage(date));
        }
        Ok(!self.is_weekend(date) && !self.holidays.contains_key(&date))
    }

    /// The day after `date`, as an out-of-coverage error at the end of the representable range.
    fn next_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        date.succ_opt().ok_or_else(|| self.out_of_coverage(date))
    }

    /// The `n`-th business day after `date` (`date` itself when `n` is 0). Counting starts on
    /// the next calendar day; `date` need not be a business day. An error as soon as a day that
    /// must be examined is outside [`Calendar::covers`].
    pub fn nth_business_day_after(
        &self,
        date: NaiveDate,
        n: u32,
    ) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        let mut counted = 0u32;
        while counted < n {
            day = self.next_day(day)?;
            if self.is_business_day(day)? {
                counted += 1;
            }
        }
        Ok(day)
    }

    /// The last second of `date` in the calendar's zone: 23:59:59, or around a daylight-saving
    /// change the last second whose local date is `date` (see the module documentation).
    pub fn end_of_day(&self, date: NaiveDate) -> Result<DateTime<Tz>, CalendarError> {
        let last = NaiveTime::from_hms_opt(23, 59, 59).expect("a valid time");
        self.last_instant_at_or_before(date, last)
    }

    /// The instant of local time `time` on `date` in the calendar's zone or, where a
    /// daylight-saving gap swallows it, the last second before the gap; where it occurs twice,
    /// the later (the day lasts until the clocks have gone back). Clock changes happen on whole
    /// minutes, so after `time` itself only the hh:mm:59 seconds before it are tried, a minute
    /// at a time; bounded by the day. Shared by the end of a business day and a filing cut-off.
    pub fn last_instant_at_or_before(
        &self,
        date: NaiveDate,
        time: NaiveTime,
    ) -> Result<DateTime<Tz>, CalendarError> {
        let zone = self.timezone;
        let mut local = Some(date.and_time(time));
        while let Some(t) = local.filter(|t| t.date() == date) {
            match zone.from_local_datetime(&t) {
                LocalResult::Single(dt) => return Ok(dt),
                LocalResult::Ambiguous(_, later) => return Ok(later),
                // The second before the start of this minute: hh:(mm-1):59.
                LocalResult::None => {
                    local = t
                        .with_second(0)
                        .and_then(|m| m.checked_sub_signed(TimeDelta::seconds(1)))
                }
            }
        }
        Err(CalendarError::DayNotInZone {
            calendar: self.id.clone(),
            date,
            zone,
        })
    }

    /// The deadline for something due within `n` business days of `start`: the end (23:59:59,
    /// calendar zone) of the `n`-th business day after `start`'s local date, counting from the
    /// next calendar day. With `n = 0`, the end of `start`'s own day. See the module
    /// documentation for the full rule and how daylight-saving changes are handled.
    ///
    /// `start` may be in any zone (`DateTime<FixedOffset>`, `DateTime<Tz>`, `DateTime<Utc>`); it
    /// is converted to the calendar's zone first.
    pub fn add_business_days<Z: TimeZone>(
        &self,
        start: &DateTime<Z>,
        n: u32,
    ) -> Result<DateTime<Tz>, CalendarError> {
        let day0 = start.with_timezone(&self.timezone).date_naive();
        let due = self.nth_business_day_after(day0, n)?;
        self.end_of_day(due)
    }

    /// The number of business days in `(a, b]`: after `a`, up to and including `b`. Negative
    /// (minus the count in `(b, a]`) when `b` is before `a`, zero when they are equal. Used for
    /// statements such as "filed 15 business days late". An error when a day that must be
    /// examined is outside [`Calendar::covers`].
    pub fn business_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, CalendarError> {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut count = 0i64;
        let mut day = lo;
        while day < hi {
            day = self.next_day(day)?;
            if self.is_business_day(day)? {
                count += 1;
            }
        }
        Ok(sign * count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, Utc};
    use std::collections::BTreeSet;

    pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn kr() -> &'static Calendar {
        Calendar::builtin("kr").expect("kr calendar loads")
    }

    fn us() -> &'static Calendar {
        Calendar::builtin("us-federal").expect("us-federal calendar loads")
    }

    fn builtin_src(id: &str) -> &'static str {
        BUILTINS.iter().find(|b| b.id == id).unwrap().src
    }

    /// A minimal calendar file with the given `weekend`, `covers` and holiday lines.
    pub(super) fn sample(weekend: &str, covers: &str, holidays: &str) -> String {
        format!(
            "format: disclose/calendar@1\nid: test\ntitle: {{ ko: 시험, en: Test }}\ntimezone: Asia/Seoul\nweekend: {weekend}\ncovers: {covers}\nsources:\n  - {{ citation: \"test\", status: confirmed }}\nholidays:\n{holidays}"
        )
    }

    pub(super) const ONE_HOLIDAY: &str =
        "  - { date: 2025-01-01, name: { ko: 신정, en: New Year's Day } }\n";

    #[test]
    fn builtin_files_load() {
        assert_eq!(
            Calendar::builtin_ids().collect::<Vec<_>>(),
            ["br", "kr", "us-federal", "us-ia", "us-vt"]
        );
        for id in Calendar::builtin_ids() {
            // from_yaml directly, so a failure shows the error rather than `None`.
            let cal = match Calendar::from_yaml(builtin_src(id)) {
                Ok(c) => c,
                Err(e) => panic!("built-in calendar `{id}` does not load: {e}"),
            };
            assert_eq!(cal.id(), id);
            assert!(Calendar::builtin(id).is_some());
            assert_eq!(
                cal.covers(),
                Coverage {
                    from: d(2016, 1, 1),
                    until: d(2028, 12, 31)
                }
            );
            assert_eq!(cal.weekend(), [Weekday::Sat, Weekday::Sun]);
            assert!(!cal.sources().is_empty());
        }
        assert!(Calendar::builtin("xx").is_none());
        assert_eq!(kr().timezone(), chrono_tz::Asia::Seoul);
        assert_eq!(us().timezone(), chrono_tz::America::New_York);
    }

    /// The compact form `build.rs` embeds gives the same calendar as the file, for every
    /// built-in calendar; so `check` counts exactly the holidays the file lists.
    #[test]
    fn compact_calendars_are_the_yaml_files() {
        assert_eq!(
            compact::BUILTIN_CALENDARS
                .iter()
                .map(|(id, _)| *id)
                .collect::<Vec<_>>(),
            Calendar::builtin_ids().collect::<Vec<_>>()
        );
        for id in Calendar::builtin_ids() {
            let full = Calendar::from_yaml(builtin_src(id)).unwrap();
            let compact = Calendar::builtin(id).unwrap();
            assert_eq!(compact.id(), full.id());
            assert_eq!(compact.title(), full.title(), "{id}");
            assert_eq!(compact.timezone(), full.timezone(), "{id}");
            assert_eq!(compact.weekend(), full.weekend(), "{id}");
            assert_eq!(compact.weekend_mask, full.weekend_mask, "{id}");
            assert_eq!(compact.covers(), full.covers(), "{id}");
            assert_eq!(compact.sources(), full.sources(), "{id}");
            assert_eq!(compact.holidays, full.holidays, "{id}");
            assert_eq!(
                compact.differs_from_reference, full.differs_from_reference,
                "{id}"
            );
        }
    }

    #[test]
    fn builtin_files_have_no_duplicates_and_stay_in_coverage() {
        for id in Calendar::builtin_ids() {
            let cal = Calendar::builtin(id).unwrap();
            // Every `- { date: ...` line under `holidays:` became one holiday: none was merged or
            // dropped (`differs_from_reference:`, when present, comes after the holidays).
            let entries = builtin_src(id)
                .lines()
                .take_while(|l| !l.starts_with("differs_from_reference:"))
                .filter(|l| l.trim_start().starts_with("- { date:"))
                .count();
            assert_eq!(entries, cal.holidays().len(), "{id}");
            let dates: BTreeSet<_> = cal.holidays().map(|h| h.date).collect();
            assert_eq!(dates.len(), cal.holidays().len(), "{id}");
            for h in cal.holidays() {
                assert!(cal.covers().contains(h.date), "{id}: {}", h.date);
                assert!(h.name.get("ko").is_some() && h.name.get("en").is_some());
            }
        }
    }

    // --- U.S. federal: the SEC's four business days ---------------------------------------

    #[test]
    fn sec_four_business_days_from_tuesday() {
        let ny = chrono_tz::America::New_York;
        let start = ny.with_ymd_and_hms(2025, 11, 18, 16, 30, 0).unwrap();
        let due = us().add_business_days(&start, 4).unwrap();
        assert_eq!(due, ny.with_ymd_and_hms(2025, 11, 24, 23, 59, 59).unwrap());
        assert_eq!(due.to_rfc3339(), "2025-11-24T23:59:59-05:00");
        // The same instant written in UTC (already the 19th there) or in Seoul time gives the
        // same deadline: the day is counted in New York.
        let utc: DateTime<Utc> = "2025-11-19T03:00:00Z".parse().unwrap();
        assert_eq!(us().add_business_days(&utc, 4).unwrap(), due);
        let kst = DateTime::parse_from_rfc3339("2025-11-19T10:00:00+09:00").unwrap();
        assert_eq!(us().add_business_days(&kst, 4).unwrap(), due);
        // Just after midnight in New York it is the 19th: one day later.
        let late = DateTime::parse_from_rfc3339("2025-11-19T00:00:01-05:00").unwrap();
        assert_eq!(
            us().add_business_days(&late, 4).unwrap().date_naive(),
            d(2025, 11, 25)
        );
    }

    #[test]
    fn sec_four_business_days_over_thanksgiving() {
        let start = DateTime::parse_from_rfc3339("2025-11-26T09:00:00-05:00").unwrap();
        let due = us().add_business_days(&start, 4).unwrap();
        assert_eq!(due.to_rfc3339(), "2025-12-03T23:59:59-05:00");
        assert!(!us().is_business_day(d(2025, 11, 27)).unwrap());
        assert_eq!(
            us().holiday(d(2025, 11, 27)).unwrap().name.get("en"),
            Some("Thanksgiving Day")
        );
    }

    #[test]
    fn zero_business_days_is_the_end_of_the_same_day() {
        let start = DateTime::parse_from_rfc3339("2025-11-22T10:00:00-05:00").unwrap(); // Saturday
        let due = us().add_business_days(&start, 0).unwrap();
        assert_eq!(due.to_rfc3339(), "2025-11-22T23:59:59-05:00");
    }

    #[test]
    fn late_by_fifteen_business_days() {
        let (a, b) = (d(2025, 11, 24), d(2025, 12, 16));
        assert_eq!(us().business_days_between(a, b).unwrap(), 15);
        assert_eq!(us().business_days_between(b, a).unwrap(), -15);
        assert_eq!(us().business_days_between(a, a).unwrap(), 0);
        assert_eq!((b - a).num_days(), 22);
        // Consistent with add_business_days.
        assert_eq!(us().nth_business_day_after(a, 15).unwrap(), b);
    }

    #[test]
    fn counting_over_a_year_boundary() {
        // U.S.: New Year's Day 2022 (a Saturday) was observed on Friday 2021-12-31.
        let start = DateTime::parse_from_rfc3339("2021-12-29T12:00:00-05:00").unwrap();
        let due = us().add_business_days(&start, 2).unwrap();
        assert_eq!(due.to_rfc3339(), "2022-01-03T23:59:59-05:00");
        assert_eq!(
            us().business_days_between(d(2021, 12, 29), d(2022, 1, 3))
                .unwrap(),
            2
        );
        // Korea: 2025-12-31 (Wed) counts, 2026-01-01 is 신정, 01-02 (Fri) counts, then Monday.
        let start = DateTime::parse_from_rfc3339("2025-12-30T18:00:00+09:00").unwrap();
        let due = kr().add_business_days(&start, 3).unwrap();
        assert_eq!(due.to_rfc3339(), "2026-01-05T23:59:59+09:00");
        assert_eq!(
            kr().business_days_between(d(2025, 12, 30), d(2026, 1, 5))
                .unwrap(),
            3
        );
    }

    // --- Korea ------------------------------------------------------------------------------

    #[test]
    fn korean_chuseok_week_2025() {
        let cal = kr();
        let expect = [
            (3, Some(HolidayKind::Statutory)),  // 개천절 (Fri)
            (4, None),                          // Saturday
            (5, Some(HolidayKind::Statutory)),  // 추석 전날 (Sun)
            (6, Some(HolidayKind::Statutory)),  // 추석
            (7, Some(HolidayKind::Statutory)),  // 추석 다음 날
            (8, Some(HolidayKind::Substitute)), // 대체공휴일(추석)
            (9, Some(HolidayKind::Statutory)),  // 한글날
        ];
        for (day, kind) in expect {
            let date = d(2025, 10, day);
            assert!(!cal.is_business_day(date).unwrap(), "{date}");
            assert_eq!(cal.holiday(date).map(|h| h.kind), kind, "{date}");
        }
        assert_eq!(
            cal.holiday(d(2025, 10, 3)).unwrap().name.get("ko"),
            Some("개천절")
        );
        assert_eq!(
            cal.holiday(d(2025, 10, 9)).unwrap().name.get("ko"),
            Some("한글날")
        );
        assert!(cal.is_weekend(d(2025, 10, 4)));
        assert!(cal.is_business_day(d(2025, 10, 2)).unwrap());
        assert!(cal.is_business_day(d(2025, 10, 10)).unwrap());
        // The whole week is skipped: one business day after Oct 2 is Oct 10.
        assert_eq!(
            cal.nth_business_day_after(d(2025, 10, 2), 1).unwrap(),
            d(2025, 10, 10)
        );
    }

    #[test]
    fn korean_special_days() {
        let cal = kr();
        for (date, kind) in [
            (d(2024, 10, 1), HolidayKind::Temporary),  // 국군의 날
            (d(2023, 5, 29), HolidayKind::Substitute), // 부처님 오신 날 substitute
            (d(2026, 6, 3), HolidayKind::Election),    // 지방선거
            (d(2025, 6, 3), HolidayKind::Election),    // 대통령 선거
            (d(2025, 1, 27), HolidayKind::Temporary),  // 설 연휴
            (d(2025, 5, 6), HolidayKind::Substitute),  // 어린이날·부처님 오신 날
            (d(2021, 8, 16), HolidayKind::Substitute), // first 광복절 substitute
            (d(2016, 2, 10), HolidayKind::Substitute), // 설날 substitute
        ] {
            assert!(!cal.is_business_day(date).unwrap(), "{date}");
            assert_eq!(cal.holiday(date).map(|h| h.kind), Some(kind), "{date}");
        }
        // 2025-10-10 was not designated a temporary holiday; 2025-05-07 was not a second
        // substitute day for the double holiday of 05-05.
        assert!(cal.is_business_day(d(2025, 5, 7)).unwrap());
    }

    #[test]
    fn out_of_coverage_is_an_error_not_a_guess() {
        for (cal, date) in [
            (kr(), d(2015, 12, 31)),
            (kr(), d(2029, 1, 1)),
            (us(), d(2015, 6, 1)),
            (us(), d(2029, 1, 3)),
        ] {
            let e = cal.is_business_day(date).unwrap_err();
            assert!(matches!(e, CalendarError::OutOfCoverage { date: got, .. } if got == date));
            let msg = e.to_string();
            assert!(
                msg.contains(&format!("policies/calendars/{}.yaml", cal.id())),
                "{msg}"
            );
            assert!(msg.contains("2016-01-01 to 2028-12-31"), "{msg}");
        }
        // Counting past the end of the data fails at the first day it cannot classify.
        let start = DateTime::parse_from_rfc3339("2028-12-28T09:00:00+09:00").unwrap();
        let e = kr().add_business_days(&start, 2).unwrap_err();
        assert!(matches!(e, CalendarError::OutOfCoverage { date, .. } if date == d(2029, 1, 1)));
        let e = kr()
            .business_days_between(d(2015, 12, 1), d(2016, 1, 10))
            .unwrap_err();
        assert!(matches!(e, CalendarError::OutOfCoverage { date, .. } if date == d(2015, 12, 2)));
        // A huge count ends with the same error, not a hang or an overflow.
        let e = us()
            .nth_business_day_after(d(2020, 1, 1), u32::MAX)
            .unwrap_err();
        assert!(matches!(e, CalendarError::OutOfCoverage { date, .. } if date == d(2029, 1, 1)));
    }

    #[test]
    fn holidays_per_year_are_plausible() {
        // A missing or truncated year shows up as a count far below the range.
        let vt = Calendar::builtin("us-vt").unwrap();
        let ia = Calendar::builtin("us-ia").unwrap();
        for (cal, range) in [
            (kr(), 15..=25),
            (us(), 10..=15),
            (vt, 12..=18),
            (ia, 9..=13),
        ] {
            for year in 2016..=2028 {
                let n = cal.holidays().filter(|h| h.date.year() == year).count();
                assert!(range.contains(&n), "{}: {year} has {n} holidays", cal.id());
            }
        }
    }

    #[test]
    fn korean_substitutes_follow_a_statutory_holiday() {
        let cal = kr();
        for sub in cal.holidays().filter(|h| h.kind == HolidayKind::Substitute) {
            let follows = cal.holidays().any(|h| {
                h.kind == HolidayKind::Statutory
                    && h.date < sub.date
                    && (sub.date - h.date).num_days() <= 7
            });
            assert!(follows, "substitute {} follows no holiday", sub.date);
        }
    }

    /// The legal public holidays of 5 U.S.C. 6103(a) in `year`, computed from the statute's rules.
    fn statute_6103(year: i32) -> Vec<NaiveDate> {
        let nth = |month, weekday, n| {
            NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).unwrap()
        };
        let last_monday_of_may = {
            let mut day = d(year, 5, 31);
            while day.weekday() != Weekday::Mon {
                day = day.pred_opt().unwrap();
            }
            day
        };
        let mut days = vec![
            d(year, 1, 1),            // New Year's Day
            nth(1, Weekday::Mon, 3),  // Birthday of Martin Luther King, Jr.
            nth(2, Weekday::Mon, 3),  // Washington's Birthday
            last_monday_of_may,       // Memorial Day
            d(year, 7, 4),            // Independence Day
            nth(9, Weekday::Mon, 1),  // Labor Day
            nth(10, Weekday::Mon, 2), // Columbus Day
            d(year, 11, 11),          // Veterans Day
            nth(11, Weekday::Thu, 4), // Thanksgiving Day
            d(year, 12, 25),          // Christmas Day
        ];
        if year >= 2021 {
            days.push(d(year, 6, 19)); // Juneteenth National Independence Day (Pub. L. 117-17)
        }
        days
    }

    #[test]
    fn us_holidays_match_5_usc_6103() {
        let cal = us();
        matches_rules(cal, statute_6103);
        // Spot checks against OPM's tables.
        assert_eq!(
            cal.holiday(d(2021, 6, 18)).map(|h| h.kind),
            Some(HolidayKind::Substitute)
        );
        assert_eq!(
            cal.holiday(d(2027, 12, 31)).map(|h| h.kind),
            Some(HolidayKind::Substitute)
        );
        // Inauguration Day is not a nationwide holiday.
        assert!(cal.is_business_day(d(2021, 1, 20)).unwrap());
    }

    /// `cal` holds exactly the holidays its statute's rules give for each year it covers
    /// (`holidays`), with the observed day of each (a Saturday holiday on the Friday before, a
    /// Sunday one on the Monday after), as 5 U.S.C. § 6103(b), 1 V.S.A. § 371(b) and Iowa Code
    /// § 1C.2(3) each say.
    fn matches_rules(cal: &Calendar, holidays: fn(i32) -> Vec<NaiveDate>) {
        let mut expected: BTreeMap<NaiveDate, HolidayKind> = BTreeMap::new();
        for year in 2015..=2029 {
            for day in holidays(year) {
                expected.insert(day, HolidayKind::Statutory);
                let observed = match day.weekday() {
                    Weekday::Sat => day.pred_opt(),
                    Weekday::Sun => day.succ_opt(),
                    _ => None,
                };
                if let Some(o) = observed {
                    expected.insert(o, HolidayKind::Substitute);
                }
            }
        }
        expected.retain(|day, _| cal.covers().contains(*day));
        let actual: BTreeMap<NaiveDate, HolidayKind> =
            cal.holidays().map(|h| (h.date, h.kind)).collect();
        assert_eq!(actual, expected, "{}", cal.id());
    }

    fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).unwrap()
    }

    fn last_monday_of_may(year: i32) -> NaiveDate {
        let mut day = d(year, 5, 31);
        while day.weekday() != Weekday::Mon {
            day = day.pred_opt().unwrap();
        }
        day
    }

    /// 1 V.S.A. § 371(a); Juneteenth from 2025 (S.206 of 2024, see the file).
    fn vt_371(year: i32) -> Vec<NaiveDate> {
        let mut days = vec![
            d(year, 1, 1),                          // New Year's Day
            nth_weekday(year, 1, Weekday::Mon, 3),  // Martin Luther King, Jr.'s Birthday
            nth_weekday(year, 2, Weekday::Mon, 3),  // Presidents' Day
            nth_weekday(year, 3, Weekday::Tue, 1),  // Town Meeting Day
            last_monday_of_may(year),               // Memorial Day
            d(year, 7, 4),                          // Independence Day
            d(year, 8, 16),                         // Bennington Battle Day
            nth_weekday(year, 9, Weekday::Mon, 1),  // Labor Day
            nth_weekday(year, 10, Weekday::Mon, 2), // Indigenous Peoples' Day (Columbus Day)
            d(year, 11, 11),                        // Veterans' Day
            nth_weekday(year, 11, Weekday::Thu, 4), // Thanksgiving Day
            d(year, 12, 25),                        // Christmas Day
        ];
        if year >= 2025 {
            days.push(d(year, 6, 19)); // Juneteenth
        }
        days
    }

    /// Iowa Code § 1C.2(1): the paid holidays of State employees.
    fn ia_1c2(year: i32) -> Vec<NaiveDate> {
        let thanksgiving = nth_weekday(year, 11, Weekday::Thu, 4);
        vec![
            d(year, 1, 1),                         // New Year's Day
            nth_weekday(year, 1, Weekday::Mon, 3), // Martin Luther King, Jr.'s Birthday
            last_monday_of_may(year),              // Memorial Day
            d(year, 7, 4),                         // Independence Day
            nth_weekday(year, 9, Weekday::Mon, 1), // Labor Day
            d(year, 11, 11),                       // Veterans Day
            thanksgiving,                          // Thanksgiving Day
            thanksgiving.succ_opt().unwrap(),      // Friday after Thanksgiving
            d(year, 12, 25),                       // Christmas Day
        ]
    }

    #[test]
    fn vermont_holidays_match_1_vsa_371() {
        let vt = Calendar::builtin("us-vt").unwrap();
        matches_rules(vt, vt_371);
        assert_eq!(vt.timezone(), chrono_tz::America::New_York);
        // Town Meeting Day 2026 (Tuesday 03-03) and Bennington Battle Day 2026 (a Sunday,
        // observed Monday 08-17) are no business days in Vermont, but are federally.
        for day in [d(2026, 3, 3), d(2026, 8, 17)] {
            assert!(!vt.is_business_day(day).unwrap(), "{day}");
            assert!(us().is_business_day(day).unwrap(), "{day}");
        }
        // Juneteenth: a business day in Vermont until 2024, a holiday from 2025.
        assert!(vt.is_business_day(d(2024, 6, 19)).unwrap());
        assert!(!vt.is_business_day(d(2025, 6, 19)).unwrap());
        // New Year's Day 2028, a Saturday, is observed on Friday 2027-12-31.
        assert_eq!(
            vt.holiday(d(2027, 12, 31)).map(|h| h.kind),
            Some(HolidayKind::Substitute)
        );
    }

    #[test]
    fn iowa_holidays_match_code_1c2() {
        let ia = Calendar::builtin("us-ia").unwrap();
        matches_rules(ia, ia_1c2);
        assert_eq!(ia.timezone(), chrono_tz::America::Chicago);
        // The Friday after Thanksgiving is closed in Iowa, open federally; Washington's Birthday
        // and Columbus Day the other way round.
        assert!(!ia.is_business_day(d(2025, 11, 28)).unwrap());
        assert!(us().is_business_day(d(2025, 11, 28)).unwrap());
        for day in [
            d(2025, 2, 17),
            d(2025, 10, 13),
            d(2025, 6, 19),
            d(2025, 2, 12),
        ] {
            assert!(ia.is_business_day(day).unwrap(), "{day}");
        }
    }

    #[test]
    fn unconfirmed_sources_are_marked() {
        // Only the years computed from the rules and not yet announced are unconfirmed.
        let us_unconfirmed: Vec<_> = us().unconfirmed_sources().collect();
        assert_eq!(us_unconfirmed.len(), 1);
        assert!(us_unconfirmed[0].citation.starts_with("2028"));
        for year in ["2026", "2027", "2028"] {
            assert!(
                kr().unconfirmed_sources()
                    .any(|s| s.citation.starts_with(year)),
                "{year}"
            );
        }
    }

    // --- 노동절 and the 2026 amendments -------------------------------------------------------
    // 「관공서의 공휴일에 관한 규정」 as amended by 대통령령 제36290호 (2026-04-30, in force
    // 2026-05-01): art. 2 item 6 노동절(5월 1일); art. 3(1): a 노동절, 어린이날, 부처님 오신 날,
    // 기독탄신일 or 국경일 on a Saturday or Sunday gets the first following non-holiday as a
    // substitute. 「공휴일에 관한 법률」 as amended by 법률 제21338호 (in force 2026-05-11): every
    // 국경일 (so 제헌절) is a holiday.

    #[test]
    fn labour_day_is_a_holiday_from_2026() {
        let cal = kr();
        // Before the amendment 근로자의 날 was no 관공서 holiday: 1 May was a business day.
        for year in [2019, 2020, 2023, 2024, 2025] {
            let date = d(year, 5, 1);
            if !cal.is_weekend(date) {
                assert!(cal.is_business_day(date).unwrap(), "{date}");
            }
            assert!(cal.holiday(date).is_none(), "{date}");
        }
        for year in 2026..=2028 {
            let h = cal.holiday(d(year, 5, 1)).expect("노동절");
            assert_eq!(h.kind, HolidayKind::Statutory);
            assert_eq!(h.name.get("ko"), Some("노동절"));
        }
        // 2027-05-01 is a Saturday: the substitute is Monday 05-03 (Sunday is itself a holiday).
        assert_eq!(
            cal.holiday(d(2027, 5, 3)).map(|h| h.kind),
            Some(HolidayKind::Substitute)
        );
        assert!(cal.is_business_day(d(2027, 5, 4)).unwrap());
        // Friday 2026-04-30 + 1 business day: Friday 05-01 is 노동절, so Monday 05-04.
        assert_eq!(
            cal.nth_business_day_after(d(2026, 4, 30), 1).unwrap(),
            d(2026, 5, 4)
        );
    }

    #[test]
    fn constitution_day_and_its_substitute() {
        let cal = kr();
        assert!(cal.is_business_day(d(2025, 7, 17)).unwrap()); // not a holiday 2008–2025
        assert!(!cal.is_business_day(d(2026, 7, 17)).unwrap());
        // 2027-07-17 is a Saturday: 제헌절 is a 국경일 under art. 2 item 2, so Monday 07-19.
        assert_eq!(
            cal.holiday(d(2027, 7, 19)).map(|h| h.kind),
            Some(HolidayKind::Substitute)
        );
        assert!(!cal.is_business_day(d(2028, 7, 17)).unwrap());
    }

    #[test]
    fn korea_2028_computed_from_the_rules() {
        let cal = kr();
        // 설날 = lunar 2028-01-01 = 2028-01-27 (KASI); the three days are Wed–Fri, no substitute.
        for day in [26, 27, 28] {
            assert!(!cal.is_business_day(d(2028, 1, day)).unwrap());
        }
        assert!(cal.is_business_day(d(2028, 1, 31)).unwrap());
        // 신정 on a Saturday never gets a substitute (art. 3(1) does not name art. 2 item 3).
        assert!(cal.is_business_day(d(2028, 1, 3)).unwrap());
        // 제23대 국회의원 선거: the term ends 2028-05-29; 50 days before is Sunday 04-09, so the
        // first Wednesday on or after it, 04-12 (공직선거법 art. 34(1)(2)).
        assert_eq!(
            cal.holiday(d(2028, 4, 12)).map(|h| h.kind),
            Some(HolidayKind::Election)
        );
        // 개천절 and 추석 share Tuesday 10-03: one substitute, Thursday 10-05; Friday is a
        // business day.
        assert!(!cal.is_business_day(d(2028, 10, 2)).unwrap());
        assert_eq!(
            cal.holiday(d(2028, 10, 5)).map(|h| h.kind),
            Some(HolidayKind::Substitute)
        );
        assert!(cal.is_business_day(d(2028, 10, 6)).unwrap());
        assert!(
            cal.unconfirmed_sources()
                .any(|s| s.citation.starts_with("2028"))
        );
    }

    // --- Daylight saving time ---------------------------------------------------------------

    fn zoned(zone: &str, covers: &str) -> Calendar {
        let src = sample("[sat, sun]", covers, "  []\n").replace("Asia/Seoul", zone);
        Calendar::from_yaml(&src).unwrap()
    }

    #[test]
    fn end_of_day_in_a_fold_is_the_later_instant() {
        // America/Nuuk (-02/-01) goes back from 00:00 -01 to 23:00 -02 on 2025-10-25.
        let cal = zoned("America/Nuuk", "{ from: 2025-01-01, until: 2025-12-31 }");
        let end = cal.end_of_day(d(2025, 10, 25)).unwrap();
        assert_eq!(end.to_rfc3339(), "2025-10-25T23:59:59-02:00");
        assert_eq!(
            end.with_timezone(&Utc).to_rfc3339(),
            "2025-10-26T01:59:59+00:00"
        );
    }

    #[test]
    fn end_of_day_in_a_gap_is_the_last_second_before_the_jump() {
        // America/Nuuk jumps from 23:00 -02 to 00:00 -01 on 2025-03-29/30.
        let cal = zoned("America/Nuuk", "{ from: 2025-01-01, until: 2025-12-31 }");
        let end = cal.end_of_day(d(2025, 3, 29)).unwrap();
        assert_eq!(end.to_rfc3339(), "2025-03-29T22:59:59-02:00");
        assert_eq!(
            end.with_timezone(&Utc).to_rfc3339(),
            "2025-03-30T00:59:59+00:00"
        );
    }

    #[test]
    fn a_skipped_day_has_no_end() {
        // Samoa moved across the date line and skipped 2011-12-30.
        let cal = zoned("Pacific/Apia", "{ from: 2011-01-01, until: 2012-12-31 }");
        let e = cal.end_of_day(d(2011, 12, 30)).unwrap_err();
        assert!(matches!(e, CalendarError::DayNotInZone { .. }), "{e}");
        assert!(cal.end_of_day(d(2011, 12, 31)).is_ok());
    }

    #[test]
    fn us_end_of_day_across_dst_changes() {
        // Clocks change at 02:00 in New York: end of day keeps the day's own offset.
        let ny: FixedOffset = FixedOffset::west_opt(4 * 3600).unwrap();
        let start = ny.with_ymd_and_hms(2025, 10, 30, 9, 0, 0).unwrap(); // Thursday, EDT
        let due = us().add_business_days(&start, 2).unwrap(); // Fri 31, (weekend: DST ends) Mon 3
        assert_eq!(due.to_rfc3339(), "2025-11-03T23:59:59-05:00");
    }
}
