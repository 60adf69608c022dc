//! Timestamps and dates in incident files.
//!
//! A timestamp is RFC 3339 with an offset (`2025-11-18T22:52:00+09:00`), or a local date-time
//! without one (`2025-11-18T22:52:00`), which is read in the incident's `timezone`. The zone is
//! set for the duration of one deserialization by [`with_zone`]; a local time that does not exist
//! in that zone (a daylight-saving gap) is an error at its position, and one that exists twice
//! (a fold) takes the earlier instant and is flagged so validation can warn.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

thread_local! {
    static ZONE: Cell<Option<Tz>> = const { Cell::new(None) };
}

/// Runs `f` with `zone` as the zone for timestamps written without an offset.
pub fn with_zone<R>(zone: Tz, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<Tz>);
    impl Drop for Reset {
        fn drop(&mut self) {
            ZONE.with(|z| z.set(self.0));
        }
    }
    let _reset = Reset(ZONE.with(|z| z.replace(Some(zone))));
    f()
}

/// An instant, as written in the incident file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    instant: DateTime<FixedOffset>,
    /// True when the file gave no offset and the time was read in the incident's zone.
    pub local: bool,
    /// True when the local time occurs twice in the zone (a DST fold); the earlier was taken.
    pub ambiguous: bool,
    /// True when the file gave a date alone (`2025-06-24`), which only the fields read with
    /// [`date_or_time`] accept: the instant is the start of that day in the incident's zone, and
    /// reports print the date alone, never an invented time.
    pub date_only: bool,
}

impl Timestamp {
    /// The instant, with the offset it was written with (or the zone's offset at that time).
    pub fn instant(&self) -> DateTime<FixedOffset> {
        self.instant
    }

    /// Builds a timestamp from an instant.
    pub fn from_instant(instant: DateTime<FixedOffset>) -> Self {
        Timestamp {
            instant,
            local: false,
            ambiguous: false,
            date_only: false,
        }
    }

    /// Parses the file's spelling, reading an offset-less time in `zone`.
    pub fn parse(s: &str, zone: Option<Tz>) -> Result<Self, String> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(Timestamp::from_instant(t));
        }
        let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S"))
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"));
        let naive = match naive {
            Ok(n) => n,
            Err(_) if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => {
                return Err(format!(
                    "`{s}` is a date without a time; this field needs a date and time, e.g. `{s}T09:00:00+09:00`"
                ));
            }
            Err(_) => {
                return Err(format!(
                    "`{s}` is not an RFC 3339 timestamp such as `2025-11-18T22:52:00+09:00`"
                ));
            }
        };
        let zone = zone.unwrap_or(Tz::UTC);
        match zone.from_local_datetime(&naive) {
            LocalResult::Single(t) => Ok(Timestamp {
                instant: t.fixed_offset(),
                local: true,
                ambiguous: false,
                date_only: false,
            }),
            LocalResult::Ambiguous(early, _) => Ok(Timestamp {
                instant: early.fixed_offset(),
                local: true,
                ambiguous: true,
                date_only: false,
            }),
            LocalResult::None => Err(format!(
                "`{s}` does not exist in {zone}: the clocks skip it when daylight saving time starts; write the time with its UTC offset"
            )),
        }
    }
}

impl Timestamp {
    /// Parses a timestamp, or a date alone (`2025-06-24`), which is taken as the start of that
    /// day in `zone`.
    pub fn parse_date_or_time(s: &str, zone: Option<Tz>) -> Result<Self, String> {
        let t = s.trim();
        let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") else {
            return Timestamp::parse(s, zone);
        };
        let zone = zone.unwrap_or(Tz::UTC);
        let start = day
            .and_hms_opt(0, 0, 0)
            .and_then(|n| zone.from_local_datetime(&n).earliest())
            .or_else(|| {
                // Midnight skipped by a daylight-saving change: the day starts at the change.
                (1..=3).find_map(|h| {
                    day.and_hms_opt(h, 0, 0)
                        .and_then(|n| zone.from_local_datetime(&n).earliest())
                })
            })
            .ok_or_else(|| format!("`{t}` has no start of day in {zone}"))?;
        Ok(Timestamp {
            instant: start.fixed_offset(),
            local: true,
            ambiguous: false,
            date_only: true,
        })
    }
}

