//! The incident file, format `disclose/incident@1`.
//!
//! Every field's doc comment becomes its description in the JSON Schema (`disclose schema
//! incident`) and in `docs/incident-format.md`, so the three never drift apart. All structs deny
//! unknown fields: a misspelt key is an error, never a silently dropped fact.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::time::{Date, Timestamp, Zone};

pub use crate::document::INCIDENT_FORMAT;

/// A personal-data breach, described once for every filing it needs.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "disclose incident file (format disclose/incident@1)")]
pub struct Incident {
    /// File format and version. Always `disclose/incident@1` for this version.
    pub format: String,
    /// Short identifier of the incident, used in report file names and document ids. Letters,
    /// digits, `.`, `_` and `-`; at most 64 characters.
    pub id: String,
    /// The incident's title, as reports head it.
    pub title: Text,
    /// IANA time zone of the organisation (e.g. `Asia/Seoul`). Times written without an offset
    /// are read in this zone, and reports give dates in it.
    pub timezone: Zone,
    /// True while the facts are unconfirmed (for example an imported or freshly started file).
    /// Reports of a draft are rendered only on request and are marked as drafts.
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    /// What a draft assumed rather than knew, one entry per guess (`disclose import` lists every
    /// value it had to guess here, and marks it with a comment in the file). Confirm or correct
    /// each fact, then remove its entry; a file is final when it is no longer a draft and this
    /// list is empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [[{
        "field": "timeline.discovered_at",
        "assumption": "The source gives no discovery date; the incident date is used."
    }]]))]
    pub draft_assumptions: Vec<DraftAssumption>,
    /// The organisation responsible for the data (the personal information controller).
    pub organization: Organization,
    /// When things happened. Each obligation's clock starts at one of these fields.
    pub timeline: Timeline,
    /// What caused the breach.
    pub cause: Cause,
    /// Who and what was affected.
    pub affected: Affected,
    /// The organisation's documented assessment of the risk to the people affected (GDPR
    /// Art. 33(1) and 34(1) turn on it). Leave it out until the assessment is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<RiskAssessment>,
    /// What has been done so far: reports, notices, filings. Obligations are checked against
    /// these entries.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Delays of notices and reports that law enforcement asked for or an authority granted
    /// (most U.S. state breach laws, HIPAA 45 CFR 164.412, SEC Form 8-K Item 1.05(c)). Each moves
    /// the deadline of the duties whose law allows a law-enforcement delay, in the places it
    /// names, to its end, and the output says which delay did so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [[{
        "authority": "Federal Bureau of Investigation, Los Angeles Field Office",
        "jurisdictions": ["US-CA"],
        "from": "2026-11-03T10:00:00-08:00",
        "until": "2026-12-15T10:00:00-08:00",
        "reference": "FBI letter of 2026-11-03, case 302-LA-12345"
    }]]))]
    pub law_enforcement_delays: Vec<LawEnforcementDelay>,
    /// Safety measures in place before the breach, compared with the control requirements of
    /// each law.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controls: Option<Controls>,
    /// Countermeasures taken after the breach (PIPA Art. 34(1)4: 대응조치).
    #[serde(default)]
    pub remediation: Vec<Remediation>,
    /// What affected people can do to reduce harm (PIPA Art. 34(1)3), one item per entry.
    #[serde(default)]
    pub subject_guidance: Vec<Guidance>,
    /// How damage is remedied, and where people can apply (PIPA Art. 34(1)4: 피해 구제절차).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Text>,
    /// Facts the notices to people state that no other field records (U.S. state letters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<NoticeFacts>,
    /// Facts a GDPR notification (Art. 33) and communication (Art. 34) state that no other law
    /// asks for: the establishment in the EU/EEA, whether the main establishment is there, and
    /// the reasons for a notification made after 72 hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gdpr: Option<Gdpr>,
}

/// GDPR facts of the incident.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gdpr {
    /// The controller's establishment in the EU/EEA whose activities bring the processing under
    /// the GDPR (Art. 3(1)), as the notification names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub establishment: Option<Establishment>,
    /// True when the decisions on the purposes and means of this processing are taken in an
    /// establishment in the EU/EEA, so that it is the main establishment (Art. 4(16)) and its
    /// authority leads (Art. 56(1)); false when they are taken outside the EU/EEA (for example
    /// at a head office in Seoul): the notification then says there is no one-stop shop and
    /// lists each state whose residents are affected (the reading of EDPB Opinion 04/2024 as
    /// secondary sources summarise it; counsel confirms it, in particular where the EU
    /// establishment is the controller's single one, Art. 56(1)). Leave out while undecided:
    /// the notification then names the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_establishment_in_eu: Option<bool>,
    /// The supervisory authority the notification is addressed to, by its official name, where
    /// the recipient code (`SA:DE`) does not name it: Germany, for one, has an authority in each
    /// Land (e.g. `Berliner Beauftragte für Datenschutz und Informationsfreiheit (BlnBDI)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Why the supervisory authority was not notified within 72 hours of awareness. GDPR
    /// Art. 33(1): a notification made later "shall be accompanied by reasons for the delay".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons_for_delay: Option<Text>,
    /// True where communicating with each person would involve disproportionate effort, so the
    /// people are informed by a public communication instead (Art. 34(3)(c)): the Art. 34
    /// communication is then written for publication.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[schemars(extend("examples" = [true]))]
    pub public_communication: bool,
}

