//! A company template's errors in the project's words, at `file:line:column`.
//!
//! Tera's own text for a template problem is a report of its own (`error: Unexpected end of
//! input` and a snippet), which the command line printed after its own `error:`. This module
//! takes the message and the span from tera's error and renders them like every other problem
//! disclose reports ([`crate::diag`]): the template file, line and column, the line with a caret,
//! and a hint. Tera numbers columns from 0; here they start at 1, as in every other position.

use std::path::{Path, PathBuf};

use crate::diag::{self, Color, Diagnostic, Source};
use crate::yaml::Pos;

/// A company template's problem, described: `name_hint` the template being rendered
/// (`ko/subject_notice.md.tera`), `dir` the `--templates` directory when there is one, `text`
/// the source of a template by its name, when known.
pub fn describe(
    e: &tera::Error,
    name_hint: &str,
    dir: Option<&Path>,
    text: &dyn Fn(&str) -> Option<String>,
) -> String {
    let (report, label) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) => (r, "syntax error in template"),
        tera::ErrorKind::RenderingError(r) => (r, "template"),
        tera::ErrorKind::TemplateNotFound(n) => {
            return format!("template {name_hint}: no template named `{n}`");
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            return format!(
                "template {current} extends `{parent}`, which is neither a company template nor a built-in one"
            );
        }
        tera::ErrorKind::CircularExtend { tpl, .. } => {
            return format!("template {tpl} extends itself through its parents");
        }
        tera::ErrorKind::CircularInclude { tpl, .. } => {
            return format!("template {tpl} includes itself");
        }
        _ => return format!("template {name_hint}: {}", lower_first(&e.to_string())),
    };
    let name = if report.filename().is_empty() {
        name_hint
    } else {
        report.filename()
    };
    let shown: PathBuf = dir.map_or_else(|| PathBuf::from(name), |d| d.join(name));
    let (message, hint) = own_words(report.message());
    let span = report.span();
    let pos = Pos {
        line: span.start_line.max(1) as u32,
        col: span.start_col as u32 + 1,
    };
    let mut d = Diagnostic::error(message.clone(), pos);
    if let Some(h) = hint {
        d = d.hint(h);
    }
    let rendered = diag::render(
        &d,
        &Source {
            name: &shown,
            text: &text(name).unwrap_or_default(),
        },
        Color::Never,
    );
    // The first line is `error: {message}`; the caller prints its own `error:`.
    let rest = rendered.split_once('\n').map_or("", |(_, r)| r);
    format!("{label} {name}: {message}\n{}", rest.trim_end())
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Tera's message in the project's words, and a hint.
fn own_words(message: &str) -> (String, Option<String>) {
    if message == "Unexpected end of input" {
        return (
            "the template ends inside a tag".into(),
            Some("close every `{{ ... }}`, `{% ... %}` and `{# ... #}`".into()),
        );
    }
    for (what, noun) in [("Variable", "variable"), ("Field", "field")] {
        if let Some(rest) = message.strip_prefix(&format!("{what} `"))
            && let Some((name, tail)) = rest.split_once("` is not defined")
        {
            let available = tail
                .trim_start_matches('.')
                .trim()
                .strip_prefix("Available variables:")
                .map(str::trim);
            let hint = match available {
                Some(list) => {
                    let names: Vec<&str> = list.split(", ").collect();
                    match crate::yaml::did_you_mean(name, names.iter().copied()) {
                        Some(guess) => format!("{guess} (the report's variables are: {list})"),
                        None => format!("the report's variables are: {list}"),
                    }
                }
                None => "check the name against docs/templates.md; `x | default(value=\"\")` gives a missing value a default".into(),
            };
            return (format!("the {noun} `{name}` is not defined"), Some(hint));
        }
    }
    (lower_first(message), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> tera::Error {
        let mut t = tera::Tera::new();
        match t.add_raw_template("ko/x.md.tera", text) {
            Err(e) => e,
            Ok(()) => t.render("ko/x.md.tera", &tera::Context::new()).unwrap_err(),
        }
    }

    #[test]
    fn syntax_errors_are_located_in_the_file() {
        let text = "# 제목\n\n{{ incident.title\n";
        let e = error_of(text);
        assert_eq!(
            describe(&e, "ko/x.md.tera", Some(Path::new("tpl")), &|_| Some(
                text.into()
            )),
            "syntax error in template ko/x.md.tera: the template ends inside a tag\n \
             --> tpl/ko/x.md.tera:3:18\n  |\n3 | {{ incident.title\n  |                  ^\n  \
             = help: close every `{{ ... }}`, `{% ... %}` and `{# ... #}`"
        );
    }

    #[test]
    fn undefined_variables_are_located_and_named() {
        let text = "본문\n{{ titel }}\n";
        let e = error_of(text);
        let shown = describe(&e, "ko/x.md.tera", None, &|_| Some(text.into()));
        assert_eq!(
            shown.lines().take(2).collect::<Vec<_>>(),
            [
                "template ko/x.md.tera: the variable `titel` is not defined",
                " --> ko/x.md.tera:2:4"
            ],
            "{shown}"
        );
    }
}
