//! Hostile text in every free-text field of an incident must show literally in every report:
//! escaped in the Markdown and the HTML, as text in the PDF, never evaluated as template code,
//! and never turned into markup (no element, attribute, link or block that the template did not
//! write).
//!
//! The corpus is `tests/fixtures/hostile/corpus.json`: HTML, Markdown, Tera and CEL-looking
//! strings, bidirectional and zero-width characters, odd line ends, and control characters,
//! which are refused with their position instead. Each incident is the misdirected-email
//! example with a few more free-text fields filled in; every free-text field gets several corpus
//! strings joined by markers, rotated so that across the incidents every string lands in every
//! field, at the start of a value as well as in the middle and at the end.
//!
//! Each incident is rendered with `disclose render` and compared with a baseline incident whose
//! fields hold harmless text: the Markdown's block and inline structure and the HTML's elements
//! and attributes must be the same, and the text a reader sees must contain every field's value
//! as written (line breaks as spaces, invisible characters as `‹U+202E›`). PDFs are checked with
//! `pdftotext` when it is installed (required when `DISCLOSE_REQUIRE_TOOLS` is set).
//! `HOSTILE_DEBUG=1` prints the PDF text around a field that is not found.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser};
use serde_json::{Value, json};

mod common;
use common::tool;

/// Corpus strings per field value.
const PER_FIELD: usize = 6;

const AS_OF: &str = "2026-12-01T00:00:00+09:00";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Corpus {
    render: Vec<(String, String)>,
    refused: Vec<(String, String, String)>,
}

