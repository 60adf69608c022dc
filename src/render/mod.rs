//! Rendering a report's Markdown into the formats officers file: the Markdown itself and a
//! standalone HTML document, and a PDF laid out from the same Markdown.

pub mod html;
pub mod pdf;

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
