//! Start-up cost per policy file (issue 19): loads libraries of 15, 50, 100 and 200 generated
//! policy files and reports the slope, in milliseconds per file, of
//!
//! - `compact`: the way `check`, `deadlines` and `render` read the built-in library (compact
//!   JSON made at build time, read by its header and its rules only when used, conditions
//!   compiled on first use), plus evaluating the reference
//!   incident against the library, which compiles what it uses;
//! - `full`: the way a `--policies` directory and `policy test` read files (YAML, source map,
//!   every check, every condition compiled).
//!
//! The generated files are the built-in ones, cycled, each with its own id. The goal is a slope
//! of at most 0.2 ms per file for the built-in library. `cargo bench --bench policies`. Numbers,
//! never assertions.

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use disclose::policy::set::{PolicySet, builtin_files};

const SIZES: [usize; 4] = [15, 50, 100, 200];
const INCIDENT: &str = include_str!("../examples/coupang-2025.yaml");

/// `n` policy files: (path, YAML, header JSON, compact JSON), the built-in ones cycled with new
/// ids (as `build.rs` makes them).
fn library(n: usize) -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    let files: Vec<_> = builtin_files()
        .iter()
        .filter(|(p, _)| !p.ends_with(".tests.yaml"))
        .collect();
    (0..n)
        .map(|i| {
            let (path, text) = files[i % files.len()];
            let mut value: serde_json::Value = serde_saphyr::from_str(text).expect("YAML");
            let id = value["id"].as_str().expect("id").to_string();
            let new_id = format!("{id}-g{i}");
            value["id"] = serde_json::Value::String(new_id.clone());
            if let Some(map) = value.as_object_mut() {
                map.remove("tests");
            }
            let yaml = text.replacen(&format!("\nid: {id}\n"), &format!("\nid: {new_id}\n"), 1);
            let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
            let json = serde_json::to_string(&value).expect("JSON");
            if let Some(map) = value.as_object_mut() {
                for body in ["obligations", "controls", "penalties", "violations"] {
                    map.remove(body);
                }
            }
            (
                leak(format!("gen/{i}-{path}")),
                leak(yaml),
                leak(serde_json::to_string(&value).expect("JSON")),
                leak(json),
            )
        })
        .collect()
}

fn load_compact(lib: &[(&'static str, &'static str, &'static str, &'static str)]) -> PolicySet {
    let files: Vec<_> = lib.iter().map(|(p, t, _, _)| (*p, *t)).collect();
    let headers: Vec<_> = lib.iter().map(|(_, _, h, _)| *h).collect();
    let compact: Vec<_> = lib.iter().map(|(_, _, _, j)| *j).collect();
    let mut set = PolicySet::default();
    set.add_compact(&files, &headers, &compact);
    set
}

fn as_of() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+09:00").unwrap()
}

/// Least-squares slope of (files, seconds), in ms per file.
fn slope(points: &[(usize, f64)]) -> f64 {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0 as f64).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let num: f64 = points.iter().map(|p| (p.0 as f64 - mx) * (p.1 - my)).sum();
    let den: f64 = points.iter().map(|p| (p.0 as f64 - mx).powi(2)).sum();
    num / den * 1e3
}

/// The fastest of `runs` runs of `f`, in seconds (the least disturbed by other processes).
fn fastest(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn policies(c: &mut Criterion) {
    let incident = disclose::incident::load_str(INCIDENT)
        .incident
        .expect("valid");
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut compact_points = Vec::new();
    let mut full_points = Vec::new();
    let mut group = c.benchmark_group("policy library start-up");
    group.sample_size(10);
    for n in SIZES {
        let lib = library(n);
        let sub = dir.path().join(n.to_string());
        std::fs::create_dir_all(&sub).expect("mkdir");
        for (i, (_, text, _, _)) in lib.iter().enumerate() {
            std::fs::write(sub.join(format!("p{i:03}.yaml")), text).expect("write");
        }
        let compact_and_eval = || {
            let set = load_compact(&lib);
            let ev = disclose::policy::eval::evaluate(&set.policies(), &incident, as_of());
            black_box((set, ev));
        };
        group.bench_with_input(BenchmarkId::new("compact + evaluate", n), &n, |b, _| {
            b.iter(compact_and_eval)
        });
        group.bench_with_input(BenchmarkId::new("full load", n), &n, |b, _| {
            b.iter(|| {
                let set = PolicySet::from_dir(&sub);
                assert!(set.failed.is_empty());
                black_box(set)
            })
        });
        compact_points.push((n, fastest(10, compact_and_eval)));
        full_points.push((
            n,
            fastest(3, || {
                black_box(PolicySet::from_dir(&sub));
            }),
        ));
    }
    group.finish();
    let show = |name: &str, points: &[(usize, f64)]| {
        let each: Vec<String> = points
            .iter()
            .map(|(n, t)| format!("{n}: {:.1} ms", t * 1e3))
            .collect();
        eprintln!(
            "{name}: {}; slope {:.3} ms per policy file",
            each.join(", "),
            slope(points)
        );
    };
    eprintln!(
        "policy library start-up, {} cores:",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    show("  compact + evaluate (check)", &compact_points);
    show("  full load (--policies, policy test)", &full_points);
}

criterion_group!(benches, policies);
criterion_main!(benches);
