//! The U.S. consumer notice: one letter per group of states with the same content rules.
//!
//! Every letter follows California's model form (Cal. Civ. Code § 1798.82(d)), which many
//! states accept: the title "Notice of Data Breach" and the headings "What Happened", "What
//! Information Was Involved", "What We Are Doing", "What You Can Do", "For More Information".
//! What each state adds is data: the `content` items of its policy's notice obligation (the
//! vocabulary is listed in `docs/templates.md`), so states whose policies list the same items
//! share a letter, and a state with a restriction (Massachusetts: no nature of the breach, no
//! number of residents) gets its own.
//!
//! A letter lists only the data items that concern its readers (an item's `jurisdictions`; a
//! resident or alien registration number concerns `KR` unless it says otherwise), and gives
//! dates as U.S. readers write them ("December 17, 2025") and times in the state's zone with
//! UTC, never only in the incident's zone. The contacts it gives (the consumer reporting
//! agencies, the FTC, New York's agencies) are data with their sources (`templates/us_contacts.yaml`).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::incident::{Incident, vocab};
use crate::policy::eval::{Evaluation, Status};
use crate::policy::load::CompiledPolicy;

use super::format;

/// The content items (docs/templates.md §6) that the letter writes itself rather than an
/// incident field: the model form's title and headings, the date, and the contacts and advice
/// the statutes prescribe. The audit's content check counts them as filled.
pub const WRITTEN_BY_THE_LETTER: &[&str] = &[
    "model_form",
    "notice_date",
    "cra_contacts_if_id",
    "cra_contacts",
    "agency_contacts",
    "ftc_contact",
    "credentials_change",
    "security_freeze",
    "police_report",
    "no_nature_or_number",
];

/// A contact a letter gives.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The agency's name.
    pub name: String,
    /// Its toll-free number.
    pub phone: String,
    /// Its website.
    pub website: String,
    /// Its postal address, where the law asks for one.
    #[serde(default)]
    pub address: String,
    /// Where the facts were read.
    pub source: String,
    /// `confirmed` or `unconfirmed`.
    pub status: crate::policy::model::Status,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactsFile {
    #[allow(dead_code)]
    format: String,
    contacts: BTreeMap<String, Contact>,
}

/// The built-in contacts, by id (`equifax`, `experian`, `transunion`, `ftc`,
/// `ny_attorney_general`, `ny_department_of_state`).
pub fn contacts() -> BTreeMap<String, Contact> {
    crate::yaml::from_str::<ContactsFile>(
        include_str!("../../templates/us_contacts.yaml"),
        &crate::yaml::Limits::DEFAULT,
    )
    .map(|f| f.contacts)
    .unwrap_or_default()
}

/// A state's name and the zone most of its people live in (times are also given in UTC, for
/// the states that span two zones).
fn state(code: &str) -> (&str, Option<Tz>) {
    use chrono_tz::America;
    match code {
        "US-CA" => ("California", Some(America::Los_Angeles)),
        "US-NY" => ("New York", Some(America::New_York)),
        "US-MA" => ("Massachusetts", Some(America::New_York)),
        "US-WA" => ("Washington", Some(America::Los_Angeles)),
        "US-FL" => ("Florida", Some(America::New_York)),
        "US-TX" => ("Texas", Some(America::Chicago)),
        other => (other, None),
    }
}

/// The places a data item concerns: its `jurisdictions`, or `KR` for a Korean registration
/// number, or everyone (empty).
fn concerns(d: &crate::incident::DataItem) -> Vec<String> {
    if !d.jurisdictions.is_empty() {
        return d.jurisdictions.clone();
    }
    match d.category.as_str() {
        "resident_registration_number" | "foreign_registration_number" => vec!["KR".into()],
        _ => Vec::new(),
    }
}

/// Whether an item concerns people in any of `places` (`US` covers `US-CA`, and `US-CA` is in
/// `US`).
fn concerns_any(d: &crate::incident::DataItem, places: &[String]) -> bool {
    for_any(&concerns(d), places)
}

/// Whether text meant for `codes` (everyone when empty) is for people in any of `places`.
fn for_any(codes: &[String], places: &[String]) -> bool {
    let c = codes;
    c.is_empty()
        || c.iter().any(|code| {
            places
                .iter()
                .any(|p| vocab::takes_in(code, p) || vocab::takes_in(p, code))
        })
}

