//! Every invalid fixture's diagnostic, verbatim.
//!
//! Each `tests/fixtures/invalid/NAME.yaml` must make `disclose validate` exit with code 2 and print
//! exactly `NAME.stderr`, which must name the file with a line and column. Run with `BLESS=1` to
//! rewrite the expected files after an intended change, then review the diff.

use std::path::Path;
use std::process::Command;

const MIN_FIXTURES: usize = 25;

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
