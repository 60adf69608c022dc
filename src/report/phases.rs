//! How a phased notice or report went, phase by phase, in the report's words.
//!
//! PIPA Enforcement Decree Arts. 39(2) and 40(2) let a controller notify and report what is
//! confirmed first and the rest "확인되는 즉시" (as soon as it is confirmed). A first phase in
//! time therefore says nothing about the later ones: each later phase is judged against the time
//! its facts were confirmed (`actions[].confirmed_at`), and one whose confirmation time is not
//! recorded cannot be judged. The evaluation gives each phase its verdict
//! ([`crate::policy::eval::PhaseOutcome`]); this module writes the outcome column of a phased
//! obligation from them, naming the missing field where a phase cannot be judged and labelling a
//! period the statute does not set as an internal standard.

use chrono_tz::Tz;

use crate::incident::Incident;
use crate::policy::eval::{ObligationOutcome, PhaseOutcome};
use crate::policy::model::Basis;

use super::Lang;
use super::format;

/// The outcome text of a phased obligation with more than one phase and a follow-up rule, or
/// `None` when the ordinary outcome text serves.
pub fn outcome(o: &ObligationOutcome, inc: &Incident, zone: Tz, lang: Lang) -> Option<String> {
    let follow = o.follow_up.as_ref()?;
    if o.phases.len() < 2 {
        return None;
    }
    let period = within(&follow.within.to_string(), lang);
    let basis = match (follow.basis, lang) {
        (Basis::Statute, _) => String::new(),
        (Basis::Internal, Lang::Ko) => ", 내부 기준(법정 요건 아님)".into(),
        (Basis::Internal, Lang::En) => ", internal standard (not a statutory requirement)".into(),
        (Basis::Guidance, Lang::Ko) => ", 감독기관 안내(법정 요건 아님)".into(),
        (Basis::Guidance, Lang::En) => ", regulator guidance (not a statutory requirement)".into(),
    };
    let law = follow.title.get(lang.code()).unwrap_or_default();
    let mut parts = Vec::new();
    for (k, ph) in o.phases.iter().enumerate() {
        let head = head(ph, k, inc, zone, lang);
        let verdict = if k == 0 {
            match (&o.due, lang) {
                (Some(d), Lang::Ko) if ph.at <= d.local => "기한 내 이행".to_string(),
                (Some(d), Lang::En) if ph.at <= d.local => "in time".to_string(),
                (Some(d), Lang::Ko) => format!(
                    "기한 도과({} 지연)",
                    format::duration(ph.at - d.local, lang)
                ),
                (Some(d), Lang::En) => {
                    format!("late by {}", format::duration(ph.at - d.local, lang))
                }
                (None, Lang::Ko) => "이행".to_string(),
                (None, Lang::En) => "done".to_string(),
            }
        } else {
            let after = ph.after_confirmation.map(|d| format::duration(d, lang));
            match (ph.verdict, after, lang) {
                (Some("met"), Some(a), Lang::Ko) => {
                    format!("추가 확인 후 {a} 만에 이행({law}: {period} 이내{basis})")
                }
                (Some("met"), Some(a), Lang::En) => format!(
                    "{a} after the added facts were confirmed ({law}: within {period}{basis})"
                ),
                (Some("missed"), Some(a), Lang::Ko) => {
                    format!("추가 확인 후 {a} 경과({law}: {period} 초과{basis})")
                }
                (Some("missed"), Some(a), Lang::En) => format!(
                    "{a} after the added facts were confirmed ({law}: more than {period}{basis})"
                ),
                (_, _, Lang::Ko) => format!(
                    "추가 확인 일시(actions[{}].confirmed_at)가 기록되지 않아 {law} 충족 여부 판단 불가",
                    ph.action
                ),
                (_, _, Lang::En) => format!(
                    "cannot be judged against \"{law}\": the time the added facts were confirmed (actions[{}].confirmed_at) is not recorded",
                    ph.action
                ),
            }
        };
        parts.push(format!("{head}: {verdict}"));
    }
    // No final full stop: templates put the outcome inside their own sentences.
    Some(match lang {
        Lang::Ko => parts.join(". "),
        Lang::En => parts.join("; "),
    })
}

fn head(ph: &PhaseOutcome, k: usize, inc: &Incident, zone: Tz, lang: Lang) -> String {
    let when = format::datetime(ph.at, zone, lang);
    let approximate = inc.actions.get(ph.action).is_some_and(|a| a.approximate);
    let who = ph
        .subjects
        .map(|n| format::stated_people(n, approximate, inc.affected.counted_as, lang));
    match lang {
        Lang::Ko => format!(
            "{}차({}, {when}{})",
            k + 1,
            if k == 0 { "최초" } else { "추가" },
            who.map(|w| format!(", {w}")).unwrap_or_default()
        ),
        Lang::En => format!(
            "phase {} ({}, {when}{})",
            k + 1,
            if k == 0 { "initial" } else { "supplementary" },
            who.map(|w| format!(", {w}")).unwrap_or_default()
        ),
    }
}

fn within(w: &str, lang: Lang) -> String {
    let n: String = w.chars().take_while(char::is_ascii_digit).collect();
    match (&w[n.len()..], lang) {
        ("d", Lang::Ko) => format!("{n}일"),
        ("h", Lang::Ko) => format!("{n}시간"),
        ("d", Lang::En) => format!("{n} days"),
        ("h", Lang::En) => format!("{n} hours"),
        (_, Lang::Ko) => format!("영업일 {n}일"),
        (_, Lang::En) => format!("{n} business days"),
    }
}
