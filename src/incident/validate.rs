//! Semantic validation: what types alone cannot say.
//!
//! Every check adds to one [`Report`], so an officer sees all problems in one run. Each problem is
//! placed with the [`SourceMap`] at the value it concerns and carries a hint on how to fix it.

use std::collections::{BTreeMap, HashSet};

use crate::diag::{Diagnostic, Report};
use crate::yaml::{CharConcern, SourceMap, char_concern, char_label, did_you_mean, visible};

use super::consistency::{known_from, rounds_to};
use super::model::*;
use super::time::Timestamp;
use super::vocab;

/// Longest accepted incident id.
pub const MAX_ID_LEN: usize = 64;

/// Most entries in `affected.data`. The vocabulary has fewer than a hundred categories, and even
/// with `other` items and labelled variants a real breach lists a few dozen items; a list longer
/// than this is not a description a notice can carry item by item.
pub const MAX_DATA_ITEMS: usize = 1_000;

/// Most entries in `actions`. A breach with millions of notices records them in batches (one
/// action per channel and day, with `subjects`), so real files have tens of entries.
pub const MAX_ACTIONS: usize = 10_000;

/// Most entries in `affected.by_jurisdiction`, and in one action's `jurisdictions`: every
/// country (249) and every U.S. state and territory (57) fit with room to spare.
pub const MAX_JURISDICTIONS: usize = 500;

/// Device names Windows reserves in every directory, with or without an extension: an incident
/// id that is one of them cannot name an output directory there.
const WINDOWS_RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    "CONIN$", "CONOUT$",
];

/// Whether `name` (a file name, with or without extension) is a device name Windows reserves.
pub fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    WINDOWS_RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(stem))
}

struct Ctx<'a> {
    map: &'a SourceMap,
    report: Report,
}

impl Ctx<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::error(message, self.map.pos(path))
            .hint(hint)
            .at_path(path);
        self.report.push(d);
    }

    fn warn(&mut self, path: &str, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::warning(message, self.map.pos(path))
            .hint(hint)
            .at_path(path);
        self.report.push(d);
    }
}

/// Checks an incident that deserialized successfully. `map` locates its fields.
pub fn validate(inc: &Incident, map: &SourceMap) -> Report {
    let mut cx = Ctx {
        map,
        report: Report::default(),
    };
    format_and_id(inc, &mut cx);
    characters(inc, &mut cx);
    texts(inc, &mut cx);
    timeline(inc, &mut cx);
    affected(inc, &mut cx);
    actions(inc, &mut cx);
    organization(inc, &mut cx);
    controls(inc, &mut cx);
    local_times(inc, &mut cx);
    if inc.draft {
        cx.warn(
            "draft",
            "this incident is a draft: reports are rendered only with --draft and are marked as drafts",
            "remove `draft: true` once the facts are confirmed",
        );
    }
    cx.report
}

fn format_and_id(inc: &Incident, cx: &mut Ctx<'_>) {
    if inc.format != INCIDENT_FORMAT {
        let (msg, hint) = format_problem(&inc.format);
        cx.error("format", msg, hint);
    }
    let id_ok = !inc.id.is_empty()
        && inc.id.len() <= MAX_ID_LEN
        && inc
            .id
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && inc
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !inc.id.contains("..")
        && !inc.id.ends_with('.')
        && !is_windows_reserved(&inc.id);
    if !id_ok {
        cx.error(
            "id",
            format!(
                "incident id `{}` cannot be used in file names",
                visible(&inc.id)
            ),
            if is_windows_reserved(&inc.id) {
                "Windows reserves this name for a device, so no directory can have it: add to it, e.g. `CON-2025-01`".to_string()
            } else if inc.id.ends_with('.') && !inc.id.contains("..") {
                "remove the final `.`: Windows drops it from file names".to_string()
            } else {
                format!(
                    "use 1 to {MAX_ID_LEN} letters, digits, `.`, `_` or `-`, starting with a letter or digit, e.g. `CPNG-2025-11`"
                )
            },
        );
    }
}

pub use crate::document::incident_format_problem as format_problem;

/// Control characters in any text are errors; invisible characters (bidirectional controls,
/// zero-width characters, Hangul fillers) are warnings, and reports show them as `‹U+202E›`.
/// Every string of the incident is checked, map keys included, by walking its serialized form,
/// whose paths are the source map's.
fn characters(inc: &Incident, cx: &mut Ctx<'_>) {
    let Ok(value) = serde_json::to_value(inc) else {
        return;
    };
    let mut stack: Vec<(String, &serde_json::Value)> = vec![(String::new(), &value)];
    while let Some((path, v)) = stack.pop() {
        match v {
            serde_json::Value::String(s) => check_chars(cx, &path, s, false),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((format!("{path}[{i}]"), item));
                }
            }
            serde_json::Value::Object(fields) => {
                for (k, item) in fields.iter().rev() {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    check_chars(cx, &p, k, true);
                    stack.push((p, item));
                }
            }
            _ => {}
        }
    }
}

