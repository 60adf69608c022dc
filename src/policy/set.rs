//! The set of policies an evaluation uses: the built-in ones, replaced or extended by a
//! company's own directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Report;

use super::load::{CompiledPolicy, Origin, load_policy_str};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));
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
    /// The built-in policies only.
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

    /// The built-in policies, with those in `dir` (read recursively) replacing built-ins of the
    /// same id and adding new ones. Symlinks are not followed; files in `calendars/` are skipped.
    pub fn with_dir(dir: &Path) -> PolicySet {
        let mut set = PolicySet::builtin();
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
        let (tests, policies): (Vec<PathBuf>, Vec<PathBuf>) = policy_files(dir)
            .into_iter()
            .partition(|p| p.to_string_lossy().ends_with(".tests.yaml"));
        for path in policies.into_iter().chain(tests) {
            let is_tests = path.to_string_lossy().ends_with(".tests.yaml");
            match crate::document::read_text(&path, &crate::yaml::Limits::DEFAULT) {
                Ok(text) if is_tests => self.add_tests(text, Origin::File(path)),
                Ok(text) => self.add(text, Origin::File(path)),
                Err(d) => {
                    let mut report = Report::default();
                    report.push(d);
                    self.failed.push(Failed {
                        origin: Origin::File(path),
                        text: String::new(),
                        report,
                    });
                }
            }
        }
    }

    fn add(&mut self, text: String, origin: Origin) {
        let (policy, report) = load_policy_str(&text, origin.clone());
        match policy {
            Some(p) => {
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

/// Policy files under `dir`: `*.yaml`, recursively, not following symlinks, skipping calendars.
/// A single file is returned as it is.
pub fn policy_files(dir: &Path) -> Vec<PathBuf> {
    if dir.is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != "calendars")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}
