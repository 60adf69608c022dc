//! The policy file, format `disclose/policy@1`: one law (in one version) as data.
//!
//! A policy says when the law applies (`applies_when`), what it obliges (`obligations`, each with
//! its clock, deadline, what satisfies it, the content it must have and the grounds that allow a
//! delay), which safety measures it requires (`controls`), what it can cost (`penalties`), and
//! carries tests of its own. Every rule cites an article from `sources`; a rule the research could
//! not confirm says `status: unconfirmed`, and `disclose check` shows that next to the result.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::incident::model::Text;
use crate::incident::time::{Date, Timestamp};

pub use crate::document::POLICY_FORMAT;

/// One law, in one version.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "disclose policy file (format disclose/policy@1)")]
pub struct Policy {
    /// File format and version. Always `disclose/policy@1`.
    pub format: String,
    /// Unique id of this law version, e.g. `kr-pipa-2023`. A company policy with the id of a
    /// built-in one replaces it.
    pub id: String,
    /// Version of this file's rules (changes when the rules change), shown in provenance.
    pub version: String,
    /// The law's name, as reports cite it.
    pub title: Text,
    /// Short name used in tables, e.g. `PIPA` or `GDPR`.
    pub short: Text,
    /// The jurisdiction: an ISO 3166 code (`KR`, `US-CA`) or `EU`.
    pub jurisdiction: String,
    /// The law this file is one version of, e.g. `kr-pipa` for PIPA as it stood in 2016, 2020,
    /// 2023 and 2026. Versions of one family may not overlap; a date none of them covers is a
    /// not-assessed finding, never "the law does not apply". Default: the `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// What the family assesses: the places and roles whose presence in an incident it answers
    /// for. An incident with residents, an establishment, a listing or a role that no policy in
    /// force covers gets a not-assessed finding. Default: residents and establishments in
    /// `jurisdiction` (an `EU` policy covers every EU/EEA state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<Covers>,
    /// Which date of the incident selects the version in force (docs/policies.md §2). Default:
    /// `discovered_at`, the day the organisation became aware of the breach.
    #[serde(default)]
    pub selected_by: SelectedBy,
    /// Set on a version under which the law imposes no duty to notify or report (e.g. before a
    /// mandatory regime began): why, as reports say it. Such a version is an assessment ("no
    /// statutory duty"), unlike a date no version covers ("not assessed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_duty: Option<Text>,
    /// The authority that enforces it.
    pub authority: Authority,
    /// When this version is in force. The version that applies to an incident is the one in force
    /// on the date the organisation became aware of the breach (`timeline.discovered_at`, in the
    /// incident's zone).
    pub effective: Effective,
    /// The texts the rules cite.
    pub sources: Vec<Source>,
    /// CEL condition over the incident view: when the law applies at all.
    pub applies_when: String,
    /// What the law obliges the organisation to do.
    #[serde(default)]
    pub obligations: Vec<Obligation>,
    /// Safety measures the law requires, compared with `controls` in the incident.
    #[serde(default)]
    pub controls: Vec<Control>,
    /// What a violation can cost.
    #[serde(default)]
    pub penalties: Vec<Penalty>,
    /// Other violations the facts can show apart from the breach duties: e.g. a controller's own
    /// deliberate provision of data without a legal basis, which is not a breach (유출등) with a
    /// notice clock but an unlawful provision (PIPA Art. 17, 18). Listed in `check` and the audit
    /// report with their article, so the officer still sees them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    /// Small incidents with the expected outcome of each rule, run by `disclose policy test`.
    #[serde(default)]
    pub tests: Vec<PolicyTest>,
}

/// An authority.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Its recipient code, as `actions[].to` writes it (e.g. `PIPC`).
    pub code: String,
    /// Its official name.
    pub name: Text,
}

/// When a law version is in force.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Effective {
    /// First day in force.
    pub from: Date,
    /// Last day in force; absent while in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// True on the first version of a law enacted after 2016-01-01: `from` is the day the law
    /// first took effect, so its family's history starts there rather than on 2016-01-01.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub since_enactment: bool,
    /// On the last version of a family that has ended (repealed, or moved into another law): why
    /// it ends at `until`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Text>,
}

/// The places and roles a policy family answers for.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Covers {
    /// Residences and establishments: ISO 3166 codes (`KR`, `US-CA`), or `EU` for every EU/EEA
    /// state.
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    /// Organisation roles (`organization.kind`) with sector law, e.g. `nydfs_covered_entity`.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Securities exchanges (`organization.securities[].exchange`), e.g. `NYSE`, `NASDAQ`.
    #[serde(default)]
    pub listings: Vec<String>,
}

