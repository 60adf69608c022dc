//! `disclose render`: the report files, their content, escaping, reproducibility, and the HTML
//! in a real browser.

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;

mod common;
use common::tool;

const COUPANG_AS_OF: &str = "2026-01-01T00:00:00+09:00";
const LATER_AS_OF: &str = "2026-11-28T00:00:00+09:00";

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn render(incident: &str, as_of: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    disclose()
        .args(["render", incident, "--as-of", as_of, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("run disclose")
}

/// [`render`], asserting its exit code (with its standard error in the message).
fn rendered(incident: &str, as_of: &str, out: &Path, extra: &[&str], code: i32) {
    let output = render(incident, as_of, out, extra);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The exit code `check` gives the same incident at the same time: `render` exits the same way
/// (0 in order, 1 when something is missed).
fn check_code(incident: &str, as_of: &str) -> Option<i32> {
    disclose()
        .args(["check", incident, "--as-of", as_of])
        .output()
        .expect("run disclose")
        .status
        .code()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(dir);
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn names(dir: &Path) -> Vec<String> {
    files_under(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect()
}

#[test]
fn reports_for_each_example_match_their_snapshots() {
    for (example, as_of) in [
        ("coupang-2025", COUPANG_AS_OF),
        ("misdirected-email", LATER_AS_OF),
        ("multi-jurisdiction", LATER_AS_OF),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = format!("examples/{example}.yaml");
        let out = render(&file, as_of, dir.path(), &[]);
        assert_eq!(
            out.status.code(),
            check_code(&file, as_of),
            "{example}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let files = names(dir.path());
        assert!(
            files.iter().any(|f| f.ends_with("audit_report.ko.md")),
            "{files:?}"
        );
        assert!(
            files.iter().any(|f| f.ends_with("audit_report.en.html")),
            "{files:?}"
        );
        for f in files.iter().filter(|f| f.ends_with(".md")) {
            let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
            let name = format!(
                "{example}__{}",
                Path::new(f).file_name().unwrap().to_string_lossy()
            );
            insta::assert_snapshot!(name, text);
        }
        insta::assert_snapshot!(format!("{example}__files"), files.join("\n"));
    }
}

#[test]
fn the_reference_example_produces_all_four_reports_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let out = render("examples/coupang-2025.yaml", COUPANG_AS_OF, dir.path(), &[]);
    // Rendered in full; exit 1 as `check`, because the Coupang example misses deadlines.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = names(dir.path());
    for report in [
        "regulator_notification",
        "subject_notice",
        "public_notice",
        "audit_report",
    ] {
        for lang in ["ko", "en"] {
            for ext in ["md", "html"] {
                let f = format!("CPNG-2025-11/{report}.{lang}.{ext}");
                assert!(files.contains(&f), "{f} missing from {files:?}");
            }
        }
    }
}

#[test]
fn the_korean_subject_notice_has_the_five_statutory_items_with_coupang_data() {
    let dir = tempfile::tempdir().unwrap();
    render(
        "examples/coupang-2025.yaml",
        COUPANG_AS_OF,
        dir.path(),
        &[
            "--report",
            "subject_notice",
            "--lang",
            "ko",
            "--format",
            "md",
        ],
    );
    let md = std::fs::read_to_string(dir.path().join("CPNG-2025-11/subject_notice.ko.md")).unwrap();
    // 1. every leaked item, separately
    for item in [
        "이름",
        "이메일 주소",
        "전화번호",
        "주소",
        "주문 내역",
        "공동현관 비밀번호",
    ] {
        assert!(md.contains(item), "item {item} missing:\n{md}");
    }
    // 2. when and how
    assert!(
        md.contains("2025년 6월 24일") && md.contains("인증 서명키"),
        "{md}"
    );
    // 3. what the subject can do
    assert!(
        md.contains(
            "관리사무소 등에 출입번호 변경을 요청하시고, 배송지 주소록에서 출입번호를 삭제하여 주시기 바랍니다"
        ),
        "{md}"
    );
    // 4. countermeasures and remedy procedure
    assert!(
        md.contains("악용된 인증 서명키를 폐기") && md.contains("1833-6972"),
        "{md}"
    );
    // 5. contact department
    assert!(
        md.contains("개인정보 유출 전담 고객센터") && md.contains("1577-0000"),
        "{md}"
    );
    // statutory term, never "exposure"; no "etc." for the items
    assert!(md.contains("유출") && !md.contains("노출"), "{md}");
}

#[test]
fn two_runs_give_identical_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for d in [&a, &b] {
        let out = render(
            "examples/multi-jurisdiction.yaml",
            LATER_AS_OF,
            d.path(),
            &[],
        );
        assert_eq!(out.status.code(), Some(1));
    }
    let (fa, fb) = (files_under(a.path()), files_under(b.path()));
    assert_eq!(fa.len(), fb.len());
    assert!(!fa.is_empty());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{} differs",
            x.display()
        );
    }
    // SOURCE_DATE_EPOCH gives the same result as the equivalent --as-of
    let c = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("disclose")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", "1764255600") // 2025-11-27T15:00:00Z = 2025-11-28T00:00:00+09:00
        .args(["render", "examples/misdirected-email.yaml", "--out"])
        .arg(c.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A run that asks for one report parses only that report's templates and their partials
/// (issue 19): each report rendered alone is byte-identical to the same report of the full set.
#[test]
fn each_report_rendered_alone_equals_the_same_report_of_the_full_set() {
    let all = tempfile::tempdir().unwrap();
    rendered(
        "examples/multi-jurisdiction.yaml",
        LATER_AS_OF,
        all.path(),
        &["--format", "md"],
        1,
    );
    let files = files_under(all.path());
    assert!(files.len() >= 6, "{files:?}");
    for file in &files {
        // <id>/<report>.<lang>.md
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let mut parts = name.split('.');
        let (report, lang) = (parts.next().unwrap(), parts.next().unwrap());
        let one = tempfile::tempdir().unwrap();
        let out = render(
            "examples/multi-jurisdiction.yaml",
            LATER_AS_OF,
            one.path(),
            &["--format", "md", "--report", report, "--lang", lang],
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let alone = files_under(one.path());
        assert_eq!(alone.len(), 1, "{name}: {alone:?}");
        assert_eq!(
            std::fs::read(&alone[0]).unwrap(),
            std::fs::read(file).unwrap(),
            "{name} differs when rendered alone"
        );
    }
}

#[test]
fn the_same_file_rendered_from_another_directory_gives_identical_bytes() {
    // The provenance block recorded the incident path as typed, so `examples/x.yaml` from the
    // repository and `x.yaml` from `examples/` gave different reports.
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = render(
        "examples/misdirected-email.yaml",
        LATER_AS_OF,
        a.path(),
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = disclose()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))
        .args([
            "render",
            "./misdirected-email.yaml",
            "--as-of",
            LATER_AS_OF,
            "--out",
        ])
        .arg(b.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (fa, fb) = (files_under(a.path()), files_under(b.path()));
    assert_eq!(fa.len(), fb.len());
    assert!(!fa.is_empty());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{} differs",
            x.display()
        );
    }
    let audit = std::fs::read_to_string(a.path().join("HBB-2026-003/audit_report.en.md")).unwrap();
    assert!(
        audit.contains("- Incident file: misdirected-email.yaml (SHA-256 "),
        "{audit}"
    );
}

const HOSTILE: &str = "<script>alert(1)</script> | # `code` [x](javascript:alert(1)) ![i](http://evil.example/x.png) {{ 6*7 }}x {% if true %}T{% endif %} **b** <b>raw</b> &amp;\n# heading\n- item";

fn hostile_incident() -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/multi-jurisdiction.yaml"),
    )
    .unwrap();
    let q = serde_json::to_string(HOSTILE).unwrap(); // a valid YAML double-quoted scalar
    // Replace every bilingual text value with the hostile string, in both languages.
    let mut out = String::new();
    for line in text.lines() {
        let mut l = line.to_string();
        for key in ["ko: ", "en: "] {
            // the key itself, not the end of a longer key such as `children: `
            let at = l.match_indices(key).map(|(i, _)| i).find(|&i| {
                i == 0
                    || !l.as_bytes()[i - 1].is_ascii_alphanumeric() && l.as_bytes()[i - 1] != b'_'
            });
            if let Some(i) = at {
                let start = i + key.len();
                let rest = &l[start..];
                // the value runs to the next ", en:" or the closing brace, or to the end of line
                let end = rest
                    .find(", en: ")
                    .or_else(|| rest.find(" }"))
                    .unwrap_or(rest.len());
                l = format!("{}{}{}", &l[..start], q, &rest[end..]);
            }
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[test]
fn hostile_text_is_shown_literally_in_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.yaml");
    std::fs::write(&file, hostile_incident()).unwrap();
    let v = disclose().args(["validate"]).arg(&file).output().unwrap();
    assert_eq!(
        v.status.code(),
        Some(0),
        "the hostile incident must be valid: {}",
        String::from_utf8_lossy(&v.stderr)
    );
    let out_dir = dir.path().join("out");
    let out = render(file.to_str().unwrap(), LATER_AS_OF, &out_dir, &[]);
    assert_eq!(
        out.status.code(),
        check_code(file.to_str().unwrap(), LATER_AS_OF),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // every PDF was laid out too (the PDF tests check their text)
    assert!(
        files_under(&out_dir)
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "pdf"))
    );
    let files: Vec<PathBuf> = files_under(&out_dir)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e != "pdf"))
        .collect();
    assert!(files.len() >= 8);
    for f in files {
        let s = std::fs::read_to_string(&f).unwrap();
        let name = f.display();
        assert!(
            !s.contains("42x"),
            "{name}: template syntax in user text was evaluated"
        );
        if f.extension().is_some_and(|e| e == "html") {
            assert!(!s.contains("<script"), "{name}: script tag");
            assert!(!s.contains("<b>raw"), "{name}: raw HTML");
            assert!(!s.contains("href=\"javascript"), "{name}: javascript link");
            assert!(!s.contains("<img"), "{name}: image");
            assert!(
                s.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{name}: text not shown literally"
            );
            assert!(
                s.contains("{{ 6*7 }}x") && s.contains("{% if true %}"),
                "{name}: template text not literal"
            );
            assert!(
                s.contains("[x](javascript:alert(1))"),
                "{name}: link text not literal"
            );
        } else {
            assert!(
                s.contains("\\<script\\>alert(1)\\</script\\>"),
                "{name}: not escaped"
            );
            assert!(
                s.contains("\\{\\{ 6\\*7 \\}\\}x"),
                "{name}: braces not escaped"
            );
            assert!(
                !s.contains("\n# heading"),
                "{name}: user text made a heading"
            );
        }
    }
}

