//! The English filings as their readers file them: the Form 8-K names the registrant, not the
//! controller, has the form's cover page and signature and grades nothing; the GDPR Art. 33
//! notification counts EU residents, gives the reasons for a late notification (or refuses to
//! render without them), and uses EU times; U.S. dates read the American way.
//!
//! Written from the rules (Form 8-K and its Item 1.05 with Instruction 2; GDPR Arts. 33 and 4(16))
//! and the examples' facts, not from the engine's output.

use std::path::Path;

use assert_cmd::Command;

fn disclose() -> Command {
    let mut c = Command::cargo_bin("disclose").expect("binary");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

/// Renders `incident` (a path, or YAML text written to a temporary file) as Markdown and
/// returns the named report, or the command's stderr when it fails.
fn render(incident: &str, as_of: &str, report: &str, extra: &[&str]) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = if incident.ends_with(".yaml") {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(incident)
    } else {
        let p = dir.path().join("incident.yaml");
        std::fs::write(&p, incident).unwrap();
        p
    };
    let out = dir.path().join("out");
    let o = disclose()
        .arg("render")
        .arg(&path)
        .args(["--as-of", as_of, "--format", "md", "--out"])
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    let found = walk(&out)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == report));
    match found {
        Some(p) => Ok(std::fs::read_to_string(p).unwrap()),
        None => Err(String::from_utf8_lossy(&o.stderr).into_owned()),
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                v.extend(walk(&p));
            } else {
                v.push(p);
            }
        }
    }
    v
}

const COUPANG: &str = "examples/coupang-2025.yaml";
const HANBIT: &str = "examples/multi-jurisdiction.yaml";
const COUPANG_AS_OF: &str = "2026-01-01T00:00:00+09:00";
const HANBIT_AS_OF: &str = "2026-11-28T00:00:00+09:00";

/// The filing's text before the provenance block, which is not part of the form.
fn filing(md: &str) -> &str {
    md.split("### Document information")
        .next()
        .unwrap()
        .split("### Annex: document reference")
        .next()
        .unwrap()
}

#[test]
fn the_8k_names_the_registrant_on_its_cover_page_and_signs_for_it() {
    let md = render(COUPANG, COUPANG_AS_OF, "sec_8k_item_1_05.en.md", &[]).unwrap();
    let form = filing(&md);
    // Cover page: the NYSE registrant is Coupang, Inc. (Delaware), not Coupang Corp.
    for want in [
        "FORM 8-K",
        "Pursuant to Section 13 or 15(d) of the Securities Exchange Act of 1934",
        "**COUPANG, INC.**",
        "(Exact name of registrant as specified in its charter)",
        "| Delaware | 001-40115 | 27-2810505 |",
        "Central Index Key: 0001834584",
        "New York Stock Exchange",
        "Emerging growth company",
        "## Item 1.05. Material Cybersecurity Incidents.",
        "at its Korean subsidiary, Coupang Corp. ",
        "Pursuant to the requirements of the Securities Exchange Act of 1934, the registrant has duly caused this report to be signed on its behalf by the undersigned hereunto duly authorized.",
    ] {
        assert!(form.contains(want), "missing {want:?} in\n{form}");
    }
    // The controller is not presented as the registrant.
    assert!(!form.contains("**COUPANG CORP.**"), "{form}");
    // No self-assessment: no deadline, status, lateness or internal incident id in the filing.
    for bad in [
        "Missed",
        "late",
        "Filing deadline",
        "Status",
        "CPNG-2025-11",
        "determined the incident to be material",
    ] {
        assert!(!form.contains(bad), "the filing contains {bad:?}:\n{form}");
    }
}

