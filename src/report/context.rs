//! The data a report template sees: every value already formatted for the report's language.
//!
//! Templates stay simple (no date or number formatting in Tera) and the same context serves the
//! Korean and English templates of a report. User-written text reaches templates as plain
//! strings and is escaped when printed (`.md` templates escape Markdown); values disclose composes
//! itself, such as dates and counts, contain no markup.
//!
//! The variables are listed in `docs/templates.md`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::incident::{Incident, vocab};
use crate::policy::eval::{Evaluation, Status};
use crate::policy::load::CompiledPolicy;

use super::format;
use super::wording::{
    basis_label, missing_facts, partial_notice, penalty_basis, shown, status_label, text,
    undue_text, with_basis, within_en, within_ko,
};
use super::{Lang, Provenance, ReportKind, Terms};

/// One leaked item.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// Its name in the report's language (the entry's own label, or the vocabulary's name).
    pub name: String,
    /// The category code.
    pub category: String,
    /// Its legal class.
    pub class: String,
    /// Affected subjects, formatted, or empty when not given.
    pub subjects: String,
}

/// A dated entry: a timeline point, an action, a countermeasure.
#[derive(Clone, Debug, Serialize)]
pub struct Dated {
    /// Formatted time.
    pub when: String,
    /// What.
    pub text: String,
}

/// A recorded action.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRow {
    /// Formatted time.
    pub when: String,
    /// What, in words.
    pub text: String,
    /// The action kind, e.g. `subject_notice`.
    pub kind: String,
    /// The recipient code, or empty.
    pub to: String,
    /// Channels, in words of the code (`sms`, `email`, ...).
    pub channels: Vec<String>,
    /// `initial`, `supplementary`, `final` or empty.
    pub phase: String,
    /// For a posting: when it ended, formatted, or empty.
    pub until: String,
    /// For a posting that ended: how many whole days it lasted (0 otherwise). A notice does not
    /// print an end that falls short of the period the law requires.
    pub days: i64,
    /// How many people it covered, formatted with the unit, or empty.
    pub subjects: String,
    /// For a later phase: when the facts it adds were confirmed, formatted, or empty.
    pub confirmed: String,
}

/// An obligation row.
#[derive(Clone, Debug, Serialize)]
pub struct ObligationRow {
    /// The policy's id.
    pub policy: String,
    /// The obligation's id in the policy, e.g. `report-pipc`.
    pub id: String,
    /// Its kind, e.g. `regulator_report`.
    pub kind: String,
    /// The triggers that fired, in words.
    pub triggers: Vec<String>,
    /// The law's short name.
    pub law: String,
    /// The obligation.
    pub title: String,
    /// `met`, `missed`, `pending`, `unknown`.
    pub status: String,
    /// The status in words.
    pub status_label: String,
    /// Formatted due time, or "without undue delay".
    pub due: String,
    /// The due time in UTC.
    pub due_utc: String,
    /// What was done and when, or how late.
    pub outcome: String,
    /// For an obligation met by an action that reached only some of the people its law
    /// covers: who was reached in time and who later (empty otherwise). The status label is
    /// then "Partly met".
    pub partial: String,
    /// The provision.
    pub citation: String,
    /// Whether the rule is confirmed.
    pub confirmed: bool,
    /// What the rule rests on, in words, when it is not the statute (e.g. 내부 기준(법정 요건
    /// 아님)); empty for a statutory rule.
    pub basis: String,
}

/// A control row.
#[derive(Clone, Debug, Serialize)]
pub struct ControlRow {
    /// The law's short name.
    pub law: String,
    /// The requirement.
    pub title: String,
    /// `pass`, `gap`, `not_applicable`, `unknown`.
    pub status: String,
    /// The status in words.
    pub status_label: String,
    /// Severity.
    pub severity: String,
    /// What a gap means (empty unless a gap).
    pub finding: String,
    /// The facts read, formatted.
    pub facts: String,
    /// The provision.
    pub citation: String,
    /// Whether the rule is confirmed.
    pub confirmed: bool,
    /// What the rule rests on, in words, when it is not the statute; empty for a statutory rule.
    pub basis: String,
    /// True where a gap is inferred from the incident's facts (a likely gap).
    pub presumed: bool,
    /// Where the audit report lists it: `training`, `audit` or `other`.
    pub area: String,
}

/// A penalty row.
#[derive(Clone, Debug, Serialize)]
pub struct PenaltyRow {
    /// The law's short name.
    pub law: String,
    /// What it is.
    pub title: String,
    /// The cap, formatted.
    pub cap: String,
    /// How it was computed.
    pub basis: String,
    /// The provision.
    pub citation: String,
    /// Whether the rule is confirmed.
    pub confirmed: bool,
}

