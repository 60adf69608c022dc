//! Which incident text the PDF fonts cannot show, told by `validate` and `check` before
//! `render` refuses it.
//!
//! `render` stops at a character that no font has a glyph for (NanumGothic, the bundled Noto
//! Sans fallbacks, then the installed system fonts, see `render::pdf::fallback`) and writes
//! nothing; a file that `validate` passed should not fail there by surprise. So every text
//! value of an incident is checked here against the same fonts, and a warning names the
//! character, the field and the fix (`--font`). A character only a system font covers gets a
//! warning too: the PDF then depends on the fonts of the machine that renders it.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::diag::Diagnostic;
use crate::render::pdf::{FontSet, nfc};
use crate::yaml::{SourceMap, char_concern, visible};

/// The built-in fonts, parsed once per process.
fn builtin() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(FontSet::builtin)
}

/// Warnings for the text values of `map` that the PDF fonts cannot show, or show only with a
/// system font; in source order.
pub(super) fn font_warnings(map: &SourceMap) -> Vec<Diagnostic> {
    font_warnings_with(map, builtin(), &crate::render::pdf::font_dirs())
}

/// [`font_warnings`] for the fonts `fonts` and the system fonts under `dirs`.
fn font_warnings_with(map: &SourceMap, fonts: &FontSet, dirs: &[PathBuf]) -> Vec<Diagnostic> {
    // The fields with characters the set lacks, and those characters in text order.
    // One look at the fonts for the whole file (each character once), then each field's share.
    let values: Vec<_> = map.scalars().map(|(path, v)| (path, nfc(v))).collect();
    let lacking = fonts.uncovered(
        values
            .iter()
            .flat_map(|(_, v)| v.chars())
            .filter(|c| char_concern(*c).is_none()),
    );
    if lacking.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(crate::yaml::Pos, String, Vec<char>)> = Vec::new();
    for (path, value) in &values {
        let missing: BTreeSet<char> = value.chars().filter(|c| lacking.contains(c)).collect();
        if !missing.is_empty() {
            found.push((map.pos(path), path.to_string(), in_order(value, &missing)));
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    found.sort();
    // One look at the system fonts for the whole file.
    let all: String = found.iter().flat_map(|(_, _, m)| m.iter()).collect();
    let with_system = fonts.with_fonts_from(&all, dirs);
    let label = |chars: &[char]| {
        let mut it = chars.iter();
        let first = it
            .next()
            .map(|c| format!("U+{:04X} ({c})", *c as u32))
            .unwrap_or_default();
        match it.count() {
            0 => first,
            n => format!("{first} (and {n} more)"),
        }
    };
    let mut out = Vec::new();
    for (pos, path, missing) in found {
        let field = visible(&path);
        let nowhere: Vec<char> = {
            let set = with_system.uncovered(missing.iter().copied());
            missing
                .iter()
                .copied()
                .filter(|c| set.contains(c))
                .collect()
        };
        if !nowhere.is_empty() {
            out.push(
                Diagnostic::warning(
                    format!(
                        "no PDF font has a glyph for {} in `{field}`: `render` cannot make a PDF of it",
                        label(&nowhere)
                    ),
                    pos,
                )
                .at_path(path.clone())
                .hint(format!(
                    "render with --font FILE.ttf, a TrueType font that covers it; the built-in fonts are {}, and no installed font has it",
                    fonts.names().join(", ")
                )),
            );
        } else {
            let system: Vec<String> = with_system
                .system_fonts_drawing(Some(&missing.iter().copied().collect()))
                .iter()
                .map(|(name, file)| format!("{name} ({})", file.display()))
                .collect();
            out.push(
                Diagnostic::warning(
                    format!(
                        "{} in `{field}` is not in the built-in fonts: the PDF draws it with the system font {}",
                        label(&missing),
                        system.join(", ")
                    ),
                    pos,
                )
                .at_path(path.clone())
                .hint(
                    "the PDF then depends on this machine's fonts; for the same PDF everywhere, render with --font FILE.ttf, a TrueType font that covers it",
                ),
            );
        }
    }
    out
}

/// The characters of `set` in the order they first appear in `text`.
fn in_order(text: &str, set: &BTreeSet<char>) -> Vec<char> {
    let mut seen = BTreeSet::new();
    text.chars()
        .filter(|c| set.contains(c) && seen.insert(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(yaml: &str) -> SourceMap {
        crate::yaml::source_map(yaml, &crate::yaml::Limits::DEFAULT).expect("yaml")
    }

    #[test]
    fn covered_text_and_decomposed_accents_give_no_warning() {
        let m = map("a: \"Łódź İstanbul Σωκράτης Пётр ✓\"\nb: \"Rene\\u0301e\"\nc: 개인정보\n");
        assert!(font_warnings(&m).is_empty());
    }

    #[test]
    fn a_character_no_font_has_is_named_with_its_field() {
        // A private-use character of plane 16: no font has it, on any machine.
        let m = map("org:\n  name: \"A\\U0010FFFDB\\U0010FFFC\"\n");
        let w = font_warnings(&m);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            w[0].message,
            "no PDF font has a glyph for U+10FFFD (\u{10FFFD}) (and 1 more) in `org.name`: `render` cannot make a PDF of it"
        );
        assert_eq!(w[0].path.as_deref(), Some("org.name"));
        let hint = w[0].hint.as_deref().unwrap_or_default();
        assert!(hint.starts_with("render with --font FILE.ttf"), "{hint}");
        assert!(hint.contains("NanumGothic"), "{hint}");
    }

    #[test]
    fn a_character_only_a_system_font_has_names_that_font() {
        // A Latin-only set (the bundled Noto Sans cut as a company font), and a folder of
        // "system" fonts holding NanumGothic: the Korean field is drawn with it.
        let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
        let latin = FontSet::from_files(&assets.join("NotoSans-Fallback.ttf"), None).expect("font");
        let dir = tempfile::tempdir().expect("tempdir");
        let nanum = dir.path().join("NanumGothic.ttf");
        std::fs::copy(assets.join("NanumGothic.ttf"), &nanum).expect("copy");
        let m = map("title: Notice\nname: 한빛\n");
        let w = font_warnings_with(&m, &latin, &[dir.path().to_path_buf()]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            w[0].message,
            format!(
                "U+D55C (한) (and 1 more) in `name` is not in the built-in fonts: the PDF draws it with the system font NanumGothic ({})",
                nanum.display()
            )
        );
        assert_eq!(w[0].pos.map(|p| p.line), Some(2));
        // Without that folder, nothing has it.
        let w = font_warnings_with(&m, &latin, &[]);
        assert!(
            w[0].message
                .starts_with("no PDF font has a glyph for U+D55C (한) (and 1 more) in `name`"),
            "{w:?}"
        );
    }
}
