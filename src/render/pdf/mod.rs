//! Markdown to PDF: A4 pages set in an embedded, subset Korean font (with fallback fonts for
//! other scripts, chosen per character), byte-reproducible, tagged (PDF/UA-1), with PDF/A-2a
//! metadata (PDF/A-3a with attached sources). Text is put in Unicode NFC before layout.
//!
//! Tagging: layout records which structure element each text run belongs to ([`tags`]);
//! emission wraps every run in a marked-content sequence with an MCID and everything else (page
//! furniture, rules, borders, backgrounds) in `/Artifact`; `structure` writes the structure
//! tree and parent tree with lopdf; `attach` embeds the audit report's sources.
//!
//! # Pipeline
//!
//! The renderer is four separate steps, each in its own module, in the manner of typst and
//! mdBook (layout never touches PDF; emission never decides where anything goes):
//!
//! 1. [`markdown`]: pulldown-cmark events (the HTML renderer's extensions: tables,
//!    strikethrough) become a small block tree. Raw HTML is dropped; links keep their text and
//!    add their URL in parentheses.
//! 2. [`linebreak`]: inline text becomes lines, measured with the font's real advance widths
//!    (ttf-parser). Korean wraps at spaces (`keep-all`); only a word wider than the whole line
//!    is broken, between characters (syllables).
//! 3. [`layout`]: blocks become pages of positioned text runs and rectangles: headings kept with
//!    what follows, nested lists with their markers, tables with column widths from their
//!    content, wrapped cells and the header row repeated on every page, block quotes with a
//!    bar, rules; then the running header (organisation, title), the footer (document id, page
//!    X / Y, provenance hash) and an optional diagonal draft watermark.
//! 4. `emit`, `content`, `truetype` and `pdfa`: each page's content stream is written directly
//!    (`content`: text objects, glyph strings, rectangles and marked content, numbers to 1/100
//!    pt), and printpdf 0.12 builds the document around the streams, with fonts registered
//!    under fixed ids. Each font is first cut to the glyphs the document draws
//!    (`truetype::subset`, renumbered), and printpdf embeds that subset as it is given (its
//!    `text_layout` feature, which would bring azul-layout, taffy and allsorts' subsetter into
//!    the build, is off), named `TAG+PostScriptName`; the process never holds a parsed copy of
//!    the whole font. A run whose characters come from several fonts (NanumGothic, the
//!    [`fallback`] fonts) switches font between glyphs. Then lopdf post-processing: the TrueType hinting
//!    bytecode is dropped from the subsets (half their size; outlines and metrics unchanged),
//!    and the PDF/A-2a parts, the structure tree and the content-derived `/ID` are added; the
//!    file is written (`serialize`) with object streams and a cross-reference stream (PDF 1.5, allowed by
//!    PDF/A-2).
//!
//! # Using it
//!
//! ```no_run
//! use disclose::render::pdf::{FontSet, PdfMeta, render};
//! let fonts = FontSet::builtin(); // check once, reuse for every document
//! let meta = PdfMeta {
//!     title: "개인정보 유출등에 관한 통지".into(),
//!     author: "쿠팡 주식회사".into(),
//!     language: "ko-KR".into(),
//!     document_id: "CPNG-2025-11/subject_notice.ko".into(),
//!     provenance_hash: "sha256:3fc5e42b…".into(),
//!     footer_hash: false, // a letter: no hash in the footer
//!     created: 1_767_193_200,
//!     ..PdfMeta::default()
//! };
//! let bytes = render("# 제목\n\n본문", &meta, &fonts)?;
//! # Ok::<(), disclose::render::pdf::PdfError>(())
//! ```
//!
//! # Guarantees (checked, not hoped for)
//!
//! * A character no font of the set (main, bundled fallbacks, system fonts) has a glyph for is
//!   an error naming it (`U+XXXX` and the character), never a `.notdef` box: every character is
//!   looked up while it is measured.
//! * No glyph is placed outside the page box: after layout every run's box (advance width ×
//!   ascender..descender, slant and rotation included) is checked against the page, and a
//!   violation is an error rather than a clipped page.
//! * The same inputs give the same bytes, in one process and across processes: fonts get fixed
//!   ids derived from the font and the glyphs used (which are also the subset tags), dates come
//!   from [`PdfMeta::created`], and the trailer `/ID` is the first 16 bytes of the SHA-256 of
//!   the file written with a placeholder `/ID`.
//!
//! # PDF/A-2a and PDF/UA-1: what is done and what is not verified
//!
//! printpdf's own conformance setting does not produce PDF/A (it writes no XMP packet and a
//! CMYK PDF/X output intent), so this module adds, with lopdf: an uncompressed XMP packet with
//! `pdfaid:part=2` (3 with attachments), `pdfaid:conformance=A`, `pdfuaid:part=1`, `dc:title`, `dc:creator`, `dc:description`,
//! `dc:language`, `pdf:Keywords`, `pdf:Producer`, `xmp:CreatorTool`, `xmp:CreateDate`,
//! `xmp:ModifyDate`, and the provenance fields (`disclose:DocumentId`,
//! `disclose:ProvenanceHash`, `disclose:Language`) declared in a PDF/A extension schema; a
//! document information dictionary holding exactly the same values; an sRGB output intent
//! (`/S /GTS_PDFA1`, the ICC v2 `sRGB.icc` of Debian's `icc-profiles-free`); `/Lang`; header
//! `%PDF-1.7` followed by a binary comment; a cross-reference table; and the trailer `/ID`.
//! All fonts are embedded (TrueType CID fonts, Identity-H, `/CIDToGIDMap /Identity`,
//! `/ToUnicode`), no transparency, no annotations, no JavaScript, no encryption; colours are
//! DeviceGray/DeviceRGB under the sRGB intent.
//!
//! Checked here with the tools Debian has: `qpdf --check` (structure, streams), `pdfinfo`
//! (metadata, version, page size), `pdffonts` (every font embedded and subset), `pdftotext`
//! (text extraction in both languages) and `pdftotext -bbox` (every word inside the page).
//! **Not verified without veraPDF** (not packaged in Debian; it needs Java and a download):
//! that the XMP packet passes the validator's schema checks (well-formedness of the RDF, the
//! extension schema declaration, exact Info/XMP equivalence as veraPDF computes it, dates with
//! a time zone); that the `/W` widths printpdf writes agree with the embedded subset font
//! program within the tolerance of rule 6.2.11.5; that the subset font programs (`truetype`) are
//! valid TrueType in every table PDF/A cares about (`cmap` rules for symbolic fonts do not
//! apply to CID fonts, but the subset's own tables are not inspected); and the ICC profile's
//! acceptance as an output profile. Treat the files as "PDF/A-2a and PDF/UA-1 intended" (the
//! tagging rules that can be checked without a validator are checked by `tests/pdf_tagged.rs`);
//! run veraPDF in a CI with Java before claiming conformance in a filing.

