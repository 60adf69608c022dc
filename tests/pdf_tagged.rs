//! Tagged PDF (PDF/UA-1), PDF/A-2a/3a and the audit report's attached sources (issue 18).
//!
//! No veraPDF here, so two independent readings: poppler's `pdfinfo -struct-text` must print
//! the structure tree with every heading, paragraph, list item and table cell's text in the
//! order of the Markdown's blocks; and a structural checker of our own, reading the files with
//! lopdf, checks the rules that need no validator: every piece of content is in a marked-content
//! sequence of a structure element (an MCID the structure tree and the parent tree both name)
//! or an artifact, every page has `/StructParents`, every table has header cells with a scope,
//! the catalogue has `/MarkInfo`, `/Lang`, `/ViewerPreferences /DisplayDocTitle` and a title,
//! the XMP names the PDF/A part and conformance and PDF/UA-1, and every font has a ToUnicode
//! map. The attachments are listed and extracted with `pdfdetach` and compared byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use assert_cmd::cargo::CommandCargoExt;
use disclose::render::pdf::markdown::{Block, Inline, parse};
use disclose::render::pdf::{self, FontSet, PdfMeta};
use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

mod common;
#[path = "common/pdf_fixtures.rs"]
mod pdf_fixtures;
use common::tool;
use pdf_fixtures::{FIXTURES, fixture};

fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(FontSet::builtin)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn render(name: &str, draft: bool) -> Vec<u8> {
    let ko = name.contains(".ko.");
    let meta = PdfMeta {
        title: format!("{name} title"),
        subject: name.into(),
        author: if ko {
            "쿠팡 주식회사"
        } else {
            "Coupang Corp."
        }
        .into(),
        language: if ko { "ko-KR" } else { "en-US" }.into(),
        document_id: format!("CPNG-2025-11/{name}"),
        provenance_hash: "sha256:3fc5e42b".into(),
        footer_hash: true,
        created: 1_767_193_200,
        watermark: draft.then(|| "초안 DRAFT".into()),
        ..PdfMeta::default()
    };
    pdf::render(&fixture(name), &meta, fonts()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------------
// The reading text: the Markdown's blocks against `pdfinfo -struct-text`.

/// A leaf of the reading order: a structure type and its text.
type Leaf = (String, String);

fn inline_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t, _) => t.as_str(),
            Inline::Break => "",
        })
        .collect()
}

/// The leaves the Markdown's blocks should give, in order (list markers are checked by count).
fn expected(blocks: &[Block], out: &mut Vec<Leaf>) {
    for b in blocks {
        match b {
            Block::Heading(level, t) => out.push((format!("H{}", level.min(&6)), inline_text(t))),
            Block::Paragraph(t) => out.push(("P".into(), inline_text(t))),
            Block::Code(lines) => out.push(("P".into(), lines.concat())),
            Block::Rule => {}
            Block::Quote(inner) => expected(inner, out),
            Block::List(_, items) => {
                for item in items {
                    out.push(("Lbl".into(), String::new()));
                    match item.as_slice() {
                        // A one-paragraph item's text is the LBody's own.
                        [Block::Paragraph(t)] => out.push(("LBody".into(), inline_text(t))),
                        _ => expected(item, out),
                    }
                }
            }
            Block::Table(t) => {
                let ncols = t.columns();
                let mut row = |cells: &[Vec<Inline>], role: &str| {
                    for c in 0..ncols {
                        let text = cells.get(c).map(|c| inline_text(c)).unwrap_or_default();
                        out.push((role.into(), text));
                    }
                };
                if !t.head.is_empty() {
                    row(&t.head, "TH");
                }
                for r in &t.rows {
                    row(r, "TD");
                }
            }
        }
    }
    out.retain(|(role, text)| {
        role == "Lbl" || role == "TH" || role == "TD" || !squash(text).is_empty()
    });
}

/// The leaves `pdfinfo -struct-text` prints: each leaf element with the text of its subtree.
fn struct_leaves(printed: &str) -> Vec<Leaf> {
    const LEAVES: [&str; 11] = [
        "H1", "H2", "H3", "H4", "H5", "H6", "P", "Lbl", "LBody", "TH", "TD",
    ];
    let mut out: Vec<Leaf> = Vec::new();
    // (indent, index into out) of the open leaf.
    let mut open: Option<(usize, usize)> = None;
    for line in printed.lines() {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim();
        if let Some((at, _)) = open
            && indent <= at
        {
            open = None;
        }
        if let Some(text) = body.strip_prefix('"').and_then(|b| b.strip_suffix('"')) {
            if let Some((_, i)) = open {
                out[i].1.push_str(text);
            }
            continue;
        }
        // An LBody holding elements rather than text is not a leaf: its children are.
        if let Some((at, i)) = open
            && out[i].0 == "LBody"
            && indent > at
            && !body.starts_with('/')
        {
            if out[i].1.is_empty() {
                out.remove(i);
            }
            open = None;
        }
        // `P (block)`, `TD`, `TH:` (followed by its attributes).
        let role = body
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(':');
        if open.is_none() && LEAVES.contains(&role) {
            out.push((role.to_string(), String::new()));
            open = Some((indent, out.len() - 1));
        }
    }
    out
}

