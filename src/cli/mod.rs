//! The command line: argument definitions and the commands they run.
//!
//! `main.rs` only calls [`run`]. Commands write their results to stdout and problems to stderr,
//! and return an [`Exit`] code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::{self, Color, Report, Source};
use crate::document::{self, Kind};
use crate::incident;
use crate::policy::set::PolicySet;
use crate::yaml::Limits;

mod policy;
mod render;

pub use render::RenderArgs;

pub use crate::exit::Exit;

const EXIT_CODES: &str = "\
Exit codes:
  0  all files valid; all obligations met or pending in time; everything assessed
  1  something is missed, late or missing, or not assessed (no policy in force covers a place
     or role of the incident; see --accept-unassessed)
  2  bad input or usage: an unreadable or invalid file, or wrong arguments
  3  the output could not be written (full disk, no permission); nothing was changed";

/// disclose turns one YAML description of a personal-data breach into the filings and audit
/// papers the law requires, and says which legal obligations apply and what is due when.
#[derive(Debug, Parser)]
#[command(name = "disclose", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check incident and policy files; every problem names file:line:column and the fix.
    #[command(after_help = EXIT_CODES)]
    Validate {
        /// Files to check. Each is recognised by its `format:` key.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema of a file format, so editors complete and check the YAML.
    #[command(after_help = EXIT_CODES)]
    Schema {
        /// Which format.
        #[arg(value_enum)]
        kind: SchemaKind,
        /// `json` for the JSON Schema, `markdown` for the field reference in docs/.
        #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
        format: SchemaFormat,
    },
    /// Which obligations apply, when each is due, met / missed / pending, control gaps and
    /// penalty exposure, each with its citation.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// The incident file, or a directory: every incident file under it is checked in
        /// parallel and a summary table is printed (exit code: the worst of all files).
        incident: PathBuf,
        /// A directory of company policies: they replace built-in policies with the same id and
        /// add new ones.
        #[arg(long)]
        policies: Option<PathBuf>,
        /// Use only the policies in --policies, not the built-in ones.
        #[arg(long, requires = "policies")]
        no_builtin: bool,
        /// The time to evaluate at (RFC 3339, or a local time read in the incident's zone):
        /// the state of knowledge then, so actions dated after it are ignored. Default:
        /// SOURCE_DATE_EPOCH if set, else now.
        #[arg(long)]
        as_of: Option<String>,
        /// Places or roles handled outside disclose, comma-separated (`US-OH,US-IL`, an exchange
        /// or a role): their not-assessed findings are still listed but no longer make the exit
        /// code 1.
        #[arg(long, value_delimiter = ',', value_name = "CODES")]
        accept_unassessed: Vec<String>,
        /// Output format. For a directory: `text` (the summary table) or `json`.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// For a directory: how many files to process at once, from 1 to 256 (default: one
        /// per core); never more than there are files.
        #[arg(long, short = 'j', value_parser = crate::batch::parse_jobs)]
        jobs: Option<usize>,
    },
    /// Write the reports the incident calls for: regulator notification, data-subject notice,
    /// public notice and the audit report, in Korean and English.
    #[command(after_help = EXIT_CODES)]
    Render(RenderArgs),
    /// The clock: every deadline in the incident's zone and UTC, soonest first.
    #[command(after_help = EXIT_CODES)]
    Deadlines {
        /// The incident file.
        incident: PathBuf,
        /// A directory of company policies (as for `check`).
        #[arg(long)]
        policies: Option<PathBuf>,
        /// The time to evaluate at (as for `check`).
        #[arg(long)]
        as_of: Option<String>,
        /// Places or roles handled outside disclose, comma-separated (`US-OH,US-IL`, an exchange
        /// or a role): their not-assessed findings are still listed but no longer make the exit
        /// code 1.
        #[arg(long, value_delimiter = ',', value_name = "CODES")]
        accept_unassessed: Vec<String>,
        /// Also write the deadlines as an iCalendar file.
        #[arg(long)]
        ics: Option<PathBuf>,
    },
    /// Policy files: run their tests, or list the incident view conditions read.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Turn records of an incident-sharing format into draft incident files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write a commented incident file to fill in.
    #[command(after_help = EXIT_CODES)]
    Init {
        /// Where to write it; standard output if not given.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// `import` subcommands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// VERIS records (one JSON record, an array, or JSON Lines) to draft incident files in
    /// format 1: every assumption is a YAML comment and an entry of `draft_assumptions`, and the
    /// drafts render only with --draft.
    #[command(after_help = EXIT_CODES)]
    Veris {
        /// `.json` or `.jsonl` files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the drafts.
        #[arg(long, default_value = "imported")]
        out: PathBuf,
        /// Replace draft files that already exist.
        #[arg(long)]
        force: bool,
    },
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people: soonest deadline first, with citations.
    Text,
    /// The documented JSON form, `disclose/check@1`.
    Json,
    /// JUnit XML, for CI dashboards.
    Junit,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// `disclose policy ...`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Run the tests in policy files (the built-in policies when no path is given).
    #[command(after_help = EXIT_CODES)]
    Test {
        /// A policy file or a directory of them.
        path: Option<PathBuf>,
    },
    /// Print the incident view that policy conditions read: every field and function.
    View,
    /// List the law library: each policy's family, version, what it covers, when it is in
    /// force, its rules (confirmed or not) and tests.
    #[command(after_help = EXIT_CODES)]
    List {
        /// A directory of company policies (as for `check`).
        #[arg(long)]
        policies: Option<PathBuf>,
        /// Only the policies in --policies, not the built-in ones.
        #[arg(long, requires = "policies")]
        no_builtin: bool,
        /// `text` for people, `json` (`disclose/policy-list@1`) for programs, `markdown` for
        /// docs/coverage.md.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

/// Output forms of `policy list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Text,
    /// The documented JSON form, `disclose/policy-list@1`.
    Json,
    /// The Markdown of docs/coverage.md.
    Markdown,
}

/// Formats with a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The incident file, `disclose/incident@1`.
    Incident,
    /// The policy file, `disclose/policy@1`.
    Policy,
}

