//! VERIS records → draft incident files.
//!
//! Reading the records lives here, writing one record's draft file in `draft`; completing
//! VERIS dates is [`super::dates`], mapping its vocabulary (varieties, actions, victims)
//! [`super::mapping`].
//!
//! Two record shapes are read:
//!
//! - standard VERIS JSON, as the VERIS Community Database (VCDB) keeps it, one incident per
//!   `.json` file: `incident_id`, `victim.{victim_id, country, state}`,
//!   `action.{hacking, malware, social, error, misuse, physical, environmental, unknown}.variety`,
//!   `attribute.confidentiality.{data_total, data[].variety, data[].amount, data_disclosure}`,
//!   `timeline.incident.{year, month, day}`, `timeline.discovery.{unit, value}`,
//!   `plus.timeline.notification`, `plus.master_id`, `summary`, `reference`;
//! - the flattened transcription in `tests/fixtures/vcdb/` (one record per line): `source_id`,
//!   `victim_name`, `victim_country`, `victim_state`, `action_types`, `action_varieties`,
//!   `data_total`, `data_varieties[{variety, amount}]`, `incident_date{year, month, day}`,
//!   `discovery_timeline{unit, value}`, `notification_date`, `summary`, `reference_urls`,
//!   `source_repo{repo, commit, obtained_via}`.
//!
//! A `.json` source holds one record or an array of them; a `.jsonl` source one record per line
//! (blank lines skipped). Every assumption is both a YAML comment next to its field and an entry
//! of `draft_assumptions`.
//!
//! | incident field | from VERIS | assumed when VERIS is silent |
//! |---|---|---|
//! | `id` | `vcdb-` (or `veris-`) + incident id, lower case, sanitized, `-2`... if taken | |
//! | `organization.name` | victim name (also as `ko`) | `Unknown organisation (VCDB <id>)` |
//! | `organization.established_in` | victim countries | |
//! | privacy officer, contact point | | generic titles, `privacy@example.invalid` |
//! | `timezone` | | victim's U.S. state, else country ([`super::geo`]), else UTC |
//! | `timeline.occurred_from` | incident year, month, day | 1st of month, 1 January; 00:00 |
//! | `timeline.discovered_at` | incident + `timeline.discovery` delay, at most the notification | incident start |
//! | `actions[0]` | notification date, as a `public_notice` | dropped if before the incident |
//! | `cause.kind`, `external` | first of hacking, malware, social, misuse, physical, error, environmental ([`map_cause`]) | `other`, not external |
//! | `cause.description` | VERIS actions and the summary (`en`); actions and "summary in English only" (`ko`) | |
//! | `affected.subjects` | `data_total` (`counted_as: records`) | largest per-variety count, else 1 |
//! | `affected.by_jurisdiction` | all subjects under the victim's state (`US-SC`) or country | empty if unknown |
//! | `affected.data` | each variety ([`map_variety`]) with its `records` | one `other` item of unknown type |
//! | `affected.encrypted` | | `false` |

mod draft;

use std::collections::HashSet;

use chrono_tz::Tz;
use serde_json::{Map, Value};

use super::dates::*;
use super::emit::{Yaml, quote};
use super::geo;
use super::mapping::*;
use super::{ImportError, Imported, Place};
use crate::incident::validate::MAX_ID_LEN;
use crate::incident::{DraftAssumption, INCIDENT_FORMAT, vocab};

/// The attribution VCDB's licence asks for.
pub const VCDB_ATTRIBUTION: &str = "VERIS Community Database (VCDB), Verizon RISK Team, https://github.com/vz-risk/VCDB, CC BY-SA 4.0";

/// A placeholder e-mail address for contacts the source does not give. `.invalid` is reserved
/// (RFC 2606): mail to it can never be delivered.
pub const PLACEHOLDER_EMAIL: &str = "privacy@example.invalid";

