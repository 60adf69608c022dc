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

static BUILTINS: [Builtin; 6] = [
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
        id: "us-ny",
        #[cfg(test)]
        src: include_str!("../../policies/calendars/us-ny.yaml"),
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

    /// The ids of the built-in calendars, in id order: `br`, `kr`, `us-federal`, `us-ia`, `us-ny`,
    /// `us-vt`.
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
mod tests;