/// Government identification numbers a U.S. letter must react to (CRA contacts and the identity
/// theft offer in California): a Social Security, driver's licence, passport or other government
/// identification number that concerns U.S. residents.
const GOVERNMENT_IDS: [&str; 4] = [
    "social_security_number",
    "drivers_license_number",
    "passport_number",
    "national_id_number",
];

/// Whether a Social Security number or a government identification number of U.S. residents
/// was exposed.
pub fn government_id_exposed(inc: &Incident) -> bool {
    inc.affected
        .data
        .iter()
        .any(|d| GOVERNMENT_IDS.contains(&d.category.as_str()) && concerns_any(d, &["US".into()]))
}

/// A date and time for a U.S. reader: in the state's zone and in UTC.
fn when(t: DateTime<FixedOffset>, zone: Option<Tz>) -> String {
    match zone {
        Some(z) => format!(
            "{} ({})",
            format::datetime_us(t, z),
            format::datetime_us(t, chrono_tz::UTC)
        ),
        None => format::datetime_us(t, chrono_tz::UTC),
    }
}

/// A dated entry of a letter.
#[derive(Clone, Debug, Serialize)]
pub struct Dated {
    /// When, for the reader.
    pub when: String,
    /// What.
    pub text: String,
}

/// One letter.
#[derive(Clone, Debug, Serialize)]
pub struct UsLetter {
    /// The states it goes to (ISO codes).
    pub states: Vec<String>,
    /// Their names: "California", "California and New York".
    pub state_names: String,
    /// The content items the states' policies require (ids; see `docs/templates.md`).
    pub content: Vec<String>,
    /// The leaked items that concern its readers.
    pub items: Vec<String>,
    /// When the breach began, ended and was discovered, for the reader (empty when unknown).
    pub occurred_from: String,
    /// See `occurred_from`.
    pub occurred_until: String,
    /// The dates of the breach as a date or a range: "October 28, 2026 to November 1, 2026".
    pub breach_dates: String,
    /// See `occurred_from`.
    pub discovered_at: String,
    /// Countermeasures, dated for the reader.
    pub remediation: Vec<Dated>,
    /// What the reader can do: the incident's guidance that is for everyone or for these states.
    pub guidance: Vec<String>,
    /// Whether a government identification number of U.S. residents was exposed.
    pub government_id: bool,
    /// Whether passwords or other credentials were exposed.
    pub credentials: bool,
    /// The consumer reporting agencies, when the letter gives them.
    pub cras: Vec<Contact>,
    /// The FTC and the state agencies the letter gives.
    pub agencies: Vec<Contact>,
}

