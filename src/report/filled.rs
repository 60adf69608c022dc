//! Whether an incident field that a statutory content item names is filled: present, missing,
//! or holding placeholder text.
//!
//! The audit report's content check must not say "Yes" where a notice would go out with
//! `[to be stated]` or an `example.com` address in it, nor for an item the organisation still has
//! to write: a filing is only complete when every item is filled with real content.

use crate::incident::{Incident, Text};

/// The state of a content item's field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filled {
    /// The field has real content.
    Present,
    /// The field is empty or absent.
    Missing,
    /// The field holds placeholder text.
    Placeholder,
}

impl Filled {
    /// The name templates see: `present`, `missing`, `placeholder`.
    pub fn name(self) -> &'static str {
        match self {
            Filled::Present => "present",
            Filled::Missing => "missing",
            Filled::Placeholder => "placeholder",
        }
    }
}

/// Whether `s` is placeholder text rather than content: a bracketed blank (`[address]`), a value
/// marked as an example (`(example)`, `(예시)`), an address at a domain reserved for examples
/// (RFC 2606: `example.com`, `.example`), or `TBD`.
pub fn is_placeholder(s: &str) -> bool {
    let lower = s.to_lowercase();
    let bracketed = s
        .find('[')
        .is_some_and(|i| s[i + 1..].find(']').is_some_and(|j| j > 0));
    bracketed
        || lower.contains("(example)")
        || s.contains("(예시)")
        || lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "tbd")
        || lower
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .any(|w| {
                let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                let domain = w.rsplit_once('@').map_or(w, |(_, d)| d);
                domain == "example"
                    || domain.ends_with(".example")
                    || ["example.com", "example.org", "example.net"]
                        .iter()
                        .any(|e| domain == *e || domain.ends_with(&format!(".{e}")))
            })
}

fn text(t: &Text) -> Filled {
    match (t.get("ko"), t.get("en")) {
        (None, None) => Filled::Missing,
        (ko, en) if ko.is_some_and(is_placeholder) || en.is_some_and(is_placeholder) => {
            Filled::Placeholder
        }
        _ => Filled::Present,
    }
}

fn all(parts: impl IntoIterator<Item = Filled>) -> Filled {
    let mut out = Filled::Present;
    for p in parts {
        match p {
            Filled::Missing => return Filled::Missing,
            Filled::Placeholder => out = Filled::Placeholder,
            Filled::Present => {}
        }
    }
    out
}

fn plain(s: Option<&str>) -> Filled {
    match s {
        None => Filled::Present,
        Some(s) if is_placeholder(s) => Filled::Placeholder,
        Some(_) => Filled::Present,
    }
}

