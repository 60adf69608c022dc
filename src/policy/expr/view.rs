//! The view conditions read: its variables, fields and functions (the tables that are the single
//! source of truth for load-time checks and for `disclose policy view`), and how a [`View`] is
//! built from an incident.

use super::*;

// ---------------------------------------------------------------------------------------------
// The view: variables, fields, functions
// ---------------------------------------------------------------------------------------------

/// The CEL type of a view field or function parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewType {
    /// `bool`.
    Bool,
    /// `int` (64-bit signed; counts above `i64::MAX` are clamped to it).
    Int,
    /// `double`.
    Double,
    /// `string`.
    String,
    /// `list(string)`: distinct entries, at most [`MAX_LIST_LEN`] of them.
    StringList,
}

impl ViewType {
    /// The type's name as CEL and the documentation write it.
    pub fn cel_name(self) -> &'static str {
        match self {
            ViewType::Bool => "bool",
            ViewType::Int => "int",
            ViewType::Double => "double",
            ViewType::String => "string",
            ViewType::StringList => "list(string)",
        }
    }

    /// The type's name with an indefinite article, for messages: `an int`, `a bool`.
    pub(super) fn with_article(self) -> String {
        match self {
            ViewType::Int => "an int".to_string(),
            other => format!("a {}", other.cel_name()),
        }
    }

    /// The value a probe view gives a field of this type: the type's default, or (`alt`) a
    /// non-default value, so that both branches of `&&`, `||` and `?:` get evaluated.
    pub(super) fn probe(self, alt: bool) -> Value {
        match (self, alt) {
            (ViewType::Bool, alt) => Value::Bool(alt),
            (ViewType::Int, false) => Value::Int(0),
            (ViewType::Int, true) => Value::Int(1),
            (ViewType::Double, false) => Value::Float(0.0),
            (ViewType::Double, true) => Value::Float(1.0),
            (ViewType::String, false) => Value::from(""),
            (ViewType::String, true) => Value::from("probe"),
            (ViewType::StringList, false) => Value::from(Vec::<Value>::new()),
            (ViewType::StringList, true) => Value::from(vec![Value::from("probe")]),
        }
    }

    /// Whether `v` is a value of this type.
    #[cfg(test)]
    pub(super) fn admits(self, v: &Value) -> bool {
        match (self, v) {
            (ViewType::Bool, Value::Bool(_))
            | (ViewType::Int, Value::Int(_))
            | (ViewType::Double, Value::Float(_))
            | (ViewType::String, Value::String(_)) => true,
            (ViewType::StringList, Value::List(l)) => {
                l.len() <= MAX_LIST_LEN && l.iter().all(|e| matches!(e, Value::String(_)))
            }
            _ => false,
        }
    }
}

impl fmt::Display for ViewType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cel_name())
    }
}

/// A top-level variable of the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewVariable {
    /// The variable's name, e.g. `affected`.
    pub name: &'static str,
    /// What it describes.
    pub doc: &'static str,
}

/// One field of the view: its path, CEL type and meaning.
#[derive(Clone, Copy)]
pub struct ViewField {
    /// The path as conditions write it, e.g. `affected.subjects`.
    pub path: &'static str,
    /// The field's CEL type.
    pub ty: ViewType,
    /// What it means, in one line.
    pub doc: &'static str,
    get: fn(&Facts<'_>) -> Value,
}

impl fmt::Debug for ViewField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ViewField")
            .field("path", &self.path)
            .field("ty", &self.ty)
            .field("doc", &self.doc)
            .finish()
    }
}

/// A function conditions can call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewFunction {
    /// The function's name.
    pub name: &'static str,
    /// Its parameters: name and type.
    pub params: &'static [(&'static str, ViewType)],
    /// The type it returns.
    pub returns: ViewType,
    /// What it computes, in one or two sentences.
    pub doc: &'static str,
}

impl ViewFunction {
    /// The signature as documentation shows it, e.g. `subjects_in(code: string) -> int`.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(n, t)| format!("{n}: {t}"))
            .collect();
        format!("{}({}) -> {}", self.name, params.join(", "), self.returns)
    }
}

