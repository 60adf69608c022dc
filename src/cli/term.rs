//! Writing for the commands: diagnostics to standard error, results to standard output.
//!
//! A closed pipe (`disclose check ... | head`) is not an error, and colour on standard output is
//! decided apart from colour on standard error, since either may be a terminal alone.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::diag::{self, Color, Report, Source};

pub(super) fn print_problems(name: &Path, text: &str, report: &Report, color: Color) {
    let src = Source { name, text };
    eprint!("{}", diag::render_report(report, &src, color));
}

pub(super) fn color_stdout(diag_color: Color) -> Color {
    match diag_color {
        Color::Always if std::io::stdout().is_terminal() => Color::Always,
        _ => Color::Never,
    }
}

pub(super) fn write_stdout(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}
