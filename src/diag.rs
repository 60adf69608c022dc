//! Diagnostics: problems found in an input file, with where they are and how to fix them.
//!
//! Checks collect every problem they can find into a [`Report`] rather than stopping at the first,
//! and keep errors (the file cannot be used) apart from warnings (it can, but something looks
//! wrong). Rendering follows rustc's layout: a headline, the `--> file:line:column` arrow, the
//! source line with a caret, and a `= help:` line.

use std::fmt::Write as _;
use std::path::Path;

use crate::yaml::{Pos, YamlError};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is usable but something looks wrong.
    Warning,
    /// The input cannot be used as it is.
    Error,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, when known.
    pub pos: Option<Pos>,
    /// The field path the problem concerns (`affected.data[2].category`), when there is one.
    pub path: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `pos`.
    pub fn error(message: impl Into<String>, pos: Pos) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            pos: Some(pos),
            path: None,
            hint: None,
        }
    }

    /// A warning at `pos`.
    pub fn warning(message: impl Into<String>, pos: Pos) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, pos)
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Records the field path the problem concerns.
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

impl From<YamlError> for Diagnostic {
    fn from(e: YamlError) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: e.message,
            pos: e.pos,
            path: None,
            hint: e.hint,
        }
    }
}

/// All problems found in one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The problems, in the order they were found; [`Report::sorted`] orders them by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Adds a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// Errors first, then warnings; each group by position in the file.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        v.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.pos.unwrap_or_default()));
        v
    }
}

/// Whether rendered text uses ANSI colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// Plain text (files, pipes, tests).
    Never,
    /// ANSI colour (a terminal).
    Always,
}

struct Paint(Color);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        match self.0 {
            Color::Never => s.to_string(),
            Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
        }
    }
}

/// A file's name as shown to the user and its text, for rendering snippets.
pub struct Source<'a> {
    /// The path as the user gave it.
    pub name: &'a Path,
    /// The file's text (may be empty when it could not be read).
    pub text: &'a str,
}

/// Renders one diagnostic, rustc-style.
pub fn render(d: &Diagnostic, src: &Source<'_>, color: Color) -> String {
    let p = Paint(color);
    let mut out = String::new();
    let (code, label) = match d.severity {
        Severity::Error => ("1;31", d.severity.label()),
        Severity::Warning => ("1;33", d.severity.label()),
    };
    let _ = writeln!(
        out,
        "{}{}",
        p.wrap(code, label),
        p.wrap("1", &format!(": {}", d.message))
    );
    let name = src.name.display();
    match d.pos {
        Some(pos) => {
            let line_text = src
                .text
                .lines()
                .nth(pos.line.saturating_sub(1) as usize)
                .map(|l| l.trim_end_matches('\r'));
            let gutter = pos.line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(
                out,
                "{pad}{} {name}:{}:{}",
                p.wrap("1;34", "-->"),
                pos.line,
                pos.col
            );
            if let Some(line_text) = line_text {
                let shown: String = line_text.chars().take(200).collect();
                let bar = p.wrap("1;34", "|");
                let _ = writeln!(out, "{pad} {bar}");
                let _ = writeln!(
                    out,
                    "{} {bar} {shown}",
                    p.wrap("1;34", &pos.line.to_string())
                );
                let caret_at: usize = shown
                    .chars()
                    .take(pos.col.saturating_sub(1) as usize)
                    .map(|c| if c == '\t' { 1 } else { display_width(c) })
                    .sum();
                let width = token_width(&shown, pos.col.saturating_sub(1) as usize).max(1);
                let _ = writeln!(
                    out,
                    "{pad} {bar} {}{}",
                    " ".repeat(caret_at),
                    p.wrap(code, &"^".repeat(width))
                );
            }
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "{pad} {} {h}", p.wrap("1;34", "= help:"));
            }
        }
        None => {
            let _ = writeln!(out, " {} {name}", p.wrap("1;34", "-->"));
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "  {} {h}", p.wrap("1;34", "= help:"));
            }
        }
    }
    out
}

/// Renders a whole report plus a one-line summary.
pub fn render_report(report: &Report, src: &Source<'_>, color: Color) -> String {
    let mut out = String::new();
    for d in report.sorted() {
        out.push_str(&render(d, src, color));
        out.push('\n');
    }
    out
}

/// Width in terminal columns of a character: Hangul and other wide East Asian characters take
/// two columns, so carets line up under Korean text.
pub fn display_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Width of the token starting at character `start`: up to the next space, comma or brace.
fn token_width(line: &str, start: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(start).collect();
    if rest.first().is_some_and(|c| *c == '"' || *c == '\'') {
        let q = rest[0];
        if let Some(end) = rest[1..].iter().position(|c| *c == q) {
            return rest[..end + 2].iter().map(|c| display_width(*c)).sum();
        }
    }
    rest.iter()
        .take_while(|c| !matches!(c, ' ' | ',' | '}' | ']' | '#'))
        .map(|c| display_width(*c))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rustc_style() {
        let d = Diagnostic::error("unknown data category `emial`", Pos { line: 2, col: 17 })
            .hint("did you mean `email`?");
        let text = "a: 1\n  - { category: emial, subjects: 3 }\n";
        let out = render(
            &d,
            &Source {
                name: Path::new("x.yaml"),
                text,
            },
            Color::Never,
        );
        assert_eq!(
            out,
            "error: unknown data category `emial`\n \
             --> x.yaml:2:17\n  |\n2 |   - { category: emial, subjects: 3 }\n  |                 ^^^^^\n  \
             = help: did you mean `email`?\n"
        );
    }

    #[test]
    fn caret_counts_hangul_as_wide() {
        let d = Diagnostic::error("m", Pos { line: 1, col: 5 });
        let out = render(
            &d,
            &Source {
                name: Path::new("k.yaml"),
                text: "ko: 쿠팡 x",
            },
            Color::Never,
        );
        assert!(out.contains("  |     ^^^^\n"), "{out}");
    }

    #[test]
    fn errors_sort_before_warnings() {
        let mut r = Report::default();
        r.push(Diagnostic::warning("w", Pos { line: 1, col: 1 }));
        r.push(Diagnostic::error("e", Pos { line: 9, col: 1 }));
        let s = r.sorted();
        assert_eq!(s[0].message, "e");
        assert_eq!((r.errors(), r.warnings()), (1, 1));
    }
}
