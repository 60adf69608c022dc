//! The one place where YAML is parsed.
//!
//! Every YAML document disclose reads (incident files, policy files, calendars) goes through this
//! module, so the limits below apply everywhere. It uses serde-saphyr (a pure-Rust parser with
//! budgets) for typed deserialization, and its parser's event stream for a [`SourceMap`] that maps
//! a field path such as `affected.data[2].category` back to a line and column, which semantic
//! validation needs to point at the offending value.
//!
//! Limits are checked before anything is allocated in proportion to the input: the byte size
//! first, then nesting depth, node count and alias use while the event stream is read. An input
//! that breaks a limit is rejected with a [`YamlError`] naming the limit, never by exhausting
//! memory, time or stack.

use std::collections::HashMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde_saphyr::granit_parser::{self, Event, Parser, StrInput};

mod flow;
mod messages;
pub mod structure;

pub use flow::flow;

/// Resource limits for one YAML document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes (scalars, mappings, sequences) in one document.
    pub max_nodes: usize,
    /// Most alias (`*name`) uses in one document.
    pub max_aliases: usize,
    /// Most events that alias expansion may replay in total (billion-laughs guard). Twice
    /// `max_nodes` (a collection is two events), so that the expanded node count that
    /// [`source_map`] checks, at the alias, is always the limit reached first.
    pub max_alias_replay: usize,
    /// Longest accepted scalar, in bytes.
    pub max_scalar_bytes: usize,
}

impl Limits {
    /// Limits for incident and policy files: generous for any real incident (the Coupang example
    /// uses 1.5 % of them) and small enough that a hostile file is refused in milliseconds.
    pub const DEFAULT: Limits = Limits {
        max_bytes: 2 * 1024 * 1024,
        max_depth: 32,
        max_nodes: 200_000,
        max_aliases: 1_000,
        max_alias_replay: 400_000,
        max_scalar_bytes: 256 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// A 1-based line and column (in characters) in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, starting at 1.
    pub line: u32,
    /// Column in characters, starting at 1.
    pub col: u32,
}

impl Pos {
    /// The start of a file.
    pub const START: Pos = Pos { line: 1, col: 1 };

    fn from_marker(m: &granit_parser::Marker) -> Pos {
        Pos {
            line: m.line().max(1) as u32,
            col: m.col() as u32 + 1,
        }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// What went wrong while reading YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The input is larger than [`Limits::max_bytes`].
    TooLarge,
    /// A resource limit other than size was reached.
    Limit,
    /// The text is not well-formed YAML.
    Syntax,
    /// The YAML is well-formed but does not have the expected shape or types.
    Shape,
}

/// An error reading a YAML document, with its position when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// What kind of problem this is.
    pub kind: YamlErrorKind,
    /// One-line description, without position.
    pub message: String,
    /// Where it is, when known.
    pub pos: Option<Pos>,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{} at {p}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for YamlError {}

/// A scalar or collection seen in the event stream, with where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Pos,
    /// Where its mapping key starts, when the value is a mapping entry.
    pub key_pos: Option<Pos>,
    /// The scalar text, when the value is a scalar.
    pub scalar: Option<String>,
    /// How the value is written: for a scalar, or an alias of an anchored scalar, that
    /// scalar's text as YAML gives it and whether it is plain (not quoted, not a block scalar,
    /// no tag). Whole numbers are checked against it ([`check_whole_numbers`]).
    pub written: Option<(String, bool)>,
}

/// Maps field paths (`timeline.discovered_at`, `affected.data[2].category`) to source positions.
///
/// Paths use `.` between mapping keys and `[i]` for sequence items, the same spelling that
/// validation messages use.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    nodes: HashMap<String, Node>,
    /// Where the first control or invisible character (see [`char_concern`]) of a scalar is,
    /// when it is written literally in the source rather than as an escape such as `"\0"`.
    marks: HashMap<String, Pos>,
}

