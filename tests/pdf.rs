//! PDF output: validity (qpdf), embedded subset fonts (pdffonts), extractable Korean and English
//! text (pdftotext), glyphs inside the page (pdftotext -bbox), byte reproducibility in one
//! process and across processes, a stress document, and clear errors.
//!
//! The inputs are the Markdown of the Coupang example as `disclose render --format md` writes it
//! (`tests/fixtures/pdf/*.md`, regenerate with `cargo run -- render examples/coupang-2025.yaml
//! --as-of 2026-01-01T00:00:00+09:00 --format md --out DIR`).
//!
//! External tools (poppler-utils, qpdf) are skipped with a message when missing, unless
//! `DISCLOSE_REQUIRE_TOOLS` is set, as in CI, where a missing tool fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use disclose::render::pdf::{self, FontSet, PdfError, PdfMeta};

mod common;
#[path = "common/pdf_fixtures.rs"]
mod pdf_fixtures;
use common::tool;
use pdf_fixtures::{FIXTURES, fixture};

fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(FontSet::builtin)
}

fn meta(name: &str) -> PdfMeta {
    let ko = name.contains(".ko.");
    PdfMeta {
        title: if ko {
            "개인정보 유출등에 관한 통지 — 쿠팡 고객 계정 개인정보 유출".into()
        } else {
            "Notification of a Personal Information Breach — Coupang customer account breach".into()
        },
        subject: format!("{name} (CPNG-2025-11)"),
        author: if ko {
            "쿠팡 주식회사".into()
        } else {
            "Coupang Corp.".into()
        },
        language: if ko { "ko-KR" } else { "en-US" }.into(),
        keywords: vec![
            "CPNG-2025-11".into(),
            name.split('.').next().unwrap_or("").into(),
        ],
        document_id: format!("CPNG-2025-11/{name}"),
        provenance_hash: "sha256:3fc5e42b424a9f97941e789d8164d67768a683cb68d78fd9c501359835717a5a"
            .into(),
        // 2026-01-01T00:00:00+09:00
        // Letters and public notices carry no hash in their footer.
        footer_hash: !name.contains("notice"),
        provenance: "disclose test\nincident sha256:3fc5e42b".into(),
        created: 1_767_193_200,
        watermark: None,
        attachments: Vec::new(),
    }
}

fn render(name: &str) -> Vec<u8> {
    pdf::render(&fixture(name), &meta(name), fonts()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the PDF");
    path
}

fn run(tool: &Path, args: &[&str], file: &Path) -> (bool, String) {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", tool.display()));
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn pdftotext(file: &Path) -> Option<String> {
    let t = tool("pdftotext")?;
    let out = Command::new(t)
        .args(["-enc", "UTF-8"])
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        file.display()
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn qpdf_check(file: &Path) {
    let Some(qpdf) = tool("qpdf") else { return };
    let (ok, out) = run(&qpdf, &["--check"], file);
    assert!(ok, "qpdf --check {}:\n{out}", file.display());
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "qpdf --check {}:\n{out}",
        file.display()
    );
    assert!(
        !out.contains("WARNING"),
        "qpdf --check {}:\n{out}",
        file.display()
    );
}

/// Every font embedded and subset (`XXXXXX+Name`).
fn pdffonts_check(file: &Path) {
    let Some(pdffonts) = tool("pdffonts") else {
        return;
    };
    let (ok, out) = run(&pdffonts, &[], file);
    assert!(ok, "pdffonts {}:\n{out}", file.display());
    let fonts: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!fonts.is_empty(), "no fonts in {}:\n{out}", file.display());
    for line in fonts {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let name = cols[0];
        let tag = name.split('+').next().unwrap_or("");
        assert!(
            name.contains('+') && tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "font not subset-tagged: {line}"
        );
        // name, type (2 words: "CID TrueType"), encoding, emb, sub, uni, object ID
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni: {line}"
        );
    }
}

