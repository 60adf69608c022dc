//! Writing for the commands: diagnostics to standard error, results to standard output.
//!
//! A closed pipe (`disclose check ... | head`) is not an error, and colour on standard output is
//! decided apart from colour on standard error, since either may be a terminal alone; so is the
//! width text on standard output is wrapped at ([`stdout_layout`]).
//!
//! Warnings and notes pass through one gate, [`Warnings`]: shown, left out (`--quiet`) or made
//! errors (`--deny-warnings`). The mode is process-wide, set once by `cli::run` before any
//! command starts: every command and every thread of a batch must treat warnings alike, and
//! threading a flag through each of them would only give them a way to disagree.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use super::args::ColorChoice;
use crate::diag::{self, Color, Report, Severity, Source};
use crate::print::Layout;

pub(super) fn print_problems(name: &Path, text: &str, report: &Report, color: Color) {
    let src = Source { name, text };
    eprint!("{}", diag::render_report(report, &src, color));
}

static OUT_COLOR: AtomicU8 = AtomicU8::new(0);
/// `--width`, plus one (0: not given).
static OUT_WIDTH: AtomicUsize = AtomicUsize::new(0);

/// Records `--color` and `--width` for standard output (set once by `cli::run`, like the
/// warning mode).
pub(super) fn set_output(color: ColorChoice, width: Option<usize>) {
    OUT_COLOR.store(color as u8, Ordering::Relaxed);
    OUT_WIDTH.store(width.map_or(0, |w| w.saturating_add(1)), Ordering::Relaxed);
}

/// How text on standard output is laid out. Colour: `--color always` colours also a pipe,
/// `never` nothing, `auto` a terminal when NO_COLOR is not set. Width: `--width N` (0: never
/// wrap); else, on a terminal, COLUMNS or the terminal's width; in a pipe or a file, none, so
/// lines stay whole.
pub(super) fn stdout_layout() -> Layout {
    let tty = std::io::stdout().is_terminal();
    let color = match OUT_COLOR.load(Ordering::Relaxed) {
        x if x == ColorChoice::Always as u8 => Color::Always,
        x if x == ColorChoice::Never as u8 => Color::Never,
        _ if tty && std::env::var_os("NO_COLOR").is_none() => Color::Always,
        _ => Color::Never,
    };
    let width = match OUT_WIDTH.load(Ordering::Relaxed) {
        0 if tty => Some(
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<usize>().ok())
                .filter(|&c| c > 0)
                .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .unwrap_or(80),
        ),
        0 | 1 => None,
        w => Some(w - 1),
    };
    Layout { color, width }
}

pub(super) fn write_stdout(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// What becomes of warnings (and notes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warnings {
    /// Printed with the errors.
    Show,
    /// Left out: only errors are printed (`--quiet`).
    Quiet,
    /// Made errors, so the file or run is refused with exit code 2 (`--deny-warnings`).
    Deny,
}

static WARNINGS: AtomicU8 = AtomicU8::new(0);

pub(super) fn set_warnings(w: Warnings) {
    WARNINGS.store(w as u8, Ordering::Relaxed);
}

pub(super) fn warnings() -> Warnings {
    match WARNINGS.load(Ordering::Relaxed) {
        1 => Warnings::Quiet,
        2 => Warnings::Deny,
        _ => Warnings::Show,
    }
}

/// Applies the warning mode to a file's problems: drops its warnings (`--quiet`) or makes them
/// errors (`--deny-warnings`). Returns how many warnings were made errors.
pub(super) fn gate(report: &mut Report) -> usize {
    match warnings() {
        Warnings::Show => 0,
        Warnings::Quiet => {
            report
                .diagnostics
                .retain(|d| d.severity != Severity::Warning);
            0
        }
        Warnings::Deny => {
            let mut n = 0;
            for d in &mut report.diagnostics {
                if d.severity == Severity::Warning {
                    d.severity = Severity::Error;
                    n += 1;
                }
            }
            n
        }
    }
}

/// The line that says why a file with no errors of its own was refused.
pub(super) fn denied_line(path: &Path, n: usize) -> String {
    format!(
        "{}: {n} warning{} made {} by --deny-warnings\n",
        path.display(),
        if n == 1 { "" } else { "s" },
        if n == 1 { "an error" } else { "errors" }
    )
}

/// Writes a warning that is not tied to a place in a file (`text` without the `warning: `
/// label) to `log`, under the warning mode; true when `--deny-warnings` made it an error.
pub(super) fn warn(log: &mut String, text: &str) -> bool {
    match warnings() {
        Warnings::Show => {
            log.push_str("warning: ");
            log.push_str(text);
            log.push('\n');
            false
        }
        Warnings::Quiet => false,
        Warnings::Deny => {
            log.push_str("error: ");
            log.push_str(text);
            log.push_str("\n  = note: a warning, made an error by --deny-warnings\n");
            true
        }
    }
}

/// Writes a note (`text` without the `note: ` label) to `log`, unless `--quiet`.
pub(super) fn note(log: &mut String, text: &str) {
    if warnings() != Warnings::Quiet {
        log.push_str("note: ");
        log.push_str(text);
        log.push('\n');
    }
}
