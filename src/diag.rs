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
    // Messages and hints quote the input; a control or bidi character in them must not act on the
    // terminal, so it is written out as `‹U+202E›` like everywhere else.
    let message = crate::yaml::visible(&d.message);
    let hint = d.hint.as_deref().map(crate::yaml::visible);
    let _ = writeln!(
        out,
        "{}{}",
        p.wrap(code, label),
        p.wrap("1", &format!(": {message}"))
    );
    let name = src.name.display();
    match d.pos {
        Some(pos) => {
            let gutter = pos.line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(
                out,
                "{pad}{} {name}:{}:{}",
                p.wrap("1;34", "-->"),
                pos.line,
                pos.col
            );
            if let Some(line_text) = source_line(src.text, pos.line) {
                let cells: Vec<(std::borrow::Cow<'_, str>, usize)> =
                    line_text.chars().take(200).map(shown_char).collect();
                let shown: String = cells.iter().map(|(s, _)| s.as_ref()).collect();
                let before = pos.col.saturating_sub(1) as usize;
                let caret_at: usize = cells.iter().take(before).map(|(_, w)| w).sum();
                let width = token_width(&cells, before).max(1);
                let bar = p.wrap("1;34", "|");
                let _ = writeln!(out, "{pad} {bar}");
                let _ = writeln!(
                    out,
                    "{} {bar} {shown}",
                    p.wrap("1;34", &pos.line.to_string())
                );
                let _ = writeln!(
                    out,
                    "{pad} {bar} {}{}",
                    " ".repeat(caret_at),
                    p.wrap(code, &"^".repeat(width))
                );
            }
            if let Some(h) = &hint {
                let _ = writeln!(out, "{pad} {} {h}", p.wrap("1;34", "= help:"));
            }
        }
        None => {
            let _ = writeln!(out, " {} {name}", p.wrap("1;34", "-->"));
            if let Some(h) = &hint {
                let _ = writeln!(out, "  {} {h}", p.wrap("1;34", "= help:"));
            }
        }
    }
    out
}

