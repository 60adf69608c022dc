//! The static cost bound: an upper bound, computed on the parsed tree before a condition ever
//! runs, on the work of evaluating it and the size of the values it can build.

use super::*;

// ---------------------------------------------------------------------------------------------
// Cost bound (after the tree checks)
// ---------------------------------------------------------------------------------------------

/// Upper bounds for one expression: what its value can be at most, and what evaluating it can
/// cost at most. All arithmetic saturates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Bound {
    /// Work to evaluate it.
    pub(super) cost: u64,
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
pub(super) enum Local {
    /// A comprehension variable or accumulator with this bound.
    Bound(Bound),
    /// The accumulator of a `map` or `filter`, which appends one entry per iteration in place
    /// (CEL builds the list without copying it), so appending to it costs only the entry.
    Appending,
}

pub(super) struct Cost<'a> {
    pub(super) src: &'a str,
    pub(super) info: &'a SourceInfo,
    pub(super) locals: Vec<(String, Local)>,
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
                crate::incident::validate::fmt_count(b.size),
                crate::incident::validate::fmt_count(MAX_EVAL_SIZE)
            ))
            .at(self.col(id))
            .hint("conditions test facts; they do not need to build large lists or texts: compare the view's fields directly"));
        }
        if b.cost > MAX_EVAL_COST {
            return Err(ExprError::new(format!(
                "this part of the condition could take up to {} steps to evaluate, where at most {} are accepted",
                crate::incident::validate::fmt_count(b.cost),
                crate::incident::validate::fmt_count(MAX_EVAL_COST)
            ))
            .at(self.col(id))
            .hint("a comprehension repeats its body once per list entry, and nested ones multiply: iterate over the view's lists directly, not over lists built by `+` or `map`, and keep the body small"));
        }
        Ok(b)
    }

    pub(super) fn bound(&mut self, e: &IdedExpr) -> Result<Bound, ExprError> {
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
pub(super) fn bytes_work(size: u64) -> u64 {
    size.div_ceil(BYTES_PER_UNIT)
}

/// The bound of a bare name that is not a local: a view variable (a map of its fields) or a
/// type name.
pub(super) fn variable_bound(name: &str) -> Bound {
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
