//! CEL conditions over a documented, stable view of an incident.
//!
//! Policy files decide whether a law or a rule applies with boolean conditions written in the
//! [Common Expression Language](https://github.com/google/cel-spec), for example
//! `applies_when: "affected.subjects >= 1000 || affected.has_unique_identifier || cause.external"`.
//! Conditions never see the incident file's own structure: they see the **view**, a small set of
//! variables ([`view_variables`]), fields ([`view_fields`]) and functions ([`view_functions`])
//! derived from the incident. The view is the interface rule authors write against; the incident
//! format may change underneath it without breaking a policy. The tables in this module are the
//! single source of truth for both the load-time checks and the documentation of the view.
//!
//! # Compiling
//!
//! [`compile`] turns the text of a condition into a [`Condition`], or an [`ExprError`] that says
//! what is wrong, where (the column within the expression) and how to fix it:
//!
//! 1. Size limits are checked on the raw text before CEL parses it: at most [`MAX_EXPR_LEN`]
//!    bytes and at most [`MAX_NESTING`] levels of brackets and chained `?:`, counted by a small
//!    scanner that skips string literals and `//` comments. The parser is recursive, and in an
//!    unoptimised build each bracket level costs it about 180 KB of stack, so this is what keeps
//!    hostile or accidental input from overflowing the stack.
//! 2. The text is parsed by `cel::Program::compile` on a dedicated thread with a
//!    [`COMPILE_STACK`]-byte stack, so that even the parser's worst case within those limits
//!    fits, whatever thread the caller runs on. Parse errors keep CEL's message and get a column.
//! 3. The parsed tree must be at most [`MAX_AST_DEPTH`] deep (left-nested chains such as
//!    `a + b + c + …` nest without brackets; the evaluator recurses along the tree, so this bounds
//!    the stack that [`Condition::eval`] needs on the caller's thread).
//! 4. Every name, field path and function is checked against the view (see below).
//! 5. The condition is evaluated against two synthetic "probe" views (every field at its default,
//!    and every field set to a non-default value) and must give `true` or `false`: a condition that
//!    gives a number (`affected.subjects + 1`) or that applies an operator to the wrong types
//!    (`cause.kind > 1`) is refused at load time instead of failing on the first incident.
//!    Before that, [`super::fold`] computes every sub-expression made of literals only and
//!    refuses one that is certain to fail (`x / 0`, `int('abc')`, `[1, 2][5]`, an overflow,
//!    `uint(-1)`, a map literal with a key twice), at its column. Errors that depend on the
//!    data (an index out of range of a view list) are left to evaluation.
//!
//! # How names and paths are checked
//!
//! `Program::references()` lists variables and functions but not field paths, so the checker
//! walks the parsed tree itself: `cel::common::ast` is public in cel 0.15, `Program::expression()`
//! gives the root, and `Program::source_info()` gives each node's byte offset in the source. This
//! was chosen over tokenizing the text because the tree is what CEL will evaluate:
//!
//! - string literals (`'affected.subjcts'`) and comments are never mistaken for paths;
//! - macro variables are scoped correctly: in `affected.categories.exists(c, c == 'name')`, `c`
//!   is a local of the comprehension, and a local may even shadow a view variable;
//! - `a.b.c` chains are exactly the select nodes rooted at an identifier, so `x[0].y` or
//!   `f().y` are not misread as paths, and `affected['subjects']` is checked like
//!   `affected.subjects`;
//! - positions come from the parser (converted from bytes to characters), so the column of a
//!   misspelt path is exact even when the same text appears inside a string earlier on.
//!
//! Only when the parser gives no position for a node does the checker fall back to scanning the
//! text for the token, skipping string literals and comments.
//!
//! A path rooted at a view variable must be a field of the view; the error names the bad path and
//! suggests the nearest field (`did you mean `affected.subjects`?`). A bare name must be a view
//! variable, a comprehension variable or a CEL type name (`int`, `string`, ...). A function must
//! be an operator, one of the CEL standard functions available in this build (`size`,
//! `contains`, `startsWith`, `endsWith`, `int`, `uint`, `double`, `string`, `bool`, `bytes`,
//! `type`, `dyn`) or one of the view's functions; the view's functions are also checked for their
//! number of arguments, and string-literal arguments against the vocabularies (a country code, a
//! data category, an action kind, a recipient), so `subjects_in('KOR')` is a load-time error.
//!
//! # Evaluating, and what it costs
//!
//! A [`View`] is built once per incident ([`View::new`]) and holds the prepared CEL context;
//! every condition of every policy is then evaluated against it with [`Condition::eval`], which
//! allocates no context of its own. CEL has no loops or recursion, so the only super-linear work
//! is in comprehension macros (`all`, `exists`, `exists_one`, `map`, `filter`) and in operators
//! whose cost grows with their operands (`+` on lists and strings, `==`, `in`, `contains`).
//! Their cost is bounded in two ways:
//!
//! - by shape: at most [`MAX_COMPREHENSIONS`] comprehensions per condition, nested at most
//!   [`MAX_COMPREHENSION_NESTING`] deep; list and map literals hold at most
//!   [`MAX_LITERAL_LEN`] entries; lists in the view hold at most [`MAX_LIST_LEN`] distinct
//!   entries and strings in the view at most [`MAX_VIEW_STRING`] bytes (there are 249
//!   countries and fewer categories, action kinds and legal classes than that, so real
//!   incidents never reach either);
//! - by a static cost bound, computed on the parsed tree before the condition is ever run:
//!   every node gets an upper bound on the length of the list it can give, on the size of its
//!   value (bytes of a string, entries and their sizes of a list) and on the work of evaluating
//!   it, counting one unit per node and per 64 bytes compared, copied or searched, multiplying
//!   the work of a comprehension's body by the length of the list it iterates. A condition
//!   whose bound exceeds [`MAX_EVAL_COST`] units, or that could build a value larger than
//!   [`MAX_EVAL_SIZE`] units, is refused at load time with the column of the part that
//!   exceeds it. So a list built by concatenating the view's lists many times over, nested
//!   comprehensions over such lists, or comprehensions that build long strings are load
//!   errors, never a hang or an exhausted memory at evaluation; the built-in policies' largest
//!   bound is a small fraction of the limit, and a condition at the limit evaluates in well
//!   under a second.
//!
//! # Explaining
//!
//! [`Condition::explain`] lists the value of every view field and every view-function call with
//! literal arguments that a condition refers to, so that a report can say which facts decided
//! that an obligation applies.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue, SourceInfo, operators};
use cel::{Context, Env, ExecutionError, Program, Value};
use chrono::NaiveDate;

use crate::incident::model::{
    CauseKind, CountedAs, FilerStatus, Incident, OrganizationKind, PasswordStorage,
    ReviewFrequency, RiskLevel, Severity,
};
use crate::incident::vocab::{self, LegalClass};
use crate::yaml::{closest, did_you_mean};
use ViewType::String as Str;
use ViewType::{Bool, Double, Int, StringList};

/// Longest accepted condition, in bytes of UTF-8 text.
pub const MAX_EXPR_LEN: usize = 4096;

/// Deepest accepted nesting of brackets (`(`, `[`, `{`) and chained conditionals (`a ? b : c ?
/// d : e`), counted on the text before parsing.
pub const MAX_NESTING: usize = 32;

/// Deepest accepted expression tree after parsing. `a.b.c` is 3 deep; `||` and `&&` chains are
/// balanced by the parser, so even a hundred alternatives stay under 10.
pub const MAX_AST_DEPTH: usize = 32;

/// Most comprehension macros (`all`, `exists`, `exists_one`, `map`, `filter`) in one condition.
pub const MAX_COMPREHENSIONS: usize = 8;

/// Deepest nesting of comprehension macros in one condition.
pub const MAX_COMPREHENSION_NESTING: usize = 2;

/// Most entries of a list in the view; longer lists are cut to their first entries.
pub const MAX_LIST_LEN: usize = 256;

/// Most entries of a list or map literal written in a condition.
pub const MAX_LITERAL_LEN: usize = 256;

/// Longest string in the view, in bytes; longer ones (only free-text certification names can
/// be) are cut at a character boundary.
pub const MAX_VIEW_STRING: usize = 256;

/// Largest accepted upper bound on the work of evaluating one condition, in units of one tree
/// node evaluated or 64 bytes compared, copied or searched (see the module documentation).
pub const MAX_EVAL_COST: u64 = 2_000_000;

/// Largest accepted upper bound on the size of any value a condition builds: bytes of a string,
/// or entries plus the sizes of their values for a list or map.
pub const MAX_EVAL_SIZE: u64 = 1_000_000;

/// Bytes compared, copied or searched that count as one unit of work.
const BYTES_PER_UNIT: u64 = 64;

/// The work charged for one call of a view function (`subjects_in` adds at most the
/// jurisdictions an incident may list; the others look up a small table).
const VIEW_CALL_COST: u64 = 1_000;

/// Stack size of the thread that parses and checks a condition, in bytes.
pub const COMPILE_STACK: usize = 32 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A condition that cannot be compiled or evaluated.
///
/// `column` is 1-based and counts characters (not bytes) from the start of the expression; in
/// an expression that spans several lines, newlines count as one character each
/// ([`ExprError::line_col`] converts it to a line and column within the expression). The policy
/// loader adds the expression's own position in the YAML file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where in the expression, 1-based in characters, when known.
    pub column: Option<usize>,
    /// How to fix it, when there is something to say.
    pub hint: Option<String>,
}

impl ExprError {
    pub(super) fn new(message: impl Into<String>) -> Self {
        ExprError {
            message: message.into(),
            column: None,
            hint: None,
        }
    }

    pub(super) fn at(mut self, column: Option<usize>) -> Self {
        self.column = column;
        self
    }

    pub(super) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// The error's position as a 1-based (line, column) pair within `src`, the expression it was
    /// reported for. Useful for expressions written as multi-line YAML block scalars.
    pub fn line_col(&self, src: &str) -> Option<(usize, usize)> {
        let target = self.column?;
        let (mut line, mut col) = (1, 1);
        for (i, ch) in src.chars().enumerate() {
            if i + 1 == target {
                return Some((line, col));
            }
            if ch == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        // One past the end (e.g. "the expression ends too early").
        (target == src.chars().count() + 1).then_some((line, col))
    }
}

// ---------------------------------------------------------------------------------------------
// The view: variables, fields, functions
// ---------------------------------------------------------------------------------------------

/// The CEL type of a view field or function parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewType {
    /// `bool`.
    Bool,
    /// `int` (64-bit signed; counts above `i64::MAX` are clamped to it).
    Int,
    /// `double`.
    Double,
    /// `string`.
    String,
    /// `list(string)`: distinct entries, at most [`MAX_LIST_LEN`] of them.
    StringList,
}

impl ViewType {
    /// The type's name as CEL and the documentation write it.
    pub fn cel_name(self) -> &'static str {
        match self {
            ViewType::Bool => "bool",
            ViewType::Int => "int",
            ViewType::Double => "double",
            ViewType::String => "string",
            ViewType::StringList => "list(string)",
        }
    }

    /// The type's name with an indefinite article, for messages: `an int`, `a bool`.
    fn with_article(self) -> String {
        match self {
            ViewType::Int => "an int".to_string(),
            other => format!("a {}", other.cel_name()),
        }
    }

    /// The value a probe view gives a field of this type: the type's default, or (`alt`) a
    /// non-default value, so that both branches of `&&`, `||` and `?:` get evaluated.
    fn probe(self, alt: bool) -> Value {
        match (self, alt) {
            (ViewType::Bool, alt) => Value::Bool(alt),
            (ViewType::Int, false) => Value::Int(0),
            (ViewType::Int, true) => Value::Int(1),
            (ViewType::Double, false) => Value::Float(0.0),
            (ViewType::Double, true) => Value::Float(1.0),
            (ViewType::String, false) => Value::from(""),
            (ViewType::String, true) => Value::from("probe"),
            (ViewType::StringList, false) => Value::from(Vec::<Value>::new()),
            (ViewType::StringList, true) => Value::from(vec![Value::from("probe")]),
        }
    }

    /// Whether `v` is a value of this type.
    #[cfg(test)]
    fn admits(self, v: &Value) -> bool {
        match (self, v) {
            (ViewType::Bool, Value::Bool(_))
            | (ViewType::Int, Value::Int(_))
            | (ViewType::Double, Value::Float(_))
            | (ViewType::String, Value::String(_)) => true,
            (ViewType::StringList, Value::List(l)) => {
                l.len() <= MAX_LIST_LEN && l.iter().all(|e| matches!(e, Value::String(_)))
            }
            _ => false,
        }
    }
}

impl fmt::Display for ViewType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cel_name())
    }
}

/// A top-level variable of the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewVariable {
    /// The variable's name, e.g. `affected`.
    pub name: &'static str,
    /// What it describes.
    pub doc: &'static str,
}

