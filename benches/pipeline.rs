//! criterion benchmarks of the pipeline's stages on the reference incident
//! (`examples/coupang-2025.yaml`): parse + validate, evaluate against the built-in policies, and
//! render every report it calls for in both languages to Markdown, HTML and PDF.
//!
//! `cargo bench --bench pipeline`. Numbers, never assertions.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use disclose::policy::set::PolicySet;
use disclose::render::OutputFormat;
use disclose::render::pdf::FontSet;
use disclose::report::templates::Templates;
use disclose::report::{Lang, Terms, produce};

const INCIDENT: &str = include_str!("../examples/coupang-2025.yaml");

fn as_of() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00+09:00").unwrap()
}

fn pipeline(c: &mut Criterion) {
    c.bench_function("parse+validate coupang", |b| {
        b.iter(|| {
            let loaded = disclose::incident::load_str(black_box(INCIDENT));
            assert!(loaded.incident.is_some());
            loaded
        })
    });

    let inc = disclose::incident::load_str(INCIDENT)
        .incident
        .expect("valid");
    let t = std::time::Instant::now();
    let set = PolicySet::builtin();
    eprintln!(
        "built-in policies: {} loaded and compiled in {:.1} ms (once per run)",
        set.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let policies = set.policies();
    c.bench_function("evaluate coupang (built-in policies)", |b| {
        b.iter(|| disclose::policy::eval::evaluate(&policies, black_box(&inc), as_of()))
    });

    let ev = disclose::policy::eval::evaluate(&policies, &inc, as_of());
    let templates = Templates::new(None).expect("templates");
    let terms = Terms::builtin().expect("terms");
    let fonts = FontSet::builtin();
    let prov = produce::provenance(
        Path::new("examples/coupang-2025.yaml"),
        INCIDENT,
        &ev,
        &policies,
        None,
    );
    let mut group = c.benchmark_group("render coupang set (ko+en)");
    group.sample_size(20);
    for format in [
        OutputFormat::Markdown,
        OutputFormat::Html,
        OutputFormat::Pdf,
    ] {
        let req = produce::Request {
            langs: vec![Lang::Ko, Lang::En],
            formats: vec![format],
            only: None,
            draft: false,
            english_asked: false,
            date: None,
            attach: produce::AttachSources::None,
        };
        group.bench_function(format.ext(), |b| {
            b.iter(|| {
                produce::produce(
                    &req,
                    &inc,
                    &ev,
                    &policies,
                    &templates,
                    &terms,
                    &fonts,
                    &prov,
                    &[],
                )
                .expect("renders")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
