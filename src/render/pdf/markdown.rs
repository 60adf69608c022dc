//! Markdown to a small block tree: the only part of the PDF renderer that knows pulldown-cmark.
//!
//! The tree keeps what a printed report needs (headings, paragraphs, lists, tables, quotes,
//! rules, preformatted code) and nothing else. Raw HTML is dropped, as the HTML renderer does;
//! a link keeps its text and gains its URL in parentheses, an image becomes its alt text and URL.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};

/// How a piece of inline text is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Style {
    /// Bold face.
    pub bold: bool,
    /// Slanted.
    pub italic: bool,
    /// A code span: drawn on a grey background.
    pub code: bool,
    /// Struck through.
    pub strike: bool,
    /// Link text or a URL: drawn in the link colour.
    pub link: bool,
}

/// A piece of inline content.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    /// Text in one style. Whitespace inside it is a break opportunity.
    Text(String, Style),
    /// A hard line break.
    Break,
}

/// Column alignment of a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    /// Left (also for "none").
    #[default]
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A block of the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// `#`..`######` (levels past 4 are drawn as level 4).
    Heading(u8, Vec<Inline>),
    /// A paragraph (also the text of a tight list item).
    Paragraph(Vec<Inline>),
    /// A list: `Some(start)` when numbered; each item is a list of blocks.
    List(Option<u64>, Vec<Vec<Block>>),
    /// A table: alignments, header cells, body rows.
    Table(Table),
    /// A block quote.
    Quote(Vec<Block>),
    /// A thematic break.
    Rule,
    /// A fenced or indented code block, one string per line.
    Code(Vec<String>),
}

/// A table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// One per column.
    pub aligns: Vec<Align>,
    /// The header row (may be empty).
    pub head: Vec<Vec<Inline>>,
    /// Body rows; a row may have fewer or more cells than `aligns`.
    pub rows: Vec<Vec<Vec<Inline>>>,
}

impl Table {
    /// The number of columns: that of the widest row, the header or the alignments.
    pub fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.aligns.len(), self.head.len()])
            .max()
            .unwrap_or(0)
    }
}

enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List(Option<u64>, Vec<Vec<Block>>),
    Item(Vec<Block>),
    Table(Table),
    Row(Vec<Vec<Inline>>, bool),
}

/// What inline content is being collected for.
enum Sink {
    None,
    Heading(u8),
    Paragraph,
    Cell,
    Code,
}

struct Builder {
    stack: Vec<Frame>,
    inlines: Vec<Inline>,
    sink: Sink,
    code: String,
    bold: u32,
    italic: u32,
    strike: u32,
    links: Vec<String>,
    html_depth: u32,
    /// For each open quote, list and item: whether it got a frame (nesting deeper than
    /// [`MAX_DEPTH`] is flattened, so hostile input cannot exhaust the stack).
    opened: Vec<bool>,
}

/// The deepest nesting of quotes and lists that is kept.
const MAX_DEPTH: usize = 24;

/// Parses Markdown (with the same extensions as the HTML renderer) into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut b = Builder {
        stack: vec![Frame::Root(Vec::new())],
        inlines: Vec::new(),
        sink: Sink::None,
        code: String::new(),
        bold: 0,
        italic: 0,
        strike: 0,
        links: Vec::new(),
        html_depth: 0,
        opened: Vec::new(),
    };
    for event in Parser::new_ext(markdown, crate::render::html::options()) {
        b.event(event);
    }
    b.flush_implicit();
    // Close anything left open (pulldown-cmark balances its events, so this is defensive).
    while b.stack.len() > 1 {
        b.pop_frame();
    }
    match b.stack.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

impl Builder {
    fn style(&self) -> Style {
        Style {
            bold: self.bold > 0,
            italic: self.italic > 0,
            code: false,
            strike: self.strike > 0,
            link: !self.links.is_empty(),
        }
    }

    fn push_text(&mut self, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        if matches!(self.sink, Sink::None) {
            // Inline content directly inside a (tight) list item: an implicit paragraph.
            self.sink = Sink::Paragraph;
        }
        if let Some(Inline::Text(last, last_style)) = self.inlines.last_mut()
            && *last_style == style
        {
            last.push_str(text);
            return;
        }
        self.inlines.push(Inline::Text(text.to_string(), style));
    }