/// Another violation the facts show.
#[derive(Clone, Debug, Serialize)]
pub struct ViolationRow {
    /// The law's short name.
    pub law: String,
    /// What it is.
    pub title: String,
    /// What it means.
    pub finding: String,
    /// The provision violated.
    pub citation: String,
    /// Whether the rule is confirmed.
    pub confirmed: bool,
}

/// An audit finding from the incident's third-party audit.
#[derive(Clone, Debug, Serialize)]
pub struct AuditFinding {
    /// Severity.
    pub severity: String,
    /// What was found.
    pub text: String,
    /// Whether it was fixed.
    pub resolved: bool,
}

/// A statutory content item and whether the incident fills it.
#[derive(Clone, Debug, Serialize)]
pub struct ContentRow {
    /// Its id.
    pub id: String,
    /// What it is.
    pub title: String,
    /// The incident field that fills it.
    pub field: String,
    /// False only when the item is missing; placeholder text counts as present here (the
    /// document can be drafted) and is flagged by `state`.
    pub present: bool,
    /// `present`, `missing`, `placeholder` (the field holds placeholder text), `to_write` (no
    /// incident field fills it: the organisation writes it), `not_needed` (needed only when
    /// the report is late, and it is not) or `undetermined` (Form 8-K Item 1.05 impact not yet
    /// determined: the filing says so, Instruction 2).
    pub state: String,
    /// The provision.
    pub citation: String,
    /// Whether the item (its wording or its requirement) is confirmed.
    pub confirmed: bool,
    /// The report kind whose obligation requires it.
    pub report: String,
}

/// A certification the organisation held.
#[derive(Clone, Debug, Serialize)]
pub struct CertificationRow {
    /// Its name, e.g. ISO/IEC 27001.
    pub name: String,
    /// Valid until, formatted.
    pub valid_until: String,
    /// True when it had expired before the breach was discovered (no control then).
    pub expired: bool,
}

/// Notification coverage of one place (see [`crate::policy::notified`]).
#[derive(Clone, Debug, Serialize)]
pub struct CoverageRow {
    /// The ISO 3166 code.
    pub jurisdiction: String,
    /// People affected there, formatted.
    pub affected: String,
    /// People the recorded notices reached, formatted, or empty when not determinable.
    pub reached: String,
    /// People not notified, formatted, or empty when not determinable.
    pub remaining: String,
    /// True when some are not notified.
    pub open: bool,
    /// The laws whose notice duty reaches them (short names), joined.
    pub required_by: String,
    /// True when people there have no notice although a law requires one and its duty is met or
    /// missed.
    pub finding: bool,
    /// Why the count is not determinable, or empty.
    pub note: String,
}

/// A place or role no policy in force assesses.
#[derive(Clone, Debug, Serialize)]
pub struct NotAssessedRow {
    /// The jurisdiction code, exchange or role.
    pub code: String,
    /// Why, in the report's language.
    pub reason: String,
    /// Accepted as handled outside disclose.
    pub accepted: bool,
}

/// The letters of a notice to people, as the report needs them: a template sees a list either
/// way (`letters`), of subject-notice letters or of U.S. state letters.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Letters {
    /// Subject notice: one letter per group of people who lost the same items.
    Subject(Vec<super::letters::Letter>),
    /// U.S. consumer notice: one letter per group of states with the same content rules.
    Us(Vec<super::us_letter::UsLetter>),
}

