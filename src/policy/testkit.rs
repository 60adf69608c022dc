//! `disclose policy test`: runs the tests that ship with each policy file.
//!
//! A test's `incident:` mapping is merged over [`BASE_INCIDENT`], a small valid Korean incident,
//! so a test states only the facts it is about: the incident's sections (`timeline`, `affected`,
//! ...) merge field by field, and each field's value replaces the base's whole (so
//! `affected: { by_jurisdiction: { DE: 1 } }` leaves `affected.subjects` alone and replaces the
//! jurisdictions). The merged incident must itself be valid. The test then evaluates the policy alone and
//! compares each expected rule status, due time and trigger list.

use chrono::{DateTime, Duration, FixedOffset};
use serde_json::Value;

use crate::diag::{Diagnostic, Report};
use crate::incident::{self, Incident};
use crate::yaml::{Limits, SourceMap};

use super::eval::{self, Status};
use super::load::CompiledPolicy;
use super::model::{Expected, PolicyTest};

/// The incident every policy test starts from.
pub const BASE_INCIDENT: &str = "\
format: disclose/incident@1
id: POLICY-TEST
title: { ko: 정책 시험용 사고, en: Policy test incident }
timezone: Asia/Seoul
organization:
  name: { ko: 시험 주식회사, en: Test Co. }
  privacy_officer:
    title: { ko: 개인정보 보호책임자, en: Chief Privacy Officer }
    email: privacy@test.example
  contact_point:
    department: { ko: 고객센터, en: Customer centre }
    phone: \"1588-0000\"
timeline:
  occurred_from: 2025-01-06T09:00:00+09:00
  discovered_at: 2025-01-06T10:00:00+09:00
cause:
  kind: misdelivery
  external: false
  description: { ko: 시험용 사고입니다., en: A test incident. }
affected:
  subjects: 1
  by_jurisdiction: { KR: 1 }
  data:
    - { category: name, subjects: 1 }
";

/// Merges `over` into `base`: the document and its sections merge key by key (`levels` deep);
/// below that, and for anything that is not a mapping, the new value replaces the old.
pub fn merge(base: &mut Value, over: &Value, levels: usize) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) if levels > 0 => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(slot) => merge(slot, v, levels - 1),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

/// Builds a test's incident, or says why it is not a valid incident.
pub fn test_incident(overrides: &Value) -> Result<Incident, String> {
    let mut doc: Value = crate::yaml::from_str(BASE_INCIDENT, &Limits::DEFAULT)
        .map_err(|e| format!("the base test incident does not parse: {e}"))?;
    if !overrides.is_null() {
        merge(&mut doc, overrides, 2);
    }
    let zone = doc
        .get("timezone")
        .and_then(Value::as_str)
        .and_then(|z| z.parse::<chrono_tz::Tz>().ok())
        .unwrap_or(chrono_tz::Tz::UTC);
    let inc: Incident = incident::time::with_zone(zone, || serde_json::from_value(doc))
        .map_err(|e| format!("the test incident is not valid: {e}"))?;
    let report = incident::validate::validate(&inc, &SourceMap::default());
    if report.has_errors() {
        let msgs: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        return Err(format!(
            "the test incident is not valid: {}",
            msgs.join("; ")
        ));
    }
    Ok(inc)
}

/// The result of one policy test.
#[derive(Debug)]
pub struct TestResult {
    /// The test's name.
    pub name: String,
    /// What did not match; empty when the test passed.
    pub failures: Vec<String>,
}

/// Runs every test of one policy.
/// Runs every test of one policy, inline and from sibling files. Problems with a test's own
/// incident are reported against the file the test is in: (file, text, report) per file.
pub fn run_tests(p: &CompiledPolicy) -> (Vec<TestResult>, Vec<(String, String, Report)>) {
    let mut results = Vec::new();
    let mut problems = Vec::new();
    let files = std::iter::once((
        p.origin.display(),
        p.text.as_ref(),
        p.map(),
        &p.policy.tests,
    ))
    .chain(
        p.sibling_tests
            .iter()
            .map(|s| (s.origin.display(), s.text.as_str(), &s.map, &s.tests)),
    );
    for (name, text, map, tests) in files {
        let mut report = Report::default();
        for (i, t) in tests.iter().enumerate() {
            let failures = match run_one(p, t) {
                Ok(f) => f,
                Err(e) => {
                    report.push(
                        Diagnostic::error(
                            format!("test `{}`: {e}", t.name),
                            map.pos(&format!("tests[{i}].incident")),
                        )
                        .hint("fix the test's `incident:` facts; they are merged over the base test incident"),
                    );
                    vec![e]
                }
            };
            results.push(TestResult {
                name: t.name.clone(),
                failures,
            });
        }
        if !report.diagnostics.is_empty() {
            problems.push((name, text.to_string(), report));
        }
    }
    (results, problems)
}

/// Rules (obligations, controls, penalties, violations) and triggers that no test mentions.
pub fn untested(p: &CompiledPolicy) -> Vec<String> {
    let all_tests: Vec<&PolicyTest> = p
        .policy
        .tests
        .iter()
        .chain(p.sibling_tests.iter().flat_map(|s| s.tests.iter()))
        .collect();
    let mut out = Vec::new();
    for id in super::load::rule_ids(&p.policy) {
        if !all_tests.iter().any(|t| t.expect.contains_key(&id)) {
            out.push(id);
        }
    }
    for o in &p.policy.obligations {
        for tr in &o.triggers {
            let fired = all_tests
                .iter()
                .any(|t| t.triggers.get(&o.id).is_some_and(|v| v.contains(&tr.id)));
            if !fired {
                out.push(format!("{}/{} (trigger)", o.id, tr.id));
            }
        }
    }
    out.sort();
    out
}