    /// Adds a finished block to the innermost block container.
    fn add_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Root(v) | Frame::Quote(v) | Frame::Item(v)) => v.push(block),
            // A block straight inside a list (not expected from pulldown-cmark).
            Some(Frame::List(_, items)) => items.push(vec![block]),
            // Tables hold only inline content.
            Some(Frame::Table(_) | Frame::Row(..)) | None => {}
        }
    }

    /// Ends a paragraph that was opened implicitly by text in a tight list item.
    fn flush_implicit(&mut self) {
        if matches!(self.sink, Sink::Paragraph) {
            let inlines = std::mem::take(&mut self.inlines);
            self.sink = Sink::None;
            if !inlines.is_empty() {
                self.add_block(Block::Paragraph(inlines));
            }
        }
    }

    /// Opens a quote, list or item frame unless nesting is already too deep.
    fn open(&mut self, frame: Frame) {
        let item_in_flattened_list =
            matches!(frame, Frame::Item(_)) && !matches!(self.stack.last(), Some(Frame::List(..)));
        let push =
            self.opened.iter().filter(|o| **o).count() < MAX_DEPTH * 2 && !item_in_flattened_list;
        if push {
            self.stack.push(frame);
        }
        self.opened.push(push);
    }

    fn pop_frame(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Root(blocks) => self.stack.push(Frame::Root(blocks)),
            Frame::Quote(blocks) => self.add_block(Block::Quote(blocks)),
            Frame::List(start, items) => self.add_block(Block::List(start, items)),
            Frame::Item(blocks) => {
                if let Some(Frame::List(_, items)) = self.stack.last_mut() {
                    items.push(blocks);
                } else {
                    for block in blocks {
                        self.add_block(block);
                    }
                }
            }
            Frame::Table(table) => self.add_block(Block::Table(table)),
            Frame::Row(cells, head) => {
                if let Some(Frame::Table(table)) = self.stack.last_mut() {
                    if head {
                        table.head = cells;
                    } else {
                        table.rows.push(cells);
                    }
                }
            }
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if self.html_depth > 0 {
            if let Event::End(TagEnd::HtmlBlock) = event {
                self.html_depth -= 1;
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if matches!(self.sink, Sink::Code) {
                    self.code.push_str(&text);
                } else {
                    let style = self.style();
                    self.push_text(&text, style);
                }
            }
            Event::Code(text) => {
                let style = Style {
                    code: true,
                    ..self.style()
                };
                self.push_text(&text, style);
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                let style = self.style();
                self.push_text(&text, style);
            }
            Event::SoftBreak => {
                let style = self.style();
                self.push_text(" ", style);
            }
            Event::HardBreak => {
                if !matches!(self.sink, Sink::None) {
                    self.inlines.push(Inline::Break);
                }
            }
            Event::Rule => {
                self.flush_implicit();
                self.add_block(Block::Rule);
            }
            Event::FootnoteReference(name) => {
                let style = self.style();
                self.push_text(&format!("[{name}]"), style);
            }
            Event::TaskListMarker(done) => {
                let style = self.style();
                self.push_text(if done { "[x] " } else { "[ ] " }, style);
            }
            Event::Html(_) | Event::InlineHtml(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush_implicit();
                self.inlines.clear();
                self.sink = Sink::Paragraph;
            }
            Tag::Heading { level, .. } => {
                self.flush_implicit();
                self.inlines.clear();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                self.sink = Sink::Heading(level);
            }
            Tag::BlockQuote(_) => {
                self.flush_implicit();
                self.open(Frame::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.flush_implicit();
                self.code.clear();
                self.sink = Sink::Code;
            }
            Tag::HtmlBlock => self.html_depth += 1,
            Tag::List(start) => {
                self.flush_implicit();
                self.open(Frame::List(start, Vec::new()));
            }
            Tag::Item => {
                self.flush_implicit();
                self.open(Frame::Item(Vec::new()));
            }
            Tag::Table(aligns) => {
                self.flush_implicit();
                self.stack.push(Frame::Table(Table {
                    aligns: aligns
                        .iter()
                        .map(|a| match a {
                            Alignment::Center => Align::Center,
                            Alignment::Right => Align::Right,
                            Alignment::Left | Alignment::None => Align::Left,
                        })
                        .collect(),
                    ..Table::default()
                }));
            }
            Tag::TableHead => self.stack.push(Frame::Row(Vec::new(), true)),
            Tag::TableRow => self.stack.push(Frame::Row(Vec::new(), false)),
            Tag::TableCell => {
                self.inlines.clear();
                self.sink = Sink::Cell;
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Image { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                let inlines = std::mem::take(&mut self.inlines);
                self.sink = Sink::None;
                self.add_block(Block::Paragraph(inlines));
            }
            TagEnd::Heading(_) => {
                let inlines = std::mem::take(&mut self.inlines);
                let level = match self.sink {
                    Sink::Heading(l) => l,
                    _ => 4,
                };
                self.sink = Sink::None;
                self.add_block(Block::Heading(level, inlines));
            }
            TagEnd::CodeBlock => {
                let code = std::mem::take(&mut self.code);
                self.sink = Sink::None;
                let lines = code
                    .strip_suffix('\n')
                    .unwrap_or(&code)
                    .split('\n')
                    .map(str::to_string)
                    .collect();
                self.add_block(Block::Code(lines));
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => {
                self.flush_implicit();
                if self.opened.pop().unwrap_or(false) {
                    self.pop_frame();
                }
            }
            TagEnd::Table => {
                self.flush_implicit();
                self.pop_frame();
            }
            TagEnd::TableHead | TagEnd::TableRow => self.pop_frame(),
            TagEnd::TableCell => {
                let inlines = std::mem::take(&mut self.inlines);
                self.sink = Sink::None;
                if let Some(Frame::Row(cells, _)) = self.stack.last_mut() {
                    cells.push(inlines);
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link | TagEnd::Image => {
                if let Some(url) = self.links.pop() {
                    let text_is_url = match self.inlines.last() {
                        Some(Inline::Text(t, _)) => t.ends_with(url.as_str()),
                        _ => false,
                    };
                    if !url.is_empty() && !text_is_url {
                        let style = Style {
                            link: true,
                            ..self.style()
                        };
                        self.push_text(&format!(" ({url})"), style);
                    }
                }
            }
            TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into(), Style::default())
    }

    #[test]
    fn paragraphs_headings_and_styles() {
        let blocks = parse("# Title\n\nsome **bold** and *it*\nnext `code`\n");
        assert_eq!(blocks[0], Block::Heading(1, vec![text("Title")]));
        let Block::Paragraph(p) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(p[0], text("some "));
        assert!(matches!(&p[1], Inline::Text(t, s) if t == "bold" && s.bold));
        assert!(matches!(&p[3], Inline::Text(t, s) if t == "it" && s.italic));
        assert!(matches!(&p[4], Inline::Text(t, _) if t == " next "));
        assert!(matches!(&p[5], Inline::Text(t, s) if t == "code" && s.code));
    }

    #[test]
    fn tight_nested_lists() {
        let blocks = parse("- a\n  - b\n  - c\n- d\n\n3. x\n4. y\n");
        let Block::List(None, items) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0][0], Block::Paragraph(vec![text("a")]));
        assert!(matches!(&items[0][1], Block::List(None, sub) if sub.len() == 2));
        assert!(matches!(&blocks[1], Block::List(Some(3), items) if items.len() == 2));
    }

    #[test]
    fn tables_quotes_rules_links_and_html() {
        let md = "| a | b |\n|---|--:|\n| 1 | 2 |\n\n> quoted\n\n---\n\n[site](https://e.x) <b>x</b>\n\n<div>\ngone\n</div>\n";
        let blocks = parse(md);
        let Block::Table(t) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(t.aligns, vec![Align::Left, Align::Right]);
        assert_eq!(t.head, vec![vec![text("a")], vec![text("b")]]);
        assert_eq!(t.rows, vec![vec![vec![text("1")], vec![text("2")]]]);
        assert!(matches!(&blocks[1], Block::Quote(q) if q.len() == 1));
        assert_eq!(blocks[2], Block::Rule);
        let Block::Paragraph(p) = &blocks[3] else {
            panic!("{blocks:?}")
        };
        let all: String = p
            .iter()
            .map(|i| match i {
                Inline::Text(t, _) => t.as_str(),
                Inline::Break => "\n",
            })
            .collect();
        assert_eq!(all, "site (https://e.x) x");
        assert_eq!(blocks.len(), 4, "the HTML block is dropped: {blocks:?}");
    }
}
