//! Fonts: the embedded NanumGothic pair or a company font from files, followed by fallback fonts
//! ([`super::fallback`]), and the metrics the layout measures with (ttf-parser advance widths, so
//! what is measured is exactly what is drawn).
//!
//! A [`FontSet`] is a chain of font pairs (regular and optional bold): the first is the main
//! font, the others are asked, in order, for a character the ones before lack. The choice is per
//! character: [`Metrics::resolve`] gives the pair that draws it, the layout only measures, and
//! [`super::emit`] switches fonts inside a text run where the pair changes.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::PdfError;
use super::metrics::Face;

/// NanumGothic Regular (OFL-1.1, Debian `fonts-nanum`), see `assets/fonts/README.md`.
static NANUM_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NanumGothic.ttf");
/// NanumGothic Bold.
static NANUM_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NanumGothicBold.ttf");

/// A font file's bytes: the built-in fonts are read where the binary holds them, never copied.
#[derive(Clone)]
pub(crate) enum FontBytes {
    Static(&'static [u8]),
    Shared(Arc<[u8]>),
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FontBytes::Static(b) => b,
            FontBytes::Shared(b) => b,
        }
    }
}

/// One font file: its bytes, its name and its vertical metrics.
///
/// printpdf does not hold the whole font: for each document, [`FontFile::pdf_font`] cuts a
/// subset of the glyphs the document draws and printpdf parses and embeds that. Parsing the whole font once per process cost as much memory as the rest of a run
/// (printpdf keeps a copy of the file and of its `glyf` table), and subsetting it cost a walk
/// of its whole `cmap` for every document.
#[derive(Clone)]
pub(crate) struct FontFile {
    /// The sfnt bytes.
    pub data: FontBytes,
    /// The font's full name (for error messages), e.g. `NanumGothic`.
    pub name: String,
    /// The PostScript name the PDF gives it after the subset tag (`QHXKPA+NanumGothic`).
    pub ps_name: String,
    /// Design units per em.
    pub units_per_em: f32,
    /// Ascender, in em.
    pub ascender: f32,
    /// Descender (negative), in em.
    pub descender: f32,
}

impl std::fmt::Debug for FontFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFile")
            .field("name", &self.name)
            .field("bytes", &self.data.len())
            .finish()
    }
}

impl FontFile {
    fn parse(data: FontBytes, origin: &str) -> Result<FontFile, PdfError> {
        let face = ttf_parser::Face::parse(&data, 0).map_err(|e| PdfError::Font {
            font: origin.to_string(),
            message: format!("not a TrueType/OpenType font: {e}"),
        })?;
        let name = font_name(&face).unwrap_or_else(|| origin.to_string());
        if face.tables().glyf.is_none() {
            // PostScript (CFF) outlines: the subsetter (`truetype::subset`) cuts `glyf` fonts
            // only, and printpdf would embed the whole file, megabytes per document.
            return Err(PdfError::Font {
                font: origin.to_string(),
                message: "has PostScript (CFF) outlines, which disclose cannot subset; use the \
                          TrueType (.ttf, glyf outlines) version of the font"
                    .into(),
            });
        }
        let ps_name = postscript_name(&face, &name);
        let upm = face.units_per_em();
        if upm == 0 {
            return Err(PdfError::Font {
                font: origin.to_string(),
                message: "the font has no units per em".into(),
            });
        }
        let units_per_em = f32::from(upm);
        let ascender = f32::from(face.ascender()) / units_per_em;
        let descender = f32::from(face.descender()) / units_per_em;
        // A character the font has, to check now that the PDF library reads what it will be
        // given, so a company font it cannot embed fails here and not in the middle of a run.
        let probe: Vec<(char, u16)> = ['A', '가', '0', '.']
            .into_iter()
            .filter_map(|c| face.glyph_index(c).map(|g| (c, g.0)))
            .filter(|(_, g)| *g != 0)
            .take(1)
            .collect();
        let file = FontFile {
            data,
            name,
            ps_name,
            units_per_em,
            ascender,
            descender,
        };
        file.pdf_font(&probe).map_err(|e| match e {
            PdfError::Font { message, .. } => PdfError::Font {
                font: origin.to_string(),
                message,
            },
            other => other,
        })?;
        Ok(file)
    }