pub(super) const VARIABLES: &[ViewVariable] = &[
    ViewVariable {
        name: "organization",
        doc: "The organisation responsible for the data: roles, establishments, listings, revenue.",
    },
    ViewVariable {
        name: "timeline",
        doc: "Which of the incident's optional clocks are known (the times themselves drive deadlines, not conditions).",
    },
    ViewVariable {
        name: "cause",
        doc: "What caused the breach.",
    },
    ViewVariable {
        name: "affected",
        doc: "Who and what was affected: counts, data categories and their legal classes, residence.",
    },
    ViewVariable {
        name: "risk",
        doc: "The organisation's documented risk assessment.",
    },
    ViewVariable {
        name: "actions",
        doc: "What has been done so far: reports, notices, filings.",
    },
    ViewVariable {
        name: "controls",
        doc: "Safety measures in place before the breach.",
    },
];

pub(super) const fn field(
    path: &'static str,
    ty: ViewType,
    doc: &'static str,
    get: fn(&Facts<'_>) -> Value,
) -> ViewField {
    ViewField { path, ty, doc, get }
}

/// Every field of the view. The order is the documentation's order.
pub(super) const FIELDS: &[ViewField] = &[
    // organization
    field(
        "organization.kinds",
        StringList,
        "Regulatory roles of the organisation, e.g. `ict_service_provider`, `telecom_carrier`, `credit_information_company`, `public_institution`, `nydfs_covered_entity`, `hipaa_covered_entity`, `hipaa_business_associate`, `phr_vendor`, `ftc_financial_institution`, `information_broker`, `nis2_essential_entity`, `nis2_important_entity`, `dora_financial_entity`.",
        |f| strings(f.inc.organization.kind.iter().map(|k| k.code())),
    ),
    field(
        "organization.established_in",
        StringList,
        "Countries (ISO 3166-1 alpha-2) where the organisation has an establishment.",
        |f| strings(f.inc.organization.established_in.iter().map(String::as_str)),
    ),
    field(
        "organization.established_in_eu",
        Bool,
        "True if one of `established_in` is an EU/EEA state (GDPR Art. 3(1)).",
        |f| {
            Value::Bool(
                f.inc
                    .organization
                    .established_in
                    .iter()
                    .any(|c| vocab::EU_EEA.contains(&c.as_str())),
            )
        },
    ),
    field(
        "organization.listed",
        Bool,
        "True if the organisation has any securities listing.",
        |f| Value::Bool(!f.inc.organization.securities.is_empty()),
    ),
    field(
        "organization.listed_domestic_us",
        Bool,
        "True if a listing files with the U.S. SEC as a domestic registrant (Form 8-K Item 1.05).",
        |f| {
            Value::Bool(
                f.inc
                    .organization
                    .securities
                    .iter()
                    .any(|l| l.filer == FilerStatus::Domestic),
            )
        },
    ),
    field(
        "organization.foreign_private_issuer",
        Bool,
        "True if a listing files with the U.S. SEC as a foreign private issuer (Form 6-K).",
        |f| {
            Value::Bool(
                f.inc
                    .organization
                    .securities
                    .iter()
                    .any(|l| l.filer == FilerStatus::ForeignPrivateIssuer),
            )
        },
    ),
    field(
        "organization.total_revenue",
        Int,
        "Total revenue of the last fiscal year, in whole units of `revenue_currency`; 0 if unknown.",
        |f| {
            int(f
                .inc
                .organization
                .total_revenue
                .as_ref()
                .map_or(0, |m| m.amount))
        },
    ),
    field(
        "organization.revenue_currency",
        Str,
        "ISO 4217 currency of `total_revenue`, e.g. `KRW`; empty if unknown.",
        |f| {
            Value::from(
                f.inc
                    .organization
                    .total_revenue
                    .as_ref()
                    .map_or("", |m| m.currency.as_str()),
            )
        },
    ),
    // timeline
    field(
        "timeline.has_occurred_until",
        Bool,
        "True if the breach is known to have ended (`timeline.occurred_until` is given).",
        |f| Value::Bool(f.inc.timeline.occurred_until.is_some()),
    ),
    field(
        "timeline.has_first_signal_at",
        Bool,
        "True if `timeline.first_signal_at` (the first sign that something was wrong) is given.",
        |f| Value::Bool(f.inc.timeline.first_signal_at.is_some()),
    ),
    field(
        "timeline.has_incident_detected_at",
        Bool,
        "True if `timeline.incident_detected_at` (awareness of the security incident) is given.",
        |f| Value::Bool(f.inc.timeline.incident_detected_at.is_some()),
    ),
    field(
        "timeline.has_contained_at",
        Bool,
        "True if the breach has been contained (`timeline.contained_at` is given).",
        |f| Value::Bool(f.inc.timeline.contained_at.is_some()),
    ),
    field(
        "timeline.has_materiality_determined_at",
        Bool,
        "True if the incident was determined to be material (`timeline.materiality_determined_at` is given).",
        |f| Value::Bool(f.inc.timeline.materiality_determined_at.is_some()),
    ),
    field(
        "timeline.has_impact_determined_at",
        Bool,
        "True if the Item 1.05 information missing from the first Form 8-K was determined or became available (`timeline.impact_determined_at` is given).",
        |f| Value::Bool(f.inc.timeline.impact_determined_at.is_some()),
    ),
    field(
        "timeline.has_assessed_at",
        Bool,
        "True if the notifiability assessment was completed (`timeline.assessed_at` is given).",
        |f| Value::Bool(f.inc.timeline.assessed_at.is_some()),
    ),
    // cause
    field(
        "cause.kind",
        Str,
        "The kind of cause: `hacking`, `malware`, `unauthorized_access`, `insider_misuse`, `misdelivery`, `lost_or_stolen`, `misconfiguration`, `unlawful_transfer` or `other`.",
        |f| Value::from(cause_kind(f.inc.cause.kind)),
    ),
    field(
        "cause.external",
        Bool,
        "True if the data was reached by unlawful access from outside the organisation's systems.",
        |f| Value::Bool(f.inc.cause.external),
    ),
    field(
        "cause.factors",
        StringList,
        "Safety-measure lapses the cause involved (`cause.factors`), e.g. `former_staff_access`, `authentication_means`.",
        |f| strings(f.inc.cause.factors.iter().map(|x| x.code())),
    ),
    // affected
    field(
        "affected.subjects",
        Int,
        "Number of affected data subjects (or of what `counted_as` says).",
        |f| int(f.inc.affected.subjects),
    ),
    field(
        "affected.records",
        Int,
        "Number of affected records; 0 if unknown.",
        |f| int(f.inc.affected.records.unwrap_or(0)),
    ),
    field(
        "affected.counted_as",
        Str,
        "What `subjects` counts: `persons`, `accounts` or `records`.",
        |f| Value::from(counted_as(f.inc.affected.counted_as)),
    ),
    field(
        "affected.encrypted",
        Bool,
        "True if the leaked data was unintelligible to the intruder (strong encryption, key not compromised).",
        |f| Value::Bool(f.inc.affected.encrypted),
    ),
    field(
        "affected.categories",
        StringList,
        "Data categories of the leaked items (vocabulary codes such as `name`, `resident_registration_number`, or `other`).",
        |f| strings(f.categories.iter().copied()),
    ),
    field(
        "affected.classes",
        StringList,
        "Legal classes present among the leaked items: `unique_identifier`, `sensitive`, `financial`, `credentials`, `telecom_identifier`, `ordinary` (items of category `other` count as `ordinary`).",
        |f| strings(f.classes.iter().map(|c| c.as_str())),
    ),
    field(
        "affected.has_unique_identifier",
        Bool,
        "True if a unique identifier (resident registration, passport, driver's licence, alien registration, SSN, taxpayer or other national id number) leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::UniqueIdentifier)),
    ),
    field(
        "affected.has_sensitive",
        Bool,
        "True if sensitive information (PIPA Art. 23; GDPR Art. 9 special categories) leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::Sensitive)),
    ),
    field(
        "affected.has_financial",
        Bool,
        "True if bank account or payment card data (or the security code, access code or PIN of one) leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::Financial)),
    ),
    field(
        "affected.has_credentials",
        Bool,
        "True if passwords, security questions and answers or other authentication secrets leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::Credentials)),
    ),
    field(
        "affected.has_telecom_identifier",
        Bool,
        "True if mobile subscriber or device identifiers (IMSI, USIM keys, IMEI) leaked.",
        |f| Value::Bool(f.classes.contains(&LegalClass::TelecomIdentifier)),
    ),
    field(
        "affected.jurisdictions",
        StringList,
        "The codes of `affected.by_jurisdiction` as written: countries (`KR`) and subdivisions (`US-CA`).",
        |f| strings(f.inc.affected.by_jurisdiction.keys().map(String::as_str)),
    ),
    field(
        "affected.countries",
        StringList,
        "Countries of residence of affected subjects: the country part of each jurisdiction (`US-CA` gives `US`).",
        |f| strings(f.countries.iter().copied()),
    ),
    field(
        "affected.eu_subjects",
        Int,
        "Affected subjects resident in EU/EEA states.",
        |f| int(eu_subjects(&f.inc.affected.by_jurisdiction)),
    ),
    field(
        "affected.has_unreachable",
        Bool,
        "True if some affected people cannot be notified individually (`affected.unreachable`).",
        |f| Value::Bool(f.inc.affected.unreachable.is_some()),
    ),
    // risk
    field(
        "risk.level",
        Str,
        "The assessed risk to the people affected: `none`, `risk`, `high`, or `unassessed` while no assessment is recorded.",
        |f| {
            Value::from(
                f.inc
                    .risk_assessment
                    .as_ref()
                    .map_or("unassessed", |r| risk_level(r.level)),
            )
        },
    ),
    field(
        "risk.assessed",
        Bool,
        "True if a risk assessment is recorded.",
        |f| Value::Bool(f.inc.risk_assessment.is_some()),
    ),
    // actions
    field("actions.count", Int, "Number of recorded actions.", |f| {
        int(u64::try_from(f.inc.actions.len()).unwrap_or(u64::MAX))
    }),
    field(
        "actions.kinds",
        StringList,
        "Kinds of the recorded actions, e.g. `regulator_report`, `subject_notice`.",
        |f| strings(f.inc.actions.iter().map(|a| a.kind.as_str())),
    ),
    field(
        "actions.recipients",
        StringList,
        "Recipients of the recorded actions, e.g. `PIPC`, `AG:US-CA`.",
        |f| strings(f.inc.actions.iter().filter_map(|a| a.to.as_deref())),
    ),
    // controls
    field(
        "controls.recorded",
        Bool,
        "True if the incident describes its pre-breach safety measures at all (`controls`).",
        |f| Value::Bool(f.inc.controls.is_some()),
    ),
    field(
        "controls.audit_completed",
        Bool,
        "True if an independent audit was completed on or before the day of discovery.",
        |f| {
            Value::Bool(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.third_party_audit.as_ref())
                    .is_some_and(|a| a.completed_at.0 <= f.discovery),
            )
        },
    ),
    field(
        "controls.audit_open_high_findings",
        Int,
        "Audit findings of severity `high` or `critical` not yet resolved.",
        |f| {
            let n = f
                .inc
                .controls
                .as_ref()
                .and_then(|c| c.third_party_audit.as_ref())
                .map_or(0, |a| {
                    a.findings
                        .iter()
                        .filter(|x| !x.resolved && x.severity >= Severity::High)
                        .count()
                });
            int(u64::try_from(n).unwrap_or(u64::MAX))
        },
    ),
    field(
        "controls.open_finding_factors",
        StringList,
        "Safety-measure lapses named by audit findings not yet resolved (`findings[].factors`).",
        |f| {
            strings(
                f.inc
                    .controls
                    .iter()
                    .flat_map(|c| c.third_party_audit.iter())
                    .flat_map(|a| a.findings.iter())
                    .filter(|x| !x.resolved)
                    .flat_map(|x| x.factors.iter().map(|k| k.code())),
            )
        },
    ),
    field(
        "controls.training_completion_rate",
        Double,
        "Share of personal-information handlers who completed the last privacy training, 0 to 1; 0.0 if no training is recorded.",
        |f| {
            Value::Float(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.staff_training.as_ref())
                    .map_or(0.0, |t| {
                        if t.completion_rate.is_finite() {
                            t.completion_rate
                        } else {
                            0.0
                        }
                    }),
            )
        },
    ),
    field(
        "controls.training_days_before_discovery",
        Int,
        "Days from the end of the last training round to the day of discovery; -1 if no training is recorded or it ended after discovery.",
        |f| {
            let days = f
                .inc
                .controls
                .as_ref()
                .and_then(|c| c.staff_training.as_ref())
                .map(|t| (f.discovery - t.last_completed_at.0).num_days())
                .filter(|d| *d >= 0);
            Value::Int(days.unwrap_or(-1))
        },
    ),
    field(
        "controls.log_retention_months",
        Int,
        "Months that access records are kept; 0 if unknown.",
        |f| {
            int(f
                .inc
                .controls
                .as_ref()
                .and_then(|c| c.access_logs.as_ref())
                .map_or(0, |l| u64::from(l.retention_months)))
        },
    ),
    field(
        "controls.log_review",
        Str,
        "How often access records are reviewed: `daily`, `weekly`, `monthly`, `quarterly`, `yearly`, `never`, or `unknown`.",
        |f| {
            Value::from(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.access_logs.as_ref())
                    .map_or("unknown", |l| review(l.review)),
            )
        },
    ),
    field(
        "controls.unique_identifiers_encrypted",
        Bool,
        "True if unique identifying information is recorded as encrypted at rest.",
        |f| {
            Value::Bool(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.encryption.as_ref())
                    .is_some_and(|e| e.unique_identifiers_at_rest),
            )
        },
    ),
    field(
        "controls.encrypted_in_transit",
        Bool,
        "True if personal data is recorded as encrypted in transit (`controls.encryption.in_transit`).",
        |f| {
            Value::Bool(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.encryption.as_ref())
                    .and_then(|e| e.in_transit)
                    .unwrap_or(false),
            )
        },
    ),
    field(
        "controls.passwords",
        Str,
        "How passwords are stored: `hashed`, `encrypted`, `plaintext`, `none` (none stored), or `unknown`.",
        |f| {
            Value::from(
                f.inc
                    .controls
                    .as_ref()
                    .and_then(|c| c.encryption.as_ref())
                    .map_or("unknown", |e| passwords(e.passwords)),
            )
        },
    ),
    field(
        "controls.certifications",
        StringList,
        "Names of certifications (e.g. `ISMS-P`) valid on the day of discovery.",
        |f| {
            strings(
                f.inc
                    .controls
                    .iter()
                    .flat_map(|c| c.certifications.iter())
                    .filter(|c| c.valid_until.0 >= f.discovery)
                    .map(|c| c.name.as_str()),
            )
        },
    ),
];

