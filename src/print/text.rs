//! The text printer: `disclose check` as an officer reads it at a terminal.
//!
//! What no policy assesses comes first, then the laws that apply, each law's obligations soonest
//! first, with their due times in the incident's zone and in UTC, statuses, citations, control
//! gaps and penalty exposure. What does not concern the incident (laws that do not apply or are
//! not in force, controls that pass) is counted in one line, and listed with `--verbose`;
//! not-assessed findings are always listed, in every form. Escaping, wrapping and colour are
//! [`super::layout`]'s: statuses are coloured MISSED/OVERDUE red, PENDING yellow, MET green, NOT
//! ASSESSED and UNKNOWN magenta.

use std::fmt::Write as _;

use chrono_tz::Tz;

use crate::incident::Incident;
use crate::incident::validate::fmt_count;
use crate::policy::eval::{Due, Evaluation, ObligationOutcome, Status};

use super::layout::{Doc, Layout};
use super::{
    action_label, cannot_compute, human, local, not_assessed_codes, short_of, timing_en,
    unconfirmed, utc,
};

/// What the text report shows besides what it always shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Also the laws that do not apply or are not in force, and every control, passed or not.
    pub verbose: bool,
    /// One line per obligation (and per not-assessed finding), then the counts.
    pub brief: bool,
}

/// The label and colour of an obligation's status.
fn status_label(status: &Status) -> (&'static str, &'static str) {
    match status {
        Status::Met { .. } => ("MET    ", "1;32"),
        Status::Missed { .. } => ("MISSED ", "1;31"),
        Status::Overdue { .. } => ("OVERDUE", "1;31"),
        Status::Pending { .. } => ("PENDING", "1;33"),
        Status::Unknown { .. } => ("UNKNOWN", "1;35"),
        Status::NotApplicable => ("N/A    ", "2"),
    }
}

/// A not-assessed finding's label (style and word) and its reason, as both the full and the
/// brief form print it.
fn not_assessed(n: &crate::policy::coverage::NotAssessed) -> (&'static str, &'static str, String) {
    let (style, label) = if n.accepted {
        ("2", "accepted")
    } else {
        ("1;35", "NOT ASSESSED")
    };
    (
        style,
        label,
        format!(" {}", n.reason.en.as_deref().unwrap_or(&n.code)),
    )
}