/// Output forms of `schema`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    /// JSON Schema (draft 2020-12).
    Json,
    /// The Markdown field reference.
    Markdown,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Exit {
    let color = match cli.color {
        ColorChoice::Always => Color::Always,
        ColorChoice::Never => Color::Never,
        ColorChoice::Auto
            if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() =>
        {
            Color::Always
        }
        ColorChoice::Auto => Color::Never,
    };
    match cli.command {
        Command::Validate { files } => validate(&files, color),
        Command::Schema { kind, format } => schema(kind, format),
        Command::Init { out, force } => init(out.as_deref(), force),
        Command::Check {
            incident,
            policies,
            no_builtin,
            as_of,
            accept_unassessed,
            format,
            jobs,
        } => {
            let policies = policies.as_deref();
            let when = When {
                as_of: as_of.as_deref(),
                accept: &accept_unassessed,
            };
            if incident.is_dir() {
                check_dir(&incident, policies, no_builtin, when, format, jobs, color)
            } else {
                check(&incident, policies, no_builtin, when, format, color)
            }
        }
        Command::Render(args) if args.incident.is_dir() => render::render_dir(&args, color),
        Command::Render(args) => render::render(&args, color),
        Command::Deadlines {
            incident,
            policies,
            as_of,
            accept_unassessed,
            ics,
        } => deadlines(
            &incident,
            policies.as_deref(),
            When {
                as_of: as_of.as_deref(),
                accept: &accept_unassessed,
            },
            ics.as_deref(),
            color,
        ),
        Command::Policy(PolicyCommand::Test { path }) => {
            policy::policy_test(path.as_deref(), color)
        }
        Command::Policy(PolicyCommand::View) => policy::policy_view(),
        Command::Policy(PolicyCommand::List {
            policies,
            no_builtin,
            format,
        }) => policy::policy_list(policies.as_deref(), no_builtin, format, color),
        Command::Import(ImportCommand::Veris { files, out, force }) => {
            import_veris(&files, &out, force)
        }
    }
}

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
            }
        }
        Ok(Kind::Incident) => {
            let loaded = incident::load_mapped(&text, map, &limits);
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
                    format!("tests of policy {id} ({} tests)", t.tests.len()),
                ),
                Err(r) => (r, String::new()),
            };
            FileCheck {
                kind: Some(Kind::PolicyTests),
                text,
                report,
                summary,
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
            }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn validate(files: &[PathBuf], color: Color) -> Exit {
    let mut worst = Exit::Ok;
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    for path in files {
        let check = check_file(path);
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
            let _ = writeln!(
                err,
                "{}: {}, {}",
                path.display(),
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings")
            );
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
    worst
}

fn schema(kind: SchemaKind, format: SchemaFormat) -> Exit {
    let text = match (kind, format) {
        (SchemaKind::Incident, SchemaFormat::Json) => {
            let mut s = serde_json::to_string_pretty(&crate::schema::incident_schema())
                .expect("a JSON value always serializes");
            s.push('\n');
            s
        }
        (SchemaKind::Policy, SchemaFormat::Json) => {
            let mut s = serde_json::to_string_pretty(&crate::schema::policy_schema())
                .expect("a JSON value always serializes");
            s.push('\n');
            s
        }
        (SchemaKind::Policy, SchemaFormat::Markdown) => {
            eprintln!(
                "error: the policy reference is docs/policies.md; `--format markdown` is for the incident format"
            );
            return Exit::BadInput;
        }
        (SchemaKind::Incident, SchemaFormat::Markdown) => {
            crate::schema::incident_reference(&crate::schema::bundled_examples())
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            eprintln!("error: cannot write the schema: {e}");
            Exit::Io
        }
    }
}

fn init(out: Option<&Path>, force: bool) -> Exit {
    let text = crate::init::INCIDENT_TEMPLATE;
    let Some(path) = out else {
        print!("{text}");
        return Exit::Ok;
    };
    if path.exists() && !force {
        eprintln!(
            "error: {} already exists\n  = help: choose another --out, or add --force to overwrite it",
            path.display()
        );
        return Exit::BadInput;
    }
    match crate::output::write_atomic(path, text.as_bytes()) {
        Ok(()) => {
            eprintln!(
                "wrote {}: fill in the fields marked TODO, then run `disclose validate {}`",
                path.display(),
                path.display()
            );
            Exit::Ok
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            Exit::Io
        }
    }
}

fn print_problems(name: &Path, text: &str, report: &Report, color: Color) {
    let src = Source { name, text };
    eprint!("{}", diag::render_report(report, &src, color));
}

fn load_policies(dir: Option<&Path>, no_builtin: bool, color: Color) -> Option<PolicySet> {
    let set = match (dir, no_builtin) {
        (Some(d), true) => PolicySet::from_dir(d),
        (Some(d), false) => PolicySet::with_dir(d),
        (None, _) => PolicySet::builtin(),
    };
    for w in &set.warnings {
        print_problems(Path::new(&w.origin.display()), &w.text, &w.report, color);
    }
    if !set.failed.is_empty() {
        for f in &set.failed {
            print_problems(Path::new(&f.origin.display()), &f.text, &f.report, color);
        }
        eprintln!(
            "error: {} policy file{} could not be loaded; fix {} before evaluating",
            set.failed.len(),
            if set.failed.len() == 1 { "" } else { "s" },
            if set.failed.len() == 1 { "it" } else { "them" }
        );
        return None;
    }
    if set.is_empty() {
        eprintln!("error: no policy files found");
        return None;
    }
    Some(set)
}

/// Reads `--as-of`: RFC 3339, or a local time in `zone`; default SOURCE_DATE_EPOCH, else now.
pub fn parse_as_of(
    arg: Option<&str>,
    zone: chrono_tz::Tz,
) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    if let Some(a) = arg {
        return crate::incident::time::Timestamp::parse(a, Some(zone))
            .map(|t| t.instant())
            .map_err(|e| format!("--as-of: {e}"));
    }
    if let Some(epoch) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch
            .to_string_lossy()
            .trim()
            .parse()
            .map_err(|_| "SOURCE_DATE_EPOCH is not a number of seconds".to_string())?;
        return chrono::DateTime::from_timestamp(secs, 0)
            .map(|t| t.fixed_offset())
            .ok_or_else(|| "SOURCE_DATE_EPOCH is out of range".to_string());
    }
    Ok(chrono::Utc::now().fixed_offset())
}

