//! Checking a parsed condition against the view: every name, field path and function, the
//! arguments of the view's functions, and the shape limits (comprehensions, literals), with the
//! column of each problem and a did-you-mean.

use super::*;

pub(super) struct Checker<'a> {
    pub(super) src: &'a str,
    pub(super) mask: &'a [bool],
    pub(super) info: &'a SourceInfo,
    /// Comprehension variables in scope, innermost last.
    pub(super) locals: Vec<String>,
    pub(super) comprehensions: usize,
    pub(super) comprehension_depth: usize,
    pub(super) refs: Vec<Reference>,
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
    pub(super) fn start_col(&self, e: &IdedExpr) -> Option<usize> {
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

    pub(super) fn expr(&mut self, e: &IdedExpr) -> Result<(), ExprError> {
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

pub(super) fn is_variable(name: &str) -> bool {
    VARIABLES.iter().any(|v| v.name == name)
}

pub(super) fn literal_kind(l: &LiteralValue) -> &'static str {
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

pub(super) fn function_example(f: &ViewFunction) -> &'static str {
    match f.name {
        "subjects_in" => "subjects_in('KR')",
        "has_category" => "has_category('resident_registration_number')",
        "category_subjects" => "category_subjects('resident_registration_number')",
        "has_action" => "has_action('regulator_report', 'PIPC')",
        _ => f.name,
    }
}

/// Checks a string-literal argument of a view function against its vocabulary.
pub(super) fn check_function_argument(
    func: &str,
    index: usize,
    arg: &str,
) -> Result<(), ExprError> {
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
pub(super) fn unknown_name(name: &str, what: &str) -> ExprError {
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
pub(super) fn unknown_field(parent: &str, name: &str, full: &str) -> ExprError {
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
