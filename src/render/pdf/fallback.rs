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
//!    `render` warn about every field that needs it ([`FontSet::with_system_fonts_for`]).
//!
//! A character that neither tier covers stays an error of `render` (nothing is written), which
//! `validate` and `check` announce as a warning naming the character and its field.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::font::{FontPair, FontSet, MAX_FONT_FILE_BYTES};

/// Noto Sans Regular, cut to Latin, Greek, Cyrillic and common punctuation and symbols.
static NOTO_SANS: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Fallback.ttf");
/// Noto Sans Bold, the same cut.
static NOTO_SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSansBold-Fallback.ttf");
/// Noto Sans Symbols 2, cut to arrows, shapes, dingbats and miscellaneous symbols.
static NOTO_SYMBOLS2: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSymbols2-Fallback.ttf");

/// The bundled fallback pairs, in the order they are asked.
pub(crate) fn bundled() -> Vec<FontPair> {
    vec![
        FontPair {
            regular: FontSet::bundled_file(NOTO_SANS, "NotoSans-Fallback.ttf"),
            bold: Some(FontSet::bundled_file(
                NOTO_SANS_BOLD,
                "NotoSansBold-Fallback.ttf",
            )),
            system: None,
            defer: &[],
        },
        FontPair {
            regular: FontSet::bundled_file(NOTO_SYMBOLS2, "NotoSansSymbols2-Fallback.ttf"),
            bold: None,
            system: None,
            defer: &[],
        },
    ]
}

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
/// (a single TrueType font with `glyf` outlines, at most [`MAX_FONT_FILE_BYTES`]) are listed.
struct Indexed {
    path: PathBuf,
    chars: Vec<char>,
}

/// The system fonts under `dirs` and what each covers, read once per process and set of
/// folders (a document with Chinese names in a batch must not read every font file again).
fn index(dirs: &[PathBuf]) -> Arc<Vec<Indexed>> {
    type Cache = Mutex<HashMap<Vec<PathBuf>, Arc<Vec<Indexed>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(dirs).cloned()) {
        return found;
    }
    let indexed: Vec<Indexed> = candidates(dirs)
        .into_iter()
        .filter_map(|path| {
            let bytes = read_font(&path)?;
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

fn read_font(path: &Path) -> Option<Vec<u8>> {
    if std::fs::metadata(path).ok()?.len() > MAX_FONT_FILE_BYTES {
        return None;
    }
    std::fs::read(path).ok()
}

/// System font pairs (regular only; bold is synthesised) that cover characters of `missing`:
/// each font under `dirs`, in path order, that covers one still missing is taken, until none is.
pub(crate) fn system_pairs(missing: &BTreeSet<char>, dirs: &[PathBuf]) -> Vec<FontPair> {
    let mut still: BTreeSet<char> = missing.clone();
    let mut pairs = Vec::new();
    for font in index(dirs).iter() {
        if still.is_empty() {
            break;
        }
        let covered: BTreeSet<char> = still
            .iter()
            .copied()
            .filter(|c| font.chars.binary_search(c).is_ok())
            .collect();
        if covered.is_empty() {
            continue;
        }
        let Some(pair) = load(&font.path) else {
            continue;
        };
        still.retain(|c| !covered.contains(c));
        pairs.push(pair);
    }
    pairs
}

/// The font at `path` as a pair, if it can be embedded.
fn load(path: &Path) -> Option<FontPair> {
    let bytes = read_font(path)?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    let regular = FontSet::system_file(bytes, &name).ok()?;
    Some(FontPair {
        regular,
        bold: None,
        system: Some(path.to_path_buf()),
        defer: &[],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_cover_european_scripts_and_symbols() {
        let set = FontSet::builtin();
        for c in "ŁódźİğşıΣωκράτηςПётрčřžőűąęėįųā€✓✗☐→".chars()
        {
            assert!(set.covers(c), "{c} U+{:04X}", c as u32);
        }
        // Not bundled: simplified Chinese and emoji (NanumGothic has the Korean hanja).
        assert_eq!(
            set.uncovered("这说😀 a 漢字".chars()),
            ['这', '说', '😀'].into_iter().collect()
        );
    }

    #[test]
    fn each_character_comes_from_the_first_font_that_has_it_greek_and_cyrillic_from_noto() {
        use super::super::metrics::Face;
        let set = FontSet::builtin();
        let m = super::super::font::Metrics::new(&set).expect("metrics");
        let pair = |face, c| m.resolve(face, c).map(|(pair, _)| pair);
        assert_eq!(pair(Face::Regular, '가'), Some(0));
        assert_eq!(pair(Face::Regular, 'é'), Some(0));
        assert_eq!(pair(Face::Bold, 'ğ'), Some(1));
        assert_eq!(pair(Face::Regular, '✓'), Some(2));
        // NanumGothic has Σ and Д (KS X 1001), but a Greek or Cyrillic word is set in Noto Sans.
        assert_eq!(pair(Face::Regular, 'Σ'), Some(1));
        assert_eq!(pair(Face::Bold, 'Д'), Some(1));
        assert_eq!(pair(Face::Regular, 'Ł'), Some(1));
        assert_eq!(pair(Face::Regular, '\u{10FFFD}'), None);
    }

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
        let pairs = system_pairs(&wanted, &[dir.path().to_path_buf()]);
        // a.ttf covers 가, z.ttf adds nothing, not-a-font.ttf is skipped; 这 stays missing.
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].system.as_deref(), Some(files[0].as_path()));
        assert_eq!(pairs[0].regular.name, "NanumGothic");
    }
}