pub(super) const FUNCTIONS: &[ViewFunction] = &[
    ViewFunction {
        name: "subjects_in",
        params: &[("code", ViewType::String)],
        returns: ViewType::Int,
        doc: "Affected subjects resident in `code`: a country code counts the country and all its subdivisions (`subjects_in('US')` adds `US`, `US-CA`, `US-NY`, …), a subdivision code (`US-CA`) just that entry, and `EU` the residents of all EU/EEA states.",
    },
    ViewFunction {
        name: "has_category",
        params: &[("code", ViewType::String)],
        returns: ViewType::Bool,
        doc: "True if an item of data category `code` (e.g. `resident_registration_number`) leaked.",
    },
    ViewFunction {
        name: "category_subjects",
        params: &[("code", ViewType::String)],
        returns: ViewType::Int,
        doc: "Subjects whose data included category `code`: the largest count among the items of that category, an item without its own count standing for all affected subjects; 0 if none leaked.",
    },
    ViewFunction {
        name: "has_action",
        params: &[("kind", ViewType::String), ("recipient", ViewType::String)],
        returns: ViewType::Bool,
        doc: "True if an action of `kind` (e.g. `regulator_report`) to `recipient` (e.g. `PIPC`) is recorded; an empty recipient (`''`) matches any.",
    },
];

