//! How outcomes are worded in reports: rule titles with their basis, status labels, durations,
//! penalty caps and their basis, the clock of a duty with no fixed period, and who a first-phase
//! notice reached. Kept apart from [`super::context`], which assembles the values templates see,
//! so that each stays readable; everything here returns text in the report's language.

use std::collections::BTreeMap;

use crate::incident::{Incident, Text, vocab};
use crate::policy::eval::{Evaluation, Status};

use super::format;
use super::{Lang, Terms};

/// Text written by people (the incident's, a policy's) as reports show it: on one line (see
/// [`super::one_line`]) with control and invisible characters written out as `‹U+202E›` (see
/// [`crate::yaml::visible`]), so that it shows the same in every output, including the PDF's
/// running header and metadata and the HTML title, which no template escapes and whose font
/// has no glyph for a line separator or a bidirectional control.
pub(super) fn shown(s: &str) -> String {
    crate::yaml::visible(&super::one_line(s)).into_owned()
}

pub(super) fn text(t: &Text, lang: Lang) -> String {
    shown(t.get(lang.code()).unwrap_or_default())
}

/// A rule's title with its basis when that is not the statute: `… [내부 기준(법정 요건 아님)]`,
/// so that every report and every template shows a threshold the law does not set as such.
pub(super) fn with_basis(title: String, basis: &str) -> String {
    if basis.is_empty() {
        title
    } else {
        format!("{title} [{basis}]")
    }
}

/// A rule's basis in words: empty for the statute, the term for guidance or an internal standard.
pub(super) fn basis_label(terms: &BTreeMap<String, String>, basis: &str) -> String {
    match basis {
        "statute" => String::new(),
        b => terms
            .get(&format!("basis_{b}"))
            .cloned()
            .unwrap_or_default(),
    }
}

pub(super) fn status_label(terms: &BTreeMap<String, String>, status: &str) -> String {
    terms
        .get(&format!("status_{status}"))
        .cloned()
        .unwrap_or_else(|| status.to_string())
}

/// A policy duration (`30d`, `72h`, `4 business_days`) in Korean.
pub(super) fn within_ko(w: &str) -> String {
    let n: String = w.chars().take_while(char::is_ascii_digit).collect();
    match &w[n.len()..] {
        "d" => format!("{n}일"),
        "h" => format!("{n}시간"),
        _ => format!("영업일 {n}일"),
    }
}

/// A policy duration in English words.
pub(super) fn within_en(w: &str) -> String {
    let n: String = w.chars().take_while(char::is_ascii_digit).collect();
    match &w[n.len()..] {
        "d" => format!("{n} days"),
        "h" => format!("{n} hours"),
        _ => format!("{n} business days"),
    }
}

