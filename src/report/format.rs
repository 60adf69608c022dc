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

/// A count as an action states it: [`people`] when exact; when the report or notice gave a
/// rounded figure (`approximate: true` on the action), the figure as such a document writes it,
/// `약 3,370만 개 계정` / `about 33.7 million accounts` (the Korean documents review: "write round
/// figures as 약 3,370만"). An English figure of a million or more is given in millions when two
/// decimals hold it exactly, else in full.
pub fn stated_people(
    n: u64,
    approximate: bool,
    counted_as: crate::incident::CountedAs,
    lang: Lang,
) -> String {
    use crate::incident::CountedAs::*;
    if !approximate {
        return people(n, counted_as, lang);
    }
    match lang {
        Lang::Ko => {
            let counter = match counted_as {
                Persons => "명",
                Accounts => "개 계정",
                Records => "건",
            };
            if n >= 10_000 {
                format!("약 {} {counter}", korean_units(n))
            } else {
                format!("약 {}{counter}", count(n))
            }
        }
        Lang::En => {
            let noun = match counted_as {
                Persons => "people",
                Accounts => "accounts",
                Records => "records",
            };
            if n >= 1_000_000 && n.is_multiple_of(10_000) {
                let millions = format!("{:.2}", n as f64 / 1e6);
                let millions = millions.trim_end_matches('0').trim_end_matches('.');
                format!("about {millions} million {noun}")
            } else {
                format!("about {} {noun}", count(n))
            }
        }
    }
}

/// Money the way each language writes large sums: in Korean in 조, 억 and 만 units with
/// thousands separators inside each, exactly (`1조 2,300억 원`, `25억 5,000만 원`, as the PIPC
/// writes `과징금 6,246억 8,100만 원`; other currencies with the code, `EUR 2,000만`); in English
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

/// How a Korean date or time is written: in a letter or a public notice as people write it
/// (`2025년 11월 18일 오후 10시 52분`), in a report, filing or audit paper in the style of
/// public documents (`2025. 11. 18. 22:52`). English is the same in both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Letters and notices to people.
    Letter,
    /// Reports to authorities and audit papers.
    Official,
}

/// A date and time in `zone` in the official style: `2025. 11. 18. 22:52` /
/// `18 November 2025, 22:52 KST`. See [`datetime_in`].
pub fn datetime(t: DateTime<FixedOffset>, zone: Tz, lang: Lang) -> String {
    datetime_in(t, zone, lang, Style::Official)
}