    /// The face printpdf embeds for a document that draws `chars` (each with its glyph id in
    /// this font): a subset of those glyphs ([`super::truetype::subset`]), or the whole font
    /// when it is not a TrueType font that code understands.
    pub(crate) fn pdf_font(&self, chars: &[(char, u16)]) -> Result<PdfFace, PdfError> {
        self.pdf_font_tagged(chars, "")
    }

    /// [`FontFile::pdf_font`] with the subset tag the PDF names it by (`/BaseFont
    /// /TAG+PostScriptName`; printpdf, which does not subset here, would write the bare id).
    pub(crate) fn pdf_font_tagged(
        &self,
        chars: &[(char, u16)],
        tag: &str,
    ) -> Result<PdfFace, PdfError> {
        let subset = super::truetype::subset(&self.data, chars);
        let bytes: &[u8] = subset.as_ref().map_or(&self.data, |s| &s.bytes);
        let mut warnings = Vec::new();
        let mut parsed =
            printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| {
                PdfError::Font {
                    font: self.name.clone(),
                    message: format!(
                        "the PDF library cannot read the font{}",
                        warnings
                            .first()
                            .map(|w| format!(": {w:?}"))
                            .unwrap_or_default()
                    ),
                }
            })?;
        if !tag.is_empty() {
            parsed.font_name = Some(format!("{tag}+{}", self.ps_name));
        }
        Ok(PdfFace { parsed, subset })
    }
}

/// A face as one document embeds it: printpdf's parsed font and, when it is a subset, how
/// glyph ids of the original font map to it.
pub(crate) struct PdfFace {
    pub parsed: printpdf::ParsedFont,
    subset: Option<super::truetype::Subset>,
}

impl PdfFace {
    /// The glyph id to draw for glyph `original` of the original font.
    pub fn glyph(&self, original: u16) -> Option<u16> {
        match &self.subset {
            Some(s) => s.new_id(original),
            None => Some(original),
        }
    }
}

/// The PostScript name (`name` id 6) if it is a valid one, else the full name without spaces
/// and PDF delimiters.
fn postscript_name(face: &ttf_parser::Face<'_>, full: &str) -> String {
    let names = face.names();
    let from_table = (0..names.len())
        .filter_map(|i| names.get(i))
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .find_map(|n| n.to_string());
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
            .take(63)
            .collect()
    };
    let ps = from_table.map(|s| clean(&s)).unwrap_or_default();
    if ps.is_empty() {
        let c = clean(full);
        if c.is_empty() { "Font".into() } else { c }
    } else {
        ps
    }
}

fn font_name(face: &ttf_parser::Face<'_>) -> Option<String> {
    let names = face.names();
    for id in [
        ttf_parser::name_id::FULL_NAME,
        ttf_parser::name_id::POST_SCRIPT_NAME,
        ttf_parser::name_id::FAMILY,
    ] {
        for i in 0..names.len() {
            if let Some(n) = names.get(i)
                && n.name_id == id
                && n.is_unicode()
                && let Some(s) = n.to_string()
                && !s.trim().is_empty()
            {
                return Some(s);
            }
        }
    }
    None
}

/// A regular face and, optionally, a bold one. Without a bold face, bold text is drawn with the
/// regular face, filled and stroked (synthetic bold).
#[derive(Clone, Debug)]
pub(crate) struct FontPair {
    pub regular: FontFile,
    pub bold: Option<FontFile>,
    /// Where the pair comes from: the system font file, for the notes that name it.
    pub system: Option<std::path::PathBuf>,
    /// Characters this pair draws only when no later pair has them: NanumGothic's few Latin
    /// Extended letters (Ł, Đ, ı, Œ), its Greek and its Cyrillic are the legacy glyphs of the
    /// Korean standard KS X 1001, and a name set half in them and half in Noto Sans looks
    /// broken.
    pub defer: &'static [std::ops::RangeInclusive<char>],
}

