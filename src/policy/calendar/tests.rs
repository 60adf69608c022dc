//! Tests of the holiday calendars: the built-in files load, agree with their compact form and
//! with the rules their headers state, and business days are counted as the policies expect.
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
        ["br", "kr", "us-federal", "us-ia", "us-ny", "us-vt"]
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
    let nth =
        |month, weekday, n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).unwrap();
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
    matches_rules_observing(cal, holidays, true);
}

/// [`matches_rules`] for a law that moves a Sunday holiday to the Monday after and, only when
/// `saturday_to_friday`, a Saturday holiday to the Friday before.
fn matches_rules_observing(
    cal: &Calendar,
    holidays: fn(i32) -> Vec<NaiveDate>,
    saturday_to_friday: bool,
) {
    let mut expected: BTreeMap<NaiveDate, HolidayKind> = BTreeMap::new();
    for year in 2015..=2029 {
        for day in holidays(year) {
            expected.insert(day, HolidayKind::Statutory);
            let observed = match day.weekday() {
                Weekday::Sat if saturday_to_friday => day.pred_opt(),
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

/// General Construction Law § 24 (New York): the public holidays, Juneteenth from 2021 (chapter
/// 249 of the laws of 2020), and each general election day (the Tuesday after the first Monday in
/// November). Flag day (the second Sunday in June) is left out: see the file.
fn ny_24(year: i32) -> Vec<NaiveDate> {
    let first_monday_of_november = nth_weekday(year, 11, Weekday::Mon, 1);
    let mut days = vec![
        d(year, 1, 1),                                // New Year's day
        nth_weekday(year, 1, Weekday::Mon, 3),        // Dr. Martin Luther King, Jr. day
        d(year, 2, 12),                               // Lincoln's birthday
        nth_weekday(year, 2, Weekday::Mon, 3),        // Washington's birthday
        last_monday_of_may(year),                     // Memorial day
        d(year, 7, 4),                                // Independence day
        nth_weekday(year, 9, Weekday::Mon, 1),        // Labor day
        nth_weekday(year, 10, Weekday::Mon, 2),       // Columbus day
        d(year, 11, 11),                              // Veterans' day
        nth_weekday(year, 11, Weekday::Thu, 4),       // Thanksgiving day
        d(year, 12, 25),                              // Christmas day
        first_monday_of_november.succ_opt().unwrap(), // general election day
    ];
    if year >= 2021 {
        days.push(d(year, 6, 19)); // Juneteenth
    }
    days
}

#[test]
fn new_york_holidays_match_general_construction_law_24() {
    let ny = Calendar::builtin("us-ny").unwrap();
    matches_rules_observing(ny, ny_24, false);
    assert_eq!(ny.timezone(), chrono_tz::America::New_York);
    // Lincoln's birthday and general election day: closed in New York, open federally.
    for day in [d(2025, 2, 12), d(2025, 11, 4)] {
        assert!(!ny.is_business_day(day).unwrap(), "{day}");
        assert!(us().is_business_day(day).unwrap(), "{day}");
    }
    // A Saturday holiday gives no Friday: Independence day 2026 is a Saturday, and Friday
    // 2026-07-03 is a business day in New York, not federally.
    assert!(ny.is_business_day(d(2026, 7, 3)).unwrap());
    assert!(!us().is_business_day(d(2026, 7, 3)).unwrap());
    // A Sunday holiday gives the Monday after: Juneteenth 2022.
    assert_eq!(
        ny.holiday(d(2022, 6, 20)).map(|h| h.kind),
        Some(HolidayKind::Substitute)
    );
    // Juneteenth 2020 (a Friday) came before chapter 249 of the laws of 2020.
    assert!(ny.is_business_day(d(2020, 6, 19)).unwrap());
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