/// An establishment of the organisation.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Establishment {
    /// Its legal name, e.g. `Hanbit Games Europe GmbH`.
    pub name: String,
    /// The country, ISO 3166-1 alpha-2 (an EU/EEA state), e.g. `DE`.
    pub country: String,
    /// Its postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// A delay of notices or reports at the request of law enforcement.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawEnforcementDelay {
    /// Who asked for or granted it, as its letter names it.
    #[schemars(extend("examples" = ["Federal Bureau of Investigation, Los Angeles Field Office"]))]
    pub authority: String,
    /// The places whose laws' duties it delays (ISO 3166 codes; a country covers its
    /// subdivisions, so `US` covers federal rules and every state).
    #[schemars(extend("examples" = [["US-CA", "US-NY"]]))]
    pub jurisdictions: Vec<String>,
    /// When it was requested or granted. A delay granted after a deadline passed does not move
    /// that deadline.
    #[schemars(extend("examples" = ["2026-11-03T10:00:00-08:00"]))]
    pub from: Timestamp,
    /// When it ends: the duties it delays are due by then.
    #[schemars(extend("examples" = ["2026-12-15T10:00:00-08:00"]))]
    pub until: Timestamp,
    /// The letter or file reference, for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = ["FBI letter of 2026-11-03, case 302-LA-12345"]))]
    pub reference: Option<String>,
}

/// Facts a notice to people states.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeFacts {
    /// Whether the notice was delayed because a law enforcement agency determined that it would
    /// impede a criminal investigation (Cal. Civ. Code § 1798.82(d)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law_enforcement_delay: Option<bool>,
    /// Identity theft prevention and mitigation services offered at no cost (required by some
    /// U.S. states where a Social Security number or a government identification number was
    /// exposed, e.g. California for at least 12 months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = [{
        "provider": { "ko": "예시 신용정보 서비스", "en": "Example Credit Monitoring Inc." },
        "months": 24,
        "how_to_enroll": { "ko": "2027년 3월 31일까지 example.invalid에서 코드 ABC로 등록하십시오.", "en": "Enrol at example.invalid with code ABC by March 31, 2027." }
    }]))]
    pub identity_theft_services: Option<IdentityTheftServices>,
}

/// An offer of identity theft prevention and mitigation services.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityTheftServices {
    /// Who provides them.
    #[schemars(extend("examples" = [{ "ko": "예시 신용정보 서비스", "en": "Example Credit Monitoring Inc." }]))]
    pub provider: Text,
    /// For how many months, at no cost.
    #[schemars(extend("examples" = [24]))]
    pub months: u32,
    /// How to enrol (a code, a website, a deadline): everything needed to take up the offer.
    #[schemars(extend("examples" = [{ "ko": "2027년 3월 31일까지 example.invalid에서 코드 ABC로 등록하십시오.", "en": "Enrol at example.invalid with code ABC by March 31, 2027." }]))]
    pub how_to_enroll: Text,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A fact that a draft assumed rather than knew.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftAssumption {
    /// The field the assumption concerns, as a path into the file (`timeline.occurred_from`,
    /// `affected.data[0].records`).
    #[schemars(extend("examples" = ["timeline.discovered_at"]))]
    pub field: String,
    /// What was assumed, and why, in a sentence or two.
    #[schemars(extend("examples" = ["The source gives no discovery date; the incident date is used."]))]
    pub assumption: String,
}

/// Text that reports show, in Korean and English. Korean is required; English is required only
/// where an English report is produced (a law outside Korea applies, or `render --lang en`), and
/// `render` names the fields and reports that need it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["ko"]))]
pub struct Text {
    /// The Korean text (formal written Korean, 합니다체, in sentences).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ko: Option<String>,
    /// The English text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang` (`ko` or `en`), if present and not blank.
    pub fn get(&self, lang: &str) -> Option<&str> {
        let v = match lang {
            "ko" => self.ko.as_deref(),
            "en" => self.en.as_deref(),
            _ => None,
        };
        v.filter(|s| !s.trim().is_empty())
    }
}

