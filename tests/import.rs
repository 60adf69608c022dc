//! `disclose import veris`: every VCDB fixture record becomes a draft incident that loads and
//! validates, says what it assumed, and keeps its source's attribution.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use disclose::import::{ImportError, Imported, Place, VerisImporter, import_veris};
use disclose::incident::{Incident, load_str};

fn fixture(name: &str) -> (String, String) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/vcdb", name]
        .iter()
        .collect();
    (std::fs::read_to_string(&path).unwrap(), name.to_string())
}

/// Both fixtures, through one importer (so ids are unique across them).
fn import_fixtures() -> Vec<Imported> {
    let mut importer = VerisImporter::new();
    let mut all = Vec::new();
    for name in ["sample.jsonl", "edge-cases.jsonl"] {
        let (text, name) = fixture(name);
        all.extend(importer.import(&text, &name).unwrap());
    }
    all
}

/// The fixture records, as JSON, in import order.
fn raw_records() -> Vec<serde_json::Value> {
    ["sample.jsonl", "edge-cases.jsonl"]
        .iter()
        .flat_map(|n| {
            let (text, _) = fixture(n);
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<serde_json::Value>>()
        })
        .collect()
}

fn load(i: &Imported) -> Incident {
    let loaded = load_str(&i.yaml);
    let errors: Vec<String> = loaded
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == disclose::diag::Severity::Error)
        .map(|d| format!("{} ({:?})", d.message, d.path))
        .collect();
    assert!(
        errors.is_empty(),
        "{} ({}) does not validate: {errors:#?}\n{}",
        i.id,
        i.origin,
        i.yaml
    );
    loaded.incident.expect("the incident loads")
}

fn find<'a>(all: &'a [Imported], vcdb_id: &str) -> &'a Imported {
    let id = format!("vcdb-{}", vcdb_id.to_lowercase());
    all.iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

fn assumed<'a>(inc: &'a Incident, field: &str) -> &'a str {
    inc.draft_assumptions
        .iter()
        .find(|a| a.field == field)
        .map(|a| a.assumption.as_str())
        .unwrap_or_else(|| {
            panic!(
                "{}: no assumption about `{field}` in {:#?}",
                inc.id, inc.draft_assumptions
            )
        })
}

#[test]
fn all_336_records_import_load_validate_and_list_their_assumptions() {
    let all = import_fixtures();
    assert_eq!(
        all.len(),
        336,
        "sample.jsonl has 300 records, edge-cases.jsonl 36"
    );
    let schema = disclose::schema::incident_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let raw = raw_records();
    let mut ids = HashSet::new();
    for (i, rec) in all.iter().zip(&raw) {
        assert!(ids.insert(i.id.clone()), "duplicate id {}", i.id);
        assert_eq!(i.file_name, format!("{}.yaml", i.id));
        let inc = load(i);
        assert_eq!(inc.id, i.id);
        assert!(inc.draft, "{} is not a draft", i.id);
        assert!(
            !inc.draft_assumptions.is_empty(),
            "{} assumes nothing",
            i.id
        );
        assert_eq!(inc.draft_assumptions, i.assumptions, "{}", i.id);
        // Every assumption is also a comment next to its field.
        let comments = i.yaml.matches("# ASSUMPTION: ").count();
        assert_eq!(comments, i.assumptions.len(), "{}:\n{}", i.id, i.yaml);
        // The JSON Schema accepts it too.
        let doc: serde_json::Value =
            disclose::yaml::from_str(&i.yaml, &disclose::yaml::Limits::DEFAULT).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", i.id);
        // The source and its licence are named at the top.
        let source_id = rec["source_id"].as_str().unwrap();
        let commit = rec["source_repo"]["commit"].as_str().unwrap();
        let header: String = i
            .yaml
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            source_id,
            commit,
            "CC BY-SA 4.0",
            "vz-risk/VCDB",
            "Verizon RISK Team",
        ] {
            assert!(
                header.contains(needle),
                "{}: header lacks {needle}:\n{header}",
                i.id
            );
        }
        // The summary survives quoting exactly, whatever it contains.
        if let Some(s) = rec["summary"]
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let en = inc.cause.description.en.as_deref().unwrap();
            assert!(en.ends_with(s), "{}: summary changed", i.id);
            assert_eq!(
                inc.cause
                    .description
                    .ko
                    .as_deref()
                    .map(|k| k.contains("영어 원문만")),
                Some(true)
            );
        }
    }
}

