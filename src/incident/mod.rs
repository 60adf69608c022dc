//! The incident: model, loading and validation.
//!
//! [`load_str`] is the whole path from text to a checked [`Incident`]: the YAML limits and source
//! map ([`crate::yaml`]), the structural check of the whole file against the model
//! ([`structure`], every problem at once), typed deserialization with times read in the
//! incident's zone, then [`validate::validate`] and, for a file that is not a draft,
//! [`placeholders::check`]. When the structural check finds only unknown keys, the file without
//! them is still validated and both sets are reported together, less the semantic problems a
//! misspelt key may cause ([`structure::follows_from`]).

pub mod consistency;
pub mod diff;
pub mod model;
pub mod placeholders;
pub mod structure;
pub mod time;
pub mod validate;
pub mod vocab;

pub use model::*;

use crate::diag::{Diagnostic, Report};
use crate::yaml::{self, Limits, SourceMap, WholeNumberField};

/// Every whole-number field of the incident format (a test checks this against the JSON
/// Schema): each must be written as plain decimal digits ([`yaml::check_whole_numbers`]).
pub const WHOLE_NUMBERS: &[WholeNumberField] = &[
    WholeNumberField {
        pattern: "affected.subjects",
        noun: "count",
    },
    WholeNumberField {
        pattern: "affected.records",
        noun: "count",
    },
    WholeNumberField {
        pattern: "affected.children",
        noun: "count",
    },
    WholeNumberField {
        pattern: "affected.by_jurisdiction.*",
        noun: "count",
    },
    WholeNumberField {
        pattern: "affected.data[].subjects",
        noun: "count",
    },
    WholeNumberField {
        pattern: "affected.data[].records",
        noun: "count",
    },
    WholeNumberField {
        pattern: "actions[].subjects",
        noun: "count",
    },
    WholeNumberField {
        pattern: "affected.groups[].subjects",
        noun: "count",
    },
    WholeNumberField {
        pattern: "affected.unreachable.subjects",
        noun: "count",
    },
    WholeNumberField {
        pattern: "organization.total_revenue.amount",
        noun: "amount",
    },
    WholeNumberField {
        pattern: "organization.total_revenue.fiscal_year",
        noun: "year",
    },
    WholeNumberField {
        pattern: "organization.revenue_by_year[].amount",
        noun: "amount",
    },
    WholeNumberField {
        pattern: "organization.revenue_by_year[].fiscal_year",
        noun: "year",
    },
    WholeNumberField {
        pattern: "controls.staff_training.handlers",
        noun: "count",
    },
    WholeNumberField {
        pattern: "controls.access_logs.retention_months",
        noun: "number of months",
    },
    WholeNumberField {
        pattern: "notice.identity_theft_services.months",
        noun: "number of months",
    },
];

/// The result of reading an incident: the incident (when it could be read at all) and every
/// problem found. The incident is usable when `report.has_errors()` is false.
#[derive(Debug)]
pub struct Loaded {
    /// The incident, if the file deserialized.
    pub incident: Option<Incident>,
    /// Errors and warnings.
    pub report: Report,
    /// Positions of the file's fields.
    pub map: SourceMap,
}

impl Loaded {
    /// The incident if it has no errors.
    pub fn ok(&self) -> Option<&Incident> {
        self.incident.as_ref().filter(|_| !self.report.has_errors())
    }
}

/// Reads and validates an incident from its text.
pub fn load_str(src: &str) -> Loaded {
    load_str_with(src, &Limits::DEFAULT)
}

/// [`load_str`] with explicit limits.
pub fn load_str_with(src: &str, limits: &Limits) -> Loaded {
    match yaml::source_map(src, limits) {
        Ok(map) => load_mapped(src, map, limits),
        Err(e) => {
            let mut report = Report::default();
            report.push(e.into());
            Loaded {
                incident: None,
                report,
                map: SourceMap::default(),
            }
        }
    }
}

