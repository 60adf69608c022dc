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

/// Formats with a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The incident file, `disclose/incident@1`.
    Incident,
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
        Ok(Kind::Policy) => {
            report.push(
                diag::Diagnostic::error(
                    "policy files cannot be checked by this version of disclose yet",
                    map.pos("format"),
                )
                .hint(
                    "policy support arrives with the policy engine; check incident files for now",
                ),
            );
            FileCheck {
                kind: Some(Kind::Policy),
                text,
                report,
                summary: String::new(),
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
