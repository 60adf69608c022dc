//! What changed between two versions of an incident's facts, field by field.
//!
//! An officer reviewing a supplementary report wants to read "`affected.subjects`: 4536 →
//! 33673817" and "added `actions[3]`: a supplementary report to PIPC", not a line diff of the
//! YAML, where comments, layout and moved entries hide what the facts say. So the comparison
//! is of the facts as read (after validation), on the same field paths validation messages
//! and the source map use.
//!
//! Lists of things with an identity are matched by it, not by position: an action by its kind,
//! recipient and time (then, for what is left, by kind and recipient, so a corrected time reads
//! as a change of `at`); a leaked item by its category and label; a group by its id; a
//! countermeasure by its time; a certification by its name; a year's revenue by its year. A
//! new entry inserted at the top then reads as one addition, not as every entry changed. Lists
//! of codes (`organization.kind`, `channels`) are compared as one value, other lists by
//! position. An added or removed entry is one change holding the whole entry.

use serde::Serialize;
use serde_json::Value;

use super::model::Incident;

/// How a field changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only the new version has it.
    Added,
    /// Only the old version has it.
    Removed,
    /// Both have it, with different values.
    Changed,
}

impl Change {
    /// The change's name, as output gives it.
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One changed field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactChange {
    /// Its path in the new version (in the old one for a removal).
    pub path: String,
    /// Its path in the old version, when a matched list entry moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// How it changed.
    pub change: Change,
    /// The old value (absent when added).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value (absent when removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// The fields by which entries of a list are matched, most exact first, by the list's path
/// (with `[]` for any index).
const IDENTITIES: &[(&str, &[&[&str]])] = &[
    ("actions", &[&["kind", "to", "at"], &["kind", "to"]]),
    ("affected.data", &[&["category", "label"], &["category"]]),
    ("affected.groups", &[&["id"]]),
    ("remediation", &[&["at"]]),
    ("law_enforcement_delays", &[&["from"]]),
    ("controls.certifications", &[&["name"]]),
    ("organization.revenue_by_year", &[&["fiscal_year"]]),
    ("organization.securities", &[&["exchange"]]),
];

/// The changed fields from `old` to `new`, in the new version's order (removals where they
/// were).
pub fn facts(old: &Incident, new: &Incident) -> Vec<FactChange> {
    let (Ok(a), Ok(b)) = (serde_json::to_value(old), serde_json::to_value(new)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    compare(&a, &b, "", "", "", &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Compares two values at `path` (`old_path` in the old version); `pattern` is the path with
/// `[]` for indices, to look up list identities.
fn compare(
    a: &Value,
    b: &Value,
    path: &str,
    old_path: &str,
    pattern: &str,
    out: &mut Vec<FactChange>,
) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, vb) in y {
                let p = join(path, k);
                let op = join(old_path, k);
                match x.get(k) {
                    Some(va) => compare(va, vb, &p, &op, &join(pattern, k), out),
                    None => out.push(FactChange {
                        path: p,
                        old_path: None,
                        change: Change::Added,
                        old: None,
                        new: Some(vb.clone()),
                    }),
                }
            }
            for (k, va) in x {
                if !y.contains_key(k) {
                    out.push(FactChange {
                        path: join(old_path, k),
                        old_path: None,
                        change: Change::Removed,
                        old: Some(va.clone()),
                        new: None,
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if is_entries(x) && is_entries(y) => {
            lists(x, y, path, old_path, pattern, out);
        }
        _ => out.push(FactChange {
            path: path.to_string(),
            old_path: (old_path != path).then(|| old_path.to_string()),
            change: Change::Changed,
            old: Some(a.clone()),
            new: Some(b.clone()),
        }),
    }
}

/// A list of entries (mappings), as opposed to a list of codes compared as one value.
fn is_entries(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(Value::is_object)
}

/// The value of an entry's identity fields, or `None` when it has none of them.
fn identity(v: &Value, fields: &[&str]) -> Option<String> {
    let parts: Vec<String> = fields
        .iter()
        .map(|f| v.get(f).map(Value::to_string).unwrap_or_default())
        .collect();
    parts
        .iter()
        .any(|p| !p.is_empty())
        .then(|| parts.join("\u{1f}"))
}

fn lists(
    x: &[Value],
    y: &[Value],
    path: &str,
    old_path: &str,
    pattern: &str,
    out: &mut Vec<FactChange>,
) {
    let keys: &[&[&str]] = IDENTITIES
        .iter()
        .find(|(p, _)| *p == pattern)
        .map_or(&[], |(_, k)| *k);
    // For each new entry, the old entry it is matched with.
    let mut pair: Vec<Option<usize>> = vec![None; y.len()];
    let mut taken = vec![false; x.len()];
    if keys.is_empty() {
        for (j, p) in pair.iter_mut().enumerate() {
            if j < x.len() {
                *p = Some(j);
                taken[j] = true;
            }
        }
    }
    for fields in keys {
        for (j, p) in pair.iter_mut().enumerate() {
            if p.is_some() {
                continue;
            }
            let Some(id) = identity(&y[j], fields) else {
                continue;
            };
            if let Some(i) =
                (0..x.len()).find(|&i| !taken[i] && identity(&x[i], fields).as_ref() == Some(&id))
            {
                *p = Some(i);
                taken[i] = true;
            }
        }
    }
    let item = format!("{pattern}[]");
    for (j, p) in pair.iter().enumerate() {
        let np = format!("{path}[{j}]");
        match p {
            Some(i) => compare(&x[*i], &y[j], &np, &format!("{old_path}[{i}]"), &item, out),
            None => out.push(FactChange {
                path: np,
                old_path: None,
                change: Change::Added,
                old: None,
                new: Some(y[j].clone()),
            }),
        }
    }
    for (i, t) in taken.iter().enumerate() {
        if !t {
            out.push(FactChange {
                path: format!("{old_path}[{i}]"),
                old_path: None,
                change: Change::Removed,
                old: Some(x[i].clone()),
                new: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = include_str!("../../examples/coupang-2025.yaml");

    fn load(text: &str) -> Incident {
        let l = crate::incident::load_str(text);
        assert!(l.ok().is_some(), "{:?}", l.report);
        l.incident.unwrap()
    }

    fn summary(changes: &[FactChange]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                let old = c.old.as_ref().map(crate::yaml::flow).unwrap_or_default();
                let new = c.new.as_ref().map(crate::yaml::flow).unwrap_or_default();
                match &c.old_path {
                    Some(o) => format!("{} {} (was {o}): {old} -> {new}", c.change.name(), c.path),
                    None => format!("{} {}: {old} -> {new}", c.change.name(), c.path),
                }
            })
            .collect()
    }

    #[test]
    fn the_same_facts_written_differently_are_no_change() {
        let a = load(BASE);
        let b = load(&BASE.replace("# people (data subjects)", "# changed comment"));
        assert_eq!(facts(&a, &b), []);
    }

    #[test]
    fn scalars_and_code_lists_change_in_place() {
        let a = load(BASE);
        let b = load(
            &BASE
                .replace("  subjects: 33673817 ", "  subjects: 33673818 ")
                .replace(
                    "kind: [ict_service_provider]",
                    "kind: [ict_service_provider, telecom_carrier]",
                )
                .replace("  encrypted: false ", "  encrypted: true "),
        );
        assert_eq!(
            summary(&facts(&a, &b)),
            [
                "changed organization.kind: [ict_service_provider] -> [ict_service_provider, telecom_carrier]",
                "changed affected.subjects: 33673817 -> 33673818",
                "changed affected.encrypted: false -> true",
            ]
        );
    }

    #[test]
    fn an_entry_inserted_first_is_one_addition_and_a_removed_one_one_removal() {
        let a = load(BASE);
        let first = "  - { kind: incident_report, to: KISA,";
        let b = load(&BASE.replace(
            first,
            &format!("  - {{ kind: law_enforcement_report, to: KNPA, at: 2025-11-19T09:00:00+09:00 }}\n{first}"),
        ));
        assert_eq!(
            summary(&facts(&a, &b)),
            [
                "added actions[0]:  -> { kind: law_enforcement_report, to: KNPA, at: 2025-11-19T09:00:00+09:00 }"
            ]
        );
        let c = load(&BASE.replace(
            "  - { kind: securities_filing, to: SEC, form: 8-K, at: 2025-12-16T16:00:00-05:00 }\n",
            "",
        ));
        assert_eq!(
            summary(&facts(&a, &c)),
            [
                "removed actions[6]: { kind: securities_filing, to: SEC, at: 2025-12-16T16:00:00-05:00, form: 8-K } -> "
            ]
        );
    }

    #[test]
    fn a_corrected_time_is_a_change_of_at_and_a_moved_entry_says_where_it_was() {
        let a = load(BASE);
        let b = load(
            &BASE
                .replace(
                    "  - { kind: incident_report, to: KISA, at: 2025-11-19T21:00:00+09:00",
                    "  - { kind: incident_report, to: KISA, at: 2025-11-19T20:00:00+09:00",
                )
                .replace(
                    "  - { category: name, subjects: 33673817 }\n",
                    "  - { category: name, subjects: 33673817 }\n    - { category: date_of_birth, subjects: 10 }\n",
                )
                .replace(
                    "    - { category: email, subjects: 33673817 }",
                    "    - { category: email, subjects: 33673000 }",
                ),
        );
        assert_eq!(
            summary(&facts(&a, &b)),
            [
                "added affected.data[1]:  -> { category: date_of_birth, subjects: 10 }",
                "changed affected.data[2].subjects (was affected.data[1].subjects): 33673817 -> 33673000",
                "changed actions[0].at: 2025-11-19T21:00:00+09:00 -> 2025-11-19T20:00:00+09:00",
            ]
        );
    }
}
