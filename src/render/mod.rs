//! Rendering a report's Markdown into the formats officers file: the Markdown itself and a
//! standalone HTML document (PDF follows the same Markdown).

pub mod html;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    /// The Markdown the templates produce.
    Markdown,
    /// A standalone HTML5 document with print CSS.
    Html,
}

impl OutputFormat {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            OutputFormat::Markdown => "md",
            OutputFormat::Html => "html",
        }
    }

    /// Parses `md` or `html`.
    pub fn parse(s: &str) -> Option<OutputFormat> {
        match s.trim() {
            "md" | "markdown" => Some(OutputFormat::Markdown),
            "html" => Some(OutputFormat::Html),
            _ => None,
        }
    }
}
