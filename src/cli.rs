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

/// Exit codes, as the product specification fixes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything is in order: every file valid; every obligation met or pending in time.
    Ok = 0,
    /// Something is missed, late or missing.
    Findings = 1,
    /// Bad input or usage: a file that cannot be read or is invalid, or wrong arguments.
    BadInput = 2,
}

const EXIT_CODES: &str = "\
Exit codes:
  0  all files valid; all obligations met or pending in time
  1  something is missed, late or missing
  2  bad input or usage: an unreadable or invalid file, or wrong arguments";

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
        /// The incident file.
        incident: PathBuf,
        /// A directory of company policies: they replace built-in policies with the same id and
        /// add new ones.
        #[arg(long)]
        policies: Option<PathBuf>,
        /// Use only the policies in --policies, not the built-in ones.
        #[arg(long, requires = "policies")]
        no_builtin: bool,
        /// The time to evaluate at (RFC 3339, or a local time read in the incident's zone).
        /// Default: SOURCE_DATE_EPOCH if set, else now.
        #[arg(long)]
        as_of: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
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
        /// Also write the deadlines as an iCalendar file.
        #[arg(long)]
        ics: Option<PathBuf>,
    },
    /// Policy files: run their tests, or list the incident view conditions read.
    #[command(subcommand)]
    Policy(PolicyCommand),
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
            format,
        } => check(
            &incident,
            policies.as_deref(),
            no_builtin,
            as_of.as_deref(),
            format,
            color,
        ),
        Command::Render(args) => render(&args, color),
        Command::Deadlines {
            incident,
            policies,
            as_of,
            ics,
        } => deadlines(
            &incident,
            policies.as_deref(),
            as_of.as_deref(),
            ics.as_deref(),
            color,
        ),
        Command::Policy(PolicyCommand::Test { path }) => policy_test(path.as_deref(), color),
        Command::Policy(PolicyCommand::View) => policy_view(),
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
            Exit::BadInput
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
            Exit::BadInput
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

/// A valid incident, evaluated: what `check` and `deadlines` share.
struct Evaluated {
    text: String,
    set: PolicySet,
    incident: crate::incident::Incident,
    map: crate::yaml::SourceMap,
    evaluation: crate::policy::eval::Evaluation,
}

fn evaluate_file(
    path: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    as_of: Option<&str>,
    color: Color,
) -> Result<Evaluated, Exit> {
    let checked = check_file(path);
    if checked.kind != Some(Kind::Incident) || checked.report.has_errors() {
        print_problems(path, &checked.text, &checked.report, color);
        if checked.kind == Some(Kind::Policy) {
            eprintln!(
                "error: {} is a policy file; this command takes an incident file",
                path.display()
            );
        } else {
            eprintln!(
                "{}: the incident is not valid; fix it and run the command again",
                path.display()
            );
        }
        return Err(Exit::BadInput);
    }
    if checked.report.warnings() > 0 {
        print_problems(path, &checked.text, &checked.report, color);
    }
    let loaded = incident::load_str(&checked.text);
    let map = loaded.map;
    let Some(inc) = loaded.incident else {
        return Err(Exit::BadInput);
    };
    let Some(set) = load_policies(policies, no_builtin, color) else {
        return Err(Exit::BadInput);
    };
    let as_of = parse_as_of(as_of, inc.timezone.0).map_err(|e| {
        eprintln!("error: {e}");
        Exit::BadInput
    })?;
    let evaluation = crate::policy::eval::evaluate(&set.policies(), &inc, as_of);
    Ok(Evaluated {
        text: checked.text,
        set,
        incident: inc,
        map,
        evaluation,
    })
}

