//! Every built-in holiday calendar checked against an independent, widely used dataset: the
//! PyPI `holidays` package, `holidays.country_holidays(COUNTRY, years=...)` with its default
//! (public) categories, for every year the calendar covers.
//!
//! A date that one side lists and the other does not fails the test unless the calendar file
//! explains it under `differs_from_reference:` (date and reason, with the source that decides
//! it); an explanation for a date on which both agree fails too, so the list stays true.
//!
//! The reference is not the authority: the calendar files cite the law. It catches a missed
//! announcement, a typo or a lunar-date slip. For `us-federal` note what the reference means by
//! "US": the whole country (no subdivision) lists the 5 U.S.C. § 6103 holidays and their observed
//! days, as the file does; Inauguration Day appears only for the DC, MD and VA subdivisions, and
//! it is not asked for here. The U.S. state calendars are compared with the subdivision
//! (`country_holidays("US", subdiv="VT")`, `"IA"`, `"NY"`), which adds the state's days to the
//! nationwide list and drops the federal days the package thinks the state does not keep; where
//! the state's statute decides otherwise, the calendar file says so under
//! `differs_from_reference` (us-vt: Indigenous Peoples' Day, Juneteenth before 2025; us-ia:
//! Lincoln's and Washington's Birthdays, Juneteenth, the Friday after Thanksgiving; us-ny: Susan
//! B. Anthony Day, and the Friday the package gives a Saturday holiday).
//!
//! Python 3 with the package is needed: `.ci/run` installs it (`pip install holidays==0.*`).
//! Without it the test is skipped with a message, unless `DISCLOSE_REQUIRE_TOOLS` is set (as in
//! CI), when it fails.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use chrono::{Datelike, NaiveDate};
use disclose::policy::calendar::Calendar;

/// The reference's country code and subdivision ("" for none) for each built-in calendar.
fn reference_country(id: &str) -> (&'static str, &'static str) {
    match id {
        "kr" => ("KR", ""),
        "us-federal" => ("US", ""),
        "br" => ("BR", ""),
        "us-ia" => ("US", "IA"),
        "us-ny" => ("US", "NY"),
        "us-vt" => ("US", "VT"),
        other => panic!(
            "built-in calendar `{other}` has no reference country: add it to reference_country() in tests/holiday_reference.rs"
        ),
    }
}

const SCRIPT: &str = r#"
import json, sys
import holidays
country, subdiv, first, last = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), int(sys.argv[4])
days = holidays.country_holidays(country, subdiv=subdiv, years=range(first, last + 1))
print(json.dumps({"version": holidays.__version__, "days": {str(d): n for d, n in sorted(days.items())}}))
"#;

/// The reference's holidays for `country` (and `subdiv`, "" for the whole country) in
/// `first..=last`: (package version, date → name). `None` (after a message) when Python or the
/// package is missing and tools are not required.
fn reference(
    country: &str,
    subdiv: &str,
    first: i32,
    last: i32,
) -> Option<(String, Vec<(NaiveDate, String)>)> {
    let python = common::tool("python3")?;
    let out = Command::new(python)
        .args([
            "-c",
            SCRIPT,
            country,
            subdiv,
            &first.to_string(),
            &last.to_string(),
        ])
        .output()
        .expect("python3 runs");
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            std::env::var_os("DISCLOSE_REQUIRE_TOOLS").is_none()
                || !err.contains("ModuleNotFoundError"),
            "the Python package `holidays` is required (DISCLOSE_REQUIRE_TOOLS is set); .ci/run installs it: {err}"
        );
        assert!(
            err.contains("ModuleNotFoundError"),
            "the reference script failed: {err}"
        );
        eprintln!(
            "skipping the holiday cross-check: the Python package `holidays` is not installed (pip install 'holidays==0.*'; .ci/run installs it)"
        );
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON from the script");
    let days = v["days"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(d, n)| {
            (
                d.parse::<NaiveDate>().unwrap(),
                n.as_str().unwrap().to_string(),
            )
        })
        .collect();
    Some((v["version"].as_str().unwrap().to_string(), days))
}

/// What differs between a calendar and the reference.
#[derive(Debug, Default, PartialEq, Eq)]
struct Comparison {
    /// Listed by the reference only, not explained.
    reference_only: Vec<NaiveDate>,
    /// Listed by the calendar only, not explained.
    calendar_only: Vec<NaiveDate>,
    /// Explained under `differs_from_reference`, but both sides agree.
    stale: Vec<NaiveDate>,
}