/// More records than this in `data_total` is more than there are people on Earth.
const WORLD_POPULATION: u64 = 8_100_000_000;

/// Imports VERIS records, keeping incident ids unique across every source it reads.
#[derive(Debug, Default)]
pub struct VerisImporter {
    used_ids: HashSet<String>,
}

impl VerisImporter {
    /// A fresh importer.
    pub fn new() -> Self {
        VerisImporter::default()
    }

    /// Imports every record of `text` (a `.json` or `.jsonl` source called `source_name`, which
    /// errors and file headers name). Either every record is imported or none is.
    pub fn import(&mut self, text: &str, source_name: &str) -> Result<Vec<Imported>, ImportError> {
        let records = read_records(text, source_name)?;
        let mut used = self.used_ids.clone();
        let mut out = Vec::with_capacity(records.len());
        for (place, obj) in &records {
            let rec = Record::from_json(obj);
            let id = unique_id(&rec, *place, &mut used);
            out.push(draft::Draft::build(&rec, id, source_name, *place)?);
        }
        self.used_ids = used;
        Ok(out)
    }
}

/// Imports every VERIS record in `text`; see [`VerisImporter::import`].
pub fn import_veris(text: &str, source_name: &str) -> Result<Vec<Imported>, ImportError> {
    VerisImporter::new().import(text, source_name)
}

// ------------------------------------------------------------------------------------------
// Reading records

/// The records of a source, each with its place.
type Records = Vec<(Place, Map<String, Value>)>;

fn read_records(text: &str, source_name: &str) -> Result<Records, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            source_name: source_name.into(),
        });
    }
    let lower = source_name.to_ascii_lowercase();
    let lines_only = lower.ends_with(".jsonl") || lower.ends_with(".ndjson");
    if !lines_only {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => return document(v, source_name),
            Err(e) if lower.ends_with(".json") => return Err(json_error(source_name, &e, None)),
            Err(_) => {} // neither name says: try one record per line
        }
    }
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let place = Place::Line(i + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(m)) => out.push((place, m)),
            Ok(other) => {
                return Err(ImportError::NotARecord {
                    source_name: source_name.into(),
                    place,
                    found: kind_of(&other),
                });
            }
            Err(e) => return Err(json_error(source_name, &e, Some(i + 1))),
        }
    }
    if out.is_empty() {
        return Err(ImportError::Empty {
            source_name: source_name.into(),
        });
    }
    Ok(out)
}

fn document(v: Value, source_name: &str) -> Result<Records, ImportError> {
    match v {
        Value::Object(m) => Ok(vec![(Place::Document, m)]),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let place = Place::Element(i + 1);
                match item {
                    Value::Object(m) => out.push((place, m)),
                    other => {
                        return Err(ImportError::NotARecord {
                            source_name: source_name.into(),
                            place,
                            found: kind_of(&other),
                        });
                    }
                }
            }
            if out.is_empty() {
                return Err(ImportError::Empty {
                    source_name: source_name.into(),
                });
            }
            Ok(out)
        }
        other => Err(ImportError::NotARecord {
            source_name: source_name.into(),
            place: Place::Document,
            found: kind_of(&other),
        }),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON error, placed on `line` of a JSON Lines file or where serde_json found it.
fn json_error(source_name: &str, e: &serde_json::Error, line: Option<usize>) -> ImportError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    ImportError::Json {
        source_name: source_name.into(),
        line: line.unwrap_or(e.line()),
        column: e.column(),
        message,
    }
}

// ------------------------------------------------------------------------------------------
// One record, from either shape

