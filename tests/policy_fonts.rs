//! Every text a built-in policy or holiday calendar gives reports (its `ko` and `en` strings,
//! outside its sources and tests) can be set in the bundled font: a PDF stops at a character the
//! font has no glyph for, so a law whose title carries `ã`, `ş`, `Đ` or a Chinese character the
//! font lacks would make every report of an incident it touches fail. Official names in other
//! scripts stay in the comments and the sources; the reports use the English or Korean name.

use std::path::Path;

fn font(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/fonts")
            .join(name),
    )
    .unwrap()
}

/// The `ko`/`en` strings of `v`, with their paths, leaving out `sources` and `tests`.
fn texts(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "sources" || k == "tests" {
                    continue;
                }
                let p = format!("{path}.{k}");
                match (k.as_str(), x) {
                    ("ko" | "en", serde_json::Value::String(s)) => out.push((p, s.clone())),
                    _ => texts(x, &p, out),
                }
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                texts(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn built_in_policy_texts_are_covered_by_the_bundled_font() {
    let regular = font("NanumGothic.ttf");
    let bold = font("NanumGothicBold.ttf");
    let faces = [
        ttf_parser::Face::parse(&regular, 0).unwrap(),
        ttf_parser::Face::parse(&bold, 0).unwrap(),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut missing = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(p).unwrap();
        let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        let mut found = Vec::new();
        texts(&v, "", &mut found);
        for (path, s) in found {
            for ch in s.chars() {
                if ch.is_control() {
                    continue;
                }
                if faces
                    .iter()
                    .any(|f| f.glyph_index(ch).is_none_or(|g| g.0 == 0))
                {
                    missing.push(format!(
                        "{}{path}: U+{:04X} ({ch}) in {s:?}",
                        p.strip_prefix(&root).unwrap().display(),
                        ch as u32
                    ));
                }
            }
        }
    }
    assert!(files > 100, "{files} policy files");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
