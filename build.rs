//! Embeds the built-in policies (every `policies/**/*.yaml` except the holiday calendars), the
//! compact form of the holiday calendars (`policies/calendars/*.yaml`) and the report templates
//! (`templates/{ko,en}/*.tera`).
//!
//! Each built-in policy is embedded twice: its YAML text, as written (what `validate`, `policy
//! test` and the provenance hash read), and a compact form parsed here, at build time: the same
//! document as JSON without its inline `tests:` and comments. `check`, `deadlines` and `render`
//! load the compact form, which serde_json reads about 20 times faster than the YAML parser reads
//! the text (issue 19: YAML was 60 % of a cold `check`). A unit test
//! (`policy::set::tests::compact_form_is_the_yaml_policy`) checks that both forms give the same
//! policy, so the compact form can never say something the file does not.
//!
//! The holiday calendars get the same treatment: `src/policy/calendar.rs` embeds each file's text
//! itself (for its tests) and loads the built-in calendar from the JSON written here
//! (`BUILTIN_CALENDARS`), with every check but no source map (issue 19: parsing the two calendar
//! files was 17.5 M of the 84.3 M instructions of a cold `check`). A unit test
//! (`policy::calendar::tests::compact_calendars_are_the_yaml_files`) checks that both forms give
//! the same calendar.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "calendars") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// Writes `OUT_DIR/<out>`: a static slice `name` of (path relative to `base`, text) pairs that
/// embeds `files` with `include_str!`.
fn embed(name: &str, doc: &str, base: &Path, files: &[PathBuf], out: &str) {
    let mut code = format!("/// {doc}\npub static {name}: &[(&str, &str)] = &[\n");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(base).expect("under its base directory");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out_dir.join(out), code).expect("write the embedded file list");
}

/// Writes `OUT_DIR/builtin_compact.rs`: `BUILTIN_COMPACT`, parallel to `BUILTIN`, the JSON of
/// each policy file without `tests` (empty for a `*.tests.yaml` file).
fn compact(files: &[PathBuf]) {
    let mut code = String::from(
        "/// Built-in policies in compact form: JSON without `tests`, parallel to `BUILTIN`.\n\
         pub static BUILTIN_COMPACT: &[&str] = &[\n",
    );
    let mut hashes = String::from(
        "/// The SHA-256 of each built-in policy file (hex), parallel to `BUILTIN`: the provenance\n\
         /// of every report names it, and hashing the library on every run would cost more than\n\
         /// the run.\n\
         pub static BUILTIN_SHA256: &[&str] = &[\n",
    );
    let mut headers = String::from(
        "/// The same without the rules (obligations, controls, penalties, violations): what\n\
         /// choosing a version and deciding whether the incident touches a law needs.\n\
         pub static BUILTIN_HEADERS: &[&str] = &[\n",
    );
    for f in files {
        let (json, header) = if f.to_string_lossy().ends_with(".tests.yaml") {
            (String::new(), String::new())
        } else {
            let text = std::fs::read_to_string(f).expect("read a built-in policy");
            let mut value = yaml_to_json(&text);
            if let Some(map) = value.as_object_mut() {
                map.remove("tests");
            }
            let json = serde_json::to_string(&value).expect("JSON");
            if let Some(map) = value.as_object_mut() {
                for body in ["obligations", "controls", "penalties", "violations"] {
                    map.remove(body);
                }
                // The header's sources keep their ids and statuses (whether a rule is confirmed
                // is decided by them) and drop their citations, URLs and notes, which are seven
                // tenths of a header and are read from the whole form (`CompiledPolicy::full`).
                if let Some(serde_json::Value::Array(sources)) = map.get_mut("sources") {
                    for source in sources.iter_mut() {
                        if let Some(s) = source.as_object_mut() {
                            s.retain(|k, _| k == "id" || k == "status");
                            s.insert("citation".into(), serde_json::Value::String(String::new()));
                            s.insert("url".into(), serde_json::Value::String(String::new()));
                        }
                    }
                }
            }
            (json, serde_json::to_string(&value).expect("JSON"))
        };
        let _ = writeln!(code, "    {json:?},");
        let _ = writeln!(headers, "    {header:?},");
        {
            use sha2::Digest;
            let bytes = std::fs::read(f).expect("read a built-in policy");
            let hex: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let _ = writeln!(hashes, "    {hex:?},");
        }
    }
    code.push_str("];\n");
    headers.push_str("];\n");
    hashes.push_str("];\n");
    code.push_str(&headers);
    code.push_str(&hashes);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out_dir.join("builtin_compact.rs"), code).expect("write the compact policies");
}

/// Fields that are text in a policy even when written as a plain `true`, `false` or number (a
/// condition `when: false`, a `version: 2`): kept as JSON strings, as the YAML reader gives them
/// to a `String` field. The unit test comparing both forms finds any other such field.
const TEXT_FIELDS: &[&str] = &["applies_when", "when", "require", "version", "id"];

