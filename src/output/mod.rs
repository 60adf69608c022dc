//! Writing output files: atomically, so a reader never sees a half-written file and a report set
//! is replaced whole ([`write_set`]); without following links someone planted (temporary names
//! are random and created exclusively, see `atomic`); and with names that cannot leave the output
//! directory ([`safe_file_stem`]).

mod atomic;
mod set;

pub use atomic::{sweep_dead, write_atomic};
pub use set::{SetError, Written, check_out_dir, write_set};

/// Longest name [`safe_file_stem`] returns, in bytes (the longest incident id validation accepts).
pub const MAX_STEM_LEN: usize = crate::incident::validate::MAX_ID_LEN;

/// A file or directory name made from `id` (an incident id) that is safe on every platform: a
/// single path component of ASCII letters, digits, `.`, `_` and `-`, never `.` or `..`, not
/// hidden, not starting like an option, not ending in a dot, not a device name Windows reserves
/// (`CON`, `NUL`, `COM1`, ...) and at most [`MAX_STEM_LEN`] bytes.
///
/// Validation already refuses ids that break these rules, and a valid id is returned unchanged;
/// this is the defence in depth for callers that build paths from an id.
pub fn safe_file_stem(id: &str) -> String {
    let mut out = String::with_capacity(id.len().min(MAX_STEM_LEN));
    for c in id.chars() {
        if out.len() >= MAX_STEM_LEN {
            break;
        }
        let keep = c.is_ascii_alphanumeric()
            || c == '_'
            || c == '-' && !out.is_empty()
            // no leading dot (hidden, `.`, `..`) and no dot after a dot (`..`)
            || c == '.' && !out.is_empty() && !out.ends_with('.');
        out.push(if keep { c } else { '_' });
    }
    // Windows drops trailing dots and spaces, so `a.` and `a` would be the same file.
    if out.ends_with('.') {
        out.pop();
        out.push('_');
    }
    if out.is_empty() || crate::incident::validate::is_windows_reserved(&out) {
        out.insert(0, '_');
        out.truncate(MAX_STEM_LEN);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids_are_kept() {
        for id in ["CPNG-2025-11", "HBB-2026-003", "a", "x.y_z-1", "0day"] {
            assert_eq!(safe_file_stem(id), id);
        }
    }

    #[test]
    fn hostile_ids_stay_one_plain_component() {
        let cases = [
            ("../../etc/passwd", "_._.__etc_passwd"),
            ("..", "__"),
            (".", "_"),
            ("/abs/path", "_abs_path"),
            ("C:\\Windows", "C__Windows"),
            ("a/b\\c", "a_b_c"),
            ("CON", "_CON"),
            ("nul.txt", "_nul.txt"),
            ("com1", "_com1"),
            ("trailing.", "trailing_"),
            ("trailing ", "trailing_"),
            ("", "_"),
            ("-rf", "_rf"),
            (".hidden", "_hidden"),
            ("a\0b\u{202E}c\nd", "a_b_c_d"),
            ("사고-1", "__-1"),
        ];
        for (id, want) in cases {
            let got = safe_file_stem(id);
            assert_eq!(got, want, "{id:?}");
            assert!(!got.contains(['/', '\\']) && !got.contains(".."), "{got}");
            assert_eq!(std::path::Path::new(&got).components().count(), 1);
        }
        assert_eq!(safe_file_stem(&"x".repeat(500)).len(), MAX_STEM_LEN);
        assert_eq!(safe_file_stem(&"/".repeat(500)).len(), MAX_STEM_LEN);
    }
}
