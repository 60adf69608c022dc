//! The argument types of every command, apart from what the commands do.
//!
//! clap derives the parser from these types; `disclose completions` and `disclose man` derive
//! their output from the same definitions, so help, completions and man pages cannot drift
//! apart.
//! [`parse_list`] reads the comma-separated lists (`--lang ko,en`) the same way for every flag.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::exit::Exit;

pub(super) const EXIT_CODES: &str = "\
Exit codes:
  0  all files valid; all obligations met or pending in time; everything assessed
  1  something is missed, late or missing, or not assessed (no policy in force covers a place
     or role of the incident; see --accept-unassessed)
  2  bad input or usage: an unreadable or invalid file, or wrong arguments
  3  the output could not be written (full disk, no permission); nothing was changed";

pub(super) const DIFF_EXIT_CODES: &str = "\
Exit codes (as for diff(1)):
  0  the two versions state the same facts (comments and layout aside)
  1  they differ: the changes are printed
  2  bad input or usage: an unreadable or invalid file, or wrong arguments";

/// disclose turns one YAML description of a personal-data breach into the filings and audit
/// papers the law requires, and says which legal obligations apply and what is due when.
#[derive(Debug, Parser)]
#[command(name = "disclose", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// When to colour: diagnostics on standard error, statuses on standard output. `auto`
    /// colours only a terminal, and nothing when NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Wrap text output at this many columns; 0 never wraps. Default: the terminal's width (or
    /// COLUMNS) on a terminal; in a pipe or a file lines are never wrapped.
    #[arg(long, global = true, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Print errors only: no warnings, no notes.
    #[arg(long, short = 'q', global = true, conflicts_with = "deny_warnings")]
    pub quiet: bool,
    /// Treat warnings as errors: a file with a warning is refused with exit code 2 (for CI).
    #[arg(long, global = true)]
    pub deny_warnings: bool,
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
        /// Files to check, each recognised by its `format:` key; a directory stands for every
        /// file of the tool's formats under it (other YAML is skipped), with a summary line.
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
        /// Places or roles handled outside disclose, comma-separated (`US-AS,US-MP`, an exchange
        /// or a role): their not-assessed findings are still listed but no longer make the exit
        /// code 1.
        #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = parse_code)]
        accept_unassessed: Vec<String>,
        /// Output format. For a directory: `text` (the summary table) or `json`.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Text: also list the laws that do not apply or are not in force and the controls that
        /// pass (by default they are counted in one line each).
        #[arg(long, short = 'v', conflicts_with = "brief")]
        verbose: bool,
        /// Text: one line per obligation (and per not-assessed finding), then the counts.
        #[arg(long)]
        brief: bool,
        /// For a directory: how many files to process at once, from 1 to 256 (default: one
        /// per core); never more than there are files.
        #[arg(long, short = 'j', value_parser = crate::batch::parse_jobs)]
        jobs: Option<usize>,
    },
    /// Write the reports the incident calls for: regulator notification, data-subject notice,
    /// public notice and the audit report, in Korean and English.
    #[command(after_help = EXIT_CODES)]
    Render(RenderArgs),
    /// What changed between two versions of an incident file: the facts, field by field, and
    /// the laws, obligations, statuses and due times that change with them (both versions
    /// evaluated with the same policies at the same time).
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff {
        /// The earlier version of the incident file.
        old: PathBuf,
        /// The later version (e.g. the supplementary report's).
        new: PathBuf,
        /// A directory of company policies (as for `check`).
        #[arg(long)]
        policies: Option<PathBuf>,
        /// Use only the policies in --policies, not the built-in ones.
        #[arg(long, requires = "policies")]
        no_builtin: bool,
        /// The time to evaluate both versions at (as for `check`; a local time is read in the
        /// new version's zone).
        #[arg(long)]
        as_of: Option<String>,
        /// Output format: `text`, or the documented JSON form `disclose/diff@1`.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// The clock: every deadline in the incident's zone and UTC, soonest first.
    #[command(after_help = EXIT_CODES)]
    Deadlines {
        /// The incident file, or a directory: the clock of every incident file under it, in
        /// file order, then a summary table with each file's next time due.
        incident: PathBuf,
        /// A directory of company policies (as for `check`).
        #[arg(long)]
        policies: Option<PathBuf>,
        /// The time to evaluate at (as for `check`).
        #[arg(long)]
        as_of: Option<String>,
        /// Places or roles handled outside disclose, comma-separated (`US-AS,US-MP`, an exchange
        /// or a role): their not-assessed findings are still listed but no longer make the exit
        /// code 1.
        #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = parse_code)]
        accept_unassessed: Vec<String>,
        /// Also write the deadlines as an iCalendar file (one incident file only).
        #[arg(long)]
        ics: Option<PathBuf>,
        /// For a directory: how many files to process at once, from 1 to 256 (default: one
        /// per core); never more than there are files.
        #[arg(long, short = 'j', value_parser = crate::batch::parse_jobs)]
        jobs: Option<usize>,
    },
    /// Policy files: run their tests, or list the incident view conditions read.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Turn records of an incident-sharing format into draft incident files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print the shell completion script for bash, zsh, fish, PowerShell or Elvish.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page in roff (the tool's, or a command's), or write every page with --out.
    #[command(after_help = EXIT_CODES)]
    Man {
        /// The command whose page to print, e.g. `render` or `policy list`; none for the
        /// tool's own page.
        command: Vec<String>,
        /// Write one page per command to this directory (disclose.1, disclose-render.1, ...).
        #[arg(long, value_name = "DIR")]
        out: Option<std::path::PathBuf>,
    },
    /// Write a commented incident file to fill in.
    #[command(after_help = EXIT_CODES)]
    Init {
        /// Where to write it; standard output if not given.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
        /// The JSON Schema the first line points editors at: a path relative to the incident
        /// file, or a URL. Write it with `disclose schema incident > incident.schema.json`.
        #[arg(long, value_name = "PATH", default_value = crate::init::DEFAULT_SCHEMA)]
        schema: String,
    },
}

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The incident file, or a directory: every incident file under it is rendered in
    /// parallel, each to OUT/<incident-id>/, and a summary table is printed.
    pub incident: PathBuf,
    /// Languages, comma-separated (default: ko,en; English is left out for an incident with no
    /// English text when no law outside Korea applies).
    #[arg(long, value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Formats, comma-separated: md, html, pdf.
    #[arg(long, value_delimiter = ',', default_value = "md,html,pdf")]
    pub format: Vec<String>,
    /// Only these reports (regulator_notification, subject_notice, public_notice,
    /// audit_report, and the English-only sec_8k_item_1_05, gdpr_art33_notification,
    /// gdpr_art34_communication, us_state_consumer_notice); default: every report the incident
    /// calls for.
    #[arg(long, value_delimiter = ',')]
    pub report: Vec<String>,
    /// Output directory; reports go to OUT/<incident-id>/<report>.<lang>.<ext>.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// List every file written, one path a line, before the summary.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// The time to evaluate at (as for `check`). Set it, or SOURCE_DATE_EPOCH, for
    /// byte-identical output.
    #[arg(long)]
    pub as_of: Option<String>,
    /// The notice date printed on letters and notices, YYYY-MM-DD (default: the date the
    /// recorded notice went out, else the --as-of date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Places or roles handled outside disclose (as for `check`).
    #[arg(long, value_delimiter = ',', value_name = "CODES", value_parser = parse_code)]
    pub accept_unassessed: Vec<String>,
    /// A directory of company policies (as for `check`).
    #[arg(long)]
    pub policies: Option<PathBuf>,
    /// Use only the policies in --policies, not the built-in ones.
    #[arg(long, requires = "policies")]
    pub no_builtin: bool,
    /// A directory of company templates (`ko/*.md.tera`, `en/*.md.tera`) overriding the
    /// built-in ones by name.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Render a draft: missing statutory items are marked instead of failing, and every
    /// document is watermarked as a draft.
    #[arg(long)]
    pub draft: bool,
    /// Embed the sources (the incident file, the `check` JSON, each policy file whose conditions were read) in
    /// every PDF, letters included (default: in the audit report only, as PDF/A-3a).
    #[arg(long, conflicts_with = "no_attach_sources")]
    pub attach_sources: bool,
    /// Embed no sources, not even in the audit report.
    #[arg(long)]
    pub no_attach_sources: bool,
    /// A company font for PDFs instead of the embedded NanumGothic: REGULAR.ttf[,BOLD.ttf].
    #[arg(long, value_delimiter = ',', num_args = 1..=2)]
    pub font: Vec<PathBuf>,
    /// For a directory: how many incidents to render at once, from 1 to 256 (default: one per
    /// core); never more than there are files.
    #[arg(long, short = 'j', value_parser = crate::batch::parse_jobs)]
    pub jobs: Option<usize>,
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

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people: facts, then laws and obligations.
    Text,
    /// The documented JSON form, `disclose/diff@1`.
    Json,
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

