//! Company templates (`--templates`): a fuzzed template in place of the English audit report,
//! rendered over the Coupang example with the same bounds as the command line (template size,
//! rendered size), through the same context and escaping. A template that does not parse, uses
//! an unknown filter or fails at render time is an `Err`, the expected answer; only panics,
//! aborts, timeouts and running out of memory are bugs.
//!
//! Unbounded *work* (nested loops that write nothing, a string doubled in a loop) is stopped by
//! the command line's watchdog, which ends the process, and is tested in `tests/templates.rs`.
//! A fuzzer cannot tell that stop from a timeout, so inputs whose loops nest more than two deep,
//! that nest a `range` loop (up to 100,000 steps each in Tera), or that use `set_global` are
//! skipped here: two levels over the example's data are bounded, and the output bound is
//! exercised on every input.
#![no_main]

use std::sync::LazyLock;

use disclose::policy::set::PolicySet;
use disclose::report::templates::Templates;
use disclose::report::{Lang, ReportKind, Terms, context, produce};
use libfuzzer_sys::fuzz_target;

const INCIDENT: &str = include_str!("../../examples/coupang-2025.yaml");

struct Fixed {
    builtin: Templates,
    incident: disclose::incident::Incident,
    evaluation: disclose::policy::eval::Evaluation,
    policies: PolicySet,
    terms: Terms,
}

static FIXED: LazyLock<Fixed> = LazyLock::new(|| {
    let incident = disclose::incident::load_str(INCIDENT)
        .incident
        .expect("the example loads");
    let policies = PolicySet::builtin();
    let as_of = disclose::cli::parse_as_of(Some("2026-01-01T00:00:00+09:00"), incident.timezone.0)
        .expect("a valid time");
    let evaluation = disclose::policy::eval::evaluate(&policies.policies(), &incident, as_of);
    Fixed {
        builtin: Templates::new(None).expect("the built-in templates"),
        incident,
        evaluation,
        policies,
        terms: Terms::builtin().expect("the term table"),
    }
});

fuzz_target!(|data: &[u8]| {
    let Ok(template) = std::str::from_utf8(data) else {
        return;
    };
    let depth = loop_depth(template);
    if depth > 2 || depth > 1 && template.contains("range") || template.contains("set_global") {
        return;
    }
    let f = &*FIXED;
    let Ok(templates) = f.builtin.with_more(
        &[("en/audit_report.md.tera".to_string(), template.to_string())],
        None,
    ) else {
        return;
    };
    let policies = f.policies.policies();
    let prov = produce::provenance(
        std::path::Path::new("coupang-2025.yaml"),
        INCIDENT,
        &f.evaluation,
        &policies,
        None,
    );
    let ctx = context::build(
        ReportKind::AuditReport,
        Lang::En,
        &f.incident,
        &f.evaluation,
        &policies,
        &f.terms,
        &prov,
        false,
        None,
    );
    if let Ok(md) = templates.render(&ctx, ReportKind::AuditReport, Lang::En) {
        assert!(md.len() <= disclose::report::templates::MAX_RENDERED_BYTES);
    }
});

/// The deepest nesting of `{% for %}` blocks (tags with or without `-` trimming).
fn loop_depth(t: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = t;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let tag = rest.trim_start_matches(['-', '+']).trim_start();
        if tag.starts_with("for ") {
            depth += 1;
            max = max.max(depth);
        } else if tag.starts_with("endfor") {
            depth = depth.saturating_sub(1);
        }
    }
    max
}
