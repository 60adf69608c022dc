//! Presenting an [`Evaluation`]: text for an officer, JSON for programs, JUnit and SARIF for CI.
//!
//! The JSON form (`disclose/check@1`) is documented in `docs/check-json.md` and stable: fields are
//! only ever added.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, FixedOffset};
use chrono_tz::Tz;
use serde::Serialize;

use crate::diag::Color;
use crate::incident::Incident;
use crate::incident::validate::fmt_count;
use crate::policy::eval::{Due, Evaluation, ObligationOutcome, Status};
use crate::yaml::SourceMap;

/// Formats a duration as `2d 3h`, `1h 52m` or `12m`.
pub fn human(d: Duration) -> String {
    let secs = d.num_seconds().abs();
    let (days, hours, mins) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

fn local(t: DateTime<FixedOffset>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

fn utc(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&chrono::Utc)
        .format("%Y-%m-%d %H:%M UTC")
        .to_string()
}

fn action_label(inc: &Incident, i: usize) -> String {
    match inc.actions.get(i) {
        Some(a) => match &a.to {
            Some(to) => format!("actions[{i}] {} to {to}", a.kind),
            None => format!("actions[{i}] {}", a.kind),
        },
        None => format!("actions[{i}]"),
    }
}

struct Paint(Color);

impl Paint {
    fn c(&self, code: &str, s: &str) -> String {
        match self.0 {
            Color::Never => s.to_string(),
            Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
        }
    }
}

/// The law's wording for an obligation with no fixed period.
fn timing_en(o: &ObligationOutcome) -> &str {
    o.timing
        .as_ref()
        .and_then(|t| t.en.as_deref())
        .unwrap_or("without undue delay")
}

/// Why the due time of an obligation with a fixed period could not be computed.
fn cannot_compute(o: &ObligationOutcome) -> String {
    match &o.status {
        Status::Unknown { missing } => format!("missing {}", missing.join(", ")),
        _ => "its clock did not start".to_string(),
    }
}

fn short_of(ev: &Evaluation, policy: &str) -> String {
    ev.policies
        .iter()
        .find(|p| p.id == policy)
        .and_then(|p| p.short.en.clone())
        .unwrap_or_else(|| policy.to_string())
}

fn unconfirmed(confirmed: bool) -> &'static str {
    if confirmed { "" } else { " [unconfirmed]" }
}

/// The codes of the not-assessed findings that are not accepted, for `--accept-unassessed`.
fn not_assessed_codes(ev: &Evaluation) -> Vec<String> {
    let mut v: Vec<String> = ev
        .not_assessed
        .iter()
        .filter(|n| !n.accepted)
        .map(|n| n.code.clone())
        .collect();
    v.dedup();
    v
}

