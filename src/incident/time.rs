//! Timestamps and dates in incident files.
//!
//! A timestamp is RFC 3339 with an offset (`2025-11-18T22:52:00+09:00`), or a local date-time
//! without one (`2025-11-18T22:52:00`), which is read in the incident's `timezone`; the seconds
//! may be left out and a space may stand for the `T`. The JSON Schema's pattern
//! ([`CLOCK_PATTERN`]) and the reader ([`read_clock`]) state the same grammar, so an editor and
//! `disclose validate` agree on what a file may say. The zone is
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
    ///
    /// The spellings accepted are exactly those [`CLOCK_PATTERN`] states (the JSON Schema's
    /// pattern, so an editor and disclose agree): RFC 3339, with a space allowed for the `T`, the
    /// seconds allowed to be left out, and the offset allowed to be left out.
    pub fn parse(s: &str, zone: Option<Tz>) -> Result<Self, String> {
        let s = s.trim();
        let Some((naive, offset)) = read_clock(s) else {
            if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                return Err(format!(
                    "`{s}` is a date without a time; this field needs a date and time, e.g. `{s}T09:00:00+09:00`"
                ));
            }
            return Err(format!(
                "`{s}` is not an RFC 3339 timestamp such as `2025-11-18T22:52:00+09:00`"
            ));
        };
        if let Some(offset) = offset {
            return offset
                .from_local_datetime(&naive)
                .single()
                .map(Timestamp::from_instant)
                .ok_or_else(|| format!("`{s}` is out of the range of dates disclose reads"));
        }
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

/// The JSON Schema pattern of a date and time, the grammar [`read_clock`] implements.
pub const CLOCK_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$";

/// [`CLOCK_PATTERN`] with the time optional: the pattern of a field that takes a date alone.
pub const DATE_OR_CLOCK_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$";

/// Reads `YYYY-MM-DD`, `T` (or `t`, or a space), `HH:MM`, optionally `:SS` and a fraction,
/// optionally `Z` or `±HH:MM`: the local date-time and the offset, if one was written. `None` for
/// any other spelling, and for a field out of its range (month 13, 24:00, offset +25:00).
fn read_clock(s: &str) -> Option<(NaiveDateTime, Option<FixedOffset>)> {
    fn digits(b: &[u8]) -> Option<u32> {
        b.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    }
    let b = s.as_bytes();
    if b.len() < 16 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(digits(&b[..4])?).ok()?,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )?;
    let (hour, minute) = (digits(&b[11..13])?, digits(&b[14..16])?);
    if b[13] != b':' {
        return None;
    }
    let mut rest = &b[16..];
    let (mut second, mut nano) = (0, 0);
    if let [b':', s1, s2, tail @ ..] = rest {
        second = digits(&[*s1, *s2])?;
        rest = tail;
        if let [b'.', tail @ ..] = rest {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            // Nanoseconds: the first nine digits, the rest dropped.
            let kept = &tail[..n.min(9)];
            nano = digits(kept)? * 10u32.pow(9 - u32::try_from(kept.len()).ok()?);
            rest = &tail[n..];
        }
    }
    let offset = match rest {
        [] => None,
        [b'Z' | b'z'] => Some(FixedOffset::east_opt(0)?),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let secs =
                i32::try_from(digits(&[*h1, *h2])? * 3600 + digits(&[*m1, *m2])? * 60).ok()?;
            if digits(&[*m1, *m2])? > 59 {
                return None;
            }
            Some(FixedOffset::east_opt(if *sign == b'-' {
                -secs
            } else {
                secs
            })?)
        }
        _ => return None,
    };
    let time = chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nano)?;
    Some((date.and_time(time), offset))
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
            "pattern": DATE_OR_CLOCK_PATTERN
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
            "pattern": CLOCK_PATTERN
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

    /// Every spelling the schema's pattern allows reads as the instant it names; every other is
    /// refused (the schema side is checked by `tests/schema.rs`).
    #[test]
    fn the_spellings_the_pattern_allows_and_no_others() {
        let seoul = Some(chrono_tz::Asia::Seoul);
        let read = |s: &str| Timestamp::parse(s, seoul).map(|t| t.instant().to_rfc3339());
        for (written, instant) in [
            ("2026-11-25T16:00:00+09:00", "2026-11-25T16:00:00+09:00"),
            ("2026-11-25T16:00+09:00", "2026-11-25T16:00:00+09:00"),
            ("2026-11-25 16:00", "2026-11-25T16:00:00+09:00"),
            ("2026-11-25 16:00:30", "2026-11-25T16:00:30+09:00"),
            ("2026-11-25t16:00z", "2026-11-25T16:00:00+00:00"),
            ("2026-11-25T07:00:00Z", "2026-11-25T07:00:00+00:00"),
            ("2026-11-25T02:00:00-05:00", "2026-11-25T02:00:00-05:00"),
            (
                "2026-11-25T16:00:00.25+09:00",
                "2026-11-25T16:00:00.250+09:00",
            ),
            // Beyond nanoseconds the digits are dropped, not rounded.
            (
                "2026-11-25T16:00:00.1234567899",
                "2026-11-25T16:00:00.123456789+09:00",
            ),
            ("  2026-11-25T16:00  ", "2026-11-25T16:00:00+09:00"),
        ] {
            assert_eq!(read(written).as_deref(), Ok(instant), "{written}");
        }
        for refused in [
            "2026/11/25 16:00",
            "2026-11-25T16",
            "2026-11-25T16:00:",
            "2026-11-25T16:00:00.",
            "2026-11-25T16:00:00+0900",
            "2026-11-25T16:00:00+09",
            "2026-11-25T16:00:00 +09:00",
            "2026-11-25  16:00",
            "2026-13-25T16:00",
            "2026-02-30T16:00",
            "2026-11-25T24:00",
            "2026-11-25T16:60",
            "2026-11-25T16:00:00+09:60",
            "2026-11-25T16:00:00+24:00",
            "2026-11-25T16:00:00KST",
            "2026-1-25T16:00",
            "+2026-11-25T16:00",
            "２０２６-11-25T16:00",
        ] {
            assert!(read(refused).is_err(), "{refused} was read");
        }
    }

    #[test]
    fn the_date_or_time_pattern_is_the_clock_pattern_with_the_time_optional() {
        let clock = CLOCK_PATTERN
            .strip_prefix("^\\d{4}-\\d{2}-\\d{2}")
            .and_then(|p| p.strip_suffix('$'))
            .unwrap();
        assert_eq!(
            DATE_OR_CLOCK_PATTERN,
            format!("^\\d{{4}}-\\d{{2}}-\\d{{2}}({clock})?$")
        );
    }
}
