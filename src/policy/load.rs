//! Loading policy files: parse, check every reference, compile every condition.
//!
//! A policy that loads is ready to evaluate: every CEL condition compiled and its field paths
//! checked against the incident view, every citation pointing at a source, every calendar known.
//! Problems are reported with the file's line and column, all of them in one run; a misspelt path
//! in a condition is a load error, never a condition that is silently false.
//!
//! Built-in policies are the exception, for speed (issue 19): `check`, `deadlines` and `render`
//! read them with [`load_builtin_compact`], from the compact form `build.rs` made of the file
//! (JSON without inline tests), without a source map, and compile each condition the first time
//! it is evaluated ([`LazyCondition`]), so a policy that is not in force or does not apply never
//! compiles its obligations. That is safe because the built-in files are fixed: the full load
//! ([`load_policy_str`]) of every one of them, with every check, runs in the test suite and in
//! `disclose policy test`, and a unit test checks that the compact form gives the same policy.

use std::sync::OnceLock;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Report};
use crate::incident::vocab;
use crate::yaml::{self, CharConcern, Limits, Pos, SourceMap, char_concern, char_label};

use super::calendar::Calendar;
use super::expr::{self, Condition, ExprError};
use super::model::*;

/// Where a policy came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary; the path is relative to the repository's `policies/`.
    Builtin(&'static str),
    /// Read from a file.
    File(PathBuf),
}

