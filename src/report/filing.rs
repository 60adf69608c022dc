//! What the English filings need beyond the shared context: the Form 8-K's registrant, cover
//! page and Item, and the GDPR notification's addressee, EU counts and special categories, each
//! formatted in its reader's convention (U.S. dates and ET for the SEC; the authority's zone
//! with UTC for an EU supervisory authority).
//!
//! Kept apart from [`super::context`] because these facts concern one filing each, and the
//! rules that shape them (Form 8-K's cover page, Item 1.05 and its Instruction 2; GDPR
//! Arts. 4(16), 9, 10, 33 and 56) are theirs alone.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::Serialize;

use crate::incident::{Incident, vocab};
use crate::policy::eval::{Evaluation, Status};

use super::format;
use super::{Lang, Terms};

/// The Form 8-K registrant's cover-page facts.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Registrant {
    /// Exact name as in its charter.
    pub name: String,
    /// State or other jurisdiction of incorporation.
    pub state: String,
    /// Central Index Key, ten digits.
    pub cik: String,
    /// Commission File Number.
    pub file_number: String,
    /// IRS Employer Identification No., or empty.
    pub irs_number: String,
    /// Address of principal executive offices, or empty.
    pub address: String,
    /// Telephone number, or empty.
    pub phone: String,
}

/// The Form 8-K as the SEC reads it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SecFiling {
    /// `1.05` once the incident is determined material; `8.01` before (SEC staff guidance of
    /// May 2024: an incident not determined material is disclosed, if at all, under Item 8.01).
    pub item: String,
    /// The registrant, when the incident gives it.
    pub registrant: Option<Registrant>,
    /// The company as the filing names it: the registrant, or the organisation.
    pub company: String,
    /// The organisation (controller) where it is not the registrant, or empty.
    pub controller: String,
    /// `.` to end a sentence after `controller`, or empty where its name ends with one
    /// (`Coupang Corp.`).
    pub controller_stop: String,
    /// How the controller relates to the registrant (`Korean subsidiary`), or empty.
    pub relationship: String,
    /// The securities exchanges the registrant is listed on, by name.
    pub exchanges: Vec<String>,
    /// Date of Report: the date of the earliest event reported (the materiality determination,
    /// or awareness before one), as a New York date.
    pub date_of_report: String,
    /// Dates of the incident in the incident's zone, U.S. style: occurred_from, occurred_until,
    /// discovered_at, contained_at.
    pub dates: std::collections::BTreeMap<String, String>,
    /// The zone of those dates in words, e.g. `Korea Standard Time`.
    pub zone: String,
    /// The places whose residents are affected, in words.
    pub places: Vec<String>,
    /// The material impact as counsel worded it, or empty while not determined.
    pub material_impact: String,
    /// When the Form 8-K/A is due (Instruction 2), U.S. style in ET, or empty.
    pub amendment_due: String,
}

/// A count of EU/EEA residents in one state.
#[derive(Clone, Debug, Serialize)]
pub struct EuState {
    /// ISO code.
    pub code: String,
    /// The state's name.
    pub name: String,
    /// Residents affected, formatted.
    pub count: String,
    /// Whether the incident records a notification to this state's authority.
    pub notified: bool,
    /// When, in the reader's convention, or empty.
    pub notified_at: String,
}

