//! CEL conditions over a documented, stable view of an incident.
//!
//! This module compiles and evaluates conditions; the view's tables and how a view is built are
//! in `view`, the checks of names, paths and functions in `check`, the static cost bound in
//! `cost`, and constant folding in [`fold`].
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
//! 2. The text is parsed by `cel::Program::compile` on one long-lived thread with a
//!    [`COMPILE_STACK`]-byte stack (started on the first compile), so that even the parser's
//!    worst case within those limits fits, whatever thread the caller runs on. Parse errors keep
//!    CEL's message and get a column.
//! 3. The parsed tree must be at most [`MAX_AST_DEPTH`] deep (left-nested chains such as
//!    `a + b + c + …` nest without brackets; the evaluator recurses along the tree, so this bounds
//!    the stack that [`Condition::eval`] needs on the caller's thread).
//! 4. Every name, field path and function is checked against the view (see below).
//! 5. The condition is evaluated against two synthetic "probe" views (every field at its default,
//!    and every field set to a non-default value) and must give `true` or `false`: a condition that
//!    gives a number (`affected.subjects + 1`) or that applies an operator to the wrong types
//!    (`cause.kind > 1`) is refused at load time instead of failing on the first incident.
//!    Before that, [`fold`] computes every sub-expression made of literals only and
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
    CauseKind, CountedAs, FilerStatus, Incident, PasswordStorage, ReviewFrequency, RiskLevel,
    Severity,
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

/// Stack size of the thread that parses and checks conditions, in bytes.
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

mod check;
mod cost;
mod fold;
#[cfg(test)]
mod tests;
mod view;

use check::*;
use cost::*;
use view::*;
pub use view::{
    View, ViewField, ViewFunction, ViewType, ViewVariable, view, view_fields, view_functions,
    view_variables,
};
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
    expression: IdedExpr,
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
        let result = catch_unwind(AssertUnwindSafe(|| {
            Value::resolve(&self.expression, &view.context)
        }));
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
    if let Some(condition) = compile_fast(src, &mask) {
        #[cfg(test)]
        same_as_antlr(src, &condition);
        return Ok(condition);
    }
    compile_on_worker(src, mask)
}