/// One field of the view: its path, CEL type and meaning.
#[derive(Clone, Copy)]
pub struct ViewField {
    /// The path as conditions write it, e.g. `affected.subjects`.
    pub path: &'static str,
    /// The field's CEL type.
    pub ty: ViewType,
    /// What it means, in one line.
    pub doc: &'static str,
    get: fn(&Facts<'_>) -> Value,
}

impl fmt::Debug for ViewField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ViewField")
            .field("path", &self.path)
            .field("ty", &self.ty)
            .field("doc", &self.doc)
            .finish()
    }
}

/// A function conditions can call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewFunction {
    /// The function's name.
    pub name: &'static str,
    /// Its parameters: name and type.
    pub params: &'static [(&'static str, ViewType)],
    /// The type it returns.
    pub returns: ViewType,
    /// What it computes, in one or two sentences.
    pub doc: &'static str,
}

impl ViewFunction {
    /// The signature as documentation shows it, e.g. `subjects_in(code: string) -> int`.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(n, t)| format!("{n}: {t}"))
            .collect();
        format!("{}({}) -> {}", self.name, params.join(", "), self.returns)
    }
}

const VARIABLES: &[ViewVariable] = &[
    ViewVariable {
        name: "organization",
        doc: "The organisation responsible for the data: roles, establishments, listings, revenue.",
    },
    ViewVariable {
        name: "timeline",
        doc: "Which of the incident's optional clocks are known (the times themselves drive deadlines, not conditions).",
    },
    ViewVariable {
        name: "cause",
        doc: "What caused the breach.",
    },
    ViewVariable {
        name: "affected",
        doc: "Who and what was affected: counts, data categories and their legal classes, residence.",
    },
    ViewVariable {
        name: "risk",
        doc: "The organisation's documented risk assessment.",
    },
    ViewVariable {
        name: "actions",
        doc: "What has been done so far: reports, notices, filings.",
    },
    ViewVariable {
        name: "controls",
        doc: "Safety measures in place before the breach.",
    },
];

const fn field(
    path: &'static str,
    ty: ViewType,
    doc: &'static str,
    get: fn(&Facts<'_>) -> Value,
) -> ViewField {
    ViewField { path, ty, doc, get }
}

/// Every field of the view. The order is the documentation's order.
const FIELDS: &[ViewField] = &[
    // organization
    field(
        "organization.kinds",
        StringList,
        "Regulatory roles of the organisation, e.g. `ict_service_provider`, `telecom_carrier`, `credit_information_company`, `public_institution`, `nydfs_covered_entity`.",
        |f| {
            strings(
                f.inc
                    .organization
                    .kind
                    .iter()
                    .map(|k| organization_kind(*k)),
            )
        },
    ),
    field(
        "organization.established_in",
        StringList,
        "Countries (ISO 3166-1 alpha-2) where the organisation has an establishment.",
        |f| strings(f.inc.organization.established_in.iter().map(String::as_str)),
    ),
    field(
        "organization.established_in_eu",
        Bool,
        "True if one of `established_in` is an EU/EEA state (GDPR Art. 3(1)).",
        |f| {
            Value::Bool(
                f.inc
                    .organization
                    .established_in
                    .iter()
                    .any(|c| vocab::EU_EEA.contains(&c.as_str())),
            )
        },
    ),
    field(
        "organization.listed",
        Bool,
        "True if the organisation has any securities listing.",
        |f| Value::Bool(!f.inc.organization.securities.is_empty()),
    ),
    field(
        "organization.listed_domestic_us",
        Bool,
        "True if a listing files with the U.S. SEC as a domestic registrant (Form 8-K Item 1.05).",
        |f| {
            Value::Bool(
                f.inc
                    .organization
                    .securities
                    .iter()
                    .any(|l| l.filer == FilerStatus::Domestic),
            )
        },
    ),
    field(
        "organization.foreign_private_issuer",
        Bool,
        "True if a listing files with the U.S. SEC as a foreign private issuer (Form 6-K).",
        |f| {
            Value::Bool(
                f.inc
                    .organization
                    .securities
                    .iter()
                    .any(|l| l.filer == FilerStatus::ForeignPrivateIssuer),
            )
        },
    ),
    field(
        "organization.total_revenue",
        Int,
        "Total revenue of the last fiscal year, in whole units of `revenue_currency`; 0 if unknown.",
        |f| {
            int(f
                .inc
                .organization
                .total_revenue
                .as_ref()
                .map_or(0, |m| m.amount))
        },
    ),
    field(
        "organization.revenue_currency",
        Str,
        "ISO 4217 currency of `total_revenue`, e.g. `KRW`; empty if unknown.",
        |f| {
            Value::from(
                f.inc
                    .organization
                    .total_revenue
                    .as_ref()
                    .map_or("", |m| m.currency.as_str()),
            )
        },
    ),
    // timeline
    field(
        "timeline.has_occurred_until",
        Bool,
        "True if the breach is known to have ended (`timeline.occurred_until` is given).",
        |f| Value::Bool(f.inc.timeline.occurred_until.is_some()),
    ),
    field(
        "timeline.has_first_signal_at",
        Bool,
        "True if `timeline.first_signal_at` (the first sign that something was wrong) is given.",
        |f| Value::Bool(f.inc.timeline.first_signal_at.is_some()),
    ),
    field(
        "timeline.has_incident_detected_at",
        Bool,
        "True if `timeline.incident_detected_at` (awareness of the security incident) is given.",
        |f| Value::Bool(f.inc.timeline.incident_detected_at.is_some()),
    ),
    field(
        "timeline.has_contained_at",
        Bool,
        "True if the breach has been contained (`timeline.contained_at` is given).",
        |f| Value::Bool(f.inc.timeline.contained_at.is_some()),
    ),
    field(
        "timeline.has_materiality_determined_at",
        Bool,
        "True if the incident was determined to be material (`timeline.materiality_determined_at` is given).",
        |f| Value::Bool(f.inc.timeline.materiality_determined_at.is_some()),
    ),
    field(
        "timeline.has_assessed_at",
        Bool,
        "True if the notifiability assessment was completed (`timeline.assessed_at` is given).",
        |f| Value::Bool(f.inc.timeline.assessed_at.is_some()),
    ),
    // cause
    field(
        "cause.kind",
        Str,
        "The kind of cause: `hacking`, `malware`, `unauthorized_access`, `insider_misuse`, `misdelivery`, `lost_or_stolen`, `misconfiguration`, `unlawful_transfer` or `other`.",
        |f| Value::from(cause_kind(f.inc.cause.kind)),
    ),
    field(
        "cause.external",
        Bool,
        "True if the data was reached by unlawful access from outside the organisation's systems.",
        |f| Value::Bool(f.inc.cause.external),
    ),
    // affected
    field(
        "affected.subjects",
        Int,
        "Number of affected data subjects (or of what `counted_as` says).",
        |f| int(f.inc.affected.subjects),
    ),
    field(
        "affected.records",
        Int,
        "Number of affected records; 0 if unknown.",
        |f| int(f.inc.affected.records.unwrap_or(0)),
    ),
    field(
        "affected.counted_as",
        Str,
        "What `subjects` counts: `persons`, `accounts` or `records`.",
        |f| Value::from(counted_as(f.inc.affected.counted_as)),
    ),
    field(
        "affected.encrypted",
        Bool,
        "True if the leaked data was unintelligible to the intruder (strong encryption, key not compromised).",
        |f| Value::Bool(f.inc.affected.encrypted),
    ),
    field(
        "affected.categories",
        StringList,
        "Data categories of the leaked items (vocabulary codes such as `name`, `resident_registration_number`, or `other`).",
        |f| strings(f.categories.iter().copied()),
    ),
    field(
        "affected.classes",
        StringList,
        "Legal classes present among the leaked items: `unique_identifier`, `sensitive`, `financial`, `credentials`, `telecom_identifier`, `ordinary` (items of category `other` count as `ordinary`).",
        |f| strings(f.classes.iter().map(|c| c.as_str())),
    ),
    field(
        "affected.has_unique_identifier",
        Bool,
        "True if a unique identifier (resident registration, passport, driver's licence, alien registration, SSN or other national id number) leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::UniqueIdentifier)),
    ),
    field(
        "affected.has_sensitive",
        Bool,
        "True if sensitive information (PIPA Art. 23; GDPR Art. 9 special categories) leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::Sensitive)),
    ),
    field(
        "affected.has_financial",
        Bool,
        "True if bank account or payment card data leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::Financial)),
    ),
    field(
        "affected.has_credentials",
        Bool,
        "True if passwords or other authentication secrets leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::Credentials)),
    ),
    field(
        "affected.has_telecom_identifier",
        Bool,
        "True if mobile subscriber or device identifiers (IMSI, USIM keys, IMEI) leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::TelecomIdentifier)),
    ),
    field(
        "affected.jurisdictions",
        StringList,
        "The codes of `affected.by_jurisdiction` as written: countries (`KR`) and subdivisions (`US-CA`).",
        |f| strings(f.inc.affected.by_jurisdiction.keys().map(String::as_str)),
    ),
    field(
        "affected.countries",
        StringList,
        "Countries of residence of affected subjects: the country part of each jurisdiction (`US-CA` gives `US`).",
        |f| strings(f.countries.iter().copied()),
    ),
    field(
        "affected.eu_subjects",
        Int,
        "Affected subjects resident in EU/EEA states.",
        |f| int(eu_subjects(&f.inc.affected.by_jurisdiction)),
    ),
    // risk
    field(
        "risk.level",
        Str,
        "The assessed risk to the people affected: `none`, `risk`, `high`, or `unassessed` while no assessment is recorded.",
        |f| {
            Value::from(
                f.inc
                    .risk_assessment
                    .as_ref()
                    .map_or("unassessed", |r| risk_level(r.level)),
            )
        },
    ),
    field(
        "risk.assessed",
        Bool,
        "True if a risk assessment is recorded.",
        |f| Value::Bool(f.inc.risk_assessment.is_some()),
    ),
    // actions
    field("actions.count", Int, "Number of recorded actions.", |f| {
        int(u64::try_from(f.inc.actions.len()).unwrap_or(u64::MAX))
    }),
    field(
        "actions.kinds",
        StringList,
        "Kinds of the recorded actions, e.g. `regulator_report`, `subject_notice`.",
        |f| strings(f.inc.actions.iter().map(|a| a.kind.as_str())),
    ),
    field(
        "actions.recipients",
        StringList,
        "Recipients of the recorded actions, e.g. `PIPC`, `AG:US-CA`.",
        |f| strings(f.inc.actions.iter().filter_map(|a| a.to.as_deref())),
    ),
    // controls
    field(
        "controls.recorded",
        Bool,
        "True if the incident describes its pre-breach safety measures at all (`controls`).",
        |f| Value::Bool(f.inc.controls.is_some()),
    ),
    field(
        "controls.audit_completed",
        Bool,
        "True if an independent audit was completed on or before the day of discovery.",
        |f| {
            Value::Bool(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.third_party_audit.as_ref())
                    .is_some_and(|a| a.completed_at.0 <= f.discovery),
            )
        },
    ),
    field(
        "controls.audit_open_high_findings",
        Int,
        "Audit findings of severity `high` or `critical` not yet resolved.",
        |f| {
            let n = f
                .inc
                .controls
                .as_ref()
                .and_then(|c| c.third_party_audit.as_ref())
                .map_or(0, |a| {
                    a.findings
                        .iter()
                        .filter(|x| !x.resolved && x.severity >= Severity::High)
                        .count()
                });
            int(u64::try_from(n).unwrap_or(u64::MAX))
        },
    ),
    field(
        "controls.training_completion_rate",
        Double,
        "Share of personal-information handlers who completed the last privacy training, 0 to 1; 0.0 if no training is recorded.",
        |f| {
            Value::Float(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.staff_training.as_ref())
                    .map_or(0.0, |t| {
                        if t.completion_rate.is_finite() {
                            t.completion_rate
                        } else {
                            0.0
                        }
                    }),
            )
        },
    ),
    field(
        "controls.training_days_before_discovery",
        Int,
        "Days from the end of the last training round to the day of discovery; -1 if no training is recorded or it ended after discovery.",
        |f| {
            let days = f
                .inc
                .controls
                .as_ref()
                .and_then(|c| c.staff_training.as_ref())
                .map(|t| (f.discovery - t.last_completed_at.0).num_days())
                .filter(|d| *d >= 0);
            Value::Int(days.unwrap_or(-1))
        },
    ),
    field(
        "controls.log_retention_months",
        Int,
        "Months that access records are kept; 0 if unknown.",
        |f| {
            int(f
                .inc
                .controls
                .as_ref()
                .and_then(|c| c.access_logs.as_ref())
                .map_or(0, |l| u64::from(l.retention_months)))
        },
    ),
    field(
        "controls.log_review",
        Str,
        "How often access records are reviewed: `daily`, `weekly`, `monthly`, `quarterly`, `yearly`, `never`, or `unknown`.",
        |f| {
            Value::from(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.access_logs.as_ref())
                    .map_or("unknown", |l| review(l.review)),
            )
        },
    ),
    field(
        "controls.unique_identifiers_encrypted",
        Bool,
        "True if unique identifying information is recorded as encrypted at rest.",
        |f| {
            Value::Bool(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.encryption.as_ref())
                    .is_some_and(|e| e.unique_identifiers_at_rest),
            )
        },
    ),
    field(
        "controls.encrypted_in_transit",
        Bool,
        "True if personal data is recorded as encrypted in transit (`controls.encryption.in_transit`).",
        |f| {
            Value::Bool(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.encryption.as_ref())
                    .and_then(|e| e.in_transit)
                    .unwrap_or(false),
            )
        },
    ),
    field(
        "controls.passwords",
        Str,
        "How passwords are stored: `hashed`, `encrypted`, `plaintext`, `none` (none stored), or `unknown`.",
        |f| {
            Value::from(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.encryption.as_ref())
                    .map_or("unknown", |e| passwords(e.passwords)),
            )
        },
    ),
    field(
        "controls.certifications",
        StringList,
        "Names of certifications (e.g. `ISMS-P`) valid on the day of discovery.",
        |f| {
            strings(
                f.inc
                    .controls
                    .iter()
                    .flat_map(|c| c.certifications.iter())
                    .filter(|c| c.valid_until.0 >= f.discovery)
                    .map(|c| c.name.as_str()),
            )
        },
    ),
];

