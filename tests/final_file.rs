//! A file that is not a draft is a final filing: the `disclose init` template's placeholders and
//! TODO markers left in it are errors, each at its line and column, and nothing is rendered.

use assert_cmd::Command;

const AS_OF: &str = "2026-02-01T00:00:00+09:00";

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env("NO_COLOR", "1");
    c
}

/// The template as `disclose init` prints it.
fn template() -> String {
    let out = disclose().arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

/// The template with its `draft: true` line removed.
fn undrafted() -> String {
    let t = template();
    let line = t
        .lines()
        .find(|l| l.starts_with("draft: true"))
        .expect("the template is a draft");
    let out = t.replace(&format!("{line}\n"), "");
    assert!(!out.contains("draft:"));
    out
}

#[test]
fn an_untouched_template_without_draft_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incident.yaml");
    let text = undrafted();
    std::fs::write(&file, &text).unwrap();
    let out_dir = dir.path().join("out");
    let out = disclose()
        .args(["render", file.to_str().unwrap(), "--as-of", AS_OF, "--out"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out_dir.exists(), "nothing is written");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let name = file.display().to_string();

    // Every line with a `# TODO` comment is named, at a column of that line.
    let todo_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("# TODO"))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(todo_lines.len() > 20, "{todo_lines:?}");
    for line in &todo_lines {
        assert!(
            err.contains(&format!("{name}:{line}:")),
            "line {line} is not named:\n{err}"
        );
    }
    // The values the issue names, each at its own position.
    let at = |needle: &str| -> (usize, usize) {
        let (i, l) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap();
        (i + 1, l[..l.find(needle).unwrap()].chars().count() + 1)
    };
    for (path, value) in [
        ("organization.name.ko", "예시 주식회사"),
        ("organization.name.en", "Example Corp."),
        ("organization.privacy_officer.name.ko", "홍길동"),
        ("id", "ORG-2026-001"),
    ] {
        let (line, col) = at(value);
        let message = format!(
            "error: `{path}` is still the placeholder `{value}` of the `disclose init` template"
        );
        assert!(err.contains(&message), "{message}\n{err}");
        assert!(
            err.contains(&format!("{name}:{line}:{col}")),
            "{path} at {line}:{col}\n{err}"
        );
    }
    let (line, _) = at("subjects: 0                    # TODO");
    assert!(
        err.contains(
            "error: `affected.subjects` is still the placeholder `0` of the `disclose init` template"
        ) && err.contains(&format!("{name}:{line}:13")),
        "{err}"
    );
    // The e-mail address at example.com is allowed as a value; its TODO marker is named.
    assert!(
        err.contains("error: a TODO marker is left at `organization.privacy_officer.email`"),
        "{err}"
    );
    assert!(!err.contains("placeholder `privacy@example.com`"), "{err}");

    // validate and check refuse it too.
    for cmd in ["validate", "check"] {
        let out = disclose()
            .args([cmd, file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
    }
}

#[test]
fn the_template_as_a_draft_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incident.yaml");
    std::fs::write(&file, template()).unwrap();
    let out = disclose().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("placeholder"));
}

#[test]
fn a_leftover_marker_in_a_filled_in_file_is_named() {
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/coupang-2025.yaml"),
    )
    .unwrap();
    let text = example.replace(
        "  subjects: 33673817            # people",
        "  subjects: 33673817            # TODO: confirm with the police count; people",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incident.yaml");
    std::fs::write(&file, &text).unwrap();
    let out = disclose().arg("validate").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("TODO: confirm").map(|c| (i + 1, c + 1)))
        .unwrap();
    assert!(
        err.starts_with("error: a TODO marker is left at `affected.subjects`\n"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:{line}:{col}", file.display())),
        "{err}"
    );
    // As a draft, the marker is what a draft is for.
    std::fs::write(&file, format!("draft: true\n{text}")).unwrap();
    let out = disclose().arg("validate").arg(&file).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
