//! Removing TrueType hinting from the subset font programs printpdf embeds.
//!
//! NanumGothic carries bytecode hinting in every glyph; in a subset of a Korean report it is
//! about 40 % of the `glyf` table, and half of it once compressed. PDF viewers rasterise at
//! high resolution and most ignore TrueType hinting anyway, so, as `fonttools subset
//! --no-hinting` does, this drops the `fpgm`, `prep` and `cvt ` tables and the instructions of
//! every glyph, and writes the font again (long `loca`, recomputed checksums). Outlines,
//! advance widths, `cmap` and `name` are kept unchanged. Anything unexpected leaves the font
//! as it was.

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
    data.chunks(4).fold(0u32, |acc, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        acc.wrapping_add(u32::from_be_bytes(w))
    })
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
        let mut at = 10;
        let mut had_instructions = false;
        loop {
            let flags = u16_at(&out, at)?;
            if flags & 0x0100 != 0 {
                had_instructions = true;
                let cleared = (flags & !0x0100).to_be_bytes();
                out[at] = cleared[0];
                out[at + 1] = cleared[1];
            }
            let mut size = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            if flags & 0x0008 != 0 {
                size += 2;
            } else if flags & 0x0040 != 0 {
                size += 4;
            } else if flags & 0x0080 != 0 {
                size += 8;
            }
            at += size;
            if at > out.len() {
                return None;
            }
            if flags & 0x0020 == 0 {
                break;
            }
        }
        if had_instructions {
            out.truncate(at);
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

/// The font without instructions and without the tables `drop`, with the short `loca` format
/// when the glyphs fit in it.
fn rewrite(font: &[u8], drop: &[&[u8; 4]]) -> Option<Vec<u8>> {
    if u32_at(font, 0)? != 0x0001_0000 {
        return None;
    }
    let num_tables = u16_at(font, 4)? as usize;
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(num_tables);
    for i in 0..num_tables {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        let data = font.get(off..off.checked_add(len)?)?.to_vec();
        tables.push((tag, data));
    }
    let find = |tag: &[u8; 4]| tables.iter().position(|(t, _)| t == tag);
    let head_i = find(b"head")?;
    let maxp_i = find(b"maxp")?;
    let loca_i = find(b"loca")?;
    let glyf_i = find(b"glyf")?;
    let long_loca = u16_at(&tables[head_i].1, 50)? != 0;
    let num_glyphs = u16_at(&tables[maxp_i].1, 4)? as usize;
    let loca = &tables[loca_i].1;
    let offset = |i: usize| -> Option<usize> {
        if long_loca {
            u32_at(loca, 4 * i).map(|v| v as usize)
        } else {
            u16_at(loca, 2 * i).map(|v| 2 * v as usize)
        }
    };
    let glyf = &tables[glyf_i].1;
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut offsets = Vec::with_capacity(num_glyphs + 1);
    for i in 0..num_glyphs {
        let (a, b) = (offset(i)?, offset(i + 1)?);
        let g = glyf.get(a..b)?;
        offsets.push(new_glyf.len());
        new_glyf.extend_from_slice(&strip_glyph(g)?);
        // Even offsets, as the short format requires.
        if new_glyf.len() % 2 != 0 {
            new_glyf.push(0);
        }
    }
    offsets.push(new_glyf.len());
    // The short format stores offset / 2 in 16 bits.
    let short = new_glyf.len() < 2 * 0x1_0000;
    let new_loca: Vec<u8> = if short {
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
    tables[glyf_i].1 = new_glyf;
    tables[loca_i].1 = new_loca;
    // head: loca format, checksum adjustment zeroed until the whole font is summed.
    let head = &mut tables[head_i].1;
    head.get_mut(50..52)?
        .copy_from_slice(&u16::from(!short).to_be_bytes());
    head.get_mut(8..12)?.copy_from_slice(&[0, 0, 0, 0]);
    // maxp 1.0: no instructions left.
    let maxp = &mut tables[maxp_i].1;
    if maxp.len() >= 32 {
        maxp[26..28].copy_from_slice(&0u16.to_be_bytes());
    }
    tables.retain(|(t, _)| !drop.contains(&t));
    tables.sort_by_key(|a| a.0);

    let n = tables.len();
    let mut search_range = 1usize;
    let mut selector = 0u16;
    while search_range * 2 <= n {
        search_range *= 2;
        selector += 1;
    }
    let mut out = Vec::with_capacity(font.len());
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
}