/// The incident date that selects a policy version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SelectedBy {
    /// The day the organisation became aware of the breach (PIPA, GDPR, U.S. state laws).
    #[default]
    DiscoveredAt,
    /// The day the security incident was detected (Network Act Art. 48-3, NYDFS 500.17); the
    /// discovery date when the incident does not give it.
    IncidentDetectedAt,
    /// The day the breach began (Singapore PDPA s. 26C(1): "a data breach that occurs on or after").
    OccurredFrom,
    /// The day the incident was determined material (SEC Item 1.05); the discovery date when the
    /// incident does not give it.
    MaterialityDeterminedAt,
}

impl SelectedBy {
    /// The incident field, as `timeline.<name>`.
    pub fn field(self) -> &'static str {
        match self {
            SelectedBy::DiscoveredAt => "discovered_at",
            SelectedBy::IncidentDetectedAt => "incident_detected_at",
            SelectedBy::OccurredFrom => "occurred_from",
            SelectedBy::MaterialityDeterminedAt => "materiality_determined_at",
        }
    }
}

/// Whether the research confirmed a rule from a source that states it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A source states it.
    #[default]
    Confirmed,
    /// No source was found that states it; check against the official text before relying on it.
    Unconfirmed,
}

/// A text a rule cites.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id rules refer to, e.g. `pipa`.
    pub id: String,
    /// The citation, e.g. `「개인정보 보호법」 (법률 제19234호)`.
    pub citation: String,
    /// Where to read it.
    pub url: String,
    /// Whether the text was confirmed.
    #[serde(default)]
    pub status: Status,
    /// What the source is or what could not be confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A citation of one provision.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The `sources` id.
    pub source: String,
    /// The provision in Korean, e.g. `「개인정보 보호법」 제34조제1항`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ko: Option<String>,
    /// The provision in English, e.g. `PIPA Article 34(1)`.
    pub en: String,
}

/// A named condition that makes an obligation apply (any one suffices).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// Short id, e.g. `threshold-1000`.
    pub id: String,
    /// CEL condition.
    pub when: String,
    /// What it means, as output says it.
    pub title: Text,
    /// The provision.
    pub citation: Citation,
    /// Whether it is confirmed (an unconfirmed threshold, say).
    #[serde(default)]
    pub status: Status,
}

/// A duration in a deadline: `72h`, `30d` (calendar days) or `4 business_days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Within {
    /// Hours, counted as elapsed time.
    Hours(u32),
    /// Calendar days, counted in the incident's zone (same local time, n days later).
    Days(u32),
    /// Business days on a calendar; due at the end of the n-th business day.
    BusinessDays(u32),
}

impl Within {
    /// The largest number of hours, days or business days a deadline may have (ten years of
    /// days; no breach law gives longer).
    pub const MAX: u32 = 3660;

    /// Parses `72h`, `72 hours`, `30d`, `30 days`, `4 business_days`.
    ///
    /// The number is ASCII digits, at most [`Within::MAX`]; a sign, other digits (`７２h`) or a
    /// larger number each get their own message.
    pub fn parse(s: &str) -> Result<Within, String> {
        let t = s.trim();
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        let unit = t[digits.len()..].trim();
        if digits.is_empty() {
            let first = t.chars().next();
            return Err(match first {
                Some('-') => format!("`{s}` is negative: a deadline is a time after its start"),
                Some(c) if c.is_numeric() => format!(
                    "`{s}` does not start with a number in ASCII digits: use ASCII digits 0-9, e.g. `72h`"
                ),
                _ => format!("`{s}` does not start with a number"),
            });
        }
        let n = match digits.parse::<u32>() {
            Ok(n) if n <= Self::MAX => n,
            _ => {
                return Err(format!(
                    "`{s}` is too large (at most {} hours, days or business days): longer than any legal deadline",
                    Self::MAX
                ));
            }
        };
        match unit {
            "h" | "hour" | "hours" => Ok(Within::Hours(n)),
            "d" | "day" | "days" => Ok(Within::Days(n)),
            "business_day" | "business_days" | "business days" => Ok(Within::BusinessDays(n)),
            _ => Err(format!(
                "`{s}`: write a number with `h`, `d` or `business_days`, e.g. `72h`, `30d`, `4 business_days`"
            )),
        }
    }
}

