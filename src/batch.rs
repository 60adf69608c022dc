//! Batch runs: every incident file under a directory, processed in parallel.
//!
//! [`find_incidents`] walks the tree (walkdir, in file-name order, not following symbolic links,
//! skipping hidden entries) and keeps the YAML files whose `format:` key names the incident
//! format; other YAML (policies, calendars, CI files) is skipped. [`run`] processes the files on
//! a rayon pool with a progress bar on a terminal only, and returns one [`Outcome`] per file in
//! the order found, so the summary and the diagnostics print the same way on every run. One bad
//! file never stops the others: its problems stay in its outcome, and even a panic is caught and
//! reported as that file's internal error.

use std::io::{IsTerminal, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::exit::Exit;

/// How much of a file is read to recognise it: the `format:` key comes first in every file the
/// tool writes, and this is far more than any header comment needs.
const SNIFF_BYTES: u64 = 64 * 1024;

/// What a directory walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// Incident files, in walk order (sorted by name at each level).
    pub incidents: Vec<PathBuf>,
    /// YAML files of another kind (policies, calendars, anything else), skipped.
    pub skipped: usize,
    /// Entries that could not be read, with why.
    pub errors: Vec<(PathBuf, String)>,
}

/// True when `head` (the start of a YAML file) has a top-level `format:` key naming the incident
/// format, quoted or not.
pub fn is_incident_text(head: &str) -> bool {
    head.lines().any(|line| {
        line.strip_prefix("format:").is_some_and(|v| {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            v.starts_with("disclose/incident@")
        })
    })
}

/// The top-level `id:` of an incident file, read from its first lines without parsing it (to
/// find files that share an id before any of them is rendered).
pub fn sniff_id(path: &Path) -> Option<String> {
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head))
        .ok()?;
    let head = String::from_utf8_lossy(&head);
    head.lines().find_map(|line| {
        let v = line.strip_prefix("id:")?;
        let v = v.split(" #").next().unwrap_or(v).trim();
        let v = v.trim_matches(|c| c == '"' || c == '\'');
        (!v.is_empty()).then(|| v.to_string())
    })
}

fn is_hidden(e: &walkdir::DirEntry) -> bool {
    e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.')
}

/// True when `head` (the start of a YAML file) has a top-level `format:` key naming any of the
/// tool's formats (incident, policy, policy tests, calendar), quoted or not.
pub fn is_document_text(head: &str) -> bool {
    head.lines().any(|line| {
        line.strip_prefix("format:").is_some_and(|v| {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            v.starts_with("disclose/")
        })
    })
}

/// Walks `root` for incident files.
pub fn find_incidents(root: &Path) -> Found {
    find_yaml(root, is_incident_text)
}

/// Walks `root` for YAML files whose start satisfies `keep` (see [`is_incident_text`] and
/// [`is_document_text`]); the others are counted as skipped. `Found::incidents` holds the files
/// kept.
pub fn find_yaml(root: &Path, keep: fn(&str) -> bool) -> Found {
    let mut found = Found::default();
    let walk = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e));
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                found.errors.push((path, err.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let yaml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if !yaml {
            continue;
        }
        let mut head = Vec::new();
        let read =
            std::fs::File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head));
        match read {
            Ok(_) if keep(&String::from_utf8_lossy(&head)) => {
                found.incidents.push(path.to_path_buf());
            }
            Ok(_) => found.skipped += 1,
            Err(err) => found.errors.push((path.to_path_buf(), err.to_string())),
        }
    }
    found
}

/// The result of one file.
#[derive(Debug)]
pub struct Outcome {
    /// The file.
    pub path: PathBuf,
    /// Its exit code on its own.
    pub exit: Exit,
    /// What it printed to standard error (diagnostics), in order.
    pub log: String,
    /// Its row of the summary table (after the path).
    pub row: Vec<String>,
    /// Its machine-readable result, when the command has one.
    pub json: Option<serde_json::Value>,
    /// What it prints to standard output, in file order after the run (empty for most
    /// commands, which print only the summary table).
    pub text: String,
}

impl Outcome {
    /// A file whose evaluation failed: its exit code and diagnostics, and no row.
    pub fn failed(path: &std::path::Path, exit: Exit, log: String) -> Outcome {
        Outcome {
            path: path.to_path_buf(),
            exit,
            log,
            row: Vec::new(),
            json: None,
            text: String::new(),
        }
    }
}

fn progress(total: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] [{wide_bar}] {pos}/{len} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// The most files processed at once (`-j`). More threads than cores only adds memory and
/// start-up time: `-j 100000` spent over a minute starting threads before any work.
pub const MAX_JOBS: usize = 256;

/// Reads `-j N`: a whole number from 1 to [`MAX_JOBS`].
pub fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_JOBS).contains(&n) => Ok(n),
        _ => Err(format!(
            "`{s}` is not a number of files to process at once: give a whole number from 1 to {MAX_JOBS}"
        )),
    }
}

/// The threads for `files` files with `-j jobs`: one per core by default, never more than
/// [`MAX_JOBS`] nor than there are files, and at least one.
pub fn threads(files: usize, jobs: Option<usize>) -> usize {
    let wanted = jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    wanted.min(MAX_JOBS).min(files).max(1)
}