#[test]
fn html_is_standalone_and_makes_no_external_requests() {
    let dir = tempfile::tempdir().unwrap();
    render(
        "examples/coupang-2025.yaml",
        COUPANG_AS_OF,
        dir.path(),
        &["--format", "html"],
    );
    let files = files_under(dir.path());
    assert!(!files.is_empty());
    for f in files {
        let s = std::fs::read_to_string(&f).unwrap();
        let lang = if f.to_string_lossy().contains(".ko.") {
            "ko-KR"
        } else {
            "en-US"
        };
        assert!(
            s.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")),
            "{}",
            f.display()
        );
        assert!(
            s.contains("<title>") && s.contains("name=\"author\"") && s.contains("@page"),
            "{}",
            f.display()
        );
        for bad in ["<link", "<script", "@import", "url(", " src="] {
            assert!(!s.contains(bad), "{}: contains {bad}", f.display());
        }
        // Provenance is for the audit report and the filings to regulators; a letter, a notice
        // or the Form 8-K (published on EDGAR as filed) has none.
        let name = f.to_string_lossy();
        let letter = ["notice.", "communication.", "sec_8k"]
            .iter()
            .any(|n| name.contains(n));
        assert_eq!(
            s.contains("SHA-256") || s.contains("sha256") || s.contains("SHA256"),
            !letter,
            "{}: provenance in a letter, or none in a filing",
            f.display()
        );
    }
}