/// A date and time in `zone`. Korean documents for Korean readers name no zone on every line
/// when the zone is Korea's (a report states it once); any other zone is named after the time.
/// English always names the zone.
pub fn datetime_in(t: DateTime<FixedOffset>, zone: Tz, lang: Lang, style: Style) -> String {
    let l = t.with_timezone(&zone);
    let abbr = l.format("%Z").to_string();
    let named = if zone == chrono_tz::Asia::Seoul {
        String::new()
    } else {
        format!("({abbr})")
    };
    match (lang, style) {
        (Lang::Ko, Style::Official) => format!(
            "{}. {}. {}. {:02}:{:02}{}",
            l.year(),
            l.month(),
            l.day(),
            l.hour(),
            l.minute(),
            if named.is_empty() {
                String::new()
            } else {
                format!(" {named}")
            }
        ),
        (Lang::Ko, Style::Letter) => {
            let (half, h12) = match l.hour() {
                0 => ("오전", 0),
                h @ 1..=11 => ("오전", h),
                12 => ("오후", 12),
                h => ("오후", h - 12),
            };
            let minutes = if l.minute() == 0 {
                String::new()
            } else {
                format!(" {}분", l.minute())
            };
            format!(
                "{}년 {}월 {}일 {half} {h12}시{minutes}{named}",
                l.year(),
                l.month(),
                l.day()
            )
        }
        (Lang::En, _) => format!(
            "{} {} {}, {:02}:{:02} {abbr}",
            l.day(),
            MONTHS[l.month0() as usize],
            l.year(),
            l.hour(),
            l.minute()
        ),
    }
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

/// Korean names of the places incidents most often list: Korea's neighbours and trading
/// partners, and every EU/EEA state (GDPR). Others are written by their English name.
#[rustfmt::skip]
const PLACES_KO: &[(&str, &str)] = &[
    ("KR", "대한민국"), ("US", "미국"), ("JP", "일본"), ("CN", "중국"), ("TW", "대만"),
    ("HK", "홍콩"), ("SG", "싱가포르"), ("VN", "베트남"), ("TH", "태국"), ("PH", "필리핀"),
    ("ID", "인도네시아"), ("MY", "말레이시아"), ("IN", "인도"), ("AU", "호주"), ("NZ", "뉴질랜드"),
    ("CA", "캐나다"), ("MX", "멕시코"), ("BR", "브라질"), ("GB", "영국"), ("CH", "스위스"),
    ("AE", "아랍에미리트"), ("SA", "사우디아라비아"), ("TR", "튀르키예"),
    ("AT", "오스트리아"), ("BE", "벨기에"), ("BG", "불가리아"), ("HR", "크로아티아"),
    ("CY", "키프로스"), ("CZ", "체코"), ("DK", "덴마크"), ("EE", "에스토니아"), ("FI", "핀란드"),
    ("FR", "프랑스"), ("DE", "독일"), ("GR", "그리스"), ("HU", "헝가리"), ("IE", "아일랜드"),
    ("IT", "이탈리아"), ("LV", "라트비아"), ("LT", "리투아니아"), ("LU", "룩셈부르크"),
    ("MT", "몰타"), ("NL", "네덜란드"), ("PL", "폴란드"), ("PT", "포르투갈"), ("RO", "루마니아"),
    ("SK", "슬로바키아"), ("SI", "슬로베니아"), ("ES", "스페인"), ("SE", "스웨덴"),
    ("IS", "아이슬란드"), ("LI", "리히텐슈타인"), ("NO", "노르웨이"),
];

/// A place of residence in the reader's language: `대한민국`, `독일`, `미국 California` /
/// `Korea`, `Germany`, `California`. A Korean name missing from the table falls back to the
/// English one.
pub fn place_in(code: &str, lang: Lang) -> String {
    match lang {
        Lang::En => place(code),
        Lang::Ko => {
            if let Some((_, n)) = PLACES_KO.iter().find(|(c, _)| *c == code) {
                return (*n).to_string();
            }
            if code.starts_with("US-") {
                return format!("미국 {}", place(code));
            }
            place(code)
        }
    }
}

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

/// A calendar date in the official style: `2025. 3. 31.` / `31 March 2025`.
pub fn date(d: NaiveDate, lang: Lang) -> String {
    date_in(d, lang, Style::Official)
}

/// A calendar date: `2025. 3. 31.` (official) or `2025년 3월 31일` (letter) / `31 March 2025`.
pub fn date_in(d: NaiveDate, lang: Lang, style: Style) -> String {
    match (lang, style) {
        (Lang::Ko, Style::Official) => format!("{}. {}. {}.", d.year(), d.month(), d.day()),
        (Lang::Ko, Style::Letter) => format!("{}년 {}월 {}일", d.year(), d.month(), d.day()),
        (Lang::En, _) => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

/// A calendar date as U.S. readers write it: `December 17, 2025`.
pub fn date_us(d: NaiveDate) -> String {
    format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
}

/// A date and time as U.S. readers write it, in `zone`, naming the zone:
/// `November 24, 2025, 5:30 p.m. ET`. New York time is named `ET` (the SEC's usage: Eastern
/// Standard or Eastern Daylight Time, whichever is in effect); other zones by their
/// abbreviation (`PST`, `UTC`).
pub fn datetime_us(t: DateTime<FixedOffset>, zone: Tz) -> String {
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
    format!("{}, {clock} {abbr}", date_us(l.date_naive()))
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
    fn rounded_counts_are_written_as_rounded_figures() {
        use crate::incident::CountedAs::*;
        let ko = |n, c| stated_people(n, true, c, Lang::Ko);
        let en = |n, c| stated_people(n, true, c, Lang::En);
        assert_eq!(ko(33_700_000, Accounts), "약 3,370만 개 계정");
        assert_eq!(ko(33_700_000, Persons), "약 3,370만 명");
        assert_eq!(ko(4_500, Records), "약 4,500건");
        assert_eq!(en(33_700_000, Accounts), "about 33.7 million accounts");
        assert_eq!(en(2_000_000, Persons), "about 2 million people");
        assert_eq!(en(1_250_000, Records), "about 1.25 million records");
        // Not exact in two decimals of a million: the figure in full.
        assert_eq!(en(33_673_817, Accounts), "about 33,673,817 accounts");
        assert_eq!(en(4_500, Accounts), "about 4,500 accounts");
        // Exact counts are unchanged.
        assert_eq!(
            stated_people(4_536, false, Accounts, Lang::Ko),
            "4,536개 계정"
        );
        assert_eq!(stated_people(1, false, Persons, Lang::En), "1 person");
    }

    #[test]
    fn places_read_in_the_readers_language() {
        assert_eq!(place_in("KR", Lang::Ko), "대한민국");
        assert_eq!(place_in("DE", Lang::Ko), "독일");
        assert_eq!(place_in("US-CA", Lang::Ko), "미국 California");
        assert_eq!(place_in("KR", Lang::En), "Korea");
        assert_eq!(place_in("ZZ", Lang::Ko), "ZZ");
    }

    #[test]
    fn money_reads_naturally() {
        assert_eq!(money(1_230_000_000_000, "KRW", Lang::Ko), "1조 2,300억 원");
        assert_eq!(money(2_550_000_000, "KRW", Lang::Ko), "25억 5,000만 원");
        assert_eq!(money(41_000_000_000_000, "KRW", Lang::Ko), "41조 원");
        assert_eq!(money(30_000_000, "KRW", Lang::Ko), "3,000만 원");
        assert_eq!(
            money(624_681_000_000, "KRW", Lang::Ko),
            "6,246억 8,100만 원"
        );
        assert_eq!(money(12_345, "KRW", Lang::Ko), "1만 2,345원");
        assert_eq!(money(5_000, "KRW", Lang::Ko), "5,000원");
        assert_eq!(money(9_500, "KRW", Lang::Ko), "9,500원");
        assert_eq!(money(100_000_005, "KRW", Lang::Ko), "1억 5원");
        assert_eq!(money(0, "KRW", Lang::Ko), "0원");
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
        // Reports: the official style, no zone on every line for Korea's own zone.
        assert_eq!(datetime(t, z, Lang::Ko), "2025. 11. 18. 22:52");
        assert_eq!(datetime(t, z, Lang::En), "18 November 2025, 22:52 KST");
        assert_eq!(date_us(t.date_naive()), "November 18, 2025");
        assert_eq!(
            datetime_us(t, chrono_tz::America::New_York),
            "November 18, 2025, 8:52 a.m. ET"
        );
        assert_eq!(
            datetime_us(t, chrono_tz::UTC),
            "November 18, 2025, 1:52 p.m. UTC"
        );
        // Letters: as people write it, 오전/오후, no "00분".
        assert_eq!(
            datetime_in(t, z, Lang::Ko, Style::Letter),
            "2025년 11월 18일 오후 10시 52분"
        );
        let nine = DateTime::parse_from_rfc3339("2025-11-19T09:00:00+09:00").unwrap();
        assert_eq!(
            datetime_in(nine, z, Lang::Ko, Style::Letter),
            "2025년 11월 19일 오전 9시"
        );
        let noon = DateTime::parse_from_rfc3339("2025-11-19T12:05:00+09:00").unwrap();
        assert_eq!(
            datetime_in(noon, z, Lang::Ko, Style::Letter),
            "2025년 11월 19일 오후 12시 5분"
        );
        // Another zone is named.
        assert_eq!(
            datetime(t, chrono_tz::Europe::Berlin, Lang::Ko),
            "2025. 11. 18. 14:52 (CET)"
        );
        let d = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        assert_eq!(date(d, Lang::Ko), "2025. 3. 31.");
        assert_eq!(date_in(d, Lang::Ko, Style::Letter), "2025년 3월 31일");
    }
    #[test]
    fn us_dates_and_times_read_the_american_way() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 17).unwrap();
        assert_eq!(date_us(d), "December 17, 2025");
        let ny = chrono_tz::America::New_York;
        // 07:30 KST on 25 November is 17:30 EST on the 24th: the EDGAR cut-off.
        let t = DateTime::parse_from_rfc3339("2025-11-25T07:30:00+09:00").unwrap();
        assert_eq!(datetime_us(t, ny), "November 24, 2025, 5:30 p.m. ET");
        let t = DateTime::parse_from_rfc3339("2025-07-01T09:05:00-04:00").unwrap();
        assert_eq!(datetime_us(t, ny), "July 1, 2025, 9:05 a.m. ET");
        let t = DateTime::parse_from_rfc3339("2025-07-01T12:00:00-04:00").unwrap();
        assert_eq!(datetime_us(t, ny), "July 1, 2025, noon ET");
        let la = chrono_tz::America::Los_Angeles;
        let t = DateTime::parse_from_rfc3339("2026-11-02T09:30:00+09:00").unwrap();
        assert_eq!(datetime_us(t, la), "November 1, 2026, 4:30 p.m. PST");
        // Never a Korean form in an English document.
        for s in [date_us(d), datetime_us(t, ny)] {
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
