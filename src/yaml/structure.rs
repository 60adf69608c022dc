//! The structural check: a document's shape against the JSON Schema of its format, every
//! problem at once.
//!
//! serde stops at the first field it cannot read, so a file with three typos took three runs to
//! fix. This check walks the whole document (as a [`serde_json::Value`], with positions from the
//! [`SourceMap`]) against the schema that `disclose schema` prints, which schemars derives from
//! the model itself, so the check and the types cannot drift apart. It reports unknown keys
//! (with the closest allowed key), values outside an enumeration (with the allowed values),
//! missing required fields, empty values where one is needed, and values of the wrong kind.
//! Deserialization runs only when it finds nothing, so serde's first error is never the only one,
//! or when the only problems are unknown keys ([`Found::readable`]): the document without them
//! ([`prune`]) still has the format's shape, so the caller can read it and report what later
//! stages find in the same run.
//!
//! The schema is read, not trusted: it decides only what serde would refuse anyway. Values whose
//! definition the format's own code reads (timestamps, vocabularies that validation names in its
//! own words) are handed to a [`Leaf`] hook, and fields the schema marks as required but the
//! model fills in later are listed by the caller.

use serde_json::{Map, Value};

use super::{Pos, SourceMap, YamlError, YamlErrorKind, child_path, did_you_mean, suggest, visible};

/// What the format's own code says about a value of a named schema definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leaf {
    /// Check it against the schema.
    Schema,
    /// Leave it: a later stage reads and judges it in its own words.
    Later,
    /// It cannot be read: this message, and a hint when there is one.
    Refuse(String, Option<String>),
}

/// What the caller knows about its format that the schema does not say.
pub struct Rules<'a> {
    /// The JSON Schema of the format (with its `$defs`).
    pub schema: &'a Value,
    /// Called with a definition's name (`Timestamp`) and the value, before the schema is
    /// applied to it.
    pub leaf: &'a dyn Fn(&str, &Value) -> Leaf,
    /// Required fields that the model itself does not require, (definition, field): validation
    /// reports their absence with its own message (`Text`'s `ko`).
    pub required_later: &'a [(&'a str, &'a str)],
}

/// An unknown key: the document can be read without it (the key is dropped from the tree).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKey {
    /// The JSON pointer of the mapping that holds it, in the checked value.
    pub pointer: String,
    /// The source-map path of that mapping (`""` for the top level).
    pub parent: String,
    /// The key as written.
    pub key: String,
    /// The allowed field it is the closest to, when that field is absent from the mapping:
    /// the field the author probably meant, whose absence later stages must not blame.
    pub meant: Option<String>,
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct Found {
    /// Every problem, in source order.
    pub problems: Vec<YamlError>,
    /// The unknown keys among them.
    pub unknown: Vec<UnknownKey>,
    /// Whether every problem is an unknown key that is not the misspelling of a required field,
    /// so that the document without them still has the format's shape ([`prune`]).
    pub readable: bool,
}

/// Removes the `unknown` keys ([`Found::unknown`]) from `doc`, the value that was checked.
pub fn prune(doc: &mut Value, unknown: &[UnknownKey]) {
    for u in unknown {
        if let Some(Value::Object(o)) = doc.pointer_mut(&u.pointer) {
            o.remove(&u.key);
        }
    }
}

/// Checks `doc` (the document, as read by [`super::from_str`]) against `rules`; the problems come
/// in source order, each at the key or value it concerns. `prefix` is the path of `doc` in the
/// source map (`""` for a whole document).
pub fn check(doc: &Value, map: &SourceMap, prefix: &str, rules: &Rules<'_>) -> Found {
    let mut walk = Walk {
        rules,
        map,
        out: Vec::new(),
        unknown: Vec::new(),
        required_meant: false,
        required: true,
    };
    walk.node(rules.schema, doc, prefix, "", None);
    walk.out.sort_by_key(|e| e.pos);
    let readable = !walk.required_meant && walk.out.len() == walk.unknown.len();
    Found {
        problems: walk.out,
        unknown: walk.unknown,
        readable,
    }
}

