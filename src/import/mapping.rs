//! VERIS vocabulary mapped to the incident format's: data varieties to categories, actions to a
//! cause, victim countries and states to residences. Each mapping says what it rests on, so the
//! draft can record it as an assumption ([`super::veris`]).

use super::geo::{self, StateReading};
use crate::incident::vocab;

/// A VERIS data variety, mapped to the incident format's category vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappedVariety {
    /// The category (`other` when no vocabulary entry fits).
    pub category: &'static str,
    /// The item's name in Korean (a label in the file).
    pub ko: String,
    /// The item's name in English.
    pub en: String,
}

/// Maps a VERIS `attribute.confidentiality.data.variety` to a category and a bilingual label
/// that keeps the VERIS name. Only varieties with a clear counterpart get a vocabulary category
/// (Medical → `health`, Payment → `card_number`, Bank → `bank_account`, Credentials →
/// `authentication_secret`); the rest, including the broad `Personal`, are `other`.
pub fn map_variety(variety: &str) -> MappedVariety {
    let (category, ko, en): (&'static str, &str, &str) =
        match variety.trim().to_ascii_lowercase().as_str() {
            "medical" => ("health", "의료 기록", "Medical records"),
            "payment" => ("card_number", "결제카드 정보", "Payment card data"),
            "bank" => ("bank_account", "은행 계좌 정보", "Bank account data"),
            "credentials" => (
                "authentication_secret",
                "인증정보",
                "Authentication credentials",
            ),
            "personal" => (
                "other",
                "개인정보(세부 항목 미상)",
                "Personal information (items not specified)",
            ),
            "sensitive personal" => (
                "other",
                "민감한 개인정보(세부 항목 미상)",
                "Sensitive personal information (items not specified)",
            ),
            "secrets" => ("other", "영업비밀", "Trade secrets"),
            "internal" => ("other", "내부 기밀 자료", "Sensitive internal data"),
            "classified" => ("other", "기밀 정보", "Classified information"),
            "copyrighted" => ("other", "저작권 보호 자료", "Copyrighted material"),
            "system" => ("other", "시스템 정보", "System information"),
            "source code" => ("other", "소스 코드", "Source code"),
            "virtual currency" => ("other", "가상자산", "Virtual currency"),
            "digital certificate" => ("other", "디지털 인증서", "Digital certificate"),
            "unknown" => ("other", "유형을 알 수 없는 데이터", "Data of unknown type"),
            "other" => (
                "other",
                "VERIS가 기타로 분류한 데이터",
                "Data VERIS classifies as Other",
            ),
            _ => ("other", "VERIS 데이터 유형", "VERIS data variety"),
        };
    debug_assert!(category == vocab::OTHER_CATEGORY || vocab::category(category).is_some());
    // The VERIS name goes in the label's parentheses: "개인정보(세부 항목 미상, VERIS: Personal)".
    let v = variety.trim();
    let (ko, en) = match (ko.strip_suffix(')'), en.strip_suffix(')')) {
        (Some(k), Some(e)) => (format!("{k}, VERIS: {v})"), format!("{e}; VERIS: {v})")),
        _ => (format!("{ko}(VERIS: {v})"), format!("{en} (VERIS: {v})")),
    };
    MappedVariety { category, ko, en }
}

// ------------------------------------------------------------------------------------------
// Cause

/// The cause guessed from VERIS actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CauseGuess {
    /// `cause.kind`.
    pub kind: &'static str,
    /// `cause.external`.
    pub external: bool,
    /// The VERIS action the kind was taken from (`None` if the record names none).
    pub from: Option<String>,
}

/// VERIS actions in the order the cause is chosen from when a record lists several.
pub(super) const ACTION_ORDER: &[&str] = &[
    "hacking",
    "malware",
    "social",
    "misuse",
    "physical",
    "error",
    "environmental",
    "unknown",
];

pub(super) fn action_rank(t: &str) -> usize {
    ACTION_ORDER
        .iter()
        .position(|a| *a == t)
        .unwrap_or(ACTION_ORDER.len())
}