/// Line `line` (1-based) of `text`, counting line ends as the YAML parser does: `\r\n`, `\r` and
/// `\n` each end a line, so positions in a file with old Mac line ends point at the right line.
fn source_line(text: &str, line: u32) -> Option<&str> {
    let mut rest = text;
    for _ in 1..line {
        let end = rest.find(['\r', '\n'])?;
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    Some(&rest[..rest.find(['\r', '\n']).unwrap_or(rest.len())])
}

/// How one source character is shown in a snippet, and how many terminal columns it takes: a
/// tab as four spaces, a control or invisible character as `‹U+202E›` (so that it neither acts on
/// the terminal nor hides), and anything else as itself.
fn shown_char(c: char) -> (std::borrow::Cow<'static, str>, usize) {
    if c == '\t' {
        ("    ".into(), 4)
    } else if crate::yaml::char_concern(c).is_some() {
        let s = format!("\u{2039}U+{:04X}\u{203A}", c as u32);
        let w = s.chars().count();
        (s.into(), w)
    } else {
        (c.to_string().into(), display_width(c))
    }
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

/// Width in columns of the YAML token starting at character `start` of a shown line: a whole
/// quoted string; a whole flow collection (`{ … }`, `[ … ]`) closed on the line; a key up to its
/// colon; otherwise a plain value up to a comment (` #`) or the end of the line, its spaces
/// included (`privacy at test.example` is one value), and inside a flow collection also up to the
/// next `,`, `}` or `]`. A position inside a double-quoted string (a policy condition's
/// sub-expression) gets the word there, up to a space, a comma, a bracket or the closing quote.
fn token_width(cells: &[(std::borrow::Cow<'_, str>, usize)], start: usize) -> usize {
    fn text<'a>(c: &'a (std::borrow::Cow<'_, str>, usize)) -> &'a str {
        c.0.as_ref()
    }
    let width = |cells: &[(std::borrow::Cow<'_, str>, usize)]| cells.iter().map(|c| c.1).sum();
    let before = &cells[..start.min(cells.len())];
    let rest = cells.get(start..).unwrap_or_default();
    let blank = |c: &(std::borrow::Cow<'_, str>, usize)| matches!(text(c), " " | "    ");
    if before.iter().filter(|c| text(c) == "\"").count() % 2 == 1 {
        return width(
            &rest[..rest
                .iter()
                .position(|c| blank(c) || matches!(text(c), "\"" | "," | "}" | "]" | "#"))
                .unwrap_or(rest.len())],
        );
    }
    match rest.first().map(text) {
        Some(q @ ("\"" | "'")) => {
            // The closing quote: not one escaped by a backslash (double quotes) or doubled
            // (single quotes).
            let mut i = 1;
            while i < rest.len() {
                match text(&rest[i]) {
                    "\\" if q == "\"" => i += 1,
                    c if c == q && q == "'" && rest.get(i + 1).is_some_and(|n| text(n) == "'") => {
                        i += 1;
                    }
                    c if c == q => return width(&rest[..=i]),
                    _ => {}
                }
                i += 1;
            }
        }
        Some("{" | "[") => {
            let mut depth = 0;
            for (i, c) in rest.iter().enumerate() {
                match text(c) {
                    "{" | "[" => depth += 1,
                    "}" | "]" => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    return width(&rest[..=i]);
                }
            }
            return width(&rest[..1]);
        }
        Some("-") if rest.get(1).is_none_or(blank) => return width(&rest[..1]),
        _ => {}
    }
    // In a flow collection when a bracket opened before `start` is still open there.
    let flow = before.iter().fold(0i32, |d, c| match text(c) {
        "{" | "[" => d + 1,
        "}" | "]" => d - 1,
        _ => d,
    }) > 0;
    let mut len = 0;
    for (i, c) in rest.iter().enumerate() {
        let next = rest.get(i + 1);
        if (blank(c) && next.is_some_and(|n| text(n) == "#"))
            || (flow && matches!(text(c), "," | "}" | "]"))
        {
            break;
        }
        len = i + 1;
        // A key ends at its colon, which is underlined with it.
        if text(c) == ":" && next.is_none_or(blank) {
            break;
        }
    }
    // Trailing blanks are not part of the value.
    while len > 0 && blank(&rest[len - 1]) {
        len -= 1;
    }
    width(&rest[..len])
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

    /// The underline covers the YAML token the position starts, as a reader would mark it.
    #[test]
    fn the_caret_covers_the_token_at_the_position() {
        let under = |line: &str, col: usize| {
            let cells: Vec<_> = line.chars().map(shown_char).collect();
            let start = col - 1;
            let mut columns = token_width(&cells, start);
            line.chars()
                .skip(start)
                .take_while(|&c| {
                    let fits = columns >= display_width(c) && columns > 0;
                    columns = columns.saturating_sub(display_width(c));
                    fits
                })
                .collect::<String>()
        };
        assert_eq!(
            under("email: privacy at test.example", 8),
            "privacy at test.example"
        );
        assert_eq!(under("email: a b   # a comment", 8), "a b");
        assert_eq!(under("d: { ko: 가 나, en: a b }", 10), "가 나");
        assert_eq!(under("d: { ko: 가 나, en: a b }", 19), "a b");
        assert_eq!(
            under("d: { ko: 가, en: [x, y] }", 4),
            "{ ko: 가, en: [x, y] }"
        );
        assert_eq!(under("d: { ko: 가, en: [x, y] }", 17), "[x, y]");
        assert_eq!(under("d: { ko: 가 }", 6), "ko:");
        assert_eq!(under("  department: x", 3), "department:");
        assert_eq!(under("- just", 1), "-");
        assert_eq!(under("a: 'it''s' x", 4), "'it''s'");
        assert_eq!(under(r#"a: "say \"hi\"" x"#, 4), r#""say \"hi\"""#);
        assert_eq!(under("when: \"a.b || c.d > 1\"", 15), "c.d");
        assert_eq!(under("when: \"f(a, b)\"", 8), "f(a");
        assert_eq!(under("x: [[[]]", 4), "[");
        assert_eq!(under("a: b", 9), "");
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
        // `쿠팡 x`: two wide syllables, a space and a letter.
        assert!(out.contains("  |     ^^^^^^\n"), "{out}");
    }

    #[test]
    fn snippets_show_hidden_characters_and_carets_follow_them() {
        let d = Diagnostic::error("unknown category `a\u{202e}b`", Pos { line: 2, col: 5 })
            .hint("not `\u{1b}[31m`");
        let text = "x: 1\r  \u{202e}k: bad\r\ny: 2";
        let out = render(
            &d,
            &Source {
                name: Path::new("r.yaml"),
                text,
            },
            Color::Never,
        );
        assert_eq!(
            out,
            "error: unknown category `a‹U+202E›b`\n \
             --> r.yaml:2:5\n  |\n2 |   ‹U+202E›k: bad\n  |            ^\n  \
             = help: not `‹U+001B›[31m`\n"
        );
        assert!(!out.contains('\u{202e}') && !out.contains('\u{1b}'));
    }

    #[test]
    fn lines_end_at_cr_lf_and_crlf() {
        let text = "a\rb\r\nc\nd";
        let lines: Vec<_> = (1..=5).map(|n| source_line(text, n)).collect();
        assert_eq!(lines, [Some("a"), Some("b"), Some("c"), Some("d"), None]);
        assert_eq!(source_line("", 1), Some(""));
    }

    #[test]
    fn tabs_are_four_columns_wide() {
        let d = Diagnostic::error("m", Pos { line: 1, col: 2 });
        let out = render(
            &d,
            &Source {
                name: Path::new("t.yaml"),
                text: "\tkey: v",
            },
            Color::Never,
        );
        assert!(out.contains("1 |     key: v\n  |     ^^^^\n"), "{out}");
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
