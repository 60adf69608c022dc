//! `disclose import veris`: VERIS records to draft incident files (see [`crate::import`]).
//!
//! Input files are read with a size bound; the drafts are written without replacing existing
//! files unless `--force` is given.

use std::path::{Path, PathBuf};

use crate::exit::Exit;

/// Largest VERIS file `import` reads (VCDB exports are JSON Lines of a few KiB per record).
pub(super) const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

pub(super) fn import_veris(files: &[PathBuf], out: &Path, force: bool) -> Exit {
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
                "{} record{} imported to {} as drafts ({assumptions} assumption{}, each a comment and a `draft_assumptions` entry); confirm the facts, then render with --draft or remove `draft: true`",
                paths.len(),
                if paths.len() == 1 { "" } else { "s" },
                out.display(),
                if assumptions == 1 { "" } else { "s" }
            );
            Exit::Ok
        }
        Err(e) => {
            eprintln!("error: cannot write the drafts to {}: {e}", out.display());
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                eprintln!(
                    "  = help: pass --force to replace the existing drafts (check first that nobody has edited them), or choose another --out"
                );
            }
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
