//! Compacting the page content streams printpdf writes, before they are compressed.
//!
//! printpdf writes every glyph of a `TJ` array as its own hex string (`[<001B><003E>] TJ`) and
//! every coordinate with full `f32` precision (`481.87598`). Both cost bytes in every line of
//! text and rule. This pass joins adjacent strings of a `TJ` array (`[<001B003E>] TJ`, the same
//! glyphs at the same positions, since no offset separates them) and rounds every real operand
//! to 1/100 pt (0.0035 mm, far below what a printer or viewer can show, and still within the
//! layout's own tolerance: the page-box check allows 0.01 pt). Nothing else changes: operators,
//! their order and the text they show stay the same, so `pdftotext` output is unchanged.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, StringFormat};

use super::PdfError;

/// Rounds to 1/100: two decimals are all a page coordinate, a font size or a grey level needs.
fn round(r: f32) -> Object {
    let v = (r * 100.0).round() / 100.0;
    if v.fract() == 0.0 && v.abs() < 1.0e7 {
        Object::Integer(v as i64)
    } else {
        Object::Real(v)
    }
}

fn compact_operand(o: &mut Object) {
    match o {
        Object::Real(r) => *o = round(*r),
        Object::Array(items) => {
            for i in items.iter_mut() {
                compact_operand(i);
            }
        }
        _ => {}
    }
}

/// Joins adjacent glyph strings of a `TJ` array and writes them as literal (binary) strings:
/// two bytes per glyph instead of the four hex digits, which compress less well.
fn join_strings(items: Vec<Object>) -> Vec<Object> {
    let mut out: Vec<Object> = Vec::with_capacity(items.len());
    for item in items {
        match (out.last_mut(), item) {
            (Some(Object::String(prev, _)), Object::String(next, _)) => {
                prev.extend_from_slice(&next)
            }
            (_, Object::String(next, _)) => out.push(Object::String(next, StringFormat::Literal)),
            (_, item) => out.push(item),
        }
    }
    out
}

/// Compacts one content stream's operations.
pub fn compact(ops: &mut [Operation]) {
    for op in ops.iter_mut() {
        if op.operator == "TJ"
            && let Some(Object::Array(items)) = op.operands.first_mut()
        {
            *items = join_strings(std::mem::take(items));
        }
        for o in op.operands.iter_mut() {
            compact_operand(o);
        }
    }
}

/// Compacts every page's content stream of `doc` (left uncompressed; the caller compresses).
pub fn compact_pages(doc: &mut lopdf::Document) -> Result<(), PdfError> {
    let mut streams = Vec::new();
    for page in doc.get_pages().into_values() {
        streams.extend(doc.get_page_contents(page));
    }
    for id in streams {
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let raw = if stream.dict.get(b"Filter").is_ok() {
            stream
                .decompressed_content()
                .map_err(|e| PdfError::Pdf(format!("cannot read a page's content: {e}")))?
        } else {
            stream.content.clone()
        };
        let mut content = match decode(&raw) {
            Some(operations) => Content { operations },
            // Anything the fast reader does not expect: lopdf's full parser.
            None => Content::decode(&raw)
                .map_err(|e| PdfError::Pdf(format!("cannot parse a page's content: {e}")))?,
        };
        compact(&mut content.operations);
        let bytes = content
            .encode()
            .map_err(|e| PdfError::Pdf(format!("cannot write a page's content: {e}")))?;
        stream.dict.remove(b"Filter");
        stream.dict.remove(b"DecodeParms");
        stream.set_content(bytes);
    }
    Ok(())
}

