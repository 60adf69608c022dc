//! PDF emission: laid-out pages become printpdf low-level operators, printpdf builds the
//! document (fonts embedded as Identity-H CID fonts, subset by allsorts, with `/ToUnicode`), and
//! we take its lopdf document for the PDF/A post-processing in [`super::pdfa`].
//!
//! Determinism: printpdf's resource ids come from a process-global counter, so the fonts are
//! registered under fixed ids instead ([`font_tag`]: six capital letters derived from the font
//! and the glyphs it draws, which double as the subset tag, e.g. `QHXKPA+NanumGothic`). Glyphs
//! are passed as glyph ids looked up with ttf-parser, the same tables the layout measured.

use std::collections::BTreeSet;

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

/// Builds the printpdf document for laid-out pages and returns printpdf's lopdf document.
pub(crate) fn build(
    pages: &[Page],
    setup: PageSetup,
    fonts: &FontSet,
    metrics: &Metrics<'_>,
    title: &str,
) -> Result<lopdf::Document, PdfError> {
    // Which characters each face draws: the subset tag depends on them.
    let mut used: [BTreeSet<char>; 2] = [BTreeSet::new(), BTreeSet::new()];
    for page in pages {
        for t in &page.texts {
            used[face_index(t.face)].extend(t.text.chars());
        }
    }
    let synthetic_bold = fonts.synthetic_bold();
    if synthetic_bold {
        // One font draws both: its tag covers every character.
        let bold = std::mem::take(&mut used[1]);
        used[0].extend(bold);
    }
    let ids: [FontId; 2] = [Face::Regular, Face::Bold].map(|face| {
        let f = fonts.file(face);
        FontId(font_tag(
            face,
            &f.name,
            f.data.len(),
            &used[face_index(face)],
        ))
    });

    let mut doc = PdfDocument::new(title);
    let mut faces: [Option<super::font::PdfFace>; 2] = [None, None];
    for face in [Face::Regular, Face::Bold] {
        let i = face_index(face);
        if used[i].is_empty() {
            // Unused, or (synthetic bold) drawn with the regular font under the regular id.
            continue;
        }
        let chars: Vec<(char, u16)> = used[i]
            .iter()
            .filter_map(|&c| metrics.glyph(face, c).map(|g| (c, g)))
            .collect();
        let pdf_face = fonts.file(face).pdf_font(&chars)?;
        doc.resources
            .fonts
            .map
            .insert(ids[i].clone(), PdfFont::new(pdf_face.parsed.clone()));
        faces[i] = Some(pdf_face);
    }
    let font_id = |face: Face| {
        if synthetic_bold {
            ids[0].clone()
        } else {
            ids[face_index(face)].clone()
        }
    };
    // The glyph to draw: the font's glyph id, renumbered as in the subset embedded for it.
    let glyph = |face: Face, ch: char| {
        let i = if synthetic_bold { 0 } else { face_index(face) };
        let original = metrics.glyph(face, ch)?;
        faces[i].as_ref()?.glyph(original)
    };

    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let ops = page_ops(page, setup, &glyph, &font_id, synthetic_bold)?;
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

fn face_index(face: Face) -> usize {
    match face {
        Face::Regular => 0,
        Face::Bold => 1,
    }
}

fn page_ops(
    page: &Page,
    setup: PageSetup,
    glyph: &dyn Fn(Face, char) -> Option<u16>,
    font_id: &dyn Fn(Face) -> FontId,
    synthetic_bold: bool,
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
            let id = font_id(t.face);
            if current_font.as_ref() != Some(&(id.clone(), t.size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(t.size),
                });
                current_font = Some((id, t.size));
            }
            if *current_fill != Some(t.color) {
                ops.push(Op::SetFillColor {
                    col: color(t.color),
                });
                *current_fill = Some(t.color);
            }
            let mode = if synthetic_bold && t.face == Face::Bold {
                TextRenderingMode::FillStroke
            } else {
                TextRenderingMode::Fill
            };
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
            let mut glyphs = Vec::with_capacity(t.text.len());
            let mut items = Vec::new();
            for ch in t.text.chars() {
                match glyph(t.face, ch) {
                    Some(gid) => glyphs.push(Codepoint::with_cid(gid, 0.0, ch.to_string())),
                    None if ch == ' ' => {
                        // A font without a space glyph: move by the measured quarter em.
                        if !glyphs.is_empty() {
                            items.push(TextItem::GlyphIds(std::mem::take(&mut glyphs)));
                        }
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
            if !glyphs.is_empty() {
                items.push(TextItem::GlyphIds(glyphs));
            }
            ops.push(Op::ShowText { items });
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
