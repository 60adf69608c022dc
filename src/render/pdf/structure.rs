//! Writing the structure tree (tagged PDF) into the lopdf document printpdf built: one
//! `/StructElem` per kept element of [`super::tags::StructTree`], its kids in reading order
//! (marked-content ids on the element's own page as integers, on other pages as marked-content
//! references), the parent tree that maps each page's MCIDs back to their elements, the pages'
//! `/StructParents` and `/Tabs /S`, and the catalogue's `/StructTreeRoot` and `/MarkInfo`.
//!
//! Attributes are the ones PDF/UA-1 asks for and a reader can use: `/Scope /Column` on header
//! cells, `/ListNumbering` on lists. The parent tree is one flat number tree (a report has a few
//! dozen pages at most), written as direct arrays inside it.

use lopdf::{Dictionary, Object, ObjectId};

use super::PdfError;
use super::emit::Marks;
use super::tags::{Kid, Role, StructTree};

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// Adds the structure tree of `tree` to `doc`, whose pages carry the marked content `marks`
/// (one per page, in page order).
pub fn write(
    doc: &mut lopdf::Document,
    tree: &StructTree,
    marks: &[Marks],
) -> Result<(), PdfError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != marks.len() {
        return Err(PdfError::Pdf(format!(
            "{} pages but marked content for {}",
            pages.len(),
            marks.len()
        )));
    }
    // Where each run was shown: (page, MCID) pairs by run id.
    let mut shown: Vec<Vec<(usize, u32)>> = vec![Vec::new(); tree.run_count() as usize];
    for (p, m) in marks.iter().enumerate() {
        for &(run, mcid) in &m.runs {
            if let Some(v) = shown.get_mut(run as usize) {
                v.push((p, mcid));
            }
        }
    }
    let kept = tree.kept();
    let root_id = doc.new_object_id();
    let ids: Vec<Option<ObjectId>> = kept
        .iter()
        .map(|k| k.then(|| doc.new_object_id()))
        .collect();
    let id_of =
        |e: usize| ids[e].ok_or_else(|| PdfError::Pdf("a structure element has no object".into()));

    for (i, e) in tree.elements.iter().enumerate() {
        let Some(own) = ids[i] else { continue };
        // Kids: elements, and the (page, MCID) of each run, without repeats.
        let mut content: Vec<(usize, u32)> = Vec::new();
        let mut kids: Vec<Result<ObjectId, (usize, u32)>> = Vec::new();
        for k in &e.kids {
            match *k {
                Kid::Element(c) => {
                    if let Some(id) = ids[c] {
                        kids.push(Ok(id));
                    }
                }
                Kid::Run(r) => {
                    for &pm in shown.get(r as usize).map(Vec::as_slice).unwrap_or(&[]) {
                        if !content.contains(&pm) {
                            content.push(pm);
                            kids.push(Err(pm));
                        }
                    }
                }
            }
        }
        let page = content.first().map(|(p, _)| *p);
        let mut d = Dictionary::new();
        // `/Type /StructElem` is optional (ISO 32000-1, table 323) and left out: a report has a
        // thousand elements.
        d.set("S", name(e.role.name()));
        d.set(
            "P",
            Object::Reference(if i == StructTree::ROOT {
                root_id
            } else {
                id_of(e.parent)?
            }),
        );
        if let Some(p) = page {
            d.set("Pg", Object::Reference(pages[p]));
        }
        let k: Vec<Object> = kids
            .into_iter()
            .map(|k| match k {
                Ok(id) => Object::Reference(id),
                Err((p, mcid)) if Some(p) == page => Object::Integer(mcid.into()),
                Err((p, mcid)) => {
                    let mut r = Dictionary::new();
                    r.set("Type", name("MCR"));
                    r.set("Pg", Object::Reference(pages[p]));
                    r.set("MCID", Object::Integer(mcid.into()));
                    Object::Dictionary(r)
                }
            })
            .collect();
        // One kid is written as itself, more as an array.
        match <[Object; 1]>::try_from(k) {
            Ok([one]) => d.set("K", one),
            Err(k) if !k.is_empty() => d.set("K", Object::Array(k)),
            Err(_) => {}
        }
        match e.role {
            Role::TH => {
                let mut a = Dictionary::new();
                a.set("O", name("Table"));
                a.set("Scope", name("Column"));
                d.set("A", Object::Dictionary(a));
            }
            Role::L(numbered) => {
                let mut a = Dictionary::new();
                a.set("O", name("List"));
                a.set(
                    "ListNumbering",
                    name(if numbered { "Decimal" } else { "Disc" }),
                );
                d.set("A", Object::Dictionary(a));
            }
            _ => {}
        }
        doc.objects.insert(own, Object::Dictionary(d));
    }

    // The parent tree: page i's array gives the element of each MCID.
    let mut nums = Vec::with_capacity(marks.len() * 2);
    for (p, m) in marks.iter().enumerate() {
        let owners = m
            .owners
            .iter()
            .map(|&e| id_of(e).map(Object::Reference))
            .collect::<Result<Vec<_>, _>>()?;
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(owners));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree_id = doc.add_object(Object::Dictionary(parent_tree));

    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Reference(id_of(StructTree::ROOT)?));
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set("ParentTreeNextKey", Object::Integer(marks.len() as i64));
    doc.objects.insert(root_id, Object::Dictionary(root));

    for (p, id) in pages.iter().enumerate() {
        let page = doc
            .get_object_mut(*id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| PdfError::Pdf(format!("a page is not a dictionary: {e}")))?;
        page.set("StructParents", Object::Integer(p as i64));
        page.set("Tabs", name("S"));
    }
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Pdf(format!("the document has no catalogue: {e}")))?;
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError::Pdf(format!("the document has no catalogue: {e}")))?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    Ok(())
}