fn check_chars(cx: &mut Ctx<'_>, path: &str, text: &str, is_key: bool) {
    for concern in [CharConcern::Control, CharConcern::Invisible] {
        let mut found = text.chars().filter(|c| char_concern(*c) == Some(concern));
        let Some(first) = found.next() else { continue };
        let more = found.count();
        let what = match concern {
            CharConcern::Control => "control character",
            CharConcern::Invisible => "invisible character",
        };
        let place = if is_key {
            format!("the key `{}`", visible(path))
        } else {
            format!("`{}`", visible(path))
        };
        let also = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        let message = format!("{what} {}{also} in {place}", char_label(first));
        let pos = if is_key {
            cx.map.key_pos(path)
        } else {
            cx.map.char_pos(path)
        };
        let d = match concern {
            CharConcern::Control => Diagnostic::error(message, pos).hint(
                "remove it: a filing's text has no control characters, and a terminal or viewer may act on one",
            ),
            CharConcern::Invisible => Diagnostic::warning(message, pos).hint(format!(
                "it changes how the text around it is shown, or shows nothing; reports show it as `{}` so that readers see it. Remove it unless the text needs it",
                visible(&first.to_string())
            )),
        };
        cx.report.push(d.at_path(path));
    }
}

/// A bilingual text's two languages.
type Langs<'a> = (&'a Option<String>, &'a Option<String>);

fn langs(t: &Text) -> Langs<'_> {
    (&t.ko, &t.en)
}