struct Walk<'a> {
    rules: &'a Rules<'a>,
    map: &'a SourceMap,
    out: Vec<YamlError>,
    unknown: Vec<UnknownKey>,
    /// Whether an unknown key stood for a required field that is absent (no `missing field`
    /// reported, but the document cannot be read without it).
    required_meant: bool,
    /// Whether the value being checked is that of a required field (for the hint of an empty
    /// one).
    required: bool,
}

/// The JSON Schema types a schema allows (`"type": "string"` or `["string", "null"]`).
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The values an enumeration allows: `enum: [..]`, or `oneOf` of `const`s (derived enums with
/// doc comments).
fn allowed_values(schema: &Value) -> Option<Vec<&str>> {
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        return Some(e.iter().filter_map(Value::as_str).collect());
    }
    let alts = schema.get("oneOf").and_then(Value::as_array)?;
    alts.iter()
        .map(|a| a.get("const").and_then(Value::as_str))
        .collect()
}

/// How a value is named in a message: `` `ransomware` ``, `a mapping`, `a list`, `nothing`.
/// `quoted` says the source wrote the text in quotes (`"true"` is text, not a boolean).
fn found(v: &Value, quoted: bool) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Object(_) => "a mapping".into(),
        Value::Array(_) => "a list".into(),
        Value::String(s) if s.is_empty() => "empty text".into(),
        Value::String(s) if quoted => format!("the quoted text `{}`", visible(s)),
        Value::String(s) => format!("`{}`", visible(s)),
        other => format!("`{other}`"),
    }
}