/// One code of `--accept-unassessed`, trimmed; an empty item (`US-AS,,US-MP`, a comma at either
/// end) is refused rather than matched against nothing.
fn parse_code(s: &str) -> Result<String, String> {
    let code = s.trim();
    if code.is_empty() {
        return Err(
            "an empty item: separate the codes by single commas with none at either end, e.g. `US-AS,US-MP`".into(),
        );
    }
    Ok(code.to_owned())
}

pub(super) fn parse_list<T>(
    values: &[String],
    flag: &str,
    what: &str,
    allowed: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, Exit> {
    let names = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let blank = |v: &String| v.trim().is_empty();
    if values.iter().any(blank) && !values.iter().all(blank) {
        // `md,,pdf` or `md,`: most likely a name left out; say so rather than guess.
        eprintln!(
            "error: {flag} `{}` has an empty item\n  = help: give one or more of {names}, separated by single commas with none at either end, e.g. {flag} {}",
            values.join(","),
            allowed.first().copied().unwrap_or_default()
        );
        return Err(Exit::BadInput);
    }
    let mut out = Vec::new();
    for v in values.iter().filter(|v| !blank(v)) {
        match parse(v.trim()) {
            Some(x) => out.push(x),
            None => {
                let hint = match crate::yaml::did_you_mean(v.trim(), allowed.iter().copied()) {
                    Some(guess) => format!("{guess} (the {what}s are {names})"),
                    None => format!("use {names}"),
                };
                eprintln!("error: unknown {what} `{v}` in {flag}\n  = help: {hint}");
                return Err(Exit::BadInput);
            }
        }
    }
    if out.is_empty() && !values.is_empty() {
        let given = values.join(",");
        let problem = if given.trim().is_empty() {
            format!("{flag} is empty")
        } else {
            format!("{flag} `{given}` names no {what}")
        };
        eprintln!(
            "error: {problem}\n  = help: give one or more of {names}, separated by commas, e.g. {flag} {}",
            allowed.first().copied().unwrap_or_default()
        );
        return Err(Exit::BadInput);
    }
    Ok(out)
}
