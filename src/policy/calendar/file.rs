//! The calendar file format (`disclose/calendar@1`): the YAML shape, and the checks that make
//! every [`Calendar`] value consistent. Split from `calendar.rs`, which keeps the types and the
//! business-day arithmetic.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use crate::incident::model::Text;
use crate::incident::time::{Date, Zone};
use crate::yaml::{self, Limits, Pos, SourceMap};

use super::{
    Calendar, CalendarError, Coverage, FORMAT, Holiday, HolidayKind, MAX_COVERAGE_YEARS,
    ReferenceDifference, Source, SourceStatus,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    format: String,
    id: String,
    title: Text,
    timezone: Zone,
    weekend: Vec<String>,
    covers: RawCoverage,
    sources: Vec<RawSource>,
    holidays: Vec<RawHoliday>,
    #[serde(default)]
    differs_from_reference: Vec<RawDifference>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCoverage {
    from: Date,
    until: Date,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    citation: String,
    #[serde(default)]
    url: Option<String>,
    status: SourceStatus,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: Date,
    name: Text,
    #[serde(default)]
    kind: HolidayKind,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDifference {
    date: Date,
    reason: String,
}

fn parse_weekday(name: &str) -> Option<Weekday> {
    Some(match name {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn is_bilingual(text: &Text) -> bool {
    text.get("ko").is_some() && text.get("en").is_some()
}

impl Calendar {
    /// Reads and checks a calendar file.
    ///
    /// Besides the YAML shape (unknown fields are refused), it checks that the format is
    /// [`FORMAT`], the id is lowercase letters, digits and hyphens, the title and every holiday
    /// name are given in Korean and English, `weekend` names days of the week (and not all of
    /// them), `covers` is a range of at most [`MAX_COVERAGE_YEARS`] years, at least one source is
    /// cited, every holiday is inside `covers`, listed once, and — for substitute days — not
    /// on a weekend day, and every `differs_from_reference` entry is inside `covers`, listed once
    /// and gives a reason.
    pub fn from_yaml(src: &str) -> Result<Calendar, CalendarError> {
        let limits = Limits::DEFAULT;
        let map = yaml::source_map(src, &limits)?;
        let raw: RawCalendar = yaml::from_str(src, &limits)?;
        Calendar::check(raw, &map)
    }

    /// Reads a built-in calendar from the compact form `build.rs` made of its file (JSON), with
    /// the same checks as [`Calendar::from_yaml`] but no source map: an error would be reported
    /// at the start of the file, and the unit tests make sure there is none.
    pub(super) fn from_compact(json: &str) -> Result<Calendar, CalendarError> {
        let raw: RawCalendar = serde_json::from_str(json).map_err(|e| CalendarError::Invalid {
            calendar: String::new(),
            pos: Pos::START,
            message: format!("the compact form does not read: {e}"),
        })?;
        Calendar::check(raw, &SourceMap::default())
    }

    fn check(raw: RawCalendar, map: &SourceMap) -> Result<Calendar, CalendarError> {
        let id = raw.id.trim().to_string();
        let invalid = |path: &str, message: String| CalendarError::Invalid {
            calendar: id.clone(),
            pos: map.pos(path),
            message,
        };
        if raw.format != FORMAT {
            return Err(invalid(
                "format",
                format!(
                    "`format` is `{}`; this version of disclose reads `{FORMAT}`",
                    raw.format
                ),
            ));
        }
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(invalid(
                "id",
                format!(
                    "`{id}` is not a calendar id; use lowercase letters, digits and hyphens, like `kr` or `us-federal`"
                ),
            ));
        }
        if !is_bilingual(&raw.title) {
            return Err(invalid(
                "title",
                "the title needs both `ko` and `en`".into(),
            ));
        }

        let mut weekend = Vec::new();
        let mut weekend_mask = [false; 7];
        for (i, name) in raw.weekend.iter().enumerate() {
            let day = parse_weekday(name.trim()).ok_or_else(|| CalendarError::UnknownWeekday {
                calendar: id.clone(),
                name: name.clone(),
                pos: map.pos(&format!("weekend[{i}]")),
            })?;
            let slot = &mut weekend_mask[day.num_days_from_monday() as usize];
            if !*slot {
                *slot = true;
                weekend.push(day);
            }
        }
        if weekend_mask.iter().all(|w| *w) {
            return Err(invalid(
                "weekend",
                "every day of the week is listed as a weekend day, so there would be no business days".into(),
            ));
        }

        let covers = Coverage {
            from: raw.covers.from.0,
            until: raw.covers.until.0,
        };
        if covers.from > covers.until {
            return Err(invalid(
                "covers",
                format!(
                    "`covers.from` ({}) is after `covers.until` ({})",
                    covers.from, covers.until
                ),
            ));
        }
        if covers.until.year() - covers.from.year() >= MAX_COVERAGE_YEARS {
            return Err(invalid(
                "covers",
                format!(
                    "`covers` spans more than {MAX_COVERAGE_YEARS} years; list only the years whose holidays are known"
                ),
            ));
        }

        if raw.sources.is_empty() {
            return Err(invalid(
                "sources",
                "cite at least one source (the law or announcement the holidays come from)".into(),
            ));
        }
        let mut sources = Vec::with_capacity(raw.sources.len());
        for (i, s) in raw.sources.into_iter().enumerate() {
            if s.citation.trim().is_empty() {
                return Err(invalid(
                    &format!("sources[{i}].citation"),
                    "the citation is empty".into(),
                ));
            }
            sources.push(Source {
                citation: s.citation,
                url: s.url.filter(|u| !u.trim().is_empty()),
                status: s.status,
            });
        }

        let mut holidays: BTreeMap<NaiveDate, Holiday> = BTreeMap::new();
        // Positions are looked up only for an error (building the path for every entry was a
        // tenth of loading a calendar).
        let pos_of = |i: usize| map.pos(&format!("holidays[{i}].date"));
        let mut first_index: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for (i, h) in raw.holidays.into_iter().enumerate() {
            let date = h.date.0;
            if !covers.contains(date) {
                return Err(CalendarError::HolidayOutsideCoverage {
                    calendar: id.clone(),
                    date,
                    pos: pos_of(i),
                    covers,
                });
            }
            if h.kind == HolidayKind::Substitute
                && weekend_mask[date.weekday().num_days_from_monday() as usize]
            {
                return Err(CalendarError::SubstituteOnWeekend {
                    calendar: id.clone(),
                    date,
                    weekday: date.weekday(),
                    pos: pos_of(i),
                });
            }
            if !is_bilingual(&h.name) {
                return Err(invalid(
                    &format!("holidays[{i}].name"),
                    format!("the name of the holiday on {date} needs both `ko` and `en`"),
                ));
            }
            match holidays.entry(date) {
                Entry::Occupied(_) => {
                    return Err(CalendarError::DuplicateDate {
                        calendar: id.clone(),
                        date,
                        pos: pos_of(i),
                        first: first_index.get(&date).map_or(Pos::START, |&j| pos_of(j)),
                    });
                }
                Entry::Vacant(slot) => {
                    slot.insert(Holiday {
                        date,
                        name: h.name,
                        kind: h.kind,
                    });
                    first_index.insert(date, i);
                }
            }
        }

        let mut differs_from_reference: BTreeMap<NaiveDate, ReferenceDifference> = BTreeMap::new();
        for (i, r) in raw.differs_from_reference.into_iter().enumerate() {
            let date = r.date.0;
            let path = format!("differs_from_reference[{i}]");
            if !covers.contains(date) {
                return Err(invalid(
                    &format!("{path}.date"),
                    format!(
                        "{date} is outside `covers` ({covers}); a difference from the reference dataset can only be about a covered date"
                    ),
                ));
            }
            if r.reason.trim().is_empty() {
                return Err(invalid(
                    &format!("{path}.reason"),
                    format!(
                        "say why {date} differs from the reference dataset, with the source that decides it"
                    ),
                ));
            }
            if differs_from_reference.contains_key(&date) {
                return Err(invalid(
                    &format!("{path}.date"),
                    format!(
                        "{date} is listed twice under `differs_from_reference`; give one entry"
                    ),
                ));
            }
            differs_from_reference.insert(
                date,
                ReferenceDifference {
                    date,
                    reason: r.reason,
                },
            );
        }

        Ok(Calendar {
            id,
            title: raw.title,
            timezone: raw.timezone.0,
            weekend,
            weekend_mask,
            covers,
            sources,
            holidays,
            differs_from_reference,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ONE_HOLIDAY, d, sample};
    use super::*;

    // --- Bad data ---------------------------------------------------------------------------

    #[test]
    fn rejects_duplicate_dates() {
        let src = sample(
            "[sat, sun]",
            "{ from: 2025-01-01, until: 2025-12-31 }",
            &format!("{ONE_HOLIDAY}{ONE_HOLIDAY}"),
        );
        let e = Calendar::from_yaml(&src).unwrap_err();
        match e {
            CalendarError::DuplicateDate {
                date, pos, first, ..
            } => {
                assert_eq!(date, d(2025, 1, 1));
                assert!(first.line < pos.line);
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn rejects_holiday_outside_coverage() {
        let src = sample(
            "[sat, sun]",
            "{ from: 2025-02-01, until: 2025-12-31 }",
            ONE_HOLIDAY,
        );
        let e = Calendar::from_yaml(&src).unwrap_err();
        assert!(
            matches!(e, CalendarError::HolidayOutsideCoverage { .. }),
            "{e}"
        );
        assert!(e.to_string().contains("outside `covers`"), "{e}");
    }

    #[test]
    fn rejects_substitute_on_weekend() {
        let src = sample(
            "[sat, sun]",
            "{ from: 2025-01-01, until: 2025-12-31 }",
            "  - { date: 2025-03-01, name: { ko: 대체공휴일, en: Substitute }, kind: substitute }\n",
        );
        let e = Calendar::from_yaml(&src).unwrap_err();
        assert!(
            matches!(e, CalendarError::SubstituteOnWeekend { weekday: Weekday::Sat, pos, .. } if pos.line == 10),
            "{e:?}"
        );
    }

    #[test]
    fn rejects_unknown_weekday() {
        let src = sample(
            "[sat, sunday]",
            "{ from: 2025-01-01, until: 2025-12-31 }",
            ONE_HOLIDAY,
        );
        let e = Calendar::from_yaml(&src).unwrap_err();
        assert!(
            matches!(&e, CalendarError::UnknownWeekday { name, pos, .. } if name == "sunday" && pos.line == 5),
            "{e:?}"
        );
    }

    #[test]
    fn rejects_other_problems() {
        let covers = "{ from: 2025-01-01, until: 2025-12-31 }";
        // unknown field → parse error from the YAML layer
        let src =
            sample("[sat, sun]", covers, ONE_HOLIDAY).replace("id: test", "id: test\nextra: 1");
        assert!(matches!(
            Calendar::from_yaml(&src),
            Err(CalendarError::Parse(_))
        ));
        // unknown kind
        let src = sample(
            "[sat, sun]",
            covers,
            "  - { date: 2025-01-01, name: { ko: a, en: b }, kind: bank }\n",
        );
        assert!(matches!(
            Calendar::from_yaml(&src),
            Err(CalendarError::Parse(_))
        ));
        // not a date
        let src = sample("[sat, sun]", covers, ONE_HOLIDAY)
            .replace("2025-01-01, name", "2025-02-30, name");
        assert!(matches!(
            Calendar::from_yaml(&src),
            Err(CalendarError::Parse(_))
        ));
        // wrong format, reversed coverage, missing English name, every day a weekend, no sources
        for src in [
            sample("[sat, sun]", covers, ONE_HOLIDAY).replace("calendar@1", "calendar@2"),
            sample(
                "[sat, sun]",
                "{ from: 2025-12-31, until: 2025-01-01 }",
                "  []\n",
            ),
            sample(
                "[sat, sun]",
                covers,
                "  - { date: 2025-01-01, name: { ko: 신정 } }\n",
            ),
            sample("[mon, tue, wed, thu, fri, sat, sun]", covers, ONE_HOLIDAY),
            sample(
                "[sat, sun]",
                "{ from: 1900-01-01, until: 2199-12-31 }",
                ONE_HOLIDAY,
            ),
            sample("[sat, sun]", covers, ONE_HOLIDAY).replace(
                "sources:\n  - { citation: \"test\", status: confirmed }",
                "sources: []",
            ),
            sample("[sat, sun]", covers, ONE_HOLIDAY).replace("id: test", "id: Test Calendar"),
        ] {
            let e = Calendar::from_yaml(&src).unwrap_err();
            assert!(matches!(e, CalendarError::Invalid { .. }), "{e:?}\n{src}");
        }
        // A valid sample loads, and a holiday on a weekend that is not a substitute is fine.
        let ok = sample(
            "[sat, sun]",
            covers,
            "  - { date: 2025-03-01, name: { ko: 삼일절, en: Independence Movement Day } }\n",
        );
        assert_eq!(Calendar::from_yaml(&ok).unwrap().holidays().len(), 1);
    }

    #[test]
    fn reads_differences_from_the_reference() {
        let covers = "{ from: 2025-01-01, until: 2025-12-31 }";
        let with = |entries: &str| {
            format!(
                "{}differs_from_reference:\n{entries}",
                sample("[sat, sun]", covers, ONE_HOLIDAY)
            )
        };
        let cal = Calendar::from_yaml(&with(
            "  - { date: 2025-05-01, reason: \"not a holiday under the Decree (source)\" }\n  - { date: 2025-01-01, reason: \"the reference omits it\" }\n",
        ))
        .unwrap();
        let got: Vec<_> = cal
            .differs_from_reference()
            .map(|r| (r.date, r.reason.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (d(2025, 1, 1), "the reference omits it"),
                (d(2025, 5, 1), "not a holiday under the Decree (source)")
            ]
        );
        // Optional: a file without the field has none.
        let plain = Calendar::from_yaml(&sample("[sat, sun]", covers, ONE_HOLIDAY)).unwrap();
        assert_eq!(plain.differs_from_reference().len(), 0);
        // Outside `covers`, without a reason, twice: refused with the entry's position.
        for (entries, words) in [
            ("  - { date: 2026-05-01, reason: x }\n", "outside `covers`"),
            ("  - { date: 2025-05-01, reason: \" \" }\n", "say why"),
            (
                "  - { date: 2025-05-01, reason: a }\n  - { date: 2025-05-01, reason: b }\n",
                "listed twice",
            ),
        ] {
            let e = Calendar::from_yaml(&with(entries)).unwrap_err();
            assert!(
                matches!(&e, CalendarError::Invalid { pos, .. } if pos.line >= 11),
                "{e:?}"
            );
            assert!(e.to_string().contains(words), "{e}");
        }
        // An entry needs both fields, and no others.
        for entries in [
            "  - { date: 2025-05-01 }\n",
            "  - { date: 2025-05-01, reason: a, source: b }\n",
        ] {
            assert!(matches!(
                Calendar::from_yaml(&with(entries)),
                Err(CalendarError::Parse(_))
            ));
        }
    }
}
