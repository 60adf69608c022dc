//! The closing paragraph of `disclose render`: what the run found and where it put the files.
//!
//! A list of paths says nothing about the incident; the officer who renders wants the status
//! counts (the last line of `check`), the next time something is due and the directory the
//! files went to, in one paragraph laid out like the rest of the text output. The paths are
//! still there with `--verbose`.

use crate::incident::Incident;
use crate::policy::eval::{Evaluation, Status};

use super::layout::{Doc, Layout};
use super::{local, short_of, text::totals};

/// `CPNG-2025-11: 1 met, 2 missed, ...; 2 control gaps. Next due 2026-01-02 10:00 KST (PIPA
/// notify-subjects). 14 files written to out/CPNG-2025-11 (--verbose lists them).`
pub fn outcome(ev: &Evaluation, inc: &Incident, files: usize, dir: &str, layout: Layout) -> String {
    let next = ev
        .obligations
        .iter()
        .filter(|o| matches!(o.status, Status::Pending { .. }))
        .filter_map(|o| o.due.as_ref().map(|d| (d.local, o)))
        .min_by_key(|(at, _)| *at);
    let next = match next {
        Some((at, o)) => format!(
            "Next due {} ({} {}).",
            local(at, inc.timezone.0),
            short_of(ev, &o.policy),
            o.id
        ),
        None => "Nothing pending has a fixed due time.".to_string(),
    };
    let files = match files {
        0 => "No files written.".to_string(),
        1 => format!("1 file written to {dir}."),
        n => format!("{n} files written to {dir}."),
    };
    let mut d = Doc::new(layout);
    d.line(
        0,
        2,
        &[
            ("1", &inc.id),
            ("", &format!(": {}. {next} {files}", totals(ev))),
        ],
    );
    d.finish()
}
