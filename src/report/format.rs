//! Locale formatting: counts, money, dates and durations in Korean and English.

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

/// Money the way each language writes large sums: in Korean in 조, 억 and 만 units with
/// thousands separators inside each, exactly (`1조 2,300억 원`, `25억 5,000만 원`); in English
/// abbreviated, with the exact figure after an amount that was rounded
/// (`KRW 1.23 trillion (KRW 1,230,000,000,000)`).
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
            let words = korean_units(amount);
            if currency == "KRW" {
                // 원 follows a unit word with a space, a number directly: 25억 원, 1만 2,345원.
                if words.ends_with(|c: char| !c.is_ascii_digit()) {
                    format!("{words} 원")
                } else {
                    format!("{words}원")
                }
            } else {
                format!("{currency} {words}")
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

/// A number in Korean units, exactly: 2,550,000,000 → `25억 5,000만`; 12,345 → `1만 2,345`.
fn korean_units(n: u64) -> String {
    if n == 0 {
        return "0".to_string();
    }
    let units = [
        (10_000_000_000_000_000u64, "경"),
        (1_000_000_000_000, "조"),
        (100_000_000, "억"),
        (10_000, "만"),
        (1, ""),
    ];
    let mut rest = n;
    let mut parts = Vec::new();
    for (size, name) in units {
        let part = rest / size;
        rest %= size;
        if part > 0 {
            parts.push(format!("{}{name}", count(part)));
        }
    }
    parts.join(" ")
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

/// A calendar date: `2025년 3월 31일` / `31 March 2025`.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{}년 {}월 {}일", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

/// A calendar date as U.S. readers write it: `December 17, 2025`.
pub fn date_us(d: NaiveDate) -> String {
    format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
}

/// A date and time as U.S. readers write it, in `zone`, naming the zone:
/// `December 17, 2025, 9:05 a.m. EST`.
pub fn datetime_us(t: DateTime<FixedOffset>, zone: Tz) -> String {
    let l = t.with_timezone(&zone);
    let (h, ampm) = match l.hour() {
        0 => (12, "a.m."),
        h @ 1..=11 => (h, "a.m."),
        12 => (12, "p.m."),
        h => (h - 12, "p.m."),
    };
    format!(
        "{}, {h}:{:02} {ampm} {}",
        date_us(l.date_naive()),
        l.minute(),
        l.format("%Z")
    )
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
        assert_eq!(money(1_230_000_000_000, "KRW", Lang::Ko), "1조 2,300억 원");
        assert_eq!(money(2_550_000_000, "KRW", Lang::Ko), "25억 5,000만 원");
        assert_eq!(money(41_000_000_000_000, "KRW", Lang::Ko), "41조 원");
        assert_eq!(money(30_000_000, "KRW", Lang::Ko), "3,000만 원");
        assert_eq!(money(12_345, "KRW", Lang::Ko), "1만 2,345원");
        assert_eq!(money(5_000, "KRW", Lang::Ko), "5,000원");
        assert_eq!(money(20_000_000, "EUR", Lang::Ko), "EUR 2,000만");
        assert_eq!(
            money(1_230_000_000_000, "KRW", Lang::En),
            "KRW 1.23 trillion (KRW 1,230,000,000,000)"
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
        assert_eq!(date_us(t.date_naive()), "November 18, 2025");
        assert_eq!(
            datetime_us(t, chrono_tz::America::New_York),
            "November 18, 2025, 8:52 a.m. EST"
        );
        assert_eq!(
            datetime_us(t, chrono_tz::UTC),
            "November 18, 2025, 1:52 p.m. UTC"
        );
    }
}