/// Chooses `cause.kind` and `cause.external` from VERIS actions (type, varieties).
pub fn map_cause(actions: &[(String, Vec<String>)]) -> CauseGuess {
    let Some((t, varieties)) = actions
        .iter()
        .filter(|(t, _)| t != "unknown")
        .min_by_key(|(t, _)| action_rank(t))
    else {
        return CauseGuess {
            kind: "other",
            external: false,
            from: None,
        };
    };
    let has = |v: &str| varieties.iter().any(|x| x.eq_ignore_ascii_case(v));
    let known: Vec<&String> = varieties
        .iter()
        .filter(|v| !v.eq_ignore_ascii_case("unknown"))
        .collect();
    let kind = match t.as_str() {
        "hacking"
            if !known.is_empty()
                && known
                    .iter()
                    .all(|v| v.eq_ignore_ascii_case("Use of stolen creds")) =>
        {
            "unauthorized_access"
        }
        "hacking" => "hacking",
        "malware" => "malware",
        "misuse" => "insider_misuse",
        "physical" if has("Theft") => "lost_or_stolen",
        "error" => varieties
            .iter()
            .find_map(|v| match v.to_ascii_lowercase().as_str() {
                "misdelivery" => Some("misdelivery"),
                "loss" => Some("lost_or_stolen"),
                "misconfiguration" | "publishing error" | "programming error" => {
                    Some("misconfiguration")
                }
                _ => None,
            })
            .unwrap_or("other"),
        _ => "other",
    };
    CauseGuess {
        kind,
        external: matches!(t.as_str(), "hacking" | "malware" | "social"),
        from: Some(t.clone()),
    }
}

pub(super) fn action_ko(t: &str) -> &'static str {
    match t {
        "hacking" => "해킹",
        "malware" => "악성코드",
        "social" => "사회공학 기법",
        "misuse" => "내부자의 권한 오남용",
        "physical" => "물리적 행위",
        "error" => "실수 또는 오류",
        "environmental" => "환경적 요인",
        _ => "알 수 없는 행위",
    }
}

pub(super) fn action_list(actions: &[(String, Vec<String>)], korean: bool) -> String {
    actions
        .iter()
        .map(|(t, vs)| {
            let known: Vec<&str> = vs
                .iter()
                .map(String::as_str)
                .filter(|v| !v.eq_ignore_ascii_case("unknown"))
                .collect();
            match (korean, known.is_empty()) {
                (true, true) => format!("{}({t})", action_ko(t)),
                (true, false) => format!("{}({t}; 세부 유형: {})", action_ko(t), known.join(", ")),
                (false, true) => t.clone(),
                (false, false) => format!("{t} ({})", known.join(", ")),
            }
        })
        .collect::<Vec<_>>()
        .join(if korean { ", " } else { "; " })
}

// ------------------------------------------------------------------------------------------
// Where

/// Where the affected people are assumed to live, and what that rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Residence {
    /// The `by_jurisdiction` code (`US-SC`, `JP`), if any country is known.
    pub code: Option<String>,
    /// The victim's valid ISO 3166-1 countries (for `established_in`).
    pub countries: Vec<String>,
    /// What had to be noted about the source's country and state.
    pub notes: Vec<String>,
}

