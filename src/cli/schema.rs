//! `disclose schema incident|policy`: the JSON Schema of a file format (for editors) or the
//! incident field reference in Markdown (for docs/incident-format.md).

use std::io::Write;

use super::args::{SchemaFormat, SchemaKind};
use crate::exit::Exit;

pub(super) fn schema(kind: SchemaKind, format: SchemaFormat) -> Exit {
    let text = match (kind, format) {
        (SchemaKind::Incident, SchemaFormat::Json) => {
            let mut s = serde_json::to_string_pretty(&crate::schema::incident_schema())
                .expect("a JSON value always serializes");
            s.push('\n');
            s
        }
        (SchemaKind::Policy, SchemaFormat::Json) => {
            let mut s = serde_json::to_string_pretty(&crate::schema::policy_schema())
                .expect("a JSON value always serializes");
            s.push('\n');
            s
        }
        (SchemaKind::Policy, SchemaFormat::Markdown) => {
            eprintln!(
                "error: the policy reference is docs/policies.md; `--format markdown` is for the incident format"
            );
            return Exit::BadInput;
        }
        (SchemaKind::Incident, SchemaFormat::Markdown) => {
            crate::schema::incident_reference(&crate::schema::bundled_examples())
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            eprintln!("error: cannot write the schema: {e}");
            Exit::Io
        }
    }
}
