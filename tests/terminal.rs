//! Issue 17, output that fits a terminal: `check` text wrapped at a width (never in a pipe),
//! coloured statuses (never in a pipe unless `--color always`), what does not concern the incident
//! counted in one line, control and bidi characters written out, `--brief`; `render`'s closing
//! paragraph and exit code; batch tables with NEXT DUE, the other YAML counted and each file's
//! diagnostics grouped after the table.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

mod common;

const EMAIL: &str = "examples/misdirected-email.yaml";
const AS_OF: &str = "2026-10-16T00:00:00+09:00";
const SAMPLE: [&str; 3] = [
    "--policies",
    "tests/fixtures/policies/sample",
    "--no-builtin",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn disclose(args: &[&str]) -> Output {
    Command::cargo_bin("disclose")
        .expect("binary")
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("SOURCE_DATE_EPOCH")
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_text_wraps_at_the_width_with_a_hanging_indent() {
    let mut args = vec!["check", EMAIL, "--as-of", AS_OF, "--width", "60"];
    args.extend(SAMPLE);
    let out = disclose(&args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "\
HBB-2026-003 · Personal data of 12 customers sent to the
  wrong e-mail recipient
as of 2026-10-16 00:00 KST (2026-10-15 15:00 UTC) ·
  discovered 2026-10-14 16:20 KST

Not assessed: no policy in force answers for these
  NOT ASSESSED   The organisation's role
                 ict_service_provider: no policy assesses
                 this; the duties of the law that applies
                 there were not assessed.
  = help: add a policy for each (docs/policies.md), or pass
    --accept-unassessed ict_service_provider if they are
    handled outside disclose

Laws
  applies        Sample test rules (version 1) —
                 subjects_in('KR') = 12

Obligations, soonest due first
  MET     due 2026-10-17 16:20 KST (2026-10-17 07:20 UTC)
          Sample · Notice
           done 2026-10-15 17:00 KST by actions[0]
             subject_notice, 1d 23h before the deadline
           Sample 2 [unconfirmed]
  not applicable: Sample filing, Sample posting, Sample
    report

Notification coverage (people the recorded notices reached)
  notified     KR     12 affected, 12 reached, 0 not
                      notified; notice required by Sample
                      notice (met)

Controls
  GAP     high     Sample · Log retention
                   (controls.log_retention_months = 12)
                   Logs are not kept long enough.
                   Sample 5

Penalty exposure
  up to KRW 126,000,000 · Sample · Surcharge (3 % of total
    revenue KRW 4,200,000,000 (fiscal year 2025))
           Sample 6

1 met, 0 missed, 0 overdue, 0 pending, 0 unknown; 1 control
  gap
"
    );
    for line in text(&out.stdout).lines() {
        assert!(line.chars().count() <= 60, "{line}");
    }
}

#[test]
fn in_a_pipe_lines_stay_whole_and_are_not_coloured() {
    let mut args = vec!["check", EMAIL, "--as-of", AS_OF];
    args.extend(SAMPLE);
    let piped = text(&disclose(&args).stdout);
    assert!(
        piped.starts_with(
            "HBB-2026-003 · Personal data of 12 customers sent to the wrong e-mail recipient\n"
        ),
        "{piped}"
    );
    assert!(piped.contains("\n  NOT ASSESSED   The organisation's role ict_service_provider: no policy assesses this; the duties of the law that applies there were not assessed.\n"), "{piped}");
    assert!(!piped.contains('\x1b'), "{piped}");
    // --width 0 never wraps, also when asked for explicitly.
    args.extend(["--width", "0"]);
    assert_eq!(text(&disclose(&args).stdout), piped);
}

#[test]
fn statuses_are_coloured_only_when_asked_in_a_pipe() {
    let coupang = |color: &str| {
        text(
            &disclose(&[
                "--color",
                color,
                "check",
                "examples/coupang-2025.yaml",
                "--as-of",
                "2025-12-20T00:00:00+09:00",
            ])
            .stdout,
        )
    };
    let always = coupang("always");
    for painted in [
        "\x1b[1;31mMISSED\x1b[0m",
        "\x1b[1;33mPENDING\x1b[0m",
        "\x1b[1;32mMET\x1b[0m",
        "\x1b[1;35mUNKNOWN\x1b[0m",
        "\x1b[1;31mGAP\x1b[0m",
    ] {
        assert!(always.contains(painted), "{painted:?} in {always}");
    }
    assert!(!coupang("auto").contains('\x1b'));
    assert!(!coupang("never").contains('\x1b'));
    // NOT ASSESSED is magenta.
    let mut args = vec!["--color", "always", "check", EMAIL, "--as-of", AS_OF];
    args.extend(SAMPLE);
    assert!(
        text(&disclose(&args).stdout)
            .contains("  \x1b[1;35mNOT\x1b[0m \x1b[1;35mASSESSED\x1b[0m   The organisation's role")
    );
}

/// On a terminal (a pseudo-terminal from util-linux `script`), `auto` colours and wraps at the
/// terminal's width, and NO_COLOR turns the colour off.
#[test]
fn on_a_terminal_auto_colours_and_wraps_at_its_width() {
    let Some(script) = common::tool("script") else {
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("disclose");
    let run = |no_color: bool| {
        let mut c = std::process::Command::new(&script);
        c.current_dir(root())
            .env_remove("COLUMNS")
            .env_remove("NO_COLOR")
            .arg("-qec")
            .arg(format!(
                "stty rows 40 cols 50; {} check {EMAIL} --as-of {AS_OF} --quiet",
                bin.display()
            ))
            .arg("/dev/null");
        if no_color {
            c.env("NO_COLOR", "1");
        }
        text(&c.output().unwrap().stdout).replace("\r\n", "\n")
    };
    let coloured = run(false);
    assert!(coloured.contains("\x1b[1;32mMET\x1b[0m"), "{coloured:?}");
    let plain = run(true);
    assert!(!plain.contains('\x1b'), "{plain:?}");
    assert!(plain.lines().count() > 10, "{plain}");
    for line in plain.lines() {
        assert!(line.chars().count() <= 50, "{line:?}");
    }
}

#[test]
fn laws_that_do_not_apply_are_counted_and_listed_with_verbose() {
    let base = ["check", EMAIL, "--as-of", AS_OF];
    let short = text(&disclose(&base).stdout);
    let json: serde_json::Value =
        serde_json::from_slice(&disclose(&[&base[..], &["--format", "json"]].concat()).stdout)
            .unwrap();
    let not_applying = json["policies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["applies"] == false)
        .count();
    let not_in_force = json["not_in_force"].as_array().unwrap().len();
    assert!(not_applying > 8, "{not_applying}");
    assert!(
        short.contains(&format!(
            "\n  {not_applying} more policies do not apply and {not_in_force} are not in force; --verbose lists them\n"
        )),
        "{short}"
    );
    assert!(!short.contains("does not apply "), "{short}");
    assert!(
        short.contains("\n  10 controls pass, 2 not applicable; --verbose lists them\n"),
        "{short}"
    );
    let verbose = text(&disclose(&[&base[..], &["--verbose"]].concat()).stdout);
    assert_eq!(
        verbose.matches("  does not apply ").count(),
        not_applying,
        "{verbose}"
    );
    assert_eq!(verbose.matches("\n  PASS ").count(), 10, "{verbose}");
    assert!(verbose.lines().count() > short.lines().count() + not_applying);
}

#[test]
fn brief_prints_one_line_per_obligation_and_keeps_not_assessed_findings() {
    let mut args = vec!["check", EMAIL, "--as-of", AS_OF, "--brief", "--width", "40"];
    args.extend(SAMPLE);
    let out = disclose(&args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "\
NOT ASSESSED The organisation's role ict_service_provider: no policy assesses this; the duties of the law that applies there were not assessed.
MET          2026-10-17 16:20 KST  Sample · Notice
HBB-2026-003: 1 met, 0 missed, 0 overdue, 0 pending, 0 unknown; 1 control gap
"
    );
    let clash = disclose(&["check", EMAIL, "--brief", "--verbose"]);
    assert_eq!(clash.status.code(), Some(2));
}

#[test]
fn control_and_bidi_characters_in_titles_are_written_out() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(root().join(EMAIL)).unwrap();
    let src = src.replacen(
        "  en: Personal data of 12 customers sent to the wrong e-mail recipient",
        "  en: \"Invoice \\u202Efdp.exe\\u200B sent\"",
        1,
    );
    let path = dir.path().join("bidi.yaml");
    std::fs::write(&path, src).unwrap();
    let p = path.to_str().unwrap();
    for extra in [&[][..], &["--brief"], &["--width", "30"]] {
        let out = disclose(&[&["--quiet", "check", p, "--as-of", AS_OF][..], extra].concat());
        let so = text(&out.stdout);
        assert!(!so.contains('\u{202E}') && !so.contains('\u{200B}'), "{so}");
        if extra.is_empty() {
            assert!(
                so.starts_with("HBB-2026-003 · Invoice ‹U+202E›fdp.exe‹U+200B› sent\n"),
                "{so}"
            );
        }
    }
}

#[test]
fn render_ends_with_one_paragraph_and_lists_files_with_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let o = out_dir.to_str().unwrap();
    let mut args = vec![
        "render", EMAIL, "--as-of", AS_OF, "--format", "md", "--lang", "en", "--out", o,
    ];
    args.extend(SAMPLE);
    let out = disclose(&args);
    // The same contract as `check`: a control gap is exit 1.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let files = std::fs::read_dir(out_dir.join("HBB-2026-003"))
        .unwrap()
        .count();
    assert_eq!(
        files, 1,
        "the sample policies call for the audit report only"
    );
    assert_eq!(
        text(&out.stdout),
        format!(
            "HBB-2026-003: 1 met, 0 missed, 0 overdue, 0 pending, 0 unknown; 1 control gap. Nothing pending has a fixed due time. 1 file written to {o}/HBB-2026-003.\n"
        )
    );
    args.push("--verbose");
    let verbose = text(&disclose(&args).stdout);
    let lines: Vec<&str> = verbose.lines().collect();
    assert_eq!(lines.len(), files + 1, "{verbose}");
    for l in &lines[..files] {
        assert!(Path::new(l).is_file(), "{l}");
    }
    // Before the notice, with the built-in laws: the next deadline, and exit 0 as for `check`.
    let early = "2026-10-15T00:00:00+09:00";
    let out = disclose(&[
        "render", EMAIL, "--as-of", early, "--format", "md", "--out", o, "--width", "70",
    ]);
    let check = disclose(&["check", EMAIL, "--as-of", early]);
    assert_eq!(out.status.code(), check.status.code());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let so = text(&out.stdout);
    assert!(
        so.starts_with("HBB-2026-003: 0 met, 0 missed, 0 overdue, 1 pending, 0 unknown; 0\n  control gaps. Next due 2026-10-17 16:20 KST (PIPA notify-subjects).\n"),
        "{so}"
    );
}

/// A tree: three incidents (two with findings), one invalid, a policy file and a CI file.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in [
        "coupang-2025.yaml",
        "misdirected-email.yaml",
        "multi-jurisdiction.yaml",
    ] {
        std::fs::copy(root().join("examples").join(f), d.join(f)).unwrap();
    }
    std::fs::copy(
        root().join("tests/fixtures/invalid/unknown-category.yaml"),
        d.join("broken.yaml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("policies/kr/pipa-2023.yaml"),
        d.join("policy.yaml"),
    )
    .unwrap();
    std::fs::write(d.join("ci.yml"), "name: ci\non: push\n").unwrap();
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("disclose")
        .unwrap()
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap()
}

/// The RESULT column of a batch table, per file.
fn results(table: &str) -> Vec<(String, String)> {
    table
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("./"))
        .map(|l| {
            let mut w = l.split_whitespace();
            (w.next().unwrap().into(), w.next().unwrap().into())
        })
        .collect()
}

