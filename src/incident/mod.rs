//! The incident: model, loading and validation.
//!
//! [`load_str`] is the whole path from text to a checked [`Incident`]: the YAML limits and source
//! map ([`crate::yaml`]), typed deserialization with times read in the incident's zone, then
//! [`validate::validate`].

pub mod model;
pub mod time;
pub mod validate;
pub mod vocab;

pub use model::*;

use crate::diag::{Diagnostic, Report};
use crate::yaml::{self, Limits, SourceMap};

/// The result of reading an incident: the incident (when it could be read at all) and every
/// problem found. The incident is usable when `report.has_errors()` is false.
#[derive(Debug)]
pub struct Loaded {
    /// The incident, if the file deserialized.
    pub incident: Option<Incident>,
    /// Errors and warnings.
    pub report: Report,
    /// Positions of the file's fields.
    pub map: SourceMap,
}

impl Loaded {
    /// The incident if it has no errors.
    pub fn ok(&self) -> Option<&Incident> {
        self.incident.as_ref().filter(|_| !self.report.has_errors())
    }
}

/// Reads and validates an incident from its text.
pub fn load_str(src: &str) -> Loaded {
    load_str_with(src, &Limits::DEFAULT)
}

/// [`load_str`] with explicit limits.
pub fn load_str_with(src: &str, limits: &Limits) -> Loaded {
    match yaml::source_map(src, limits) {
        Ok(map) => load_mapped(src, map, limits),
        Err(e) => {
            let mut report = Report::default();
            report.push(e.into());
            Loaded {
                incident: None,
                report,
                map: SourceMap::default(),
            }
        }
    }
}

/// Reads an incident whose [`SourceMap`] was already built (and its limits checked) by the caller.
pub fn load_mapped(src: &str, map: SourceMap, limits: &Limits) -> Loaded {
    let mut report = Report::default();
    if let Some(found) = map.scalar("format")
        && found != INCIDENT_FORMAT
    {
        let (msg, hint) = validate::format_problem(found);
        report.push(Diagnostic::error(msg, map.pos("format")).hint(hint));
        return Loaded {
            incident: None,
            report,
            map,
        };
    }
    // Times without an offset are read in the file's own zone; if the zone itself is invalid,
    // deserialization reports that at its position.
    let zone = map
        .scalar("timezone")
        .and_then(|z| z.parse::<chrono_tz::Tz>().ok())
        .unwrap_or(chrono_tz::Tz::UTC);
    let parsed = time::with_zone(zone, || yaml::from_str::<Incident>(src, limits));
    match parsed {
        Ok(inc) => {
            report = validate::validate(&inc, &map);
            Loaded {
                incident: Some(inc),
                report,
                map,
            }
        }
        Err(e) => {
            let mut d: Diagnostic = e.into();
            if d.pos.is_none() {
                d.pos = Some(crate::yaml::Pos::START);
            }
            report.push(d);
            Loaded {
                incident: None,
                report,
                map,
            }
        }
    }
}
