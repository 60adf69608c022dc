//! `disclose render`: the report set of one incident or of every incident under a directory,
//! rendered in memory and written as one set (see `output::write_set`).

use std::path::{Path, PathBuf};

use super::args::{RenderArgs, parse_list};
use super::evaluate::{Evaluated, When, evaluate_file, evaluate_incident, load_policies};
use super::summary::{find_batch, finish_batch};
use super::term::{note, stdout_layout, write_stdout};
use crate::diag::Color;
use crate::exit::Exit;
use crate::policy::set::PolicySet;

impl RenderArgs {
    fn when(&self) -> When<'_> {
        When {
            as_of: self.as_of.as_deref(),
            accept: &self.accept_unassessed,
        }
    }
}

/// What rendering needs besides the incident, prepared once (and shared by a batch's threads).
struct RenderKit {
    req: crate::report::produce::Request,
    templates: crate::report::templates::Templates,
    terms: crate::report::Terms,
    fonts: crate::render::pdf::FontSet,
}

/// A company template ran past its time or memory: Tera cannot be interrupted, so the run ends
/// here, with nothing written for the incident being rendered (sets already swapped into place in a
/// batch are complete; a set being staged is swept by the next run).
fn template_overrun(why: &str) {
    eprintln!(
        "error: {why}\n  = help: bound the template's loops; nothing was written for this incident"
    );
    std::process::exit(i32::from(Exit::BadInput.code()));
}

fn render_kit(a: &RenderArgs) -> Result<RenderKit, Exit> {
    use crate::report::{Lang, ReportKind, Terms, produce, templates::Templates};
    let (langs, english_asked) = if a.lang.is_empty() {
        (vec![Lang::Ko, Lang::En], false)
    } else {
        match parse_list(&a.lang, "--lang", "language", &["ko", "en"], Lang::parse)? {
            v if v.is_empty() => return Err(Exit::BadInput),
            v => {
                let en = v.contains(&Lang::En);
                (v, en)
            }
        }
    };
    let formats = match parse_list(
        &a.format,
        "--format",
        "format",
        &["md", "html", "pdf"],
        crate::render::OutputFormat::parse,
    )? {
        v if v.is_empty() => return Err(Exit::BadInput),
        v => v,
    };
    let reports: Vec<&str> = ReportKind::ALL.iter().map(|k| k.id()).collect();
    let only = match parse_list(&a.report, "--report", "report", &reports, ReportKind::parse)? {
        v if v.is_empty() => None,
        v => Some(v),
    };
    let fail = |err: &dyn std::fmt::Display| {
        eprintln!("error: {err}");
        Exit::BadInput
    };
    // Without a company's templates, only the reports asked for are parsed (all when none is
    // named: which ones an incident calls for is known only after it is evaluated).
    let templates = match a.templates.as_deref() {
        None => Templates::builtin_for(only.as_deref().unwrap_or(&ReportKind::ALL), &langs),
        Some(dir) => Templates::with_budget(
            Some(dir),
            Some(crate::report::templates::Budget {
                time: crate::report::templates::MAX_RENDER_TIME,
                memory: crate::report::templates::MAX_RENDER_MEMORY,
                on_overrun: template_overrun,
            }),
        ),
    }
    .map_err(|e| fail(&e))?;
    let terms = Terms::builtin().map_err(|e| fail(&e))?;
    let date = match a.date.as_deref().map(str::trim) {
        None => None,
        Some(d) => Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            eprintln!(
                "error: --date `{d}` is not a date\n  = help: write it as YYYY-MM-DD, e.g. 2025-11-29"
            );
            Exit::BadInput
        })?),
    };
    let fonts = match (
        formats.contains(&crate::render::OutputFormat::Pdf),
        a.font.as_slice(),
    ) {
        (true, [regular]) => {
            crate::render::pdf::FontSet::from_files(regular, None).map_err(|e| fail(&e))?
        }
        (true, [regular, bold, ..]) => {
            crate::render::pdf::FontSet::from_files(regular, Some(bold)).map_err(|e| fail(&e))?
        }
        _ => crate::render::pdf::FontSet::builtin(),
    };
    Ok(RenderKit {
        req: produce::Request {
            langs,
            formats,
            only,
            draft: a.draft,
            english_asked,
            date,
            attach: if a.no_attach_sources {
                produce::AttachSources::None
            } else if a.attach_sources {
                produce::AttachSources::All
            } else {
                produce::AttachSources::AuditReport
            },
        },
        templates,
        terms,
        fonts,
    })
}

