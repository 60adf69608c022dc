//! Fonts: the embedded NanumGothic pair, a company font from files, and the metrics the layout
//! measures with (ttf-parser advance widths, so what is measured is exactly what is drawn).

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
        let subset = super::truetype::subset(&self.data, chars);
        let bytes: &[u8] = subset.as_ref().map_or(&self.data, |s| &s.bytes);
        let mut warnings = Vec::new();
        let parsed =
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

/// The fonts a PDF is set in: a regular face and, optionally, a bold one. Without a bold face,
/// bold text is drawn with the regular face, filled and stroked (synthetic bold).
#[derive(Clone, Debug)]
pub struct FontSet {
    pub(crate) regular: FontFile,
    pub(crate) bold: Option<FontFile>,
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
        FontSet {
            regular,
            bold: Some(bold),
        }
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
        Ok(FontSet { regular, bold })
    }

    /// The font file that draws `face` (the regular one for synthetic bold).
    pub(crate) fn file(&self, face: Face) -> &FontFile {
        match face {
            Face::Bold => self.bold.as_ref().unwrap_or(&self.regular),
            Face::Regular => &self.regular,
        }
    }

    /// Whether bold is synthesised from the regular face.
    pub(crate) fn synthetic_bold(&self) -> bool {
        self.bold.is_none()
    }

    /// The name of the regular face.
    pub fn regular_name(&self) -> &str {
        &self.regular.name
    }
}

/// Parsed faces for one render: metrics and glyph ids through ttf-parser.
pub(crate) struct Metrics<'a> {
    regular: ttf_parser::Face<'a>,
    bold: ttf_parser::Face<'a>,
    regular_upm: f32,
    bold_upm: f32,
}

impl<'a> Metrics<'a> {
    pub fn new(fonts: &'a FontSet) -> Result<Metrics<'a>, PdfError> {
        let parse = |f: &'a FontFile| {
            ttf_parser::Face::parse(&f.data, 0).map_err(|e| PdfError::Font {
                font: f.name.clone(),
                message: format!("not a TrueType/OpenType font: {e}"),
            })
        };
        let r = fonts.file(Face::Regular);
        let b = fonts.file(Face::Bold);
        Ok(Metrics {
            regular: parse(r)?,
            bold: parse(b)?,
            regular_upm: r.units_per_em,
            bold_upm: b.units_per_em,
        })
    }

    fn face(&self, face: Face) -> (&ttf_parser::Face<'a>, f32) {
        match face {
            Face::Regular => (&self.regular, self.regular_upm),
            Face::Bold => (&self.bold, self.bold_upm),
        }
    }

    /// The glyph id of `ch`, if the face has a real glyph for it (never .notdef).
    pub fn glyph(&self, face: Face, ch: char) -> Option<u16> {
        let (f, _) = self.face(face);
        f.glyph_index(ch).map(|g| g.0).filter(|g| *g != 0)
    }
}

impl Metrics<'_> {
    /// Advance width of `ch` in em, if the face has a real glyph for it.
    pub fn advance(&self, face: Face, ch: char) -> Option<f32> {
        let (f, upm) = self.face(face);
        let gid = f.glyph_index(ch).filter(|g| g.0 != 0)?;
        Some(f32::from(f.glyph_hor_advance(gid).unwrap_or(0)) / upm)
    }
}
