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
use lopdf::{Object, StringFormat};

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
        let mut content = Content::decode(&raw)
            .map_err(|e| PdfError::Pdf(format!("cannot parse a page's content: {e}")))?;
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
}