const FUNCTIONS: &[ViewFunction] = &[
    ViewFunction {
        name: "subjects_in",
        params: &[("code", ViewType::String)],
        returns: ViewType::Int,
        doc: "Affected subjects resident in `code`: a country code counts the country and all its subdivisions (`subjects_in('US')` adds `US`, `US-CA`, `US-NY`, …), a subdivision code (`US-CA`) just that entry, and `EU` the residents of all EU/EEA states.",
    },
    ViewFunction {
        name: "has_category",
        params: &[("code", ViewType::String)],
        returns: ViewType::Bool,
        doc: "True if an item of data category `code` (e.g. `resident_registration_number`) leaked.",
    },
    ViewFunction {
        name: "category_subjects",
        params: &[("code", ViewType::String)],
        returns: ViewType::Int,
        doc: "Subjects whose data included category `code`: the largest count among the items of that category, an item without its own count standing for all affected subjects; 0 if none leaked.",
    },
    ViewFunction {
        name: "has_action",
        params: &[("kind", ViewType::String), ("recipient", ViewType::String)],
        returns: ViewType::Bool,
        doc: "True if an action of `kind` (e.g. `regulator_report`) to `recipient` (e.g. `PIPC`) is recorded; an empty recipient (`''`) matches any.",
    },
];

/// The top-level variables of the view, in documentation order.
pub fn view_variables() -> &'static [ViewVariable] {
    VARIABLES
}

/// Every field of the view with its CEL type and meaning: the source of truth for the
/// load-time path check and for the policy documentation.
pub fn view_fields() -> &'static [ViewField] {
    FIELDS
}

/// The functions of the view.
pub fn view_functions() -> &'static [ViewFunction] {
    FUNCTIONS
}

/// CEL standard functions available in this build (cel without the `regex` and `chrono`
/// features), callable as functions or methods as CEL defines them.
const STDLIB_FUNCTIONS: &[&str] = &[
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "bytes",
    "type",
    "dyn",
];

/// Operators, as the parser names them.
const OPERATORS: &[&str] = &[
    operators::CONDITIONAL,
    operators::LOGICAL_AND,
    operators::LOGICAL_OR,
    operators::LOGICAL_NOT,
    operators::SUBSTRACT,
    operators::ADD,
    operators::MULTIPLY,
    operators::DIVIDE,
    operators::MODULO,
    operators::EQUALS,
    operators::NOT_EQUALS,
    operators::GREATER_EQUALS,
    operators::LESS_EQUALS,
    operators::GREATER,
    operators::LESS,
    operators::NEGATE,
    operators::INDEX,
    operators::NOT_STRICTLY_FALSE,
    operators::IN,
];

/// Macros: expanded by the parser, so they reach the checker as calls only when misused.
const MACROS: &[&str] = &[
    operators::HAS,
    operators::ALL,
    operators::EXISTS,
    operators::EXISTS_ONE,
    operators::MAP,
    operators::FILTER,
];

/// Identifiers CEL resolves to types, as in `type(x) == int`.
const TYPE_NAMES: &[&str] = &[
    "bool",
    "int",
    "uint",
    "double",
    "string",
    "bytes",
    "list",
    "map",
    "null_type",
    "type",
];

// ---------------------------------------------------------------------------------------------
// Building the view
// ---------------------------------------------------------------------------------------------

/// Facts derived once from an incident, for the field getters.
struct Facts<'a> {
    inc: &'a Incident,
    /// The day of discovery, in the incident's time zone.
    discovery: NaiveDate,
    categories: Vec<&'a str>,
    classes: Vec<LegalClass>,
    countries: BTreeSet<&'a str>,
}

impl<'a> Facts<'a> {
    fn new(inc: &'a Incident) -> Self {
        let discovery = inc
            .timeline
            .discovered_at
            .instant()
            .with_timezone(&inc.timezone.0)
            .date_naive();
        let mut categories: Vec<&str> = Vec::new();
        for item in &inc.affected.data {
            if !categories.contains(&item.category.as_str()) {
                categories.push(&item.category);
            }
        }
        let present: Vec<LegalClass> = categories
            .iter()
            .map(|c| vocab::category(c).map_or(LegalClass::Ordinary, |info| info.class))
            .collect();
        let classes = ALL_CLASSES
            .iter()
            .copied()
            .filter(|c| present.contains(c))
            .collect();
        let countries = inc
            .affected
            .by_jurisdiction
            .keys()
            .map(|k| country_of(k))
            .collect();
        Facts {
            inc,
            discovery,
            categories,
            classes,
            countries,
        }
    }
}

const ALL_CLASSES: [LegalClass; 6] = [
    LegalClass::UniqueIdentifier,
    LegalClass::Sensitive,
    LegalClass::Financial,
    LegalClass::Credentials,
    LegalClass::TelecomIdentifier,
    LegalClass::Ordinary,
];

fn country_of(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

fn eu_subjects(by_jurisdiction: &BTreeMap<String, u64>) -> u64 {
    by_jurisdiction
        .iter()
        .filter(|(k, _)| vocab::EU_EEA.contains(&country_of(k)))
        .fold(0u64, |acc, (_, n)| acc.saturating_add(*n))
}

/// A count as a CEL int, clamped to `i64::MAX`.
fn int(n: u64) -> Value {
    Value::Int(clamp(n))
}

fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Distinct strings, in first-seen order, at most [`MAX_LIST_LEN`], each cut to
/// [`MAX_VIEW_STRING`] bytes.
fn strings<'s>(items: impl IntoIterator<Item = &'s str>) -> Value {
    let mut seen: Vec<&str> = Vec::new();
    for s in items {
        if seen.len() == MAX_LIST_LEN {
            break;
        }
        let s = cut(s);
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    Value::from(seen.into_iter().map(Value::from).collect::<Vec<Value>>())
}

/// `s` cut to at most [`MAX_VIEW_STRING`] bytes, at a character boundary.
fn cut(s: &str) -> &str {
    if s.len() <= MAX_VIEW_STRING {
        return s;
    }
    let mut end = MAX_VIEW_STRING;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn organization_kind(k: OrganizationKind) -> &'static str {
    match k {
        OrganizationKind::IctServiceProvider => "ict_service_provider",
        OrganizationKind::TelecomCarrier => "telecom_carrier",
        OrganizationKind::CreditInformationCompany => "credit_information_company",
        OrganizationKind::PublicInstitution => "public_institution",
        OrganizationKind::NydfsCoveredEntity => "nydfs_covered_entity",
    }
}

fn cause_kind(k: CauseKind) -> &'static str {
    match k {
        CauseKind::Hacking => "hacking",
        CauseKind::Malware => "malware",
        CauseKind::UnauthorizedAccess => "unauthorized_access",
        CauseKind::InsiderMisuse => "insider_misuse",
        CauseKind::Misdelivery => "misdelivery",
        CauseKind::LostOrStolen => "lost_or_stolen",
        CauseKind::Misconfiguration => "misconfiguration",
        CauseKind::UnlawfulTransfer => "unlawful_transfer",
        CauseKind::Other => "other",
    }
}

fn counted_as(c: CountedAs) -> &'static str {
    match c {
        CountedAs::Persons => "persons",
        CountedAs::Accounts => "accounts",
        CountedAs::Records => "records",
    }
}

fn risk_level(r: RiskLevel) -> &'static str {
    match r {
        RiskLevel::None => "none",
        RiskLevel::Risk => "risk",
        RiskLevel::High => "high",
    }
}

fn review(r: ReviewFrequency) -> &'static str {
    match r {
        ReviewFrequency::Daily => "daily",
        ReviewFrequency::Weekly => "weekly",
        ReviewFrequency::Monthly => "monthly",
        ReviewFrequency::Quarterly => "quarterly",
        ReviewFrequency::Yearly => "yearly",
        ReviewFrequency::Never => "never",
    }
}

fn passwords(p: PasswordStorage) -> &'static str {
    match p {
        PasswordStorage::Hashed => "hashed",
        PasswordStorage::Encrypted => "encrypted",
        PasswordStorage::Plaintext => "plaintext",
        PasswordStorage::None => "none",
    }
}

/// What the view's functions look up. Owned, so the functions registered in the CEL context
/// can share it.
#[derive(Debug, Default)]
struct Lookups {
    by_jurisdiction: BTreeMap<String, u64>,
    /// Category → subjects whose data included it.
    categories: BTreeMap<String, u64>,
    /// (kind, recipient or "").
    actions: BTreeSet<(String, String)>,
    /// In a probe view: every function gives its default (`false`) or non-default (`true`)
    /// answer, whatever the argument.
    probe: Option<bool>,
}

impl Lookups {
    fn new(inc: &Incident) -> Self {
        let mut categories: BTreeMap<String, u64> = BTreeMap::new();
        for item in &inc.affected.data {
            let n = item.subjects.unwrap_or(inc.affected.subjects);
            let e = categories.entry(item.category.clone()).or_insert(0);
            *e = (*e).max(n);
        }
        Lookups {
            by_jurisdiction: inc.affected.by_jurisdiction.clone(),
            categories,
            actions: inc
                .actions
                .iter()
                .map(|a| (a.kind.clone(), a.to.clone().unwrap_or_default()))
                .collect(),
            probe: None,
        }
    }

    fn subjects_in(&self, code: &str) -> u64 {
        if let Some(alt) = self.probe {
            return u64::from(alt);
        }
        if code == "EU" {
            return eu_subjects(&self.by_jurisdiction);
        }
        let subdivision = code.contains('-');
        self.by_jurisdiction
            .iter()
            .filter(|(k, _)| {
                k.as_str() == code
                    || (!subdivision
                        && k.strip_prefix(code)
                            .is_some_and(|rest| rest.starts_with('-')))
            })
            .fold(0u64, |acc, (_, n)| acc.saturating_add(*n))
    }

    fn has_category(&self, code: &str) -> bool {
        self.probe
            .unwrap_or_else(|| self.categories.contains_key(code))
    }

    fn category_subjects(&self, code: &str) -> u64 {
        match self.probe {
            Some(alt) => u64::from(alt),
            None => self.categories.get(code).copied().unwrap_or(0),
        }
    }

    fn has_action(&self, kind: &str, recipient: &str) -> bool {
        self.probe.unwrap_or_else(|| {
            self.actions
                .iter()
                .any(|(k, to)| k == kind && (recipient.is_empty() || to == recipient))
        })
    }
}

fn shared_env() -> Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    Arc::clone(ENV.get_or_init(|| Arc::new(Env::stdlib())))
}

/// The view of one incident, prepared for evaluating any number of conditions.
///
/// Build it once per incident with [`View::new`] (or [`view`]); it owns the CEL context with the
/// view's variables and functions, so evaluating a condition allocates no context.
pub struct View {
    values: BTreeMap<&'static str, Value>,
    lookups: Arc<Lookups>,
    context: Context<'static, 'static>,
}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.values.iter().map(|(k, v)| (k, show(v))))
            .finish()
    }
}

/// The view of `incident`; the same as [`View::new`].
pub fn view(incident: &Incident) -> View {
    View::new(incident)
}

impl View {
    /// Builds the view of `incident`.
    pub fn new(incident: &Incident) -> View {
        let facts = Facts::new(incident);
        let values = FIELDS.iter().map(|f| (f.path, (f.get)(&facts))).collect();
        View::assemble(values, Lookups::new(incident))
    }

    /// A synthetic view for type-checking: every field at its type's default, or (`alt`) at a
    /// non-default value.
    fn probe(alt: bool) -> View {
        let values = FIELDS.iter().map(|f| (f.path, f.ty.probe(alt))).collect();
        let lookups = Lookups {
            probe: Some(alt),
            ..Lookups::default()
        };
        View::assemble(values, lookups)
    }

