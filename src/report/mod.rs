//! Reports: which reports an incident calls for, their context, and the Tera templates that turn
//! them into Markdown.
//!
//! Templates live in `templates/{ko,en}/<report>.md.tera` and are embedded in the binary; a
//! company's `--templates DIR` overrides any of them by name (Tera 2's fallback prefixes: the
//! embedded defaults are registered under `defaults/`, the company's files under their own name,
//! and an exact name wins). `.md` templates escape every printed value with [`escape_markdown`],
//! so text from the incident file can never become a heading, list, table, link, image or HTML.

pub mod context;
pub mod facts;
pub mod filing;
pub mod filled;
pub mod format;
pub mod letter;
pub mod letters;
pub mod phases;
pub mod produce;
pub mod template_errors;
pub mod templates;
pub mod us_letter;
pub mod wording;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::incident::Text;

/// A report language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Korean.
    Ko,
    /// English.
    En,
}

impl Lang {
    /// `ko` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for documents: `ko-KR`, `en-US`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ko => "ko-KR",
            Lang::En => "en-US",
        }
    }

    /// Parses `ko` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The kinds of report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReportKind {
    /// Report to the regulator (PIPC 유출등 신고서 items).
    RegulatorNotification,
    /// Notice to data subjects (PIPA Art. 34(1) items).
    SubjectNotice,
    /// Public website notice.
    PublicNotice,
    /// The audit report: always produced.
    AuditReport,
    /// Draft of SEC Form 8-K Item 1.05 (English only).
    Sec8k,
    /// GDPR Art. 33 notification to a supervisory authority (English only).
    GdprArt33,
    /// GDPR Art. 34 communication to the data subjects in the EU/EEA (English only).
    GdprArt34,
    /// Notice to U.S. state residents (English only).
    UsStateNotice,
}

impl ReportKind {
    /// Every kind, in output order.
    pub const ALL: [ReportKind; 8] = [
        ReportKind::RegulatorNotification,
        ReportKind::SubjectNotice,
        ReportKind::PublicNotice,
        ReportKind::AuditReport,
        ReportKind::Sec8k,
        ReportKind::GdprArt33,
        ReportKind::GdprArt34,
        ReportKind::UsStateNotice,
    ];

    /// Whether the filing exists only in English (the language of the law it serves).
    pub fn english_only(self) -> bool {
        matches!(
            self,
            ReportKind::Sec8k
                | ReportKind::GdprArt33
                | ReportKind::GdprArt34
                | ReportKind::UsStateNotice
        )
    }

    /// The id used in policies (`reports:`), file names and templates.
    pub fn id(self) -> &'static str {
        match self {
            ReportKind::RegulatorNotification => "regulator_notification",
            ReportKind::SubjectNotice => "subject_notice",
            ReportKind::PublicNotice => "public_notice",
            ReportKind::AuditReport => "audit_report",
            ReportKind::Sec8k => "sec_8k_item_1_05",
            ReportKind::GdprArt33 => "gdpr_art33_notification",
            ReportKind::GdprArt34 => "gdpr_art34_communication",
            ReportKind::UsStateNotice => "us_state_consumer_notice",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.id() == s.trim())
    }

    /// Who reads the report: a regulator, the people whose data it is, the public, or the
    /// company's own auditors. The reader decides what the document may carry.
    pub fn audience(self) -> Audience {
        match self {
            ReportKind::RegulatorNotification | ReportKind::GdprArt33 => Audience::Regulator,
            // Filed with the SEC but published on EDGAR as filed: its readers are investors and
            // the public, so it carries no annex and no hash in its footer.
            ReportKind::Sec8k => Audience::Public,
            ReportKind::SubjectNotice | ReportKind::UsStateNotice | ReportKind::GdprArt34 => {
                Audience::DataSubjects
            }
            ReportKind::PublicNotice => Audience::Public,
            ReportKind::AuditReport => Audience::InternalAudit,
        }
    }
}