/// Reads a VERIS victim country list and state into a `by_jurisdiction` code.
pub fn residence(countries: &[String], state: Option<&str>) -> Residence {
    let mut notes = Vec::new();
    let mut valid: Vec<String> = Vec::new();
    for c in countries {
        let up = c.trim().to_ascii_uppercase();
        if vocab::is_country(&up) {
            if !valid.contains(&up) {
                valid.push(up);
            }
        } else if !up.eq_ignore_ascii_case("unknown") && !up.is_empty() {
            notes.push(format!(
                "the victim country `{c}` is not an ISO 3166-1 code"
            ));
        }
    }
    let Some(country) = valid.first().cloned() else {
        return Residence {
            code: None,
            countries: valid,
            notes,
        };
    };
    if valid.len() > 1 {
        notes.push(format!(
            "the victim is in several countries ({}); everyone is counted under the first",
            valid.join(", ")
        ));
    }
    let code = match state.map(|s| geo::read_state(&country, s)) {
        None | Some(StateReading::None) => country.clone(),
        Some(StateReading::Code { code, by_name }) => {
            if by_name {
                notes.push(format!(
                    "the state name `{}` is read as `{code}`",
                    state.unwrap_or_default().trim()
                ));
            }
            code
        }
        Some(StateReading::Several(codes)) => {
            notes.push(format!(
                "the source names several states ({}) without a split, so everyone is counted \
                 under `{country}`",
                codes.join(", ")
            ));
            country.clone()
        }
        Some(StateReading::Unreadable) => {
            notes.push(format!(
                "the state `{}` is not an ISO 3166-2 subdivision of {country}, so only the \
                 country is used",
                state.unwrap_or_default().trim()
            ));
            country.clone()
        }
    };
    Residence {
        code: Some(code),
        countries: valid,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varieties_map_to_categories_or_labelled_other() {
        let m = map_variety("Medical");
        assert_eq!(m.category, "health");
        assert_eq!(m.en, "Medical records (VERIS: Medical)");
        assert_eq!(m.ko, "의료 기록(VERIS: Medical)");
        let m = map_variety("Personal");
        assert_eq!(m.ko, "개인정보(세부 항목 미상, VERIS: Personal)");
        assert_eq!(
            m.en,
            "Personal information (items not specified; VERIS: Personal)"
        );
        assert_eq!(map_variety("Payment").category, "card_number");
        assert_eq!(map_variety("Bank").category, "bank_account");
        assert_eq!(map_variety("Credentials").category, "authentication_secret");
        for v in [
            "Personal",
            "Sensitive Personal",
            "Secrets",
            "Internal",
            "Classified",
            "Copyrighted",
            "System",
            "Unknown",
            "Other",
            "Source code",
            "Virtual currency",
            "Digital certificate",
            "Personal - Name",
        ] {
            let m = map_variety(v);
            assert_eq!(m.category, "other", "{v}");
            assert!(m.ko.contains(v) && m.en.contains(v), "{m:?}");
            assert!(!m.ko.ends_with('등') && !m.ko.contains(" 등"), "{}", m.ko);
        }
        for c in [
            "health",
            "card_number",
            "bank_account",
            "authentication_secret",
        ] {
            assert!(vocab::category(c).is_some(), "{c}");
        }
    }

    fn acts(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        list.iter()
            .map(|(t, vs)| (t.to_string(), vs.iter().map(|v| v.to_string()).collect()))
            .collect()
    }

    #[test]
    fn causes_from_actions() {
        let c = map_cause(&acts(&[("error", &["Publishing error"])]));
        assert_eq!((c.kind, c.external), ("misconfiguration", false));
        assert_eq!(
            map_cause(&acts(&[("error", &["Misdelivery"])])).kind,
            "misdelivery"
        );
        assert_eq!(
            map_cause(&acts(&[("error", &["Loss"])])).kind,
            "lost_or_stolen"
        );
        assert_eq!(
            map_cause(&acts(&[("error", &["Disposal error"])])).kind,
            "other"
        );
        assert_eq!(
            map_cause(&acts(&[("physical", &["Theft"])])).kind,
            "lost_or_stolen"
        );
        assert_eq!(
            map_cause(&acts(&[("misuse", &["Privilege abuse"])])).kind,
            "insider_misuse"
        );
        let c = map_cause(&acts(&[
            ("social", &["Phishing"]),
            ("hacking", &["Unknown"]),
        ]));
        assert_eq!((c.kind, c.external), ("hacking", true));
        assert_eq!(c.from.as_deref(), Some("hacking"));
        let c = map_cause(&acts(&[("hacking", &["Use of stolen creds"])]));
        assert_eq!((c.kind, c.external), ("unauthorized_access", true));
        let c = map_cause(&acts(&[("malware", &["Ransomware"]), ("error", &["Loss"])]));
        assert_eq!((c.kind, c.external), ("malware", true));
        let c = map_cause(&acts(&[("unknown", &[])]));
        assert_eq!((c.kind, c.external, c.from), ("other", false, None));
        assert_eq!(map_cause(&[]).kind, "other");
        assert_eq!(
            action_list(
                &acts(&[("hacking", &["SQLi", "Unknown"]), ("social", &[])]),
                true
            ),
            "해킹(hacking; 세부 유형: SQLi), 사회공학 기법(social)"
        );
    }

    #[test]
    fn residence_from_country_and_state() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let r = residence(&s(&["US"]), Some("SC"));
        assert_eq!(r.code.as_deref(), Some("US-SC"));
        assert!(r.notes.is_empty());
        let r = residence(&s(&["JP"]), None);
        assert_eq!(r.code.as_deref(), Some("JP"));
        assert_eq!(r.countries, ["JP"]);
        let r = residence(&s(&["US"]), Some("Georgia"));
        assert_eq!(r.code.as_deref(), Some("US-GA"));
        assert_eq!(r.notes.len(), 1);
        let r = residence(&s(&["US"]), Some("US-IA,US-IL"));
        assert_eq!(r.code.as_deref(), Some("US"));
        assert!(r.notes[0].contains("US-IA, US-IL"), "{:?}", r.notes);
        let r = residence(&s(&["MX"]), Some("X-DF"));
        assert_eq!(r.code.as_deref(), Some("MX"));
        assert!(r.notes[0].contains("X-DF"));
        let r = residence(&s(&["Unknown"]), None);
        assert_eq!(r.code, None);
        assert!(r.notes.is_empty());
        let r = residence(&s(&["XX"]), None);
        assert_eq!(r.code, None);
        assert!(r.notes[0].contains("`XX`"));
    }
}