/// Reads an incident whose [`SourceMap`] was already built (and its limits checked) by the caller.
pub fn load_mapped(src: &str, map: SourceMap, limits: &Limits) -> Loaded {
    let mut report = Report::default();
    if let Some(found) = map.scalar("format")
        && found != INCIDENT_FORMAT
    {
        let (msg, hint) = validate::format_problem(found);
        report.push(Diagnostic::error(msg, map.pos("format")).hint(hint));
        return Loaded {
            incident: None,
            report,
            map,
        };
    }
    // Times without an offset are read in the file's own zone; if the zone itself is invalid,
    // the structural check reports that at its position.
    let zone = map
        .scalar("timezone")
        .and_then(|z| z.parse::<chrono_tz::Tz>().ok())
        .unwrap_or(chrono_tz::Tz::UTC);
    // Every structural problem at once, before serde (which stops at the first): `"12"`,
    // `0x0C` or `1_000` where a count goes, then the shape against the model. A count written
    // so is reported once, by the first check.
    let mut problems = yaml::check_whole_numbers(&map, "", WHOLE_NUMBERS);
    let counts_ok = problems.is_empty();
    let mut read_past = None;
    let mut tree = None;
    match structure::check(src, &map, limits, zone) {
        Ok((doc, found)) => {
            let counts: Vec<_> = problems.iter().map(|e| e.pos).collect();
            if counts_ok && found.readable && !found.problems.is_empty() {
                read_past = Some((doc, found.unknown.clone()));
            } else if found.problems.is_empty() {
                tree = Some(doc);
            }
            problems.extend(
                found
                    .problems
                    .into_iter()
                    .filter(|e| !counts.contains(&e.pos)),
            );
        }
        Err(e) => problems.push(e),
    }
    if !problems.is_empty() {
        problems.sort_by_key(|e| e.pos);
        for e in problems {
            let mut d: Diagnostic = e.into();
            if d.pos.is_none() {
                d.pos = Some(crate::yaml::Pos::START);
            }
            report.push(d);
        }
        // Unknown keys are the only problems: the file without them is still an incident, so its
        // semantic problems are reported in the same run, except those its unknown keys may
        // cause (see `structure::follows_from`).
        if let Some((doc, unknown)) = read_past {
            for d in semantic_past_unknown_keys(src, doc, &unknown, &map, zone) {
                if !report
                    .diagnostics
                    .iter()
                    .any(|s| s.pos == d.pos && s.message == d.message)
                {
                    report.push(d);
                }
            }
        }
        return Loaded {
            incident: None,
            report,
            map,
        };
    }
    let parsed = from_tree(tree, src, limits, zone);
    match parsed {
        Ok(inc) => {
            report = validate::validate(&inc, &map);
            if !inc.draft {
                for d in placeholders::check(src, &map) {
                    report.push(d);
                }
            }
            Loaded {
                incident: Some(inc),
                report,
                map,
            }
        }
        Err(e) => {
            let mut d: Diagnostic = e.into();
            if d.pos.is_none() {
                d.pos = Some(crate::yaml::Pos::START);
            }
            report.push(d);
            Loaded {
                incident: None,
                report,
                map,
            }
        }
    }
}

/// The incident of a file that passed the structural check: deserialized from the tree that
/// check already parsed (the YAML is not parsed a second time: a third of `validate`'s work),
/// or, where the tree does not give one, from the text by the YAML parser, whose error carries
/// its position. A unit test holds the two equal on every example and valid fixture.
fn from_tree(
    tree: Option<serde_json::Value>,
    src: &str,
    limits: &Limits,
    zone: chrono_tz::Tz,
) -> Result<Incident, yaml::YamlError> {
    if let Some(doc) = tree
        && let Ok(inc) = time::with_zone(zone, || serde_json::from_value::<Incident>(doc))
    {
        return Ok(inc);
    }
    time::with_zone(zone, || yaml::from_str::<Incident>(src, limits))
}

