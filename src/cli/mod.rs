//! The command line: what each command does, one file per command.
//!
//! `main.rs` only parses the arguments ([`Cli`], defined in `args`) and calls [`run`], which
//! picks the command. Commands write their results to standard output and problems to standard
//! error, and return an [`Exit`] code (`crate::exit`, shared with the batch runner).
//!
//! - `args`: the argument types of every command;
//! - `validate`, `check` (one file or a directory), `deadlines`, `render`, `diff`, `schema`,
//!   `init`, `import`, `policy`, `completions`, `man`: the commands;
//! - `evaluate`: loading policies and evaluating one incident, shared by `check`, `deadlines`
//!   and `render`; `summary`: the directory walk and summary table of `check DIR` and
//!   `render DIR`; `term`: writing to standard output and standard error, and the warning
//!   mode of `--quiet` and `--deny-warnings`.

use std::io::IsTerminal;

use crate::diag::Color;

mod args;
mod check;
mod completions;
mod deadlines;
mod diff;
mod evaluate;
mod glyphs;
mod import;
mod init;
mod man;
mod policy;
mod render;
mod schema;
mod summary;
mod term;
mod validate;

pub use args::{
    CheckFormat, Cli, ColorChoice, Command, DiffFormat, ImportCommand, ListFormat, PolicyCommand,
    RenderArgs, SchemaFormat, SchemaKind,
};
pub use evaluate::parse_as_of;
pub use validate::{FileCheck, check_file};

pub use crate::exit::Exit;

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
    term::set_output(cli.color, cli.width);
    term::set_warnings(match (cli.quiet, cli.deny_warnings) {
        (_, true) => term::Warnings::Deny,
        (true, false) => term::Warnings::Quiet,
        (false, false) => term::Warnings::Show,
    });
    match cli.command {
        Command::Validate { files } => validate::validate(&files, color),
        Command::Schema { kind, format } => schema::schema(kind, format),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { command, out } => man::man(&command, out.as_deref()),
        Command::Init { out, force, schema } => init::init(out.as_deref(), force, &schema),
        Command::Check {
            incident,
            policies,
            no_builtin,
            as_of,
            accept_unassessed,
            format,
            verbose,
            brief,
            jobs,
        } => {
            let policies = policies.as_deref();
            let opts = crate::print::TextOptions { verbose, brief };
            let when = evaluate::When {
                as_of: as_of.as_deref(),
                accept: &accept_unassessed,
            };
            if incident.is_dir() {
                check::check_dir(&incident, policies, no_builtin, when, format, jobs, color)
            } else {
                check::check(&incident, policies, no_builtin, when, format, opts, color)
            }
        }
        Command::Render(args) if args.incident.is_dir() => render::render_dir(&args, color),
        Command::Render(args) => render::render(&args, color),
        Command::Diff {
            old,
            new,
            policies,
            no_builtin,
            as_of,
            format,
        } => diff::diff(
            &old,
            &new,
            policies.as_deref(),
            no_builtin,
            as_of.as_deref(),
            format,
            color,
        ),
        Command::Deadlines {
            incident,
            policies,
            as_of,
            accept_unassessed,
            ics,
            jobs,
        } => {
            let when = evaluate::When {
                as_of: as_of.as_deref(),
                accept: &accept_unassessed,
            };
            if incident.is_dir() {
                deadlines::deadlines_dir(
                    &incident,
                    policies.as_deref(),
                    when,
                    ics.as_deref(),
                    jobs,
                    color,
                )
            } else {
                deadlines::deadlines(&incident, policies.as_deref(), when, ics.as_deref(), color)
            }
        }
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
            import::import_veris(&files, &out, force)
        }
    }
}