impl Origin {
    /// The path to show.
    pub fn display(&self) -> String {
        match self {
            Origin::Builtin(p) => format!("policies/{p}"),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

/// A condition compiled when it is loaded (a file's policy, checked in full), or the first time
/// it is used (a built-in policy). Dereferences to the [`Condition`].
#[derive(Debug)]
pub struct LazyCondition {
    /// The text, kept to compile it later; empty once compiled at load.
    src: String,
    cell: OnceLock<Condition>,
}

impl LazyCondition {
    /// A condition already compiled.
    pub fn compiled(c: Condition) -> Self {
        LazyCondition {
            src: String::new(),
            cell: OnceLock::from(c),
        }
    }

    /// A built-in policy's condition, compiled on first use.
    fn deferred(src: &str) -> Self {
        LazyCondition {
            src: src.to_string(),
            cell: OnceLock::new(),
        }
    }

    /// The compiled condition.
    ///
    /// # Panics
    /// When a deferred condition does not compile: only built-in policies defer, and every one
    /// of their conditions is compiled by the full load in the test suite.
    pub fn get(&self) -> &Condition {
        self.cell.get_or_init(|| {
            expr::compile(&self.src).unwrap_or_else(|e| {
                panic!(
                    "a built-in condition does not compile: {}: {}",
                    self.src, e.message
                )
            })
        })
    }
}

impl std::ops::Deref for LazyCondition {
    type Target = Condition;
    fn deref(&self) -> &Condition {
        self.get()
    }
}

/// A compiled obligation.
#[derive(Debug)]
pub struct CompiledObligation {
    /// Its `when`.
    pub when: Option<LazyCondition>,
    /// Its triggers, in order.
    pub triggers: Vec<LazyCondition>,
}

/// A compiled control requirement.
#[derive(Debug)]
pub struct CompiledControl {
    /// Its `when`.
    pub when: Option<LazyCondition>,
    /// Its `require`.
    pub require: LazyCondition,
}

/// A policy ready to evaluate.
#[derive(Debug)]
pub struct CompiledPolicy {
    /// The rules as written.
    pub policy: Policy,
    /// Where it came from.
    pub origin: Origin,
    /// The file's text (borrowed for a built-in policy, embedded in the binary).
    pub text: std::borrow::Cow<'static, str>,
    /// Field positions in the file, built when first asked for ([`CompiledPolicy::map`]).
    map: OnceLock<SourceMap>,
    /// `applies_when`, compiled.
    pub applies_when: LazyCondition,
    /// Obligations' conditions, in order.
    pub obligations: Vec<CompiledObligation>,
    /// Controls' conditions, in order.
    pub controls: Vec<CompiledControl>,
    /// Penalties' `when`, in order.
    pub penalties: Vec<Option<LazyCondition>>,
    /// Violations' `when`, in order.
    pub violations: Vec<LazyCondition>,
    /// Tests from sibling `<id>.tests.yaml` files.
    pub sibling_tests: Vec<SiblingTests>,
    /// For a built-in policy read by its header alone: its text and the compact JSON of the
    /// whole policy, read into [`CompiledPolicy::full`] the first time its rules are needed.
    body: Option<(&'static str, &'static str)>,
    /// The whole policy, once read (see `body`).
    full: OnceLock<Box<CompiledPolicy>>,
    /// For a built-in policy: the file's SHA-256 that `build.rs` computed.
    sha256: Option<&'static str>,
}

impl CompiledPolicy {
    /// The policy with its rules. A built-in policy is first read by its header only (id,
    /// version, dates, coverage, `applies_when`: [`load_builtin_header`]), so that the laws of
    /// places an incident does not touch cost no more than that; its rules are read from the
    /// compact form here, once, when evaluation or a report needs them. Any other policy is
    /// whole already.
    pub fn full(&self) -> &CompiledPolicy {
        let Some((text, json)) = self.body else {
            return self;
        };
        self.full.get_or_init(|| {
            let mut whole = Box::new(
                load_builtin_compact(text, json, self.origin.clone())
                    .expect("the compact form of a built-in policy reads (unit-tested)"),
            );
            whole.sha256 = self.sha256;
            whole
        })
    }

    /// The SHA-256 of the file (hex): for a built-in policy the hash `build.rs` computed, else
    /// computed from the text.
    pub fn sha256(&self) -> String {
        if let Some(h) = self.sha256 {
            return h.to_string();
        }
        use sha2::Digest;
        sha2::Sha256::digest(self.text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Field positions in the file (built on first use for a built-in policy, which is read
    /// from its compact form).
    pub fn map(&self) -> &SourceMap {
        self.map
            .get_or_init(|| yaml::source_map(&self.text, &Limits::DEFAULT).unwrap_or_default())
    }
}

/// Reads a built-in policy from its compact form (`build.rs`): `json` is the file's document
/// without `tests`, `text` the file itself. No source map is built and no condition compiled
/// until one is used. `None` if the compact form does not read (it always does: a unit test
/// checks every built-in), and the caller then loads the text in full.
pub fn load_builtin_compact(
    text: &'static str,
    json: &'static str,
    origin: Origin,
) -> Option<CompiledPolicy> {
    let policy: Policy = serde_json::from_str(json).ok()?;
    let lazy = |s: &str| LazyCondition::deferred(s);
    Some(CompiledPolicy {
        applies_when: lazy(&policy.applies_when),
        obligations: policy
            .obligations
            .iter()
            .map(|o| CompiledObligation {
                when: o.when.as_deref().map(lazy),
                triggers: o.triggers.iter().map(|t| lazy(&t.when)).collect(),
            })
            .collect(),
        controls: policy
            .controls
            .iter()
            .map(|c| CompiledControl {
                when: c.when.as_deref().map(lazy),
                require: lazy(&c.require),
            })
            .collect(),
        penalties: policy
            .penalties
            .iter()
            .map(|p| p.when.as_deref().map(lazy))
            .collect(),
        violations: policy.violations.iter().map(|v| lazy(&v.when)).collect(),
        policy,
        origin,
        text: std::borrow::Cow::Borrowed(text),
        map: OnceLock::new(),
        sibling_tests: Vec::new(),
        body: None,
        full: OnceLock::new(),
        sha256: None,
    })
}

/// Reads a built-in policy by its header (`build.rs`: the compact form without obligations,
/// controls, penalties and violations, and with each source reduced to its id and status, its
/// citation and URL empty); its rules and whole sources are read from `json` by
/// [`CompiledPolicy::full`] when first needed. `None` if the header does not read.
pub fn load_builtin_header(
    text: &'static str,
    header: &'static str,
    json: &'static str,
    origin: Origin,
    sha256: Option<&'static str>,
) -> Option<CompiledPolicy> {
    let policy: Policy = serde_json::from_str(header).ok()?;
    Some(CompiledPolicy {
        applies_when: LazyCondition::deferred(&policy.applies_when),
        obligations: Vec::new(),
        controls: Vec::new(),
        penalties: Vec::new(),
        violations: Vec::new(),
        policy,
        origin,
        text: std::borrow::Cow::Borrowed(text),
        map: OnceLock::new(),
        sibling_tests: Vec::new(),
        body: Some((text, json)),
        full: OnceLock::new(),
        sha256,
    })
}

/// Tests read from a sibling `<id>.tests.yaml` file.
#[derive(Debug)]
pub struct SiblingTests {
    /// The file.
    pub origin: Origin,
    /// Its text.
    pub text: String,
    /// Its field positions.
    pub map: SourceMap,
    /// The tests.
    pub tests: Vec<PolicyTest>,
}

/// Whole numbers in a policy or policy-tests file (a penalty's amount, the counts of a test's
/// incident) must be plain decimal digits, as in an incident file. Returns whether there was
/// an error.
fn whole_numbers(map: &SourceMap, report: &mut Report) -> bool {
    const POLICY: &[yaml::WholeNumberField] = &[yaml::WholeNumberField {
        pattern: "penalties[].fixed.amount",
        noun: "amount",
    }];
    let errors: Vec<_> = yaml::check_whole_numbers(map, "", POLICY)
        .into_iter()
        .chain(yaml::check_whole_numbers(
            map,
            "tests[].incident.",
            crate::incident::WHOLE_NUMBERS,
        ))
        .collect();
    let any = !errors.is_empty();
    for e in errors {
        report.push(e.into());
    }
    any
}

/// Reads a sibling tests file, checking it against the policy it names.
pub fn load_tests_str(
    text: &str,
    origin: Origin,
    policy: Option<&CompiledPolicy>,
) -> Result<SiblingTests, Report> {
    let mut report = Report::default();
    let limits = Limits::DEFAULT;
    let map = match yaml::source_map(text, &limits) {
        Ok(m) => m,
        Err(e) => {
            report.push(e.into());
            return Err(report);
        }
    };
    if whole_numbers(&map, &mut report) {
        return Err(report);
    }
    let file: PolicyTestsFile = match yaml::from_str(text, &limits) {
        Ok(f) => f,
        Err(e) => {
            let mut d: Diagnostic = e.into();
            d.pos.get_or_insert(Pos::START);
            report.push(d);
            return Err(report);
        }
    };
    characters(&map, &mut report);
    if file.format != POLICY_TESTS_FORMAT {
        report.push(
            Diagnostic::error(
                format!("`{}` is not the policy-tests format", file.format),
                map.pos("format"),
            )
            .hint(format!(
                "a tests file starts with `format: {POLICY_TESTS_FORMAT}`"
            )),
        );
    }
    match policy {
        None => report.push(
            Diagnostic::error(
                format!("no policy with id `{}`", file.policy),
                map.pos("policy"),
            )
            .hint("name the id of a policy in the same directory (or a built-in one)"),
        ),
        Some(p) => {
            let ids = rule_ids(&p.policy);
            for (i, t) in file.tests.iter().enumerate() {
                for id in t.expect.keys().chain(t.due.keys()).chain(t.triggers.keys()) {
                    if !ids.contains(id) {
                        report.push(
                            Diagnostic::error(
                                format!(
                                    "test `{}` names a rule `{id}` that policy `{}` does not have",
                                    t.name, p.policy.id
                                ),
                                map.pos(&format!("tests[{i}]")),
                            )
                            .hint("use the id of an obligation, control or penalty"),
                        );
                    }
                }
            }
        }
    }
    if report.has_errors() {
        return Err(report);
    }
    Ok(SiblingTests {
        origin,
        text: text.to_string(),
        map,
        tests: file.tests,
    })
}

/// The ids of a policy's obligations, controls and penalties.
pub fn rule_ids(p: &Policy) -> HashSet<String> {
    p.obligations
        .iter()
        .map(|o| o.id.clone())
        .chain(p.controls.iter().map(|c| c.id.clone()))
        .chain(p.penalties.iter().map(|x| x.id.clone()))
        .chain(p.violations.iter().map(|x| x.id.clone()))
        .collect()
}

/// Timeline fields a deadline may count from.
pub const CLOCK_FIELDS: &[&str] = &[
    "occurred_from",
    "occurred_until",
    "first_signal_at",
    "incident_detected_at",
    "discovered_at",
    "contained_at",
    "materiality_determined_at",
    "assessed_at",
    "impact_determined_at",
];

/// Obligation kinds are the action kinds: an obligation is satisfied by an action of its kind.
fn is_obligation_kind(kind: &str) -> bool {
    vocab::is_action_kind(kind)
}

/// Why a clock cannot start at `from` (the hint), or `None` when it can: a timeline field,
/// `action:KIND`, or `action:KIND:RECIPIENT` with a known kind and recipient.
fn clock_start_refused(from: &str) -> Option<String> {
    use super::clock::ActionClock;
    match ActionClock::parse(from) {
        None if CLOCK_FIELDS.contains(&from) => None,
        None => Some(
            yaml::did_you_mean(from, CLOCK_FIELDS.iter().copied()).unwrap_or_else(|| {
                format!(
                    "use a timeline field ({}), `action:KIND` or `action:KIND:RECIPIENT`",
                    CLOCK_FIELDS.join(", ")
                )
            }),
        ),
        Some(ActionClock { kind, .. }) if !is_obligation_kind(kind) => {
            Some(vocab::action_kind_hint(kind))
        }
        Some(ActionClock { to: Some(to), .. }) if !vocab::is_recipient(to) => Some(
            yaml::did_you_mean(to, vocab::RECIPIENTS.iter().map(|(k, _)| *k)).unwrap_or_else(
                || format!("`{to}` is not a recipient code; see docs/incident-format.md"),
            ),
        ),
        Some(_) => None,
    }
}

/// Whether the value at `path` of a policy file is a CEL condition.
fn is_condition(path: &str) -> bool {
    path == "applies_when"
        || ["obligations[", "controls[", "penalties["]
            .iter()
            .any(|p| path.starts_with(p))
            && (path.ends_with(".when") || path.ends_with(".require"))
}

/// Control characters in a policy file are errors, as in an incident. Invisible characters
/// (bidirectional controls, zero-width characters) are errors in a condition, where they can
/// make the text a reviewer reads differently from the condition that runs, and warnings
/// elsewhere; reports show them as `‹U+202E›`.
fn characters(map: &SourceMap, report: &mut Report) {
    let mut found: Vec<(Pos, &str, CharConcern, char)> = Vec::new();
    for (path, value) in map.scalars() {
        for concern in [CharConcern::Control, CharConcern::Invisible] {
            if let Some(c) = value.chars().find(|c| char_concern(*c) == Some(concern)) {
                found.push((map.char_pos(path), path, concern, c));
            }
        }
    }
    found.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (pos, path, concern, c) in found {
        let shown = yaml::visible(path);
        let d = match concern {
            CharConcern::Control => Diagnostic::error(
                format!("control character {} in `{shown}`", char_label(c)),
                pos,
            )
            .hint("remove it: policy text has no control characters, and a terminal or viewer may act on one"),
            CharConcern::Invisible if is_condition(path) => Diagnostic::error(
                format!("invisible character {} in the condition `{shown}`", char_label(c)),
                pos,
            )
            .hint("remove it: it can make the condition a reviewer reads differ from the one that runs"),
            CharConcern::Invisible => Diagnostic::warning(
                format!("invisible character {} in `{shown}`", char_label(c)),
                pos,
            )
            .hint(format!(
                "reports show it as `{}` so that readers see it; remove it unless the text needs it",
                yaml::visible(&c.to_string())
            )),
        };
        report.push(d.at_path(path));
    }
}

/// Reads one policy from text. Returns the policy when it has no errors, and every problem.
pub fn load_policy_str(text: &str, origin: Origin) -> (Option<CompiledPolicy>, Report) {
    let mut report = Report::default();
    let limits = Limits::DEFAULT;
    let map = match yaml::source_map(text, &limits) {
        Ok(m) => m,
        Err(e) => {
            report.push(e.into());
            return (None, report);
        }
    };
    if let Some(found) = map.scalar("format")
        && found != POLICY_FORMAT
    {
        report.push(
            Diagnostic::error(
                format!("`{found}` is not the policy format"),
                map.pos("format"),
            )
            .hint(format!(
                "a policy file starts with `format: {POLICY_FORMAT}`"
            )),
        );
        return (None, report);
    }
    // A user's file is checked against the format's schema before serde reads it, so every
    // structural mistake is reported in one run (a count written `"12"` once, by the first
    // check). Built-in files pass this check (a test in `structure` holds them to it).
    let before = report.diagnostics.len();
    let counts_bad = whole_numbers(&map, &mut report);
    if matches!(origin, Origin::File(_)) {
        let counts: Vec<Option<Pos>> = report.diagnostics[before..].iter().map(|d| d.pos).collect();
        for e in super::structure::check(text, &map, &limits) {
            let mut d: Diagnostic = e.into();
            d.pos.get_or_insert(Pos::START);
            if !counts.contains(&d.pos) {
                report.push(d);
            }
        }
    }
    if counts_bad || report.has_errors() {
        return (None, report);
    }
    let policy: Policy = match yaml::from_str(text, &limits) {
        Ok(p) => p,
        Err(e) => {
            let mut d: Diagnostic = e.into();
            d.pos.get_or_insert(Pos::START);
            report.push(d);
            return (None, report);
        }
    };
    characters(&map, &mut report);
    let mut cx = Checker {
        map: &map,
        text,
        report,
        sources: policy.sources.iter().map(|s| s.id.clone()).collect(),
    };
    let compiled = cx.check(&policy);
    let report = cx.report;
    if report.has_errors() {
        return (None, report);
    }
    let Some((applies_when, obligations, controls, penalties, violations)) = compiled else {
        return (None, report);
    };
    (
        Some(CompiledPolicy {
            policy,
            origin,
            text: std::borrow::Cow::Owned(text.to_string()),
            map: OnceLock::from(map),
            applies_when,
            obligations,
            controls,
            penalties,
            violations,
            sibling_tests: Vec::new(),
            body: None,
            full: OnceLock::new(),
            sha256: None,
        }),
        report,
    )
}

type Compiled = (
    LazyCondition,
    Vec<CompiledObligation>,
    Vec<CompiledControl>,
    Vec<Option<LazyCondition>>,
    Vec<LazyCondition>,
);

struct Checker<'a> {
    map: &'a SourceMap,
    text: &'a str,
    report: Report,
    sources: HashSet<String>,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.report.push(
            Diagnostic::error(message, self.map.pos(path))
                .hint(hint)
                .at_path(path),
        );
    }

    /// Compiles a condition at `path`, reporting a problem at its exact place in the file.
    fn condition(&mut self, path: &str, src: &str) -> Option<LazyCondition> {
        match expr::compile(src) {
            Ok(c) => Some(LazyCondition::compiled(c)),
            Err(e) => {
                let pos = self.expr_pos(path, src, &e);
                let mut d =
                    Diagnostic::error(format!("in the condition `{path}`: {}", e.message), pos)
                        .at_path(path);
                d.hint = e.hint.clone();
                self.report.push(d);
                None
            }
        }
    }

    /// The file position of an expression error: the scalar's position plus the column within.
    fn expr_pos(&self, path: &str, src: &str, e: &ExprError) -> Pos {
        let start = self.map.pos(path);
        let Some((line, col)) = e.line_col(src) else {
            return start;
        };
        let source_line = self
            .text
            .lines()
            .nth(start.line.saturating_sub(1) as usize)
            .unwrap_or("");
        let first: Option<char> = source_line
            .chars()
            .nth(start.col.saturating_sub(1) as usize);
        match first {
            Some('|') | Some('>') => {
                // Block scalar: the text starts on the next line, at its indentation.
                let l = start.line + line as u32;
                let indent = self
                    .text
                    .lines()
                    .nth(l.saturating_sub(1) as usize)
                    .map_or(0, |s| s.chars().take_while(|c| *c == ' ').count());
                Pos {
                    line: l,
                    col: indent as u32 + col as u32,
                }
            }
            Some('"') | Some('\'') if line == 1 => Pos {
                line: start.line,
                col: start.col + col as u32,
            },
            _ if line == 1 => Pos {
                line: start.line,
                col: start.col + col as u32 - 1,
            },
            _ => Pos {
                line: start.line + line as u32 - 1,
                col: col as u32,
            },
        }
    }

    fn citation(&mut self, path: &str, c: &Citation) {
        if !self.sources.contains(&c.source) {
            let mut known: Vec<&str> = self.sources.iter().map(String::as_str).collect();
            known.sort();
            let hint = yaml::did_you_mean(&c.source, known.iter().copied()).unwrap_or_else(|| {
                format!(
                    "cite one of the `sources` ids ({}), or add the source",
                    known.join(", ")
                )
            });
            self.error(
                &format!("{path}.source"),
                format!("citation of unknown source `{}`", c.source),
                hint,
            );
        }
    }

    fn recipient(&mut self, path: &str, r: &str) {
        if !vocab::is_recipient(r) {
            let hint = yaml::did_you_mean(r, vocab::RECIPIENTS.iter().map(|(k, _)| *k))
                .unwrap_or_else(|| "use a recipient code from docs/incident-format.md".into());
            self.error(path, format!("unknown recipient `{r}`"), hint);
        }
    }

    fn unique(&mut self, seen: &mut HashSet<String>, path: &str, id: &str) {
        if !seen.insert(id.to_string()) {
            self.error(
                path,
                format!("the id `{id}` is used twice in this policy"),
                "give every obligation, control and penalty its own id; tests refer to them by id",
            );
        }
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.error(
                path,
                format!("`{id}` is not a valid rule id"),
                "use letters, digits, `-` and `_`",
            );
        }
    }

    fn check(&mut self, p: &Policy) -> Option<Compiled> {
        let id_ok = !p.id.is_empty()
            && p.id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !id_ok {
            self.error(
                "id",
                format!("`{}` is not a valid policy id", p.id),
                "use letters, digits, `-`, `_` and `.`, e.g. `kr-pipa-2023`",
            );
        }
        let j = p.jurisdiction.as_str();
        if !(j == "EU" || vocab::is_country(j) || vocab::is_subdivision(j)) {
            self.error(
                "jurisdiction",
                format!("`{j}` is not a jurisdiction code"),
                "use an ISO 3166 code (`KR`, `US-CA`) or `EU`",
            );
        }
        self.recipient("authority.code", &p.authority.code);
        if let Some(until) = p.effective.until
            && until < p.effective.from
        {
            self.error(
                "effective.until",
                "`effective.until` is before `effective.from`",
                "correct one of the two dates",
            );
        }
        let mut source_ids = HashSet::new();
        for (i, s) in p.sources.iter().enumerate() {
            if !source_ids.insert(s.id.clone()) {
                self.error(
                    &format!("sources[{i}].id"),
                    format!("source id `{}` is used twice", s.id),
                    "give every source its own id",
                );
            }
        }
        let applies_when = self.condition("applies_when", &p.applies_when);
        let mut ids = HashSet::new();
        let mut obligations = Vec::new();
        for (i, o) in p.obligations.iter().enumerate() {
            let path = format!("obligations[{i}]");
            self.unique(&mut ids, &format!("{path}.id"), &o.id);
            if !is_obligation_kind(&o.kind) {
                self.error(
                    &format!("{path}.kind"),
                    format!("unknown obligation kind `{}`", o.kind),
                    vocab::action_kind_hint(&o.kind),
                );
            }
            for (r_i, r) in o.recipients.iter().enumerate() {
                self.recipient(&format!("{path}.recipients[{r_i}]"), r);
            }
            if !is_obligation_kind(&o.satisfied_by.kind) {
                self.error(
                    &format!("{path}.satisfied_by.kind"),
                    format!("unknown action kind `{}`", o.satisfied_by.kind),
                    "use a kind that `actions[].kind` takes",
                );
            }
            for (r_i, r) in o.satisfied_by.to.iter().enumerate() {
                self.recipient(&format!("{path}.satisfied_by.to[{r_i}]"), r);
            }
            for (j_i, j) in o.satisfied_by.jurisdictions.iter().enumerate() {
                if !(vocab::is_country(j) || vocab::is_subdivision(j)) {
                    self.error(
                        &format!("{path}.satisfied_by.jurisdictions[{j_i}]"),
                        format!("`{j}` is not an ISO 3166 code"),
                        "use a country code (`DE`) or a U.S. state code (`US-CA`)",
                    );
                }
            }
            if let Some(d) = &o.deadline {
                self.deadline(&format!("{path}.deadline"), d);
            }
            self.undue_delay(&path, o);
            for (r_i, r) in o.reports.iter().enumerate() {
                if !vocab::REPORT_KINDS.contains(&r.trim()) {
                    let ids = vocab::REPORT_KINDS;
                    let hint = yaml::did_you_mean(r, ids.iter().copied())
                        .unwrap_or_else(|| format!("use one of: {}", ids.join(", ")));
                    self.error(
                        &format!("{path}.reports[{r_i}]"),
                        format!("unknown report kind `{r}`"),
                        hint,
                    );
                }
            }
            self.citation(&format!("{path}.citation"), &o.citation);
            for (k, c) in o.content.iter().enumerate() {
                self.citation(&format!("{path}.content[{k}].citation"), &c.citation);
                if let Some(f) = &c.field
                    && !vocab::CONTENT_FIELDS.contains(&f.as_str())
                {
                    let hint = yaml::did_you_mean(
                        f,
                        vocab::CONTENT_FIELDS.iter().copied(),
                    ).unwrap_or_else(|| format!(
                            "use one of: {}, or leave `field` out for an item the template supplies",
                            vocab::CONTENT_FIELDS.join(", ")
                        ));
                    self.error(
                        &format!("{path}.content[{k}].field"),
                        format!("`{f}` is not an incident field a content item can check"),
                        hint,
                    );
                }
            }
            for (k, g) in o.delay_grounds.iter().enumerate() {
                self.citation(&format!("{path}.delay_grounds[{k}].citation"), &g.citation);
            }
            for (k, g) in o.exemptions.iter().enumerate() {
                self.citation(&format!("{path}.exemptions[{k}].citation"), &g.citation);
            }
            let when = o
                .when
                .as_ref()
                .map(|w| self.condition(&format!("{path}.when"), w));
            let mut triggers = Vec::new();
            let mut trigger_ids = HashSet::new();
            for (k, t) in o.triggers.iter().enumerate() {
                let tpath = format!("{path}.triggers[{k}]");
                if !trigger_ids.insert(t.id.clone()) {
                    self.error(
                        &format!("{tpath}.id"),
                        format!("trigger id `{}` is used twice", t.id),
                        "give every trigger its own id",
                    );
                }
                self.citation(&format!("{tpath}.citation"), &t.citation);
                triggers.push(self.condition(&format!("{tpath}.when"), &t.when));
            }
            obligations.push((when, triggers));
        }
        let mut controls = Vec::new();
        for (i, c) in p.controls.iter().enumerate() {
            let path = format!("controls[{i}]");
            self.unique(&mut ids, &format!("{path}.id"), &c.id);
            self.citation(&format!("{path}.citation"), &c.citation);
            let when = c
                .when
                .as_ref()
                .map(|w| self.condition(&format!("{path}.when"), w));
            let require = self.condition(&format!("{path}.require"), &c.require);
            controls.push((when, require));
        }
        let mut penalties = Vec::new();
        for (i, pen) in p.penalties.iter().enumerate() {
            let path = format!("penalties[{i}]");
            self.unique(&mut ids, &format!("{path}.id"), &pen.id);
            self.citation(&format!("{path}.citation"), &pen.citation);
            if pen.percent_of_revenue.is_none() && pen.fixed.is_none() {
                self.error(
                    &path,
                    "a penalty needs `percent_of_revenue`, `fixed`, or both",
                    "give the cap the law sets",
                );
            }
            if let Some(pct) = pen.percent_of_revenue
                && (!(0.0..=100.0).contains(&pct) || pct.is_nan())
            {
                self.error(
                    &format!("{path}.percent_of_revenue"),
                    format!("{pct} is not a percentage"),
                    "write the percentage, e.g. `3` for 3 %",
                );
            }
            if let Some(f) = &pen.fixed
                && !vocab::is_currency(&f.currency)
            {
                self.error(
                    &format!("{path}.fixed.currency"),
                    format!("`{}` is not an ISO 4217 currency code", f.currency),
                    "use a code such as `KRW`, `USD`, `EUR`",
                );
            }
            for (k, id) in pen.if_missed.iter().enumerate() {
                if !p.obligations.iter().any(|o| &o.id == id) {
                    self.error(
                        &format!("{path}.if_missed[{k}]"),
                        format!("`{id}` is not an obligation of this policy"),
                        yaml::did_you_mean(id, p.obligations.iter().map(|o| o.id.as_str()))
                            .unwrap_or_else(|| {
                                "name the obligations whose breach this penalty sanctions".into()
                            }),
                    );
                }
            }
            penalties.push(
                pen.when
                    .as_ref()
                    .map(|w| self.condition(&format!("{path}.when"), w)),
            );
        }
        let mut violations = Vec::new();
        for (i, v) in p.violations.iter().enumerate() {
            let path = format!("violations[{i}]");
            self.unique(&mut ids, &format!("{path}.id"), &v.id);
            self.citation(&format!("{path}.citation"), &v.citation);
            violations.push(self.condition(&format!("{path}.when"), &v.when));
        }
        for (i, t) in p.tests.iter().enumerate() {
            for (k, id) in t.expect.keys().enumerate() {
                if !ids.contains(id) {
                    let _ = k;
                    self.error(
                        &format!("tests[{i}].expect.{id}"),
                        format!(
                            "test `{}` expects a rule `{id}` this policy does not have",
                            t.name
                        ),
                        yaml::did_you_mean(id, ids.iter().map(String::as_str)).unwrap_or_else(
                            || "use the id of an obligation, control or penalty".into(),
                        ),
                    );
                }
            }
            for id in t.due.keys().chain(t.triggers.keys()) {
                if !p.obligations.iter().any(|o| &o.id == id) {
                    self.error(
                        &format!("tests[{i}]"),
                        format!(
                            "test `{}` names an obligation `{id}` this policy does not have",
                            t.name
                        ),
                        "use the id of an obligation",
                    );
                }
            }
        }
        // Assemble only if every condition compiled.
        let applies_when = applies_when?;
        let mut obs = Vec::new();
        for (when, triggers) in obligations {
            let when = match when {
                Some(w) => Some(w?),
                None => None,
            };
            let triggers = triggers.into_iter().collect::<Option<Vec<_>>>()?;
            obs.push(CompiledObligation { when, triggers });
        }
        let mut cs = Vec::new();
        for (when, require) in controls {
            let when = match when {
                Some(w) => Some(w?),
                None => None,
            };
            cs.push(CompiledControl {
                when,
                require: require?,
            });
        }
        let mut ps = Vec::new();
        for w in penalties {
            ps.push(match w {
                Some(w) => Some(w?),
                None => None,
            });
        }
        let vs = violations.into_iter().collect::<Option<Vec<_>>>()?;
        Some((applies_when, obs, cs, ps, vs))
    }

    /// `clock` and `review` belong to a duty with no fixed period: with a `deadline` they would
    /// never be read. A review point is hours or days, never business days.
    fn undue_delay(&mut self, path: &str, o: &crate::policy::model::Obligation) {
        if o.deadline.is_some() {
            for (field, set) in [("clock", o.clock.is_some()), ("review", o.review.is_some())] {
                if set {
                    self.error(
                        &format!("{path}.{field}"),
                        format!("`{field}` is for a duty with no fixed period, and this one has a `deadline`"),
                        "the deadline's own `from` sets its clock; remove the field",
                    );
                }
            }
            return;
        }
        if let Some(c) = &o.clock {
            self.clock_from(&format!("{path}.clock"), c);
        }
        if let Some(r) = &o.review {
            if matches!(r.after, Within::BusinessDays(_)) {
                self.error(
                    &format!("{path}.review.after"),
                    "a review point is counted in hours or days, not business days",
                    "write it as `72h` or `7d`",
                );
            }
            self.citation(&format!("{path}.review.citation"), &r.citation);
        }
    }

    fn clock_from(&mut self, path: &str, from: &str) {
        if let Some(hint) = clock_start_refused(from) {
            self.error(path, format!("a clock cannot start at `{from}`"), hint);
        }
    }

    fn deadline(&mut self, path: &str, d: &Deadline) {
        if let Some(hint) = clock_start_refused(&d.from) {
            self.error(
                &format!("{path}.from"),
                format!("a deadline cannot count from `{}`", d.from),
                hint,
            );
        }
        match (&d.within, &d.calendar) {
            (Within::BusinessDays(_), None) => self.error(
                path,
                "a deadline in business days needs a `calendar`",
                format!(
                    "add `calendar:` with one of: {}",
                    Calendar::builtin_ids().collect::<Vec<_>>().join(", ")
                ),
            ),
            (_, Some(c)) if Calendar::builtin(c).is_none() => {
                let hint = yaml::did_you_mean(c, Calendar::builtin_ids()).unwrap_or_else(|| {
                    format!(
                        "use one of: {}",
                        Calendar::builtin_ids().collect::<Vec<_>>().join(", ")
                    )
                });
                self.error(
                    &format!("{path}.calendar"),
                    format!("unknown calendar `{c}`"),
                    hint,
                );
            }
            _ => {}
        }
        if d.cutoff.is_some()
            && !(matches!(d.within, Within::BusinessDays(_)) && d.calendar.is_some())
        {
            self.error(
                &format!("{path}.cutoff"),
                "a `cutoff` is a time of day on a business-day calendar",
                "use it only with `within: N business_days` and a `calendar`, or remove it",
            );
        }
    }
}

/// Reads one policy file.
pub fn load_policy_file(path: &Path) -> (Option<CompiledPolicy>, Report, String) {
    match crate::document::read_text(path, &Limits::DEFAULT) {
        Ok(text) => {
            let (p, r) = load_policy_str(&text, Origin::File(path.to_path_buf()));
            (p, r, text)
        }
        Err(d) => {
            let mut r = Report::default();
            r.push(d);
            (None, r, String::new())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDPA: &str = include_str!("../../policies/sg/pdpa.yaml");

    #[test]
    fn policy_amounts_and_test_counts_accept_plain_decimal_digits_only() {
        let origin = || Origin::Builtin("sg/pdpa.yaml");
        assert!(load_policy_str(PDPA, origin()).0.is_some());
        let amount = PDPA.replace("amount: 1000000,", "amount: 1_000_000,");
        let test_count = PDPA.replace("{ subjects: 499,", "{ subjects: \"499\",");
        for text in [amount, test_count] {
            assert_ne!(text, PDPA);
            let (policy, report) = load_policy_str(&text, origin());
            assert!(policy.is_none());
            assert_eq!(report.errors(), 1, "{report:?}");
            assert!(
                report.diagnostics[0]
                    .message
                    .starts_with("expected a whole number of 0 or more, not"),
                "{report:?}"
            );
        }
    }

    #[test]
    fn a_clock_starts_at_a_timeline_field_or_a_known_action_and_recipient() {
        for ok in [
            "discovered_at",
            "action:subject_notice",
            "action:regulator_report:HHS",
            "action:regulator_report:AG:US-NY",
        ] {
            assert_eq!(clock_start_refused(ok), None, "{ok}");
        }
        for (refused, hint) in [
            ("discoverd_at", "did you mean `discovered_at`?"),
            ("action:regulator_reprt", "did you mean `regulator_report`?"),
            (
                "action:regulator_report:US-NY-DSF",
                "did you mean `US-NY-DFS`?",
            ),
            (
                "action:regulator_report:AG:US-XX",
                "`AG:US-XX` is not a recipient code; see docs/incident-format.md",
            ),
        ] {
            assert_eq!(
                clock_start_refused(refused).as_deref(),
                Some(hint),
                "{refused}"
            );
        }
    }
}
