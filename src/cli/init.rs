//! `disclose init`: writes the commented incident template, to standard output or atomically to
//! a file that is not overwritten without `--force`. Its first line points editors at the JSON
//! Schema (`--schema`, see [`crate::init::incident_template`]).

use std::path::Path;

use crate::exit::Exit;

pub(super) fn init(out: Option<&Path>, force: bool, schema: &str) -> Exit {
    let Some(text) = crate::init::incident_template(schema) else {
        eprintln!(
            "error: --schema `{}` cannot stand on the file's first line: it is empty, has spaces around it, or holds a control or invisible character\n  = help: give a path relative to the incident file, such as `{}`, or a URL",
            schema.escape_debug(),
            crate::init::DEFAULT_SCHEMA
        );
        return Exit::BadInput;
    };
    let Some(path) = out else {
        return match super::term::write_stdout(&text) {
            Ok(()) => Exit::Ok,
            Err(e) => {
                eprintln!("error: cannot write the template: {e}");
                Exit::Io
            }
        };
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
