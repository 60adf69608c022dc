//! VERIS dates and durations completed into instants: a partial date (any part missing) becomes
//! a day with what had to be filled in said, a day its first instant in a zone, a discovery
//! delay (`{unit: Days, value: 3}`) a duration. Every guess is reported to the draft's
//! assumptions by [`super::veris`].

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, Months, NaiveDate, NaiveTime, SecondsFormat,
    TimeZone,
};
use chrono_tz::Tz;

/// A date as VERIS gives it: any part may be missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartialDate {
    /// The year.
    pub year: Option<i64>,
    /// The month, 1 to 12 when valid.
    pub month: Option<i64>,
    /// The day of the month.
    pub day: Option<i64>,
}

/// How much of a partial date had to be filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filled {
    /// The date was complete.
    Nothing,
    /// The day was missing (or impossible): the 1st of the month is used.
    Day,
    /// The month was missing (or impossible): 1 January is used.
    MonthAndDay,
}

/// A partial date, completed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateGuess {
    /// The completed date.
    pub date: NaiveDate,
    /// What had to be filled in.
    pub filled: Filled,
    /// The date as the source gives it (`2017`, `2017-02`, `2017-02-17`), with any impossible
    /// part named.
    pub given: String,
    /// The last day the source's date can mean (the end of its month or year).
    pub latest: NaiveDate,
}

/// Completes a VERIS partial date: a missing day is the 1st of the month, a missing month
/// 1 January. An impossible month or day counts as missing. `None` without a plausible year.
pub fn complete_date(p: &PartialDate) -> Option<DateGuess> {
    let year = i32::try_from(p.year?)
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    let month = p
        .month
        .and_then(|m| u32::try_from(m).ok())
        .filter(|m| (1..=12).contains(m));
    let Some(month) = month else {
        let given = match p.month {
            Some(m) => format!("{year} (month {m} is not a month)"),
            None => format!("{year}"),
        };
        return Some(DateGuess {
            date: NaiveDate::from_ymd_opt(year, 1, 1)?,
            filled: Filled::MonthAndDay,
            given,
            latest: NaiveDate::from_ymd_opt(year, 12, 31)?,
        });
    };
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let end_of_month = first
        .checked_add_months(Months::new(1))?
        .pred_opt()
        .unwrap_or(first);
    let day = p
        .day
        .and_then(|d| u32::try_from(d).ok())
        .and_then(|d| NaiveDate::from_ymd_opt(year, month, d));
    match (day, p.day) {
        (Some(date), _) => Some(DateGuess {
            date,
            filled: Filled::Nothing,
            given: date.format("%Y-%m-%d").to_string(),
            latest: date,
        }),
        (None, Some(d)) => Some(DateGuess {
            date: first,
            filled: Filled::Day,
            given: format!("{year}-{month:02} (day {d} does not exist)"),
            latest: end_of_month,
        }),
        (None, None) => Some(DateGuess {
            date: first,
            filled: Filled::Day,
            given: format!("{year}-{month:02}"),
            latest: end_of_month,
        }),
    }
}

impl DateGuess {
    /// A sentence saying what was assumed to turn this date into a timestamp in `zone`.
    pub fn assumption(
        &self,
        what: &str,
        source: &str,
        zone: &str,
        shifted: Option<NaiveTime>,
    ) -> String {
        let time = match shifted {
            None => format!("00:00 in {zone}"),
            Some(t) => format!(
                "{} in {zone} (00:00 does not exist that day: clocks skip it)",
                t.format("%H:%M")
            ),
        };
        match self.filled {
            Filled::Nothing => format!(
                "{source} gives the {what} date {} without a time of day; {time} is assumed.",
                self.given
            ),
            Filled::Day => format!(
                "{source} gives the {what} date only as {} (no day); the 1st of the month, {time}, \
                 is assumed.",
                self.given
            ),
            Filled::MonthAndDay => format!(
                "{source} gives the {what} date only as the year {}; 1 January, {time}, is \
                 assumed.",
                self.given
            ),
        }
    }
}

/// The first instant of `date` in `zone`: 00:00, or the first whole hour after a clock change
/// that skips midnight (returned as the second value).
pub fn start_of_day(date: NaiveDate, zone: Tz) -> (DateTime<FixedOffset>, Option<NaiveTime>) {
    for hour in 0..24 {
        let t = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN);
        match zone.from_local_datetime(&date.and_time(t)) {
            LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => {
                return (dt.fixed_offset(), (hour > 0).then_some(t));
            }
            LocalResult::None => continue,
        }
    }
    // No zone skips a whole day at midnight's hour range; fall back to UTC midnight.
    let utc = date.and_time(NaiveTime::MIN).and_utc().fixed_offset();
    (utc, None)
}

/// How long after the incident VERIS says it was discovered.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Delay {
    /// Whole calendar months (VERIS `Months` or `Years` with a whole number).
    Months(u32),
    /// Seconds (shorter units exactly; fractional months as 30.44 days, years as 365.25).
    Seconds(i64),
}

