//! Writing the finished document to bytes: the stream objects as they are, every other object
//! in compressed object streams, and a compressed cross-reference stream (PDF 1.5, allowed by
//! PDF/A-2).
//!
//! The file has the layout lopdf's `save_with_options` gives with object streams and
//! cross-reference streams (the same object order, object-stream contents, dictionaries and
//! trailer), with its cross-reference stream compressed with the PNG Up predictor as PDF writers
//! usually do (ISO 32000-1, 7.5.8.4). Why not lopdf's writer: it formats every token through
//! `dyn Write` and `write!`, clones each object into its object stream and then serialises it
//! twice (once to learn its offset), which was an eighth of a notice's instructions; here each
//! object is written once, straight into a byte vector.
//!
//! Not covered, because the renderer never makes them: encryption, linearization, objects with
//! a generation other than 0 inside object streams (they are written directly), existing object
//! streams (skipped, as lopdf does).

use lopdf::{Dictionary, Object, StringFormat};

use super::PdfError;
use super::content::{literal, unsigned};
use super::deflate;

/// The most objects one object stream holds.
const OBJECTS_PER_STREAM: usize = 1000;

/// Bytes per cross-reference entry: type, offset or object-stream number, generation or index.
const W: [usize; 3] = [1, 4, 2];

/// Where an object is: at a byte offset (with its generation), or at an index inside an object
/// stream.
#[derive(Clone, Copy)]
enum Entry {
    At(u32, u16),
    InStream { stream: u32, index: u16 },
}

/// Serialises `doc`, its object streams and cross-reference stream compressed at
/// [`deflate::LEVEL`].
pub fn save(doc: &lopdf::Document) -> Result<Vec<u8>, PdfError> {
    let too_big = || PdfError::Pdf("the file is larger than 4 GiB".into());
    let streams_bytes: usize = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| s.content.len() + 128)
        .sum();
    let mut out: Vec<u8> = Vec::with_capacity(streams_bytes + 16 * 1024);
    let version = if doc.version.as_str() < "1.5" {
        "1.5"
    } else {
        doc.version.as_str()
    };
    out.extend_from_slice(b"%PDF-");
    out.extend_from_slice(version.as_bytes());
    out.push(b'\n');
    if !doc.binary_mark.iter().all(|&b| b >= 128) {
        return Err(PdfError::Pdf(
            "the binary comment must be bytes of 128 or more".into(),
        ));
    }
    out.push(b'%');
    out.extend_from_slice(&doc.binary_mark);
    out.push(b'\n');

    let mut xref: Vec<Option<Entry>> = vec![None; doc.max_id as usize + 1];
    let mut packed: Vec<(u32, &Object)> = Vec::new();
    for (&(id, generation), object) in &doc.objects {
        if is_object_stream(object) {
            continue;
        }
        if generation == 0 && may_be_packed((id, generation), object, doc) {
            packed.push((id, object));
            continue;
        }
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        set(&mut xref, id, Entry::At(offset, generation));
        indirect(&mut out, id, generation, object);
    }

    // The object streams, numbered after the document's objects.
    let mut next_id = doc.max_id;
    let mut table = Vec::new();
    let mut body = Vec::new();
    for chunk in packed.chunks(OBJECTS_PER_STREAM) {
        next_id += 1;
        table.clear();
        body.clear();
        for (index, &(id, object)) in chunk.iter().enumerate() {
            if !table.is_empty() {
                table.push(b' ');
            }
            integer(&mut table, i64::from(id));
            table.push(b' ');
            integer(&mut table, body.len() as i64);
            write_object(&mut body, object);
            body.push(b' ');
            let index = u16::try_from(index).map_err(|_| too_big())?;
            set(
                &mut xref,
                id,
                Entry::InStream {
                    stream: next_id,
                    index,
                },
            );
        }
        table.push(b' ');
        let first = table.len();
        table.extend_from_slice(&body);
        let data = deflate::zlib(&table)?;
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        set(&mut xref, next_id, Entry::At(offset, 0));
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", chunk.len() as i64);
        dict.set("First", first as i64);
        dict.set("Length", data.len() as i64);
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream_object(&mut out, next_id, &dict, &data);
    }

    // The cross-reference stream, last, with the trailer's entries.
    let xref_id = next_id + 1;
    let xref_start = u32::try_from(out.len()).map_err(|_| too_big())?;
    set(&mut xref, xref_id, Entry::At(xref_start, 0));
    let (rows, index) = xref_rows(&xref);
    let mut dict = doc.trailer.clone();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", i64::from(xref_id) + 1);
    dict.set(
        "W",
        Object::Array(W.iter().map(|&w| Object::Integer(w as i64)).collect()),
    );
    dict.set("Index", Object::Array(index));
    dict.remove(b"Filter");
    let columns: usize = W.iter().sum();
    let mut predicted = Vec::with_capacity(rows.len() + rows.len() / columns);
    let mut above = [0u8; 7];
    for row in rows.chunks(columns) {
        predicted.push(2); // PNG Up: each byte as the difference to the one above it
        predicted.extend(row.iter().zip(&above).map(|(a, b)| a.wrapping_sub(*b)));
        above.copy_from_slice(row);
    }
    let compressed = deflate::zlib(&predicted)?;
    let data = if compressed.len() + 19 < rows.len() {
        dict.set("Length", compressed.len() as i64);
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let mut parms = Dictionary::new();
        parms.set("Predictor", 12);
        parms.set("Columns", columns as i64);
        dict.set("DecodeParms", Object::Dictionary(parms));
        compressed
    } else {
        dict.set("Length", rows.len() as i64);
        rows
    };
    stream_object(&mut out, xref_id, &dict, &data);
    out.extend_from_slice(b"\nstartxref\n");
    integer(&mut out, i64::from(xref_start));
    out.extend_from_slice(b"\n%%EOF");
    Ok(out)
}

