//! Layout: the block tree becomes pages of positioned text runs and filled rectangles.
//!
//! This module knows nothing about PDF. It measures text through [`Measure`] (the real fonts in
//! production, a fixed-width fake in the unit tests) and produces [`Page`]s in points, with the
//! origin at the top-left corner of the page and y growing downwards; the `emit` module turns
//! them into PDF operators.
//!
//! The flow is a single column between the page margins. Every block asks for the height it
//! needs before it is placed and starts a new page when it does not fit (a block taller than a
//! page is split between lines, a table between rows, and a row taller than a page between the
//! lines of its cells). Headings are kept with the beginning of what follows them, tables
//! repeat their header row on every page, list markers go with the first line of their item,
//! and a block quote's bar is drawn per page. The running header and footer are added once the
//! page count is known ([`super::decorate`]).

use super::PdfError;
use super::linebreak::{Line, Measurer, Run, break_lines, face_of};
use super::markdown::{Align, Block, Inline, Style};
use super::metrics::{Face, Measure};
use super::tags::{Role, StructTree, Tagged};

mod table;
pub use table::distribute;

/// A colour (DeviceGray or DeviceRGB, components 0–1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Color {
    /// Grey level, 0 black, 1 white.
    Gray(f32),
    /// Red, green, blue.
    Rgb(f32, f32, f32),
}

const BLACK: Color = Color::Gray(0.0);
const TEXT: Color = Color::Gray(0.08);
const QUOTE_TEXT: Color = Color::Gray(0.28);
const LINK: Color = Color::Rgb(0.05, 0.25, 0.55);
pub(super) const RULE: Color = Color::Gray(0.62);
const TABLE_RULE: Color = Color::Gray(0.55);
const HEAD_FILL: Color = Color::Gray(0.91);
const CODE_FILL: Color = Color::Gray(0.93);
const QUOTE_BAR: Color = Color::Gray(0.72);

/// A run of text at a position.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// Left edge of the first glyph's advance box, points from the left page edge.
    pub x: f32,
    /// Baseline, points from the top page edge.
    pub baseline: f32,
    /// Font size in points.
    pub size: f32,
    /// Face.
    pub face: Face,
    /// Slanted (synthetic italic).
    pub italic: bool,
    /// Fill colour.
    pub color: Color,
    /// The text.
    pub text: String,
    /// Advance width in points.
    pub width: f32,
    /// Counter-clockwise rotation in degrees around (x, baseline); 0 for body text.
    pub angle: f32,
    /// The structure element the run belongs to; `None` for an artifact (page furniture).
    pub tag: Option<Tagged>,
}

/// A filled rectangle (rules, borders, backgrounds). `y` is its top edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fill {
    /// Left.
    pub x: f32,
    /// Top, from the top page edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    /// Colour.
    pub color: Color,
}

/// One laid-out page. Fills are painted before text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Rectangles.
    pub fills: Vec<Fill>,
    /// Text.
    pub texts: Vec<TextRun>,
}

/// Page size and margins in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSetup {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left margin.
    pub left: f32,
    /// Right margin.
    pub right: f32,
    /// Top margin (the running header sits inside it).
    pub top: f32,
    /// Bottom margin (the footer sits inside it).
    pub bottom: f32,
}

impl PageSetup {
    /// A4 portrait (210 × 297 mm) with 20 mm side margins and room for header and footer.
    pub fn a4() -> PageSetup {
        PageSetup {
            width: 595.276,
            height: 841.89,
            left: 56.7,
            right: 56.7,
            top: 68.0,
            bottom: 62.0,
        }
    }