/// Reads a VERIS timeline duration (`{unit: Days, value: 3}`). `None` when there is no usable
/// number (`unit: Unknown`, `NA`, `Never`, a missing or negative value, or more than 100 years).
pub fn delay(unit: &str, value: Option<f64>) -> Option<Delay> {
    let v = value.filter(|v| v.is_finite() && *v >= 0.0)?;
    let secs = |per: f64| {
        let s = (v * per).round();
        (s <= 100.0 * 365.25 * 86_400.0).then_some(Delay::Seconds(s as i64))
    };
    match unit.trim().to_ascii_lowercase().as_str() {
        "seconds" => secs(1.0),
        "minutes" => secs(60.0),
        "hours" => secs(3_600.0),
        "days" => secs(86_400.0),
        "weeks" => secs(7.0 * 86_400.0),
        "months" if v.fract() == 0.0 && v <= 1_200.0 => Some(Delay::Months(v as u32)),
        "months" => secs(30.4375 * 86_400.0),
        "years" if v.fract() == 0.0 && v <= 100.0 => Some(Delay::Months(v as u32 * 12)),
        "years" => secs(365.25 * 86_400.0),
        _ => None,
    }
}

pub(super) fn after(
    start: DateTime<FixedOffset>,
    d: Delay,
    zone: Tz,
) -> Option<DateTime<FixedOffset>> {
    match d {
        Delay::Seconds(s) => start
            .checked_add_signed(Duration::seconds(s))
            .map(|t| t.with_timezone(&zone).fixed_offset()),
        Delay::Months(n) => {
            let local = start.with_timezone(&zone).date_naive();
            let date = local.checked_add_months(Months::new(n))?;
            Some(start_of_day(date, zone).0)
        }
    }
}

pub(super) fn stamp(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

pub(super) fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(year: Option<i64>, month: Option<i64>, day: Option<i64>) -> PartialDate {
        PartialDate { year, month, day }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn partial_dates_are_completed_and_say_so() {
        let full = complete_date(&pd(Some(2021), Some(12), Some(22))).unwrap();
        assert_eq!(
            (full.date, full.filled),
            (ymd(2021, 12, 22), Filled::Nothing)
        );
        let month = complete_date(&pd(Some(2017), Some(2), None)).unwrap();
        assert_eq!((month.date, month.filled), (ymd(2017, 2, 1), Filled::Day));
        assert_eq!(month.latest, ymd(2017, 2, 28));
        assert_eq!(month.given, "2017-02");
        let year = complete_date(&pd(Some(1998), None, None)).unwrap();
        assert_eq!(
            (year.date, year.filled),
            (ymd(1998, 1, 1), Filled::MonthAndDay)
        );
        assert_eq!(year.latest, ymd(1998, 12, 31));
        // Impossible parts count as missing, and are named.
        let bad_day = complete_date(&pd(Some(2019), Some(2), Some(30))).unwrap();
        assert_eq!(
            (bad_day.date, bad_day.filled),
            (ymd(2019, 2, 1), Filled::Day)
        );
        assert!(
            bad_day.given.contains("day 30 does not exist"),
            "{}",
            bad_day.given
        );
        let bad_month = complete_date(&pd(Some(2019), Some(13), Some(1))).unwrap();
        assert_eq!(bad_month.filled, Filled::MonthAndDay);
        // No plausible year, no date.
        assert_eq!(complete_date(&pd(None, Some(1), Some(1))), None);
        assert_eq!(complete_date(&pd(Some(19), None, None)), None);

        let s = month.assumption("incident", "VCDB", "Asia/Seoul", None);
        assert!(
            s.contains("2017-02 (no day)") && s.contains("1st of the month"),
            "{s}"
        );
        assert!(s.contains("00:00 in Asia/Seoul"), "{s}");
        let s = year.assumption("incident", "VCDB", "UTC", None);
        assert!(
            s.contains("only as the year 1998") && s.contains("1 January"),
            "{s}"
        );
    }

    #[test]
    fn midnight_in_the_guessed_zone() {
        let (t, shifted) = start_of_day(ymd(2021, 12, 22), chrono_tz::Asia::Tokyo);
        assert_eq!(stamp(&t), "2021-12-22T00:00:00+09:00");
        assert_eq!(shifted, None);
        let (t, _) = start_of_day(ymd(2017, 7, 1), chrono_tz::America::New_York);
        assert_eq!(stamp(&t), "2017-07-01T00:00:00-04:00");
        // São Paulo moved its clocks from 00:00 to 01:00 on 2018-11-04.
        let (t, shifted) = start_of_day(ymd(2018, 11, 4), chrono_tz::America::Sao_Paulo);
        assert_eq!(stamp(&t), "2018-11-04T01:00:00-02:00");
        assert_eq!(shifted, NaiveTime::from_hms_opt(1, 0, 0));
    }

    #[test]
    fn discovery_delays() {
        assert_eq!(delay("Days", Some(3.0)), Some(Delay::Seconds(3 * 86_400)));
        assert_eq!(delay("Months", Some(2.0)), Some(Delay::Months(2)));
        assert_eq!(delay("Years", Some(6.0)), Some(Delay::Months(72)));
        assert!(matches!(
            delay("Months", Some(2.5)),
            Some(Delay::Seconds(_))
        ));
        assert_eq!(delay("Hours", None), None);
        assert_eq!(delay("Unknown", Some(1.0)), None);
        assert_eq!(delay("NA", None), None);
        assert_eq!(delay("Days", Some(-1.0)), None);
        assert_eq!(delay("Years", Some(1e9)), None);
        let start = start_of_day(ymd(2012, 11, 1), chrono_tz::Europe::Brussels).0;
        let t = after(start, Delay::Months(72), chrono_tz::Europe::Brussels).unwrap();
        assert_eq!(stamp(&t), "2018-11-01T00:00:00+01:00");
        let t = after(start, Delay::Seconds(86_400), chrono_tz::Europe::Brussels).unwrap();
        assert_eq!(stamp(&t), "2012-11-02T00:00:00+01:00");
    }
}