/// The files a PDF can carry as its sources: the incident file as read, the `check --format
/// json` output, and each policy whose conditions the evaluation read (not those decided by
/// what they cover alone, see [`crate::policy::eval::PolicyOutcome::conditions_read`]), as its
/// file's text. Names are file names
/// without directories; a policy whose file name is already taken is prefixed with its id.
fn sources(
    path: &Path,
    e: &Evaluated,
    policies: &[&crate::policy::load::CompiledPolicy],
) -> Vec<crate::render::pdf::Attachment> {
    use crate::render::pdf::{Attachment, Relationship};
    let file_name = |p: &Path| {
        p.file_name().map_or_else(
            || "incident.yaml".to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let mut out = vec![
        Attachment {
            name: file_name(path),
            mime: "application/yaml".into(),
            description: "The incident file the document was made from".into(),
            relationship: Relationship::Source,
            bytes: e.text.clone().into_bytes(),
        },
        Attachment {
            name: "check.json".into(),
            mime: "application/json".into(),
            description: "The evaluation (disclose check --format json)".into(),
            relationship: Relationship::Data,
            bytes: crate::print::json(&e.evaluation).into_bytes(),
        },
    ];
    // The policies whose conditions were read against the incident; the others were decided by
    // what they cover alone, which check.json records.
    for outcome in e.evaluation.policies.iter().filter(|o| o.conditions_read()) {
        let Some(p) = policies.iter().find(|p| p.policy.id == outcome.id) else {
            continue;
        };
        let shown = p.origin.display();
        let mut name = file_name(Path::new(&shown));
        if out.iter().any(|a| a.name == name) {
            name = format!("{}-{name}", p.policy.id);
        }
        out.push(Attachment {
            name,
            mime: "application/yaml".into(),
            description: format!("Policy {} ({shown})", p.policy.id),
            relationship: Relationship::Source,
            bytes: p.text.as_bytes().to_vec(),
        });
    }
    out
}

/// Renders one evaluated incident and writes its files (all in memory first, so a failure
/// writes nothing). Messages go to `log`; returns the exit code and the files written.
fn render_evaluated(
    a: &RenderArgs,
    kit: &RenderKit,
    set: &PolicySet,
    path: &Path,
    e: &Evaluated,
    log: &mut String,
) -> (Exit, Vec<PathBuf>) {
    use crate::report::produce;
    use std::fmt::Write as _;
    let policies = set.policies();
    let prov = produce::provenance(
        path,
        &e.text,
        &e.evaluation,
        &policies,
        a.policies.as_deref(),
    );
    // The sources (with the check JSON) are gathered only when a PDF asked for will carry them.
    let attached = match kit.req.attach {
        produce::AttachSources::None => false,
        produce::AttachSources::All => true,
        produce::AttachSources::AuditReport => kit
            .req
            .only
            .as_ref()
            .is_none_or(|only| only.contains(&crate::report::ReportKind::AuditReport)),
    };
    let sources = if kit.req.formats.contains(&crate::render::OutputFormat::Pdf) && attached {
        sources(path, e, &policies)
    } else {
        Vec::new()
    };
    let files = match produce::produce(
        &kit.req,
        &e.incident,
        &e.evaluation,
        &policies,
        &kit.templates,
        &kit.terms,
        &kit.fonts,
        &prov,
        &sources,
    ) {
        Ok(f) => f,
        Err(produce::ProduceError::MissingContent { report, items }) => {
            let _ = writeln!(
                log,
                "error: {}: the {report} report cannot be completed: required content is missing",
                path.display()
            );
            for i in &items {
                let _ = writeln!(
                    log,
                    "  - {} ({}): fill `{}` in {}",
                    i.title,
                    i.citation,
                    i.field,
                    path.display()
                );
            }
            let _ = writeln!(
                log,
                "  = help: add the facts, or render with --draft to mark them as missing"
            );
            return (Exit::Findings, Vec::new());
        }
        Err(err) => {
            let _ = writeln!(log, "error: {}: {err}", path.display());
            return (Exit::BadInput, Vec::new());
        }
    };
    if kit.req.langs.contains(&crate::report::Lang::En)
        && !crate::incident::validate::missing_english(&e.incident).is_empty()
    {
        note(
            log,
            &format!(
                "{}: no English reports: the incident has no English text and no law outside Korea applies (--lang en asks for them)",
                path.display()
            ),
        );
    }
    let stem = crate::output::safe_file_stem(&e.incident.id);
    let named: Vec<(String, &[u8])> = files
        .iter()
        .map(|f| {
            let name = f.path.file_name().unwrap_or_default();
            (name.to_string_lossy().into_owned(), f.bytes.as_slice())
        })
        .collect();
    let written = match crate::output::write_set(
        &a.out,
        &stem,
        &named,
        &crate::report::produce::is_report_file_name,
    ) {
        Ok(w) => w,
        Err(crate::output::SetError::Refused(why)) => {
            let _ = writeln!(log, "error: {why}\n  = help: nothing was written");
            return (Exit::BadInput, Vec::new());
        }
        Err(err) => {
            let _ = writeln!(
                log,
                "error: {err}\n  = help: nothing was changed in {}: the previous reports, if any, are as they were",
                a.out.join(&stem).display()
            );
            return (Exit::Io, Vec::new());
        }
    };
    for p in &written.swept {
        note(
            log,
            &format!("removed {}, left by a run that was stopped", p.display()),
        );
    }
    if !written.dropped.is_empty() {
        note(
            log,
            &format!(
                "{}: removed {} of the previous run; this run does not produce {}",
                a.out.join(&stem).display(),
                written.dropped.join(", "),
                if written.dropped.len() == 1 {
                    "it"
                } else {
                    "them"
                }
            ),
        );
    }
    // The same contract as `check`: something missed or late is exit 1, also when every file
    // was written.
    let exit = if e.evaluation.has_findings() {
        Exit::Findings
    } else {
        Exit::Ok
    };
    (exit, written.files)
}

fn evaluating_now_note(a: &RenderArgs) {
    if a.as_of.is_none() && std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        let mut log = String::new();
        note(
            &mut log,
            "evaluating as of now; pass --as-of or set SOURCE_DATE_EPOCH for byte-identical output",
        );
        eprint!("{log}");
    }
}

pub(super) fn render(a: &RenderArgs, color: Color) -> Exit {
    let kit = match render_kit(a) {
        Ok(k) => k,
        Err(e) => return e,
    };
    evaluating_now_note(a);
    let (e, set) = match evaluate_file(
        &a.incident,
        a.policies.as_deref(),
        a.no_builtin,
        a.when(),
        color,
    ) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let mut log = String::new();
    let (exit, written) = render_evaluated(a, &kit, &set, &a.incident, &e, &mut log);
    eprint!("{log}");
    // The paths with --verbose, then one paragraph: status counts, the next deadline and where
    // the files are.
    let mut out = String::new();
    if a.verbose {
        for path in &written {
            out.push_str(&crate::yaml::visible(&path.display().to_string()));
            out.push('\n');
        }
    }
    if exit != Exit::BadInput && exit != Exit::Io || !written.is_empty() {
        let dir = a
            .out
            .join(crate::output::safe_file_stem(&e.incident.id))
            .display()
            .to_string();
        out.push_str(&crate::print::outcome(
            &e.evaluation,
            &e.incident,
            written.len(),
            &dir,
            stdout_layout(),
        ));
    }
    if let Err(err) = write_stdout(&out) {
        eprintln!("error: cannot write the result: {err}");
        return Exit::Io;
    }
    exit
}

pub(super) fn render_dir(a: &RenderArgs, color: Color) -> Exit {
    use std::collections::HashMap;
    let kit = match render_kit(a) {
        Ok(k) => k,
        Err(e) => return e,
    };
    let (files, walk_exit) = find_batch(&a.incident);
    if files.is_empty() {
        return walk_exit.exit;
    }
    evaluating_now_note(a);
    let Some(set) = load_policies(a.policies.as_deref(), a.no_builtin, false, color) else {
        return Exit::BadInput;
    };
    // Two files with one incident id would write the same report files: refuse them all,
    // whichever thread would get there first. Ids are ASCII and compared without case:
    // `CASE-1` and `case-1` are one directory on macOS and Windows.
    let mut by_id: HashMap<String, Vec<(&Path, String)>> = HashMap::new();
    for f in &files {
        if let Some(id) = crate::batch::sniff_id(f) {
            by_id
                .entry(id.to_ascii_lowercase())
                .or_default()
                .push((f, id));
        }
    }
    let (outcomes, elapsed) = crate::batch::run(&files, a.jobs, |path| {
        let mut log = String::new();
        let e = match evaluate_incident(path, &set, a.when(), color, &mut log) {
            Ok(e) => e,
            Err(exit) => {
                return crate::batch::Outcome::failed(path, exit, log);
            }
        };
        let shared: Vec<String> = by_id
            .get(&e.incident.id.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .filter(|(p, _)| *p != path)
            .map(|(p, id)| {
                if *id == e.incident.id {
                    p.display().to_string()
                } else {
                    format!("{} (`{id}`: ids that differ only in case name one directory on macOS and Windows)", p.display())
                }
            })
            .collect();
        if !shared.is_empty() {
            log.push_str(&format!(
                "error: {}: incident id `{}` is also the id of {}; their reports would overwrite each other\n  = help: give every incident its own id\n",
                path.display(),
                e.incident.id,
                shared.join(", ")
            ));
            return crate::batch::Outcome {
                path: path.to_path_buf(),
                exit: Exit::BadInput,
                log,
                row: vec![e.incident.id.clone()],
                json: None,
                text: String::new(),
            };
        }
        let (exit, written) = render_evaluated(a, &kit, &set, path, &e, &mut log);
        crate::batch::Outcome {
            path: path.to_path_buf(),
            exit,
            log,
            row: vec![
                e.incident.id.clone(),
                written.len().to_string(),
                crate::print::next_due(&e.evaluation, &e.incident),
            ],
            json: None,
            text: String::new(),
        }
    });
    finish_batch(
        &outcomes,
        &["FILE", "RESULT", "INCIDENT", "FILES", "NEXT DUE"],
        elapsed,
        walk_exit,
        true,
    )
}