/// The reader of a report.
///
/// Provenance (the tool, the as-of time, the incident file's SHA-256, every evaluated policy
/// with its version, file and SHA-256, the policies' commit) is internal material: it is printed
/// in full in the audit report, as a short annex in a regulator filing, and never in a letter to
/// people or a public notice, whose body and PDF footer carry at most the document reference.
/// Every PDF keeps the full provenance in its XMP metadata whatever its reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// A regulator or supervisory authority (a filing).
    Regulator,
    /// The people whose data was breached (a letter).
    DataSubjects,
    /// The public (a website notice).
    Public,
    /// The company's officers and auditors.
    InternalAudit,
}

impl Audience {
    /// `regulator`, `data_subjects`, `public`, `internal_audit` (the `audience` template
    /// variable).
    pub fn id(self) -> &'static str {
        match self {
            Audience::Regulator => "regulator",
            Audience::DataSubjects => "data_subjects",
            Audience::Public => "public",
            Audience::InternalAudit => "internal_audit",
        }
    }

    /// Whether the document is addressed to people (a letter or a public notice): no
    /// provenance, internal deadlines, obligation lists or "does not apply" lines.
    pub fn is_people(self) -> bool {
        matches!(self, Audience::DataSubjects | Audience::Public)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    #[allow(dead_code)]
    format: String,
    terms: BTreeMap<String, Text>,
    recipients: BTreeMap<String, Text>,
}

/// The shared term table (`templates/terms.yaml`): legal terms and authority names in both
/// languages, one term per concept.
#[derive(Clone, Debug)]
pub struct Terms {
    terms: BTreeMap<String, Text>,
    recipients: BTreeMap<String, Text>,
}

mod compact {
    include!(concat!(env!("OUT_DIR"), "/builtin_terms.rs"));
}

impl Terms {
    /// The built-in table, from the compact form build.rs makes of `templates/terms.yaml` (a
    /// unit test keeps the two equal).
    pub fn builtin() -> Result<Terms, String> {
        let f: TermsFile = serde_json::from_str(compact::BUILTIN_TERMS)
            .map_err(|e| format!("templates/terms.yaml: {e}"))?;
        Ok(Terms {
            terms: f.terms,
            recipients: f.recipients,
        })
    }

