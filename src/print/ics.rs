//! The iCalendar printer: `disclose deadlines --ics FILE`, for the officer's calendar.
//!
//! Every obligation still open becomes a calendar component (RFC 5545: CRLF lines folded at 75
//! octets, never inside a character; text escaped): one with a due time an event (`VEVENT`)
//! lasting the hour up to it, with reminders (`VALARM`) 24 hours and 2 hours before while it is
//! pending; a duty without a fixed period ("without undue delay") a task (`VTODO`), since
//! there is no time to put it at. Met obligations are left out: a calendar is for what is still
//! to do, and `deadlines` lists them. The output is deterministic: `DTSTAMP` is the evaluation
//! time, and UIDs are built from the incident, policy and obligation ids.

use chrono::{DateTime, FixedOffset};

use crate::incident::Incident;
use crate::policy::eval::{Evaluation, Status};

use super::{cannot_compute, local, short_of, timing_en, unconfirmed};

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

/// How long an event lasts: the last hour before the due time, so the block in the calendar
/// ends when the obligation is due.
const EVENT_LENGTH: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// When the reminders fire, before the due time (RFC 5545 durations).
const ALARMS: [(&str, &str); 2] = [("-PT24H", "in 24 hours"), ("-PT2H", "in 2 hours")];

fn utc_stamp(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&chrono::Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// An iCalendar file for the officer's calendar. Every obligation not yet met with a due time
/// is an event (the hour up to the due time, with reminders 24 hours and 2 hours before it while
/// it is pending); every one without a fixed period ("without undue delay", or a due time that
/// cannot be computed yet) is a task. Met obligations are left out. Deterministic: `DTSTAMP` is
/// the evaluation time.
pub fn ics(ev: &Evaluation, inc: &Incident) -> String {
    let zone = inc.timezone.0;
    let mut s = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//disclose//deadlines//EN",
        "CALSCALE:GREGORIAN",
    ] {
        s.push_str(&ics_fold(l));
    }
    let open = ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable | Status::Met { .. }));
    for o in open {
        let title = o.title.en.as_deref().unwrap_or(&o.id);
        let head = format!("{} · {}", short_of(ev, &o.policy), title);
        let description = |when: &str| {
            ics_text(&format!(
                "{} — {when} — {}{}",
                inc.id,
                o.citation.en,
                unconfirmed(o.confirmed)
            ))
        };
        let mut lines = Vec::new();
        match &o.due {
            Some(due) => {
                let due_text = format!("due {}", local(due.local, zone));
                lines.extend([
                    "BEGIN:VEVENT".to_string(),
                    format!("UID:{}/{}/{}@disclose", inc.id, o.policy, o.id),
                    format!("DTSTAMP:{}", utc_stamp(ev.as_of)),
                    format!("DTSTART:{}", utc_stamp(due.local - EVENT_LENGTH)),
                    format!("DTEND:{}", utc_stamp(due.local)),
                    format!(
                        "SUMMARY:{}",
                        ics_text(&format!("[{}] {head}", o.status.name()))
                    ),
                    format!("DESCRIPTION:{}", description(&due_text)),
                ]);
                if matches!(o.status, Status::Pending { .. }) {
                    for (trigger, when) in ALARMS {
                        lines.extend([
                            "BEGIN:VALARM".to_string(),
                            "ACTION:DISPLAY".to_string(),
                            format!("TRIGGER;RELATED=END:{trigger}"),
                            format!(
                                "DESCRIPTION:{}",
                                ics_text(&format!("Due {when}: {head} ({})", inc.id))
                            ),
                            "END:VALARM".to_string(),
                        ]);
                    }
                }
                lines.push("END:VEVENT".to_string());
            }
            None => {
                let when = if o.within.is_some() {
                    format!("cannot compute the due time ({})", cannot_compute(o))
                } else {
                    timing_en(o).to_string()
                };
                lines.extend([
                    "BEGIN:VTODO".to_string(),
                    format!("UID:{}/{}/{}@disclose", inc.id, o.policy, o.id),
                    format!("DTSTAMP:{}", utc_stamp(ev.as_of)),
                    format!(
                        "SUMMARY:{}",
                        ics_text(&format!("[{}] {head} ({when})", o.status.name()))
                    ),
                    format!("DESCRIPTION:{}", description(&when)),
                    "STATUS:NEEDS-ACTION".to_string(),
                    "END:VTODO".to_string(),
                ]);
            }
        }
        for l in lines {
            s.push_str(&ics_fold(&l));
        }
    }
    s.push_str(&ics_fold("END:VCALENDAR"));
    s
}
