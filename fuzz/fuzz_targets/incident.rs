//! Incident files: YAML limits and source map, typed deserialization, validation, and the
//! rustc-style diagnostics `disclose validate` prints (line, column, caret under the token).
#![no_main]

use std::path::Path;

use disclose::diag::{self, Color, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // `document::read_text` refuses anything that is not UTF-8 before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = disclose::incident::load_str(text);
    let src = Source {
        name: Path::new("incident.yaml"),
        text,
    };
    // Both colour modes: the caret arithmetic is the same, the painting differs.
    let _ = diag::render_report(&loaded.report, &src, Color::Never);
    let _ = diag::render_report(&loaded.report, &src, Color::Always);
    let _ = loaded.ok();
});