/// The top-level variables of the view, in documentation order.
pub fn view_variables() -> &'static [ViewVariable] {
    VARIABLES
}

/// Every field of the view with its CEL type and meaning: the source of truth for the
/// load-time path check and for the policy documentation.
pub fn view_fields() -> &'static [ViewField] {
    FIELDS
}

/// The functions of the view.
pub fn view_functions() -> &'static [ViewFunction] {
    FUNCTIONS
}

/// CEL standard functions available in this build (cel without the `regex` and `chrono`
/// features), callable as functions or methods as CEL defines them.
pub(super) const STDLIB_FUNCTIONS: &[&str] = &[
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "bytes",
    "type",
    "dyn",
];

/// Operators, as the parser names them.
pub(super) const OPERATORS: &[&str] = &[
    operators::CONDITIONAL,
    operators::LOGICAL_AND,
    operators::LOGICAL_OR,
    operators::LOGICAL_NOT,
    operators::SUBSTRACT,
    operators::ADD,
    operators::MULTIPLY,
    operators::DIVIDE,
    operators::MODULO,
    operators::EQUALS,
    operators::NOT_EQUALS,
    operators::GREATER_EQUALS,
    operators::LESS_EQUALS,
    operators::GREATER,
    operators::LESS,
    operators::NEGATE,
    operators::INDEX,
    operators::NOT_STRICTLY_FALSE,
    operators::IN,
];

