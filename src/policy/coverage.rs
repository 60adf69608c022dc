//! Coverage: what the loaded policies answer for, and what nobody assessed.
//!
//! A compliance tool that prints "none apply" for an incident whose people live where it has no
//! law is confidently wrong. So every place a law could attach is checked: each residence in
//! `affected.by_jurisdiction`, each `organization.established_in`, each securities listing and each
//! organisation role with sector law. Each is answered for by the policy families that declare it
//! in `covers` (by default, a policy covers residents and establishments in its `jurisdiction`;
//! `EU` covers every EU/EEA state). Where no version of such a family is in force on the date that
//! selects its version (`selected_by`), the result is a **not-assessed finding**: the place or
//! role, how many people, and why (no policy for it at all; or a family exists whose versions do
//! not reach that date, with the nearest one). "The law does not apply" is an assessment; "not
//! assessed" is not, and the two are never confused.

use chrono::NaiveDate;
use serde::Serialize;

use crate::incident::{Incident, Text};

use super::load::CompiledPolicy;
use super::model::{Covers, Policy, SelectedBy};

/// Organisation roles that carry sector law of their own: an incident of an organisation in such
/// a role is assessed only when a policy covers the role.
pub const SECTOR_ROLES: &[&str] = &[
    "ict_service_provider",
    "telecom_carrier",
    "credit_information_company",
    "nydfs_covered_entity",
    "hipaa_covered_entity",
    "hipaa_business_associate",
    "phr_vendor",
    "ftc_financial_institution",
    "nis2_essential_entity",
    "nis2_important_entity",
    "dora_financial_entity",
];

/// The family a policy belongs to (its `family`, else its id).
pub fn family(p: &Policy) -> &str {
    p.family.as_deref().unwrap_or(&p.id)
}

/// What a policy covers (its `covers`, else residents and establishments in its jurisdiction).
pub fn covers(p: &Policy) -> Covers {
    p.covers.clone().unwrap_or_else(|| Covers {
        jurisdictions: vec![p.jurisdiction.clone()],
        ..Covers::default()
    })
}

/// The local date that selects the version of `p` for `inc`, and the timeline field it came from
/// (the discovery date stands in for a field the incident leaves out).
pub fn selection_date(p: &Policy, inc: &Incident) -> (NaiveDate, &'static str) {
    let t = &inc.timeline;
    let (stamp, field) = match p.selected_by {
        SelectedBy::DiscoveredAt => (Some(&t.discovered_at), "discovered_at"),
        SelectedBy::IncidentDetectedAt => (t.incident_detected_at.as_ref(), "incident_detected_at"),
        SelectedBy::OccurredFrom => (Some(&t.occurred_from), "occurred_from"),
        SelectedBy::MaterialityDeterminedAt => (
            t.materiality_determined_at.as_ref(),
            "materiality_determined_at",
        ),
    };
    let (stamp, field) = match stamp {
        Some(s) => (s, field),
        None => (&t.discovered_at, "discovered_at"),
    };
    let date = stamp.instant().with_timezone(&inc.timezone.0).date_naive();
    (date, field)
}

/// Whether `p` is in force on `date`.
pub fn in_force(p: &Policy, date: NaiveDate) -> bool {
    p.effective.from.0 <= date && p.effective.until.is_none_or(|u| date <= u.0)
}

/// Where a law could attach to an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attach {
    /// Affected people live there (`affected.by_jurisdiction`).
    Residence,
    /// The organisation has an establishment there (`organization.established_in`).
    Establishment,
    /// The organisation's securities are listed there (`organization.securities`).
    Listing,
    /// The organisation has this role (`organization.kind`).
    Role,
}

impl Attach {
    /// The incident field it comes from.
    pub fn field(self) -> &'static str {
        match self {
            Attach::Residence => "affected.by_jurisdiction",
            Attach::Establishment => "organization.established_in",
            Attach::Listing => "organization.securities",
            Attach::Role => "organization.kind",
        }
    }
}

