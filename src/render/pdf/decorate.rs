//! The running header, the footer and the draft watermark: what is added to every page once
//! the page count is known. Kept apart from [`super::layout`], which flows the document's own
//! blocks: these are page furniture (PDF artifacts, not content), laid out with the same
//! [`Measurer`] but never part of the reading order.

use super::PdfError;
use super::layout::{Color, Fill, Page, PageSetup, RULE, TextRun};
use super::linebreak::Measurer;
use super::markdown::Style;
use super::metrics::{Face, Measure};

const RUNNING: Color = Color::Gray(0.35);
const WATERMARK: Color = Color::Gray(0.88);
/// Type size of the running header and footer.
const RUNNING_SIZE: f32 = 7.5;

/// Texts of the running header and footer, and the watermark.
#[derive(Clone, Debug, Default)]
pub struct Decorations {
    /// Header, left: the organisation.
    pub header_left: String,
    /// Header, right: the report title.
    pub header_right: String,
    /// Footer, left: the document id.
    pub footer_left: String,
    /// Footer, right: the provenance hash.
    pub footer_right: String,
    /// A watermark drawn diagonally on every page.
    pub watermark: Option<String>,
}

/// `text`, shortened with an ellipsis to fit `max` points.
fn fit(text: &str, ms: &Measurer<'_>, max: f32) -> Result<(String, f32), PdfError> {
    let w = ms.width(text, Style::default())?;
    if w <= max {
        return Ok((text.to_string(), w));
    }
    let ellipsis = if ms.m.advance(Face::Regular, '…').is_some() {
        "…"
    } else {
        "..."
    };
    let ew = ms.width(ellipsis, Style::default())?;
    let mut out = String::new();
    let mut acc = 0.0;
    for ch in text.chars() {
        let cw = ms.advance(ch, Style::default(), text)?;
        if acc + cw + ew > max {
            break;
        }
        out.push(ch);
        acc += cw;
    }
    let out = format!("{}{ellipsis}", out.trim_end());
    let w = ms.width(&out, Style::default())?;
    Ok((out, w))
}

/// Adds the running header, the footer with page numbers, and the watermark to every page.
pub fn decorate(
    pages: &mut [Page],
    deco: &Decorations,
    m: &dyn Measure,
    setup: PageSetup,
) -> Result<(), PdfError> {
    let (asc, desc) = m.vmetrics();
    let ms = Measurer {
        m,
        size: RUNNING_SIZE,
        bold: false,
    };
    let cw = setup.content_width();
    let left = setup.left;
    let right = setup.width - setup.right;
    let total = pages.len();
    let header_base = setup.top - 24.0;
    let footer_base = setup.height - setup.bottom + 30.0;
    let text = |x: f32, baseline: f32, s: String, width: f32| TextRun {
        x,
        baseline,
        size: RUNNING_SIZE,
        face: Face::Regular,
        italic: false,
        color: RUNNING,
        text: s,
        width,
        angle: 0.0,
        tag: None,
    };
    let (hl, hlw) = fit(&deco.header_left, &ms, cw * 0.42)?;
    let (hr, hrw) = fit(&deco.header_right, &ms, cw * 0.55)?;
    let (fl, flw) = fit(&deco.footer_left, &ms, cw * 0.38)?;
    let (fr, frw) = fit(&deco.footer_right, &ms, cw * 0.38)?;
    let watermark = match &deco.watermark {
        Some(w) if !w.trim().is_empty() => Some(watermark_run(w, m, setup, asc, desc)?),
        _ => None,
    };
    for (i, page) in pages.iter_mut().enumerate() {
        let mut runs = Vec::new();
        if !hl.is_empty() {
            runs.push(text(left, header_base, hl.clone(), hlw));
        }
        if !hr.is_empty() {
            runs.push(text(right - hrw, header_base, hr.clone(), hrw));
        }
        let number = format!("{} / {}", i + 1, total);
        let nw = ms.width(&number, Style::default())?;
        runs.push(text(left + (cw - nw) / 2.0, footer_base, number, nw));
        if !fl.is_empty() {
            runs.push(text(left, footer_base, fl.clone(), flw));
        }
        if !fr.is_empty() {
            runs.push(text(right - frw, footer_base, fr.clone(), frw));
        }
        let mut fills = vec![
            Fill {
                x: left,
                y: header_base + 7.0,
                w: cw,
                h: 0.4,
                color: RULE,
            },
            Fill {
                x: left,
                y: footer_base - RUNNING_SIZE - 7.0,
                w: cw,
                h: 0.4,
                color: RULE,
            },
        ];
        fills.append(&mut page.fills);
        page.fills = fills;
        let mut texts = Vec::with_capacity(page.texts.len() + runs.len() + 1);
        if let Some(w) = &watermark {
            texts.push(w.clone());
        }
        texts.append(&mut runs);
        texts.append(&mut page.texts);
        page.texts = texts;
    }
    Ok(())
}

/// A diagonal watermark centred on the page, sized so that its rotated box stays well inside.
fn watermark_run(
    text: &str,
    m: &dyn Measure,
    setup: PageSetup,
    asc: f32,
    desc: f32,
) -> Result<TextRun, PdfError> {
    let one = Measurer {
        m,
        size: 1.0,
        bold: true,
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let w_em = one.width(&text, Style::default())?;
    let h_em = asc - desc;
    let angle: f32 = 45.0;
    let (sin, cos) = angle.to_radians().sin_cos();
    // The rotated box is (w cos + h sin) wide and (w sin + h cos) high.
    let room = (setup.width.min(setup.height)) * 0.8;
    let size = (room / (w_em * cos + h_em * sin).max(f32::EPSILON)).min(90.0);
    let w = w_em * size;
    let mid = (asc + desc) / 2.0 * size;
    let (cx, cy) = (setup.width / 2.0, setup.height / 2.0);
    // Top-down coordinates: the text runs along (cos, -sin), "up" is (-sin, -cos).
    let x = cx - w / 2.0 * cos + mid * sin;
    let baseline = cy + w / 2.0 * sin + mid * cos;
    Ok(TextRun {
        x,
        baseline,
        size,
        face: Face::Bold,
        italic: false,
        color: WATERMARK,
        text,
        width: w,
        angle,
        tag: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::layout::{layout, run_corners};
    use super::super::linebreak::tests::Mono;
    use super::super::markdown::parse;
    use super::*;

    #[test]
    fn decorations_and_watermark_stay_on_the_page() {
        let mut pages = layout(&parse("text"), &Mono, PageSetup::a4()).unwrap();
        let deco = Decorations {
            header_left: "Org ".repeat(50),
            header_right: "Title ".repeat(50),
            footer_left: "DOC-1".into(),
            footer_right: "provenance abc".into(),
            watermark: Some("DRAFT 초안".into()),
        };
        decorate(&mut pages, &deco, &Mono, PageSetup::a4()).unwrap();
        assert!(pages[0].texts.iter().any(|t| t.text == "1 / 1"));
        assert!(pages[0].texts.iter().any(|t| t.angle == 45.0));
        let s = PageSetup::a4();
        for t in &pages[0].texts {
            for (x, y) in run_corners(t, 0.8, -0.2) {
                assert!(x >= -0.01 && x <= s.width + 0.01 && y >= -0.01 && y <= s.height + 0.01);
            }
        }
    }
}
