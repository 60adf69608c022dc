//! Writing a value back as one line of YAML flow syntax (`{ kind: regulator_report, to: PIPC }`),
//! for output that quotes the incident's facts: `diff`'s changes and the field reference's
//! examples. One writer, so that both quote alike and what they print reads back as the value.

use serde_json::Value;

/// A value on one line, as a YAML flow value: a string stays plain where YAML would read it back
/// as that same string, and is double-quoted otherwise (empty, padded, a number, `true`, a flow
/// indicator, `: `, a trailing colon, a leading indicator character).
pub fn flow(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.trim() == s
                && !s.contains([',', '{', '}', '[', ']', '"', '\'', '#', '\n'])
                && !s.contains(": ")
                && !s.ends_with(':')
                && !matches!(s.as_str(), "true" | "false" | "null" | "~")
                && s.parse::<f64>().is_err()
                && !s.starts_with(['-', '?', ':', '&', '*', '!', '|', '>', '%', '@', '`']);
            if plain {
                s.clone()
            } else {
                Value::String(s.clone()).to_string()
            }
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_are_quoted_where_yaml_would_misread_them() {
        assert_eq!(flow(&json!("PIPC")), "PIPC");
        assert_eq!(flow(&json!("Asia/Seoul")), "Asia/Seoul");
        assert_eq!(
            flow(&json!("2025-11-29T10:00:00+09:00")),
            "2025-11-29T10:00:00+09:00"
        );
        assert_eq!(flow(&json!("1.05")), "\"1.05\"");
        assert_eq!(flow(&json!("a: b")), "\"a: b\"");
        assert_eq!(flow(&json!("a:")), "\"a:\"");
        assert_eq!(flow(&json!("")), "\"\"");
        assert_eq!(flow(&json!(" a")), "\" a\"");
        assert_eq!(flow(&json!("true")), "\"true\"");
        assert_eq!(
            flow(&json!({"ko": "가", "en": "A, b"})),
            "{ ko: 가, en: \"A, b\" }"
        );
    }

    /// What `flow` writes, inside a mapping, reads back as the value it was given.
    #[test]
    fn what_is_written_reads_back() {
        for v in [
            json!("PIPC"),
            json!("2025-11-29T10:00:00+09:00"),
            json!("https://example.com/a?b=c"),
            json!("a: b"),
            json!("a:"),
            json!(":a"),
            json!("- a"),
            json!("1.05"),
            json!("null"),
            json!(" padded "),
            json!("it's \"quoted\""),
            json!("line\nbreak"),
            json!(["a", 1, true, null, "x, y"]),
            json!({"ko": "가 나", "en": "A, b", "n": 3}),
        ] {
            let text = format!("v: {}\n", flow(&v));
            let back: Value = crate::yaml::from_str(&text, &crate::yaml::Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(back["v"], v, "{text}");
        }
    }
}