/// Every word box from `pdftotext -bbox` inside the page.
fn bbox_check(file: &Path) -> Option<usize> {
    let t = tool("pdftotext")?;
    let out = Command::new(t)
        .arg("-bbox")
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext -bbox runs");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let start = tag.find(&key).map(|i| i + key.len()).expect("attribute");
        let end = tag[start..].find('"').expect("quote") + start;
        tag[start..end].parse().expect("number")
    };
    let mut words = 0;
    let (mut pw, mut ph) = (0.0, 0.0);
    for tag in html.split('<').skip(1) {
        if tag.starts_with("page ") {
            pw = attr(tag, "width");
            ph = attr(tag, "height");
        } else if tag.starts_with("word ") {
            words += 1;
            let (x0, y0, x1, y1) = (
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            );
            assert!(
                x0 >= 0.0 && y0 >= 0.0 && x1 <= pw && y1 <= ph,
                "word outside the {pw}×{ph} page: <{tag}"
            );
        }
    }
    Some(words)
}

#[test]
fn every_report_passes_qpdf_and_has_embedded_subset_fonts() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in FIXTURES {
        let bytes = render(name);
        assert!(bytes.starts_with(b"%PDF-1.7\n"), "{name}: header");
        assert!(bytes.len() < 400_000, "{name}: {} bytes", bytes.len());
        let file = write_temp(&dir, &format!("{name}.pdf"), &bytes);
        qpdf_check(&file);
        pdffonts_check(&file);
        if let Some(words) = bbox_check(&file) {
            assert!(words > 100, "{name}: only {words} words");
        }
    }
}

#[test]
fn statutory_items_extract_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let expect: [(&str, &[&str]); 4] = [
        (
            "subject_notice.ko.md",
            &[
                "개인정보 유출등에 관한 통지",
                "1. 유출등이 된 개인정보의 항목",
                "2. 유출등이 된 시점과 그 경위",
                "3. 유출등으로 인하여 발생할 수 있는 피해를 최소화하기 위하여 귀하께서 하실 수 있는 방법",
                "4. 회사의 대응조치 및 피해 구제절차",
                "5. 피해가 발생한 경우 신고 등을 접수할 수 있는 담당부서 및 연락처",
                "공동현관 비밀번호 (2,609개 계정)",
                "「개인정보 보호법」 제34조제1항",
                "쿠팡 주식회사",
            ],
        ),
        (
            "subject_notice.en.md",
            &[
                "Notification of a Personal Information Breach",
                "1. The items of your personal information that were breached",
                "2. When and how the breach occurred",
                "3. What you can do to minimise the damage the breach may cause",
                "4. Our countermeasures and the remedy procedure",
                "5. Where to report damage: department and contact details",
            ],
        ),
        (
            "regulator_notification.ko.md",
            &[
                "1. 신고인: 기관명, 담당부서, 담당자 및 연락처",
                "2. 유출등이 된 개인정보의 항목 및 규모",
                "6. 정보주체에 대한 통지 여부 및 통지 일시",
                "7. 유출등을 알게 된 때",
            ],
        ),
        (
            "audit_report.ko.md",
            &[
                "개인정보 유출등 사고 대응 감사 보고서",
                "기한 도과",
                "1조 2,300억 원",
            ],
        ),
    ];
    for (name, phrases) in expect {
        let file = write_temp(&dir, &format!("{name}.pdf"), &render(name));
        let Some(text) = pdftotext(&file) else { return };
        let text = squash(&text);
        for p in phrases {
            assert!(
                text.contains(p),
                "{name}: {p:?} not in the extracted text:\n{text}"
            );
        }
        // The running header and the footer.
        assert!(text.contains("CPNG-2025-11/"), "{name}: footer document id");
        // pdftotext may drop the narrow spaces around the slash of "1 / 3".
        assert!(
            text.contains("1 / ") || text.contains(" 1/"),
            "{name}: page numbers"
        );
        // The footer of a filing or the audit report shows the provenance hash; a letter's
        // footer shows only the document id.
        assert_eq!(
            text.contains("sha256:3fc5e42b424a"),
            !name.contains("notice"),
            "{name}: provenance hash in the footer"
        );
    }
}

