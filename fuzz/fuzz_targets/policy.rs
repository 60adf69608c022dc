//! Policy files: parse, model checks and the CEL compilation of every condition, then the
//! diagnostics `disclose validate` prints for them.
#![no_main]

use std::path::{Path, PathBuf};

use disclose::diag::{self, Color, Source};
use disclose::policy::load::{Origin, load_policy_str};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (_policy, report) = load_policy_str(text, Origin::File(PathBuf::from("policy.yaml")));
    let src = Source {
        name: Path::new("policy.yaml"),
        text,
    };
    let _ = diag::render_report(&report, &src, Color::Never);
});