mod attach;
mod content;
pub mod decorate;
mod deflate;
mod emit;
mod fallback;
mod font;
pub mod layout;
pub mod linebreak;
pub mod markdown;
pub mod metrics;
mod pdfa;
mod serialize;
mod structure;
pub mod tags;
mod truetype;

pub use attach::{Attachment, Relationship};
pub use fallback::font_dirs;
pub use font::{FontSet, MAX_FONT_FILE_BYTES};

use decorate::Decorations;
use layout::PageSetup;
use metrics::{Face, Measure};

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The text has a character the font cannot show.
    #[error(
        "no font has a glyph for U+{code:04X} ({ch}) in \u{201c}{context}\u{201d} (tried {font}): use a font that covers it (--font) or remove the character",
        code = *ch as u32
    )]
    MissingGlyph {
        /// The character.
        ch: char,
        /// The fonts tried, by name.
        font: String,
        /// Text around the character.
        context: String,
    },
    /// A font file cannot be used.
    #[error("font {font}: {message}")]
    Font {
        /// The file or font name.
        font: String,
        /// What is wrong.
        message: String,
    },
    /// The document cannot be laid out on A4 pages.
    #[error("cannot lay out the PDF: {0}")]
    Layout(String),
    /// PDF generation failed.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
}

/// Document metadata and the texts of the running header and footer.
#[derive(Clone, Debug, Default)]
pub struct PdfMeta {
    /// The title (Info `/Title`, `dc:title`; right side of the running header).
    pub title: String,
    /// A one-line description (Info `/Subject`, `dc:description`).
    pub subject: String,
    /// The organisation (Info `/Author`, `dc:creator`; left side of the running header).
    pub author: String,
    /// BCP 47 language tag: `ko-KR` or `en-US` (`/Lang`, `dc:language`).
    pub language: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The document id (footer, left; XMP `disclose:DocumentId`).
    pub document_id: String,
    /// The provenance hash, e.g. the incident file's SHA-256 (XMP `disclose:ProvenanceHash` in
    /// full; footer, right, shortened, when [`PdfMeta::footer_hash`] is set).
    pub provenance_hash: String,
    /// Whether the footer shows the shortened provenance hash. Off for a letter to people or a
    /// public notice, whose footer carries only the document id.
    pub footer_hash: bool,
    /// The full provenance in plain text, one fact a line (XMP `disclose:Provenance`): kept in
    /// every PDF's metadata whatever its reader.
    pub provenance: String,
    /// Creation and modification date, Unix seconds (from `--as-of` or `SOURCE_DATE_EPOCH`).
    pub created: i64,
    /// Draft watermark text, drawn diagonally on every page.
    pub watermark: Option<String>,
    /// Files embedded as associated files (the audit report's sources). With any, the file is
    /// PDF/A-3a; without, PDF/A-2a.
    pub attachments: Vec<Attachment>,
}

