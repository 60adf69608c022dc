//! PDF emission: laid-out pages become content streams ([`super::content`], written directly),
//! printpdf builds the document around them (fonts embedded as Identity-H CID fonts, the subsets
//! cut by [`super::truetype`], with `/ToUnicode` and `/W`), and we take its lopdf document for
//! the PDF/A post-processing in [`super::pdfa`]. Each character is drawn with the first font of
//! the set that has it ([`Metrics::resolve`]): a run switches font where that changes.
//!
//! printpdf learns which glyphs each font draws (for `/W` and `/ToUnicode`) from the operators
//! of its pages, so it is given, as the first page's operators, one text object that shows every
//! glyph of every font once, each with the character it stands for; its translation of them is
//! then replaced, page by page, by the streams written here.
//!
//! Determinism: printpdf's resource ids come from a process-global counter, so the fonts are
//! registered under fixed ids instead ([`font_tag`]: six capital letters derived from the font
//! and the glyphs it draws, which double as the subset tag, e.g. `QHXKPA+NanumGothic`). Glyphs
//! are passed as glyph ids looked up with ttf-parser, the same tables the layout measured.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Codepoint, FontId, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem,
};
use rustc_hash::{FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};

use super::PdfError;
use super::content::{ContentWriter, Shown};
use super::font::{FontSet, Metrics};
use super::layout::{Color, ITALIC_SLANT, Page, PageSetup};
use super::metrics::Face;
use super::tags::StructTree;