/// Every bilingual text in the incident, with its path and its Korean and English text.
pub fn text_fields(inc: &Incident) -> Vec<(String, Langs<'_>)> {
    let v = texts_of(inc);
    let mut out: Vec<(String, Langs<'_>)> = v.into_iter().map(|(p, t)| (p, langs(t))).collect();
    for (i, g) in inc.subject_guidance.iter().enumerate() {
        out.push((format!("subject_guidance[{i}]"), (&g.ko, &g.en)));
    }
    out
}

fn texts_of(inc: &Incident) -> Vec<(String, &Text)> {
    let mut v: Vec<(String, &Text)> = vec![
        ("title".into(), &inc.title),
        ("organization.name".into(), &inc.organization.name),
        (
            "organization.privacy_officer.title".into(),
            &inc.organization.privacy_officer.title,
        ),
        (
            "organization.contact_point.department".into(),
            &inc.organization.contact_point.department,
        ),
        ("cause.description".into(), &inc.cause.description),
    ];
    if let Some(n) = &inc.organization.privacy_officer.name {
        v.push(("organization.privacy_officer.name".into(), n));
    }
    if let Some(h) = &inc.organization.contact_point.hours {
        v.push(("organization.contact_point.hours".into(), h));
    }
    if let Some(r) = &inc.organization.representative {
        v.push(("organization.representative.title".into(), &r.title));
        if let Some(n) = &r.name {
            v.push(("organization.representative.name".into(), n));
        }
    }
    if let Some(a) = &inc.organization.address {
        v.push(("organization.address".into(), a));
    }
    for (i, d) in inc.affected.data.iter().enumerate() {
        if let Some(l) = &d.label {
            v.push((format!("affected.data[{i}].label"), l));
        }
        if let Some(g) = &d.guidance {
            v.push((format!("affected.data[{i}].guidance"), g));
        }
    }
    for (i, g) in inc.affected.groups.iter().enumerate() {
        v.push((format!("affected.groups[{i}].label"), &g.label));
    }
    if let Some(l) = &inc.affected.lookup {
        v.push(("affected.lookup".into(), l));
    }
    if let Some(u) = &inc.affected.unreachable {
        v.push(("affected.unreachable.who".into(), &u.who));
    }
    if let Some(r) = &inc.risk_assessment {
        v.push(("risk_assessment.justification".into(), &r.justification));
        if let Some(c) = &r.consequences {
            v.push(("risk_assessment.consequences".into(), c));
        }
    }
    if let Some(c) = &inc.controls
        && let Some(a) = &c.third_party_audit
    {
        v.push(("controls.third_party_audit.auditor".into(), &a.auditor));
        for (i, f) in a.findings.iter().enumerate() {
            v.push((
                format!("controls.third_party_audit.findings[{i}].text"),
                &f.text,
            ));
        }
    }
    for (i, r) in inc.remediation.iter().enumerate() {
        v.push((format!("remediation[{i}].text"), &r.text));
    }
    if let Some(r) = &inc.remedy {
        v.push(("remedy".into(), r));
    }
    if let Some(s) = inc
        .notice
        .as_ref()
        .and_then(|n| n.identity_theft_services.as_ref())
    {
        v.push((
            "notice.identity_theft_services.provider".into(),
            &s.provider,
        ));
        v.push((
            "notice.identity_theft_services.how_to_enroll".into(),
            &s.how_to_enroll,
        ));
    }
    if let Some(r) = inc.gdpr.as_ref().and_then(|g| g.reasons_for_delay.as_ref()) {
        v.push(("gdpr.reasons_for_delay".into(), r));
    }
    v
}

/// Korean text is required everywhere. English is required only where an English report is
/// produced (a law outside Korea applies, or `render --lang en` asks for it): `render` checks
/// that and names the reports that need it ([`missing_english`]); a blank text is always an
/// error.
fn texts(inc: &Incident, cx: &mut Ctx<'_>) {
    for (path, t) in text_fields(inc) {
        for (lang, name) in [("ko", "Korean"), ("en", "English")] {
            let field = if lang == "ko" { t.0 } else { t.1 };
            match field {
                None if lang == "ko" => cx.error(
                    &path,
                    format!("`{path}` has no {name} text (`{lang}`)"),
                    format!(
                        "add `{lang}: ...`; the Korean reports are always produced and need it"
                    ),
                ),
                None => {}
                Some(s) if s.trim().is_empty() => cx.error(
                    &format!("{path}.{lang}"),
                    format!("`{path}.{lang}` is empty"),
                    format!("write the {name} text, or remove the field if it does not apply"),
                ),
                Some(_) => {}
            }
        }
    }
    for (i, g) in inc.subject_guidance.iter().enumerate() {
        for (j, code) in g.jurisdictions.iter().enumerate() {
            if !(vocab::is_country(code) || vocab::is_subdivision(code)) {
                cx.error(
                    &format!("subject_guidance[{i}].jurisdictions[{j}]"),
                    format!("`{code}` is not an ISO 3166 code"),
                    jurisdiction_hint(code),
                );
            }
        }
    }
}

/// The text fields that have no English text, by path: an English report cannot be produced
/// until they have it.
pub fn missing_english(inc: &Incident) -> Vec<String> {
    text_fields(inc)
        .into_iter()
        .filter(|(_, t)| t.1.is_none())
        .map(|(p, _)| p)
        .collect()
}

fn timeline(inc: &Incident, cx: &mut Ctx<'_>) {
    let t = &inc.timeline;
    let from = t.occurred_from.instant();
    for (name, ts) in t.fields() {
        let Some(ts) = ts else { continue };
        if name != "occurred_from" && ts.instant() < from {
            let path = format!("timeline.{name}");
            let (msg, hint) = if name == "occurred_until" {
                (
                    format!(
                        "`occurred_until` ({}) is before `occurred_from` ({})",
                        ts.instant(),
                        from
                    ),
                    "swap the two, or correct whichever is wrong".to_string(),
                )
            } else {
                (
                    format!(
                        "`{name}` ({}) is before the breach began (`occurred_from`, {})",
                        ts.instant(),
                        from
                    ),
                    "nothing can be noticed, reported or contained before the breach began: correct this time or `occurred_from`".to_string(),
                )
            };
            cx.error(&path, msg, hint);
        }
    }
    let disc = t.discovered_at.instant();
    for (name, ts) in [
        ("materiality_determined_at", &t.materiality_determined_at),
        ("assessed_at", &t.assessed_at),
        ("impact_determined_at", &t.impact_determined_at),
    ] {
        if let Some(ts) = ts
            && ts.instant() < disc
            && ts.instant() >= from
        {
            cx.error(
                    &format!("timeline.{name}"),
                    format!(
                        "`{name}` ({}) is before the breach was discovered (`discovered_at`, {disc})",
                        ts.instant()
                    ),
                    "a breach can only be assessed after the organisation knows of it; correct one of the two times",
                );
        }
    }
    if let Some(sig) = &t.first_signal_at
        && sig.instant() > disc
    {
        cx.warn(
            "timeline.first_signal_at",
            format!(
                "`first_signal_at` ({}) is after `discovered_at` ({disc})",
                sig.instant()
            ),
            "the first signal usually comes before awareness; check both times",
        );
    }
}

fn affected(inc: &Incident, cx: &mut Ctx<'_>) {
    let a = &inc.affected;
    let what = match a.counted_as {
        CountedAs::Persons => "people",
        CountedAs::Accounts => "accounts",
        CountedAs::Records => "records",
    };
    if a.subjects == 0 {
        cx.warn(
            "affected.subjects",
            "`affected.subjects` is 0",
            "if nobody's data was affected this is not a personal-data breach; otherwise give the count",
        );
    }
    if a.data.is_empty() {
        cx.error(
            "affected.data",
            "`affected.data` lists no leaked item",
            "add one entry per leaked item, e.g. `- { category: email, subjects: 120 }`",
        );
    }
    if let Some(c) = a.children
        && c > a.subjects
    {
        cx.error(
            "affected.children",
            format!(
                "`affected.children` ({}) is more than `affected.subjects` ({})",
                fmt_count(c),
                fmt_count(a.subjects)
            ),
            format!("children are counted among the affected {what}: correct one of the two"),
        );
    }
    let too_many_items = a.data.len() > MAX_DATA_ITEMS;
    if too_many_items {
        cx.error(
            "affected.data",
            format!(
                "`affected.data` lists {} items; at most {} are accepted",
                fmt_count(a.data.len() as u64),
                fmt_count(MAX_DATA_ITEMS as u64)
            ),
            "list each kind of leaked item once, with `subjects` for how many people it concerns; items are not listed per person",
        );
    }
    let data: &[DataItem] = if too_many_items { &[] } else { &a.data };
    let mut seen: HashSet<(String, Option<String>)> = HashSet::new();
    for (i, d) in data.iter().enumerate() {
        let path = format!("affected.data[{i}]");
        if d.category == vocab::OTHER_CATEGORY {
            if d.label.is_none() {
                cx.error(
                    &format!("{path}.category"),
                    "`category: other` needs a `label`",
                    "add `label: { ko: ..., en: ... }` naming the item as the notice should list it",
                );
            }
        } else if vocab::category(&d.category).is_none() {
            let names = vocab::CATEGORIES
                .iter()
                .map(|c| c.code)
                .chain([vocab::OTHER_CATEGORY]);
            let hint = did_you_mean(&d.category, names).unwrap_or_else(|| "use a category from the vocabulary (`disclose schema incident` lists them), or `category: other` with a `label`".into());
            cx.error(
                &format!("{path}.category"),
                format!("unknown data category `{}`", d.category),
                hint,
            );
        }
        for (j, code) in d.jurisdictions.iter().enumerate() {
            if !(vocab::is_country(code) || vocab::is_subdivision(code)) {
                cx.error(
                    &format!("{path}.jurisdictions[{j}]"),
                    format!("`{code}` is not an ISO 3166 code"),
                    jurisdiction_hint(code),
                );
            }
        }
        let key = (
            d.category.clone(),
            d.label.as_ref().and_then(|l| l.en.clone().or(l.ko.clone())),
        );
        if !seen.insert(key) {
            cx.warn(
                &format!("{path}.category"),
                format!("data category `{}` is listed twice", d.category),
                "merge the two entries, or give each a `label` that tells them apart",
            );
        }
        if let Some(n) = d.subjects
            && n > a.subjects
        {
            cx.error(
                    &format!("{path}.subjects"),
                    format!(
                        "{} {what} had `{}` leaked, more than the {} in `affected.subjects`",
                        fmt_count(n),
                        d.category,
                        fmt_count(a.subjects)
                    ),
                    "an item cannot affect more subjects than the whole breach: raise `affected.subjects` or correct this count",
                );
        }
    }
    groups(a, data, cx);
    let mut sum: u64 = 0;
    let too_many_places = a.by_jurisdiction.len() > MAX_JURISDICTIONS;
    if too_many_places {
        cx.error(
            "affected.by_jurisdiction",
            format!(
                "`affected.by_jurisdiction` has {} entries; at most {MAX_JURISDICTIONS} are accepted",
                fmt_count(a.by_jurisdiction.len() as u64)
            ),
            "use ISO 3166 codes, one entry per country or U.S. state: there are fewer than 500",
        );
    }
    for (code, n) in &a.by_jurisdiction {
        sum = sum.saturating_add(*n);
        if too_many_places {
            continue;
        }
        let path = format!("affected.by_jurisdiction.{code}");
        if !(vocab::is_country(code) || vocab::is_subdivision(code)) {
            let hint = jurisdiction_hint(code);
            cx.error_at_key(&path, format!("`{code}` is not an ISO 3166 code"), hint);
        }
    }
    if sum > a.subjects {
        cx.error(
            "affected.by_jurisdiction",
            format!(
                "the counts in `by_jurisdiction` add up to {}, more than the {} {what} in `affected.subjects`",
                fmt_count(sum),
                fmt_count(a.subjects)
            ),
            "entries are disjoint (a resident under `US-CA` is not counted again under `US`): correct the counts or `affected.subjects`",
        );
    }
}

/// Subject groups: unique ids, and every id an item names is a group.
fn groups(a: &crate::incident::Affected, data: &[DataItem], cx: &mut Ctx<'_>) {
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, g) in a.groups.iter().enumerate() {
        let ok = !g.id.is_empty()
            && g.id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            cx.error(
                &format!("affected.groups[{i}].id"),
                format!("group id `{}` is not a short id", g.id),
                "use letters, digits, `_` and `-`, e.g. `entrance-code`",
            );
        }
        if !ids.insert(g.id.as_str()) {
            cx.error(
                &format!("affected.groups[{i}].id"),
                format!("group id `{}` is used twice", g.id),
                "give each group its own id",
            );
        }
        if let Some(n) = g.subjects
            && n > a.subjects
        {
            cx.error(
                &format!("affected.groups[{i}].subjects"),
                format!(
                    "group `{}` holds {}, more than the {} in `affected.subjects`",
                    g.id,
                    fmt_count(n),
                    fmt_count(a.subjects)
                ),
                "a group cannot be larger than the whole breach",
            );
        }
    }
    for (i, d) in data.iter().enumerate() {
        for (j, id) in d.groups.iter().enumerate() {
            if !ids.contains(id.as_str()) {
                let names = a.groups.iter().map(|g| g.id.as_str());
                let hint = did_you_mean(id, names).unwrap_or_else(|| {
                    "define the group under `affected.groups` (id and label), or remove it here"
                        .into()
                });
                cx.error(
                    &format!("affected.data[{i}].groups[{j}]"),
                    format!("`{id}` is not a group in `affected.groups`"),
                    hint,
                );
            }
        }
    }
}