/// The text report.
pub fn text(ev: &Evaluation, inc: &Incident, color: Color) -> String {
    let p = Paint(color);
    let zone = inc.timezone.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} · {}",
        p.c("1", &inc.id),
        inc.title.en.as_deref().unwrap_or_default()
    );
    let _ = writeln!(
        s,
        "as of {} ({}) · discovered {}\n",
        local(ev.as_of, zone),
        utc(ev.as_of),
        local(inc.timeline.discovered_at.instant(), zone)
    );
    if !ev.not_assessed.is_empty() {
        let open = ev.not_assessed.iter().filter(|n| !n.accepted).count();
        let _ = writeln!(
            s,
            "{}",
            p.c(
                if open > 0 { "1;33" } else { "1" },
                "Not assessed: no policy in force answers for these"
            )
        );
        for n in &ev.not_assessed {
            let _ = writeln!(
                s,
                "  {} {}",
                if n.accepted {
                    p.c("2", "accepted      ")
                } else {
                    p.c("1;33", "NOT ASSESSED  ")
                },
                n.reason.en.as_deref().unwrap_or(&n.code)
            );
        }
        if open > 0 {
            let _ = writeln!(
                s,
                "  = help: add a policy for each (docs/policies.md), or pass --accept-unassessed {} if they are handled outside disclose",
                not_assessed_codes(ev).join(",")
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{}", p.c("1", "Laws"));
    for pol in &ev.policies {
        let facts = crate::policy::eval::join_facts(&pol.facts);
        let _ = writeln!(
            s,
            "  {} {} (version {}){}{}",
            if pol.applies {
                p.c("1;32", "applies       ")
            } else {
                p.c("2", "does not apply")
            },
            pol.title.en.as_deref().unwrap_or(&pol.id),
            pol.version,
            if facts.is_empty() {
                String::new()
            } else {
                format!(" — {facts}")
            },
            match (&pol.no_duty, pol.applies) {
                (Some(why), true) => format!(
                    "\n                 assessed: no statutory duty to notify or report — {}",
                    why.en.as_deref().unwrap_or_default()
                ),
                _ => String::new(),
            }
        );
    }
    for n in &ev.not_in_force {
        let _ = writeln!(s, "  {} {}: {}", p.c("2", "not in force  "), n.id, n.reason);
    }
    let applicable: Vec<&ObligationOutcome> = ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
        .collect();
    let _ = writeln!(s, "\n{}", p.c("1", "Obligations, soonest due first"));
    if applicable.is_empty() {
        let _ = writeln!(s, "  none apply");
    }
    for o in &applicable {
        let (label, code) = match &o.status {
            Status::Met { .. } => ("MET    ", "1;32"),
            Status::Missed { .. } => ("MISSED ", "1;31"),
            Status::Pending { .. } => ("PENDING", "1;33"),
            Status::Unknown { .. } => ("UNKNOWN", "1;35"),
            Status::NotApplicable => ("N/A    ", "2"),
        };
        let due = match &o.due {
            Some(Due {
                local: l,
                calendar_local: Some(cl),
                ..
            }) => {
                let cz: Tz = cl.zone.parse().unwrap_or(Tz::UTC);
                format!(
                    "due {} ({}; {})",
                    local(cl.at, cz),
                    local(*l, zone),
                    utc(*l)
                )
            }
            Some(d) => format!("due {} ({})", local(d.local, zone), utc(d.local)),
            None if o.within.is_some() => {
                format!("due: cannot compute ({})", cannot_compute(o))
            }
            None => format!("due {} (no fixed period)", timing_en(o)),
        };
        let _ = writeln!(
            s,
            "  {} {due}  {} · {}",
            p.c(code, label),
            short_of(ev, &o.policy),
            o.title.en.as_deref().unwrap_or(&o.id)
        );
        let detail = match &o.status {
            Status::Met {
                action,
                at,
                early_by,
            } => format!(
                "done {} by {}{}",
                local(*at, zone),
                action_label(inc, *action),
                early_by
                    .map(|e| format!(", {} before the deadline", human(e)))
                    .unwrap_or_default()
            ),
            Status::Missed {
                action,
                at,
                late_by,
                late_calendar_days,
                late_business_days,
                detail,
                ..
            } => {
                let by = match late_business_days {
                    Some(b) => format!(
                        "{b} business days ({late_calendar_days} calendar days, {})",
                        human(*late_by)
                    ),
                    None => format!("{} ({late_calendar_days} calendar days)", human(*late_by)),
                };
                match (action, at, detail) {
                    (Some(i), Some(at), Some(d)) => {
                        format!("{} on {}: {d}", action_label(inc, *i), local(*at, zone))
                    }
                    (Some(i), Some(at), None) => format!(
                        "done {} by {}, late by {by}",
                        local(*at, zone),
                        action_label(inc, *i)
                    ),
                    _ => format!("not done; overdue by {by}"),
                }
            }
            Status::Pending { left: Some(l) } => format!("not done yet; {} left", human(*l)),
            Status::Pending { left: None } => "not done yet".to_string(),
            Status::Unknown { missing } => format!("cannot decide: missing {}", missing.join(", ")),
            Status::NotApplicable => String::new(),
        };
        let _ = writeln!(s, "           {detail}");
        if !o.triggers.is_empty() {
            let _ = writeln!(s, "           triggered by: {}", o.triggers.join(", "));
        }
        if o.phases.len() > 1 {
            let phases: Vec<String> = o
                .phases
                .iter()
                .map(|ph| {
                    format!(
                        "{} {}{}",
                        ph.phase,
                        local(ph.at, zone),
                        ph.subjects
                            .map(|n| format!(" ({} subjects)", fmt_count(n)))
                            .unwrap_or_default()
                    )
                })
                .collect();
            let _ = writeln!(s, "           phases: {}", phases.join("; "));
        }
        if matches!(o.status, Status::Missed { .. } | Status::Pending { .. }) {
            for (label, list) in [
                ("delay allowed if", &o.delay_grounds),
                ("not required if", &o.exemptions),
            ] {
                for g in list {
                    let _ = writeln!(
                        s,
                        "           {label}: {} ({}{})",
                        g.title.en.as_deref().unwrap_or(&g.id),
                        g.citation.en,
                        unconfirmed(g.confirmed)
                    );
                }
            }
        }
        let _ = writeln!(
            s,
            "           {}{}",
            p.c("2", &o.citation.en),
            p.c("1;35", unconfirmed(o.confirmed))
        );
    }
    let na: Vec<String> = ev
        .obligations
        .iter()
        .filter(|o| matches!(o.status, Status::NotApplicable))
        .map(|o| format!("{} {}", short_of(ev, &o.policy), o.id))
        .collect();
    if !na.is_empty() {
        let _ = writeln!(s, "  {} {}", p.c("2", "not applicable:"), na.join(", "));
    }
    if !ev.controls.is_empty() {
        let _ = writeln!(s, "\n{}", p.c("1", "Controls"));
        for c in &ev.controls {
            let label = match c.status {
                "pass" => p.c("1;32", "PASS   "),
                "gap" => p.c("1;31", "GAP    "),
                "unknown" => p.c("1;35", "UNKNOWN"),
                _ => p.c("2", "N/A    "),
            };
            let facts = crate::policy::eval::join_facts(&c.facts);
            let _ = writeln!(
                s,
                "  {label} {:<8} {} · {}{}",
                format!("{:?}", c.severity).to_lowercase(),
                short_of(ev, &c.policy),
                c.title.en.as_deref().unwrap_or(&c.id),
                if facts.is_empty() {
                    String::new()
                } else {
                    format!(" ({facts})")
                }
            );
            if c.status == "gap" {
                let _ = writeln!(
                    s,
                    "                   {}",
                    c.gap.en.as_deref().unwrap_or_default()
                );
            }
            let _ = writeln!(
                s,
                "                   {}{}",
                p.c("2", &c.citation.en),
                p.c("1;35", unconfirmed(c.confirmed))
            );
        }
    }
    let shown: Vec<_> = ev.violations.iter().filter(|v| v.applies).collect();
    if !shown.is_empty() {
        let _ = writeln!(s, "\n{}", p.c("1", "Other violations the facts show"));
        for v in shown {
            let _ = writeln!(
                s,
                "  {} {} · {} ({})\n           {}\n           {}{}",
                p.c("1;31", "VIOLATION"),
                short_of(ev, &v.policy),
                v.title.en.as_deref().unwrap_or(&v.id),
                crate::policy::eval::join_facts(&v.facts),
                v.finding.en.as_deref().unwrap_or_default(),
                p.c("2", &v.citation.en),
                p.c("1;35", unconfirmed(v.confirmed))
            );
        }
    }
    let possible: Vec<_> = ev.penalties.iter().filter(|x| x.applies).collect();
    if !possible.is_empty() {
        let _ = writeln!(s, "\n{}", p.c("1", "Penalty exposure"));
        for pen in possible {
            let cap = match (pen.max_amount, &pen.currency) {
                (Some(a), Some(c)) => format!("up to {c} {}", fmt_count(a)),
                _ => "not computed".to_string(),
            };
            let _ = writeln!(
                s,
                "  {cap} · {} · {}{}\n           {}{}",
                short_of(ev, &pen.policy),
                pen.title.en.as_deref().unwrap_or(&pen.id),
                if pen.basis.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", pen.basis)
                },
                p.c("2", &pen.citation.en),
                p.c("1;35", unconfirmed(pen.confirmed))
            );
        }
    }
    let count = |name: &str| {
        applicable
            .iter()
            .filter(|o| o.status.name() == name)
            .count()
    };
    let gaps = ev.controls.iter().filter(|c| c.status == "gap").count();
    let _ = writeln!(
        s,
        "\n{} met, {} missed, {} pending, {} unknown; {} control gap{}",
        count("met"),
        count("missed"),
        count("pending"),
        count("unknown"),
        gaps,
        if gaps == 1 { "" } else { "s" }
    );
    s
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    tool: &'static str,
    version: &'static str,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

/// The JSON report, format `disclose/check@1`.
pub fn json(ev: &Evaluation) -> String {
    let mut s = serde_json::to_string_pretty(&JsonReport {
        format: "disclose/check@1",
        tool: "disclose",
        version: crate::VERSION,
        evaluation: ev,
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

use crate::render::xml_escape as xml;

/// JUnit XML: a test suite per law, a test case per obligation and control.
pub fn junit(ev: &Evaluation, inc: &Incident) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total =
        ev.obligations.len() + ev.controls.len() + ev.not_assessed.len() + ev.violations.len();
    let failures = ev
        .obligations
        .iter()
        .filter(|o| matches!(o.status, Status::Missed { .. }))
        .count()
        + ev.controls.iter().filter(|c| c.status == "gap").count()
        + ev.not_assessed.iter().filter(|n| !n.accepted).count()
        + ev.violations.iter().filter(|v| v.applies).count();
    let _ = writeln!(
        s,
        "<testsuites name=\"disclose check {}\" tests=\"{total}\" failures=\"{failures}\">",
        xml(&inc.id)
    );
    if !ev.not_assessed.is_empty() {
        let open = ev.not_assessed.iter().filter(|n| !n.accepted).count();
        let _ = writeln!(
            s,
            "  <testsuite name=\"coverage\" tests=\"{}\" failures=\"{open}\">",
            ev.not_assessed.len()
        );
        for n in &ev.not_assessed {
            let name = format!("not assessed: {}", n.code);
            let why = n.reason.en.as_deref().unwrap_or_default();
            if n.accepted {
                let _ = writeln!(
                    s,
                    "    <testcase classname=\"coverage\" name=\"{}\"><skipped message=\"accepted: {}\"/></testcase>",
                    xml(&name),
                    xml(why)
                );
            } else {
                let _ = writeln!(
                    s,
                    "    <testcase classname=\"coverage\" name=\"{}\"><failure message=\"not assessed\">{}</failure></testcase>",
                    xml(&name),
                    xml(why)
                );
            }
        }
        let _ = writeln!(s, "  </testsuite>");
    }
    for pol in ev.policies.iter().filter(|p| p.applies) {
        let obs: Vec<_> = ev
            .obligations
            .iter()
            .filter(|o| o.policy == pol.id)
            .collect();
        let cts: Vec<_> = ev.controls.iter().filter(|c| c.policy == pol.id).collect();
        let vs: Vec<_> = ev
            .violations
            .iter()
            .filter(|v| v.policy == pol.id)
            .collect();
        let fails = obs
            .iter()
            .filter(|o| matches!(o.status, Status::Missed { .. }))
            .count()
            + cts.iter().filter(|c| c.status == "gap").count()
            + vs.iter().filter(|v| v.applies).count();
        let _ = writeln!(
            s,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fails}\">",
            xml(&pol.id),
            obs.len() + cts.len() + vs.len()
        );
        for v in vs {
            let name = format!("{}: {}", v.id, v.title.en.as_deref().unwrap_or_default());
            if v.applies {
                let _ = writeln!(
                    s,
                    "    <testcase classname=\"{}\" name=\"{}\"><failure message=\"violation\">{}</failure></testcase>",
                    xml(&pol.id),
                    xml(&name),
                    xml(&v.citation.en)
                );
            } else {
                let _ = writeln!(
                    s,
                    "    <testcase classname=\"{}\" name=\"{}\"><skipped message=\"not applicable\"/></testcase>",
                    xml(&pol.id),
                    xml(&name)
                );
            }
        }
        for o in obs {
            let name = format!("{}: {}", o.id, o.title.en.as_deref().unwrap_or_default());
            let _ = write!(
                s,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&pol.id),
                xml(&name)
            );
            match &o.status {
                Status::Missed { late_by, .. } => {
                    let _ = writeln!(
                        s,
                        "><failure message=\"missed by {}\">{}</failure></testcase>",
                        human(*late_by),
                        xml(&o.citation.en)
                    );
                }
                Status::NotApplicable => {
                    let _ = writeln!(s, "><skipped message=\"not applicable\"/></testcase>");
                }
                Status::Unknown { missing } => {
                    let _ = writeln!(
                        s,
                        "><skipped message=\"unknown: missing {}\"/></testcase>",
                        xml(&missing.join(", "))
                    );
                }
                _ => {
                    let _ = writeln!(s, "/>");
                }
            }
        }
        for c in cts {
            let name = format!("{}: {}", c.id, c.title.en.as_deref().unwrap_or_default());
            let _ = write!(
                s,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&pol.id),
                xml(&name)
            );
            match c.status {
                "gap" => {
                    let _ = writeln!(
                        s,
                        "><failure message=\"control gap\">{}</failure></testcase>",
                        xml(c.gap.en.as_deref().unwrap_or_default())
                    );
                }
                "pass" => {
                    let _ = writeln!(s, "/>");
                }
                other => {
                    let _ = writeln!(s, "><skipped message=\"{other}\"/></testcase>");
                }
            }
        }
        let _ = writeln!(s, "  </testsuite>");
    }
    s.push_str("</testsuites>\n");
    s
}

/// SARIF 2.1.0: one result per missed obligation, pending or unknown obligation, and control gap,
/// located in the incident file.
pub fn sarif(ev: &Evaluation, file: &str, map: &SourceMap) -> String {
    let mut rules = Vec::new();
    let mut results = Vec::new();
    for o in &ev.obligations {
        let (level, msg) = match &o.status {
            Status::Missed { late_by, .. } => ("error", format!("missed by {}", human(*late_by))),
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

/// `disclose deadlines`: every applicable obligation with a due time, soonest first, in the
/// incident's zone and in UTC.
pub fn deadlines_text(ev: &Evaluation, inc: &Incident) -> String {
    let zone = inc.timezone.0;
    let mut s = format!(
        "{} deadlines as of {} ({})\n",
        inc.id,
        local(ev.as_of, zone),
        zone.name()
    );
    for n in &ev.not_assessed {
        let _ = writeln!(
            s,
            "{:<43} {:<8} {}",
            "cannot compute (not assessed)",
            if n.accepted { "accepted" } else { "unknown" },
            n.reason.en.as_deref().unwrap_or(&n.code)
        );
    }
    for o in ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
    {
        let when = match &o.due {
            Some(d) => format!("{:<22} {:<20}", local(d.local, zone), utc(d.local)),
            None if o.within.is_some() => {
                format!("{:<43}", format!("cannot compute ({})", cannot_compute(o)))
            }
            None => format!("{:<43}", timing_en(o)),
        };
        let _ = writeln!(
            s,
            "{when} {:<8} {} · {} ({})",
            o.status.name(),
            short_of(ev, &o.policy),
            o.title.en.as_deref().unwrap_or(&o.id),
            o.citation.en
        );
    }
    s
}

fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds an iCalendar content line at 75 octets (RFC 5545 §3.1), never inside a character.
fn ics_fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for ch in line.chars() {
        let w = ch.len_utf8();
        if width + w > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += w;
    }
    out.push_str("\r\n");
    out
}

/// An iCalendar file with one event per due time, for the officer's calendar. Deterministic:
/// `DTSTAMP` is the evaluation time.
pub fn ics(ev: &Evaluation, inc: &Incident) -> String {
    let fmt = |t: DateTime<FixedOffset>| {
        t.with_timezone(&chrono::Utc)
            .format("%Y%m%dT%H%M%SZ")
            .to_string()
    };
    let mut s = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//disclose//deadlines//EN",
        "CALSCALE:GREGORIAN",
    ] {
        s.push_str(&ics_fold(l));
    }
    for o in &ev.obligations {
        let Some(due) = &o.due else { continue };
        if matches!(o.status, Status::NotApplicable) {
            continue;
        }
        let lines = [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}/{}/{}@disclose", inc.id, o.policy, o.id),
            format!("DTSTAMP:{}", fmt(ev.as_of)),
            format!("DTSTART:{}", fmt(due.local)),
            format!("DTEND:{}", fmt(due.local)),
            format!(
                "SUMMARY:{}",
                ics_text(&format!(
                    "[{}] {} · {}",
                    o.status.name(),
                    short_of(ev, &o.policy),
                    o.title.en.as_deref().unwrap_or(&o.id)
                ))
            ),
            format!(
                "DESCRIPTION:{}",
                ics_text(&format!(
                    "{} — {}{}",
                    inc.id,
                    o.citation.en,
                    unconfirmed(o.confirmed)
                ))
            ),
            "END:VEVENT".to_string(),
        ];
        for l in lines {
            s.push_str(&ics_fold(&l));
        }
    }
    s.push_str(&ics_fold("END:VCALENDAR"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human(Duration::minutes(12)), "12m");
        assert_eq!(human(Duration::minutes(112)), "1h 52m");
        assert_eq!(human(Duration::hours(51)), "2d 3h");
    }

    #[test]
    fn xml_escapes_and_drops_control_characters() {
        assert_eq!(xml("a<b>&\"\u{1}\n"), "a&lt;b&gt;&amp;&quot; ");
    }
}