#[derive(Debug, Default)]
struct Record {
    id: Option<String>,
    master_id: Option<String>,
    vcdb_file: Option<String>,
    repo: Option<String>,
    commit: Option<String>,
    obtained_via: Option<String>,
    schema_version: Option<String>,
    vcdb: bool,
    victim_name: Option<String>,
    countries: Vec<String>,
    state: Option<String>,
    summary: Option<String>,
    actions: Vec<(String, Vec<String>)>,
    disclosure: Option<String>,
    security_incident: Option<String>,
    data_total: Option<u64>,
    data: Vec<(String, Option<u64>)>,
    data_states: Vec<String>,
    /// Control characters replaced by spaces, per incident field they reach.
    controls: Vec<(&'static str, usize, char)>,
    subject_countries: Vec<String>,
    incident: PartialDate,
    discovery: Option<(String, Option<f64>)>,
    notification: Option<PartialDate>,
    references: Vec<String>,
}

fn at<'a>(v: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut cur = v.get(*first)?;
    for k in rest {
        cur = cur.get(k)?;
    }
    (!cur.is_null()).then_some(cur)
}

fn first<'a>(v: &'a Map<String, Value>, paths: &[&[&str]]) -> Option<&'a Value> {
    paths.iter().find_map(|p| at(v, p))
}

fn string(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| string(Some(x))).collect(),
        Some(x) => string(Some(x)).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A non-negative whole count: integers, whole floats, or digits in a string.
fn count(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0 && *f < 1.8e19)
                .map(|f| f.round() as u64)
        }),
        Value::String(s) => s.trim().replace(',', "").parse().ok(),
        _ => None,
    }
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 1e9)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite())
}

fn partial_date(v: Option<&Value>) -> Option<PartialDate> {
    let v = v?.as_object()?;
    let d = PartialDate {
        year: int(v.get("year")),
        month: int(v.get("month")),
        day: int(v.get("day")),
    };
    (d != PartialDate::default()).then_some(d)
}

impl Record {
    fn from_json(r: &Map<String, Value>) -> Record {
        // The flattened transcription keeps the incident id in `source_id`; in standard VERIS
        // `source_id` names the source (`vcdb`) and the id is `incident_id`.
        let flat = [
            "victim_name",
            "victim_country",
            "action_types",
            "incident_date",
        ]
        .iter()
        .any(|k| r.contains_key(*k));
        let id_path: &[&str] = if flat {
            &["source_id"]
        } else {
            &["incident_id"]
        };
        let master = first(r, &[&["vcdb_master_id"], &["plus", "master_id"]]);
        let repo = string(at(r, &["source_repo", "repo"]));
        let vcdb_file = string(at(r, &["vcdb_file"]));
        let vcdb = repo.as_deref().is_some_and(|s| s.contains("VCDB"))
            || vcdb_file.is_some()
            || (!flat
                && string(at(r, &["source_id"])).is_some_and(|s| s.eq_ignore_ascii_case("vcdb")));

        let mut actions: Vec<(String, Vec<String>)> = Vec::new();
        if let Some(types) = at(r, &["action_types"]) {
            for t in strings(Some(types)) {
                let varieties = strings(at(r, &["action_varieties", &t]));
                actions.push((t, varieties));
            }
        } else if let Some(Value::Object(a)) = at(r, &["action"]) {
            for (t, body) in a {
                let varieties = strings(body.get("variety"));
                actions.push((t.clone(), varieties));
            }
        }

        let mut data: Vec<(String, Option<u64>)> = Vec::new();
        let items = first(
            r,
            &[
                &["data_varieties"],
                &["attribute", "confidentiality", "data"],
            ],
        );
        if let Some(Value::Array(items)) = items {
            for item in items {
                let Some(variety) = string(item.get("variety")) else {
                    continue;
                };
                let amount = count(item.get("amount"));
                match data.iter_mut().find(|(v, _)| *v == variety) {
                    Some((_, a)) => *a = (*a).max(amount),
                    None => data.push((variety, amount)),
                }
            }
        }

        let discovery = first(r, &[&["discovery_timeline"], &["timeline", "discovery"]])
            .and_then(Value::as_object)
            .and_then(|d| {
                let unit = string(d.get("unit"))?;
                Some((unit, number(d.get("value"))))
            });

        let references = match first(r, &[&["reference_urls"], &["reference"]]) {
            Some(Value::Array(a)) => a.iter().filter_map(|x| string(Some(x))).collect(),
            Some(Value::String(s)) => s
                .split([';', ' ', '\n'])
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect(),
            _ => Vec::new(),
        };

        let mut rec = Record {
            id: string(at(r, id_path)).or_else(|| string(master)),
            master_id: string(master),
            vcdb_file,
            repo,
            commit: string(at(r, &["source_repo", "commit"])),
            obtained_via: string(at(r, &["source_repo", "obtained_via"])),
            schema_version: string(at(r, &["schema_version"])),
            vcdb,
            victim_name: string(first(r, &[&["victim_name"], &["victim", "victim_id"]]))
                .filter(|n| !n.eq_ignore_ascii_case("unknown")),
            countries: strings(first(r, &[&["victim_country"], &["victim", "country"]])),
            state: string(first(r, &[&["victim_state"], &["victim", "state"]])),
            summary: string(at(r, &["summary"])),
            actions,
            disclosure: string(first(
                r,
                &[
                    &["data_disclosure"],
                    &["attribute", "confidentiality", "data_disclosure"],
                ],
            )),
            security_incident: string(at(r, &["security_incident"])),
            data_total: count(first(
                r,
                &[
                    &["data_total"],
                    &["attribute", "confidentiality", "data_total"],
                ],
            )),
            data,
            data_states: strings(at(r, &["attribute", "confidentiality", "state"])),
            subject_countries: strings(at(r, &["data_subject_countries"])),
            incident: partial_date(first(r, &[&["incident_date"], &["timeline", "incident"]]))
                .unwrap_or_default(),
            discovery,
            notification: partial_date(first(
                r,
                &[
                    &["notification_date"],
                    &["plus", "timeline", "notification"],
                ],
            )),
            references,
            ..Record::default()
        };
        rec.controls = rec.replace_controls();
        rec
    }

