//! The iCalendar printer: `disclose deadlines --ics FILE`, for the officer's calendar.
//!
//! One event per due time (RFC 5545: CRLF lines folded at 75 octets, never inside a
//! character; text escaped). The output is deterministic: `DTSTAMP` is the evaluation time, and
//! UIDs are built from the incident, policy and obligation ids.

use chrono::{DateTime, FixedOffset};

use crate::incident::Incident;
use crate::policy::eval::{Evaluation, Status};

use super::{short_of, unconfirmed};

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
