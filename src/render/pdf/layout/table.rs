//! Tables: column widths from the cells' content, wrapped cells, rows split between pages at
//! line boundaries, the header row repeated on every page (as an artifact after the first), and
//! the `Table` / `TR` / `TH` / `TD` structure of the rows. Part of [`super`]'s flow, kept apart
//! because it is the one block with its own geometry.

use super::super::PdfError;
use super::super::linebreak::{Line, break_lines, min_max_width};
use super::super::markdown::{Align, Inline, Table};
use super::super::tags::Role;
use super::{Flow, HEAD_FILL, TABLE_RULE, THEME};

impl Flow<'_> {
    pub(super) fn table(&mut self, t: &Table, x: f32, width: f32) -> Result<(), PdfError> {
        let ncols = t.columns();
        if ncols == 0 {
            return Ok(());
        }
        // Every column is at least one em wide plus padding (2.1 × the type size); shrink the type
        // for very wide tables.
        let mut size = THEME.table;
        let floor_factor = 2.1;
        if ncols as f32 * floor_factor * size > width {
            size = width / (ncols as f32 * floor_factor);
            if size < 3.0 {
                let most = (width / (floor_factor * 3.0)).floor();
                return Err(PdfError::Layout(format!(
                    "a table has {ncols} columns; at most {most} fit across the page"
                )));
            }
        }
        let pad_x = 0.45 * size;
        let pad_y = 0.38 * size;
        let lh = 1.4 * size;
        let col_floor = floor_factor * size;

        // Column widths from content: the widest word (capped, so that one long word does not
        // starve the other columns) and the whole text on one line.
        let head_ms = self.measurer(size, true);
        let body_ms = self.measurer(size, false);
        let mut mins = vec![col_floor; ncols];
        let mut maxs = vec![col_floor; ncols];
        let cap = (width * 0.3).max(col_floor);
        let rows_with_head =
            std::iter::once((&t.head, &head_ms)).chain(t.rows.iter().map(|r| (r, &body_ms)));
        for (row, ms) in rows_with_head {
            for (c, cell) in row.iter().enumerate() {
                let (mn, mx) = min_max_width(cell, ms)?;
                mins[c] = mins[c].max((mn + 2.0 * pad_x).min(cap));
                maxs[c] = maxs[c].max(mx + 2.0 * pad_x);
            }
        }
        let widths = distribute(&mins, &maxs, width, col_floor);
        let mut col_x = Vec::with_capacity(ncols + 1);
        let mut acc = x;
        for w in &widths {
            col_x.push(acc);
            acc += w;
        }
        col_x.push(acc);
        let aligns: Vec<Align> = (0..ncols)
            .map(|c| t.aligns.get(c).copied().unwrap_or_default())
            .collect();
        let geo = TableGeo {
            x,
            width: acc - x,
            col_x,
            widths,
            aligns,
            size,
            pad_x,
            pad_y,
            lh,
        };

        // The structure: a row element with a cell element per column, opened in reading order.
        let head_tags = if t.head.is_empty() {
            None
        } else {
            self.row_tags(ncols, Role::TH)
        };
        let head = if !t.head.is_empty() {
            Some(self.row_lines(&t.head, &geo, true)?)
        } else {
            None
        };
        let head_h = head.as_ref().map_or(0.0, |h| geo.row_height(rows_of(h)));
        let repeat_head = head_h <= self.setup.content_height() * 0.4;

        // Keep the header with the first row (or its first lines).
        let first_h = match t.rows.first() {
            Some(r) => {
                let lines = self.row_lines(r, &geo, false)?;
                geo.row_height(rows_of(&lines).min(2))
            }
            None => 0.0,
        };
        self.ensure(head_h + first_h);
        if let Some(h) = &head {
            self.draw_row(h, 0, rows_of(h), &geo, true, head_tags.as_deref());
        }
        for row in &t.rows {
            let tags = self.row_tags(ncols, Role::TD);
            let tags = tags.as_deref();
            let cells = self.row_lines(row, &geo, false)?;
            let n = rows_of(&cells);
            let mut from = 0;
            while from < n {
                let avail = self.bottom() - self.y;
                let need = geo.row_height(n - from);
                if need <= avail + 0.01 {
                    self.draw_row(&cells, from, n, &geo, false, tags);
                    break;
                }
                let fit = ((avail - 2.0 * geo.pad_y) / geo.lh + 0.001)
                    .floor()
                    .max(0.0) as usize;
                let fresh_room =
                    self.setup.content_height() - if repeat_head { head_h } else { 0.0 };
                let page_is_fresh = self.at_top()
                    || (repeat_head && head.is_some() && self.y <= self.top() + head_h + 0.01);
                if fit == 0 || (from == 0 && need <= fresh_room && !page_is_fresh) {
                    if page_is_fresh && fit == 0 {
                        // Nothing fits even on a fresh page (cannot happen with A4 sizes);
                        // draw one line rather than loop.
                        self.draw_row(&cells, from, from + 1, &geo, false, tags);
                        from += 1;
                        continue;
                    }
                    self.new_page();
                    if repeat_head && let Some(h) = &head {
                        self.draw_row(h, 0, rows_of(h), &geo, true, None);
                    }
                    continue;
                }
                let to = (from + fit).min(n);
                self.draw_row(&cells, from, to, &geo, false, tags);
                from = to;
                if from < n {
                    self.new_page();
                    if repeat_head && let Some(h) = &head {
                        self.draw_row(h, 0, rows_of(h), &geo, true, None);
                    }
                }
            }
        }
        Ok(())
    }

    /// A `TR` under the current table element with `n` cells of `cell` type.
    fn row_tags(&mut self, n: usize, cell: Role) -> Option<Vec<usize>> {
        let tr = self.open(Role::TR)?;
        Some((0..n).map(|_| self.tree.open(tr, cell)).collect())
    }

    /// The lines of each cell of a row.
    fn row_lines(
        &self,
        row: &[Vec<Inline>],
        geo: &TableGeo,
        bold: bool,
    ) -> Result<Vec<Vec<Line>>, PdfError> {
        let ms = self.measurer(geo.size, bold);
        let mut out = Vec::with_capacity(geo.widths.len());
        for (c, w) in geo.widths.iter().enumerate() {
            match row.get(c) {
                Some(cell) => out.push(break_lines(cell, &ms, w - 2.0 * geo.pad_x)?),
                None => out.push(Vec::new()),
            }
        }
        Ok(out)
    }

    /// Draws lines `from..to` of a row's cells, with borders; the cells' text is tagged with
    /// `tags` (one element per column), or is an artifact without (a repeated header row).
    fn draw_row(
        &mut self,
        cells: &[Vec<Line>],
        from: usize,
        to: usize,
        geo: &TableGeo,
        head: bool,
        tags: Option<&[usize]>,
    ) {
        let top = self.y;
        let h = geo.row_height(to.saturating_sub(from));
        if head {
            self.fill(geo.x, top, geo.width, h, HEAD_FILL);
        }
        let t = 0.5;
        self.fill(geo.x - t / 2.0, top - t / 2.0, geo.width + t, t, TABLE_RULE);
        self.fill(
            geo.x - t / 2.0,
            top + h - t / 2.0,
            geo.width + t,
            t,
            TABLE_RULE,
        );
        for cx in geo.col_x.clone() {
            self.fill(cx - t / 2.0, top, t, h, TABLE_RULE);
        }
        let baseline0 = top + geo.pad_y + self.baseline_in(geo.lh, geo.size);
        let saved = self.current;
        for (c, lines) in cells.iter().enumerate() {
            self.current = tags.and_then(|t| t.get(c).copied());
            let avail = geo.widths[c] - 2.0 * geo.pad_x;
            for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                let baseline = baseline0 + (k - from) as f32 * geo.lh;
                let dx = match geo.aligns[c] {
                    Align::Left => 0.0,
                    Align::Center => ((avail - line.width) / 2.0).max(0.0),
                    Align::Right => (avail - line.width).max(0.0),
                };
                let lx = geo.col_x[c] + geo.pad_x + dx;
                for (i, run) in line.runs.iter().enumerate() {
                    let space = line.wrapped_at_space && i + 1 == line.runs.len();
                    self.emit_run(run, lx, baseline, geo.size, head, space);
                }
            }
        }
        self.current = saved;
        self.y = top + h;
        self.bottom_used = self.y;
    }
}

