//! Markdown reports to standalone HTML, with the metadata `render --format html` gives.
#![no_main]

use disclose::render::html::{self, Meta};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let meta = Meta {
        lang: "ko-KR".into(),
        title: "개인정보 유출 신고서 — <fuzz> & \"title\"".into(),
        author: "Example Corp".into(),
        description: "regulator_notification (INC-FUZZ)".into(),
        keywords: vec!["INC-FUZZ".into(), "regulator_notification".into()],
        date: "2026-01-01T00:00:00+09:00".into(),
        generator: format!("disclose {}", disclose::VERSION),
        draft: Some("초안 DRAFT".into()),
    };
    let doc = html::document(markdown, &meta);
    // Raw HTML in the Markdown is dropped: no script can reach the document.
    let body = html::body(markdown);
    assert!(!body.contains("<script"), "raw HTML survived: {body}");
    assert!(doc.len() >= body.len());
});