fn check(
    path: &Path,
    policies: Option<&Path>,
    no_builtin: bool,
    as_of: Option<&str>,
    format: CheckFormat,
    color: Color,
) -> Exit {
    let e = match evaluate_file(path, policies, no_builtin, as_of, color) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let (ev, inc) = (&e.evaluation, &e.incident);
    let out = match format {
        CheckFormat::Text => crate::findings::text(ev, inc, color_stdout(color)),
        CheckFormat::Json => crate::findings::json(ev),
        CheckFormat::Junit => crate::findings::junit(ev, inc),
        CheckFormat::Sarif => crate::findings::sarif(ev, &path.display().to_string(), &e.map),
    };
    if let Err(err) = write_stdout(&out) {
        eprintln!("error: cannot write the result: {err}");
        return Exit::BadInput;
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
    as_of: Option<&str>,
    ics: Option<&Path>,
    color: Color,
) -> Exit {
    let e = match evaluate_file(path, policies, false, as_of, color) {
        Ok(e) => e,
        Err(code) => return code,
    };
    if let Some(file) = ics {
        let cal = crate::findings::ics(&e.evaluation, &e.incident);
        if let Err(err) = crate::output::write_atomic(file, cal.as_bytes()) {
            eprintln!("error: cannot write {}: {err}", file.display());
            return Exit::BadInput;
        }
    }
    if write_stdout(&crate::findings::deadlines_text(&e.evaluation, &e.incident)).is_err() {
        return Exit::BadInput;
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

fn policy_test(path: Option<&Path>, color: Color) -> Exit {
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

fn policy_view() -> Exit {
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

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The incident file.
    pub incident: PathBuf,
    /// Languages, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "ko,en")]
    pub lang: Vec<String>,
    /// Formats, comma-separated: md, html, pdf.
    #[arg(long, value_delimiter = ',', default_value = "md,html,pdf")]
    pub format: Vec<String>,
    /// Only these reports (regulator_notification, subject_notice, public_notice,
    /// audit_report, and the English-only sec_8k_item_1_05, gdpr_art33_notification,
    /// us_state_consumer_notice); default: every report the incident calls for.
    #[arg(long, value_delimiter = ',')]
    pub report: Vec<String>,
    /// Output directory; reports go to OUT/<incident-id>/<report>.<lang>.<ext>.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// The time to evaluate at (as for `check`). Set it, or SOURCE_DATE_EPOCH, for
    /// byte-identical output.
    #[arg(long)]
    pub as_of: Option<String>,
    /// A directory of company policies (as for `check`).
    #[arg(long)]
    pub policies: Option<PathBuf>,
    /// A directory of company templates (`ko/*.md.tera`, `en/*.md.tera`) overriding the
    /// built-in ones by name.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Render a draft: missing statutory items are marked instead of failing, and every
    /// document is watermarked as a draft.
    #[arg(long)]
    pub draft: bool,
    /// A company font for PDFs instead of the embedded NanumGothic: REGULAR.ttf[,BOLD.ttf].
    #[arg(long, value_delimiter = ',', num_args = 1..=2)]
    pub font: Vec<PathBuf>,
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

fn render(a: &RenderArgs, color: Color) -> Exit {
    use crate::report::{Lang, ReportKind, Terms, produce, templates::Templates};
    let langs = match parse_list(&a.lang, "language", "`ko`, `en`", Lang::parse) {
        Ok(v) if !v.is_empty() => v,
        Ok(_) => return Exit::BadInput,
        Err(e) => return e,
    };
    let formats = match parse_list(
        &a.format,
        "format",
        "`md`, `html`",
        crate::render::OutputFormat::parse,
    ) {
        Ok(v) if !v.is_empty() => v,
        Ok(_) => return Exit::BadInput,
        Err(e) => return e,
    };
    let only = match parse_list(
        &a.report,
        "report",
        &ReportKind::ALL
            .iter()
            .map(|k| format!("`{}`", k.id()))
            .collect::<Vec<_>>()
            .join(", "),
        ReportKind::parse,
    ) {
        Ok(v) if v.is_empty() => None,
        Ok(v) => Some(v),
        Err(e) => return e,
    };
    if a.as_of.is_none() && std::env::var_os("SOURCE_DATE_EPOCH").is_none() {
        eprintln!(
            "note: evaluating as of now; pass --as-of or set SOURCE_DATE_EPOCH for byte-identical output"
        );
    }
    let e = match evaluate_file(
        &a.incident,
        a.policies.as_deref(),
        false,
        a.as_of.as_deref(),
        color,
    ) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let templates = match Templates::new(a.templates.as_deref()) {
        Ok(t) => t,
        Err(err) => {
            eprintln!("error: {err}");
            return Exit::BadInput;
        }
    };
    let terms = match Terms::builtin() {
        Ok(t) => t,
        Err(err) => {
            eprintln!("error: {err}");
            return Exit::BadInput;
        }
    };
    let fonts = if formats.contains(&crate::render::OutputFormat::Pdf) {
        match a.font.as_slice() {
            [] => crate::render::pdf::FontSet::builtin(),
            [regular] => match crate::render::pdf::FontSet::from_files(regular, None) {
                Ok(f) => f,
                Err(err) => {
                    eprintln!("error: {err}");
                    return Exit::BadInput;
                }
            },
            [regular, bold, ..] => {
                match crate::render::pdf::FontSet::from_files(regular, Some(bold)) {
                    Ok(f) => f,
                    Err(err) => {
                        eprintln!("error: {err}");
                        return Exit::BadInput;
                    }
                }
            }
        }
    } else {
        crate::render::pdf::FontSet::builtin()
    };
    let policies = e.set.policies();
    let prov = produce::provenance(
        &a.incident,
        &e.text,
        &e.evaluation,
        &policies,
        a.policies.as_deref(),
    );
    let req = produce::Request {
        langs,
        formats,
        only,
        draft: a.draft,
    };
    let files = match produce::produce(
        &req,
        &e.incident,
        &e.evaluation,
        &policies,
        &templates,
        &terms,
        &fonts,
        &prov,
    ) {
        Ok(f) => f,
        Err(produce::ProduceError::MissingContent { report, items }) => {
            eprintln!(
                "error: the {report} report cannot be completed: required content is missing"
            );
            for i in &items {
                eprintln!(
                    "  - {} ({}): fill `{}` in {}",
                    i.title,
                    i.citation,
                    i.field,
                    a.incident.display()
                );
            }
            eprintln!("  = help: add the facts, or render with --draft to mark them as missing");
            return Exit::Findings;
        }
        Err(err) => {
            eprintln!("error: {err}");
            return Exit::BadInput;
        }
    };
    for f in &files {
        let path = a.out.join(&f.path);
        if let Err(err) = crate::output::write_atomic(&path, &f.bytes) {
            eprintln!("error: cannot write {}: {err}", path.display());
            return Exit::BadInput;
        }
        println!("{}", path.display());
    }
    Exit::Ok
}