/// Letters to people and public notices carry no internal material: no hashes, no file paths of
/// the policy repository, no obligation list with internal deadlines, no "does not apply" lines.
/// The audit report carries all of it.
#[test]
fn letters_carry_no_internal_material_and_the_audit_report_does() {
    for (example, as_of) in [
        ("coupang-2025", COUPANG_AS_OF),
        ("misdirected-email", LATER_AS_OF),
        ("multi-jurisdiction", LATER_AS_OF),
    ] {
        let dir = tempfile::tempdir().unwrap();
        render(
            &format!("examples/{example}.yaml"),
            as_of,
            dir.path(),
            &["--format", "md"],
        );
        let files = names(dir.path());
        let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
        let mut letters = 0;
        for f in &files {
            let text = read(f);
            if f.contains("subject_notice.")
                || f.contains("public_notice.")
                || f.contains("us_state_consumer_notice.")
            {
                letters += 1;
                for internal in [
                    "SHA-256",
                    "sha256",
                    "policies/",
                    ".yaml",
                    "disclose ",
                    "문서 생성 정보",
                    "Document information",
                    "does not apply",
                    "적용되지 않음",
                    "obligations this notice serves",
                    "due ",
                    "기한",
                ] {
                    assert!(
                        !text.contains(internal),
                        "{example}/{f} contains {internal:?}:\n{text}"
                    );
                }
            }
            if f.contains("audit_report.") {
                for provenance in [
                    "SHA-256",
                    "policies/",
                    ".yaml",
                    "does not apply",
                    "적용되지 않음",
                ] {
                    let expect = if f.contains(".ko.") {
                        !matches!(provenance, "does not apply")
                    } else {
                        provenance != "적용되지 않음"
                    };
                    assert_eq!(
                        text.contains(provenance),
                        expect,
                        "{example}/{f}: {provenance:?}"
                    );
                }
            }
        }
        assert!(letters > 0, "{example}: no letters in {files:?}");
    }
}

