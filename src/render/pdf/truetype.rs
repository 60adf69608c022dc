//! TrueType font programs: the per-document subset handed to printpdf
//! ([`subset`]), and the hinting removed from the subsets printpdf embeds.
//!
//! NanumGothic carries bytecode hinting in every glyph; in a subset of a Korean report it is
//! about 40 % of the `glyf` table, and half of it once compressed. PDF viewers rasterise at
//! high resolution and most ignore TrueType hinting anyway, so, as `fonttools subset
//! --no-hinting` does, this drops the `fpgm`, `prep` and `cvt ` tables and the instructions of
//! every glyph, and writes the font again (long `loca`, recomputed checksums). Outlines,
//! advance widths, `cmap` and `name` are kept unchanged. Anything unexpected leaves the font
//! as it was.

use std::borrow::Cow;

/// Tables that only serve hinting.
#[cfg(test)]
const HINTING_TABLES: [&[u8; 4]; 5] = [b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH"];

/// Tables a font program embedded as a CIDFontType2 with an identity CID-to-glyph map does not
/// use (ISO 32000-1 §9.9: the glyphs are found by glyph id, the names and the Unicode text by
/// the PDF's own font dictionary and `/ToUnicode`): `cmap`, `name`, `post` and `OS/2`, plus
/// the hinting tables.
const UNUSED_WHEN_EMBEDDED: [&[u8; 4]; 9] = [
    b"fpgm", b"prep", b"cvt ", b"hdmx", b"LTSH", b"cmap", b"name", b"post", b"OS/2",
];

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

fn checksum(data: &[u8]) -> u32 {
    let words = data.chunks_exact(4);
    let tail = words.remainder();
    let sum = words.fold(0u32, |acc, c| {
        acc.wrapping_add(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
    });
    // The last word padded with zeros.
    let mut last = [0u8; 4];
    last[..tail.len()].copy_from_slice(tail);
    sum.wrapping_add(u32::from_be_bytes(last))
}

/// One glyph without its instructions.
fn strip_glyph(g: &[u8]) -> Option<Vec<u8>> {
    if g.is_empty() {
        return Some(Vec::new());
    }
    let contours = u16_at(g, 0)? as i16;
    if contours >= 0 {
        let n = contours as usize;
        let len_at = 10 + 2 * n;
        let ilen = u16_at(g, len_at)? as usize;
        let rest = len_at + 2 + ilen;
        if rest > g.len() {
            return None;
        }
        let mut out = Vec::with_capacity(g.len() - ilen);
        out.extend_from_slice(&g[..len_at]);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&g[rest..]);
        Some(out)
    } else {
        // Composite: clear WE_HAVE_INSTRUCTIONS and cut the instructions after the last component.
        let mut out = g.to_vec();
        let (records, end) = component_records(g)?;
        let mut had_instructions = false;
        for at in records {
            let flags = u16_at(&out, at)?;
            if flags & 0x0100 != 0 {
                had_instructions = true;
                out[at..at + 2].copy_from_slice(&(flags & !0x0100).to_be_bytes());
            }
        }
        if had_instructions {
            out.truncate(end);
        }
        Some(out)
    }
}

/// The font without hinting, or `None` when it is not a TrueType font this code understands.
#[cfg(test)]
pub fn strip_hinting(font: &[u8]) -> Option<Vec<u8>> {
    rewrite(font, &HINTING_TABLES)
}

/// The font as a PDF embeds it: no hinting and none of [`UNUSED_WHEN_EMBEDDED`].
pub fn strip_for_embedding(font: &[u8]) -> Option<Vec<u8>> {
    rewrite(font, &UNUSED_WHEN_EMBEDDED)
}

/// A font's tables: tag and contents, borrowed from the font until changed.
type Tables<'a> = Vec<([u8; 4], Cow<'a, [u8]>)>;

