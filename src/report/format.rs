//! Locale formatting: counts, money, dates and durations in Korean and English, and the
//! reader conventions of the English filings: U.S. dates with ET for SEC matters, an EU
//! authority's zone with UTC for EU readers, place names as prose.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use chrono_tz::Tz;

use super::Lang;

/// A count with thousands separators: `33,673,817`.
pub fn count(n: u64) -> String {
    crate::incident::validate::fmt_count(n)
}

/// A count of people: `33,673,817명` / `33,673,817 people` (or accounts, records).
pub fn people(n: u64, counted_as: crate::incident::CountedAs, lang: Lang) -> String {
    use crate::incident::CountedAs::*;
    match (lang, counted_as) {
        (Lang::Ko, Persons) => format!("{}명", count(n)),
        (Lang::Ko, Accounts) => format!("{}개 계정", count(n)),
        (Lang::Ko, Records) => format!("{}건", count(n)),
        (Lang::En, Persons) => format!("{} {}", count(n), if n == 1 { "person" } else { "people" }),
        (Lang::En, Accounts) => format!("{} account{}", count(n), if n == 1 { "" } else { "s" }),
        (Lang::En, Records) => format!("{} record{}", count(n), if n == 1 { "" } else { "s" }),
    }
}

/// Money, abbreviated the way each language reads large sums: `KRW 1.23조 원` /
/// `KRW 1.23 trillion`, with the exact figure after it for amounts that were rounded.
pub fn money(amount: u64, currency: &str, lang: Lang) -> String {
    let exact = count(amount);
    let scaled = |div: f64| {
        let v = amount as f64 / div;
        if v.fract() == 0.0 {
            count(v as u64)
        } else {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    match lang {
        Lang::Ko => {
            let unit = if currency == "KRW" { " 원" } else { "" };
            let cur = if currency == "KRW" { "KRW " } else { "" };
            let short = match amount {
                a if a >= 1_000_000_000_000 => Some(format!("{}조", scaled(1e12))),
                a if a >= 100_000_000 => Some(format!("{}억", scaled(1e8))),
                a if a >= 10_000 => Some(format!("{}만", scaled(1e4))),
                _ => None,
            };
            match short {
                Some(s) if currency == "KRW" => format!("{cur}{s}{unit} ({exact}원)"),
                Some(s) => format!("{currency} {s} ({currency} {exact})"),
                None if currency == "KRW" => format!("{exact}원"),
                None => format!("{currency} {exact}"),
            }
        }
        Lang::En => {
            let short = match amount {
                a if a >= 1_000_000_000_000 => Some(format!("{} trillion", scaled(1e12))),
                a if a >= 1_000_000_000 => Some(format!("{} billion", scaled(1e9))),
                a if a >= 1_000_000 => Some(format!("{} million", scaled(1e6))),
                _ => None,
            };
            match short {
                Some(s) => format!("{currency} {s} ({currency} {exact})"),
                None => format!("{currency} {exact}"),
            }
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date and time in `zone`, naming the zone: `2025년 11월 18일 22시 52분(KST)` /
/// `18 November 2025, 22:52 KST`.
pub fn datetime(t: DateTime<FixedOffset>, zone: Tz, lang: Lang) -> String {
    let l = t.with_timezone(&zone);
    let abbr = l.format("%Z").to_string();
    match lang {
        Lang::Ko => format!(
            "{}년 {}월 {}일 {}시 {:02}분({abbr})",
            l.year(),
            l.month(),
            l.day(),
            l.hour(),
            l.minute()
        ),
        Lang::En => format!(
            "{} {} {}, {:02}:{:02} {abbr}",
            l.day(),
            MONTHS[l.month0() as usize],
            l.year(),
            l.hour(),
            l.minute()
        ),
    }
}

/// A date as U.S. readers write it: `December 17, 2025`.
pub fn us_date(d: NaiveDate) -> String {
    format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
}

/// A time as U.S. readers write it, in `zone`: `November 24, 2025, 5:30 p.m. ET`. New York time
/// is named `ET` (the SEC's usage: Eastern Standard or Eastern Daylight Time, whichever is in
/// effect); other zones by their abbreviation.
pub fn us_datetime(t: DateTime<FixedOffset>, zone: Tz) -> String {
    let l = t.with_timezone(&zone);
    let abbr = if zone == chrono_tz::America::New_York {
        "ET".to_string()
    } else {
        l.format("%Z").to_string()
    };
    let (pm, h12) = l.hour12();
    let clock = match (l.hour(), l.minute()) {
        (12, 0) => "noon".to_string(),
        (0, 0) => "midnight".to_string(),
        (_, m) => format!("{h12}:{m:02} {}", if pm { "p.m." } else { "a.m." }),
    };
    format!("{}, {clock} {abbr}", us_date(l.date_naive()))
}

/// The zone an EU/EEA supervisory authority keeps: `Europe/Berlin` for `DE`. Central European
/// Time unless the state keeps Western or Eastern European Time.
pub fn eu_zone(country: &str) -> Tz {
    use chrono_tz::Europe;
    match country {
        "PT" => Europe::Lisbon,
        "IE" => Europe::Dublin,
        "IS" => chrono_tz::Atlantic::Reykjavik,
        "FI" => Europe::Helsinki,
        "EE" => Europe::Tallinn,
        "LV" => Europe::Riga,
        "LT" => Europe::Vilnius,
        "BG" => Europe::Sofia,
        "RO" => Europe::Bucharest,
        "GR" => Europe::Athens,
        "CY" => chrono_tz::Asia::Nicosia,
        _ => Europe::Brussels,
    }
}

/// A time for an EU reader: in the authority's zone with UTC beside it,
/// `2 November 2026, 01:30 CET (00:30 UTC)`.
pub fn eu_datetime(t: DateTime<FixedOffset>, zone: Tz) -> String {
    let u = t.with_timezone(&chrono::Utc);
    format!(
        "{} ({:02}:{:02} UTC{})",
        datetime(t, zone, Lang::En),
        u.hour(),
        u.minute(),
        if u.date_naive() != t.with_timezone(&zone).date_naive() {
            format!(", {}", date(u.date_naive(), Lang::En))
        } else {
            String::new()
        }
    )
}

/// A channel of communication in English words: `e-mail`, `text message`.
pub fn channel(c: crate::incident::model::Channel) -> String {
    use crate::incident::model::Channel::*;
    match c {
        Sms => "text message",
        Email => "e-mail",
        Mail => "post",
        Phone => "telephone",
        App => "in-app message",
        Website => "notice on the website",
        Premises => "notice at the premises",
        Press => "the press",
    }
    .to_string()
}

#[rustfmt::skip]
const US_STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
    ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("DC", "the District of Columbia"),
    ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"),
    ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"),
    ("ME", "Maine"), ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"),
    ("MN", "Minnesota"), ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"),
    ("NE", "Nebraska"), ("NV", "Nevada"), ("NH", "New Hampshire"), ("NJ", "New Jersey"),
    ("NM", "New Mexico"), ("NY", "New York"), ("NC", "North Carolina"), ("ND", "North Dakota"),
    ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"), ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"), ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"),
    ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"),
    ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"), ("PR", "Puerto Rico"),
];

/// A place of residence (`KR`, `DE`, `US-CA`) as English prose names it: `Korea`, `Germany`,
/// `California`. Countries whose ISO short name reads awkwardly in a sentence are written the
/// usual way; others use the ISO 3166-1 short name; an unknown code stays as it is.
pub fn place(code: &str) -> String {
    if let Some(st) = code.strip_prefix("US-") {
        if let Some((_, n)) = US_STATES.iter().find(|(c, _)| *c == st) {
            return (*n).to_string();
        }
        return code.to_string();
    }
    let fixed = match code {
        "KR" => Some("Korea"),
        "US" => Some("the United States"),
        "GB" => Some("the United Kingdom"),
        "NL" => Some("the Netherlands"),
        "CZ" => Some("Czechia"),
        "TW" => Some("Taiwan"),
        "VN" => Some("Vietnam"),
        _ => None,
    };
    if let Some(f) = fixed {
        return f.to_string();
    }
    crate::incident::vocab::country_name(code)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// A calendar date: `2025년 3월 31일` / `31 March 2025`.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{}년 {}월 {}일", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

/// A duration: `1일 2시간` / `1 day 2 hours`.
pub fn duration(d: chrono::Duration, lang: Lang) -> String {
    let secs = d.num_seconds().abs();
    let (days, hours, mins) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    let plural = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match lang {
        Lang::Ko => match (days, hours, mins) {
            (0, 0, m) => format!("{m}분"),
            (0, h, 0) => format!("{h}시간"),
            (0, h, m) => format!("{h}시간 {m}분"),
            (d, 0, _) => format!("{d}일"),
            (d, h, _) => format!("{d}일 {h}시간"),
        },
        Lang::En => match (days, hours, mins) {
            (0, 0, m) => plural(m, "minute"),
            (0, h, 0) => plural(h, "hour"),
            (0, h, m) => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
            (d, 0, _) => plural(d, "day"),
            (d, h, _) => format!("{} {}", plural(d, "day"), plural(h, "hour")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_naturally() {
        assert_eq!(
            money(1_230_000_000_000, "KRW", Lang::Ko),
            "KRW 1.23조 원 (1,230,000,000,000원)"
        );
        assert_eq!(
            money(1_230_000_000_000, "KRW", Lang::En),
            "KRW 1.23 trillion (KRW 1,230,000,000,000)"
        );
        assert_eq!(
            money(30_000_000, "KRW", Lang::Ko),
            "KRW 3,000만 원 (30,000,000원)"
        );
        assert_eq!(money(500, "USD", Lang::En), "USD 500");
    }

    #[test]
    fn people_and_dates() {
        use crate::incident::CountedAs;
        assert_eq!(
            people(33_673_817, CountedAs::Persons, Lang::Ko),
            "33,673,817명"
        );
        assert_eq!(people(1, CountedAs::Persons, Lang::En), "1 person");
        let t = DateTime::parse_from_rfc3339("2025-11-18T22:52:00+09:00").unwrap();
        let z = chrono_tz::Asia::Seoul;
        assert_eq!(datetime(t, z, Lang::Ko), "2025년 11월 18일 22시 52분(KST)");
        assert_eq!(datetime(t, z, Lang::En), "18 November 2025, 22:52 KST");
    }
    #[test]
    fn us_dates_and_times_read_the_american_way() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 17).unwrap();
        assert_eq!(us_date(d), "December 17, 2025");
        let ny = chrono_tz::America::New_York;
        // 07:30 KST on 25 November is 17:30 EST on the 24th: the EDGAR cut-off.
        let t = DateTime::parse_from_rfc3339("2025-11-25T07:30:00+09:00").unwrap();
        assert_eq!(us_datetime(t, ny), "November 24, 2025, 5:30 p.m. ET");
        let t = DateTime::parse_from_rfc3339("2025-07-01T09:05:00-04:00").unwrap();
        assert_eq!(us_datetime(t, ny), "July 1, 2025, 9:05 a.m. ET");
        let t = DateTime::parse_from_rfc3339("2025-07-01T12:00:00-04:00").unwrap();
        assert_eq!(us_datetime(t, ny), "July 1, 2025, noon ET");
        let la = chrono_tz::America::Los_Angeles;
        let t = DateTime::parse_from_rfc3339("2026-11-02T09:30:00+09:00").unwrap();
        assert_eq!(us_datetime(t, la), "November 1, 2026, 4:30 p.m. PST");
        // Never a Korean form in an English document.
        for s in [us_date(d), us_datetime(t, ny)] {
            assert!(!s.contains('년') && !s.contains("KST"), "{s}");
        }
    }

    #[test]
    fn places_read_as_prose() {
        assert_eq!(place("KR"), "Korea");
        assert_eq!(place("DE"), "Germany");
        assert_eq!(place("US-CA"), "California");
        assert_eq!(place("US-NY"), "New York");
        assert_eq!(place("XX"), "XX");
    }

    #[test]
    fn eu_times_are_in_the_authority_zone_with_utc() {
        let t = DateTime::parse_from_rfc3339("2026-11-02T09:30:00+09:00").unwrap();
        assert_eq!(
            eu_datetime(t, eu_zone("DE")),
            "2 November 2026, 01:30 CET (00:30 UTC)"
        );
        let t = DateTime::parse_from_rfc3339("2026-07-02T01:30:00+09:00").unwrap();
        assert_eq!(
            eu_datetime(t, eu_zone("FR")),
            "1 July 2026, 18:30 CEST (16:30 UTC)"
        );
        assert_eq!(
            eu_datetime(t, eu_zone("PT")),
            "1 July 2026, 17:30 WEST (16:30 UTC)"
        );
        let t = DateTime::parse_from_rfc3339("2026-11-02T00:30:00+01:00").unwrap();
        assert_eq!(
            eu_datetime(t, eu_zone("DE")),
            "2 November 2026, 00:30 CET (23:30 UTC, 1 November 2026)"
        );
    }
}
