//! Text the PDF fonts cannot show, end to end: `validate` and `check` warn (the character, its
//! field, the `--font` fix), `render` refuses and writes nothing; European names and decomposed
//! accents render. System fonts are switched off (`DISCLOSE_FONT_DIRS=`) so that the results do
//! not depend on the fonts of the machine.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const EMAIL: &str = "examples/misdirected-email.yaml";
const AS_OF: &str = "2026-11-01T00:00:00+09:00";

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env("NO_COLOR", "1");
    c.env("DISCLOSE_FONT_DIRS", "");
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// The e-mail example with its representative's English name replaced by `name`.
fn incident(dir: &Path, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(EMAIL))
        .expect("example");
    let text = text.replace("en: Jimin Park", &format!("en: \"{name}\""));
    assert!(text.contains(name), "the example changed");
    let path = dir.join("incident.yaml");
    std::fs::write(&path, text).expect("write");
    path
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `validate FILE`, which must pass (a warning is no failure); its standard error.
fn validate_passes(file: &Path) -> String {
    let out = disclose().arg("validate").arg(file).output().expect("runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    err
}

const EMOJI_WARNING: &str = "no PDF font has a glyph for U+1F600 (😀) in `organization.representative.name.en`: `render` cannot make a PDF of it";

#[test]
fn validate_and_check_warn_about_a_character_no_font_has() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = incident(dir.path(), "Jimin Park 😀");
    let err = validate_passes(&file);
    assert!(err.contains(EMOJI_WARNING), "{err}");
    assert!(
        err.contains("render with --font FILE.ttf, a TrueType font that covers it; the built-in fonts are NanumGothic, Noto Sans Regular, Noto Sans Symbols2 Regular, and no installed font has it"),
        "{err}"
    );
    let out = disclose()
        .arg("check")
        .arg(&file)
        .args(["--as-of", AS_OF])
        .output()
        .expect("runs");
    assert!(stderr(&out).contains(EMOJI_WARNING), "{}", stderr(&out));
}

#[test]
fn render_refuses_such_text_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = incident(dir.path(), "Jimin Park 😀");
    let out_dir = dir.path().join("out");
    let out = disclose()
        .arg("render")
        .arg(&file)
        .args(["--as-of", AS_OF, "--format", "pdf", "--out"])
        .arg(&out_dir)
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no font has a glyph for U+1F600 (😀)"),
        "{err}"
    );
    let written: Vec<_> = std::fs::read_dir(&out_dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn european_names_and_decomposed_accents_render_without_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    // NFD: "Rene" + U+0301, as macOS copy-and-paste gives.
    let file = incident(
        dir.path(),
        "Łukasz Żółć, Αθηνά Παπαδοπούλου, İlkay Güneş, Rene\u{301}e",
    );
    let err = validate_passes(&file);
    assert!(!err.contains("glyph"), "{err}");
    let out_dir = dir.path().join("out");
    let out = disclose()
        .arg("render")
        .arg(&file)
        .args(["--as-of", AS_OF, "--format", "pdf", "--lang", "en", "--out"])
        .arg(&out_dir)
        .output()
        .expect("runs");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let pdfs: Vec<PathBuf> = walkdir::WalkDir::new(&out_dir)
        .into_iter()
        .flatten()
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert!(!pdfs.is_empty(), "{err}");
}