/// Table geometry.
struct TableGeo {
    x: f32,
    width: f32,
    col_x: Vec<f32>,
    widths: Vec<f32>,
    aligns: Vec<Align>,
    size: f32,
    pad_x: f32,
    pad_y: f32,
    lh: f32,
}

impl TableGeo {
    fn row_height(&self, lines: usize) -> f32 {
        lines.max(1) as f32 * self.lh + 2.0 * self.pad_y
    }
}

fn rows_of(cells: &[Vec<Line>]) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

/// Column widths that add up to `width`: every column gets its minimum, and the rest is shared
/// in proportion to how much more each column would like (its one-line width). When even the
/// minimums do not fit, they shrink towards `floor`.
pub fn distribute(mins: &[f32], maxs: &[f32], width: f32, floor: f32) -> Vec<f32> {
    let n = mins.len();
    if n == 0 {
        return Vec::new();
    }
    let sum_min: f32 = mins.iter().sum();
    let sum_max: f32 = maxs.iter().zip(mins).map(|(a, b)| a.max(*b)).sum();
    if sum_max <= width {
        // Everything fits on one line: stretch to the full width in proportion.
        let scale = width / sum_max.max(f32::EPSILON);
        return maxs
            .iter()
            .zip(mins)
            .map(|(a, b)| a.max(*b) * scale)
            .collect();
    }
    if sum_min >= width {
        let floors = floor * n as f32;
        let extra = (width - floors).max(0.0);
        let over = (sum_min - floors).max(f32::EPSILON);
        return mins
            .iter()
            .map(|m| floor + (m - floor).max(0.0) * extra / over)
            .collect();
    }
    let k = (width - sum_min) / (sum_max - sum_min).max(f32::EPSILON);
    mins.iter()
        .zip(maxs)
        .map(|(mn, mx)| mn + (mx.max(*mn) - mn) * k)
        .collect()
}