/// The letters of an incident's U.S. consumer notice, one per group of states whose notice
/// obligations (applicable, calling for this report) list the same content items.
pub fn letters(
    inc: &Incident,
    ev: &Evaluation,
    policies: &[&CompiledPolicy],
    shown: impl Fn(&crate::incident::Text) -> String,
) -> Vec<UsLetter> {
    let mut groups: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for o in ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable) && o.kind == "subject_notice")
    {
        let Some(p) = policies.iter().find(|p| p.policy.id == o.policy) else {
            continue;
        };
        let Some(rule) = p.full().policy.obligations.iter().find(|r| r.id == o.id) else {
            continue;
        };
        if !rule.reports.iter().any(|r| r == "us_state_consumer_notice") {
            continue;
        }
        let mut ids: Vec<String> = rule.content.iter().map(|c| c.id.clone()).collect();
        ids.sort();
        ids.dedup();
        let states = groups.entry(ids).or_default();
        if !states.contains(&p.policy.jurisdiction) {
            states.push(p.policy.jurisdiction.clone());
        }
    }
    let all = contacts();
    let contact = |id: &str| all.get(id).cloned();
    let government_id = government_id_exposed(inc);
    let mut groups: Vec<(Vec<String>, Vec<String>)> = groups
        .into_iter()
        .map(|(content, mut states)| {
            states.sort();
            (content, states)
        })
        .collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    groups
        .into_iter()
        .map(|(content, states)| {
            let zones: Vec<Option<Tz>> = states.iter().map(|s| state(s).1).collect();
            let zone = match zones.first() {
                Some(z) if zones.iter().all(|x| x == z) => *z,
                _ => None,
            };
            let names: Vec<&str> = states.iter().map(|s| state(s).0).collect();
            let state_names = match names.as_slice() {
                [] => String::new(),
                [one] => (*one).to_string(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
            };
            let has = |id: &str| content.iter().any(|c| c == id);
            let items: Vec<&crate::incident::DataItem> = inc
                .affected
                .data
                .iter()
                .filter(|d| concerns_any(d, &states))
                .collect();
            let credentials = items.iter().any(|d| {
                vocab::category(&d.category)
                    .is_some_and(|i| i.class == vocab::LegalClass::Credentials)
            });
            let tl = &inc.timeline;
            let date = |t: &crate::incident::time::Timestamp| {
                let z = zone.unwrap_or(chrono_tz::UTC);
                format::date_us(t.instant().with_timezone(&z).date_naive())
            };
            let breach_dates = match &tl.occurred_until {
                Some(u) if date(u) != date(&tl.occurred_from) => {
                    format!("{} to {}", date(&tl.occurred_from), date(u))
                }
                Some(_) => date(&tl.occurred_from),
                None => format!("{} (the end is not yet known)", date(&tl.occurred_from)),
            };
            let cras = if has("cra_contacts") || (has("cra_contacts_if_id") && government_id) {
                ["equifax", "experian", "transunion"]
                    .iter()
                    .filter_map(|id| contact(id))
                    .collect()
            } else {
                Vec::new()
            };
            let mut agencies = Vec::new();
            if has("agency_contacts") {
                agencies.extend(
                    ["ny_attorney_general", "ny_department_of_state"]
                        .iter()
                        .filter_map(|id| contact(id)),
                );
            }
            if has("agency_contacts") || has("ftc_contact") || !cras.is_empty() {
                agencies.extend(contact("ftc"));
            }
            UsLetter {
                state_names,
                content,
                items: items
                    .iter()
                    .map(|d| match (&d.label, vocab::category(&d.category)) {
                        (Some(l), _) => shown(l),
                        (None, Some(i)) => i.en.to_string(),
                        (None, None) => d.category.clone(),
                    })
                    .collect(),
                occurred_from: when(tl.occurred_from.instant(), zone),
                occurred_until: tl
                    .occurred_until
                    .as_ref()
                    .map(|t| when(t.instant(), zone))
                    .unwrap_or_default(),
                breach_dates,
                discovered_at: when(tl.discovered_at.instant(), zone),
                remediation: inc
                    .remediation
                    .iter()
                    .map(|r| Dated {
                        when: when(r.at.instant(), zone),
                        text: shown(&r.text),
                    })
                    .collect(),
                guidance: inc
                    .subject_guidance
                    .iter()
                    .filter(|g| for_any(&g.jurisdictions, &states))
                    .map(|g| shown(&g.text()))
                    .collect(),
                government_id,
                credentials,
                cras,
                agencies,
                states,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contacts_load_with_their_sources() {
        let c = contacts();
        for id in [
            "equifax",
            "experian",
            "transunion",
            "ftc",
            "ny_attorney_general",
            "ny_department_of_state",
        ] {
            let x = c.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert!(!x.phone.is_empty() && !x.source.is_empty(), "{id}");
        }
        for cra in ["equifax", "experian", "transunion"] {
            assert!(
                !c[cra].address.is_empty(),
                "{cra}: California asks for addresses"
            );
        }
    }

    #[test]
    fn a_korean_registration_number_concerns_korea_only() {
        let item = |category: &str, j: &[&str]| crate::incident::DataItem {
            category: category.into(),
            label: None,
            subjects: None,
            records: None,
            jurisdictions: j.iter().map(|s| s.to_string()).collect(),
            guidance: None,
            groups: Vec::new(),
        };
        let us = ["US-CA".to_string()];
        assert!(!concerns_any(
            &item("resident_registration_number", &[]),
            &us
        ));
        assert!(concerns_any(
            &item("resident_registration_number", &["US-CA"]),
            &us
        ));
        assert!(concerns_any(&item("email", &[]), &us));
        assert!(concerns_any(&item("email", &["US"]), &us));
        assert!(!concerns_any(&item("email", &["KR", "DE"]), &us));
    }
}