    pub(super) fn content_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    fn content_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// Type sizes and spacing, in points.
#[derive(Clone, Copy, Debug)]
struct Theme {
    body: f32,
    body_lh: f32,
    para_gap: f32,
    table: f32,
    list_gap: f32,
    quote_indent: f32,
}

const THEME: Theme = Theme {
    body: 10.0,
    body_lh: 1.55,
    para_gap: 6.5,
    table: 8.5,
    list_gap: 2.5,
    quote_indent: 13.0,
};

/// Heading size, space before, line height factor.
fn heading_metrics(level: u8) -> (f32, f32) {
    match level {
        1 => (17.0, 6.0),
        2 => (13.5, 16.0),
        3 => (11.5, 12.0),
        _ => (10.5, 9.0),
    }
}

struct QuoteBar {
    x: f32,
    start: f32,
}

struct Marker {
    text: String,
    right: f32,
    /// The item's `Lbl` element.
    tag: Option<usize>,
}

/// Lays blocks out on pages.
struct Flow<'a> {
    m: &'a dyn Measure,
    setup: PageSetup,
    asc: f32,
    desc: f32,
    pages: Vec<Page>,
    y: f32,
    bottom_used: f32,
    quotes: Vec<QuoteBar>,
    marker: Option<Marker>,
    color: Color,
    list_depth: usize,
    /// The structure tree built while laying out.
    tree: StructTree,
    /// The element runs are placed in now; `None` while drawing artifacts (a repeated header).
    current: Option<usize>,
    /// The list item being laid out is one paragraph: its text goes straight into the `LBody`
    /// (a `P` per item would be a quarter of a notice's structure elements).
    bare_item: bool,
}

/// Lays out `blocks` on pages of `setup`. The result has at least one page.
pub fn layout(blocks: &[Block], m: &dyn Measure, setup: PageSetup) -> Result<Vec<Page>, PdfError> {
    layout_tagged(blocks, m, setup).map(|(pages, _)| pages)
}

/// Lays out `blocks` and returns the pages with the structure tree their runs are tagged with.
pub fn layout_tagged(
    blocks: &[Block],
    m: &dyn Measure,
    setup: PageSetup,
) -> Result<(Vec<Page>, StructTree), PdfError> {
    let (asc, desc) = m.vmetrics();
    let mut flow = Flow {
        m,
        setup,
        asc,
        desc,
        pages: vec![Page::default()],
        y: setup.top,
        bottom_used: setup.top,
        quotes: Vec::new(),
        marker: None,
        color: TEXT,
        list_depth: 0,
        tree: StructTree::new(),
        current: Some(StructTree::ROOT),
        bare_item: false,
    };
    flow.blocks(blocks, setup.left, setup.content_width(), true)?;
    Ok((flow.pages, flow.tree))
}

