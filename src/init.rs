//! `disclose init`: a commented incident file to fill in.
//!
//! Its first line is a `yaml-language-server` modeline naming the JSON Schema of the incident
//! format, so an editor checks the file as it is typed. The schema is not fetched from anywhere:
//! the line names a file the user writes with `disclose schema incident` (by default
//! `incident.schema.json` beside the incident), or any path or URL given with `--schema`.

/// The commented incident template. It is a complete, valid draft (`draft: true`) so that
/// `disclose validate` works on it from the first minute; every value to replace says TODO.
pub const INCIDENT_TEMPLATE: &str = include_str!("../templates/init/incident.yaml");

/// The modeline the template starts with.
pub const SCHEMA_LINE_PREFIX: &str = "# yaml-language-server: $schema=";

/// Where the template's modeline points by default: a file beside the incident, as written by
/// `disclose schema incident > incident.schema.json`.
pub const DEFAULT_SCHEMA: &str = "incident.schema.json";

/// The template with its modeline pointing at `schema` (a path, relative to the incident file,
/// or a URL). `None` when `schema` could not stand on one comment line.
pub fn incident_template(schema: &str) -> Option<String> {
    if schema.trim().is_empty()
        || schema
            .chars()
            .any(|c| c.is_control() || crate::yaml::char_concern(c).is_some())
        || schema != schema.trim()
    {
        return None;
    }
    let rest = INCIDENT_TEMPLATE
        .split_once('\n')
        .map_or("", |(_, rest)| rest);
    Some(format!("{SCHEMA_LINE_PREFIX}{schema}\n{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_starts_with_the_modeline() {
        assert!(INCIDENT_TEMPLATE.starts_with(&format!("{SCHEMA_LINE_PREFIX}{DEFAULT_SCHEMA}\n")));
        assert_eq!(
            incident_template(DEFAULT_SCHEMA).as_deref(),
            Some(INCIDENT_TEMPLATE)
        );
        let other = incident_template("https://example.com/s.json").unwrap();
        assert!(other.starts_with("# yaml-language-server: $schema=https://example.com/s.json\n"));
        assert_eq!(other.lines().count(), INCIDENT_TEMPLATE.lines().count());
        for bad in ["", " x", "a\nformat: evil", "a\u{202e}b"] {
            assert_eq!(incident_template(bad), None, "{bad:?}");
        }
    }
}
