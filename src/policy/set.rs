//! The set of policies an evaluation uses: the built-in ones, replaced or extended by a
//! company's own directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Report, Severity};

use super::load::{CompiledPolicy, Origin, load_policy_str};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));
    include!(concat!(env!("OUT_DIR"), "/builtin_compact.rs"));
}

/// The built-in policy files: (path under `policies/`, YAML text).
/// The SHA-256 (hex) of the built-in policy file at `path`, computed at build time.
pub fn builtin_sha256(path: &str) -> Option<&'static str> {
    builtin::BUILTIN
        .iter()
        .position(|(p, _)| *p == path)
        .and_then(|i| builtin::BUILTIN_SHA256.get(i).copied())
}

pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    builtin::BUILTIN
}

/// A policy file that failed to load, with its problems.
#[derive(Debug)]
pub struct Failed {
    /// The file.
    pub origin: Origin,
    /// Its text.
    pub text: String,
    /// Its problems.
    pub report: Report,
}

/// The policies an evaluation uses, by id.
#[derive(Debug, Default)]
pub struct PolicySet {
    policies: BTreeMap<String, CompiledPolicy>,
    /// Files that did not load.
    pub failed: Vec<Failed>,
    /// Warnings of files that loaded: (origin, text, report).
    pub warnings: Vec<Failed>,
}

impl PolicySet {
    /// The built-in policies, for evaluating: read from their compact form, with conditions
    /// compiled on first use and without their tests (see [`super::load`]). What `check`,
    /// `deadlines` and `render` use; [`PolicySet::builtin`] reads and checks the files in full.
    pub fn builtin_for_evaluation() -> PolicySet {
        let mut set = PolicySet::default();
        set.add_compact(
            builtin::BUILTIN,
            builtin::BUILTIN_HEADERS,
            builtin::BUILTIN_COMPACT,
        );
        set
    }

