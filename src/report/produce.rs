//! Producing the report files of one incident: choose the reports, check their required content,
//! render every report × language × format in memory, and only then hand the files to the caller
//! to write, so a failure never leaves a partial set.

use std::path::{Path, PathBuf};

use crate::incident::Incident;
use crate::policy::eval::{Evaluation, Status};
use crate::policy::load::CompiledPolicy;
use crate::render::{OutputFormat, html};

use super::context::{self, ContentRow};
use super::templates::Templates;
use super::{Lang, Provenance, ReportKind, Terms};

/// What to produce.
#[derive(Clone, Debug)]
pub struct Request {
    /// Languages, in order.
    pub langs: Vec<Lang>,
    /// Formats, in order.
    pub formats: Vec<OutputFormat>,
    /// Only these reports (default: every report the incident calls for).
    pub only: Option<Vec<ReportKind>>,
    /// Render drafts: mark missing items instead of failing, and watermark.
    pub draft: bool,
    /// True when English was asked for by name (`--lang en`), not only by default: then an
    /// incident without English text is an error even when no law outside Korea applies.
    pub english_asked: bool,
    /// The notice date (`render --date`); default: the recorded notice's date, else the
    /// evaluation date (see [`super::letter::notice_date`]).
    pub date: Option<chrono::NaiveDate>,
    /// Which PDFs carry the sources (`--attach-sources` / `--no-attach-sources`).
    pub attach: AttachSources,
}

/// Which PDFs embed the sources they were made from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AttachSources {
    /// The audit report only (the record of the assessment carries its evidence; letters to
    /// people and filings do not carry the company's files).
    #[default]
    AuditReport,
    /// Every PDF.
    All,
    /// None.
    None,
}

impl AttachSources {
    fn wants(self, kind: ReportKind) -> bool {
        match self {
            AttachSources::AuditReport => kind == ReportKind::AuditReport,
            AttachSources::All => true,
            AttachSources::None => false,
        }
    }
}

/// Why reports could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ProduceError {
    /// Statutory items the incident does not fill (exit code 1).
    #[error("{report}: required content is missing")]
    MissingContent {
        /// The report.
        report: &'static str,
        /// The items: title and the incident field that fills it.
        items: Vec<ContentRow>,
    },
    /// A draft incident without `--draft`.
    #[error(
        "the incident is marked `draft: true`; its reports are rendered only with --draft (or remove `draft: true` once the facts are confirmed)"
    )]
    DraftIncident,
    /// A template failed.
    #[error("{0}")]
    Template(String),
    /// The PDF could not be laid out (e.g. a character the font lacks).
    #[error("{file}: {source}")]
    Pdf {
        /// The report file.
        file: String,
        /// Why.
        source: crate::render::pdf::PdfError,
    },
    /// English reports are produced but the incident has no English text for them (exit 2).
    #[error(
        "the English {} need English text (`en`), which the incident does not give ({why}): {}\n  = help: add `en: ...` to each of these fields{}",
        reports.join(", "),
        fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
        if *asked { ", or render with --lang ko" } else { "; the filings under that law are written in English" }
    )]
    MissingEnglish {
        /// The reports that would be produced in English.
        reports: Vec<&'static str>,
        /// Why English is produced.
        why: String,
        /// The text fields without English.
        fields: Vec<String>,
        /// Whether English was asked for by name (and can be left out).
        asked: bool,
    },
    /// A requested report does not apply to this incident.
    #[error(
        "the {0} report does not apply to this incident: no applicable obligation calls for it"
    )]
    NotApplicable(&'static str),
}

/// One produced file: its path relative to the output directory, and its bytes.
#[derive(Clone, Debug)]
pub struct OutputFile {
    /// `<incident-id>/<report>.<lang>.<ext>`.
    pub path: PathBuf,
    /// The content.
    pub bytes: Vec<u8>,
}

