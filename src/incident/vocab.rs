//! Fixed vocabularies of the incident format: data categories and their legal classes, action
//! kinds, recipients, and ISO 3166 / ISO 4217 codes.
//!
//! Vocabulary fields are read as plain strings and checked here during validation, so that an
//! unknown value is reported together with every other problem in the file, with a suggestion.

use serde::Serialize;

/// The report kinds a policy's obligation may call for (`reports:`), in the order reports are
/// produced; `report::ReportKind` is these, and a test keeps the two equal.
pub const REPORT_KINDS: &[&str] = &[
    "regulator_notification",
    "subject_notice",
    "public_notice",
    "audit_report",
    "sec_8k_item_1_05",
    "gdpr_art33_notification",
    "gdpr_art34_communication",
    "us_state_consumer_notice",
];

/// The incident fields a content item may name (`content[].field` in a policy).
///
/// The policy loader checks policies against this list and the report context
/// (`report::context`) checks the incident's fields by it, so it lives here, below both.
pub const CONTENT_FIELDS: &[&str] = &[
    "affected.data",
    "affected.subjects",
    "cause.description",
    "timeline.occurred_from",
    "timeline.discovered_at",
    "timeline.incident_detected_at",
    "timeline.contained_at",
    "subject_guidance",
    "remediation",
    "remedy",
    "organization.contact_point",
    "organization.privacy_officer",
    "risk_assessment",
    "risk_assessment.consequences",
    "actions",
    "notice.law_enforcement_delay",
    "notice.identity_theft_services",
    "gdpr.reasons_for_delay",
    "organization.registrant.material_impact",
];

/// The legal class a data category belongs to. Policies key their thresholds on these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LegalClass {
    /// Unique identifying information (고유식별정보, PIPA Art. 24) and other government-issued
    /// personal identification numbers.
    UniqueIdentifier,
    /// Sensitive information (민감정보, PIPA Art. 23; GDPR Art. 9 special categories).
    Sensitive,
    /// Financial account and payment card data.
    Financial,
    /// Passwords and other authentication secrets.
    Credentials,
    /// Mobile subscriber and device identifiers (IMSI, USIM keys, IMEI).
    TelecomIdentifier,
    /// Any other personal information.
    Ordinary,
}

impl LegalClass {
    /// The class's name as written in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            LegalClass::UniqueIdentifier => "unique_identifier",
            LegalClass::Sensitive => "sensitive",
            LegalClass::Financial => "financial",
            LegalClass::Credentials => "credentials",
            LegalClass::TelecomIdentifier => "telecom_identifier",
            LegalClass::Ordinary => "ordinary",
        }
    }
}

/// One entry of the data-category vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CategoryInfo {
    /// The value written in `affected.data[].category`.
    pub code: &'static str,
    /// Its legal class.
    pub class: LegalClass,
    /// The item's name in Korean, as a notice lists it.
    pub ko: &'static str,
    /// The item's name in English.
    pub en: &'static str,
}

const fn c(
    code: &'static str,
    class: LegalClass,
    ko: &'static str,
    en: &'static str,
) -> CategoryInfo {
    CategoryInfo {
        code,
        class,
        ko,
        en,
    }
}

use LegalClass::*;