#[test]
fn line_pay_is_japanese_and_names_the_other_countries() {
    let all = import_fixtures();
    let inc = load(find(&all, "fc6adc50-a356-11ed-bbe0-ed1bdce32b2a"));
    assert_eq!(inc.organization.name.en.as_deref(), Some("LINE Pay"));
    assert_eq!(inc.timezone.0, chrono_tz::Asia::Tokyo);
    assert_eq!(inc.affected.subjects, 133_000);
    assert_eq!(
        inc.affected.by_jurisdiction.iter().collect::<Vec<_>>(),
        [(&"JP".to_string(), &133_000)]
    );
    assert_eq!(inc.organization.established_in, ["JP"]);
    assert!(assumed(&inc, "affected.by_jurisdiction").contains("TW, TH"));
    assert_eq!(
        inc.cause.kind,
        disclose::incident::CauseKind::Misconfiguration
    );
    assert!(!inc.cause.external);
    assert_eq!(inc.affected.data.len(), 1);
    assert_eq!(inc.affected.data[0].category, "other");
    assert_eq!(inc.affected.data[0].records, Some(133_000));
    assert_eq!(
        inc.timeline.occurred_from.to_string(),
        "2021-12-22T00:00:00+09:00"
    );
    assert!(assumed(&inc, "timeline.discovered_at").contains("no discovery time"));
    // The record is in both fixtures: the second copy gets its own id.
    assert!(
        all.iter()
            .any(|i| i.id == "vcdb-fc6adc50-a356-11ed-bbe0-ed1bdce32b2a-2")
    );
}

#[test]
fn a_us_state_record_with_no_count() {
    let all = import_fixtures();
    // Lexington Medical Center: US + SC, data_total null, notified three days later.
    let inc = load(find(&all, "9eda6e80-de98-11e7-9424-7b935f12be98"));
    assert_eq!(
        inc.affected.by_jurisdiction.keys().collect::<Vec<_>>(),
        ["US-SC"]
    );
    assert_eq!(inc.timezone.0, chrono_tz::America::New_York);
    assert_eq!(inc.affected.subjects, 1);
    assert!(assumed(&inc, "affected.subjects").contains("1 is assumed"));
    assert_eq!(inc.actions.len(), 1);
    assert_eq!(inc.actions[0].kind, "public_notice");
    assert_eq!(inc.actions[0].at.to_string(), "2017-02-20T00:00:00-05:00");
    assert!(assumed(&inc, "actions[0]").contains("not who was notified"));
}

#[test]
fn partial_dates_say_what_was_filled_in() {
    let all = import_fixtures();
    // New York Times: January 2013, no day.
    let inc = load(find(&all, "0199FEF0-3636-4F0F-8A7B-6082E2774DB5"));
    assert_eq!(
        inc.timeline.occurred_from.to_string(),
        "2013-01-01T00:00:00-05:00"
    );
    assert!(assumed(&inc, "timeline.occurred_from").contains("2013-01 (no day)"));
    // NSA: the year 1998 only; discovered five years later.
    let inc = load(find(&all, "10EF4DF6-0609-4B6A-9E6B-36B7E3EF510E"));
    assert!(assumed(&inc, "timeline.occurred_from").contains("only as the year 1998"));
    assert_eq!(
        inc.timeline.discovered_at.to_string(),
        "2003-01-01T00:00:00-05:00"
    );
    assert!(assumed(&inc, "timeline.discovered_at").contains("5 years after"));
}

#[test]
fn odd_records_still_make_valid_drafts() {
    let all = import_fixtures();
    // Notified (2014) before the incident year (2015): no action, and the file says why.
    let inc = load(find(&all, "11AE760F-AABB-4DC6-85DB-76A983DF019C"));
    assert!(inc.actions.is_empty());
    assert!(assumed(&inc, "actions").contains("before the incident date"));
    // No victim name, Kazakhstan, year only, five data varieties without counts.
    let inc = load(find(&all, "05638263-849F-4E8D-9074-05314DAB7F40"));
    assert!(
        inc.organization
            .name
            .en
            .as_deref()
            .unwrap()
            .starts_with("Unknown organisation (VCDB")
    );
    assert_eq!(inc.timezone.0, chrono_tz::Asia::Almaty);
    assert_eq!(inc.affected.data.len(), 5);
    // Victim country unknown: no jurisdiction, UTC.
    let inc = load(find(&all, "7386723F-F252-42A5-9867-029635ED2581"));
    assert!(inc.affected.by_jurisdiction.is_empty());
    assert_eq!(inc.timezone.0, chrono_tz::UTC);
    assert!(
        assumed(&inc, "affected.by_jurisdiction").contains("does not give the victim's country")
    );
    // A Spanish region, no data variety at all.
    let inc = load(find(&all, "b884eea0-ffd4-11e9-ad81-39b9e5fce51c"));
    assert_eq!(
        inc.affected.by_jurisdiction.keys().collect::<Vec<_>>(),
        ["ES-AN"]
    );
    assert!(assumed(&inc, "affected.data[0]").contains("no data variety"));
}

