//! Every input limit, hit on purpose: each must be a clear error (exit code 2, a message naming
//! the limit, `file:line:column` where there is a position), never an exhausted memory, a hang or
//! a stack overflow.
//!
//! | limit | value | where |
//! |---|---|---|
//! | file size | 2 MiB, checked before reading | `Limits::max_bytes` |
//! | nesting depth | 32 | `Limits::max_depth` |
//! | YAML nodes, after alias expansion | 200,000 | `Limits::max_nodes` |
//! | aliases | 1,000 | `Limits::max_aliases` |
//! | one scalar | 256 KiB | `Limits::max_scalar_bytes` |
//! | `affected.data` entries | 1,000 | `validate::MAX_DATA_ITEMS` |
//! | `actions` entries | 10,000 | `validate::MAX_ACTIONS` |
//! | jurisdiction entries | 500 | `validate::MAX_JURISDICTIONS` |
//! | condition length | 4,096 bytes | `expr::MAX_EXPR_LEN` |
//! | condition bracket nesting | 32 | `expr::MAX_NESTING` |
//! | condition tree depth | 32 | `expr::MAX_AST_DEPTH` |
//! | comprehensions per condition | 8 | `expr::MAX_COMPREHENSIONS` |
//! | comprehension nesting | 2 | `expr::MAX_COMPREHENSION_NESTING` |
//! | list or map literal | 256 entries | `expr::MAX_LITERAL_LEN` |
//! | evaluation work of a condition | 2,000,000 units | `expr::MAX_EVAL_COST` |
//! | value a condition builds | 1,000,000 units | `expr::MAX_EVAL_SIZE` |
//! | `--font` file; `import veris` file | 64 MiB; 256 MiB; pipes and devices refused unopened | `pdf::MAX_FONT_FILE_BYTES` |
//!
//! The full list, with the character policy, is in `docs/hostile-input.md`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use disclose::incident::validate::{MAX_ACTIONS, MAX_DATA_ITEMS, MAX_JURISDICTIONS};
use disclose::policy::expr::{
    MAX_AST_DEPTH, MAX_COMPREHENSIONS, MAX_EVAL_COST, MAX_EXPR_LEN, MAX_LITERAL_LEN, MAX_NESTING,
};
use disclose::yaml::Limits;

/// Generous: a limit is refused in milliseconds; this only catches a hang.
const PATIENCE: Duration = Duration::from_secs(60);