/// A valid incident, evaluated: what `check`, `deadlines` and `render` share.
/// How to evaluate: at which time, and which not-assessed findings the user accepts.
#[derive(Clone, Copy)]
struct When<'a> {
    as_of: Option<&'a str>,
    accept: &'a [String],
}

struct Evaluated {
    text: String,
    incident: crate::incident::Incident,
    map: crate::yaml::SourceMap,
    evaluation: crate::policy::eval::Evaluation,
}

/// Loads, validates and evaluates one incident file against `set`. Diagnostics go to `log` (so
/// that parallel batch runs print each file's problems together).
fn evaluate_incident(
    path: &Path,
    set: &PolicySet,
    when: When<'_>,
    color: Color,
    log: &mut String,
) -> Result<Evaluated, Exit> {
    evaluate_checked(path, check_file(path), set, when, color, log)
}

/// [`evaluate_incident`] of a file already read and checked.
fn evaluate_checked(
    path: &Path,
    checked: FileCheck,
    set: &PolicySet,
    when: When<'_>,
    color: Color,
    log: &mut String,
) -> Result<Evaluated, Exit> {
    use std::fmt::Write as _;
    let src = Source {
        name: path,
        text: &checked.text,
    };
    if checked.kind != Some(Kind::Incident) || checked.report.has_errors() {
        log.push_str(&diag::render_report(&checked.report, &src, color));
        if checked.kind == Some(Kind::Policy) {
            let _ = writeln!(
                log,
                "error: {} is a policy file; this command takes an incident file",
                path.display()
            );
        } else {
            let _ = writeln!(
                log,
                "{}: the incident is not valid; fix it and run the command again",
                path.display()
            );
        }
        return Err(Exit::BadInput);
    }
    if checked.report.warnings() > 0 {
        log.push_str(&diag::render_report(&checked.report, &src, color));
    }
    let loaded = incident::load_str(&checked.text);
    let map = loaded.map;
    let Some(inc) = loaded.incident else {
        return Err(Exit::BadInput);
    };
    let as_of = parse_as_of(when.as_of, inc.timezone.0).map_err(|e| {
        let _ = writeln!(log, "error: {e}");
        Exit::BadInput
    })?;
    let discovered = inc.timeline.discovered_at.instant();
    if as_of < discovered {
        let zone = inc.timezone.0;
        let _ = writeln!(
            log,
            "warning: {}: evaluating as of {}, before the breach was discovered at {}\n  = note: the evaluation is the state of knowledge at that time: actions dated after it are ignored\n  = help: check --as-of (or SOURCE_DATE_EPOCH); a time without an offset is read in the incident's zone, {}",
            path.display(),
            as_of.with_timezone(&zone).to_rfc3339(),
            discovered.with_timezone(&zone).to_rfc3339(),
            zone.name()
        );
    }
    let mut evaluation = crate::policy::eval::evaluate(&set.policies(), &inc, as_of);
    for code in evaluation.accept_unassessed(when.accept) {
        let _ = writeln!(
            log,
            "warning: {}: --accept-unassessed {code} matches nothing that is not assessed",
            path.display()
        );
    }
    Ok(Evaluated {
        text: checked.text,
        incident: inc,
        map,
        evaluation,
    })
}