/// The tables of a TrueType font (`0x00010000` sfnt), in directory order.
fn read_tables(font: &[u8]) -> Option<Tables<'_>> {
    if u32_at(font, 0)? != 0x0001_0000 {
        return None;
    }
    let num_tables = u16_at(font, 4)? as usize;
    let mut tables: Tables<'_> = Vec::with_capacity(num_tables);
    for i in 0..num_tables {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        let data = font.get(off..off.checked_add(len)?)?;
        tables.push((tag, Cow::Borrowed(data)));
    }
    Some(tables)
}

/// Where each glyph's outline is in `glyf`, read from `loca` on demand.
struct GlyphIndex<'t> {
    loca: &'t [u8],
    long: bool,
    count: usize,
    glyf_len: usize,
}

impl<'t> GlyphIndex<'t> {
    fn new(tables: &'t [([u8; 4], Cow<'_, [u8]>)]) -> Option<GlyphIndex<'t>> {
        let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| &**d);
        let long = u16_at(table(b"head")?, 50)? != 0;
        let count = u16_at(table(b"maxp")?, 4)? as usize;
        let loca = table(b"loca")?;
        if loca.len() < (count + 1) * if long { 4 } else { 2 } {
            return None;
        }
        Some(GlyphIndex {
            loca,
            long,
            count,
            glyf_len: table(b"glyf")?.len(),
        })
    }

    fn offset(&self, i: usize) -> Option<usize> {
        if self.long {
            u32_at(self.loca, 4 * i).map(|v| v as usize)
        } else {
            u16_at(self.loca, 2 * i).map(|v| 2 * v as usize)
        }
    }

    /// The bytes of glyph `i` in `glyf`.
    fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        let (a, b) = (self.offset(i)?, self.offset(i + 1)?);
        (i < self.count && a <= b && b <= self.glyf_len).then_some(a..b)
    }
}

/// The offsets of the component records of a composite glyph, and the offset just past the
/// last one (where its instructions start); `None` for a simple or empty glyph, or a glyph
/// that is cut short.
fn component_records(g: &[u8]) -> Option<(Vec<usize>, usize)> {
    if g.is_empty() || u16_at(g, 0)? as i16 >= 0 {
        return None;
    }
    let mut records = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(g, at)?;
        records.push(at);
        let mut size = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        if flags & 0x0008 != 0 {
            size += 2;
        } else if flags & 0x0040 != 0 {
            size += 4;
        } else if flags & 0x0080 != 0 {
            size += 8;
        }
        at += size;
        if at > g.len() {
            return None;
        }
        if flags & 0x0020 == 0 {
            return Some((records, at));
        }
    }
}

/// Whether glyph `g` is a composite glyph (a negative contour count).
fn is_composite(g: &[u8]) -> bool {
    u16_at(g, 0).is_some_and(|n| (n as i16) < 0)
}

/// The glyph ids a composite glyph draws its components from (none for a simple glyph).
fn components(g: &[u8]) -> Option<Vec<u16>> {
    if !is_composite(g) {
        return Some(Vec::new());
    }
    let (records, _) = component_records(g)?;
    records.iter().map(|at| u16_at(g, at + 2)).collect()
}

/// A `loca` table for glyph offsets (the last one is the end of `glyf`), in the short format
/// (offset / 2 in 16 bits) when the glyphs fit in it, and whether it is short.
fn loca(offsets: &[usize]) -> (Vec<u8>, bool) {
    let short = offsets.last().is_none_or(|end| *end < 2 * 0x1_0000);
    let table = if short {
        offsets
            .iter()
            .flat_map(|o| ((o / 2) as u16).to_be_bytes())
            .collect()
    } else {
        offsets
            .iter()
            .flat_map(|o| (*o as u32).to_be_bytes())
            .collect()
    };
    (table, short)
}

