//! Font metrics as layout and line breaking see them: which face, and how wide a character is.
//!
//! Both [`super::layout`] and [`super::linebreak`] measure text, and layout calls the line
//! breaker; these two types used to live in `layout`, which made the two modules import each
//! other. Here they depend on nothing, and the real fonts (`font`) and the tests' fixed-width
//! fake implement [`Measure`].

/// A font face of the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// The regular face.
    Regular,
    /// The bold face (or synthetic bold).
    Bold,
}

/// Font metrics the layout needs.
pub trait Measure {
    /// Advance width of `ch` in em, or `None` when the face has no glyph for it.
    fn advance(&self, face: Face, ch: char) -> Option<f32>;
    /// The face's name, for error messages.
    fn font_name(&self, face: Face) -> String;
    /// Ascender and descender (negative) of the regular face, in em.
    fn vmetrics(&self) -> (f32, f32);
}
