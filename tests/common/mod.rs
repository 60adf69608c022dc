//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The path of an external tool the tests drive (poppler's `pdftotext`, `qpdf`, Chromium), or
/// `None` when it is missing, and the checks that need it are skipped. When
/// `DISCLOSE_REQUIRE_TOOLS` is set, as `.ci/run` sets it after installing them, a missing tool
/// fails the test instead.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("DISCLOSE_REQUIRE_TOOLS").is_none(),
            "{name} is required (DISCLOSE_REQUIRE_TOOLS is set); .ci/run installs it"
        );
        eprintln!("skipping checks that need {name}: it is not installed (.ci/run installs it)");
    }
    found
}