#[test]
fn the_structure_tree_reads_like_the_markdown_for_every_report() {
    let Some(pdfinfo) = tool("pdfinfo") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for name in FIXTURES {
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, render(name, true)).expect("write");
        let out = Command::new(&pdfinfo)
            .arg("-struct-text")
            .arg(&path)
            .output()
            .expect("pdfinfo runs");
        assert!(out.status.success(), "{name}");
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(printed.starts_with("Document"), "{name}:\n{printed}");
        let got = struct_leaves(&printed);
        let mut want = Vec::new();
        expected(&parse(&fixture(name)), &mut want);
        let roles = |v: &[Leaf]| v.iter().map(|l| l.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            roles(&got),
            roles(&want),
            "{name}: structure types in order"
        );
        for (g, w) in got.iter().zip(&want) {
            if g.0 != "Lbl" {
                assert_eq!(squash(&g.1), squash(&w.1), "{name}: a {} differs", g.0);
            } else {
                assert!(!g.1.trim().is_empty(), "{name}: an empty list marker");
            }
        }
        // The running header, footer, page numbers and watermark are not in the reading text.
        assert!(
            !printed.contains("초안 DRAFT"),
            "{name}: the watermark is tagged"
        );
        assert!(!printed.contains(" / "), "{name}: a page number is tagged");
    }
}

