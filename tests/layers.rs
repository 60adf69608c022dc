//! The module layers: a lower layer never imports a higher one, and no two sibling modules
//! import each other both ways.
//!
//! The layers follow the pipeline, read bottom-up as "may import": the YAML reader and
//! diagnostics at the bottom; the file recogniser; the incident model; policies, which evaluate
//! incidents; the engines the report stage drives (`render`: Markdown to HTML and PDF, knowing
//! nothing of incidents; `output`: atomic writes and safe file names); reports, which fill
//! templates from an evaluation and have them rendered and named; the printers of an evaluation
//! and the schema; the batch runner and the importer; the command line on top. `render` and
//! `output` come after `report` in the data flow but below it here, because `report::produce`
//! calls them and they import nothing of reports.
//!
//! The scan is textual: every `crate::<module>` path in a file's code (comments and
//! `#[cfg(test)] mod` blocks left out, since a unit test may check one layer against another)
//! and every `super::<sibling>` path. It is a guard against regressions, not a proof.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. Modules in one layer may import each other (without a cycle).
const LAYERS: &[&[&str]] = &[
    &["yaml", "diag", "exit"],
    &["document"],
    &["incident", "init"],
    &["policy"],
    &["render", "output"],
    &["report"],
    &["print", "schema"],
    &["batch", "import"],
    &["cli"],
];

/// Upward imports kept on purpose: (file, module it imports, why).
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// Sibling modules that import each other on purpose: (one, other, why).
const SIBLING_EXCEPTIONS: &[(&str, &str, &str)] = &[];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The file's code without comments and without `#[cfg(test)]` modules.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    let mut skip_depth: Option<i64> = None;
    while let Some(line) = lines.next() {
        if let Some(depth) = skip_depth.as_mut() {
            *depth += line.matches('{').count() as i64 - line.matches('}').count() as i64;
            if *depth <= 0 && line.contains('}') {
                skip_depth = None;
            }
            continue;
        }
        let t = line.trim_start();
        if t == "#[cfg(test)]"
            && lines.peek().is_some_and(|n| {
                let n = n.trim_start();
                (n.starts_with("mod ") || n.starts_with("pub(crate) mod ")) && n.ends_with('{')
            })
        {
            let next = lines.next().unwrap();
            skip_depth = Some(next.matches('{').count() as i64 - next.matches('}').count() as i64);
            continue;
        }
        let without_comment = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(without_comment);
        out.push('\n');
    }
    out
}

/// The names after each occurrence of `prefix` (`crate::a`, `crate::{a, b::c}`).
fn paths_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// `src/policy/load.rs` → `policy`; `src/yaml.rs` → `yaml`; `None` for the crate root.
fn top_module(rel: &Path) -> Option<String> {
    let mut parts = rel.components().skip(1);
    let first = parts.next()?.as_os_str().to_str()?.to_string();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, code(&fs::read_to_string(&p).unwrap()))
        })
        .collect()
}