#[test]
fn metadata_and_pdfa_parts() {
    let name = "subject_notice.ko.md";
    let bytes = render(name);
    let raw = String::from_utf8_lossy(&bytes);
    for needle in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<rdf:li>ko-KR</rdf:li>",
        "<xmp:CreateDate>2025-12-31T15:00:00+00:00</xmp:CreateDate>",
        "<disclose:DocumentId>CPNG-2025-11/subject_notice.ko.md</disclose:DocumentId>",
        // A letter keeps its provenance in the metadata, not on the page.
        "<disclose:ProvenanceHash>sha256:3fc5e42b424a9f97941e789d8164d67768a683cb68d78fd9c501359835717a5a</disclose:ProvenanceHash>",
        "<disclose:Provenance>disclose test incident sha256:3fc5e42b</disclose:Provenance>",
    ] {
        assert!(raw.contains(needle), "{needle} missing");
    }
    // The catalog is in an object stream: read it with lopdf.
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF");
    let catalog = doc.catalog().expect("catalog");
    let intents = catalog
        .get(b"OutputIntents")
        .and_then(|o| o.as_array())
        .expect("OutputIntents");
    let intent = intents[0].as_dict().expect("an output intent dictionary");
    assert_eq!(
        intent.get(b"S").and_then(|s| s.as_name()).ok(),
        Some(b"GTS_PDFA1".as_slice())
    );
    let profile = intent
        .get(b"DestOutputProfile")
        .and_then(|r| r.as_reference())
        .expect("DestOutputProfile");
    let mut profile = doc
        .get_object(profile)
        .and_then(|o| o.as_stream())
        .expect("profile")
        .clone();
    let _ = profile.decompress();
    assert_eq!(&profile.content[36..40], b"acsp", "an ICC profile");
    assert!(
        catalog
            .get(b"Metadata")
            .and_then(|r| r.as_reference())
            .is_ok()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write_temp(&dir, "meta.pdf", &bytes);
    let Some(pdfinfo) = tool("pdfinfo") else {
        return;
    };
    let (ok, out) = run(&pdfinfo, &["-isodates"], &file);
    assert!(ok, "{out}");
    for needle in [
        "Title:           개인정보 유출등에 관한 통지 — 쿠팡 고객 계정 개인정보 유출",
        "Author:          쿠팡 주식회사",
        "Subject:         subject_notice.ko.md (CPNG-2025-11)",
        "Keywords:        CPNG-2025-11, subject_notice",
        "CreationDate:    2025-12-31T15:00:00Z",
        "ModDate:         2025-12-31T15:00:00Z",
        "Page size:       595.276 x 841.89 pts (A4)",
        "PDF version:     1.7",
        "Encrypted:       no",
    ] {
        assert!(out.contains(needle), "pdfinfo: {needle:?} missing:\n{out}");
    }
    let (ok, out) = run(&pdfinfo, &["-meta"], &file);
    assert!(ok && out.contains("pdfaid:part"), "pdfinfo -meta:\n{out}");
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let a = render("audit_report.ko.md");
    let b = render("audit_report.ko.md");
    assert!(a == b, "two renders in one process differ");
    // A different input gives a different file identifier.
    let c = render("audit_report.en.md");
    let id = |bytes: &[u8]| {
        let s = String::from_utf8_lossy(bytes);
        let i = s.rfind("/ID").expect("trailer /ID");
        s[i..i + 80].to_string()
    };
    assert_ne!(id(&a), id(&c));
}

/// Helper for the cross-process test: renders into the file named by `DISCLOSE_PDF_CHILD_OUT`
/// when run as a child; does nothing otherwise.
#[test]
fn child_render_to_file() {
    if let Some(out) = std::env::var_os("DISCLOSE_PDF_CHILD_OUT") {
        std::fs::write(out, render("subject_notice.ko.md")).expect("write");
    }
}

#[test]
fn rendering_in_another_process_gives_identical_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("child.pdf");
    let status = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "child_render_to_file", "--test-threads=1"])
        .env("DISCLOSE_PDF_CHILD_OUT", &out)
        .output()
        .expect("run the child");
    assert!(status.status.success(), "{status:?}");
    let child = std::fs::read(&out).expect("the child wrote the PDF");
    // This process has rendered other documents before (or not): it must not matter.
    let _ = render("public_notice.en.md");
    assert!(
        child == render("subject_notice.ko.md"),
        "the child's PDF differs"
    );
}

