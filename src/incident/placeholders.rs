//! Placeholders left in a final file: the `disclose init` template's own values and TODO markers.
//!
//! An untouched template with `draft: true` removed is a valid incident, and would render as a
//! final filing for "예시 주식회사" with 0 subjects. So a file that is not a draft is refused
//! while it still holds a value the template marks TODO at the same field, or any `TODO`
//! marker (in a comment or in a value).
//!
//! The placeholders are read from the template itself, so there is one list: every scalar on a
//! template line that carries a `TODO` marker, at its field path. Two kinds of value are
//! exempt, because the bundled examples use them for contacts that are not public: e-mail
//! addresses at a reserved example domain (RFC 2606 and 6761: `example.com`, `.example`,
//! `.test`) and phone numbers. An untouched template still names them, through the TODO marker
//! on their line.
//!
//! A draft is not checked: TODO markers are what a draft is for.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use crate::diag::Diagnostic;
use crate::yaml::{Limits, Pos, SourceMap, visible};

/// A value of the init template that is to be replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// Its field path.
    pub path: String,
    /// Its text, as the template writes it.
    pub value: String,
}

/// The init template's placeholders, sorted by path (read once from the template).
pub fn template_placeholders() -> &'static [Placeholder] {
    static LIST: OnceLock<Vec<Placeholder>> = OnceLock::new();
    LIST.get_or_init(|| placeholders_of(crate::init::INCIDENT_TEMPLATE))
}

