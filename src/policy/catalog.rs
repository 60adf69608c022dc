//! `disclose policy list`: what the law library holds, per policy: its family and version,
//! what it covers, when it is in force, how many rules it has (confirmed or not) and tests; and
//! the holiday calendars business-day deadlines count on, with the years each covers.
//!
//! The same entries give three forms: a table for people, the JSON `disclose/policy-list@1` for
//! programs (stable: fields are only added), and the Markdown of `docs/coverage.md`, which a test
//! keeps equal to what the built-in policies say (as `docs/incident-format.md` is kept equal to
//! the schema), so the documentation of what is covered can never drift from the code.

use std::fmt::Write as _;

use serde::Serialize;

use crate::incident::Text;

use super::coverage;
use super::eval::is_confirmed;
use super::load::CompiledPolicy;

/// Rules of one kind: how many, and how many rest on confirmed text.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Counts {
    /// All of them.
    pub total: usize,
    /// Confirmed (the rule and its source).
    pub confirmed: usize,
    /// Not confirmed.
    pub unconfirmed: usize,
}

/// One policy, as `policy list` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// Its id.
    pub id: String,
    /// Its family.
    pub family: String,
    /// Its rules' version.
    pub version: String,
    /// The law's name.
    pub title: Text,
    /// Its short name.
    pub short: Text,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// Residences and establishments it covers.
    pub jurisdictions: Vec<String>,
    /// Organisation roles it covers.
    pub roles: Vec<String>,
    /// Securities exchanges it covers.
    pub listings: Vec<String>,
    /// The incident date that selects the version.
    pub selected_by: &'static str,
    /// First day in force.
    pub from: chrono::NaiveDate,
    /// Last day in force, if any.
    pub until: Option<chrono::NaiveDate>,
    /// True when this version imposes no duty to notify or report.
    pub no_duty: bool,
    /// Obligations.
    pub obligations: Counts,
    /// Controls.
    pub controls: Counts,
    /// Penalties.
    pub penalties: Counts,
    /// Policy tests (in the file and in sibling test files).
    pub tests: usize,
    /// Where it was read from (`policies/...` for built-ins).
    pub source: String,
}

fn counts<'a, T: 'a>(
    p: &CompiledPolicy,
    rules: &'a [T],
    parts: impl Fn(&'a T) -> (super::model::Status, &'a super::model::Citation),
) -> Counts {
    let confirmed = rules
        .iter()
        .filter(|r| {
            let (s, c) = parts(r);
            is_confirmed(p, s, c)
        })
        .count();
    Counts {
        total: rules.len(),
        confirmed,
        unconfirmed: rules.len() - confirmed,
    }
}

/// A built-in holiday calendar, as `policy list` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct CalendarEntry {
    /// Its id, as deadlines name it (`calendar: us-federal`).
    pub id: String,
    /// The zone its days are counted in.
    pub timezone: String,
    /// First day it has holiday data for.
    pub from: chrono::NaiveDate,
    /// Last day it has holiday data for: a business-day deadline past it cannot be computed.
    pub until: chrono::NaiveDate,
    /// Holidays listed.
    pub holidays: usize,
    /// Sources marked unconfirmed (dates computed from the rules before they were announced).
    pub unconfirmed_sources: usize,
}