#[test]
fn missing_statutory_content_fails_unless_draft() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/misdirected-email.yaml"),
    )
    .unwrap();
    // drop the guidance for data subjects (PIPA Art. 34(1)3)
    let cut = text.find("subject_guidance:").unwrap();
    let end = text[cut..].find("\nremedy:").unwrap() + cut + 1;
    let file = dir.path().join("incomplete.yaml");
    std::fs::write(&file, format!("{}{}", &text[..cut], &text[end..])).unwrap();
    let out_dir = dir.path().join("out");
    let out = render(file.to_str().unwrap(), LATER_AS_OF, &out_dir, &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`subject_guidance`"), "{err}");
    assert!(
        files_under(&out_dir).is_empty(),
        "no file may be written when the set fails"
    );
    let out = render(file.to_str().unwrap(), LATER_AS_OF, &out_dir, &["--draft"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(out_dir.join("HBB-2026-003/subject_notice.ko.md")).unwrap();
    assert!(md.contains("미기재") && md.contains("MISSING"), "{md}");
}

#[test]
fn company_templates_override_built_ins_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl/en");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(
        tpl.join("audit_report.md.tera"),
        "# Custom audit for {{ org }}\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    rendered(
        "examples/misdirected-email.yaml",
        LATER_AS_OF,
        &out_dir,
        &[
            "--templates",
            dir.path().join("tpl").to_str().unwrap(),
            "--format",
            "md",
        ],
        0,
    );
    let custom = std::fs::read_to_string(out_dir.join("HBB-2026-003/audit_report.en.md")).unwrap();
    assert!(
        custom.starts_with("# Custom audit for Hanbit Books"),
        "{custom}"
    );
    let builtin = std::fs::read_to_string(out_dir.join("HBB-2026-003/audit_report.ko.md")).unwrap();
    assert!(!builtin.contains("Custom audit"));
}