/// One thing affected people can do: bilingual text (`{ ko, en }`, as [`Text`]), for everyone or
/// for the people of some places.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["ko"]))]
pub struct Guidance {
    /// The Korean text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ko: Option<String>,
    /// The English text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// The places whose people it is for (ISO 3166 codes; a country covers its subdivisions),
    /// when not everyone's: advice to use a Korean service is for `KR`. A letter to people
    /// elsewhere (the U.S. consumer notice) leaves it out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [["KR"]]))]
    pub jurisdictions: Vec<String>,
}

impl Guidance {
    /// The text alone.
    pub fn text(&self) -> Text {
        Text {
            ko: self.ko.clone(),
            en: self.en.clone(),
        }
    }
}

/// The organisation responsible for the data.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The organisation's legal name.
    pub name: Text,
    /// Regulatory roles that change which laws apply, e.g. `ict_service_provider` triggers the
    /// Network Act 24-hour security-incident report.
    #[serde(default)]
    pub kind: Vec<OrganizationKind>,
    /// Countries (ISO 3166-1 alpha-2) where the organisation has an establishment. An
    /// establishment in the EU/EEA brings the processing under the GDPR (Art. 3(1)).
    #[serde(default)]
    pub established_in: Vec<String>,
    /// Securities listings. A `domestic` filer files SEC Form 8-K Item 1.05; a
    /// `foreign_private_issuer` files Form 6-K instead.
    #[serde(default)]
    pub securities: Vec<Listing>,
    /// Total revenue of the last fiscal year, the base of the PIPA Art. 64-2 administrative
    /// surcharge (up to 3 % of total revenue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_revenue: Option<Money>,
    /// The organisation's own revenue per fiscal year (not a group's consolidated figure), each
    /// with its `fiscal_year`. PIPA Enforcement Decree Art. 60-2(1) bases the surcharge on the
    /// average annual revenue of the three business years before the year of the violation:
    /// give those years, and the cap is computed on their average.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [[
        { "amount": 26000000000000u64, "currency": "KRW", "fiscal_year": 2022 },
        { "amount": 31000000000000u64, "currency": "KRW", "fiscal_year": 2023 },
        { "amount": 38000000000000u64, "currency": "KRW", "fiscal_year": 2024 }
    ]]))]
    pub revenue_by_year: Vec<Money>,
    /// Set instead of `total_revenue` when the organisation has no revenue, or its revenue is
    /// hard to compute: a legal finding (PIPA Art. 64-2(1) proviso) under which a revenue-based
    /// cap gives way to the law's fixed cap. Without either field the cap is not computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(example = RevenueUnavailable::NotComputable)]
    pub revenue_unavailable: Option<RevenueUnavailable>,
    /// The SEC registrant that files Form 8-K, where it is not the organisation itself (a listed
    /// parent of the controller) or where its cover-page details are to be filled in. Without
    /// it the Form 8-K draft leaves the cover page blank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registrant: Option<Registrant>,
    /// The chief privacy officer (개인정보 보호책임자) or data protection officer.
    pub privacy_officer: Contact,
    /// Where affected people report damage and ask questions (PIPA Art. 34(1)5).
    pub contact_point: ContactPoint,
    /// The representative in whose name letters and public notices are sent (대표이사 명의), for
    /// their sender block. Without it, notices are signed with the organisation's name only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representative>,
    /// The organisation's postal address, printed in the sender block of letters and notices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = [{
        "ko": "서울특별시 중구 세종대로 1, 10층",
        "en": "10F, 1 Sejong-daero, Jung-gu, Seoul 04500, Republic of Korea"
    }]))]
    pub address: Option<Text>,
}

/// The person who signs notices for the organisation.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// The title, e.g. 대표이사 / Chief Executive Officer.
    #[schemars(extend("examples" = [{ "ko": "대표이사", "en": "Chief Executive Officer" }]))]
    pub title: Text,
    /// The name, when it is to be printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = [{ "ko": "홍길동", "en": "Gildong Hong" }]))]
    pub name: Option<Text>,
}

/// The registrant of a Form 8-K, as its cover page names it.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registrant {
    /// Exact name of the registrant as specified in its charter, e.g. `Coupang, Inc.`.
    pub name: String,
    /// State or other jurisdiction of incorporation, e.g. `Delaware`.
    pub state_of_incorporation: String,
    /// SEC Central Index Key, up to 10 digits, e.g. `0001834584`.
    pub cik: String,
    /// Commission File Number, e.g. `001-40115`.
    pub commission_file_number: String,
    /// IRS Employer Identification No., e.g. `27-2810505`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub irs_employer_id: Option<String>,
    /// Address of principal executive offices, with zip code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Registrant's telephone number, including area code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// How the organisation (the controller) relates to the registrant, as the filing says it,
    /// e.g. `Korean subsidiary`: the filing then reads "its Korean subsidiary, Coupang Corp.".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
    /// The material impact or reasonably likely material impact on the registrant, including its
    /// financial condition and results of operations (Item 1.05(a)), as counsel words it. Leave
    /// out while it is not determined: the filing then says so, and a Form 8-K/A is due within
    /// four business days after it is determined (Instruction 2; `timeline.impact_determined_at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = ["The Company expects the incident to have a material impact on its results of operations for the fourth quarter."]))]
    pub material_impact: Option<String>,
}

