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