// ---------------------------------------------------------------------------------------------
// The structural checker.

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a lopdf::Dictionary {
    match o {
        Object::Reference(id) => doc
            .get_object(*id)
            .and_then(Object::as_dict)
            .expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name_of(d: &lopdf::Dictionary, key: &[u8]) -> Option<String> {
    d.get(key)
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

/// What the structure tree says: (page, MCID) → the element's object id, and the elements'
/// types with their attributes, walked from the root.
struct Tree {
    owners: BTreeMap<(ObjectId, i64), ObjectId>,
    roles: Vec<(ObjectId, String)>,
    tables_without_th: usize,
    th_without_scope: usize,
}

fn walk(
    doc: &Document,
    id: ObjectId,
    page: Option<ObjectId>,
    tree: &mut Tree,
    in_table: &mut Vec<bool>,
) {
    let d = doc
        .get_object(id)
        .and_then(Object::as_dict)
        .expect("a StructElem");
    let role = name_of(d, b"S").expect("/S");
    let page = d
        .get(b"Pg")
        .ok()
        .and_then(|p| p.as_reference().ok())
        .or(page);
    tree.roles.push((id, role.clone()));
    if role == "Table" {
        in_table.push(false);
    }
    if role == "TH" {
        if let Some(t) = in_table.last_mut() {
            *t = true;
        }
        let scoped = d
            .get(b"A")
            .ok()
            .map(|a| dict(doc, a))
            .and_then(|a| name_of(a, b"Scope"))
            .is_some();
        if !scoped {
            tree.th_without_scope += 1;
        }
    }
    let kids: Vec<Object> = match d.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(o) => vec![o.clone()],
        Err(_) => Vec::new(),
    };
    for k in kids {
        match k {
            Object::Integer(mcid) => {
                let pg = page.expect("an MCID kid needs a /Pg");
                assert!(
                    tree.owners.insert((pg, mcid), id).is_none(),
                    "MCID {mcid} is claimed twice"
                );
            }
            Object::Reference(child) => walk(doc, child, page, tree, in_table),
            Object::Dictionary(mcr) => {
                assert_eq!(name_of(&mcr, b"Type").as_deref(), Some("MCR"));
                let pg = mcr
                    .get(b"Pg")
                    .and_then(Object::as_reference)
                    .expect("MCR /Pg");
                let mcid = mcr
                    .get(b"MCID")
                    .and_then(Object::as_i64)
                    .expect("MCR /MCID");
                assert!(tree.owners.insert((pg, mcid), id).is_none());
            }
            other => panic!("unexpected kid {other:?}"),
        }
    }
    if role == "Table" && in_table.pop() == Some(false) {
        tree.tables_without_th += 1;
    }
}

const SHOW: [&str; 4] = ["Tj", "TJ", "'", "\""];
const PAINT: [&str; 10] = ["f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do"];

/// Checks one PDF; `part` is the PDF/A part it must declare. Returns the number of tagged
/// marked-content sequences.
fn check_structure(bytes: &[u8], label: &str, part: u8) -> usize {
    let doc = Document::load_mem(bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
    let catalog = doc.catalog().expect("catalogue");
    let marked = catalog
        .get(b"MarkInfo")
        .map(|m| dict(&doc, m))
        .and_then(|m| m.get(b"Marked"))
        .and_then(Object::as_bool);
    assert_eq!(marked.ok(), Some(true), "{label}: /MarkInfo /Marked true");
    assert!(catalog.get(b"Lang").is_ok(), "{label}: /Lang");
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").expect("prefs"));
    assert_eq!(
        prefs.get(b"DisplayDocTitle").and_then(Object::as_bool).ok(),
        Some(true),
        "{label}"
    );
    let info = dict(&doc, doc.trailer.get(b"Info").expect("/Info"));
    assert!(
        matches!(info.get(b"Title"), Ok(Object::String(t, _)) if !t.is_empty()),
        "{label}: a title"
    );

    // XMP: PDF/A part and conformance, PDF/UA-1.
    let md = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .expect("XMP");
    let xmp = String::from_utf8_lossy(&md.content);
    for want in [
        format!("<pdfaid:part>{part}</pdfaid:part>"),
        "<pdfaid:conformance>A</pdfaid:conformance>".into(),
        "<pdfuaid:part>1</pdfuaid:part>".into(),
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>".into(),
    ] {
        assert!(xmp.contains(&want), "{label}: the XMP lacks {want}");
    }

    // The structure tree and the parent tree.
    let st = dict(
        &doc,
        catalog.get(b"StructTreeRoot").expect("StructTreeRoot"),
    );
    let mut tree = Tree {
        owners: BTreeMap::new(),
        roles: Vec::new(),
        tables_without_th: 0,
        th_without_scope: 0,
    };
    let top = st
        .get(b"K")
        .and_then(Object::as_reference)
        .expect("root kid");
    walk(&doc, top, None, &mut tree, &mut Vec::new());
    assert_eq!(tree.roles[0].1, "Document", "{label}");
    assert_eq!(
        tree.tables_without_th, 0,
        "{label}: a table without header cells"
    );
    assert_eq!(
        tree.th_without_scope, 0,
        "{label}: a header cell without a scope"
    );
    let parent_tree = dict(&doc, st.get(b"ParentTree").expect("ParentTree"));
    let nums = parent_tree
        .get(b"Nums")
        .and_then(Object::as_array)
        .expect("/Nums");
    let mut parents: BTreeMap<i64, Vec<ObjectId>> = BTreeMap::new();
    for pair in nums.chunks(2) {
        let key = pair[0].as_i64().expect("key");
        let refs = pair[1]
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r.as_reference().expect("ref"))
            .collect();
        parents.insert(key, refs);
    }

    // Every page: /StructParents, and every piece of content tagged or an artifact.
    let mut tagged = 0;
    let mut seen: BTreeSet<(ObjectId, i64)> = BTreeSet::new();
    for (n, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).expect("page");
        let sp = page
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .unwrap_or_else(|_| panic!("{label}: page {n} has no /StructParents"));
        let owners = parents.get(&sp).expect("a parent tree entry per page");
        let content = Content::decode(&doc.get_page_content(page_id)).expect("content parses");
        // The open marked-content sequences: Some(MCID) for a tagged one, None for an artifact.
        let mut stack: Vec<Option<i64>> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let tag = op.operands[0].as_name().expect("tag");
                    let mcid = match op.operands.get(1) {
                        Some(Object::Dictionary(p)) => p.get(b"MCID").and_then(Object::as_i64).ok(),
                        _ => None,
                    };
                    if tag == b"Artifact" {
                        stack.push(None);
                        continue;
                    }
                    let mcid = mcid.unwrap_or_else(|| {
                        panic!("{label}: /{} without an MCID", String::from_utf8_lossy(tag))
                    });
                    assert!(stack.is_empty(), "{label}: nested tagged content");
                    let owner = tree.owners.get(&(page_id, mcid)).unwrap_or_else(|| {
                        panic!("{label}: page {n} MCID {mcid} is in no element")
                    });
                    assert_eq!(
                        owners.get(mcid as usize),
                        Some(owner),
                        "{label}: the parent tree disagrees on page {n} MCID {mcid}"
                    );
                    let role = &tree
                        .roles
                        .iter()
                        .find(|(id, _)| id == owner)
                        .expect("role")
                        .1;
                    assert_eq!(
                        role.as_bytes(),
                        tag,
                        "{label}: the content's tag is its element's type"
                    );
                    assert!(
                        seen.insert((page_id, mcid)),
                        "{label}: MCID {mcid} used twice"
                    );
                    tagged += 1;
                    stack.push(Some(mcid));
                }
                "EMC" => {
                    stack.pop().expect("EMC without BMC/BDC");
                }
                o if SHOW.contains(&o) || PAINT.contains(&o) => {
                    assert!(
                        !stack.is_empty(),
                        "{label}: page {n}: `{o}` outside any marked content"
                    );
                }
                _ => {}
            }
        }
        assert!(stack.is_empty(), "{label}: unbalanced marked content");
        assert_eq!(
            owners.len(),
            seen.iter().filter(|(p, _)| *p == page_id).count(),
            "{label}: page {n}: parent tree entries without content"
        );
    }
    assert_eq!(
        seen.len(),
        tree.owners.len(),
        "{label}: the structure tree names MCIDs that are not in the content"
    );

    // Every font has a ToUnicode map.
    for (_, o) in doc.objects.iter() {
        if let Object::Dictionary(d) = o
            && name_of(d, b"Type").as_deref() == Some("Font")
            && name_of(d, b"Subtype").as_deref() != Some("CIDFontType2")
            && name_of(d, b"Subtype").as_deref() != Some("CIDFontType0")
        {
            assert!(
                d.get(b"ToUnicode").is_ok(),
                "{label}: a font without ToUnicode"
            );
        }
    }
    tagged
}