/// A regulatory role of the organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// 정보통신서비스 제공자: provides information services over telecommunication networks for
    /// profit (Network Act Art. 2(1)3).
    IctServiceProvider,
    /// 기간통신사업자: a facilities-based telecommunications carrier.
    TelecomCarrier,
    /// 신용정보회사등: a credit information company or other user of personal credit information
    /// (Credit Information Act Art. 39-4).
    CreditInformationCompany,
    /// 공공기관: a public institution.
    PublicInstitution,
    /// A covered entity under New York DFS Part 500 (23 NYCRR 500).
    NydfsCoveredEntity,
    /// A HIPAA covered entity (health plan, health care clearinghouse, or health care provider
    /// transmitting health information electronically; 45 CFR 160.103): the HIPAA Breach
    /// Notification Rule (45 CFR 164.400–414) applies to its unsecured protected health
    /// information.
    HipaaCoveredEntity,
    /// A HIPAA business associate (45 CFR 160.103): notifies the covered entity (45 CFR 164.410).
    HipaaBusinessAssociate,
    /// A vendor of personal health records or a PHR related entity not covered by HIPAA: the FTC
    /// Health Breach Notification Rule (16 CFR Part 318).
    PhrVendor,
    /// A financial institution under the FTC's jurisdiction (the Gramm-Leach-Bliley Act): the
    /// FTC Safeguards Rule (16 CFR Part 314), with its notification duty from 2024-05-13.
    FtcFinancialInstitution,
    /// An information broker (e.g. Georgia's breach law, O.C.G.A. § 10-1-911, binds information
    /// brokers and government data collectors only).
    InformationBroker,
    /// An essential entity under the NIS2 Directive ((EU) 2022/2555, Art. 3(1)).
    Nis2EssentialEntity,
    /// An important entity under the NIS2 Directive ((EU) 2022/2555, Art. 3(2)).
    Nis2ImportantEntity,
    /// A financial entity under DORA (Regulation (EU) 2022/2554, Art. 2(1)).
    DoraFinancialEntity,
}

impl OrganizationKind {
    /// The role's code as incident files and policies write it (`hipaa_covered_entity`).
    pub fn code(self) -> &'static str {
        match self {
            OrganizationKind::IctServiceProvider => "ict_service_provider",
            OrganizationKind::TelecomCarrier => "telecom_carrier",
            OrganizationKind::CreditInformationCompany => "credit_information_company",
            OrganizationKind::PublicInstitution => "public_institution",
            OrganizationKind::NydfsCoveredEntity => "nydfs_covered_entity",
            OrganizationKind::HipaaCoveredEntity => "hipaa_covered_entity",
            OrganizationKind::HipaaBusinessAssociate => "hipaa_business_associate",
            OrganizationKind::PhrVendor => "phr_vendor",
            OrganizationKind::FtcFinancialInstitution => "ftc_financial_institution",
            OrganizationKind::InformationBroker => "information_broker",
            OrganizationKind::Nis2EssentialEntity => "nis2_essential_entity",
            OrganizationKind::Nis2ImportantEntity => "nis2_important_entity",
            OrganizationKind::DoraFinancialEntity => "dora_financial_entity",
        }
    }
}

/// A securities listing.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// The exchange, e.g. `NYSE`, `NASDAQ`, `KRX`.
    pub exchange: String,
    /// The filer status with the U.S. SEC.
    pub filer: FilerStatus,
}

/// Filer status with the U.S. SEC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FilerStatus {
    /// A domestic registrant: material cybersecurity incidents go on Form 8-K Item 1.05.
    Domestic,
    /// A foreign private issuer: reports on Form 6-K, not Form 8-K.
    ForeignPrivateIssuer,
}

/// An amount of money.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount, in whole units of the currency.
    pub amount: u64,
    /// ISO 4217 currency code, e.g. `KRW`.
    pub currency: String,
    /// The fiscal year the amount is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<i32>,
}

/// Why there is no revenue to compute a revenue-based cap on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevenueUnavailable {
    /// The organisation had no revenue (매출액이 없는 경우).
    NoRevenue,
    /// Its revenue is hard to compute (매출액 산정이 곤란한 경우).
    NotComputable,
}

