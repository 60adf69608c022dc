//! `disclose validate FILE|DIR...`: checks incident, policy, policy-test and calendar files.
//!
//! A directory stands for every file of the tool's formats under it (the walk of
//! [`crate::batch`]: `.yaml`/`.yml` files with a `format: disclose/...` key; other YAML is
//! skipped and counted), and a summary line follows the files.
//!
//! Every file is recognised by its `format:` key ([`check_file`], which `check`, `deadlines` and
//! `render` use too), and all of its problems are printed in one run; the exit code is 2 when any
//! file has an error, and warnings alone never change it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{self, Color, Report, Source};
use crate::document::{self, Kind};
use crate::exit::Exit;
use crate::incident;
use crate::policy::set::PolicySet;
use crate::yaml::Limits;

/// The outcome of checking one file.
pub struct FileCheck {
    /// What the file is, if that could be told.
    pub kind: Option<Kind>,
    /// The file's text (empty if unreadable).
    pub text: String,
    /// Its problems.
    pub report: Report,
    /// A one-line description of what was found, for the summary.
    pub summary: String,
    /// The incident read, with its source map, when the file is a valid incident; so that
    /// `check`, `deadlines` and `render` do not read it a second time (issue 19).
    pub incident: Option<(incident::Incident, crate::yaml::SourceMap)>,
}

/// Checks one file of any kind.
pub fn check_file(path: &Path) -> FileCheck {
    let limits = Limits::DEFAULT;
    let mut report = Report::default();
    let text = match document::read_text(path, &limits) {
        Ok(t) => t,
        Err(d) => {
            report.push(d);
            return FileCheck {
                kind: None,
                text: String::new(),
                report,
                summary: String::new(),
                incident: None,
            };
        }
    };
    let map = match document::map(&text, &limits) {
        Ok(m) => m,
        Err(d) => {
            report.push(d);
            return FileCheck {
                kind: None,
                text,
                report,
                summary: String::new(),
                incident: None,
            };
        }
    };
    match document::detect(&map) {
        Err(d) => {
            report.push(d);
            FileCheck {
                kind: None,
                text,
                report,
                summary: String::new(),
                incident: None,
            }
        }
        Ok(Kind::Incident) => {
            let mut loaded = incident::load_mapped(&text, map, &limits);
            // Text the PDF fonts cannot show: a warning now rather than a failed render.
            for d in super::glyphs::font_warnings(&loaded.map) {
                loaded.report.push(d);
            }
            let summary = loaded
                .incident
                .as_ref()
                .map(|i| format!("incident {}", i.id))
                .unwrap_or_default();
            FileCheck {
                kind: Some(Kind::Incident),
                text,
                report: loaded.report,
                summary,
                incident: loaded.incident.map(|i| (i, loaded.map)),
            }
        }
        Ok(Kind::PolicyTests) => {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let set = PolicySet::with_dir(dir);
            let id = map.scalar("policy").unwrap_or_default().to_string();
            let (report, summary) = match crate::policy::load::load_tests_str(
                &text,
                crate::policy::load::Origin::File(path.to_path_buf()),
                set.get(&id),
            ) {
                Ok(t) => (
                    Report::default(),
                    format!(
                        "tests of policy {id} ({} test{})",
                        t.tests.len(),
                        if t.tests.len() == 1 { "" } else { "s" }
                    ),
                ),
                Err(r) => (r, String::new()),
            };
            FileCheck {
                kind: Some(Kind::PolicyTests),
                text,
                report,
                summary,
                incident: None,
            }
        }
        Ok(Kind::Calendar) => {
            let (report, summary) = match crate::policy::calendar::Calendar::from_yaml(&text) {
                Ok(c) => (Report::default(), format!("calendar {}", c.id())),
                Err(e) => {
                    let mut r = Report::default();
                    r.push(diag::Diagnostic {
                        severity: diag::Severity::Error,
                        message: e.to_string(),
                        pos: Some(crate::yaml::Pos::START),
                        path: None,
                        hint: None,
                    });
                    (r, String::new())
                }
            };
            FileCheck {
                kind: Some(Kind::Calendar),
                text,
                report,
                summary,
                incident: None,
            }
        }
        Ok(Kind::Policy) => {
            let (policy, report) = crate::policy::load::load_policy_str(
                &text,
                crate::policy::load::Origin::File(path.to_path_buf()),
            );
            let summary = policy
                .map(|p| format!("policy {} (version {})", p.policy.id, p.policy.version))
                .unwrap_or_default();
            FileCheck {
                kind: Some(Kind::Policy),
                text,
                report,
                summary,
                incident: None,
            }
        }
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The files named, with every directory replaced by the files of the tool's formats under it;
/// also the number of other YAML files skipped, and whether there was a directory.
fn expand(args: &[PathBuf], worst: &mut Exit) -> (Vec<PathBuf>, usize, bool) {
    let (mut files, mut skipped, mut any_dir) = (Vec::new(), 0, false);
    for arg in args {
        if !arg.is_dir() {
            files.push(arg.clone());
            continue;
        }
        any_dir = true;
        let found = crate::batch::find_yaml(arg, crate::batch::is_document_text);
        for (path, why) in &found.errors {
            eprintln!("error: {}: {why}", path.display());
            *worst = Exit::BadInput;
        }
        if found.incidents.is_empty() {
            eprintln!(
                "error: no disclose files under {} (a .yaml or .yml file with a `format: disclose/...` key)",
                arg.display()
            );
            *worst = Exit::BadInput;
        }
        skipped += found.skipped;
        files.extend(found.incidents);
    }
    (files, skipped, any_dir)
}

pub(super) fn validate(args: &[PathBuf], color: Color) -> Exit {
    let mut worst = Exit::Ok;
    let (files, skipped, any_dir) = expand(args, &mut worst);
    let mut invalid = 0;
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    for path in &files {
        let mut check = check_file(path);
        let denied = super::term::gate(&mut check.report);
        let src = Source {
            name: path,
            text: &check.text,
        };
        let rendered = diag::render_report(&check.report, &src, color);
        let (errors, warnings) = (check.report.errors(), check.report.warnings());
        let mut err = stderr.lock();
        let _ = err.write_all(rendered.as_bytes());
        if errors > 0 {
            worst = Exit::BadInput;
            invalid += 1;
            let _ = writeln!(
                err,
                "{}: {}, {}",
                path.display(),
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings")
            );
            if denied > 0 {
                let _ = err.write_all(super::term::denied_line(path, denied).as_bytes());
            }
        } else {
            let _ = err.flush();
            let mut out = stdout.lock();
            let _ = writeln!(
                out,
                "{}: valid {}{}",
                path.display(),
                check.summary,
                if warnings > 0 {
                    format!(" ({})", plural(warnings, "warning", "warnings"))
                } else {
                    String::new()
                }
            );
        }
    }
    if any_dir {
        let line = format!(
            "{}: {} valid, {} invalid{}\n",
            plural(files.len(), "file", "files"),
            files.len() - invalid,
            invalid,
            match skipped {
                0 => String::new(),
                n => format!(
                    "; {} skipped",
                    plural(n, "other YAML file", "other YAML files")
                ),
            }
        );
        if super::term::write_stdout(&line).is_err() {
            return Exit::Io;
        }
    }
    worst
}
