//! The incident file's structural check: what the incident format adds to the generic check of
//! [`crate::yaml::structure`].
//!
//! The shape comes from the JSON Schema that schemars derives from [`super::Incident`] (the
//! one `disclose schema incident` prints). This module says what the schema cannot: which
//! definitions the model reads with its own code (times and zones, read here by the same
//! functions deserialization uses, so that a bad time is one error among the others and comes
//! with the corrected spelling), which vocabularies validation names in its own words (data
//! categories, action kinds, recipients), and which required fields the model fills in later
//! (the Korean half of a text). A test keeps these lists equal to what serde does with the model.
//! It also decides which semantic problems of a file read past its unknown keys are left out as
//! possible consequences of a misspelt key ([`follows_from`]).

use std::sync::OnceLock;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde_json::Value;

use super::time::{Date, Timestamp, Zone};
use crate::diag::Diagnostic;
use crate::yaml::structure::{self, Found, Leaf, Rules, UnknownKey};
use crate::yaml::{self, Limits, SourceMap, YamlError};

/// Definitions whose values validation checks against the vocabulary, with messages of its own
/// (`unknown data category`, `unknown recipient`): the model holds them as text.
pub const CHECKED_BY_VALIDATION: &[&str] = &["Category", "ActionKind", "Recipient"];

/// Fields the schema requires but the model does not: validation names their absence
/// (`` `title` has no Korean text (`ko`) ``).
pub const REQUIRED_LATER: &[(&str, &str)] = &[("Text", "ko"), ("Guidance", "ko")];

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(super::Incident).to_value())
}

/// Every structural problem of the incident document `src` (whose source map is `map`), in
/// source order, with the document as read; times without an offset are read in `zone`. An
/// error reading the document at all (which [`yaml::source_map`] did not already refuse) is
/// returned as `Err`.
pub fn check(
    src: &str,
    map: &SourceMap,
    limits: &Limits,
    zone: Tz,
) -> Result<(Value, Found), YamlError> {
    let doc: Value = yaml::from_str(src, limits)?;
    let found = check_value(&doc, map, "", zone);
    Ok((doc, found))
}

/// [`check`] for a document already read, at `prefix` in `map` (an incident inside a policy's
/// tests).
pub fn check_value(doc: &Value, map: &SourceMap, prefix: &str, zone: Tz) -> Found {
    let leaf = |def: &str, v: &Value| leaf(def, v, zone);
    let rules = Rules {
        schema: schema(),
        leaf: &leaf,
        required_later: REQUIRED_LATER,
    };
    structure::check(doc, map, prefix, &rules)
}

/// Whether the semantic problem `d` may be caused by one of the `unknown` keys dropped before
/// validation: one that is the misspelling of a field the mapping lacks (`meant`) leaves that
/// field out, so a problem at that field, at the mapping as a whole (`this action does not say
/// who received it`), naming the field in its message, or giving it as the fix in its help
/// (`approximate: true`) may vanish once the key is corrected,
/// and is not shown beside the unknown key. A key that resembles no absent field was not meant
/// as one, and dropping it changes nothing. A test removes each optional field of the bundled
/// examples in turn and checks that every problem this adds is one this function names.
pub fn follows_from(d: &Diagnostic, unknown: &[UnknownKey]) -> bool {
    let path = d.path.as_deref().unwrap_or_default();
    unknown.iter().any(|u| {
        let Some(meant) = &u.meant else { return false };
        let field = if u.parent.is_empty() {
            meant.clone()
        } else {
            format!("{}.{meant}", u.parent)
        };
        path == u.parent
            || path == field
            || path.starts_with(&format!("{field}."))
            || path.starts_with(&format!("{field}["))
            || d.message.contains(&format!("`{meant}`"))
            || d.message.contains(&format!("`{field}`"))
            // The help names the field as the fix (`approximate: true`): its presence would
            // have settled the problem.
            || d.hint.as_deref().is_some_and(|h| h.contains(&format!("`{meant}:")))
    })
}

fn leaf(def: &str, v: &Value, zone: Tz) -> Leaf {
    if CHECKED_BY_VALIDATION.contains(&def) {
        return Leaf::Later;
    }
    let Some(text) = v.as_str() else {
        return Leaf::Schema;
    };
    let refused = match def {
        "Timestamp" => Timestamp::parse(text, Some(zone)).err(),
        "DateOrTimestamp" => Timestamp::parse_date_or_time(text, Some(zone)).err(),
        "Date" => serde_json::from_value::<Date>(v.clone())
            .err()
            .map(|e| e.to_string()),
        "Zone" => serde_json::from_value::<Zone>(v.clone())
            .err()
            .map(|e| e.to_string()),
        _ => return Leaf::Schema,
    };
    match refused {
        None => Leaf::Later,
        Some(message) => {
            let hint = match def {
                "Zone" => zone_hint(text),
                _ => time_hint(text, zone),
            };
            Leaf::Refuse(message, hint)
        }
    }
}

