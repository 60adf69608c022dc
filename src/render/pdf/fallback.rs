//! Fallback fonts: what draws a character the main font (NanumGothic or `--font`) lacks.
//!
//! NanumGothic covers Korean, Basic Latin and a few symbols, so names such as `Łódź`, `İzmir`,
//! `Σωκράτης` or `Пётр` used to stop a render. Two tiers follow the main font, asked per
//! character in this order:
//!
//! 1. **Bundled**: subsets of Noto Sans (Latin, Greek, Cyrillic, punctuation, currency; regular
//!    and bold) and Noto Sans Symbols 2 (arrows, check marks, ballot boxes, shapes), OFL-1.1,
//!    made reproducibly by `assets/fonts/make-fallback.sh` (see `assets/fonts/README.md`).
//!    About 370 KB in the binary; a PDF embeds only the glyphs it draws, like NanumGothic.
//! 2. **System**: for what is still missing (Chinese and Japanese ideographs, other scripts),
//!    the installed TrueType fonts (`.ttf`, `glyf` outlines; collections and CFF fonts are
//!    skipped, as [`super::truetype::subset`] cuts neither) under the usual font folders, or
//!    under the folders of `DISCLOSE_FONT_DIRS` (separated like `PATH`; empty: none). The files
//!    are tried in path order, so one machine always makes the same choice; which font was
//!    used is not silent: the PDF names it in its font list, and `validate`, `check` and
//!    `render` warn about every field that needs it (`FontSet::with_system_fonts_for`).
//!
//! A character that neither tier covers stays an error of `render` (nothing is written), which
//! `validate` and `check` announce as a warning naming the character and its field.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Noto Sans Regular, cut to Latin, Greek, Cyrillic and common punctuation and symbols.
static NOTO_SANS: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Fallback.ttf");
/// Noto Sans Bold, the same cut.
static NOTO_SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSansBold-Fallback.ttf");
/// Noto Sans Symbols 2, cut to arrows, shapes, dingbats and miscellaneous symbols.
static NOTO_SYMBOLS2: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSymbols2-Fallback.ttf");

/// A bundled font file: its bytes and its file name.
pub(crate) type Bundled = (&'static [u8], &'static str);

/// The bundled fallback fonts, in the order they are asked: each a regular face and an optional
/// bold one (without, bold is synthesised).
pub(crate) const BUNDLED: [(Bundled, Option<Bundled>); 2] = [
    (
        (NOTO_SANS, "NotoSans-Fallback.ttf"),
        Some((NOTO_SANS_BOLD, "NotoSansBold-Fallback.ttf")),
    ),
    ((NOTO_SYMBOLS2, "NotoSansSymbols2-Fallback.ttf"), None),
];

/// The folders searched for system fonts: `DISCLOSE_FONT_DIRS` when set, else the usual ones
/// of Linux and macOS.
pub fn font_dirs() -> Vec<PathBuf> {
    if let Some(dirs) = std::env::var_os("DISCLOSE_FONT_DIRS") {
        return std::env::split_paths(&dirs)
            .filter(|d| !d.as_os_str().is_empty())
            .collect();
    }
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    dirs
}

/// The single-font TrueType files under `dirs`, in path order.
fn candidates(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| walkdir::WalkDir::new(d).follow_links(true).into_iter())
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
        })
        .collect();
    files.sort();
    files.dedup();
    files
}

/// What one system font file covers: its characters, sorted. Only files that can be embedded
/// (a single TrueType font with `glyf` outlines, at most `MAX_FONT_FILE_BYTES`) are listed.
struct Indexed {
    path: PathBuf,
    chars: Vec<char>,
}

/// The system fonts under `dirs` and what each covers, read once per process and set of
/// folders (a document with Chinese names in a batch must not read every font file again).
fn index(dirs: &[PathBuf], max_bytes: u64) -> Arc<Vec<Indexed>> {
    type Cache = Mutex<HashMap<Vec<PathBuf>, Arc<Vec<Indexed>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(dirs).cloned()) {
        return found;
    }
    let indexed: Vec<Indexed> = candidates(dirs)
        .into_iter()
        .filter_map(|path| {
            let bytes = read_font(&path, max_bytes)?;
            let face = ttf_parser::Face::parse(&bytes, 0).ok()?;
            face.tables().glyf?;
            let mut chars = Vec::new();
            for sub in face.tables().cmap?.subtables {
                if sub.is_unicode() {
                    sub.codepoints(|c| {
                        if let Some(ch) = char::from_u32(c)
                            && sub.glyph_index(c).is_some_and(|g| g.0 != 0)
                        {
                            chars.push(ch);
                        }
                    });
                }
            }
            chars.sort_unstable();
            chars.dedup();
            Some(Indexed { path, chars })
        })
        .collect();
    let indexed = Arc::new(indexed);
    if let Ok(mut c) = cache.lock() {
        c.insert(dirs.to_vec(), indexed.clone());
    }
    indexed
}

/// The bytes of the font file at `path`, if it is at most `max_bytes` long.
pub(crate) fn read_font(path: &Path, max_bytes: u64) -> Option<Vec<u8>> {
    if std::fs::metadata(path).ok()?.len() > max_bytes {
        return None;
    }
    std::fs::read(path).ok()
}

/// The system font files under `dirs` that cover characters of `missing`: each font, in path
/// order, that covers one still missing is taken, until none is.
pub(crate) fn system_files(
    missing: &BTreeSet<char>,
    dirs: &[PathBuf],
    max_bytes: u64,
) -> Vec<PathBuf> {
    let mut still: BTreeSet<char> = missing.clone();
    let mut files = Vec::new();
    for font in index(dirs, max_bytes).iter() {
        if still.is_empty() {
            break;
        }
        let before = still.len();
        still.retain(|c| font.chars.binary_search(c).is_err());
        if still.len() < before {
            files.push(font.path.clone());
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_fonts_come_from_the_given_folders_in_path_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("b")).expect("mkdir");
        let nanum = include_bytes!("../../../assets/fonts/NanumGothic.ttf");
        std::fs::write(dir.path().join("b/z.ttf"), nanum).expect("write");
        std::fs::write(dir.path().join("a.ttf"), nanum).expect("write");
        std::fs::write(dir.path().join("not-a-font.ttf"), b"nothing").expect("write");
        let files = candidates(&[dir.path().to_path_buf()]);
        assert_eq!(
            files,
            vec![
                dir.path().join("a.ttf"),
                dir.path().join("b/z.ttf"),
                dir.path().join("not-a-font.ttf")
            ]
        );
        let wanted: BTreeSet<char> = ['가', '这'].into_iter().collect();
        let max = 64 << 20;
        // a.ttf covers 가, z.ttf adds nothing, not-a-font.ttf is skipped; 这 stays missing.
        assert_eq!(
            system_files(&wanted, &[dir.path().to_path_buf()], max),
            vec![dir.path().join("a.ttf")]
        );
        // Too large to be read: skipped.
        let other = tempfile::tempdir().expect("tempdir");
        std::fs::write(other.path().join("a.ttf"), nanum).expect("write");
        assert!(system_files(&wanted, &[other.path().to_path_buf()], 1000).is_empty());
    }
}