/// The text report. What an officer needs is always there: the laws that apply, every
/// not-assessed finding (never hidden), the obligations with status and due time, control gaps,
/// violations and penalty exposure; the laws that do not apply and the controls that pass are
/// counted in one line each, and listed with `verbose`.
pub fn text(ev: &Evaluation, inc: &Incident, layout: Layout, opts: TextOptions) -> String {
    if opts.brief {
        return brief(ev, inc, layout);
    }
    let mut d = Doc::new(layout);
    let zone = inc.timezone.0;
    let title = inc
        .title
        .get("en")
        .or(inc.title.get("ko"))
        .unwrap_or_default();
    d.line(0, 2, &[("1", &inc.id), ("", &format!(" · {title}"))]);
    d.line(
        0,
        2,
        &[(
            "",
            &format!(
                "as of {} ({}) · discovered {}",
                local(ev.as_of, zone),
                utc(ev.as_of),
                local(inc.timeline.discovered_at.instant(), zone)
            ),
        )],
    );
    d.blank();
    if !ev.not_assessed.is_empty() {
        let open = ev.not_assessed.iter().filter(|n| !n.accepted).count();
        d.line(
            0,
            2,
            &[(
                if open > 0 { "1;33" } else { "1" },
                "Not assessed: no policy in force answers for these",
            )],
        );
        for n in &ev.not_assessed {
            let (style, label, reason) = not_assessed(n);
            d.line(2, 17, &[(style, &format!("{label:<14}")), ("", &reason)]);
        }
        if open > 0 {
            d.line(
                2,
                4,
                &[(
                    "",
                    &format!(
                        "= help: add a policy for each (docs/policies.md), or pass --accept-unassessed {} if they are handled outside disclose",
                        not_assessed_codes(ev).join(",")
                    ),
                )],
            );
        }
        d.blank();
    }
    laws(&mut d, ev, opts.verbose);
    let applicable: Vec<&ObligationOutcome> = ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
        .collect();
    d.blank();
    d.line(0, 2, &[("1", "Obligations, soonest due first")]);
    if applicable.is_empty() {
        d.line(2, 4, &[("", "none apply")]);
    }
    for o in &applicable {
        obligation(&mut d, ev, inc, o);
    }
    let na: Vec<String> = ev
        .obligations
        .iter()
        .filter(|o| matches!(o.status, Status::NotApplicable))
        .map(|o| format!("{} {}", short_of(ev, &o.policy), o.id))
        .collect();
    if !na.is_empty() {
        d.line(
            2,
            4,
            &[
                ("2", "not applicable:"),
                ("", &format!(" {}", na.join(", "))),
            ],
        );
    }
    coverage(&mut d, ev);
    controls(&mut d, ev, opts.verbose);
    let shown: Vec<_> = ev.violations.iter().filter(|v| v.applies).collect();
    if !shown.is_empty() {
        d.blank();
        d.line(0, 2, &[("1", "Other violations the facts show")]);
        for v in shown {
            d.line(
                2,
                12,
                &[
                    ("1;31", "VIOLATION"),
                    (
                        "",
                        &format!(
                            " {} · {} ({})",
                            short_of(ev, &v.policy),
                            v.title.en.as_deref().unwrap_or(&v.id),
                            crate::policy::eval::join_facts(&v.facts)
                        ),
                    ),
                ],
            );
            d.line(11, 13, &[("", v.finding.en.as_deref().unwrap_or_default())]);
            d.line(
                11,
                13,
                &[("2", &v.citation.en), ("1;35", unconfirmed(v.confirmed))],
            );
        }
    }
    let possible: Vec<_> = ev.penalties.iter().filter(|x| x.applies).collect();
    if !possible.is_empty() {
        d.blank();
        d.line(0, 2, &[("1", "Penalty exposure")]);
        for pen in possible {
            let cap = match (pen.max_amount, &pen.currency) {
                (Some(a), Some(c)) => format!("up to {c} {}", fmt_count(a)),
                _ => "not computed".to_string(),
            };
            d.line(
                2,
                4,
                &[(
                    "",
                    &format!(
                        "{cap} · {} · {}{}",
                        short_of(ev, &pen.policy),
                        pen.title.en.as_deref().unwrap_or(&pen.id),
                        if pen.basis.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", pen.basis)
                        }
                    ),
                )],
            );
            d.line(
                11,
                13,
                &[
                    ("2", &pen.citation.en),
                    ("1;35", unconfirmed(pen.confirmed)),
                ],
            );
        }
    }
    d.blank();
    d.line(0, 2, &[("", &totals(ev))]);
    d.finish()
}

/// `met, missed, overdue, pending, unknown; control gaps`, the report's last line.
pub(super) fn totals(ev: &Evaluation) -> String {
    let count = |name: &str| {
        ev.obligations
            .iter()
            .filter(|o| !matches!(o.status, Status::NotApplicable))
            .filter(|o| o.status.name() == name)
            .count()
    };
    let gaps = ev.controls.iter().filter(|c| c.status == "gap").count();
    format!(
        "{} met, {} missed, {} overdue, {} pending, {} unknown; {} control gap{}",
        count("met"),
        count("missed"),
        count("overdue"),
        count("pending"),
        count("unknown"),
        gaps,
        if gaps == 1 { "" } else { "s" }
    )
}

/// `check --brief`: one line per not-assessed finding and per applicable obligation (status,
/// due time in the incident's zone, law and title), then the counts. Lines are never wrapped:
/// one obligation, one line, also on a terminal.
fn brief(ev: &Evaluation, inc: &Incident, layout: Layout) -> String {
    let zone = inc.timezone.0;
    let mut d = Doc::new(Layout {
        width: None,
        ..layout
    });
    for n in &ev.not_assessed {
        let (style, label, reason) = not_assessed(n);
        d.line(0, 0, &[(style, &format!("{label:<12}")), ("", &reason)]);
    }
    for o in ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
    {
        let (label, code) = status_label(&o.status);
        let due = match &o.due {
            Some(due) => local(due.local, zone),
            None if o.within.is_some() => "cannot compute".to_string(),
            None => "no due time computed".to_string(),
        };
        d.line(
            0,
            0,
            &[
                (code, label),
                (
                    "",
                    &format!(
                        "      {due:<20}  {} · {}",
                        short_of(ev, &o.policy),
                        with_basis(o.title.en.as_deref().unwrap_or(&o.id), o.basis)
                    ),
                ),
            ],
        );
    }
    d.line(0, 0, &[("", &format!("{}: {}", inc.id, totals(ev)))]);
    d.finish()
}