/// Macros: expanded by the parser, so they reach the checker as calls only when misused.
pub(super) const MACROS: &[&str] = &[
    operators::HAS,
    operators::ALL,
    operators::EXISTS,
    operators::EXISTS_ONE,
    operators::MAP,
    operators::FILTER,
];

/// Identifiers CEL resolves to types, as in `type(x) == int`.
pub(super) const TYPE_NAMES: &[&str] = &[
    "bool",
    "int",
    "uint",
    "double",
    "string",
    "bytes",
    "list",
    "map",
    "null_type",
    "type",
];

// ---------------------------------------------------------------------------------------------
// Building the view
// ---------------------------------------------------------------------------------------------

/// Facts derived once from an incident, for the field getters.
pub(super) struct Facts<'a> {
    inc: &'a Incident,
    /// The day of discovery, in the incident's time zone.
    discovery: NaiveDate,
    categories: Vec<&'a str>,
    classes: Vec<LegalClass>,
    countries: BTreeSet<&'a str>,
}

impl<'a> Facts<'a> {
    fn new(inc: &'a Incident) -> Self {
        let discovery = inc
            .timeline
            .discovered_at
            .instant()
            .with_timezone(&inc.timezone.0)
            .date_naive();
        let mut categories: Vec<&str> = Vec::new();
        for item in &inc.affected.data {
            if !categories.contains(&item.category.as_str()) {
                categories.push(&item.category);
            }
        }
        let present: Vec<LegalClass> = categories
            .iter()
            .map(|c| vocab::category(c).map_or(LegalClass::Ordinary, |info| info.class))
            .collect();
        let classes = ALL_CLASSES
            .iter()
            .copied()
            .filter(|c| present.contains(c))
            .collect();
        let countries = inc
            .affected
            .by_jurisdiction
            .keys()
            .map(|k| country_of(k))
            .collect();
        Facts {
            inc,
            discovery,
            categories,
            classes,
            countries,
        }
    }
}