#[test]
fn the_8k_says_what_is_undetermined_and_that_an_amendment_will_follow() {
    // Instruction 2 to Item 1.05: information not determined at filing is stated as such, and
    // a Form 8-K/A follows within four business days.
    let md = render(COUPANG, COUPANG_AS_OF, "sec_8k_item_1_05.en.md", &[]).unwrap();
    assert!(
        md.contains(
            "has not yet determined the material impact or reasonably likely material impact"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "will file an amendment to this Current Report on Form 8-K within four business days"
        ),
        "{md}"
    );
    // Once counsel words the impact, the filing states it instead.
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(COUPANG)).unwrap();
    let with_impact = src.replace(
        "    relationship: Korean subsidiary\n",
        "    relationship: Korean subsidiary\n    material_impact: The Company expects the incident to have a material impact on its results of operations.\n",
    );
    assert_ne!(src, with_impact);
    let md = render(&with_impact, COUPANG_AS_OF, "sec_8k_item_1_05.en.md", &[]).unwrap();
    assert!(
        md.contains("**Impact.** The Company expects the incident to have a material impact"),
        "{md}"
    );
    assert!(
        !md.contains("has not yet determined the material impact"),
        "{md}"
    );
}

#[test]
fn the_8k_writes_dates_the_american_way() {
    let md = render(COUPANG, COUPANG_AS_OF, "sec_8k_item_1_05.en.md", &[]).unwrap();
    let form = filing(&md);
    // Determined material 2025-11-18 22:52 KST = 08:52 ET the same day.
    assert!(
        form.contains("Date of Report (Date of earliest event reported): November 18, 2025"),
        "{form}"
    );
    assert!(
        form.contains("began on or about June 24, 2025 and ended on November 8, 2025"),
        "{form}"
    );
    for bad in ["18 November 2025", "년", "22:52"] {
        assert!(!form.contains(bad), "{bad:?} in\n{form}");
    }
}

#[test]
fn the_audit_gives_the_sec_deadline_in_new_york_time_at_the_edgar_cut_off() {
    // Four business days after Tuesday 2025-11-18 (ET): Wed 19, Thu 20, Fri 21, Mon 24, by
    // 5:30 p.m. ET (Regulation S-T Rule 13(a)(2)).
    let md = render(COUPANG, COUPANG_AS_OF, "audit_report.en.md", &[]).unwrap();
    assert!(
        md.contains("November 24, 2025, 5:30 p.m. ET (25 November 2025, 07:30 KST)"),
        "{md}"
    );
    // The 8-K/A rule cites Instruction 2, read only as secondary sources quote it: unconfirmed.
    assert!(
        md.contains("Form 8-K Item 1.05, Instruction 2 (unconfirmed) |"),
        "{md}"
    );
}

#[test]
fn the_audit_does_not_call_a_first_phase_notice_met_for_everyone() {
    // 4,536 accounts notified on 20 November; the other ~33.67 million on 29 November. PIPA
    // Decree Art. 39(2) lets the later notice follow as soon as its facts are confirmed: without
    // the time they were confirmed the duty cannot be judged, and is not "met".
    let md = render(COUPANG, COUPANG_AS_OF, "audit_report.en.md", &[]).unwrap();
    let row = md
        .lines()
        .find(|l| l.starts_with("| 2 | PIPA | Notification of a breach to data subjects"))
        .unwrap();
    assert!(row.ends_with("| Unknown |"), "{row}");
    assert!(
        row.contains("phase 1 (initial, 20 November 2025, 20:00 KST, 4,536 accounts): in time")
            && row.contains("phase 2 (supplementary, 29 November 2025, 18:00 KST, about 33.7 million accounts): cannot be judged"),
        "{row}"
    );
}

#[test]
fn the_content_check_flags_placeholders_and_the_undetermined_impact() {
    let md = render(COUPANG, COUPANG_AS_OF, "audit_report.en.md", &[]).unwrap();
    let contact = md
        .lines()
        .find(|l| l.contains("| organization.contact\\_point |"))
        .unwrap();
    assert!(contact.contains("| Placeholder text |"), "{contact}");
    let impact = md
        .lines()
        .find(|l| l.contains("| organization.registrant.material\\_impact |"))
        .unwrap();
    assert!(impact.contains("Not yet determined"), "{impact}");
    assert!(!impact.contains("| Yes |"), "{impact}");
}