/// A six-letter tag (A–Z) for a face and the characters it draws: the font's resource name and
/// subset tag. Different subsets get different tags; the same input always gets the same one.
pub fn font_tag(face: Face, font_name: &str, font_len: usize, chars: &BTreeSet<char>) -> String {
    let mut h = Sha256::new();
    h.update(match face {
        Face::Regular => b"regular".as_slice(),
        Face::Bold => b"bold".as_slice(),
    });
    h.update(font_name.as_bytes());
    h.update((font_len as u64).to_be_bytes());
    for c in chars {
        h.update((*c as u32).to_be_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// One embedded font: a pair of the set ([`Metrics::resolve`]) and the face it draws with
/// (`Regular` for a pair's synthetic bold, which shares the regular font).
type Slot = (usize, Face);

/// Builds the printpdf document for laid-out pages and returns printpdf's lopdf document, with
/// each page's marked content (for the structure tree). `language` is the document's: in a
/// Korean document, English names are marked `/Lang (en)`.
pub(crate) fn build(
    pages: &[Page],
    tree: &StructTree,
    setup: PageSetup,
    fonts: &FontSet,
    metrics: &Metrics<'_>,
    title: &str,
    language: &str,
) -> Result<(lopdf::Document, Vec<Marks>), PdfError> {
    // The font that draws each character of a run: the first pair that has it; a pair without
    // bold draws bold with its regular font, filled and stroked.
    let slot = |face: Face, ch: char| -> Option<(Slot, u16, bool)> {
        let (pair, gid) = metrics.resolve(face, ch)?;
        let synthetic = face == Face::Bold && fonts.chain[pair].bold.is_none();
        let face = if synthetic { Face::Regular } else { face };
        Some(((pair, face), gid, synthetic))
    };
    // The distinct (face, character) pairs the pages show: a few hundred, each shown tens of
    // times.
    let mut shown: FxHashSet<(Face, char)> = FxHashSet::default();
    for page in pages {
        for t in &page.texts {
            shown.extend(t.text.chars().map(|ch| (t.face, ch)));
        }
    }
    // Which characters each font draws: the subset tag depends on them.
    let mut used: BTreeMap<Slot, BTreeSet<char>> = BTreeMap::new();
    for &(face, ch) in &shown {
        if let Some((s, _, _)) = slot(face, ch) {
            used.entry(s).or_default().insert(ch);
        }
    }
    let mut doc = PdfDocument::new(title);
    // Per embedded font (by index): its resource name, printpdf's face, and the glyphs it draws
    // with the character each stands for (the first character met, for `/ToUnicode`).
    let mut embedded: Vec<(String, super::font::PdfFace, BTreeMap<u16, char>)> = Vec::new();
    let mut index: BTreeMap<Slot, usize> = BTreeMap::new();
    for (&(pair, face), chars) in &used {
        let file = fonts.chain[pair].file(face);
        let tag = font_tag(face, &file.name, file.data.len(), chars);
        let glyphs: Vec<(char, u16)> = chars
            .iter()
            .filter_map(|&c| metrics.glyph_in(pair, face, c).map(|g| (c, g)))
            .collect();
        let pdf_face = file.pdf_font_tagged(&glyphs, &tag)?;
        let mut drawn = BTreeMap::new();
        for &(c, original) in &glyphs {
            if let Some(gid) = pdf_face.glyph(original) {
                drawn.entry(gid).or_insert(c);
            }
        }
        doc.resources
            .fonts
            .map
            .insert(FontId(tag.clone()), PdfFont::new(pdf_face.parsed.clone()));
        index.insert((pair, face), embedded.len());
        embedded.push((tag, pdf_face, drawn));
    }
    // The font and glyph to draw for each pair shown: the glyph id renumbered as in the subset
    // embedded for it.
    let drawn: FxHashMap<(Face, char), Drawn> = shown
        .iter()
        .filter_map(|&(face, ch)| {
            let (s, original, synthetic) = slot(face, ch)?;
            let font = *index.get(&s)?;
            let d = Drawn {
                font,
                gid: embedded[font].1.glyph(original)?,
                synthetic_bold: synthetic,
            };
            Some(((face, ch), d))
        })
        .collect();
    let glyph = |face: Face, ch: char| -> Option<Drawn> { drawn.get(&(face, ch)).copied() };
    let names: Vec<&str> = embedded.iter().map(|(tag, _, _)| tag.as_str()).collect();

    let korean = language.starts_with("ko");
    let mut contents = Vec::with_capacity(pages.len());
    let mut all_marks = Vec::with_capacity(pages.len());
    for page in pages {
        let mut marks = Marks::default();
        contents.push(page_content(
            page, setup, &glyph, &names, tree, korean, &mut marks,
        )?);
        all_marks.push(marks);
    }

    // printpdf's pages: the registration of every glyph on the first, nothing on the others.
    let mut registration = vec![Op::StartTextSection];
    for (tag, _, drawn) in &embedded {
        registration.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(tag.clone())),
            size: Pt(10.0),
        });
        registration.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(
                drawn
                    .iter()
                    .map(|(&gid, &c)| Codepoint::with_cid(gid, 0.0, c.to_string()))
                    .collect(),
            )],
        });
    }
    registration.push(Op::EndTextSection);
    let size = (
        Mm(setup.width * 25.4 / 72.0),
        Mm(setup.height * 25.4 / 72.0),
    );
    let mut pdf_pages: Vec<PdfPage> = (0..pages.len())
        .map(|_| PdfPage::new(size.0, size.1, Vec::new()))
        .collect();
    if let Some(first) = pdf_pages.first_mut() {
        first.ops = registration;
    }
    doc.with_pages(pdf_pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Pdf(w.msg.clone()));
    }
    // Our streams in place of printpdf's, page by page (printpdf writes one stream a page).
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != contents.len() {
        return Err(PdfError::Pdf(format!(
            "{} pages laid out, {} in the document",
            contents.len(),
            page_ids.len()
        )));
    }
    for (page, bytes) in page_ids.into_iter().zip(contents) {
        let streams = lo.get_page_contents(page);
        let [id] = streams[..] else {
            return Err(PdfError::Pdf(format!(
                "a page with {} content streams",
                streams.len()
            )));
        };
        match lo.get_object_mut(id) {
            Ok(lopdf::Object::Stream(stream)) => {
                stream.dict.remove(b"Filter");
                stream.dict.remove(b"DecodeParms");
                stream.set_content(bytes);
            }
            _ => return Err(PdfError::Pdf("a page's content is not a stream".into())),
        }
    }
    Ok((lo, all_marks))
}

/// How one character is drawn: in which embedded font, as which glyph, and whether as
/// synthetic bold.
#[derive(Clone, Copy)]
struct Drawn {
    /// The embedded font, by index.
    font: usize,
    gid: u16,
    synthetic_bold: bool,
}

/// The marked content of one page: the structure element each MCID belongs to (by MCID), and
/// the MCIDs each tagged run was shown in (by run id; a run split by language has several).
#[derive(Clone, Debug, Default)]
pub(crate) struct Marks {
    /// Element index per MCID.
    pub owners: Vec<usize>,
    /// (run id, MCID), in content order.
    pub runs: Vec<(u32, u32)>,
}