/// [`evaluate_incident`] for one file, printing its diagnostics; also returns the policies.
fn evaluate_file(
    path: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    when: When<'_>,
    color: Color,
) -> Result<(Evaluated, PolicySet), Exit> {
    // The incident first: its problems matter more than the policies' when both are wrong.
    let checked = check_file(path);
    let mut log = String::new();
    if checked.kind != Some(Kind::Incident) || checked.report.has_errors() {
        let set = PolicySet::default();
        let r = evaluate_checked(path, checked, &set, when, color, &mut log);
        eprint!("{log}");
        return r.map(|e| (e, set));
    }
    let Some(set) = load_policies(policies, no_builtin, color) else {
        return Err(Exit::BadInput);
    };
    let r = evaluate_checked(path, checked, &set, when, color, &mut log);
    eprint!("{log}");
    r.map(|e| (e, set))
}

/// The summary row of one evaluation: applicable, met, missed, pending, unknown, control gaps.
fn evaluation_counts(ev: &crate::policy::eval::Evaluation) -> Vec<String> {
    use crate::policy::eval::Status;
    let mut n = [0usize; 5];
    for o in &ev.obligations {
        let i = match o.status {
            Status::NotApplicable => continue,
            Status::Met { .. } => 1,
            Status::Missed { .. } => 2,
            Status::Pending { .. } => 3,
            _ => 4,
        };
        n[0] += 1;
        n[i] += 1;
    }
    let gaps = ev.controls.iter().filter(|c| c.status == "gap").count();
    n.iter()
        .map(usize::to_string)
        .chain([gaps.to_string()])
        .collect()
}

fn result_word(exit: Exit) -> &'static str {
    match exit {
        Exit::Ok => "ok",
        Exit::Findings => "findings",
        Exit::BadInput => "invalid",
        Exit::Io => "not written",
    }
}