#[test]
fn every_report_passes_the_structural_checker() {
    for name in FIXTURES {
        for draft in [false, true] {
            let n = check_structure(&render(name, draft), name, 2);
            assert!(n > 10, "{name}: {n} tagged sequences");
        }
    }
}

#[test]
fn english_names_in_korean_documents_carry_their_language() {
    let doc = Document::load_mem(&render("public_notice.ko.md", false)).expect("PDF");
    let mut english = 0;
    for page in doc.get_pages().into_values() {
        let content = Content::decode(&doc.get_page_content(page)).expect("ops");
        for op in &content.operations {
            if op.operator == "BDC"
                && let Some(Object::Dictionary(p)) = op.operands.get(1)
                && let Ok(Object::String(lang, _)) = p.get(b"Lang")
            {
                assert_eq!(lang, b"en");
                english += 1;
            }
        }
    }
    assert!(
        english > 0,
        "no span marked English in the Korean public notice"
    );
}

/// The checker is not vacuous: content outside marked content and a table without header cells
/// are caught.
#[test]
#[should_panic(expected = "outside any marked content")]
fn the_checker_catches_untagged_content() {
    let mut doc = Document::load_mem(&render("public_notice.en.md", false)).expect("PDF");
    let page = *doc.get_pages().values().next().expect("a page");
    let mut content = Content::decode(&doc.get_page_content(page)).expect("ops");
    // Drop the first marked-content pair: its text is then untagged.
    let begin = content
        .operations
        .iter()
        .position(|o| o.operator == "BDC")
        .expect("BDC");
    let end = begin
        + content.operations[begin..]
            .iter()
            .position(|o| o.operator == "EMC")
            .expect("EMC");
    content.operations.remove(end);
    content.operations.remove(begin);
    doc.change_page_content(page, content.encode().expect("encode"))
        .expect("change");
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    check_structure(&out, "tampered", 2);
}

// ---------------------------------------------------------------------------------------------
// The rendered examples and the audit report's attachments.

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

const AS_OF: &str = "2026-01-01T00:00:00+09:00";