/// The laws: those that apply, each on its own line; the others counted in one line, or listed
/// with `verbose`.
fn laws(d: &mut Doc, ev: &Evaluation, verbose: bool) {
    d.line(0, 2, &[("1", "Laws")]);
    let mut not_applying = 0;
    for pol in &ev.policies {
        if !pol.applies && !verbose {
            not_applying += 1;
            continue;
        }
        let facts = crate::policy::eval::join_facts(&pol.facts);
        let label = if pol.applies {
            ("1;32", "applies       ")
        } else {
            ("2", "does not apply")
        };
        let rest = format!(
            " {} (version {}){}",
            pol.title.en.as_deref().unwrap_or(&pol.id),
            pol.version,
            if facts.is_empty() {
                String::new()
            } else {
                format!(" — {facts}")
            }
        );
        d.line(2, 17, &[label, ("", &rest)]);
        if let (Some(why), true) = (&pol.no_duty, pol.applies) {
            d.line(
                17,
                19,
                &[(
                    "",
                    &format!(
                        "assessed: no statutory duty to notify or report — {}",
                        why.en.as_deref().unwrap_or_default()
                    ),
                )],
            );
        }
    }
    // Another version of a law listed above is no news: count those, list only families with no
    // version in force (their people, if any, are in the Not assessed block).
    let mut other_versions = 0;
    let mut not_in_force = 0;
    for n in &ev.not_in_force {
        if ev.policies.iter().any(|pol| pol.family == n.family) {
            other_versions += 1;
        } else if verbose {
            d.line(
                2,
                17,
                &[
                    ("2", "not in force  "),
                    ("", &format!(" {}: {}", n.id, n.reason)),
                ],
            );
        } else {
            not_in_force += 1;
        }
    }
    if verbose && other_versions > 0 {
        d.line(
            2,
            17,
            &[
                ("2", "not in force  "),
                (
                    "",
                    &format!(
                        " {other_versions} other version{} of the laws above (`disclose policy list` shows every version)",
                        if other_versions == 1 { "" } else { "s" }
                    ),
                ),
            ],
        );
    }
    if !verbose {
        not_in_force += other_versions;
        let mut parts = Vec::new();
        if not_applying > 0 {
            let more = if ev.policies.iter().any(|p| p.applies) {
                "more "
            } else {
                ""
            };
            parts.push(if not_applying == 1 {
                format!("1 {more}policy does not apply")
            } else {
                format!("{not_applying} {more}policies do not apply")
            });
        }
        if not_in_force > 0 {
            parts.push(format!(
                "{not_in_force} {} not in force",
                if not_in_force == 1 { "is" } else { "are" }
            ));
        }
        if !parts.is_empty() {
            d.line(
                2,
                4,
                &[(
                    "2",
                    &format!("{}; --verbose lists them", parts.join(" and ")),
                )],
            );
        }
    }
}

/// One applicable obligation: status, due time, law and title, then what was done or is left,
/// and its citation.
fn obligation(d: &mut Doc, ev: &Evaluation, inc: &Incident, o: &ObligationOutcome) {
    let zone = inc.timezone.0;
    let (label, code) = status_label(&o.status);
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
        Some(due) => format!("due {} ({})", local(due.local, zone), utc(due.local)),
        None if o.within.is_some() => {
            format!("due: cannot compute ({})", cannot_compute(o))
        }
        // "No due time computed" rather than "no fixed period": a law's period that disclose
        // cannot count (Illinois' five business days, with no Illinois calendar) is shown the
        // same way, by its words.
        None => format!("due {} (no due time computed)", timing_en(o)),
    };
    let head = format!(
        " {due}  {} · {}",
        short_of(ev, &o.policy),
        with_basis(o.title.en.as_deref().unwrap_or(&o.id), o.basis)
    );
    d.line(2, 10, &[(code, label), ("", &head)]);
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
                (Some(i), Some(at), Some(dt)) => {
                    format!("{} on {}: {dt}", action_label(inc, *i), local(*at, zone))
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
    d.line(11, 13, &[("", &detail)]);
    if let Some(dl) = &o.delayed {
        d.line(
            11,
            13,
            &[(
                "",
                &format!(
                    "law-enforcement delay: {}{}, from {} to {}; without it due {}",
                    dl.authority,
                    dl.reference
                        .as_deref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default(),
                    local(dl.from, zone),
                    local(dl.until, zone),
                    local(dl.original_due, zone)
                ),
            )],
        );
    }
    if !o.triggers.is_empty() {
        d.line(
            11,
            13,
            &[("", &format!("triggered by: {}", o.triggers.join(", ")))],
        );
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
        d.line(11, 13, &[("", &format!("phases: {}", phases.join("; ")))]);
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
                d.line(
                    11,
                    13,
                    &[(
                        "",
                        &format!(
                            "{label}: {} ({}{})",
                            g.title.en.as_deref().unwrap_or(&g.id),
                            g.citation.en,
                            unconfirmed(g.confirmed)
                        ),
                    )],
                );
            }
        }
    }
    d.line(
        11,
        13,
        &[("2", &o.citation.en), ("1;35", unconfirmed(o.confirmed))],
    );
}