impl Ctx<'_> {
    fn error_at_key(&mut self, path: &str, message: String, hint: String) {
        let d = Diagnostic::error(message, self.map.key_pos(path))
            .hint(hint)
            .at_path(path);
        self.report.push(d);
    }
}

fn jurisdiction_hint(code: &str) -> String {
    match code {
        "UK" => "the United Kingdom's ISO 3166 code is `GB`".into(),
        "EU" | "EEA" => "list each member state's residents under its own code, e.g. `DE`, `FR`".into(),
        _ if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) => {
            "use the two-letter ISO 3166-1 code (e.g. `KR`, not `KOR`)".into()
        }
        _ if code.chars().any(|c| c.is_ascii_lowercase()) && {
            let up = code.to_ascii_uppercase();
            vocab::is_country(&up) || vocab::is_subdivision(&up)
        } =>
        {
            format!("codes are upper case: `{}`", code.to_ascii_uppercase())
        }
        _ => "use an ISO 3166-1 country code (`KR`, `DE`) or, for a U.S. state, an ISO 3166-2 code (`US-CA`)".into(),
    }
}

/// Formats a count with thousands separators.
pub fn fmt_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn actions(inc: &Incident, cx: &mut Ctx<'_>) {
    let from = inc.timeline.occurred_from.instant();
    let too_many = inc.actions.len() > MAX_ACTIONS;
    if too_many {
        cx.error(
            "actions",
            format!(
                "`actions` lists {} entries; at most {} are accepted",
                fmt_count(inc.actions.len() as u64),
                fmt_count(MAX_ACTIONS as u64)
            ),
            "record notices in batches, one action per channel and day with `subjects` for how many people it reached",
        );
    }
    let actions: &[Action] = if too_many { &[] } else { &inc.actions };
    for (i, a) in actions.iter().enumerate() {
        let path = format!("actions[{i}]");
        let known_kind = vocab::is_action_kind(&a.kind);
        if !known_kind {
            let hint = vocab::action_kind_hint(&a.kind);
            cx.error(
                &format!("{path}.kind"),
                format!("unknown action kind `{}`", a.kind),
                hint,
            );
        }
        match &a.to {
            Some(to) if !vocab::is_recipient(to) => {
                let hint = did_you_mean(to, vocab::RECIPIENTS.iter().map(|(k, _)| *k)).unwrap_or_else(|| "use a recipient code such as `PIPC`, `KISA`, `SEC`, `AG:US-CA` (a state attorney general) or `SA:DE` (an EU supervisory authority)".into());
                cx.error(
                    &format!("{path}.to"),
                    format!("unknown recipient `{to}`"),
                    hint,
                );
            }
            None if known_kind && needs_recipient(&a.kind) => cx.error(
                &path,
                format!("this `{}` does not say who received it", a.kind),
                "add `to:` with the recipient, e.g. `to: PIPC`",
            ),
            Some(_) if matches!(a.kind.as_str(), "subject_notice" | "public_notice") => cx.warn(
                &format!("{path}.to"),
                format!("a `{}` goes to the people affected, not to `to`", a.kind),
                "remove `to:`; record a report to an authority as its own action",
            ),
            _ => {}
        }
        let at = a.at.instant();
        if at < from {
            cx.error(
                &format!("{path}.at"),
                format!(
                    "this action ({at}) is dated before the breach began (`timeline.occurred_from`, {from})"
                ),
                "correct the action's time or `timeline.occurred_from`",
            );
        } else {
            let (field, known, what) = known_from(&a.kind, &inc.timeline);
            if at < known {
                cx.warn(
                    &format!("{path}.at"),
                    format!(
                        "this action ({at}) is dated before {what} (`timeline.{field}`, {known})"
                    ),
                    format!("check the action's time and `timeline.{field}`"),
                );
            }
        }
        if let Some(until) = &a.until {
            if until.instant() < at {
                cx.error(
                    &format!("{path}.until"),
                    format!("`until` ({}) is before `at` ({at})", until.instant()),
                    "a posting ends after it starts: correct one of the two times",
                );
            }
            if a.kind != "public_notice" {
                cx.warn(
                    &format!("{path}.until"),
                    "`until` applies only to a `public_notice`",
                    "remove `until:`, or change the kind to `public_notice`",
                );
            }
        }
        if let Some(n) = a.subjects
            && n > inc.affected.subjects
            && !(a.approximate && rounds_to(inc.affected.subjects, n))
        {
            cx.warn(
                    &format!("{path}.subjects"),
                    format!(
                        "this action covers {} subjects, more than the {} in `affected.subjects`",
                        fmt_count(n),
                        fmt_count(inc.affected.subjects)
                    ),
                    "a report that states a rounded count (\"about 33.7 million\") says so with `approximate: true`; if the count was revised upward, update `affected.subjects`",
                );
        }
        if a.jurisdictions.len() > MAX_JURISDICTIONS {
            cx.error(
                &format!("{path}.jurisdictions"),
                format!(
                    "`{path}.jurisdictions` has {} entries; at most {MAX_JURISDICTIONS} are accepted",
                    fmt_count(a.jurisdictions.len() as u64)
                ),
                "name each country or U.S. state once, or leave `jurisdictions` out for a notice that went to everyone affected",
            );
        }
        let codes = if a.jurisdictions.len() > MAX_JURISDICTIONS {
            &[][..]
        } else {
            &a.jurisdictions[..]
        };
        for (k, code) in codes.iter().enumerate() {
            if !(vocab::is_country(code) || vocab::is_subdivision(code)) {
                cx.error(
                    &format!("{path}.jurisdictions[{k}]"),
                    format!("`{code}` is not an ISO 3166 code"),
                    jurisdiction_hint(code),
                );
            }
        }
        if a.kind == "securities_filing" && a.form.is_none() {
            cx.warn(
                &path,
                "this securities filing does not say which form was filed",
                "add `form:`, e.g. `form: 8-K`",
            );
        }
    }
    for (i, d) in inc.law_enforcement_delays.iter().enumerate() {
        let path = format!("law_enforcement_delays[{i}]");
        if d.jurisdictions.is_empty() {
            cx.error(
                &format!("{path}.jurisdictions"),
                "a delay must name the places whose laws it delays",
                "give ISO 3166 codes, e.g. `jurisdictions: [US-CA]`, or `[US]` for federal and every state law",
            );
        }
        for (k, code) in d.jurisdictions.iter().take(MAX_JURISDICTIONS).enumerate() {
            if !(vocab::is_country(code) || vocab::is_subdivision(code)) {
                cx.error(
                    &format!("{path}.jurisdictions[{k}]"),
                    format!("`{code}` is not an ISO 3166 code"),
                    jurisdiction_hint(code),
                );
            }
        }
        if d.until.instant() <= d.from.instant() {
            cx.error(
                &format!("{path}.until"),
                "the delay ends before it begins",
                "`until` is when the delay ends, after `from`",
            );
        }
    }
    for (i, r) in inc.remediation.iter().enumerate() {
        if r.at.instant() < from {
            cx.error(
                &format!("remediation[{i}].at"),
                format!(
                    "this countermeasure ({}) is dated before the breach began ({from})",
                    r.at.instant()
                ),
                "correct its time or `timeline.occurred_from`",
            );
        }
    }
}

