//! Rendering a report's Markdown into the formats officers file: the Markdown itself and a
//! standalone HTML document, and a PDF laid out from the same Markdown.

pub mod html;
pub mod pdf;

/// Escapes text for XML content and attribute values (XMP, JUnit), folding tabs and line
/// breaks to spaces and dropping characters XML 1.0 does not allow.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    /// The Markdown the templates produce.
    Markdown,
    /// A standalone HTML5 document with print CSS.
    Html,
    /// A PDF (intended PDF/A-2b) with the Korean font embedded and subset.
    Pdf,
}

impl OutputFormat {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            OutputFormat::Markdown => "md",
            OutputFormat::Html => "html",
            OutputFormat::Pdf => "pdf",
        }
    }

    /// Parses `md` or `html`.
    pub fn parse(s: &str) -> Option<OutputFormat> {
        match s.trim() {
            "md" | "markdown" => Some(OutputFormat::Markdown),
            "html" => Some(OutputFormat::Html),
            "pdf" => Some(OutputFormat::Pdf),
            _ => None,
        }
    }
}