impl FontPair {
    /// The file that draws `face` (the regular one for synthetic bold).
    pub fn file(&self, face: Face) -> &FontFile {
        match face {
            Face::Bold => self.bold.as_ref().unwrap_or(&self.regular),
            Face::Regular => &self.regular,
        }
    }
}

/// The fonts a PDF is set in: the main pair (NanumGothic, or the company font of `--font`),
/// then the fallback pairs asked for characters the main one lacks (the bundled Noto Sans
/// subsets; system fonts found for a document, see [`FontSet::with_system_fonts_for`]).
#[derive(Clone, Debug)]
pub struct FontSet {
    pub(crate) chain: Vec<FontPair>,
}

/// Largest font file `--font` reads. Full CJK families such as Noto Sans CJK are 16 to 20 MB
/// per weight; a file far larger than that is not a font meant for documents.
pub const MAX_FONT_FILE_BYTES: u64 = 64 * 1024 * 1024;

impl FontSet {
    /// NanumGothic and NanumGothicBold, embedded in the binary.
    pub fn builtin() -> FontSet {
        // The embedded fonts are fixed data, checked by the tests: parsing them cannot fail.
        let regular = FontFile::parse(FontBytes::Static(NANUM_REGULAR), "NanumGothic.ttf")
            .expect("the embedded NanumGothic parses");
        let bold = FontFile::parse(FontBytes::Static(NANUM_BOLD), "NanumGothicBold.ttf")
            .expect("the embedded NanumGothicBold parses");
        FontSet::with_fallbacks(FontPair {
            regular,
            bold: Some(bold),
            system: None,
            defer: &[
                '\u{100}'..='\u{24F}',
                '\u{370}'..='\u{3FF}',
                '\u{400}'..='\u{52F}',
            ],
        })
    }

    /// `main` followed by the bundled fallback fonts ([`super::fallback::BUNDLED`]).
    fn with_fallbacks(main: FontPair) -> FontSet {
        // Built-in font files, checked by the tests: parsing them cannot fail.
        let bundled = |(bytes, name): (&'static [u8], &str)| {
            FontFile::parse(FontBytes::Static(bytes), name)
                .unwrap_or_else(|e| panic!("the embedded {name} parses: {e}"))
        };
        let mut chain = vec![main];
        chain.extend(
            super::fallback::BUNDLED
                .iter()
                .map(|&(regular, bold)| FontPair {
                    regular: bundled(regular),
                    bold: bold.map(bundled),
                    system: None,
                    defer: &[],
                }),
        );
        FontSet { chain }
    }

    /// A company font: a regular TrueType/OpenType file and an optional bold one.
    pub fn from_files(regular: &Path, bold: Option<&Path>) -> Result<FontSet, PdfError> {
        let read = |p: &Path| {
            crate::document::read_bounded(p, MAX_FONT_FILE_BYTES).map_err(|e| PdfError::Font {
                font: p.display().to_string(),
                message: format!("cannot use the font file: {e}"),
            })
        };
        let regular_bytes = read(regular)?;
        let bold_bytes = bold.map(read).transpose()?;
        FontSet::from_bytes(
            regular_bytes,
            &regular.display().to_string(),
            bold_bytes.map(|b| (b, bold.map(|p| p.display().to_string()).unwrap_or_default())),
        )
    }

    /// A font set from bytes: the regular face and its name for messages, and an optional bold
    /// face with its name.
    pub fn from_bytes(
        regular: Vec<u8>,
        regular_name: &str,
        bold: Option<(Vec<u8>, String)>,
    ) -> Result<FontSet, PdfError> {
        let regular = FontFile::parse(FontBytes::Shared(Arc::from(regular)), regular_name)?;
        let bold = match bold {
            Some((bytes, name)) => {
                Some(FontFile::parse(FontBytes::Shared(Arc::from(bytes)), &name)?)
            }
            None => None,
        };
        Ok(FontSet::with_fallbacks(FontPair {
            regular,
            bold,
            system: None,
            defer: &[],
        }))
    }