fn example(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

fn incident() -> String {
    example("examples/misdirected-email.yaml")
}

/// A small valid policy whose obligation condition is on line 17, its text starting (after the
/// opening quote) at column 12.
fn policy(condition: &str) -> String {
    let text = example("tests/fixtures/invalid-policies/misspelt-path.yaml")
        .replace("affected.subjcts >= 1000 || cause.external", condition);
    assert_eq!(text.lines().nth(16).map(|l| &l[..11]), Some("    when: \""));
    text
}

/// Runs `disclose validate NAME` on `text` in a fresh directory: exit code and stderr.
fn validate(name: &str, text: &[u8]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(dir.path())
        .args(["--color", "never", "validate", name])
        .output()
        .expect("run disclose");
    assert!(
        start.elapsed() < PATIENCE,
        "{name}: took {:?}",
        start.elapsed()
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    (out.status.code(), stderr)
}

/// Asserts that `text` is refused with exit code 2, a message containing `message`, at `at`
/// (`line:column`, or `None` for an error without a position).
#[track_caller]
fn refused(name: &str, text: impl AsRef<[u8]>, message: &str, at: Option<&str>) -> String {
    let (code, stderr) = validate(name, text.as_ref());
    assert_eq!(code, Some(2), "{name}: {stderr}");
    assert!(
        stderr.contains(message),
        "{name}: wanted `{message}` in\n{stderr}"
    );
    match at {
        Some(at) => assert!(
            stderr.contains(&format!("--> {name}:{at}\n")),
            "{name}: wanted `--> {name}:{at}` in\n{stderr}"
        ),
        None => assert!(stderr.contains(&format!("--> {name}\n")), "{stderr}"),
    }
    stderr
}

/// The 1-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() + 1
}

// ---------------------------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------------------------

#[test]
fn file_size_is_checked_before_reading() {
    let max = Limits::DEFAULT.max_bytes;
    assert_eq!(max, 2 * 1024 * 1024);
    let mut text = incident();
    text.push('#');
    text.push_str(&"x".repeat(max + 1 - text.len()));
    refused(
        "big.yaml",
        &text,
        &format!(
            "the file is {} bytes; disclose reads YAML files of at most {max} bytes",
            max + 1
        ),
        None,
    );
}

#[test]
fn nesting_depth() {
    assert_eq!(Limits::DEFAULT.max_depth, 32);
    let text = format!("a: {}1{}\n", "[".repeat(40), "]".repeat(40));
    refused(
        "deep.yaml",
        &text,
        "nesting deeper than 32 levels",
        Some("1:36"),
    );
    // block style, without brackets
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    let stderr = validate("deep-block.yaml", text.as_bytes()).1;
    assert!(stderr.contains("deeper than"), "{stderr}");
    assert!(stderr.contains("--> deep-block.yaml:"), "{stderr}");
}

#[test]
fn alias_expansion_and_alias_count() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..9u8 {
        let (p, c) = ((b'a' + i) as char, (b'b' + i) as char);
        bomb.push_str(&format!(
            "{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        ));
    }
    refused(
        "bomb.yaml",
        &bomb,
        "aliases here would expand the document to more than 200000 nodes (an alias bomb)",
        Some("6:8"),
    );
    let many = format!("a: &a x\nb: [{}]\n", "*a, ".repeat(1_001));
    refused(
        "aliases.yaml",
        &many,
        "more than 1000 aliases",
        Some(&format!("2:{}", 5 + 4 * 1_000)),
    );
}

#[test]
fn a_hundred_aliases_of_one_anchor_are_accepted() {
    // An undocumented alias/anchor ratio refused this at the end of the file with
    // "budget breached: AliasAnchorRatio { aliases: 100, anchors: 1 }".
    let first = "  - { kind: subject_notice, at: 2026-10-15T17:00:00+09:00, channels: [email], subjects: 12, phase: initial }\n";
    let more = "  - { kind: subject_notice, at: *t, channels: [email], subjects: 12, phase: supplementary }\n";
    let with_aliases = |n: usize| {
        let text = incident();
        assert!(text.contains(first));
        text.replace(
            first,
            &(first.replace("at: 2026", "at: &t 2026") + &more.repeat(n)),
        )
    };
    let (code, stderr) = validate("aliases.yaml", with_aliases(100).as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    // The 1,001st alias is refused at that alias, with the documented limit.
    assert_eq!(Limits::DEFAULT.max_aliases, 1_000);
    let text = with_aliases(1_001);
    let line = line_of(&text, "  - { kind: subject_notice, at: &t") + 1_001;
    let col = more.find('*').unwrap() + 1;
    refused(
        "aliases.yaml",
        &text,
        "more than 1000 aliases (`*name`)",
        Some(&format!("{line}:{col}")),
    );
}

#[test]
fn node_count() {
    let text = format!("x: [{}]\n", "1,".repeat(200_001));
    refused(
        "nodes.yaml",
        &text,
        "more than 200000 YAML nodes",
        Some(&format!("1:{}", 5 + 2 * (200_000 - 3))),
    );
}

#[test]
fn scalar_length_and_a_one_megabyte_line() {
    assert_eq!(Limits::DEFAULT.max_scalar_bytes, 256 * 1024);
    let long = "가".repeat(100_000);
    let text = incident().replacen(
        "ko: 고객 12명의 이메일 오발송에 따른 개인정보 유출",
        &format!("ko: {long}"),
        1,
    );
    let line = line_of(&text, "  ko: 가가");
    refused(
        "long.yaml",
        &text,
        "a value of 300000 bytes is longer than the limit of 262144 bytes",
        Some(&format!("{line}:7")),
    );
    // A 1 MB line of plain ASCII, the hostile-input corpus's longest string.
    let text = incident().replacen(
        "en: Personal data of 12 customers sent to the wrong e-mail recipient",
        &format!("en: \"{}\"", "A".repeat(1_000_000)),
        1,
    );
    let line = line_of(&text, "  en: \"AAA");
    refused(
        "line.yaml",
        &text,
        "a value of 1000000 bytes is longer than the limit of 262144 bytes",
        Some(&format!("{line}:7")),
    );
}

// ---------------------------------------------------------------------------------------------
// Incident lists
// ---------------------------------------------------------------------------------------------

#[test]
fn data_entries() {
    let items = "    - { category: name, subjects: 1 }\n".repeat(MAX_DATA_ITEMS + 1);
    let text = incident().replacen(
        "    - { category: name, subjects: 12 }\n    - { category: email, subjects: 12 }\n",
        &items,
        1,
    );
    let line = line_of(&text, "    - { category: name, subjects: 1 }");
    let stderr = refused(
        "data.yaml",
        &text,
        "`affected.data` lists 1,001 items; at most 1,000 are accepted",
        Some(&format!("{line}:5")),
    );
    // One error for the list, not one per item.
    assert!(stderr.contains(": 1 error,"), "{stderr}");
    // At the limit, accepted.
    let items = "    - { category: name, subjects: 1 }\n".repeat(MAX_DATA_ITEMS);
    let text = incident().replacen(
        "    - { category: name, subjects: 12 }\n    - { category: email, subjects: 12 }\n",
        &items,
        1,
    );
    let (code, stderr) = validate("data-ok.yaml", text.as_bytes());
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn actions() {
    let one = "  - { kind: subject_notice, at: 2026-10-15T17:00:00+09:00 }\n";
    let text = incident().replacen(
        "  - { kind: subject_notice, at: 2026-10-15T17:00:00+09:00, channels: [email], subjects: 12, phase: initial }\n",
        &one.repeat(MAX_ACTIONS + 1),
        1,
    );
    let line = line_of(&text, one.trim_end());
    let stderr = refused(
        "actions.yaml",
        &text,
        "`actions` lists 10,001 entries; at most 10,000 are accepted",
        Some(&format!("{line}:3")),
    );
    assert!(stderr.contains(": 1 error,"), "{stderr}");
}

#[test]
fn jurisdiction_entries() {
    let mut entries = String::new();
    for i in 0..=MAX_JURISDICTIONS {
        entries.push_str(&format!("    X{i:03}: 0\n"));
    }
    let text = incident().replacen("    KR: 12\n", &entries, 1);
    let line = line_of(&text, "    X000: 0");
    let stderr = refused(
        "places.yaml",
        &text,
        "`affected.by_jurisdiction` has 501 entries; at most 500 are accepted",
        Some(&format!("{line}:5")),
    );
    assert!(stderr.contains(": 1 error,"), "{stderr}");

    let codes = vec!["KR"; MAX_JURISDICTIONS + 1].join(", ");
    let text = incident().replacen(
        "channels: [email], subjects: 12,",
        &format!("channels: [email], jurisdictions: [{codes}], subjects: 12,"),
        1,
    );
    let line = line_of(&text, "  - { kind: subject_notice");
    let col = text.lines().nth(line - 1).unwrap().find("[KR").unwrap() + 1;
    refused(
        "action-places.yaml",
        &text,
        "`actions[0].jurisdictions` has 501 entries; at most 500 are accepted",
        Some(&format!("{line}:{col}")),
    );
}

// ---------------------------------------------------------------------------------------------
// CEL conditions
// ---------------------------------------------------------------------------------------------

/// The file column of the 1-based column `col` within the condition on line 17.
fn at(col: usize) -> String {
    format!("17:{}", 11 + col)
}

#[test]
fn condition_length() {
    let cond = format!("cause.external || {}", "a".repeat(MAX_EXPR_LEN));
    refused(
        "long.yaml",
        policy(&cond),
        "the condition is too long",
        Some("17:11"),
    );
}

#[test]
fn condition_nesting() {
    let cond = format!("{}true{}", "(".repeat(40), ")".repeat(40));
    refused(
        "nested.yaml",
        policy(&cond),
        &format!("more than {MAX_NESTING} levels of brackets"),
        Some(&at(MAX_NESTING + 1)),
    );
}

#[test]
fn condition_tree_depth() {
    let cond = format!("1{} > 0", " + 1".repeat(2 * MAX_AST_DEPTH));
    refused(
        "chain.yaml",
        policy(&cond),
        &format!("more than {MAX_AST_DEPTH} levels deep"),
        Some("17:11"),
    );
}

#[test]
fn comprehension_count_and_nesting() {
    let cond = ["affected.categories.exists(c, c == 'name')"; MAX_COMPREHENSIONS + 1].join(" || ");
    let ninth = cond.rfind("affected.categories.exists").unwrap() + 1;
    refused(
        "many.yaml",
        policy(&cond),
        &format!("more than {MAX_COMPREHENSIONS} of `all`, `exists`"),
        Some(&at(ninth + "affected.categories.exists".len())),
    );
    let cond = "actions.kinds.exists(k, affected.categories.exists(c, affected.countries.exists(x, x == k)))";
    let third = cond.find("affected.countries").unwrap() + 1;
    refused(
        "loops.yaml",
        policy(cond),
        "nested more than 2 deep",
        Some(&at(third + "affected.countries.exists".len())),
    );
}

#[test]
fn literal_length() {
    let items: Vec<String> = (0..=MAX_LITERAL_LEN).map(|i| i.to_string()).collect();
    let cond = format!("affected.subjects in [{}]", items.join(","));
    refused(
        "literal.yaml",
        policy(&cond),
        "a list or map literal has 257 entries, where at most 256 are accepted",
        Some(&at(cond.find('[').unwrap() + 1)),
    );
}

#[test]
fn evaluation_work() {
    // Nested loops over the view's lists made 8 times longer: 2,048 × 2,048 iterations.
    let list = "((affected.categories + affected.categories) + (affected.categories + affected.categories))";
    let list = format!("({list} + {list})");
    let cond = format!("{list}.exists(c, {list}.exists(j, c == j))");
    refused(
        "work.yaml",
        policy(&cond),
        &format!(
            "could take up to 121,903,217 steps to evaluate, where at most {} are accepted",
            "2,000,000"
        ),
        Some(&at(list.len() + 2)),
    );
    assert_eq!(MAX_EVAL_COST, 2_000_000);
    // Nested loops over large literals, each body a little heavier.
    let lit: Vec<String> = (0..256).map(|i| i.to_string()).collect();
    let lit = format!("[{}]", lit.join(","));
    let cond = format!(
        "{lit}.exists(x, {lit}.exists(y, x == y + 1 || x == y + 2 || x == y + 3 || x == y + 4))"
    );
    refused(
        "literal-loops.yaml",
        policy(&cond),
        "steps to evaluate",
        Some(&at(lit.len() + 2)),
    );
}

#[test]
fn value_size() {
    let cond = "affected.categories.map(c, affected.categories.map(d, c + d)).size() > 0";
    refused(
        "pairs.yaml",
        policy(cond),
        "could build a value of up to 33,686,016 units",
        Some(&at(21)),
    );
    let cond = format!(
        "affected.categories.map(c, '{}' + c).size() > 1",
        "x".repeat(4_000)
    );
    refused(
        "texts.yaml",
        policy(&cond),
        "could build a value",
        Some(&at(21)),
    );
    // CEL has no string repetition: `*` on a string is a type error at load time.
    refused(
        "repeat.yaml",
        policy("'a' * 1000000 == ''"),
        "`*` cannot be applied to (string, int)",
        Some("17:11"),
    );
}

#[test]
fn the_built_in_policies_are_far_below_the_cost_limit() {
    let set = disclose::policy::set::PolicySet::builtin();
    assert!(set.failed.is_empty());
    let mut worst = 0;
    for p in set.policies() {
        let mut conds = vec![&p.applies_when];
        for o in &p.obligations {
            conds.extend(o.when.iter());
            conds.extend(o.triggers.iter());
        }
        for c in &p.controls {
            conds.extend(c.when.iter());
            conds.push(&c.require);
        }
        conds.extend(p.penalties.iter().flatten());
        worst = conds.iter().map(|c| c.cost_bound()).fold(worst, u64::max);
    }
    // The costliest built-in conditions are the HIPAA and FTC media-notice thresholds, which
    // test each of the 58 U.S. state and territory codes (about 57,000 units, 2.9 % of the
    // limit), and a U.S. state's definition of personal information (about 23,000).
    assert!(worst > 0 && worst < MAX_EVAL_COST / 20, "{worst}");
}

// ---------------------------------------------------------------------------------------------
// Files that are not files
// ---------------------------------------------------------------------------------------------

/// Runs disclose with `args` in `dir`, killing it if it has not finished within [`PATIENCE`]:
/// opening a named pipe blocks until a writer comes, so a hang must fail the test, not stall it.
fn run_bounded(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run disclose");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for disclose") {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("disclose {args:?} still running after {PATIENCE:?}: it blocked on the input");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.code(), stderr)
}

#[test]
fn pipes_and_devices_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/misdirected-email.yaml");
    let example = example.to_str().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["validate", "pipe"],
            "this is a named pipe (FIFO), not a regular file",
        ),
        (
            &["check", "pipe"],
            "this is a named pipe (FIFO), not a regular file",
        ),
        (
            &["validate", "/dev/zero"],
            "this is a device, not a regular file",
        ),
        (
            &[
                "render", example, "--out", out, "--format", "pdf", "--font", "pipe",
            ],
            "a named pipe (FIFO), not a regular file",
        ),
        (
            &["import", "veris", "pipe", "--out", out],
            "a named pipe (FIFO), not a regular file",
        ),
    ];
    for (args, message) in cases {
        let (code, stderr) = run_bounded(dir.path(), args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{args:?}: wanted `{message}` in\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(!Path::new(out).exists(), "nothing may be written");
}