fn render_example(example: &Path, out: &Path, extra: &[&str]) -> Vec<PathBuf> {
    let status = disclose()
        .args([
            "render", "--format", "pdf", "--draft", "--as-of", AS_OF, "--out",
        ])
        .arg(out)
        .args(extra)
        .arg(example)
        .output()
        .expect("disclose runs");
    assert!(
        status.status.code().is_some_and(|c| c == 0 || c == 1),
        "{}: {}",
        example.display(),
        String::from_utf8_lossy(&status.stderr)
    );
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

fn detach_names(pdf: &Path) -> Vec<String> {
    let Some(pdfdetach) = tool("pdfdetach") else {
        return Vec::new();
    };
    let out = Command::new(pdfdetach)
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfdetach");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(": ").map(|(_, n)| n.to_string()))
        .collect()
}

#[test]
fn every_rendered_example_is_tagged_and_the_audit_report_carries_its_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut audits = 0;
    for example in [
        "coupang-2025.yaml",
        "misdirected-email.yaml",
        "multi-jurisdiction.yaml",
    ] {
        let path = root().join("examples").join(example);
        let out = dir.path().join(example);
        let files = render_example(&path, &out, &[]);
        assert!(!files.is_empty(), "{example}: no PDF");
        for f in &files {
            let bytes = std::fs::read(f).expect("read");
            let audit = f.to_string_lossy().contains("audit_report");
            let label = f.display().to_string();
            check_structure(&bytes, &label, if audit { 3 } else { 2 });
            if let Some(pdfinfo) = tool("pdfinfo") {
                let info = Command::new(&pdfinfo).arg(f).output().expect("pdfinfo");
                assert!(
                    String::from_utf8_lossy(&info.stdout).contains("Tagged:          yes"),
                    "{label}"
                );
            }
            if tool("pdfdetach").is_none() {
                continue;
            }
            let names = detach_names(f);
            if !audit {
                assert!(
                    names.is_empty(),
                    "{label}: a letter or filing carries attachments"
                );
                continue;
            }
            audits += 1;
            assert!(names.contains(&example.to_string()), "{label}: {names:?}");
            assert!(
                names.contains(&"check.json".to_string()),
                "{label}: {names:?}"
            );
            // Extracted, every file is byte-identical to its source.
            let x = tempfile::tempdir().expect("temp dir");
            let ok = Command::new(tool("pdfdetach").expect("pdfdetach"))
                .arg("-saveall")
                .arg("-o")
                .arg(x.path())
                .arg(f)
                .status()
                .expect("pdfdetach");
            assert!(ok.success());
            assert_eq!(
                std::fs::read(x.path().join(example)).expect("incident"),
                std::fs::read(&path).expect("example"),
                "{label}: the incident file"
            );
            let check = disclose()
                .args(["check", "--format", "json", "--as-of", AS_OF])
                .arg(&path)
                .output()
                .expect("check runs");
            assert_eq!(
                std::fs::read(x.path().join("check.json")).expect("check.json"),
                check.stdout,
                "{label}: the check JSON"
            );
            let mut policies = 0;
            for name in names.iter().filter(|n| *n != example && *n != "check.json") {
                let extracted = std::fs::read(x.path().join(name)).expect("policy");
                // The file of that name, or `<id>-<name>` when two policies share a file name.
                let same = walkdir::WalkDir::new(root().join("policies"))
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| {
                        let f = e.file_name().to_string_lossy().into_owned();
                        *name == f || name.ends_with(&format!("-{f}"))
                    })
                    .any(|e| std::fs::read(e.path()).is_ok_and(|b| b == extracted));
                assert!(
                    same,
                    "{label}: {name} is not byte-identical to a policy file"
                );
                policies += 1;
            }
            assert!(policies > 0, "{label}: no policy attached");
            // Exactly the policies whose conditions were read: not those decided by what they
            // cover alone (their one fact is `covers`), which check.json records.
            let json: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
            let read = json["policies"]
                .as_array()
                .expect("policies")
                .iter()
                .filter(|p| {
                    let facts = p["facts"].as_array().expect("facts");
                    !(facts.len() == 1 && facts[0]["path"] == "covers")
                })
                .count();
            assert_eq!(policies, read, "{label}: the policies attached");
        }
    }
    if tool("pdfdetach").is_some() {
        assert!(audits >= 3, "{audits} audit reports checked");
    }
}

#[test]
fn attach_sources_options_add_and_remove_the_attachments() {
    if tool("pdfdetach").is_none() {
        return;
    }
    let example = root().join("examples/misdirected-email.yaml");
    let dir = tempfile::tempdir().expect("temp dir");
    let all = render_example(&example, &dir.path().join("all"), &["--attach-sources"]);
    assert!(!all.is_empty());
    for f in &all {
        assert!(
            !detach_names(f).is_empty(),
            "{}: --attach-sources",
            f.display()
        );
        check_structure(
            &std::fs::read(f).expect("read"),
            &f.display().to_string(),
            3,
        );
    }
    let none = render_example(&example, &dir.path().join("none"), &["--no-attach-sources"]);
    for f in &none {
        assert!(
            detach_names(f).is_empty(),
            "{}: --no-attach-sources",
            f.display()
        );
        check_structure(
            &std::fs::read(f).expect("read"),
            &f.display().to_string(),
            2,
        );
    }
}
