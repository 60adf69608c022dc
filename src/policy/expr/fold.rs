//! Constant folding of CEL conditions, to refuse at load time what is certain to fail.
//!
//! A condition is checked against the view's names and types when a policy is loaded
//! ([`super`]), and evaluated against two probe views; but an error that depends only on
//! the condition's own literals passed both, because the probes ignore errors that an incident
//! might avoid (an index out of range, a division by zero). `x / 0`, `x % 0`, `int('abc')`,
//! `[1, 2][5]`, `9223372036854775807 + 1`, `uint(-1)` or `{'a': 1, 'a': 2}` then loaded and
//! failed on every incident that reached them, at the worst time.
//!
//! This module computes the value of every sub-expression whose operands are all literals
//! (arithmetic, string and list concatenation, the conversions `int`, `uint`, `double` and
//! `string`, `size`, indexing, negation), bottom-up, with the same rules as CEL: 64-bit
//! integers that overflow are an error, not a wrap. A sub-expression that is certain to fail
//! whenever it is evaluated is an error at its column, whatever is around it: it may sit
//! behind `&&`, `||` or `?:` and be skipped on some incidents, but a part of a condition that
//! can never give a value is a mistake either way. A division or remainder by a literal zero is
//! refused whatever the dividend is, and a map literal with the same literal key twice whatever
//! its values are. Anything that reads the view, a comprehension variable or a function of the
//! view is not constant and is left alone.
//!
//! Folding is a check only: the program that runs is CEL's own, unchanged.

use std::sync::Arc;

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue, operators};

use super::ExprError;

/// The value of a constant sub-expression.
#[derive(Clone, Debug, PartialEq)]
enum Const {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Double(f64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Null,
    List(Vec<Const>),
    /// Only the number of entries is kept: enough for `size`, and no map is indexed here.
    Map(usize),
}

impl Const {
    fn type_name(&self) -> &'static str {
        match self {
            Const::Bool(_) => "bool",
            Const::Int(_) => "int",
            Const::Uint(_) => "uint",
            Const::Double(_) => "double",
            Const::Str(_) => "string",
            Const::Bytes(_) => "bytes",
            Const::Null => "null",
            Const::List(_) => "list",
            Const::Map(_) => "map",
        }
    }

    /// As written in CEL, for messages.
    fn show(&self) -> String {
        match self {
            Const::Bool(b) => b.to_string(),
            Const::Int(i) => i.to_string(),
            Const::Uint(u) => format!("{u}u"),
            Const::Double(d) => format!("{d:?}"),
            Const::Str(s) => format!("'{s}'"),
            Const::Bytes(_) => "b'…'".into(),
            Const::Null => "null".into(),
            Const::List(l) => format!("a list of {}", l.len()),
            Const::Map(n) => format!("a map of {n}"),
        }
    }

    /// A key of a map literal, when it is one CEL accepts (bool, int, uint, string).
    fn is_key(&self) -> bool {
        matches!(
            self,
            Const::Bool(_) | Const::Int(_) | Const::Uint(_) | Const::Str(_)
        )
    }
}

/// Where a sub-expression starts, as a 1-based character column of the condition.
pub type Column<'a> = &'a dyn Fn(&IdedExpr) -> Option<usize>;

/// Refuses the first sub-expression of `root` that is certain to fail, with its column.
pub fn check(root: &IdedExpr, column: Column<'_>) -> Result<(), ExprError> {
    Folder { column }.fold(root).map(|_| ())
}

struct Folder<'a> {
    column: Column<'a>,
}

