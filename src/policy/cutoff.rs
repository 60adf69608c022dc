//! Cut-off times: when a filing system closes a business day earlier than midnight.
//!
//! A business-day deadline is normally due at the end of its last business day, 23:59:59 in the
//! calendar's zone (see [`super::calendar`]). Some filing systems deem a submission made after a
//! daily cut-off to be filed on the next business day. The SEC's EDGAR is the case in point:
//! under Regulation S-T Rule 13(a)(2) (17 CFR 232.13(a)(2)) a filing "commencing on or before
//! 5:30 p.m." Eastern time (EST or EDT, whichever is in effect) is filed that business day, and
//! one commencing after it "as of the next business day"; only the forms named in Rule 13(a)(3)
//! and (a)(4) (Rule 462(b) registration statements, Forms 3, 4, 5 and 144, Schedule 14N) have
//! 10 p.m. Form 8-K is not among them, so a Form 8-K due on its fourth business day must be
//! submitted by 17:30 New York time that day.
//!
//! A deadline carries such a time as `cutoff: "17:30"` (policy files, `deadline:`), a time of day
//! in the calendar's zone. Then:
//!
//! 1. counting is unchanged: the event's local date is day 0 and the n-th business day after it
//!    is the last day (a cut-off concerns filings, not the event that starts the clock);
//! 2. the deadline is the cut-off on the last day, HH:MM:00, instead of 23:59:59. A filing at
//!    that instant is in time; one second later is not (the rule says "on or before 5:30 p.m.";
//!    reading the whole minute 17:30 as in time would be the less careful reading);
//! 3. a filing is *deemed filed* on its local date when that is a business day and it was made
//!    by the cut-off, otherwise on the next business day ([`deemed_filing_date`]); lateness in
//!    business days is counted to that day, so a Form 8-K at 17:31 on its last day is one
//!    business day late, as Rule 13 treats it.
//!
//! Daylight saving time: if the cut-off time occurs twice on a day (clocks go back), the later
//! instant counts, as for the end of a day; if it does not exist (clocks jump forward over it),
//! the last second before the jump. U.S. and Korean zones change at 02:00 or not at all, so a
//! cut-off in the afternoon always exists once.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Timelike};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, CalendarError};

/// A daily cut-off time, `HH:MM` (24-hour) in a calendar's zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cutoff(NaiveTime);

impl Cutoff {
    /// Parses `HH:MM`, two digits each, 00:00 to 23:59, e.g. `17:30`.
    pub fn parse(s: &str) -> Result<Cutoff, String> {
        let bad = || {
            format!(
                "`{s}` is not a cut-off time; write the time of day as HH:MM in 24-hour form, e.g. \"17:30\""
            )
        };
        let b = s.as_bytes();
        if b.len() != 5 || b[2] != b':' || ![0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit()) {
            return Err(bad());
        }
        let h = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
        let m = u32::from(b[3] - b'0') * 10 + u32::from(b[4] - b'0');
        NaiveTime::from_hms_opt(h, m, 0).map(Cutoff).ok_or_else(bad)
    }

    /// The time of day.
    pub fn time(self) -> NaiveTime {
        self.0
    }

    /// The instant of the cut-off on `date` in `cal`'s zone (see the module documentation for
    /// daylight-saving changes).
    pub fn on(self, cal: &Calendar, date: NaiveDate) -> Result<DateTime<Tz>, CalendarError> {
        cal.last_instant_at_or_before(date, self.0)
    }
}

impl fmt::Display for Cutoff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

impl Serialize for Cutoff {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cutoff {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Cutoff::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Cutoff {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Cutoff".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A daily cut-off time, HH:MM (24-hour) in the calendar's zone, e.g. \"17:30\".",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
        })
    }
}

/// The deadline for something due within `n` business days of `start` on `cal`: the end of the
/// n-th business day ([`Calendar::add_business_days`]), or with a `cutoff` the cut-off on that
/// day.
pub fn due<Z: TimeZone>(
    cal: &Calendar,
    start: &DateTime<Z>,
    n: u32,
    cutoff: Option<Cutoff>,
) -> Result<DateTime<Tz>, CalendarError> {
    match cutoff {
        None => cal.add_business_days(start, n),
        Some(c) => {
            let day0 = start.with_timezone(&cal.timezone()).date_naive();
            c.on(cal, cal.nth_business_day_after(day0, n)?)
        }
    }
}

