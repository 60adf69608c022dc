//! Page content streams, written directly as bytes.
//!
//! Emission ([`super::emit`]) says what a page draws through the few operators the renderer
//! uses (text objects, text matrix, font, glyph strings, fill and stroke colours, rectangles,
//! marked content), and this writer puts them in the stream in their compact form at once:
//! every real operand rounded to 1/100 pt (0.0035 mm, far below what a printer or viewer can
//! show, and within the layout's own tolerance: the page-box check allows 0.01 pt) and written
//! without trailing zeros, glyph ids as two-byte codes (Identity-H) in one literal string per
//! run of glyphs, one operation a line.
//!
//! Why not printpdf's operators: building an `Op` per operation (and a `String` per glyph for
//! its `/ToUnicode`), having printpdf translate them with `f32` precision and one hex string per
//! glyph, then reading the stream back to compact it cost a sixth of a notice's instructions.
//! printpdf still builds the document and its fonts ([`super::emit`]); the page streams are ours.

use super::layout::Color;

/// A PDF content stream being written.
#[derive(Default)]
pub struct ContentWriter {
    buf: Vec<u8>,
}

impl ContentWriter {
    /// An empty stream with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> ContentWriter {
        ContentWriter {
            buf: Vec::with_capacity(capacity),
        }
    }

    /// The stream's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.buf
    }

    /// Ends the previous operation's line.
    fn line(&mut self) {
        if !self.buf.is_empty() {
            self.buf.push(b'\n');
        }
    }

    /// An operation of number operands.
    fn op(&mut self, operands: &[f32], operator: &str) {
        self.line();
        for &v in operands {
            number(&mut self.buf, v);
            self.buf.push(b' ');
        }
        self.buf.extend_from_slice(operator.as_bytes());
    }

    /// `BT`: begins a text object.
    pub fn begin_text(&mut self) {
        self.op(&[], "BT");
    }

    /// `ET`: ends a text object.
    pub fn end_text(&mut self) {
        self.op(&[], "ET");
    }

    /// `g` / `rg`: the fill colour, grey or RGB, each component clamped to 0..=1.
    pub fn fill_color(&mut self, c: Color) {
        self.color(c, "g", "rg");
    }

    /// `G` / `RG`: the stroke colour.
    pub fn stroke_color(&mut self, c: Color) {
        self.color(c, "G", "RG");
    }

    fn color(&mut self, c: Color, gray: &str, rgb: &str) {
        match c {
            Color::Gray(g) => self.op(&[g.clamp(0.0, 1.0)], gray),
            Color::Rgb(r, g, b) => self.op(
                &[r.clamp(0.0, 1.0), g.clamp(0.0, 1.0), b.clamp(0.0, 1.0)],
                rgb,
            ),
        }
    }

    /// `w`: the line width, in points.
    pub fn line_width(&mut self, width: f32) {
        self.op(&[width], "w");
    }

    /// `re` and `f`: a filled rectangle, lower-left corner at (x, y).
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.op(&[x, y, w, h], "re");
        self.op(&[], "f");
    }

    /// `Tm`: the text matrix.
    pub fn text_matrix(&mut self, m: [f32; 6]) {
        self.op(&m, "Tm");
    }

    /// `Tf`: the font, by its resource name, and size.
    pub fn font(&mut self, resource: &str, size: f32) {
        self.line();
        self.buf.push(b'/');
        self.buf.extend_from_slice(resource.as_bytes());
        self.buf.push(b' ');
        number(&mut self.buf, size);
        self.buf.extend_from_slice(b" Tf");
    }

    /// `Tr`: the text rendering mode (0 fill, 2 fill then stroke).
    pub fn rendering_mode(&mut self, mode: u8) {
        self.op(&[f32::from(mode)], "Tr");
    }

    /// `TJ`: shows `items`, glyph codes and offsets (thousandths of an em, positive to the left).
    pub fn show(&mut self, items: &[Shown]) {
        self.line();
        self.buf.push(b'[');
        let mut codes: Vec<u8> = Vec::new();
        let mut i = 0;
        while i < items.len() {
            match items[i] {
                Shown::Glyph(_) => {
                    codes.clear();
                    while let Some(Shown::Glyph(g)) = items.get(i) {
                        codes.extend_from_slice(&g.to_be_bytes());
                        i += 1;
                    }
                    literal(&mut self.buf, &codes);
                }
                Shown::Offset(k) => {
                    // A number needs a space before it unless it opens the array.
                    if self.buf.last() != Some(&b'[') {
                        self.buf.push(b' ');
                    }
                    number(&mut self.buf, k);
                    i += 1;
                }
            }
        }
        self.buf.extend_from_slice(b"] TJ");
    }

    /// `BMC`: begins a marked-content sequence without properties (`/Artifact`).
    pub fn begin_marked(&mut self, tag: &str) {
        self.line();
        self.buf.push(b'/');
        self.buf.extend_from_slice(tag.as_bytes());
        self.buf.extend_from_slice(b" BMC");
    }

    /// `BDC`: begins a marked-content sequence of structure element `tag` with its MCID, and
    /// `/Lang` when the text's language differs from the document's.
    pub fn begin_tagged(&mut self, tag: &str, mcid: u32, lang: Option<&str>) {
        self.line();
        self.buf.push(b'/');
        self.buf.extend_from_slice(tag.as_bytes());
        self.buf.extend_from_slice(b" <<");
        if let Some(lang) = lang {
            self.buf.extend_from_slice(b"/Lang");
            literal(&mut self.buf, lang.as_bytes());
        }
        self.buf.extend_from_slice(b"/MCID ");
        unsigned(&mut self.buf, u64::from(mcid));
        self.buf.extend_from_slice(b">> BDC");
    }

    /// `EMC`: ends a marked-content sequence.
    pub fn end_marked(&mut self) {
        self.op(&[], "EMC");
    }
}

