//! Compressing a document's streams (FlateDecode), in one place and at a chosen level.
//!
//! lopdf's own `Document::compress` makes a new zlib compressor per stream at the highest
//! level. Most of a PDF's bytes are the font subset and the page contents, and for them level 9
//! buys almost nothing over level 6 while costing a quarter more work: measured on the Korean
//! subject notice of the Coupang example (13 streams, 135 KB before compression), level 9 gave
//! 54,685 bytes and level 6 54,811 (+0.2 %), in 23.8 M against 18.4 M instructions with one
//! reused compressor. The backend is zlib-rs (flate2's `zlib-rs` feature, pure Rust), which does
//! the same work in about two thirds of the instructions of miniz_oxide (29.9 M at level 9).
//! Output is deterministic: the same stream always compresses to the same bytes.
//!
//! Embedded files (the audit report's sources) are compressed once per process: the Korean and
//! the English audit report of an incident attach the same incident file and `check` JSON, and
//! every audit report of a batch attaches the same built-in policy files, so a batch would
//! otherwise compress the same few hundred kilobytes thousands of times (a third of its
//! deflate work). [`Memo`] keeps their compressed form by content; since the output is
//! deterministic, the bytes are those a fresh compression gives.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::{Arc, Mutex, PoisonError};

use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::{Document, Object, Stream};
use rustc_hash::{FxHashMap, FxHasher};

use super::PdfError;

/// The zlib level used for every stream.
pub const LEVEL: u32 = 6;

/// Compresses every stream of `doc` that may be compressed and has no filter yet, keeping the
/// raw bytes where compressing would not save space (as lopdf does).
pub fn compress_streams(doc: &mut Document) -> Result<(), PdfError> {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let packed = if is_embedded_file(stream) && stream.content.len() >= Memo::MIN_BYTES {
            match MEMO.get(&stream.content) {
                Some(packed) => packed,
                None => {
                    let packed = zlib(&stream.content)?;
                    MEMO.put(&stream.content, &packed);
                    packed
                }
            }
        } else {
            zlib(&stream.content)?
        };
        // A stream dictionary grows by `/Filter /FlateDecode` (19 bytes) when compressed.
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
    Ok(())
}

fn is_embedded_file(stream: &Stream) -> bool {
    stream.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"EmbeddedFile")
}

/// The compressed forms of embedded files, by content, shared by the threads of a batch.
static MEMO: Memo = Memo {
    inner: Mutex::new(None),
};

/// A process-wide memo of compressed file contents, bounded in size. When it is full, the
/// entries never asked for again (an incident's own file and check JSON, once both languages have
/// them) are dropped and those that were (the policy files every audit report attaches) stay.
struct Memo {
    inner: Mutex<Option<MemoInner>>,
}

#[derive(Default)]
struct MemoInner {
    /// Bytes held, originals and compressed forms together.
    held: usize,
    /// By the FxHash of the original; the original is compared in full on a hit.
    entries: FxHashMap<u64, Vec<Packed>>,
}

/// A file's bytes, their compressed form, and whether they were asked for since the memo last
/// made room.
struct Packed {
    original: Arc<[u8]>,
    packed: Arc<[u8]>,
    asked: bool,
}

impl Memo {
    /// Smaller files are compressed each time: too little work to be worth keeping.
    const MIN_BYTES: usize = 4096;
    /// The most bytes kept (the built-in policy files are about 3 MB in all).
    const MAX_BYTES: usize = 32 << 20;

    fn key(original: &[u8]) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(original)
    }

    fn get(&self, original: &[u8]) -> Option<Vec<u8>> {
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = guard
            .as_mut()?
            .entries
            .get_mut(&Memo::key(original))?
            .iter_mut()
            .find(|e| *e.original == *original)?;
        entry.asked = true;
        Some(entry.packed.to_vec())
    }

    fn put(&self, original: &[u8], packed: &[u8]) {
        let size = original.len() + packed.len();
        if size > Memo::MAX_BYTES / 4 {
            return;
        }
        let mut guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let inner = guard.get_or_insert_with(MemoInner::default);
        if inner.held + size > Memo::MAX_BYTES {
            inner.make_room();
            if inner.held + size > Memo::MAX_BYTES {
                *inner = MemoInner::default();
            }
        }
        let list = match inner.entries.entry(Memo::key(original)) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(Vec::new()),
        };
        if !list.iter().any(|e| *e.original == *original) {
            list.push(Packed {
                original: Arc::from(original),
                packed: Arc::from(packed),
                asked: false,
            });
            inner.held += size;
        }
    }
}

impl MemoInner {
    /// Drops the entries not asked for since the last time, and forgets which were.
    fn make_room(&mut self) {
        let mut held = 0;
        self.entries.retain(|_, list| {
            list.retain_mut(|e| {
                let keep = e.asked;
                e.asked = false;
                if keep {
                    held += e.original.len() + e.packed.len();
                }
                keep
            });
            !list.is_empty()
        });
        self.held = held;
    }
}

