//! Penalty caps: a fixed amount, a share of revenue, or (GDPR Art. 83(4)) the higher of the
//! two, and the revenue a share is computed on.
//!
//! A law may cap a penalty at a share of revenue and say which revenue: PIPA Art. 64-2(1) uses
//! total revenue (전체 매출액), which Enforcement Decree Art. 60-2(1) defines as the controller's
//! average annual revenue over the three business years before the business year of the
//! violation. A policy says so with `average_years_before_violation`; the incident gives the
//! years in `organization.revenue_by_year`. The year of the violation is taken as the year the
//! breach began (`timeline.occurred_from`, in the incident's zone), and a fiscal year as the
//! calendar year of that number. When the years are not all given, the single
//! `organization.total_revenue` is used and the outcome says which years the law asks for. A
//! "whichever is higher" cap (`whichever_higher`) compares the share with the fixed amount when
//! both are in one currency.

use chrono::Datelike;
use serde::Serialize;

use crate::incident::Incident;

use super::model::Penalty;

/// The revenue a cap is computed on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Base {
    /// The amount.
    pub amount: u64,
    /// Its currency.
    pub currency: String,
    /// The fiscal year of a single figure, or the last year of an average.
    pub fiscal_year: Option<i32>,
    /// For an average: the first and last fiscal year averaged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub averaged: Option<(i32, i32)>,
    /// Where the law asks for an average the incident does not give: the first and last
    /// fiscal year it asks for (the single `total_revenue` was used instead).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wanted: Option<(i32, i32)>,
}

/// The revenue base of `pen` for `inc`, or `None` when the cap is not revenue-based or no
/// revenue is given.
pub fn base(pen: &Penalty, inc: &Incident) -> Option<Base> {
    pen.percent_of_revenue?;
    let org = &inc.organization;
    let wanted = pen
        .average_years_before_violation
        .filter(|n| *n > 0)
        .map(|n| {
            let year = inc
                .timeline
                .occurred_from
                .instant()
                .with_timezone(&inc.timezone.0)
                .year();
            (year - n as i32, year - 1)
        });
    if let Some((first, last)) = wanted {
        let figures: Option<Vec<&crate::incident::Money>> = (first..=last)
            .map(|y| {
                org.revenue_by_year
                    .iter()
                    .find(|m| m.fiscal_year == Some(y))
            })
            .collect();
        if let Some(figures) = figures {
            let currency = figures[0].currency.clone();
            if figures.iter().all(|m| m.currency == currency) {
                let sum: u128 = figures.iter().map(|m| m.amount as u128).sum();
                let amount = (sum / figures.len() as u128).min(u64::MAX as u128) as u64;
                return Some(Base {
                    amount,
                    currency,
                    fiscal_year: Some(last),
                    averaged: Some((first, last)),
                    wanted: None,
                });
            }
        }
    }
    org.total_revenue.as_ref().map(|r| Base {
        amount: r.amount,
        currency: r.currency.clone(),
        fiscal_year: r.fiscal_year,
        averaged: None,
        wanted,
    })
}

/// `pct` percent of `amount`, in whole units. Basis points keep the arithmetic exact for caps
/// such as 3 % or 2.5 %.
pub fn percent_of(amount: u64, pct: f64) -> u64 {
    let bp = (pct * 100.0).round() as u128;
    (amount as u128 * bp / 10_000).min(u64::MAX as u128) as u64
}

