//! Importing incidents recorded elsewhere as draft incident files.
//!
//! An importer turns each source record into the text of one incident file in format
//! `disclose/incident@1`, marked `draft: true`. Whatever the source does not say but the format
//! requires (a time of day, a zone, a count, a contact address) is guessed, and every guess is
//! written twice: as a comment next to the field, and as an entry of `draft_assumptions`, so the
//! officer can find, confirm and remove each one. The text is produced by a small emitter
//! ([`emit`]) rather than a serializer, so that the comments can stand where they belong.
//!
//! [`veris`] reads VERIS records: the VERIS Community Database's JSON files and the flattened
//! JSON Lines transcription of them in `tests/fixtures/vcdb/`.

pub mod dates;
pub mod emit;
pub mod geo;
pub mod mapping;
pub mod veris;

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use veris::{VerisImporter, import_veris};

use crate::incident::DraftAssumption;

/// One imported record: the text of a draft incident file and what it assumed.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The incident id written in the file (unique among the records of one importer).
    pub id: String,
    /// The file name to write it under: `<id>.yaml`.
    pub file_name: String,
    /// The incident file's text.
    pub yaml: String,
    /// Every guess the importer made, as the file's `draft_assumptions` lists them.
    pub assumptions: Vec<DraftAssumption>,
    /// Where the record was read: the source name and its place in it.
    pub origin: String,
}

/// Where a record is in its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A line of a JSON Lines file (1-based).
    Line(usize),
    /// An element of a JSON array (1-based).
    Element(usize),
    /// The whole file, one record.
    Document,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Element(n) => write!(f, "record {n} of the array"),
            Place::Document => write!(f, "the record"),
        }
    }
}

/// Why a source could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A record (or the whole file) is not valid JSON.
    #[error("{source_name}: line {line}, column {column}: not valid JSON: {message}")]
    Json {
        /// The source's name, as given.
        source_name: String,
        /// 1-based line in the source.
        line: usize,
        /// 1-based column in that line.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// A record is JSON but not an object.
    #[error("{source_name}: {place}: expected a VERIS record (a JSON object), found {found}")]
    NotARecord {
        /// The source's name.
        source_name: String,
        /// Where the value is.
        place: Place,
        /// What was found instead (`an array`, `a string`, ...).
        found: &'static str,
    },
    /// A record lacks what no guess can replace.
    #[error("{source_name}: {place}: record `{record}`: {message}")]
    Record {
        /// The source's name.
        source_name: String,
        /// Where the record is.
        place: Place,
        /// The record's own id, if it has one.
        record: String,
        /// What is missing.
        message: String,
    },
    /// The source holds no record at all.
    #[error("{source_name}: no VERIS record found (the file is empty or holds only blank lines)")]
    Empty {
        /// The source's name.
        source_name: String,
    },
}

/// Writes each imported file to `dir/<file_name>` (creating `dir`), atomically, and returns the
/// paths written. Refuses, before writing anything, if a target file already exists (an officer
/// may have edited an earlier draft) or if two records share a file name; see
/// [`write_all_replacing`].
pub fn write_all(imported: &[Imported], dir: &Path) -> io::Result<Vec<PathBuf>> {
    write_files(imported, dir, false)
}

/// [`write_all`], replacing files that already exist (a `--force` option).
pub fn write_all_replacing(imported: &[Imported], dir: &Path) -> io::Result<Vec<PathBuf>> {
    write_files(imported, dir, true)
}

fn write_files(imported: &[Imported], dir: &Path, replace: bool) -> io::Result<Vec<PathBuf>> {
    let mut names = HashSet::new();
    let mut paths = Vec::with_capacity(imported.len());
    for i in imported {
        if !names.insert(i.file_name.to_lowercase()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "two records would be written to {}; import them with one importer so \
                     their ids are made unique",
                    i.file_name
                ),
            ));
        }
        let path = dir.join(&i.file_name);
        if !replace && path.exists() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} already exists; nothing was written", path.display()),
            ));
        }
        paths.push(path);
    }
    std::fs::create_dir_all(dir)?;
    for (i, path) in imported.iter().zip(&paths) {
        crate::output::write_atomic(path, i.yaml.as_bytes())?;
    }
    Ok(paths)
}