fn set(xref: &mut Vec<Option<Entry>>, id: u32, entry: Entry) {
    let i = id as usize;
    if xref.len() <= i {
        xref.resize(i + 1, None);
    }
    xref[i] = Some(entry);
}

/// The entries from object 1 on, in subsections of consecutive objects (object 0, the head of
/// the free list, is left out as lopdf does), and the `/Index` array naming the subsections.
fn xref_rows(xref: &[Option<Entry>]) -> (Vec<u8>, Vec<Object>) {
    let mut rows = Vec::with_capacity(xref.len() * 7);
    let mut index = Vec::new();
    let mut start: Option<usize> = None;
    for (id, entry) in xref.iter().enumerate().skip(1) {
        match entry {
            Some(e) => {
                start.get_or_insert(id);
                let (kind, a, b) = match *e {
                    Entry::At(offset, generation) => (1u8, offset, generation),
                    Entry::InStream { stream, index } => (2, stream, index),
                };
                rows.push(kind);
                rows.extend_from_slice(&a.to_be_bytes());
                rows.extend_from_slice(&b.to_be_bytes());
            }
            None => {
                if let Some(s) = start.take() {
                    index.push(Object::Integer(s as i64));
                    index.push(Object::Integer((id - s) as i64));
                }
            }
        }
    }
    if let Some(s) = start {
        index.push(Object::Integer(s as i64));
        index.push(Object::Integer((xref.len() - s) as i64));
    }
    (rows, index)
}

fn is_object_stream(object: &Object) -> bool {
    matches!(object, Object::Stream(s) if type_is(&s.dict, b"ObjStm"))
}

fn type_is(dict: &Dictionary, name: &[u8]) -> bool {
    dict.get(b"Type").and_then(Object::as_name).ok() == Some(name)
}

/// Whether an object may go into an object stream (ISO 32000-1, 7.5.7): not a stream, not the
/// encryption dictionary, not a cross-reference or object stream dictionary.
fn may_be_packed(id: lopdf::ObjectId, object: &Object, doc: &lopdf::Document) -> bool {
    if matches!(object, Object::Stream(_)) {
        return false;
    }
    if doc
        .trailer
        .get(b"Encrypt")
        .and_then(Object::as_reference)
        .ok()
        == Some(id)
    {
        return false;
    }
    !matches!(object, Object::Dictionary(d) if type_is(d, b"XRef") || type_is(d, b"ObjStm"))
}

