//! The text printer: `disclose check` as an officer reads it at a terminal.
//!
//! What no policy assesses comes first, then each law's obligations soonest first, with their
//! due times in the incident's zone and in UTC, statuses, citations, control gaps and penalty
//! exposure. Colour is decided by the caller ([`Color`]) and applied only to statuses.

use std::fmt::Write as _;

use chrono_tz::Tz;

use crate::diag::Color;
use crate::incident::Incident;
use crate::incident::validate::fmt_count;
use crate::policy::eval::{Due, Evaluation, ObligationOutcome, Status};

use super::{
    Paint, action_label, cannot_compute, human, local, not_assessed_codes, short_of, timing_en,
    unconfirmed, utc,
};

/// The text report.
pub fn text(ev: &Evaluation, inc: &Incident, color: Color) -> String {
    let p = Paint(color);
    let zone = inc.timezone.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} · {}",
        p.c("1", &inc.id),
        inc.title
            .get("en")
            .or(inc.title.get("ko"))
            .unwrap_or_default()
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
    // Another version of a law listed above is no news: count those, list only families with no
    // version in force (their people, if any, are in the Not assessed block).
    let mut other_versions = 0;
    for n in &ev.not_in_force {
        if ev.policies.iter().any(|pol| pol.family == n.family) {
            other_versions += 1;
            continue;
        }
        let _ = writeln!(s, "  {} {}: {}", p.c("2", "not in force  "), n.id, n.reason);
    }
    if other_versions > 0 {
        let _ = writeln!(
            s,
            "  {} {other_versions} other version{} of the laws above (`disclose policy list` shows every version)",
            p.c("2", "not in force  "),
            if other_versions == 1 { "" } else { "s" }
        );
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
            Status::Overdue { .. } => ("OVERDUE", "1;31"),
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
            with_basis(o.title.en.as_deref().unwrap_or(&o.id), o.basis)
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
            Status::Overdue { past_review } => format!(
                "not done; {} past the review point{}",
                human(*past_review),
                undue_en(o, zone)
            ),
            Status::Pending { left: Some(l) } => format!("not done yet; {} left", human(*l)),
            Status::Pending { left: None } => format!("not done yet{}", undue_en(o, zone)),
            Status::Unknown { missing } => format!("cannot decide: missing {}", missing.join(", ")),
            Status::NotApplicable => String::new(),
        };
        let _ = writeln!(s, "           {detail}");
        if let Some(d) = &o.delayed {
            let _ = writeln!(
                s,
                "           law-enforcement delay: {}{}, from {} to {}; without it due {}",
                d.authority,
                d.reference
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default(),
                local(d.from, zone),
                local(d.until, zone),
                local(d.original_due, zone)
            );
        }
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
        if matches!(
            o.status,
            Status::Missed { .. } | Status::Overdue { .. } | Status::Pending { .. }
        ) {
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
    coverage(&mut s, ev, &p);
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
                with_basis(c.title.en.as_deref().unwrap_or(&c.id), c.basis),
                if facts.is_empty() {
                    String::new()
                } else {
                    format!(" ({facts})")
                }
            );
            if c.status == "gap" {
                let _ = writeln!(
                    s,
                    "                   {}{}",
                    if c.presumed {
                        "Likely gap, inferred from the cause or an open audit finding: "
                    } else {
                        ""
                    },
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
        "\n{} met, {} missed, {} overdue, {} pending, {} unknown; {} control gap{}",
        count("met"),
        count("missed"),
        count("overdue"),
        count("pending"),
        count("unknown"),
        gaps,
        if gaps == 1 { "" } else { "s" }
    );
    s
}

/// For a duty with no fixed period: the time on its clock and its review point, with where the
/// point comes from (never statute): `; 10d 0h since discovered_at (2026-11-02 09:30 KST); review
/// point 2026-11-09 09:30 KST after 7d (company policy, not statute: ...)`.
fn undue_en(o: &crate::policy::eval::ObligationOutcome, zone: Tz) -> String {
    let Some(u) = &o.undue else {
        return String::new();
    };
    let mut s = match (u.since, u.elapsed) {
        (Some(since), Some(e)) => {
            format!("; {} since {} ({})", human(e), u.from, local(since, zone))
        }
        _ => format!(
            "; its clock has not started: it starts at the first {}",
            u.from.trim_start_matches("action:")
        ),
    };
    if let Some(r) = &u.review {
        let basis = match r.basis {
            crate::policy::model::ReviewBasis::Guidance => "regulator guidance",
            crate::policy::model::ReviewBasis::Company => "company policy",
        };
        let _ = write!(
            s,
            "; review point {}after {} ({basis}, not statute: {}{})",
            r.at.map(|a| format!("{} ", local(a, zone)))
                .unwrap_or_default(),
            r.after,
            r.citation.en,
            unconfirmed(r.confirmed)
        );
    }
    s
}

/// Notification coverage: per place, the people the recorded notices reached and those left,
/// with the laws that require their notice.
fn coverage(s: &mut String, ev: &Evaluation, p: &Paint) {
    if ev.notification_coverage.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\n{}",
        p.c(
            "1",
            "Notification coverage (people the recorded notices reached)"
        )
    );
    for r in &ev.notification_coverage {
        let (label, code) = match (r.finding, r.remaining) {
            (true, _) => ("NOT NOTIFIED", "1;31"),
            (false, Some(0)) => ("notified    ", "1;32"),
            (false, Some(_)) => ("not yet     ", "1;33"),
            (false, None) => ("unknown     ", "1;35"),
        };
        let counts = match (r.reached, r.remaining) {
            (Some(reached), Some(left)) => format!(
                "{} affected, {} reached, {} not notified",
                fmt_count(r.affected),
                fmt_count(reached),
                fmt_count(left)
            ),
            _ => format!(
                "{} affected; not determinable: {}",
                fmt_count(r.affected),
                r.note.as_deref().unwrap_or_default()
            ),
        };
        let required: Vec<String> = r
            .required_by
            .iter()
            .map(|q| format!("{} {} ({})", short_of(ev, &q.policy), q.id, q.status))
            .collect();
        let _ = writeln!(
            s,
            "  {} {:<6} {counts}{}",
            p.c(code, label),
            r.jurisdiction,
            if required.is_empty() {
                "; no law assessed here requires a notice to them".to_string()
            } else {
                format!("; notice required by {}", required.join(", "))
            }
        );
    }
}

/// A rule's title, with its basis when that is not the statute (as the reports label it).
fn with_basis(title: &str, basis: &str) -> String {
    match basis {
        "internal" => format!("{title} [internal standard (not a statutory requirement)]"),
        "guidance" => format!("{title} [regulator guidance (not a statutory requirement)]"),
        _ => title.to_string(),
    }
}