#[test]
fn the_gdpr_notification_counts_eu_residents_not_the_global_total() {
    let md = render(HANBIT, HANBIT_AS_OF, "gdpr_art33_notification.en.md", &[]).unwrap();
    // 8,000 in Germany and 5,500 in France: 13,500 EU residents of 137,800 accounts.
    assert!(md.contains("Residents of EU/EEA Member States concerned: 13,500 accounts (Germany: 8,000 accounts; France: 5,500 accounts)"), "{md}");
    assert!(!md.contains("Data subjects concerned: 137,800"), "{md}");
    assert!(md.contains("including children (21,400 accounts"), "{md}");
    assert!(
        md.contains("Special categories of personal data (Article 9): none."),
        "{md}"
    );
    assert!(md.contains("(Article 10): none."), "{md}");
    // Addressee and competence: no main establishment in the EU, so France's authority is
    // concerned too and shown as not yet notified.
    assert!(
        md.contains(
            "| To | Berliner Beauftragte für Datenschutz und Informationsfreiheit (BlnBDI) |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| France | 5,500 accounts | not yet notified |"),
        "{md}"
    );
    // EU times: awareness 2 November 09:30 KST is 01:30 CET.
    assert!(
        md.contains(
            "| Controller became aware (Article 33(1)) | 2 November 2026, 01:30 CET (00:30 UTC) |"
        ),
        "{md}"
    );
    assert!(!filing(&md).contains("KST"), "{md}");
    // No self-grading.
    assert!(!filing(&md).contains("Missed"), "{md}");
}

#[test]
fn reasons_for_the_delay_are_given_or_the_late_notification_is_flagged() {
    let md = render(HANBIT, HANBIT_AS_OF, "gdpr_art33_notification.en.md", &[]).unwrap();
    assert!(
        md.contains("## 6. Reasons for the delay (Article 33(1))"),
        "{md}"
    );
    assert!(md.contains("(78 hours 30 minutes after awareness)"), "{md}");
    assert!(
        md.contains("Establishing which accounts of EU residents"),
        "{md}"
    );

    // Without the reasons, the late notification cannot be rendered final, the draft marks the
    // gap, and the audit says the item is missing rather than "Yes".
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(HANBIT)).unwrap();
    let start = src.find("  reasons_for_delay:").unwrap();
    let end = src[start..].find("\n\ncontrols:").unwrap() + start;
    let without = format!("{}{}", &src[..start], &src[end + 1..]);
    assert!(!without.contains("reasons_for_delay"));
    let err = render(&without, HANBIT_AS_OF, "gdpr_art33_notification.en.md", &[]).unwrap_err();
    assert!(err.contains("gdpr.reasons_for_delay"), "{err}");
    let draft = render(
        &without,
        HANBIT_AS_OF,
        "gdpr_art33_notification.en.md",
        &["--draft"],
    )
    .unwrap();
    assert!(
        draft.contains("[MISSING: reasons for the delay (gdpr.reasons_for_delay)]"),
        "{draft}"
    );
    let audit = render(&without, HANBIT_AS_OF, "audit_report.en.md", &["--draft"]).unwrap();
    let row = audit
        .lines()
        .find(|l| l.contains("| gdpr.reasons\\_for\\_delay |"))
        .unwrap();
    assert!(
        row.contains("| Missing |") || row.contains("| MISSING |"),
        "{row}"
    );

    // Notified in time: the reasons are not needed, and no section asks for them.
    let in_time = src.replace(
        "at: 2026-11-05T08:00:00+01:00, subjects: 13500",
        "at: 2026-11-04T08:00:00+01:00, subjects: 13500",
    );
    assert_ne!(in_time, src);
    let audit = render(&in_time, HANBIT_AS_OF, "audit_report.en.md", &[]).unwrap();
    let row = audit
        .lines()
        .find(|l| l.contains("| gdpr.reasons\\_for\\_delay |"))
        .unwrap();
    assert!(row.contains("Not needed"), "{row}");
    let md = render(&in_time, HANBIT_AS_OF, "gdpr_art33_notification.en.md", &[]).unwrap();
    assert!(!md.contains("Reasons for the delay"), "{md}");
}