/// Deserializes a field that may be a date alone, when only the day is known (when a breach
/// began or ended). Clock fields stay timestamps: a deadline counted from a guessed midnight
/// would be wrong.
pub fn date_or_time<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    let s = Cow::<str>::deserialize(d)?;
    Timestamp::parse_date_or_time(&s, ZONE.with(|z| z.get())).map_err(serde::de::Error::custom)
}

/// [`date_or_time`] for an optional field.
pub fn opt_date_or_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    date_or_time(d).map(Some)
}

/// Schema of a field that takes a timestamp or a date alone.
pub struct DateOrTimestamp;

impl schemars::JsonSchema for DateOrTimestamp {
    fn schema_name() -> Cow<'static, str> {
        "DateOrTimestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "RFC 3339 date and time, e.g. `2025-11-18T22:52:00+09:00`, or a date alone, e.g. `2025-06-24`, when only the day is known (reports then print the date alone). Without an offset, the time is read in the incident's `timezone`.",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?$"
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.instant.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        Timestamp::parse(&s, ZONE.with(|z| z.get())).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.date_only {
            return s.serialize_str(&self.instant.date_naive().to_string());
        }
        s.serialize_str(&self.instant.to_rfc3339())
    }
}

impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "RFC 3339 date and time, e.g. `2025-11-18T22:52:00+09:00`. Without an offset, the time is read in the incident's `timezone`.",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?$"
        })
    }
}

/// A calendar date (`2025-03-31`), without a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Date)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "`{s}` is not a date in the form YYYY-MM-DD, e.g. `2025-03-31`"
                ))
            })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.format("%Y-%m-%d").to_string())
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A calendar date, YYYY-MM-DD.",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}$"
        })
    }
}

/// An IANA time-zone name such as `Asia/Seoul`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone(pub Tz);

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        s.parse::<Tz>().map(Zone).map_err(|_| {
            serde::de::Error::custom(format!(
                "`{s}` is not an IANA time-zone name such as `Asia/Seoul` or `America/New_York`"
            ))
        })
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name())
    }
}

impl schemars::JsonSchema for Zone {
    fn schema_name() -> Cow<'static, str> {
        "Zone".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An IANA time-zone name, e.g. `Asia/Seoul`.",
            "pattern": "^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$"
        })
    }
}

#[cfg(test)]
mod tests {
    // Issue 22: a breach known only by its days prints as dates, not as 0시 00분 / 23시 59분.
    #[test]
    fn a_date_alone_is_the_start_of_that_day_and_is_marked() {
        let t = Timestamp::parse_date_or_time("2025-06-24", Some(chrono_tz::Asia::Seoul)).unwrap();
        assert!(t.date_only);
        assert_eq!(t.instant().to_rfc3339(), "2025-06-24T00:00:00+09:00");
        let full = Timestamp::parse_date_or_time("2025-06-24T10:00:00+09:00", None).unwrap();
        assert!(!full.date_only);
        // Clock fields still refuse a date alone.
        assert!(Timestamp::parse("2025-06-24", None).is_err());
    }

    use super::*;

    #[test]
    fn offset_and_local_times() {
        let t = Timestamp::parse("2025-11-18T22:52:00+09:00", None).unwrap();
        assert!(!t.local);
        let l = Timestamp::parse("2025-11-18T22:52:00", Some(chrono_tz::Asia::Seoul)).unwrap();
        assert!(l.local);
        assert_eq!(t.instant(), l.instant());
    }

    #[test]
    fn dst_gap_is_an_error_and_fold_is_flagged() {
        let ny = chrono_tz::America::New_York;
        let e = Timestamp::parse("2025-03-09T02:30:00", Some(ny)).unwrap_err();
        assert!(e.contains("does not exist"), "{e}");
        let f = Timestamp::parse("2025-11-02T01:30:00", Some(ny)).unwrap();
        assert!(f.ambiguous);
        assert_eq!(f.instant().offset().local_minus_utc(), -4 * 3600);
    }

    #[test]
    fn date_alone_is_refused_for_timestamps() {
        let e = Timestamp::parse("2025-11-18", None).unwrap_err();
        assert!(e.contains("date without a time"), "{e}");
    }
}
