//! Breaking styled inline text into lines of a given width.
//!
//! The rule is Korean `word-break: keep-all`: a line breaks only at white space (and at hard
//! breaks), never between two Hangul syllables of one word, never inside a Latin word. Only a
//! word that is wider than a whole line is broken, between characters (for Hangul, between
//! syllables), as CSS `overflow-wrap: anywhere` does. Widths come from the font's advance widths
//! through [`Measure`], so the break positions match what is drawn.
//!
//! White space collapses to one space, spaces at the start and end of a line are dropped, and
//! non-breaking spaces (U+00A0, U+202F, U+2007) join words. Control characters are dropped.

use super::PdfError;
use super::markdown::{Inline, Style};
use super::metrics::{Face, Measure};

/// A run of text in one style inside a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Offset from the start of the line, in points.
    pub x: f32,
    /// The text, spaces included.
    pub text: String,
    /// The style.
    pub style: Style,
    /// Width in points.
    pub width: f32,
}

/// One line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    /// Runs, left to right.
    pub runs: Vec<Run>,
    /// Width of the line in points.
    pub width: f32,
    /// The line was wrapped at a space, which is not drawn but is still part of the text
    /// (the tagged PDF's reading text keeps the words apart).
    pub wrapped_at_space: bool,
}

impl Line {
    /// The line's text (for tests and messages).
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// The face a style is drawn with.
pub fn face_of(style: Style, base_bold: bool) -> Face {
    if style.bold || base_bold {
        Face::Bold
    } else {
        Face::Regular
    }
}

/// Whether `c` is a breaking white space.
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// A character of a word with its style and advance width in points.
#[derive(Clone, Copy, Debug)]
struct Cell {
    ch: char,
    style: Style,
    width: f32,
}

/// A word: characters between break opportunities.
#[derive(Debug, Default)]
struct Word {
    cells: Vec<Cell>,
    width: f32,
    /// The style of the space before this word, if there was one.
    space_before: Option<Style>,
    /// A hard break comes before this word.
    break_before: bool,
}

/// Text measured with one font size.
pub struct Measurer<'a> {
    /// Font metrics.
    pub m: &'a dyn Measure,
    /// Font size in points.
    pub size: f32,
    /// Draw everything bold (headings, table headers).
    pub bold: bool,
}

impl Measurer<'_> {
    /// Advance width of `ch` in points, or the missing-glyph error.
    pub fn advance(&self, ch: char, style: Style, context: &str) -> Result<f32, PdfError> {
        let face = face_of(style, self.bold);
        match self.m.advance(face, ch) {
            Some(w) => Ok(w * self.size),
            None if ch == ' ' => Ok(0.25 * self.size),
            None => Err(PdfError::MissingGlyph {
                ch,
                font: self.m.font_name(face),
                context: context_snippet(context),
            }),
        }
    }

    /// Width of a string in one style, in points.
    pub fn width(&self, text: &str, style: Style) -> Result<f32, PdfError> {
        let mut w = 0.0;
        for ch in text.chars() {
            w += self.advance(ch, style, text)?;
        }
        Ok(w)
    }
}

/// At most 60 characters of the text a character was found in, for the error message.
fn context_snippet(text: &str) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > 60 {
        let mut s: String = t.chars().take(57).collect();
        s.push('…');
        s
    } else {
        t
    }
}

