//! The PDF tests' inputs: the Markdown of the Coupang example as `disclose render --format md`
//! writes it (`tests/fixtures/pdf/*.md`; regenerate with `cargo run -- render
//! examples/coupang-2025.yaml --as-of 2026-01-01T00:00:00+09:00 --format md --out DIR`).
//! Included by the PDF test files that read them (`#[path]`), not by every test through `common`.

use std::path::Path;

/// Every fixture, both languages of each report.
pub const FIXTURES: [&str; 8] = [
    "regulator_notification.ko.md",
    "regulator_notification.en.md",
    "subject_notice.ko.md",
    "subject_notice.en.md",
    "public_notice.ko.md",
    "public_notice.en.md",
    "audit_report.ko.md",
    "audit_report.en.md",
];

/// A fixture's text.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