impl std::fmt::Display for Within {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Within::Hours(n) => write!(f, "{n}h"),
            Within::Days(n) => write!(f, "{n}d"),
            Within::BusinessDays(n) => write!(f, "{n} business_days"),
        }
    }
}

impl<'de> Deserialize<'de> for Within {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        Within::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Within {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl JsonSchema for Within {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Within".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A duration: `72h` (hours), `30d` (calendar days) or `4 business_days`.",
            "pattern": "^[0-9]+ ?(h|hours?|d|days?|business_days?)$"
        })
    }
}

/// When an obligation is due.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// The timeline field the clock starts from, e.g. `discovered_at`, or `action:KIND` for the
    /// time of the first action of that kind (e.g. `action:subject_notice`), or
    /// `action:KIND:RECIPIENT` for the first one to that recipient (e.g.
    /// `action:regulator_report:HHS`).
    pub from: String,
    /// How long after it.
    pub within: Within,
    /// For business days: the holiday calendar (`kr`, `us-federal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// For business days where the filing system closes the day early: the cut-off, `HH:MM` in
    /// the calendar's zone (EDGAR: `17:30`, Regulation S-T Rule 13(a)(2)). The deadline is then
    /// that time on the last business day instead of its end; see [`super::cutoff`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<super::cutoff::Cutoff>,
}

/// Which recorded action satisfies an obligation.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SatisfiedBy {
    /// The action kind.
    pub kind: String,
    /// Any of these recipients (empty: any or none).
    #[serde(default)]
    pub to: Vec<String>,
    /// For a securities filing: any of these forms.
    #[serde(default)]
    pub form: Vec<String>,
    /// Any of these phases (`initial`, `supplementary`, `final`). An action that records no
    /// phase matches.
    #[serde(default)]
    pub phase: Vec<crate::incident::Phase>,
    /// For a securities filing: any of these items (e.g. `1.05`). An action that records no
    /// item matches, since the item is often not known from public reporting.
    #[serde(default)]
    pub item: Vec<String>,
    /// For a notice to people: the residences it must reach (ISO 3166 codes). An action that
    /// records `jurisdictions` must name one of these, or the country of one (`US` for
    /// `US-CA`); an action that records none is taken to have reached everyone affected.
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    /// For a posted notice: the shortest posting that satisfies it, e.g. `30d`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_duration: Option<Within>,
}

/// A content item a filing or notice must contain.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentItem {
    /// Short id, e.g. `leaked_items`.
    pub id: String,
    /// What it is.
    pub title: Text,
    /// The incident field that fills it, e.g. `affected.data`. Leave it out for an item the
    /// template or the organisation supplies (fixed wording, a determination no incident field
    /// records); such an item is listed but not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// True for an item needed only when the report is late (the obligation is missed), such as
    /// the reasons for the delay of GDPR Art. 33(1); it is "not needed" otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub when_late: bool,
    /// The provision that requires it.
    pub citation: Citation,
    /// Whether it is confirmed.
    #[serde(default)]
    pub status: Status,
}

/// A ground that allows a delay, or an exemption.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ground {
    /// Short id.
    pub id: String,
    /// What it is.
    pub title: Text,
    /// The provision.
    pub citation: Citation,
    /// Whether it is confirmed.
    #[serde(default)]
    pub status: Status,
}

/// A review point for a duty with no fixed period.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// How long after the clock's start: `72h` or `7d` (not business days).
    pub after: Within,
    /// Where the point comes from: `guidance` (a regulator's) or `company` (the company's own
    /// policy). Never the statute: a fixed statutory period is a `deadline`.
    pub basis: ReviewBasis,
    /// The guidance or policy that sets it.
    pub citation: Citation,
    /// Whether it is confirmed.
    #[serde(default)]
    pub status: Status,
}

/// Where a review point comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewBasis {
    /// A regulator's guidance.
    Guidance,
    /// The company's own policy.
    Company,
}

impl ReviewBasis {
    /// `guidance` or `company`.
    pub fn id(self) -> &'static str {
        match self {
            ReviewBasis::Guidance => "guidance",
            ReviewBasis::Company => "company",
        }
    }
}

