//! The JSON printer: `disclose check --format json`, format `disclose/check@1`.
//!
//! The evaluation serialises itself; this file only wraps it with the format name, the tool and
//! its version. The shape is documented in `docs/check-json.md` and stable: fields are only ever
//! added, so programs and the batch summary can rely on it.

use serde::Serialize;

use crate::policy::eval::Evaluation;

#[derive(Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    tool: &'static str,
    version: &'static str,
    #[serde(flatten)]
    evaluation: &'a Evaluation,
}

/// The JSON report, format `disclose/check@1`.
pub fn json(ev: &Evaluation) -> String {
    let mut s = serde_json::to_string_pretty(&JsonReport {
        format: "disclose/check@1",
        tool: "disclose",
        version: crate::VERSION,
        evaluation: ev,
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
