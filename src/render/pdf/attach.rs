//! Files embedded in a PDF as associated files (PDF/A-3, ISO 19005-3, 6.8): the audit report
//! carries the evidence it was made from (the incident YAML, the `check` JSON, each evaluated
//! policy file), so the record can be checked without the machine that produced it.
//!
//! Each file is an embedded file stream (`/Subtype` its media type, `/Params` with its size and
//! the document's own date, so the bytes stay reproducible) under a file specification with
//! `/F`, `/UF`, `/Desc` and `/AFRelationship`, listed in the catalogue's `/AF` array and in the
//! `/EmbeddedFiles` name tree (sorted by name, as a name tree must be), where `pdfdetach` and
//! viewers find them.

use lopdf::{Dictionary, Object, Stream, StringFormat};

/// How an attached file relates to the document (`/AFRelationship`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relationship {
    /// What the document was made from (the incident, a policy).
    Source,
    /// Data the document presents (the evaluation as JSON).
    Data,
}

impl Relationship {
    fn name(self) -> &'static [u8] {
        match self {
            Relationship::Source => b"Source",
            Relationship::Data => b"Data",
        }
    }
}

/// A file to embed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The file name (unique in the document; no directories).
    pub name: String,
    /// Its media type, e.g. `application/yaml`.
    pub mime: String,
    /// A one-line description (`/Desc`).
    pub description: String,
    /// How it relates to the document.
    pub relationship: Relationship,
    /// The bytes, embedded as they are.
    pub bytes: Vec<u8>,
}

/// Embeds `files` in `doc` and lists them in the catalogue's `/AF` and `/Names /EmbeddedFiles`.
/// `date` is the PDF date string of the document (`D:…`), used as every file's `/ModDate`.
pub fn embed(
    doc: &mut lopdf::Document,
    files: &[Attachment],
    date: &Object,
    text_string: fn(&str) -> Object,
) -> Result<(), super::PdfError> {
    if files.is_empty() {
        return Ok(());
    }
    let mut specs: Vec<(String, lopdf::ObjectId)> = Vec::with_capacity(files.len());
    for f in files {
        let mut params = Dictionary::new();
        params.set("Size", Object::Integer(f.bytes.len() as i64));
        params.set("ModDate", date.clone());
        let mut sd = Dictionary::new();
        sd.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
        // lopdf writes the `/` of the media type as `#2F`, as a name needs.
        sd.set("Subtype", Object::Name(f.mime.as_bytes().to_vec()));
        sd.set("Params", Object::Dictionary(params));
        let stream_id = doc.add_object(Object::Stream(Stream::new(sd, f.bytes.clone())));
        let mut ef = Dictionary::new();
        ef.set("F", Object::Reference(stream_id));
        ef.set("UF", Object::Reference(stream_id));
        let mut spec = Dictionary::new();
        spec.set("Type", Object::Name(b"Filespec".to_vec()));
        spec.set(
            "F",
            Object::String(f.name.as_bytes().to_vec(), StringFormat::Literal),
        );
        spec.set("UF", text_string(&f.name));
        spec.set("Desc", text_string(&f.description));
        spec.set(
            "AFRelationship",
            Object::Name(f.relationship.name().to_vec()),
        );
        spec.set("EF", Object::Dictionary(ef));
        specs.push((f.name.clone(), doc.add_object(Object::Dictionary(spec))));
    }
    let af: Vec<Object> = specs.iter().map(|(_, id)| Object::Reference(*id)).collect();
    let mut sorted = specs.clone();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut names = Vec::with_capacity(sorted.len() * 2);
    for (name, id) in sorted {
        names.push(Object::String(name.into_bytes(), StringFormat::Literal));
        names.push(Object::Reference(id));
    }
    let mut tree = Dictionary::new();
    tree.set("Names", Object::Array(names));
    let mut name_dict = Dictionary::new();
    name_dict.set("EmbeddedFiles", Object::Dictionary(tree));

    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| super::PdfError::Pdf(format!("the document has no catalogue: {e}")))?;
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| super::PdfError::Pdf(format!("the document has no catalogue: {e}")))?;
    catalog.set("AF", Object::Array(af));
    catalog.set("Names", Object::Dictionary(name_dict));
    Ok(())
}