/// The controls: gaps and those that cannot be decided, each with its citation; the others
/// counted in one line, or listed with `verbose`.
fn controls(d: &mut Doc, ev: &Evaluation, verbose: bool) {
    if ev.controls.is_empty() {
        return;
    }
    d.blank();
    d.line(0, 2, &[("1", "Controls")]);
    let (mut passed, mut not_applicable) = (0, 0);
    for c in &ev.controls {
        let label = match c.status {
            "pass" => ("1;32", "PASS   "),
            "gap" => ("1;31", "GAP    "),
            "unknown" => ("1;35", "UNKNOWN"),
            _ => ("2", "N/A    "),
        };
        if !verbose && matches!(c.status, "pass" | "not_applicable") {
            if c.status == "pass" {
                passed += 1;
            } else {
                not_applicable += 1;
            }
            continue;
        }
        let facts = crate::policy::eval::join_facts(&c.facts);
        let rest = format!(
            " {:<8} {} · {}{}",
            format!("{:?}", c.severity).to_lowercase(),
            short_of(ev, &c.policy),
            with_basis(c.title.en.as_deref().unwrap_or(&c.id), c.basis),
            if facts.is_empty() {
                String::new()
            } else {
                format!(" ({facts})")
            }
        );
        d.line(2, 19, &[label, ("", &rest)]);
        if c.status == "gap" {
            let gap = format!(
                "{}{}",
                if c.presumed {
                    "Likely gap, inferred from the cause or an open audit finding: "
                } else {
                    ""
                },
                c.gap.en.as_deref().unwrap_or_default()
            );
            d.line(19, 21, &[("", &gap)]);
        }
        d.line(
            19,
            21,
            &[("2", &c.citation.en), ("1;35", unconfirmed(c.confirmed))],
        );
    }
    let mut parts = Vec::new();
    if passed > 0 {
        parts.push(format!(
            "{passed} control{} pass{}",
            if passed == 1 { "" } else { "s" },
            if passed == 1 { "es" } else { "" }
        ));
    }
    if not_applicable > 0 {
        parts.push(format!("{not_applicable} not applicable"));
    }
    if !parts.is_empty() {
        d.line(
            2,
            4,
            &[("2", &format!("{}; --verbose lists them", parts.join(", ")))],
        );
    }
}

/// For a duty with no fixed period: the time on its clock and its review point, with where the
/// point comes from (never statute): `; 10d 0h since discovered_at (2026-11-02 09:30 KST); review
/// point 2026-11-09 09:30 KST after 7d (company policy, not statute: ...)`.
fn undue_en(o: &crate::policy::eval::ObligationOutcome, zone: Tz) -> String {
    let Some(u) = &o.undue else {
        return String::new();
    };
    // Where the clock starts, in words: `discovered_at`, or `the first regulator_report to HHS`.
    let start = match crate::policy::clock::ActionClock::parse(&u.from) {
        Some(crate::policy::clock::ActionClock { kind, to: Some(to) }) => {
            format!("the first {kind} to {to}")
        }
        Some(a) => format!("the first {}", a.kind),
        None => u.from.clone(),
    };
    let mut s = match (u.since, u.elapsed) {
        (Some(since), Some(e)) => {
            format!("; {} since {start} ({})", human(e), local(since, zone))
        }
        _ => format!("; its clock has not started: it starts at {start}"),
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
fn coverage(d: &mut Doc, ev: &Evaluation) {
    if ev.notification_coverage.is_empty() {
        return;
    }
    d.blank();
    d.line(
        0,
        2,
        &[(
            "1",
            "Notification coverage (people the recorded notices reached)",
        )],
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
        let rest = format!(
            " {:<6} {counts}{}",
            r.jurisdiction,
            if required.is_empty() {
                "; no law assessed here requires a notice to them".to_string()
            } else {
                format!("; notice required by {}", required.join(", "))
            }
        );
        d.line(2, 22, &[(code, label), ("", &rest)]);
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
