//! serde-saphyr's errors in the project's words.
//!
//! The parser's and serde's messages are written for a Rust programmer (`budget breached:
//! Documents { documents: 2 }`, `invalid type: sequence, expected a string`, `use
//! Option<String>`); an officer reading `disclose validate` needs to know what is wrong in the
//! file and how to fix it. This module decides what each error says: the errors serde-saphyr
//! names by variant are matched by the variant ([`own_words`]), never by their text; the rest
//! (serde's own `unknown field`, `missing field`, `invalid u64`, ...) are recognised by serde's
//! stable wording and rewritten ([`explain`]), with a did-you-mean or the allowed values where
//! serde lists them. What no rule recognises is shown as the library wrote it, so a rule can be
//! added for it.

use super::{Pos, YamlError, YamlErrorKind, did_you_mean, suggest};

/// serde-saphyr's error as a [`YamlError`]: its position, its kind, and its message in the
/// project's words.
pub(super) fn convert(e: &serde_saphyr::Error) -> YamlError {
    use serde_saphyr::MessageFormatter;
    let raw = serde_saphyr::DefaultMessageFormatter
        .format_message(e)
        .into_owned();
    let pos = e.location().and_then(|l| {
        (l.line() > 0).then(|| Pos {
            line: l.line() as u32,
            col: l.column().max(1) as u32,
        })
    });
    let lower = raw.to_ascii_lowercase();
    let kind = if lower.contains("budget") || lower.contains("limit") {
        YamlErrorKind::Limit
    } else if lower.contains("syntax") || lower.contains("scan") {
        YamlErrorKind::Syntax
    } else {
        YamlErrorKind::Shape
    };
    let (message, hint) = own_words(e).unwrap_or_else(|| explain(&raw));
    YamlError {
        kind,
        message,
        pos,
        hint,
    }
}

/// The project's words for serde-saphyr's own errors (the ones whose text speaks to a Rust
/// programmer: `budget breached: Documents { documents: 2 }`, `use Option<String>`, `set
/// ignore_binary_tag_for_string in Options`), by the error itself rather than its text.
fn own_words(e: &serde_saphyr::Error) -> Option<(String, Option<String>)> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let mut e = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = e {
        e = error;
    }
    let words = |m: &str, h: &str| Some((m.to_string(), Some(h.to_string())));
    match e {
        E::Budget { breach, .. } => match breach {
            B::Documents { .. } => words(
                "the file holds more than one YAML document (a second `---`)",
                "keep one incident or policy per file; move the others to files of their own",
            ),
            B::Depth { .. } => words(
                "the file nests deeper than disclose reads",
                "flatten the structure; the incident format nests at most a few levels",
            ),
            B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } => words(
                "the file uses more aliases (`*name`) than disclose reads",
                "write the values out instead of repeating them through aliases",
            ),
            B::MergeKeys { .. } => words(
                "the file uses more merge keys (`<<`) than disclose reads",
                "write the values out instead of merging them in",
            ),
            B::ScalarBytes { .. } => words(
                "the file's text is longer than disclose reads",
                "shorten the text; attach long material as a separate document",
            ),
            _ => words(
                "the file is larger or more complex than disclose reads (docs/hostile-input.md lists the limits)",
                "an incident or policy file this large is not hand-written: check that the right file was given",
            ),
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => words(
            "aliases here would expand the document beyond what disclose reads (an alias bomb)",
            "write the values out instead of nesting aliases of aliases",
        ),
        E::MultipleDocuments { .. } => words(
            "the file holds more than one YAML document (a second `---`)",
            "keep one incident or policy per file; move the others to files of their own",
        ),
        E::BinaryNotUtf8 { .. } | E::BytesNotSupportedMissingBinaryTag { .. } => words(
            "a `!!binary` value that is not text",
            "write the text itself, without the `!!binary` tag",
        ),
        E::InvalidBinaryBase64 { .. } => words(
            "a `!!binary` value that is not valid base64",
            "write the text itself, without the `!!binary` tag",
        ),
        E::TaggedScalarCannotDeserializeIntoString { .. } | E::UnsupportedTag { .. } => words(
            "a YAML tag (`!name`) where text goes",
            "remove the tag; disclose reads plain values",
        ),
        E::NullIntoString { .. } | E::InvalidCharNull { .. } => words(
            "this field has no value",
            "write its value after the colon, or remove the line if the field is optional",
        ),
        E::MergeKeyNotAllowed { .. } | E::MergeValueNotMapOrSeqOfMaps { .. } => words(
            "a merge key (`<<`) that cannot be merged here",
            "write the fields out",
        ),
        E::Eof { .. } => words(
            "the file ends in the middle of a value",
            "check that the file is complete and that every quote and bracket is closed",
        ),
        E::InvalidUtf8Input => words(
            "the file is not UTF-8 text",
            "save it as UTF-8 (the encoding every editor offers)",
        ),
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => Some((
            format!(
                "expected {}, not {}",
                kind_words(expected),
                kind_words(unexpected)
            ),
            None,
        )),
        _ => None,
    }
}