pub(super) fn penalty_basis(p: &crate::policy::eval::PenaltyOutcome, lang: Lang) -> String {
    if let (Some((amount, cur)), Some(pct)) = (&p.higher_of_fixed, p.percent_of_revenue) {
        let fixed = format::money(*amount, cur, lang);
        let revenue = p.revenue.as_ref().map(|r| {
            let share = crate::policy::penalty::percent_of(r.amount, pct);
            (
                format::money(r.amount, &r.currency, lang),
                format::money(share, &r.currency, lang),
                r.fiscal_year,
            )
        });
        return match (revenue, lang) {
            (Some((rev, share, year)), Lang::En) => format!(
                "{fixed} or {pct}% of total worldwide annual turnover of the preceding financial year, whichever is higher ({pct}% of {rev}{} is {share})",
                year.map(|y| format!(" for fiscal year {y}"))
                    .unwrap_or_default()
            ),
            (Some((rev, share, year)), Lang::Ko) => format!(
                "{fixed} 또는 직전 회계연도 전 세계 연간 매출액의 {pct}% 중 높은 금액({}매출액 {rev}의 {pct}%는 {share})",
                year.map(|y| format!("{y} 회계연도 ")).unwrap_or_default()
            ),
            (None, Lang::En) => format!(
                "{fixed} or {pct}% of total worldwide annual turnover of the preceding financial year, whichever is higher (turnover not given: organization.total_revenue)"
            ),
            (None, Lang::Ko) => format!(
                "{fixed} 또는 직전 회계연도 전 세계 연간 매출액의 {pct}% 중 높은 금액(매출액 미기재: organization.total_revenue)"
            ),
        };
    }
    match (p.percent_of_revenue, &p.revenue, lang) {
        (Some(pct), Some(r), Lang::Ko) => {
            let money = format::money(r.amount, &r.currency, lang);
            match (r.averaged, r.wanted) {
                (Some((a, b)), _) => format!(
                    "{a}~{b} 회계연도(위반행위가 있었던 사업연도 직전 3개 사업연도) 연평균 매출액 {money}의 {pct}%"
                ),
                (None, Some((a, b))) => format!(
                    "{}전체 매출액 {money}의 {pct}% (법령은 {a}~{b} 회계연도의 연평균 매출액을 기준으로 하므로, 연도별 매출액(organization.revenue_by_year)을 기재하면 그 기준으로 산정합니다)",
                    r.fiscal_year
                        .map(|y| format!("{y} 회계연도 "))
                        .unwrap_or_default()
                ),
                (None, None) => format!(
                    "{}전체 매출액 {money}의 {pct}%",
                    r.fiscal_year
                        .map(|y| format!("{y} 회계연도 "))
                        .unwrap_or_default()
                ),
            }
        }
        (Some(pct), Some(r), Lang::En) => {
            let money = format::money(r.amount, &r.currency, lang);
            match (r.averaged, r.wanted) {
                (Some((a, b)), _) => format!(
                    "{pct}% of the average annual revenue of fiscal years {a}-{b} (the business years before the violation), {money}"
                ),
                (None, Some((a, b))) => format!(
                    "{pct}% of total revenue of {money}{} (the law bases it on the average annual revenue of fiscal years {a}-{b}: give organization.revenue_by_year to compute on that basis)",
                    r.fiscal_year
                        .map(|y| format!(" (fiscal year {y})"))
                        .unwrap_or_default()
                ),
                (None, None) => format!(
                    "{pct}% of total revenue of {money}{}",
                    r.fiscal_year
                        .map(|y| format!(" (fiscal year {y})"))
                        .unwrap_or_default()
                ),
            }
        }
        (Some(pct), None, Lang::Ko) if p.max_amount.is_some() => {
            format!("전체 매출액의 {pct}% (매출액이 없거나 산정이 곤란하여 정액 상한 적용)")
        }
        (Some(pct), None, Lang::En) if p.max_amount.is_some() => format!(
            "{pct}% of total revenue (no revenue, or revenue hard to compute: the fixed cap applies)"
        ),
        (Some(pct), None, Lang::Ko) => format!(
            "전체 매출액의 {pct}% (산정하지 않음: organization.total_revenue를 기재하십시오)"
        ),
        (Some(pct), None, Lang::En) => {
            format!("{pct}% of total revenue (not computed: give organization.total_revenue)")
        }
        (None, _, Lang::Ko) => "법정 정액 상한".to_string(),
        (None, _, Lang::En) => "fixed statutory cap".to_string(),
    }
}

