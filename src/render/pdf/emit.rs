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
    Codepoint, Color as PColor, FontId, Greyscale, Mm, Op, PaintMode, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, Rgb, TextItem, TextMatrix, TextRenderingMode,
};
use sha2::{Digest, Sha256};

use super::PdfError;
use super::font::{FontSet, Metrics};
use super::layout::{Color, ITALIC_SLANT, Page, PageSetup};
use super::metrics::Face;

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

/// Builds the printpdf document for laid-out pages and returns printpdf's lopdf document.
pub(crate) fn build(
    pages: &[Page],
    setup: PageSetup,
    fonts: &FontSet,
    metrics: &Metrics<'_>,
    title: &str,
) -> Result<lopdf::Document, PdfError> {
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

    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let ops = page_ops(page, setup, &glyph)?;
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
    Ok(lo)
}

/// How one character is drawn: in which embedded font, as which glyph, and whether as
/// synthetic bold.
struct Drawn {
    font: FontId,
    gid: u16,
    synthetic_bold: bool,
}

fn page_ops(
    page: &Page,
    setup: PageSetup,
    glyph: &dyn Fn(Face, char) -> Option<Drawn>,
) -> Result<Vec<Op>, PdfError> {
    let h = setup.height;
    let mut ops = Vec::with_capacity(page.fills.len() * 2 + page.texts.len() * 4 + 4);
    // Watermarks (rotated runs) go under everything else.
    let (under, over): (Vec<_>, Vec<_>) = page.texts.iter().partition(|t| t.angle != 0.0);
    let mut current_fill: Option<Color> = None;
    let text_ops = |runs: &[&super::layout::TextRun],
                    ops: &mut Vec<Op>,
                    current_fill: &mut Option<Color>|
     -> Result<(), PdfError> {
        if runs.is_empty() {
            return Ok(());
        }
        ops.push(Op::StartTextSection);
        let mut current_font: Option<(FontId, f32)> = None;
        let mut current_mode = TextRenderingMode::Fill;
        for t in runs {
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
            // One run may need several fonts (a fallback for some characters): the text
            // position moves on with each glyph drawn, so switching font between two
            // `ShowText`s continues the line where the previous font left it.
            let mut items = Vec::new();
            let mut glyphs = Vec::with_capacity(t.text.len());
            let flush = |items: &mut Vec<TextItem>, glyphs: &mut Vec<Codepoint>| {
                if !glyphs.is_empty() {
                    items.push(TextItem::GlyphIds(std::mem::take(glyphs)));
                }
            };
            for ch in t.text.chars() {
                match glyph(t.face, ch) {
                    Some(d) => {
                        let mode = if d.synthetic_bold {
                            TextRenderingMode::FillStroke
                        } else {
                            TextRenderingMode::Fill
                        };
                        let font_changes = current_font.as_ref() != Some(&(d.font.clone(), t.size));
                        if font_changes || mode != current_mode {
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
                            current_font = Some((d.font.clone(), t.size));
                        }
                        if mode != current_mode {
                            if mode == TextRenderingMode::FillStroke {
                                ops.push(Op::SetOutlineColor {
                                    col: color(t.color),
                                });
                                ops.push(Op::SetOutlineThickness {
                                    pt: Pt(t.size * 0.03),
                                });
                            }
                            ops.push(Op::SetTextRenderingMode { mode });
                            current_mode = mode;
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
        }
        if current_mode != TextRenderingMode::Fill {
            ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Fill,
            });
        }
        ops.push(Op::EndTextSection);
        Ok(())
    };

    text_ops(&under, &mut ops, &mut current_fill)?;
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
    text_ops(&over, &mut ops, &mut current_fill)?;
    Ok(ops)
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
}