#[test]
fn chromium_loads_each_html_report_without_console_errors_and_prints_korean() {
    let (Some(chromium), Some(pdftotext)) = (tool("chromium"), tool("pdftotext")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = render(
        "examples/coupang-2025.yaml",
        COUPANG_AS_OF,
        dir.path(),
        &["--format", "html"],
    );
    // Written in full; the exit code is `check`'s (the example has missed deadlines).
    assert_eq!(
        out.status.code(),
        check_code("examples/coupang-2025.yaml", COUPANG_AS_OF)
    );
    for f in files_under(dir.path()) {
        let profile = tempfile::tempdir().unwrap();
        let pdf = f.with_extension("pdf");
        let url = format!("file://{}", f.display());
        let run = Std::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg("--no-pdf-header-footer")
            .arg(&url)
            .output()
            .expect("run chromium");
        let log = String::from_utf8_lossy(&run.stderr);
        let console_errors: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("CONSOLE") && (l.contains("ERROR") || l.contains("error")))
            .collect();
        assert!(
            console_errors.is_empty(),
            "{}: console errors:\n{}",
            f.display(),
            console_errors.join("\n")
        );
        assert!(
            pdf.is_file(),
            "{}: chromium printed no PDF\n{log}",
            f.display()
        );
        let text = Std::new(&pdftotext).arg(&pdf).arg("-").output().unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        if f.to_string_lossy().contains(".ko.") {
            assert!(
                text.contains("쿠팡") && text.contains("개인정보"),
                "{}: Korean text missing from the printed PDF:\n{text}",
                f.display()
            );
        } else {
            assert!(
                text.contains("Coupang"),
                "{}: text missing from the printed PDF",
                f.display()
            );
        }
    }
}

/// PIPA 2026 Art. 34(2): when only records (not persons) were counted, the notice goes to every
/// data subject possibly affected and says so, citing Decree Art. 39-2. The templates find that
/// obligation by its policy and rule id (`kr-pipa-*` / `notify-possible-breach`), not by wording.
#[test]
fn a_possible_breach_notice_says_so_and_cites_decree_39_2() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string("examples/misdirected-email.yaml").unwrap();
    assert!(example.contains("  counted_as: persons\n"));
    let records = dir.path().join("records.yaml");
    std::fs::write(
        &records,
        example.replace("  counted_as: persons\n", "  counted_as: records\n"),
    )
    .unwrap();
    let as_of = "2026-10-20T00:00:00+09:00";
    for (incident, out, possible) in [
        (records.as_path(), dir.path().join("records"), true),
        (
            Path::new("examples/misdirected-email.yaml"),
            dir.path().join("persons"),
            false,
        ),
    ] {
        let run = render(incident.to_str().unwrap(), as_of, &out, &["--format", "md"]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let id = files_under(&out)[0]
            .strip_prefix(&out)
            .unwrap()
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_owned();
        let ko = std::fs::read_to_string(out.join(&id).join("subject_notice.ko.md")).unwrap();
        let en = std::fs::read_to_string(out.join(&id).join("subject_notice.en.md")).unwrap();
        assert_eq!(ko.contains("가능성이 있음을 알게 되어"), possible, "{ko}");
        assert_eq!(ko.contains("시행령 제39조의2"), possible, "{ko}");
        assert_eq!(
            en.contains("may have been involved in a breach"),
            possible,
            "{en}"
        );
        assert_eq!(
            en.contains("Enforcement Decree Article 39-2"),
            possible,
            "{en}"
        );
    }
}