    /// Replaces control characters (other than tab, line feed and carriage return), which an
    /// incident file may not hold, by spaces in every text that reaches the file; returns how
    /// many were replaced, and the first, per incident field.
    fn replace_controls(&mut self) -> Vec<(&'static str, usize, char)> {
        fn is_control(c: char) -> bool {
            c.is_control() && !matches!(c, '\t' | '\n' | '\r')
        }
        let mut found: Vec<(&'static str, usize, char)> = Vec::new();
        let mut fix = |field: &'static str, s: &mut String| {
            let Some(first) = s.chars().find(|c| is_control(*c)) else {
                return;
            };
            let n = s.chars().filter(|c| is_control(*c)).count();
            *s = s
                .chars()
                .map(|c| if is_control(c) { ' ' } else { c })
                .collect();
            match found.iter_mut().find(|(f, _, _)| *f == field) {
                Some((_, count, _)) => *count += n,
                None => found.push((field, n, first)),
            }
        };
        for s in [&mut self.id, &mut self.victim_name].into_iter().flatten() {
            fix("organization.name", s);
        }
        if let Some(s) = &mut self.summary {
            fix("cause.description", s);
        }
        for (t, vs) in &mut self.actions {
            fix("cause.description", t);
            vs.iter_mut().for_each(|v| fix("cause.description", v));
        }
        for (v, _) in &mut self.data {
            fix("affected.data", v);
        }
        for s in self
            .countries
            .iter_mut()
            .chain(&mut self.state)
            .chain(&mut self.subject_countries)
        {
            fix("affected.by_jurisdiction", s);
        }
        for s in self
            .data_states
            .iter_mut()
            .chain(&mut self.disclosure)
            .chain(&mut self.security_incident)
        {
            fix("affected", s);
        }
        found
    }

    fn source_label(&self) -> &'static str {
        if self.vcdb { "VCDB" } else { "VERIS" }
    }
}

// ------------------------------------------------------------------------------------------
// Ids