/// Everything a report template sees.
#[derive(Clone, Debug, Serialize)]
pub struct ReportContext {
    /// `ko` or `en`.
    pub lang: &'static str,
    /// The report kind's id.
    pub report: &'static str,
    /// Who reads it: `regulator`, `data_subjects`, `public` or `internal_audit` (see
    /// [`super::Audience`]).
    pub audience: &'static str,
    /// The short document reference a letter may carry: `<incident id>/<report>.<lang>`.
    pub document_ref: String,
    /// The notice date in the reader's form (see [`super::letter`]): `2025년 11월 29일`,
    /// `29 November 2025`, `November 29, 2025` for a U.S. reader.
    pub notice_date: String,
    /// The sender block: organisation, representative's title and name, address.
    pub sender: super::letter::Sender,
    /// The report's title.
    pub report_title: String,
    /// True for a draft (watermarked, missing items marked).
    pub draft: bool,
    /// The term table in this language.
    pub t: BTreeMap<String, String>,
    /// The incident id.
    pub id: String,
    /// The incident's title.
    pub title: String,
    /// The organisation's name.
    pub org: String,
    /// The incident's zone.
    pub timezone: String,
    /// Counts.
    pub subjects: String,
    /// Affected records, formatted, or empty.
    pub records: String,
    /// The leaked items, one per entry, never merged.
    pub items: Vec<Item>,
    /// The letters of a notice to people: for the subject notice one per group of people who
    /// lost the same items, each with its items and no counts (see [`super::letters`]); for the
    /// U.S. consumer notice one per group of states with the same content rules (see
    /// [`super::us_letter`]).
    pub letters: Letters,
    /// How a person can check which of their items leaked (`affected.lookup`), or empty.
    pub lookup: String,
    /// Who cannot be notified individually (`affected.unreachable.who`), or empty.
    pub unreachable: String,
    /// The authorities the breach was reported to (recorded reports, in order, each once), by
    /// name: letters tell people the breach was reported and that the company cooperates.
    pub reported_to: Vec<String>,
    /// Subjects by jurisdiction: (code, formatted count).
    pub jurisdictions: Vec<(String, String)>,
    /// Formatted timeline points: occurred, discovered, contained, ...
    pub timeline: BTreeMap<String, String>,
    /// The recorded timeline fields in time order (keys of `timeline`).
    pub key_times: Vec<String>,
    /// Certifications: name, validity date, and whether it had expired before the breach was
    /// discovered.
    pub certifications: Vec<CertificationRow>,
    /// How it happened.
    pub cause: String,
    /// Whether the access came from outside.
    pub external: bool,
    /// What affected people can do.
    pub guidance: Vec<String>,
    /// What people who lost a particular item can do (`affected.data[].guidance`), every item.
    pub item_guidance: Vec<String>,
    /// Countermeasures taken.
    pub remediation: Vec<Dated>,
    /// The remedy procedure.
    pub remedy: String,
    /// The contact department and details.
    pub contact: BTreeMap<String, String>,
    /// The privacy officer.
    pub officer: BTreeMap<String, String>,
    /// The risk assessment: level, justification, consequences (empty strings when absent).
    pub risk: BTreeMap<String, String>,
    /// What has been done: actions, formatted.
    pub actions: Vec<ActionRow>,
    /// Obligations that apply, soonest due first.
    pub obligations: Vec<ObligationRow>,
    /// Control findings.
    pub controls: Vec<ControlRow>,
    /// Penalty exposure.
    pub penalties: Vec<PenaltyRow>,
    /// Third-party audit: auditor, standard, date (empty when absent).
    pub audit: BTreeMap<String, String>,
    /// Its findings.
    pub audit_findings: Vec<AuditFinding>,
    /// Staff training: last, rate, handlers (empty when absent).
    pub training: BTreeMap<String, String>,
    /// The statutory content items this report must contain, and whether each is filled.
    pub content: Vec<ContentRow>,
    /// The laws that apply: short name and full title.
    pub laws: Vec<(String, String)>,
    /// Laws assessed as imposing no duty to notify or report on this incident's date: (short
    /// name, why).
    pub no_duty: Vec<(String, String)>,
    /// Places and roles no policy in force assesses: why, and whether the user accepted it as
    /// handled outside disclose.
    pub not_assessed: Vec<NotAssessedRow>,
    /// Other violations the facts show (not breach duties, e.g. provision without a legal basis).
    pub violations: Vec<ViolationRow>,
    /// Notification coverage per place in `affected.by_jurisdiction`.
    pub coverage: Vec<CoverageRow>,
    /// Facts the notices state: `law_enforcement_delay` (`yes`, `no` or empty),
    /// `services_provider`, `services_months`, `services_enroll` (empty when none offered).
    pub notice: BTreeMap<String, String>,
    /// Evaluation time, formatted.
    pub as_of: String,
    /// Provenance.
    pub provenance: Provenance,
    /// The Form 8-K's registrant, Item and dates (see [`super::filing`]).
    pub sec: super::filing::SecFiling,
    /// The GDPR notification's addressee, EU counts and times (see [`super::filing`]).
    pub gdpr: super::filing::GdprFiling,
}

/// Whether an incident field that a content item names has real content (see [`super::filled`]).
pub fn field_present(inc: &Incident, field: &str) -> Option<bool> {
    super::filled::field_present(inc, field)
}