/// Whether a space must separate this object from a token before it.
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// `id gen obj … endobj` for an object written directly.
fn indirect(out: &mut Vec<u8>, id: u32, generation: u16, object: &Object) {
    integer(out, i64::from(id));
    out.push(b' ');
    integer(out, i64::from(generation));
    out.extend_from_slice(b" obj\n");
    if needs_space(object) {
        out.push(b' ');
    }
    write_object(out, object);
    if needs_space(object) || matches!(object, Object::Name(_) | Object::Stream(_)) {
        out.push(b' ');
    }
    out.extend_from_slice(b"\nendobj\n");
}

/// A stream object made here (object stream, cross-reference stream).
fn stream_object(out: &mut Vec<u8>, id: u32, dict: &Dictionary, data: &[u8]) {
    integer(out, i64::from(id));
    out.extend_from_slice(b" 0 obj\n");
    dictionary(out, dict);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream \nendobj\n");
}

fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(v) => integer(out, *v),
        Object::Real(v) => {
            use std::io::Write as _;
            let _ = write!(out, "{v}");
        }
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push(b'<');
            for &b in text {
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict),
        Object::Stream(stream) => {
            dictionary(out, &stream.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            integer(out, i64::from(*id));
            out.push(b' ');
            integer(out, i64::from(*generation));
            out.extend_from_slice(b" R");
        }
    }
}

fn dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with white space, delimiters, `#` and bytes outside `!`..`~` written as `#XX`.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(&[b'#', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.push(b);
        }
    }
}

fn integer(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    unsigned(out, v.unsigned_abs());
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Document, Stream, dictionary};

    fn sample() -> Document {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let content = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(595.276), 841.89.into()],
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let odd = doc.add_object(dictionary! {
            "A B#(x)" => Object::String(b"(a)\\b)\r(".to_vec(), StringFormat::Literal),
            "Hex" => Object::String(vec![0xFE, 0xFF, 0, 0x41], StringFormat::Hexadecimal),
            "Flags" => vec![true.into(), false.into(), Object::Null, (-42).into()],
            "Nested" => dictionary! { "X" => "Y" },
        });
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages, "Odd" => odd,
        });
        doc.trailer.set("Root", catalog);
        // An object of generation 1 (written directly, its generation in the cross-references).
        doc.max_id += 1;
        doc.objects.insert(
            (doc.max_id, 1),
            Object::String(b"old".to_vec(), StringFormat::Literal),
        );
        doc
    }

    #[test]
    fn the_file_reads_back_with_the_same_objects() {
        let doc = sample();
        let bytes = save(&doc).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7\n%"));
        assert!(bytes.ends_with(b"%%EOF"));
        let back = Document::load_mem(&bytes).expect("lopdf reads the file");
        for (id, object) in &doc.objects {
            let read = back.get_object(*id).expect("every object is there");
            match (object, read) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                (a, b) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "object {id:?}"),
            }
        }
        assert_eq!(back.get_pages().len(), 1);
    }

    #[test]
    fn the_same_as_lopdf_writes_but_for_the_compressed_cross_references() {
        let mut doc = sample();
        let ours = save(&doc).unwrap();
        let mut theirs = Vec::new();
        doc.save_with_options(
            &mut theirs,
            lopdf::SaveOptions::builder()
                .use_object_streams(true)
                .use_xref_streams(true)
                .max_objects_per_stream(1000)
                .compression_level(6)
                .build(),
        )
        .unwrap();
        // Everything before the cross-reference stream is the same, byte for byte.
        let xref = |b: &[u8]| {
            let at = b.windows(9).rposition(|w| w == b"startxref").unwrap();
            std::str::from_utf8(&b[at + 10..])
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        };
        assert_eq!(xref(&ours), xref(&theirs));
        assert_eq!(ours[..xref(&ours)], theirs[..xref(&theirs)]);
    }

    #[test]
    fn integers_and_names() {
        let mut out = Vec::new();
        for v in [0, 7, -7, 1234567890, i64::MIN, i64::MAX] {
            integer(&mut out, v);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0 7 -7 1234567890 -9223372036854775808 9223372036854775807 "
        );
        let mut out = Vec::new();
        write_name(&mut out, "A B#/é".as_bytes());
        assert_eq!(out, b"/A#20B#23#2F#C3#A9");
    }
}