/// Zone abbreviations people write for a zone, and the IANA name meant (only those that name
/// one zone; `CST` and `IST` name several and get no guess).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("KST", "Asia/Seoul"),
    ("JST", "Asia/Tokyo"),
    ("HKT", "Asia/Hong_Kong"),
    ("SGT", "Asia/Singapore"),
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("EDT", "America/New_York"),
    ("BST", "Europe/London"),
    ("CEST", "Europe/Berlin"),
    ("AEST", "Australia/Sydney"),
];

/// How to write a zone that is not an IANA name: the zone an abbreviation stands for, the
/// closest IANA name for a typo, or where the names are listed.
fn zone_hint(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some((_, name)) = ABBREVIATIONS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(t))
    {
        return Some(format!(
            "write the zone's IANA name, `{name}`: an abbreviation such as `{t}` does not say when daylight saving time applies"
        ));
    }
    let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
    Some(yaml::did_you_mean(t, names).unwrap_or_else(|| {
        "write the IANA name of the organisation's zone, `Region/City`, e.g. `Asia/Seoul`".into()
    }))
}

/// The RFC 3339 spelling of a time written another common way (`2026/11/25 16:00`,
/// `2026.11.25 16:00`, `2026-11-25 16:00 +0900`), read in `zone`.
fn time_hint(text: &str, zone: Tz) -> Option<String> {
    const FORMS: &[&str] = &[
        "%Y/%m/%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y.%m.%d %H:%M",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M %z",
    ];
    let t = text.trim();
    let instant = FORMS.iter().find_map(|f| {
        if f.ends_with("%z") {
            chrono::DateTime::parse_from_str(t, f).ok()
        } else {
            NaiveDateTime::parse_from_str(t, f)
                .ok()
                .and_then(|n| zone.from_local_datetime(&n).earliest())
                .map(|d| d.fixed_offset())
        }
    })?;
    Some(format!(
        "write `{}`: the date, `T`, the time with seconds, and the UTC offset (here that of `{}`)",
        instant.to_rfc3339(),
        zone.name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::Incident;

    /// Every definition reached in a value, with the JSON pointer of where it is.
    fn definitions(doc: &Value) -> Vec<(String, String)> {
        let mut out = Vec::new();
        collect(schema(), doc, "", &mut out);
        out
    }

    fn collect(s: &Value, v: &Value, path: &str, out: &mut Vec<(String, String)>) {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/$defs/");
            out.push((name.to_string(), path.to_string()));
            if let Some(d) = schema().pointer(&format!("/$defs/{name}")) {
                collect(d, v, path, out);
            }
            return;
        }
        if let Some(alts) = s.get("anyOf").and_then(Value::as_array) {
            for a in alts {
                collect(a, v, path, out);
            }
        }
        match v {
            Value::Object(o) => {
                for (k, child) in o {
                    let p = format!("{path}/{k}");
                    if let Some(sub) = s.pointer(&format!("/properties/{k}")) {
                        collect(sub, child, &p, out);
                    } else if let Some(sub @ Value::Object(_)) = s.get("additionalProperties") {
                        collect(sub, child, &p, out);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(sub) = s.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        collect(sub, item, &format!("{path}/{i}"), out);
                    }
                }
            }
            _ => {}
        }
    }

    fn reads(doc: &Value) -> bool {
        super::super::time::with_zone(Tz::UTC, || {
            serde_json::from_value::<Incident>(doc.clone()).is_ok()
        })
    }

    /// The lists above, held against serde and the model: a value outside an enumeration is
    /// refused by deserialization exactly when validation does not judge it instead, and a
    /// required field can be left out exactly when `REQUIRED_LATER` says so.
    #[test]
    fn the_lists_agree_with_what_serde_does_with_the_model() {
        let defs = schema()["$defs"].as_object().unwrap();
        for name in CHECKED_BY_VALIDATION
            .iter()
            .chain(REQUIRED_LATER.iter().map(|(d, _)| d))
        {
            assert!(defs.contains_key(*name), "{name} is not in the schema");
        }
        let mut enums_seen = std::collections::BTreeSet::new();
        let mut required_seen = std::collections::BTreeSet::new();
        for example in crate::schema::bundled_examples() {
            assert!(reads(&example));
            for (def, path) in definitions(&example) {
                let d = &defs[&def];
                if ["enum", "oneOf", "anyOf"]
                    .iter()
                    .any(|k| d.get(k).is_some())
                    && let Some(Value::String(_)) = example.pointer(&path)
                {
                    let mut bad = example.clone();
                    *bad.pointer_mut(&path).unwrap() = Value::from("not-a-known-value");
                    assert_eq!(
                        reads(&bad),
                        CHECKED_BY_VALIDATION.contains(&def.as_str()),
                        "{def} at {path}"
                    );
                    enums_seen.insert(def.clone());
                }
                for field in d["required"].as_array().into_iter().flatten() {
                    let field = field.as_str().unwrap();
                    let Some(Value::Object(o)) = example.pointer(&path) else {
                        continue;
                    };
                    if !o.contains_key(field) {
                        continue;
                    }
                    let mut bad = example.clone();
                    bad.pointer_mut(&path)
                        .and_then(Value::as_object_mut)
                        .unwrap()
                        .remove(field);
                    assert_eq!(
                        reads(&bad),
                        REQUIRED_LATER.contains(&(def.as_str(), field)),
                        "{def}.{field} at {path}"
                    );
                    required_seen.insert(format!("{def}.{field}"));
                }
            }
        }
        for name in CHECKED_BY_VALIDATION {
            assert!(enums_seen.contains(*name), "no example uses {name}");
        }
        assert!(enums_seen.len() >= 8, "{enums_seen:?}");
        assert!(required_seen.contains("Text.ko"), "{required_seen:?}");
        assert!(required_seen.len() >= 10, "{required_seen:?}");
    }

    /// The semantic problems of a document, as (severity, path, message).
    /// A problem as the test compares it: severity, path, message and help.
    type Problem = (String, String, String, Option<String>);

    fn semantic(doc: &Value) -> Option<Vec<Problem>> {
        let inc = super::super::time::with_zone(Tz::UTC, || {
            serde_json::from_value::<Incident>(doc.clone()).ok()
        })?;
        let report = crate::incident::validate::validate(&inc, &SourceMap::default());
        Some(
            report
                .diagnostics
                .iter()
                .map(|d| {
                    (
                        format!("{:?}", d.severity),
                        d.path.clone().unwrap_or_default(),
                        d.message.clone(),
                        d.hint.clone(),
                    )
                })
                .collect(),
        )
    }

    /// The source-map path of a JSON pointer (`/actions/0/to` → `actions[0].to`).
    fn source_path(pointer: &str) -> String {
        let mut out = String::new();
        for seg in pointer.split('/').skip(1) {
            if seg.parse::<usize>().is_ok() {
                out.push_str(&format!("[{seg}]"));
            } else if out.is_empty() {
                out.push_str(seg);
            } else {
                out.push_str(&format!(".{seg}"));
            }
        }
        out
    }

    /// Leaving out any optional field of a bundled example (as a misspelt key does, once it is
    /// dropped) adds only problems that `follows_from` names, so none of them is reported beside
    /// the unknown key that caused it.
    #[test]
    fn problems_a_missing_field_causes_are_the_ones_left_out() {
        let mut tried = 0;
        for example in crate::schema::bundled_examples() {
            let before = semantic(&example).expect("bundled examples read");
            let mut seen = std::collections::BTreeSet::new();
            for (def, pointer) in definitions(&example) {
                let d = &schema()["$defs"][&def];
                if d.get("additionalProperties") != Some(&Value::Bool(false))
                    || !seen.insert(pointer.clone())
                {
                    continue;
                }
                let Some(Value::Object(o)) = example.pointer(&pointer) else {
                    continue;
                };
                for key in o.keys() {
                    let mut without = example.clone();
                    without
                        .pointer_mut(&pointer)
                        .and_then(Value::as_object_mut)
                        .unwrap()
                        .remove(key);
                    let Some(after) = semantic(&without) else {
                        continue;
                    };
                    tried += 1;
                    let unknown = [UnknownKey {
                        pointer: pointer.clone(),
                        parent: source_path(&pointer),
                        key: format!("{key}_misspelt"),
                        meant: Some(key.clone()),
                    }];
                    for problem in after {
                        if before.contains(&problem) {
                            continue;
                        }
                        let (severity, path, message, hint) = problem;
                        let mut d =
                            Diagnostic::error(message.clone(), yaml::Pos::START).at_path(&path);
                        if let Some(h) = hint {
                            d = d.hint(h);
                        }
                        assert!(
                            follows_from(&d, &unknown),
                            "without {pointer}/{key}: {severity} at {path}: {message}"
                        );
                    }
                }
            }
        }
        assert!(tried >= 50, "only {tried} optional fields tried");
    }

    #[test]
    fn zones_and_times_come_with_their_right_spelling() {
        assert_eq!(
            zone_hint("KST").as_deref(),
            Some(
                "write the zone's IANA name, `Asia/Seoul`: an abbreviation such as `KST` does not say when daylight saving time applies"
            )
        );
        assert_eq!(
            zone_hint("Asia/Soul").as_deref(),
            Some("did you mean `Asia/Seoul`?")
        );
        assert_eq!(
            time_hint("2026/11/25 16:00", chrono_tz::Asia::Seoul).as_deref(),
            Some(
                "write `2026-11-25T16:00:00+09:00`: the date, `T`, the time with seconds, and the UTC offset (here that of `Asia/Seoul`)"
            )
        );
        assert_eq!(time_hint("yesterday", chrono_tz::Asia::Seoul), None);
    }
}
