//! The SARIF 2.1.0 printer: `disclose check --format sarif`, for code-scanning dashboards.
//!
//! One result per missed, pending or unknown obligation and per control gap, located at the
//! incident file's line and column through its [`SourceMap`], so a finding points at the fact
//! that caused it.

use crate::policy::eval::{Evaluation, Status};
use crate::yaml::SourceMap;

use super::human;

/// SARIF 2.1.0: one result per missed obligation, pending or unknown obligation, and control gap,
/// located in the incident file.
pub fn sarif(ev: &Evaluation, file: &str, map: &SourceMap) -> String {
    let mut rules = Vec::new();
    let mut results = Vec::new();
    for o in &ev.obligations {
        let (level, msg) = match &o.status {
            Status::Missed { late_by, .. } => ("error", format!("missed by {}", human(*late_by))),
            Status::Overdue { past_review } => (
                "error",
                format!(
                    "overdue: {} past the review point (guidance or company policy, not statute)",
                    human(*past_review)
                ),
            ),
            Status::Pending { left: Some(l) } => ("note", format!("pending, {} left", human(*l))),
            Status::Unknown { missing } => (
                "warning",
                format!("cannot decide: missing {}", missing.join(", ")),
            ),
            _ => continue,
        };
        let id = format!("{}/{}", o.policy, o.id);
        rules.push(serde_json::json!({
            "id": id,
            "shortDescription": { "text": o.title.en.clone().unwrap_or_default() },
            "help": { "text": o.citation.en },
        }));
        let field = o
            .clock
            .as_ref()
            // A clock that starts at an action points at the actions, not at a timeline field.
            .filter(|c| !c.from.starts_with("action:"))
            .map(|c| format!("timeline.{}", c.from))
            .unwrap_or_else(|| "actions".into());
        let pos = map.pos(&field);
        results.push(serde_json::json!({
            "ruleId": id,
            "level": level,
            "message": { "text": format!("{}: {msg} ({})", o.title.en.clone().unwrap_or_default(), o.citation.en) },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": file },
                "region": { "startLine": pos.line, "startColumn": pos.col }
            }}]
        }));
    }
    for c in ev.controls.iter().filter(|c| c.status == "gap") {
        let id = format!("{}/{}", c.policy, c.id);
        rules.push(serde_json::json!({
            "id": id,
            "shortDescription": { "text": c.title.en.clone().unwrap_or_default() },
            "help": { "text": c.citation.en },
        }));
        let pos = map.pos("controls");
        results.push(serde_json::json!({
            "ruleId": id,
            "level": "warning",
            "message": { "text": format!("{} ({})", c.gap.en.clone().unwrap_or_default(), c.citation.en) },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": file },
                "region": { "startLine": pos.line, "startColumn": pos.col }
            }}]
        }));
    }
    for v in ev.violations.iter().filter(|v| v.applies) {
        let id = format!("{}/{}", v.policy, v.id);
        rules.push(serde_json::json!({
            "id": id,
            "shortDescription": { "text": v.title.en.clone().unwrap_or_default() },
            "help": { "text": v.citation.en },
        }));
        let pos = map.pos("cause");
        results.push(serde_json::json!({
            "ruleId": id,
            "level": "error",
            "message": { "text": format!("{} ({})", v.finding.en.clone().unwrap_or_default(), v.citation.en) },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": file },
                "region": { "startLine": pos.line, "startColumn": pos.col }
            }}]
        }));
    }
    for n in &ev.not_assessed {
        let id = format!("coverage/{}", n.code);
        rules.push(serde_json::json!({
            "id": id,
            "shortDescription": { "text": format!("not assessed: {}", n.code) },
            "help": { "text": "add a policy that covers it, or pass --accept-unassessed if it is handled outside disclose" },
        }));
        let pos = map.pos(n.attach.field());
        results.push(serde_json::json!({
            "ruleId": id,
            "level": if n.accepted { "note" } else { "warning" },
            "message": { "text": format!("{}{}", n.reason.en.clone().unwrap_or_default(), if n.accepted { " (accepted: handled outside disclose)" } else { "" }) },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": file },
                "region": { "startLine": pos.line, "startColumn": pos.col }
            }}]
        }));
    }
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "disclose",
                "version": crate::VERSION,
                "rules": rules
            }},
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