    /// Adds policies in compact form: (path, YAML text) pairs, their headers (the JSON without
    /// the rules) and their JSON without tests, as `build.rs` embeds the built-in ones. Each is
    /// read by its header; its rules when first needed ([`CompiledPolicy::full`]).
    /// `*.tests.yaml` files are skipped (tests are not needed to evaluate). Public so that the
    /// start-up benchmark can load generated libraries.
    pub fn add_compact(
        &mut self,
        files: &[(&'static str, &'static str)],
        headers: &[&'static str],
        compact: &[&'static str],
    ) {
        for (((path, text), header), json) in files.iter().zip(headers).zip(compact) {
            if path.ends_with(".tests.yaml") {
                continue;
            }
            let sha256 = builtin_sha256(path);
            match super::load::load_builtin_header(
                text,
                header,
                json,
                Origin::Builtin(path),
                sha256,
            ) {
                Some(p) => {
                    self.policies.insert(p.policy.id.clone(), p);
                }
                None => self.add(text.to_string(), Origin::Builtin(path)),
            }
        }
    }

    /// The built-in policies only, each file read and checked in full (with its tests).
    pub fn builtin() -> PolicySet {
        let mut set = PolicySet::default();
        let mut tests = Vec::new();
        for (path, text) in builtin::BUILTIN {
            if path.ends_with(".tests.yaml") {
                tests.push((text.to_string(), Origin::Builtin(path)));
            } else {
                set.add(text.to_string(), Origin::Builtin(path));
            }
        }
        for (text, origin) in tests {
            set.add_tests(text, origin);
        }
        set
    }

    /// The built-in policies, with those in `dir` (read recursively, see [`list_policy_files`])
    /// replacing built-ins of the same id and adding new ones.
    pub fn with_dir(dir: &Path) -> PolicySet {
        let mut set = PolicySet::builtin();
        set.add_dir(dir);
        set
    }

    /// [`PolicySet::with_dir`] for evaluating: the built-ins as [`PolicySet::builtin_for_evaluation`]
    /// reads them; the directory's files are read and checked in full, as always.
    pub fn with_dir_for_evaluation(dir: &Path) -> PolicySet {
        let mut set = PolicySet::builtin_for_evaluation();
        set.add_dir(dir);
        set
    }

    /// Only the policies in `dir`.
    pub fn from_dir(dir: &Path) -> PolicySet {
        let mut set = PolicySet::default();
        set.add_dir(dir);
        set
    }

    fn add_dir(&mut self, dir: &Path) {
        let listing = list_policy_files(dir);
        for (path, d) in listing.refused {
            self.refuse(path, d);
        }
        let (tests, policies): (Vec<PathBuf>, Vec<PathBuf>) = listing
            .files
            .into_iter()
            .partition(|p| p.to_string_lossy().ends_with(".tests.yaml"));
        let mut total: u64 = 0;
        for path in policies.into_iter().chain(tests) {
            total = total.saturating_add(std::fs::metadata(&path).map_or(0, |m| m.len()));
            if total > MAX_TOTAL_BYTES {
                self.refuse(
                    dir.to_path_buf(),
                    unplaced(
                        format!(
                            "the policy files under this directory add up to more than {} MiB",
                            MAX_TOTAL_BYTES / (1024 * 1024)
                        ),
                        "point --policies at the directory of policy files itself, not at a larger tree",
                    ),
                );
                return;
            }
            let is_tests = path.to_string_lossy().ends_with(".tests.yaml");
            match crate::document::read_text(&path, &crate::yaml::Limits::DEFAULT) {
                Ok(text) if is_tests => self.add_tests(text, Origin::File(path)),
                Ok(text) => self.add(text, Origin::File(path)),
                Err(d) => self.refuse(path, d),
            }
        }
    }

    fn refuse(&mut self, path: PathBuf, d: Diagnostic) {
        let mut report = Report::default();
        report.push(d);
        self.failed.push(Failed {
            origin: Origin::File(path),
            text: String::new(),
            report,
        });
    }

    fn add(&mut self, text: String, origin: Origin) {
        let (policy, report) = load_policy_str(&text, origin.clone());
        match policy {
            Some(p) => {
                if let (Origin::File(new), Some(Origin::File(first))) =
                    (&origin, self.policies.get(&p.policy.id).map(|q| &q.origin))
                {
                    if same_file(new, first) {
                        // A link inside the directory to a file read at its own place.
                        return;
                    }
                    // Two files of one directory: which one wins would depend on file names.
                    // (A directory's file replacing a built-in of the same id is intended.)
                    let mut report = Report::default();
                    report.push(unplaced(
                        format!(
                            "policy id `{}` is also the id of {}; one of the two would be ignored",
                            p.policy.id,
                            first.display()
                        ),
                        "give every policy file in the directory its own id (a new version of a law gets a new id)",
                    ));
                    self.failed.push(Failed {
                        origin: Origin::File(new.clone()),
                        text,
                        report,
                    });
                    return;
                }
                if report.warnings() > 0 {
                    self.warnings.push(Failed {
                        origin,
                        text,
                        report,
                    });
                }
                self.policies.insert(p.policy.id.clone(), p);
            }
            None => self.failed.push(Failed {
                origin,
                text,
                report,
            }),
        }
    }

    /// Attaches a sibling `<id>.tests.yaml` file to the policy it names.
    fn add_tests(&mut self, text: String, origin: Origin) {
        let id = crate::yaml::source_map(&text, &crate::yaml::Limits::DEFAULT)
            .ok()
            .and_then(|m| m.scalar("policy").map(str::to_string))
            .unwrap_or_default();
        let result = super::load::load_tests_str(&text, origin.clone(), self.policies.get(&id));
        match result {
            Ok(t) => {
                if let Some(p) = self.policies.get_mut(&id) {
                    p.sibling_tests.push(t);
                }
            }
            Err(report) => self.failed.push(Failed {
                origin,
                text,
                report,
            }),
        }
    }

    /// The policies, by id.
    pub fn policies(&self) -> Vec<&CompiledPolicy> {
        self.policies.values().collect()
    }

    /// Looks one up by id.
    pub fn get(&self, id: &str) -> Option<&CompiledPolicy> {
        self.policies.get(id)
    }

    /// Number of policies loaded.
    pub fn len(&self) -> usize {
        self.policies.len()
    }

    /// True when no policy loaded.
    pub fn is_empty(&self) -> bool {
        self.policies.is_empty()
    }
}

/// Most policy files read from one directory (the built-in set has about fifteen).
pub const MAX_POLICY_FILES: usize = 1_000;

/// Deepest directory nesting walked under a policy directory.
pub const MAX_DIR_DEPTH: usize = 16;

/// Most bytes of policy files read from one directory, in total (each file is also limited to
/// [`crate::yaml::Limits::max_bytes`]).
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;

/// What walking a policy directory found.
#[derive(Debug, Default)]
pub struct Listing {
    /// Policy and policy-test files to read, sorted.
    pub files: Vec<PathBuf>,
    /// Entries that are refused, each with why: a symbolic link that leaves the directory or
    /// cannot be followed, an unreadable directory, too many files.
    pub refused: Vec<(PathBuf, Diagnostic)>,
}

fn unplaced(message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        message: message.into(),
        pos: None,
        path: None,
        hint: Some(hint.into()),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

fn is_yaml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// Policy files under `dir`: `*.yaml` and `*.yml`, recursively to [`MAX_DIR_DEPTH`] levels,
/// skipping `calendars/` directories, at most [`MAX_POLICY_FILES`]. A single file is returned as
/// it is.
///
/// Policies are data that cannot reach outside their directory: a symbolic link is read only
/// when it resolves to a file inside `dir` (after resolving `dir` itself, which may be a link
/// the user gave); a link to a file or directory outside it, or one that cannot be resolved (a
/// loop, a missing target), is refused with an error naming the link. Links to directories are
/// never walked, so a link loop cannot make the walk run forever; a directory they point to
/// inside `dir` is walked at its own place. Anything but a regular file (a FIFO, a device) is
/// skipped, so reading can never block.
pub fn list_policy_files(dir: &Path) -> Listing {
    let mut out = Listing::default();
    if dir.is_file() {
        out.files.push(dir.to_path_buf());
        return out;
    }
    let root = match std::fs::canonicalize(dir) {
        Ok(r) => r,
        Err(e) => {
            out.refused.push((
                dir.to_path_buf(),
                unplaced(
                    format!("cannot read the policy directory: {e}"),
                    "check the path given to --policies",
                ),
            ));
            return out;
        }
    };
    // One level deeper than allowed, so that what lies there is seen and refused by name.
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(MAX_DIR_DEPTH + 1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !(e.depth() > 0 && e.file_type().is_dir() && e.file_name() == "calendars")
        });
    for entry in walk {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(dir).to_path_buf();
                out.refused.push((
                    path,
                    unplaced(
                        format!("cannot read this part of the policy directory: {err}"),
                        "make it readable, or move it out of the policy directory",
                    ),
                ));
                continue;
            }
        };
        let path = e.path();
        if e.depth() > MAX_DIR_DEPTH {
            if e.file_type().is_dir() || is_yaml(path) {
                out.refused.push((
                    path.to_path_buf(),
                    unplaced(
                        format!(
                            "this is nested deeper than {MAX_DIR_DEPTH} levels under the policy directory, so its policies would not be read"
                        ),
                        "move the policy files nearer the top of the directory",
                    ),
                ));
            }
            continue;
        }
        if e.file_type().is_file() {
            if is_yaml(path) {
                out.files.push(path.to_path_buf());
            }
            continue;
        }
        if !e.path_is_symlink() {
            if e.depth() > 0 && !e.file_type().is_dir() && is_yaml(path) {
                out.refused.push((
                    path.to_path_buf(),
                    unplaced(
                        format!(
                            "this is {}, not a regular file, so it is not read as a policy",
                            crate::document::describe_file_type(&e.file_type())
                        ),
                        "policy files must be regular files: replace it with the file, or move it out of the policy directory",
                    ),
                ));
            }
            continue;
        }
        if e.depth() == 0 {
            continue;
        }
        match std::fs::canonicalize(path) {
            Err(err) => {
                // A link named like a policy file, or like a directory that could hold some.
                if is_yaml(path) || path.extension().is_none() {
                    out.refused.push((
                        path.to_path_buf(),
                        unplaced(
                            format!("this symbolic link cannot be followed: {err}"),
                            "a link that loops or whose target is missing is not a policy: remove it",
                        ),
                    ));
                }
            }
            Ok(target) => {
                let is_dir = target.is_dir();
                if !(is_dir || is_yaml(path) || is_yaml(&target)) {
                    continue;
                }
                if !target.starts_with(&root) {
                    out.refused.push((
                        path.to_path_buf(),
                        unplaced(
                            format!(
                                "this symbolic link points outside the policy directory, to {}",
                                target.display()
                            ),
                            "policies cannot read files outside their directory: copy the file in, or remove the link",
                        ),
                    ));
                } else if !is_dir && target.is_file() && is_yaml(path) {
                    out.files.push(path.to_path_buf());
                }
            }
        }
    }
    out.files.sort();
    if out.files.len() > MAX_POLICY_FILES {
        out.refused.push((
            dir.to_path_buf(),
            unplaced(
                format!(
                    "more than {MAX_POLICY_FILES} policy files under this directory ({} found)",
                    out.files.len()
                ),
                "point --policies at the directory of policy files itself, not at a larger tree",
            ),
        ));
        out.files.clear();
    }
    out
}

