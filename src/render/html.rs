//! Markdown to a standalone HTML5 document.
//!
//! The document carries its language, title and metadata, embeds its print CSS (A4 pages, a
//! Korean font stack of locally installed fonts) and makes no external request: no CDN, no web
//! font, no script. Raw HTML in the Markdown is dropped entirely (templates never write any, and
//! user text is escaped before it reaches the Markdown), and a link or image whose address could
//! run code (`javascript:`, `data:`, ...) keeps only its text, so nothing in a report can run.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// Document metadata.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// BCP 47 language tag, e.g. `ko-KR`.
    pub lang: String,
    /// The document title.
    pub title: String,
    /// The author (the organisation).
    pub author: String,
    /// A one-line description.
    pub description: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The evaluation time, RFC 3339.
    pub date: String,
    /// The generator, e.g. `disclose 0.1.0`.
    pub generator: String,
    /// A draft watermark text, when the document is a draft.
    pub draft: Option<String>,
}

/// The embedded stylesheet.
pub const CSS: &str = include_str!("report.css");

use super::xml_escape as escape;

/// The Markdown extensions reports use.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Whether a link or image address is safe to keep: relative, a fragment, or one of the schemes
/// a filing may cite (`http`, `https`, `mailto`, `tel`). Browsers ignore tabs, line breaks and
/// leading spaces in a scheme, so they are ignored here too.
pub fn safe_url(url: &str) -> bool {
    let squeezed: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(32)
        .collect();
    match squeezed.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto" | "tel"
        ),
        _ => true,
    }
}

/// Markdown body to HTML, dropping raw HTML and unsafe links and images (their text stays).
pub fn body(markdown: &str) -> String {
    // Whether each open link or image was dropped, innermost last.
    let mut open: Vec<bool> = Vec::new();
    let parser = Parser::new_ext(markdown, options()).filter_map(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) => None,
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
            let drop = !safe_url(dest_url);
            open.push(drop);
            (!drop).then_some(e)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => {
            let dropped = open.pop().unwrap_or(false);
            (!dropped).then_some(e)
        }
        e => Some(e),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// A complete HTML document.
pub fn document(markdown: &str, meta: &Meta) -> String {
    let mut head = String::new();
    head.push_str("<meta charset=\"utf-8\">\n");
    head.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    head.push_str(&format!("<title>{}</title>\n", escape(&meta.title)));
    for (name, value) in [
        ("author", meta.author.as_str()),
        ("description", meta.description.as_str()),
        ("generator", meta.generator.as_str()),
        ("dcterms.created", meta.date.as_str()),
        ("keywords", &meta.keywords.join(", ")),
    ] {
        if !value.is_empty() {
            head.push_str(&format!(
                "<meta name=\"{name}\" content=\"{}\">\n",
                escape(value)
            ));
        }
    }
    // No external resources: forbid them outright for any viewer that honours CSP.
    head.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    head.push_str(&format!("<style>\n{CSS}</style>\n"));
    let watermark = meta
        .draft
        .as_ref()
        .map(|d| {
            format!(
                "<div class=\"draft-mark\" aria-hidden=\"true\">{}</div>\n",
                escape(d)
            )
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n{head}</head>\n<body{}>\n{watermark}<main>\n{}</main>\n</body>\n</html>\n",
        escape(&meta.lang),
        if meta.draft.is_some() {
            " class=\"draft\""
        } else {
            ""
        },
        body(markdown)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_dropped() {
        let h = body("a <script>alert(1)</script> b\n\n<div>x</div>\n");
        assert!(!h.contains("<script") && !h.contains("<div"), "{h}");
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        let h = body(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c]( data:text/html,x) ![d](vbscript:x) [e](https://example.com/p) [f](#top) [g](java\tscript:x)\n",
        );
        assert_eq!(h.matches("href=").count(), 2, "{h}");
        assert!(!h.contains("data:") && !h.contains("<img"), "{h}");
        assert!(h.contains("<a href=\"https://example.com/p\">e</a>"), "{h}");
        assert!(h.contains("<a href=\"#top\">f</a>"), "{h}");
        for t in ["a", "b", "c", "d", "g"] {
            assert!(h.contains(t), "{h}");
        }
        assert!(safe_url("mailto:x@example.com") && safe_url("docs/a.html"));
        assert!(!safe_url(" javascript:x") && !safe_url("file:///etc/passwd"));
    }

    #[test]
    fn documents_are_standalone() {
        let d = document(
            "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            &Meta {
                lang: "ko-KR".into(),
                title: "제목 <x>".into(),
                ..Meta::default()
            },
        );
        assert!(d.starts_with("<!DOCTYPE html>\n<html lang=\"ko-KR\">"));
        assert!(d.contains("<title>제목 &lt;x&gt;</title>"));
        assert!(d.contains("<table>"));
        assert!(!d.contains("http://") && !d.contains("https://") && !d.contains("@import"));
    }
}