thread_local! {
    /// One compressor per thread, for every stream of every document the thread writes: making
    /// one allocates and clears some 300 KB of tables.
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(LEVEL), true));
}

/// `data` as one zlib stream at [`LEVEL`], with this thread's compressor.
pub(super) fn zlib(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    COMPRESSOR.with_borrow_mut(|z| deflate(z, data))
}

/// One zlib stream of `data`, with the compressor reset for reuse.
pub(super) fn deflate(z: &mut Compress, data: &[u8]) -> Result<Vec<u8>, PdfError> {
    z.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
        let rest = data.get(consumed..).unwrap_or_default();
        match z.compress_vec(rest, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return Ok(out),
            Ok(_) => out.reserve(out.capacity().max(1024)),
            Err(e) => return Err(PdfError::Pdf(format!("cannot compress a stream: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use lopdf::{Dictionary, Stream};
    use std::io::Read;

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        ZlibDecoder::new(data).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn streams_round_trip_and_the_compressor_is_reused_cleanly() {
        let mut doc = Document::with_version("1.7");
        let big: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let text = b"BT /F1 12 Tf (hello hello hello hello hello hello) Tj ET ".repeat(50);
        let tiny = b"q Q".to_vec();
        let mut unfiltered = Stream::new(Dictionary::new(), text.clone());
        unfiltered.allows_compression = false;
        let ids: Vec<_> = [big.clone(), text.clone(), tiny.clone()]
            .into_iter()
            .map(|c| doc.add_object(Stream::new(Dictionary::new(), c)))
            .collect();
        let kept = doc.add_object(unfiltered);
        compress_streams(&mut doc).unwrap();
        let get = |id| doc.get_object(id).unwrap().as_stream().unwrap().clone();
        for (id, raw) in ids.iter().zip([&big, &text]) {
            let s = get(*id);
            assert_eq!(
                s.dict.get(b"Filter").unwrap().as_name().unwrap(),
                b"FlateDecode"
            );
            assert!(s.content.len() < raw.len());
            assert_eq!(&inflate(&s.content), raw);
        }
        // Too small to gain, and a stream that must stay raw (e.g. XMP metadata): untouched.
        assert!(get(ids[2]).dict.get(b"Filter").is_err());
        assert_eq!(get(ids[2]).content, tiny);
        assert_eq!(get(kept).content, text);
        // Deterministic.
        let mut again = Compress::new(Compression::new(LEVEL), true);
        assert_eq!(deflate(&mut again, &big).unwrap(), get(ids[0]).content);
    }

    /// An embedded file compressed from the memo is the same bytes as one compressed afresh, and
    /// a different file of the same length is not mistaken for it.
    #[test]
    fn embedded_files_come_from_the_memo_with_the_same_bytes() {
        let file = |seed: u32| -> Vec<u8> {
            (0..40_000u32)
                .map(|i| (i.wrapping_mul(seed) % 97) as u8)
                .collect()
        };
        let embed = |doc: &mut Document, bytes: Vec<u8>| {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
            doc.add_object(Stream::new(d, bytes))
        };
        let (a, b) = (file(7), file(11));
        let mut first = Document::with_version("1.7");
        let a1 = embed(&mut first, a.clone());
        compress_streams(&mut first).unwrap();
        let mut second = Document::with_version("1.7");
        let a2 = embed(&mut second, a.clone());
        let b2 = embed(&mut second, b.clone());
        compress_streams(&mut second).unwrap();
        let content = |doc: &Document, id| {
            doc.get_object(id)
                .unwrap()
                .as_stream()
                .unwrap()
                .content
                .clone()
        };
        let mut z = Compress::new(Compression::new(LEVEL), true);
        assert_eq!(content(&first, a1), deflate(&mut z, &a).unwrap());
        assert_eq!(content(&second, a2), content(&first, a1));
        assert_eq!(inflate(&content(&second, b2)), b);
        assert!(MEMO.get(&a).is_some() && MEMO.get(&b).is_some());
    }

    /// Making room keeps what was asked for again and drops the rest.
    #[test]
    fn making_room_keeps_the_files_asked_for_again() {
        let memo = Memo {
            inner: Mutex::new(None),
        };
        let (a, b) = (vec![1u8; 5000], vec![2u8; 6000]);
        memo.put(&a, b"packed a");
        memo.put(&b, b"packed b");
        assert_eq!(memo.get(&a).as_deref(), Some(b"packed a".as_slice()));
        let mut guard = memo.inner.lock().unwrap();
        guard.as_mut().unwrap().make_room();
        assert_eq!(guard.as_ref().unwrap().held, 5000 + 8);
        drop(guard);
        assert!(memo.get(&b).is_none());
        assert_eq!(memo.get(&a).as_deref(), Some(b"packed a".as_slice()));
        // Not asked for since the last room was made: the next time, it goes too.
        memo.inner.lock().unwrap().as_mut().unwrap().make_room();
        memo.inner.lock().unwrap().as_mut().unwrap().make_room();
        assert!(memo.get(&a).is_none());
    }
}
