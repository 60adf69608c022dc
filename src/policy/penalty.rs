//! Penalty caps: a fixed amount, a percentage of total revenue, or (GDPR Art. 83(4)) the higher
//! of the two, computed from the incident's `organization.total_revenue`.

use crate::incident::Incident;

use super::model::Penalty;

/// The revenue a percentage cap is computed on: amount, currency, fiscal year.
pub fn revenue(inc: &Incident, pen: &Penalty) -> Option<(u64, String, Option<i32>)> {
    pen.percent_of_revenue?;
    inc.organization
        .total_revenue
        .as_ref()
        .map(|r| (r.amount, r.currency.clone(), r.fiscal_year))
}

/// The cap: amount and currency where they can be computed, and how (English).
pub fn cap(pen: &Penalty, inc: &Incident) -> (Option<u64>, Option<String>, String) {
    let revenue = inc.organization.total_revenue.as_ref();
    if pen.whichever_higher
        && let (Some(pct), Some(f)) = (pen.percent_of_revenue, &pen.fixed)
    {
        let fixed = format!(
            "{} {}",
            f.currency,
            crate::incident::validate::fmt_count(f.amount)
        );
        return match revenue {
            Some(rev) => {
                let bp = (pct * 100.0).round() as u128;
                let share = (rev.amount as u128 * bp / 10_000).min(u64::MAX as u128) as u64;
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
            // Basis points keep the arithmetic exact for caps such as 3 % or 2.5 %.
            let bp = (pct * 100.0).round() as u128;
            let amount = (rev.amount as u128 * bp / 10_000).min(u64::MAX as u128) as u64;
            (
                Some(amount),
                Some(rev.currency.clone()),
                format!(
                    "{pct} % of total revenue {} {}{}",
                    rev.currency,
                    crate::incident::validate::fmt_count(rev.amount),
                    rev.fiscal_year
                        .map(|y| format!(" (fiscal year {y})"))
                        .unwrap_or_default()
                ),
            )
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
}