/// One element of a `TJ` array.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shown {
    /// A glyph, by its id in the embedded (subset) font.
    Glyph(u16),
    /// A move, in thousandths of an em; negative moves right.
    Offset(f32),
}

/// Writes `v` rounded to 1/100 with no trailing zeros (`481.88`, `0.4`, `12`, `-0.2`).
fn number(buf: &mut Vec<u8>, v: f32) {
    let cents = (v * 100.0).round();
    let cents = if cents.is_finite() { cents as i64 } else { 0 };
    if cents < 0 {
        buf.push(b'-');
    }
    let cents = cents.unsigned_abs();
    unsigned(buf, cents / 100);
    match cents % 100 {
        0 => {}
        f if f % 10 == 0 => buf.extend_from_slice(&[b'.', b'0' + (f / 10) as u8]),
        f => buf.extend_from_slice(&[b'.', b'0' + (f / 10) as u8, b'0' + (f % 10) as u8]),
    }
}

/// Writes `v` in decimal.
pub(super) fn unsigned(buf: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Writes `bytes` as a literal string: `\` and `\r` escaped, and every parenthesis that has no
/// partner (an end-of-line inside a literal string reads as `\n`, so a carriage return byte of a
/// glyph code must be escaped; balanced parentheses may stand as they are).
pub(super) fn literal(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.reserve(bytes.len() + 2);
    // Most strings have nothing to escape: written as they are.
    if !bytes
        .iter()
        .any(|b| matches!(b, b'(' | b')' | b'\\' | b'\r'))
    {
        buf.push(b'(');
        buf.extend_from_slice(bytes);
        buf.push(b')');
        return;
    }
    // Which parentheses pair up.
    let mut open: Vec<usize> = Vec::new();
    let mut unpaired: Vec<usize> = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'(' {
            open.push(i);
        } else if b == b')' && open.pop().is_none() {
            unpaired.push(i);
        }
    }
    unpaired.extend(open);
    unpaired.sort_unstable();
    buf.push(b'(');
    let mut next = unpaired.iter().peekable();
    for (i, &b) in bytes.iter().enumerate() {
        let escape_paren = next.peek().is_some_and(|&&j| j == i);
        if escape_paren {
            next.next();
        }
        match b {
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ if escape_paren => buf.extend_from_slice(&[b'\\', b]),
            _ => buf.push(b),
        }
    }
    buf.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Object;
    use lopdf::content::Content;

    fn written(f: impl FnOnce(&mut ContentWriter)) -> String {
        let mut w = ContentWriter::default();
        f(&mut w);
        String::from_utf8_lossy(&w.finish()).into_owned()
    }

    #[test]
    fn numbers_are_rounded_to_hundredths_without_trailing_zeros() {
        let cases = [
            (481.87598, "481.88"),
            (0.4, "0.4"),
            (0.400_01, "0.4"),
            (12.0, "12"),
            (11.999, "12"),
            (-0.2, "-0.2"),
            (-0.004, "0"),
            (0.05, "0.05"),
            (841.89014, "841.89"),
            (-250.0, "-250"),
            (f32::NAN, "0"),
        ];
        for (v, want) in cases {
            let mut buf = Vec::new();
            number(&mut buf, v);
            assert_eq!(String::from_utf8(buf).unwrap(), want, "{v}");
        }
    }

    #[test]
    fn operations_are_one_a_line_in_the_compact_form() {
        let s = written(|w| {
            w.begin_marked("Artifact");
            w.fill_color(Color::Gray(0.62));
            w.fill_rect(56.7, 790.49, 481.87598, 0.4);
            w.end_marked();
            w.begin_text();
            w.begin_tagged("P", 0, None);
            w.fill_color(Color::Rgb(1.5, 0.0, 0.25));
            w.text_matrix([1.0, 0.0, 0.0, 1.0, 56.7, 797.89]);
            w.font("YDWHEK", 7.5);
            w.show(&[
                Shown::Glyph(0x41),
                Shown::Offset(-250.0),
                Shown::Glyph(0x42),
            ]);
            w.end_marked();
            w.begin_tagged("Span", 12, Some("en"));
            w.stroke_color(Color::Gray(0.0));
            w.line_width(0.3);
            w.rendering_mode(2);
            w.end_marked();
            w.end_text();
        });
        assert_eq!(
            s,
            "/Artifact BMC\n0.62 g\n56.7 790.49 481.88 0.4 re\nf\nEMC\nBT\n/P <</MCID 0>> BDC\n\
             1 0 0.25 rg\n1 0 0 1 56.7 797.89 Tm\n/YDWHEK 7.5 Tf\n[(\0A) -250(\0B)] TJ\nEMC\n\
             /Span <</Lang(en)/MCID 12>> BDC\n0 G\n0.3 w\n2 Tr\nEMC\nET"
        );
    }

    /// Every glyph code survives a real PDF parser, whatever bytes it holds: parentheses paired
    /// or not, backslashes, carriage returns and line feeds.
    #[test]
    fn glyph_strings_read_back_as_the_same_codes() {
        let runs: Vec<Vec<u16>> = vec![
            vec![0x0028, 0x2900],         // "(" then ")" : paired
            vec![0x0029, 0x2800],         // ")" then "(" : neither paired
            vec![0x5C0D, 0x0A5C],         // backslash, CR, LF, backslash
            vec![0x2828, 0x2929, 0x0029], // two pairs and one stray ")"
            (0..=300).collect(),
            vec![],
        ];
        for glyphs in runs {
            let items: Vec<Shown> = glyphs.iter().map(|&g| Shown::Glyph(g)).collect();
            let bytes = {
                let mut w = ContentWriter::default();
                w.begin_text();
                w.show(&items);
                w.end_text();
                w.finish()
            };
            let content = Content::decode(&bytes).expect("lopdf reads it");
            let tj = &content.operations[1];
            assert_eq!(tj.operator, "TJ");
            let Some(Object::Array(array)) = tj.operands.first() else {
                panic!("TJ without an array");
            };
            let mut codes = Vec::new();
            for o in array {
                if let Object::String(s, _) = o {
                    codes.extend_from_slice(s);
                }
            }
            let want: Vec<u8> = glyphs.iter().flat_map(|g| g.to_be_bytes()).collect();
            assert_eq!(codes, want, "{glyphs:04X?}");
        }
    }

    #[test]
    fn offsets_between_glyphs_read_back_as_numbers() {
        let mut w = ContentWriter::default();
        w.show(&[
            Shown::Offset(-250.0),
            Shown::Offset(10.0),
            Shown::Glyph(1),
            Shown::Offset(33198.56),
            Shown::Glyph(2),
        ]);
        let bytes = w.finish();
        assert_eq!(bytes, b"[-250 10(\0\x01) 33198.56(\0\x02)] TJ");
        let content = Content::decode(&bytes).expect("lopdf reads it");
        let Some(Object::Array(a)) = content.operations[0].operands.first() else {
            panic!("no array");
        };
        assert_eq!(a.len(), 5);
        assert!(matches!(a[0], Object::Integer(-250)));
        assert!(matches!(a[3], Object::Real(r) if (r - 33198.56).abs() < 0.01));
    }
}