/// The version of a family nearest to a date none of them covers.
#[derive(Clone, Debug, Serialize)]
pub struct Nearest {
    /// Its id.
    pub id: String,
    /// First day in force.
    pub from: NaiveDate,
    /// Last day in force, if it has one.
    pub until: Option<NaiveDate>,
}

/// A place or role no policy in force answers for.
#[derive(Clone, Debug, Serialize)]
pub struct NotAssessed {
    /// What attaches.
    pub attach: Attach,
    /// The jurisdiction code, exchange or role.
    pub code: String,
    /// How many affected people live there (residences only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjects: Option<u64>,
    /// The family that covers it but has no version for the date, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// The date that selects the family's version (when a family exists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The timeline field that date comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_field: Option<&'static str>,
    /// The family's version nearest to that date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<Nearest>,
    /// Why, in both languages.
    pub reason: Text,
    /// Accepted as handled outside disclose (`--accept-unassessed`): still listed, but not a
    /// finding.
    pub accepted: bool,
}

fn covers_point(c: &Covers, attach: Attach, code: &str) -> bool {
    match attach {
        Attach::Residence | Attach::Establishment => c
            .jurisdictions
            .iter()
            .any(|j| j == code || j == "EU" && crate::incident::vocab::EU_EEA.contains(&code)),
        Attach::Listing => c.listings.iter().any(|l| l.eq_ignore_ascii_case(code)),
        Attach::Role => c.roles.iter().any(|r| r == code),
    }
}

/// Whether `inc` touches what `p` covers: a resident or an establishment in a covered place (a
/// covered country takes in its subdivisions; `EU` every EU/EEA state), a covered listing or a
/// covered role. A policy that covers nothing at all is always touched. Evaluation reads a
/// policy's `applies_when` only when the incident touches its coverage, so the condition of a law
/// of a place the incident has nothing to do with is never compiled; a policy's tests check that
/// its `applies_when` never holds without it (docs/policies.md, `covers`).
pub fn touches(p: &Policy, inc: &Incident) -> bool {
    let c = covers(p);
    if c.jurisdictions.is_empty() && c.roles.is_empty() && c.listings.is_empty() {
        return true;
    }
    let place = |code: &str| {
        c.jurisdictions.iter().any(|j| {
            crate::incident::vocab::takes_in(j, code)
                || j == "EU"
                    && crate::incident::vocab::EU_EEA
                        .contains(&code.split('-').next().unwrap_or(code))
        })
    };
    let org = &inc.organization;
    inc.affected.by_jurisdiction.keys().any(|k| place(k))
        || org.established_in.iter().any(|e| place(e))
        || org.securities.iter().any(|l| {
            c.listings
                .iter()
                .any(|x| x.eq_ignore_ascii_case(&l.exchange))
        })
        || org
            .kind
            .iter()
            .any(|k| c.roles.iter().any(|r| r == k.code()))
}

/// What a policy covers that the incident does not touch, as a fact: `US-AL: no resident,
/// establishment, listing or role it covers`.
pub fn untouched(p: &Policy) -> String {
    let c = covers(p);
    let what: Vec<&str> = c
        .jurisdictions
        .iter()
        .chain(&c.listings)
        .chain(&c.roles)
        .map(String::as_str)
        .collect();
    format!(
        "{}: no resident, establishment, listing or role it covers",
        what.join(", ")
    )
}