fn stress_markdown() -> String {
    let mut md = String::from("# 스트레스 문서 Stress document\n\n");
    // A 300-character word without spaces: Hangul, Latin and digits.
    let word: String = "가나다라마바사아자차카타파하abcdefghij0123456789"
        .chars()
        .cycle()
        .take(300)
        .collect();
    assert_eq!(word.chars().count(), 300);
    md.push_str(&format!("{word}\n\n"));
    md.push_str(&format!("**{word}**\n\n"));
    // Empty sections.
    md.push_str("## 빈 절 Empty section\n\n## 3. \n\n### \n\n#### Another empty one\n\n");
    // Mixed Hangul, Latin and digits.
    for i in 0..20 {
        md.push_str(&format!(
            "개인정보 {i}건 유출 (33,673,817개 계정) — Personal data of 33,673,817 accounts, 2025년 11월 {i}일 22:52 KST, SHA-256 3fc5e42b424a9f97941e789d8164d67768a683cb68d78fd9c501359835717a5a. *기울임* `code {i}` ~~취소선~~ [링크](https://example.com/{i}/{word})\n\n"
        ));
    }
    md.push_str("- 단계 1\n  - 단계 2\n    - 단계 3\n      - 단계 4\n\n> 인용 quote\n> > 중첩 nested\n\n---\n\n");
    // A table with a 300-character cell and a 5,000-row table.
    md.push_str(&format!(
        "| 구분 | 내용 |\n|---|---|\n| 긴 낱말 | {word} |\n\n"
    ));
    md.push_str("| 번호 | 항목 | 규모 | 비고 |\n|---:|---|--:|:-:|\n");
    for i in 0..5000 {
        md.push_str(&format!(
            "| {i} | 항목 {i} item | {} 개 계정 | {} |\n",
            i * 1234,
            if i % 7 == 0 {
                "비고가 조금 더 긴 행 with a longer note"
            } else {
                ""
            }
        ));
    }
    md.push_str("\n## 끝 End\n");
    md
}

#[test]
fn stress_document_renders_with_every_glyph_on_the_page() {
    let md = stress_markdown();
    let mut m = meta("stress.ko.md");
    m.watermark = Some("초안 DRAFT".into());
    let bytes = pdf::render(&md, &m, fonts()).expect("the stress document renders");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write_temp(&dir, "stress.pdf", &bytes);
    qpdf_check(&file);
    pdffonts_check(&file);
    if let Some(words) = bbox_check(&file) {
        assert!(words > 20_000, "{words} words");
    }
    if let Some(text) = pdftotext(&file) {
        let text = squash(&text);
        assert!(text.contains("항목 4999 item"), "the last row is there");
        assert!(text.contains("끝 End"));
    }
}

#[test]
fn layout_keeps_every_run_inside_the_page() {
    let pages =
        pdf::layout_pages(&stress_markdown(), &meta("stress.ko.md"), fonts()).expect("layout");
    assert!(pages.len() > 50);
    for page in &pages {
        for t in &page.texts {
            if t.angle == 0.0 {
                assert!(t.x >= 0.0 && t.x + t.width <= 595.276 - 50.0, "{t:?}");
                assert!(t.baseline > 20.0 && t.baseline < 841.89 - 20.0, "{t:?}");
            }
        }
    }
}

#[test]
fn a_character_the_font_lacks_is_a_clear_error() {
    // A private-use character of plane 16: no font has it, bundled or installed.
    let err = pdf::render(
        "# 제목\n\n웃음 \u{10FFFD} 표시\n",
        &meta("x.ko.md"),
        fonts(),
    )
    .expect_err("no font has U+10FFFD");
    assert!(
        matches!(
            err,
            PdfError::MissingGlyph {
                ch: '\u{10FFFD}',
                ..
            }
        ),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.starts_with("no font has a glyph for U+10FFFD (\u{10FFFD}) in \u{201c}"),
        "{msg}"
    );
    assert!(
        msg.contains("(tried NanumGothic, Noto Sans Regular, Noto Sans Symbols2 Regular"),
        "{msg}"
    );
    assert!(msg.ends_with(": use a font that covers it (--font) or remove the character"));
    // Also in metadata that is printed (the running header).
    let mut m = meta("x.ko.md");
    m.author = "회사 \u{10FFFC}".into();
    let err = pdf::render("text", &m, fonts()).expect_err("no font has U+10FFFC");
    assert!(err.to_string().contains("U+10FFFC"), "{err}");
}

