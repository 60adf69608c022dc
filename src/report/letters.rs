//! The letters of a notice to people: one per group of people who lost the same items.
//!
//! PIPA Art. 34(1)1 asks a notice to tell its reader the items leaked *for that reader*. A
//! notice that lists every item of the breach, with aggregate counts, tells each of millions of
//! readers that items leaked which leaked for only a few of them. So the incident may name groups
//! of people (`affected.groups`) and the items each group lost (`affected.data[].groups`; an
//! item naming no group concerns every group), and the subject notice holds one letter per
//! group, with that group's items and no counts. Without groups there is one letter with every
//! item; when the items' counts show that they differ from person to person, the letter says so
//! and says how to check (`affected.lookup`, or the contact point). Counts stay in the public
//! notice, the regulator report and the audit report.

use serde::Serialize;

use crate::incident::Incident;

/// One letter of a subject notice.
#[derive(Clone, Debug, Serialize)]
pub struct Letter {
    /// Who receives it (the group's label), or empty when there is one letter for everyone.
    pub group: String,
    /// The items leaked for its readers, by name, without counts.
    pub items: Vec<String>,
    /// What its readers can do about those items (`affected.data[].guidance`).
    pub guidance: Vec<String>,
    /// True when the items differ by person and no group tells the reader which are theirs:
    /// the letter says so and how to check.
    pub varies: bool,
}

/// The letters, given the item names and the item guidance in the order of `affected.data`
/// (empty where an item has none) and a way to show a group's label in the report's language.
pub fn letters(
    inc: &Incident,
    names: &[String],
    guidance: &[String],
    label: impl Fn(usize) -> String,
) -> Vec<Letter> {
    let data = &inc.affected.data;
    let advice = |keep: &dyn Fn(&crate::incident::DataItem) -> bool| -> Vec<String> {
        data.iter()
            .zip(guidance)
            .filter(|(d, g)| keep(d) && !g.is_empty())
            .map(|(_, g)| g.clone())
            .collect()
    };
    if inc.affected.groups.is_empty() {
        let varies = data
            .iter()
            .any(|d| d.subjects.is_some_and(|n| n < inc.affected.subjects));
        return vec![Letter {
            group: String::new(),
            items: names.to_vec(),
            guidance: advice(&|_| true),
            varies,
        }];
    }
    inc.affected
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| Letter {
            group: label(g),
            items: data
                .iter()
                .zip(names)
                .filter(|(d, _)| d.groups.is_empty() || d.groups.contains(&group.id))
                .map(|(_, n)| n.clone())
                .collect(),
            guidance: advice(&|d| d.groups.is_empty() || d.groups.contains(&group.id)),
            varies: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(extra: &str) -> Incident {
        let text = format!(
            r#"format: disclose/incident@1
id: T-1
title: {{ ko: 시험, en: Test }}
timezone: Asia/Seoul
organization:
  name: {{ ko: 회사, en: Company }}
  privacy_officer: {{ title: {{ ko: 개인정보 보호책임자, en: CPO }}, email: cpo@example.com }}
  contact_point: {{ department: {{ ko: 고객센터, en: Desk }}, phone: "1577-0000" }}
timeline: {{ occurred_from: 2025-01-06T09:00:00+09:00, discovered_at: 2025-01-06T10:00:00+09:00 }}
cause: {{ kind: hacking, external: true, description: {{ ko: 해킹, en: Hacking }} }}
{extra}"#
        );
        let loaded = crate::incident::load_str(&text);
        assert!(loaded.ok().is_some(), "{:?}", loaded.report);
        loaded.ok().unwrap().clone()
    }

    fn names(inc: &Incident) -> Vec<String> {
        inc.affected
            .data
            .iter()
            .map(|d| d.category.clone())
            .collect()
    }

    // Art. 34(1)1: the items leaked for the reader. Two groups, one of which also lost its
    // entrance code: each letter lists only its group's items.
    #[test]
    fn each_group_gets_only_its_own_items() {
        let inc = incident(
            r#"affected:
  subjects: 100
  groups:
    - { id: basic, label: { ko: 기본, en: Basic } }
    - { id: entrance, label: { ko: 출입번호, en: Entrance code } }
  data:
    - { category: name, subjects: 100 }
    - { category: phone, subjects: 100 }
    - { category: building_entrance_code, subjects: 3, groups: [entrance] }
"#,
        );
        let advice = vec![String::new(); 2]
            .into_iter()
            .chain(["change the code".to_string()])
            .collect::<Vec<_>>();
        let l = letters(&inc, &names(&inc), &advice, |g| {
            inc.affected.groups[g].id.clone()
        });
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].group, "basic");
        assert_eq!(l[0].items, ["name", "phone"]);
        assert_eq!(l[1].items, ["name", "phone", "building_entrance_code"]);
        assert!(l.iter().all(|x| !x.varies));
        // Advice about an item goes only to the group that lost it.
        assert!(l[0].guidance.is_empty());
        assert_eq!(l[1].guidance, ["change the code"]);
    }

    // Without groups, items with smaller counts than the breach mean the items differ by
    // person: one letter, marked so that it says so and how to check.
    #[test]
    fn without_groups_differing_counts_mark_the_letter() {
        let inc = incident(
            r#"affected:
  subjects: 100
  data:
    - { category: name, subjects: 100 }
    - { category: order_history, subjects: 10 }
"#,
        );
        let l = letters(
            &inc,
            &names(&inc),
            &["".into(), "".into()],
            |_| unreachable!(),
        );
        assert_eq!(l.len(), 1);
        assert!(l[0].varies);
        assert_eq!(l[0].items.len(), 2);
        let same = incident(
            r#"affected:
  subjects: 100
  data:
    - { category: name, subjects: 100 }
    - { category: email }
"#,
        );
        assert!(
            !letters(
                &same,
                &names(&same),
                &["".into(), "".into()],
                |_| unreachable!()
            )[0]
            .varies
        );
    }
}
