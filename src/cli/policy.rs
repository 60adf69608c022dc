//! `disclose policy ...`: run the tests that ship with policy files, print the incident view
//! their conditions read, and list the law library (`policy list`, from which docs/coverage.md is
//! generated).

use std::path::Path;

use super::args::ListFormat;
use super::evaluate::load_policies;
use super::term::{print_problems, write_stdout};
use crate::diag::Color;
use crate::exit::Exit;
use crate::policy::set::PolicySet;

pub(super) fn policy_test(path: Option<&Path>, color: Color) -> Exit {
    let set = match path {
        Some(p) => PolicySet::from_dir(p),
        None => PolicySet::builtin(),
    };
    let mut bad_input = false;
    for f in &set.failed {
        print_problems(Path::new(&f.origin.display()), &f.text, &f.report, color);
        bad_input = true;
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut out = String::new();
    for p in set.policies() {
        let (results, problems) = crate::policy::testkit::run_tests(p);
        for (name, text, report) in &problems {
            print_problems(Path::new(name), text, report, color);
        }
        let n_fail = results.iter().filter(|r| !r.failures.is_empty()).count();
        out.push_str(&format!(
            "{} ({}): {} tests, {} passed, {} failed\n",
            p.policy.id,
            p.origin.display(),
            results.len(),
            results.len() - n_fail,
            n_fail
        ));
        let untested = crate::policy::testkit::untested(p);
        if !untested.is_empty() {
            out.push_str(&format!("  rules with no test: {}\n", untested.join(", ")));
        }
        for r in &results {
            if r.failures.is_empty() {
                passed += 1;
            } else {
                failed += 1;
                out.push_str(&format!("  FAILED {}\n", r.name));
                for f in &r.failures {
                    out.push_str(&format!("    {f}\n"));
                }
            }
        }
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    let _ = write_stdout(&out);
    if bad_input {
        Exit::BadInput
    } else if failed > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    }
}

pub(super) fn policy_view() -> Exit {
    use crate::policy::expr;
    let mut s = String::from(
        "# The incident view policy conditions read\n\n| path | type | meaning |\n|---|---|---|\n",
    );
    for f in expr::view_fields() {
        s.push_str(&format!("| `{}` | {} | {} |\n", f.path, f.ty, f.doc));
    }
    s.push_str("\n| function | meaning |\n|---|---|\n");
    for f in expr::view_functions() {
        s.push_str(&format!("| `{}` | {} |\n", f.signature(), f.doc));
    }
    match write_stdout(&s) {
        Ok(()) => Exit::Ok,
        Err(_) => Exit::BadInput,
    }
}

pub(super) fn policy_list(
    dir: Option<&Path>,
    no_builtin: bool,
    format: ListFormat,
    color: Color,
) -> Exit {
    use crate::policy::catalog;
    let Some(set) = load_policies(dir, no_builtin, true, color) else {
        return Exit::BadInput;
    };
    let entries = catalog::entries(&set.policies());
    let out = match format {
        ListFormat::Text => catalog::text(&entries),
        ListFormat::Json => catalog::json(&entries),
        ListFormat::Markdown => catalog::markdown(&entries),
    };
    if write_stdout(&out).is_err() {
        return Exit::Io;
    }
    Exit::Ok
}
