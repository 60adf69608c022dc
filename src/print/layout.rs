//! Terminal layout for the text printers: what a line of text output becomes on its way out.
//!
//! The printers say what a line holds (spans of text, some with a colour) and where its text
//! starts; [`Doc`] decides the rest in one place, so every line is treated alike:
//!
//! - control and bidi characters from the input (titles, names, company policies' text) are
//!   written out as `‹U+202E›` by the same function the diagnostics use
//!   ([`crate::yaml::visible`]), and a tab or line break inside a value becomes a space, so no
//!   value can move the cursor, reorder the line or start a line of its own;
//! - a line longer than the width is wrapped between words with a hanging indent, counting
//!   Hangul and other wide characters as two columns; a word longer than the width is kept
//!   whole. With no width (standard output is not a terminal) nothing is wrapped, so a pipe or a
//!   file gets every line whole, for grep;
//! - colour is applied last, word by word, so escape sequences are never counted in the width
//!   and never split by a wrap.

use crate::diag::{Color, display_width};

/// How text output is laid out: colour, and the width to wrap at (`None`: never wrap).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Whether statuses and headings are coloured.
    pub color: Color,
    /// The width in columns to wrap at; `None` keeps every line whole.
    pub width: Option<usize>,
}

impl Layout {
    /// No colour, no wrapping: what a pipe gets.
    pub const PLAIN: Layout = Layout {
        color: Color::Never,
        width: None,
    };
}

/// A span of a line: its colour (an SGR code such as `1;31`, or empty for none) and its text.
pub(super) type Span<'a> = (&'static str, &'a str);

/// A text document being written under a [`Layout`].
pub(super) struct Doc {
    layout: Layout,
    out: String,
}

impl Doc {
    pub(super) fn new(layout: Layout) -> Doc {
        Doc {
            layout,
            out: String::new(),
        }
    }

    /// The finished text.
    pub(super) fn finish(self) -> String {
        self.out
    }

    /// An empty line.
    pub(super) fn blank(&mut self) {
        self.out.push('\n');
    }

    /// A line whose text starts at column `indent` and whose continuation lines, if it is
    /// wrapped, start at column `hang`.
    pub(super) fn line(&mut self, indent: usize, hang: usize, spans: &[Span<'_>]) {
        // Words: runs of pieces with no space between them, each piece with its colour. Two
        // spaces in a row give an empty word, so padding is kept where nothing is wrapped.
        let mut words: Vec<Vec<(&'static str, String)>> = vec![Vec::new()];
        for &(style, text) in spans {
            let shown = crate::yaml::visible(text).replace(['\t', '\n', '\r'], " ");
            for (i, piece) in shown.split(' ').enumerate() {
                if i > 0 {
                    words.push(Vec::new());
                }
                if !piece.is_empty() {
                    words
                        .last_mut()
                        .unwrap_or_else(|| unreachable!())
                        .push((style, piece.to_string()));
                }
            }
        }
        let width_of = |w: &[(&'static str, String)]| -> usize {
            w.iter()
                .map(|(_, t)| t.chars().map(display_width).sum::<usize>())
                .sum()
        };
        let mut row = " ".repeat(indent);
        let mut col = indent;
        let mut filled = false;
        for (i, word) in words.iter().enumerate() {
            let w = width_of(word);
            if i > 0 {
                let wrap = self
                    .layout
                    .width
                    .is_some_and(|max| filled && col + 1 + w > max);
                if wrap {
                    self.push_row(&row);
                    row = " ".repeat(hang);
                    col = hang;
                    filled = false;
                    if w == 0 {
                        continue;
                    }
                } else {
                    row.push(' ');
                    col += 1;
                }
            }
            for (style, text) in word {
                row.push_str(&self.paint(style, text));
            }
            col += w;
            filled |= w > 0;
        }
        self.push_row(&row);
    }

    fn push_row(&mut self, row: &str) {
        self.out.push_str(row.trim_end());
        self.out.push('\n');
    }

    /// `text` in colour `style` when colour is on.
    pub(super) fn paint(&self, style: &str, text: &str) -> String {
        match self.layout.color {
            Color::Always if !style.is_empty() => format!("\x1b[{style}m{text}\x1b[0m"),
            _ => text.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(width: Option<usize>) -> Doc {
        Doc::new(Layout {
            color: Color::Never,
            width,
        })
    }

    #[test]
    fn wraps_with_a_hanging_indent_and_keeps_long_words_whole() {
        let mut d = doc(Some(20));
        d.line(
            2,
            6,
            &[("", "one two three four five sixseveneightnineten eleven")],
        );
        assert_eq!(
            d.finish(),
            "  one two three four\n      five\n      sixseveneightnineten\n      eleven\n"
        );
    }

    #[test]
    fn without_a_width_lines_stay_whole_and_padding_is_kept() {
        let mut d = doc(None);
        d.line(
            2,
            6,
            &[
                ("1;31", "MET    "),
                ("", " due soon and far beyond any width"),
            ],
        );
        assert_eq!(d.finish(), "  MET     due soon and far beyond any width\n");
    }

    #[test]
    fn counts_wide_characters_as_two_columns() {
        let mut d = doc(Some(10));
        d.line(0, 2, &[("", "개인정보 보호법")]);
        assert_eq!(d.finish(), "개인정보\n  보호법\n");
    }

    #[test]
    fn writes_out_control_and_bidi_characters_and_flattens_line_breaks() {
        let mut d = doc(None);
        d.line(0, 0, &[("", "a\u{202E}b\u{1b}[31m\nc")]);
        assert_eq!(d.finish(), "a‹U+202E›b‹U+001B›[31m c\n");
    }

    #[test]
    fn colours_words_not_spaces_and_never_counts_escapes() {
        let mut d = Doc::new(Layout {
            color: Color::Always,
            width: Some(12),
        });
        d.line(0, 2, &[("1;31", "NOT ASSESSED"), ("", " x")]);
        assert_eq!(
            d.finish(),
            "\x1b[1;31mNOT\x1b[0m \x1b[1;31mASSESSED\x1b[0m\n  x\n"
        );
    }
}