#[test]
fn empty_and_hostile_inputs_do_not_panic() {
    for md in [
        "",
        "\n\n\n",
        "#",
        "|a|\n|-|\n",
        "|a|b|\n|-|-|\n|1|2|3|4|\n",
        "> \n>\n",
        "- \n- \n",
        "1.\n2.\n",
        "<div>raw html</div>\n\n<script>alert(1)</script>",
        "text\u{0}with\u{7}controls\tand\ttabs",
        "![image](http://example.com/x.png)",
        "```\ncode block\n  indented\n```\n",
    ] {
        let bytes =
            pdf::render(md, &meta("x.en.md"), fonts()).unwrap_or_else(|e| panic!("{md:?}: {e}"));
        assert!(bytes.starts_with(b"%PDF-"));
    }
}

#[test]
fn a_company_font_without_bold_uses_synthetic_bold() {
    let regular = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/NanumGothic.ttf");
    let set = FontSet::from_files(&regular, None).expect("the font loads");
    let bytes =
        pdf::render(&fixture("subject_notice.ko.md"), &meta("x.ko.md"), &set).expect("renders");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write_temp(&dir, "company.pdf", &bytes);
    qpdf_check(&file);
    pdffonts_check(&file);
    // A file that is not a font is an error naming the file.
    let not_font = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let err = FontSet::from_files(&regular, Some(&not_font)).expect_err("not a font");
    assert!(err.to_string().contains("Cargo.toml"), "{err}");
    let err = FontSet::from_files(Path::new("/nonexistent.ttf"), None).expect_err("missing");
    assert!(err.to_string().contains("/nonexistent.ttf"), "{err}");
}

/// Writes every fixture's PDF (and the stress document) into `$DISCLOSE_PDF_DUMP`, for looking at
/// the pages (`pdftoppm -png -r 60`): `DISCLOSE_PDF_DUMP=/tmp/pdf cargo test --test pdf dump`.
#[test]
fn dump_pdfs_for_review() {
    let Some(dir) = std::env::var_os("DISCLOSE_PDF_DUMP") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create the dump directory");
    for name in FIXTURES {
        std::fs::write(dir.join(name.replace(".md", ".pdf")), render(name)).expect("write");
    }
    let mut m = meta("stress.ko.md");
    m.watermark = Some("초안 DRAFT".into());
    let stress = pdf::render(&stress_markdown(), &m, fonts()).expect("stress");
    std::fs::write(dir.join("stress.pdf"), stress).expect("write");
}