/// The clock of a duty with no fixed period as reports give it: the time elapsed since its start
/// and its review point with the point's source, labelled as guidance or company policy, never
/// statute. Empty for a duty with a deadline.
pub(super) fn undue_text(
    o: &crate::policy::eval::ObligationOutcome,
    zone: chrono_tz::Tz,
    lang: Lang,
    terms: &Terms,
) -> String {
    use crate::policy::model::ReviewBasis;
    let Some(u) = &o.undue else {
        return String::new();
    };
    let action = crate::policy::clock::ActionClock::parse(&u.from);
    let from = match (action, u.from.as_str(), lang) {
        (Some(a), _, Lang::Ko) => match a.to {
            Some(to) => format!(
                "{}에 대한 {}",
                terms.recipient(to, lang),
                terms.action_kind(a.kind, lang)
            ),
            None => terms.action_kind(a.kind, lang),
        },
        (Some(a), _, Lang::En) => match a.to {
            Some(to) => format!(
                "the {} to {}",
                terms.action_kind(a.kind, lang),
                terms.recipient(to, lang)
            ),
            None => format!("the {}", terms.action_kind(a.kind, lang)),
        },
        (None, "discovered_at", Lang::Ko) => "유출등을 알게 된 때".to_string(),
        (None, "discovered_at", Lang::En) => "awareness".to_string(),
        (None, f, _) => format!("timeline.{f}"),
    };
    let mut s = match (u.since, u.elapsed, lang) {
        (Some(since), Some(e), Lang::Ko) => format!(
            ", {from}({})부터 {} 경과",
            format::datetime(since, zone, lang),
            format::duration(e, lang)
        ),
        (Some(since), Some(e), Lang::En) => format!(
            ", {} since {from} ({})",
            format::duration(e, lang),
            format::datetime(since, zone, lang)
        ),
        (_, _, Lang::Ko) => format!(", 기산점({from}) 미도래"),
        (_, _, Lang::En) => format!(", its clock starts at {from}, not yet taken"),
    };
    if let Some(r) = &u.review {
        let basis = match (r.basis, lang) {
            (ReviewBasis::Guidance, Lang::Ko) => "감독기관 지침",
            (ReviewBasis::Guidance, Lang::En) => "regulator guidance",
            (ReviewBasis::Company, Lang::Ko) => "회사 내부 기준",
            (ReviewBasis::Company, Lang::En) => "company policy",
        };
        let cite = match lang {
            Lang::Ko => shown(r.citation.ko.as_deref().unwrap_or(&r.citation.en)),
            Lang::En => shown(&r.citation.en),
        };
        let at =
            r.at.map(|a| format::datetime(a, zone, lang))
                .unwrap_or_default();
        s.push_str(&match lang {
            Lang::Ko => format!(
                "; 검토 시점 {}{}(기산점부터 {}, {basis}: {cite}, 법정 기한 아님)",
                at,
                if at.is_empty() { "" } else { " " },
                within_ko(&r.after)
            ),
            Lang::En => format!(
                "; review point {}{}({} after the start; {basis}, not statute: {cite})",
                at,
                if at.is_empty() { "" } else { " " },
                within_en(&r.after)
            ),
        });
    }
    s
}

/// How many people the law of `o`'s policy covers: the residents of its jurisdiction (all
/// EU/EEA states for `EU`), or `None` where the incident does not say (no count for that place).
fn covered(inc: &Incident, jurisdiction: &str) -> Option<u64> {
    let by = &inc.affected.by_jurisdiction;
    if jurisdiction == "EU" {
        let n: u64 = by
            .iter()
            .filter(|(k, _)| vocab::EU_EEA.contains(&k.as_str()))
            .map(|(_, v)| v)
            .sum();
        return (n > 0).then_some(n);
    }
    by.get(jurisdiction).copied()
}