impl SourceMap {
    /// The node at exactly this path.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Position of the value at `path`, or of its nearest ancestor that exists in the source
    /// (a missing field is reported at the mapping that should hold it).
    pub fn pos(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(n) = self.nodes.get(p) {
                return n.pos;
            }
            match parent_path(p) {
                Some(parent) => p = parent,
                None => return self.nodes.get("").map(|n| n.pos).unwrap_or(Pos::START),
            }
        }
    }

    /// Position of the key of the entry at `path` (for "remove this field"), else of its value.
    pub fn key_pos(&self, path: &str) -> Pos {
        match self.nodes.get(path) {
            Some(n) => n.key_pos.unwrap_or(n.pos),
            None => self.pos(path),
        }
    }

    /// The scalar text at `path`, if that path holds a scalar.
    pub fn scalar(&self, path: &str) -> Option<&str> {
        self.nodes.get(path).and_then(|n| n.scalar.as_deref())
    }

    /// Every scalar value (not mapping keys) with its path, in no particular order.
    pub fn scalars(&self) -> impl Iterator<Item = (&str, &str)> {
        self.nodes
            .iter()
            .filter_map(|(path, n)| n.scalar.as_deref().map(|s| (path.as_str(), s)))
    }

    /// Position of the first control or invisible character in the scalar at `path` when it is
    /// written literally, else of the value (an escape such as `"\u202E"` has no position of
    /// its own).
    pub fn char_pos(&self, path: &str) -> Pos {
        self.marks
            .get(path)
            .copied()
            .unwrap_or_else(|| self.pos(path))
    }
}

/// A field that holds a whole number of 0 or more, by path pattern: `[]` stands for any
/// sequence index and a final `.*` for any one mapping key (`affected.data[].subjects`,
/// `affected.by_jurisdiction.*`); `noun` names it in the help line (`count`, `amount`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WholeNumberField {
    /// The path pattern.
    pub pattern: &'static str,
    /// What the number is, for the help line.
    pub noun: &'static str,
}

/// Whether `path` (`tests[0].incident.affected.data[3].subjects`) is `prefix` followed by
/// `pattern` (`tests[].incident.` and `affected.data[].subjects`).
fn path_matches(path: &str, prefix: &str, pattern: &str) -> bool {
    let mut normal = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        normal.push_str(&rest[..=open]);
        match rest[open..].find(']') {
            Some(close) => rest = &rest[open + close..],
            None => return false,
        }
    }
    normal.push_str(rest);
    let Some(normal) = normal.strip_prefix(prefix) else {
        return false;
    };
    match pattern.strip_suffix('*') {
        Some(head) => normal
            .strip_prefix(head)
            .is_some_and(|key| !key.is_empty() && !key.contains(['.', '['])),
        None => normal == pattern,
    }
}