impl Flow<'_> {
    fn top(&self) -> f32 {
        self.setup.top
    }

    fn bottom(&self) -> f32 {
        self.setup.height - self.setup.bottom
    }

    fn at_top(&self) -> bool {
        self.y <= self.top() + 0.01
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        if w > 0.0 && h > 0.0 {
            self.page().fills.push(Fill { x, y, w, h, color });
        }
    }

    /// Draws the bars of open quotes on the current page, down to the last content.
    fn flush_quote_bars(&mut self) {
        let bottom = self.bottom_used;
        let bars: Vec<(f32, f32)> = self.quotes.iter().map(|q| (q.x, q.start)).collect();
        for (x, start) in bars {
            if bottom > start {
                self.fill(x, start, 2.2, bottom - start, QUOTE_BAR);
            }
        }
    }

    fn new_page(&mut self) {
        self.flush_quote_bars();
        self.pages.push(Page::default());
        self.y = self.top();
        self.bottom_used = self.top();
        let top = self.top();
        for q in &mut self.quotes {
            q.start = top;
        }
    }

    /// Starts a new page unless `h` more points fit on this one (or this page is still empty).
    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() + 0.01 && !self.at_top() {
            self.new_page();
        }
    }

    /// Vertical space between blocks; none at the top of a page.
    fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y += h;
        }
    }

    /// Baseline offset inside a line box of height `lh` for type of size `size`.
    fn baseline_in(&self, lh: f32, size: f32) -> f32 {
        (lh - (self.asc - self.desc) * size) / 2.0 + self.asc * size
    }

    fn run_color(&self, style: Style) -> Color {
        if style.link { LINK } else { self.color }
    }

    /// Opens a structure element under the current one (none while drawing artifacts).
    fn open(&mut self, role: Role) -> Option<usize> {
        let parent = self.current?;
        Some(self.tree.open(parent, role))
    }

    /// Emits one run of a line.
    /// `space`: the line was wrapped after this run at a space, which is shown (past the run's
    /// measured width, so it moves nothing) so that the text read back keeps the words apart.
    fn emit_run(&mut self, run: &Run, x: f32, baseline: f32, size: f32, bold: bool, space: bool) {
        let (asc, desc) = (self.asc, self.desc);
        let color = self.run_color(run.style);
        let tag = self.current.map(|e| {
            let e = if run.style.link {
                self.tree.link_in(e)
            } else {
                e
            };
            self.tree.content(e)
        });
        let page = self.page();
        if run.style.code {
            page.fills.push(Fill {
                x: x + run.x - 1.0,
                y: baseline - asc * size - 0.5,
                w: run.width + 2.0,
                h: (asc - desc) * size + 1.0,
                color: CODE_FILL,
            });
        }
        if run.style.strike {
            page.fills.push(Fill {
                x: x + run.x,
                y: baseline - 0.32 * size,
                w: run.width,
                h: (0.055 * size).max(0.4),
                color,
            });
        }
        page.texts.push(TextRun {
            x: x + run.x,
            baseline,
            size,
            face: face_of(run.style, bold),
            italic: run.style.italic,
            color,
            text: if space {
                format!("{} ", run.text)
            } else {
                run.text.clone()
            },
            width: run.width,
            angle: 0.0,
            tag,
        });
    }

    /// Places a pending list marker on the line whose baseline is `baseline`.
    fn take_marker(&mut self, baseline: f32) -> Result<(), PdfError> {
        if let Some(marker) = self.marker.take() {
            let ms = Measurer {
                m: self.m,
                size: THEME.body,
                bold: false,
            };
            let width = ms.width(&marker.text, Style::default())?;
            let color = self.color;
            let tag = marker.tag.map(|e| self.tree.content(e));
            self.page().texts.push(TextRun {
                x: marker.right - width,
                baseline,
                size: THEME.body,
                face: Face::Regular,
                italic: false,
                color,
                text: marker.text,
                width,
                angle: 0.0,
                tag,
            });
        }
        Ok(())
    }

    /// Places lines one below the other, each `lh` high.
    #[allow(clippy::too_many_arguments)]
    fn place_lines(
        &mut self,
        lines: &[Line],
        x: f32,
        width: f32,
        size: f32,
        lh: f32,
        bold: bool,
        align: Align,
    ) -> Result<(), PdfError> {
        for line in lines {
            self.ensure(lh);
            let baseline = self.y + self.baseline_in(lh, size);
            self.take_marker(baseline)?;
            let dx = match align {
                Align::Left => 0.0,
                Align::Center => ((width - line.width) / 2.0).max(0.0),
                Align::Right => (width - line.width).max(0.0),
            };
            for (i, run) in line.runs.iter().enumerate() {
                let space = line.wrapped_at_space && i + 1 == line.runs.len();
                self.emit_run(run, x + dx, baseline, size, bold, space);
            }
            self.y += lh;
            self.bottom_used = self.y;
        }
        Ok(())
    }

    fn measurer(&self, size: f32, bold: bool) -> Measurer<'_> {
        Measurer {
            m: self.m,
            size,
            bold,
        }
    }

    /// The height a block needs at its start to be worth keeping a heading with it.
    fn lead(&self, rest: &[Block], width: f32) -> Result<f32, PdfError> {
        let body_lh = THEME.body * THEME.body_lh;
        Ok(match rest.first() {
            None => 0.0,
            Some(Block::Heading(level, inlines)) => {
                let (size, before) = heading_metrics(*level);
                let n = break_lines(inlines, &self.measurer(size, true), width)?.len();
                before + n as f32 * size * 1.3 + self.lead(&rest[1..], width)?
            }
            Some(Block::Paragraph(inlines)) => {
                let n = break_lines(inlines, &self.measurer(THEME.body, false), width)?.len();
                THEME.para_gap + n.min(2) as f32 * body_lh
            }
            Some(Block::Table(_)) => 3.0 * THEME.table * 1.4 + 4.0 * 0.35 * THEME.table + 8.0,
            Some(Block::List(..) | Block::Quote(_) | Block::Code(_)) => 2.0 * body_lh + 6.0,
            Some(Block::Rule) => 13.0,
        })
    }

    fn blocks(
        &mut self,
        blocks: &[Block],
        x: f32,
        width: f32,
        mut first: bool,
    ) -> Result<(), PdfError> {
        for (i, block) in blocks.iter().enumerate() {
            self.block(block, &blocks[i + 1..], x, width, first)?;
            first = false;
        }
        Ok(())
    }

    /// Lays out one block inside its structure element (lists open their own).
    fn block(
        &mut self,
        block: &Block,
        rest: &[Block],
        x: f32,
        width: f32,
        first: bool,
    ) -> Result<(), PdfError> {
        let role = match block {
            Block::Heading(level, _) => Some(Role::H(*level)),
            Block::Paragraph(_) | Block::Code(_) => Some(Role::P),
            Block::Quote(_) => Some(Role::BlockQuote),
            Block::Table(_) => Some(Role::Table),
            Block::List(..) | Block::Rule => None,
        };
        let role = role.filter(|r| !(*r == Role::P && std::mem::take(&mut self.bare_item)));
        let saved = self.current;
        if let Some(role) = role {
            self.current = self.open(role);
        }
        let result = self.block_body(block, rest, x, width, first);
        self.current = saved;
        result
    }

    fn block_body(
        &mut self,
        block: &Block,
        rest: &[Block],
        x: f32,
        width: f32,
        first: bool,
    ) -> Result<(), PdfError> {
        let body_lh = THEME.body * THEME.body_lh;
        match block {
            Block::Heading(level, inlines) => {
                let (size, before) = heading_metrics(*level);
                let lines = break_lines(inlines, &self.measurer(size, true), width)?;
                if lines.is_empty() {
                    return Ok(());
                }
                if !first {
                    self.gap(before);
                }
                let lh = size * 1.3;
                let rule = if *level <= 2 { 5.0 } else { 0.0 };
                let own = lines.len() as f32 * lh + rule + 3.0;
                let keep = self
                    .lead(rest, width)?
                    .min(self.setup.content_height() * 0.5);
                self.ensure(own + keep);
                let color = self.color;
                self.color = BLACK;
                let placed = self.place_lines(&lines, x, width, size, lh, true, Align::Left);
                self.color = color;
                placed?;
                if *level <= 2 {
                    let y = self.y + 1.5;
                    let thickness = if *level == 1 { 1.0 } else { 0.5 };
                    self.fill(x, y, width, thickness, RULE);
                    self.y += rule;
                    self.bottom_used = self.y;
                }
                self.y += 3.0;
            }
            Block::Paragraph(inlines) => {
                let lines = break_lines(inlines, &self.measurer(THEME.body, false), width)?;
                if lines.is_empty() {
                    return Ok(());
                }
                if !first {
                    self.gap(THEME.para_gap);
                }
                self.place_lines(&lines, x, width, THEME.body, body_lh, false, Align::Left)?;
            }
            Block::Code(code) => {
                if !first {
                    self.gap(THEME.para_gap);
                }
                let style = Style {
                    code: false,
                    ..Style::default()
                };
                let size = THEME.body * 0.9;
                let lh = size * 1.45;
                for text in code {
                    let inl = [Inline::Text(text.clone(), style)];
                    let mut lines = break_lines(&inl, &self.measurer(size, false), width - 8.0)?;
                    if lines.is_empty() {
                        lines.push(Line::default());
                    }
                    for line in &lines {
                        self.ensure(lh);
                        let y = self.y;
                        self.fill(x, y, width, lh, CODE_FILL);
                        self.place_lines(
                            std::slice::from_ref(line),
                            x + 4.0,
                            width - 8.0,
                            size,
                            lh,
                            false,
                            Align::Left,
                        )?;
                    }
                }
            }
            Block::Rule => {
                if !first {
                    self.gap(4.0);
                }
                self.ensure(9.0);
                let y = self.y + 4.0;
                self.fill(x, y, width, 0.6, RULE);
                self.y += 9.0;
                self.bottom_used = self.y;
            }
            Block::Quote(inner) => {
                if !first {
                    self.gap(THEME.para_gap);
                }
                self.ensure(body_lh);
                self.quotes.push(QuoteBar {
                    x: x + 1.0,
                    start: self.y,
                });
                let color = self.color;
                self.color = QUOTE_TEXT;
                // Deep nesting indents less and less, so text always stays on the page.
                let indent = THEME.quote_indent.min(width * 0.25);
                let inner_result = self.blocks(inner, x + indent, width - indent, true);
                self.color = color;
                if let Some(bar) = self.quotes.pop()
                    && self.bottom_used > bar.start
                {
                    let (y, h) = (bar.start, self.bottom_used - bar.start);
                    self.fill(bar.x, y, 2.2, h, QUOTE_BAR);
                }
                inner_result?;
            }
            Block::List(start, items) => self.list(*start, items, x, width, first)?,
            Block::Table(table) => {
                if !first {
                    self.gap(THEME.para_gap + 2.0);
                }
                self.table(table, x, width)?;
            }
        }
        Ok(())
    }

    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        x: f32,
        width: f32,
        first: bool,
    ) -> Result<(), PdfError> {
        if items.is_empty() {
            return Ok(());
        }
        if !first {
            self.gap(THEME.para_gap * 0.6);
        }
        let ms = self.measurer(THEME.body, false);
        let markers: Vec<String> = match start {
            Some(n) => (0..items.len() as u64)
                .map(|i| format!("{}.", n.saturating_add(i)))
                .collect(),
            None => {
                let wanted = ['•', '◦', '–'][self.list_depth % 3];
                let bullet = if self.m.advance(Face::Regular, wanted).is_some() {
                    wanted
                } else {
                    '-'
                };
                vec![bullet.to_string(); items.len()]
            }
        };
        let mut widest: f32 = 0.0;
        for m in &markers {
            widest = widest.max(ms.width(m, Style::default())?);
        }
        let indent = (widest + 6.0).max(15.0).min(width * 0.3);
        self.list_depth += 1;
        let saved = self.current;
        let list = self.open(Role::L(start.is_some()));
        let mut result = Ok(());
        for (i, (item, marker)) in items.iter().zip(markers).enumerate() {
            if i > 0 {
                self.gap(THEME.list_gap);
            }
            self.current = list;
            let li = self.open(Role::LI);
            self.current = li;
            let lbl = self.open(Role::Lbl);
            self.current = self.open(Role::LBody);
            self.marker = Some(Marker {
                text: marker,
                right: x + indent - 5.0,
                tag: lbl,
            });
            self.bare_item = matches!(item.as_slice(), [Block::Paragraph(_)]);
            result = self.blocks(item, x + indent, width - indent, true);
            if result.is_err() {
                break;
            }
            if self.marker.is_some() {
                // An empty item: its marker gets a line of its own.
                let lh = THEME.body * THEME.body_lh;
                self.ensure(lh);
                let baseline = self.y + self.baseline_in(lh, THEME.body);
                result = self.take_marker(baseline);
                self.y += lh;
                self.bottom_used = self.y;
            }
        }
        self.marker = None;
        self.list_depth -= 1;
        self.current = saved;
        result
    }
}