fn needs_recipient(kind: &str) -> bool {
    matches!(
        kind,
        "incident_report" | "regulator_report" | "securities_filing" | "law_enforcement_report"
    )
}

fn organization(inc: &Incident, cx: &mut Ctx<'_>) {
    let o = &inc.organization;
    for (i, c) in o.established_in.iter().enumerate() {
        if !vocab::is_country(c) {
            cx.error(
                &format!("organization.established_in[{i}]"),
                format!("`{c}` is not an ISO 3166-1 country code"),
                jurisdiction_hint(c),
            );
        }
    }
    if let Some(m) = &o.total_revenue {
        if !vocab::is_currency(&m.currency) {
            cx.error(
                "organization.total_revenue.currency",
                format!("`{}` is not an ISO 4217 currency code", m.currency),
                "use a three-letter code such as `KRW`, `USD` or `EUR`",
            );
        }
        if let Some(y) = m.fiscal_year
            && !(1900..=2200).contains(&y)
        {
            cx.error(
                "organization.total_revenue.fiscal_year",
                format!("fiscal year {y} is not plausible"),
                "give the four-digit year, e.g. `2024`",
            );
        }
    }
    let mut years = HashSet::new();
    for (i, m) in o.revenue_by_year.iter().enumerate() {
        if !vocab::is_currency(&m.currency) {
            cx.error(
                &format!("organization.revenue_by_year[{i}].currency"),
                format!("`{}` is not an ISO 4217 currency code", m.currency),
                "use a three-letter code such as `KRW`, `USD` or `EUR`",
            );
        }
        match m.fiscal_year {
            None => cx.error(
                &format!("organization.revenue_by_year[{i}]"),
                "a revenue by year needs its `fiscal_year`",
                "add `fiscal_year: 2024` (the four-digit year)",
            ),
            Some(y) if !(1900..=2200).contains(&y) => cx.error(
                &format!("organization.revenue_by_year[{i}].fiscal_year"),
                format!("fiscal year {y} is not plausible"),
                "give the four-digit year, e.g. `2024`",
            ),
            Some(y) if !years.insert(y) => cx.error(
                &format!("organization.revenue_by_year[{i}].fiscal_year"),
                format!("fiscal year {y} is given twice"),
                "give each year's revenue once",
            ),
            Some(_) => {}
        }
    }
    let emails = [
        (
            "organization.privacy_officer.email",
            Some(&o.privacy_officer.email),
        ),
        (
            "organization.contact_point.email",
            o.contact_point.email.as_ref(),
        ),
    ];
    for (path, e) in emails {
        if let Some(e) = e
            && !plausible_email(e)
        {
            cx.error(
                path,
                format!("`{e}` is not an e-mail address"),
                "write it as `name@example.com`; people will use it to reach you",
            );
        }
    }
    if let Some(r) = &o.registrant {
        let cik = r.cik.trim();
        if cik.is_empty() || cik.len() > 10 || !cik.bytes().all(|b| b.is_ascii_digit()) {
            cx.error(
                "organization.registrant.cik",
                format!("`{}` is not an SEC Central Index Key", r.cik),
                "give the CIK as up to 10 digits, e.g. `0001834584` (EDGAR shows it on the registrant's filings)",
            );
        }
        let file_no = r.commission_file_number.trim();
        if file_no.is_empty()
            || !file_no.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            || !file_no.bytes().any(|b| b.is_ascii_digit())
        {
            cx.error(
                "organization.registrant.commission_file_number",
                format!(
                    "`{}` is not a Commission File Number",
                    r.commission_file_number
                ),
                "give digits and hyphens as the registrant's cover pages show it, e.g. `001-40115`",
            );
        }
    }
    if let Some(e) = inc.gdpr.as_ref().and_then(|g| g.establishment.as_ref())
        && !vocab::EU_EEA.contains(&e.country.as_str())
    {
        cx.error(
            "gdpr.establishment.country",
            format!("`{}` is not an EU/EEA state", e.country),
            "give the ISO 3166-1 code of the EU/EEA state where the establishment is, e.g. `DE`",
        );
    }
    if o.contact_point.phone.is_none() && o.contact_point.email.is_none() {
        cx.error(
            "organization.contact_point",
            "the contact point has neither a phone number nor an e-mail address",
            "add `phone:` or `email:`; PIPA Art. 34(1)5 requires contact details for damage reports",
        );
    }
}