fn run_one(p: &CompiledPolicy, t: &PolicyTest) -> Result<Vec<String>, String> {
    let inc = test_incident(&t.incident)?;
    let as_of: DateTime<FixedOffset> = t
        .as_of
        .map(|a| a.instant())
        .unwrap_or_else(|| inc.timeline.discovered_at.instant() + Duration::days(365));
    let ev = eval::evaluate(&[p], &inc, as_of);
    let mut failures = Vec::new();
    let applies = ev.policies.first().is_some_and(|o| o.applies);
    if let Some(expected) = t.applies
        && expected != applies
    {
        failures.push(format!(
            "the policy {} apply, expected it {}",
            if applies { "does" } else { "does not" },
            if expected { "to" } else { "not to" }
        ));
    }
    for (id, want) in &t.expect {
        let got: String = if let Some(o) = ev.obligations.iter().find(|o| &o.id == id) {
            o.status.name().to_string()
        } else if let Some(c) = ev.controls.iter().find(|c| &c.id == id) {
            c.status.to_string()
        } else if let Some(pen) = ev.penalties.iter().find(|x| &x.id == id) {
            if pen.applies {
                "applies"
            } else {
                "not_applicable"
            }
            .to_string()
        } else if let Some(v) = ev.violations.iter().find(|x| &x.id == id) {
            if v.applies {
                "applies"
            } else {
                "not_applicable"
            }
            .to_string()
        } else {
            // The policy did not apply, so none of its rules do.
            "not_applicable".to_string()
        };
        let want_name = expected_name(*want);
        if got != want_name {
            let detail = ev
                .obligations
                .iter()
                .find(|o| &o.id == id)
                .map(describe)
                .unwrap_or_default();
            failures.push(format!(
                "`{id}`\n      - expected: {want_name}\n      + actual:   {got}{detail}"
            ));
        }
    }
    for (id, want) in &t.due {
        let got = ev
            .obligations
            .iter()
            .find(|o| &o.id == id)
            .and_then(|o| o.due.as_ref());
        match got {
            Some(d) if d.utc == want.instant() => {}
            Some(d) => failures.push(format!(
                "`{id}` due\n      - expected: {}\n      + actual:   {}",
                want.instant().to_rfc3339(),
                d.local.to_rfc3339()
            )),
            None => failures.push(format!(
                "`{id}`: no due time, expected {}",
                want.instant().to_rfc3339()
            )),
        }
    }
    for (id, want) in &t.triggers {
        let got = ev
            .obligations
            .iter()
            .find(|o| &o.id == id)
            .map(|o| o.triggers.clone())
            .unwrap_or_default();
        let (mut a, mut b) = (got.clone(), want.clone());
        a.sort();
        b.sort();
        if a != b {
            failures.push(format!(
                "`{id}` triggers\n      - expected: {}\n      + actual:   {}",
                b.join(", "),
                a.join(", ")
            ));
        }
    }
    Ok(failures)
}

fn describe(o: &eval::ObligationOutcome) -> String {
    match &o.status {
        Status::Unknown { missing } => format!(" (missing: {})", missing.join(", ")),
        Status::Missed {
            detail: Some(d), ..
        } => format!(" ({d})"),
        _ => o
            .due
            .as_ref()
            .map(|d| format!(" (due {})", d.local.to_rfc3339()))
            .unwrap_or_default(),
    }
}

fn expected_name(e: Expected) -> &'static str {
    match e {
        Expected::NotApplicable => "not_applicable",
        Expected::Met => "met",
        Expected::Missed => "missed",
        Expected::Overdue => "overdue",
        Expected::Pending => "pending",
        Expected::Unknown => "unknown",
        Expected::Pass => "pass",
        Expected::Gap => "gap",
        Expected::Applies => "applies",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_incident_is_valid() {
        let inc = test_incident(&Value::Null).unwrap();
        assert_eq!(inc.affected.subjects, 1);
    }

    #[test]
    fn sections_merge_and_field_values_replace() {
        let over = serde_json::json!({ "affected": { "subjects": 1500, "by_jurisdiction": { "KR": 1500 } } });
        let inc = test_incident(&over).unwrap();
        assert_eq!(inc.affected.subjects, 1500);
        assert_eq!(inc.affected.data.len(), 1);
        assert_eq!(inc.affected.by_jurisdiction["KR"], 1500);
        let over = serde_json::json!({ "affected": { "by_jurisdiction": { "DE": 1 } } });
        let inc = test_incident(&over).unwrap();
        assert_eq!(
            inc.affected.by_jurisdiction.len(),
            1,
            "the field is replaced, not merged"
        );
    }

    #[test]
    fn an_invalid_test_incident_is_reported() {
        let over = serde_json::json!({ "affected": { "data": [ { "category": "emial" } ] } });
        let e = test_incident(&over).unwrap_err();
        assert!(e.contains("unknown data category"), "{e}");
    }
}