/// The corners of the box a run's glyphs can occupy (advance width × ascender..descender, plus
/// the slant of synthetic italics), in page coordinates from the top-left.
pub fn run_corners(run: &TextRun, asc: f32, desc: f32) -> [(f32, f32); 4] {
    let slant = if run.italic {
        ITALIC_SLANT * asc * run.size
    } else {
        0.0
    };
    let local = [
        (0.0, -desc * run.size),
        (run.width + slant, -desc * run.size),
        (run.width + slant, -asc * run.size),
        (0.0, -asc * run.size),
    ];
    let (sin, cos) = run.angle.to_radians().sin_cos();
    // Local (u along the baseline, v down); rotate counter-clockwise on the page.
    local.map(|(u, v)| (run.x + u * cos + v * sin, run.baseline - u * sin + v * cos))
}

/// The horizontal shear of synthetic italics.
pub const ITALIC_SLANT: f32 = 0.2;

/// How close two edges must be to count as touching, in points.
const TOUCH: f32 = 0.01;

fn intersects(a: &Fill, b: &Fill) -> bool {
    a.x < b.x + b.w - TOUCH
        && b.x < a.x + a.w - TOUCH
        && a.y < b.y + b.h - TOUCH
        && b.y < a.y + a.h - TOUCH
}