/// The placeholders of a template text: every scalar on a line with a TODO marker, except the
/// contact values that may stand in for contacts that are not public ([`is_stand_in`]).
fn placeholders_of(template: &str) -> Vec<Placeholder> {
    let Ok(map) = crate::yaml::source_map(template, &Limits::DEFAULT) else {
        return Vec::new();
    };
    let marked: HashSet<u32> = todo_markers(template).iter().map(|p| p.line).collect();
    let mut out: Vec<Placeholder> = map
        .scalars()
        .filter(|(path, value)| {
            map.get(path).is_some_and(|n| marked.contains(&n.pos.line)) && !is_stand_in(path, value)
        })
        .map(|(path, value)| Placeholder {
            path: path.to_string(),
            value: value.to_string(),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Whether a contact value may stand in for one that is not public: an e-mail address at a
/// reserved example domain, or a phone number.
fn is_stand_in(path: &str, value: &str) -> bool {
    let field = path.rsplit('.').next().unwrap_or(path);
    match field {
        "email" => value
            .rsplit_once('@')
            .is_some_and(|(_, domain)| is_example_domain(domain)),
        "phone" => true,
        _ => false,
    }
}

/// Whether `domain` is reserved for examples (RFC 2606, RFC 6761): `example.com`, `.net`,
/// `.org` and their subdomains, and the `.example` and `.test` top-level domains.
pub fn is_example_domain(domain: &str) -> bool {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    ["example.com", "example.net", "example.org"]
        .iter()
        .any(|r| d == *r || d.ends_with(&format!(".{r}")))
        || d == "example"
        || d.ends_with(".example")
        || d == "test"
        || d.ends_with(".test")
}

/// Whether `text` holds the word `TODO` (upper case, not part of a longer word).
fn has_todo(text: &str) -> bool {
    text.match_indices("TODO").any(|(i, _)| {
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(text[..i].chars().next_back()) && !word(text[i + 4..].chars().next())
    })
}

/// Where a comment starts with the word `TODO` (`# TODO: ...`), in lines and characters. A
/// comment that only mentions the word ("fill in every field marked TODO") is not a marker.
pub fn todo_markers(text: &str) -> Vec<Pos> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(k) = line[from..].find('#').map(|k| k + from) {
            from = k + 1;
            let starts_comment = k == 0 || line[..k].ends_with([' ', '\t']);
            let rest = line[k + 1..].trim_start_matches([' ', '\t', '#']);
            let whole = rest
                .strip_prefix("TODO")
                .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'));
            if starts_comment && whole {
                let col = line[..line.len() - rest.len()].chars().count() as u32 + 1;
                out.push(Pos {
                    line: i as u32 + 1,
                    col,
                });
                break;
            }
        }
    }
    out
}

/// The errors of a file that is not a draft: each template placeholder still in place (at its
/// value), and each TODO marker on a line where no placeholder was named.
pub fn check(src: &str, map: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut named_lines: HashSet<u32> = HashSet::new();
    for p in template_placeholders() {
        if map.scalar(&p.path) != Some(p.value.as_str()) {
            continue;
        }
        let pos = map.pos(&p.path);
        named_lines.insert(pos.line);
        out.push(
            Diagnostic::error(
                format!(
                    "`{}` is still the placeholder `{}` of the `disclose init` template",
                    p.path,
                    visible(&p.value)
                ),
                pos,
            )
            .hint("write the real value; while facts are still missing, keep `draft: true` in the file")
            .at_path(p.path.clone()),
        );
    }
    // The field each line's first value belongs to, to name where a marker stands.
    let mut fields: BTreeMap<u32, (u32, &str)> = BTreeMap::new();
    for (path, _) in map.scalars() {
        if let Some(n) = map.get(path) {
            let e = fields.entry(n.pos.line).or_insert((n.pos.col, path));
            if (n.pos.col, path) < *e {
                *e = (n.pos.col, path);
            }
        }
    }
    let mut markers = todo_markers(src);
    // A marker written in a value, e.g. `ko: "TODO"`, at the value.
    for (path, value) in map.scalars() {
        if has_todo(value) {
            markers.push(map.pos(path));
        }
    }
    markers.sort();
    markers.dedup();
    for pos in markers {
        if named_lines.contains(&pos.line) {
            continue;
        }
        let place = match fields.get(&pos.line) {
            Some((_, path)) => format!(" at `{path}`"),
            None => String::new(),
        };
        out.push(
            Diagnostic::error(format!("a TODO marker is left{place}"), pos).hint(
                "finish what it asks and remove the marker; while facts are still missing, keep `draft: true` in the file",
            ),
        );
    }
    out.sort_by_key(|d| d.pos);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(list: &'a [Placeholder], path: &str) -> Option<&'a str> {
        list.iter()
            .find(|p| p.path == path)
            .map(|p| p.value.as_str())
    }

    #[test]
    fn the_templates_marked_values_are_its_placeholders() {
        let list = template_placeholders();
        assert_eq!(find(list, "organization.name.ko"), Some("예시 주식회사"));
        assert_eq!(find(list, "organization.name.en"), Some("Example Corp."));
        assert_eq!(
            find(list, "organization.privacy_officer.name.ko"),
            Some("홍길동")
        );
        assert_eq!(find(list, "affected.subjects"), Some("0"));
        assert_eq!(find(list, "id"), Some("ORG-2026-001"));
        // Values on unmarked lines, and contact stand-ins, are not placeholders.
        assert_eq!(find(list, "timezone"), None);
        assert_eq!(find(list, "organization.total_revenue.currency"), None);
        assert_eq!(find(list, "organization.privacy_officer.email"), None);
        assert_eq!(find(list, "organization.privacy_officer.phone"), None);
        // Every placeholder is a scalar of the template at that path.
        let map = crate::yaml::source_map(crate::init::INCIDENT_TEMPLATE, &Limits::DEFAULT)
            .expect("the template reads");
        for p in list {
            assert_eq!(map.scalar(&p.path), Some(p.value.as_str()), "{}", p.path);
        }
    }

    #[test]
    fn markers_start_a_comment_and_are_whole_words() {
        let text = "a: 1 # TODO\nb: 2 # TODOS todo\nc: \"x # TODO: y\" # marked TODO\n# TODO\n";
        assert_eq!(
            todo_markers(text),
            [
                Pos { line: 1, col: 8 },
                Pos { line: 3, col: 9 },
                Pos { line: 4, col: 3 }
            ]
        );
        assert!(
            has_todo("x TODO: y")
                && has_todo("TODO")
                && !has_todo("TODOS")
                && !has_todo("확인TODO")
        );
    }

    #[test]
    fn example_domains_are_reserved_ones_only() {
        for d in ["example.com", "mail.example.org", "corp.example", "x.test"] {
            assert!(is_example_domain(d), "{d}");
        }
        for d in [
            "example.co.kr",
            "examples.com",
            "coupang.com",
            "testing.com",
        ] {
            assert!(!is_example_domain(d), "{d}");
        }
    }

    #[test]
    fn an_untouched_template_names_each_placeholder_and_marker() {
        let src = crate::init::INCIDENT_TEMPLATE;
        let map = crate::yaml::source_map(src, &Limits::DEFAULT).unwrap();
        let found = check(src, &map);
        let markers = todo_markers(src);
        // One error per placeholder, and one per marker on a line without one.
        let placeholder_lines: HashSet<u32> = template_placeholders()
            .iter()
            .map(|p| map.pos(&p.path).line)
            .collect();
        let bare = markers
            .iter()
            .filter(|m| !placeholder_lines.contains(&m.line))
            .count();
        assert_eq!(found.len(), template_placeholders().len() + bare);
        assert!(found.iter().any(|d| d.message
            == "`organization.name.ko` is still the placeholder `예시 주식회사` of the `disclose init` template"));
        assert!(
            found
                .iter()
                .any(|d| d.message
                    == "a TODO marker is left at `organization.privacy_officer.email`"),
            "{found:#?}"
        );
        // A filled-in file has none.
        let filled = include_str!("../../examples/coupang-2025.yaml");
        let map = crate::yaml::source_map(filled, &Limits::DEFAULT).unwrap();
        let left = check(filled, &map);
        assert!(left.is_empty(), "{left:#?}");
    }
}