/// One obligation.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Short id, unique in the file, e.g. `report-pipc`.
    pub id: String,
    /// What it is.
    pub title: Text,
    /// Kind: `subject_notice`, `regulator_report`, `incident_report`, `public_notice`,
    /// `securities_filing`, `credit_agency_notice`, ...
    pub kind: String,
    /// Who receives it (recipient codes); empty for notices to people.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// CEL condition that must hold for the obligation to apply (default: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Named conditions of which at least one must hold (default: none needed).
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    /// When it is due; absent for "without undue delay" duties with no fixed period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// The law's own words for the time limit, shown instead of a due time when there is no
    /// fixed period, e.g. "as soon as practicable" (default: "without undue delay").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<Text>,
    /// For a duty with no fixed period (no `deadline`): where its clock starts, so that output
    /// shows the time elapsed and `review` can count from it. A timeline field (default
    /// `discovered_at`), or `action:KIND` for a duty that follows another action (New York's
    /// agency notices follow the consumer notice), or `action:KIND:RECIPIENT` for one that follows
    /// an action to a given recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
    /// For a duty with no fixed period: a review point after which, not yet done, it is `overdue`
    /// instead of `pending`. Never a statutory deadline: its basis is regulator guidance or the
    /// company's own policy, its citation says which, and output says it is not statute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Which action satisfies it.
    pub satisfied_by: SatisfiedBy,
    /// True where the law expects follow-up reports as facts are confirmed (phased reporting).
    #[serde(default)]
    pub phased: bool,
    /// For a phased obligation: how soon after the facts a later phase adds were confirmed
    /// (`actions[].confirmed_at`) that phase is due. Each later phase is then judged on its own:
    /// late, or not decidable when its confirmation time is not recorded. Without it only the
    /// first phase is judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
    /// What the rule rests on: `statute` (default), `guidance` (a regulator's guidance) or
    /// `internal` (a standard this file or the company chose). Reports label every rule that
    /// does not rest on the statute as such.
    #[serde(default, skip_serializing_if = "Basis::is_statute")]
    pub basis: Basis,
    /// What it must contain.
    #[serde(default)]
    pub content: Vec<ContentItem>,
    /// Grounds that allow a later filing.
    #[serde(default)]
    pub delay_grounds: Vec<Ground>,
    /// Cases where it is not required; the officer decides, disclose lists them.
    #[serde(default)]
    pub exemptions: Vec<Ground>,
    /// The provision that imposes it.
    pub citation: Citation,
    /// Whether it is confirmed.
    #[serde(default)]
    pub status: Status,
    /// Reports it calls for (report kinds), e.g. `regulator_notification`.
    #[serde(default)]
    pub reports: Vec<String>,
}

/// What a rule rests on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The statute, or a regulation or notice with the force of law.
    #[default]
    Statute,
    /// A regulator's guidance or practice, not a statutory requirement.
    Guidance,
    /// A standard this policy file or the company chose (a threshold the law does not set).
    Internal,
}

impl Basis {
    /// True for the default.
    pub fn is_statute(&self) -> bool {
        *self == Basis::Statute
    }

    /// The name as output gives it.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Statute => "statute",
            Basis::Guidance => "guidance",
            Basis::Internal => "internal",
        }
    }
}

/// When a later phase of a phased obligation is due.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The law's words for it, e.g. 확인되는 즉시 / as soon as confirmed.
    pub title: Text,
    /// The period from `actions[].confirmed_at` (`72h`, `3d`; not business days).
    pub within: Within,
    /// What the period rests on: where the law sets no period, `internal` or `guidance`.
    #[serde(default, skip_serializing_if = "Basis::is_statute")]
    pub basis: Basis,
}

/// A severity: the same scale as audit findings in the incident file.
pub use crate::incident::model::Severity;

/// A required safety measure.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Short id, unique in the file.
    pub id: String,
    /// What is required.
    pub title: Text,
    /// CEL condition for the requirement to apply (default: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// CEL condition that holds when the requirement is met.
    pub require: String,
    /// How serious a gap is.
    pub severity: Severity,
    /// What the gap means, as findings say it.
    pub gap: Text,
    /// The provision.
    pub citation: Citation,
    /// Whether it is confirmed.
    #[serde(default)]
    pub status: Status,
    /// What the requirement rests on (see [`Basis`]); a threshold the law does not set is
    /// `internal`.
    #[serde(default, skip_serializing_if = "Basis::is_statute")]
    pub basis: Basis,
    /// True where a gap is inferred from the incident's facts (its cause, an open audit finding)
    /// rather than established: reports call it a likely gap for the officer to confirm.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub presumed: bool,
}