#[test]
fn batch_render_and_check_agree_and_the_table_has_next_due() {
    let t = tree();
    let as_of = "2026-11-04T00:00:00+09:00";
    let check = run_in(t.path(), &["check", ".", "--as-of", as_of]);
    let render = run_in(
        t.path(),
        &[
            "render", ".", "--as-of", as_of, "--format", "md", "--out", "out",
        ],
    );
    let (c, r) = (text(&check.stdout), text(&render.stdout));
    assert_eq!(check.status.code(), Some(2), "the broken file is the worst");
    assert_eq!(check.status.code(), render.status.code());
    assert_eq!(results(&c), results(&r), "{c}\n{r}");
    assert_eq!(
        results(&c)
            .iter()
            .map(|(_, x)| x.as_str())
            .collect::<Vec<_>>(),
        ["invalid", "findings", "ok", "findings"],
        "{c}"
    );
    for table in [&c, &r] {
        assert!(
            table.lines().next().unwrap().ends_with("  NEXT DUE"),
            "{table}"
        );
        assert!(
            table.contains("4 incident files in")
                && table
                    .contains(": 1 ok, 2 with findings, 1 invalid; 2 other YAML files skipped\n"),
            "{table}"
        );
    }
    let email = c
        .lines()
        .find(|l| l.starts_with("./misdirected-email.yaml"))
        .unwrap();
    assert!(
        email.ends_with("  2026-10-17 16:20 KST") || email.ends_with("  -"),
        "{email}"
    );
    // Without the broken file, both exit 1 (something is missed), as each file alone does.
    std::fs::remove_file(t.path().join("broken.yaml")).unwrap();
    let check = run_in(t.path(), &["check", ".", "--as-of", as_of]);
    let render = run_in(
        t.path(),
        &[
            "render", ".", "--as-of", as_of, "--format", "md", "--out", "out2",
        ],
    );
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(render.status.code(), Some(1));
    let single = run_in(t.path(), &["check", "coupang-2025.yaml", "--as-of", as_of]);
    assert_eq!(single.status.code(), Some(1));
}

#[test]
fn batch_diagnostics_come_after_the_table_grouped_per_file() {
    let t = tree();
    // The Coupang example with its rounded counts stated as exact ones: two warnings.
    let coupang = t.path().join("coupang-2025.yaml");
    let original = std::fs::read_to_string(&coupang).unwrap();
    let exact = original.replace(", approximate: true", "");
    assert_ne!(exact, original, "the example marks its rounded counts");
    std::fs::write(&coupang, exact).unwrap();
    let out = run_in(
        t.path(),
        &[
            "check",
            ".",
            "--as-of",
            "2026-11-04T00:00:00+09:00",
            "--format",
            "json",
        ],
    );
    // With JSON on stdout, the table goes to stderr: it comes first, then the files' diagnostics.
    let se = text(&out.stderr);
    let table = se.find("FILE ").expect(&se);
    let broken = se
        .find("\n== ./broken.yaml (invalid) ==\nerror: ")
        .expect(&se);
    let coupang = se
        .find("\n== ./coupang-2025.yaml (findings) ==\nwarning: ")
        .expect(&se);
    assert!(table < broken && broken < coupang, "{se}");
    assert!(
        !se.contains("== ./misdirected-email.yaml"),
        "nothing to say: {se}"
    );
}
