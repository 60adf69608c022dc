//! The logical structure of a laid-out document (tagged PDF, PDF/UA-1): which structure element
//! every text run belongs to, in reading order.
//!
//! Layout builds the tree while it places blocks ([`super::layout`]): a heading opens an `H1`–`H6`,
//! a paragraph a `P`, a list `L` with an `LI` per item holding the marker (`Lbl`) and the item's
//! blocks (`LBody`), a table `Table` / `TR` / `TH` (column scope) / `TD`, a block quote
//! `BlockQuote`, link text a `Link`. Every run of body text gets a [`Tagged`] naming its element
//! and a run id; runs without one (the running header and footer, page numbers, the watermark,
//! the header row a table repeats on later pages) are artifacts, and so is every filled
//! rectangle (rules, borders, backgrounds). Emission turns run ids into marked-content ids
//! (MCIDs) per page, and [`super::structure`] writes the tree with them.
//!
//! The model is plain data: an arena of elements, the root (`Document`) at index 0, each
//! element's kids in reading order (child elements and runs interleaved, as laid out).

/// A standard structure type (ISO 32000-1, 14.8.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The whole document (the root).
    Document,
    /// A heading, level 1–6.
    H(u8),
    /// A paragraph (also a code block).
    P,
    /// A list; `true` when numbered.
    L(bool),
    /// A list item.
    LI,
    /// A list item's marker.
    Lbl,
    /// A list item's content.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell (scope: column).
    TH,
    /// A data cell.
    TD,
    /// A block quote.
    BlockQuote,
    /// Link text.
    Link,
}

impl Role {
    /// The structure type's name (`/S`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L(_) => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::BlockQuote => "BlockQuote",
            Role::Link => "Link",
        }
    }

    /// Table parts are kept even when empty, so that every row has all its cells.
    pub fn keep_empty(self) -> bool {
        matches!(self, Role::Table | Role::TR | Role::TH | Role::TD)
    }
}

/// A child of a structure element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kid {
    /// Another element (an index into [`StructTree::elements`]).
    Element(usize),
    /// A text run, by its run id ([`Tagged::run`]).
    Run(u32),
}

/// A structure element.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// Its type.
    pub role: Role,
    /// Its parent (the root is its own parent).
    pub parent: usize,
    /// Its children in reading order.
    pub kids: Vec<Kid>,
}

/// The element a text run belongs to, and the run's id (unique in the document).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tagged {
    /// The element.
    pub element: usize,
    /// The run id.
    pub run: u32,
}

/// The structure tree of one document.
#[derive(Clone, Debug, PartialEq)]
pub struct StructTree {
    /// The elements; index 0 is the `Document` root.
    pub elements: Vec<Element>,
    runs: u32,
}

impl Default for StructTree {
    fn default() -> Self {
        StructTree::new()
    }
}

impl StructTree {
    /// A tree holding only the `Document` root.
    pub fn new() -> StructTree {
        StructTree {
            elements: vec![Element {
                role: Role::Document,
                parent: 0,
                kids: Vec::new(),
            }],
            runs: 0,
        }
    }

    /// The root's index.
    pub const ROOT: usize = 0;

    /// Opens a new element as the last child of `parent` and returns its index.
    pub fn open(&mut self, parent: usize, role: Role) -> usize {
        let id = self.elements.len();
        self.elements.push(Element {
            role,
            parent,
            kids: Vec::new(),
        });
        self.elements[parent].kids.push(Kid::Element(id));
        id
    }

    /// The `Link` element for link text inside `parent`: the one just before, when the previous
    /// kid of `parent` is a link (a link's text continued on the next line or run), else a new one.
    pub fn link_in(&mut self, parent: usize) -> usize {
        if let Some(Kid::Element(last)) = self.elements[parent].kids.last()
            && self.elements[*last].role == Role::Link
        {
            return *last;
        }
        self.open(parent, Role::Link)
    }

    /// Adds a text run as the last child of `element`.
    pub fn content(&mut self, element: usize) -> Tagged {
        let run = self.runs;
        self.runs += 1;
        self.elements[element].kids.push(Kid::Run(run));
        Tagged { element, run }
    }

    /// How many run ids were given out.
    pub fn run_count(&self) -> u32 {
        self.runs
    }

    /// Which elements hold content (a run) somewhere below them, or are table parts.
    pub fn kept(&self) -> Vec<bool> {
        let mut has = vec![false; self.elements.len()];
        // Children always come after their parents in the arena: one backward pass suffices.
        for i in (0..self.elements.len()).rev() {
            let e = &self.elements[i];
            let own = e.kids.iter().any(|k| match k {
                Kid::Run(_) => true,
                Kid::Element(c) => has[*c],
            });
            has[i] = has[i] || own || e.role.keep_empty();
        }
        has[0] = true;
        has
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_keep_their_kids_in_order_and_links_continue() {
        let mut t = StructTree::new();
        let p = t.open(StructTree::ROOT, Role::P);
        let a = t.content(p);
        let l1 = t.link_in(p);
        let b = t.content(l1);
        assert_eq!(t.link_in(p), l1, "a link's next run stays in the same link");
        let c = t.content(p);
        let l2 = t.link_in(p);
        assert_ne!(l1, l2, "text between two links separates them");
        assert_eq!(
            t.elements[p].kids,
            vec![
                Kid::Run(a.run),
                Kid::Element(l1),
                Kid::Run(c.run),
                Kid::Element(l2)
            ]
        );
        assert_eq!(b.element, l1);
        assert_eq!(t.run_count(), 3);
    }

    #[test]
    fn empty_elements_are_dropped_but_table_cells_are_kept() {
        let mut t = StructTree::new();
        let empty = t.open(StructTree::ROOT, Role::P);
        let table = t.open(StructTree::ROOT, Role::Table);
        let tr = t.open(table, Role::TR);
        let td = t.open(tr, Role::TD);
        let kept = t.kept();
        assert!(!kept[empty]);
        assert!(kept[table] && kept[tr] && kept[td]);
        assert_eq!(Role::H(9).name(), "H6");
    }
}