/// The state of the incident field a content item names, or `None` for a field the loader
/// does not accept.
pub fn field_state(inc: &Incident, field: &str) -> Option<Filled> {
    let o = &inc.organization;
    let opt = |t: Option<&Text>| t.map_or(Filled::Missing, text);
    Some(match field {
        "affected.data" if inc.affected.data.is_empty() => Filled::Missing,
        "affected.data" => all(inc
            .affected
            .data
            .iter()
            .filter_map(|d| d.label.as_ref())
            .map(text)),
        "affected.subjects" | "timeline.occurred_from" | "timeline.discovered_at" => {
            Filled::Present
        }
        "cause.description" => text(&inc.cause.description),
        "timeline.incident_detected_at" => present(inc.timeline.incident_detected_at.is_some()),
        "timeline.contained_at" => present(inc.timeline.contained_at.is_some()),
        // Guidance for everyone, or for the people who lost a given item (affected.data[].guidance).
        "subject_guidance"
            if inc.subject_guidance.is_empty()
                && inc.affected.data.iter().all(|d| d.guidance.is_none()) =>
        {
            Filled::Missing
        }
        "subject_guidance" => all(inc.subject_guidance.iter().map(|g| text(&g.text())).chain(
            inc.affected
                .data
                .iter()
                .filter_map(|d| d.guidance.as_ref())
                .map(text),
        )),
        "remediation" if inc.remediation.is_empty() => Filled::Missing,
        "remediation" => all(inc.remediation.iter().map(|r| text(&r.text))),
        "remedy" => opt(inc.remedy.as_ref()),
        "organization.contact_point" => {
            let c = &o.contact_point;
            all([
                text(&c.department),
                plain(c.phone.as_deref()),
                plain(c.email.as_deref()),
            ])
        }
        "organization.privacy_officer" => {
            let p = &o.privacy_officer;
            all([
                text(&p.title),
                p.name.as_ref().map_or(Filled::Present, text),
                plain(Some(&p.email)),
                plain(p.phone.as_deref()),
            ])
        }
        "risk_assessment" => match &inc.risk_assessment {
            None => Filled::Missing,
            Some(r) => text(&r.justification),
        },
        "risk_assessment.consequences" => opt(inc
            .risk_assessment
            .as_ref()
            .and_then(|r| r.consequences.as_ref())),
        "actions" => present(!inc.actions.is_empty()),
        "notice.law_enforcement_delay" => present(
            inc.notice
                .as_ref()
                .is_some_and(|n| n.law_enforcement_delay.is_some()),
        ),
        // Required only where a Social Security number or a government identification number
        // was exposed; otherwise there is nothing to offer and nothing is missing.
        "notice.identity_theft_services" => {
            match inc
                .notice
                .as_ref()
                .and_then(|n| n.identity_theft_services.as_ref())
            {
                Some(s) => all([text(&s.provider), text(&s.how_to_enroll)]),
                None if super::us_letter::government_id_exposed(inc) => Filled::Missing,
                None => Filled::Present,
            }
        }
        "gdpr.reasons_for_delay" => {
            opt(inc.gdpr.as_ref().and_then(|g| g.reasons_for_delay.as_ref()))
        }
        "organization.registrant.material_impact" => {
            match o
                .registrant
                .as_ref()
                .and_then(|r| r.material_impact.as_deref())
            {
                None => Filled::Missing,
                Some(s) if s.trim().is_empty() => Filled::Missing,
                s => plain(s),
            }
        }
        _ => return None,
    })
}

fn present(b: bool) -> Filled {
    if b { Filled::Present } else { Filled::Missing }
}

/// Whether the field has real content (neither missing nor a placeholder).
pub fn field_present(inc: &Incident, field: &str) -> Option<bool> {
    field_state(inc, field).map(|f| f == Filled::Present)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognised() {
        for s in [
            "[to be stated by the controller]",
            "[street address], Berlin",
            "privacy@example.com",
            "help@mail.example.org",
            "dpo@hanbit-games.example",
            "External security audit firm (example)",
            "한빛게임즈 주식회사 (예시)",
            "TBD",
        ] {
            assert!(is_placeholder(s), "{s}");
        }
        for s in [
            "privacy@coupang.com",
            "Referred the case to the police.",
            "Examples of phishing were reported.",
            "+82-2-0000-0000",
            "a[]b",
        ] {
            assert!(!is_placeholder(s), "{s}");
        }
    }

    #[test]
    fn reasons_for_delay_are_missing_until_given_and_placeholder_when_blank_text() {
        let src = include_str!("../../examples/multi-jurisdiction.yaml");
        let loaded = crate::incident::load_str(src);
        let mut inc = loaded.ok().unwrap().clone();
        assert_eq!(
            field_state(&inc, "gdpr.reasons_for_delay"),
            Some(Filled::Present)
        );
        inc.gdpr.as_mut().unwrap().reasons_for_delay = None;
        assert_eq!(
            field_state(&inc, "gdpr.reasons_for_delay"),
            Some(Filled::Missing)
        );
        inc.gdpr.as_mut().unwrap().reasons_for_delay = Some(Text {
            ko: Some("[지연 사유]".into()),
            en: Some("[to be stated by the controller]".into()),
        });
        assert_eq!(
            field_state(&inc, "gdpr.reasons_for_delay"),
            Some(Filled::Placeholder)
        );
    }

    #[test]
    fn an_example_com_contact_is_a_placeholder() {
        let inc = crate::incident::load_str(include_str!("../../examples/coupang-2025.yaml"));
        let inc = inc.ok().unwrap();
        assert_eq!(
            field_state(inc, "organization.privacy_officer"),
            Some(Filled::Placeholder)
        );
        assert_eq!(field_state(inc, "cause.description"), Some(Filled::Present));
        assert_eq!(
            field_state(inc, "organization.registrant.material_impact"),
            Some(Filled::Missing)
        );
    }
}
