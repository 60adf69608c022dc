//! The Tera template set: embedded defaults, overridable by a company's directory.

use std::path::Path;

use super::context::ReportContext;
use super::{Lang, ReportKind, escape_markdown};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));
}

/// The prefix under which the embedded templates are registered.
const DEFAULTS: &str = "defaults/";

/// A ready template set.
pub struct Templates {
    tera: tera::Tera,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").finish_non_exhaustive()
    }
}

/// The template name of a report in a language: `ko/subject_notice.md.tera`.
pub fn template_name(kind: ReportKind, lang: Lang) -> String {
    format!("{}/{}.md.tera", lang.code(), kind.id())
}

impl Templates {
    /// The embedded templates, with `dir`'s (`ko/*.md.tera`, `en/*.md.tera`) taking precedence
    /// by name. Every template is parsed here, so a syntax error or an unknown filter in a
    /// company's template is reported before anything is rendered.
    pub fn new(dir: Option<&Path>) -> Result<Templates, String> {
        let mut tera = tera::Tera::new();
        tera.set_fallback_prefixes([DEFAULTS])
            .map_err(|e| e.to_string())?;
        tera.autoescape_on([".md.tera"]);
        tera.set_escape_fn(escape_markdown);
        tera.add_raw_templates(
            builtin::BUILTIN_TEMPLATES
                .iter()
                .map(|(name, text)| (format!("{DEFAULTS}{name}"), *text)),
        )
        .map_err(|e| format!("built-in templates: {e}"))?;
        if let Some(dir) = dir {
            let mut files = Vec::new();
            for lang in ["ko", "en"] {
                let sub = dir.join(lang);
                let Ok(entries) = std::fs::read_dir(&sub) else {
                    continue;
                };
                for e in entries.flatten() {
                    let p = e.path();
                    let is_file = e.file_type().is_ok_and(|t| t.is_file());
                    if is_file && p.extension().is_some_and(|x| x == "tera") {
                        let name = format!(
                            "{lang}/{}",
                            p.file_name()
                                .map(|n| n.to_string_lossy())
                                .unwrap_or_default()
                        );
                        files.push((p, name));
                    }
                }
            }
            if files.is_empty() {
                return Err(format!(
                    "{}: no templates found (expected ko/*.md.tera or en/*.md.tera)",
                    dir.display()
                ));
            }
            files.sort();
            tera.add_template_files(files.iter().map(|(p, n)| (p.as_path(), Some(n.as_str()))))
                .map_err(|e| format!("{e}"))?;
        }
        Ok(Templates { tera })
    }

    /// Whether a template exists for this report and language.
    pub fn has(&self, kind: ReportKind, lang: Lang) -> bool {
        self.tera.contains_template(&template_name(kind, lang))
            || self
                .tera
                .contains_template(&format!("{DEFAULTS}{}", template_name(kind, lang)))
    }

    /// Renders one report to Markdown.
    pub fn render(
        &self,
        ctx: &ReportContext,
        kind: ReportKind,
        lang: Lang,
    ) -> Result<String, String> {
        let context = tera::Context::from_serialize(ctx).map_err(|e| e.to_string())?;
        let name = template_name(kind, lang);
        self.tera.render(&name, &context).map_err(|e| {
            let mut msg = e.to_string();
            let mut src: Option<&dyn std::error::Error> = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            format!("template {name}: {msg}")
        })
    }
}