/// Rebuilds `glyf` and `loca` without instructions, in the short `loca` format when it fits,
/// and sets `head` and `maxp` to match.
fn rebuild_glyphs(tables: &mut Tables<'_>) -> Option<()> {
    let index = GlyphIndex::new(tables)?;
    let find = |tag: &[u8; 4]| tables.iter().position(|(t, _)| t == tag);
    let (head_i, maxp_i, loca_i, glyf_i) = (
        find(b"head")?,
        find(b"maxp")?,
        find(b"loca")?,
        find(b"glyf")?,
    );
    let glyf = &tables[glyf_i].1;
    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(index.count + 1);
    for i in 0..index.count {
        offsets.push(new_glyf.len());
        new_glyf.extend_from_slice(&strip_glyph(&glyf[index.range(i)?])?);
        // Even offsets, as the short format requires.
        if new_glyf.len() % 2 != 0 {
            new_glyf.push(0);
        }
    }
    offsets.push(new_glyf.len());
    let (new_loca, short) = loca(&offsets);
    tables[glyf_i].1 = Cow::Owned(new_glyf);
    tables[loca_i].1 = Cow::Owned(new_loca);
    // head: loca format, checksum adjustment zeroed until the whole font is summed.
    let head = tables[head_i].1.to_mut();
    head.get_mut(50..52)?
        .copy_from_slice(&u16::from(!short).to_be_bytes());
    head.get_mut(8..12)?.copy_from_slice(&[0, 0, 0, 0]);
    // maxp 1.0: no instructions left.
    let maxp = tables[maxp_i].1.to_mut();
    if maxp.len() >= 32 {
        maxp[26..28].copy_from_slice(&0u16.to_be_bytes());
    }
    Some(())
}

/// The font without instructions and without the tables `drop`, with the short `loca` format
/// when the glyphs fit in it.
fn rewrite(font: &[u8], drop: &[&[u8; 4]]) -> Option<Vec<u8>> {
    let mut tables = read_tables(font)?;
    rebuild_glyphs(&mut tables)?;
    tables.retain(|(t, _)| !drop.contains(&t));
    write_font(tables)
}

/// Tables a subset keeps: what printpdf's font parser and subsetter read. Layout tables
/// (`GSUB`, `GPOS`, `kern`, ...) are not used (the layout places every glyph itself), nor are
/// vertical metrics, hinting and tool tables (`fpgm`, `TSI*`, ...).
const SUBSET_KEEPS: [&[u8; 4]; 10] = [
    b"head", b"hhea", b"maxp", b"hmtx", b"loca", b"glyf", b"cmap", b"name", b"post", b"OS/2",
];

/// A font cut down to the glyphs one document draws, and how its glyph ids map to the
/// original font's.
#[derive(Debug)]
pub struct Subset {
    /// The subset font program.
    pub bytes: Vec<u8>,
    /// For each glyph id of the subset, the original glyph id (sorted, `.notdef` first).
    pub original_ids: Vec<u16>,
}

impl Subset {
    /// The subset's glyph id for an original glyph id, if it was kept.
    pub fn new_id(&self, original: u16) -> Option<u16> {
        self.original_ids
            .binary_search(&original)
            .ok()
            .and_then(|i| u16::try_from(i).ok())
    }
}