/// The data-category vocabulary. Korean names follow the statute's wording where it has one
/// (PIPA Art. 23, Art. 24; Enforcement Decree Art. 18, Art. 19).
#[rustfmt::skip]
pub const CATEGORIES: &[CategoryInfo] = &[
    c("resident_registration_number", UniqueIdentifier, "주민등록번호", "Resident registration number"),
    c("passport_number", UniqueIdentifier, "여권번호", "Passport number"),
    c("drivers_license_number", UniqueIdentifier, "운전면허의 면허번호", "Driver's licence number"),
    c("foreign_registration_number", UniqueIdentifier, "외국인등록번호", "Alien registration number"),
    c("social_security_number", UniqueIdentifier, "미국 사회보장번호", "Social Security number"),
    c("national_id_number", UniqueIdentifier, "외국 정부 발급 신분증 번호", "Other government identification number"),
    c("taxpayer_id", UniqueIdentifier, "납세자 식별번호", "Taxpayer identification number"),
    c("health", Sensitive, "건강에 관한 정보", "Health information"),
    c("biometric", Sensitive, "생체인식정보", "Biometric information"),
    c("genetic", Sensitive, "유전정보", "Genetic information"),
    c("political_opinion", Sensitive, "정치적 견해", "Political opinions"),
    c("belief", Sensitive, "사상·신념", "Beliefs"),
    c("union_membership", Sensitive, "노동조합·정당의 가입·탈퇴", "Trade union or party membership"),
    c("sex_life", Sensitive, "성생활에 관한 정보", "Sex life"),
    c("criminal_record", Sensitive, "범죄경력자료", "Criminal record"),
    c("racial_ethnic_origin", Sensitive, "인종이나 민족에 관한 정보", "Racial or ethnic origin"),
    c("bank_account", Financial, "계좌번호", "Bank account number"),
    c("card_number", Financial, "신용카드번호", "Payment card number"),
    c("security_code", Financial, "계좌·카드 비밀번호 또는 보안코드", "Security code, access code or PIN of an account or card"),
    c("password", Credentials, "비밀번호", "Password"),
    c("authentication_secret", Credentials, "인증 비밀정보", "Authentication secret"),
    c("security_question", Credentials, "보안 질문과 답변", "Security question and answer"),
    c("imsi", TelecomIdentifier, "가입자식별번호(IMSI)", "Subscriber identity (IMSI)"),
    c("usim_authentication_key", TelecomIdentifier, "유심 인증키", "USIM authentication key"),
    c("imei", TelecomIdentifier, "단말기식별번호(IMEI)", "Device identity (IMEI)"),
    c("name", Ordinary, "이름", "Name"),
    c("email", Ordinary, "이메일 주소", "E-mail address"),
    c("phone", Ordinary, "전화번호", "Phone number"),
    c("postal_address", Ordinary, "주소", "Postal address"),
    c("date_of_birth", Ordinary, "생년월일", "Date of birth"),
    c("gender", Ordinary, "성별", "Gender"),
    c("nationality", Ordinary, "국적", "Nationality"),
    c("user_id", Ordinary, "아이디", "User ID"),
    c("ip_address", Ordinary, "IP 주소", "IP address"),
    c("order_history", Ordinary, "주문 내역", "Order history"),
    c("payment_history", Ordinary, "결제 내역", "Payment history"),
    c("account_balance", Ordinary, "계정 잔액", "Account balance"),
    c("building_entrance_code", Ordinary, "공동현관 비밀번호", "Building entrance code"),
    c("location", Ordinary, "위치정보", "Location data"),
    c("photo", Ordinary, "사진", "Photograph"),
    c("employment", Ordinary, "직장 정보", "Employment information"),
    c("health_insurance", Ordinary, "건강보험 정보", "Health insurance information (policy or subscriber number, any unique identifier used by a health insurer)"),
];

/// The category code for items outside the vocabulary; it requires a bilingual `label`.
pub const OTHER_CATEGORY: &str = "other";

/// Looks up a category by its code.
pub fn category(code: &str) -> Option<&'static CategoryInfo> {
    CATEGORIES.iter().find(|c| c.code == code)
}

/// Kinds of action an organisation records in `actions`.
pub const ACTION_KINDS: &[(&str, &str)] = &[
    (
        "incident_report",
        "Security-incident report (침해사고 신고), e.g. Network Act Art. 48-3",
    ),
    (
        "regulator_report",
        "Breach report to a data-protection or other regulator (유출등의 신고)",
    ),
    (
        "subject_notice",
        "Notice to affected data subjects (유출등의 통지)",
    ),
    (
        "public_notice",
        "Public notice, e.g. on the website (홈페이지 게시)",
    ),
    ("securities_filing", "Securities filing, e.g. SEC Form 8-K"),
    (
        "law_enforcement_report",
        "Report to the police or another law-enforcement agency",
    ),
    (
        "credit_agency_notice",
        "Notice to consumer reporting agencies",
    ),
];