#[test]
fn no_lower_layer_imports_a_higher_one() {
    let mut problems = Vec::new();
    let mut used_exceptions = BTreeSet::new();
    for (rel, code) in sources() {
        let Some(me) = top_module(Path::new(&rel)) else {
            continue;
        };
        let Some(my_layer) = layer_of(&me) else {
            problems.push(format!(
                "{rel}: module `{me}` is in no layer; add it to LAYERS in tests/layers.rs"
            ));
            continue;
        };
        for target in paths_after(&code, "crate::") {
            if target == me || target == "VERSION" {
                continue;
            }
            let Some(their_layer) = layer_of(&target) else {
                problems.push(format!(
                    "{rel}: imports `crate::{target}`, which is in no layer"
                ));
                continue;
            };
            if their_layer > my_layer {
                if let Some(e) = EXCEPTIONS
                    .iter()
                    .find(|(f, m, _)| *f == rel && *m == target)
                {
                    used_exceptions.insert((e.0, e.1));
                    continue;
                }
                problems.push(format!(
                    "{rel}: `{me}` (layer {my_layer}) imports `crate::{target}` (layer \
                     {their_layer}), a higher layer; move what it needs down, or list a \
                     deliberate exception with its reason"
                ));
            }
        }
    }
    for (f, m, _) in EXCEPTIONS {
        if !used_exceptions.contains(&(*f, *m)) {
            problems.push(format!(
                "exception {f} → {m} is no longer needed; remove it from tests/layers.rs"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// No two sibling modules (the files of one directory, a directory's `mod.rs` counting as that
/// directory's module) import each other, as `render::pdf::layout` and `linebreak` once did.
#[test]
fn no_sibling_modules_import_each_other() {
    // module path (e.g. `render::pdf::layout`) → the sibling module paths it imports.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut modules = BTreeSet::new();
    let srcs = sources();
    let module_path = |rel: &str| -> Option<String> {
        let p = rel.strip_prefix("src/")?.strip_suffix(".rs")?;
        let p = p.strip_suffix("/mod").unwrap_or(p);
        (!matches!(p, "lib" | "main")).then(|| p.replace('/', "::"))
    };
    for (rel, _) in &srcs {
        if let Some(m) = module_path(rel) {
            modules.insert(m);
        }
    }
    for (rel, code) in &srcs {
        let Some(me) = module_path(rel) else { continue };
        let parent = me.rsplit_once("::").map_or("", |(p, _)| p).to_string();
        let is_dir_module = rel.ends_with("/mod.rs");
        let mut targets = BTreeSet::new();
        // `super::x` from a file names a sibling; from a mod.rs it names the parent's sibling.
        let base = if is_dir_module {
            parent.rsplit_once("::").map_or("", |(p, _)| p).to_string()
        } else {
            parent.clone()
        };
        let sibling_parent = if is_dir_module { &base } else { &parent };
        for name in paths_after(code, "super::") {
            let full = if sibling_parent.is_empty() {
                name
            } else {
                format!("{sibling_parent}::{name}")
            };
            targets.insert(full);
        }
        for name in paths_after(code, "crate::") {
            // Only the first segment is read; a deeper `crate::a::b` is checked as `a`.
            targets.insert(name);
        }
        let own_parent = if is_dir_module {
            base.clone()
        } else {
            parent.clone()
        };
        let set = edges.entry(me.clone()).or_default();
        for t in targets {
            let t_parent = t.rsplit_once("::").map_or("", |(p, _)| p);
            if t != me && modules.contains(&t) && t_parent == own_parent {
                set.insert(t);
            }
        }
    }
    let mut cycles = Vec::new();
    let mut excused = BTreeSet::new();
    for (a, targets) in &edges {
        for b in targets {
            if a < b && edges.get(b).is_some_and(|t| t.contains(a)) {
                if SIBLING_EXCEPTIONS
                    .iter()
                    .any(|(x, y, _)| (x, y) == (&a.as_str(), &b.as_str()))
                {
                    excused.insert((a.clone(), b.clone()));
                    continue;
                }
                cycles.push(format!("{a} ↔ {b}"));
            }
        }
    }
    for (x, y, _) in SIBLING_EXCEPTIONS {
        if !excused.contains(&(x.to_string(), y.to_string())) {
            cycles.push(format!(
                "exception {x} ↔ {y} is no longer needed; remove it"
            ));
        }
    }
    assert!(
        cycles.is_empty(),
        "sibling modules import each other: {}",
        cycles.join(", ")
    );
}

#[test]
fn the_scanner_sees_imports_and_skips_comments_and_tests() {
    let src = "use crate::{policy::eval, report};\n// crate::cli in a comment\n\
               fn f() { crate::render::x(); }\n#[cfg(test)]\nmod tests {\n    use crate::cli;\n}\n";
    let found = paths_after(&code(src), "crate::");
    let want: BTreeSet<String> = ["policy", "report", "render"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, want);
}
