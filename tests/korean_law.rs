//! The Korean legal points of issue 22, each checked on the documents rendered from the Coupang
//! example and written from the statute, not from the engine's output:
//!
//! - PIPA Art. 34(1)1: a notice tells its reader the items leaked *for that reader*, so the
//!   subject notice holds one letter per group of people who lost the same items, without counts;
//! - Enforcement Decree Art. 39(3): a website posting of 30 days or more *replaces* the notice of
//!   people who cannot be reached; a shorter one fails that condition, it is not a late notice;
//! - Decree Arts. 39(2), 40(2): later-confirmed content is notified and reported "확인되는 즉시",
//!   so a later phase with no confirmation time cannot be judged;
//! - PIPA Art. 28(2) sets no training interval or completion rate: such thresholds are labelled as
//!   internal standards in every report and language;
//! - 「개인정보의 안전성 확보조치 기준」 Art. 5(2), (5): a departed employee's signing key and an
//!   open finding on revoking leavers' credentials are a likely access-control gap.

use std::path::Path;

use assert_cmd::Command;

const AS_OF: &str = "2026-01-01T00:00:00+09:00";

fn rendered() -> (tempfile::TempDir, impl Fn(&str) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("disclose")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "render",
            "examples/coupang-2025.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "md",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{out:?}");
    let root = dir.path().join("CPNG-2025-11");
    let read = move |name: &str| std::fs::read_to_string(Path::new(&root).join(name)).unwrap();
    (dir, read)
}

/// The letters of a subject notice, split at the rule between them (the document information
/// after the last rule is not a letter).
fn letters(md: &str) -> Vec<&str> {
    md.split("\n---\n")
        .filter(|l| l.contains("## 1."))
        .collect()
}

/// The list under section 1 of a letter (the items leaked for its reader).
fn items(letter: &str) -> Vec<&str> {
    let start = letter.find("## 1.").expect("section 1");
    let end = letter[start..].find("## 2.").map(|e| start + e).unwrap();
    letter[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .collect()
}

#[test]
fn each_letter_lists_the_items_of_its_group_and_no_counts() {
    let (_d, read) = rendered();
    for (file, basic, orders, code) in [
        (
            "subject_notice.ko.md",
            "이름",
            "주문 내역",
            "공동현관 비밀번호",
        ),
        (
            "subject_notice.en.md",
            "Name",
            "Order history",
            "Building entrance code",
        ),
    ] {
        let md = read(file);
        let l = letters(&md);
        assert_eq!(l.len(), 4, "one letter per group in {file}");
        // The customers who lost only account details and addresses are not told that their
        // order history or entrance code leaked.
        let first = items(l[0]);
        assert!(first.contains(&basic), "{first:?}");
        assert!(
            !first.iter().any(|i| i.contains(orders) || i.contains(code)),
            "{first:?}"
        );
        // Those whose entrance code leaked are told so.
        assert!(
            items(l[2]).iter().any(|i| i.contains(code)),
            "{:?}",
            items(l[2])
        );
        assert!(!items(l[2]).iter().any(|i| i.contains(orders)));
        assert!(items(l[3]).iter().any(|i| i.contains(orders)));
        // Advice about the entrance code goes only to those whose code leaked.
        if file.ends_with(".ko.md") {
            let advice = "출입번호 변경을 요청";
            assert!(!l[0].contains(advice) && !l[1].contains(advice));
            assert!(l[2].contains(advice) && l[3].contains(advice));
        }
        // No aggregate counts in a personal letter.
        assert!(
            !md.contains("33,673,817") && !md.contains("2,609") && !md.contains("102,682"),
            "{file}"
        );
    }
    // Counts stay in the public notice and the regulator report.
    assert!(read("public_notice.ko.md").contains("2,609"));
    assert!(read("regulator_notification.ko.md").contains("2,609"));
}

#[test]
fn the_website_posting_replaces_notice_for_people_who_cannot_be_reached() {
    let (_d, read) = rendered();
    let public = read("public_notice.ko.md");
    assert!(
        public.contains("연락처를 알 수 없는 분") && public.contains("「개인정보 보호법 시행령」 제39조제3항에 따라 이 안내를 인터넷 홈페이지에 30일 이상 게시합니다"),
        "{public}"
    );
    assert!(!public.contains("게시 근거"), "{public}");
    // The recorded posting ended after 2 days: the notice states the period the law requires,
    // not an end that contradicts its own "30일 이상" (the audit reports the shortfall).
    assert!(
        public.contains("게시 기간: 2025년 11월 29일 오후 6시부터 30일 이상")
            && !public.contains("2025년 12월 1일"),
        "{public}"
    );
    let audit = read("audit_report.ko.md");
    let row = audit
        .lines()
        .find(|l| l.starts_with("| 3 | 개인정보 보호법 |"))
        .unwrap();
    assert!(
        row.contains("통지 갈음 게시") && row.contains("요건 미충족: 게시 기간 2일"),
        "{row}"
    );
    assert!(!row.contains("기한 도과"), "{row}");
    // The summary counts it apart from missed deadlines.
    assert!(audit.contains("기한 도과 1건, 요건 미충족 1건"), "{audit}");
    let en = read("audit_report.en.md");
    assert!(
        en.contains("Requirement not met: posted for 2 days"),
        "{en}"
    );
}

#[test]
fn a_later_phase_without_its_confirmation_time_cannot_be_judged() {
    let (_d, read) = rendered();
    let audit = read("audit_report.ko.md");
    let row = audit
        .lines()
        .find(|l| l.starts_with("| 2 | 개인정보 보호법 | 정보주체에 대한 유출등의 통지 |"))
        .unwrap();
    assert!(
        row.contains("1차(최초") && row.contains("기한 내 이행"),
        "{row}"
    );
    assert!(
        row.contains("actions\\[4\\].confirmed\\_at") && row.ends_with("| 판단 불가 |"),
        "{row}"
    );
    let en = read("audit_report.en.md");
    assert!(en.contains("cannot be judged against"), "{en}");
}

#[test]
fn thresholds_the_statute_does_not_set_are_labelled_in_both_languages() {
    let (_d, read) = rendered();
    let ko = read("audit_report.ko.md");
    assert!(
        ko.contains("개인정보취급자 교육 이수율 90% 이상 \\[내부 기준(법정 요건 아님)\\]"),
        "{ko}"
    );
    assert!(
        ko.contains("365일 이내 실시 \\[내부 기준(법정 요건 아님)\\]"),
        "{ko}"
    );
    // The statutory duty itself is not labelled.
    assert!(
        ko.contains("| 개인정보취급자에 대한 정기적인 교육 실시 | 충족 |"),
        "{ko}"
    );
    let en = read("audit_report.en.md");
    assert!(
        en.contains("\\[internal standard (not a statutory requirement)\\]"),
        "{en}"
    );
}

#[test]
fn a_departed_employees_key_and_an_open_finding_are_a_likely_access_control_gap() {
    let (_d, read) = rendered();
    let ko = read("audit_report.ko.md");
    for article in ["제5조제2항", "제5조제5항"] {
        let row = ko
            .lines()
            .find(|l| l.contains(article) && l.starts_with("| 개인정보 보호법 |"))
            .unwrap();
        assert!(row.contains("| 미흡(추정) |"), "{row}");
    }
    assert!(ko.contains("미흡 2건(이 중 미흡(추정) 2건)"), "{ko}");
    let en = read("audit_report.en.md");
    assert!(en.contains("Likely gap"), "{en}");
}