/// The GDPR notification as a supervisory authority reads it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GdprFiling {
    /// The authority addressed: the incident's `gdpr.authority`, or the authority of the state
    /// notified, or of the establishment.
    pub authority: String,
    /// Its state's ISO code.
    pub authority_country: String,
    /// The controller's postal address, or empty.
    pub controller_address: String,
    /// The EU/EEA establishment: name, address, country name (empty strings when absent).
    pub establishment: std::collections::BTreeMap<String, String>,
    /// `true`, `false` or `` (not recorded): whether the main establishment is in the EU.
    pub main_establishment_in_eu: String,
    /// EU/EEA residents affected, by state.
    pub eu_states: Vec<EuState>,
    /// Their total, formatted.
    pub eu_total: String,
    /// Children among all affected, formatted, or empty.
    pub children: String,
    /// The type of breach (confidentiality, availability), from the cause, or empty.
    pub breach_type: String,
    /// The category of data subjects, from what the count counts: `account holders`.
    pub categories: String,
    /// Countermeasures with their times in the authority's zone: (text, when).
    pub remediation: Vec<(String, String)>,
    /// Items that are special categories (Art. 9).
    pub special: Vec<String>,
    /// Items relating to criminal convictions and offences (Art. 10).
    pub criminal: Vec<String>,
    /// Items with their record counts where given: (name, records).
    pub records: Vec<(String, String)>,
    /// Times in the authority's zone with UTC: aware, began, ended, contained, first signal.
    pub times: std::collections::BTreeMap<String, String>,
    /// The first notification to an EU/EEA authority: when, and its phase.
    pub notified_at: String,
    /// `initial`, `supplementary`, `final` or empty.
    pub phase: String,
    /// How long after awareness it was made, in words, or empty.
    pub after_awareness: String,
    /// Whether the notification is (or, if none is recorded, will be) after 72 hours.
    pub late: bool,
    /// The reasons for the delay, or empty.
    pub reasons_for_delay: String,
    /// The communication to data subjects (Art. 34): when and by which channels, or empty.
    pub communicated: String,
    /// The timeline's dates (no time) in the authority's zone, keyed like `times`.
    pub dates: std::collections::BTreeMap<String, String>,
    /// The date of the communication to data subjects: the first recorded one, or the
    /// evaluation date, in the authority's zone.
    pub letter_date: String,
    /// Whether the communication is a public one (Art. 34(3)(c)).
    pub public: bool,
}

/// The zone in words for an English reader.
fn zone_words(zone: Tz) -> String {
    match zone {
        chrono_tz::Asia::Seoul => "Korea Standard Time (KST)".into(),
        chrono_tz::America::New_York => "Eastern Time (ET)".into(),
        chrono_tz::Asia::Tokyo => "Japan Standard Time (JST)".into(),
        chrono_tz::Asia::Singapore => "Singapore Time (SGT)".into(),
        chrono_tz::UTC => "Coordinated Universal Time (UTC)".into(),
        z => format!("{} time", z.name()),
    }
}

/// An exchange code in words.
fn exchange_name(code: &str) -> String {
    match code {
        "NYSE" => "New York Stock Exchange".into(),
        "NASDAQ" => "The Nasdaq Stock Market LLC".into(),
        "NYSE American" => "NYSE American LLC".into(),
        "NYSE Arca" => "NYSE Arca, Inc.".into(),
        "Cboe BZX" => "Cboe BZX Exchange, Inc.".into(),
        other => other.to_string(),
    }
}

/// Builds the Form 8-K facts.
pub fn sec(inc: &Incident, ev: &Evaluation) -> SecFiling {
    let zone = inc.timezone.0;
    let ny = chrono_tz::America::New_York;
    let t = &inc.timeline;
    let date_in = |ts: &crate::incident::time::Timestamp| {
        format::date_us(ts.instant().with_timezone(&zone).date_naive())
    };
    let org = inc
        .organization
        .name
        .get("en")
        .unwrap_or_default()
        .to_string();
    let reg = inc.organization.registrant.as_ref();
    let mut dates = std::collections::BTreeMap::new();
    for (name, ts) in t.fields() {
        if let Some(ts) = ts {
            dates.insert(name.to_string(), date_in(ts));
        }
    }
    let report_event = t
        .materiality_determined_at
        .as_ref()
        .unwrap_or(&t.discovered_at);
    let amendment_due = ev
        .obligations
        .iter()
        .find(|o| o.policy == "us-sec-8k" && o.id == "item-1-05-update")
        .and_then(|o| o.due.as_ref())
        .map(|d| format::datetime_us(d.utc.fixed_offset(), ny))
        .unwrap_or_default();
    SecFiling {
        item: if t.materiality_determined_at.is_some() {
            "1.05"
        } else {
            "8.01"
        }
        .into(),
        registrant: reg.map(|r| Registrant {
            name: r.name.clone(),
            state: r.state_of_incorporation.clone(),
            cik: format!("{:0>10}", r.cik.trim()),
            file_number: r.commission_file_number.clone(),
            irs_number: r.irs_employer_id.clone().unwrap_or_default(),
            address: r.address.clone().unwrap_or_default(),
            phone: r.phone.clone().unwrap_or_default(),
        }),
        company: reg.map_or(org.clone(), |r| r.name.clone()),
        controller_stop: if org.ends_with('.') { "" } else { "." }.into(),
        controller: match reg {
            Some(r) if r.name != org => org,
            _ => String::new(),
        },
        relationship: reg.and_then(|r| r.relationship.clone()).unwrap_or_default(),
        exchanges: inc
            .organization
            .securities
            .iter()
            .filter(|l| l.filer == crate::incident::model::FilerStatus::Domestic)
            .map(|l| exchange_name(&l.exchange))
            .collect(),
        date_of_report: format::date_us(report_event.instant().with_timezone(&ny).date_naive()),
        dates,
        zone: zone_words(zone),
        places: places(inc),
        material_impact: reg
            .and_then(|r| r.material_impact.clone())
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_default(),
        amendment_due,
    }
}

