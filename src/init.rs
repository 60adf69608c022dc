//! `disclose init`: a commented incident file to fill in.

/// The commented incident template. It is a complete, valid draft (`draft: true`) so that
/// `disclose validate` works on it from the first minute; every value to replace says TODO.
pub const INCIDENT_TEMPLATE: &str = include_str!("../templates/init/incident.yaml");