    fn assemble(values: BTreeMap<&'static str, Value>, lookups: Lookups) -> View {
        let lookups = Arc::new(lookups);
        let mut context = Context::with_env(shared_env());
        for var in VARIABLES {
            let map: HashMap<String, Value> = values
                .iter()
                .filter_map(|(path, v)| {
                    let (root, field) = path.split_once('.')?;
                    (root == var.name).then(|| (field.to_string(), v.clone()))
                })
                .collect();
            context.add_variable_from_value(var.name, map);
        }
        // `add_function` fails only for a name the standard library declares; the view's
        // names are not among them (a test calls each one), so the results carry nothing.
        let l = Arc::clone(&lookups);
        let _ = context.add_function("subjects_in", move |code: Arc<String>| -> i64 {
            clamp(l.subjects_in(&code))
        });
        let l = Arc::clone(&lookups);
        let _ = context.add_function("has_category", move |code: Arc<String>| -> bool {
            l.has_category(&code)
        });
        let l = Arc::clone(&lookups);
        let _ = context.add_function("category_subjects", move |code: Arc<String>| -> i64 {
            clamp(l.category_subjects(&code))
        });
        let l = Arc::clone(&lookups);
        let _ = context.add_function(
            "has_action",
            move |kind: Arc<String>, recipient: Arc<String>| -> bool {
                l.has_action(&kind, &recipient)
            },
        );
        View {
            values,
            lookups,
            context,
        }
    }

    /// The value of the field at `path` (e.g. `affected.subjects`), if the view has one.
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.values.get(path)
    }

    /// Every field of the view with its value, in path order.
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }
}

/// A value as explanations show it: `33673817`, `true`, `accounts`, `[name, email]`.
fn show(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.to_string(),
        Value::Null => "null".to_string(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", items.join(", "))
        }
        other => format!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

/// A view function, for explanations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    SubjectsIn,
    HasCategory,
    CategorySubjects,
    HasAction,
}

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        match name {
            "subjects_in" => Some(Func::SubjectsIn),
            "has_category" => Some(Func::HasCategory),
            "category_subjects" => Some(Func::CategorySubjects),
            "has_action" => Some(Func::HasAction),
            _ => None,
        }
    }
}

/// Something a condition refers to whose value an explanation shows.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Reference {
    /// A view field.
    Path(&'static str),
    /// A view-function call whose arguments are all string literals.
    Call {
        label: String,
        func: Func,
        args: Vec<String>,
    },
}

impl Reference {
    fn label(&self) -> &str {
        match self {
            Reference::Path(p) => p,
            Reference::Call { label, .. } => label,
        }
    }
}

/// A compiled, checked condition.
#[derive(Debug)]
pub struct Condition {
    source: String,
    program: Program,
    refs: Vec<Reference>,
    cost: u64,
}

impl Condition {
    /// The condition's text, as compiled.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The upper bound on the work of evaluating it, in the units of [`MAX_EVAL_COST`].
    pub fn cost_bound(&self) -> u64 {
        self.cost
    }

    /// The view fields the condition refers to, in order of first appearance.
    pub fn paths(&self) -> Vec<&'static str> {
        self.refs
            .iter()
            .filter_map(|r| match r {
                Reference::Path(p) => Some(*p),
                Reference::Call { .. } => None,
            })
            .collect()
    }

    /// Evaluates the condition against an incident's view.
    ///
    /// Fails (never panics) when evaluation hits an error the load-time checks could not rule
    /// out, such as an index out of range.
    pub fn eval(&self, view: &View) -> Result<bool, ExprError> {
        let result = catch_unwind(AssertUnwindSafe(|| self.program.execute(&view.context)));
        match result {
            Ok(Ok(Value::Bool(b))) => Ok(b),
            Ok(Ok(other)) => Err(non_bool(&other)),
            Ok(Err(e)) => Err(ExprError::new(format!(
                "the condition could not be evaluated: {}",
                describe(&e)
            ))),
            Err(_) => Err(ExprError::new(
                "the condition could not be evaluated: the CEL interpreter failed",
            )),
        }
    }

    /// The value of each view field, and of each view-function call with literal arguments,
    /// that the condition refers to, e.g. `("affected.subjects", "33673817")`,
    /// `("subjects_in('KR')", "33673817")`, in order of first appearance.
    pub fn explain(&self, view: &View) -> Vec<(String, String)> {
        self.refs
            .iter()
            .map(|r| {
                let value = match r {
                    Reference::Path(p) => view.get(p).map_or_else(String::new, show),
                    Reference::Call { func, args, .. } => {
                        let arg = |i: usize| args.get(i).map_or("", String::as_str);
                        let l = &view.lookups;
                        match func {
                            Func::SubjectsIn => clamp(l.subjects_in(arg(0))).to_string(),
                            Func::HasCategory => l.has_category(arg(0)).to_string(),
                            Func::CategorySubjects => {
                                clamp(l.category_subjects(arg(0))).to_string()
                            }
                            Func::HasAction => l.has_action(arg(0), arg(1)).to_string(),
                        }
                    }
                };
                (r.label().to_string(), value)
            })
            .collect()
    }
}

/// Compiles and checks a condition (see the module documentation for the checks).
pub fn compile(src: &str) -> Result<Condition, ExprError> {
    if src.len() > MAX_EXPR_LEN {
        return Err(ExprError::new(format!(
            "the condition is too long: {} bytes, where at most {MAX_EXPR_LEN} are accepted",
            src.len()
        ))
        .hint("split it into several rules, or move repeated parts into the view"));
    }
    if src.trim().is_empty() {
        return Err(ExprError::new("the condition is empty")
            .hint("write a test such as `affected.subjects >= 1000`, or `true`"));
    }
    let mask = code_mask(src);
    check_nesting(src, &mask)?;
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("disclose-cel".into())
            .stack_size(COMPILE_STACK)
            .spawn_scoped(scope, || compile_here(src, &mask));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(ExprError::new(
                    "the condition could not be compiled: the CEL parser failed",
                ))
            }),
            Err(e) => Err(ExprError::new(format!(
                "the condition could not be compiled: no thread for the CEL parser ({e})"
            ))),
        }
    })
}

fn compile_here(src: &str, mask: &[bool]) -> Result<Condition, ExprError> {
    let program = Program::compile(src).map_err(|e| parse_error(src, &e))?;
    if ast_too_deep(program.expression()) {
        return Err(ExprError::new(format!(
            "the condition is nested too deeply: its expression tree is more than {MAX_AST_DEPTH} levels deep"
        ))
        .hint("a long chain such as `a + b + c + …` nests one level per operator; split the condition"));
    }
    let mut checker = Checker {
        src,
        mask,
        info: program.source_info(),
        locals: Vec::new(),
        comprehensions: 0,
        comprehension_depth: 0,
        refs: Vec::new(),
    };
    checker.expr(program.expression())?;
    super::fold::check(program.expression(), &|e| checker.start_col(e))?;
    let info = checker.info;
    let mut cost = Cost {
        src,
        info,
        locals: Vec::new(),
    };
    let bound = cost.bound(program.expression())?;
    let refs = checker.refs;
    let condition = Condition {
        source: src.to_string(),
        program,
        refs,
        cost: bound.cost,
    };
    thread_local! {
        // The two probe views, built once per thread rather than twice per condition (building
        // them was 40 % of compiling a condition: issue 19).
        static PROBES: [View; 2] = [View::probe(false), View::probe(true)];
    }
    for alt in [false, true] {
        let result = PROBES.with(|p| condition.program.execute(&p[usize::from(alt)].context));
        match result {
            Ok(Value::Bool(_)) => {}
            Ok(other) => return Err(non_bool(&other).at(Some(1))),
            Err(e) if is_type_error(&e) => {
                return Err(ExprError::new(format!(
                    "the condition cannot be evaluated: {}",
                    describe(&e)
                ))
                .hint("check the types: the view's fields are listed with their types in docs/policies.md"));
            }
            // Depends on the data (an index out of range, a division by zero): left to `eval`.
            Err(_) => {}
        }
    }
    Ok(condition)
}

fn non_bool(v: &Value) -> ExprError {
    ExprError::new(format!(
        "the condition must be true or false, but it gives {} {} ({})",
        if v.type_of()
            .to_string()
            .starts_with(['a', 'e', 'i', 'o', 'u'])
        {
            "an"
        } else {
            "a"
        },
        v.type_of(),
        show(v)
    ))
    .hint("compare the value, e.g. `affected.subjects >= 1000`")
}

/// Errors that no incident could avoid: the condition is wrong, not the data.
fn is_type_error(e: &ExecutionError) -> bool {
    matches!(
        e,
        ExecutionError::UnexpectedType { .. }
            | ExecutionError::NoSuchOverload(_)
            | ExecutionError::UnsupportedBinaryOperator(..)
            | ExecutionError::ValuesNotComparable(..)
            | ExecutionError::NoSuchKey(_)
            | ExecutionError::UndeclaredReference(_)
            | ExecutionError::InvalidArgumentCount { .. }
            | ExecutionError::NotSupportedAsMethod { .. }
            | ExecutionError::UnsupportedTargetType { .. }
            | ExecutionError::UnsupportedIndex(..)
            | ExecutionError::UnsupportedKeyType(_)
            | ExecutionError::MissingArgumentOrTarget
    )
}

/// An execution error in the words of the view.
fn describe(e: &ExecutionError) -> String {
    match e {
        ExecutionError::UnexpectedType { got, want } => {
            let want = match want.as_str() {
                "Arc<String>" => "string",
                "i64" => "int",
                "u64" => "uint",
                "f64" => "double",
                other => other,
            };
            format!("a value has the wrong type: got {got}, expected a {want}")
        }
        ExecutionError::NoSuchOverload(o) if o.function() == "_._" => format!(
            "a {} value has no fields",
            o.argument_types().first().map_or("non-map", String::as_str)
        ),
        ExecutionError::NoSuchOverload(o) => format!(
            "`{}` cannot be applied to ({})",
            operator_display(o.function()),
            o.argument_types().join(", ")
        ),
        ExecutionError::UnsupportedBinaryOperator(op, lhs, rhs) => {
            let op = match *op {
                "add" => "+",
                "sub" => "-",
                "mul" => "*",
                "div" => "/",
                "rem" => "%",
                other => other,
            };
            format!(
                "`{op}` cannot be applied to ({}, {})",
                lhs.type_of(),
                rhs.type_of()
            )
        }
        ExecutionError::UndeclaredReference(name) => format!("unknown name `{name}`"),
        ExecutionError::NoSuchKey(key) => format!("no field `{key}`"),
        other => other.to_string(),
    }
}

/// `_+_` → `+`, `@in` → `in`, `_[_]` → `[]`.
fn operator_display(name: &str) -> &str {
    match name {
        operators::INDEX => "[]",
        operators::IN => "in",
        operators::CONDITIONAL => "?:",
        operators::LOGICAL_NOT => "!",
        operators::NEGATE => "-",
        other => other.trim_matches('_'),
    }
}

fn parse_error(src: &str, errors: &cel::ParseErrors) -> ExprError {
    let Some(first) = errors.errors.first() else {
        return ExprError::new("the condition is not valid CEL");
    };
    if first.msg.contains("Recursion limit") {
        return ExprError::new("the condition is nested too deeply")
            .hint("simplify it or split it into several rules");
    }
    let (line, col) = first.pos;
    let column = if line >= 1 && col >= 1 {
        usize::try_from(line)
            .ok()
            .zip(usize::try_from(col).ok())
            .and_then(|(line, col)| column_of_line_col(src, line, col))
    } else {
        None
    };
    let hint = if first.msg.contains("<EOF>") {
        Some(
            "the condition ends too early: is an operand or a closing bracket missing?".to_string(),
        )
    } else if first.msg.contains("token recognition error at: '='")
        || first.msg.contains("token recognition error at: '= '")
    {
        Some("compare with `==`; a single `=` is not an operator".to_string())
    } else {
        None
    };
    ExprError::new(first.msg.clone()).at(column).hint_opt(hint)
}

/// The 1-based character offset of 1-based (`line`, `col`) in `src`.
fn column_of_line_col(src: &str, line: usize, col: usize) -> Option<usize> {
    let mut before = 0usize;
    for (n, text) in src.split('\n').enumerate() {
        if n + 1 == line {
            return Some(before + col);
        }
        before += text.chars().count() + 1;
    }
    None
}

/// The 1-based character column of byte offset `byte` in `src`.
fn char_col(src: &str, byte: usize) -> Option<usize> {
    src.get(..byte).map(|s| s.chars().count() + 1)
}

// ---------------------------------------------------------------------------------------------
// Text scanning (before parsing)
// ---------------------------------------------------------------------------------------------

