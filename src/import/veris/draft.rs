//! Writing one VERIS record as a draft incident file: the header with the source and the
//! licence, the identity, organisation, timeline, cause, affected data and actions, each guess
//! written twice (a comment beside the field and an entry of `draft_assumptions`). Reading the
//! records is the parent module's ([`super`]); this is what it writes from them.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use super::*;

fn text_flow(ko: &str, en: &str) -> String {
    format!("{{ ko: {}, en: {} }}", quote(ko), quote(en))
}

pub(super) struct Draft<'a> {
    rec: &'a Record,
    /// `VCDB` or `VERIS`, as the texts name the source.
    src: &'static str,
    zone: Tz,
    y: Yaml,
    assumptions: Vec<DraftAssumption>,
}

impl Draft<'_> {
    /// Records an assumption about `field` and returns the comment to put next to it.
    fn assume(&mut self, field: &str, text: impl Into<String>) -> String {
        let text = text.into();
        let note = format!("ASSUMPTION: {text}");
        self.assumptions.push(DraftAssumption {
            field: field.into(),
            assumption: text,
        });
        note
    }

    /// The whole file for one record.
    pub(super) fn build(
        rec: &Record,
        id: String,
        source_name: &str,
        place: Place,
    ) -> Result<Imported, ImportError> {
        // VERIS requires timeline.incident.year; without it the notification date stands in.
        let notification = rec.notification.as_ref().and_then(complete_date);
        let (incident, from_notification) = match complete_date(&rec.incident) {
            Some(g) => (g, false),
            None => match &notification {
                Some(n) => (n.clone(), true),
                None => {
                    return Err(ImportError::Record {
                        source_name: source_name.into(),
                        place,
                        record: rec.id.clone().unwrap_or_default(),
                        message: "it has neither an incident year (timeline.incident.year) \
                                  nor a notification date"
                            .into(),
                    });
                }
            },
        };
        let res = residence(&rec.countries, rec.state.as_deref());
        let (zone, zone_basis) = guess_zone(&res);
        let mut d = Draft {
            rec,
            src: rec.source_label(),
            zone,
            y: Yaml::new(),
            assumptions: Vec::new(),
        };
        d.header(source_name, place);
        let (org_ko, org_en) = d.names(&id);
        d.identity(&id, &org_ko, &org_en, &zone_basis);
        d.organization(&org_ko, &org_en, &res);
        let notice = d.timeline(&incident, notification.as_ref(), from_notification);
        d.cause();
        d.affected(&res);
        d.actions(notice);
        d.assumption_list();
        Ok(Imported {
            file_name: format!("{id}.yaml"),
            id,
            yaml: d.y.finish(),
            assumptions: d.assumptions,
            origin: format!("{source_name}, {place}"),
        })
    }

    /// The organisation's name in Korean and English, or placeholders.
    fn names(&self, id: &str) -> (String, String) {
        let src = self.src;
        let rec_id = self.rec.id.as_deref().unwrap_or(id);
        match &self.rec.victim_name {
            Some(n) => (n.clone(), n.clone()),
            None => (
                format!("알 수 없는 조직({src} {rec_id})"),
                format!("Unknown organisation ({src} {rec_id})"),
            ),
        }
    }

    fn header(&mut self, source_name: &str, place: Place) {
        let rec = self.rec;
        let y = &mut self.y;
        y.comment(
            0,
            &format!(
                "Draft incident written by `disclose import veris` (disclose {}) \
                 from {source_name}, {place}.",
                crate::VERSION
            ),
        );
        y.comment(0, "");
        let id = rec.id.as_deref().unwrap_or("(none)");
        if rec.vcdb {
            y.comment(
                0,
                &format!("Source: VERIS Community Database (VCDB), incident {id}"),
            );
            if let Some(m) = &rec.master_id {
                y.comment(0, &format!("  master id {m}"));
            }
            if let Some(f) = &rec.vcdb_file {
                y.comment(0, &format!("  file {f}"));
            }
            let repo = rec.repo.as_deref().unwrap_or("vz-risk/VCDB");
            match &rec.commit {
                Some(c) => y.comment(0, &format!("  repository {repo}, commit {c}")),
                None => y.comment(0, &format!("  repository {repo}")),
            }
            if let Some(v) = &rec.obtained_via {
                y.comment(0, &format!("  obtained via {v}"));
            }
            if let Some(v) = &rec.schema_version {
                y.comment(0, &format!("  VERIS schema {v}"));
            }
            y.comment(
                0,
                "Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).",
            );
            y.comment(0, &format!("Attribution: \"{VCDB_ATTRIBUTION}\"."));
            y.comment(
                0,
                "This file is derived from that record and is shared under the same licence.",
            );
        } else {
            y.comment(0, &format!("Source: VERIS record {id}"));
            if let Some(v) = &rec.schema_version {
                y.comment(0, &format!("  VERIS schema {v}"));
            }
            y.comment(
                0,
                "The source's licence applies to this file: check it before sharing the file.",
            );
        }
        if !rec.references.is_empty() {
            y.comment(0, "References the source gives:");
            for r in rec.references.iter().take(5) {
                let r: String = r.chars().take(200).collect();
                y.comment(0, &format!("  {r}"));
            }
            if rec.references.len() > 5 {
                y.comment(0, &format!("  ... and {} more", rec.references.len() - 5));
            }
        }
        y.comment(0, "");
        y.comment(
            0,
            "This is a draft. Every value the source does not give was guessed: each guess is \
             marked\nASSUMPTION next to its field and listed in `draft_assumptions` at the end. \
             Confirm or\ncorrect each one and remove its entry; remove `draft: true` once the \
             facts are confirmed.",
        );
    }

    fn identity(&mut self, id: &str, org_ko: &str, org_en: &str, zone_basis: &str) {
        let src = self.src;
        let zone = self.zone.name();
        self.y.field(0, "format", INCIDENT_FORMAT, None);
        self.y.field(0, "id", id, None);
        self.y.field(0, "title", "", None);
        let ko = format!("{org_ko} 개인정보 유출 사고({src} 가져오기 초안)");
        let en = format!("{org_en} data breach (draft imported from {src})");
        self.y.field(2, "ko", &quote(&ko), None);
        self.y.field(2, "en", &quote(&en), None);
        let note = self.assume(
            "timezone",
            format!("{src} gives no time zone; {zone} is assumed from {zone_basis}."),
        );
        self.y.field(0, "timezone", zone, Some(&note));
        let note = "imported: every fact below needs confirming";
        self.y.field(0, "draft", "true", Some(note));
        self.y.blank();
    }

    /// A full-line assumption comment before the block of `field`, if control characters in
    /// the source's text for it were replaced.
    fn control_note(&mut self, field: &str) {
        let Some(&(f, n, first)) = self.rec.controls.iter().find(|(f, _, _)| *f == field) else {
            return;
        };
        let note = self.assume(
            f,
            format!(
                "The source's text for this contained {n} control character{} (the first is \
                 U+{:04X}), which an incident file may not hold; each was replaced by a space.",
                if n == 1 { "" } else { "s" },
                first as u32
            ),
        );
        self.y.comment(0, &note);
    }

    fn organization(&mut self, org_ko: &str, org_en: &str, res: &Residence) {
        let src = self.src;
        self.control_note("organization.name");
        self.y.field(0, "organization", "", None);
        self.y.field(2, "name", "", None);
        let note = match &self.rec.victim_name {
            Some(_) => self.assume(
                "organization.name.ko",
                format!(
                    "{src} gives only the victim's name as recorded (`victim_id`); it is \
                     repeated as the Korean name."
                ),
            ),
            None => self.assume(
                "organization.name",
                format!("{src} does not name the victim; a placeholder name is used."),
            ),
        };
        self.y.field(4, "ko", &quote(org_ko), Some(&note));
        self.y.field(4, "en", &quote(org_en), None);
        if !res.countries.is_empty() {
            let note = self.assume(
                "organization.established_in",
                format!(
                    "VERIS `victim.country` ({}) is taken as where the organisation is \
                     established; establishments elsewhere (e.g. in the EU) are unknown.",
                    res.countries.join(", ")
                ),
            );
            let list: Vec<String> = res.countries.iter().map(|c| quote(c)).collect();
            let list = format!("[{}]", list.join(", "));
            self.y.field(2, "established_in", &list, Some(&note));
        }
        let note = self.assume(
            "organization.privacy_officer",
            format!(
                "{src} does not name the privacy officer; the title is generic and the e-mail \
                 address is a placeholder that cannot receive mail ({PLACEHOLDER_EMAIL})."
            ),
        );
        self.y.field(2, "privacy_officer", "", Some(&note));
        let title = text_flow("개인정보 보호책임자", "Chief Privacy Officer");
        self.y.field(4, "title", &title, None);
        self.y.field(4, "email", &quote(PLACEHOLDER_EMAIL), None);
        let note = self.assume(
            "organization.contact_point",
            format!(
                "{src} does not give a contact point for affected people; the department name \
                 is generic and the e-mail address is a placeholder ({PLACEHOLDER_EMAIL})."
            ),
        );
        self.y.field(2, "contact_point", "", Some(&note));
        let department = text_flow("개인정보 유출 문의 창구", "Data breach contact point");
        self.y.field(4, "department", &department, None);
        self.y.field(4, "email", &quote(PLACEHOLDER_EMAIL), None);
        self.y.blank();
    }

    /// Writes `timeline`; returns the notification's time and what was assumed about its date,
    /// if it can be recorded as an action, or why not.
    fn timeline(
        &mut self,
        incident: &DateGuess,
        notification: Option<&DateGuess>,
        from_notification: bool,
    ) -> Result<(DateTime<FixedOffset>, String), Option<String>> {
        let (src, zone) = (self.src, self.zone);
        let (occurred, shifted) = start_of_day(incident.date, zone);
        let mut text = incident.assumption("incident", src, zone.name(), shifted);
        if from_notification {
            text = format!(
                "{src} gives no incident date; the notification date stands in for it. {text}"
            );
        }
        let occurred_note = self.assume("timeline.occurred_from", text);

        // The notification, if it can be placed on or after the incident.
        let notice = match notification {
            _ if from_notification => Err(Some(format!(
                "{src}'s notification date is used as the incident date, so it is not recorded \
                 again as an action."
            ))),
            None => Err(None),
            Some(n) if n.latest < incident.date => Err(Some(format!(
                "{src} gives a notification date ({}) before the incident date ({}); no \
                 notification is recorded. Check both dates.",
                n.given, incident.given
            ))),
            // A partial notification date whose period includes the incident: the incident's
            // start is the earliest moment consistent with both.
            Some(n) if n.date < incident.date => Ok((
                occurred,
                format!(
                    "{src} gives the notification date only as {}, which would fall before the \
                     incident; the incident's own start ({}) is used.",
                    n.given,
                    stamp(&occurred)
                ),
            )),
            Some(n) => {
                let (t, sh) = start_of_day(n.date, zone);
                Ok((t, n.assumption("notification", src, zone.name(), sh)))
            }
        };

        let (mut discovered, mut text) = self.discovery(occurred);
        if let Ok((at, _)) = &notice
            && discovered > *at
        {
            discovered = *at;
            text.push_str(
                " That would fall after the notification, so the notification time is used \
                 instead.",
            );
        }
        let discovered_note = self.assume("timeline.discovered_at", text);
        self.y.field(0, "timeline", "", None);
        self.y
            .field(2, "occurred_from", &stamp(&occurred), Some(&occurred_note));
        self.y.field(
            2,
            "discovered_at",
            &stamp(&discovered),
            Some(&discovered_note),
        );
        self.y.blank();
        notice
    }

    /// The discovery time from VERIS `timeline.discovery`, and what was assumed.
    fn discovery(&self, occurred: DateTime<FixedOffset>) -> (DateTime<FixedOffset>, String) {
        let src = self.src;
        let Some((unit, value)) = self.rec.discovery.as_ref() else {
            let text = format!("{src} gives no discovery time; the incident's start is used.");
            return (occurred, text);
        };
        let Some(dl) = delay(unit, *value) else {
            let said = match value {
                Some(v) => format!("{} {unit}", fmt_value(*v)),
                None => format!("unit `{unit}`, no number"),
            };
            let text = format!(
                "VERIS `timeline.discovery` gives no usable delay ({said}); the incident's start \
                 is used."
            );
            return (occurred, text);
        };
        let amount = match value {
            Some(v) => format!("{} {}", fmt_value(*v), unit.to_lowercase()),
            None => unit.to_lowercase(),
        };
        match after(occurred, dl, self.zone) {
            Some(t) => {
                let approx = matches!(dl, Delay::Seconds(_))
                    && matches!(unit.to_ascii_lowercase().as_str(), "months" | "years");
                let text = format!(
                    "VERIS `timeline.discovery` says the breach was discovered {amount} after the \
                     incident; that is counted from the assumed incident start{}.",
                    if approx {
                        " (fractional months as 30.44 days, years as 365.25)"
                    } else {
                        ""
                    }
                );
                (t, text)
            }
            None => {
                let text = format!(
                    "VERIS gives a discovery delay ({amount}) that cannot be added to the \
                     incident date; the incident's start is used."
                );
                (occurred, text)
            }
        }
    }

    fn cause(&mut self) {
        let (rec, src) = (self.rec, self.src);
        let cause = map_cause(&rec.actions);
        let kind_note = match &cause.from {
            Some(t) => {
                let mut s = format!("VERIS action `{t}` is read as `{}`", cause.kind);
                let others: Vec<&str> = rec
                    .actions
                    .iter()
                    .map(|(a, _)| a.as_str())
                    .filter(|a| a != t)
                    .collect();
                if !others.is_empty() {
                    s.push_str(&format!(
                        "; the record also lists {} (chosen in the order hacking, malware, \
                         social, misuse, physical, error, environmental)",
                        others.join(", ")
                    ));
                }
                s.push('.');
                s
            }
            None => format!("{src} does not say what caused the breach; `other` is used."),
        };
        let kind_note = self.assume("cause.kind", kind_note);
        let external = match &cause.from {
            Some(t) if cause.external => format!(
                "VERIS gives the action (`{t}`), not the access path; access from outside the \
                 organisation's systems is assumed."
            ),
            Some(t) => format!(
                "VERIS gives the action (`{t}`), not the access path; no access from outside \
                 the organisation's systems is assumed."
            ),
            None => "The cause is unknown; no access from outside the organisation's systems \
                     is assumed."
                .into(),
        };
        let external_note = self.assume("cause.external", external);

        let summary = rec
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let (ko, en) = if cause.from.is_none() {
            (
                "VERIS 기록에는 원인이 밝혀져 있지 않습니다.".to_string(),
                "The VERIS record does not say what caused the breach.".to_string(),
            )
        } else {
            (
                format!(
                    "VERIS 기록에 따른 원인은 {}입니다.",
                    action_list(&rec.actions, true)
                ),
                format!(
                    "According to the VERIS record, the actions were: {}.",
                    action_list(&rec.actions, false)
                ),
            )
        };
        let (ko, en, ko_note) = match summary {
            Some(s) => (
                format!("{ko} 사고 경위 요약은 영어 원문만 제공됩니다."),
                format!("{en}\n\nSummary from the source ({src}): {s}"),
                self.assume(
                    "cause.description.ko",
                    format!(
                        "{src}'s summary is in English only; the Korean text gives what VERIS \
                         records about the cause and says that the summary is in English only."
                    ),
                ),
            ),
            None => (
                format!("{ko} 기록에 사고 경위 요약이 없습니다."),
                format!("{en} The record has no summary."),
                self.assume(
                    "cause.description",
                    format!(
                        "{src} has no summary; the description gives only what VERIS records \
                         about the cause."
                    ),
                ),
            ),
        };
        self.control_note("cause.description");
        self.y.field(0, "cause", "", None);
        self.y.field(2, "kind", cause.kind, Some(&kind_note));
        let external = if cause.external { "true" } else { "false" };
        self.y.field(2, "external", external, Some(&external_note));
        self.y.field(2, "description", "", None);
        self.y.field(4, "ko", &quote(&ko), Some(&ko_note));
        self.y.field(4, "en", &quote(&en), None);
        self.y.blank();
    }

    fn affected(&mut self, res: &Residence) {
        let (rec, src) = (self.rec, self.src);
        let max_amount = rec.data.iter().filter_map(|(_, a)| *a).max();
        let (subjects, subjects_note) = match (rec.data_total, max_amount) {
            (Some(n), _) if n > WORLD_POPULATION => (
                n,
                "VERIS `data_total`, a count of records; more than there are people on Earth, \
                 kept as the source gives it"
                    .to_string(),
            ),
            (Some(n), _) => (n, "VERIS `data_total`, a count of records".to_string()),
            (None, Some(m)) if m > 0 => {
                let note = self.assume(
                    "affected.subjects",
                    format!(
                        "VERIS gives no `data_total`; the largest per-variety count ({m}) is used."
                    ),
                );
                (m, note)
            }
            (None, _) => {
                let note = self.assume(
                    "affected.subjects",
                    "VERIS gives no count of records (`data_total` unknown); 1 is assumed, the \
                     least that makes this a breach. Replace it with the real count.",
                );
                (1, note)
            }
        };
        let disclosure = rec.disclosure.as_deref().unwrap_or("Unknown");
        let security = rec.security_incident.as_deref().unwrap_or("Confirmed");
        let unconfirmed =
            !disclosure.eq_ignore_ascii_case("yes") || !security.eq_ignore_ascii_case("confirmed");
        let affected_note = unconfirmed.then(|| {
            self.assume(
                "affected",
                format!(
                    "VERIS says data disclosure `{disclosure}` (security incident `{security}`): \
                     the disclosure is not confirmed, but the draft treats the data as affected."
                ),
            )
        });
        for f in ["affected", "affected.by_jurisdiction", "affected.data"] {
            self.control_note(f);
        }
        self.y.field(0, "affected", "", affected_note.as_deref());
        self.y
            .field(2, "subjects", &subjects.to_string(), Some(&subjects_note));
        let note = "VERIS counts records, not people";
        self.y.field(2, "counted_as", "records", Some(note));

        let mut text = match &res.code {
            Some(code) => format!(
                "VERIS says where the victim organisation is, not where the affected people \
                 live; all are assumed to live in {code}."
            ),
            None => format!(
                "{src} does not give the victim's country, so no jurisdiction is listed and no \
                 law's obligations are found until one is added."
            ),
        };
        for n in &res.notes {
            text.push_str(&format!(" Note: {n}."));
        }
        let country = res
            .countries
            .first()
            .map(String::as_str)
            .unwrap_or_default();
        let others: Vec<&str> = rec
            .subject_countries
            .iter()
            .map(String::as_str)
            .filter(|c| *c != country)
            .collect();
        if !others.is_empty() {
            text.push_str(&format!(
                " The source also names {} as where data subjects live; how many live there is \
                 unknown.",
                others.join(", ")
            ));
        }
        let note = self.assume("affected.by_jurisdiction", text);
        match &res.code {
            Some(code) => {
                self.y.field(2, "by_jurisdiction", "", Some(&note));
                self.y.field(4, &quote(code), &subjects.to_string(), None);
            }
            None => self.y.field(2, "by_jurisdiction", "{}", Some(&note)),
        }

        self.y.field(2, "data", "", None);
        if rec.data.is_empty() {
            let note = self.assume(
                "affected.data[0]",
                "VERIS lists no data variety; one item of unknown type is listed because the \
                 format needs at least one.",
            );
            self.y.item(4, "category", "other", Some(&note));
            let label = text_flow(
                "유형을 알 수 없는 데이터(VERIS 기록 없음)",
                "Data of unknown type (none recorded in VERIS)",
            );
            self.y.field(6, "label", &label, None);
        }
        for (variety, amount) in &rec.data {
            let m = map_variety(variety);
            let mut note = format!("VERIS data variety `{}`", variety.trim());
            if m.category == vocab::OTHER_CATEGORY {
                note.push_str(": no matching category");
            }
            self.y.item(4, "category", m.category, Some(&note));
            self.y.field(6, "label", &text_flow(&m.ko, &m.en), None);
            if let Some(a) = amount {
                let note = match rec.data_total {
                    Some(t) if *a > t => {
                        Some("more than `data_total`: the source's figures disagree")
                    }
                    _ => None,
                };
                self.y.field(6, "records", &a.to_string(), note);
            }
        }
        let states = if rec.data_states.is_empty() {
            String::new()
        } else {
            format!(" (VERIS data state: {})", rec.data_states.join(", "))
        };
        let note = self.assume(
            "affected.encrypted",
            format!(
                "VERIS does not say whether the data was unintelligible to whoever obtained \
                 it{states}; not encrypted is assumed."
            ),
        );
        self.y.field(2, "encrypted", "false", Some(&note));
        self.y.blank();
    }

    fn actions(&mut self, notice: Result<(DateTime<FixedOffset>, String), Option<String>>) {
        let src = self.src;
        match notice {
            Ok((t, date_text)) => {
                let note = self.assume(
                    "actions[0]",
                    format!(
                        "{src} records a notification date but not who was notified or how; it \
                         is recorded as a public notice (the breach became public then). Change \
                         the kind and add the recipient if it was a notice to people or a report \
                         to a regulator. {date_text}"
                    ),
                );
                self.y.field(0, "actions", "", None);
                self.y.item(2, "kind", "public_notice", Some(&note));
                self.y.field(4, "at", &stamp(&t), None);
                let text = format!(
                    "Notification date recorded by {src} (plus.timeline.notification); \
                     recipient and channel unknown."
                );
                self.y.field(4, "note", &quote(&text), None);
            }
            Err(why) => {
                let note = match why {
                    Some(t) => self.assume("actions", t),
                    None => "the source records no notification".into(),
                };
                self.y.field(0, "actions", "[]", Some(&note));
            }
        }
        self.y.blank();
    }

    fn assumption_list(&mut self) {
        self.y.comment(
            0,
            "What this draft assumed rather than knew: confirm or correct each fact, then remove \
             its entry.",
        );
        self.y.field(0, "draft_assumptions", "", None);
        for a in &self.assumptions {
            self.y.item(2, "field", &quote(&a.field), None);
            self.y.field(4, "assumption", &quote(&a.assumption), None);
        }
    }
}