/// The business day a filing made at `at` counts for: its local date in `cal`'s zone when that
/// is a business day and `at` is not after the cut-off, otherwise the next business day.
pub fn deemed_filing_date<Z: TimeZone>(
    cal: &Calendar,
    cutoff: Cutoff,
    at: &DateTime<Z>,
) -> Result<NaiveDate, CalendarError> {
    let date = at.with_timezone(&cal.timezone()).date_naive();
    if cal.is_business_day(date)? && at.with_timezone(&Tz::UTC) <= cutoff.on(cal, date)? {
        return Ok(date);
    }
    cal.nth_business_day_after(date, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn us() -> &'static Calendar {
        Calendar::builtin("us-federal").unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const EDGAR: &str = "17:30";

    #[test]
    fn parses_hh_mm_only() {
        let c = Cutoff::parse(EDGAR).unwrap();
        assert_eq!(c.time(), NaiveTime::from_hms_opt(17, 30, 0).unwrap());
        assert_eq!(c.to_string(), "17:30");
        assert_eq!(Cutoff::parse("00:00").unwrap().to_string(), "00:00");
        assert_eq!(Cutoff::parse("23:59").unwrap().to_string(), "23:59");
        for bad in [
            "",
            "5:30",
            "17:3",
            "17.30",
            "24:00",
            "17:60",
            "17:30:00",
            "5:30 pm",
            "１７:３０",
            "+7:30",
        ] {
            let e = Cutoff::parse(bad).unwrap_err();
            assert!(e.contains("HH:MM"), "{bad}: {e}");
        }
    }

    #[test]
    fn deserializes_from_yaml_and_serializes_back() {
        let c: Cutoff = serde_json::from_str("\"17:30\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"17:30\"");
        assert!(serde_json::from_str::<Cutoff>("\"5:30 p.m.\"").is_err());
        assert!(serde_json::from_str::<Cutoff>("1730").is_err());
    }

    #[test]
    fn edgar_cutoff_in_standard_and_daylight_time() {
        // Rule 13(a)(2): 5:30 p.m. EST or EDT, whichever is in effect.
        let c = Cutoff::parse(EDGAR).unwrap();
        assert_eq!(
            c.on(us(), d(2025, 1, 17)).unwrap().to_rfc3339(),
            "2025-01-17T17:30:00-05:00"
        );
        assert_eq!(
            c.on(us(), d(2025, 7, 17)).unwrap().to_rfc3339(),
            "2025-07-17T17:30:00-04:00"
        );
    }

    #[test]
    fn four_business_days_due_at_the_cutoff() {
        // Determination Tuesday 2025-11-18 (New York): Nov 19, 20, 21, 24; due Monday 24 at
        // 17:30 EST instead of 23:59:59.
        let start = at("2025-11-18T16:30:00-05:00");
        let c = Cutoff::parse(EDGAR).ok();
        assert_eq!(
            due(us(), &start, 4, c).unwrap().to_rfc3339(),
            "2025-11-24T17:30:00-05:00"
        );
        assert_eq!(
            due(us(), &start, 4, None).unwrap().to_rfc3339(),
            "2025-11-24T23:59:59-05:00"
        );
        // A determination after 17:30 is still day 0: the cut-off concerns the filing.
        let evening = at("2025-11-18T21:00:00-05:00");
        assert_eq!(
            due(us(), &evening, 4, c).unwrap().to_rfc3339(),
            "2025-11-24T17:30:00-05:00"
        );
        // Out of coverage stays an error.
        assert!(due(us(), &at("2028-12-28T09:00:00-05:00"), 4, c).is_err());
    }

    #[test]
    fn deemed_filing_dates() {
        let c = Cutoff::parse(EDGAR).unwrap();
        let on = |s: &str| deemed_filing_date(us(), c, &at(s)).unwrap();
        // Monday 2025-11-24: by 17:30 the same day, after it the next business day.
        assert_eq!(on("2025-11-24T17:29:00-05:00"), d(2025, 11, 24));
        assert_eq!(on("2025-11-24T17:30:00-05:00"), d(2025, 11, 24));
        assert_eq!(on("2025-11-24T17:30:01-05:00"), d(2025, 11, 25));
        assert_eq!(on("2025-11-24T17:31:00-05:00"), d(2025, 11, 25));
        // The same instant written in Seoul time.
        assert_eq!(on("2025-11-25T07:31:00+09:00"), d(2025, 11, 25));
        // After the cut-off on Wednesday 11-26: Thursday is Thanksgiving, so Friday 11-28.
        assert_eq!(on("2025-11-26T18:00:00-05:00"), d(2025, 11, 28));
        // On a Saturday: the next business day, Monday.
        assert_eq!(on("2025-11-22T10:00:00-05:00"), d(2025, 11, 24));
    }

    #[test]
    fn cutoff_in_a_dst_gap_or_fold() {
        // America/Nuuk jumps from 23:00 -02 to 00:00 -01 on 2025-03-29/30 and goes back from
        // 00:00 -01 to 23:00 -02 on 2025-10-25, so 23:30 is skipped on one date and repeated on
        // the other.
        let src = "format: disclose/calendar@1\nid: nuuk\ntitle: { ko: 시험, en: Test }\ntimezone: America/Nuuk\nweekend: [sat, sun]\ncovers: { from: 2025-01-01, until: 2025-12-31 }\nsources:\n  - { citation: \"test\", status: confirmed }\nholidays: []\n";
        let cal = Calendar::from_yaml(src).unwrap();
        // 23:30 on 2025-03-29 is in the gap: the last second before the jump, 22:59:59 -02.
        let c = Cutoff::parse("23:30").unwrap();
        assert_eq!(
            c.on(&cal, d(2025, 3, 29)).unwrap().to_rfc3339(),
            "2025-03-29T22:59:59-02:00"
        );
        // 23:30 on 2025-10-25 occurs twice: the later one, at -02.
        assert_eq!(
            c.on(&cal, d(2025, 10, 25)).unwrap().to_rfc3339(),
            "2025-10-25T23:30:00-02:00"
        );
    }
}
