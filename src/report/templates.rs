//! The Tera template set: embedded defaults, overridable by a company's directory.
//!
//! A company's templates (`--templates`) are code of a kind: Tera has loops, macros and string
//! building, and no budget of its own. So they are bounded three ways (docs/hostile-input.md):
//! each file's size before it is read ([`MAX_TEMPLATE_BYTES`], all files together
//! [`MAX_TEMPLATES_TOTAL`]); each report's rendered size ([`MAX_RENDERED_BYTES`], enforced by the
//! writer Tera renders into, which stops a loop that writes); and the work of one report, which
//! Tera cannot count: a watchdog ([`Budget`]) that stops the run when one report takes longer than
//! [`MAX_RENDER_TIME`] or the process grows by more than [`MAX_RENDER_MEMORY`] while it renders
//! (a loop that writes nothing, or builds a string by doubling it). The built-in templates are
//! fixed, small and fast, and render without a watchdog.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use super::context::ReportContext;
use super::{Lang, ReportKind, escape_markdown};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));
}

/// The prefix under which the embedded templates are registered.
const DEFAULTS: &str = "defaults/";

/// Largest template file read from `--templates` (the largest built-in one is about 11 KB).
pub const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// Most bytes of template files read from `--templates`, in total.
pub const MAX_TEMPLATES_TOTAL: u64 = 2 * 1024 * 1024;

/// Largest Markdown one report may render to (the largest built-in report is about 40 KB).
pub const MAX_RENDERED_BYTES: usize = 4 * 1024 * 1024;

/// Longest one report of a company's templates may take to render.
pub const MAX_RENDER_TIME: Duration = Duration::from_secs(10);

/// Most the process may grow while one report of a company's templates renders.
pub const MAX_RENDER_MEMORY: u64 = 512 * 1024 * 1024;

/// What to do when a company template exceeds its time or memory: called with the message, from
/// the watchdog thread, while the template still runs. Tera cannot be interrupted, so the caller
/// (the command line) ends the process.
pub type Overrun = fn(&str);

/// A watchdog for a company's templates.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Longest one report may take.
    pub time: Duration,
    /// Most the process may grow while it renders, in bytes.
    pub memory: u64,
    /// Called when either is exceeded.
    pub on_overrun: Overrun,
}