/// The cap of `pen` for `inc`: amount, currency and how it was computed (English).
pub fn cap(pen: &Penalty, inc: &Incident) -> (Option<u64>, Option<String>, String) {
    let revenue = base(pen, inc);
    if pen.whichever_higher
        && let (Some(pct), Some(f)) = (pen.percent_of_revenue, &pen.fixed)
    {
        let fixed = format!(
            "{} {}",
            f.currency,
            crate::incident::validate::fmt_count(f.amount)
        );
        return match &revenue {
            Some(rev) => {
                let share = percent_of(rev.amount, pct);
                let of_revenue = format!(
                    "{pct} % of total revenue {} {}{} = {} {}",
                    rev.currency,
                    crate::incident::validate::fmt_count(rev.amount),
                    rev.fiscal_year
                        .map(|y| format!(" (fiscal year {y})"))
                        .unwrap_or_default(),
                    rev.currency,
                    crate::incident::validate::fmt_count(share)
                );
                if rev.currency == f.currency {
                    let (amount, which) = if share > f.amount {
                        (share, "the percentage is higher")
                    } else {
                        (f.amount, "the fixed amount is higher")
                    };
                    (
                        Some(amount),
                        Some(f.currency.clone()),
                        format!("{fixed} or {of_revenue}, whichever is higher: {which}"),
                    )
                } else {
                    (
                        None,
                        None,
                        format!(
                            "{fixed} or {of_revenue}, whichever is higher (not compared: the amounts are in different currencies)"
                        ),
                    )
                }
            }
            None => (
                Some(f.amount),
                Some(f.currency.clone()),
                format!(
                    "{fixed}, or {pct} % of total revenue if higher (revenue not given: `organization.total_revenue`)"
                ),
            ),
        };
    }
    match (pen.percent_of_revenue, revenue, &pen.fixed) {
        (Some(pct), Some(rev), _) => {
            let amount = percent_of(rev.amount, pct);
            let figure = format!(
                "{} {}",
                rev.currency,
                crate::incident::validate::fmt_count(rev.amount)
            );
            let basis = match (rev.averaged, rev.wanted) {
                (Some((a, b)), _) => {
                    format!("{pct} % of average annual revenue {figure} (fiscal years {a}-{b})")
                }
                (None, Some((a, b))) => format!(
                    "{pct} % of total revenue {figure}{}; the law bases it on the average annual revenue of fiscal years {a}-{b}: give them in organization.revenue_by_year",
                    rev.fiscal_year
                        .map(|y| format!(" (fiscal year {y})"))
                        .unwrap_or_default()
                ),
                (None, None) => format!(
                    "{pct} % of total revenue {figure}{}",
                    rev.fiscal_year
                        .map(|y| format!(" (fiscal year {y})"))
                        .unwrap_or_default()
                ),
            };
            (Some(amount), Some(rev.currency.clone()), basis)
        }
        (Some(pct), None, Some(f)) if inc.organization.revenue_unavailable.is_some() => (
            Some(f.amount),
            Some(f.currency.clone()),
            format!(
                "{pct} % of total revenue; the organisation {} (organization.revenue_unavailable), so the fixed cap applies",
                match inc.organization.revenue_unavailable {
                    Some(crate::incident::model::RevenueUnavailable::NoRevenue) => "has no revenue",
                    _ => "has revenue that is hard to compute",
                }
            ),
        ),
        (Some(pct), None, _) => (
            None,
            None,
            format!(
                "{pct} % of total revenue; not computed: give `organization.total_revenue` (or `organization.revenue_unavailable` where the law's fixed cap applies)"
            ),
        ),
        (None, _, Some(f)) => (Some(f.amount), Some(f.currency.clone()), "fixed cap".into()),
        (None, _, None) => (None, None, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gdpr_fine() -> Penalty {
        crate::yaml::from_str(
            "id: fine\ntitle: { ko: 과징금, en: Fine }\npercent_of_revenue: 2\nfixed: { amount: 10000000, currency: EUR }\nwhichever_higher: true\ncitation: { source: s, en: Art. 83(4) }\n",
            &crate::yaml::Limits::DEFAULT,
        )
        .unwrap()
    }

    fn with_revenue(amount: u64, currency: &str) -> Incident {
        let src = include_str!("../../examples/multi-jurisdiction.yaml").replace(
            "total_revenue: { amount: 850000000000, currency: KRW, fiscal_year: 2025 }",
            &format!(
                "total_revenue: {{ amount: {amount}, currency: {currency}, fiscal_year: 2025 }}"
            ),
        );
        crate::incident::load_str(&src).ok().unwrap().clone()
    }

    #[test]
    fn whichever_is_higher_takes_the_higher_in_one_currency() {
        // 2 % of EUR 1 billion is EUR 20 million, more than EUR 10 million.
        let (amount, cur, basis) = cap(&gdpr_fine(), &with_revenue(1_000_000_000, "EUR"));
        assert_eq!((amount, cur.as_deref()), (Some(20_000_000), Some("EUR")));
        assert!(basis.contains("the percentage is higher"), "{basis}");
        // 2 % of EUR 100 million is EUR 2 million: the fixed EUR 10 million is the cap.
        let (amount, _, basis) = cap(&gdpr_fine(), &with_revenue(100_000_000, "EUR"));
        assert_eq!(amount, Some(10_000_000));
        assert!(basis.contains("the fixed amount is higher"), "{basis}");
    }

    #[test]
    fn whichever_is_higher_does_not_compare_currencies() {
        let (amount, cur, basis) = cap(&gdpr_fine(), &with_revenue(850_000_000_000, "KRW"));
        assert_eq!((amount, cur), (None, None));
        assert!(basis.contains("not compared"), "{basis}");
        assert!(basis.contains("KRW 17,000,000,000"), "{basis}");
    }

    fn incident(revenue: &str) -> Incident {
        let text = include_str!("../../examples/coupang-2025.yaml").replace(
            "  total_revenue: { amount: 41000000000000, currency: KRW, fiscal_year: 2024 }\n",
            revenue,
        );
        let loaded = crate::incident::load_str(&text);
        assert!(loaded.ok().is_some(), "{:?}", loaded.report);
        loaded.ok().unwrap().clone()
    }

    fn surcharge() -> Penalty {
        serde_json::from_str(
            r#"{ "id": "s", "title": { "ko": "과징금", "en": "Surcharge" }, "percent_of_revenue": 3, "average_years_before_violation": 3, "citation": { "source": "pipa", "en": "PIPA Article 64-2(1)" } }"#,
        )
        .unwrap()
    }

    // Decree Art. 60-2(1): the average of the three business years before the year of the
    // violation. The Coupang breach began in 2025, so 2022-2024.
    #[test]
    fn the_base_is_the_average_of_the_three_years_before_the_breach_began() {
        let inc = incident(
            "  revenue_by_year:\n    - { amount: 30, currency: KRW, fiscal_year: 2022 }\n    - { amount: 60, currency: KRW, fiscal_year: 2023 }\n    - { amount: 90, currency: KRW, fiscal_year: 2024 }\n    - { amount: 999, currency: KRW, fiscal_year: 2025 }\n",
        );
        let b = base(&surcharge(), &inc).unwrap();
        assert_eq!(b.amount, 60);
        assert_eq!(b.averaged, Some((2022, 2024)));
    }

    #[test]
    fn a_single_figure_is_used_with_the_years_the_law_asks_for() {
        let inc = incident(
            "  total_revenue: { amount: 41000000000000, currency: KRW, fiscal_year: 2024 }\n  revenue_by_year:\n    - { amount: 1, currency: KRW, fiscal_year: 2024 }\n",
        );
        let b = base(&surcharge(), &inc).unwrap();
        assert_eq!(b.amount, 41_000_000_000_000);
        assert_eq!(b.averaged, None);
        assert_eq!(b.wanted, Some((2022, 2024)));
    }
}