/// Finds the incident files under `dir` and reports the walk's problems; `None` when there is
/// nothing to do.
fn find_batch(dir: &Path) -> (Vec<PathBuf>, Exit) {
    let found = crate::batch::find_incidents(dir);
    let mut exit = Exit::Ok;
    for (path, why) in &found.errors {
        eprintln!("error: {}: {why}", path.display());
        exit = Exit::BadInput;
    }
    if found.incidents.is_empty() {
        eprintln!(
            "error: no incident files under {} (an incident file is a .yaml or .yml file with `format: disclose/incident@1`)",
            dir.display()
        );
        exit = Exit::BadInput;
    }
    (found.incidents, exit)
}

/// Prints the outcomes' diagnostics in file order, then the summary table, and returns the
/// worst exit code.
fn finish_batch(
    outcomes: &[crate::batch::Outcome],
    headers: &[&str],
    elapsed: std::time::Duration,
    walk_exit: Exit,
    table_to_stdout: bool,
) -> Exit {
    let mut exit = walk_exit;
    for o in outcomes {
        eprint!("{}", o.log);
        exit = crate::exit::worst(exit, o.exit);
    }
    let rows: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            let mut r = vec![o.path.display().to_string(), result_word(o.exit).into()];
            r.extend(o.row.iter().cloned());
            r
        })
        .collect();
    let count = |e: Exit| outcomes.iter().filter(|o| o.exit == e).count();
    let summary = format!(
        "{} incident file{} in {:.2} s: {} ok, {} with findings, {} invalid{}\n",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        elapsed.as_secs_f64(),
        count(Exit::Ok),
        count(Exit::Findings),
        count(Exit::BadInput),
        match count(Exit::Io) {
            0 => String::new(),
            n => format!(", {n} not written"),
        },
    );
    let text = format!("{}{summary}", crate::batch::table(headers, &rows));
    if table_to_stdout {
        if write_stdout(&text).is_err() {
            return Exit::Io;
        }
    } else {
        eprint!("{text}");
    }
    exit
}

fn check_dir(
    dir: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    when: When<'_>,
    format: CheckFormat,
    jobs: Option<usize>,
    color: Color,
) -> Exit {
    if !matches!(format, CheckFormat::Text | CheckFormat::Json) {
        eprintln!(
            "error: a directory is checked with --format text or json\n  = help: check one file at a time for junit or sarif"
        );
        return Exit::BadInput;
    }
    let (files, walk_exit) = find_batch(dir);
    if files.is_empty() {
        return walk_exit;
    }
    let Some(set) = load_policies(policies, no_builtin, color) else {
        return Exit::BadInput;
    };
    let (outcomes, elapsed) = crate::batch::run(&files, jobs, |path| {
        let mut log = String::new();
        match evaluate_incident(path, &set, when, color, &mut log) {
            Ok(e) => {
                let exit = if e.evaluation.has_findings() {
                    Exit::Findings
                } else {
                    Exit::Ok
                };
                let json = (format == CheckFormat::Json)
                    .then(|| serde_json::from_str(&crate::print::json(&e.evaluation)).ok())
                    .flatten();
                let mut row = vec![e.incident.id.clone()];
                row.extend(evaluation_counts(&e.evaluation));
                crate::batch::Outcome {
                    path: path.to_path_buf(),
                    exit,
                    log,
                    row,
                    json,
                }
            }
            Err(exit) => crate::batch::Outcome {
                path: path.to_path_buf(),
                exit,
                log,
                row: vec![],
                json: None,
            },
        }
    });
    let headers = [
        "FILE",
        "RESULT",
        "INCIDENT",
        "APPLICABLE",
        "MET",
        "MISSED",
        "PENDING",
        "UNKNOWN",
        "GAPS",
    ];
    if format == CheckFormat::Json {
        let files: Vec<serde_json::Value> = outcomes
            .iter()
            .map(|o| {
                let mut v = serde_json::json!({
                    "path": o.path.display().to_string(),
                    "exit": o.exit.code(),
                    "result": result_word(o.exit),
                });
                if let Some(j) = &o.json {
                    v["check"] = j.clone();
                }
                v
            })
            .collect();
        let doc = serde_json::json!({
            "format": "disclose/check-batch@1",
            "tool": format!("disclose {}", crate::VERSION),
            "files": files,
        });
        let out = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
        if write_stdout(&out).is_err() {
            return Exit::Io;
        }
        return finish_batch(&outcomes, &headers, elapsed, walk_exit, false);
    }
    finish_batch(&outcomes, &headers, elapsed, walk_exit, true)
}