/// The marked-content sequence a piece of text is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Artifact,
    /// A structure element; `true` when the text is English inside a Korean document.
    Element(usize, bool),
}

/// Splits `text` into pieces and says which are English: stretches of ASCII with at least two
/// Latin letters (names such as `Coupang Corp.` inside Korean text). The rest keeps the
/// document's language.
pub fn english_spans(text: &str) -> Vec<(&str, bool)> {
    // Stretches of ASCII and of everything else, as byte ranges.
    let mut cuts = vec![0];
    let mut prev: Option<bool> = None;
    for (i, c) in text.char_indices() {
        if prev.is_some_and(|p| p != c.is_ascii()) {
            cuts.push(i);
        }
        prev = Some(c.is_ascii());
    }
    cuts.push(text.len());
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a == b {
            continue;
        }
        let piece = &text[a..b];
        let en = piece.is_ascii() && latin_letters(piece) >= 2;
        match out.last_mut() {
            Some(last) if last.2 == en => last.1 = b,
            _ => out.push((a, b, en)),
        }
    }
    out.into_iter()
        .map(|(a, b, en)| (&text[a..b], en))
        .collect()
}

fn latin_letters(s: &str) -> usize {
    s.chars().filter(char::is_ascii_alphabetic).count()
}

fn begin(mark: Mark, tree: &StructTree, marks: &mut Marks, w: &mut ContentWriter) {
    match mark {
        Mark::Artifact => w.begin_marked("Artifact"),
        Mark::Element(e, en) => {
            let mcid = marks.owners.len() as u32;
            marks.owners.push(e);
            w.begin_tagged(tree.elements[e].role.name(), mcid, en.then_some("en"));
        }
    }
}

/// A page's content stream: the watermark, the filled rectangles and the text, every piece of
/// it in a marked-content sequence (an MCID of its structure element, or `/Artifact`).
#[allow(clippy::too_many_arguments)]
fn page_content(
    page: &Page,
    setup: PageSetup,
    glyph: &dyn Fn(Face, char) -> Option<Drawn>,
    names: &[&str],
    tree: &StructTree,
    korean: bool,
    marks: &mut Marks,
) -> Result<Vec<u8>, PdfError> {
    let h = setup.height;
    let mut w = ContentWriter::with_capacity(page.fills.len() * 32 + page.texts.len() * 96 + 64);
    // Watermarks (rotated runs) go under everything else.
    let (under, over): (Vec<_>, Vec<_>) = page.texts.iter().partition(|t| t.angle != 0.0);
    let mut current_fill: Option<Color> = None;
    let mut text = |runs: &[&super::layout::TextRun],
                    w: &mut ContentWriter,
                    current_fill: &mut Option<Color>|
     -> Result<(), PdfError> {
        if runs.is_empty() {
            return Ok(());
        }
        w.begin_text();
        let mut state = TextState {
            font: None,
            synthetic_bold: false,
        };
        let mut open: Option<Mark> = None;
        for t in runs {
            let pieces = match t.tag {
                Some(_) if korean => english_spans(&t.text),
                _ => vec![(t.text.as_str(), false)],
            };
            let mark = |en: bool| match t.tag {
                Some(tag) => Mark::Element(tag.element, en),
                None => Mark::Artifact,
            };
            // The run's state operators go inside the sequence of its first piece.
            let first = mark(pieces.first().is_some_and(|p| p.1));
            if open != Some(first) {
                if open.is_some() {
                    w.end_marked();
                }
                begin(first, tree, marks, w);
                open = Some(first);
            }
            if *current_fill != Some(t.color) {
                w.fill_color(t.color);
                *current_fill = Some(t.color);
            }
            let x = t.x;
            let y = h - t.baseline;
            let matrix = if t.angle != 0.0 {
                let (sin, cos) = t.angle.to_radians().sin_cos();
                [cos, sin, -sin, cos, x, y]
            } else if t.italic {
                [1.0, 0.0, ITALIC_SLANT, 1.0, x, y]
            } else {
                [1.0, 0.0, 0.0, 1.0, x, y]
            };
            w.text_matrix(matrix);
            for (piece, en) in pieces {
                let m = mark(en);
                if open != Some(m) {
                    if open.is_some() {
                        w.end_marked();
                    }
                    begin(m, tree, marks, w);
                    open = Some(m);
                }
                if let Some(tag) = t.tag {
                    let mcid = (marks.owners.len() - 1) as u32;
                    if marks.runs.last() != Some(&(tag.run, mcid)) {
                        marks.runs.push((tag.run, mcid));
                    }
                }
                show(t, piece, glyph, names, &mut state, w)?;
            }
        }
        if state.synthetic_bold {
            w.rendering_mode(0);
        }
        if open.is_some() {
            w.end_marked();
        }
        w.end_text();
        Ok(())
    };

    text(&under, &mut w, &mut current_fill)?;
    if !page.fills.is_empty() {
        // Rules, borders and backgrounds: page furniture.
        w.begin_marked("Artifact");
        for f in &page.fills {
            if current_fill != Some(f.color) {
                w.fill_color(f.color);
                current_fill = Some(f.color);
            }
            w.fill_rect(f.x, h - f.y - f.h, f.w, f.h);
        }
        w.end_marked();
    }
    text(&over, &mut w, &mut current_fill)?;
    Ok(w.finish())
}