/// The semantic problems of the document `doc` once its `unknown` keys are dropped (and, in a
/// file that is not a draft, the init template's placeholders left in it), leaving out
/// those the unknown keys may cause. Nothing when the rest does not deserialize (the structural
/// problems are then the whole report, as when the keys were not only unknown).
fn semantic_past_unknown_keys(
    src: &str,
    mut doc: serde_json::Value,
    unknown: &[yaml::structure::UnknownKey],
    map: &SourceMap,
    zone: chrono_tz::Tz,
) -> Vec<Diagnostic> {
    yaml::structure::prune(&mut doc, unknown);
    let Ok(inc) = time::with_zone(zone, || serde_json::from_value::<Incident>(doc)) else {
        return Vec::new();
    };
    let mut found = validate::validate(&inc, map).diagnostics;
    if !inc.draft {
        found.extend(placeholders::check(src, map));
    }
    found
        .into_iter()
        .filter(|d| !structure::follows_from(d, unknown))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The incident deserialized from the structural check's tree is the one the YAML parser
    /// gives, for every bundled example and every valid fixture and sample.
    #[test]
    fn the_tree_and_the_yaml_parser_give_the_same_incident() {
        let mut files = Vec::new();
        for dir in ["examples", "tests/fixtures", "tests/fixtures/hostile"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "yaml") {
                    files.push(p);
                }
            }
        }
        let mut compared = 0;
        for p in files {
            let src = std::fs::read_to_string(&p).unwrap();
            if !src.contains("format: disclose/incident@1") {
                continue;
            }
            let limits = Limits::DEFAULT;
            let Ok(map) = yaml::source_map(&src, &limits) else {
                continue;
            };
            let zone = map
                .scalar("timezone")
                .and_then(|z| z.parse::<chrono_tz::Tz>().ok())
                .unwrap_or(chrono_tz::Tz::UTC);
            let Ok((doc, found)) = structure::check(&src, &map, &limits, zone) else {
                continue;
            };
            if !found.problems.is_empty() {
                continue;
            }
            let from_yaml = time::with_zone(zone, || yaml::from_str::<Incident>(&src, &limits));
            let Ok(from_yaml) = from_yaml else {
                continue;
            };
            let from_tree = time::with_zone(zone, || serde_json::from_value::<Incident>(doc))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert_eq!(
                serde_json::to_value(&from_tree).unwrap(),
                serde_json::to_value(&from_yaml).unwrap(),
                "{}",
                p.display()
            );
            compared += 1;
        }
        assert!(compared >= 5, "only {compared} incident files compared");
    }

    /// The paths of the schema's integer fields, as `WHOLE_NUMBERS` writes them.
    fn integer_paths(
        node: &serde_json::Value,
        defs: &serde_json::Value,
        path: &str,
        out: &mut Vec<String>,
    ) {
        use serde_json::Value;
        let Value::Object(o) = node else { return };
        if let Some(Value::String(r)) = o.get("$ref") {
            let name = r.rsplit('/').next().unwrap_or_default();
            if let Some(def) = defs.get(name) {
                integer_paths(def, defs, path, out);
            }
        }
        let is_int = match o.get("type") {
            Some(Value::String(t)) => t == "integer",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
            _ => false,
        };
        if is_int {
            out.push(path.trim_start_matches('.').to_string());
        }
        if let Some(Value::Object(props)) = o.get("properties") {
            for (k, v) in props {
                integer_paths(v, defs, &format!("{path}.{k}"), out);
            }
        }
        if let Some(items) = o.get("items") {
            integer_paths(items, defs, &format!("{path}[]"), out);
        }
        if let Some(extra @ Value::Object(_)) = o.get("additionalProperties") {
            integer_paths(extra, defs, &format!("{path}.*"), out);
        }
        for k in ["anyOf", "oneOf", "allOf"] {
            if let Some(Value::Array(alts)) = o.get(k) {
                for a in alts {
                    integer_paths(a, defs, path, out);
                }
            }
        }
    }

    #[test]
    fn whole_numbers_list_every_integer_field_of_the_schema() {
        let schema = crate::schema::incident_schema();
        let mut found = Vec::new();
        integer_paths(&schema, &schema["$defs"], "", &mut found);
        found.sort();
        found.dedup();
        let mut listed: Vec<String> = WHOLE_NUMBERS
            .iter()
            .map(|f| f.pattern.to_string())
            .collect();
        listed.sort();
        assert_eq!(found, listed);
    }

    const BASE: &str = include_str!("../../tests/fixtures/base-valid.yaml");

    fn with_subjects(value: &str) -> String {
        BASE.replace("  subjects: 1500\n", &format!("  subjects: {value}\n"))
    }

    #[test]
    fn counts_accept_plain_decimal_digits_only() {
        for ok in ["1500", "2000"] {
            let l = load_str(&with_subjects(ok));
            assert!(l.ok().is_some(), "{ok}: {:?}", l.report);
        }
        for (bad, example) in [
            ("\"1500\"", "1500"),
            ("'2000'", "2000"),
            ("0x0C", "12"),
            ("0o14", "12"),
            ("1_000", "1000"),
            ("014", "1500"),
            ("+1500", "1500"),
            ("!!int 1500", "1500"),
            ("-5", "1500"),
        ] {
            let l = load_str(&with_subjects(bad));
            assert!(l.incident.is_none(), "{bad} was accepted");
            assert_eq!(l.report.diagnostics.len(), 1, "{bad}: {:?}", l.report);
            let d = &l.report.diagnostics[0];
            // A tagged value starts after its tag.
            let col = if bad.starts_with("!!") { 19 } else { 13 };
            assert_eq!(d.pos, Some(yaml::Pos { line: 23, col }), "{bad}");
            assert!(
                d.message
                    .starts_with("expected a whole number of 0 or more"),
                "{bad}: {}",
                d.message
            );
            let hint = d.hint.as_deref().unwrap_or_default();
            assert!(
                hint.starts_with("write the count as plain decimal digits, with no leading zeros"),
                "{bad}: {hint}"
            );
            assert!(
                hint.ends_with(&format!("e.g. `{example}`")),
                "{bad}: {hint}"
            );
        }
    }

    #[test]
    fn counts_in_every_count_field_are_checked_and_aliases_too() {
        let src = BASE
            .replace(
                "by_jurisdiction: { KR: 1500 }",
                "by_jurisdiction: { KR: 0x5DC }",
            )
            .replace(
                "{ category: name, subjects: 1500 }",
                "{ category: name, subjects: \"1500\" }",
            )
            .replace(
                "channels: [email], subjects: 1500",
                "channels: [email], subjects: 1_500",
            );
        let l = load_str(&src);
        let lines: Vec<u32> = l
            .report
            .diagnostics
            .iter()
            .map(|d| d.pos.unwrap().line)
            .collect();
        assert_eq!(lines, [24, 26, 30], "{:?}", l.report);
        // An alias of a quoted scalar is the quoted scalar.
        let src = BASE
            .replace("phone: \"1588-0000\"", "phone: &n \"1500\"")
            .replace("  subjects: 1500\n", "  subjects: *n\n");
        let l = load_str(&src);
        assert!(l.incident.is_none());
        assert_eq!(
            l.report.diagnostics[0].pos,
            Some(yaml::Pos { line: 23, col: 13 })
        );
    }
}