/// Whether `kind` is an action kind.
pub fn is_action_kind(kind: &str) -> bool {
    ACTION_KINDS.iter().any(|(k, _)| *k == kind)
}

/// How to fix an unknown action kind.
pub fn action_kind_hint(kind: &str) -> String {
    let kinds: Vec<&str> = ACTION_KINDS.iter().map(|(k, _)| *k).collect();
    crate::yaml::suggest(kind, &kinds)
}

/// Recipients with a fixed code.
pub const RECIPIENTS: &[(&str, &str)] = &[
    (
        "PIPC",
        "Personal Information Protection Commission (개인정보보호위원회)",
    ),
    (
        "KISA",
        "Korea Internet & Security Agency (한국인터넷진흥원)",
    ),
    ("MSIT", "Ministry of Science and ICT (과학기술정보통신부)"),
    ("FSC", "Financial Services Commission (금융위원회)"),
    ("FSS", "Financial Supervisory Service (금융감독원)"),
    ("KNPA", "Korean National Police Agency (경찰청)"),
    ("SEC", "U.S. Securities and Exchange Commission"),
    ("FBI", "U.S. Federal Bureau of Investigation"),
    ("CRA", "Nationwide consumer reporting agencies (U.S.)"),
    ("US-NY-DOS", "New York Department of State"),
    ("US-NY-DSP", "New York Division of State Police"),
    ("US-NY-DFS", "New York Department of Financial Services"),
    (
        "US-MA-OCABR",
        "Massachusetts Office of Consumer Affairs and Business Regulation",
    ),
    ("US-NJ-NJSP", "New Jersey Division of State Police"),
    ("US-SC-DCA", "South Carolina Department of Consumer Affairs"),
    ("US-HI-OCP", "Hawaii Office of Consumer Protection"),
    (
        "US-ME-DPFR",
        "Maine Department of Professional and Financial Regulation",
    ),
    ("US-VA-TAX", "Virginia Department of Taxation"),
    (
        "US-PR-DACO",
        "Puerto Rico Department of Consumer Affairs (Departamento de Asuntos del Consumidor)",
    ),
    (
        "HHS",
        "U.S. Department of Health and Human Services (HIPAA breach reports)",
    ),
    ("FTC", "U.S. Federal Trade Commission"),
    (
        "PPC",
        "Personal Information Protection Commission, Japan (個人情報保護委員会)",
    ),
    ("PDPC", "Personal Data Protection Commission, Singapore"),
    ("ICO", "Information Commissioner's Office (United Kingdom)"),
    (
        "FDPIC",
        "Federal Data Protection and Information Commissioner (Switzerland)",
    ),
    ("OAIC", "Office of the Australian Information Commissioner"),
    ("OPC-NZ", "Office of the Privacy Commissioner (New Zealand)"),
    ("OPC-CA", "Office of the Privacy Commissioner of Canada"),
    ("CAI-QC", "Commission d'accès à l'information du Québec"),
    (
        "CAC",
        "Cyberspace Administration of China and the departments performing personal information protection duties",
    ),
    ("PDPC-TW", "Personal Data Protection Commission (Taiwan)"),
    (
        "TW-CA",
        "the central competent authority for the business (Taiwan)",
    ),
    (
        "PCPD",
        "Office of the Privacy Commissioner for Personal Data (Hong Kong)",
    ),
    ("ANPD", "Autoridade Nacional de Proteção de Dados (Brazil)"),
    ("DPB-IN", "Data Protection Board of India"),
    ("CERT-IN", "Indian Computer Emergency Response Team"),
    ("PDPC-TH", "Personal Data Protection Committee (Thailand)"),
    (
        "A05-VN",
        "Department of Cybersecurity and High-Tech Crime Prevention, Ministry of Public Security (Viet Nam)",
    ),
    ("NPC-PH", "National Privacy Commission (Philippines)"),
    (
        "PDP-ID",
        "the personal data protection agency of Indonesia (Law No. 27/2022)",
    ),
    ("PDP-MY", "Personal Data Protection Commissioner (Malaysia)"),
    ("UAE-DO", "UAE Data Office"),
    ("SDAIA", "Saudi Data and Artificial Intelligence Authority"),
    ("INFOREG-ZA", "Information Regulator (South Africa)"),
    ("NDPC", "Nigeria Data Protection Commission"),
    ("PPA-IL", "Privacy Protection Authority (Israel)"),
    ("KVKK", "Personal Data Protection Board (Türkiye)"),
    (
        "NIS2-CSIRT",
        "the CSIRT or competent authority under the NIS2 Directive (Art. 23)",
    ),
    (
        "DORA-CA",
        "the competent authority under DORA (Regulation (EU) 2022/2554, Art. 19)",
    ),
];