fn check(
    path: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    when: When<'_>,
    format: CheckFormat,
    color: Color,
) -> Exit {
    let e = match evaluate_file(path, policies, no_builtin, when, color) {
        Ok((e, _)) => e,
        Err(code) => return code,
    };
    let (ev, inc) = (&e.evaluation, &e.incident);
    let out = match format {
        CheckFormat::Text => crate::print::text(ev, inc, color_stdout(color)),
        CheckFormat::Json => crate::print::json(ev),
        CheckFormat::Junit => crate::print::junit(ev, inc),
        CheckFormat::Sarif => crate::print::sarif(ev, &path.display().to_string(), &e.map),
    };
    if let Err(err) = write_stdout(&out) {
        eprintln!("error: cannot write the result: {err}");
        return Exit::Io;
    }
    if ev.has_findings() {
        Exit::Findings
    } else {
        Exit::Ok
    }
}

fn deadlines(
    path: &Path,
    policies: Option<&Path>,
    when: When<'_>,
    ics: Option<&Path>,
    color: Color,
) -> Exit {
    let e = match evaluate_file(path, policies, false, when, color) {
        Ok((e, _)) => e,
        Err(code) => return code,
    };
    if let Some(file) = ics {
        let cal = crate::print::ics(&e.evaluation, &e.incident);
        if let Err(err) = crate::output::write_atomic(file, cal.as_bytes()) {
            eprintln!("error: cannot write {}: {err}", file.display());
            return Exit::Io;
        }
    }
    if write_stdout(&crate::print::deadlines_text(&e.evaluation, &e.incident)).is_err() {
        return Exit::Io;
    }
    if e.evaluation.has_findings() {
        Exit::Findings
    } else {
        Exit::Ok
    }
}

fn color_stdout(diag_color: Color) -> Color {
    match diag_color {
        Color::Always if std::io::stdout().is_terminal() => Color::Always,
        _ => Color::Never,
    }
}

fn write_stdout(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

fn parse_list<T>(
    values: &[String],
    what: &str,
    allowed: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, Exit> {
    let mut out = Vec::new();
    for v in values.iter().filter(|v| !v.trim().is_empty()) {
        match parse(v) {
            Some(x) => out.push(x),
            None => {
                eprintln!("error: unknown {what} `{v}`\n  = help: use {allowed}");
                return Err(Exit::BadInput);
            }
        }
    }
    Ok(out)
}

/// Largest VERIS file `import` reads (VCDB exports are JSON Lines of a few KiB per record).
const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

fn import_veris(files: &[PathBuf], out: &Path, force: bool) -> Exit {
    let mut importer = crate::import::VerisImporter::new();
    let mut imported = Vec::new();
    for f in files {
        let text = match crate::document::read_bounded(f, MAX_IMPORT_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|_| "the file is not valid UTF-8".into()))
        {
            Ok(t) => t,
            Err(e) => {
                eprintln!(
                    "error: {}: {e}\n  = help: give a VERIS JSON or JSON Lines file of at most {MAX_IMPORT_BYTES} bytes (split a larger one)",
                    f.display()
                );
                return Exit::BadInput;
            }
        };
        match importer.import(&text, &f.display().to_string()) {
            Ok(records) => imported.extend(records),
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::BadInput;
            }
        }
    }
    let written = if force {
        crate::import::write_all_replacing(&imported, out)
    } else {
        crate::import::write_all(&imported, out)
    };
    match written {
        Ok(paths) => {
            for p in &paths {
                println!("{}", p.display());
            }
            let assumptions: usize = imported.iter().map(|i| i.assumptions.len()).sum();
            eprintln!(
                "{} record{} imported to {} as drafts ({assumptions} assumptions, each a comment and a `draft_assumptions` entry); confirm the facts, then render with --draft or remove `draft: true`",
                paths.len(),
                if paths.len() == 1 { "" } else { "s" },
                out.display()
            );
            Exit::Ok
        }
        Err(e) => {
            eprintln!("error: cannot write the drafts to {}: {e}", out.display());
            if matches!(
                e.kind(),
                std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::InvalidInput
            ) {
                Exit::BadInput
            } else {
                Exit::Io
            }
        }
    }
}