/// One YAML document as JSON, built from the parser's events so that a plain scalar keeps its
/// text unless it is literally `true`, `false`, `null`, `~` or a decimal number (YAML 1.1 reads
/// `NO`, Norway, as false; a `String` field reads it as `NO`, and so must the compact form).
fn yaml_to_json(text: &str) -> serde_json::Value {
    use serde_json::Value;
    use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, StrInput};
    enum Open {
        Seq(Vec<Value>, usize),
        Map(serde_json::Map<String, Value>, Option<String>, usize),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: std::collections::HashMap<usize, Value> = Default::default();
    let mut root = None;
    let add = |stack: &mut Vec<Open>,
               anchors: &mut std::collections::HashMap<usize, Value>,
               root: &mut Option<Value>,
               v: Value,
               anchor: usize| {
        if anchor != 0 {
            anchors.insert(anchor, v.clone());
        }
        match stack.last_mut() {
            None => *root = Some(v),
            Some(Open::Seq(items, _)) => items.push(v),
            Some(Open::Map(map, key, _)) => match key.take() {
                None => *key = Some(v.as_str().map_or_else(|| v.to_string(), str::to_string)),
                Some(k) => {
                    map.insert(k, v);
                }
            },
        }
    };
    for item in Parser::new(StrInput::new(text)) {
        let (event, _) = item.expect("the built-in policy is YAML");
        match event {
            Event::Scalar(v, style, anchor, tag) => {
                let in_text_field = matches!(stack.last(), Some(Open::Map(_, Some(k), _)) if TEXT_FIELDS.contains(&k.as_str()));
                let value = if style != ScalarStyle::Plain || tag.is_some() || in_text_field {
                    Value::String(v.to_string())
                } else {
                    match v.as_ref() {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        "null" | "~" | "" => Value::Null,
                        s => s
                            .parse::<i64>()
                            .ok()
                            .map(Value::from)
                            .filter(|_| s.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
                            .or_else(|| {
                                s.parse::<f64>()
                                    .ok()
                                    .filter(|_| {
                                        s.bytes()
                                            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
                                    })
                                    .and_then(serde_json::Number::from_f64)
                                    .map(Value::Number)
                            })
                            .unwrap_or_else(|| Value::String(s.to_string())),
                    }
                };
                add(&mut stack, &mut anchors, &mut root, value, anchor);
            }
            Event::Alias(id) => {
                let v = anchors.get(&id).cloned().expect("a known anchor");
                add(&mut stack, &mut anchors, &mut root, v, 0);
            }
            Event::SequenceStart(_, anchor, _) => stack.push(Open::Seq(Vec::new(), anchor)),
            Event::MappingStart(_, anchor, _) => {
                stack.push(Open::Map(serde_json::Map::new(), None, anchor))
            }
            Event::SequenceEnd => {
                if let Some(Open::Seq(items, anchor)) = stack.pop() {
                    add(
                        &mut stack,
                        &mut anchors,
                        &mut root,
                        Value::Array(items),
                        anchor,
                    );
                }
            }
            Event::MappingEnd => {
                if let Some(Open::Map(map, _, anchor)) = stack.pop() {
                    add(
                        &mut stack,
                        &mut anchors,
                        &mut root,
                        Value::Object(map),
                        anchor,
                    );
                }
            }
            Event::DocumentEnd => break,
            _ => {}
        }
    }
    root.expect("one document")
}

/// Writes `OUT_DIR/builtin_calendars.rs`: `BUILTIN_CALENDARS`, (id, JSON) of every
/// `policies/calendars/<id>.yaml`, in id order, comments dropped.
fn calendars(dir: &Path) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from(
        "/// Built-in holiday calendars in compact form: (id, JSON of the file).\n\
         pub static BUILTIN_CALENDARS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let id = f.file_stem().expect("a file name").to_string_lossy();
        let text = std::fs::read_to_string(f).expect("read a built-in calendar");
        let json = serde_json::to_string(&yaml_to_json(&text)).expect("JSON");
        let _ = writeln!(code, "    ({id:?}, {json:?}),");
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out_dir.join("builtin_calendars.rs"), code).expect("write the calendars");
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));

    let policies = root.join("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    collect(&policies, &mut files);
    files.sort();
    embed(
        "BUILTIN",
        "Built-in policies: (path under `policies/`, text).",
        &policies,
        &files,
        "builtin_policies.rs",
    );
    compact(&files);
    calendars(&policies.join("calendars"));

    // The term table, in compact form (the report layer reads it on every render).
    let terms = root.join("templates/terms.yaml");
    println!("cargo:rerun-if-changed={}", terms.display());
    let text = std::fs::read_to_string(&terms).expect("read templates/terms.yaml");
    let json = serde_json::to_string(&yaml_to_json(&text)).expect("JSON");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(
        out_dir.join("builtin_terms.rs"),
        format!(
            "/// templates/terms.yaml in compact form.\npub static BUILTIN_TERMS: &str = {json:?};\n"
        ),
    )
    .expect("write the term table");

    // Report templates: templates/{ko,en}/*.tera, named by their path under templates/.
    let templates = root.join("templates");
    let mut files = Vec::new();
    for lang in ["ko", "en"] {
        let dir = templates.join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "tera") {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    embed(
        "BUILTIN_TEMPLATES",
        "Built-in report templates: (name, text).",
        &templates,
        &files,
        "builtin_templates.rs",
    );
}
