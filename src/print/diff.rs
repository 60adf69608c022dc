//! The printers of `disclose diff`: a [`Comparison`] as text for an officer reviewing a
//! supplementary report, and as the JSON form `disclose/diff@1` (documented in
//! `docs/diff.md`; fields are only ever added).
//!
//! The text gives the facts first (what the new version says differently), then what the law
//! makes of them: laws, places and roles no law here assesses, then obligations, each with its
//! old and new standing.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::Serialize;

use crate::diag::Color;
use crate::incident::Text;
use crate::incident::diff::Change;
use crate::policy::compare::{Comparison, LawStanding, Shift, Standing};
use crate::yaml::flow;

use super::{local, utc};

/// Colour for the diff's status words: an SGR code around the text, or the text alone.
struct Paint(Color);

impl Paint {
    fn c(&self, code: &str, s: &str) -> String {
        match self.0 {
            Color::Never => s.to_string(),
            Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
        }
    }
}

/// One side of the comparison: the file as the user named it, and the incident's id.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Side<'a> {
    /// The file.
    pub file: &'a str,
    /// The incident's id.
    pub incident: &'a str,
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    format: &'static str,
    tool: &'static str,
    version: &'static str,
    old: Side<'a>,
    new: Side<'a>,
    as_of: DateTime<FixedOffset>,
    changed: bool,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

/// The JSON form, `disclose/diff@1`.
pub fn diff_json(
    c: &Comparison,
    old: Side<'_>,
    new: Side<'_>,
    as_of: DateTime<FixedOffset>,
) -> String {
    let mut s = serde_json::to_string_pretty(&JsonDiff {
        format: "disclose/diff@1",
        tool: "disclose",
        version: crate::VERSION,
        old,
        new,
        as_of,
        changed: !c.is_empty(),
        comparison: c,
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

fn en(t: &Text) -> &str {
    t.get("en").or(t.get("ko")).unwrap_or_default()
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// How an obligation stands, in a phrase: `met by actions[1] on 2025-11-20 10:00 KST, due
/// 2025-11-21 22:52 KST`, then what was wrong or is missing.
fn standing(s: &Standing, zone: Tz) -> String {
    let mut out = s.status.to_string();
    match (s.action, s.action_at) {
        (Some(i), Some(at)) if s.status == "met" => {
            let _ = write!(out, " by actions[{i}] on {}", local(at, zone));
        }
        (Some(i), Some(at)) => {
            let _ = write!(out, " (actions[{i}] on {})", local(at, zone));
        }
        _ => {}
    }
    if let Some(due) = s.due {
        let _ = write!(out, ", due {}", local(due, zone));
    }
    if let Some(d) = &s.detail {
        let _ = write!(out, ": {d}");
    }
    if !s.missing.is_empty() {
        let _ = write!(out, ": missing {}", s.missing.join(", "));
    }
    out
}

fn law_standing(s: &LawStanding) -> String {
    format!(
        "{} ({} version {})",
        if s.applies {
            "applies"
        } else {
            "does not apply"
        },
        s.policy,
        s.version
    )
}

/// The text form. `zone` is the new version's zone, in which times are shown.
pub fn diff_text(
    c: &Comparison,
    old: Side<'_>,
    new: Side<'_>,
    as_of: DateTime<FixedOffset>,
    zone: Tz,
    color: Color,
) -> String {
    let p = Paint(color);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        p.c("1", &format!("--- {} ({})", old.file, old.incident))
    );
    let _ = writeln!(
        s,
        "{}",
        p.c("1", &format!("+++ {} ({})", new.file, new.incident))
    );
    let _ = writeln!(s, "as of {} ({})\n", local(as_of, zone), utc(as_of));
    if c.is_empty() {
        let _ = writeln!(
            s,
            "No changes: both versions state the same facts, and the same obligations stand."
        );
        return s;
    }
    let _ = writeln!(
        s,
        "{}",
        p.c("1", &format!("Facts: {}", plural(c.facts.len(), "change")))
    );
    for f in &c.facts {
        let moved = f
            .old_path
            .as_ref()
            .map(|o| format!(" (was {o})"))
            .unwrap_or_default();
        let line = match f.change {
            Change::Added => format!(
                "  {} {}: {}",
                p.c("32", "added  "),
                f.path,
                f.new.as_ref().map(flow).unwrap_or_default()
            ),
            Change::Removed => format!(
                "  {} {}: {}",
                p.c("31", "removed"),
                f.path,
                f.old.as_ref().map(flow).unwrap_or_default()
            ),
            Change::Changed => format!(
                "  {} {}{moved}: {} → {}",
                p.c("33", "changed"),
                f.path,
                f.old.as_ref().map(flow).unwrap_or_default(),
                f.new.as_ref().map(flow).unwrap_or_default()
            ),
        };
        let _ = writeln!(s, "{line}");
    }
    if !c.laws.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            p.c("1", &format!("Laws: {}", plural(c.laws.len(), "change")))
        );
        for l in &c.laws {
            let was = l
                .old
                .as_ref()
                .map_or("not in force".to_string(), law_standing);
            let now = l
                .new
                .as_ref()
                .map_or("not in force".to_string(), law_standing);
            let _ = writeln!(s, "  {}: {was} → {now}", en(&l.short));
        }
    }
    if !c.not_assessed.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            p.c(
                "1",
                &format!("Not assessed: {}", plural(c.not_assessed.len(), "change"))
            )
        );
        for n in &c.not_assessed {
            let people = match n.subjects {
                Some(1) => ", 1 person".to_string(),
                Some(k) => format!(", {k} people"),
                None => String::new(),
            };
            let (word, code) = match n.change {
                Shift::Appeared => ("appeared   ", "32"),
                _ => ("disappeared", "31"),
            };
            let _ = writeln!(
                s,
                "  {} {} ({}{people}): {}",
                p.c(code, word),
                n.code,
                n.attach.field(),
                en(&n.reason)
            );
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        p.c(
            "1",
            &format!("Obligations: {}", plural(c.obligations.len(), "change"))
        )
    );
    if c.obligations.is_empty() {
        let _ = writeln!(s, "  none: every obligation stands as it did");
    }
    for o in &c.obligations {
        let name = format!("{}: {} ({}/{})", en(&o.law), en(&o.title), o.family, o.id);
        let line = match (o.change, &o.old, &o.new) {
            (Shift::Appeared, _, Some(n)) => format!(
                "  {} {name}\n      now {}",
                p.c("32", "appeared   "),
                standing(n, zone)
            ),
            (Shift::Disappeared, Some(w), _) => format!(
                "  {} {name}\n      was {}",
                p.c("31", "disappeared"),
                standing(w, zone)
            ),
            (_, Some(w), Some(n)) => format!(
                "  {} {name} ({})\n      was {}\n      now {}",
                p.c("33", "changed    "),
                o.fields.join(", "),
                standing(w, zone),
                standing(n, zone)
            ),
            _ => continue,
        };
        let _ = writeln!(s, "{line}");
    }
    s
}
