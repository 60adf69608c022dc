//! disclose: turns one YAML description of a personal-data breach into the filings and audit
//! papers the law requires.
//!
//! The pipeline is visible in the module layout:
//! [`incident`] (model, loading, validation) → `policy` (rule files, conditions, deadlines,
//! evaluation) → `report` (context, templates, i18n) → `render` (Markdown, HTML, PDF).
//! [`yaml`] is the one place YAML is parsed, [`diag`] formats problems for people, and
//! [`document`] recognises what kind of file it was given. The binary (`src/main.rs`) only
//! parses arguments and calls [`cli`].

pub mod batch;
pub mod cli;
pub mod diag;
pub mod document;
pub mod exit;
pub mod import;
pub mod incident;
pub mod init;
pub mod output;
pub mod policy;
pub mod print;
pub mod render;
pub mod report;
pub mod schema;
pub mod yaml;

/// The tool's version, as reports' provenance blocks give it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