/// A person or role to contact.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The person's name, when it is to be published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// The role's title, e.g. 개인정보 보호책임자 / Chief Privacy Officer.
    pub title: Text,
    /// E-mail address.
    pub email: String,
    /// Telephone number, with the country code for international use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The department that takes reports of damage from affected people.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPoint {
    /// The department's name.
    pub department: Text,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Opening hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Text>,
}

/// The incident's clocks. Each obligation names the field its deadline counts from.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// When the breach began, as far as is known: a date and time, or a date alone
    /// (`2025-06-24`) when only the day is known.
    #[serde(deserialize_with = "super::time::date_or_time")]
    #[schemars(with = "super::time::DateOrTimestamp")]
    pub occurred_from: Timestamp,
    /// When the breach ended, if it has (a date and time, or a date alone). Leave out while it
    /// may be ongoing.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::time::opt_date_or_time"
    )]
    #[schemars(with = "Option<super::time::DateOrTimestamp>")]
    pub occurred_until: Option<Timestamp>,
    /// The first sign that something was wrong (a customer e-mail, an alert), before anyone
    /// concluded that a breach had happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_signal_at: Option<Timestamp>,
    /// When the organisation knew of the security incident (침해사고). The Network Act 24-hour
    /// report counts from here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_detected_at: Option<Timestamp>,
    /// When the organisation became aware of the personal-data breach (유출등 인지). PIPA and GDPR
    /// 72-hour clocks count from here, and the law version is chosen by this date.
    pub discovered_at: Timestamp,
    /// When the breach was contained (access path closed, leaked data retrieved or deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contained_at: Option<Timestamp>,
    /// When the organisation determined the incident to be material (SEC Form 8-K Item 1.05
    /// four-business-day clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materiality_determined_at: Option<Timestamp>,
    /// When the organisation completed its assessment that the breach is notifiable (Singapore
    /// PDPA s. 26D three-day clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_at: Option<Timestamp>,
    /// When the registrant determined, or obtained, Item 1.05 information that was not
    /// determined or not available at its first Form 8-K (typically the material impact). The
    /// Form 8-K/A is due within four business days after it (Item 1.05, Instruction 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = ["2025-12-23T18:00:00-05:00"]))]
    pub impact_determined_at: Option<Timestamp>,
}

impl Timeline {
    /// The timeline fields by name, in file order; absent optional fields are `None`.
    pub fn fields(&self) -> [(&'static str, Option<&Timestamp>); 9] {
        [
            ("occurred_from", Some(&self.occurred_from)),
            ("occurred_until", self.occurred_until.as_ref()),
            ("first_signal_at", self.first_signal_at.as_ref()),
            ("incident_detected_at", self.incident_detected_at.as_ref()),
            ("discovered_at", Some(&self.discovered_at)),
            ("contained_at", self.contained_at.as_ref()),
            (
                "materiality_determined_at",
                self.materiality_determined_at.as_ref(),
            ),
            ("assessed_at", self.assessed_at.as_ref()),
            ("impact_determined_at", self.impact_determined_at.as_ref()),
        ]
    }
}

/// What caused the breach.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    /// The kind of cause. `unlawful_transfer` is the organisation's own decision to provide data
    /// without a legal basis, which PIPA treats as an unlawful provision, not a breach with a
    /// notice clock; an employee acting alone is `insider_misuse`.
    pub kind: CauseKind,
    /// True if the data was reached by unlawful access from outside the organisation's systems
    /// (PIPA Enforcement Decree Art. 40(1)3 makes such a breach reportable at any size).
    pub external: bool,
    /// How it happened, in plain language (PIPA Art. 34(1)2: 유출등이 된 시점과 그 경위).
    pub description: Text,
    /// The lapses in safety measures that the cause involved, as far as they are known (e.g.
    /// `former_staff_access` when a departed employee's key or account was used). Each names a
    /// safety measure, so the audit report can show the measure as a likely gap (PIPC Notice
    /// 「개인정보의 안전성 확보조치 기준」 Art. 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [["former_staff_access", "authentication_means"]]))]
    pub factors: Vec<Factor>,
}

/// A lapse in a safety measure that a breach cause or an audit finding can involve. Each is one
/// measure of the PIPC Notice 「개인정보의 안전성 확보조치 기준」 (Standards for Measures to Ensure
/// the Safety of Personal Information), Art. 5 (접근 권한의 관리).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// Access rights wider than the duties need (Art. 5(1): 최소한의 범위로 차등 부여).
    ExcessiveAccessRights,
    /// Access rights, accounts, keys or other credentials of a person who left or changed duties
    /// were not changed or revoked (Art. 5(2): 지체 없이 변경 또는 말소).
    FormerStaffAccess,
    /// Accounts shared between personal information handlers (Art. 5(4)).
    SharedAccounts,
    /// Authentication means (passwords, certificates, signing keys, tokens) not applied or
    /// managed safely (Art. 5(5): 인증수단을 안전하게 적용하고 관리).
    AuthenticationMeans,
    /// No limit on repeated failed log-ins or a similar measure (Art. 5(6)).
    NoLoginFailureLimit,
}

