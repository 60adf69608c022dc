//! PDF emission: laid-out pages become printpdf low-level operators, printpdf builds the
//! document (fonts embedded as Identity-H CID fonts, the subsets cut by [`super::truetype`], with
//! `/ToUnicode`), and we take its lopdf document for the PDF/A post-processing in
//! [`super::pdfa`]. Each character is drawn with the first font of the set that has it
//! ([`Metrics::resolve`]): a run switches font where that changes.
//!
//! Determinism: printpdf's resource ids come from a process-global counter, so the fonts are
//! registered under fixed ids instead ([`font_tag`]: six capital letters derived from the font
//! and the glyphs it draws, which double as the subset tag, e.g. `QHXKPA+NanumGothic`). Glyphs
//! are passed as glyph ids looked up with ttf-parser, the same tables the layout measured.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Codepoint, Color as PColor, DictItem, FontId, Greyscale, Mm, Op, PaintMode, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, Rgb, TextItem, TextMatrix,
    TextRenderingMode,
};
use sha2::{Digest, Sha256};

use super::PdfError;
use super::font::{FontSet, Metrics};
use super::layout::{Color, ITALIC_SLANT, Page, PageSetup};
use super::metrics::Face;
use super::tags::StructTree;

fn color(c: Color) -> PColor {
    match c {
        Color::Gray(g) => PColor::Greyscale(Greyscale::new(g.clamp(0.0, 1.0), None)),
        Color::Rgb(r, g, b) => PColor::Rgb(Rgb::new(
            r.clamp(0.0, 1.0),
            g.clamp(0.0, 1.0),
            b.clamp(0.0, 1.0),
            None,
        )),
    }
}

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
    // Which characters each font draws: the subset tag depends on them.
    let mut used: BTreeMap<Slot, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        for t in &page.texts {
            for ch in t.text.chars() {
                if let Some((s, _, _)) = slot(t.face, ch) {
                    used.entry(s).or_default().insert(ch);
                }
            }
        }
    }
    let mut doc = PdfDocument::new(title);
    let mut faces: BTreeMap<Slot, (FontId, super::font::PdfFace)> = BTreeMap::new();
    for (&(pair, face), chars) in &used {
        let file = fonts.chain[pair].file(face);
        let tag = font_tag(face, &file.name, file.data.len(), chars);
        let glyphs: Vec<(char, u16)> = chars
            .iter()
            .filter_map(|&c| metrics.glyph_in(pair, face, c).map(|g| (c, g)))
            .collect();
        let pdf_face = file.pdf_font_tagged(&glyphs, &tag)?;
        let id = FontId(tag);
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(pdf_face.parsed.clone()));
        faces.insert((pair, face), (id, pdf_face));
    }
    // The font and glyph to draw: the glyph id renumbered as in the subset embedded for it.
    let glyph = |face: Face, ch: char| -> Option<Drawn> {
        let (s, original, synthetic) = slot(face, ch)?;
        let (id, pdf_face) = faces.get(&s)?;
        Some(Drawn {
            font: id.clone(),
            gid: pdf_face.glyph(original)?,
            synthetic_bold: synthetic,
        })
    };

    let korean = language.starts_with("ko");
    let mut pdf_pages = Vec::with_capacity(pages.len());
    let mut all_marks = Vec::with_capacity(pages.len());
    for page in pages {
        let mut marks = Marks::default();
        let ops = page_ops(page, setup, &glyph, tree, korean, &mut marks)?;
        all_marks.push(marks);
        pdf_pages.push(PdfPage::new(
            Mm(setup.width * 25.4 / 72.0),
            Mm(setup.height * 25.4 / 72.0),
            ops,
        ));
    }
    doc.with_pages(pdf_pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = doc.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Pdf(w.msg.clone()));
    }
    Ok((lo, all_marks))
}

