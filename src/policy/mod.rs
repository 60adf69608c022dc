//! Policies: rule files, conditions, calendars and deadlines, evaluation.

pub mod calendar;
pub mod expr;
