//! Unit tests of conditions: compiling, checking, costing, evaluating and explaining.

use super::*;

fn coupang() -> Incident {
    let loaded = crate::incident::load_str(include_str!("../../../examples/coupang-2025.yaml"));
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
    let c = compile(
        "'ict_service_provider' in organization.kinds && has_action('regulator_report', 'PIPC')",
    )
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
    let conditions: Vec<Condition> = ["cause.external", "affected.has_sensitive", "risk.assessed"]
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

/// The stack the CEL parser and the checks use for `src` (`compile_here`, on a thread of its
/// own), in bytes: the thread paints 24 MiB below its frame, compiles, and finds the lowest
/// word written. Not a test but a measurement (issue 19), run with
/// `cargo test [--release] --lib stack_use -- --ignored --nocapture`.
fn stack_used(src: &str) -> usize {
    const PATTERN: u64 = 0x5a5a_5a5a_a5a5_a5a5;
    const REGION: usize = 24 << 20;

    #[inline(never)]
    fn paint() -> (usize, usize) {
        let marker = 0u8;
        let top = std::hint::black_box(std::ptr::addr_of!(marker)) as usize & !7;
        let end = top - 4096;
        let base = end - REGION;
        for a in (base..end).step_by(8) {
            // SAFETY: below this frame, inside the 64 MiB stack of this thread, unused yet.
            unsafe { std::ptr::write_volatile(a as *mut u64, PATTERN) };
        }
        (base, top)
    }

    let src = src.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let (base, top) = paint();
            let mask = code_mask(&src);
            let result = std::hint::black_box(compile_here(&src, &mask));
            drop(result);
            let mut low = base;
            // SAFETY: the same painted region, read back.
            while low < top && unsafe { std::ptr::read_volatile(low as *const u64) } == PATTERN {
                low += 8;
            }
            top - low
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
#[ignore = "a measurement, not a test: prints the stack the parser uses"]
fn stack_use() {
    let n = MAX_NESTING;
    let long = |unit: &str, head: &str| {
        let mut s = head.to_string();
        while s.len() + unit.len() <= MAX_EXPR_LEN - 8 {
            s.push_str(unit);
        }
        s
    };
    let cases: Vec<(String, String)> = vec![
        ("true".into(), "true".into()),
        (
            format!("{n} brackets ( )"),
            format!("{}true{}", "(".repeat(n), ")".repeat(n)),
        ),
        (
            format!("{} brackets ( )", n / 2),
            format!("{}true{}", "(".repeat(n / 2), ")".repeat(n / 2)),
        ),
        (
            format!("{n} lists [ ]"),
            format!("{}true{} == [true]", "[".repeat(n), "]".repeat(n)),
        ),
        (
            format!("{n} calls size("),
            format!("{}'a'{} > 0", "size(".repeat(n), ")".repeat(n)),
        ),
        (
            format!("{n} conditionals"),
            format!("{}true{}", "true ? ".repeat(n), " : false".repeat(n)),
        ),
        ("4 KiB chain + 1".into(), long(" + 1", "1") + " > 0"),
        ("4 KiB chain ||".into(), long(" || true", "true")),
        ("4 KiB chain &&".into(), long(" && true", "true")),
        ("4 KiB chain ==".into(), long(" == true", "true")),
        ("4 KiB unary !".into(), long("!", "") + "true"),
        ("4 KiB unary -".into(), long("-", "") + "1 > 0"),
        ("4 KiB member .a".into(), long(".a", "affected") + " == 1"),
        ("4 KiB index [0]".into(), long("[0]", "[1]") + " == 1"),
    ];
    for (name, src) in cases {
        assert!(src.len() <= MAX_EXPR_LEN, "{name}");
        let used = stack_used(&src);
        println!(
            "stack_use {name:<22} {:>6} bytes  {used:>9} bytes of stack",
            src.len()
        );
    }
}