fn corpus() -> Corpus {
    let text = std::fs::read_to_string(root().join("tests/fixtures/hostile/corpus.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let s = |x: &Value, k: &str| x[k].as_str().unwrap().to_string();
    let render = v["render"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (s(x, "name"), s(x, "text")))
        .collect();
    let mut refused: Vec<(String, String, String)> = v["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (s(x, "name"), s(x, "text"), s(x, "message")))
        .collect();
    for g in v["generated"].as_array().unwrap() {
        let times = g["times"].as_u64().unwrap() as usize;
        refused.push((s(g, "name"), s(g, "repeat").repeat(times), s(g, "message")));
    }
    Corpus { render, refused }
}

/// The misdirected-email example as data, with the optional free-text fields the example leaves
/// out filled in, so that they are exercised too.
fn base() -> Value {
    let text = std::fs::read_to_string(root().join("examples/misdirected-email.yaml")).unwrap();
    let mut v: Value = disclose::yaml::from_str(&text, &disclose::yaml::Limits::DEFAULT).unwrap();
    let t = |s: &str| json!({ "ko": format!("{s} (ko)"), "en": format!("{s} (en)") });
    v["affected"]["data"][0]["label"] = t("customer name");
    v["organization"]["privacy_officer"]["name"] = t("officer");
    v["risk_assessment"]["consequences"] = t("phishing");
    v["actions"][0]["note"] = json!("note");
    v["controls"]["third_party_audit"] = json!({
        "auditor": t("auditor"),
        "standard": "ISMS-P",
        "completed_at": "2026-01-15",
        "findings": [{ "severity": "high", "text": t("finding"), "resolved": false }]
    });
    v
}

/// Paths (as JSON pointers) of the free-text fields: every Korean and English text, telephone
/// numbers, the audit standard and action notes. Vocabulary codes, ids, e-mail addresses and
/// times are checked against their formats and are not free text.
fn free_text(v: &Value) -> Vec<String> {
    fn walk(v: &Value, path: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    walk(x, format!("{path}/{k}"), out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{path}/{i}"), out);
                }
            }
            Value::String(_) => {
                let last = path.rsplit('/').next().unwrap_or("");
                if matches!(last, "ko" | "en" | "phone" | "standard" | "note") {
                    out.push(path);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

/// The language a field's text is shown in: `ko`, `en`, or both (`None`).
fn lang_of(pointer: &str) -> Option<&'static str> {
    match pointer.rsplit('/').next() {
        Some("ko") => Some("ko"),
        Some("en") => Some("en"),
        _ => None,
    }
}

/// Fields that no report of this incident shows: they are still injected, to check that they
/// break nothing. (The justification of the risk assessment is shown in the GDPR notification,
/// which this Korean incident does not call for.)
const NOT_SHOWN: &[&str] = &[
    "/actions/0/note",
    "/risk_assessment/justification/ko",
    "/risk_assessment/justification/en",
];

/// What a reader sees of a value: line breaks and tabs as one space, control and invisible
/// characters as `‹U+202E›`, no spaces at either end.
fn seen(value: &str) -> String {
    let mut flat = String::new();
    let mut last_space = false;
    for c in value.chars() {
        if matches!(c, '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}') {
            if !last_space && !flat.is_empty() {
                flat.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = c == ' ';
        flat.push(c);
    }
    disclose::yaml::visible(flat.trim_matches(' ')).into_owned()
}

/// Whitespace runs as one space.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Block boundaries in extracted text, so that a value split across blocks is not found.
const BLOCK: &str = "\u{b6}";

/// The Markdown's structure (every tag and event kind, without text) and its text.
fn markdown(md: &str) -> (Vec<String>, String) {
    let mut shape = Vec::new();
    let mut text = String::new();
    for e in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => {
                shape.push(format!("{e:?}"));
                text.push(' ');
            }
            Event::Start(tag) => {
                shape.push(format!("start {tag:?}"));
                text.push_str(BLOCK);
            }
            Event::End(tag) => {
                shape.push(format!("end {tag:?}"));
                text.push_str(BLOCK);
            }
            other => shape.push(format!("{other:?}")),
        }
    }
    (shape, squeeze(&text))
}

/// One HTML tag: its name and attribute names.
type Tag = (String, Vec<String>);

/// The HTML's tags (every `<` in a report's HTML starts a real tag: text is escaped) and its
/// text, with entities decoded.
fn html(doc: &str) -> (Vec<Tag>, String) {
    let mut tags = Vec::new();
    let mut text = String::new();
    let mut rest = doc;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push_str(BLOCK);
        let after = &rest[open + 1..];
        // the tag runs to the first `>` outside a quoted attribute value
        let mut quote: Option<char> = None;
        let mut end = after.len();
        for (i, c) in after.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        tags.push(parse_tag(&after[..end]));
        rest = after.get(end + 1..).unwrap_or("");
    }
    text.push_str(rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    (tags, squeeze(&text))
}

fn parse_tag(inner: &str) -> Tag {
    let (close, body) = match inner.strip_prefix('/') {
        Some(b) => ("/", b),
        None => ("", inner),
    };
    let name_len = body
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(body.len());
    let name = format!("{close}{}", &body[..name_len]);
    let mut attrs = Vec::new();
    let mut rest = body[name_len..].trim_start();
    while !rest.is_empty() && !rest.starts_with('/') {
        let key: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '=')
            .collect();
        rest = rest[key.len()..].trim_start();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            rest = match r.chars().next() {
                Some(q @ ('"' | '\'')) => r[1..].find(q).map_or("", |e| &r[e + 2..]),
                _ => r.find(char::is_whitespace).map_or("", |e| &r[e..]),
            }
            .trim_start();
        }
        attrs.push(key.to_ascii_lowercase());
    }
    (name.to_ascii_lowercase(), attrs)
}

/// Renders `incident` (written as JSON, which is YAML) to every format: file name → content
/// (PDFs as their `pdftotext` text, or not at all without the tool).
fn render(incident: &Value, pdftotext: Option<&Path>) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incident.yaml");
    std::fs::write(&file, serde_json::to_string_pretty(incident).unwrap()).unwrap();
    let out_dir = dir.path().join("out");
    let formats = if pdftotext.is_some() {
        "md,html,pdf"
    } else {
        "md,html"
    };
    let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .args(["--color", "never", "render"])
        .arg(&file)
        .args(["--as-of", AS_OF, "--format", formats, "--out"])
        .arg(&out_dir)
        .output()
        .expect("run disclose");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let mut files = BTreeMap::new();
    let id = incident["id"].as_str().unwrap();
    for e in std::fs::read_dir(out_dir.join(id)).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let content = if name.ends_with(".pdf") {
            // `-raw`: in the order the PDF draws the text, without joining a line that ends in
            // `-` to the next as the default mode does.
            let t = Command::new(pdftotext.unwrap())
                .arg("-raw")
                .arg(&p)
                .arg("-")
                .output()
                .unwrap();
            assert!(t.status.success(), "pdftotext {name}");
            without_running_header(&String::from_utf8_lossy(&t.stdout), id)
        } else {
            std::fs::read_to_string(&p).unwrap()
        };
        files.insert(name, content);
    }
    files
}

/// The text of a PDF without each page's running header and footer (the header line, `N / M`,
/// and `<id>/<report> sha256:…`), which `pdftotext -raw` puts first on every page, so that a
/// paragraph running onto the next page reads on.
fn without_running_header(text: &str, id: &str) -> String {
    let page_number = |l: &str| {
        l.split_once(" / ").is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.chars().all(|c| c.is_ascii_digit())
                && b.chars().all(|c| c.is_ascii_digit())
        })
    };
    let mut pages = Vec::new();
    for page in text.split('\u{c}') {
        let lines: Vec<&str> = page.lines().collect();
        let running =
            lines.len() >= 3 && page_number(lines[1]) && lines[2].starts_with(&format!("{id}/"));
        pages.push(if running {
            lines[3..].join("\n")
        } else {
            page.to_string()
        });
    }
    pages.join("\n")
}