/// Reads a content stream of the kind printpdf writes (numbers, names, strings, arrays,
/// dictionaries, operators), giving the same operations as lopdf's general parser at a fraction
/// of its cost: that parser was a sixth of the time of a PDF. `None` for anything it does not
/// expect (a name escape, an inline image, a malformed token), so the caller falls back.
fn decode(raw: &[u8]) -> Option<Vec<Operation>> {
    let mut r = Reader { b: raw, at: 0 };
    let mut ops = Vec::new();
    let mut operands = Vec::new();
    loop {
        r.skip_space();
        let Some(&c) = r.b.get(r.at) else {
            return operands.is_empty().then_some(ops);
        };
        if c.is_ascii_alphabetic() || c == b'\'' || c == b'"' {
            let start = r.at;
            while r
                .b
                .get(r.at)
                .is_some_and(|c| !is_space(*c) && !is_delimiter(*c))
            {
                r.at += 1;
            }
            let word = std::str::from_utf8(&r.b[start..r.at]).ok()?;
            match word {
                "true" => operands.push(Object::Boolean(true)),
                "false" => operands.push(Object::Boolean(false)),
                "null" => operands.push(Object::Null),
                // Inline images carry binary data: leave them to the full parser.
                "BI" | "ID" | "EI" => return None,
                _ => ops.push(Operation::new(word, std::mem::take(&mut operands))),
            }
        } else {
            operands.push(r.object(0)?);
        }
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while let Some(&c) = self.b.get(self.at) {
            if is_space(c) {
                self.at += 1;
            } else if c == b'%' {
                while self
                    .b
                    .get(self.at)
                    .is_some_and(|c| *c != b'\n' && *c != b'\r')
                {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    /// One operand; `depth` bounds the nesting of arrays and dictionaries.
    fn object(&mut self, depth: usize) -> Option<Object> {
        if depth > 32 {
            return None;
        }
        self.skip_space();
        let c = *self.b.get(self.at)?;
        match c {
            b'/' => {
                self.at += 1;
                let start = self.at;
                while self
                    .b
                    .get(self.at)
                    .is_some_and(|c| !is_space(*c) && !is_delimiter(*c))
                {
                    if self.b[self.at] == b'#' {
                        return None;
                    }
                    self.at += 1;
                }
                Some(Object::Name(self.b[start..self.at].to_vec()))
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if *self.b.get(self.at)? == b']' {
                        self.at += 1;
                        return Some(Object::Array(items));
                    }
                    items.push(self.object(depth + 1)?);
                }
            }
            b'<' if self.b.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                let mut dict = Dictionary::new();
                loop {
                    self.skip_space();
                    if self.b.get(self.at..self.at + 2)? == b">>" {
                        self.at += 2;
                        return Some(Object::Dictionary(dict));
                    }
                    let Object::Name(key) = self.object(depth + 1)? else {
                        return None;
                    };
                    let value = self.object(depth + 1)?;
                    dict.set(key, value);
                }
            }
            b'<' => {
                self.at += 1;
                let mut bytes = Vec::new();
                let mut high: Option<u8> = None;
                loop {
                    let c = *self.b.get(self.at)?;
                    self.at += 1;
                    if c == b'>' {
                        break;
                    }
                    if is_space(c) {
                        continue;
                    }
                    let v = (c as char).to_digit(16)? as u8;
                    match high.take() {
                        Some(h) => bytes.push(h << 4 | v),
                        None => high = Some(v),
                    }
                }
                if let Some(h) = high {
                    bytes.push(h << 4);
                }
                Some(Object::String(bytes, StringFormat::Hexadecimal))
            }
            b'(' => {
                self.at += 1;
                let mut bytes = Vec::new();
                let mut open = 1usize;
                loop {
                    let c = *self.b.get(self.at)?;
                    self.at += 1;
                    match c {
                        b'(' => {
                            open += 1;
                            bytes.push(c);
                        }
                        b')' => {
                            open -= 1;
                            if open == 0 {
                                break;
                            }
                            bytes.push(c);
                        }
                        // Escapes other than the plain ones (octal, line continuation) are
                        // left to the full parser.
                        b'\\' => {
                            let e = *self.b.get(self.at)?;
                            self.at += 1;
                            bytes.push(match e {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'b' => 0x08,
                                b'f' => 0x0c,
                                b'(' | b')' | b'\\' => e,
                                _ => return None,
                            });
                        }
                        // A bare CR or CR LF in a literal string reads as LF.
                        b'\r' => return None,
                        _ => bytes.push(c),
                    }
                }
                Some(Object::String(bytes, StringFormat::Literal))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let start = self.at;
                self.at += 1;
                while self
                    .b
                    .get(self.at)
                    .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
                {
                    self.at += 1;
                }
                let text = std::str::from_utf8(&self.b[start..self.at]).ok()?;
                if text.contains('.') {
                    text.parse::<f32>().ok().map(Object::Real)
                } else {
                    text.parse::<i64>().ok().map(Object::Integer)
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> Object {
        Object::String(b.to_vec(), StringFormat::Hexadecimal)
    }

    #[test]
    fn joins_adjacent_glyph_strings_but_keeps_offsets_between_them() {
        let mut ops = vec![Operation::new(
            "TJ",
            vec![Object::Array(vec![
                hex(&[0, 27]),
                hex(&[0, 62]),
                Object::Real(-21982.137),
                hex(&[0, 1]),
                hex(&[0, 2]),
            ])],
        )];
        compact(&mut ops);
        let Object::Array(items) = &ops[0].operands[0] else {
            panic!("array");
        };
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(
            matches!(&items[0], Object::String(b, StringFormat::Literal) if b == &[0, 27, 0, 62])
        );
        assert!(matches!(items[1], Object::Real(r) if (r + 21982.14).abs() < 0.005));
        assert!(
            matches!(&items[2], Object::String(b, StringFormat::Literal) if b == &[0, 1, 0, 2])
        );
        // Written as one binary string per run, with `(`, `)` and `\\` escaped.
        let mut ops = vec![Operation::new(
            "TJ",
            vec![Object::Array(vec![hex(&[0, b'(']), hex(&[0, b'\\'])])],
        )];
        compact(&mut ops);
        let bytes = Content { operations: ops }.encode().unwrap();
        assert_eq!(bytes, b"[(\0\\(\0\\\\)] TJ".to_vec());
    }

    #[test]
    fn rounds_reals_to_hundredths_and_writes_whole_numbers_as_integers() {
        let mut ops = vec![Operation::new(
            "re",
            vec![
                Object::Real(56.7),
                Object::Real(790.49),
                Object::Real(481.87598),
                Object::Real(0.4),
            ],
        )];
        ops.push(Operation::new(
            "Tm",
            vec![Object::Real(1.0), Object::Real(0.0)],
        ));
        compact(&mut ops);
        let bytes = Content { operations: ops }.encode().unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "56.7 790.49 481.88 0.4 re\n1 0 Tm"
        );
    }

    #[test]
    fn strings_outside_tj_arrays_are_left_alone() {
        let mut ops = vec![Operation::new("Tj", vec![hex(&[0, 1])])];
        compact(&mut ops);
        assert!(matches!(
            &ops[0].operands[0],
            Object::String(_, StringFormat::Hexadecimal)
        ));
    }

    #[test]
    fn the_fast_reader_agrees_with_lopdf() {
        let samples: [&[u8]; 4] = [
            b"0.62 g\n56.7 790.49 481.88 0.4 re\nf\nBT\n/FVOPDS 7.5 Tf\n1 0 0 1 56.7 797.89 Tm\n\
              [<001b003e> -21982.14 <001a0041>] TJ\nET\nq Q",
            b"/Span <</ActualText <FEFF0041> /MCID 3>> BDC (a\\(b\\)c\\\\d (nested)) Tj EMC -.5 +3 -2 true false null cm",
            b"% a comment\n1 2 m 3 4 l S [1 [2 3]] 0 d",
            b"",
        ];
        for raw in samples {
            let fast = decode(raw).expect("the fast reader reads it");
            let full = Content::decode(raw).expect("lopdf reads it").operations;
            assert_eq!(
                format!("{fast:?}"),
                format!("{full:?}"),
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
        // What it does not expect, it leaves to lopdf.
        for raw in [
            b"/A#20B gs".as_slice(),
            b"(\\101) Tj",
            b"BI /W 1 ID x EI",
            b"(unterminated",
            b"1 2",
        ] {
            assert!(decode(raw).is_none(), "{}", String::from_utf8_lossy(raw));
        }
    }

    #[test]
    fn the_fast_reader_agrees_with_lopdf_on_real_pages() {
        let markdown = include_str!("../../../tests/fixtures/pdf/audit_report.ko.md");
        let fonts = super::super::FontSet::builtin();
        let meta = super::super::PdfMeta {
            title: "t".into(),
            subject: "s".into(),
            author: "a".into(),
            language: "ko-KR".into(),
            keywords: vec![],
            document_id: "X/audit_report.ko".into(),
            provenance_hash: "sha256:00".into(),
            footer_hash: true,
            provenance: String::new(),
            created: 0,
            watermark: Some("초안 DRAFT".into()),
            attachments: Vec::new(),
        };
        let measure = super::super::FontMeasure {
            metrics: super::super::font::Metrics::new(&fonts).unwrap(),
            fonts: &fonts,
        };
        let (pages, tree) = super::super::pages(markdown, &meta, &measure).unwrap();
        let (doc, _) = super::super::emit::build(
            &pages,
            &tree,
            super::super::layout::PageSetup::a4(),
            &fonts,
            &measure.metrics,
            "t",
            "ko-KR",
        )
        .unwrap();
        let mut n = 0;
        for page in doc.get_pages().into_values() {
            for id in doc.get_page_contents(page) {
                let raw = &doc.get_object(id).unwrap().as_stream().unwrap().content;
                let fast = decode(raw).expect("the fast reader reads printpdf's output");
                let full = Content::decode(raw).unwrap().operations;
                assert_eq!(format!("{fast:?}"), format!("{full:?}"));
                n += 1;
            }
        }
        assert!(n > 3, "{n} pages");
    }
}
