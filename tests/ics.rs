//! `disclose deadlines --ics`: the calendar holds what is still to do (events with a duration
//! and two reminders while pending, tasks for duties without a fixed period), never what is met,
//! and stays valid RFC 5545 text (CRLF, lines folded at 75 octets).

use std::collections::HashMap;

use assert_cmd::Command;

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// One calendar component: its kind and its properties (name with parameters → value), after
/// unfolding; alarms inside it are listed apart.
#[derive(Debug, Default)]
struct Component {
    kind: String,
    props: HashMap<String, String>,
    alarms: Vec<HashMap<String, String>>,
}

fn components(cal: &str) -> Vec<Component> {
    assert!(cal.ends_with("\r\n"));
    for raw in cal.split("\r\n") {
        assert!(raw.len() <= 75, "a line past 75 octets: {raw:?}");
        assert!(!raw.contains('\n'), "a bare line feed: {raw:?}");
    }
    let unfolded = cal.replace("\r\n ", "");
    let mut out = Vec::new();
    let mut current: Option<Component> = None;
    let mut alarm: Option<HashMap<String, String>> = None;
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').expect(line);
        match (name, value) {
            ("BEGIN", "VEVENT" | "VTODO") => {
                current = Some(Component {
                    kind: value.into(),
                    ..Component::default()
                })
            }
            ("BEGIN", "VALARM") => alarm = Some(HashMap::new()),
            ("END", "VALARM") => current.as_mut().unwrap().alarms.push(alarm.take().unwrap()),
            ("END", "VEVENT" | "VTODO") => out.push(current.take().unwrap()),
            _ => {
                let props = match (&mut alarm, &mut current) {
                    (Some(a), _) => a,
                    (None, Some(c)) => &mut c.props,
                    (None, None) => continue,
                };
                props.insert(name.into(), value.into());
            }
        }
    }
    out
}

/// The calendar and the `check` JSON of `example` at `as_of`.
fn calendar(example: &str, as_of: &str) -> (Vec<Component>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("cal.ics");
    disclose()
        .args(["deadlines", example, "--as-of", as_of, "--quiet", "--ics"])
        .arg(&ics)
        .output()
        .unwrap();
    let cal = std::fs::read_to_string(&ics).unwrap();
    assert!(cal.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(cal.ends_with("END:VCALENDAR\r\n"));
    let json = disclose()
        .args([
            "check", example, "--as-of", as_of, "--quiet", "--format", "json",
        ])
        .output()
        .unwrap();
    (
        components(&cal),
        serde_json::from_slice(&json.stdout).unwrap(),
    )
}

fn uid(incident: &str, o: &serde_json::Value) -> String {
    format!(
        "{incident}/{}/{}@disclose",
        o["policy"].as_str().unwrap(),
        o["id"].as_str().unwrap()
    )
}

fn by_uid(c: &[Component]) -> HashMap<String, &Component> {
    c.iter().map(|c| (c.props["UID"].clone(), c)).collect()
}

#[test]
fn pending_deadlines_are_events_with_a_duration_and_two_alarms() {
    let (cal, check) = calendar(
        "examples/multi-jurisdiction.yaml",
        "2026-11-02T00:00:00+09:00",
    );
    let cal = by_uid(&cal);
    let mut pending_with_due = 0;
    for o in check["obligations"].as_array().unwrap() {
        if o["status"] != "pending" || o["due"].is_null() {
            continue;
        }
        pending_with_due += 1;
        let e = cal[&uid("HBG-2026-11", o)];
        assert_eq!(e.kind, "VEVENT");
        let due = chrono::DateTime::parse_from_rfc3339(o["due"]["local"].as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(e.props["DTEND"], due.format("%Y%m%dT%H%M%SZ").to_string());
        assert_eq!(
            e.props["DTSTART"],
            (due - chrono::TimeDelta::hours(1))
                .format("%Y%m%dT%H%M%SZ")
                .to_string(),
            "the event is the hour up to the due time"
        );
        assert!(e.props["SUMMARY"].starts_with("[pending] "), "{e:?}");
        let triggers: Vec<&str> = e
            .alarms
            .iter()
            .map(|a| a["TRIGGER;RELATED=END"].as_str())
            .collect();
        assert_eq!(triggers, ["-PT24H", "-PT2H"], "{e:?}");
        for a in &e.alarms {
            assert_eq!(a["ACTION"], "DISPLAY");
            assert!(a["DESCRIPTION"].starts_with("Due in "), "{a:?}");
        }
    }
    assert!(pending_with_due >= 3, "{check}");
}

#[test]
fn duties_without_a_fixed_period_are_tasks() {
    let (cal, check) = calendar(
        "examples/multi-jurisdiction.yaml",
        "2026-11-02T00:00:00+09:00",
    );
    let cal = by_uid(&cal);
    let mut tasks = 0;
    for o in check["obligations"].as_array().unwrap() {
        if o["due"].is_null() && !matches!(o["status"].as_str(), Some("met" | "not_applicable")) {
            tasks += 1;
            let t = cal[&uid("HBG-2026-11", o)];
            assert_eq!(t.kind, "VTODO");
            assert_eq!(t.props["STATUS"], "NEEDS-ACTION");
            assert!(!t.props.contains_key("DTSTART") && t.alarms.is_empty());
        }
    }
    assert!(tasks >= 1, "{check}");
    assert!(
        cal.values()
            .any(|t| t.kind == "VTODO" && t.props["SUMMARY"].contains("without undue delay")),
        "{cal:?}"
    );
}

#[test]
fn met_obligations_are_left_out_and_missed_ones_have_no_alarms() {
    let (cal, check) = calendar("examples/coupang-2025.yaml", "2026-01-01T00:00:00+09:00");
    let cal = by_uid(&cal);
    let obligations = check["obligations"].as_array().unwrap();
    let met: Vec<_> = obligations
        .iter()
        .filter(|o| o["status"] == "met")
        .collect();
    assert!(!met.is_empty(), "the example has met obligations");
    for o in met {
        assert!(!cal.contains_key(&uid("CPNG-2025-11", o)), "{o}");
    }
    for o in obligations
        .iter()
        .filter(|o| o["status"] == "missed" && !o["due"].is_null())
    {
        let e = cal[&uid("CPNG-2025-11", o)];
        assert!(e.props["SUMMARY"].starts_with("[missed] "));
        assert!(
            e.alarms.is_empty(),
            "no reminder of a time already past: {e:?}"
        );
    }
    let open = obligations
        .iter()
        .filter(|o| !matches!(o["status"].as_str(), Some("met" | "not_applicable")))
        .count();
    assert_eq!(cal.len(), open);
}