/// In unit tests, every condition the fast path accepts is compiled again by the ANTLR path,
/// which must accept it too, with the same tree (node ids aside) and the same cost bound.
#[cfg(test)]
fn same_as_antlr(src: &str, fast: &Condition) {
    let slow = compile_on_worker(src, code_mask(src))
        .unwrap_or_else(|e| panic!("the fast parser accepts what ANTLR rejects: {src:?}: {e}"));
    let tree = |e: &IdedExpr| {
        let text = format!("{e:?}");
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(i) = rest.find("id: ") {
            out.push_str(&rest[..i + 4]);
            rest = rest[i + 4..].trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        out
    };
    assert_eq!(
        tree(&fast.expression),
        tree(&slow.expression),
        "the two parsers build different trees for {src:?}"
    );
    assert_eq!(fast.cost, slow.cost, "{src:?}");
    assert_eq!(fast.paths(), slow.paths(), "{src:?}");
}

/// Greatest recursion depth of the fast parser. The text is already limited to
/// [`MAX_NESTING`] brackets and chained conditionals, so a valid condition never comes near it.
const FAST_PARSE_DEPTH: u16 = 96;

/// The fast path: the condition parsed by cel's Pratt parser on the calling thread, and checked
/// as [`compile_here`] checks it. `None` when the parser or any check finds a fault: the
/// condition is then compiled again on the compile thread by the ANTLR parser, whose source
/// positions every error message is built from, so an error reads exactly as before.
///
/// Issue 19: the ANTLR parser was 40 % of a cold `check` (17.3 M of 43.8 M instructions); the
/// Pratt parser builds the same tree (a unit test compares them on every built-in condition) for
/// a small fraction of that, and its bounded recursion fits an ordinary thread's stack (measured
/// by the `stack_use` test).
fn compile_fast(src: &str, mask: &[bool]) -> Option<Condition> {
    let expression = cel::parser::PrattParser::new()
        .max_recursion_depth(FAST_PARSE_DEPTH)
        .parse(src)
        .ok()?;
    let info = SourceInfo::default();
    checked(src, mask, expression, &info).ok()
}

/// A condition to compile on the compile thread, and where to send the result.
struct Job {
    src: String,
    mask: Vec<bool>,
    reply: std::sync::mpsc::SyncSender<Result<Condition, ExprError>>,
}

/// Sends the condition to the one long-lived compile thread, which has a [`COMPILE_STACK`]-byte
/// stack, and waits for the result.
///
/// One thread for the life of the process rather than one per condition (issue 19: spawning a
/// thread with a 32 MiB stack per condition cost more than the parse, and kept the probe views
/// of [`compile_here`] from ever being reused). The parser cannot run on the caller's thread: in
/// a debug build its worst case within the limits needs more stack than a test thread or a
/// rayon worker has (bench/README.md has the measurements).
fn compile_on_worker(src: &str, mask: Vec<bool>) -> Result<Condition, ExprError> {
    static WORKER: OnceLock<Result<std::sync::mpsc::Sender<Job>, String>> = OnceLock::new();
    let worker = WORKER.get_or_init(|| {
        let (send, jobs) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("disclose-cel".into())
            .stack_size(COMPILE_STACK)
            .spawn(move || {
                for job in jobs {
                    let result =
                        catch_unwind(AssertUnwindSafe(|| compile_here(&job.src, &job.mask)))
                            .unwrap_or_else(|_| {
                                Err(ExprError::new(
                                    "the condition could not be compiled: the CEL parser failed",
                                ))
                            });
                    let _ = job.reply.send(result);
                }
            })
            .map(|_| send)
            .map_err(|e| e.to_string())
    });
    let no_thread = |e: &dyn fmt::Display| {
        ExprError::new(format!(
            "the condition could not be compiled: no thread for the CEL parser ({e})"
        ))
    };
    let sender = worker.as_ref().map_err(|e| no_thread(e))?;
    let (reply, result) = std::sync::mpsc::sync_channel(1);
    let job = Job {
        src: src.to_string(),
        mask,
        reply,
    };
    sender.send(job).map_err(|e| no_thread(&e))?;
    result.recv().unwrap_or_else(|_| {
        Err(ExprError::new(
            "the condition could not be compiled: the CEL parser failed",
        ))
    })
}

fn compile_here(src: &str, mask: &[bool]) -> Result<Condition, ExprError> {
    let program = Program::compile(src).map_err(|e| parse_error(src, &e))?;
    checked(
        src,
        mask,
        program.expression().clone(),
        program.source_info(),
    )
}

/// The checks of a parsed condition (depth, names and types, folding, cost, a probe run), and the
/// condition when all pass. `info` gives each node's position for the error messages; the fast
/// path passes none, and only uses the result when there is no error.
fn checked(
    src: &str,
    mask: &[bool],
    expression: IdedExpr,
    info: &SourceInfo,
) -> Result<Condition, ExprError> {
    if ast_too_deep(&expression) {
        return Err(ExprError::new(format!(
            "the condition is nested too deeply: its expression tree is more than {MAX_AST_DEPTH} levels deep"
        ))
        .hint("a long chain such as `a + b + c + …` nests one level per operator; split the condition"));
    }
    let mut checker = Checker {
        src,
        mask,
        info,
        locals: Vec::new(),
        comprehensions: 0,
        comprehension_depth: 0,
        refs: Vec::new(),
    };
    checker.expr(&expression)?;
    fold::check(&expression, &|e| checker.start_col(e))?;
    let info = checker.info;
    let mut cost = Cost {
        src,
        info,
        locals: Vec::new(),
    };
    let bound = cost.bound(&expression)?;
    let refs = checker.refs;
    let condition = Condition {
        source: src.to_string(),
        expression,
        refs,
        cost: bound.cost,
    };
    thread_local! {
        // The two probe views, built once per thread rather than twice per condition (building
        // them was 40 % of compiling a condition: issue 19).
        static PROBES: [View; 2] = [View::probe(false), View::probe(true)];
    }
    for alt in [false, true] {
        let result =
            PROBES.with(|p| Value::resolve(&condition.expression, &p[usize::from(alt)].context));
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
