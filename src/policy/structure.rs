//! The policy file's structural check: what the policy format adds to the generic check of
//! [`crate::yaml::structure`].
//!
//! A user's policy (`--policies DIR`, `disclose validate`, `disclose policy test`) is checked
//! against the JSON Schema that schemars derives from [`super::model::Policy`] (the one
//! `disclose schema policy` prints) before serde reads it, so three typos are three errors in
//! one run, each at its file:line:column. Built-in policies are not checked here: they are read
//! from the compact JSON `build.rs` makes, and a test below holds every built-in file to this
//! check, so a run never pays for it (issue 19).
//!
//! The schema decides only what serde would refuse anyway. Durations, cut-off times and test
//! times are left to the loader, which reads them with its own messages; dates are read by the
//! model's own type; the Korean half of a text is required as in incidents
//! ([`crate::incident::structure::REQUIRED_LATER`]). A test holds the enumerations against what
//! serde does with the model.

use std::sync::OnceLock;

use serde_json::Value;

use crate::incident::structure::REQUIRED_LATER;
use crate::incident::time::Date;
use crate::yaml::structure::{self, Leaf, Rules};
use crate::yaml::{self, Limits, SourceMap, YamlError};

/// Definitions the loader reads with messages of its own (`within: 5 weeks`), or whose zone it
/// decides (a test's `as_of`).
pub const READ_BY_LOADER: &[&str] = &["Within", "Cutoff", "Timestamp"];

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(super::model::Policy).to_value())
}

fn leaf(def: &str, v: &Value) -> Leaf {
    if READ_BY_LOADER.contains(&def) {
        return Leaf::Later;
    }
    match (def, v.as_str()) {
        ("Date", Some(_)) => match serde_json::from_value::<Date>(v.clone()) {
            Ok(_) => Leaf::Later,
            Err(e) => Leaf::Refuse(e.to_string(), None),
        },
        _ => Leaf::Schema,
    }
}

/// Every structural problem of the policy document `src` (whose source map is `map`), in
/// source order. An error reading the document at all is one problem.
pub fn check(src: &str, map: &SourceMap, limits: &Limits) -> Vec<YamlError> {
    let doc: Value = match yaml::from_str(src, limits) {
        Ok(d) => d,
        Err(e) => return vec![e],
    };
    let rules = Rules {
        schema: schema(),
        leaf: &leaf,
        required_later: REQUIRED_LATER,
    };
    structure::check(&doc, map, "", &rules).problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::Policy;

    /// Every built-in policy file (path, text), read from `policies/`.
    fn builtin_files() -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.to_string_lossy().to_string();
                if path.is_dir() {
                    if !name.ends_with("calendars") {
                        dirs.push(path);
                    }
                } else if name.ends_with(".yaml") && !name.ends_with(".tests.yaml") {
                    out.push((name, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    /// Every definition reached in a value, with the JSON pointer of where it is.
    fn definitions(s: &Value, v: &Value, path: &str, out: &mut Vec<(String, String)>) {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/$defs/");
            out.push((name.to_string(), path.to_string()));
            if let Some(d) = schema().pointer(&format!("/$defs/{name}")) {
                definitions(d, v, path, out);
            }
            return;
        }
        for a in s
            .get("anyOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            definitions(a, v, path, out);
        }
        match v {
            Value::Object(o) => {
                for (k, child) in o {
                    let p = format!("{path}/{k}");
                    if let Some(sub) = s.pointer(&format!("/properties/{k}")) {
                        definitions(sub, child, &p, out);
                    } else if let Some(sub @ Value::Object(_)) = s.get("additionalProperties") {
                        definitions(sub, child, &p, out);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(sub) = s.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        definitions(sub, item, &format!("{path}/{i}"), out);
                    }
                }
            }
            _ => {}
        }
    }

    /// The built-in policies pass the check (it refuses nothing serde and the loader accept),
    /// and a value outside each enumeration they use is one serde refuses too.
    #[test]
    fn built_in_policies_pass_and_enumerations_agree_with_serde() {
        let files = builtin_files();
        assert!(files.len() >= 100, "{}", files.len());
        let mut enums_seen = std::collections::BTreeSet::new();
        for (path, text) in &files {
            let map = yaml::source_map(text, &Limits::DEFAULT).unwrap();
            let found = check(text, &map, &Limits::DEFAULT);
            assert!(found.is_empty(), "{path}: {found:?}");
            let doc: Value = yaml::from_str(text, &Limits::DEFAULT).unwrap();
            let reads = |v: Value| {
                crate::incident::time::with_zone(chrono_tz::Tz::UTC, || {
                    serde_json::from_value::<Policy>(v).is_ok()
                })
            };
            assert!(reads(doc.clone()), "{path} does not read as a value");
            let mut defs = Vec::new();
            definitions(schema(), &doc, "", &mut defs);
            for (def, pointer) in defs {
                let d = &schema()["$defs"][&def];
                if enums_seen.contains(&def)
                    || !["enum", "oneOf"].iter().any(|k| d.get(k).is_some())
                    || !doc.pointer(&pointer).is_some_and(Value::is_string)
                {
                    continue;
                }
                let mut bad = doc.clone();
                *bad.pointer_mut(&pointer).unwrap() = Value::from("not-a-known-value");
                assert!(!reads(bad), "{path}: {def} at {pointer} accepts any text");
                enums_seen.insert(def);
            }
        }
        assert!(enums_seen.len() >= 4, "{enums_seen:?}");
    }

    #[test]
    fn a_date_is_read_by_the_model() {
        assert_eq!(leaf("Date", &Value::from("2020-01-01")), Leaf::Later);
        assert!(matches!(
            leaf("Date", &Value::from("2020-13-01")),
            Leaf::Refuse(..)
        ));
        assert_eq!(leaf("Within", &Value::from("5 weeks")), Leaf::Later);
    }
}