    /// The main font file that draws `face` (the regular one for synthetic bold).
    pub(crate) fn file(&self, face: Face) -> &FontFile {
        self.chain[0].file(face)
    }

    /// The name of the regular face.
    pub fn regular_name(&self) -> &str {
        &self.chain[0].regular.name
    }

    /// Whether some font of the set has a glyph for `ch` (in the regular face).
    pub fn covers(&self, ch: char) -> bool {
        self.uncovered(std::iter::once(ch)).is_empty()
    }

    /// The characters of `chars` (controls and white space aside) that no font of the set has
    /// a glyph for.
    pub fn uncovered(&self, chars: impl IntoIterator<Item = char>) -> BTreeSet<char> {
        // A hash set to gather a document's ten thousand characters into their few hundred
        // distinct ones (a B-tree insert each cost a million instructions a notice).
        let wanted: rustc_hash::FxHashSet<char> = chars
            .into_iter()
            .filter(|c| !c.is_control() && !c.is_whitespace())
            .collect();
        if wanted.is_empty() {
            return BTreeSet::new();
        }
        let faces: Vec<ttf_parser::Face<'_>> = self
            .chain
            .iter()
            .filter_map(|p| ttf_parser::Face::parse(&p.regular.data, 0).ok())
            .collect();
        wanted
            .into_iter()
            .filter(|&c| {
                !faces
                    .iter()
                    .any(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
            })
            .collect()
    }

    /// The system fonts this set falls back on: each one's name and file.
    pub fn system_fonts(&self) -> Vec<(String, std::path::PathBuf)> {
        self.system_fonts_drawing(None)
    }

    /// The system fonts of this set that have a glyph for one of `chars` (all of them for
    /// `None`): each one's name and file.
    pub fn system_fonts_drawing(
        &self,
        chars: Option<&BTreeSet<char>>,
    ) -> Vec<(String, std::path::PathBuf)> {
        self.chain
            .iter()
            .filter(|p| {
                chars.is_none_or(|chars| {
                    ttf_parser::Face::parse(&p.regular.data, 0).is_ok_and(|f| {
                        chars
                            .iter()
                            .any(|&c| f.glyph_index(c).is_some_and(|g| g.0 != 0))
                    })
                })
            })
            .filter_map(|p| p.system.clone().map(|path| (p.regular.name.clone(), path)))
            .collect()
    }

    /// This set with, after its own fonts, the installed system fonts that cover characters of
    /// `text` it lacks (see [`super::fallback`]); itself when it lacks none.
    pub fn with_system_fonts_for(&self, text: &str) -> FontSet {
        self.with_fonts_from(text, &super::fallback::font_dirs())
    }

    /// [`FontSet::with_system_fonts_for`] with the fonts under `dirs`.
    pub fn with_fonts_from(&self, text: &str, dirs: &[std::path::PathBuf]) -> FontSet {
        let missing = self.uncovered(text.chars());
        if missing.is_empty() {
            return self.clone();
        }
        let mut set = self.clone();
        for path in super::fallback::system_files(&missing, dirs, MAX_FONT_FILE_BYTES) {
            // Regular only: bold is synthesised. A file that cannot be embedded is passed over.
            let Some(bytes) = super::fallback::read_font(&path, MAX_FONT_FILE_BYTES) else {
                continue;
            };
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if let Ok(regular) = FontFile::parse(
                FontBytes::Shared(Arc::from(bytes)),
                name.as_deref().unwrap_or("system font"),
            ) {
                set.chain.push(FontPair {
                    regular,
                    bold: None,
                    system: Some(path),
                    defer: &[],
                });
            }
        }
        set
    }

    /// The names of the set's fonts (regular faces), in the order they are asked.
    pub fn names(&self) -> Vec<String> {
        self.chain.iter().map(|p| p.regular.name.clone()).collect()
    }
}

/// Parsed faces for one render: metrics and glyph ids through ttf-parser, for every pair of
/// the set (a pair without bold draws bold with its regular face).
pub(crate) struct Metrics<'a> {
    /// Per pair: the regular and the bold face, each with its units per em.
    faces: Vec<[(ttf_parser::Face<'a>, f32); 2]>,
    /// Per pair: the characters it draws only after the others ([`FontPair::defer`]).
    defer: Vec<&'static [std::ops::RangeInclusive<char>]>,
    /// What [`Metrics::resolve`] and [`Metrics::advance`] found for each (face, character)
    /// already asked: a document asks about the same few hundred characters tens of thousands
    /// of times (measuring, choosing fonts, emitting), and each ttf-parser `cmap` lookup walks
    /// the font's subtables. One render is one thread, hence a `RefCell`.
    resolved: std::cell::RefCell<rustc_hash::FxHashMap<(Face, char), Option<Resolved>>>,
}

/// A character resolved in a face: the pair that draws it, its glyph id there and its advance
/// width in em.
#[derive(Clone, Copy)]
struct Resolved {
    pair: usize,
    gid: u16,
    advance: f32,
}

impl<'a> Metrics<'a> {
    pub fn new(fonts: &'a FontSet) -> Result<Metrics<'a>, PdfError> {
        let parse = |f: &'a FontFile| {
            ttf_parser::Face::parse(&f.data, 0)
                .map(|face| (face, f.units_per_em))
                .map_err(|e| PdfError::Font {
                    font: f.name.clone(),
                    message: format!("not a TrueType/OpenType font: {e}"),
                })
        };
        let faces = fonts
            .chain
            .iter()
            .map(|p| Ok([parse(p.file(Face::Regular))?, parse(p.file(Face::Bold))?]))
            .collect::<Result<_, PdfError>>()?;
        let defer = fonts.chain.iter().map(|p| p.defer).collect();
        Ok(Metrics {
            faces,
            defer,
            resolved: Default::default(),
        })
    }

    fn face(&self, pair: usize, face: Face) -> Option<&(ttf_parser::Face<'a>, f32)> {
        let faces = self.faces.get(pair)?;
        Some(match face {
            Face::Regular => &faces[0],
            Face::Bold => &faces[1],
        })
    }

    /// The glyph id of `ch` in pair `pair`, if that face has a real glyph for it (never
    /// .notdef).
    pub fn glyph_in(&self, pair: usize, face: Face, ch: char) -> Option<u16> {
        let (f, _) = self.face(pair, face)?;
        f.glyph_index(ch).map(|g| g.0).filter(|g| *g != 0)
    }

    /// The first pair that has a glyph for `ch`, and that glyph's id.
    pub fn resolve(&self, face: Face, ch: char) -> Option<(usize, u16)> {
        self.resolved(face, ch).map(|r| (r.pair, r.gid))
    }

    /// Advance width of `ch` in em, from the first pair that has a glyph for it.
    pub fn advance(&self, face: Face, ch: char) -> Option<f32> {
        self.resolved(face, ch).map(|r| r.advance)
    }

    fn resolved(&self, face: Face, ch: char) -> Option<Resolved> {
        if let Some(known) = self.resolved.borrow().get(&(face, ch)) {
            return *known;
        }
        let found = self.look_up(face, ch);
        self.resolved.borrow_mut().insert((face, ch), found);
        found
    }

    /// [`Metrics::resolve`] without the cache: the pairs in order, those that defer `ch` last.
    fn look_up(&self, face: Face, ch: char) -> Option<Resolved> {
        let deferred = |i: usize| self.defer[i].iter().any(|r| r.contains(&ch));
        let (pair, gid) = (0..self.faces.len())
            .filter(|&i| !deferred(i))
            .chain((0..self.faces.len()).filter(|&i| deferred(i)))
            .find_map(|i| self.glyph_in(i, face, ch).map(|g| (i, g)))?;
        let (f, upm) = self.face(pair, face)?;
        let advance = f32::from(f.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0)) / upm;
        Some(Resolved { pair, gid, advance })
    }
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
        let set = FontSet::builtin();
        let m = Metrics::new(&set).expect("metrics");
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
}