/// For each byte of `src`: true if it is code, false if it is inside a string or bytes literal
/// (quotes included) or a `//` comment. Malformed literals run to the end; the parser reports
/// them.
fn code_mask(src: &str) -> Vec<bool> {
    let b = src.as_bytes();
    let mut mask = vec![true; b.len()];
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                mask[i] = false;
                i += 1;
            }
            continue;
        }
        if c == b'\'' || c == b'"' {
            let raw = i > 0 && matches!(b[i - 1], b'r' | b'R');
            let triple = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
            let start = i;
            i += if triple { 3 } else { 1 };
            while i < b.len() {
                if !raw && b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == c && (!triple || (b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c)))
                {
                    i += if triple { 3 } else { 1 };
                    break;
                }
                i += 1;
            }
            let end = i.min(b.len());
            mask[start..end].iter_mut().for_each(|m| *m = false);
            continue;
        }
        i += 1;
    }
    mask
}

/// Refuses nesting deeper than [`MAX_NESTING`]: open brackets plus chained `?:` still open.
fn check_nesting(src: &str, mask: &[bool]) -> Result<(), ExprError> {
    // Conditionals opened at each bracket level; the first entry is the top level.
    let mut levels: Vec<usize> = vec![0];
    let mut conditionals = 0usize;
    for (i, &byte) in src.as_bytes().iter().enumerate() {
        if !mask.get(i).copied().unwrap_or(false) {
            continue;
        }
        match byte {
            b'(' | b'[' | b'{' => levels.push(0),
            b')' | b']' | b'}' => {
                if levels.len() > 1 {
                    let closed = levels.pop().unwrap_or(0);
                    conditionals = conditionals.saturating_sub(closed);
                }
                continue;
            }
            b'?' => {
                if let Some(open) = levels.last_mut() {
                    *open += 1;
                }
                conditionals += 1;
            }
            _ => continue,
        }
        if levels.len() - 1 + conditionals > MAX_NESTING {
            return Err(ExprError::new(format!(
                "the condition is nested too deeply: more than {MAX_NESTING} levels of brackets and conditionals"
            ))
            .at(char_col(src, i))
            .hint("simplify it or split it into several rules"));
        }
    }
    Ok(())
}

/// The byte offset of the first occurrence of identifier path `token` in code (not in a string
/// or comment), on identifier boundaries.
fn find_token(src: &str, mask: &[bool], token: &str) -> Option<usize> {
    let b = src.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    src.match_indices(token).map(|(i, _)| i).find(|&i| {
        let end = i + token.len();
        mask.get(i..end).is_some_and(|m| m.iter().all(|&c| c))
            && (i == 0 || !(ident(b[i - 1]) || b[i - 1] == b'.'))
            && b.get(end).is_none_or(|&c| !ident(c))
    })
}

// ---------------------------------------------------------------------------------------------
// Tree checks (after parsing)
// ---------------------------------------------------------------------------------------------

fn children(e: &IdedExpr) -> Vec<&IdedExpr> {
    match &e.expr {
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => Vec::new(),
        Expr::Call(call) => call.target.iter().map(|t| &**t).chain(&call.args).collect(),
        Expr::Comprehension(c) => vec![
            &c.iter_range,
            &c.accu_init,
            &c.loop_cond,
            &c.loop_step,
            &c.result,
        ],
        Expr::List(list) => list.elements.iter().collect(),
        Expr::Map(map) => entry_children(&map.entries),
        Expr::Select(select) => vec![&*select.operand],
        Expr::Struct(s) => entry_children(&s.entries),
    }
}

fn entry_children(entries: &[cel::common::ast::IdedEntryExpr]) -> Vec<&IdedExpr> {
    entries
        .iter()
        .flat_map(|e| match &e.expr {
            EntryExpr::StructField(f) => vec![&f.value],
            EntryExpr::MapEntry(m) => vec![&m.key, &m.value],
        })
        .collect()
}

/// Whether the tree is deeper than [`MAX_AST_DEPTH`], found without recursion.
fn ast_too_deep(root: &IdedExpr) -> bool {
    let mut stack = vec![(root, 1usize)];
    while let Some((e, depth)) = stack.pop() {
        if depth > MAX_AST_DEPTH {
            return true;
        }
        stack.extend(children(e).into_iter().map(|c| (c, depth + 1)));
    }
    false
}

struct Checker<'a> {
    src: &'a str,
    mask: &'a [bool],
    info: &'a SourceInfo,
    /// Comprehension variables in scope, innermost last.
    locals: Vec<String>,
    comprehensions: usize,
    comprehension_depth: usize,
    refs: Vec<Reference>,
}

impl Checker<'_> {
    /// The column where node `id` starts.
    fn col(&self, id: u64) -> Option<usize> {
        let (start, _) = self.info.offset_for(id)?;
        char_col(self.src, usize::try_from(start).ok()?)
    }

    /// The column of the identifier `name` at node `id`, or found by scanning.
    fn ident_col(&self, id: u64, name: &str) -> Option<usize> {
        self.col(id)
            .or_else(|| find_token(self.src, self.mask, name).and_then(|b| char_col(self.src, b)))
    }

    /// The column of a call's function name (or a message's type name): the parser places
    /// calls at their `(` (and messages at their `{`).
    fn call_col(&self, id: u64, name: &str) -> Option<usize> {
        let Some((start, _)) = self.info.offset_for(id) else {
            return find_token(self.src, self.mask, name).and_then(|b| char_col(self.src, b));
        };
        let start = usize::try_from(start).ok()?;
        let before = self.src.get(..start)?.trim_end();
        if before.ends_with(name) {
            char_col(self.src, before.len() - name.len())
        } else {
            char_col(self.src, start)
        }
    }

    /// The column where the text of `e` starts: the parser places a selection at its `.` and
    /// an operator at its symbol, so the leftmost operand is followed down.
    fn start_col(&self, e: &IdedExpr) -> Option<usize> {
        match &e.expr {
            Expr::Select(s) => self.start_col(&s.operand),
            Expr::Call(c) => match (&c.target, c.args.first()) {
                (Some(target), _) => self.start_col(target),
                (None, Some(first)) if OPERATORS.contains(&c.func_name.as_str()) => {
                    let op = self.col(e.id);
                    let left = self.start_col(first);
                    // A prefix operator (`!x`, `-x`) starts before its operand.
                    match (op, left) {
                        (Some(o), Some(l)) => Some(o.min(l)),
                        (o, l) => l.or(o),
                    }
                }
                _ => self.call_col(e.id, &c.func_name),
            },
            _ => self.col(e.id),
        }
    }

    fn is_local(&self, name: &str) -> bool {
        name.starts_with('@') || self.locals.iter().any(|l| l == name)
    }

    fn record(&mut self, r: Reference) {
        if !self.refs.contains(&r) {
            self.refs.push(r);
        }
    }

    fn expr(&mut self, e: &IdedExpr) -> Result<(), ExprError> {
        match &e.expr {
            Expr::Unspecified | Expr::Literal(_) => Ok(()),
            Expr::Ident(name) => self.ident(e.id, name),
            Expr::Select(_) => self.select(e),
            Expr::Call(call) => {
                if call.func_name == operators::INDEX
                    && call.target.is_none()
                    && let [
                        IdedExpr {
                            id,
                            expr: Expr::Ident(root),
                        },
                        IdedExpr {
                            expr: Expr::Literal(LiteralValue::String(key)),
                            ..
                        },
                    ] = call.args.as_slice()
                    && !self.is_local(root)
                    && is_variable(root)
                {
                    // `affected['subjects']` is `affected.subjects`.
                    return self.path(*id, &[root.as_str(), key.inner()]);
                }
                self.call(e.id, call)?;
                if let Some(target) = &call.target {
                    self.expr(target)?;
                }
                call.args.iter().try_for_each(|a| self.expr(a))
            }
            Expr::Comprehension(c) => {
                self.comprehensions += 1;
                if self.comprehensions > MAX_COMPREHENSIONS {
                    return Err(ExprError::new(format!(
                        "the condition uses more than {MAX_COMPREHENSIONS} of `all`, `exists`, `exists_one`, `map` and `filter`"
                    ))
                    .at(self.col(e.id))
                    .hint("split it into several rules"));
                }
                if self.comprehension_depth >= MAX_COMPREHENSION_NESTING {
                    return Err(ExprError::new(format!(
                        "`all`, `exists`, `exists_one`, `map` and `filter` are nested more than {MAX_COMPREHENSION_NESTING} deep"
                    ))
                    .at(self.col(e.id))
                    .hint("nested loops over lists multiply their cost; split the condition"));
                }
                self.expr(&c.iter_range)?;
                self.expr(&c.accu_init)?;
                let scope = self.locals.len();
                self.locals.push(c.iter_var.clone());
                self.locals.extend(c.iter_var2.iter().cloned());
                self.locals.push(c.accu_var.clone());
                self.comprehension_depth += 1;
                let body = [&c.loop_cond, &c.loop_step, &c.result]
                    .into_iter()
                    .try_for_each(|x| self.expr(x));
                self.comprehension_depth -= 1;
                self.locals.truncate(scope);
                body
            }
            Expr::List(list) => {
                self.literal_len(e.id, list.elements.len())?;
                list.elements.iter().try_for_each(|x| self.expr(x))
            }
            Expr::Map(map) => {
                self.literal_len(e.id, map.entries.len())?;
                entry_children(&map.entries)
                    .into_iter()
                    .try_for_each(|x| self.expr(x))
            }
            Expr::Struct(s) => Err(ExprError::new(format!(
                "message construction (`{}{{…}}`) is not supported in conditions",
                s.type_name
            ))
            .at(self.call_col(e.id, &s.type_name))),
        }
    }

    fn literal_len(&self, id: u64, len: usize) -> Result<(), ExprError> {
        if len > MAX_LITERAL_LEN {
            return Err(ExprError::new(format!(
                "a list or map literal has {len} entries, where at most {MAX_LITERAL_LEN} are accepted"
            ))
            .at(self.col(id)));
        }
        Ok(())
    }

    fn ident(&mut self, id: u64, name: &str) -> Result<(), ExprError> {
        if self.is_local(name) || is_variable(name) || TYPE_NAMES.contains(&name) {
            return Ok(());
        }
        Err(unknown_name(name, &format!("`{name}`")).at(self.ident_col(id, name)))
    }

    /// A field selection: a path when it is rooted at a view variable.
    fn select(&mut self, e: &IdedExpr) -> Result<(), ExprError> {
        let mut segments: Vec<&str> = Vec::new();
        let mut node = e;
        while let Expr::Select(s) = &node.expr {
            segments.push(&s.field);
            node = &s.operand;
        }
        match &node.expr {
            Expr::Ident(root) if !self.is_local(root) => {
                segments.push(root);
                segments.reverse();
                if is_variable(root) {
                    self.path(node.id, &segments)
                } else {
                    Err(unknown_name(root, &format!("`{}`", segments.join(".")))
                        .at(self.ident_col(node.id, root)))
                }
            }
            // A local's fields, or fields of a computed value: checked by the probes.
            _ => self.expr(node),
        }
    }

    /// Checks a path rooted at a view variable and records it.
    fn path(&mut self, root_id: u64, segments: &[&str]) -> Result<(), ExprError> {
        // The view is two levels deep: `variable.field`, and fields are not maps.
        let [root, name, rest @ ..] = segments else {
            return Ok(());
        };
        let col = self.ident_col(root_id, root);
        let field_path = format!("{root}.{name}");
        let Some(f) = FIELDS.iter().find(|f| f.path == field_path) else {
            return Err(unknown_field(root, name, &segments.join(".")).at(col));
        };
        if let Some(next) = rest.first() {
            return Err(ExprError::new(format!(
                "`{field_path}` is {} and has no field `{next}`",
                f.ty.with_article()
            ))
            .at(col)
            .hint(format!("use `{field_path}` itself")));
        }
        self.record(Reference::Path(f.path));
        Ok(())
    }

    fn call(&mut self, id: u64, call: &cel::common::ast::CallExpr) -> Result<(), ExprError> {
        let name = call.func_name.as_str();
        if OPERATORS.contains(&name) || STDLIB_FUNCTIONS.contains(&name) {
            return Ok(());
        }
        let col = self.call_col(id, name);
        if let Some(f) = FUNCTIONS.iter().find(|f| f.name == name) {
            let example = function_example(f);
            if call.target.is_some() {
                return Err(
                    ExprError::new(format!("`{name}` is a function, not a method"))
                        .at(col)
                        .hint(format!("write `{example}`")),
                );
            }
            if call.args.len() != f.params.len() {
                return Err(ExprError::new(format!(
                    "`{name}` takes {} argument{}, not {}",
                    f.params.len(),
                    if f.params.len() == 1 { "" } else { "s" },
                    call.args.len()
                ))
                .at(col)
                .hint(format!("write `{example}`")));
            }
            let mut literals = Vec::new();
            for (i, arg) in call.args.iter().enumerate() {
                match &arg.expr {
                    Expr::Literal(LiteralValue::String(s)) => {
                        let s = s.inner();
                        check_function_argument(name, i, s).map_err(|e| e.at(self.col(arg.id)))?;
                        literals.push(s.to_string());
                    }
                    Expr::Literal(other) => {
                        return Err(ExprError::new(format!(
                            "`{name}` takes a string, not {}",
                            literal_kind(other)
                        ))
                        .at(self.col(arg.id))
                        .hint(format!("write `{example}`")));
                    }
                    _ => {
                        // A computed argument cannot be checked against the vocabulary, and an
                        // unknown code silently gives 0 or false.
                        let (param, _) = f.params[i];
                        let unknown = if f.returns == ViewType::Int {
                            "0"
                        } else {
                            "false"
                        };
                        return Err(ExprError::new(format!(
                            "`{name}` takes its `{param}` as a string literal in quotes, not a computed value"
                        ))
                        .at(self.start_col(arg).or(col))
                        .hint(format!(
                            "write `{example}`, one call per {param}: a computed {param} cannot be checked when the policy loads, and an unknown one would give {unknown}"
                        )));
                    }
                }
            }
            if let (Some(func), true) = (Func::from_name(name), literals.len() == call.args.len()) {
                let quoted: Vec<String> = literals.iter().map(|s| format!("'{s}'")).collect();
                self.record(Reference::Call {
                    label: format!("{name}({})", quoted.join(", ")),
                    func,
                    args: literals,
                });
            }
            return Ok(());
        }
        if MACROS.contains(&name) {
            let hint = if name == operators::HAS {
                "`has` takes one field selection, e.g. `has(affected.records)`".to_string()
            } else {
                format!(
                    "write it as a method on a list with a variable, e.g. `affected.categories.{name}(c, c == 'name')`"
                )
            };
            return Err(
                ExprError::new(format!("`{name}` is not used as CEL defines it"))
                    .at(col)
                    .hint(hint),
            );
        }
        let known = FUNCTIONS
            .iter()
            .map(|f| f.name)
            .chain(STDLIB_FUNCTIONS.iter().copied());
        let hint = did_you_mean(name, known).unwrap_or_else(|| {
            format!(
                "the functions are {}, and CEL's {}",
                FUNCTIONS
                    .iter()
                    .map(|f| format!("`{}`", f.name))
                    .collect::<Vec<_>>()
                    .join(", "),
                STDLIB_FUNCTIONS
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        Err(ExprError::new(format!("unknown function `{name}`"))
            .at(col)
            .hint(hint))
    }
}

// ---------------------------------------------------------------------------------------------
// Cost bound (after the tree checks)
// ---------------------------------------------------------------------------------------------

/// Upper bounds for one expression: what its value can be at most, and what evaluating it can
/// cost at most. All arithmetic saturates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Bound {
    /// Work to evaluate it.
    cost: u64,
    /// Entries, if it is a list or map (the iterations of a comprehension over it).
    len: u64,
    /// Size of the value: bytes of a string, or entries plus their sizes.
    size: u64,
    /// Size of the largest entry, if it is a list or map.
    elem: u64,
}

impl Bound {
    /// A number, a bool, a null or a type.
    const SCALAR: Bound = Bound {
        cost: 1,
        len: 0,
        size: 1,
        elem: 0,
    };

    /// The value of a view field of type `ty`, read at unit cost.
    fn of_type(ty: ViewType) -> Bound {
        let string = MAX_VIEW_STRING as u64;
        match ty {
            ViewType::Bool | ViewType::Int | ViewType::Double => Bound::SCALAR,
            ViewType::String => Bound {
                size: string,
                ..Bound::SCALAR
            },
            ViewType::StringList => {
                let len = MAX_LIST_LEN as u64;
                Bound {
                    cost: 1,
                    len,
                    size: len.saturating_mul(string + 1),
                    elem: string,
                }
            }
        }
    }

    /// A value that is either of two (the branches of `?:`).
    fn join(self, other: Bound) -> Bound {
        Bound {
            cost: self.cost.max(other.cost),
            len: self.len.max(other.len),
            size: self.size.max(other.size),
            elem: self.elem.max(other.elem),
        }
    }

    /// One entry of this list or map (or a field of this value).
    fn entry(self) -> Bound {
        let e = if self.len > 0 { self.elem } else { self.size };
        Bound {
            cost: 1,
            len: e,
            size: e,
            elem: e,
        }
    }
}

/// What a local name stands for in the cost pass.
enum Local {
    /// A comprehension variable or accumulator with this bound.
    Bound(Bound),
    /// The accumulator of a `map` or `filter`, which appends one entry per iteration in place
    /// (CEL builds the list without copying it), so appending to it costs only the entry.
    Appending,
}

struct Cost<'a> {
    src: &'a str,
    info: &'a SourceInfo,
    locals: Vec<(String, Local)>,
}