/// The last key of a path, for messages (`timeline.discovered_at` → `discovered_at`), or the
/// whole path when it ends at a list entry (`actions[2]`).
fn last_key(path: &str) -> &str {
    if path.ends_with(']') {
        return path;
    }
    path.rsplit('.').next().unwrap_or(path)
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Walk<'_> {
    fn found(&self, v: &Value, path: &str) -> String {
        let quoted = self
            .map
            .get(path)
            .and_then(|n| n.written.as_ref())
            .is_some_and(|(_, plain)| !plain);
        found(v, quoted)
    }

    fn push(&mut self, pos: Pos, message: String, hint: Option<String>) {
        self.out.push(YamlError {
            kind: YamlErrorKind::Shape,
            message,
            pos: Some(pos),
            hint,
        });
    }

    fn node(&mut self, schema: &Value, v: &Value, path: &str, ptr: &str, def: Option<&str>) {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/$defs/");
            match (self.rules.leaf)(name, v) {
                Leaf::Later => return,
                Leaf::Refuse(message, hint) => {
                    let pos = self.map.pos(path);
                    self.push(pos, message, hint);
                    return;
                }
                Leaf::Schema => {}
            }
            if let Some(d) = self.rules.schema.pointer(&format!("/$defs/{name}")) {
                self.node(d, v, path, ptr, Some(name));
            }
            return;
        }
        if let Some(alts) = schema.get("anyOf").and_then(Value::as_array) {
            let (nulls, others): (Vec<&Value>, Vec<&Value>) =
                alts.iter().partition(|a| types(a) == ["null"]);
            if v.is_null() && !nulls.is_empty() {
                return;
            }
            match others.as_slice() {
                [one] => self.node(one, v, path, ptr, def),
                // Several shapes (a code or a pattern): only the kind of value is checked here;
                // which text is right is the reader's to say.
                _ if v.is_object() || v.is_array() => {
                    let pos = self.map.pos(path);
                    self.push(
                        pos,
                        format!("expected a single value, not {}", self.found(v, path)),
                        None,
                    );
                }
                _ => {}
            }
            return;
        }
        let tys = types(schema);
        if v.is_null() {
            if tys.is_empty() || tys.contains(&"null") {
                return;
            }
            let key = last_key(path);
            let pos = self.map.pos(path);
            let hint = if self.required {
                format!("write its value after `{key}:`")
            } else {
                format!("write its value after `{key}:`, or remove the line")
            };
            self.push(pos, format!("`{key}` has no value"), Some(hint));
            return;
        }
        if let Some(allowed) = allowed_values(schema) {
            let pos = self.map.pos(path);
            match v.as_str() {
                Some(s) if allowed.contains(&s) => {}
                Some(s) => self.push(
                    pos,
                    format!("unknown value `{}`", visible(s)),
                    Some(suggest(s, &allowed)),
                ),
                None => self.push(
                    pos,
                    format!(
                        "expected one of {}, not {}",
                        list(&allowed),
                        self.found(v, path)
                    ),
                    None,
                ),
            }
            return;
        }
        match tys.iter().copied().find(|t| *t != "null") {
            Some("object") => self.mapping(schema, v, path, ptr, def),
            Some("array") => match v.as_array() {
                Some(items) => {
                    let item_schema = schema.get("items").unwrap_or(&Value::Bool(true));
                    for (i, item) in items.iter().enumerate() {
                        self.required = true;
                        self.node(
                            item_schema,
                            item,
                            &format!("{path}[{i}]"),
                            &format!("{ptr}/{i}"),
                            None,
                        );
                    }
                }
                None => {
                    let pos = self.map.pos(path);
                    self.push(
                        pos,
                        format!("expected a list, not {}", self.found(v, path)),
                        Some(format!(
                            "write the entries as `- ...` lines below `{}:`, or as `[a, b]`",
                            last_key(path)
                        )),
                    );
                }
            },
            Some("string") if v.is_object() || v.is_array() => {
                self.wrong_kind(v, path, "text", None);
            }
            Some("integer") if !(v.is_u64() || v.is_i64()) => self.wrong_kind(
                v,
                path,
                "a whole number",
                Some("write it as plain decimal digits, e.g. `1500`"),
            ),
            Some("number") if !v.is_number() => self.wrong_kind(
                v,
                path,
                "a number",
                Some("write it as a decimal number without quotes, e.g. `0.94`"),
            ),
            Some("boolean") if !v.is_boolean() => {
                let spelled = v.as_str().map(str::to_ascii_lowercase);
                let hint = match spelled.as_deref() {
                    Some("true" | "false") => "write it without quotes",
                    Some("yes" | "no" | "on" | "off" | "y" | "n") => {
                        "YAML 1.1 spellings such as yes, no, on and off are not accepted"
                    }
                    _ => "write `true` or `false`",
                };
                self.wrong_kind(v, path, "`true` or `false`", Some(hint));
            }
            _ => {}
        }
    }

    /// A scalar of the wrong kind at `path`: "expected WANTED, not (what was found)".
    fn wrong_kind(&mut self, v: &Value, path: &str, wanted: &str, hint: Option<&str>) {
        let pos = self.map.pos(path);
        let message = format!("expected {wanted}, not {}", self.found(v, path));
        self.push(pos, message, hint.map(str::to_string));
    }

    fn mapping(&mut self, schema: &Value, v: &Value, path: &str, ptr: &str, def: Option<&str>) {
        let Some(fields) = v.as_object() else {
            let pos = self.map.pos(path);
            let hint = if def == Some("Text") {
                format!(
                    "`{}` is text in Korean and English: write `{{ ko: ..., en: ... }}`",
                    last_key(path)
                )
            } else {
                format!(
                    "write its fields as `key: value` lines indented below `{}:`",
                    last_key(path)
                )
            };
            self.push(
                pos,
                format!("expected a mapping of fields, not {}", self.found(v, path)),
                Some(hint),
            );
            return;
        };
        let empty = Map::new();
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let extra = schema.get("additionalProperties");
        let required = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut meant: Vec<&str> = Vec::new();
        for (key, value) in fields {
            let child = child_path(path, key);
            let child_ptr = format!("{ptr}/{}", key.replace('~', "~0").replace('/', "~1"));
            self.required = required.contains(&key.as_str()) || extra.is_some_and(Value::is_object);
            if let Some(s) = props.get(key) {
                self.node(s, value, &child, &child_ptr, None);
            } else if let Some(s @ Value::Object(_)) = extra {
                self.node(s, value, &child, &child_ptr, None);
            } else if extra == Some(&Value::Bool(false)) {
                let names: Vec<&str> = props.keys().map(String::as_str).collect();
                let closest = super::closest(key, names.iter().copied());
                let hint = match closest {
                    Some(c) => {
                        meant.push(c);
                        did_you_mean(key, [c])
                    }
                    None if names.is_empty() => {
                        Some("this mapping takes no fields; remove this one".into())
                    }
                    None => Some(format!("the fields allowed here are: {}", list(&names))),
                };
                self.unknown.push(UnknownKey {
                    pointer: ptr.to_string(),
                    parent: path.to_string(),
                    key: key.clone(),
                    meant: closest
                        .filter(|c| !fields.contains_key(*c))
                        .map(str::to_string),
                });
                let pos = self.map.key_pos(&child);
                self.push(pos, format!("unknown field `{}`", visible(key)), hint);
            }
        }
        for field in required {
            let later = def.is_some_and(|d| self.rules.required_later.contains(&(d, field)));
            if fields.contains_key(field) || later {
                continue;
            }
            if meant.contains(&field) {
                self.required_meant = true;
                continue;
            }
            let pos = self.map.key_pos(path);
            let (message, hint) = if path.is_empty() {
                (
                    format!("missing field `{field}`"),
                    format!("add `{field}:` at the top level of the file"),
                )
            } else {
                (
                    format!("missing field `{field}` in `{path}`"),
                    format!("add `{field}:` to `{path}`"),
                )
            };
            self.push(pos, message, Some(hint));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, from_str, source_map};

    fn schema() -> Value {
        serde_json::json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["kind", "title"],
            "properties": {
                "kind": { "$ref": "#/$defs/Kind" },
                "title": { "$ref": "#/$defs/Text" },
                "count": { "type": "integer" },
                "flag": { "type": "boolean" },
                "when": { "$ref": "#/$defs/When" },
                "items": { "type": "array", "items": { "$ref": "#/$defs/Item" } },
                "by": { "type": "object", "additionalProperties": { "type": "integer" } },
                "note": { "anyOf": [{ "$ref": "#/$defs/Text" }, { "type": "null" }] }
            },
            "$defs": {
                "Kind": { "type": "string", "enum": ["hacking", "malware", "other"] },
                "Text": {
                    "type": "object", "additionalProperties": false, "required": ["ko"],
                    "properties": { "ko": { "type": ["string", "null"] }, "en": { "type": ["string", "null"] } }
                },
                "When": { "type": "string" },
                "Item": {
                    "type": "object", "additionalProperties": false, "required": ["name"],
                    "properties": { "name": { "type": "string" } }
                }
            }
        })
    }

    fn run(src: &str) -> Vec<(String, String, Option<String>)> {
        let schema = schema();
        let leaf = |def: &str, v: &Value| match (def, v.as_str()) {
            ("When", Some("later")) => Leaf::Refuse("not a time".into(), Some("write one".into())),
            _ => Leaf::Schema,
        };
        let rules = Rules {
            schema: &schema,
            leaf: &leaf,
            required_later: &[("Text", "ko")],
        };
        let map = source_map(src, &Limits::DEFAULT).unwrap();
        let doc: Value = from_str(src, &Limits::DEFAULT).unwrap();
        check(&doc, &map, "", &rules)
            .problems
            .into_iter()
            .map(|e| (e.pos.unwrap().to_string(), e.message, e.hint))
            .collect()
    }

    #[test]
    fn every_problem_is_found_in_source_order() {
        let found = run(
            "kind: ransomware\ntitel: { ko: x }\ncount: many\nflag: yes\nwhen: later\n\
             items:\n  - { nme: a }\n  - name: [b]\nby: { KR: x }\nnote: { en: y, fr: z }\n",
        );
        let shown: Vec<String> = found
            .iter()
            .map(|(p, m, h)| format!("{p} {m} / {}", h.as_deref().unwrap_or("-")))
            .collect();
        assert_eq!(
            shown,
            [
                "1:7 unknown value `ransomware` / use one of: `hacking`, `malware`, `other`",
                "2:1 unknown field `titel` / did you mean `title`?",
                "3:8 expected a whole number, not `many` / write it as plain decimal digits, e.g. `1500`",
                "4:7 expected `true` or `false`, not `yes` / YAML 1.1 spellings such as yes, no, on and off are not accepted",
                "5:7 not a time / write one",
                "7:7 unknown field `nme` / did you mean `name`?",
                "8:11 expected text, not a list / -",
                "9:11 expected a whole number, not `x` / write it as plain decimal digits, e.g. `1500`",
                "10:16 unknown field `fr` / the fields allowed here are: `ko`, `en`",
            ]
        );
    }

    #[test]
    fn missing_fields_are_named_at_their_mapping() {
        let found = run("kind: other\nitems:\n  - {}\n");
        let shown: Vec<String> = found.iter().map(|(p, m, _)| format!("{p} {m}")).collect();
        assert_eq!(
            shown,
            [
                "1:1 missing field `title`",
                "3:5 missing field `name` in `items[0]`"
            ]
        );
    }

    #[test]
    fn wrong_kinds_and_empty_values() {
        let found = run("kind:\ntitle: Test\nitems: one\n");
        let shown: Vec<String> = found
            .iter()
            .map(|(p, m, h)| format!("{p} {m} / {}", h.as_deref().unwrap_or("-")))
            .collect();
        assert_eq!(
            shown,
            [
                "1:5 `kind` has no value / write its value after `kind:`",
                "2:8 expected a mapping of fields, not `Test` / `title` is text in Korean and English: write `{ ko: ..., en: ... }`",
                "3:8 expected a list, not `one` / write the entries as `- ...` lines below `items:`, or as `[a, b]`",
            ]
        );
    }

    #[test]
    fn a_typo_of_a_required_field_is_one_problem() {
        let found = run("kind: other\ntitl: { ko: x }\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "unknown field `titl`");
    }

    fn checked(src: &str) -> (Value, Found) {
        let schema = schema();
        let leaf = |_: &str, _: &Value| Leaf::Schema;
        let rules = Rules {
            schema: &schema,
            leaf: &leaf,
            required_later: &[("Text", "ko")],
        };
        let map = source_map(src, &Limits::DEFAULT).unwrap();
        let doc: Value = from_str(src, &Limits::DEFAULT).unwrap();
        let found = check(&doc, &map, "", &rules);
        (doc, found)
    }

    #[test]
    fn unknown_keys_alone_leave_a_readable_document() {
        let (mut doc, found) =
            checked("kind: other\ntitle: { ko: x }\nzzz: 1\nitems:\n  - { name: a, nme: b }\n");
        assert!(found.readable);
        let shown: Vec<_> = found
            .unknown
            .iter()
            .map(|u| {
                (
                    u.pointer.as_str(),
                    u.parent.as_str(),
                    u.key.as_str(),
                    u.meant.as_deref(),
                )
            })
            .collect();
        // `nme` resembles `name`, which its mapping already has: nothing was meant by it.
        assert_eq!(
            shown,
            [("", "", "zzz", None), ("/items/0", "items[0]", "nme", None)]
        );
        prune(&mut doc, &found.unknown);
        assert_eq!(
            doc,
            serde_json::json!({ "kind": "other", "title": { "ko": "x" }, "items": [{ "name": "a" }] })
        );
        let (_, found) = checked("kind: other\ntitle: { ko: x }\ncont: 3\n");
        assert!(found.readable);
        assert_eq!(found.unknown[0].meant.as_deref(), Some("count"));
    }

    #[test]
    fn other_problems_or_a_misspelt_required_field_do_not() {
        // `titl` stands for the required `title`, which is absent.
        assert!(!checked("kind: other\ntitl: { ko: x }\n").1.readable);
        assert!(
            !checked("kind: other\ntitle: { ko: x }\nzzz: 1\ncount: many\n")
                .1
                .readable
        );
        assert!(!checked("kind: nothing\ntitle: { ko: x }\n").1.readable);
        // A misspelt `ko`, which the format requires only later, is readable.
        assert!(checked("kind: other\ntitle: { k: x, en: y }\n").1.readable);
    }
}