/// A ready template set.
pub struct Templates {
    tera: tera::Tera,
    /// Set when a company's templates are loaded.
    budget: Option<Budget>,
    /// The company's templates (name, text) and their directory, for locating their errors.
    company: Vec<(String, String)>,
    dir: Option<std::path::PathBuf>,
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
        Templates::with_budget(dir, None)
    }

    /// Only the embedded templates these reports need in these languages, with the templates they
    /// include: a run that renders one notice parses one template and its partials instead of
    /// all of them (parsing is most of a template set's cost, and the set is built per process).
    /// A report outside `kinds` × `langs` is then not [`Templates::has`]. A company's templates
    /// are always parsed whole ([`Templates::with_budget`]), so that an error in any of them is
    /// reported before anything is rendered.
    pub fn builtin_for(kinds: &[ReportKind], langs: &[Lang]) -> Result<Templates, String> {
        let mut wanted: Vec<String> = Vec::new();
        for &kind in kinds {
            for &lang in langs {
                wanted.push(template_name(kind, lang));
            }
        }
        let mut chosen: Vec<(String, &'static str)> = Vec::new();
        while let Some(name) = wanted.pop() {
            if chosen.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let Some((_, text)) = builtin::BUILTIN_TEMPLATES.iter().find(|(n, _)| *n == name)
            else {
                // No such report in this language (e.g. an English-only filing in Korean):
                // `has` says so to the caller, as with the whole set.
                continue;
            };
            wanted.extend(included(text).map(str::to_string));
            chosen.push((name, text));
        }
        let mut tera = Templates::empty()?;
        tera.add_raw_templates(
            chosen
                .iter()
                .map(|(name, text)| (format!("{DEFAULTS}{name}"), *text)),
        )
        .map_err(|e| format!("built-in templates: {e}"))?;
        Ok(Templates {
            tera,
            budget: None,
            company: Vec::new(),
            dir: None,
        })
    }

    /// A Tera set configured as every template set here is, with no templates yet.
    fn empty() -> Result<tera::Tera, String> {
        let mut tera = tera::Tera::new();
        tera.set_fallback_prefixes([DEFAULTS])
            .map_err(|e| e.to_string())?;
        tera.autoescape_on([".md.tera"]);
        tera.set_escape_fn(escape_markdown);
        Ok(tera)
    }

    /// [`Templates::new`], with a watchdog over each report a company's template renders.
    pub fn with_budget(dir: Option<&Path>, budget: Option<Budget>) -> Result<Templates, String> {
        let mut tera = Templates::empty()?;
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
            let mut total: u64 = 0;
            let mut texts = Vec::with_capacity(files.len());
            for (p, name) in &files {
                let bytes = crate::document::read_bounded(p, MAX_TEMPLATE_BYTES).map_err(|e| {
                    format!(
                        "{}: {e}\n  = help: a template file may hold at most {} KiB",
                        p.display(),
                        MAX_TEMPLATE_BYTES / 1024
                    )
                })?;
                total += bytes.len() as u64;
                if total > MAX_TEMPLATES_TOTAL {
                    return Err(format!(
                        "{}: the template files add up to more than {} MiB",
                        dir.display(),
                        MAX_TEMPLATES_TOTAL / (1024 * 1024)
                    ));
                }
                let text = String::from_utf8(bytes)
                    .map_err(|_| format!("{}: the template is not valid UTF-8", p.display()))?;
                texts.push((name.clone(), text));
            }
            return Templates::company(tera, &texts, budget, Some(dir));
        }
        Ok(Templates {
            tera,
            budget: None,
            company: Vec::new(),
            dir: None,
        })
    }

    /// The embedded templates with company templates given as (name, text) pairs, e.g.
    /// `("en/audit_report.md.tera", "...")`, under the same bounds as `--templates` files (the
    /// fuzz target's way in: no files to write per input).
    pub fn with_sources(
        sources: &[(String, String)],
        budget: Option<Budget>,
    ) -> Result<Templates, String> {
        Templates::new(None)?.with_more(sources, budget)
    }

    /// This set with company templates added as (name, text) pairs, under the `--templates`
    /// bounds; `self` is left as it was (the built-in templates are parsed once and shared).
    pub fn with_more(
        &self,
        sources: &[(String, String)],
        budget: Option<Budget>,
    ) -> Result<Templates, String> {
        let tera = self.tera.clone();
        let mut total = 0u64;
        for (name, text) in sources {
            if text.len() as u64 > MAX_TEMPLATE_BYTES {
                return Err(format!(
                    "{name}: a template may hold at most {} KiB",
                    MAX_TEMPLATE_BYTES / 1024
                ));
            }
            total += text.len() as u64;
        }
        if total > MAX_TEMPLATES_TOTAL {
            return Err(format!(
                "the templates add up to more than {} MiB",
                MAX_TEMPLATES_TOTAL / (1024 * 1024)
            ));
        }
        Templates::company(tera, sources, budget, None)
    }

    fn company(
        mut tera: tera::Tera,
        texts: &[(String, String)],
        budget: Option<Budget>,
        dir: Option<&Path>,
    ) -> Result<Templates, String> {
        let text = |name: &str| {
            texts
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.clone())
        };
        let first = texts.first().map_or("", |(n, _)| n.as_str());
        tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| super::template_errors::describe(&e, first, dir, &text))?;
        Ok(Templates {
            tera,
            budget,
            company: texts.to_vec(),
            dir: dir.map(Path::to_path_buf),
        })
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
        let mut out = Bounded {
            bytes: Vec::new(),
            max: MAX_RENDERED_BYTES,
            over: false,
        };
        let rendered = match self.budget {
            Some(b) => watched(&name, b, || self.tera.render_to(&name, &context, &mut out)),
            None => self.tera.render_to(&name, &context, &mut out),
        };
        if out.over {
            return Err(format!(
                "template {name}: the report grew past {} MiB; a loop in the template writes without end\n  = help: bound the template's loops",
                MAX_RENDERED_BYTES / (1024 * 1024)
            ));
        }
        rendered.map_err(|e| {
            let text = |n: &str| {
                self.company
                    .iter()
                    .find(|(c, _)| c == n)
                    .map(|(_, t)| t.clone())
            };
            let mut msg = super::template_errors::describe(&e, &name, self.dir.as_deref(), &text);
            // A failure writing the output (not the template's) carries its cause.
            let mut src: Option<&dyn std::error::Error> = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            msg
        })?;
        String::from_utf8(out.bytes)
            .map_err(|_| format!("template {name}: the output is not UTF-8"))
    }
}