impl Folder<'_> {
    fn fail(&self, e: &IdedExpr, message: String, hint: &str) -> ExprError {
        ExprError::new(format!(
            "this part of the condition always fails: {message}"
        ))
        .at((self.column)(e))
        .hint(hint)
    }

    /// The value of `e` when it is constant; an error when evaluating it is certain to fail.
    fn fold(&self, e: &IdedExpr) -> Result<Option<Const>, ExprError> {
        match &e.expr {
            Expr::Literal(l) => Ok(Some(literal(l))),
            Expr::List(list) => {
                let mut items = Vec::with_capacity(list.elements.len());
                let mut constant = list.optional_indices.is_empty();
                for x in &list.elements {
                    match self.fold(x)? {
                        Some(v) => items.push(v),
                        None => constant = false,
                    }
                }
                Ok(constant.then_some(Const::List(items)))
            }
            Expr::Map(map) => {
                let mut keys: Vec<Const> = Vec::new();
                let mut constant = true;
                for entry in &map.entries {
                    let EntryExpr::MapEntry(m) = &entry.expr else {
                        constant = false;
                        continue;
                    };
                    let key = self.fold(&m.key)?;
                    let value = self.fold(&m.value)?;
                    constant &= value.is_some() && !m.optional;
                    match key {
                        Some(k) if k.is_key() && keys.contains(&k) => {
                            return Err(self.fail(
                                &m.key,
                                format!("the key {} appears twice in this map", k.show()),
                                "keep one of the entries",
                            ));
                        }
                        Some(k) if k.is_key() => keys.push(k),
                        Some(k) => {
                            return Err(self.fail(
                                &m.key,
                                format!("a map key cannot be {}", k.type_name()),
                                "use a string, int, uint or bool as the key",
                            ));
                        }
                        None => constant = false,
                    }
                }
                Ok(constant.then_some(Const::Map(keys.len())))
            }
            Expr::Call(call) => {
                let target = match &call.target {
                    Some(t) => Some(self.fold(t)?),
                    None => None,
                };
                let mut args = Vec::with_capacity(call.args.len());
                for a in &call.args {
                    args.push(self.fold(a)?);
                }
                self.call(e, &call.func_name, target, &args)
            }
            Expr::Select(s) => {
                self.fold(&s.operand)?;
                Ok(None)
            }
            Expr::Comprehension(c) => {
                for x in [
                    &c.iter_range,
                    &c.accu_init,
                    &c.loop_cond,
                    &c.loop_step,
                    &c.result,
                ] {
                    self.fold(x)?;
                }
                Ok(None)
            }
            Expr::Struct(s) => {
                for entry in &s.entries {
                    if let EntryExpr::StructField(f) = &entry.expr {
                        self.fold(&f.value)?;
                    }
                }
                Ok(None)
            }
            Expr::Ident(_) | Expr::Unspecified => Ok(None),
        }
    }

    fn call(
        &self,
        e: &IdedExpr,
        name: &str,
        target: Option<Option<Const>>,
        args: &[Option<Const>],
    ) -> Result<Option<Const>, ExprError> {
        use Const::*;
        // A division or remainder by a literal zero fails whatever the dividend.
        if (name == operators::DIVIDE || name == operators::MODULO)
            && let [_, Some(Int(0) | Uint(0))] = args
        {
            let what = if name == operators::DIVIDE {
                "division by zero"
            } else {
                "remainder of a division by zero"
            };
            return Err(self.fail(e, what.into(), "divide by a number other than 0"));
        }
        let overflow = |what: &str| {
            self.fail(
                e,
                format!("{what} overflows a 64-bit integer"),
                "use smaller numbers (an int is at most 9223372036854775807, a uint at most 18446744073709551615)",
            )
        };
        let value = match (name, target.as_ref(), args) {
            (operators::ADD, None, [Some(a), Some(b)]) => match (a, b) {
                (Int(x), Int(y)) => Int(x.checked_add(*y).ok_or_else(|| overflow("the sum"))?),
                (Uint(x), Uint(y)) => Uint(x.checked_add(*y).ok_or_else(|| overflow("the sum"))?),
                (Double(x), Double(y)) => Double(x + y),
                (Str(x), Str(y)) => Str(format!("{x}{y}").into()),
                (List(x), List(y)) => List(x.iter().chain(y).cloned().collect()),
                _ => return Ok(None),
            },
            (operators::SUBSTRACT, None, [Some(a), Some(b)]) => match (a, b) {
                (Int(x), Int(y)) => Int(x
                    .checked_sub(*y)
                    .ok_or_else(|| overflow("the difference"))?),
                (Uint(x), Uint(y)) => Uint(x.checked_sub(*y).ok_or_else(|| {
                    self.fail(
                        e,
                        format!("{x}u - {y}u is below 0, and a uint cannot be negative"),
                        "use int values if the result can be negative",
                    )
                })?),
                (Double(x), Double(y)) => Double(x - y),
                _ => return Ok(None),
            },
            (operators::MULTIPLY, None, [Some(a), Some(b)]) => match (a, b) {
                (Int(x), Int(y)) => {
                    Int(x.checked_mul(*y).ok_or_else(|| overflow("the product"))?)
                }
                (Uint(x), Uint(y)) => {
                    Uint(x.checked_mul(*y).ok_or_else(|| overflow("the product"))?)
                }
                (Double(x), Double(y)) => Double(x * y),
                _ => return Ok(None),
            },
            (operators::DIVIDE, None, [Some(a), Some(b)]) => match (a, b) {
                (Int(x), Int(y)) => {
                    Int(x.checked_div(*y).ok_or_else(|| overflow("the quotient"))?)
                }
                (Uint(x), Uint(y)) => Uint(x / y),
                (Double(x), Double(y)) => Double(x / y),
                _ => return Ok(None),
            },
            (operators::MODULO, None, [Some(a), Some(b)]) => match (a, b) {
                (Int(x), Int(y)) => {
                    Int(x.checked_rem(*y).ok_or_else(|| overflow("the remainder"))?)
                }
                (Uint(x), Uint(y)) => Uint(x % y),
                _ => return Ok(None),
            },
            (operators::NEGATE, None, [Some(a)]) => match a {
                Int(x) => Int(x.checked_neg().ok_or_else(|| overflow("the negation"))?),
                Double(x) => Double(-x),
                _ => return Ok(None),
            },
            (operators::INDEX, None, [Some(List(items)), Some(i)]) => {
                let index = match i {
                    Int(i) => usize::try_from(*i).ok(),
                    Uint(u) => usize::try_from(*u).ok(),
                    _ => return Ok(None),
                };
                match index.and_then(|i| items.get(i)) {
                    Some(v) => v.clone(),
                    None => {
                        return Err(self.fail(
                            e,
                            format!(
                                "index {} is out of range for a list of {} item{}",
                                i.show(),
                                items.len(),
                                if items.len() == 1 { "" } else { "s" }
                            ),
                            "the first item is at index 0 and the last at the length minus 1",
                        ));
                    }
                }
            }
            ("size", None, [Some(a)]) | ("size", Some(Some(a)), []) => match a {
                Str(s) => Int(s.chars().count() as i64),
                Bytes(b) => Int(b.len() as i64),
                List(l) => Int(l.len() as i64),
                Map(n) => Int(*n as i64),
                _ => return Ok(None),
            },
            ("int", None, [Some(a)]) => Int(self.to_int(e, a)?),
            ("uint", None, [Some(a)]) => Uint(self.to_uint(e, a)?),
            ("double", None, [Some(a)]) => match a {
                Double(d) => Double(*d),
                Int(i) => Double(*i as f64),
                Uint(u) => Double(*u as f64),
                Str(s) => Double(s.trim().parse().map_err(|_| {
                    self.fail(
                        e,
                        format!(
                            "{} is not a number, so `double` cannot convert it",
                            a.show()
                        ),
                        "write the number itself, e.g. `0.5`",
                    )
                })?),
                _ => return Ok(None),
            },
            ("string", None, [Some(a)]) => match a {
                Str(s) => Str(s.clone()),
                Int(i) => Str(i.to_string().into()),
                Uint(u) => Str(u.to_string().into()),
                Bool(b) => Str(b.to_string().into()),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        Ok(Some(value))
    }

    fn to_int(&self, e: &IdedExpr, a: &Const) -> Result<i64, ExprError> {
        let range = || {
            self.fail(
                e,
                format!("{} is out of the range of an int", a.show()),
                "an int is from -9223372036854775808 to 9223372036854775807",
            )
        };
        match a {
            Const::Int(i) => Ok(*i),
            Const::Uint(u) => i64::try_from(*u).map_err(|_| range()),
            // The range of i64 as f64 is [-2^63, 2^63).
            Const::Double(d) if d.is_finite() && *d >= -9.223_372_036_854_776e18 && *d < 9.223_372_036_854_776e18 => {
                Ok(d.trunc() as i64)
            }
            Const::Double(_) => Err(range()),
            Const::Str(s) => s.parse().map_err(|_| {
                self.fail(
                    e,
                    format!("{} is not a whole number, so `int` cannot convert it", a.show()),
                    "write the number itself, e.g. `1000`, or convert text that comes from the view",
                )
            }),
            _ => Err(self.fail(
                e,
                format!("`int` cannot convert a {}", a.type_name()),
                "convert a string, a double or a uint",
            )),
        }
    }

    fn to_uint(&self, e: &IdedExpr, a: &Const) -> Result<u64, ExprError> {
        let range = || {
            self.fail(
                e,
                format!(
                    "{} is out of the range of a uint, which cannot be negative",
                    a.show()
                ),
                "a uint is from 0 to 18446744073709551615",
            )
        };
        match a {
            Const::Uint(u) => Ok(*u),
            Const::Int(i) => u64::try_from(*i).map_err(|_| range()),
            // The range of u64 as f64 is (-1, 2^64).
            Const::Double(d) if d.is_finite() && *d > -1.0 && *d < 1.844_674_407_370_955_2e19 => {
                Ok(d.trunc() as u64)
            }
            Const::Double(_) => Err(range()),
            Const::Str(s) => s.parse().map_err(|_| {
                self.fail(
                    e,
                    format!(
                        "{} is not a whole number of 0 or more, so `uint` cannot convert it",
                        a.show()
                    ),
                    "write the number itself, e.g. `1000u`",
                )
            }),
            _ => Err(self.fail(
                e,
                format!("`uint` cannot convert a {}", a.type_name()),
                "convert a string, a double or an int",
            )),
        }
    }
}

fn literal(l: &LiteralValue) -> Const {
    match l {
        LiteralValue::Boolean(b) => Const::Bool(*b.inner()),
        LiteralValue::Bytes(b) => Const::Bytes(b.inner().into()),
        LiteralValue::Double(d) => Const::Double(*d.inner()),
        LiteralValue::Int(i) => Const::Int(*i.inner()),
        LiteralValue::Null => Const::Null,
        LiteralValue::String(s) => Const::Str(s.inner().into()),
        LiteralValue::UInt(u) => Const::Uint(*u.inner()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::compile;

    /// (condition, column of the failing part, words of the message)
    const FAILING: &[(&str, usize, &str)] = &[
        ("affected.subjects / 0 > 1", 1, "division by zero"),
        (
            "cause.external && affected.subjects % 0 == 1",
            19,
            "remainder of a division by zero",
        ),
        ("affected.subjects > int('abc')", 21, "`int` cannot convert"),
        (
            "[1, 2, 3][3] == 3",
            1,
            "index 3 is out of range for a list of 3 items",
        ),
        (
            "affected.subjects > 9223372036854775807 + 1",
            21,
            "overflows",
        ),
        (
            "affected.subjects > 3037000500 * 3037000500",
            21,
            "overflows",
        ),
        ("uint(-1) > 0u", 1, "out of the range of a uint"),
        ("1u - 2u > 0u", 1, "below 0"),
        (
            "{'a': 1, 'b': 2, 'a': 3}['b'] == 2",
            18,
            "the key 'a' appears twice",
        ),
        (
            "cause.external || affected.subjects > int('1' + '0x')",
            39,
            "'10x' is not a whole number",
        ),
        (
            "size([1, 2]) > [5][size('ab')]",
            16,
            "index 2 is out of range for a list of 1 item",
        ),
        ("affected.subjects > double('many')", 21, "is not a number"),
        ("int(1e100) > 0", 1, "out of the range of an int"),
    ];

    #[test]
    fn conditions_certain_to_fail_are_refused_at_load_with_their_column() {
        for (src, column, words) in FAILING {
            let e = compile(src).expect_err(src);
            assert!(
                e.message
                    .starts_with("this part of the condition always fails")
                    && e.message.contains(words),
                "{src}: {e:?}"
            );
            assert_eq!(e.column, Some(*column), "{src}: {e:?}");
            assert!(e.hint.is_some(), "{src}");
        }
    }

    #[test]
    fn constant_parts_that_succeed_are_accepted() {
        for src in [
            "affected.subjects / 2 > 0",
            "affected.subjects % 7 == 1",
            "affected.subjects > int('12') + int(2.5) + int(3u)",
            "[1, 2][1] == 2",
            "{'a': 1, 'b': 2}['a'] == 1",
            "uint(1) > 0u && uint('7') == 7u",
            "-9223372036854775807 - 1 < 0",
            "double('0.5') < 1.0 && string(12) == '12'",
            "size('한글') == 2 && size([1, 2] + [3]) == 3",
            "[affected.subjects][0] > 0",
            "affected.categories.exists(c, c == 'name')",
        ] {
            if let Err(e) = compile(src) {
                panic!("{src}: {e:?}");
            }
        }
    }
}
