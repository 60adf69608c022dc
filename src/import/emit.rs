//! A small YAML writer for imported drafts: block mappings and sequences written line by line, so
//! that a comment can stand next to the field it explains.
//!
//! Every string that comes from a source is written double-quoted with YAML escapes ([`quote`]),
//! whatever it contains: quotes, backslashes, newlines, tabs, control characters, Unicode line
//! separators. Comments are made single-line by [`comment_text`]. The output is read back with
//! the project's own YAML reader in the tests.

use std::fmt::Write as _;

/// YAML text under construction.
#[derive(Debug, Default)]
pub struct Yaml {
    out: String,
}

impl Yaml {
    /// An empty document.
    pub fn new() -> Self {
        Yaml::default()
    }

    /// A full-line comment at `indent` spaces (one `#` line per line of `text`).
    pub fn comment(&mut self, indent: usize, text: &str) {
        if text.is_empty() {
            let _ = writeln!(self.out, "{:indent$}#", "");
        }
        for line in text.lines() {
            let line = comment_text(line);
            let line = line.trim_end();
            if line.is_empty() {
                let _ = writeln!(self.out, "{:indent$}#", "");
            } else {
                let _ = writeln!(self.out, "{:indent$}# {line}", "");
            }
        }
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// `key: value` at `indent`, with an optional trailing comment. `value` must already be
    /// YAML (use [`quote`] for strings); an empty value opens a nested block.
    pub fn field(&mut self, indent: usize, key: &str, value: &str, note: Option<&str>) {
        let _ = write!(self.out, "{:indent$}{key}:", "");
        if !value.is_empty() {
            self.out.push(' ');
            self.out.push_str(value);
        }
        self.note(note);
    }

    /// A sequence entry `- key: value` at `indent` (the dash's column); the entry's further
    /// fields go at `indent + 2`.
    pub fn item(&mut self, indent: usize, key: &str, value: &str, note: Option<&str>) {
        let _ = write!(self.out, "{:indent$}- {key}:", "");
        if !value.is_empty() {
            self.out.push(' ');
            self.out.push_str(value);
        }
        self.note(note);
    }

    /// A sequence entry `- value` at `indent`.
    pub fn scalar_item(&mut self, indent: usize, value: &str, note: Option<&str>) {
        let _ = write!(self.out, "{:indent$}- {value}", "");
        self.note(note);
    }

    fn note(&mut self, note: Option<&str>) {
        if let Some(n) = note {
            let n = comment_text(n);
            if !n.trim().is_empty() {
                self.out.push_str("  # ");
                self.out.push_str(n.trim());
            }
        }
        self.out.push('\n');
    }

    /// The finished text.
    pub fn finish(self) -> String {
        self.out
    }
}

/// A double-quoted YAML scalar holding exactly `s`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if !printable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    let _ = write!(out, "\\x{n:02X}");
                } else if n <= 0xffff {
                    let _ = write!(out, "\\u{n:04X}");
                } else {
                    let _ = write!(out, "\\U{n:08X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether YAML allows `c` unescaped (YAML 1.2, 5.1 `c-printable`, less the line breaks that
/// [`quote`] escapes itself).
fn printable(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7e | 0xa0..=0xd7ff | 0xe000..=0xfffd | 0x10000..=0x10ffff)
}

/// `s` made safe for a comment: one line, no control characters.
pub fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if printable(c) || c == '\t' { c } else { ' ' })
        .map(|c| if c == '\u{feff}' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, from_str};

    fn roundtrip(s: &str) -> String {
        let doc = format!("v: {}\n", quote(s));
        let v: serde_json::Value = from_str(&doc, &Limits::DEFAULT).unwrap_or_else(|e| {
            panic!("{doc:?} does not parse: {e:?}");
        });
        v["v"].as_str().unwrap().to_string()
    }

    #[test]
    fn quoted_strings_read_back_unchanged() {
        for s in [
            "",
            "plain",
            "He said \"no\" \\ then: left # not a comment",
            "line one\nline two\n\n  indented\ttab\r\n",
            "  leading and trailing  ",
            "- dash: {flow} [seq] &anchor *alias !tag %directive @at `tick` | > '",
            "true",
            "null",
            "0x1F",
            "~",
            "한국어 텍스트, 日本語, Devanagari देवनागरी, emoji 🎉, curly ’quotes’",
            "control \u{1} \u{7} \u{1b} \u{7f} \u{80} \u{9f} bell",
            "separators \u{85} \u{2028} \u{2029} bom \u{feff} nbsp \u{a0}",
            "\u{fffe}\u{ffff} nonchars",
        ] {
            assert_eq!(roundtrip(s), s, "{s:?}");
        }
    }

    #[test]
    fn comments_stay_on_one_line() {
        let mut y = Yaml::new();
        y.field(0, "a", "1", Some("note\nwith: \"break\"\u{2028}and # more"));
        y.comment(2, "one\ntwo\u{85}three");
        y.comment(0, "");
        let text = y.finish();
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.ends_with("\n#\n"), "{text}");
        let v: serde_json::Value = from_str(&text, &Limits::DEFAULT).unwrap();
        assert_eq!(v["a"], 1);
    }

    #[test]
    fn blocks_and_items_nest() {
        let mut y = Yaml::new();
        y.field(0, "outer", "", None);
        y.field(2, "name", &quote("x: y"), Some("why"));
        y.field(0, "list", "", None);
        y.item(2, "k", &quote("v1"), None);
        y.field(4, "n", "2", None);
        y.scalar_item(2, &quote("v2"), Some("c"));
        let v: serde_json::Value = from_str(&y.finish(), &Limits::DEFAULT).unwrap();
        assert_eq!(v["outer"]["name"], "x: y");
        assert_eq!(v["list"][0]["k"], "v1");
        assert_eq!(v["list"][0]["n"], 2);
        assert_eq!(v["list"][1], "v2");
    }
}
