//! VERIS records → draft incident files.
//!
//! Reading the records and writing the draft live here; completing VERIS dates is
//! [`super::dates`], mapping its vocabulary (varieties, actions, victims) [`super::mapping`].
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

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};
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
            out.push(Draft::build(&rec, id, source_name, *place)?);
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
fn text_flow(ko: &str, en: &str) -> String {
    format!("{{ ko: {}, en: {} }}", quote(ko), quote(en))
}

struct Draft<'a> {
    rec: &'a Record,
    /// `VCDB` or `VERIS`, as the texts name the source.
    src: &'static str,
    zone: Tz,
    y: Yaml,
    assumptions: Vec<DraftAssumption>,
}

impl Draft<'_> {
    /// Records an assumption about `field` and returns the comment to put next to it.
    fn assume(&mut self, field: &str, text: impl Into<String>) -> String {
        let text = text.into();
        let note = format!("ASSUMPTION: {text}");
        self.assumptions.push(DraftAssumption {
            field: field.into(),
            assumption: text,
        });
        note
    }

    /// The whole file for one record.
    fn build(
        rec: &Record,
        id: String,
        source_name: &str,
        place: Place,
    ) -> Result<Imported, ImportError> {
        // VERIS requires timeline.incident.year; without it the notification date stands in.
        let notification = rec.notification.as_ref().and_then(complete_date);
        let (incident, from_notification) = match complete_date(&rec.incident) {
            Some(g) => (g, false),
            None => match &notification {
                Some(n) => (n.clone(), true),
                None => {
                    return Err(ImportError::Record {
                        source_name: source_name.into(),
                        place,
                        record: rec.id.clone().unwrap_or_default(),
                        message: "it has neither an incident year (timeline.incident.year) \
                                  nor a notification date"
                            .into(),
                    });
                }
            },
        };
        let res = residence(&rec.countries, rec.state.as_deref());
        let (zone, zone_basis) = guess_zone(&res);
        let mut d = Draft {
            rec,
            src: rec.source_label(),
            zone,
            y: Yaml::new(),
            assumptions: Vec::new(),
        };
        d.header(source_name, place);
        let (org_ko, org_en) = d.names(&id);
        d.identity(&id, &org_ko, &org_en, &zone_basis);
        d.organization(&org_ko, &org_en, &res);
        let notice = d.timeline(&incident, notification.as_ref(), from_notification);
        d.cause();
        d.affected(&res);
        d.actions(notice);
        d.assumption_list();
        Ok(Imported {
            file_name: format!("{id}.yaml"),
            id,
            yaml: d.y.finish(),
            assumptions: d.assumptions,
            origin: format!("{source_name}, {place}"),
        })
    }

    /// The organisation's name in Korean and English, or placeholders.
    fn names(&self, id: &str) -> (String, String) {
        let src = self.src;
        let rec_id = self.rec.id.as_deref().unwrap_or(id);
        match &self.rec.victim_name {
            Some(n) => (n.clone(), n.clone()),
            None => (
                format!("알 수 없는 조직({src} {rec_id})"),
                format!("Unknown organisation ({src} {rec_id})"),
            ),
        }
    }

    fn header(&mut self, source_name: &str, place: Place) {
        let rec = self.rec;
        let y = &mut self.y;
        y.comment(
            0,
            &format!(
                "Draft incident written by `disclose import veris` (disclose {}) \
                 from {source_name}, {place}.",
                crate::VERSION
            ),
        );
        y.comment(0, "");
        let id = rec.id.as_deref().unwrap_or("(none)");
        if rec.vcdb {
            y.comment(
                0,
                &format!("Source: VERIS Community Database (VCDB), incident {id}"),
            );
            if let Some(m) = &rec.master_id {
                y.comment(0, &format!("  master id {m}"));
            }
            if let Some(f) = &rec.vcdb_file {
                y.comment(0, &format!("  file {f}"));
            }
            let repo = rec.repo.as_deref().unwrap_or("vz-risk/VCDB");
            match &rec.commit {
                Some(c) => y.comment(0, &format!("  repository {repo}, commit {c}")),
                None => y.comment(0, &format!("  repository {repo}")),
            }
            if let Some(v) = &rec.obtained_via {
                y.comment(0, &format!("  obtained via {v}"));
            }
            if let Some(v) = &rec.schema_version {
                y.comment(0, &format!("  VERIS schema {v}"));
            }
            y.comment(
                0,
                "Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).",
            );
            y.comment(0, &format!("Attribution: \"{VCDB_ATTRIBUTION}\"."));
            y.comment(
                0,
                "This file is derived from that record and is shared under the same licence.",
            );
        } else {
            y.comment(0, &format!("Source: VERIS record {id}"));
            if let Some(v) = &rec.schema_version {
                y.comment(0, &format!("  VERIS schema {v}"));
            }
            y.comment(
                0,
                "The source's licence applies to this file: check it before sharing the file.",
            );
        }
        if !rec.references.is_empty() {
            y.comment(0, "References the source gives:");
            for r in rec.references.iter().take(5) {
                let r: String = r.chars().take(200).collect();
                y.comment(0, &format!("  {r}"));
            }
            if rec.references.len() > 5 {
                y.comment(0, &format!("  ... and {} more", rec.references.len() - 5));
            }
        }
        y.comment(0, "");
        y.comment(
            0,
            "This is a draft. Every value the source does not give was guessed: each guess is \
             marked\nASSUMPTION next to its field and listed in `draft_assumptions` at the end. \
             Confirm or\ncorrect each one and remove its entry; remove `draft: true` once the \
             facts are confirmed.",
        );
    }

    fn identity(&mut self, id: &str, org_ko: &str, org_en: &str, zone_basis: &str) {
        let src = self.src;
        let zone = self.zone.name();
        self.y.field(0, "format", INCIDENT_FORMAT, None);
        self.y.field(0, "id", id, None);
        self.y.field(0, "title", "", None);
        let ko = format!("{org_ko} 개인정보 유출 사고({src} 가져오기 초안)");
        let en = format!("{org_en} data breach (draft imported from {src})");
        self.y.field(2, "ko", &quote(&ko), None);
        self.y.field(2, "en", &quote(&en), None);
        let note = self.assume(
            "timezone",
            format!("{src} gives no time zone; {zone} is assumed from {zone_basis}."),
        );
        self.y.field(0, "timezone", zone, Some(&note));
        let note = "imported: every fact below needs confirming";
        self.y.field(0, "draft", "true", Some(note));
        self.y.blank();
    }

    /// A full-line assumption comment before the block of `field`, if control characters in
    /// the source's text for it were replaced.
    fn control_note(&mut self, field: &str) {
        let Some(&(f, n, first)) = self.rec.controls.iter().find(|(f, _, _)| *f == field) else {
            return;
        };
        let note = self.assume(
            f,
            format!(
                "The source's text for this contained {n} control character{} (the first is \
                 U+{:04X}), which an incident file may not hold; each was replaced by a space.",
                if n == 1 { "" } else { "s" },
                first as u32
            ),
        );
        self.y.comment(0, &note);
    }

    fn organization(&mut self, org_ko: &str, org_en: &str, res: &Residence) {
        let src = self.src;
        self.control_note("organization.name");
        self.y.field(0, "organization", "", None);
        self.y.field(2, "name", "", None);
        let note = match &self.rec.victim_name {
            Some(_) => self.assume(
                "organization.name.ko",
                format!(
                    "{src} gives only the victim's name as recorded (`victim_id`); it is \
                     repeated as the Korean name."
                ),
            ),
            None => self.assume(
                "organization.name",
                format!("{src} does not name the victim; a placeholder name is used."),
            ),
        };
        self.y.field(4, "ko", &quote(org_ko), Some(&note));
        self.y.field(4, "en", &quote(org_en), None);
        if !res.countries.is_empty() {
            let note = self.assume(
                "organization.established_in",
                format!(
                    "VERIS `victim.country` ({}) is taken as where the organisation is \
                     established; establishments elsewhere (e.g. in the EU) are unknown.",
                    res.countries.join(", ")
                ),
            );
            let list: Vec<String> = res.countries.iter().map(|c| quote(c)).collect();
            let list = format!("[{}]", list.join(", "));
            self.y.field(2, "established_in", &list, Some(&note));
        }
        let note = self.assume(
            "organization.privacy_officer",
            format!(
                "{src} does not name the privacy officer; the title is generic and the e-mail \
                 address is a placeholder that cannot receive mail ({PLACEHOLDER_EMAIL})."
            ),
        );
        self.y.field(2, "privacy_officer", "", Some(&note));
        let title = text_flow("개인정보 보호책임자", "Chief Privacy Officer");
        self.y.field(4, "title", &title, None);
        self.y.field(4, "email", &quote(PLACEHOLDER_EMAIL), None);
        let note = self.assume(
            "organization.contact_point",
            format!(
                "{src} does not give a contact point for affected people; the department name \
                 is generic and the e-mail address is a placeholder ({PLACEHOLDER_EMAIL})."
            ),
        );
        self.y.field(2, "contact_point", "", Some(&note));
        let department = text_flow("개인정보 유출 문의 창구", "Data breach contact point");
        self.y.field(4, "department", &department, None);
        self.y.field(4, "email", &quote(PLACEHOLDER_EMAIL), None);
        self.y.blank();
    }

    /// Writes `timeline`; returns the notification's time and what was assumed about its date,
    /// if it can be recorded as an action, or why not.
    fn timeline(
        &mut self,
        incident: &DateGuess,
        notification: Option<&DateGuess>,
        from_notification: bool,
    ) -> Result<(DateTime<FixedOffset>, String), Option<String>> {
        let (src, zone) = (self.src, self.zone);
        let (occurred, shifted) = start_of_day(incident.date, zone);
        let mut text = incident.assumption("incident", src, zone.name(), shifted);
        if from_notification {
            text = format!(
                "{src} gives no incident date; the notification date stands in for it. {text}"
            );
        }
        let occurred_note = self.assume("timeline.occurred_from", text);

        // The notification, if it can be placed on or after the incident.
        let notice = match notification {
            _ if from_notification => Err(Some(format!(
                "{src}'s notification date is used as the incident date, so it is not recorded \
                 again as an action."
            ))),
            None => Err(None),
            Some(n) if n.latest < incident.date => Err(Some(format!(
                "{src} gives a notification date ({}) before the incident date ({}); no \
                 notification is recorded. Check both dates.",
                n.given, incident.given
            ))),
            // A partial notification date whose period includes the incident: the incident's
            // start is the earliest moment consistent with both.
            Some(n) if n.date < incident.date => Ok((
                occurred,
                format!(
                    "{src} gives the notification date only as {}, which would fall before the \
                     incident; the incident's own start ({}) is used.",
                    n.given,
                    stamp(&occurred)
                ),
            )),
            Some(n) => {
                let (t, sh) = start_of_day(n.date, zone);
                Ok((t, n.assumption("notification", src, zone.name(), sh)))
            }
        };

        let (mut discovered, mut text) = self.discovery(occurred);
        if let Ok((at, _)) = &notice
            && discovered > *at
        {
            discovered = *at;
            text.push_str(
                " That would fall after the notification, so the notification time is used \
                 instead.",
            );
        }
        let discovered_note = self.assume("timeline.discovered_at", text);
        self.y.field(0, "timeline", "", None);
        self.y
            .field(2, "occurred_from", &stamp(&occurred), Some(&occurred_note));
        self.y.field(
            2,
            "discovered_at",
            &stamp(&discovered),
            Some(&discovered_note),
        );
        self.y.blank();
        notice
    }

    /// The discovery time from VERIS `timeline.discovery`, and what was assumed.
    fn discovery(&self, occurred: DateTime<FixedOffset>) -> (DateTime<FixedOffset>, String) {
        let src = self.src;
        let Some((unit, value)) = self.rec.discovery.as_ref() else {
            let text = format!("{src} gives no discovery time; the incident's start is used.");
            return (occurred, text);
        };
        let Some(dl) = delay(unit, *value) else {
            let said = match value {
                Some(v) => format!("{} {unit}", fmt_value(*v)),
                None => format!("unit `{unit}`, no number"),
            };
            let text = format!(
                "VERIS `timeline.discovery` gives no usable delay ({said}); the incident's start \
                 is used."
            );
            return (occurred, text);
        };
        let amount = match value {
            Some(v) => format!("{} {}", fmt_value(*v), unit.to_lowercase()),
            None => unit.to_lowercase(),
        };
        match after(occurred, dl, self.zone) {
            Some(t) => {
                let approx = matches!(dl, Delay::Seconds(_))
                    && matches!(unit.to_ascii_lowercase().as_str(), "months" | "years");
                let text = format!(
                    "VERIS `timeline.discovery` says the breach was discovered {amount} after the \
                     incident; that is counted from the assumed incident start{}.",
                    if approx {
                        " (fractional months as 30.44 days, years as 365.25)"
                    } else {
                        ""
                    }
                );
                (t, text)
            }
            None => {
                let text = format!(
                    "VERIS gives a discovery delay ({amount}) that cannot be added to the \
                     incident date; the incident's start is used."
                );
                (occurred, text)
            }
        }
    }

    fn cause(&mut self) {
        let (rec, src) = (self.rec, self.src);
        let cause = map_cause(&rec.actions);
        let kind_note = match &cause.from {
            Some(t) => {
                let mut s = format!("VERIS action `{t}` is read as `{}`", cause.kind);
                let others: Vec<&str> = rec
                    .actions
                    .iter()
                    .map(|(a, _)| a.as_str())
                    .filter(|a| a != t)
                    .collect();
                if !others.is_empty() {
                    s.push_str(&format!(
                        "; the record also lists {} (chosen in the order hacking, malware, \
                         social, misuse, physical, error, environmental)",
                        others.join(", ")
                    ));
                }
                s.push('.');
                s
            }
            None => format!("{src} does not say what caused the breach; `other` is used."),
        };
        let kind_note = self.assume("cause.kind", kind_note);
        let external = match &cause.from {
            Some(t) if cause.external => format!(
                "VERIS gives the action (`{t}`), not the access path; access from outside the \
                 organisation's systems is assumed."
            ),
            Some(t) => format!(
                "VERIS gives the action (`{t}`), not the access path; no access from outside \
                 the organisation's systems is assumed."
            ),
            None => "The cause is unknown; no access from outside the organisation's systems \
                     is assumed."
                .into(),
        };
        let external_note = self.assume("cause.external", external);

        let summary = rec
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let (ko, en) = if cause.from.is_none() {
            (
                "VERIS 기록에는 원인이 밝혀져 있지 않습니다.".to_string(),
                "The VERIS record does not say what caused the breach.".to_string(),
            )
        } else {
            (
                format!(
                    "VERIS 기록에 따른 원인은 {}입니다.",
                    action_list(&rec.actions, true)
                ),
                format!(
                    "According to the VERIS record, the actions were: {}.",
                    action_list(&rec.actions, false)
                ),
            )
        };
        let (ko, en, ko_note) = match summary {
            Some(s) => (
                format!("{ko} 사고 경위 요약은 영어 원문만 제공됩니다."),
                format!("{en}\n\nSummary from the source ({src}): {s}"),
                self.assume(
                    "cause.description.ko",
                    format!(
                        "{src}'s summary is in English only; the Korean text gives what VERIS \
                         records about the cause and says that the summary is in English only."
                    ),
                ),
            ),
            None => (
                format!("{ko} 기록에 사고 경위 요약이 없습니다."),
                format!("{en} The record has no summary."),
                self.assume(
                    "cause.description",
                    format!(
                        "{src} has no summary; the description gives only what VERIS records \
                         about the cause."
                    ),
                ),
            ),
        };
        self.control_note("cause.description");
        self.y.field(0, "cause", "", None);
        self.y.field(2, "kind", cause.kind, Some(&kind_note));
        let external = if cause.external { "true" } else { "false" };
        self.y.field(2, "external", external, Some(&external_note));
        self.y.field(2, "description", "", None);
        self.y.field(4, "ko", &quote(&ko), Some(&ko_note));
        self.y.field(4, "en", &quote(&en), None);
        self.y.blank();
    }

    fn affected(&mut self, res: &Residence) {
        let (rec, src) = (self.rec, self.src);
        let max_amount = rec.data.iter().filter_map(|(_, a)| *a).max();
        let (subjects, subjects_note) = match (rec.data_total, max_amount) {
            (Some(n), _) if n > WORLD_POPULATION => (
                n,
                "VERIS `data_total`, a count of records; more than there are people on Earth, \
                 kept as the source gives it"
                    .to_string(),
            ),
            (Some(n), _) => (n, "VERIS `data_total`, a count of records".to_string()),
            (None, Some(m)) if m > 0 => {
                let note = self.assume(
                    "affected.subjects",
                    format!(
                        "VERIS gives no `data_total`; the largest per-variety count ({m}) is used."
                    ),
                );
                (m, note)
            }
            (None, _) => {
                let note = self.assume(
                    "affected.subjects",
                    "VERIS gives no count of records (`data_total` unknown); 1 is assumed, the \
                     least that makes this a breach. Replace it with the real count.",
                );
                (1, note)
            }
        };
        let disclosure = rec.disclosure.as_deref().unwrap_or("Unknown");
        let security = rec.security_incident.as_deref().unwrap_or("Confirmed");
        let unconfirmed =
            !disclosure.eq_ignore_ascii_case("yes") || !security.eq_ignore_ascii_case("confirmed");
        let affected_note = unconfirmed.then(|| {
            self.assume(
                "affected",
                format!(
                    "VERIS says data disclosure `{disclosure}` (security incident `{security}`): \
                     the disclosure is not confirmed, but the draft treats the data as affected."
                ),
            )
        });
        for f in ["affected", "affected.by_jurisdiction", "affected.data"] {
            self.control_note(f);
        }
        self.y.field(0, "affected", "", affected_note.as_deref());
        self.y
            .field(2, "subjects", &subjects.to_string(), Some(&subjects_note));
        let note = "VERIS counts records, not people";
        self.y.field(2, "counted_as", "records", Some(note));

        let mut text = match &res.code {
            Some(code) => format!(
                "VERIS says where the victim organisation is, not where the affected people \
                 live; all are assumed to live in {code}."
            ),
            None => format!(
                "{src} does not give the victim's country, so no jurisdiction is listed and no \
                 law's obligations are found until one is added."
            ),
        };
        for n in &res.notes {
            text.push_str(&format!(" Note: {n}."));
        }
        let country = res
            .countries
            .first()
            .map(String::as_str)
            .unwrap_or_default();
        let others: Vec<&str> = rec
            .subject_countries
            .iter()
            .map(String::as_str)
            .filter(|c| *c != country)
            .collect();
        if !others.is_empty() {
            text.push_str(&format!(
                " The source also names {} as where data subjects live; how many live there is \
                 unknown.",
                others.join(", ")
            ));
        }
        let note = self.assume("affected.by_jurisdiction", text);
        match &res.code {
            Some(code) => {
                self.y.field(2, "by_jurisdiction", "", Some(&note));
                self.y.field(4, &quote(code), &subjects.to_string(), None);
            }
            None => self.y.field(2, "by_jurisdiction", "{}", Some(&note)),
        }

        self.y.field(2, "data", "", None);
        if rec.data.is_empty() {
            let note = self.assume(
                "affected.data[0]",
                "VERIS lists no data variety; one item of unknown type is listed because the \
                 format needs at least one.",
            );
            self.y.item(4, "category", "other", Some(&note));
            let label = text_flow(
                "유형을 알 수 없는 데이터(VERIS 기록 없음)",
                "Data of unknown type (none recorded in VERIS)",
            );
            self.y.field(6, "label", &label, None);
        }
        for (variety, amount) in &rec.data {
            let m = map_variety(variety);
            let mut note = format!("VERIS data variety `{}`", variety.trim());
            if m.category == vocab::OTHER_CATEGORY {
                note.push_str(": no matching category");
            }
            self.y.item(4, "category", m.category, Some(&note));
            self.y.field(6, "label", &text_flow(&m.ko, &m.en), None);
            if let Some(a) = amount {
                let note = match rec.data_total {
                    Some(t) if *a > t => {
                        Some("more than `data_total`: the source's figures disagree")
                    }
                    _ => None,
                };
                self.y.field(6, "records", &a.to_string(), note);
            }
        }
        let states = if rec.data_states.is_empty() {
            String::new()
        } else {
            format!(" (VERIS data state: {})", rec.data_states.join(", "))
        };
        let note = self.assume(
            "affected.encrypted",
            format!(
                "VERIS does not say whether the data was unintelligible to whoever obtained \
                 it{states}; not encrypted is assumed."
            ),
        );
        self.y.field(2, "encrypted", "false", Some(&note));
        self.y.blank();
    }

    fn actions(&mut self, notice: Result<(DateTime<FixedOffset>, String), Option<String>>) {
        let src = self.src;
        match notice {
            Ok((t, date_text)) => {
                let note = self.assume(
                    "actions[0]",
                    format!(
                        "{src} records a notification date but not who was notified or how; it \
                         is recorded as a public notice (the breach became public then). Change \
                         the kind and add the recipient if it was a notice to people or a report \
                         to a regulator. {date_text}"
                    ),
                );
                self.y.field(0, "actions", "", None);
                self.y.item(2, "kind", "public_notice", Some(&note));
                self.y.field(4, "at", &stamp(&t), None);
                let text = format!(
                    "Notification date recorded by {src} (plus.timeline.notification); \
                     recipient and channel unknown."
                );
                self.y.field(4, "note", &quote(&text), None);
            }
            Err(why) => {
                let note = match why {
                    Some(t) => self.assume("actions", t),
                    None => "the source records no notification".into(),
                };
                self.y.field(0, "actions", "[]", Some(&note));
            }
        }
        self.y.blank();
    }

    fn assumption_list(&mut self) {
        self.y.comment(
            0,
            "What this draft assumed rather than knew: confirm or correct each fact, then remove \
             its entry.",
        );
        self.y.field(0, "draft_assumptions", "", None);
        for a in &self.assumptions {
            self.y.item(2, "field", &quote(&a.field), None);
            self.y.field(4, "assumption", &quote(&a.assumption), None);
        }
    }
}

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