/// Splits inline content into words, measuring every character.
fn words(inlines: &[Inline], ms: &Measurer<'_>) -> Result<Vec<Word>, PdfError> {
    let mut out = Vec::new();
    let mut cur = Word::default();
    let mut pending_space: Option<Style> = None;
    let mut pending_break = false;
    for inline in inlines {
        match inline {
            Inline::Break => {
                if !cur.cells.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                pending_break = true;
                pending_space = None;
            }
            Inline::Text(text, style) => {
                for ch in text.chars() {
                    if is_break_space(ch) {
                        if !cur.cells.is_empty() {
                            out.push(std::mem::take(&mut cur));
                        }
                        if !pending_break {
                            pending_space = Some(*style);
                        }
                        continue;
                    }
                    if ch.is_control() {
                        continue;
                    }
                    // A non-breaking space joins words and is drawn as a space.
                    let ch = if matches!(ch, '\u{a0}' | '\u{202f}' | '\u{2007}') {
                        ' '
                    } else {
                        ch
                    };
                    let width = ms.advance(ch, *style, text)?;
                    if cur.cells.is_empty() {
                        cur.space_before = pending_space.take();
                        cur.break_before = std::mem::take(&mut pending_break);
                    }
                    cur.cells.push(Cell {
                        ch,
                        style: *style,
                        width,
                    });
                    cur.width += width;
                }
            }
        }
    }
    if !cur.cells.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Builds lines, merging characters of one style into runs.
struct LineBuilder {
    lines: Vec<Line>,
    cur: Line,
}

impl LineBuilder {
    fn push_char(&mut self, ch: char, style: Style, width: f32) {
        let line = &mut self.cur;
        match line.runs.last_mut() {
            Some(run) if run.style == style => {
                run.text.push(ch);
                run.width += width;
            }
            _ => line.runs.push(Run {
                x: line.width,
                text: ch.to_string(),
                style,
                width,
            }),
        }
        line.width += width;
    }

    fn end_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.cur));
    }

    fn is_empty(&self) -> bool {
        self.cur.runs.is_empty()
    }
}

/// Breaks `inlines` into lines at most `max_width` points wide (a single character wider than
/// the line still gets a line of its own). An empty input gives no lines.
pub fn break_lines(
    inlines: &[Inline],
    ms: &Measurer<'_>,
    max_width: f32,
) -> Result<Vec<Line>, PdfError> {
    let words = words(inlines, ms)?;
    let mut b = LineBuilder {
        lines: Vec::new(),
        cur: Line::default(),
    };
    let mut space_widths: Vec<(Style, f32)> = Vec::new();
    for word in words {
        if word.break_before {
            // A hard break ends the line even when it is empty (`a<br><br>b`).
            b.end_line();
        }
        let space = match (word.space_before, b.is_empty()) {
            (Some(style), false) => {
                let w = match space_widths.iter().find(|(s, _)| *s == style) {
                    Some((_, w)) => *w,
                    None => {
                        let w = ms.advance(' ', style, " ")?;
                        space_widths.push((style, w));
                        w
                    }
                };
                Some((style, w))
            }
            _ => None,
        };
        let space_w = space.map_or(0.0, |(_, w)| w);
        if b.cur.width + space_w + word.width <= max_width + 0.01 {
            if let Some((style, w)) = space {
                b.push_char(' ', style, w);
            }
            for c in &word.cells {
                b.push_char(c.ch, c.style, c.width);
            }
            continue;
        }
        if !b.is_empty() {
            b.cur.wrapped_at_space = space.is_some();
            b.end_line();
        }
        if word.width <= max_width + 0.01 {
            for c in &word.cells {
                b.push_char(c.ch, c.style, c.width);
            }
            continue;
        }
        // An overlong word: break it between characters.
        for c in &word.cells {
            if !b.is_empty() && b.cur.width + c.width > max_width + 0.01 {
                b.end_line();
            }
            b.push_char(c.ch, c.style, c.width);
        }
    }
    if !b.is_empty() {
        b.end_line();
    }
    Ok(b.lines)
}