#[test]
fn the_audit_shows_gdpr_fine_exposure_for_a_late_notification() {
    let md = render(HANBIT, HANBIT_AS_OF, "audit_report.en.md", &[]).unwrap();
    let row = md
        .lines()
        .find(|l| l.contains("| GDPR Article 83(4)(a) |"))
        .unwrap();
    assert!(row.contains("EUR 10 million"), "{row}");
    assert!(row.contains("whichever is higher"), "{row}");
    // New York's agency notices: no invented "without undue delay".
    for l in md.lines().filter(|l| l.contains("Notice to the New York")) {
        assert!(!l.contains("without undue delay"), "{l}");
    }
}

#[test]
fn before_a_materiality_determination_the_draft_is_an_item_8_01_filing() {
    // SEC staff guidance (Corp Fin Director, May 2024): an incident not (yet) determined
    // material is disclosed, if at all, under Item 8.01, not Item 1.05.
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(COUPANG)).unwrap();
    let undetermined: String = src
        .lines()
        .filter(|l| !l.trim_start().starts_with("materiality_determined_at:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(src, undetermined);
    let md = render(&undetermined, COUPANG_AS_OF, "sec_8k_item_1_05.en.md", &[]).unwrap();
    assert!(md.contains("## Item 8.01. Other Events."), "{md}");
    assert!(
        !md.contains("Item 1.05. Material Cybersecurity Incidents"),
        "{md}"
    );
    assert!(
        md.contains("has not determined that the incident is material"),
        "{md}"
    );
    // Date of Report falls back to awareness: 2025-11-18 22:52 KST is 08:52 ET that day.
    assert!(
        md.contains("Date of Report (Date of earliest event reported): November 18, 2025"),
        "{md}"
    );
}

#[test]
fn eu_residents_get_an_article_34_communication_in_their_own_terms() {
    let md = render(HANBIT, HANBIT_AS_OF, "gdpr_art34_communication.en.md", &[]).unwrap();
    let letter = filing(&md);
    for want in [
        "## What happened",
        "## What this may mean for you",
        "## What we have done",
        "## Contact",
        "Seoyeon Kim, at dpo@hanbit-games.example",
        "(Article 77 GDPR)",
        // The first communication, 5 November 10:00 KST, is 5 November 02:00 CET.
        "5 November 2026",
        // Awareness 2 November 09:30 KST is 2 November 01:30 CET: the date in EU time.
        "We became aware of it on 2 November 2026",
        "IP address (concerns only some of those affected: 96,000 accounts)",
    ] {
        assert!(letter.contains(want), "missing {want:?} in\n{letter}");
    }
    // Not the Korean notice translated: no Korean statute, Korea-only remedy or number.
    for bad in [
        "Personal Information Protection Act",
        "PIPA",
        "1833-6972",
        "118",
        "Dispute Mediation",
    ] {
        assert!(!letter.contains(bad), "{bad:?} in\n{letter}");
    }
}

#[test]
fn a_public_communication_replaces_letters_where_they_would_be_disproportionate() {
    // Art. 34(3)(c): a public communication informs the people "in an equally effective
    // manner"; it cannot tell each reader that their own account was involved.
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(HANBIT)).unwrap();
    let public = src.replace(
        "  main_establishment_in_eu: false",
        "  public_communication: true\n  main_establishment_in_eu: false",
    );
    assert_ne!(public, src);
    let md = render(&public, HANBIT_AS_OF, "gdpr_art34_communication.en.md", &[]).unwrap();
    assert!(
        md.starts_with("# Public notice of a personal data breach"),
        "{md}"
    );
    assert!(
        md.contains("disproportionate effort (Article 34(3)(c) GDPR)"),
        "{md}"
    );
    assert!(!md.contains("concerns your account with us"), "{md}");
}