/// Whether `text` is a whole number in plain decimal digits: `0`, or digits without a leading
/// zero.
fn plain_decimal(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

/// The value a YAML reader would take `text` for, in plain decimal digits, when it is a
/// whole number written another way that is not ambiguous: quoted digits, `1_000`, `0x0C`,
/// `0o14`, `0b1100`, `+12`. Leading zeros (`014`: decimal or octal?) give nothing.
fn decimal_reading(text: &str) -> Option<u64> {
    let t = text.trim().trim_start_matches('+').replace('_', "");
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(h) = lower.strip_prefix("0x") {
        (h, 16)
    } else if let Some(o) = lower.strip_prefix("0o") {
        (o, 8)
    } else if let Some(b) = lower.strip_prefix("0b") {
        (b, 2)
    } else if plain_decimal(&lower) {
        (lower.as_str(), 10)
    } else {
        return None;
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Checks that every field of `fields` is written as plain decimal digits. YAML readers also
/// take `"12"` (text), `0x0C`, `0o14` and `1_000` for numbers; a count written so is almost
/// always a mistake (`1_000` is a thousand people, and crosses a legal threshold), so it is an
/// error at the value, before the file is read into its types. An alias is checked as the
/// scalar it stands for. `prefix` is where the fields sit (`""` for the document itself,
/// `tests[].incident.` for incidents inside policy tests). Errors come in source order.
pub fn check_whole_numbers(
    map: &SourceMap,
    prefix: &str,
    fields: &[WholeNumberField],
) -> Vec<YamlError> {
    let mut found: Vec<(Pos, YamlError)> = Vec::new();
    for (path, node) in &map.nodes {
        let Some((text, plain)) = &node.written else {
            continue;
        };
        if *plain && plain_decimal(text) {
            continue;
        }
        let Some(field) = fields
            .iter()
            .find(|f| path_matches(path, prefix, f.pattern))
        else {
            continue;
        };
        let (shown, quotes) = if *plain {
            (format!("`{}`", visible(text)), "")
        } else {
            (
                format!("the quoted text `{}`", visible(text)),
                " and no quotes",
            )
        };
        let example = decimal_reading(text).map_or_else(|| "1500".to_string(), |n| n.to_string());
        found.push((
            node.pos,
            YamlError {
                kind: YamlErrorKind::Shape,
                message: format!("expected a whole number of 0 or more, not {shown}"),
                pos: Some(node.pos),
                hint: Some(format!(
                    "write the {} as plain decimal digits, with no leading zeros{quotes}, e.g. `{example}`",
                    field.noun
                )),
            },
        ));
    }
    found.sort_by_key(|(pos, _)| *pos);
    found.into_iter().map(|(_, e)| e).collect()
}

/// Why a character in a text needs attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharConcern {
    /// A C0 or C1 control character other than tab and line breaks (NUL, ESC, DEL, NEL, ...):
    /// never part of a filing's text, and a terminal or viewer may act on it.
    Control,
    /// A character that shows nothing or changes how the text around it is shown: bidirectional
    /// overrides and isolates, zero-width characters, the byte-order mark, Hangul fillers and
    /// other Unicode format characters. Text with one can read differently from what it says.
    Invisible,
}

/// Whether `c` is a control or invisible character ([`CharConcern`]); tab, line feed and
/// carriage return are ordinary.
pub fn char_concern(c: char) -> Option<CharConcern> {
    if c.is_control() {
        return (!matches!(c, '\t' | '\n' | '\r')).then_some(CharConcern::Control);
    }
    let u = c as u32;
    // Unicode general category Cf (format characters), and the Hangul fillers, which render as
    // nothing and are a known way to write a blank-looking name.
    let invisible = matches!(u,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x115F | 0x1160 | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064
        | 0x2066..=0x206F | 0x3164 | 0xFEFF | 0xFFA0 | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD
        | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001
        | 0xE0020..=0xE007F);
    invisible.then_some(CharConcern::Invisible)
}

/// The name of a control or invisible character, for messages: `U+202E (RIGHT-TO-LEFT
/// OVERRIDE)`, or just `U+E0041` for one without a well-known name.
pub fn char_label(c: char) -> String {
    let name = match c {
        '\0' => "NULL",
        '\u{7}' => "BELL",
        '\u{8}' => "BACKSPACE",
        '\u{b}' => "LINE TABULATION",
        '\u{c}' => "FORM FEED",
        '\u{1b}' => "ESCAPE",
        '\u{7f}' => "DELETE",
        '\u{85}' => "NEXT LINE",
        '\u{ad}' => "SOFT HYPHEN",
        '\u{61c}' => "ARABIC LETTER MARK",
        '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' => "HANGUL FILLER",
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\u{200c}' => "ZERO WIDTH NON-JOINER",
        '\u{200d}' => "ZERO WIDTH JOINER",
        '\u{200e}' => "LEFT-TO-RIGHT MARK",
        '\u{200f}' => "RIGHT-TO-LEFT MARK",
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => return format!("U+{:04X}", c as u32),
    };
    format!("U+{:04X} ({name})", c as u32)
}

/// `text` with every control and invisible character ([`char_concern`]) written out as
/// `‹U+202E›`, so that a reader sees it and no viewer acts on it. Other text is unchanged.
/// The guillemets are U+2039 and U+203A, which the embedded PDF font covers.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| char_concern(c).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if char_concern(c).is_some() {
            out.push_str(&format!("\u{2039}U+{:04X}\u{203A}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Where the first character with a [`CharConcern`] is in `raw`, the source text of a scalar
/// that starts at `start`, if it is written there literally. Line breaks are counted as the
/// parser counts them: `\r\n`, `\r` and `\n` each end a line.
fn literal_mark(raw: &str, start: Pos) -> Option<Pos> {
    let (mut line, mut col) = (start.line, start.col);
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                col = 1;
            }
            c if char_concern(c).is_some() => return Some(Pos { line, col }),
            _ => col += 1,
        }
    }
    None
}

/// The parent of a path: `a.b[2].c` → `a.b[2]` → `a.b` → `a` → `` (the document).
pub fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

enum Frame {
    Map {
        path: String,
        pending_key: Option<(String, Pos)>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

/// Counts the nodes a document would have with every alias expanded, without expanding any:
/// each anchor remembers the expanded size of its node, and an alias adds that size. This is
/// what stops a "billion laughs" document before serde replays a single alias.
#[derive(Default)]
struct Expansion {
    /// Expanded node count of each anchor id.
    anchors: HashMap<usize, u64>,
    /// Open collections: (anchor id, expanded node count so far).
    open: Vec<(usize, u64)>,
    /// Expanded node count of the whole document so far.
    total: u64,
}

impl Expansion {
    fn open(&mut self, anchor: usize) {
        self.total += 1;
        self.open.push((anchor, 1));
    }

    fn leaf(&mut self, anchor: usize, size: u64) {
        self.total = self.total.saturating_add(size);
        if anchor != 0 {
            self.anchors.insert(anchor, size);
        }
        if let Some(parent) = self.open.last_mut() {
            parent.1 = parent.1.saturating_add(size);
        }
    }

    fn close(&mut self) {
        if let Some((anchor, size)) = self.open.pop() {
            if anchor != 0 {
                self.anchors.insert(anchor, size);
            }
            if let Some(parent) = self.open.last_mut() {
                parent.1 = parent.1.saturating_add(size);
            }
        }
    }
}

fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn limit_error(message: String, pos: Pos, hint: &str) -> YamlError {
    YamlError {
        kind: YamlErrorKind::Limit,
        message,
        pos: Some(pos),
        hint: Some(hint.to_string()),
    }
}

fn check_size(src: &str, limits: &Limits) -> Result<(), YamlError> {
    if src.len() > limits.max_bytes {
        return Err(YamlError {
            kind: YamlErrorKind::TooLarge,
            message: format!(
                "the file is {} bytes; disclose reads YAML files of at most {} bytes",
                src.len(),
                limits.max_bytes
            ),
            pos: None,
            hint: Some(
                "an incident or policy file this large is not hand-written: check that the right file was given"
                    .into(),
            ),
        });
    }
    Ok(())
}

fn parser_options(limits: &Limits) -> granit_parser::Options {
    let mut o = granit_parser::Options::default();
    o.flow_nesting_limit = limits.max_depth;
    o.block_nesting_limit = limits.max_depth + 1;
    o.emit_comments = false;
    o
}

/// Reads the document's event stream once and records where every field is, enforcing the
/// depth, node, alias and scalar-size limits. Only the first document of a stream is read.
pub fn source_map(src: &str, limits: &Limits) -> Result<SourceMap, YamlError> {
    check_size(src, limits)?;
    let mut map = SourceMap::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut nodes = 0usize;
    let mut aliases = 0usize;
    let mut expansion = Expansion::default();
    // Anchored scalars (anchor id → text, plain), so that an alias of one is checked like it.
    let mut scalar_anchors: HashMap<usize, (String, bool)> = HashMap::new();
    let parser = Parser::with_options(StrInput::new(src), parser_options(limits));
    for item in parser {
        let (event, span) = item.map_err(|e| scan_error(&e, src, limits))?;
        let pos = Pos::from_marker(&span.start);
        let (is_node, scalar) = match &event {
            Event::Scalar(v, ..) => {
                if v.len() > limits.max_scalar_bytes {
                    return Err(limit_error(
                        format!(
                            "a value of {} bytes is longer than the limit of {} bytes",
                            v.len(),
                            limits.max_scalar_bytes
                        ),
                        pos,
                        "shorten the text; attach long material as a separate document",
                    ));
                }
                (true, Some(v.to_string()))
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => (true, None),
            Event::Alias(_) | Event::UnresolvedAlias(_) => {
                aliases += 1;
                if aliases > limits.max_aliases {
                    return Err(limit_error(
                        format!("more than {} aliases (`*name`)", limits.max_aliases),
                        pos,
                        "write the values out instead of repeating them through aliases",
                    ));
                }
                (true, None)
            }
            Event::DocumentEnd => break,
            _ => (false, None),
        };
        match &event {
            Event::Scalar(v, style, anchor, tag) => {
                if *anchor != 0 {
                    let plain = *style == granit_parser::ScalarStyle::Plain && tag.is_none();
                    scalar_anchors.insert(*anchor, (v.to_string(), plain));
                }
                expansion.leaf(*anchor, 1)
            }
            Event::Alias(id) => {
                let size = expansion.anchors.get(id).copied().unwrap_or(1);
                expansion.leaf(0, size);
            }
            Event::UnresolvedAlias(_) => expansion.leaf(0, 1),
            Event::MappingStart(_, anchor, _) | Event::SequenceStart(_, anchor, _) => {
                expansion.open(*anchor)
            }
            Event::MappingEnd | Event::SequenceEnd => expansion.close(),
            _ => {}
        }
        if is_node {
            nodes += 1;
            if nodes > limits.max_nodes {
                return Err(limit_error(
                    format!("more than {} YAML nodes", limits.max_nodes),
                    pos,
                    "split the input; no incident or policy needs this many values",
                ));
            }
        }
        if expansion.total > limits.max_nodes as u64 {
            return Err(limit_error(
                format!(
                    "aliases here would expand the document to more than {} nodes (an alias bomb)",
                    limits.max_nodes
                ),
                pos,
                "write the values out instead of nesting aliases of aliases",
            ));
        }
        // Where does this node sit?
        let mut node_path: Option<(String, Option<Pos>)> = None;
        if is_node {
            match stack.last_mut() {
                None => node_path = Some((String::new(), None)),
                Some(Frame::Seq { path, next }) => {
                    node_path = Some((format!("{path}[{next}]"), None));
                    *next += 1;
                }
                Some(Frame::Map { path, pending_key }) => match pending_key.take() {
                    Some((k, kpos)) => node_path = Some((child_path(path, &k), Some(kpos))),
                    None => {
                        // This node is a mapping key.
                        if matches!(event, Event::Scalar(..)) {
                            *pending_key = Some((scalar.clone().unwrap_or_default(), pos));
                            continue;
                        }
                        // A complex key (a mapping or sequence used as a key, or an alias):
                        // no serde field has one, so it is tracked under a placeholder name
                        // only to keep the stream consistent.
                        *pending_key = Some(("?".into(), pos));
                        node_path = Some((child_path(path, "?key"), None));
                    }
                },
            }
        }
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let (path, key_pos) = node_path.unwrap_or_default();
                if stack.len() >= limits.max_depth {
                    return Err(limit_error(
                        format!("nesting deeper than {} levels", limits.max_depth),
                        pos,
                        "flatten the structure; the incident format nests at most a few levels",
                    ));
                }
                map.nodes.entry(path.clone()).or_insert(Node {
                    pos,
                    key_pos,
                    scalar: None,
                    written: None,
                });
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        path,
                        pending_key: None,
                    }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Scalar(..) | Event::Alias(_) | Event::UnresolvedAlias(_) => {
                if let Some((path, key_pos)) = node_path {
                    if scalar
                        .as_deref()
                        .is_some_and(|v| v.chars().any(|c| char_concern(c).is_some()))
                        && let (Some(a), Some(b)) =
                            (span.start.byte_offset(), span.end.byte_offset())
                        && let Some(mark) = src.get(a..b).and_then(|raw| literal_mark(raw, pos))
                    {
                        map.marks.entry(path.clone()).or_insert(mark);
                    }
                    let written = match &event {
                        Event::Scalar(v, style, _, tag) => Some((
                            v.to_string(),
                            *style == granit_parser::ScalarStyle::Plain && tag.is_none(),
                        )),
                        Event::Alias(id) => scalar_anchors.get(id).cloned(),
                        _ => None,
                    };
                    map.nodes.entry(path).or_insert(Node {
                        pos,
                        key_pos,
                        scalar,
                        written,
                    });
                }
            }
            _ => {}
        }
    }
    Ok(map)
}

fn scan_error(e: &granit_parser::ScanError, src: &str, limits: &Limits) -> YamlError {
    let m = e.marker();
    if e.info().contains("recursion limit") {
        return limit_error(
            format!("nesting deeper than {} levels", limits.max_depth),
            Pos::from_marker(m),
            "flatten the structure; the incident format nests at most a few levels",
        );
    }
    // A control character YAML does not allow in a file (DEL, ESC, NUL, ...): named as the
    // validation of a value names one, rather than as a syntax error. The scanner may place the
    // error at the start of the scalar that holds it, so the rest of that line is searched.
    let rest = m
        .byte_offset()
        .and_then(|b| src.get(b..))
        .or_else(|| {
            src.char_indices()
                .nth(m.index())
                .and_then(|(b, _)| src.get(b..))
        })
        .unwrap_or("");
    let start = Pos::from_marker(m);
    let found = rest
        .chars()
        .take_while(|c| !matches!(c, '\n' | '\r'))
        .enumerate()
        .find(|(_, c)| char_concern(*c) == Some(CharConcern::Control));
    if let Some((i, c)) = found
        && e.info().contains("unexpected character")
    {
        return YamlError {
            kind: YamlErrorKind::Syntax,
            message: format!("control character {}", char_label(c)),
            pos: Some(Pos {
                line: start.line,
                col: start.col + i as u32,
            }),
            hint: Some(
                "remove it: a file's text has no control characters, and a terminal or viewer may act on one"
                    .into(),
            ),
        };
    }
    YamlError {
        kind: YamlErrorKind::Syntax,
        message: format!("YAML syntax error: {}", e.info()),
        pos: Some(Pos::from_marker(m)),
        hint: Some("check indentation, colons and quotes near this position".into()),
    }
}

fn saphyr_options(limits: &Limits) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = Some(limits.max_bytes);
    budget.max_depth = limits.max_depth;
    budget.flow_nesting_limit = limits.max_depth;
    budget.max_nodes = limits.max_nodes;
    budget.max_aliases = limits.max_aliases;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = limits.max_bytes;
    budget.max_recorded_anchor_events = limits.max_alias_replay;
    // serde-saphyr also refuses more than ten aliases per anchor once there are 100 aliases: a
    // heuristic against alias bombs that refused honest files (100 uses of one anchor) with
    // its own message at the end of the file. `source_map` bounds the same danger exactly
    // (aliases, and nodes counted after expansion), at the alias, in this project's words.
    budget.enforce_alias_anchor_ratio = false;
    let mut opts = serde_saphyr::Options::default();
    opts.budget = Some(budget);
    opts.strict_booleans = true;
    opts.alias_limits.max_total_replayed_events = limits.max_alias_replay;
    opts.alias_limits.max_replay_stack_depth = 16;
    opts
}

/// Deserializes a document into `T` under `limits`.
///
/// Call [`source_map`] first when positions are needed for later checks: it enforces the same
/// limits and fails fast on hostile input before serde does any work.
pub fn from_str<T: DeserializeOwned>(src: &str, limits: &Limits) -> Result<T, YamlError> {
    check_size(src, limits)?;
    serde_saphyr::from_str_with_options::<T>(src, saphyr_options(limits))
        .map_err(|e| messages::convert(&e))
}

/// "did you mean `x`?" when a candidate is close enough to `word` to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|best| format!("did you mean `{best}`?"))
}