/// The files [`list_policy_files`] would read (refused entries left out).
pub fn policy_files(dir: &Path) -> Vec<PathBuf> {
    list_policy_files(dir).files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-256 `build.rs` computed for each built-in file is the hash of the embedded text.
    #[test]
    fn build_time_hashes_are_the_files_hashes() {
        use sha2::Digest;
        for (path, text) in builtin::BUILTIN {
            let hex: String = sha2::Sha256::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(builtin_sha256(path), Some(hex.as_str()), "{path}");
        }
    }

    /// The compact form `build.rs` embeds reads as the same policy as the file (without its
    /// tests), for every built-in policy; so `check` evaluates exactly what the file says.
    #[test]
    fn compact_form_is_the_yaml_policy() {
        let files = builtin::BUILTIN;
        assert_eq!(files.len(), builtin::BUILTIN_COMPACT.len());
        for ((path, text), json) in files.iter().zip(builtin::BUILTIN_COMPACT) {
            if path.ends_with(".tests.yaml") {
                continue;
            }
            let compact: super::super::model::Policy = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("{path}: the compact form does not read: {e}"));
            let mut full: super::super::model::Policy =
                crate::yaml::from_str(text, &crate::yaml::Limits::DEFAULT).expect("YAML");
            full.tests.clear();
            assert_eq!(
                serde_json::to_value(&compact).unwrap(),
                serde_json::to_value(&full).unwrap(),
                "{path}"
            );
        }
    }

    /// A header's sources are the policy's sources by id and status, and carry no citation or
    /// URL (those are read from the whole form, which `full()` gives).
    #[test]
    fn headers_keep_each_sources_id_and_status_only() {
        let compact = PolicySet::builtin_for_evaluation();
        let mut sources = 0;
        for p in compact.policies() {
            let whole = p.full();
            assert!(
                !std::ptr::eq(p, whole),
                "{}: read by its header",
                p.policy.id
            );
            let key = |s: &super::super::model::Source| (s.id.clone(), s.status);
            assert_eq!(
                p.policy.sources.iter().map(key).collect::<Vec<_>>(),
                whole.policy.sources.iter().map(key).collect::<Vec<_>>(),
                "{}",
                p.policy.id
            );
            for (h, w) in p.policy.sources.iter().zip(&whole.policy.sources) {
                assert!(h.citation.is_empty() && h.url.is_empty() && h.note.is_none());
                assert!(
                    !w.citation.is_empty() && !w.url.is_empty(),
                    "{}",
                    p.policy.id
                );
                sources += 1;
            }
        }
        assert!(sources > 185, "{sources}");
    }

    /// Every built-in policy loads with every check and no warning, and the compact set holds
    /// the same policies, each of whose conditions compiles.
    #[test]
    fn builtin_policies_load_in_full_and_compact() {
        let full = PolicySet::builtin();
        assert!(full.failed.is_empty(), "{:?}", full.failed);
        assert!(full.warnings.is_empty(), "{:?}", full.warnings);
        let compact = PolicySet::builtin_for_evaluation();
        assert!(compact.failed.is_empty() && compact.warnings.is_empty());
        assert_eq!(full.len(), compact.len());
        for p in compact.policies() {
            let f = full.get(&p.policy.id).expect("same ids");
            assert_eq!(p.text, f.text);
            let mut conditions = vec![&p.applies_when];
            for o in &p.obligations {
                conditions.extend(o.when.iter().chain(&o.triggers));
            }
            for c in &p.controls {
                conditions.extend(c.when.iter().chain([&c.require]));
            }
            conditions.extend(p.penalties.iter().flatten().chain(&p.violations));
            for c in conditions {
                // Compiles a deferred condition (a panic if it does not).
                assert!(!c.get().source().is_empty());
            }
        }
    }
}