impl Factor {
    /// The code as the incident file and conditions write it.
    pub fn code(self) -> &'static str {
        match self {
            Factor::ExcessiveAccessRights => "excessive_access_rights",
            Factor::FormerStaffAccess => "former_staff_access",
            Factor::SharedAccounts => "shared_accounts",
            Factor::AuthenticationMeans => "authentication_means",
            Factor::NoLoginFailureLimit => "no_login_failure_limit",
        }
    }
}

/// Kinds of cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CauseKind {
    /// An intrusion into systems (해킹).
    Hacking,
    /// Malicious software, including ransomware.
    Malware,
    /// Access by someone without authorisation, e.g. with stolen or retained credentials.
    UnauthorizedAccess,
    /// Misuse by an employee or contractor with legitimate access, against the organisation's
    /// will (a breach, 유출등).
    InsiderMisuse,
    /// Data sent to the wrong recipient (e-mail, post).
    Misdelivery,
    /// A lost or stolen device or document.
    LostOrStolen,
    /// A system left open by mistake.
    Misconfiguration,
    /// Data the organisation itself decided to hand to a third party without a legal basis: not a
    /// breach with a notice clock under PIPA (the controller acted by its own will) but an
    /// unlawful provision (PIPA Arts. 17, 18, 28-8), which the audit report names. An employee
    /// acting alone is `insider_misuse`.
    UnlawfulTransfer,
    /// Anything else; describe it in `description`.
    Other,
}

/// Who and what was affected.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Affected {
    /// Number of affected data subjects (people), or of what `counted_as` says.
    pub subjects: u64,
    /// What `subjects` counts.
    #[serde(default)]
    pub counted_as: CountedAs,
    /// Number of affected records, if known and different from `subjects`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<u64>,
    /// Affected subjects by residence: ISO 3166-1 country codes (`KR`, `DE`) or ISO 3166-2
    /// subdivision codes for U.S. states (`US-CA`). A state's count is part of its country's:
    /// list `US` as well only for residents whose state is unknown.
    #[serde(default)]
    pub by_jurisdiction: std::collections::BTreeMap<String, u64>,
    /// How many of the affected data subjects are children, as the organisation counts them
    /// (e.g. from dates of birth). A GDPR notification states the categories of data subjects
    /// (Art. 33(3)(a)); children are one a supervisory authority asks about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<u64>,
    /// One entry per leaked item. Items are listed separately and never merged into "etc."
    /// (PIPA Art. 34(1)1).
    pub data: Vec<DataItem>,
    /// Groups of people who lost the same items, when the items differ from person to person.
    /// A notice to people tells each reader the items leaked for them (PIPA Art. 34(1)1): the
    /// subject notice then holds one letter per group, listing the items that name the group in
    /// their `groups` (and the items that name no group). Leave it out when everyone lost the
    /// same items, or when who lost what is not known (then give `lookup`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<SubjectGroup>,
    /// How a person can check which of their items leaked (a look-up page, a telephone desk).
    /// Letters say it when the items differ by person and no `groups` tell them apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = [{ "ko": "쿠팡 앱 [마이쿠팡] > [개인정보 유출 조회]", "en": "The Coupang app: My Coupang > Breach look-up" }]))]
    pub lookup: Option<Text>,
    /// People whose data leaked but who cannot be notified individually, for example because
    /// their contact details are unknown. For them PIPA Enforcement Decree Art. 39(3) lets a
    /// posting on the controller's own website for 30 days or more replace the individual
    /// notice, and the website-posting duty applies only when this is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreachable: Option<Unreachable>,
    /// True if the leaked data was unintelligible to the intruder (strong encryption with the key
    /// not compromised). Several laws exempt or relax notice then (GDPR Art. 34(3)(a); U.S.
    /// state safe harbours).
    #[serde(default)]
    pub encrypted: bool,
}

/// A group of affected people who lost the same items.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectGroup {
    /// Short id that `affected.data[].groups` refer to: letters, digits, `_` and `-`.
    #[schemars(extend("examples" = ["entrance-code"]))]
    pub id: String,
    /// Who they are, as the letter's heading says it (e.g. 배송지 주소록에 공동현관 출입번호를
    /// 입력한 고객 / Customers who entered a building entrance code in their address book).
    pub label: Text,
    /// How many people (or what `affected.counted_as` counts) the group holds, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = [2609]))]
    pub subjects: Option<u64>,
}