impl Cost<'_> {
    /// The column of node `id`; for a comprehension, which the parser places at its `(`, the
    /// column of the macro's name before it.
    fn col(&self, id: u64) -> Option<usize> {
        let (start, _) = self.info.offset_for(id)?;
        let start = usize::try_from(start).ok()?;
        if self.src.as_bytes().get(start) == Some(&b'(') {
            let before = self.src.get(..start)?.trim_end();
            for name in ["exists_one", "exists", "all", "map", "filter"] {
                if before.ends_with(name) {
                    return char_col(self.src, before.len() - name.len());
                }
            }
        }
        char_col(self.src, start)
    }

    fn local(&self, name: &str) -> Option<&Local> {
        self.locals
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, l)| l)
    }

    /// Refuses a node whose bound is over the limits, at its column.
    fn checked(&self, id: u64, b: Bound) -> Result<Bound, ExprError> {
        if b.size > MAX_EVAL_SIZE {
            return Err(ExprError::new(format!(
                "this part of the condition could build a value of up to {} units (bytes of text, or list entries and their sizes), where at most {} are accepted",
                crate::report::format::count(b.size),
                crate::report::format::count(MAX_EVAL_SIZE)
            ))
            .at(self.col(id))
            .hint("conditions test facts; they do not need to build large lists or texts: compare the view's fields directly"));
        }
        if b.cost > MAX_EVAL_COST {
            return Err(ExprError::new(format!(
                "this part of the condition could take up to {} steps to evaluate, where at most {} are accepted",
                crate::report::format::count(b.cost),
                crate::report::format::count(MAX_EVAL_COST)
            ))
            .at(self.col(id))
            .hint("a comprehension repeats its body once per list entry, and nested ones multiply: iterate over the view's lists directly, not over lists built by `+` or `map`, and keep the body small"));
        }
        Ok(b)
    }

    fn bound(&mut self, e: &IdedExpr) -> Result<Bound, ExprError> {
        let b = match &e.expr {
            Expr::Unspecified => Bound::SCALAR,
            Expr::Literal(LiteralValue::String(s)) => Bound {
                size: s.inner().len() as u64,
                ..Bound::SCALAR
            },
            Expr::Literal(LiteralValue::Bytes(b)) => Bound {
                size: b.len() as u64,
                ..Bound::SCALAR
            },
            Expr::Literal(_) => Bound::SCALAR,
            Expr::Ident(name) => match self.local(name) {
                Some(Local::Bound(b)) => Bound { cost: 1, ..*b },
                Some(Local::Appending) => Bound {
                    cost: 1,
                    ..Bound::default()
                },
                None => variable_bound(name),
            },
            Expr::Select(select) => {
                if let Expr::Ident(root) = &select.operand.expr
                    && self.local(root).is_none()
                    && is_variable(root)
                {
                    let path = format!("{root}.{}", select.field);
                    match FIELDS.iter().find(|f| f.path == path) {
                        Some(f) => Bound::of_type(f.ty),
                        None => Bound::SCALAR,
                    }
                } else {
                    let operand = self.bound(&select.operand)?;
                    Bound {
                        cost: operand.cost.saturating_add(1),
                        ..operand.entry()
                    }
                }
            }
            Expr::List(list) => {
                let mut b = Bound {
                    cost: 1,
                    len: list.elements.len() as u64,
                    size: list.elements.len() as u64,
                    elem: 0,
                };
                for x in &list.elements {
                    let x = self.bound(x)?;
                    b.cost = b.cost.saturating_add(x.cost);
                    b.size = b.size.saturating_add(x.size);
                    b.elem = b.elem.max(x.size);
                }
                b
            }
            Expr::Map(map) => {
                let mut b = Bound {
                    cost: 1,
                    len: map.entries.len() as u64,
                    size: map.entries.len() as u64,
                    elem: 0,
                };
                for x in entry_children(&map.entries) {
                    let x = self.bound(x)?;
                    b.cost = b.cost.saturating_add(x.cost);
                    b.size = b.size.saturating_add(x.size);
                    b.elem = b.elem.max(x.size);
                }
                b
            }
            // Refused by the tree checks.
            Expr::Struct(_) => Bound::SCALAR,
            Expr::Call(call) => self.call(call)?,
            Expr::Comprehension(c) => self.comprehension(c)?,
        };
        self.checked(e.id, b)
    }

    fn call(&mut self, call: &cel::common::ast::CallExpr) -> Result<Bound, ExprError> {
        let appends = call.func_name == operators::ADD
            && call.args.iter().any(|a| {
                matches!(&a.expr, Expr::Ident(n) if matches!(self.local(n), Some(Local::Appending)))
            });
        let mut args = Vec::with_capacity(call.args.len() + 1);
        if let Some(t) = &call.target {
            args.push(self.bound(t)?);
        }
        for a in &call.args {
            args.push(self.bound(a)?);
        }
        let work: u64 = args.iter().fold(1, |acc, a| acc.saturating_add(a.cost));
        let sizes: u64 = args.iter().fold(0, |acc, a| acc.saturating_add(a.size));
        let arg = |i: usize| args.get(i).copied().unwrap_or(Bound::SCALAR);
        let scalar = |cost: u64| Bound {
            cost,
            ..Bound::SCALAR
        };
        let name = call.func_name.as_str();
        Ok(match name {
            // `@result + [x]` in a `map` or `filter`: the entry is appended in place, and the
            // bound of what one iteration appends is what the comprehension multiplies.
            _ if appends => {
                let added = args.iter().fold(Bound::default(), |acc, a| Bound {
                    cost: 0,
                    len: acc.len.saturating_add(a.len),
                    size: acc.size.saturating_add(a.size),
                    elem: acc.elem.max(a.elem),
                });
                Bound {
                    cost: work.saturating_add(bytes_work(added.size)),
                    ..added
                }
            }
            operators::ADD => Bound {
                cost: work.saturating_add(bytes_work(sizes)),
                len: arg(0).len.saturating_add(arg(1).len),
                size: sizes,
                elem: arg(0).elem.max(arg(1).elem),
            },
            operators::CONDITIONAL => {
                let branches = arg(1).join(arg(2));
                Bound {
                    cost: work,
                    ..branches
                }
            }
            operators::INDEX => Bound {
                cost: work,
                ..arg(0).entry()
            },
            operators::LOGICAL_AND
            | operators::LOGICAL_OR
            | operators::LOGICAL_NOT
            | operators::NOT_STRICTLY_FALSE
            | operators::NEGATE
            | operators::SUBSTRACT
            | operators::MULTIPLY
            | operators::DIVIDE
            | operators::MODULO
            | "type"
            | "int"
            | "uint"
            | "double"
            | "bool" => scalar(work),
            "string" | "bytes" => Bound {
                cost: work.saturating_add(bytes_work(sizes)),
                size: sizes.max(32),
                ..Bound::SCALAR
            },
            "dyn" => Bound {
                cost: work,
                ..arg(0)
            },
            _ if FUNCTIONS.iter().any(|f| f.name == name) => {
                scalar(work.saturating_add(VIEW_CALL_COST))
            }
            // Comparisons, `in`, `size`, `contains`, `startsWith`, `endsWith`: at most one pass
            // over their operands.
            _ => scalar(work.saturating_add(bytes_work(sizes))),
        })
    }

    fn comprehension(
        &mut self,
        c: &cel::common::ast::ComprehensionExpr,
    ) -> Result<Bound, ExprError> {
        let range = self.bound(&c.iter_range)?;
        let init = self.bound(&c.accu_init)?;
        let n = range.len;
        // `map` and `filter` start from an empty list and append to it.
        let building = matches!(&c.accu_init.expr, Expr::List(l) if l.elements.is_empty());
        let scope = self.locals.len();
        let item = range.entry();
        self.locals.push((c.iter_var.clone(), Local::Bound(item)));
        if let Some(v2) = &c.iter_var2 {
            self.locals.push((v2.clone(), Local::Bound(item)));
        }
        let accu = if building {
            Local::Appending
        } else {
            Local::Bound(init)
        };
        self.locals.push((c.accu_var.clone(), accu));
        let body = (|| {
            let cond = self.bound(&c.loop_cond)?;
            let step = self.bound(&c.loop_step)?;
            Ok::<_, ExprError>((cond, step))
        })();
        let (cond, step) = match body {
            Ok(x) => x,
            Err(e) => {
                self.locals.truncate(scope);
                return Err(e);
            }
        };
        // What the accumulator holds at the end.
        let accu = if building {
            Bound {
                cost: 1,
                len: n.saturating_mul(step.len),
                size: n.saturating_mul(step.size.saturating_add(1)),
                elem: step.elem,
            }
        } else {
            init.join(step)
        };
        self.locals
            .truncate(scope + usize::from(c.iter_var2.is_some()) + 1);
        self.locals.push((c.accu_var.clone(), Local::Bound(accu)));
        let result = self.bound(&c.result);
        self.locals.truncate(scope);
        let result = result?;
        let per_item = cond.cost.saturating_add(step.cost).saturating_add(1);
        Ok(Bound {
            cost: range
                .cost
                .saturating_add(init.cost)
                .saturating_add(n.saturating_mul(per_item))
                .saturating_add(result.cost),
            ..result
        })
    }
}