/// The places and roles of `inc` that no policy in force covers, in the order of [`Attach`] and
/// code.
pub fn not_assessed(policies: &[&CompiledPolicy], inc: &Incident) -> Vec<NotAssessed> {
    let org = &inc.organization;
    let mut points: Vec<(Attach, String, Option<u64>)> = Vec::new();
    for (code, n) in &inc.affected.by_jurisdiction {
        points.push((Attach::Residence, code.clone(), Some(*n)));
    }
    for c in &org.established_in {
        points.push((Attach::Establishment, c.clone(), None));
    }
    for l in &org.securities {
        points.push((Attach::Listing, l.exchange.clone(), None));
    }
    for k in &org.kind {
        if SECTOR_ROLES.contains(&k.code()) {
            points.push((Attach::Role, k.code().to_string(), None));
        }
    }
    points.sort();
    points.dedup();
    let mut out = Vec::new();
    for (attach, code, subjects) in points {
        let covering: Vec<&Policy> = policies
            .iter()
            .map(|p| &p.policy)
            .filter(|p| covers_point(&covers(p), attach, &code))
            .collect();
        if covering
            .iter()
            .any(|p| in_force(p, selection_date(p, inc).0))
        {
            continue;
        }
        let what = describe(attach, &code, subjects);
        let Some(first) = covering.first() else {
            let hint = if attach == Attach::Residence && code == "US" {
                (
                    " 미국의 유출 통지법은 주(州)법이므로 주별 코드(US-CA 등)로 적으십시오.",
                    " U.S. breach-notification laws are state laws: give residents by state (US-CA, US-NY, ...).",
                )
            } else {
                ("", "")
            };
            out.push(NotAssessed {
                attach,
                code,
                subjects,
                family: None,
                date: None,
                date_field: None,
                nearest: None,
                reason: Text {
                    ko: Some(format!(
                        "{}: 이를 평가하는 정책이 없습니다. 적용되는 법의 의무는 평가되지 않았습니다.{}",
                        what.0, hint.0
                    )),
                    en: Some(format!(
                        "{}: no policy assesses this; the duties of the law that applies there were not assessed.{}",
                        what.1, hint.1
                    )),
                },
                accepted: false,
            });
            continue;
        };
        let fam = family(first).to_string();
        let (date, field) = selection_date(first, inc);
        let nearest = covering
            .iter()
            .filter(|p| family(p) == fam)
            .min_by_key(|p| distance(p, date))
            .map(|p| Nearest {
                id: p.id.clone(),
                from: p.effective.from.0,
                until: p.effective.until.map(|u| u.0),
            });
        let span = nearest.as_ref().map_or(String::new(), |n| {
            format!(
                "{} ({} – {})",
                n.id,
                n.from,
                n.until.map_or(String::new(), |u| u.to_string())
            )
        });
        out.push(NotAssessed {
            attach,
            code,
            subjects,
            reason: Text {
                ko: Some(format!(
                    "{}: 정책군 {fam}에 {date}(timeline.{field}) 당시 시행 중인 판이 없습니다(가장 가까운 판: {span}). 평가되지 않았습니다.",
                    what.0
                )),
                en: Some(format!(
                    "{}: the policy family {fam} has no version in force on {date} (timeline.{field}); the nearest is {span}. Not assessed.",
                    what.1
                )),
            },
            family: Some(fam),
            date: Some(date),
            date_field: Some(field),
            nearest,
            accepted: false,
        });
    }
    if let Some(n) = health_sector_unknown(inc) {
        out.push(n);
    }
    out
}

/// The roles that decide which U.S. health-sector breach rule applies: HIPAA (45 CFR 164.400–414)
/// for covered entities and business associates, the FTC Health Breach Notification Rule
/// (16 CFR Part 318) for vendors of personal health records outside HIPAA.
const HEALTH_ROLES: &[&str] = &[
    "hipaa_covered_entity",
    "hipaa_business_associate",
    "phr_vendor",
];