/// A subset of a TrueType font for one document: `.notdef`, the glyphs of `chars` (each a
/// character and its original glyph id) and the components of composite ones, renumbered in
/// their original order, with their advance widths and side bearings, a `cmap` of just `chars`,
/// a `post` table without glyph names, and only the tables in [`SUBSET_KEEPS`]. printpdf then
/// parses and subsets this font of a few dozen glyphs instead of the whole one (20,000 glyphs
/// for NanumGothic) for every document. `None` when the font is not a TrueType font this code
/// understands; the caller then hands over the whole font.
pub fn subset(font: &[u8], chars: &[(char, u16)]) -> Option<Subset> {
    let mut tables = read_tables(font)?;
    let index = GlyphIndex::new(&tables)?;
    let table = |tag: &[u8; 4]| tables.iter().find(|(t, _)| t == tag).map(|(_, d)| &**d);
    let glyf = table(b"glyf")?;
    // The glyphs to keep: the requested ones and, transitively, their components.
    let mut keep = vec![false; index.count];
    let mut todo: Vec<u16> = std::iter::once(0)
        .chain(chars.iter().map(|c| c.1))
        .collect();
    while let Some(g) = todo.pop() {
        let g = usize::from(g);
        if !std::mem::replace(keep.get_mut(g)?, true) {
            todo.extend(components(&glyf[index.range(g)?])?);
        }
    }
    let original_ids: Vec<u16> = (0..index.count)
        .filter(|&g| keep[g])
        .map(|g| g as u16)
        .collect();
    let new_id = |old: u16| original_ids.binary_search(&old).ok().map(|i| i as u16);
    // glyf and loca, renumbered; composite glyphs point at their components' new ids.
    let mut new_glyf = Vec::new();
    let mut offsets = Vec::with_capacity(original_ids.len() + 1);
    for &old in &original_ids {
        offsets.push(new_glyf.len());
        let mut g = strip_glyph(&glyf[index.range(usize::from(old))?])?;
        renumber_components(&mut g, &new_id)?;
        new_glyf.extend_from_slice(&g);
        if new_glyf.len() % 2 != 0 {
            new_glyf.push(0);
        }
    }
    offsets.push(new_glyf.len());
    let (mut new_loca, short) = loca(&offsets);
    // hmtx: a full metric for every kept glyph.
    let hhea = table(b"hhea")?;
    let long_metrics = usize::from(u16_at(hhea, 34)?);
    let hmtx = table(b"hmtx")?;
    if long_metrics == 0 {
        return None;
    }
    let mut new_hmtx = Vec::with_capacity(4 * original_ids.len());
    for &old in &original_ids {
        let g = usize::from(old);
        let (advance, lsb) = if g < long_metrics {
            (u16_at(hmtx, 4 * g)?, u16_at(hmtx, 4 * g + 2)?)
        } else {
            (
                u16_at(hmtx, 4 * (long_metrics - 1))?,
                u16_at(hmtx, 4 * long_metrics + 2 * (g - long_metrics))?,
            )
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let count = (original_ids.len() as u16).to_be_bytes();
    let renumbered: Vec<(char, u16)> = chars
        .iter()
        .filter_map(|&(c, g)| new_id(g).map(|n| (c, n)))
        .collect();
    tables.retain(|(t, _)| SUBSET_KEEPS.contains(&t));
    for (tag, data) in &mut tables {
        match &*tag {
            b"glyf" => *data = Cow::Owned(std::mem::take(&mut new_glyf)),
            b"loca" => *data = Cow::Owned(std::mem::take(&mut new_loca)),
            b"hmtx" => *data = Cow::Owned(std::mem::take(&mut new_hmtx)),
            b"cmap" => *data = Cow::Owned(cmap(&renumbered)),
            b"head" => {
                let head = data.to_mut();
                head.get_mut(50..52)?
                    .copy_from_slice(&u16::from(!short).to_be_bytes());
                head.get_mut(8..12)?.copy_from_slice(&[0, 0, 0, 0]);
            }
            b"hhea" => data.to_mut().get_mut(34..36)?.copy_from_slice(&count),
            b"maxp" => {
                let maxp = data.to_mut();
                maxp.get_mut(4..6)?.copy_from_slice(&count);
                if maxp.len() >= 32 {
                    maxp[26..28].copy_from_slice(&0u16.to_be_bytes());
                }
            }
            // post 3.0: the header alone, no glyph names.
            b"post" if data.len() >= 32 => {
                let post = data.to_mut();
                post.truncate(32);
                post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
            }
            _ => {}
        }
    }
    let bytes = write_font(tables)?;
    Some(Subset {
        bytes,
        original_ids,
    })
}

/// Points the components of a composite glyph at their new glyph ids.
fn renumber_components(g: &mut [u8], new_id: &dyn Fn(u16) -> Option<u16>) -> Option<()> {
    if !is_composite(g) {
        return Some(());
    }
    let (records, _) = component_records(g)?;
    for at in records {
        let id = new_id(u16_at(g, at + 2)?)?;
        g[at + 2..at + 4].copy_from_slice(&id.to_be_bytes());
    }
    Some(())
}

/// A `cmap` table for `chars`: a format 4 subtable (Windows, Unicode BMP) for the characters
/// in the Basic Multilingual Plane and, when there are others, a format 12 subtable (Windows,
/// full Unicode) for all of them. Each run of consecutive characters with consecutive glyph
/// ids is one segment.
fn cmap(chars: &[(char, u16)]) -> Vec<u8> {
    let mut map: Vec<(u32, u16)> = chars.iter().map(|(c, g)| (*c as u32, *g)).collect();
    map.sort_unstable();
    map.dedup_by_key(|m| m.0);
    // Runs of (first char, last char, first glyph).
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for &(c, g) in &map {
        match runs.last_mut() {
            Some((start, end, g0))
                if c == *end + 1 && u32::from(g) == u32::from(*g0) + (c - *start) =>
            {
                *end = c;
            }
            _ => runs.push((c, c, g)),
        }
    }
    let bmp: Vec<(u32, u32, u16)> = runs
        .iter()
        .filter(|r| r.1 < 0xFFFF)
        .copied()
        .chain(std::iter::once((0xFFFF, 0xFFFF, 1)))
        .collect();
    // A format 4 subtable's length is 16 bits: beyond some 8,000 segments (thousands of
    // scattered characters) only the format 12 subtable is written.
    let f4_len = 16 + 8 * bmp.len();
    let fits = f4_len <= usize::from(u16::MAX);
    let mut f4 = Vec::new();
    if fits {
        let seg_x2 = (bmp.len() * 2) as u16;
        let mut range = 2u16;
        let mut selector = 0u16;
        while u32::from(range) * 2 <= u32::from(seg_x2) {
            range *= 2;
            selector += 1;
        }
        for v in [
            4u16,
            f4_len as u16,
            0,
            seg_x2,
            range,
            selector,
            seg_x2 - range,
        ] {
            f4.extend_from_slice(&v.to_be_bytes());
        }
        bmp.iter()
            .for_each(|r| f4.extend_from_slice(&(r.1 as u16).to_be_bytes()));
        f4.extend_from_slice(&[0, 0]);
        bmp.iter()
            .for_each(|r| f4.extend_from_slice(&(r.0 as u16).to_be_bytes()));
        bmp.iter().for_each(|r| {
            // idDelta: glyph = char + delta (mod 65536); the closing 0xFFFF segment maps to 0.
            let delta = if r.0 == 0xFFFF {
                1u16
            } else {
                r.2.wrapping_sub(r.0 as u16)
            };
            f4.extend_from_slice(&delta.to_be_bytes());
        });
        bmp.iter().for_each(|_| f4.extend_from_slice(&[0, 0]));
    }
    let wide = !fits || runs.iter().any(|r| r.1 > 0xFFFF);
    let mut f12 = Vec::new();
    if wide {
        f12.extend_from_slice(&12u16.to_be_bytes());
        f12.extend_from_slice(&[0, 0]);
        f12.extend_from_slice(&((16 + 12 * runs.len()) as u32).to_be_bytes());
        f12.extend_from_slice(&0u32.to_be_bytes());
        f12.extend_from_slice(&(runs.len() as u32).to_be_bytes());
        for r in &runs {
            for v in [r.0, r.1, u32::from(r.2)] {
                f12.extend_from_slice(&v.to_be_bytes());
            }
        }
    }
    let records = usize::from(fits) + usize::from(wide);
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(records as u16).to_be_bytes());
    let first = 4 + 8 * records;
    if fits {
        out.extend_from_slice(&[0, 3, 0, 1]);
        out.extend_from_slice(&(first as u32).to_be_bytes());
    }
    if wide {
        out.extend_from_slice(&[0, 3, 0, 10]);
        out.extend_from_slice(&((first + f4.len()) as u32).to_be_bytes());
    }
    out.extend_from_slice(&f4);
    out.extend_from_slice(&f12);
    out
}

/// Writes a font from its tables: sorted directory, table checksums, 4-byte padding and the
/// `head` checksum adjustment.
fn write_font(mut tables: Tables<'_>) -> Option<Vec<u8>> {
    tables.sort_by_key(|a| a.0);
    let n = tables.len();
    let mut search_range = 1usize;
    let mut selector = 0u16;
    while search_range * 2 <= n {
        search_range *= 2;
        selector += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&((search_range * 16) as u16).to_be_bytes());
    out.extend_from_slice(&selector.to_be_bytes());
    out.extend_from_slice(&((n * 16 - search_range * 16) as u16).to_be_bytes());
    let mut data_at = 12 + 16 * n;
    let mut body = Vec::new();
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(data_at as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(data_at - (12 + 16 * n));
        }
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        data_at = 12 + 16 * n + body.len();
    }
    out.extend_from_slice(&body);
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    let at = 12 + 16 * n + head_at? + 8;
    out.get_mut(at..at + 4)?
        .copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

/// Strips hinting and unused tables from every embedded TrueType program (`/FontFile2`).
pub fn strip_hinting_in(doc: &mut lopdf::Document) {
    let programs: Vec<lopdf::ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor"))
        .filter_map(|d| d.get(b"FontFile2").and_then(|r| r.as_reference()).ok())
        .collect();
    for id in programs {
        if let Ok(lopdf::Object::Stream(stream)) = doc.get_object_mut(id)
            && stream.dict.get(b"Filter").is_err()
            && let Some(stripped) = strip_for_embedding(&stream.content)
        {
            stream
                .dict
                .set("Length1", lopdf::Object::Integer(stripped.len() as i64));
            stream.set_content(stripped);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table checksum (OpenType: the sum of the big-endian 32-bit words, the last padded
    /// with zeros) for every length of tail.
    #[test]
    fn checksums_pad_the_last_word_with_zeros() {
        let data: Vec<u8> = (1..=11u8).collect();
        let by_hand = |d: &[u8]| -> u32 {
            let mut padded = d.to_vec();
            padded.resize(d.len().div_ceil(4) * 4, 0);
            padded
                .chunks(4)
                .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
                .fold(0u32, u32::wrapping_add)
        };
        for n in 0..=data.len() {
            assert_eq!(checksum(&data[..n]), by_hand(&data[..n]), "{n} bytes");
        }
        assert_eq!(checksum(&[0xFF; 8]), 0xFFFF_FFFEu32);
    }

    #[test]
    fn stripped_font_keeps_outlines_and_metrics() {
        let font = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/NanumGothicBold.ttf"
        ))
        .expect("font");
        let stripped = strip_hinting(&font).expect("strips");
        assert!(stripped.len() < font.len());
        let a = ttf_parser::Face::parse(&font, 0).expect("original parses");
        let b = ttf_parser::Face::parse(&stripped, 0).expect("stripped parses");
        assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
        for ch in ['가', '힣', 'A', 'g', '1', '「'] {
            let ga = a.glyph_index(ch).expect("glyph");
            let gb = b.glyph_index(ch).expect("glyph");
            assert_eq!(ga, gb);
            assert_eq!(a.glyph_hor_advance(ga), b.glyph_hor_advance(gb));
            assert_eq!(a.glyph_bounding_box(ga), b.glyph_bounding_box(gb), "{ch}");
        }
        assert!(
            b.raw_face()
                .table(ttf_parser::Tag::from_bytes(b"fpgm"))
                .is_none()
        );
        assert_eq!(checksum(&stripped), 0xB1B0_AFBA);
        // As embedded: the same outlines and advances by glyph id, in the short loca format,
        // without the tables a PDF does not read.
        let embedded = strip_for_embedding(&font).expect("strips");
        let c = ttf_parser::Face::parse(&embedded, 0).expect("embedded parses");
        assert_eq!(c.number_of_glyphs(), a.number_of_glyphs());
        for ch in ['가', '힣', 'A', 'g', '1', '「'] {
            let g = a.glyph_index(ch).expect("glyph");
            assert_eq!(a.glyph_hor_advance(g), c.glyph_hor_advance(g));
            assert_eq!(a.glyph_bounding_box(g), c.glyph_bounding_box(g), "{ch}");
        }
        assert!(c.tables().cmap.is_none() && c.tables().name.is_none());
        assert_eq!(checksum(&embedded), 0xB1B0_AFBA);
        // Not a TrueType font: left alone.
        assert!(strip_hinting(b"OTTO....").is_none());
        assert!(strip_hinting(&font[..100]).is_none());
    }

    #[test]
    fn subsets_keep_the_used_outlines_and_metrics_renumbered() {
        let font = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/NanumGothic.ttf"
        ))
        .expect("font");
        let a = ttf_parser::Face::parse(&font, 0).expect("original parses");
        let used: Vec<(char, u16)> = ['가', '힣', 'A', 'g', '1', '「']
            .into_iter()
            .map(|c| (c, a.glyph_index(c).expect("glyph").0))
            .collect();
        let subset = subset(&font, &used).expect("subsets");
        assert!(subset.bytes.len() < 10_000, "{} bytes", subset.bytes.len());
        assert_eq!(checksum(&subset.bytes), 0xB1B0_AFBA);
        let b = ttf_parser::Face::parse(&subset.bytes, 0).expect("subset parses");
        // .notdef, the six glyphs, and the components of those that are composites (NanumGothic
        // builds some Hangul syllables from parts): three more, renumbered with the rest.
        assert_eq!(b.number_of_glyphs(), 10);
        let tables = read_tables(&subset.bytes).expect("tables");
        let index = GlyphIndex::new(&tables).expect("loca");
        let glyf = &tables.iter().find(|(t, _)| t == b"glyf").expect("glyf").1;
        let mut composites = 0;
        for g in 0..index.count {
            let parts = components(&glyf[index.range(g).expect("range")]).expect("parses");
            composites += usize::from(!parts.is_empty());
            assert!(
                parts.iter().all(|p| usize::from(*p) < index.count),
                "{parts:?}"
            );
        }
        assert!(composites > 0);
        assert_eq!(subset.original_ids[0], 0);
        assert!(subset.original_ids.windows(2).all(|w| w[0] < w[1]));
        for (c, old) in &used {
            let new = subset.new_id(*old).expect("kept");
            assert_eq!(subset.original_ids[usize::from(new)], *old);
            assert_eq!(b.glyph_index(*c).map(|g| g.0), Some(new), "{c}");
            let (old, new) = (ttf_parser::GlyphId(*old), ttf_parser::GlyphId(new));
            assert_eq!(a.glyph_hor_advance(old), b.glyph_hor_advance(new));
            assert_eq!(a.glyph_hor_side_bearing(old), b.glyph_hor_side_bearing(new));
            assert_eq!(a.glyph_bounding_box(old), b.glyph_bounding_box(new), "{c}");
        }
        assert_eq!(subset.new_id(a.glyph_index('나').unwrap().0), None);
        assert_eq!(b.glyph_index('나'), None);
        assert_eq!(
            a.glyph_bounding_box(ttf_parser::GlyphId(0)),
            b.glyph_bounding_box(ttf_parser::GlyphId(0))
        );
        assert!(
            b.raw_face()
                .table(ttf_parser::Tag::from_bytes(b"TSI1"))
                .is_none()
        );
        // printpdf reads it.
        let mut warnings = Vec::new();
        assert!(printpdf::ParsedFont::from_bytes(&subset.bytes, 0, &mut warnings).is_some());
    }

    #[test]
    fn composite_components_are_renumbered() {
        let mut composite = vec![
            0xFF, 0xFF, 0, 0, 0, 0, 0, 10, 0, 10, // header: -1 contours, bbox
            0x00, 0x21, 0, 40, 0, 0, 0,
            0, // ARG_1_AND_2_ARE_WORDS | MORE_COMPONENTS, glyph 40
            0x00, 0x01, 0, 90, 0, 5, 0, 5, // ARG_1_AND_2_ARE_WORDS, glyph 90
        ];
        let map = |g: u16| match g {
            40 => Some(1),
            90 => Some(2),
            _ => None,
        };
        renumber_components(&mut composite, &map).expect("renumbers");
        assert_eq!(components(&composite), Some(vec![1, 2]));
        // A component that was not kept is an error, not a dangling reference.
        assert!(renumber_components(&mut composite, &|_| None).is_none());
    }

    #[test]
    fn composite_glyphs_bring_their_components() {
        // A composite glyph with two components, glyph ids 1 and 2 (flags: ARG_1_AND_2_ARE_WORDS
        // | MORE_COMPONENTS, then ARG_1_AND_2_ARE_WORDS).
        let composite = [
            0xFF, 0xFF, 0, 0, 0, 0, 0, 10, 0, 10, // header: -1 contours, bbox
            0x00, 0x21, 0, 1, 0, 0, 0, 0, // component glyph 1
            0x00, 0x01, 0, 2, 0, 5, 0, 5, // component glyph 2
        ];
        assert_eq!(components(&composite), Some(vec![1, 2]));
        assert_eq!(components(&[]), Some(vec![]));
        assert_eq!(components(&composite[..14]), None);
    }

    #[test]
    fn cmap_segments_runs_and_ends_with_the_closing_segment() {
        let table = cmap(&[('a', 10), ('b', 11), ('c', 12), ('가', 500), ('𝔸', 7)]);
        // Two encoding records: format 4 for the BMP, format 12 for everything.
        assert_eq!(u16_at(&table, 2), Some(2));
        let f4 = u32_at(&table, 8).unwrap() as usize;
        assert_eq!(u16_at(&table, f4), Some(4));
        // Segments: a–c, 가, and 0xFFFF.
        assert_eq!(u16_at(&table, f4 + 6), Some(6));
        let f12 = u32_at(&table, 16).unwrap() as usize;
        assert_eq!(u16_at(&table, f12), Some(12));
        assert_eq!(u32_at(&table, f12 + 12), Some(3));
        // Thousands of scattered characters: too many segments for format 4, so format 12 alone.
        let scattered: Vec<(char, u16)> = (0..10_000u32)
            .map(|i| (char::from_u32(0x4E00 + 2 * i).unwrap(), (3 * i + 1) as u16))
            .collect();
        let table = cmap(&scattered);
        assert_eq!(u16_at(&table, 2), Some(1));
        assert_eq!(&table[4..8], &[0, 3, 0, 10]);
        let f12 = u32_at(&table, 8).unwrap() as usize;
        assert_eq!(u16_at(&table, f12), Some(12));
        assert_eq!(u32_at(&table, f12 + 12), Some(10_000));
        let face = ttf_parser::cmap::Subtable12::parse(&table[f12..]).expect("format 12 parses");
        assert_eq!(
            face.glyph_index(0x4E00 + 2 * 9_999).map(|g| g.0),
            Some(29_998)
        );
    }
}
