//! Embeds the built-in policies (every `policies/**/*.yaml` except the holiday calendars, which
//! `src/policy/calendar.rs` embeds itself) and the report templates (`templates/{ko,en}/*.tera`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "calendars") {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// Writes `OUT_DIR/<out>`: a static slice `name` of (path relative to `base`, text) pairs that
/// embeds `files` with `include_str!`.
fn embed(name: &str, doc: &str, base: &Path, files: &[PathBuf], out: &str) {
    let mut code = format!("/// {doc}\npub static {name}: &[(&str, &str)] = &[\n");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(base).expect("under its base directory");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out_dir.join(out), code).expect("write the embedded file list");
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));

    let policies = root.join("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    collect(&policies, &mut files);
    files.sort();
    embed(
        "BUILTIN",
        "Built-in policies: (path under `policies/`, text).",
        &policies,
        &files,
        "builtin_policies.rs",
    );

    // Report templates: templates/{ko,en}/*.tera, named by their path under templates/.
    let templates = root.join("templates");
    let mut files = Vec::new();
    for lang in ["ko", "en"] {
        let dir = templates.join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "tera") {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    embed(
        "BUILTIN_TEMPLATES",
        "Built-in report templates: (name, text).",
        &templates,
        &files,
        "builtin_templates.rs",
    );
}