/// A maximum penalty.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    /// Short id, unique in the file.
    pub id: String,
    /// What it is.
    pub title: Text,
    /// CEL condition for it to be possible (default: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Ids of this policy's obligations whose breach the penalty sanctions: it applies only
    /// when at least one of them is `missed` (default: whenever `when` holds). A fine for
    /// failing to notify applies where the notice was late or not given, not to every incident.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub if_missed: Vec<String>,
    /// Cap as a percentage of total revenue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_of_revenue: Option<f64>,
    /// Where the law bases the revenue on an average: the number of business years before the
    /// year of the violation whose average annual revenue is the base (PIPA Enforcement Decree
    /// Art. 60-2(1): 3). The year of the violation is taken as the year the breach began
    /// (`timeline.occurred_from`), and fiscal years as calendar years; the cap is computed from
    /// `organization.revenue_by_year` when it gives every one of those years, and otherwise from
    /// `total_revenue` with a note that the law asks for the average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_years_before_violation: Option<u32>,
    /// Fixed cap (or the cap where revenue is unknown, with `percent_of_revenue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Amount>,
    /// True where the law caps the penalty at the fixed amount or the percentage of revenue,
    /// "whichever is higher" (GDPR Art. 83(4) and (5)), rather than using the fixed amount only
    /// where revenue is unavailable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whichever_higher: bool,
    /// The provision.
    pub citation: Citation,
    /// Whether it is confirmed.
    #[serde(default)]
    pub status: Status,
}

/// Another violation the facts can show.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    /// Short id, unique in the file among all rules.
    pub id: String,
    /// What the violation is, in the statute's terms.
    pub title: Text,
    /// CEL condition: when the facts show it.
    pub when: String,
    /// What it means for the organisation, as findings say it (a sentence, 합니다체 in Korean).
    pub finding: Text,
    /// The provision violated.
    pub citation: Citation,
    /// Whether it is confirmed.
    #[serde(default)]
    pub status: Status,
}

/// An amount of money.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    /// In whole units.
    pub amount: u64,
    /// ISO 4217 code.
    pub currency: String,
}

/// Expected status of an obligation in a test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// Does not apply.
    NotApplicable,
    /// Satisfied in time.
    Met,
    /// Late or not done after the deadline.
    Missed,
    /// A duty with no fixed period, not done after its review point.
    Overdue,
    /// Not yet done, deadline ahead.
    Pending,
    /// A fact needed to decide is missing.
    Unknown,
    /// A control requirement holds.
    Pass,
    /// A control requirement does not hold.
    Gap,
    /// A penalty is possible.
    Applies,
}

/// A test of the policy's rules.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyTest {
    /// What it checks.
    pub name: String,
    /// Fields to set on the built-in test incident (a small valid Korean incident, see
    /// `disclose policy test --help`); mappings merge, lists and values replace.
    #[serde(default)]
    pub incident: serde_json::Value,
    /// The evaluation time; default: one year after discovery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Timestamp>,
    /// Whether the policy as a whole applies (default: not checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies: Option<bool>,
    /// Expected status of rules by id (obligations, controls, penalties).
    #[serde(default)]
    pub expect: BTreeMap<String, Expected>,
    /// Expected due times of obligations by id, RFC 3339.
    #[serde(default)]
    pub due: BTreeMap<String, Timestamp>,
    /// Expected ids of triggers that fire, by obligation id.
    #[serde(default)]
    pub triggers: BTreeMap<String, Vec<String>>,
}

pub use crate::document::POLICY_TESTS_FORMAT;

/// Tests of a policy kept in a sibling file `<id>.tests.yaml`, beside the policy file.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyTestsFile {
    /// Always `disclose/policy-tests@1`.
    pub format: String,
    /// The id of the policy these tests are for.
    pub policy: String,
    /// The tests, in the same form as a policy's inline `tests:`.
    pub tests: Vec<PolicyTest>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_parse_messages_say_too_large_negative_or_ascii_digits() {
        assert_eq!(Within::parse("72h"), Ok(Within::Hours(72)));
        assert_eq!(Within::parse("3660d"), Ok(Within::Days(3660)));
        assert_eq!(
            Within::parse("4 business_days"),
            Ok(Within::BusinessDays(4))
        );
        let e = Within::parse("99999999999999h").unwrap_err();
        assert!(e.contains("too large (at most 3660"), "{e}");
        let e = Within::parse("3661d").unwrap_err();
        assert!(e.contains("too large (at most 3660"), "{e}");
        let e = Within::parse("-5h").unwrap_err();
        assert!(e.contains("negative"), "{e}");
        let e = Within::parse("７２h").unwrap_err();
        assert!(e.contains("use ASCII digits 0-9"), "{e}");
        let e = Within::parse("h").unwrap_err();
        assert!(e.contains("does not start with a number"), "{e}");
    }
}