/// `vcdb-<incident id>` (or `veris-...`), lower-cased, with characters the id rules refuse
/// replaced by `-`, and made unique in `used` with a `-2`, `-3`, ... suffix.
fn unique_id(rec: &Record, place: Place, used: &mut HashSet<String>) -> String {
    let prefix = if rec.vcdb { "vcdb" } else { "veris" };
    let base = sanitize_id(prefix, rec.id.as_deref(), place);
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        let suffix = format!("-{n}");
        let keep = MAX_ID_LEN - suffix.len();
        id = format!("{}{suffix}", trim_id(&base[..base.len().min(keep)]));
        n += 1;
    }
    used.insert(id.clone());
    id
}

fn sanitize_id(prefix: &str, raw: Option<&str>, place: Place) -> String {
    let mut s = String::new();
    for c in raw.unwrap_or("").to_lowercase().chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            c
        } else {
            '-'
        };
        if (c == '.' && s.ends_with('.')) || (c == '-' && s.ends_with('-')) {
            continue;
        }
        s.push(c);
    }
    let s = trim_id(&s);
    let body = if s.is_empty() {
        match place {
            Place::Line(n) => format!("line-{n}"),
            Place::Element(n) => format!("record-{n}"),
            Place::Document => "record".into(),
        }
    } else {
        s.to_string()
    };
    let id = format!("{prefix}-{body}");
    trim_id(&id[..id.len().min(MAX_ID_LEN)]).to_string()
}

fn trim_id(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_ascii_alphanumeric())
}

// ------------------------------------------------------------------------------------------
// The draft

/// The guessed zone and what the guess rests on.
fn guess_zone(res: &Residence) -> (Tz, String) {
    let country = res.countries.first().map(String::as_str);
    let subdivision = res.code.as_deref().filter(|c| c.contains('-'));
    match (geo::zone_for(country, subdivision), subdivision) {
        (Some(z), Some(sub)) if sub.starts_with("US-") => (
            z,
            format!("the zone of most people in the victim's state ({sub})"),
        ),
        (Some(z), _) => (
            z,
            format!("the victim's country ({})", country.unwrap_or_default()),
        ),
        (None, _) => (
            Tz::UTC,
            match country {
                Some(c) => format!("no zone is known for the victim's country ({c}), so UTC"),
                None => "the victim's country is unknown, so UTC".into(),
            },
        ),
    }
}

/// A flow mapping `{ ko: "...", en: "..." }`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sanitized_and_unique() {
        let mut used = HashSet::new();
        let rec = Record {
            id: Some("0B5219B9-0B6D-41E7-8ECE-2886F9D4941D".into()),
            vcdb: true,
            ..Record::default()
        };
        let a = unique_id(&rec, Place::Line(1), &mut used);
        assert_eq!(a, "vcdb-0b5219b9-0b6d-41e7-8ece-2886f9d4941d");
        let b = unique_id(&rec, Place::Line(2), &mut used);
        assert_eq!(b, "vcdb-0b5219b9-0b6d-41e7-8ece-2886f9d4941d-2");
        assert_eq!(
            sanitize_id("veris", Some("a b/../c"), Place::Document),
            "veris-a-b-.-c"
        );
        assert_eq!(sanitize_id("veris", None, Place::Line(7)), "veris-line-7");
        assert_eq!(
            sanitize_id("veris", Some("!!"), Place::Element(3)),
            "veris-record-3"
        );
        let long = "x".repeat(200);
        let id = sanitize_id("vcdb", Some(&long), Place::Document);
        assert_eq!(id.len(), MAX_ID_LEN);
        let mut used: HashSet<String> = [id.clone()].into();
        let rec = Record {
            id: Some(long),
            vcdb: true,
            ..Record::default()
        };
        let next = unique_id(&rec, Place::Document, &mut used);
        assert!(next.len() <= MAX_ID_LEN && next.ends_with("-2"), "{next}");
    }
}