/// The Markdown the templates produce today (drafts, so the draft block quote is there), rendered
/// with a watermark: every character is in the font, and every file is valid.
#[test]
fn live_draft_markdown_renders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(root)
        .args([
            "render",
            "examples/coupang-2025.yaml",
            "--as-of",
            "2026-01-01T00:00:00+09:00",
            "--format",
            "md",
            "--draft",
            "--color",
            "never",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .expect("run disclose");
    // Every report written; exit 1 as `check`, because the example misses deadlines.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rendered = 0;
    for entry in walk(dir.path()) {
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with(".md") {
            continue;
        }
        let markdown = std::fs::read_to_string(&entry).expect("read");
        let mut m = meta(&name);
        m.watermark = Some(
            if name.contains(".ko.") {
                "초안 DRAFT"
            } else {
                "DRAFT"
            }
            .into(),
        );
        let bytes = pdf::render(&markdown, &m, fonts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let file = write_temp(&dir, &format!("{name}.pdf"), &bytes);
        qpdf_check(&file);
        bbox_check(&file);
        if let Some(dump) = std::env::var_os("DISCLOSE_PDF_DUMP") {
            let _ = std::fs::create_dir_all(&dump);
            let _ = std::fs::copy(&file, Path::new(&dump).join(format!("draft.{name}.pdf")));
        }
        rendered += 1;
    }
    assert!(rendered >= 8, "{rendered} Markdown files");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn deep_nesting_is_flattened_not_a_stack_overflow() {
    let quotes = format!("{} deep\n", ">".repeat(5000));
    let lists: String = (0..2000)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    for md in [quotes, lists] {
        let bytes = pdf::render(&md, &meta("x.en.md"), fonts()).expect("renders");
        assert!(bytes.starts_with(b"%PDF-"));
    }
}

/// Names from GDPR filings: Polish, Turkish, Greek, Cyrillic, a decomposed accent (NFD, as macOS
/// copy-and-paste gives) and a check mark, in regular and bold, in a Korean and an English
/// document. They are drawn with the bundled Noto Sans fallback where NanumGothic lacks them.
const EUROPEAN: &str = "# Łódź İzmir Σωκράτης\n\n\
    Zażółć gęślą jaźń. İstanbul'da ağaç, şeker, ılık. Σωκράτης Παπαδόπουλος. Пётр Ильич. \
    Rene\u{301}e Mu\u{308}ller ✓ 개인정보\n\n\
    - **Łódź İğş Ελλάδα Renée**\n\n\
    | name | city |\n|---|---|\n| Dvořák | Kraków |\n";

#[test]
fn polish_greek_turkish_and_decomposed_text_render_and_extract() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["scripts.ko.md", "scripts.en.md"] {
        let mut m = meta(name);
        m.author = "Spółka Łódź".into();
        let bytes = pdf::render(EUROPEAN, &m, fonts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let file = write_temp(&dir, &format!("{name}.pdf"), &bytes);
        qpdf_check(&file);
        pdffonts_check(&file);
        if let Some(pdffonts) = tool("pdffonts") {
            let (_, out) = run(&pdffonts, &[], &file);
            for font in [
                "+NanumGothic ",
                "+NanumGothicBold ",
                "+NotoSans-Regular ",
                "+NotoSans-Bold ",
                "+NotoSansSymbols2-Regular ",
            ] {
                assert!(out.contains(font), "{font} missing:\n{out}");
            }
        }
        let Some(text) = pdftotext(&file) else {
            continue;
        };
        let text = squash(&text);
        for want in [
            "Zażółć gęślą jaźń.",
            "İstanbul'da ağaç, şeker, ılık.",
            "Σωκράτης Παπαδόπουλος.",
            "Пётр Ильич.",
            // Composed before layout: one character each, as extracted.
            "Renée Müller ✓ 개인정보",
            "Łódź İğş Ελλάδα Renée",
            "Dvořák",
            "Kraków",
            "Spółka Łódź",
        ] {
            assert!(text.contains(want), "{want:?} not in {name}:\n{text}");
        }
        assert!(
            !text.contains('\u{301}') && !text.contains('\u{308}'),
            "{text}"
        );
        bbox_check(&file);
    }
}

#[test]
fn fallback_fonts_keep_documents_small() {
    // A Korean notice with a few European names: the fallback adds only the glyphs drawn.
    let plain = render("subject_notice.ko.md");
    let with_names = pdf::render(
        &format!(
            "{}\n\nŁódź İğş Σωκράτης ✓\n",
            fixture("subject_notice.ko.md")
        ),
        &meta("subject_notice.ko.md"),
        fonts(),
    )
    .expect("renders");
    assert!(
        with_names.len() < plain.len() + 12_000,
        "{} bytes with the names, {} without",
        with_names.len(),
        plain.len()
    );
}

#[test]
fn characters_no_bundled_font_has_come_from_the_system_fonts_given() {
    // A company font with Latin letters only (the bundled Noto Sans cut): Korean is then
    // found in a "system" folder that holds NanumGothic.
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
    let latin = FontSet::from_files(&assets.join("NotoSans-Fallback.ttf"), None).expect("loads");
    let text = "# Notice 안내\n\nŁódź 개인정보\n";
    let none = latin.with_fonts_from(text, &[]);
    assert!(none.system_fonts().is_empty());
    assert_eq!(
        none.uncovered(text.chars()),
        "안내개인정보".chars().collect()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(assets.join("NanumGothic.ttf"), dir.path().join("Nanum.ttf")).expect("copy");
    let set = latin.with_fonts_from(text, &[dir.path().to_path_buf()]);
    assert_eq!(
        set.system_fonts(),
        vec![("NanumGothic".to_string(), dir.path().join("Nanum.ttf"))]
    );
    let bytes = pdf::render(text, &meta("x.en.md"), &set).expect("renders with the system font");
    let file = write_temp(&dir, "system.pdf", &bytes);
    qpdf_check(&file);
    pdffonts_check(&file);
    if let Some(text) = pdftotext(&file) {
        assert!(squash(&text).contains("Łódź 개인정보"), "{text}");
    }
}

#[test]
fn a_cff_company_font_is_refused_with_a_clear_error() {
    let otf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/tiny-cff.otf");
    let err = FontSet::from_files(&otf, None).expect_err("CFF is refused");
    assert_eq!(
        err.to_string(),
        format!(
            "font {}: has PostScript (CFF) outlines, which disclose cannot subset; use the TrueType (.ttf, glyf outlines) version of the font",
            otf.display()
        )
    );
}
