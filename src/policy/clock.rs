//! Where an obligation's clock starts: a timeline field, or the first recorded action of a kind,
//! optionally to one recipient (`action:regulator_report:HHS`, for a duty counted "within five
//! business days of notifying the secretary").
//!
//! Shared by deadlines (`deadline.from`, in [`super::eval`]) and by duties with no fixed period
//! (`clock`, in [`super::undue`]), so that both read the incident the same way; the loader checks
//! the spelling with [`ActionClock::parse`] and the printers word it from the same parse.

use chrono::{DateTime, FixedOffset};

use crate::incident::Incident;

/// A clock that starts at the first recorded action of `kind`, to `to` if given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionClock<'a> {
    pub kind: &'a str,
    pub to: Option<&'a str>,
}

impl<'a> ActionClock<'a> {
    /// Reads `action:KIND` or `action:KIND:RECIPIENT` (a recipient code may itself hold a colon,
    /// `AG:US-NY`); `None` for a timeline field.
    pub fn parse(from: &'a str) -> Option<Self> {
        let rest = from.strip_prefix("action:")?;
        Some(match rest.split_once(':') {
            Some((kind, to)) => ActionClock { kind, to: Some(to) },
            None => ActionClock {
                kind: rest,
                to: None,
            },
        })
    }
}

impl ActionClock<'_> {
    /// What an obligation whose clock starts at this action lacks until it is recorded, as the
    /// `missing` of an unknown status: `an action of kind `K` to `R` (the clock starts at it)`.
    /// [`ActionClock::from_missing`] reads it back, so printers can word it in Korean.
    pub fn missing(&self) -> String {
        match self.to {
            Some(to) => format!(
                "an action of kind `{}` to `{to}` (the clock starts at it)",
                self.kind
            ),
            None => format!("an action of kind `{}` (the clock starts at it)", self.kind),
        }
    }

    /// The action a [`ActionClock::missing`] text names; `None` for any other missing fact.
    pub fn from_missing(text: &str) -> Option<ActionClock<'_>> {
        let rest = text
            .strip_prefix("an action of kind `")?
            .strip_suffix("` (the clock starts at it)")?;
        Some(match rest.split_once("` to `") {
            Some((kind, to)) => ActionClock { kind, to: Some(to) },
            None => ActionClock {
                kind: rest,
                to: None,
            },
        })
    }
}

/// When a clock starts: a timeline field, or the first action of a kind (`action:KIND`, or
/// `action:KIND:RECIPIENT` for the first one to that recipient) known at `as_of`. `Err` names
/// what is missing.
pub fn start(
    from: &str,
    inc: &Incident,
    as_of: DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, String> {
    if let Some(ActionClock { kind, to }) = ActionClock::parse(from) {
        return inc
            .actions
            .iter()
            .filter(|a| a.kind == kind && a.at.instant() <= as_of)
            .filter(|a| to.is_none_or(|to| a.to.as_deref() == Some(to)))
            .map(|a| a.at.instant())
            .min()
            .ok_or_else(|| ActionClock { kind, to }.missing());
    }
    inc.timeline
        .fields()
        .into_iter()
        .find(|(n, _)| *n == from)
        .and_then(|(_, t)| t.map(|t| t.instant()))
        .ok_or_else(|| format!("timeline.{from}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_clocks_are_read_with_and_without_a_recipient() {
        assert_eq!(ActionClock::parse("discovered_at"), None);
        assert_eq!(
            ActionClock::parse("action:subject_notice"),
            Some(ActionClock {
                kind: "subject_notice",
                to: None
            })
        );
        assert_eq!(
            ActionClock::parse("action:regulator_report:HHS"),
            Some(ActionClock {
                kind: "regulator_report",
                to: Some("HHS")
            })
        );
        assert_eq!(
            ActionClock::parse("action:regulator_report:AG:US-NY"),
            Some(ActionClock {
                kind: "regulator_report",
                to: Some("AG:US-NY")
            })
        );
    }

    #[test]
    fn a_missing_action_reads_back() {
        for from in [
            "action:subject_notice",
            "action:regulator_report:HHS",
            "action:regulator_report:AG:US-NY",
        ] {
            let clock = ActionClock::parse(from).unwrap();
            assert_eq!(ActionClock::from_missing(&clock.missing()), Some(clock));
        }
        assert_eq!(ActionClock::from_missing("timeline.discovered_at"), None);
    }

    /// The clock starts at the first report to the named recipient, not at an earlier report to
    /// another one, and not at a report recorded after `as_of`.
    #[test]
    fn a_recipient_clock_starts_at_the_first_action_to_that_recipient() {
        let yaml = r#"
format: disclose/incident@1
id: T-1
title: { ko: 테스트, en: Test }
timezone: America/New_York
organization:
  name: { ko: 테스트, en: Test }
  privacy_officer: { title: { ko: 책임자, en: Officer }, email: privacy@test.example }
  contact_point: { department: { ko: 고객센터, en: Support }, phone: "1" }
timeline:
  occurred_from: 2026-03-01T09:00:00-05:00
  discovered_at: 2026-03-02T09:00:00-05:00
cause: { kind: hacking, external: true, description: { ko: 해킹, en: Hacking } }
affected: { subjects: 600, by_jurisdiction: { US-NY: 600 }, data: [{ category: health }] }
actions:
  - { kind: regulator_report, to: "AG:US-NY", at: 2026-03-03T09:00:00-05:00 }
  - { kind: regulator_report, to: HHS, at: 2026-03-10T09:00:00-04:00 }
  - { kind: regulator_report, to: HHS, at: 2026-03-05T09:00:00-05:00 }
"#;
        let inc: Incident = crate::yaml::from_str(yaml, &crate::yaml::Limits::DEFAULT).unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let late = at("2026-04-01T00:00:00-04:00");
        assert_eq!(
            start("action:regulator_report:HHS", &inc, late),
            Ok(at("2026-03-05T09:00:00-05:00"))
        );
        assert_eq!(
            start("action:regulator_report", &inc, late),
            Ok(at("2026-03-03T09:00:00-05:00"))
        );
        assert_eq!(
            start(
                "action:regulator_report:HHS",
                &inc,
                at("2026-03-04T00:00:00-05:00")
            ),
            Err(
                "an action of kind `regulator_report` to `HHS` (the clock starts at it)"
                    .to_string()
            )
        );
        assert_eq!(
            start("action:regulator_report:FTC", &inc, late).map_err(|e| e.contains("`FTC`")),
            Err(true)
        );
    }
}
