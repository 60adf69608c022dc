//! The JUnit printer: `disclose check --format junit`, for CI systems that show test results.
//!
//! A test suite per law, a test case per obligation, control, not-assessed finding and
//! violation; what is missed or not assessed is a failure. All user text goes through
//! [`crate::render::xml_escape`], which also drops control characters XML 1.0 cannot carry.

use std::fmt::Write as _;

use crate::incident::Incident;
use crate::policy::eval::{Evaluation, Status};

use super::human;
use crate::render::xml_escape as xml;

/// JUnit XML: a test suite per law, a test case per obligation and control.
pub fn junit(ev: &Evaluation, inc: &Incident) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total =
        ev.obligations.len() + ev.controls.len() + ev.not_assessed.len() + ev.violations.len();
    let failures = ev
        .obligations
        .iter()
        .filter(|o| matches!(o.status, Status::Missed { .. } | Status::Overdue { .. }))
        .count()
        + ev.controls.iter().filter(|c| c.status == "gap").count()
        + ev.not_assessed.iter().filter(|n| !n.accepted).count()
        + ev.violations.iter().filter(|v| v.applies).count();
    let _ = writeln!(
        s,
        "<testsuites name=\"disclose check {}\" tests=\"{total}\" failures=\"{failures}\">",
        xml(&inc.id)
    );
    if !ev.not_assessed.is_empty() {
        let open = ev.not_assessed.iter().filter(|n| !n.accepted).count();
        let _ = writeln!(
            s,
            "  <testsuite name=\"coverage\" tests=\"{}\" failures=\"{open}\">",
            ev.not_assessed.len()
        );
        for n in &ev.not_assessed {
            let name = format!("not assessed: {}", n.code);
            let why = n.reason.en.as_deref().unwrap_or_default();
            if n.accepted {
                let _ = writeln!(
                    s,
                    "    <testcase classname=\"coverage\" name=\"{}\"><skipped message=\"accepted: {}\"/></testcase>",
                    xml(&name),
                    xml(why)
                );
            } else {
                let _ = writeln!(
                    s,
                    "    <testcase classname=\"coverage\" name=\"{}\"><failure message=\"not assessed\">{}</failure></testcase>",
                    xml(&name),
                    xml(why)
                );
            }
        }
        let _ = writeln!(s, "  </testsuite>");
    }
    for pol in ev.policies.iter().filter(|p| p.applies) {
        let obs: Vec<_> = ev
            .obligations
            .iter()
            .filter(|o| o.policy == pol.id)
            .collect();
        let cts: Vec<_> = ev.controls.iter().filter(|c| c.policy == pol.id).collect();
        let vs: Vec<_> = ev
            .violations
            .iter()
            .filter(|v| v.policy == pol.id)
            .collect();
        let fails = obs
            .iter()
            .filter(|o| matches!(o.status, Status::Missed { .. } | Status::Overdue { .. }))
            .count()
            + cts.iter().filter(|c| c.status == "gap").count()
            + vs.iter().filter(|v| v.applies).count();
        let _ = writeln!(
            s,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fails}\">",
            xml(&pol.id),
            obs.len() + cts.len() + vs.len()
        );
        for v in vs {
            let name = format!("{}: {}", v.id, v.title.en.as_deref().unwrap_or_default());
            if v.applies {
                let _ = writeln!(
                    s,
                    "    <testcase classname=\"{}\" name=\"{}\"><failure message=\"violation\">{}</failure></testcase>",
                    xml(&pol.id),
                    xml(&name),
                    xml(&v.citation.en)
                );
            } else {
                let _ = writeln!(
                    s,
                    "    <testcase classname=\"{}\" name=\"{}\"><skipped message=\"not applicable\"/></testcase>",
                    xml(&pol.id),
                    xml(&name)
                );
            }
        }
        for o in obs {
            let name = format!("{}: {}", o.id, o.title.en.as_deref().unwrap_or_default());
            let _ = write!(
                s,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&pol.id),
                xml(&name)
            );
            match &o.status {
                Status::Missed { late_by, .. } => {
                    let _ = writeln!(
                        s,
                        "><failure message=\"missed by {}\">{}</failure></testcase>",
                        human(*late_by),
                        xml(&o.citation.en)
                    );
                }
                Status::Overdue { past_review } => {
                    let _ = writeln!(
                        s,
                        "><failure message=\"overdue: {} past the review point (guidance or company policy, not statute)\">{}</failure></testcase>",
                        human(*past_review),
                        xml(&o.citation.en)
                    );
                }
                Status::NotApplicable => {
                    let _ = writeln!(s, "><skipped message=\"not applicable\"/></testcase>");
                }
                Status::Unknown { missing } => {
                    let _ = writeln!(
                        s,
                        "><skipped message=\"unknown: missing {}\"/></testcase>",
                        xml(&missing.join(", "))
                    );
                }
                _ => {
                    let _ = writeln!(s, "/>");
                }
            }
        }
        for c in cts {
            let name = format!("{}: {}", c.id, c.title.en.as_deref().unwrap_or_default());
            let _ = write!(
                s,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&pol.id),
                xml(&name)
            );
            match c.status {
                "gap" => {
                    let _ = writeln!(
                        s,
                        "><failure message=\"control gap\">{}</failure></testcase>",
                        xml(c.gap.en.as_deref().unwrap_or_default())
                    );
                }
                "pass" => {
                    let _ = writeln!(s, "/>");
                }
                other => {
                    let _ = writeln!(s, "><skipped message=\"{other}\"/></testcase>");
                }
            }
        }
        let _ = writeln!(s, "  </testsuite>");
    }
    s.push_str("</testsuites>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_and_drops_control_characters() {
        assert_eq!(xml("a<b>&\"\u{1}\n"), "a&lt;b&gt;&amp;&quot; ");
    }
}
