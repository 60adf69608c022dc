//! `disclose diff OLD NEW`: the facts that changed and what they change in law, as text and as
//! `disclose/diff@1` JSON; exit 0 without a change, 1 with one, 2 on bad input.

use assert_cmd::Command;
use serde_json::Value;

const COUPANG: &str = "examples/coupang-2025.yaml";
const AS_OF: &str = "2026-01-01T00:00:00+09:00";

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env("NO_COLOR", "1");
    c
}

fn example() -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COUPANG)).unwrap()
}

/// The example as it stood before the supplementary report: 4,536 accounts, and none of the
/// actions of 29 November.
fn before_supplementary(dir: &std::path::Path) -> String {
    let text: String = example()
        .lines()
        .filter(|l| !l.contains("at: 2025-11-29"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .replace("33673817", "4536")
        .replace("subjects: 102682", "subjects: 1000");
    let path = dir.join("v1.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = disclose().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_same_facts_are_no_change_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    // Comments and layout are no change.
    let copy = dir.path().join("copy.yaml");
    std::fs::write(
        &copy,
        example().replace("# people (data subjects)", "# the count PIPC was given"),
    )
    .unwrap();
    let copy = copy.to_str().unwrap();
    let (code, out, err) = run(&["diff", COUPANG, copy, "--as-of", AS_OF]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        format!(
            "--- {COUPANG} (CPNG-2025-11)\n+++ {copy} (CPNG-2025-11)\nas of 2026-01-01 00:00 KST (2025-12-31 15:00 UTC)\n\nNo changes: both versions state the same facts, and the same obligations stand.\n"
        )
    );
    let (code, out, _) = run(&["diff", COUPANG, copy, "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["changed"], false);
    for list in ["facts", "laws", "not_assessed", "obligations"] {
        assert_eq!(v[list], Value::Array(Vec::new()), "{list}");
    }
}

#[test]
fn a_supplementary_report_reads_as_facts_then_obligations() {
    let dir = tempfile::tempdir().unwrap();
    let old = before_supplementary(dir.path());
    let (code, out, err) = run(&["diff", &old, COUPANG, "--as-of", AS_OF]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(err, "", "neither version has a warning");
    for line in [
        "Facts: 10 changes\n",
        "  changed affected.subjects: 4536 → 33673817\n",
        "  changed affected.data[4].subjects: 1000 → 102682\n",
        "  added   actions[3]: { kind: regulator_report, to: PIPC, at: 2025-11-29T10:00:00+09:00, subjects: 33700000, approximate: true, phase: supplementary }\n",
        "  added   actions[5]: { kind: public_notice, at: 2025-11-29T18:00:00+09:00, until: 2025-12-01T18:00:00+09:00, channels: [website] }\n",
        "Obligations: 3 changes\n",
        // The supplementary report does not say when its facts were confirmed, so the
        // phased report can no longer be judged.
        "  changed     PIPA: Report of a breach to the Personal Information Protection Commission (PIPC) or the Korea Internet & Security Agency (KISA) (kr-pipa/report-pipc) (status, action)\n      was met by actions[1] on 2025-11-20 10:00 KST, due 2025-11-21 22:52 KST\n      now unknown, due 2025-11-21 22:52 KST: missing actions[3].confirmed_at\n",
        // A posting was made, but for two days instead of thirty.
        "      now missed (actions[5] on 2025-11-29 18:00 KST), due 2025-11-21 22:52 KST: posted for 2 days",
    ] {
        assert!(out.contains(line), "{line}\n---\n{out}");
    }
    // The law and its version do not change.
    assert!(!out.contains("Laws:"), "{out}");
}

#[test]
fn the_json_form_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let old = before_supplementary(dir.path());
    let (code, out, _) = run(&["diff", &old, COUPANG, "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(code, Some(1));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "disclose/diff@1");
    assert_eq!(v["tool"], "disclose");
    assert_eq!(v["old"]["file"], old.as_str());
    assert_eq!(
        v["new"],
        serde_json::json!({"file": COUPANG, "incident": "CPNG-2025-11"})
    );
    assert_eq!(v["as_of"], AS_OF);
    assert_eq!(v["changed"], true);
    let facts = v["facts"].as_array().unwrap();
    assert_eq!(facts.len(), 10);
    assert_eq!(
        facts[0],
        serde_json::json!({"path": "affected.subjects", "change": "changed", "old": 4536, "new": 33673817})
    );
    let added = facts.iter().find(|f| f["path"] == "actions[4]").unwrap();
    assert_eq!(added["change"], "added");
    assert!(added.get("old").is_none());
    assert_eq!(added["new"]["kind"], "subject_notice");
    assert_eq!(added["new"]["subjects"], 33700000);
    let o = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "report-pipc")
        .unwrap();
    assert_eq!(o["family"], "kr-pipa");
    assert_eq!(o["law"]["en"], "PIPA");
    assert_eq!(o["change"], "changed");
    assert_eq!(o["fields"], serde_json::json!(["status", "action"]));
    assert_eq!(
        o["old"],
        serde_json::json!({"status": "met", "due": "2025-11-21T22:52:00+09:00", "action": 1, "action_at": "2025-11-20T10:00:00+09:00"})
    );
    assert_eq!(
        o["new"],
        serde_json::json!({"status": "unknown", "due": "2025-11-21T22:52:00+09:00", "missing": ["actions[3].confirmed_at"]})
    );
    assert_eq!(v["laws"], Value::Array(Vec::new()));
}

#[test]
fn obligations_appear_and_laws_change_with_the_facts() {
    // No longer listed in the United States: the SEC law stops applying, its obligations go.
    let dir = tempfile::tempdir().unwrap();
    let unlisted = dir.path().join("unlisted.yaml");
    let text = example()
        .replace(
            "  securities:                   # drives SEC Form 8-K Item 1.05 (a foreign private issuer files 6-K instead)\n    - { exchange: NYSE, filer: domestic }\n",
            "",
        )
        .replace(
            "  - { kind: securities_filing, to: SEC, form: 8-K, at: 2025-12-16T16:00:00-05:00 }\n",
            "",
        );
    std::fs::write(&unlisted, text).unwrap();
    let unlisted = unlisted.to_str().unwrap();
    let (code, out, err) = run(&[
        "diff", COUPANG, unlisted, "--as-of", AS_OF, "--format", "json",
    ]);
    assert_eq!(code, Some(1), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let gone: Vec<&Value> = v["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["change"] == "disappeared")
        .collect();
    assert!(!gone.is_empty(), "{out}");
    assert!(
        gone.iter()
            .all(|o| o.get("new").is_none() && o["old"]["status"].is_string())
    );
    // And the other way round, the same obligations appear.
    let (_, back, _) = run(&[
        "diff", unlisted, COUPANG, "--as-of", AS_OF, "--format", "json",
    ]);
    let back: Value = serde_json::from_str(&back).unwrap();
    let came: Vec<&Value> = back["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["change"] == "appeared")
        .map(|o| &o["id"])
        .collect();
    let went: Vec<&Value> = gone.iter().map(|o| &o["id"]).collect();
    assert_eq!(came, went);
    let laws = v["laws"].as_array().unwrap();
    assert!(
        laws.iter()
            .any(|l| l["old"]["applies"] == true && l["new"]["applies"] != true),
        "{}",
        v["laws"]
    );
}

#[test]
fn bad_input_is_exit_2_with_both_files_problems_and_nothing_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        example().replace("timezone: Asia/Seoul", "timezone: Asia/Sewol"),
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let (code, out, err) = run(&["diff", bad, bad, "--as-of", AS_OF]);
    assert_eq!(code, Some(2));
    assert_eq!(out, "");
    assert_eq!(
        err.matches("the incident is not valid; fix it and run the command again")
            .count(),
        2,
        "{err}"
    );
    let (code, out, err) = run(&["diff", COUPANG, COUPANG, "--as-of", "yesterday"]);
    assert_eq!(code, Some(2));
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: --as-of: `yesterday` is not an RFC 3339 timestamp such as `2025-11-18T22:52:00+09:00`\n"
    );
    let (code, _, err) = run(&["diff", COUPANG, "policies"]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn a_local_as_of_is_read_in_the_new_versions_zone_once_for_both() {
    let (code, out, _) = run(&[
        "diff",
        COUPANG,
        COUPANG,
        "--as-of",
        "2026-01-01T00:00:00",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["as_of"], "2026-01-01T00:00:00+09:00");
}

/// Residents added in a place no policy assesses: the review says so, as plainly as an
/// obligation that appeared, and the reverse comparison says it disappeared.
#[test]
fn a_place_no_law_assesses_appears_and_disappears_with_the_facts() {
    let dir = tempfile::tempdir().unwrap();
    let original = "examples/multi-jurisdiction.yaml";
    let text = std::fs::read_to_string(original).unwrap();
    let with_bermuda = text.replace("    US-NY: 1100\n", "    US-NY: 1000\n    BM: 100\n");
    assert_ne!(with_bermuda, text);
    let new = dir.path().join("new.yaml");
    std::fs::write(&new, with_bermuda).unwrap();
    let new = new.to_str().unwrap();
    let as_of = "2026-12-01T00:00:00+09:00";
    let (code, out, err) = run(&["diff", original, new, "--as-of", as_of]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        out.contains("\nNot assessed: 1 change\n  appeared    BM (affected.by_jurisdiction, 100 people): 100 affected people living in BM: no policy assesses this; the duties of the law that applies there were not assessed.\n"),
        "{out}"
    );
    let (code, out, _) = run(&["diff", new, original, "--as-of", as_of, "--format", "json"]);
    assert_eq!(code, Some(1));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["not_assessed"],
        serde_json::json!([{
            "change": "disappeared",
            "attach": "residence",
            "code": "BM",
            "subjects": 100,
            "reason": {
                "ko": "BM 거주 정보주체 100명: 이를 평가하는 정책이 없습니다. 적용되는 법의 의무는 평가되지 않았습니다.",
                "en": "100 affected people living in BM: no policy assesses this; the duties of the law that applies there were not assessed."
            }
        }])
    );
}