/// `b` merged into `a` when they are one rectangle of the same colour: the same column and
/// touching or overlapping vertically, or the same band and touching or overlapping
/// horizontally.
fn union(a: &Fill, b: &Fill) -> Option<Fill> {
    if a.color != b.color {
        return None;
    }
    let close = |p: f32, q: f32| (p - q).abs() <= TOUCH;
    if close(a.x, b.x) && close(a.w, b.w) && b.y <= a.y + a.h + TOUCH && a.y <= b.y + b.h + TOUCH {
        let y = a.y.min(b.y);
        return Some(Fill {
            y,
            h: (a.y + a.h).max(b.y + b.h) - y,
            ..*a
        });
    }
    if close(a.y, b.y) && close(a.h, b.h) && b.x <= a.x + a.w + TOUCH && a.x <= b.x + b.w + TOUCH {
        let x = a.x.min(b.x);
        return Some(Fill {
            x,
            w: (a.x + a.w).max(b.x + b.w) - x,
            ..*a
        });
    }
    None
}

/// Merges the rectangles of a page that draw one line in pieces: a table draws each row's top
/// and bottom rule and its column rules row by row, so every inner rule would be painted twice
/// and every column rule once per row. The page looks the same: a rectangle is only merged into
/// an earlier one of the same colour when nothing painted in between overlaps it.
pub fn merge_fills(fills: &mut Vec<Fill>) {
    let mut out: Vec<Fill> = Vec::with_capacity(fills.len());
    for f in fills.drain(..) {
        let mut merged = false;
        for i in (0..out.len()).rev() {
            if let Some(u) = union(&out[i], &f) {
                out[i] = u;
                merged = true;
                break;
            }
            if out[i].color != f.color && intersects(&out[i], &f) {
                // Painted after this one could merge into, and overlapping: order matters.
                break;
            }
        }
        if !merged {
            out.push(f);
        }
    }
    *fills = out;
}