    /// All terms in one language.
    pub fn lang(&self, lang: Lang) -> BTreeMap<String, String> {
        self.terms
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.get(lang.code()).unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// A recipient's name (`AG:US-CA` becomes "the Attorney General of US-CA").
    pub fn recipient(&self, code: &str, lang: Lang) -> String {
        if let Some(t) = self.recipients.get(code) {
            return t.get(lang.code()).unwrap_or(code).to_string();
        }
        match (code.split_once(':'), lang) {
            (Some(("AG", s)), Lang::Ko) => format!("{s} 법무장관"),
            (Some(("AG", s)), Lang::En) => format!("Attorney General ({s})"),
            (Some(("SA", c)), Lang::Ko) => format!("{c} 개인정보 감독기관"),
            (Some(("SA", c)), Lang::En) => format!("supervisory authority ({c})"),
            _ => code.to_string(),
        }
    }

    /// An action kind in words.
    pub fn action_kind(&self, kind: &str, lang: Lang) -> String {
        let (ko, en) = match kind {
            "incident_report" => ("침해사고 신고", "security-incident report"),
            "regulator_report" => ("유출등의 신고", "breach report"),
            "subject_notice" => ("정보주체에 대한 통지", "notice to data subjects"),
            "public_notice" => ("홈페이지 게시", "public notice"),
            "securities_filing" => ("증권 공시", "securities filing"),
            "law_enforcement_report" => ("수사 의뢰", "report to law enforcement"),
            "credit_agency_notice" => {
                ("신용평가기관 통지", "notice to consumer reporting agencies")
            }
            other => (other, other),
        };
        match lang {
            Lang::Ko => ko.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

/// Where a report's inputs came from, so an auditor can reproduce it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Provenance {
    /// disclose's version.
    pub tool_version: String,
    /// The evaluation time (RFC 3339).
    pub as_of: String,
    /// The incident file's name, without its directory (the SHA-256 identifies it).
    pub incident_file: String,
    /// SHA-256 of the incident file.
    pub incident_sha256: String,
    /// Each policy used: id, version, file, SHA-256.
    pub policies: Vec<PolicyProvenance>,
    /// The policy directory's git commit, with ` (modified)` for a dirty tree; empty for the
    /// built-in policies only.
    pub policy_commit: String,
}

impl Provenance {
    /// The whole provenance on one line, facts separated by `; ` (a PDF's XMP metadata).
    pub fn summary(&self) -> String {
        let mut parts = vec![
            format!("disclose {}", self.tool_version),
            format!("as of {}", self.as_of),
            format!(
                "incident {} sha256:{}",
                self.incident_file, self.incident_sha256
            ),
        ];
        for p in &self.policies {
            parts.push(format!(
                "policy {} {}{} {} sha256:{}",
                p.id,
                p.version,
                if p.applies { "" } else { " (does not apply)" },
                p.file,
                p.sha256
            ));
        }
        if !self.policy_commit.is_empty() {
            parts.push(format!("policy commit {}", self.policy_commit));
        }
        one_line(&parts.join("; ")).into_owned()
    }
}

/// One policy's provenance.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyProvenance {
    /// Its id.
    pub id: String,
    /// Whether it applies to the incident (it was evaluated either way).
    pub applies: bool,
    /// Its rules' version.
    pub version: String,
    /// Its file.
    pub file: String,
    /// SHA-256 of its text.
    pub sha256: String,
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// The git commit of the repository holding `dir`, with ` (modified)` when its tree is dirty;
/// `None` when `dir` is not in a git work tree or git is not installed.
pub fn git_commit(dir: &Path) -> Option<String> {
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let head = run(&["rev-parse", "HEAD"])?;
    let dirty = run(&["status", "--porcelain", "--", "."]).is_some_and(|s| !s.is_empty());
    Some(if dirty {
        format!("{head} (modified)")
    } else {
        head
    })
}

/// `text` on one line: every run of line breaks (`\r`, `\n`, U+2028, U+2029) and tabs becomes
/// one space, as a reader of a one-line field expects and as every output can show.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    let breaks = |c: char| matches!(c, '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}');
    if !text.contains(breaks) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut flat = String::with_capacity(text.len());
    let mut last_space = false;
    for ch in text.chars() {
        if breaks(ch) {
            if !last_space && !flat.is_empty() {
                flat.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = ch == ' ';
        flat.push(ch);
    }
    std::borrow::Cow::Owned(flat)
}

/// Escapes text for Markdown so that it shows literally and creates no structure: every
/// character with a Markdown meaning is backslash-escaped, `&` cannot start an entity, a leading
/// `-`, `+`, `=`, digits followed by `.` or `)` cannot start a block, a text of only `-` or `=`
/// cannot underline a heading or draw a rule, line breaks become spaces (so text cannot leave a
/// table cell or start a new block), trailing spaces cannot make a hard line break, and control
/// and invisible characters (bidirectional overrides, zero-width characters) are written out as
/// `‹U+202E›` so that a reader sees them and no viewer or font acts on them.
pub fn escape_markdown(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Collapse line breaks and tabs to single spaces first, so the text is one line and can
    // neither leave a table cell nor start a new block.
    let flat = one_line(input);
    let flat = crate::yaml::visible(&flat);
    // No leading spaces (four would make an indented code block) and no trailing ones (two
    // before a line break make a hard break).
    let chars: Vec<char> = flat.trim_matches(' ').chars().collect();
    let mut buf = String::with_capacity(chars.len() + 8);
    // A list marker can only start the text: `-`, `+` (bullets) or digits then `.` or `)`,
    // followed by a space or the end.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let marker_at = |i: usize| chars.get(i + 1).is_none_or(|c| *c == ' ');
    // A line of only `-` or only `=` (spaces aside) underlines the line before it as a heading,
    // and three `-` draw a rule.
    let rule = |c: char| chars.iter().all(|x| *x == c || *x == ' ');
    let underline = !chars.is_empty() && (rule('-') || rule('='));
    for (i, &ch) in chars.iter().enumerate() {
        let escape = match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&' | '{'
            | '}' | '$' => true,
            '-' | '+' | '=' => i == 0 && (marker_at(i) && ch != '=' || underline),
            '.' | ')' => i == digits && digits > 0 && marker_at(i),
            _ => false,
        };
        if escape {
            buf.push('\\');
        }
        buf.push(ch);
    }
    out.write_all(buf.as_bytes())
}

#[cfg(test)]
mod tests {

    /// The policy layer checks `reports:` against `incident::vocab::REPORT_KINDS`: the same ids,
    /// in the same order, as the kinds reports are produced for.
    #[test]
    fn report_kinds_are_the_vocabulary() {
        let ids: Vec<&str> = ReportKind::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(ids, crate::incident::vocab::REPORT_KINDS);
    }
    use super::*;

    fn esc(s: &str) -> String {
        let mut v = Vec::new();
        escape_markdown(s, &mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn markdown_escaping_neutralises_structure() {
        assert_eq!(esc("# title"), "\\# title");
        assert_eq!(esc("- item"), "\\- item");
        assert_eq!(esc("1. item"), "1\\. item");
        assert_eq!(esc("a | b"), "a \\| b");
        assert_eq!(
            esc("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(esc("<script>"), "\\<script\\>");
        assert_eq!(
            esc("line one\nline two\r\n\r\n# three"),
            "line one line two \\# three"
        );
        assert_eq!(esc("{{ x }} {% y %}"), "\\{\\{ x \\}\\} \\{% y %\\}");
        assert_eq!(esc("    code"), "code");
        assert_eq!(esc("1577-0000"), "1577-0000");
        assert_eq!(esc("0.1.0"), "0.1.0");
        assert_eq!(esc("+82-2-0000"), "+82-2-0000");
        assert_eq!(esc("+ item"), "\\+ item");
        assert_eq!(esc("2025."), "2025\\.");
        assert_eq!(esc("a\u{0}b"), "a‹U+0000›b");
        assert_eq!(esc("a\u{202E}b\u{200B}"), "a‹U+202E›b‹U+200B›");
        assert_eq!(esc("---"), "\\---");
        assert_eq!(esc("== ="), "\\== =");
        assert_eq!(esc("-- -"), "\\-- -");
        assert_eq!(esc("=x"), "=x");
        assert_eq!(esc("a-b"), "a-b");
        assert_eq!(esc("two spaces  "), "two spaces");
        assert_eq!(esc("back\\"), "back\\\\");
        assert_eq!(esc("<!-- c -->"), "\\<\\!-- c --\\>");
    }

    #[test]
    fn letters_and_public_notices_are_for_people() {
        for k in ReportKind::ALL {
            let people = matches!(
                k,
                ReportKind::SubjectNotice
                    | ReportKind::PublicNotice
                    | ReportKind::UsStateNotice
                    | ReportKind::GdprArt34
                    | ReportKind::Sec8k
            );
            assert_eq!(k.audience().is_people(), people, "{k:?}");
        }
        assert_eq!(ReportKind::AuditReport.audience(), Audience::InternalAudit);
        assert_eq!(ReportKind::GdprArt33.audience(), Audience::Regulator);
    }

    /// The compact table build.rs embeds is the YAML file, read the way any YAML file is.
    #[test]
    fn the_compact_term_table_is_the_yaml_file() {
        let yaml: TermsFile = crate::yaml::from_str(
            include_str!("../../templates/terms.yaml"),
            &crate::yaml::Limits::DEFAULT,
        )
        .unwrap();
        let compact = Terms::builtin().unwrap();
        assert_eq!(compact.terms, yaml.terms);
        assert_eq!(compact.recipients, yaml.recipients);
    }

    #[test]
    fn the_term_table_loads_and_is_complete() {
        let t = Terms::builtin().unwrap();
        for lang in [Lang::Ko, Lang::En] {
            for (k, v) in t.lang(lang) {
                assert!(!v.is_empty(), "term {k} has no {lang:?} text");
            }
        }
        assert_eq!(t.recipient("PIPC", Lang::Ko), "개인정보보호위원회");
        assert!(!t.lang(Lang::Ko)["breach"].contains("노출"));
    }
}
