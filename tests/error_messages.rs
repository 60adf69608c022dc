//! Every invalid fixture's diagnostic, verbatim, and no report from any of them.
//!
//! Each `tests/fixtures/invalid/NAME.yaml` must make `disclose validate` exit with code 2 and print
//! exactly `NAME.stderr`, which must name the file with a line and column. Run with `BLESS=1` to
//! rewrite the expected files after an intended change, then review the diff.
//!
//! Each must also stop `disclose render` with exit code 2 before anything is written: an incident
//! fixture rendered itself, a policy fixture (policy or policy tests) as the only file of the
//! `--policies` directory used to render the misdirected-email example.

use std::path::Path;
use std::process::Command;

const MIN_FIXTURES: usize = 50;

/// Of which policy files (`format: disclose/policy@1` or `disclose/policy-tests@1`).
const MIN_POLICY_FIXTURES: usize = 6;

const AS_OF: &str = "2026-01-01T00:00:00+09:00";

/// Whether a fixture is a policy or policy-tests file (else an incident, or not recognisable).
fn is_policy(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    String::from_utf8_lossy(&bytes)
        .lines()
        .any(|l| l.starts_with("format: disclose/policy"))
}

/// Whether `dir` is absent or empty.
fn nothing_in(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

#[test]
fn invalid_fixtures_print_their_expected_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/invalid");
    let bless = std::env::var_os("BLESS").is_some();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "yaml" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    assert!(
        names.len() >= MIN_FIXTURES,
        "only {} invalid fixtures; the suite promises at least {MIN_FIXTURES}",
        names.len()
    );
    let policies = names
        .iter()
        .filter(|n| is_policy(&dir.join(format!("{n}.yaml"))))
        .count();
    assert!(
        policies >= MIN_POLICY_FIXTURES,
        "only {policies} invalid policy fixtures; the suite promises at least {MIN_POLICY_FIXTURES}"
    );
    let mut failures = Vec::new();
    for name in &names {
        let rel = format!("tests/fixtures/invalid/{name}.yaml");
        let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
            .current_dir(root)
            .args(["--color", "never", "validate", &rel])
            .output()
            .expect("run disclose");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.code() != Some(2) {
            failures.push(format!(
                "{name}: exit code {:?}, expected 2\n{stderr}",
                out.status.code()
            ));
            continue;
        }
        if !out.stdout.is_empty() {
            failures.push(format!(
                "{name}: printed to stdout: {}",
                String::from_utf8_lossy(&out.stdout)
            ));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked\n{stderr}"));
            continue;
        }
        let located = stderr.lines().any(|l| {
            l.trim_start()
                .strip_prefix(&format!("--> {rel}:"))
                .is_some_and(|pos| {
                    let mut it = pos.split(':');
                    it.next().is_some_and(|l| l.parse::<u32>().is_ok())
                        && it.next().is_some_and(|c| c.parse::<u32>().is_ok())
                })
        });
        if !located {
            failures.push(format!("{name}: no `--> file:line:column` in\n{stderr}"));
        }
        if let Some(problem) = render_refuses(root, &dir.join(format!("{name}.yaml"))) {
            failures.push(format!("{name}: {problem}"));
        }
        let expected_path = dir.join(format!("{name}.stderr"));
        if bless {
            std::fs::write(&expected_path, &stderr).expect("write expected stderr");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == stderr => {}
            Ok(expected) => failures.push(format!(
                "{name}: stderr differs\n--- expected\n{expected}\n--- actual\n{stderr}"
            )),
            Err(_) => failures.push(format!(
                "{name}: no {name}.stderr; run `BLESS=1 cargo test --test error_messages` and review it"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs `disclose render` with the fixture at `path` and says what is wrong, if anything: it must
/// exit with code 2, name the fixture, and write nothing.
fn render_refuses(root: &Path, path: &Path) -> Option<String> {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let out_dir = tmp.path().join("out");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_disclose"));
    cmd.current_dir(root).args(["--color", "never", "render"]);
    let file_name = path.file_name().expect("a file name");
    if is_policy(path) {
        let policies = tmp.path().join("policies");
        std::fs::create_dir_all(&policies).expect("policy directory");
        std::fs::copy(path, policies.join(file_name)).expect("copy the policy");
        cmd.arg("examples/misdirected-email.yaml")
            .arg("--policies")
            .arg(&policies);
    } else {
        cmd.arg(path);
    }
    let out = cmd
        .args(["--as-of", AS_OF, "--out"])
        .arg(&out_dir)
        .output()
        .expect("run disclose");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() != Some(2) {
        return Some(format!(
            "render: exit code {:?}, expected 2\n{stderr}",
            out.status.code()
        ));
    }
    if stderr.contains("panicked") {
        return Some(format!("render: panicked\n{stderr}"));
    }
    if !stderr.contains(&*file_name.to_string_lossy()) {
        return Some(format!("render: the fixture is not named in\n{stderr}"));
    }
    if !nothing_in(&out_dir) {
        return Some("render: wrote files for an invalid input".to_string());
    }
    None
}

/// Runs disclose in the repository root; (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("run disclose");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `render` with an empty or unknown list entry says which flag and what is wrong, and writes
/// nothing (issue 17: `--lang ,` and `--format ''` exited with code 2 and no message; `md,,pdf`
/// was read as `md,pdf`).
#[test]
fn list_flags_say_what_is_wrong() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out = out.to_str().unwrap();
    let base = "tests/fixtures/base-valid.yaml";
    for (flag, value, expected) in [
        (
            "--lang",
            ",",
            "error: --lang `,` names no language\n  = help: give one or more of `ko`, `en`, separated by commas, e.g. --lang ko\n",
        ),
        (
            "--format",
            "",
            "error: --format is empty\n  = help: give one or more of `md`, `html`, `pdf`, separated by commas, e.g. --format md\n",
        ),
        (
            "--format",
            "md,,pdf",
            "error: --format `md,,pdf` has an empty item\n  = help: give one or more of `md`, `html`, `pdf`, separated by single commas with none at either end, e.g. --format md\n",
        ),
        (
            "--lang",
            "ko,",
            "error: --lang `ko,` has an empty item\n  = help: give one or more of `ko`, `en`, separated by single commas with none at either end, e.g. --lang ko\n",
        ),
        (
            "--lang",
            "kr",
            "error: unknown language `kr` in --lang\n  = help: use `ko`, `en`\n",
        ),
        (
            "--report",
            "subject-notice",
            "error: unknown report `subject-notice` in --report\n  = help: did you mean `subject_notice`? (the reports are `regulator_notification`, `subject_notice`, `public_notice`, `audit_report`, `sec_8k_item_1_05`, `gdpr_art33_notification`, `gdpr_art34_communication`, `us_state_consumer_notice`)\n",
        ),
    ] {
        let (code, stdout, stderr) = run(&["render", base, flag, value, "--out", out]);
        assert_eq!(code, Some(2), "{flag} {value:?}: {stderr}");
        assert_eq!(stderr, expected, "{flag} {value:?}");
        assert!(stdout.is_empty());
        assert!(nothing_in(Path::new(out)), "{flag} {value:?} wrote files");
    }
}

/// A company template's syntax error and undefined variable are located at the template's
/// file:line:column, in the project's words (issue 17: `error: error: Unexpected end of
/// input`).
#[test]
fn template_errors_name_the_template_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("tpl");
    std::fs::create_dir_all(templates.join("ko")).unwrap();
    let file = templates.join("ko/subject_notice.md.tera");
    let out = tmp.path().join("out");
    let render = |text: &str| {
        std::fs::write(&file, text).unwrap();
        run(&[
            "render",
            "examples/misdirected-email.yaml",
            "--templates",
            templates.to_str().unwrap(),
            "--lang",
            "ko",
            "--as-of",
            "2026-11-01T00:00:00+09:00",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let shown = file.display().to_string();
    let (code, _, stderr) = render("# 안내\n\n{{ incident.title\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: syntax error in template ko/subject_notice.md.tera: the template ends inside a tag\n \
             --> {shown}:3:18\n  |\n3 | {{{{ incident.title\n  |                  ^\n  \
             = help: close every `{{{{ ... }}}}`, `{{% ... %}}` and `{{# ... #}}`\n"
        )
    );
    assert!(nothing_in(&out));
    let (code, _, stderr) = render("# 안내\n\n{{ titel }}\n");
    assert_eq!(code, Some(2), "{stderr}");
    let head: Vec<&str> = stderr.lines().take(5).collect();
    assert_eq!(
        head,
        [
            "error: examples/misdirected-email.yaml: template ko/subject_notice.md.tera: the variable `titel` is not defined",
            &format!(" --> {shown}:3:4"),
            "  |",
            "3 | {{ titel }}",
            "  |    ^^^^^",
        ]
    );
    assert!(
        stderr.lines().nth(5).is_some_and(
            |l| l.starts_with("  = help: did you mean `title`? (the report's variables are: ")
        ),
        "{stderr}"
    );
    assert!(nothing_in(&out));
}

/// `import` refusing to overwrite a draft says which flag replaces it; a policy with one test
/// says "1 test".
#[test]
fn import_names_its_overwrite_flag_and_counts_are_singular() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("drafts");
    let args = [
        "import",
        "veris",
        "tests/fixtures/vcdb/sample.jsonl",
        "--out",
        out.to_str().unwrap(),
    ];
    let (code, _, _) = run(&args);
    assert_eq!(code, Some(0));
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    let help = "  = help: pass --force to replace the existing drafts (check first that nobody has edited them), or choose another --out\n";
    assert!(
        stderr.starts_with(&format!(
            "error: cannot write the drafts to {}: ",
            out.display()
        )) && stderr.contains(" already exists; nothing was written\n")
            && stderr.ends_with(help),
        "{stderr}"
    );
    let (code, stdout, _) = run(&["validate", "tests/fixtures/policies/sample"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains(
            "tests/fixtures/policies/sample/test-sample.tests.yaml: valid tests of policy test-sample (1 test)\n"
        ),
        "{stdout}"
    );
}

/// An empty item in `--accept-unassessed` is refused, not matched against nothing with a
/// puzzling warning about a blank code.
#[test]
fn an_empty_code_is_refused() {
    let (code, stdout, stderr) = run(&[
        "check",
        "examples/coupang-2025.yaml",
        "--accept-unassessed",
        "US-AS,,US-MP",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        "error: invalid value '' for '--accept-unassessed <CODES>': an empty item: separate the codes by single commas with none at either end, e.g. `US-AS,US-MP`\n\nFor more information, try '--help'.\n"
    );
}
