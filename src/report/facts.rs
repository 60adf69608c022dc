//! The facts a safety-measure check read, in an officer's words.
//!
//! The evaluation records each fact a condition read as a view path and its value
//! (`controls.training_days_before_discovery = 202`). An audit paper gives them as an officer
//! would write them (유출등 인지 202일 전(2025. 4. 30.) 교육 실시 / training ended 202 days before
//! discovery (30 April 2025)). A fact with no wording here is shown as the path and value, so a
//! company policy's own conditions still show what they read.

use crate::incident::{Factor, Incident, vocab};
use crate::policy::eval::Fact;

use super::Lang;
use super::format;

/// The facts, joined in the report's language.
pub fn describe(facts: &[Fact], inc: &Incident, lang: Lang) -> String {
    let mut out: Vec<String> = Vec::new();
    // Categories asked about and absent are said once: 유출 항목에 주민등록번호·여권번호 없음.
    let absent: Vec<String> = facts
        .iter()
        .filter(|f| f.value == "false")
        .filter_map(|f| category_arg(&f.path))
        .map(|c| category_name(&c, lang))
        .collect();
    for f in facts {
        if f.path == "controls.recorded" {
            continue;
        }
        if let Some(c) = category_arg(&f.path) {
            if f.value == "true" {
                out.push(match lang {
                    Lang::Ko => format!("유출 항목에 {} 있음", category_name(&c, lang)),
                    Lang::En => format!("{} among the items breached", category_name(&c, lang)),
                });
            }
            continue;
        }
        out.push(one(f, inc, lang).unwrap_or_else(|| format!("{} = {}", f.path, f.value)));
    }
    if !absent.is_empty() {
        out.push(match lang {
            Lang::Ko => format!("유출 항목에 {} 없음", absent.join("·")),
            Lang::En => format!("no {} among the items breached", absent.join(", ")),
        });
    }
    out.join(match lang {
        Lang::Ko => "; ",
        Lang::En => "; ",
    })
}

fn category_arg(path: &str) -> Option<String> {
    path.strip_prefix("has_category('")
        .and_then(|r| r.strip_suffix("')"))
        .map(str::to_string)
}

fn category_name(code: &str, lang: Lang) -> String {
    vocab::category(code).map_or_else(
        || code.to_string(),
        |c| match lang {
            Lang::Ko => c.ko.to_string(),
            Lang::En => c.en.to_lowercase(),
        },
    )
}

fn factor_name(code: &str, lang: Lang) -> String {
    let f = [
        Factor::ExcessiveAccessRights,
        Factor::FormerStaffAccess,
        Factor::SharedAccounts,
        Factor::AuthenticationMeans,
        Factor::NoLoginFailureLimit,
    ]
    .into_iter()
    .find(|f| f.code() == code);
    match (f, lang) {
        (Some(Factor::ExcessiveAccessRights), Lang::Ko) => "과다한 접근 권한".into(),
        (Some(Factor::FormerStaffAccess), Lang::Ko) => {
            "퇴직·전보자의 접근 권한·인증수단 미말소".into()
        }
        (Some(Factor::SharedAccounts), Lang::Ko) => "계정 공유".into(),
        (Some(Factor::AuthenticationMeans), Lang::Ko) => "인증수단 관리 소홀".into(),
        (Some(Factor::NoLoginFailureLimit), Lang::Ko) => "인증 실패 횟수 제한 없음".into(),
        (Some(Factor::ExcessiveAccessRights), Lang::En) => "excessive access rights".into(),
        (Some(Factor::FormerStaffAccess), Lang::En) => {
            "access or credentials of departed staff not revoked".into()
        }
        (Some(Factor::SharedAccounts), Lang::En) => "shared accounts".into(),
        (Some(Factor::AuthenticationMeans), Lang::En) => {
            "authentication means not managed safely".into()
        }
        (Some(Factor::NoLoginFailureLimit), Lang::En) => "no limit on failed log-ins".into(),
        (None, _) => code.into(),
    }
}