/// Measures with the real fonts.
struct FontMeasure<'a> {
    metrics: font::Metrics<'a>,
    fonts: &'a FontSet,
}

impl Measure for FontMeasure<'_> {
    fn advance(&self, face: Face, ch: char) -> Option<f32> {
        self.metrics.advance(face, ch)
    }

    fn font_name(&self, face: Face) -> String {
        let names: Vec<&str> = self
            .fonts
            .chain
            .iter()
            .map(|p| p.file(face).name.as_str())
            .collect();
        names.join(", ")
    }

    fn vmetrics(&self) -> (f32, f32) {
        let f = self.fonts.file(Face::Regular);
        (f.ascender, f.descender)
    }
}

/// The footer's provenance text: the first 12 characters of the hash's value.
fn short_provenance(hash: &str) -> String {
    let h = hash.trim();
    let value = h.rsplit_once(':').map_or(h, |(_, v)| v);
    if value.is_empty() {
        return String::new();
    }
    let short: String = value.chars().take(12).collect();
    format!("sha256:{short}")
}

/// Lays out `markdown` and returns the pages (for tests and tools that inspect the layout).
pub fn layout_pages(
    markdown: &str,
    meta: &PdfMeta,
    fonts: &FontSet,
) -> Result<Vec<layout::Page>, PdfError> {
    let markdown = nfc(markdown);
    let meta = nfc_meta(meta);
    let fonts = &document_fonts(&markdown, &meta, fonts);
    let measure = FontMeasure {
        metrics: font::Metrics::new(fonts)?,
        fonts,
    };
    pages(&markdown, &meta, &measure).map(|(pages, _)| pages)
}

