//! `disclose completions` and `disclose man`: generated from the parser's own definitions, so
//! these tests hold them to naming every command and flag there is.

use assert_cmd::Command;
use clap::CommandFactory;

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn stdout(args: &[&str]) -> String {
    let out = disclose().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn subcommands() -> Vec<String> {
    disclose::cli::Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect()
}

/// A flag as roff writes it: every `-` escaped.
fn roff_flag(long: &str) -> String {
    format!("\\-\\-{}", long.replace('-', "\\-"))
}

#[test]
fn bash_completion_names_every_subcommand() {
    let script = stdout(&["completions", "bash"]);
    assert!(script.contains("complete -F _disclose"), "{script}");
    let names = subcommands();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        assert!(
            script.contains(&format!("disclose,{name})")),
            "the bash script does not complete `{name}`"
        );
    }
    assert!(script.contains("--deny-warnings"));
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, mark) in [
        ("bash", "_disclose"),
        ("zsh", "#compdef disclose"),
        ("fish", "complete -c disclose"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[disclose]"),
    ] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains(mark), "{shell}: {script}");
    }
    disclose().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_of_render_mentions_every_flag() {
    let page = stdout(&["man", "render"]);
    assert!(page.starts_with(".ie"), "roff: {page}");
    assert!(page.contains(".TH disclose-render 1"), "{page}");
    let cmd = disclose::cli::Cli::command();
    let render = cmd.find_subcommand("render").unwrap();
    let flags: Vec<&str> = render
        .get_arguments()
        .filter_map(|a| a.get_long())
        .collect();
    assert!(
        flags.contains(&"no-builtin") && flags.len() >= 12,
        "{flags:?}"
    );
    for long in flags {
        assert!(
            page.contains(&roff_flag(long)),
            "`--{long}` is not on the page"
        );
    }
    for global in ["quiet", "deny-warnings", "color"] {
        assert!(page.contains(&roff_flag(global)), "`--{global}`");
    }
}

#[test]
fn man_prints_the_tools_page_and_nested_commands_pages() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH disclose 1"), "{page}");
    for name in subcommands() {
        assert!(
            page.contains(&format!("disclose\\-{name}")),
            "`{name}` is not listed"
        );
    }
    let list = stdout(&["man", "policy", "list"]);
    assert!(list.contains(".TH disclose-policy-list 1"), "{list}");
    assert!(list.contains(&roff_flag("no-builtin")), "{list}");
}

#[test]
fn man_names_an_unknown_command() {
    let out = disclose().args(["man", "policy", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: `disclose policy nope` is not a command\n  = help: the commands here are `test`, `view`, `list`\n"
    );
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    disclose()
        .args(["man", "--out"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout("");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for expected in [
        "disclose.1",
        "disclose-render.1",
        "disclose-check.1",
        "disclose-policy-list.1",
        "disclose-import-veris.1",
        "disclose-man.1",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected}: {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    let render = std::fs::read_to_string(out.join("disclose-render.1")).unwrap();
    assert_eq!(render, stdout(&["man", "render"]));
}