/// Health information of U.S. residents leaked and no health-sector role recorded: whether HIPAA
/// or the FTC rule applies turns on `organization.kind`, which the incident does not say, so
/// neither was assessed. A finding with the code `hipaa` (`--accept-unassessed hipaa` when the
/// organisation is neither).
fn health_sector_unknown(inc: &Incident) -> Option<NotAssessed> {
    let health = inc.affected.data.iter().any(|d| {
        matches!(
            d.category.as_str(),
            "health" | "health_insurance" | "genetic"
        )
    });
    let us: u64 = inc
        .affected
        .by_jurisdiction
        .iter()
        .filter(|(k, _)| crate::incident::vocab::takes_in("US", k))
        .map(|(_, n)| n)
        .sum();
    let has_role = inc
        .organization
        .kind
        .iter()
        .any(|k| HEALTH_ROLES.contains(&k.code()));
    (health && us > 0 && !has_role).then(|| NotAssessed {
        attach: Attach::Role,
        code: "hipaa".into(),
        subjects: Some(us),
        family: None,
        date: None,
        date_field: None,
        nearest: None,
        reason: Text {
            ko: Some(format!(
                "미국 거주 정보주체 {us}명의 건강 정보가 유출되었으나 조직의 지위(organization.kind)에 hipaa_covered_entity, hipaa_business_associate, phr_vendor 중 어느 것도 없습니다. HIPAA 유출 통지 규칙이나 FTC 건강 정보 유출 통지 규칙의 적용 여부는 이 필드로 정해지므로 평가되지 않았습니다. 어느 쪽에도 해당하지 않으면 --accept-unassessed hipaa로 기록하십시오."
            )),
            en: Some(format!(
                "health information of {us} U.S. residents leaked and organization.kind names none of hipaa_covered_entity, hipaa_business_associate, phr_vendor: whether the HIPAA Breach Notification Rule or the FTC Health Breach Notification Rule applies turns on that field, so neither was assessed (record --accept-unassessed hipaa if the organisation is neither)."
            )),
        },
        accepted: false,
    })
}

/// Days from `date` to the nearest day `p` is in force.
fn distance(p: &Policy, date: NaiveDate) -> i64 {
    let from = p.effective.from.0;
    if date < from {
        return (from - date).num_days();
    }
    p.effective
        .until
        .map_or(0, |u| (date - u.0).num_days().max(0))
}

/// The attach point in words, (Korean, English).
fn describe(attach: Attach, code: &str, subjects: Option<u64>) -> (String, String) {
    let n = subjects.unwrap_or(0);
    match attach {
        Attach::Residence => (
            format!(
                "{code} 거주 정보주체 {}명",
                crate::incident::validate::fmt_count(n)
            ),
            format!(
                "{} affected {} living in {code}",
                crate::incident::validate::fmt_count(n),
                if n == 1 { "person" } else { "people" }
            ),
        ),
        Attach::Establishment => (
            format!("{code} 소재 사업장"),
            format!("The establishment in {code}"),
        ),
        Attach::Listing => (
            format!("{code} 상장 증권"),
            format!("The securities listed on {code}"),
        ),
        Attach::Role => (
            format!("조직의 지위 {code}"),
            format!("The organisation's role {code}"),
        ),
    }
}

/// Problems with the families of `policies`: overlapping versions, and holes between a family's
/// first version and its last. Each is (family, message).
pub fn family_problems(policies: &[&Policy]) -> Vec<(String, String)> {
    use std::collections::BTreeMap;
    let mut by_family: BTreeMap<&str, Vec<&Policy>> = BTreeMap::new();
    for p in policies {
        by_family.entry(family(p)).or_default().push(p);
    }
    let mut out = Vec::new();
    for (fam, mut versions) in by_family {
        versions.sort_by_key(|p| p.effective.from.0);
        for w in versions.windows(2) {
            let (a, b) = (w[0], w[1]);
            let Some(until) = a.effective.until else {
                out.push((
                    fam.to_string(),
                    format!(
                        "{} has no end date but {} starts on {}: the versions overlap",
                        a.id, b.id, b.effective.from.0
                    ),
                ));
                continue;
            };
            let next = until.0.succ_opt();
            if next != Some(b.effective.from.0) {
                out.push((
                    fam.to_string(),
                    if b.effective.from.0 <= until.0 {
                        format!(
                            "{} (until {}) and {} (from {}) overlap",
                            a.id, until.0, b.id, b.effective.from.0
                        )
                    } else {
                        format!(
                            "no version between {} (until {}) and {} (from {})",
                            a.id, until.0, b.id, b.effective.from.0
                        )
                    },
                ));
            }
        }
    }
    out
}