/// A hint for a word that is not one of `candidates`: "did you mean `x`?" when one is close,
/// else the list of allowed values.
pub fn suggest(word: &str, candidates: &[&str]) -> String {
    did_you_mean(word, candidates.iter().copied()).unwrap_or_else(|| {
        format!(
            "use one of: {}",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.8).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_block_and_flow_paths() {
        let src = "a: 1\nb:\n  c: x\n  d:\n    - { e: 1, f: [2, 3] }\n    - y\n";
        let m = source_map(src, &Limits::DEFAULT).unwrap();
        assert_eq!(m.pos("a"), Pos { line: 1, col: 4 });
        assert_eq!(m.key_pos("a"), Pos { line: 1, col: 1 });
        assert_eq!(m.pos("b.c"), Pos { line: 3, col: 6 });
        assert_eq!(m.pos("b.d[0].e"), Pos { line: 5, col: 12 });
        assert_eq!(m.pos("b.d[0].f[1]"), Pos { line: 5, col: 22 });
        assert_eq!(m.scalar("b.d[1]"), Some("y"));
        // a missing path falls back to its nearest ancestor
        assert_eq!(m.pos("b.d[0].zzz"), m.pos("b.d[0]"));
    }

    #[test]
    fn control_and_invisible_characters_are_located() {
        let src = "a: x\u{202E}y\nb: \"p\\0q\"\nc: |\n  one\n  t\u{200B}wo\n";
        let m = source_map(src, &Limits::DEFAULT).unwrap();
        assert_eq!(m.char_pos("a"), Pos { line: 1, col: 5 });
        // an escape has no position of its own: the value's is used
        assert_eq!(m.scalar("b"), Some("p\0q"));
        assert_eq!(m.char_pos("b"), Pos { line: 2, col: 4 });
        assert_eq!(m.char_pos("c"), Pos { line: 5, col: 4 });
        // CR-only line ends count as line breaks
        let m = source_map("a: 1\rb: x\u{200D}\r", &Limits::DEFAULT).unwrap();
        assert_eq!(m.char_pos("b"), Pos { line: 2, col: 5 });
        assert_eq!(char_concern('\0'), Some(CharConcern::Control));
        assert_eq!(char_concern('\u{85}'), Some(CharConcern::Control));
        assert_eq!(char_concern('\t'), None);
        assert_eq!(char_concern('\u{2066}'), Some(CharConcern::Invisible));
        assert_eq!(char_concern('가'), None);
        assert_eq!(char_label('\u{202E}'), "U+202E (RIGHT-TO-LEFT OVERRIDE)");
        assert_eq!(char_label('\u{E0041}'), "U+E0041");
        assert_eq!(visible("a\u{202E}b\0"), "a‹U+202E›b‹U+0000›");
        assert_eq!(visible("줄\n바꿈\t"), "줄\n바꿈\t");
    }

    #[test]
    fn control_characters_yaml_refuses_are_named() {
        let e = source_map("a: 1\nb: x\u{1b}[31m\n", &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.message, "control character U+001B (ESCAPE)");
        assert_eq!(e.pos, Some(Pos { line: 2, col: 5 }));
        let e = source_map(
            "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            &Limits::DEFAULT,
        )
        .unwrap_err();
        assert_eq!(e.message, "nesting deeper than 32 levels");
    }

    #[test]
    fn parent_paths() {
        assert_eq!(parent_path("a.b[2].c"), Some("a.b[2]"));
        assert_eq!(parent_path("a.b[2]"), Some("a.b"));
        assert_eq!(parent_path("a"), Some(""));
        assert_eq!(parent_path(""), None);
    }

    #[test]
    fn refuses_deep_nesting_quickly() {
        let deep = "{a: ".repeat(100_000) + &"}".repeat(100_000);
        let e = source_map(&deep, &Limits::DEFAULT).unwrap_err();
        assert!(matches!(
            e.kind,
            YamlErrorKind::Limit | YamlErrorKind::Syntax
        ));
    }

    #[test]
    fn refuses_alias_bombs_without_expanding() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9u8 {
            let (p, c) = ((b'a' + i) as char, (b'b' + i) as char);
            doc.push_str(&format!(
                "{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            ));
        }
        let e = source_map(&doc, &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Limit);
        assert!(e.message.contains("alias bomb"), "{}", e.message);
        // a few honest aliases are fine
        source_map("a: &x {k: 1}\nb: *x\nc: *x\n", &Limits::DEFAULT).unwrap();
    }

    #[test]
    fn many_aliases_of_one_anchor_are_fine_up_to_the_alias_limit() {
        // serde-saphyr's alias/anchor ratio refused 100 aliases of one anchor, at the end of
        // the file, as "budget breached: AliasAnchorRatio { … }".
        let doc = |n: usize| format!("a: &a {{k: 1}}\nb: [{}]\n", vec!["*a"; n].join(", "));
        let ok = doc(100);
        source_map(&ok, &Limits::DEFAULT).unwrap();
        let v: serde_json::Value = from_str(&ok, &Limits::DEFAULT).unwrap();
        assert_eq!(v["b"].as_array().map(Vec::len), Some(100));
        let ok = doc(1_000);
        source_map(&ok, &Limits::DEFAULT).unwrap();
        let _: serde_json::Value = from_str(&ok, &Limits::DEFAULT).unwrap();
        // The 1,001st alias is refused, at that alias.
        let e = source_map(&doc(1_001), &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Limit);
        assert_eq!(e.message, "more than 1000 aliases (`*name`)");
        assert_eq!(
            e.pos,
            Some(Pos {
                line: 2,
                col: 5 + 4 * 1_000
            })
        );
    }

    #[test]
    fn alias_expansion_within_the_node_limit_is_not_refused_by_the_replay_limit() {
        // 450 aliases of a 399-node mapping (400 events): 180,000 nodes and replayed events,
        // within the node limit and beyond the old replay limit of 100,000.
        let anchor: Vec<String> = (0..199).map(|i| format!("k{i}: 1")).collect();
        let doc = format!(
            "a: &a {{{}}}\nb: [{}]\n",
            anchor.join(", "),
            vec!["*a"; 450].join(", ")
        );
        source_map(&doc, &Limits::DEFAULT).unwrap();
        let _: serde_json::Value = from_str(&doc, &Limits::DEFAULT).unwrap();
    }

    #[test]
    fn refuses_oversized_input() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::DEFAULT
        };
        let e = source_map("a: 12345678901", &limits).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::TooLarge);
    }

    #[test]
    fn closest_needs_similarity() {
        assert_eq!(closest("emial", ["email", "name"]), Some("email"));
        assert_eq!(closest("zzz", ["email", "name"]), None);
    }
}