/// Recipient code patterns, beside the fixed codes.
pub const RECIPIENT_PATTERNS: &[(&str, &str)] = &[
    (
        "AG:US-XX",
        "the attorney general of a U.S. state, e.g. `AG:US-CA`",
    ),
    (
        "SA:XX",
        "the supervisory authority of an EU/EEA state under GDPR Art. 51, e.g. `SA:DE`",
    ),
];

#[rustfmt::skip]
/// EU member states plus the EEA states (Iceland, Liechtenstein, Norway), as ISO 3166-1 codes.
pub const EU_EEA: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Whether `code` is a recipient this version knows.
pub fn is_recipient(code: &str) -> bool {
    if RECIPIENTS.iter().any(|(r, _)| *r == code) {
        return true;
    }
    if let Some(state) = code.strip_prefix("AG:") {
        return state.starts_with("US-") && is_subdivision(state);
    }
    if let Some(country) = code.strip_prefix("SA:") {
        return EU_EEA.contains(&country);
    }
    false
}

/// The data lines of a code table: after the leading `#` comment lines.
fn table_body(table: &'static str) -> &'static str {
    let mut body = table;
    while body.starts_with('#') {
        body = body.find('\n').map_or("", |i| &body[i + 1..]);
    }
    body
}

/// The code of a table line: the text before a tab (a name may follow), without a `\r`.
fn line_code(line: &str) -> &str {
    line.split('\t')
        .next()
        .unwrap_or(line)
        .trim_end_matches('\r')
}

/// Whether the code table holds `code`: a binary search over the table's own text, whose data
/// lines are sorted (a unit test checks each table), so nothing is built on first use. Issue 19:
/// building the 5,127 subdivision codes into a hash set was a tenth of a cold `check`.
fn table_contains(table: &'static str, code: &str) -> bool {
    let body = table_body(table);
    // Invariant: `lo` is the start of a line, and `code` can only be on a line starting in
    // `lo..hi`.
    let (mut lo, mut hi) = (0, body.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = body[lo..mid].rfind('\n').map_or(lo, |i| lo + i + 1);
        let end = body[start..].find('\n').map_or(body.len(), |i| start + i);
        match line_code(&body[start..end]).cmp(code) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// Every code of a table, in order.
fn table_codes(table: &'static str) -> impl Iterator<Item = &'static str> {
    table_body(table)
        .lines()
        .filter(|l| !l.is_empty())
        .map(line_code)
}

const COUNTRY_TABLE: &str = include_str!("data/iso3166-1.txt");
const SUBDIVISION_TABLE: &str = include_str!("data/iso3166-2.txt");
const CURRENCY_TABLE: &str = include_str!("data/iso4217.txt");

/// Whether `code` is an ISO 3166-1 alpha-2 country code.
pub fn is_country(code: &str) -> bool {
    table_contains(COUNTRY_TABLE, code)
}

/// Whether the place `area` takes in the place `place`: the same code, or a country and one of
/// its subdivisions (`US` takes in `US-CA`; `US-CA` does not take in `US`).
pub fn takes_in(area: &str, place: &str) -> bool {
    area == place
        || place
            .strip_prefix(area)
            .is_some_and(|rest| rest.starts_with('-'))
}

/// Whether `code` is an ISO 3166-2 subdivision code such as `US-CA`.
pub fn is_subdivision(code: &str) -> bool {
    table_contains(SUBDIVISION_TABLE, code)
}

/// Whether `code` is an ISO 4217 currency code.
pub fn is_currency(code: &str) -> bool {
    table_contains(CURRENCY_TABLE, code)
}

/// The ISO 3166-1 English short name of a country code: `DE` → `Germany`.
pub fn country_name(code: &str) -> Option<&'static str> {
    include_str!("data/iso3166-1.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let (c, n) = l.split_once('\t')?;
            (c == code).then_some(n)
        })
}

/// The country codes, for suggestions.
pub fn countries() -> impl Iterator<Item = &'static str> {
    table_codes(COUNTRY_TABLE)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_country_takes_in_its_subdivisions_only() {
        assert!(super::takes_in("US", "US"));
        assert!(super::takes_in("US", "US-CA"));
        assert!(!super::takes_in("US", "USX"));
        assert!(!super::takes_in("US-CA", "US"));
        assert!(!super::takes_in("US-CA", "US-NY"));
    }

    #[test]
    fn organization_kind_codes_are_the_file_names() {
        use crate::incident::model::OrganizationKind;
        // Every variant, as the schema lists them.
        let schema = serde_json::to_value(schemars::schema_for!(OrganizationKind)).unwrap();
        let names: Vec<String> =
            serde_json::from_value(schema["enum"].clone()).unwrap_or_else(|_| {
                schema["oneOf"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v["const"].as_str().unwrap().to_string())
                    .collect()
            });
        assert!(names.len() >= 13, "{schema:#}");
        for name in names {
            let k: OrganizationKind = serde_json::from_value(name.clone().into()).unwrap();
            assert_eq!(k.code(), name);
        }
    }

    use super::*;

    #[test]
    fn iso_tables_load() {
        assert!(is_country("KR") && is_country("DE") && !is_country("EU") && !is_country("XX"));
        assert!(is_subdivision("US-CA") && is_subdivision("US-NY") && !is_subdivision("US-ZZ"));
        assert!(is_currency("KRW") && is_currency("USD") && !is_currency("WON"));
    }

    /// The binary search of `table_contains` needs sorted tables: each is sorted, without
    /// repeats; every code is found, and nothing between, before or after them is.
    #[test]
    fn iso_tables_are_sorted_and_searched_exactly() {
        for (table, count) in [
            (COUNTRY_TABLE, 249),
            (SUBDIVISION_TABLE, 5127),
            (CURRENCY_TABLE, 181),
        ] {
            let codes: Vec<_> = table_codes(table).collect();
            assert_eq!(codes.len(), count);
            assert!(
                codes.windows(2).all(|w| w[0] < w[1]),
                "a table is not sorted"
            );
            for (i, code) in codes.iter().enumerate() {
                assert!(table_contains(table, code), "{code}");
                let mut before = code.to_string();
                before.pop();
                assert!(!table_contains(table, &before) || codes.contains(&before.as_str()));
                let after = format!("{code}0");
                assert!(
                    !table_contains(table, &after) || codes.get(i + 1) == Some(&after.as_str())
                );
            }
            for absent in ["", "0", "A", "ZZZZ", "zz", "\t", "#"] {
                assert!(!table_contains(table, absent), "{absent:?}");
            }
        }
        assert_eq!(countries().count(), 249);
    }

    #[test]
    fn recipients_and_patterns() {
        assert!(is_recipient("PIPC"));
        assert!(is_recipient("AG:US-CA"));
        assert!(!is_recipient("AG:US-ZZ"));
        assert!(is_recipient("SA:DE"));
        assert!(!is_recipient("SA:KR"));
        assert!(!is_recipient("pipc"));
    }

    #[test]
    fn categories_are_unique_and_never_say_etc() {
        let mut seen = std::collections::HashSet::new();
        for cat in CATEGORIES {
            assert!(seen.insert(cat.code), "duplicate {}", cat.code);
            assert!(
                !cat.ko.ends_with('등') && !cat.ko.contains(" 등"),
                "{}",
                cat.ko
            );
            assert_ne!(cat.code, OTHER_CATEGORY);
        }
    }
}
