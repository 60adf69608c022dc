//! Markdown reports to PDF with the built-in NanumGothic fonts: layout (line breaking, tables,
//! pagination, running header and footer, watermark, the page-box check) and emission (content
//! streams, font subsetting, PDF/A metadata, compression). A character the fonts lack, or a
//! layout that cannot fit, is an `Err`; only panics, aborts, timeouts and running out of memory
//! are bugs.
//!
//! Emission (the per-document font subset, printpdf's serialization, compression) costs many
//! times what layout does in this instrumented build. So every input is laid out,
//! and one input in `EMIT_EVERY` (chosen by a hash of its bytes, so a given input always takes
//! the same path and a crash reproduces) also goes through `pdf::render`.
//! Set `DISCLOSE_FUZZ_EMIT_EVERY=1` to emit every input, e.g. when replaying a corpus.
#![no_main]

use std::sync::LazyLock;

use disclose::render::pdf::{self, FontSet, PdfMeta};
use libfuzzer_sys::fuzz_target;

static FONTS: LazyLock<FontSet> = LazyLock::new(FontSet::builtin);

static EMIT_EVERY: LazyLock<u64> = LazyLock::new(|| {
    std::env::var("DISCLOSE_FUZZ_EMIT_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(8)
});

/// Real reports are a few KiB to a few tens of KiB; longer inputs only slow the fuzzer down.
const MAX_LEN: usize = 64 * 1024;

/// FNV-1a: a stable hash, the same on every run and machine.
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_LEN {
        return;
    }
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    // The running header shows the title, which comes from the incident's (user-written) title:
    // take it from the first line, so the header's layout is fuzzed too.
    let first = markdown
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('#')
        .trim();
    let meta = PdfMeta {
        title: format!("개인정보 유출 신고서 — {first}"),
        subject: "regulator_notification (INC-FUZZ)".into(),
        author: "Example Corp".into(),
        language: "ko-KR".into(),
        keywords: vec!["INC-FUZZ".into(), "regulator_notification".into()],
        document_id: "INC-FUZZ/regulator_notification.ko".into(),
        provenance_hash: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            .into(),
        footer_hash: true,
        provenance: String::new(),
        created: 1_767_193_200,
        watermark: Some("초안 DRAFT".into()),
        attachments: Vec::new(),
    };
    let laid_out = pdf::layout_pages(markdown, &meta, &FONTS);
    if laid_out.is_ok() && fnv1a(data).is_multiple_of(*EMIT_EVERY) {
        // `render` lays the document out again, then emits it. An `Err` is an answer, not a bug.
        if let Ok(bytes) = pdf::render(markdown, &meta, &FONTS) {
            assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
        }
    }
});
