//! `disclose init`: writes the commented incident template, to standard output or atomically to
//! a file that is not overwritten without `--force`.

use std::path::Path;

use crate::exit::Exit;

pub(super) fn init(out: Option<&Path>, force: bool) -> Exit {
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