/// The names a built-in template pulls in with `{% include "…" %}`. The built-in templates use
/// no `import` or `extends` (a unit test keeps it so), and name their partials literally.
fn included(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").skip(1).filter_map(|tag| {
        let tag = tag.split("%}").next()?.trim_start_matches('-').trim();
        let rest = tag.strip_prefix("include")?.trim_start();
        let rest = rest.strip_prefix('"')?;
        rest.split('"').next()
    })
}

/// A writer that refuses to grow past `max` bytes.
struct Bounded {
    bytes: Vec<u8>,
    max: usize,
    over: bool,
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.max {
            self.over = true;
            return Err(std::io::Error::other("the report is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `f` under the watchdog: every 20 ms it checks the time taken and the process's growth,
/// and calls `on_overrun` once when either passes its bound.
fn watched<T>(name: &str, budget: Budget, f: impl FnOnce() -> T) -> T {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    let (done, wait) = channel::<()>();
    let start = std::time::Instant::now();
    let base = resident_bytes();
    let name = name.to_string();
    let dog = std::thread::spawn(move || {
        loop {
            match wait.recv_timeout(Duration::from_millis(20)) {
                Err(RecvTimeoutError::Timeout) => {}
                _ => return,
            }
            let grown = match (base, resident_bytes()) {
                (Some(b), Some(now)) => now.saturating_sub(b),
                _ => 0,
            };
            let why = if start.elapsed() > budget.time {
                format!(
                    "template {name}: still rendering after {} s; stopped (a company template may take at most {} s per report)",
                    start.elapsed().as_secs(),
                    budget.time.as_secs()
                )
            } else if grown > budget.memory {
                format!(
                    "template {name}: used more than {} MiB of memory; stopped (a template that builds text by doubling it, or loops without end)",
                    budget.memory / (1024 * 1024)
                )
            } else {
                continue;
            };
            (budget.on_overrun)(&why);
            return;
        }
    });
    let r = f();
    drop(done);
    let _ = dog.join();
    r
}

/// The process's resident memory in bytes, where the system tells it (Linux).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * page_size())
}

/// The system's memory page size (4 KiB where it cannot be asked).
fn page_size() -> u64 {
    #[cfg(unix)]
    {
        // SAFETY: sysconf only reads a system constant.
        let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if n > 0 {
            return n as u64;
        }
    }
    4096
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tag of a built-in template that names another template is an `include` the scan
    /// reads, and every name it reads is a built-in template: `builtin_for` then cannot miss a
    /// partial.
    #[test]
    fn the_include_scan_finds_every_partial() {
        let names: Vec<&str> = builtin::BUILTIN_TEMPLATES.iter().map(|(n, _)| *n).collect();
        let mut found = 0;
        for (name, text) in builtin::BUILTIN_TEMPLATES {
            for tag in text.split("{%").skip(1) {
                let tag = tag.split("%}").next().unwrap_or("");
                let word = tag.trim_start_matches('-').split_whitespace().next();
                assert!(
                    !matches!(word, Some("import" | "extends" | "macro")),
                    "{name}: `{tag}` — builtin_for reads includes only"
                );
            }
            let expected = text.matches("include \"").count();
            let got: Vec<&str> = included(text).collect();
            assert_eq!(got.len(), expected, "{name}: {got:?}");
            for inc in got {
                assert!(names.contains(&inc), "{name} includes unknown {inc}");
            }
            found += expected;
        }
        assert!(found >= 4, "the built-in templates include their partials");
    }

    #[test]
    fn a_subset_holds_the_reports_asked_for_and_their_partials_only() {
        let t = Templates::builtin_for(&[ReportKind::SubjectNotice], &[Lang::Ko]).unwrap();
        assert!(t.has(ReportKind::SubjectNotice, Lang::Ko));
        assert!(!t.has(ReportKind::SubjectNotice, Lang::En));
        assert!(!t.has(ReportKind::AuditReport, Lang::Ko));
        let all = Templates::new(None).unwrap();
        for kind in ReportKind::ALL {
            for lang in [Lang::Ko, Lang::En] {
                let one = Templates::builtin_for(&[kind], &[lang]).unwrap();
                assert_eq!(
                    one.has(kind, lang),
                    all.has(kind, lang),
                    "{kind:?} {lang:?}"
                );
            }
        }
    }
}