/// Builds the context of one report in one language.
#[allow(clippy::too_many_arguments)]
pub fn build(
    kind: ReportKind,
    lang: Lang,
    inc: &Incident,
    ev: &Evaluation,
    policies: &[&CompiledPolicy],
    terms: &Terms,
    provenance: &Provenance,
    draft: bool,
    date: Option<chrono::NaiveDate>,
) -> ReportContext {
    let zone = inc.timezone.0;
    let t = terms.lang(lang);
    // Letters and notices to people write times as people do; reports and audit papers in the
    // official style.
    let style = match kind {
        ReportKind::SubjectNotice | ReportKind::PublicNotice | ReportKind::UsStateNotice => {
            format::Style::Letter
        }
        _ => format::Style::Official,
    };
    // A date given alone is printed alone: no invented 0시 00분.
    let dt = |ts: &crate::incident::time::Timestamp| {
        if ts.date_only {
            format::date_in(ts.instant().with_timezone(&zone).date_naive(), lang, style)
        } else {
            format::datetime_in(ts.instant(), zone, lang, style)
        }
    };
    let items: Vec<Item> = inc
        .affected
        .data
        .iter()
        .map(|d| {
            let info = vocab::category(&d.category);
            let name = match (&d.label, info) {
                (Some(l), _) => text(l, lang),
                (None, Some(i)) => match lang {
                    Lang::Ko => i.ko.to_string(),
                    Lang::En => i.en.to_string(),
                },
                (None, None) => shown(&d.category),
            };
            Item {
                name,
                category: d.category.clone(),
                class: info.map_or("ordinary", |i| i.class.as_str()).to_string(),
                subjects: d
                    .subjects
                    .map(|n| format::people(n, inc.affected.counted_as, lang))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let mut timeline = BTreeMap::new();
    for (name, ts) in inc.timeline.fields() {
        if let Some(ts) = ts {
            timeline.insert(name.to_string(), dt(ts));
        }
    }
    let short = |policy: &str| {
        ev.policies
            .iter()
            .find(|p| p.id == policy)
            .map(|p| text(&p.short, lang))
            .unwrap_or_else(|| policy.to_string())
    };
    let cite = |c: &crate::policy::model::Citation| match lang {
        Lang::Ko => shown(c.ko.as_deref().unwrap_or(&c.en)),
        Lang::En => shown(&c.en),
    };
    let recipient = |code: &str| terms.recipient(code, lang);
    let action_text = |i: usize| -> String {
        let Some(a) = inc.actions.get(i) else {
            return String::new();
        };
        let to = a.to.as_deref().map(recipient).unwrap_or_default();
        let kind = terms.action_kind(&a.kind, lang);
        match (lang, to.is_empty()) {
            (Lang::Ko, false) => format!("{to}에 {kind}"),
            (Lang::Ko, true) => kind,
            (Lang::En, false) => format!("{kind} to {to}"),
            (Lang::En, true) => kind,
        }
    };
    let obligations = ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
        .map(|o| {
            let phased = super::phases::outcome(o, inc, zone, lang);
            let outcome = match &o.status {
                _ if phased.is_some() => phased.clone().unwrap_or_default(),
                Status::Met { action, at, .. } => match lang {
                    Lang::Ko => format!(
                        "{} {}",
                        format::datetime_in(*at, zone, lang, style),
                        action_text(*action)
                    ),
                    Lang::En => format!(
                        "{} on {}",
                        action_text(*action),
                        format::datetime_in(*at, zone, lang, style)
                    ),
                },
                Status::Missed {
                    action: Some(i),
                    at: Some(at),
                    late_by,
                    late_business_days,
                    late_calendar_days,
                    posting,
                    ..
                } => {
                    let late = match (late_business_days, lang) {
                        (Some(b), Lang::Ko) => {
                            format!("영업일 {b}일(역일 {late_calendar_days}일) 지연")
                        }
                        (Some(b), Lang::En) => {
                            format!("{b} business days ({late_calendar_days} calendar days) late")
                        }
                        (None, Lang::Ko) => format!("{} 지연", format::duration(*late_by, lang)),
                        (None, Lang::En) => format!("{} late", format::duration(*late_by, lang)),
                    };
                    match (posting, lang) {
                        (Some(p), Lang::Ko) => format!(
                            "{}: {}부터 {}까지 {}일간 게시(요건: {} 이상)",
                            action_text(*i),
                            format::date_in(p.from, lang, style),
                            format::date_in(p.until, lang, style),
                            p.days,
                            within_ko(&p.required)
                        ),
                        (Some(p), Lang::En) => format!(
                            "{}: posted for {} days ({} to {}); at least {} required",
                            action_text(*i),
                            p.days,
                            format::date_in(p.from, lang, style),
                            format::date_in(p.until, lang, style),
                            within_en(&p.required)
                        ),
                        (None, Lang::Ko) => format!(
                            "{} {} ({late})",
                            format::datetime_in(*at, zone, lang, style),
                            action_text(*i)
                        ),
                        (None, Lang::En) => format!(
                            "{} on {} ({late})",
                            action_text(*i),
                            format::datetime_in(*at, zone, lang, style)
                        ),
                    }
                }
                Status::Missed { late_by, .. } => match lang {
                    Lang::Ko => format!("미이행, {} 경과", format::duration(*late_by, lang)),
                    Lang::En => {
                        format!("not done, overdue by {}", format::duration(*late_by, lang))
                    }
                },
                Status::Pending { left: Some(l) } => match lang {
                    Lang::Ko => format!("미이행, 기한까지 {} 남음", format::duration(*l, lang)),
                    Lang::En => format!("not done yet, {} left", format::duration(*l, lang)),
                },
                Status::Pending { left: None } => match lang {
                    Lang::Ko => format!("미이행{}", undue_text(o, zone, lang, terms)),
                    Lang::En => format!("not done yet{}", undue_text(o, zone, lang, terms)),
                },
                Status::Overdue { past_review } => match lang {
                    Lang::Ko => format!(
                        "미이행, 검토 시점부터 {} 경과{}",
                        format::duration(*past_review, lang),
                        undue_text(o, zone, lang, terms)
                    ),
                    Lang::En => format!(
                        "not done, {} past the review point{}",
                        format::duration(*past_review, lang),
                        undue_text(o, zone, lang, terms)
                    ),
                },
                Status::Unknown { missing } => match lang {
                    Lang::Ko => format!(
                        "판단에 필요한 사실 누락: {}",
                        missing_facts(missing, lang, terms)
                    ),
                    Lang::En => format!("missing facts: {}", missing_facts(missing, lang, terms)),
                },
                Status::NotApplicable => String::new(),
            };
            let (due, due_utc) = match &o.due {
                // A deadline counted on a calendar in another zone (the SEC's business days in
                // New York) is given first in that zone, as its reader states it.
                Some(d) => (
                    match (&d.calendar_local, lang) {
                        (Some(cl), Lang::En) => {
                            let cz: chrono_tz::Tz = cl.zone.parse().unwrap_or(chrono_tz::UTC);
                            let there = if cz.name().starts_with("America/") {
                                format::datetime_us(cl.at, cz)
                            } else {
                                format::datetime(cl.at, cz, lang)
                            };
                            format!(
                                "{there} ({})",
                                format::datetime_in(d.local, zone, lang, style)
                            )
                        }
                        (Some(cl), Lang::Ko) => {
                            let cz: chrono_tz::Tz = cl.zone.parse().unwrap_or(chrono_tz::UTC);
                            format!(
                                "{} (현지 시각 {})",
                                format::datetime_in(d.local, zone, lang, style),
                                format::datetime(cl.at, cz, lang)
                            )
                        }
                        (None, _) => format::datetime_in(d.local, zone, lang, style),
                    },
                    d.utc.format("%Y-%m-%d %H:%M UTC").to_string(),
                ),
                None if o.within.is_some() => (
                    match (&o.status, lang) {
                        (Status::Unknown { missing }, Lang::Ko) => {
                            format!("산정 불가(누락: {})", missing_facts(missing, lang, terms))
                        }
                        (Status::Unknown { missing }, Lang::En) => {
                            format!(
                                "cannot compute (missing {})",
                                missing_facts(missing, lang, terms)
                            )
                        }
                        (_, Lang::Ko) => "산정 불가".to_string(),
                        (_, Lang::En) => "cannot compute".to_string(),
                    },
                    String::new(),
                ),
                None => (
                    match (&o.timing, lang) {
                        (Some(t), _) if t.get(lang.code()).is_some() => {
                            t.get(lang.code()).unwrap_or_default().to_string()
                        }
                        (_, Lang::Ko) => "지체 없이".to_string(),
                        (_, Lang::En) => "without undue delay".to_string(),
                    },
                    String::new(),
                ),
            };
            let rule = policies
                .iter()
                .find(|p| p.policy.id == o.policy)
                .and_then(|p| p.full().policy.obligations.iter().find(|r| r.id == o.id));
            let partial = partial_notice(inc, ev, o, lang);
            let label = if partial.is_empty() {
                status_label(&t, o.status.name())
            } else {
                status_label(&t, "partly_met")
            };
            ObligationRow {
                partial,
                policy: o.policy.clone(),
                id: o.id.clone(),
                kind: o.kind.clone(),
                triggers: rule
                    .map(|r| {
                        r.triggers
                            .iter()
                            .filter(|t| o.triggers.contains(&t.id))
                            .map(|t| text(&t.title, lang))
                            .collect()
                    })
                    .unwrap_or_default(),
                law: short(&o.policy),
                title: with_basis(text(&o.title, lang), &basis_label(&t, o.basis)),
                status: o.status.name().to_string(),
                // A posting shorter than the law requires fails a condition of the duty, which
                // is not the same as missing its deadline (Decree 39(3): 30 days or more).
                status_label: match (&o.status, lang) {
                    (
                        Status::Missed {
                            posting: Some(p), ..
                        },
                        Lang::Ko,
                    ) => format!(
                        "{}: 게시 기간 {}일",
                        status_label(&t, "requirement_unmet"),
                        p.days
                    ),
                    (
                        Status::Missed {
                            posting: Some(p), ..
                        },
                        Lang::En,
                    ) => format!(
                        "{}: posted for {} days",
                        status_label(&t, "requirement_unmet"),
                        p.days
                    ),
                    _ => label,
                },
                due,
                due_utc,
                outcome,
                citation: cite(&o.citation),
                confirmed: o.confirmed,
                basis: basis_label(&t, o.basis),
            }
        })
        .collect();
    let controls = ev
        .controls
        .iter()
        .map(|c| ControlRow {
            law: short(&c.policy),
            title: with_basis(text(&c.title, lang), &basis_label(&t, c.basis)),
            status: c.status.to_string(),
            status_label: match (c.presumed, c.status) {
                (true, "gap") => status_label(&t, "likely_gap"),
                (true, "pass") => status_label(&t, "no_lapse"),
                _ => status_label(&t, c.status),
            },
            severity: format!("{:?}", c.severity).to_lowercase(),
            finding: if c.status == "gap" {
                text(&c.gap, lang)
            } else {
                String::new()
            },
            facts: shown(&super::facts::describe(&c.facts, inc, lang)),
            citation: cite(&c.citation),
            confirmed: c.confirmed,
            basis: basis_label(&t, c.basis),
            presumed: c.presumed,
            area: {
                let read = |w: &str| c.facts.iter().any(|f| f.path.contains(w));
                if read("training") {
                    "training"
                } else if read("audit") {
                    "audit"
                } else {
                    "other"
                }
                .to_string()
            },
        })
        .collect();
    let violations = ev
        .violations
        .iter()
        .filter(|v| v.applies)
        .map(|v| ViolationRow {
            law: short(&v.policy),
            title: text(&v.title, lang),
            finding: text(&v.finding, lang),
            citation: cite(&v.citation),
            confirmed: v.confirmed,
        })
        .collect();
    let penalties = ev
        .penalties
        .iter()
        .filter(|p| p.applies)
        .map(|p| PenaltyRow {
            law: short(&p.policy),
            title: text(&p.title, lang),
            cap: match (p.max_amount, &p.currency) {
                (Some(a), Some(c)) => format::money(a, c, lang),
                _ => String::new(),
            },
            basis: penalty_basis(p, lang),
            citation: cite(&p.citation),
            confirmed: p.confirmed,
        })
        .collect();
    let mut contact = BTreeMap::new();
    let cp = &inc.organization.contact_point;
    contact.insert("department".into(), text(&cp.department, lang));
    contact.insert(
        "phone".into(),
        shown(cp.phone.as_deref().unwrap_or_default()),
    );
    contact.insert(
        "email".into(),
        shown(cp.email.as_deref().unwrap_or_default()),
    );
    contact.insert(
        "hours".into(),
        cp.hours.as_ref().map(|h| text(h, lang)).unwrap_or_default(),
    );
    let mut officer = BTreeMap::new();
    let po = &inc.organization.privacy_officer;
    officer.insert("title".into(), text(&po.title, lang));
    officer.insert(
        "name".into(),
        po.name.as_ref().map(|n| text(n, lang)).unwrap_or_default(),
    );
    officer.insert("email".into(), shown(&po.email));
    officer.insert(
        "phone".into(),
        shown(po.phone.as_deref().unwrap_or_default()),
    );
    let mut risk = BTreeMap::new();
    if let Some(r) = &inc.risk_assessment {
        risk.insert("level".into(), format!("{:?}", r.level).to_lowercase());
        risk.insert("justification".into(), text(&r.justification, lang));
        risk.insert(
            "consequences".into(),
            r.consequences
                .as_ref()
                .map(|c| text(c, lang))
                .unwrap_or_default(),
        );
    }
    let mut audit = BTreeMap::new();
    let mut audit_findings = Vec::new();
    let mut training = BTreeMap::new();
    if let Some(c) = &inc.controls {
        if let Some(a) = &c.third_party_audit {
            audit.insert("auditor".into(), text(&a.auditor, lang));
            audit.insert("standard".into(), shown(&a.standard));
            audit.insert(
                "completed".into(),
                format::date_in(a.completed_at.0, lang, style),
            );
            audit_findings = a
                .findings
                .iter()
                .map(|f| AuditFinding {
                    severity: format!("{:?}", f.severity).to_lowercase(),
                    text: text(&f.text, lang),
                    resolved: f.resolved,
                })
                .collect();
        }
        if let Some(tr) = &c.staff_training {
            training.insert(
                "last".into(),
                format::date_in(tr.last_completed_at.0, lang, style),
            );
            training.insert("rate".into(), format!("{:.0}%", tr.completion_rate * 100.0));
            training.insert("handlers".into(), format::count(tr.handlers));
        }
    }
    // The statutory items of the obligations that call for this report.
    let mut content: Vec<ContentRow> = Vec::new();
    for o in ev
        .obligations
        .iter()
        .filter(|o| !matches!(o.status, Status::NotApplicable))
    {
        let Some(rule) = policies
            .iter()
            .find(|p| p.policy.id == o.policy)
            .and_then(|p| p.full().policy.obligations.iter().find(|r| r.id == o.id))
        else {
            continue;
        };
        // The audit report checks the content of every report; the others their own.
        let for_report = if kind == ReportKind::AuditReport {
            rule.reports.first().cloned()
        } else {
            rule.reports.iter().find(|r| *r == kind.id()).cloned()
        };
        let Some(for_report) = for_report else {
            continue;
        };
        for item in &rule.content {
            if content
                .iter()
                .any(|c| c.id == item.id && c.report == for_report)
            {
                continue;
            }
            let late = matches!(o.status, Status::Missed { .. });
            let state = match item.field.as_deref() {
                _ if item.when_late && !late => "not_needed",
                None if for_report == ReportKind::UsStateNotice.id()
                    && super::us_letter::WRITTEN_BY_THE_LETTER.contains(&item.id.as_str()) =>
                {
                    "present"
                }
                None => "to_write",
                // Item 1.05(a)'s impact may be undetermined at the first filing: the filing
                // then says so and a Form 8-K/A follows (Instruction 2), so it is not missing.
                Some(f @ "organization.registrant.material_impact")
                    if super::filled::field_state(inc, f)
                        == Some(super::filled::Filled::Missing) =>
                {
                    "undetermined"
                }
                Some(f) => super::filled::field_state(inc, f)
                    .unwrap_or(super::filled::Filled::Missing)
                    .name(),
            };
            content.push(ContentRow {
                id: item.id.clone(),
                title: text(&item.title, lang),
                field: item.field.clone().unwrap_or_default(),
                present: state != "missing",
                state: state.to_string(),
                citation: cite(&item.citation),
                confirmed: item.status == crate::policy::model::Status::Confirmed,
                report: for_report.clone(),
            });
        }
    }
    ReportContext {
        lang: lang.code(),
        report: kind.id(),
        audience: kind.audience().id(),
        document_ref: format!("{}/{}.{}", shown(&inc.id), kind.id(), lang.code()),
        notice_date: super::letter::notice_date_text(
            kind,
            lang,
            super::letter::notice_date(kind, inc, ev.as_of, date),
        ),
        sender: super::letter::sender(inc, |t| text(t, lang)),
        report_title: t
            .get(&format!("title_{}", kind.id()))
            .cloned()
            .unwrap_or_else(|| kind.id().to_string()),
        draft,
        t,
        id: inc.id.clone(),
        title: text(&inc.title, lang),
        org: text(&inc.organization.name, lang),
        timezone: zone.name().to_string(),
        subjects: format::people(inc.affected.subjects, inc.affected.counted_as, lang),
        records: inc
            .affected
            .records
            .map(|r| format::people(r, crate::incident::CountedAs::Records, lang))
            .unwrap_or_default(),
        letters: if kind == ReportKind::UsStateNotice {
            Letters::Us(super::us_letter::letters(inc, ev, policies, |t| {
                text(t, lang)
            }))
        } else {
            Letters::Subject(super::letters::letters(
                inc,
                &items.iter().map(|i| i.name.clone()).collect::<Vec<_>>(),
                &inc.affected
                    .data
                    .iter()
                    .map(|d| {
                        d.guidance
                            .as_ref()
                            .map(|g| text(g, lang))
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>(),
                |g| text(&inc.affected.groups[g].label, lang),
            ))
        },
        items,
        lookup: inc
            .affected
            .lookup
            .as_ref()
            .map(|l| text(l, lang))
            .unwrap_or_default(),
        unreachable: inc
            .affected
            .unreachable
            .as_ref()
            .map(|u| text(&u.who, lang))
            .unwrap_or_default(),
        reported_to: {
            let mut names: Vec<String> = Vec::new();
            for a in inc.actions.iter().filter(|a| {
                matches!(
                    a.kind.as_str(),
                    "regulator_report" | "incident_report" | "law_enforcement_report"
                ) && a.at.instant() <= ev.as_of
            }) {
                if let Some(to) = &a.to {
                    let name = recipient(to);
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            names
        },
        jurisdictions: inc
            .affected
            .by_jurisdiction
            .iter()
            .map(|(k, v)| {
                (
                    format::place_in(k, lang),
                    format::people(*v, inc.affected.counted_as, lang),
                )
            })
            .collect(),
        key_times: {
            let mut v: Vec<(&str, chrono::DateTime<chrono::FixedOffset>)> = inc
                .timeline
                .fields()
                .into_iter()
                .filter_map(|(n, t)| t.map(|t| (n, t.instant())))
                .collect();
            v.sort_by_key(|(_, t)| *t);
            v.into_iter().map(|(n, _)| n.to_string()).collect()
        },
        certifications: inc
            .controls
            .as_ref()
            .map(|c| {
                let disc = inc.timeline.discovered_at.instant().date_naive();
                c.certifications
                    .iter()
                    .map(|cert| CertificationRow {
                        name: shown(&cert.name),
                        valid_until: format::date(cert.valid_until.0, lang),
                        expired: cert.valid_until.0 < disc,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        timeline,
        cause: text(&inc.cause.description, lang),
        external: inc.cause.external,
        // The general guidance, then each item's (the website notice and the report give all;
        // a letter gives its own items' from `letters`).
        guidance: inc
            .subject_guidance
            .iter()
            .map(|g| text(&g.text(), lang))
            .collect(),
        item_guidance: inc
            .affected
            .data
            .iter()
            .filter_map(|d| d.guidance.as_ref().map(|g| text(g, lang)))
            .collect(),
        remediation: inc
            .remediation
            .iter()
            .map(|r| Dated {
                when: dt(&r.at),
                text: text(&r.text, lang),
            })
            .collect(),
        remedy: inc
            .remedy
            .as_ref()
            .map(|r| text(r, lang))
            .unwrap_or_default(),
        contact,
        officer,
        risk,
        actions: {
            let mut order: Vec<(usize, &crate::incident::Action)> =
                inc.actions.iter().enumerate().collect();
            // In time order, whatever the order of the file.
            order.sort_by_key(|(_, a)| a.at.instant());
            order
        }
        .into_iter()
        .map(|(i, a)| ActionRow {
            kind: a.kind.clone(),
            to: a.to.clone().unwrap_or_default(),
            channels: a
                .channels
                .iter()
                .map(|c| format!("{c:?}").to_lowercase())
                .collect(),
            phase: a
                .phase
                .map(|p| format!("{p:?}").to_lowercase())
                .unwrap_or_default(),
            until: a.until.as_ref().map(&dt).unwrap_or_default(),
            days: a
                .until
                .as_ref()
                .map(|u| (u.instant() - a.at.instant()).num_days())
                .unwrap_or(0),
            subjects: a
                .subjects
                .map(|n| format::stated_people(n, a.approximate, inc.affected.counted_as, lang))
                .unwrap_or_default(),
            confirmed: a.confirmed_at.as_ref().map(&dt).unwrap_or_default(),
            when: dt(&a.at),
            text: {
                let mut s = action_text(i);
                if let Some(n) = a.subjects {
                    s.push_str(&format!(
                        " ({})",
                        format::stated_people(n, a.approximate, inc.affected.counted_as, lang)
                    ));
                }
                s
            },
        })
        .collect(),
        obligations,
        controls,
        penalties,
        audit,
        audit_findings,
        training,
        content,
        laws: ev
            .policies
            .iter()
            .filter(|p| p.applies)
            .map(|p| (text(&p.short, lang), text(&p.title, lang)))
            .collect(),
        no_duty: ev
            .policies
            .iter()
            .filter(|p| p.applies)
            .filter_map(|p| Some((text(&p.short, lang), text(p.no_duty.as_ref()?, lang))))
            .collect(),
        violations,
        notice: {
            let mut m = BTreeMap::new();
            if let Some(n) = &inc.notice {
                if let Some(d) = n.law_enforcement_delay {
                    m.insert(
                        "law_enforcement_delay".to_string(),
                        if d { "yes" } else { "no" }.to_string(),
                    );
                }
                if let Some(s) = &n.identity_theft_services {
                    m.insert("services_provider".to_string(), text(&s.provider, lang));
                    m.insert("services_months".to_string(), s.months.to_string());
                    m.insert("services_enroll".to_string(), text(&s.how_to_enroll, lang));
                }
            }
            m
        },
        coverage: ev
            .notification_coverage
            .iter()
            .map(|r| {
                let n = |v: u64| format::people(v, inc.affected.counted_as, lang);
                let mut laws: Vec<String> =
                    r.required_by.iter().map(|q| short(&q.policy)).collect();
                laws.dedup();
                CoverageRow {
                    jurisdiction: shown(&r.jurisdiction),
                    affected: n(r.affected),
                    reached: r.reached.map(n).unwrap_or_default(),
                    remaining: r.remaining.map(n).unwrap_or_default(),
                    open: r.remaining.is_some_and(|x| x > 0),
                    required_by: laws.join(", "),
                    finding: r.finding,
                    note: r.note.as_deref().map(shown).unwrap_or_default(),
                }
            })
            .collect(),
        not_assessed: ev
            .not_assessed
            .iter()
            .map(|n| NotAssessedRow {
                code: shown(&n.code),
                reason: text(&n.reason, lang),
                accepted: n.accepted,
            })
            .collect(),
        as_of: format::datetime_in(ev.as_of, zone, lang, style),
        provenance: provenance.clone(),
        sec: super::filing::sec(inc, ev),
        gdpr: super::filing::gdpr(inc, ev, terms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_content_field_is_checkable() {
        let inc = crate::incident::load_str(include_str!("../../examples/coupang-2025.yaml"));
        let inc = inc.ok().unwrap();
        for f in crate::incident::vocab::CONTENT_FIELDS {
            assert!(
                field_present(inc, f).is_some(),
                "{f} is accepted by the loader but not checked"
            );
        }
    }
}