impl Comparison {
    fn is_clean(&self) -> bool {
        self.reference_only.is_empty() && self.calendar_only.is_empty() && self.stale.is_empty()
    }
}

fn compare(
    ours: &BTreeSet<NaiveDate>,
    theirs: &BTreeSet<NaiveDate>,
    explained: &BTreeSet<NaiveDate>,
) -> Comparison {
    let differs: BTreeSet<NaiveDate> = ours.symmetric_difference(theirs).copied().collect();
    Comparison {
        reference_only: theirs
            .difference(ours)
            .filter(|d| !explained.contains(d))
            .copied()
            .collect(),
        calendar_only: ours
            .difference(theirs)
            .filter(|d| !explained.contains(d))
            .copied()
            .collect(),
        stale: explained.difference(&differs).copied().collect(),
    }
}

#[test]
fn builtin_calendars_agree_with_the_reference_dataset() {
    for id in Calendar::builtin_ids() {
        let cal = Calendar::builtin(id).unwrap();
        let covers = cal.covers();
        let (country, subdiv) = reference_country(id);
        let asked = if subdiv.is_empty() {
            country.to_string()
        } else {
            format!("{country}, subdiv {subdiv}")
        };
        let Some((version, days)) =
            reference(country, subdiv, covers.from.year(), covers.until.year())
        else {
            return;
        };
        let theirs: BTreeSet<NaiveDate> = days
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| covers.contains(*d))
            .collect();
        let ours: BTreeSet<NaiveDate> = cal.holidays().map(|h| h.date).collect();
        let explained: BTreeSet<NaiveDate> = cal.differs_from_reference().map(|r| r.date).collect();
        let cmp = compare(&ours, &theirs, &explained);
        let name = |d: &NaiveDate| {
            days.iter()
                .find(|(x, _)| x == d)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        };
        assert!(
            cmp.is_clean(),
            "calendar `{id}` ({covers}) against holidays {version}, country {asked}:\n\
             listed by the reference only: {:?}\n\
             listed by policies/calendars/{id}.yaml only: {:?}\n\
             explained under differs_from_reference but not different: {:?}\n\
             Check the date against the law the file cites; fix the file, or explain the difference under `differs_from_reference:` with its source.",
            cmp.reference_only
                .iter()
                .map(|d| format!("{d} {}", name(d)))
                .collect::<Vec<_>>(),
            cmp.calendar_only
                .iter()
                .map(|d| format!(
                    "{d} {}",
                    cal.holiday(*d).and_then(|h| h.name.get("en")).unwrap_or("")
                ))
                .collect::<Vec<_>>(),
            cmp.stale,
        );
        eprintln!(
            "calendar `{id}`: {} holidays agree with holidays {version} ({asked}), {} differences explained",
            ours.len(),
            explained.len()
        );
    }
}

fn dates(list: &[(i32, u32, u32)]) -> BTreeSet<NaiveDate> {
    list.iter()
        .map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
        .collect()
}

#[test]
fn comparison_fails_only_on_unexplained_differences() {
    let ours = dates(&[(2026, 1, 1), (2026, 5, 5), (2026, 7, 17)]);
    let theirs = dates(&[(2026, 1, 1), (2026, 5, 1), (2026, 5, 5)]);
    // Nothing explained: one date on each side.
    let cmp = compare(&ours, &theirs, &BTreeSet::new());
    assert_eq!(
        cmp.reference_only,
        dates(&[(2026, 5, 1)]).into_iter().collect::<Vec<_>>()
    );
    assert_eq!(
        cmp.calendar_only,
        dates(&[(2026, 7, 17)]).into_iter().collect::<Vec<_>>()
    );
    assert!(!cmp.is_clean());
    // Both explained: clean.
    let both = dates(&[(2026, 5, 1), (2026, 7, 17)]);
    assert!(compare(&ours, &theirs, &both).is_clean());
    // An explanation for a date both sides agree on is stale.
    let stale = dates(&[(2026, 5, 1), (2026, 7, 17), (2026, 1, 1)]);
    let cmp = compare(&ours, &theirs, &stale);
    assert_eq!(
        cmp.stale,
        dates(&[(2026, 1, 1)]).into_iter().collect::<Vec<_>>()
    );
    assert!(!cmp.is_clean());
    // Identical sets with nothing explained are clean.
    assert!(compare(&ours, &ours, &BTreeSet::new()).is_clean());
}