fn plausible_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

fn controls(inc: &Incident, cx: &mut Ctx<'_>) {
    let Some(c) = &inc.controls else { return };
    if let Some(t) = &c.staff_training
        && (!(0.0..=1.0).contains(&t.completion_rate) || t.completion_rate.is_nan())
    {
        cx.error(
            "controls.staff_training.completion_rate",
            format!("completion rate {} is outside 0 to 1", t.completion_rate),
            "write a share, e.g. `0.94` for 94 %",
        );
    }
    let disc = inc.timeline.discovered_at.instant().date_naive();
    for (i, cert) in c.certifications.iter().enumerate() {
        if cert.valid_until.0 < disc {
            cx.warn(
                &format!("controls.certifications[{i}].valid_until"),
                format!(
                    "{} had expired ({}) before the breach was discovered",
                    cert.name, cert.valid_until.0
                ),
                "an expired certification is no control; check the date",
            );
        }
    }
}

/// Every timestamp in the incident, with its path.
pub fn timestamps(inc: &Incident) -> Vec<(String, &Timestamp)> {
    let mut v: Vec<(String, &Timestamp)> = inc
        .timeline
        .fields()
        .into_iter()
        .filter_map(|(n, t)| t.map(|t| (format!("timeline.{n}"), t)))
        .collect();
    for (i, a) in inc.actions.iter().enumerate() {
        v.push((format!("actions[{i}].at"), &a.at));
        if let Some(u) = &a.until {
            v.push((format!("actions[{i}].until"), u));
        }
        if let Some(c) = &a.confirmed_at {
            v.push((format!("actions[{i}].confirmed_at"), c));
        }
    }
    for (i, r) in inc.remediation.iter().enumerate() {
        v.push((format!("remediation[{i}].at"), &r.at));
    }
    for (i, d) in inc.law_enforcement_delays.iter().enumerate() {
        v.push((format!("law_enforcement_delays[{i}].from"), &d.from));
        v.push((format!("law_enforcement_delays[{i}].until"), &d.until));
    }
    if let Some(t) = inc
        .risk_assessment
        .as_ref()
        .and_then(|r| r.assessed_at.as_ref())
    {
        v.push(("risk_assessment.assessed_at".into(), t));
    }
    v
}