/// The places whose residents are affected, countries first, U.S. states by name.
fn places(inc: &Incident) -> Vec<String> {
    inc.affected
        .by_jurisdiction
        .keys()
        .map(|k| format::place(k))
        .collect()
}

/// Builds the GDPR facts.
pub fn gdpr(inc: &Incident, ev: &Evaluation, terms: &Terms) -> GdprFiling {
    let g = inc.gdpr.clone().unwrap_or_default();
    let counted = inc.affected.counted_as;
    let sa_actions: Vec<(&str, DateTime<FixedOffset>, String)> = inc
        .actions
        .iter()
        .filter(|a| a.kind == "regulator_report")
        .filter_map(|a| {
            let c = a.to.as_deref()?.strip_prefix("SA:")?;
            Some((
                c,
                a.at.instant(),
                a.phase
                    .map(|p| format!("{p:?}").to_lowercase())
                    .unwrap_or_default(),
            ))
        })
        .collect();
    let first = sa_actions.iter().min_by_key(|(_, at, _)| *at);
    let country = first
        .map(|(c, _, _)| c.to_string())
        .or_else(|| g.establishment.as_ref().map(|e| e.country.clone()))
        .or_else(|| {
            inc.affected
                .by_jurisdiction
                .iter()
                .filter(|(k, _)| vocab::EU_EEA.contains(&k.as_str()))
                .max_by_key(|(_, v)| **v)
                .map(|(k, _)| k.clone())
        })
        .unwrap_or_default();
    let zone = format::eu_zone(&country);
    let when = |t: DateTime<FixedOffset>| format::eu_datetime(t, zone);
    let mut times = std::collections::BTreeMap::new();
    for (name, ts) in inc.timeline.fields() {
        if let Some(ts) = ts {
            times.insert(name.to_string(), when(ts.instant()));
        }
    }
    let day =
        |t: DateTime<FixedOffset>| format::date(t.with_timezone(&zone).date_naive(), Lang::En);
    let mut dates = std::collections::BTreeMap::new();
    for (name, ts) in inc.timeline.fields() {
        if let Some(ts) = ts {
            dates.insert(name.to_string(), day(ts.instant()));
        }
    }
    let public = g.public_communication;
    let first_notice = inc
        .actions
        .iter()
        .filter(|a| {
            a.kind
                == if public {
                    "public_notice"
                } else {
                    "subject_notice"
                }
        })
        .filter(|a| {
            a.jurisdictions.is_empty()
                || a.jurisdictions
                    .iter()
                    .any(|j| vocab::EU_EEA.contains(&j.as_str()))
        })
        .map(|a| a.at.instant())
        .min();
    let letter_date = day(first_notice.unwrap_or(ev.as_of));
    let eu_states: Vec<EuState> = inc
        .affected
        .by_jurisdiction
        .iter()
        .filter(|(k, _)| vocab::EU_EEA.contains(&k.as_str()))
        .map(|(k, v)| {
            let n = sa_actions
                .iter()
                .filter(|(c, _, _)| c == k)
                .map(|(_, t, _)| *t)
                .min();
            EuState {
                code: k.clone(),
                name: format::place(k),
                count: format::people(*v, counted, Lang::En),
                notified: n.is_some(),
                notified_at: n.map(when).unwrap_or_default(),
            }
        })
        .collect();
    let eu_total: u64 = inc
        .affected
        .by_jurisdiction
        .iter()
        .filter(|(k, _)| vocab::EU_EEA.contains(&k.as_str()))
        .map(|(_, v)| v)
        .sum();
    let item_name = |d: &crate::incident::model::DataItem| {
        d.label
            .as_ref()
            .and_then(|l| l.get("en"))
            .map(str::to_string)
            .or_else(|| vocab::category(&d.category).map(|c| c.en.to_string()))
            .unwrap_or_else(|| d.category.clone())
    };
    const ART9: &[&str] = &[
        "health",
        "biometric",
        "genetic",
        "political_opinion",
        "belief",
        "union_membership",
        "sex_life",
        "racial_ethnic_origin",
    ];
    let sa = ev
        .obligations
        .iter()
        .find(|o| o.policy == "eu-gdpr" && o.id == "notify-sa");
    let discovered = inc.timeline.discovered_at.instant();
    let communicated = inc
        .actions
        .iter()
        .filter(|a| a.kind == "subject_notice")
        .filter(|a| {
            a.jurisdictions.is_empty()
                || a.jurisdictions
                    .iter()
                    .any(|j| vocab::EU_EEA.contains(&j.as_str()))
        })
        .min_by_key(|a| a.at.instant())
        .map(|a| {
            let ch: Vec<String> = a.channels.iter().map(|c| format::channel(*c)).collect();
            format!(
                "{}{}",
                when(a.at.instant()),
                if ch.is_empty() {
                    String::new()
                } else {
                    format!(", by {}", ch.join(" and "))
                }
            )
        })
        .unwrap_or_default();
    GdprFiling {
        authority: match (&g.authority, country.is_empty()) {
            (Some(a), _) => a.clone(),
            (None, true) => String::new(),
            (None, false) => terms.recipient(&format!("SA:{country}"), Lang::En),
        },
        authority_country: country.clone(),
        controller_address: inc
            .organization
            .address
            .as_ref()
            .and_then(|a| a.get("en"))
            .unwrap_or_default()
            .to_string(),
        establishment: g
            .establishment
            .as_ref()
            .map(|e| {
                [
                    ("name".to_string(), e.name.clone()),
                    ("address".to_string(), e.address.clone().unwrap_or_default()),
                    ("country".to_string(), format::place(&e.country)),
                ]
                .into_iter()
                .collect()
            })
            .unwrap_or_default(),
        main_establishment_in_eu: g
            .main_establishment_in_eu
            .map(|b| b.to_string())
            .unwrap_or_default(),
        eu_states,
        eu_total: format::people(eu_total, counted, Lang::En),
        breach_type: {
            use crate::incident::model::CauseKind::*;
            match inc.cause.kind {
                LostOrStolen => "Confidentiality and availability: loss or theft of personal data",
                Other => "",
                _ => "Confidentiality: unauthorised disclosure of, or access to, personal data",
            }
            .into()
        },
        categories: match counted {
            crate::incident::CountedAs::Accounts => "account holders",
            crate::incident::CountedAs::Persons => "individuals",
            crate::incident::CountedAs::Records => "individuals whose records were affected",
        }
        .into(),
        remediation: inc
            .remediation
            .iter()
            .map(|r| {
                (
                    r.text
                        .get("en")
                        .map(|s| crate::yaml::visible(&super::one_line(s)).into_owned())
                        .unwrap_or_default(),
                    when(r.at.instant()),
                )
            })
            .collect(),
        children: inc
            .affected
            .children
            .map(|c| format::people(c, counted, Lang::En))
            .unwrap_or_default(),
        special: inc
            .affected
            .data
            .iter()
            .filter(|d| ART9.contains(&d.category.as_str()))
            .map(item_name)
            .collect(),
        criminal: inc
            .affected
            .data
            .iter()
            .filter(|d| d.category == "criminal_record")
            .map(item_name)
            .collect(),
        records: inc
            .affected
            .data
            .iter()
            .filter_map(|d| {
                Some((
                    item_name(d),
                    format::people(d.records?, crate::incident::CountedAs::Records, Lang::En),
                ))
            })
            .collect(),
        times,
        notified_at: first.map(|(_, t, _)| when(*t)).unwrap_or_default(),
        phase: first.map(|(_, _, p)| p.clone()).unwrap_or_default(),
        after_awareness: first
            .map(|(_, t, _)| {
                let m = (*t - discovered).num_minutes().max(0);
                match m % 60 {
                    0 => format!("{} hours", m / 60),
                    r => format!("{} hours {r} minutes", m / 60),
                }
            })
            .unwrap_or_default(),
        late: sa.is_some_and(|o| matches!(o.status, Status::Missed { .. })),
        reasons_for_delay: g
            .reasons_for_delay
            .as_ref()
            .and_then(|r| r.get("en"))
            .map(|s| crate::yaml::visible(&super::one_line(s)).into_owned())
            .unwrap_or_default(),
        communicated,
        dates,
        letter_date,
        public,
    }
}
