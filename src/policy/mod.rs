//! Policies: rule files, conditions, calendars and deadlines, evaluation.
//!
//! [`model`] is the file format, [`structure`] checks a user's file against its schema,
//! [`load`] parses and compiles one file, [`expr`] holds the CEL
//! conditions and the incident view they read, [`calendar`] the business-day calendars,
//! [`cutoff`] the daily cut-off times of filing systems, and [`eval`] applies a set of policies to
//! an incident.

pub mod calendar;
pub mod catalog;
pub mod clock;
pub mod compare;
pub mod coverage;
pub mod cutoff;
pub mod delay;
pub mod eval;
pub mod expr;
pub mod load;
pub mod model;
pub mod notified;
pub mod outcome;
pub mod penalty;
mod phases;
pub mod set;
pub mod structure;
pub mod testkit;
pub mod undue;