/// For a notice to data subjects met by an action that reached fewer people than the law
/// covers (a first phase): who was reached by it, and when the others were reached, or that they were
/// not. Empty when the action reached everyone, or the counts are not recorded.
pub(super) fn partial_notice(
    inc: &Incident,
    ev: &Evaluation,
    o: &crate::policy::eval::ObligationOutcome,
    lang: Lang,
) -> String {
    let Status::Met { action, .. } = o.status else {
        return String::new();
    };
    // Notices only: a report to a regulator may give a first count and be supplemented in
    // phases (PIPA Decree Art. 40, GDPR Art. 33(4)); each person is owed their own notice.
    if o.kind != "subject_notice" {
        return String::new();
    }
    // A phased duty whose later phases are judged against when their facts were confirmed
    // (PIPA Decree Art. 39(2)) already says who each phase reached and whether it was in time.
    if o.follow_up.is_some() {
        return String::new();
    }
    let Some(first) = inc.actions.get(action) else {
        return String::new();
    };
    let Some(reached) = first.subjects else {
        return String::new();
    };
    let jurisdiction = ev
        .policies
        .iter()
        .find(|p| p.id == o.policy)
        .map(|p| p.jurisdiction.as_str())
        .unwrap_or_default();
    let Some(total) = covered(inc, jurisdiction) else {
        return String::new();
    };
    if reached >= total {
        return String::new();
    }
    let zone = inc.timezone.0;
    let who = |n: u64| format::people(n, inc.affected.counted_as, lang);
    // The later action of the same kind (and recipient) that reached the most people.
    let later = inc
        .actions
        .iter()
        .filter(|a| a.kind == first.kind && a.to == first.to && a.at.instant() > first.at.instant())
        .filter(|a| a.at.instant() <= ev.as_of)
        .max_by_key(|a| (a.subjects.unwrap_or(0), std::cmp::Reverse(a.at.instant())));
    let due = o.due.as_ref().map(|d| d.local);
    match (later, lang) {
        (Some(a), Lang::En) => format!(
            "{} of {} reached on {}; the others on {}{}",
            who(reached),
            who(total),
            format::datetime(first.at.instant(), zone, lang),
            format::datetime(a.at.instant(), zone, lang),
            match due {
                Some(d) if a.at.instant() > d => ", after the deadline",
                _ => "",
            }
        ),
        (Some(a), Lang::Ko) => format!(
            "{} 중 {}에게 {} 이행, 나머지는 {}{}",
            who(total),
            who(reached),
            format::datetime(first.at.instant(), zone, lang),
            format::datetime(a.at.instant(), zone, lang),
            match due {
                Some(d) if a.at.instant() > d => " (기한 후)",
                _ => "",
            }
        ),
        (None, Lang::En) => format!(
            "{} of {} reached on {}; the others not yet",
            who(reached),
            who(total),
            format::datetime(first.at.instant(), zone, lang)
        ),
        (None, Lang::Ko) => format!(
            "{} 중 {}에게 {} 이행, 나머지는 아직 이행하지 않음",
            who(total),
            who(reached),
            format::datetime(first.at.instant(), zone, lang)
        ),
    }
}

/// A missing fact of an unknown status, in the report's language: an action a clock waits for
/// ("an action of kind `regulator_report` to `HHS` ...") is named in words (in Korean, "미국
/// 보건복지부에 대한 유출등의 신고 기록 (기한의 기산점)"); a field path or any other fact is kept
/// as the evaluator wrote it.
pub(super) fn missing_fact(text: &str, lang: Lang, terms: &Terms) -> String {
    let Some(a) = crate::policy::clock::ActionClock::from_missing(text) else {
        return text.to_string();
    };
    let action = terms.action_kind(a.kind, lang);
    match (a.to, lang) {
        (Some(to), Lang::Ko) => format!(
            "{}에 대한 {action} 기록(기한의 기산점)",
            terms.recipient(to, lang)
        ),
        (None, Lang::Ko) => format!("{action} 기록(기한의 기산점)"),
        (Some(to), Lang::En) => format!(
            "a recorded {action} to the {} (the clock starts at it)",
            terms.recipient(to, lang)
        ),
        (None, Lang::En) => format!("a recorded {action} (the clock starts at it)"),
    }
}

/// [`missing_fact`] for each fact, joined with commas.
pub(super) fn missing_facts(missing: &[String], lang: Lang, terms: &Terms) -> String {
    missing
        .iter()
        .map(|m| missing_fact(m, lang, terms))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod missing_tests {
    use super::*;

    #[test]
    fn a_missing_action_is_named_in_the_report_language() {
        let terms = Terms::builtin().unwrap();
        let hhs = crate::policy::clock::ActionClock::parse("action:regulator_report:HHS")
            .unwrap()
            .missing();
        assert_eq!(
            missing_fact(&hhs, Lang::Ko, &terms),
            "미국 보건복지부에 대한 유출등의 신고 기록(기한의 기산점)"
        );
        assert_eq!(
            missing_fact(&hhs, Lang::En, &terms),
            "a recorded breach report to the U.S. Department of Health and Human Services (HHS) (the clock starts at it)"
        );
        let notice = crate::policy::clock::ActionClock::parse("action:subject_notice")
            .unwrap()
            .missing();
        assert_eq!(
            missing_fact(&notice, Lang::Ko, &terms),
            "정보주체에 대한 통지 기록(기한의 기산점)"
        );
        assert_eq!(
            missing_fact("timeline.incident_detected_at", Lang::Ko, &terms),
            "timeline.incident_detected_at"
        );
    }
}