/// Runs `job` on every file, `jobs` at a time (default: one per core; see [`threads`]), and
/// returns the outcomes in the order of `files` with the wall time taken.
pub fn run<F>(files: &[PathBuf], jobs: Option<usize>, job: F) -> (Vec<Outcome>, Duration)
where
    F: Fn(&Path) -> Outcome + Sync,
{
    use rayon::prelude::*;
    let start = Instant::now();
    let bar = progress(files.len());
    let one = |path: &PathBuf| {
        let outcome = catch_unwind(AssertUnwindSafe(|| job(path))).unwrap_or_else(|p| Outcome {
            path: path.clone(),
            exit: Exit::BadInput,
            log: format!(
                "error: internal error while processing {}: {}\n  = note: this is a bug in disclose; please report it with the file\n",
                path.display(),
                panic_message(p.as_ref())
            ),
            row: vec!["internal error".into()],
            json: None,
            text: String::new(),
        });
        bar.inc(1);
        outcome
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(files.len(), jobs))
        .build();
    let outcomes: Vec<Outcome> = match pool {
        Ok(pool) => pool.install(|| files.par_iter().map(one).collect()),
        Err(_) => files.iter().map(one).collect(),
    };
    bar.finish_and_clear();
    (outcomes, start.elapsed())
}

/// A plain-text table: columns padded to their widest cell (counting characters, with Hangul
/// and other wide characters as two), two spaces apart.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    fn width(s: &str) -> usize {
        s.chars().map(crate::diag::display_width).sum()
    }
    let cols = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(width(c));
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&" ".repeat(widths[i] - width(c) + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(headers.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).take(cols).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_incident_format_key() {
        assert!(is_incident_text(
            "# c\nformat: disclose/incident@1\nid: X\n"
        ));
        assert!(is_incident_text("format: \"disclose/incident@1\"\n"));
        assert!(is_incident_text("format: 'disclose/incident@2'\n"));
        assert!(!is_incident_text("format: disclose/policy@1\n"));
        assert!(!is_incident_text("  format: disclose/incident@1\n"));
        assert!(!is_incident_text("name: ci\non: push\n"));
        assert!(is_document_text("format: disclose/policy@1\n"));
        assert!(is_document_text("# c\nformat: 'disclose/calendar@1'\n"));
        assert!(!is_document_text("name: ci\non: push\n"));
    }

    #[test]
    fn finds_incidents_in_name_order_and_skips_other_yaml_and_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/nested")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        let inc = "format: disclose/incident@1\n";
        std::fs::write(d.join("b/nested/z.yaml"), inc).unwrap();
        std::fs::write(d.join("a.yml"), inc).unwrap();
        std::fs::write(d.join("c.yaml"), inc).unwrap();
        std::fs::write(d.join("policy.yaml"), "format: disclose/policy@1\n").unwrap();
        std::fs::write(d.join("notes.txt"), inc).unwrap();
        std::fs::write(d.join(".git/x.yaml"), inc).unwrap();
        std::fs::write(d.join(".hidden.yaml"), inc).unwrap();
        let found = find_incidents(d);
        let names: Vec<_> = found
            .incidents
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.yml", "b/nested/z.yaml", "c.yaml"]);
        assert_eq!(found.skipped, 1);
        assert!(found.errors.is_empty());
    }

    #[test]
    fn outcomes_keep_the_input_order_and_a_panic_stays_in_its_file() {
        let files: Vec<PathBuf> = (0..20).map(|i| PathBuf::from(format!("f{i}"))).collect();
        let (out, _) = run(&files, Some(2), |p| {
            if p == Path::new("f7") {
                panic!("boom");
            }
            Outcome {
                path: p.to_path_buf(),
                exit: Exit::Ok,
                log: String::new(),
                row: vec![],
                json: None,
                text: String::new(),
            }
        });
        assert_eq!(out.len(), 20);
        for (o, f) in out.iter().zip(&files) {
            assert_eq!(&o.path, f);
        }
        assert_eq!(out[7].exit, Exit::BadInput);
        assert!(out[7].log.contains("boom"), "{}", out[7].log);
        assert!(out.iter().filter(|o| o.exit == Exit::Ok).count() == 19);
    }

    #[test]
    fn summary_table_aligns_wide_characters() {
        let t = table(
            &["FILE", "RESULT"],
            &[
                vec!["a.yaml".into(), "ok".into()],
                vec!["사고.yaml".into(), "findings".into()],
            ],
        );
        assert_eq!(t, "FILE       RESULT\na.yaml     ok\n사고.yaml  findings\n");
    }

    #[test]
    fn jobs_are_clamped_to_the_files_and_a_maximum() {
        assert_eq!(threads(3, Some(100)), 3);
        assert_eq!(threads(10_000, Some(256)), 256);
        assert_eq!(threads(0, Some(4)), 1);
        assert!(threads(10_000, None) <= MAX_JOBS);
        assert_eq!(threads(1, None), 1);
        assert_eq!(parse_jobs("8"), Ok(8));
        assert_eq!(parse_jobs("256"), Ok(256));
        for bad in ["0", "257", "100000", "-1", "many"] {
            let e = parse_jobs(bad).unwrap_err();
            assert!(e.contains("from 1 to 256"), "{bad}: {e}");
        }
    }
}