/// The built-in holiday calendars, by id.
pub fn calendars() -> Vec<CalendarEntry> {
    let mut out: Vec<CalendarEntry> = super::calendar::Calendar::builtin_ids()
        .filter_map(super::calendar::Calendar::builtin)
        .map(|c| CalendarEntry {
            id: c.id().to_string(),
            timezone: c.timezone().name().to_string(),
            from: c.covers().from,
            until: c.covers().until,
            holidays: c.holidays().len(),
            unconfirmed_sources: c.unconfirmed_sources().count(),
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The entries of `policies`, by family, then by first day in force.
pub fn entries(policies: &[&CompiledPolicy]) -> Vec<Entry> {
    let mut out: Vec<Entry> = policies
        .iter()
        .map(|cp| {
            let p = &cp.policy;
            let covers = coverage::covers(p);
            Entry {
                id: p.id.clone(),
                family: coverage::family(p).to_string(),
                version: p.version.clone(),
                title: p.title.clone(),
                short: p.short.clone(),
                jurisdiction: p.jurisdiction.clone(),
                jurisdictions: covers.jurisdictions,
                roles: covers.roles,
                listings: covers.listings,
                selected_by: p.selected_by.field(),
                from: p.effective.from.0,
                until: p.effective.until.map(|u| u.0),
                no_duty: p.no_duty.is_some(),
                obligations: counts(cp, &p.obligations, |o| (o.status, &o.citation)),
                controls: counts(cp, &p.controls, |c| (c.status, &c.citation)),
                penalties: counts(cp, &p.penalties, |x| (x.status, &x.citation)),
                tests: p.tests.len()
                    + cp.sibling_tests
                        .iter()
                        .map(|t| t.tests.len())
                        .sum::<usize>(),
                source: cp.origin.display(),
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.family, a.from).cmp(&(&b.family, b.from)));
    out
}

fn period(e: &Entry) -> String {
    format!(
        "{} – {}",
        e.from,
        e.until.map_or(String::new(), |u| u.to_string())
    )
}

fn covered(e: &Entry) -> String {
    let mut parts = e.jurisdictions.clone();
    parts.extend(e.roles.iter().map(|r| format!("role:{r}")));
    parts.extend(e.listings.iter().map(|l| format!("listing:{l}")));
    parts.join(", ")
}

fn rules(c: Counts) -> String {
    if c.unconfirmed == 0 {
        c.total.to_string()
    } else {
        format!("{} ({} unconfirmed)", c.total, c.unconfirmed)
    }
}

/// The obligations cell: "no duty" for a version that imposes none.
fn duties(e: &Entry) -> String {
    if e.no_duty {
        "no duty".into()
    } else {
        rules(e.obligations)
    }
}

/// The table for people.
pub fn text(entries: &[Entry]) -> String {
    let headers = [
        "FAMILY",
        "ID",
        "VERSION",
        "IN FORCE",
        "COVERS",
        "OBLIGATIONS",
        "CONTROLS",
        "PENALTIES",
        "TESTS",
        "SOURCE",
    ];
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.family.clone(),
                e.id.clone(),
                e.version.clone(),
                period(e),
                covered(e),
                duties(e),
                rules(e.controls),
                rules(e.penalties),
                e.tests.to_string(),
                e.source.clone(),
            ]
        })
        .collect();
    let mut width: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&width).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                let _ = write!(s, "{c}{}  ", " ".repeat(w - c.chars().count()));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut s = line(headers.iter().map(|h| h.to_string()).collect());
    for r in rows {
        s.push_str(&line(r));
    }
    let families: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| e.family.as_str()).collect();
    let _ = writeln!(
        s,
        "{} polic{} in {} famil{}",
        entries.len(),
        if entries.len() == 1 { "y" } else { "ies" },
        families.len(),
        if families.len() == 1 { "y" } else { "ies" }
    );
    s.push('\n');
    s.push_str(
        "CALENDAR    ZONE                COVERS                    HOLIDAYS  UNCONFIRMED SOURCES\n",
    );
    for c in calendars() {
        let _ = writeln!(
            s,
            "{:<11} {:<19} {:<25} {:<9} {}",
            c.id,
            c.timezone,
            format!("{} – {}", c.from, c.until),
            c.holidays,
            c.unconfirmed_sources
        );
    }
    s
}

/// The JSON form, `disclose/policy-list@1`.
pub fn json(entries: &[Entry]) -> String {
    let doc = serde_json::json!({
        "format": "disclose/policy-list@1",
        "tool": "disclose",
        "version": crate::VERSION,
        "policies": entries,
        "calendars": calendars(),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// `docs/coverage.md`: generated from the built-in policies.
pub fn markdown(entries: &[Entry]) -> String {
    let mut s = String::from(
        "<!-- Generated by `disclose policy list --format markdown`: do not edit. A test fails when it is stale. -->\n\
         # Coverage: the built-in law library\n\n\
         Every built-in policy, by family (one law, in its versions over time). An incident whose \
         residents, establishment, securities listing or organisation role no policy in force \
         covers gets a **not-assessed** finding (exit code 1), never a silent \"none apply\"; a \
         version marked *no duty* is an assessment that the law imposed no duty to notify or report \
         at that time. How to read and write policies: [policies.md](policies.md).\n\n",
    );
    let mut families: Vec<&str> = entries.iter().map(|e| e.family.as_str()).collect();
    families.dedup();
    let _ = writeln!(
        s,
        "{} families, {} policy versions.\n",
        families.len(),
        entries.len()
    );
    for fam in families {
        let versions: Vec<&Entry> = entries.iter().filter(|e| e.family == fam).collect();
        let first = versions[0];
        let _ = writeln!(
            s,
            "## {fam}: {}\n",
            first.short.en.as_deref().unwrap_or(&first.id)
        );
        let _ = writeln!(
            s,
            "Covers: {} · version chosen by `timeline.{}`\n",
            covered(first),
            first.selected_by
        );
        s.push_str("| id | in force | obligations | controls | penalties | tests | file |\n");
        s.push_str("|---|---|---|---|---|---|---|\n");
        for e in versions {
            let _ = writeln!(
                s,
                "| `{}` {} | {} | {} | {} | {} | {} | `{}` |",
                e.id,
                e.version,
                period(e),
                duties(e),
                rules(e.controls),
                rules(e.penalties),
                e.tests,
                e.source
            );
        }
        s.push('\n');
    }
    s.push_str(
        "## Holiday calendars\n\nBusiness-day deadlines count on these; a deadline past a calendar's last day \
         cannot be computed and says so.\n\n| calendar | zone | covers | holidays | unconfirmed sources |\n|---|---|---|---|---|\n",
    );
    for c in calendars() {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} – {} | {} | {} |",
            c.id, c.timezone, c.from, c.until, c.holidays, c.unconfirmed_sources
        );
    }
    s
}