/// The items of a CEL list value as `[a, b]` prints it.
fn list(value: &str) -> Vec<&str> {
    value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn one(f: &Fact, inc: &Incident, lang: Lang) -> Option<String> {
    let v = f.value.as_str();
    Some(match (f.path.as_str(), lang) {
        ("controls.training_days_before_discovery", _) => {
            let last = inc
                .controls
                .as_ref()
                .and_then(|c| c.staff_training.as_ref())
                .map(|t| format::date(t.last_completed_at.0, lang));
            match (v, last, lang) {
                ("-1", _, Lang::Ko) => "유출등 인지 전 교육 기록 없음".into(),
                ("-1", _, Lang::En) => "no training recorded before discovery".into(),
                (n, Some(d), Lang::Ko) => format!("유출등 인지 {n}일 전({d}) 교육 실시"),
                (n, Some(d), Lang::En) => {
                    format!("training ended {n} days before discovery ({d})")
                }
                (n, None, Lang::Ko) => format!("유출등 인지 {n}일 전 교육 실시"),
                (n, None, Lang::En) => format!("training ended {n} days before discovery"),
            }
        }
        ("controls.training_completion_rate", _) => {
            let pct = v.parse::<f64>().ok()? * 100.0;
            match lang {
                Lang::Ko => format!("교육 이수율 {pct:.0}%"),
                Lang::En => format!("{pct:.0} % of handlers completed the training"),
            }
        }
        ("controls.log_retention_months", Lang::Ko) => format!("접속기록 {v}개월 보관"),
        ("controls.log_retention_months", Lang::En) => format!("access records kept {v} months"),
        ("controls.log_review", Lang::Ko) => match v {
            "daily" => "접속기록 매일 점검",
            "weekly" => "접속기록 주 1회 점검",
            "monthly" => "접속기록 월 1회 점검",
            "quarterly" => "접속기록 분기 1회 점검",
            "yearly" => "접속기록 연 1회 점검",
            "never" => "접속기록 점검 안 함",
            _ => "접속기록 점검 주기 기록 없음",
        }
        .into(),
        ("controls.log_review", Lang::En) => format!("access records reviewed: {v}"),
        ("controls.unique_identifiers_encrypted", Lang::Ko) => {
            format!("고유식별정보 암호화 저장: {}", yes_no(v, lang))
        }
        ("controls.unique_identifiers_encrypted", Lang::En) => {
            format!("unique identifiers encrypted at rest: {}", yes_no(v, lang))
        }
        ("cause.factors", _) => {
            let l = list(v);
            match (l.is_empty(), lang) {
                (true, Lang::Ko) => "사고 원인에 기록된 안전조치 미흡 없음".into(),
                (true, Lang::En) => "no safety-measure lapse recorded in the cause".into(),
                (false, Lang::Ko) => format!(
                    "사고 원인: {}",
                    l.iter()
                        .map(|c| factor_name(c, lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (false, Lang::En) => format!(
                    "cause: {}",
                    l.iter()
                        .map(|c| factor_name(c, lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        ("controls.open_finding_factors", _) => {
            let l = list(v);
            match (l.is_empty(), lang) {
                (true, Lang::Ko) => "관련 미해결 감사 지적사항 없음".into(),
                (true, Lang::En) => "no open audit finding on it".into(),
                (false, Lang::Ko) => format!(
                    "미해결 감사 지적사항: {}",
                    l.iter()
                        .map(|c| factor_name(c, lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (false, Lang::En) => format!(
                    "open audit finding: {}",
                    l.iter()
                        .map(|c| factor_name(c, lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        _ => return None,
    })
}

fn yes_no(v: &str, lang: Lang) -> &'static str {
    match (v, lang) {
        ("true", Lang::Ko) => "예",
        (_, Lang::Ko) => "아니요",
        ("true", Lang::En) => "yes",
        (_, Lang::En) => "no",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(path: &str, value: &str) -> Fact {
        Fact {
            path: path.into(),
            value: value.into(),
        }
    }

    #[test]
    fn facts_read_as_an_officer_writes_them() {
        let inc = crate::incident::load_str(include_str!("../../examples/coupang-2025.yaml"));
        let inc = inc.ok().unwrap();
        let ko = describe(
            &[fact("controls.training_days_before_discovery", "202")],
            inc,
            Lang::Ko,
        );
        assert_eq!(ko, "유출등 인지 202일 전(2025. 4. 30.) 교육 실시");
        let ko = describe(
            &[
                fact("controls.recorded", "true"),
                fact("has_category('resident_registration_number')", "false"),
                fact("has_category('passport_number')", "false"),
            ],
            inc,
            Lang::Ko,
        );
        assert_eq!(ko, "유출 항목에 주민등록번호·여권번호 없음");
        let en = describe(
            &[fact("cause.factors", "[former_staff_access]")],
            inc,
            Lang::En,
        );
        assert_eq!(
            en,
            "cause: access or credentials of departed staff not revoked"
        );
        // A fact without wording stays as it was read.
        assert_eq!(
            describe(&[fact("affected.subjects", "5")], inc, Lang::Ko),
            "affected.subjects = 5"
        );
    }
}