#[test]
fn a_malformed_line_is_named() {
    let (text, _) = fixture("sample.jsonl");
    let first = text.lines().next().unwrap();
    let src = format!("{first}\n\n{{\"source_id\": \"x\", \"summary\": \"unterminated\n{first}\n");
    let err = import_veris(&src, "broken.jsonl").unwrap_err();
    match &err {
        ImportError::Json { line, .. } => assert_eq!(*line, 3),
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.starts_with("broken.jsonl: line 3, column"), "{msg}");
    let err = import_veris("{}\n[1, 2]\n", "x.jsonl").unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::NotARecord {
                place: Place::Line(2),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(matches!(
        import_veris("\n  \n", "empty.jsonl").unwrap_err(),
        ImportError::Empty { .. }
    ));
    let err = import_veris("{\"incident_id\": 1,\n  oops}", "one.json").unwrap_err();
    assert!(matches!(err, ImportError::Json { line: 2, .. }), "{err:?}");
}

const RAW_VERIS: &str = r#"{
    "incident_id": "TEST-0001",
    "source_id": "vcdb",
    "schema_version": "1.3.6",
    "summary": "A \"test\" record:\nlaptop stolen from a car.",
    "timeline": { "incident": { "year": 2020, "month": 9 }, "discovery": { "unit": "Days", "value": 2 } },
    "victim": { "victim_id": "Example Clinic", "country": ["US"], "state": "CA" },
    "action": { "physical": { "variety": ["Theft"] } },
    "attribute": { "confidentiality": {
        "data_disclosure": "Potentially",
        "data_total": 420,
        "data": [ { "variety": "Medical", "amount": 420 }, { "variety": "Personal" } ]
    } },
    "plus": { "master_id": "8b57fb92-16e4-4748-89c7-ab7fa9ea183a",
              "timeline": { "notification": { "year": 2020, "month": 10, "day": 5 } } }
}"#;

#[test]
fn standard_veris_json_one_record_or_an_array() {
    let one = import_veris(RAW_VERIS, "TEST-0001.json").unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].id, "vcdb-test-0001");
    assert_eq!(one[0].origin, "TEST-0001.json, the record");
    let inc = load(&one[0]);
    assert_eq!(inc.organization.name.en.as_deref(), Some("Example Clinic"));
    assert_eq!(
        inc.affected.by_jurisdiction.iter().collect::<Vec<_>>(),
        [(&"US-CA".to_string(), &420)]
    );
    assert_eq!(inc.timezone.0, chrono_tz::America::Los_Angeles);
    assert_eq!(inc.cause.kind, disclose::incident::CauseKind::LostOrStolen);
    assert_eq!(inc.affected.data[0].category, "health");
    assert_eq!(inc.affected.data[1].category, "other");
    assert_eq!(
        inc.timeline.occurred_from.to_string(),
        "2020-09-01T00:00:00-07:00"
    );
    assert_eq!(
        inc.timeline.discovered_at.to_string(),
        "2020-09-03T00:00:00-07:00"
    );
    assert_eq!(inc.actions[0].at.to_string(), "2020-10-05T00:00:00-07:00");
    assert!(assumed(&inc, "affected").contains("Potentially"));
    assert!(
        inc.cause
            .description
            .en
            .as_deref()
            .unwrap()
            .ends_with("A \"test\" record:\nlaptop stolen from a car.")
    );

    let array = format!(
        "[{RAW_VERIS}, {}]",
        RAW_VERIS.replace("TEST-0001", "TEST-0002")
    );
    let two = import_veris(&array, "batch.json").unwrap();
    assert_eq!(
        two.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["vcdb-test-0001", "vcdb-test-0002"]
    );
    assert_eq!(two[1].origin, "batch.json, record 2 of the array");

    // A record that is not from VCDB claims no VCDB licence.
    let own = RAW_VERIS.replace("\"vcdb\"", "\"acme\"");
    let own = import_veris(&own, "own.json").unwrap();
    assert_eq!(own[0].id, "veris-test-0001");
    assert!(!own[0].yaml.contains("CC BY-SA"));
    load(&own[0]);

    // Control characters, which an incident may not hold, become spaces, and the file says so.
    let ctl = RAW_VERIS
        .replace("Example Clinic", "Example\\u000bClinic")
        .replace("laptop stolen", "laptop\\u0007\\u0007 stolen");
    let ctl = import_veris(&ctl, "ctl.json").unwrap();
    let inc = load(&ctl[0]);
    assert_eq!(inc.organization.name.en.as_deref(), Some("Example Clinic"));
    assert!(assumed(&inc, "organization.name").contains("U+000B"));
    assert!(assumed(&inc, "cause.description").contains("2 control characters"));
    assert_eq!(
        ctl[0].yaml.matches("# ASSUMPTION: ").count(),
        ctl[0].assumptions.len()
    );

    let err = import_veris("[{}, 3]", "bad.json").unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::NotARecord {
                place: Place::Element(2),
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn write_all_writes_each_file_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("drafts");
    let (text, name) = fixture("edge-cases.jsonl");
    let imported = import_veris(&text, &name).unwrap();
    let paths = disclose::import::write_all(&imported, &out).unwrap();
    assert_eq!(paths.len(), 36);
    for (p, i) in paths.iter().zip(&imported) {
        assert_eq!(p, &out.join(&i.file_name));
        assert_eq!(std::fs::read_to_string(p).unwrap(), i.yaml);
    }
    let err = disclose::import::write_all(&imported, &out).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    let again = disclose::import::write_all_replacing(&imported, &out).unwrap();
    assert_eq!(again, paths);
    // Two importers give the same record the same name: refused rather than overwritten.
    let twice: Vec<Imported> = imported.iter().chain(&imported).cloned().collect();
    let err = disclose::import::write_all(&twice, Path::new(&dir.path().join("x"))).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}
