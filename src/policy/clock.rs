//! Where an obligation's clock starts: a timeline field, or the first recorded action of a kind.
//!
//! Shared by deadlines (`deadline.from`, in [`super::eval`]) and by duties with no fixed period
//! (`clock`, in [`super::undue`]), so that both read the incident the same way.

use chrono::{DateTime, FixedOffset};

use crate::incident::Incident;

/// When a clock starts: a timeline field, or the first action of a kind (`action:KIND`) known
/// at `as_of`. `Err` names what is missing.
pub fn start(
    from: &str,
    inc: &Incident,
    as_of: DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, String> {
    if let Some(kind) = from.strip_prefix("action:") {
        return inc
            .actions
            .iter()
            .filter(|a| a.kind == kind && a.at.instant() <= as_of)
            .map(|a| a.at.instant())
            .min()
            .ok_or_else(|| format!("an action of kind `{kind}` (the clock starts at it)"));
    }
    inc.timeline
        .fields()
        .into_iter()
        .find(|(n, _)| *n == from)
        .and_then(|(_, t)| t.map(|t| t.instant()))
        .ok_or_else(|| format!("timeline.{from}"))
}
