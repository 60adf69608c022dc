//! The JSON Schema and the field reference agree with the model and the examples.

use std::path::Path;

use disclose::schema;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_to_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    disclose::yaml::from_str(&text, &disclose::yaml::Limits::DEFAULT).unwrap()
}

#[test]
fn every_example_and_the_init_template_match_the_json_schema() {
    let schema = schema::incident_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let mut files: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3);
    let mut docs: Vec<(String, serde_json::Value)> = files
        .iter()
        .map(|p| (p.display().to_string(), yaml_to_json(p)))
        .collect();
    docs.push((
        "init template".into(),
        disclose::yaml::from_str(
            disclose::init::INCIDENT_TEMPLATE,
            &disclose::yaml::Limits::DEFAULT,
        )
        .unwrap(),
    ));
    for (name, doc) in &docs {
        let errors: Vec<String> = validator
            .iter_errors(doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_rejects_what_validation_rejects() {
    let schema = schema::incident_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut doc = yaml_to_json(&root().join("examples/coupang-2025.yaml"));
    doc["affected"]["data"][0]["category"] = "emial".into();
    assert!(
        !validator.is_valid(&doc),
        "an unknown category must fail the schema"
    );
    let mut doc = yaml_to_json(&root().join("examples/coupang-2025.yaml"));
    doc["timeline"]["discoverd_at"] = "2025-11-18T22:52:00+09:00".into();
    assert!(
        !validator.is_valid(&doc),
        "an unknown field must fail the schema"
    );
    let mut doc = yaml_to_json(&root().join("examples/coupang-2025.yaml"));
    doc["title"].as_object_mut().unwrap().remove("ko");
    assert!(
        !validator.is_valid(&doc),
        "a missing Korean text must fail the schema"
    );
    // English is required only where an English report is produced, which the schema cannot
    // know: `render` checks it.
    let mut doc = yaml_to_json(&root().join("examples/coupang-2025.yaml"));
    doc["title"].as_object_mut().unwrap().remove("en");
    assert!(
        validator.is_valid(&doc),
        "a missing English text is valid in the schema"
    );
}

/// A timestamp the schema allows is one disclose reads, and the other way round: an editor
/// checking the file against the schema and `disclose validate` agree on every spelling (apart
/// from values out of range, month 13 or 25:00, which a pattern cannot see).
#[test]
fn the_schema_and_validation_agree_on_how_a_time_is_written() {
    let schema = schema::incident_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let base = yaml_to_json(&root().join("examples/coupang-2025.yaml"));
    let seoul = Some(chrono_tz::Asia::Seoul);
    for written in [
        "2025-11-18T22:52:00+09:00",
        "2025-11-18T22:52+09:00",
        "2025-11-18 22:52",
        "2025-11-18 22:52:07.5",
        "2025-11-18t22:52z",
        "2025-11-18T13:52:00Z",
        "2025-11-18T22:52",
        "2025/11/18 22:52",
        "2025-11-18",
        "2025-11-18T22",
        "2025-11-18T22:52:00+0900",
        "2025-11-18T22:52:00 +09:00",
        "2025-11-18T22:52:00.",
        "2025-11-18T22:52:00KST",
        "18 Nov 2025 22:52",
    ] {
        let mut doc = base.clone();
        doc["timeline"]["discovered_at"] = written.into();
        let schema_says = validator.is_valid(&doc);
        let disclose_says = disclose::incident::time::Timestamp::parse(written, seoul).is_ok();
        assert_eq!(
            schema_says, disclose_says,
            "`{written}`: the schema says {schema_says}, disclose says {disclose_says}"
        );
    }
}

#[test]
fn docs_incident_format_is_generated_from_the_schema() {
    let generated = schema::incident_reference(&schema::bundled_examples());
    let path = root().join("docs/incident-format.md");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/incident-format.md is out of date: run `cargo run -- schema incident --format markdown > docs/incident-format.md` (or BLESS=1 cargo test --test schema) and review the diff"
    );
}

#[test]
fn every_schema_field_is_documented_with_an_example() {
    let doc = std::fs::read_to_string(root().join("docs/incident-format.md")).unwrap();
    for f in schema::incident_fields() {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", f.path)))
            .unwrap_or_else(|| panic!("docs/incident-format.md does not describe `{}`", f.path));
        assert!(
            row.contains(&f.description.replace('|', "\\|")),
            "`{}`: description differs from the schema",
            f.path
        );
        assert!(
            !row.trim_end().ends_with("|  |"),
            "`{}` has no example",
            f.path
        );
    }
}

#[test]
fn every_built_in_policy_matches_the_policy_schema() {
    let schema = schema::policy_schema();
    let validator = jsonschema::validator_for(&schema).expect("the policy schema compiles");
    let mut checked = 0;
    for entry in walkdir(&root().join("policies")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        let doc: serde_json::Value =
            disclose::yaml::from_str(&text, &disclose::yaml::Limits::DEFAULT).unwrap();
        if doc["format"] != "disclose/policy@1" {
            continue;
        }
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", entry.display());
        checked += 1;
    }
    assert!(checked >= 14, "only {checked} policies checked");
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(p);
        }
    }
    out.sort();
    out
}