/// The reports an evaluation calls for: those named in `reports:` by an applicable obligation,
/// and always the audit report, in [`ReportKind::ALL`] order.
pub fn reports_called_for(ev: &Evaluation, policies: &[&CompiledPolicy]) -> Vec<ReportKind> {
    let mut kinds = vec![ReportKind::AuditReport];
    for o in ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
    {
        let rule = policies
            .iter()
            .find(|p| p.policy.id == o.policy)
            .and_then(|p| p.full().policy.obligations.iter().find(|r| r.id == o.id));
        for r in rule.map(|r| r.reports.as_slice()).unwrap_or_default() {
            if let Some(k) = ReportKind::parse(r)
                && !kinds.contains(&k)
            {
                kinds.push(k);
            }
        }
    }
    kinds.sort();
    kinds
}

/// Whether `name` is a file name [`produce`] gives a report (`<report>.<lang>.<ext>`), so that a
/// directory of them can be replaced without losing anything else.
pub fn is_report_file_name(name: &str) -> bool {
    let mut parts = name.split('.');
    let (Some(kind), Some(lang), Some(ext), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    ReportKind::parse(kind).is_some()
        && Lang::parse(lang).is_some()
        && OutputFormat::parse(ext).is_some()
}

/// Builds the provenance block.
pub fn provenance(
    incident_file: &Path,
    incident_text: &str,
    ev: &Evaluation,
    policies: &[&CompiledPolicy],
    policy_dir: Option<&Path>,
) -> Provenance {
    Provenance {
        tool_version: crate::VERSION.to_string(),
        as_of: ev.as_of.to_rfc3339(),
        // The file name only: the same file rendered from another directory, or another
        // machine, gives the same bytes. The SHA-256 identifies the contents.
        incident_file: incident_file.file_name().map_or_else(
            || incident_file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        incident_sha256: super::sha256_hex(incident_text.as_bytes()),
        policies: ev
            .policies
            .iter()
            .filter_map(|o| {
                policies
                    .iter()
                    .find(|p| p.policy.id == o.id)
                    .map(|p| (p, o.applies))
            })
            .map(|(p, applies)| super::PolicyProvenance {
                id: p.policy.id.clone(),
                applies,
                version: p.policy.version.clone(),
                file: p.origin.display(),
                sha256: p.sha256(),
            })
            .collect(),
        policy_commit: policy_dir.and_then(super::git_commit).unwrap_or_default(),
    }
}

/// The languages to render `kinds` in: `req.langs`, without English when the incident gives no
/// English text and no English report is needed. English is needed when it was asked for by
/// name (`--lang en`), when a law outside Korea applies, or for an English-only filing; then a
/// missing English text is [`ProduceError::MissingEnglish`], naming the reports and fields.
pub fn languages(
    req: &Request,
    inc: &Incident,
    ev: &Evaluation,
    kinds: &[ReportKind],
) -> Result<Vec<Lang>, ProduceError> {
    if !req.langs.contains(&Lang::En) {
        return Ok(req.langs.clone());
    }
    let fields = crate::incident::validate::missing_english(inc);
    if fields.is_empty() {
        return Ok(req.langs.clone());
    }
    let mut foreign: Vec<&str> = ev
        .policies
        .iter()
        .filter(|p| p.applies && p.jurisdiction != "KR")
        .map(|p| p.jurisdiction.as_str())
        .collect();
    foreign.dedup();
    let why = if req.english_asked {
        "English was asked for with --lang en".to_string()
    } else if !foreign.is_empty() {
        format!("a law outside Korea applies: {}", foreign.join(", "))
    } else if kinds.iter().any(|k| k.english_only()) {
        "the filing exists only in English".to_string()
    } else {
        return Ok(req
            .langs
            .iter()
            .copied()
            .filter(|l| *l != Lang::En)
            .collect());
    };
    Err(ProduceError::MissingEnglish {
        reports: kinds.iter().map(|k| k.id()).collect(),
        why,
        fields,
        asked: req.english_asked,
    })
}

/// Renders every requested report. Nothing is written; the caller writes the files.
#[allow(clippy::too_many_arguments)]
pub fn produce(
    req: &Request,
    inc: &Incident,
    ev: &Evaluation,
    policies: &[&CompiledPolicy],
    templates: &Templates,
    terms: &Terms,
    fonts: &crate::render::pdf::FontSet,
    provenance: &Provenance,
    sources: &[crate::render::pdf::Attachment],
) -> Result<Vec<OutputFile>, ProduceError> {
    if inc.draft && !req.draft {
        return Err(ProduceError::DraftIncident);
    }
    let called = reports_called_for(ev, policies);
    let kinds: Vec<ReportKind> = match &req.only {
        Some(only) => {
            for k in only {
                if !called.contains(k) {
                    return Err(ProduceError::NotApplicable(k.id()));
                }
            }
            only.clone()
        }
        None => called,
    };
    let langs = languages(req, inc, ev, &kinds)?;
    let mut files = Vec::new();
    for kind in kinds {
        for &lang in &langs {
            if kind.english_only() && lang != Lang::En {
                continue;
            }
            let ctx = context::build(
                kind, lang, inc, ev, policies, terms, provenance, req.draft, req.date,
            );
            let missing: Vec<ContentRow> = ctx
                .content
                .iter()
                .filter(|c| c.state == "missing")
                .cloned()
                .collect();
            // The audit report lists missing items itself; the filings cannot go out without them.
            // Placeholder text is the organisation's to replace: the audit report flags it.
            if !missing.is_empty() && !req.draft && kind != ReportKind::AuditReport {
                return Err(ProduceError::MissingContent {
                    report: kind.id(),
                    items: missing,
                });
            }
            let markdown = templates
                .render(&ctx, kind, lang)
                .map_err(ProduceError::Template)?;
            // The Form 8-K is the registrant's document, not the controller's.
            let author = if kind == ReportKind::Sec8k {
                ctx.sec.company.clone()
            } else {
                ctx.org.clone()
            };
            for &format in &req.formats {
                // Validation refuses ids that are not one plain path component; the sanitizer is
                // the defence in depth for every other caller of `produce`.
                let path = PathBuf::from(crate::output::safe_file_stem(&inc.id)).join(format!(
                    "{}.{}.{}",
                    kind.id(),
                    lang.code(),
                    format.ext()
                ));
                let bytes = match format {
                    OutputFormat::Pdf => crate::render::pdf::render(
                        &markdown,
                        &crate::render::pdf::PdfMeta {
                            title: format!("{} — {}", ctx.report_title, ctx.title),
                            subject: format!("{} ({})", ctx.report_title, inc.id),
                            author: author.clone(),
                            language: lang.tag().into(),
                            keywords: vec![inc.id.clone(), kind.id().to_string()],
                            document_id: format!("{}/{}.{}", inc.id, kind.id(), lang.code()),
                            provenance_hash: provenance.incident_sha256.clone(),
                            footer_hash: !kind.audience().is_people(),
                            provenance: provenance.summary(),
                            created: ev.as_of.timestamp(),
                            watermark: req.draft.then(|| match lang {
                                Lang::Ko => "초안 DRAFT".to_string(),
                                Lang::En => "DRAFT".to_string(),
                            }),
                            attachments: if req.attach.wants(kind) {
                                sources.to_vec()
                            } else {
                                Vec::new()
                            },
                        },
                        fonts,
                    )
                    .map_err(|source| ProduceError::Pdf {
                        file: path.display().to_string(),
                        source,
                    })?,
                    OutputFormat::Markdown => markdown.clone().into_bytes(),
                    OutputFormat::Html => html::document(
                        &markdown,
                        &html::Meta {
                            lang: lang.tag().into(),
                            title: format!("{} — {}", ctx.report_title, ctx.title),
                            author: author.clone(),
                            description: format!("{} ({})", ctx.report_title, inc.id),
                            keywords: vec![inc.id.clone(), kind.id().to_string()],
                            date: provenance.as_of.clone(),
                            generator: format!("disclose {}", crate::VERSION),
                            draft: req
                                .draft
                                .then(|| ctx.t.get("draft").cloned().unwrap_or_default()),
                        },
                    )
                    .into_bytes(),
                };
                files.push(OutputFile { path, bytes });
            }
        }
    }
    Ok(files)
}