pub(super) const ALL_CLASSES: [LegalClass; 6] = [
    LegalClass::UniqueIdentifier,
    LegalClass::Sensitive,
    LegalClass::Financial,
    LegalClass::Credentials,
    LegalClass::TelecomIdentifier,
    LegalClass::Ordinary,
];

pub(super) fn country_of(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

pub(super) fn eu_subjects(by_jurisdiction: &BTreeMap<String, u64>) -> u64 {
    by_jurisdiction
        .iter()
        .filter(|(k, _)| vocab::EU_EEA.contains(&country_of(k)))
        .fold(0u64, |acc, (_, n)| acc.saturating_add(*n))
}

/// A count as a CEL int, clamped to `i64::MAX`.
pub(super) fn int(n: u64) -> Value {
    Value::Int(clamp(n))
}

pub(super) fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Distinct strings, in first-seen order, at most [`MAX_LIST_LEN`], each cut to
/// [`MAX_VIEW_STRING`] bytes.
pub(super) fn strings<'s>(items: impl IntoIterator<Item = &'s str>) -> Value {
    let mut seen: Vec<&str> = Vec::new();
    for s in items {
        if seen.len() == MAX_LIST_LEN {
            break;
        }
        let s = cut(s);
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    Value::from(seen.into_iter().map(Value::from).collect::<Vec<Value>>())
}

/// `s` cut to at most [`MAX_VIEW_STRING`] bytes, at a character boundary.
pub(super) fn cut(s: &str) -> &str {
    if s.len() <= MAX_VIEW_STRING {
        return s;
    }
    let mut end = MAX_VIEW_STRING;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

pub(super) fn cause_kind(k: CauseKind) -> &'static str {
    match k {
        CauseKind::Hacking => "hacking",
        CauseKind::Malware => "malware",
        CauseKind::UnauthorizedAccess => "unauthorized_access",
        CauseKind::InsiderMisuse => "insider_misuse",
        CauseKind::Misdelivery => "misdelivery",
        CauseKind::LostOrStolen => "lost_or_stolen",
        CauseKind::Misconfiguration => "misconfiguration",
        CauseKind::UnlawfulTransfer => "unlawful_transfer",
        CauseKind::Other => "other",
    }
}

pub(super) fn counted_as(c: CountedAs) -> &'static str {
    match c {
        CountedAs::Persons => "persons",
        CountedAs::Accounts => "accounts",
        CountedAs::Records => "records",
    }
}