/// People who cannot be notified individually.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unreachable {
    /// Who they are and why they cannot be reached, as the website notice says it in the middle
    /// of a sentence (e.g. 다른 회원의 배송지 주소록에 등록된 분 / people listed in other members'
    /// address books).
    pub who: Text,
    /// How many, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = [1200]))]
    pub subjects: Option<u64>,
}

/// What a count of subjects counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CountedAs {
    /// Distinct people.
    #[default]
    Persons,
    /// Customer accounts (one person may hold several).
    Accounts,
    /// Records (when people cannot be counted).
    Records,
}

/// One leaked item of personal data.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataItem {
    /// The item, from the category vocabulary (`docs/incident-format.md` lists it with the legal
    /// class of each), or `other` with a `label`.
    #[schemars(with = "CategorySchema")]
    pub category: String,
    /// The item's own name, required with `category: other`. With a vocabulary category it
    /// narrows the item (e.g. 자택 전화번호 / Home phone number) and replaces the standard name
    /// in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// Number of subjects whose data included this item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subjects: Option<u64>,
    /// Number of records that included this item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<u64>,
    /// The places whose people this item concerns (ISO 3166 codes; a country covers its
    /// subdivisions), when not everyone's: a letter to people elsewhere does not list it. A
    /// resident or alien registration number concerns `KR` unless this says otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [["KR"]]))]
    pub jurisdictions: Vec<String>,
    /// What people whose data included this item can do (PIPA Art. 34(1)3), e.g. for a building
    /// entrance code: ask the building to change it and delete it from the address book. A
    /// letter gives it only to the groups that lost the item; the website notice and the report
    /// give it with the general `subject_guidance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Text>,
    /// The `affected.groups` whose people lost this item (ids). Leave it out for an item every
    /// group lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [["entrance-code"]]))]
    pub groups: Vec<String>,
}

/// Schema-only stand-in for the category vocabulary.
struct CategorySchema;

impl JsonSchema for CategorySchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Category".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut values: Vec<serde_json::Value> = super::vocab::CATEGORIES
            .iter()
            .map(|c| c.code.into())
            .collect();
        values.push(super::vocab::OTHER_CATEGORY.into());
        schemars::json_schema!({
            "type": "string",
            "description": "A data category from the vocabulary, or `other` with a `label`.",
            "enum": values
        })
    }
}

/// The organisation's assessment of the risk a breach poses to the people affected.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessment {
    /// The conclusion: `none` (unlikely to result in a risk, GDPR Art. 33(1)), `risk`, or
    /// `high` (likely to result in a high risk, GDPR Art. 34(1)).
    pub level: RiskLevel,
    /// Why, in a few sentences: the officer's judgement, kept on the record.
    pub justification: Text,
    /// The likely consequences for the people affected (GDPR Art. 33(3)(c)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consequences: Option<Text>,
    /// When the assessment was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_at: Option<Timestamp>,
}

/// A risk level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Unlikely to result in a risk to people's rights and freedoms.
    None,
    /// Likely to result in a risk.
    Risk,
    /// Likely to result in a high risk.
    High,
}

/// Something the organisation did: a report, a notice, a filing.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What kind of action.
    #[schemars(with = "ActionKindSchema")]
    pub kind: String,
    /// Who received it: a regulator or agency code (`PIPC`, `KISA`, `SEC`, `AG:US-CA`,
    /// `SA:DE`, ...). Leave out for notices to data subjects and the public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<RecipientSchema>")]
    pub to: Option<String>,
    /// When it was sent, filed or posted.
    pub at: Timestamp,
    /// For a posted notice: when the posting ended (or is planned to end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    /// How many data subjects it covered (a report's stated count, a notice's recipients).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subjects: Option<u64>,
    /// `subjects` is the approximate figure the report or notice stated ("about 33.7 million"),
    /// not an exact count. A stated figure above `affected.subjects` is then no discrepancy when
    /// the exact count rounds to it at the precision it is written in (33,673,817 rounds to
    /// 33,700,000 to the nearest 100,000). Reports write the figure as a rounded one:
    /// `약 3,370만 개 계정`, `about 33.7 million accounts`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// `initial` for a first report, `supplementary` for later ones that add facts or revise the
    /// count, `final` for a closing report where the law asks for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// For a later phase of a phased notice or report: when the facts it adds (a wider scope,
    /// more items) were confirmed. PIPA Enforcement Decree Arts. 39(2) and 40(2) require them to
    /// be notified and reported as soon as they are confirmed (확인되는 즉시), so each later
    /// phase is judged from this time; without it the phase cannot be judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = ["2025-11-29T09:00:00+09:00"]))]
    pub confirmed_at: Option<Timestamp>,
    /// How a notice reached people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// For a notice to people: where the people it reached live (ISO 3166 codes, as in
    /// `affected.by_jurisdiction`; `US` covers every state). Leave it out when the notice went to
    /// everyone affected. A notice that names its jurisdictions satisfies only the laws of those
    /// jurisdictions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [["US-CA", "US-NY"]]))]
    pub jurisdictions: Vec<String>,
    /// For a securities filing: the form, e.g. `8-K`, `8-K/A`, `6-K`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// For a securities filing: the item, e.g. `1.05` or `8.01`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("examples" = ["1.05"]))]
    pub item: Option<String>,
    /// A free-text note for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Schema-only stand-in for the action kinds.