/// `text` in Unicode normalisation form C: a decomposed accent (`e` + U+0301, as macOS
/// copy-and-paste gives) becomes the one character fonts have a glyph for (`é`).
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// The metadata with every text in NFC.
fn nfc_meta(meta: &PdfMeta) -> PdfMeta {
    let n = |s: &String| nfc(s).into_owned();
    PdfMeta {
        title: n(&meta.title),
        subject: n(&meta.subject),
        author: n(&meta.author),
        keywords: meta.keywords.iter().map(n).collect(),
        document_id: n(&meta.document_id),
        provenance: n(&meta.provenance),
        watermark: meta.watermark.as_ref().map(n),
        ..meta.clone()
    }
}

/// The fonts for one document: `fonts` and, when the document has characters they all lack,
/// the system fonts that cover them ([`FontSet::with_system_fonts_for`]).
fn document_fonts(markdown: &str, meta: &PdfMeta, fonts: &FontSet) -> FontSet {
    let printed = [
        markdown,
        &meta.title,
        &meta.author,
        &meta.document_id,
        meta.watermark.as_deref().unwrap_or(""),
    ]
    .join("\n");
    fonts.with_system_fonts_for(&printed)
}

fn pages(
    markdown: &str,
    meta: &PdfMeta,
    measure: &FontMeasure<'_>,
) -> Result<(Vec<layout::Page>, tags::StructTree), PdfError> {
    let setup = PageSetup::a4();
    let blocks = markdown::parse(markdown);
    let (mut pages, tree) = layout::layout_tagged(&blocks, measure, setup)?;
    let deco = Decorations {
        header_left: meta.author.clone(),
        header_right: meta.title.clone(),
        footer_left: meta.document_id.clone(),
        footer_right: if meta.footer_hash {
            short_provenance(&meta.provenance_hash)
        } else {
            String::new()
        },
        watermark: meta.watermark.clone(),
    };
    decorate::decorate(&mut pages, &deco, measure, setup)?;
    for page in &mut pages {
        layout::merge_fills(&mut page.fills);
    }
    check_inside(&pages, setup, measure.vmetrics())?;
    Ok((pages, tree))
}

/// Every glyph box inside the page box.
fn check_inside(
    pages: &[layout::Page],
    setup: PageSetup,
    (asc, desc): (f32, f32),
) -> Result<(), PdfError> {
    for (i, page) in pages.iter().enumerate() {
        for run in &page.texts {
            for (x, y) in layout::run_corners(run, asc, desc) {
                if !(x >= -0.01
                    && x <= setup.width + 0.01
                    && y >= -0.01
                    && y <= setup.height + 0.01)
                {
                    return Err(PdfError::Layout(format!(
                        "text \u{201c}{}\u{201d} would fall outside page {} (at {x:.1}, {y:.1} pt)",
                        run.text,
                        i + 1
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Renders Markdown to a tagged, PDF/A-2a-intended A4 PDF.
///
/// The text is put in NFC first ([`nfc`]); characters the set's fonts lack are looked for in
/// the system fonts ([`fallback`]).
pub fn render(markdown: &str, meta: &PdfMeta, fonts: &FontSet) -> Result<Vec<u8>, PdfError> {
    let markdown = nfc(markdown);
    let meta = &nfc_meta(meta);
    let fonts = &document_fonts(&markdown, meta, fonts);
    let measure = FontMeasure {
        metrics: font::Metrics::new(fonts)?,
        fonts,
    };
    let (pages, tree) = pages(&markdown, meta, &measure)?;
    let (mut doc, marks) = emit::build(
        &pages,
        &tree,
        PageSetup::a4(),
        fonts,
        &measure.metrics,
        &meta.title,
        &meta.language,
    )?;
    structure::write(&mut doc, &tree, &marks)?;
    truetype::strip_hinting_in(&mut doc);
    pdfa::apply(&mut doc, meta)?;
    deflate::compress_streams(&mut doc)?;
    pdfa::finish(&mut doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_provenance_strips_the_prefix() {
        assert_eq!(
            short_provenance("sha256:0123456789abcdef"),
            "sha256:0123456789ab"
        );
        assert_eq!(short_provenance("0123456789abcdef"), "sha256:0123456789ab");
        assert_eq!(short_provenance(""), "");
    }
}