pub(super) fn risk_level(r: RiskLevel) -> &'static str {
    match r {
        RiskLevel::None => "none",
        RiskLevel::Risk => "risk",
        RiskLevel::High => "high",
    }
}

pub(super) fn review(r: ReviewFrequency) -> &'static str {
    match r {
        ReviewFrequency::Daily => "daily",
        ReviewFrequency::Weekly => "weekly",
        ReviewFrequency::Monthly => "monthly",
        ReviewFrequency::Quarterly => "quarterly",
        ReviewFrequency::Yearly => "yearly",
        ReviewFrequency::Never => "never",
    }
}

pub(super) fn passwords(p: PasswordStorage) -> &'static str {
    match p {
        PasswordStorage::Hashed => "hashed",
        PasswordStorage::Encrypted => "encrypted",
        PasswordStorage::Plaintext => "plaintext",
        PasswordStorage::None => "none",
    }
}

/// What the view's functions look up. Owned, so the functions registered in the CEL context
/// can share it.
#[derive(Debug, Default)]
pub(super) struct Lookups {
    by_jurisdiction: BTreeMap<String, u64>,
    /// Category → subjects whose data included it.
    categories: BTreeMap<String, u64>,
    /// (kind, recipient or "").
    actions: BTreeSet<(String, String)>,
    /// In a probe view: every function gives its default (`false`) or non-default (`true`)
    /// answer, whatever the argument.
    probe: Option<bool>,
}

impl Lookups {
    fn new(inc: &Incident) -> Self {
        let mut categories: BTreeMap<String, u64> = BTreeMap::new();
        for item in &inc.affected.data {
            let n = item.subjects.unwrap_or(inc.affected.subjects);
            let e = categories.entry(item.category.clone()).or_insert(0);
            *e = (*e).max(n);
        }
        Lookups {
            by_jurisdiction: inc.affected.by_jurisdiction.clone(),
            categories,
            actions: inc
                .actions
                .iter()
                .map(|a| (a.kind.clone(), a.to.clone().unwrap_or_default()))
                .collect(),
            probe: None,
        }
    }

    pub(super) fn subjects_in(&self, code: &str) -> u64 {
        if let Some(alt) = self.probe {
            return u64::from(alt);
        }
        if code == "EU" {
            return eu_subjects(&self.by_jurisdiction);
        }
        let subdivision = code.contains('-');
        self.by_jurisdiction
            .iter()
            .filter(|(k, _)| {
                k.as_str() == code
                    || (!subdivision
                        && k.strip_prefix(code)
                            .is_some_and(|rest| rest.starts_with('-')))
            })
            .fold(0u64, |acc, (_, n)| acc.saturating_add(*n))
    }