fn local_times(inc: &Incident, cx: &mut Ctx<'_>) {
    for (path, ts) in timestamps(inc) {
        if ts.ambiguous {
            cx.warn(
                &path,
                format!(
                    "this local time occurs twice in {} (clocks go back); the earlier, {}, was taken",
                    inc.timezone.0.name(),
                    ts.instant()
                ),
                "write the time with its UTC offset to say which one is meant",
            );
        }
    }
}

/// Subjects per jurisdiction, with U.S. states also counted into `US` (derived view).
pub fn subjects_by_country(inc: &Incident) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for (code, n) in &inc.affected.by_jurisdiction {
        let country = code.split('-').next().unwrap_or(code).to_string();
        *m.entry(country).or_insert(0u64) += n;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    // PIPA Art. 34(1)1 letters are built from the groups: an item naming a group that does not
    // exist would silently drop out of every letter, so it is an error at its position.
    #[test]
    fn an_item_naming_an_unknown_group_is_an_error() {
        let text = include_str!("../../examples/coupang-2025.yaml").replace(
            "      groups: [entrance, orders-entrance]\n",
            "      groups: [entrence, orders-entrance]\n",
        );
        let loaded = crate::incident::load_str(&text);
        let d = loaded
            .report
            .diagnostics
            .iter()
            .find(|d| d.path.as_deref() == Some("affected.data[5].groups[0]"))
            .expect("an error at the item's group");
        assert!(
            d.message.contains("`entrence` is not a group"),
            "{}",
            d.message
        );
        assert!(
            d.hint.as_deref().unwrap_or("").contains("entrance"),
            "{:?}",
            d.hint
        );
    }

    #[test]
    fn counts_get_separators() {
        assert_eq!(fmt_count(0), "0");
        assert_eq!(fmt_count(999), "999");
        assert_eq!(fmt_count(33673817), "33,673,817");
    }

    #[test]
    fn windows_device_names_are_reserved() {
        for n in ["CON", "con", "Nul.txt", "COM1", "lpt9.tar.gz", "AUX "] {
            assert!(is_windows_reserved(n), "{n}");
        }
        for n in ["CONSOLE", "COM10", "CPNG-2025-11", "NULL"] {
            assert!(!is_windows_reserved(n), "{n}");
        }
    }

    #[test]
    fn emails() {
        assert!(plausible_email("privacy@example.com"));
        assert!(!plausible_email("privacy.example.com"));
        assert!(!plausible_email("a@b"));
    }
}