/// A letter is dated and signed: `--date` sets the notice date, printed in the reader's form,
/// above the sender block (organisation, representative, address); a date that is not a date is
/// refused with exit 2 and nothing written.
#[test]
fn notices_carry_the_notice_date_and_the_sender_block() {
    let dir = tempfile::tempdir().unwrap();
    rendered(
        "examples/multi-jurisdiction.yaml",
        LATER_AS_OF,
        dir.path(),
        &["--format", "md", "--date", "2026-11-06"],
        1,
    );
    let read = |f: &str| std::fs::read_to_string(dir.path().join("HBG-2026-11").join(f)).unwrap();
    let en = read("subject_notice.en.md");
    assert!(en.contains("6 November 2026"), "{en}");
    assert!(en.contains("Doyun Lee, Chief Executive Officer"), "{en}");
    assert!(en.contains("000 Pangyo-ro"), "{en}");
    let ko = read("subject_notice.ko.md");
    assert!(ko.contains("2026년 11월 6일"), "{ko}");
    assert!(ko.contains("대표이사 이도윤"), "{ko}");
    let us = read("us_state_consumer_notice.en.md");
    assert!(us.contains("November 6, 2026"), "{us}");
    let bad = tempfile::tempdir().unwrap();
    let out = render(
        "examples/multi-jurisdiction.yaml",
        LATER_AS_OF,
        bad.path(),
        &["--date", "6 Nov"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date `6 Nov` is not a date"));
    assert!(files_under(bad.path()).is_empty());
}

/// A purely domestic Korean incident needs no English: it renders in Korean (by default and
/// with `--lang ko`); asking for English by name, or a law outside Korea applying, names the
/// reports and the fields that need English text, with exit 2 and nothing written.
#[test]
fn a_korean_only_incident_renders_in_korean_and_english_names_the_missing_fields() {
    let fixture = "tests/fixtures/ko-only.yaml";
    for extra in [&[][..], &["--lang", "ko"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["--format", "md"];
        args.extend_from_slice(extra);
        let out = render(fixture, LATER_AS_OF, dir.path(), &args);
        assert_eq!(
            out.status.code(),
            check_code(fixture, LATER_AS_OF),
            "{extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let files = names(dir.path());
        assert!(
            files.contains(&"HBB-2026-003-KO/subject_notice.ko.md".to_string()),
            "{files:?}"
        );
        assert!(files.iter().all(|f| f.contains(".ko.")), "{files:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = render(fixture, LATER_AS_OF, dir.path(), &["--lang", "ko,en"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the English subject_notice, audit_report need English text")
            && err.contains("`title`")
            && err.contains("`cause.description`")
            && err.contains("`subject_guidance[0]`"),
        "{err}"
    );
    assert!(files_under(dir.path()).is_empty());
    // German residents bring in the GDPR, whose filing is English: English is needed.
    let text = std::fs::read_to_string(fixture)
        .unwrap()
        .replace("    KR: 12\n", "    KR: 10\n    DE: 2\n");
    let file = dir.path().join("ko-de.yaml");
    std::fs::write(&file, text).unwrap();
    let out = render(
        file.to_str().unwrap(),
        LATER_AS_OF,
        &dir.path().join("out"),
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gdpr_art33_notification") && err.contains("a law outside Korea applies: EU"),
        "{err}"
    );
}

/// The U.S. consumer notice is a U.S. letter: one letter per group of states with the same
/// content rules, each with California's model-form title and five headings in order, the date
/// of the notice in the U.S. form, times in the state's zone with UTC, only the items that
/// concern U.S. residents, and each state's own items (California: whether law enforcement
/// delayed the notice, and, where a Social Security number was exposed, the credit reporting
/// agencies and the identity theft offer; New York: the state and federal agencies).
#[test]
fn the_us_letter_follows_the_model_form_and_each_states_content() {
    let dir = tempfile::tempdir().unwrap();
    rendered(
        "examples/multi-jurisdiction.yaml",
        LATER_AS_OF,
        dir.path(),
        &["--format", "md"],
        1,
    );
    let us = std::fs::read_to_string(
        dir.path()
            .join("HBG-2026-11/us_state_consumer_notice.en.md"),
    )
    .unwrap();
    let letters: Vec<&str> = us.split("\n---\n").collect();
    assert_eq!(
        letters.len(),
        2,
        "one letter for California, one for New York:\n{us}"
    );
    let headings = [
        "# Notice of Data Breach",
        "## What Happened",
        "## What Information Was Involved",
        "## What We Are Doing",
        "## What You Can Do",
        "## For More Information",
    ];
    for l in &letters {
        let mut at = 0;
        for h in headings {
            let i = l[at..]
                .find(h)
                .unwrap_or_else(|| panic!("{h} missing or out of order:\n{l}"));
            at += i + h.len();
        }
        assert!(
            l.contains("November 5, 2026"),
            "the date of the notice:\n{l}"
        );
        // Times in the state's zone and in UTC, never only in the incident's zone.
        let happened =
            &l[l.find("## What Happened").unwrap()..l.find("## What Information").unwrap()];
        assert!(
            happened.contains("UTC)") && !happened.contains("KST"),
            "{happened}"
        );
        assert!(!l.contains("SHA-256") && !l.contains("due "), "{l}");
    }
    let (ca, ny) = (letters[0], letters[1]);
    assert!(
        ca.contains("who live in California") && ca.contains("PDT"),
        "{ca}"
    );
    assert!(
        ca.contains("This notice was not delayed by a law enforcement investigation."),
        "{ca}"
    );
    assert!(
        !ca.contains("Equifax"),
        "no Social Security number: no CRA contacts in California:\n{ca}"
    );
    assert!(
        ny.contains("who live in New York") && ny.contains(" ET"),
        "{ny}"
    );
    for agency in ["1-800-771-7755", "1-800-697-1220", "1-877-438-4338"] {
        assert!(ny.contains(agency), "New York's agencies ({agency}):\n{ny}");
    }

    // A Korean registration number concerns Korea only; a Social Security number of California
    // residents brings in the credit reporting agencies and the identity theft offer.
    let text = std::fs::read_to_string("examples/multi-jurisdiction.yaml")
        .unwrap()
        .replace(
            "    - { category: name, subjects: 137800 }\n",
            "    - { category: name, subjects: 137800 }\n    - { category: resident_registration_number, subjects: 1000 }\n    - { category: social_security_number, subjects: 50, jurisdictions: [US-CA] }\n",
        )
        .replace(
            "  law_enforcement_delay: false   # no law enforcement agency asked for a delay\n",
            "  law_enforcement_delay: false\n  identity_theft_services: { provider: { ko: 예시 서비스, en: Example Monitoring Inc. }, months: 24, how_to_enroll: { ko: 코드 ABC, en: \"Enrol at example.invalid with code ABC by March 31, 2027.\" } }\n",
        );
    // Advice to use a Korean service is for people in Korea.
    let text = text.replace(
        "subject_guidance:\n",
        "subject_guidance:\n  - { ko: 명의도용 방지서비스(M-Safer)에 가입하십시오., en: Sign up for M-Safer., jurisdictions: [KR] }\n",
    );
    assert!(
        text.contains("social_security_number")
            && text.contains("Example Monitoring")
            && text.contains("M-Safer")
    );
    let file = dir.path().join("ssn.yaml");
    std::fs::write(&file, text).unwrap();
    let out_dir = dir.path().join("ssn");
    rendered(
        file.to_str().unwrap(),
        LATER_AS_OF,
        &out_dir,
        &["--format", "md"],
        1,
    );
    let us = std::fs::read_to_string(out_dir.join("HBG-2026-11/us_state_consumer_notice.en.md"))
        .unwrap();
    let ko = std::fs::read_to_string(out_dir.join("HBG-2026-11/subject_notice.ko.md")).unwrap();
    assert!(!us.contains("Resident registration number"), "{us}");
    assert!(
        ko.contains("주민등록번호") && ko.contains("M-Safer"),
        "{ko}"
    );
    assert!(!us.contains("M-Safer"), "{us}");
    let ca = us.split("\n---\n").next().unwrap();
    assert!(ca.contains("Social Security number"), "{ca}");
    for cra in [
        "Equifax: 1-800-685-1111",
        "P.O. Box 105788, Atlanta, GA 30348",
        "Experian",
        "TransUnion",
    ] {
        assert!(ca.contains(cra), "{cra}:\n{ca}");
    }
    assert!(ca.contains("24 months of identity theft prevention and mitigation services from Example Monitoring Inc."), "{ca}");
}

/// The audit report shows an expired certification as no control, and each deadline with its
/// law.
#[test]
fn the_audit_report_flags_an_expired_certification_and_names_the_law_of_each_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/multi-jurisdiction.yaml")
        .unwrap()
        .replace("valid_until: 2027-03-31", "valid_until: 2026-01-31");
    assert!(text.contains("valid_until: 2026-01-31"));
    let file = dir.path().join("expired.yaml");
    std::fs::write(&file, text).unwrap();
    let out_dir = dir.path().join("out");
    render(
        file.to_str().unwrap(),
        LATER_AS_OF,
        &out_dir,
        &["--report", "audit_report", "--format", "md"],
    );
    let en = std::fs::read_to_string(out_dir.join("HBG-2026-11/audit_report.en.md")).unwrap();
    assert!(
        en.contains("- ISO/IEC 27001: valid until 31 January 2026. **Expired before the breach was discovered**"),
        "{en}"
    );
    assert!(
        en.contains("| No. | Law | Obligation | Due |") && en.contains("| GDPR | "),
        "{en}"
    );
    let ko = std::fs::read_to_string(out_dir.join("HBG-2026-11/audit_report.ko.md")).unwrap();
    assert!(ko.contains("**유출등을 알게 된 때 이전에 만료**"), "{ko}");
}