/// serde's names of kinds of values (`a sequence`, `map`, `string "x"`) in the project's words.
fn kind_words(serde: &str) -> String {
    let s = serde.trim();
    if let Some(v) = s.strip_prefix("string ") {
        return format!("`{}`", v.trim_matches('"'));
    }
    match s.trim_start_matches("a ").trim_start_matches("an ") {
        "sequence" | "seq" => "a list".into(),
        "map" | "mapping" => "a mapping".into(),
        "string" | "borrowed string" => "text".into(),
        "unit value" | "null" => "nothing".into(),
        other if other.starts_with("struct ") => "a mapping of fields".into(),
        other if other.starts_with("integer") || other.starts_with("u") => "a number".into(),
        other => other.replace("boolean", "`true` or `false`"),
    }
}

/// Rewrites serde's messages into the project's voice and adds a hint where one helps.
fn explain(raw: &str) -> (String, Option<String>) {
    // serde: "unknown field `x`, expected one of `a`, `b`" / "expected `a` or `b`"
    if let Some(rest) = raw.strip_prefix("unknown field `")
        && let Some((field, tail)) = rest.split_once('`')
    {
        let expected = expected_names(tail);
        let hint = match did_you_mean(field, expected.iter().copied()) {
            Some(h) => h,
            None if expected.is_empty() => "this mapping takes no fields; remove this one".into(),
            None => format!(
                "the fields allowed here are: {}",
                expected
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return (format!("unknown field `{field}`"), Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `")
        && let Some((value, tail)) = rest.split_once('`')
    {
        let expected = expected_names(tail);
        let hint = suggest(value, &expected);
        return (format!("unknown value `{value}`"), Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("missing field `")
        && let Some((field, _)) = rest.split_once('`')
    {
        return (
            format!("missing field `{field}`"),
            Some(format!("add `{field}:` to this mapping")),
        );
    }
    if raw.starts_with("invalid u64") || raw.starts_with("invalid u32") {
        return (
            "expected a whole number of 0 or more".into(),
            Some(
                "write the count as plain decimal digits, with no leading zeros, e.g. `1500`"
                    .into(),
            ),
        );
    }
    if raw.starts_with("invalid i32") || raw.starts_with("invalid i64") {
        return (
            "expected a whole number".into(),
            Some("write it as digits, e.g. `2025`".into()),
        );
    }
    if raw.starts_with("invalid f64") {
        return (
            "expected a number".into(),
            Some("write it as a decimal number, e.g. `0.94`".into()),
        );
    }
    if raw.starts_with("invalid boolean") {
        return (
            "expected `true` or `false`".into(),
            Some("YAML 1.1 spellings such as yes, no, on and off are not accepted".into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            format!("the key `{key}` appears twice in this mapping"),
            Some("keep one of them; a later value must not silently replace an earlier one".into()),
        );
    }
    (raw.to_string(), None)
}

/// The names listed after "expected" in a serde message: "expected one of `a`, `b`",
/// "expected a or b", "expected one of a, b".
fn expected_names(tail: &str) -> Vec<&str> {
    let Some((_, list)) = tail.split_once("expected") else {
        return Vec::new();
    };
    let list = list.trim().trim_start_matches("one of").trim();
    if list.starts_with("nothing") {
        return Vec::new();
    }
    list.split([','])
        .flat_map(|p| p.split(" or "))
        .map(|p| p.trim().trim_matches('`'))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_closest_field() {
        let (m, h) = explain("unknown field `subjcts`, expected one of `subjects`, `records`");
        assert_eq!(m, "unknown field `subjcts`");
        assert_eq!(h.as_deref(), Some("did you mean `subjects`?"));
    }

    #[test]
    fn reads_saphyr_expected_lists() {
        assert_eq!(expected_names(", expected one of ko, en"), ["ko", "en"]);
        assert_eq!(expected_names(", expected `a` or `b`"), ["a", "b"]);
        let (_, h) = explain("unknown field `kr`, expected one of ko, en");
        assert_eq!(
            h.as_deref(),
            Some("the fields allowed here are: `ko`, `en`")
        );
    }
}