/// Sets every free-text field of `base`: field `i` gets `values(i)`.
fn fill(base: &Value, fields: &[String], value: impl Fn(usize) -> String) -> Value {
    let mut v = base.clone();
    for (i, f) in fields.iter().enumerate() {
        *v.pointer_mut(f).unwrap() = Value::String(value(i));
    }
    v
}

#[test]
fn hostile_text_shows_literally_in_every_output() {
    let corpus = corpus();
    let base = base();
    let fields = free_text(&base);
    assert!(fields.len() >= 25, "{fields:?}");
    let pdftotext = tool("pdftotext");
    let pdf = pdftotext.as_deref();

    // The baseline: harmless text, with the same markers.
    let plain = fill(&base, &fields, |i| format!("plain Q{i}A text"));
    let baseline = render(&plain, pdf);
    let shapes: BTreeMap<&String, (Vec<String>, Vec<Tag>)> = baseline
        .iter()
        .map(|(name, content)| {
            let md = if name.ends_with(".md") {
                markdown(content).0
            } else {
                Vec::new()
            };
            let tags = if name.ends_with(".html") {
                html(content).0
            } else {
                Vec::new()
            };
            (name, (md, tags))
        })
        .collect();
    assert!(shapes.len() >= 6, "{:?}", shapes.keys());

    let n = corpus.render.len();
    let rounds = n.div_ceil(PER_FIELD);
    let incidents: Vec<(Value, Vec<String>)> = (0..rounds)
        .map(|r| {
            let values: Vec<String> = (0..fields.len())
                .map(|i| {
                    let mut v = String::new();
                    for s in 0..PER_FIELD {
                        if s > 0 {
                            v.push_str(&format!(" Q{i}{} ", (b'A' + s as u8 - 1) as char));
                        }
                        v.push_str(&corpus.render[(r * PER_FIELD + s + i) % n].1);
                    }
                    v
                })
                .collect();
            let values2 = values.clone();
            (fill(&base, &fields, move |i| values2[i].clone()), values)
        })
        .collect();

    let results: Vec<BTreeMap<String, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = incidents
            .chunks(incidents.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(inc, _)| render(inc, pdf))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });

    let mut failures = Vec::new();
    let mut shown = vec![false; fields.len()];
    // Fields found in each file of each round, to compare a PDF with its Markdown.
    let mut found: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    for (r, (files, (_, values))) in results.iter().zip(&incidents).enumerate() {
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            baseline.keys().collect::<Vec<_>>(),
            "round {r}: the same reports"
        );
        for (name, content) in files {
            let (md_shape, tags) = &shapes[name];
            let lang = if name.contains(".ko.") { "ko" } else { "en" };
            let text = if name.ends_with(".md") {
                let (shape, text) = markdown(content);
                if &shape != md_shape {
                    let at = shape.iter().zip(md_shape).position(|(a, b)| a != b);
                    failures.push(format!(
                        "round {r}, {name}: Markdown structure differs from the baseline at event {at:?}: {:?} vs {:?}",
                        at.and_then(|i| shape.get(i)),
                        at.and_then(|i| md_shape.get(i))
                    ));
                }
                text
            } else if name.ends_with(".html") {
                let (found, text) = html(content);
                if &found != tags {
                    let at = found.iter().zip(tags).position(|(a, b)| a != b);
                    failures.push(format!(
                        "round {r}, {name}: HTML elements differ from the baseline at tag {at:?}: {:?} vs {:?}",
                        at.and_then(|i| found.get(i)),
                        at.and_then(|i| tags.get(i))
                    ));
                }
                for (tag, attrs) in &found {
                    if tag == "script" || attrs.iter().any(|a| a.starts_with("on")) {
                        failures.push(format!("round {r}, {name}: <{tag} {attrs:?}>"));
                    }
                }
                text
            } else {
                content.chars().filter(|c| !c.is_whitespace()).collect()
            };
            for (i, f) in fields.iter().enumerate() {
                if lang_of(f).is_some_and(|l| l != lang) {
                    continue;
                }
                let want = squeeze(&seen(&values[i]));
                let want = if name.ends_with(".pdf") {
                    want.chars().filter(|c| !c.is_whitespace()).collect()
                } else {
                    want
                };
                if text.contains(&want) {
                    shown[i] = true;
                    found.entry((r, name.clone())).or_default().push(i);
                } else if text.contains(&format!("Q{i}A")) && !name.ends_with(".pdf") {
                    failures.push(format!(
                        "round {r}, {name}: field {f} is not shown literally; wanted\n  {want}"
                    ));
                }
            }
        }
    }
    for ((r, name), in_md) in found.iter().filter(|((_, n), _)| n.ends_with(".md")) {
        let pdf_name = name.replace(".md", ".pdf");
        if pdf.is_none() {
            break;
        }
        let in_pdf = found
            .get(&(*r, pdf_name.clone()))
            .cloned()
            .unwrap_or_default();
        for i in in_md.iter().filter(|i| !in_pdf.contains(i)) {
            let text: String = results[*r][&pdf_name]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let want: String = seen(&incidents[*r].1[*i])
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let good = (0..want.len())
                .rev()
                .filter(|n| want.is_char_boundary(*n))
                .find(|n| text.contains(&want[..*n]))
                .unwrap_or(0);
            let at = text.find(&want[..good]).unwrap_or(0) + good;
            if std::env::var_os("HOSTILE_DEBUG").is_some() {
                let raw = &results[*r][&pdf_name];
                let marker = format!("Q{i}A");
                for (n, l) in raw.lines().enumerate() {
                    if l.contains(&marker) {
                        let lines: Vec<&str> = raw.lines().collect();
                        eprintln!("---- {pdf_name} round {r} field {i}:");
                        for x in lines.iter().skip(n.saturating_sub(2)).take(8) {
                            eprintln!("  |{x}|");
                        }
                    }
                }
            }
            failures.push(format!(
                "round {r}, {pdf_name}: field {} is not shown literally, as {name} shows it: after\n  {}\nwanted\n  {}\nfound\n  {}",
                fields[*i],
                &want[..good],
                want[good..].chars().take(60).collect::<String>(),
                text[at..].chars().take(60).collect::<String>()
            ));
        }
    }
    for (i, f) in fields.iter().enumerate() {
        if !shown[i] && !NOT_SHOWN.contains(&f.as_str()) {
            failures.push(format!("field {f} is shown in no report"));
        }
        if shown[i] && NOT_SHOWN.contains(&f.as_str()) {
            failures.push(format!("field {f} is shown: take it off NOT_SHOWN"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invisible_characters_are_warned_about_and_shown() {
    let text = std::fs::read_to_string(root().join("examples/misdirected-email.yaml"))
        .unwrap()
        .replacen(
            "en: Personal data of 12 customers",
            "en: Personal data of 12 \u{202E}customers",
            1,
        );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bidi.yaml"), &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .current_dir(dir.path())
        .args(["--color", "never", "render", "bidi.yaml", "--as-of", AS_OF])
        .args(["--format", "md,html", "--out", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr
            .contains("warning: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) in `title.en`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> bidi.yaml:10:27"), "{stderr}");
    let md =
        std::fs::read_to_string(dir.path().join("out/HBB-2026-003/subject_notice.en.md")).unwrap();
    assert!(md.contains("Personal data of 12 ‹U+202E›customers"), "{md}");
    assert!(!md.contains('\u{202E}'));
    let html = std::fs::read_to_string(dir.path().join("out/HBB-2026-003/subject_notice.en.html"))
        .unwrap();
    assert!(
        html.contains(
            "<title>Notification of a Personal Information Breach — Personal data of 12 ‹U+202E›customers"
        ),
        "{html}"
    );
    assert!(!html.contains('\u{202E}'));
}

#[test]
fn control_characters_are_refused_at_their_position() {
    let example = std::fs::read_to_string(root().join("examples/misdirected-email.yaml")).unwrap();
    let line = "  en: Personal data of 12 customers sent to the wrong e-mail recipient";
    let number = example.lines().position(|l| l == line).unwrap() + 1;
    for (name, text, message) in corpus().refused {
        // As a YAML double-quoted string: C0 characters as escapes (the error is at the value),
        // DEL and C1 characters as they are (the error is at the character).
        let quoted = serde_json::to_string(&format!("Personal {text} data")).unwrap();
        let yaml = example.replacen(line, &format!("  en: {quoted}"), 1);
        let dir = tempfile::tempdir().unwrap();
        let file = format!("{name}.yaml");
        std::fs::write(dir.path().join(&file), &yaml).unwrap();
        let out_dir = dir.path().join("out");
        let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
            .current_dir(dir.path())
            .args([
                "--color", "never", "render", &file, "--as-of", AS_OF, "--out",
            ])
            .arg(&out_dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&message), "{name}: {stderr}");
        let col = if message.contains("longer than") || text.chars().any(|c| c < ' ') {
            7
        } else {
            // `"Personal ` then the text up to the character
            let before = text
                .chars()
                .position(|c| disclose::yaml::char_concern(c).is_some())
                .unwrap();
            7 + 1 + "Personal ".len() + before
        };
        assert!(
            stderr.contains(&format!("--> {file}:{number}:{col}\n")),
            "{name}: wanted {file}:{number}:{col} in {stderr}"
        );
        assert!(!out_dir.exists(), "{name}: wrote reports");
    }
}

#[test]
fn cr_only_line_ends_read_like_lf() {
    let lf = std::fs::read_to_string(root().join("examples/misdirected-email.yaml"))
        .unwrap()
        .replacen(
            "    en: On 14 October 2026",
            "    en: |\n      # not a heading\n      - not a list\n      On 14 October 2026",
            1,
        );
    let cr = lf.replace('\n', "\r");
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
            .current_dir(dir.path())
            .args(["--color", "never", "render", name, "--as-of", AS_OF])
            .args(["--format", "md", "--out", name.trim_end_matches(".yaml")])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(
            dir.path()
                .join(name.trim_end_matches(".yaml"))
                .join("HBB-2026-003/subject_notice.en.md"),
        )
        .unwrap()
        .lines()
        .filter(|l| !l.contains("SHA-256"))
        .collect::<Vec<_>>()
        .join("\n")
    };
    let (a, b) = (run("lf.yaml", &lf), run("cr.yaml", &cr));
    assert_eq!(a, b);
    assert!(
        a.contains("\\# not a heading - not a list On 14 October 2026"),
        "{a}"
    );

    // Errors are placed on the same line and column.
    let bad = |t: &str| t.replacen("category: email", "category: emial", 1);
    let place = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_disclose"))
            .current_dir(dir.path())
            .args(["--color", "never", "validate", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let at = stderr
            .lines()
            .find_map(|l| l.trim_start().strip_prefix(&format!("--> {name}:")))
            .unwrap_or_else(|| panic!("{stderr}"))
            .to_string();
        (at, stderr)
    };
    let (lf_at, _) = place("bad-lf.yaml", &bad(&lf));
    let (cr_at, cr_err) = place("bad-cr.yaml", &bad(&cr));
    assert_eq!(lf_at, cr_at);
    assert!(cr_err.contains("unknown data category `emial`"), "{cr_err}");
    assert!(
        !cr_err.contains('\r'),
        "a carriage return reached the terminal"
    );
}