/// How one character is drawn: in which embedded font, as which glyph, and whether as
/// synthetic bold.
struct Drawn {
    font: FontId,
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

fn begin(mark: Mark, tree: &StructTree, marks: &mut Marks, ops: &mut Vec<Op>) {
    match mark {
        Mark::Artifact => ops.push(Op::BeginMarkedContent {
            tag: "Artifact".into(),
        }),
        Mark::Element(e, en) => {
            let mut map = std::collections::BTreeMap::new();
            map.insert("MCID".to_string(), DictItem::Int(marks.owners.len() as i64));
            if en {
                map.insert(
                    "Lang".to_string(),
                    DictItem::String {
                        data: b"en".to_vec(),
                        literal: true,
                    },
                );
            }
            marks.owners.push(e);
            ops.push(Op::BeginMarkedContentWithProperties {
                tag: tree.elements[e].role.name().into(),
                properties: DictItem::Dict { map },
            });
        }
    }
}

/// A page's operators: the watermark, the filled rectangles and the text, every piece of it in
/// a marked-content sequence (an MCID of its structure element, or `/Artifact`).
#[allow(clippy::too_many_arguments)]
fn page_ops(
    page: &Page,
    setup: PageSetup,
    glyph: &dyn Fn(Face, char) -> Option<Drawn>,
    tree: &StructTree,
    korean: bool,
    marks: &mut Marks,
) -> Result<Vec<Op>, PdfError> {
    let h = setup.height;
    let mut ops = Vec::with_capacity(page.fills.len() * 2 + page.texts.len() * 6 + 8);
    // Watermarks (rotated runs) go under everything else.
    let (under, over): (Vec<_>, Vec<_>) = page.texts.iter().partition(|t| t.angle != 0.0);
    let mut current_fill: Option<Color> = None;
    let mut text_ops = |runs: &[&super::layout::TextRun],
                        ops: &mut Vec<Op>,
                        current_fill: &mut Option<Color>|
     -> Result<(), PdfError> {
        if runs.is_empty() {
            return Ok(());
        }
        ops.push(Op::StartTextSection);
        let mut state = TextState {
            font: None,
            mode: TextRenderingMode::Fill,
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
                    ops.push(Op::EndMarkedContent);
                }
                begin(first, tree, marks, ops);
                open = Some(first);
            }
            if *current_fill != Some(t.color) {
                ops.push(Op::SetFillColor {
                    col: color(t.color),
                });
                *current_fill = Some(t.color);
            }
            let x = t.x;
            let y = h - t.baseline;
            let matrix = if t.angle != 0.0 {
                let (sin, cos) = t.angle.to_radians().sin_cos();
                TextMatrix::Raw([cos, sin, -sin, cos, x, y])
            } else if t.italic {
                TextMatrix::Raw([1.0, 0.0, ITALIC_SLANT, 1.0, x, y])
            } else {
                TextMatrix::Translate(Pt(x), Pt(y))
            };
            ops.push(Op::SetTextMatrix { matrix });
            for (text, en) in pieces {
                let m = mark(en);
                if open != Some(m) {
                    if open.is_some() {
                        ops.push(Op::EndMarkedContent);
                    }
                    begin(m, tree, marks, ops);
                    open = Some(m);
                }
                if let Some(tag) = t.tag {
                    let mcid = (marks.owners.len() - 1) as u32;
                    if marks.runs.last() != Some(&(tag.run, mcid)) {
                        marks.runs.push((tag.run, mcid));
                    }
                }
                show(t, text, glyph, &mut state, ops)?;
            }
        }
        if state.mode != TextRenderingMode::Fill {
            ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Fill,
            });
        }
        if open.is_some() {
            ops.push(Op::EndMarkedContent);
        }
        ops.push(Op::EndTextSection);
        Ok(())
    };

    text_ops(&under, &mut ops, &mut current_fill)?;
    if !page.fills.is_empty() {
        // Rules, borders and backgrounds: page furniture.
        ops.push(Op::BeginMarkedContent {
            tag: "Artifact".into(),
        });
        for f in &page.fills {
            if current_fill != Some(f.color) {
                ops.push(Op::SetFillColor {
                    col: color(f.color),
                });
                current_fill = Some(f.color);
            }
            let mut rect = Rect::from_xywh(Pt(f.x), Pt(h - f.y - f.h), Pt(f.w), Pt(f.h));
            rect.mode = Some(PaintMode::Fill);
            ops.push(Op::DrawRectangle { rectangle: rect });
        }
        ops.push(Op::EndMarkedContent);
    }
    text_ops(&over, &mut ops, &mut current_fill)?;
    Ok(ops)
}

/// The text state of a text section: the font and size set last and the rendering mode.
struct TextState {
    font: Option<(FontId, f32)>,
    mode: TextRenderingMode,
}

/// Shows `text` of run `t`: each character in the font that has it (a fallback font for some),
/// setting font and rendering mode (synthetic bold fills and strokes) where they change. The
/// text position moves on with each glyph drawn, so switching font between two `ShowText`s
/// continues the line where the previous font left it.
fn show(
    t: &super::layout::TextRun,
    text: &str,
    glyph: &dyn Fn(Face, char) -> Option<Drawn>,
    state: &mut TextState,
    ops: &mut Vec<Op>,
) -> Result<(), PdfError> {
    let mut items = Vec::new();
    let mut glyphs = Vec::with_capacity(text.len());
    let flush = |items: &mut Vec<TextItem>, glyphs: &mut Vec<Codepoint>| {
        if !glyphs.is_empty() {
            items.push(TextItem::GlyphIds(std::mem::take(glyphs)));
        }
    };
    for ch in text.chars() {
        match glyph(t.face, ch) {
            Some(d) => {
                let mode = if d.synthetic_bold {
                    TextRenderingMode::FillStroke
                } else {
                    TextRenderingMode::Fill
                };
                let font_changes = state.font.as_ref() != Some(&(d.font.clone(), t.size));
                if font_changes || mode != state.mode {
                    flush(&mut items, &mut glyphs);
                    if !items.is_empty() {
                        ops.push(Op::ShowText {
                            items: std::mem::take(&mut items),
                        });
                    }
                }
                if font_changes {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(d.font.clone()),
                        size: Pt(t.size),
                    });
                    state.font = Some((d.font.clone(), t.size));
                }
                if mode != state.mode {
                    if mode == TextRenderingMode::FillStroke {
                        ops.push(Op::SetOutlineColor {
                            col: color(t.color),
                        });
                        ops.push(Op::SetOutlineThickness {
                            pt: Pt(t.size * 0.03),
                        });
                    }
                    ops.push(Op::SetTextRenderingMode { mode });
                    state.mode = mode;
                }
                glyphs.push(Codepoint::with_cid(d.gid, 0.0, ch.to_string()));
            }
            None if ch == ' ' => {
                // A font without a space glyph: move by the measured quarter em.
                flush(&mut items, &mut glyphs);
                items.push(TextItem::Offset(-250.0));
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
    flush(&mut items, &mut glyphs);
    if !items.is_empty() {
        ops.push(Op::ShowText { items });
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