#[cfg(test)]
mod tests {
    use super::super::linebreak::tests::Mono;
    use super::super::markdown::parse;
    use super::*;

    fn lay(md: &str) -> Vec<Page> {
        layout(&parse(md), &Mono, PageSetup::a4()).unwrap()
    }

    fn inside(pages: &[Page]) {
        let s = PageSetup::a4();
        for (i, p) in pages.iter().enumerate() {
            for t in &p.texts {
                for (x, y) in run_corners(t, 0.8, -0.2) {
                    assert!(
                        x >= -0.01 && x <= s.width + 0.01 && y >= -0.01 && y <= s.height + 0.01,
                        "page {i}: {t:?} outside the page"
                    );
                }
                if t.angle == 0.0 {
                    assert!(
                        t.x >= s.left - 1.01 && t.x + t.width <= s.width - s.right + 1.01,
                        "{t:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn table_rules_are_merged_without_changing_what_is_painted() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n";
        let mut pages = lay(md);
        let before = pages[0].fills.clone();
        merge_fills(&mut pages[0].fills);
        let after = &pages[0].fills;
        assert!(
            after.len() < before.len(),
            "{} -> {}",
            before.len(),
            after.len()
        );
        // Every original rectangle is covered by a merged one of its colour.
        for f in &before {
            assert!(
                after.iter().any(|g| g.color == f.color
                    && g.x <= f.x + TOUCH
                    && g.y <= f.y + TOUCH
                    && g.x + g.w >= f.x + f.w - TOUCH
                    && g.y + g.h >= f.y + f.h - TOUCH),
                "{f:?} lost"
            );
        }
        // Merging twice changes nothing.
        let mut again = after.clone();
        merge_fills(&mut again);
        assert_eq!(&again, after);
    }

    #[test]
    fn a_fill_painted_in_between_keeps_the_order() {
        let rule = |y: f32| Fill {
            x: 0.0,
            y,
            w: 100.0,
            h: 1.0,
            color: Color::Gray(0.5),
        };
        let cover = Fill {
            x: 0.0,
            y: 0.0,
            w: 100.0,
            h: 10.0,
            color: Color::Gray(0.9),
        };
        let mut fills = vec![rule(0.0), cover, rule(0.5)];
        merge_fills(&mut fills);
        assert_eq!(fills.len(), 3, "{fills:?}");
        let mut fills = vec![rule(0.0), cover, rule(20.0), rule(20.5)];
        merge_fills(&mut fills);
        assert_eq!(fills.len(), 3, "{fills:?}");
    }

    #[test]
    fn distribute_widths() {
        // Fits: stretched proportionally to the full width.
        let w = distribute(&[10.0, 10.0], &[20.0, 60.0], 160.0, 5.0);
        assert!(
            (w[0] - 40.0).abs() < 1e-3 && (w[1] - 120.0).abs() < 1e-3,
            "{w:?}"
        );
        // Between min and max: the min plus a share of the difference.
        let w = distribute(&[10.0, 20.0], &[50.0, 100.0], 90.0, 5.0);
        assert!((w.iter().sum::<f32>() - 90.0).abs() < 1e-3);
        assert!(
            (w[0] - 30.0).abs() < 1e-3 && (w[1] - 60.0).abs() < 1e-3,
            "{w:?}"
        );
        // Even the minimums do not fit: they shrink towards the floor.
        let w = distribute(&[50.0, 150.0], &[60.0, 200.0], 100.0, 10.0);
        assert!((w.iter().sum::<f32>() - 100.0).abs() < 1e-3, "{w:?}");
        assert!(w.iter().all(|c| *c >= 10.0 - 1e-3));
    }

    #[test]
    fn table_columns_follow_content() {
        let pages = lay(
            "| a | b |\n|---|---|\n| x | a much longer cell that wraps across several lines of the page, certainly more than one |\n",
        );
        let texts = &pages[0].texts;
        let a = texts.iter().find(|t| t.text == "a").unwrap();
        let b = texts.iter().find(|t| t.text == "b").unwrap();
        // The second column is much wider than the first.
        assert!(b.x - a.x < 100.0, "{a:?} {b:?}");
        inside(&pages);
    }

    #[test]
    fn long_table_repeats_its_header() {
        let mut md = String::from("| No. | Item |\n|---|---|\n");
        for i in 0..400 {
            md.push_str(&format!("| {i} | row {i} |\n"));
        }
        let pages = lay(&md);
        assert!(pages.len() > 3);
        for p in &pages {
            assert!(
                p.texts.iter().any(|t| t.text == "No."),
                "header on every page"
            );
        }
        inside(&pages);
    }

    #[test]
    fn heading_is_kept_with_its_paragraph() {
        // Fill the page so that a heading would land on its last line.
        let mut md = String::new();
        for i in 0..45 {
            md.push_str(&format!("line {i}\n\n"));
        }
        md.push_str("## Heading\n\nbody text\n");
        let pages = lay(&md);
        let (hp, _) = find(&pages, "Heading");
        let (bp, _) = find(&pages, "body text");
        assert_eq!(hp, bp);
    }

    fn find(pages: &[Page], s: &str) -> (usize, TextRun) {
        for (i, p) in pages.iter().enumerate() {
            if let Some(t) = p.texts.iter().find(|t| t.text == s) {
                return (i, t.clone());
            }
        }
        panic!("{s} not found")
    }

    #[test]
    fn lists_nest_and_number() {
        let pages = lay("- a\n  - b\n- c\n\n7. x\n8. y\n");
        let (_, a) = find(&pages, "a");
        let (_, b) = find(&pages, "b");
        assert!(b.x > a.x);
        let (_, m7) = find(&pages, "7.");
        let (_, x) = find(&pages, "x");
        assert!((m7.baseline - x.baseline).abs() < 1e-3 && m7.x + m7.width < x.x);
        assert!(pages[0].texts.iter().any(|t| t.text == "•"));
        assert!(pages[0].texts.iter().any(|t| t.text == "◦"));
    }

    #[test]
    fn huge_row_is_split_across_pages() {
        let cell = "word ".repeat(3000);
        let pages = lay(&format!("| h |\n|---|\n| {cell} |\n"));
        assert!(pages.len() > 1);
        inside(&pages);
    }

    #[test]
    fn many_columns_shrink_then_fail() {
        let row = |n: usize| format!("|{}\n", " x |".repeat(n));
        let md = |n: usize| format!("{}{}{}", row(n), "|---".repeat(n) + "|\n", row(n));
        let pages = lay(&md(40));
        inside(&pages);
        let err = layout(&parse(&md(200)), &Mono, PageSetup::a4()).unwrap_err();
        assert!(err.to_string().contains("200 columns"), "{err}");
    }
}