struct ActionKindSchema;

impl JsonSchema for ActionKindSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ActionKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let values: Vec<serde_json::Value> = super::vocab::ACTION_KINDS
            .iter()
            .map(|(k, _)| (*k).into())
            .collect();
        schemars::json_schema!({ "type": "string", "enum": values })
    }
}

/// Schema-only stand-in for recipient codes.
struct RecipientSchema;

impl JsonSchema for RecipientSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Recipient".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let values: Vec<serde_json::Value> = super::vocab::RECIPIENTS
            .iter()
            .map(|(k, _)| (*k).into())
            .collect();
        schemars::json_schema!({
            "anyOf": [
                { "type": "string", "enum": values },
                { "type": "string", "pattern": "^AG:US-[A-Z]{2}$" },
                { "type": "string", "pattern": "^SA:[A-Z]{2}$" }
            ]
        })
    }
}

/// The phase of a phased report or notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The first report, with what is confirmed so far.
    Initial,
    /// A later report adding facts or revising the count.
    Supplementary,
    /// A closing report (e.g. Japan's 確報).
    Final,
}

/// A channel a notice went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Text message.
    Sms,
    /// E-mail.
    Email,
    /// Letter by post.
    Mail,
    /// Telephone call.
    Phone,
    /// Push notification or message in the organisation's app.
    App,
    /// The organisation's website.
    Website,
    /// A notice at the place of business.
    Premises,
    /// Press release or newspaper notice.
    Press,
}

/// Safety measures in place before the breach.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Controls {
    /// The last independent security or privacy audit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_party_audit: Option<Audit>,
    /// Privacy training of personal information handlers (개인정보취급자; PIPA Art. 28(2)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_training: Option<Training>,
    /// Access records (접속기록) of personal information handlers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_logs: Option<AccessLogs>,
    /// Encryption of stored personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Encryption>,
    /// Certifications held, e.g. ISMS-P.
    #[serde(default)]
    pub certifications: Vec<Certification>,
}

/// An independent audit.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    /// Who audited.
    pub auditor: Text,
    /// The standard audited against, e.g. `ISMS-P`, `ISO/IEC 27001`.
    pub standard: String,
    /// When the audit was completed.
    pub completed_at: Date,
    /// What the audit found.
    #[serde(default)]
    pub findings: Vec<Finding>,
}

/// One audit finding.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// How serious the finding is.
    pub severity: Severity,
    /// What was found.
    pub text: Text,
    /// True once the finding was fixed.
    #[serde(default)]
    pub resolved: bool,
    /// The safety-measure lapses the finding concerns (the same list as `cause.factors`), so
    /// that an open finding shows the measure as a likely gap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("examples" = [["former_staff_access"]]))]
    pub factors: Vec<Factor>,
}

/// Severity of a finding.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Minor.
    Low,
    /// Should be fixed.
    Medium,
    /// Must be fixed soon.
    High,
    /// Must be fixed now.
    Critical,
}

/// Staff training.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// When the last training round ended.
    pub last_completed_at: Date,
    /// Share of handlers who completed it, from 0 to 1.
    pub completion_rate: f64,
    /// Number of personal information handlers.
    pub handlers: u64,
}

/// Access-record keeping.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessLogs {
    /// How many months access records are kept.
    pub retention_months: u32,
    /// How often they are reviewed.
    pub review: ReviewFrequency,
}

/// How often something is reviewed.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReviewFrequency {
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every year.
    Yearly,
    /// Not reviewed.
    Never,
}

/// Encryption of stored data.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Encryption {
    /// True if unique identifying information is encrypted at rest.
    pub unique_identifiers_at_rest: bool,
    /// How passwords are stored.
    pub passwords: PasswordStorage,
    /// True if personal data is encrypted in transit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_transit: Option<bool>,
}

/// How passwords are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PasswordStorage {
    /// One-way hashed.
    Hashed,
    /// Reversibly encrypted.
    Encrypted,
    /// In plain text.
    Plaintext,
    /// No passwords are stored.
    None,
}

/// A certification.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// The certification, e.g. `ISMS-P`.
    pub name: String,
    /// The last day it is valid.
    pub valid_until: Date,
}

/// A countermeasure taken after the breach.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// When it was taken.
    pub at: Timestamp,
    /// What was done, as a sentence.
    pub text: Text,
}