/// The work units charged for comparing, copying or searching values of `size` in total: one
/// per [`BYTES_PER_UNIT`], since a pass over bytes costs far less than evaluating a node.
fn bytes_work(size: u64) -> u64 {
    size.div_ceil(BYTES_PER_UNIT)
}

/// The bound of a bare name that is not a local: a view variable (a map of its fields) or a
/// type name.
fn variable_bound(name: &str) -> Bound {
    let prefix = format!("{name}.");
    let fields: Vec<Bound> = FIELDS
        .iter()
        .filter(|f| f.path.starts_with(&prefix))
        .map(|f| Bound::of_type(f.ty))
        .collect();
    if fields.is_empty() {
        return Bound::SCALAR;
    }
    Bound {
        cost: 1,
        len: fields.len() as u64,
        size: fields
            .iter()
            .fold(fields.len() as u64, |acc, f| acc.saturating_add(f.size)),
        elem: fields.iter().map(|f| f.size).max().unwrap_or(0),
    }
}

fn is_variable(name: &str) -> bool {
    VARIABLES.iter().any(|v| v.name == name)
}

fn literal_kind(l: &LiteralValue) -> &'static str {
    match l {
        LiteralValue::Boolean(_) => "a bool",
        LiteralValue::Bytes(_) => "bytes",
        LiteralValue::Double(_) => "a double",
        LiteralValue::Int(_) => "an int",
        LiteralValue::Null => "null",
        LiteralValue::String(_) => "a string",
        LiteralValue::UInt(_) => "a uint",
    }
}

fn function_example(f: &ViewFunction) -> &'static str {
    match f.name {
        "subjects_in" => "subjects_in('KR')",
        "has_category" => "has_category('resident_registration_number')",
        "category_subjects" => "category_subjects('resident_registration_number')",
        "has_action" => "has_action('regulator_report', 'PIPC')",
        _ => f.name,
    }
}

/// Checks a string-literal argument of a view function against its vocabulary.
fn check_function_argument(func: &str, index: usize, arg: &str) -> Result<(), ExprError> {
    match (func, index) {
        ("subjects_in", 0) => {
            if arg == "EU" || vocab::is_country(arg) || vocab::is_subdivision(arg) {
                return Ok(());
            }
            let upper = arg.to_ascii_uppercase();
            let hint = if upper != arg
                && (upper == "EU" || vocab::is_country(&upper) || vocab::is_subdivision(&upper))
            {
                format!("codes are upper case: `{upper}`")
            } else {
                did_you_mean(arg, vocab::countries()).unwrap_or_else(|| "use an ISO 3166-1 country code (`KR`), an ISO 3166-2 subdivision code (`US-CA`) or `EU`".into())
            };
            Err(ExprError::new(format!("`{arg}` is not a country or subdivision code")).hint(hint))
        }
        ("has_category" | "category_subjects", 0) => {
            if vocab::category(arg).is_some() || arg == vocab::OTHER_CATEGORY {
                return Ok(());
            }
            let hint = did_you_mean(arg, vocab::CATEGORIES.iter().map(|c| c.code)).unwrap_or_else(|| "use a category of the incident format's vocabulary, e.g. `resident_registration_number`".into());
            Err(ExprError::new(format!("`{arg}` is not a data category")).hint(hint))
        }
        ("has_action", 0) => {
            if vocab::is_action_kind(arg) {
                return Ok(());
            }
            let hint = vocab::action_kind_hint(arg);
            Err(ExprError::new(format!("`{arg}` is not an action kind")).hint(hint))
        }
        ("has_action", 1) => {
            if arg.is_empty() || vocab::is_recipient(arg) {
                return Ok(());
            }
            let hint = did_you_mean(arg, vocab::RECIPIENTS.iter().map(|(k, _)| *k)).unwrap_or_else(|| "use a recipient code such as `PIPC`, `SEC`, `AG:US-CA` or `SA:DE`, or `''` for any".into());
            Err(ExprError::new(format!("`{arg}` is not a recipient")).hint(hint))
        }
        _ => Ok(()),
    }
}