/// The text state of a text object: the font (by index) and size set last, and whether the
/// rendering mode is fill-then-stroke (synthetic bold).
struct TextState {
    font: Option<(usize, f32)>,
    synthetic_bold: bool,
}

/// Shows `text` of run `t`: each character in the font that has it (a fallback font for some),
/// setting font and rendering mode (synthetic bold fills and strokes) where they change. The
/// text position moves on with each glyph drawn, so switching font between two `TJ`s continues
/// the line where the previous font left it.
fn show(
    t: &super::layout::TextRun,
    text: &str,
    glyph: &dyn Fn(Face, char) -> Option<Drawn>,
    names: &[&str],
    state: &mut TextState,
    w: &mut ContentWriter,
) -> Result<(), PdfError> {
    let mut items: Vec<Shown> = Vec::with_capacity(text.len());
    for ch in text.chars() {
        match glyph(t.face, ch) {
            Some(d) => {
                let font_changes = state.font != Some((d.font, t.size));
                if (font_changes || d.synthetic_bold != state.synthetic_bold) && !items.is_empty() {
                    w.show(&items);
                    items.clear();
                }
                if font_changes {
                    w.font(names[d.font], t.size);
                    state.font = Some((d.font, t.size));
                }
                if d.synthetic_bold != state.synthetic_bold {
                    if d.synthetic_bold {
                        w.stroke_color(t.color);
                        w.line_width(t.size * 0.03);
                        w.rendering_mode(2);
                    } else {
                        w.rendering_mode(0);
                    }
                    state.synthetic_bold = d.synthetic_bold;
                }
                items.push(Shown::Glyph(d.gid));
            }
            None if ch == ' ' => {
                // A font without a space glyph: move by the measured quarter em.
                items.push(Shown::Offset(-250.0));
            }
            None => {
                return Err(PdfError::MissingGlyph {
                    ch,
                    font: fonts_name(t.face),
                    context: t.text.clone(),
                });
            }
        }
    }
    if !items.is_empty() {
        w.show(&items);
    }
    Ok(())
}

fn fonts_name(face: Face) -> String {
    match face {
        Face::Regular => "the regular font".into(),
        Face::Bold => "the bold font".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_tags_are_six_capitals_and_depend_on_the_glyphs() {
        let a: BTreeSet<char> = "가나다".chars().collect();
        let b: BTreeSet<char> = "가나".chars().collect();
        let t1 = font_tag(Face::Regular, "NanumGothic", 10, &a);
        assert_eq!(t1.len(), 6);
        assert!(t1.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t1, font_tag(Face::Regular, "NanumGothic", 10, &a));
        assert_ne!(t1, font_tag(Face::Regular, "NanumGothic", 10, &b));
        assert_ne!(t1, font_tag(Face::Bold, "NanumGothic", 10, &a));
    }

    #[test]
    fn english_names_inside_korean_text_are_their_own_pieces() {
        assert_eq!(
            english_spans("쿠팡(Coupang Corp.)의 고객 2025년"),
            vec![
                ("쿠팡", false),
                ("(Coupang Corp.)", true),
                ("의 고객 2025년", false)
            ]
        );
        assert_eq!(english_spans("PIPC"), vec![("PIPC", true)]);
        assert_eq!(english_spans("가 A 나"), vec![("가 A 나", false)]);
        assert_eq!(english_spans(""), Vec::<(&str, bool)>::new());
    }
}