    pub(super) fn has_category(&self, code: &str) -> bool {
        self.probe
            .unwrap_or_else(|| self.categories.contains_key(code))
    }

    pub(super) fn category_subjects(&self, code: &str) -> u64 {
        match self.probe {
            Some(alt) => u64::from(alt),
            None => self.categories.get(code).copied().unwrap_or(0),
        }
    }

    pub(super) fn has_action(&self, kind: &str, recipient: &str) -> bool {
        self.probe.unwrap_or_else(|| {
            self.actions
                .iter()
                .any(|(k, to)| k == kind && (recipient.is_empty() || to == recipient))
        })
    }
}

pub(super) fn shared_env() -> Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    Arc::clone(ENV.get_or_init(|| Arc::new(Env::stdlib())))
}

/// The view of one incident, prepared for evaluating any number of conditions.
///
/// Build it once per incident with [`View::new`] (or [`view`]); it owns the CEL context with the
/// view's variables and functions, so evaluating a condition allocates no context.
pub struct View {
    values: BTreeMap<&'static str, Value>,
    pub(super) lookups: Arc<Lookups>,
    pub(super) context: Context<'static, 'static>,
}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.values.iter().map(|(k, v)| (k, show(v))))
            .finish()
    }
}

/// The view of `incident`; the same as [`View::new`].
pub fn view(incident: &Incident) -> View {
    View::new(incident)
}

impl View {
    /// Builds the view of `incident`.
    pub fn new(incident: &Incident) -> View {
        let facts = Facts::new(incident);
        let values = FIELDS.iter().map(|f| (f.path, (f.get)(&facts))).collect();
        View::assemble(values, Lookups::new(incident))
    }

    /// A synthetic view for type-checking: every field at its type's default, or (`alt`) at a
    /// non-default value.
    pub(super) fn probe(alt: bool) -> View {
        let values = FIELDS.iter().map(|f| (f.path, f.ty.probe(alt))).collect();
        let lookups = Lookups {
            probe: Some(alt),
            ..Lookups::default()
        };
        View::assemble(values, lookups)
    }

    fn assemble(values: BTreeMap<&'static str, Value>, lookups: Lookups) -> View {
        let lookups = Arc::new(lookups);
        let mut context = Context::with_env(shared_env());
        for var in VARIABLES {
            let map: HashMap<String, Value> = values
                .iter()
                .filter_map(|(path, v)| {
                    let (root, field) = path.split_once('.')?;
                    (root == var.name).then(|| (field.to_string(), v.clone()))
                })
                .collect();
            context.add_variable_from_value(var.name, map);
        }
        // `add_function` fails only for a name the standard library declares; the view's
        // names are not among them (a test calls each one), so the results carry nothing.
        let l = Arc::clone(&lookups);
        let _ = context.add_function("subjects_in", move |code: Arc<String>| -> i64 {
            clamp(l.subjects_in(&code))
        });
        let l = Arc::clone(&lookups);
        let _ = context.add_function("has_category", move |code: Arc<String>| -> bool {
            l.has_category(&code)
        });
        let l = Arc::clone(&lookups);
        let _ = context.add_function("category_subjects", move |code: Arc<String>| -> i64 {
            clamp(l.category_subjects(&code))
        });
        let l = Arc::clone(&lookups);
        let _ = context.add_function(
            "has_action",
            move |kind: Arc<String>, recipient: Arc<String>| -> bool {
                l.has_action(&kind, &recipient)
            },
        );
        View {
            values,
            lookups,
            context,
        }
    }

    /// The value of the field at `path` (e.g. `affected.subjects`), if the view has one.
    pub fn get(&self, path: &str) -> Option<&Value> {
        self.values.get(path)
    }

    /// Every field of the view with its value, in path order.
    pub fn fields(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.values.iter().map(|(k, v)| (*k, v))
    }
}

/// A value as explanations show it: `33673817`, `true`, `accounts`, `[name, email]`.
pub(super) fn show(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.to_string(),
        Value::Null => "null".to_string(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", items.join(", "))
        }
        other => format!("{other:?}"),
    }
}