/// An unknown bare name (`what` is how the message quotes the whole expression part).
fn unknown_name(name: &str, what: &str) -> ExprError {
    let hint = if let Some(best) = closest(name, VARIABLES.iter().map(|v| v.name)) {
        format!("did you mean `{best}`?")
    } else if let Some(f) = FIELDS
        .iter()
        .find(|f| f.path.rsplit('.').next() == Some(name))
    {
        format!("did you mean `{}`?", f.path)
    } else {
        format!(
            "conditions can use {}",
            VARIABLES
                .iter()
                .map(|v| format!("`{}`", v.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    ExprError::new(format!(
        "unknown name {what}: the view has no variable `{name}`"
    ))
    .hint(hint)
}

/// An unknown field `name` of `parent` (a view variable), in path `full`.
fn unknown_field(parent: &str, name: &str, full: &str) -> ExprError {
    let prefix = format!("{parent}.");
    let siblings: Vec<&str> = FIELDS
        .iter()
        .filter_map(|f| f.path.strip_prefix(prefix.as_str()))
        .filter(|rest| !rest.contains('.'))
        .collect();
    let hint = if let Some(best) = closest(name, siblings.iter().copied()) {
        format!("did you mean `{parent}.{best}`?")
    } else if let Some(f) = FIELDS
        .iter()
        .find(|f| f.path.rsplit('.').next() == Some(name))
    {
        format!("did you mean `{}`?", f.path)
    } else {
        format!(
            "`{parent}` has {}",
            siblings
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    ExprError::new(format!("unknown field `{full}`")).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coupang() -> Incident {
        let loaded = crate::incident::load_str(include_str!("../../examples/coupang-2025.yaml"));
        loaded.ok().expect("the Coupang example loads").clone()
    }

    fn eval(src: &str, view: &View) -> bool {
        let c = compile(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        c.eval(view).unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    fn err(src: &str) -> ExprError {
        match compile(src) {
            Ok(_) => panic!("{src} compiled"),
            Err(e) => e,
        }
    }

    #[test]
    fn coupang_conditions() {
        let v = view(&coupang());
        assert!(eval(
            "affected.subjects >= 1000 || affected.has_unique_identifier || cause.external",
            &v
        ));
        assert!(!eval("affected.has_unique_identifier", &v));
        assert!(eval("subjects_in('KR') == 33673817", &v));
        assert!(eval("'ict_service_provider' in organization.kinds", &v));
        assert!(eval("organization.listed_domestic_us", &v));
        assert!(!eval("organization.foreign_private_issuer", &v));
        assert!(eval("has_action('regulator_report', 'PIPC')", &v));
        assert!(eval("has_action('securities_filing', '')", &v));
        assert!(!eval("has_action('regulator_report', 'SEC')", &v));
        assert!(eval(
            "affected.counted_as == 'accounts' && cause.kind == 'unauthorized_access'",
            &v
        ));
        assert!(eval(
            "affected.classes == ['ordinary'] && affected.countries == ['KR']",
            &v
        ));
        assert!(eval(
            "has_category('building_entrance_code') && category_subjects('building_entrance_code') == 2609",
            &v
        ));
        assert!(eval(
            "category_subjects('name') == 33673817 && category_subjects('password') == 0",
            &v
        ));
        assert!(eval(
            "affected.categories.exists(c, c == 'order_history')",
            &v
        ));
        assert!(eval(
            "affected.eu_subjects == 0 && subjects_in('EU') == 0",
            &v
        ));
        assert!(eval("risk.level == 'unassessed' && !risk.assessed", &v));
        assert!(eval(
            "actions.count == 7 && 'public_notice' in actions.kinds && 'SEC' in actions.recipients",
            &v
        ));
        assert!(eval(
            "timeline.has_contained_at && !timeline.has_assessed_at",
            &v
        ));
        assert!(eval(
            "organization.total_revenue == 41000000000000 && organization.revenue_currency == 'KRW'",
            &v
        ));
        assert!(eval(
            "controls.audit_completed && controls.audit_open_high_findings == 1 && controls.training_completion_rate > 0.9",
            &v
        ));
        // 2025-04-30 to 2025-11-18
        assert!(eval("controls.training_days_before_discovery == 202", &v));
        assert!(eval(
            "controls.log_retention_months == 24 && controls.log_review == 'monthly' && controls.passwords == 'hashed'",
            &v
        ));
        assert!(eval(
            "controls.unique_identifiers_encrypted && controls.certifications == ['ISMS-P']",
            &v
        ));
        assert!(eval("has(affected.records) && affected.records == 0", &v));
        assert!(eval("affected['subjects'] > 0", &v));
    }

    #[test]
    fn subjects_by_residence() {
        let mut inc = coupang();
        inc.affected.by_jurisdiction = [
            ("US", 5u64),
            ("US-CA", 10),
            ("US-NY", 3),
            ("DE", 7),
            ("FR", 1),
            ("KR", 2),
            ("USA", 1000), // not a code, but it must not count as part of `US`
        ]
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
        let v = view(&inc);
        assert!(eval("subjects_in('US') == 18", &v));
        assert!(eval("subjects_in('US-CA') == 10", &v));
        assert!(eval(
            "subjects_in('EU') == 8 && affected.eu_subjects == 8",
            &v
        ));
        assert!(eval("subjects_in('JP') == 0", &v));
        assert!(eval(
            "affected.countries == ['DE', 'FR', 'KR', 'US', 'USA']",
            &v
        ));
        assert!(eval("'US-CA' in affected.jurisdictions", &v));
        inc.affected.by_jurisdiction = [("KR".to_string(), u64::MAX), ("KR-11".to_string(), 5)]
            .into_iter()
            .collect();
        inc.affected.subjects = u64::MAX;
        let v = view(&inc);
        assert!(eval("subjects_in('KR') == 9223372036854775807", &v));
        assert!(eval("affected.subjects == 9223372036854775807", &v));
    }

    #[test]
    fn misspelt_path_names_the_path_with_a_suggestion_and_column() {
        let e = err("affected.subjcts > 1");
        assert!(e.message.contains("`affected.subjcts`"), "{e:?}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `affected.subjects`?"));
        assert_eq!(e.column, Some(1));

        let e = err("cause.external || affected.subjcts > 1");
        assert_eq!(e.column, Some(19), "{e:?}");

        // Columns count characters, and a string with the same text earlier is skipped.
        let e = err("'affected.subjcts 한국' == cause.kind || affected.subjcts > 1");
        assert_eq!(e.column, Some(40), "{e:?}");

        let e = err("cause.external ||\n  affected.subjcts > 1");
        assert_eq!(e.column, Some(21));
        assert_eq!(
            e.line_col("cause.external ||\n  affected.subjcts > 1"),
            Some((2, 3))
        );

        let e = err("organization.external");
        assert_eq!(
            e.hint.as_deref(),
            Some("did you mean `cause.external`?"),
            "{e:?}"
        );

        let e = err("affected.subjects.count > 1");
        assert!(e.message.contains("`affected.subjects` is an int"), "{e:?}");
    }

    #[test]
    fn unknown_names_and_functions() {
        let e = err("foo.bar");
        assert!(
            e.message.contains("`foo.bar`") && e.message.contains("`foo`"),
            "{e:?}"
        );
        assert_eq!(e.column, Some(1));

        let e = err("afected.subjects > 1");
        assert_eq!(e.hint.as_deref(), Some("did you mean `affected`?"));

        let e = err("subjects > 1");
        assert_eq!(e.hint.as_deref(), Some("did you mean `affected.subjects`?"));

        let e = err("cause.external && subject_in('KR') > 0");
        assert!(e.message.contains("unknown function `subject_in`"), "{e:?}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `subjects_in`?"));
        assert_eq!(e.column, Some(19));

        let e = err("'a'.matches('a')");
        assert!(e.message.contains("`matches`"), "{e:?}");
        let e = err("exists(affected.categories)");
        assert!(e.message.contains("`exists`"), "{e:?}");
        let e = err("'KR'.subjects_in() > 0");
        assert!(e.message.contains("not a method"), "{e:?}");
        let e = err("subjects_in('KR', 'US') > 0");
        assert!(e.message.contains("takes 1 argument"), "{e:?}");
    }

    #[test]
    fn function_arguments_are_checked() {
        let e = err("subjects_in(1) > 0");
        assert!(e.message.contains("takes a string"), "{e:?}");
        assert_eq!(e.column, Some(13));
        let e = err("subjects_in('kr') > 0");
        assert_eq!(e.hint.as_deref(), Some("codes are upper case: `KR`"));
        let e = err("has_category('nmae')");
        assert_eq!(e.hint.as_deref(), Some("did you mean `name`?"));
        let e = err("has_action('regulator_reprot', '')");
        assert_eq!(e.hint.as_deref(), Some("did you mean `regulator_report`?"));
        let e = err("has_action('regulator_report', 'PIPX')");
        assert!(e.message.contains("not a recipient"), "{e:?}");
        assert!(compile("has_action('regulator_report', 'AG:US-CA')").is_ok());
        assert!(compile("subjects_in('US-CA') > 0 || subjects_in('EU') > 0").is_ok());
    }

    #[test]
    fn view_function_arguments_must_be_string_literals() {
        // `subjects_in(cause.kind)` loaded and gave 0 for every incident.
        let e = err("subjects_in(cause.kind) > 0");
        assert_eq!(
            e.message,
            "`subjects_in` takes its `code` as a string literal in quotes, not a computed value"
        );
        assert_eq!(e.column, Some(13));
        assert!(
            e.hint
                .as_deref()
                .unwrap()
                .starts_with("write `subjects_in('KR')`"),
            "{e:?}"
        );
        assert!(
            e.hint.as_deref().unwrap().ends_with("would give 0"),
            "{e:?}"
        );
        let e = err("subjects_in(affected.subjects) > 0");
        assert!(e.message.contains("string literal"), "{e:?}");
        let e = err("has_category(cause.kind)");
        assert_eq!(e.column, Some(14));
        assert!(
            e.hint.as_deref().unwrap().ends_with("would give false"),
            "{e:?}"
        );
        let e = err("category_subjects('na' + 'me') > 0");
        assert_eq!(e.column, Some(19), "{e:?}");
        let e = err("['KR', 'US'].exists(c, subjects_in(c) > 0)");
        assert_eq!(e.column, Some(36), "{e:?}");
        let e = err("has_action('regulator_report', cause.kind)");
        assert!(e.message.contains("`recipient`"), "{e:?}");
    }

    #[test]
    fn huge_and_deep_expressions_are_refused_before_parsing() {
        let long = format!("cause.external || {}", "a".repeat(100_000));
        let e = err(&long);
        assert!(e.message.contains("too long"), "{e:?}");

        let deep = format!("{}true{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(err(&deep).message.contains("too long"));

        // Within the length limit, the nesting check refuses it, at the bracket that exceeds.
        let deep = format!("{}true{}", "(".repeat(1_000), ")".repeat(1_000));
        let e = err(&deep);
        assert!(e.message.contains("nested too deeply"), "{e:?}");
        assert_eq!(e.column, Some(MAX_NESTING + 1));

        let chain = format!("{}1", "true ? 1 : ".repeat(100));
        assert!(err(&chain).message.contains("nested too deeply"));

        // Brackets in strings do not count.
        let quoted = format!("cause.kind == '{}'", "(".repeat(1_000));
        assert!(compile(&quoted).is_ok());

        // Exactly at the limit: parses (on the compile thread) and is accepted.
        let at_limit = format!("{}true{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert!(compile(&at_limit).is_ok());
    }

    #[test]
    fn long_chains_are_bounded_by_tree_depth_and_evaluate_on_an_ordinary_thread() {
        // `1 + 1 + … ` nests one tree level per operator without any bracket.
        let chain = format!("1{} > 0", " + 1".repeat(100));
        let e = err(&chain);
        assert!(e.message.contains("nested too deeply"), "{e:?}");

        // The deepest accepted tree evaluates on this (test) thread's stack.
        let ok = format!("1{} > 0", " + 1".repeat(MAX_AST_DEPTH - 2));
        let c = compile(&ok).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.eval(&View::probe(false)), Ok(true));

        // Long `||` chains are balanced and stay shallow.
        let alternatives: Vec<String> = (0..100)
            .map(|i| format!("subjects_in('US') == {i}"))
            .collect();
        assert!(compile(&alternatives.join(" || ")).is_ok());
    }

    #[test]
    fn non_boolean_and_type_errors_are_refused() {
        let e = err("affected.subjects + 1");
        assert!(e.message.contains("must be true or false"), "{e:?}");
        assert!(err("cause.kind").message.contains("must be true or false"));
        // Found by the second probe only: the first short-circuits.
        assert!(
            err("cause.external && affected.subjects + 1")
                .message
                .contains("cannot")
        );
        let e = err("cause.kind > 1");
        assert!(e.message.contains("cannot be applied"), "{e:?}");
        let e = err("affected.categories.exists(c, c.x)");
        assert!(e.message.contains("no fields"), "{e:?}");
        let e = err("Foo{a: 1}");
        assert!(e.message.contains("not supported"), "{e:?}");
        assert_eq!(e.column, Some(1));
        let e = err("1 + 'a' == 2");
        assert!(
            e.message.contains("`+` cannot be applied to (int, string)"),
            "{e:?}"
        );
        let e = err("cause.external ? 1 : 2");
        assert!(e.message.contains("gives an int (2)"), "{e:?}");
    }

    #[test]
    fn strings_that_look_like_paths_are_not_flagged() {
        assert!(compile("'affected.subjcts' != cause.kind").is_ok());
        assert!(compile("\"foo.bar\" != cause.kind && r'affected.x' != '''y.z'''").is_ok());
        assert!(compile("cause.external // affected.subjcts\n").is_ok());
    }

    #[test]
    fn comprehension_variables_are_local() {
        let v = view(&coupang());
        assert!(eval(
            "affected.categories.exists(affected, affected == 'name')",
            &v
        ));
        assert!(eval("affected.categories.all(c, c != 'password')", &v));
        assert!(eval(
            "affected.categories.filter(c, c.startsWith('p')).size() == 2",
            &v
        ));
        assert!(eval(
            "actions.kinds.exists(k, affected.categories.exists(c, c == 'email' && k == 'subject_notice'))",
            &v
        ));
        let e = err(
            "actions.kinds.exists(k, affected.categories.exists(c, affected.countries.exists(x, x == k)))",
        );
        assert!(e.message.contains("nested more than"), "{e:?}");
        // `c` is out of scope after the macro.
        assert!(
            err("affected.categories.exists(c, true) && c == 'x'")
                .message
                .contains("`c`")
        );
    }

    #[test]
    fn evaluation_cost_is_bounded_before_evaluation() {
        // Nested comprehensions over the view's lists: at most 256 × 256 iterations, accepted.
        let c = compile("affected.categories.exists(c, affected.jurisdictions.exists(j, c == j))")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(c.cost_bound() <= MAX_EVAL_COST);
        // The same over lists made 8 times longer by concatenation: refused, at the inner loop.
        let long = "((affected.categories + affected.categories) + (affected.categories + affected.categories))";
        let long = format!("({long} + {long})");
        let src = format!("{long}.exists(c, {long}.exists(j, c == j))");
        let e = err(&src);
        assert!(e.message.contains("steps to evaluate"), "{e:?}");
        assert!(
            e.hint
                .as_deref()
                .unwrap_or("")
                .contains("nested ones multiply")
        );
        // at the outer loop, whose iterations multiply the inner one's
        assert_eq!(e.column, Some(long.len() + 2), "{e:?}");
        // Building a large value: every pair of categories joined, as a list of strings.
        let e = err("affected.categories.map(c, affected.categories.map(d, c + d)).size() > 0");
        assert!(e.message.contains("could build a value"), "{e:?}");
        assert_eq!(e.column, Some(21));
        // Big literals, nested.
        let lit: Vec<String> = (0..256).map(|i| i.to_string()).collect();
        let lit = format!("[{}]", lit.join(","));
        let c = compile(&format!("{lit}.exists(x, {lit}.exists(y, x == y + 1000))"))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(c.cost_bound() <= MAX_EVAL_COST);
        assert!(
            err(&format!(
                "({lit} + {lit}).exists(x, ({lit} + {lit}).exists(y, x == y))"
            ))
            .message
            .contains("steps")
        );
        // Long strings built in a comprehension.
        let s = "x".repeat(4_000);
        assert!(
            err(&format!("affected.categories.map(c, '{s}' + c).size() > 1"))
                .message
                .contains("could build a value")
        );
        // CEL has no string repetition.
        assert!(
            err("'a' * 1000000 == ''")
                .message
                .contains("cannot be applied")
        );
        // Every view string is short.
        assert_eq!(cut(&"가".repeat(200)).len(), 255);
    }

    #[test]
    fn parse_errors_keep_the_cel_message_and_give_a_column() {
        let e = err("affected.subjects >");
        assert!(e.message.contains("Syntax error"), "{e:?}");
        assert_eq!(e.column, Some(20));
        assert!(e.hint.is_some());
        let e = err("'é' + (1 +");
        assert_eq!(e.column, Some(11));
        assert!(err("").message.contains("empty"));
    }

    #[test]
    fn data_dependent_errors_surface_at_evaluation() {
        let v = view(&coupang());
        let c = compile("affected.categories[10] == 'x'").unwrap_or_else(|e| panic!("{e:?}"));
        let e = c.eval(&v).unwrap_err();
        assert!(e.message.contains("could not be evaluated"), "{e:?}");
        let c = compile("int(cause.kind) > 0").unwrap_or_else(|e| panic!("{e:?}"));
        assert!(c.eval(&v).is_err());
    }

    #[test]
    fn explain_lists_the_facts() {
        let v = view(&coupang());
        let c = compile(
            "affected.subjects >= 1000 || cause.external || subjects_in('KR') > 0 || affected.subjects > 1",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            c.explain(&v),
            vec![
                ("affected.subjects".to_string(), "33673817".to_string()),
                ("cause.external".to_string(), "true".to_string()),
                ("subjects_in('KR')".to_string(), "33673817".to_string()),
            ]
        );
        assert_eq!(c.paths(), vec!["affected.subjects", "cause.external"]);
        let c = compile("'ict_service_provider' in organization.kinds && has_action('regulator_report', 'PIPC')")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            c.explain(&v),
            vec![
                (
                    "organization.kinds".to_string(),
                    "[ict_service_provider]".to_string()
                ),
                (
                    "has_action('regulator_report', 'PIPC')".to_string(),
                    "true".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_table_describes_the_view() {
        let mut seen = BTreeSet::new();
        for f in view_fields() {
            assert!(seen.insert(f.path), "duplicate {}", f.path);
            let (root, rest) = f.path.split_once('.').expect("variable.field");
            assert!(is_variable(root), "{}", f.path);
            assert!(!rest.is_empty() && !rest.contains('.'));
            assert!(!f.doc.is_empty());
        }
        for var in view_variables() {
            assert!(
                view_fields()
                    .iter()
                    .any(|f| f.path.starts_with(&format!("{}.", var.name)))
            );
        }
        let v = view(&coupang());
        for f in view_fields() {
            let value = v.get(f.path).expect("every field has a value");
            assert!(
                f.ty.admits(value),
                "{} is not a {}: {value:?}",
                f.path,
                f.ty
            );
            // Every field is reachable from CEL and has the table's type.
            let check = match f.ty {
                ViewType::Bool => format!("{0} || !{0}", f.path),
                ViewType::Int => format!("{} >= -1", f.path),
                ViewType::Double => format!("{} >= 0.0", f.path),
                ViewType::String => format!("size({}) >= 0", f.path),
                ViewType::StringList => format!("size({}) >= 0", f.path),
            };
            assert!(eval(&check, &v), "{check}");
        }
        assert_eq!(v.fields().count(), view_fields().len());
        for alt in [false, true] {
            let p = View::probe(alt);
            for f in view_fields() {
                assert!(p.get(f.path).is_some_and(|x| f.ty.admits(x)));
            }
        }
        assert_eq!(
            view_functions()[0].signature(),
            "subjects_in(code: string) -> int"
        );
    }

    #[test]
    fn standard_functions_and_type_names_work() {
        let v = view(&coupang());
        assert!(eval(
            "size(affected.categories) == 6 && affected.categories.size() == 6 \
             && cause.kind.contains('access') && cause.kind.startsWith('un') && cause.kind.endsWith('ss') \
             && int('1') == 1 && uint(1) == 1u && double(1) == 1.0 && string(1) == '1' && bool('true') \
             && bytes('a') == b'a' && type(1) == int && dyn(1) == 1",
            &v
        ));
        // Every view function is registered (a missing one would be an undeclared reference).
        assert!(eval(
            "subjects_in('KR') >= 0 && (has_category('name') || true) && category_subjects('name') >= 0 && (has_action('subject_notice', '') || true)",
            &v
        ));
    }

    #[test]
    fn views_are_reused_across_conditions() {
        let v = view(&coupang());
        let conditions: Vec<Condition> =
            ["cause.external", "affected.has_sensitive", "risk.assessed"]
                .iter()
                .map(|s| compile(s).unwrap_or_else(|e| panic!("{e:?}")))
                .collect();
        let results: Vec<bool> = conditions
            .iter()
            .map(|c| c.eval(&v).unwrap_or(false))
            .collect();
        assert_eq!(results, vec![true, false, false]);
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Condition>();
    }
}