/// The narrowest and widest a text can be laid out: the widest word (`min`) and the whole text
/// on one line per hard break (`max`).
pub fn min_max_width(inlines: &[Inline], ms: &Measurer<'_>) -> Result<(f32, f32), PdfError> {
    let words = words(inlines, ms)?;
    let mut min: f32 = 0.0;
    let mut max: f32 = 0.0;
    let mut line: f32 = 0.0;
    for word in &words {
        min = min.max(word.width);
        if word.break_before {
            max = max.max(line);
            line = 0.0;
        }
        if let Some(style) = word.space_before
            && line > 0.0
        {
            line += ms.advance(' ', style, " ")?;
        }
        line += word.width;
    }
    max = max.max(line);
    Ok((min, max))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every character is 1 em wide except spaces (0.5 em); `☃` is missing; bold is 1.2 em.
    pub struct Mono;

    impl Measure for Mono {
        fn advance(&self, face: Face, ch: char) -> Option<f32> {
            match ch {
                '☃' => None,
                ' ' => Some(0.5),
                _ if face == Face::Bold => Some(1.2),
                _ => Some(1.0),
            }
        }
        fn font_name(&self, _face: Face) -> String {
            "Mono".into()
        }
        fn vmetrics(&self) -> (f32, f32) {
            (0.8, -0.2)
        }
    }

    fn plain(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into(), Style::default())]
    }

    fn lines(inl: &[Inline], width: f32) -> Vec<String> {
        let ms = Measurer {
            m: &Mono,
            size: 10.0,
            bold: false,
        };
        break_lines(inl, &ms, width)
            .unwrap()
            .iter()
            .map(Line::text)
            .collect()
    }

    #[test]
    fn breaks_at_spaces_only() {
        // "aaa bbb ccc": words 30pt, spaces 5pt.
        assert_eq!(lines(&plain("aaa bbb ccc"), 65.0), ["aaa bbb", "ccc"]);
        assert_eq!(lines(&plain("aaa bbb ccc"), 64.0), ["aaa", "bbb", "ccc"]);
        assert_eq!(lines(&plain("  aaa   bbb  "), 200.0), ["aaa bbb"]);
        assert!(lines(&plain("   "), 100.0).is_empty());
    }

    #[test]
    fn korean_keep_all() {
        // Hangul words are not broken between syllables while they fit on a line.
        let got = lines(&plain("개인정보 유출등이 되었습니다"), 60.0);
        assert_eq!(got, ["개인정보", "유출등이", "되었습니다"]);
    }

    #[test]
    fn overlong_word_breaks_between_characters() {
        let got = lines(&plain("ab 가나다라마바사아자차카"), 40.0);
        assert_eq!(got, ["ab", "가나다라", "마바사아", "자차카"]);
        let long = "x".repeat(300);
        let got = lines(&plain(&long), 100.0);
        assert_eq!(got.len(), 30);
        assert!(got.iter().all(|l| l.chars().count() == 10));
    }

    #[test]
    fn no_line_is_wider_than_the_width() {
        let ms = Measurer {
            m: &Mono,
            size: 10.0,
            bold: false,
        };
        let text = "가나다 abcdefghijklmnop 1,234,567 라마 바사아자차카타파하 xyz";
        for width in [10.0, 25.0, 37.0, 80.0, 133.0] {
            for line in break_lines(&plain(text), &ms, width).unwrap() {
                assert!(line.width <= width + 0.01 || line.text().chars().count() == 1);
                assert!(!line.text().starts_with(' ') && !line.text().ends_with(' '));
            }
        }
    }

    #[test]
    fn styles_make_runs_and_hard_breaks_end_lines() {
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        let inl = vec![
            Inline::Text("ab ".into(), Style::default()),
            Inline::Text("cd".into(), bold),
            Inline::Text("ef".into(), Style::default()),
            Inline::Break,
            Inline::Text("g".into(), Style::default()),
        ];
        let ms = Measurer {
            m: &Mono,
            size: 10.0,
            bold: false,
        };
        let got = break_lines(&inl, &ms, 500.0).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].runs.len(), 3);
        assert_eq!(got[0].runs[1].text, "cd");
        assert!((got[0].runs[1].x - 25.0).abs() < 1e-4);
        assert!((got[0].runs[1].width - 24.0).abs() < 1e-4);
        assert_eq!(got[1].text(), "g");
        // `cdef` is one word across two styles.
        assert_eq!(lines(&inl, 50.0), ["ab", "cdef", "g"]);
    }

    #[test]
    fn missing_glyph_is_an_error_naming_it() {
        let ms = Measurer {
            m: &Mono,
            size: 10.0,
            bold: false,
        };
        let err = break_lines(&plain("snow ☃ man"), &ms, 100.0).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("U+2603"), "{msg}");
        assert!(msg.contains('☃'), "{msg}");
        assert!(msg.contains("Mono"), "{msg}");
    }

    #[test]
    fn min_and_max_widths() {
        let ms = Measurer {
            m: &Mono,
            size: 10.0,
            bold: false,
        };
        let (min, max) = min_max_width(&plain("aa bbbb c"), &ms).unwrap();
        assert!((min - 40.0).abs() < 1e-4);
        assert!((max - 80.0).abs() < 1e-4);
    }
}
