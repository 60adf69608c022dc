//! PDF/A-2a (PDF/A-3a with attachments) and PDF/UA-1 post-processing on the lopdf document
//! printpdf built: the document information dictionary, the XMP metadata stream (with
//! `pdfaid:part` 2 or 3, `pdfaid:conformance=A`, `pdfuaid:part=1`, and the
//! provenance fields in our own namespace, described by a PDF/A extension schema), the sRGB
//! output intent, the catalogue's `/Lang`, the header version, and the content-derived `/ID`.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Object, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::{PdfError, PdfMeta, serialize};

/// The sRGB profile of Debian's `icc-profiles-free` (zlib licence), see `assets/icc/`.
static SRGB_ICC: &[u8] = include_bytes!("../../../assets/icc/sRGB.icc");

/// The namespace of the provenance fields in the XMP packet.
pub const PROVENANCE_NS: &str = "urn:disclose:ns:provenance:1.0#";

/// A PDF text string: PDFDocEncoding-safe ASCII as a literal, anything else as UTF-16BE with BOM.
fn text_string(s: &str) -> Object {
    if s.chars().all(|c| (' '..='~').contains(&c)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

use crate::render::xml_escape as xml;

fn date(meta: &PdfMeta) -> Result<DateTime<Utc>, PdfError> {
    DateTime::<Utc>::from_timestamp(meta.created, 0).ok_or_else(|| {
        PdfError::Pdf(format!(
            "the creation date {} is out of range",
            meta.created
        ))
    })
}

/// The producer string (Info `/Producer`, `pdf:Producer`).
pub fn producer() -> String {
    format!("disclose {} (printpdf 0.12, lopdf 0.44)", crate::VERSION)
}

fn creator_tool() -> String {
    format!("disclose {}", crate::VERSION)
}

/// The XMP packet.
pub fn xmp(meta: &PdfMeta) -> Result<String, PdfError> {
    let when = date(meta)?.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let keywords = meta.keywords.join(", ");
    Ok(format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:disclose="{ns}">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{tool}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <pdfaid:part>{part}</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <disclose:DocumentId>{doc_id}</disclose:DocumentId>
   <disclose:ProvenanceHash>{prov}</disclose:ProvenanceHash>
   <disclose:Provenance>{provenance}</disclose:Provenance>
   <disclose:Language>{lang}</disclose:Language>
  </rdf:Description>
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>disclose report provenance</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>{ns}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>disclose</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>DocumentId</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>Document id</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>ProvenanceHash</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>Hash of the inputs</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>Provenance</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>Tool, as-of time, incident and policy hashes, policy commit</pdfaProperty:description>
        </rdf:li>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>Language</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>Language (BCP 47)</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}',
        // PDF/A-3 is the part that allows embedded files other than PDF/A ones.
        part = if meta.attachments.is_empty() { 2 } else { 3 },
        ns = PROVENANCE_NS,
        title = xml(&meta.title),
        author = xml(&meta.author),
        subject = xml(&meta.subject),
        lang = xml(&meta.language),
        keywords = xml(&keywords),
        producer = xml(&producer()),
        tool = xml(&creator_tool()),
        doc_id = xml(&meta.document_id),
        prov = xml(&meta.provenance_hash),
        provenance = xml(&meta.provenance),
    ))
}

/// Applies the PDF/A-2b parts to the document printpdf built. The trailer `/ID` is set to a
/// placeholder that [`finish`] replaces after serialisation.
pub fn apply(doc: &mut lopdf::Document, meta: &PdfMeta) -> Result<(), PdfError> {
    doc.version = "1.7".to_string();
    let when = date(meta)?;
    let pdf_date = Object::String(
        when.format("D:%Y%m%d%H%M%S+00'00'")
            .to_string()
            .into_bytes(),
        StringFormat::Literal,
    );

    // The document information dictionary, consistent with the XMP packet.
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Author", text_string(&meta.author));
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&meta.keywords.join(", ")));
    info.set("Creator", text_string(&creator_tool()));
    info.set("Producer", text_string(&producer()));
    info.set("CreationDate", pdf_date.clone());
    info.set("ModDate", pdf_date.clone());
    super::attach::embed(doc, &meta.attachments, &pdf_date, text_string)?;
    let info_id = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            doc.objects.insert(id, Object::Dictionary(info));
            id
        }
        Err(_) => doc.add_object(Object::Dictionary(info)),
    };
    doc.trailer.set("Info", Object::Reference(info_id));

    // XMP metadata: uncompressed, so that it stays readable by tools that scan for packets.
    let packet = xmp(meta)?;
    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    let metadata_id = doc.add_object(Object::Stream(
        Stream::new(md, packet.into_bytes()).with_compression(false),
    ));

    // sRGB output intent.
    let mut icc = Dictionary::new();
    icc.set("N", Object::Integer(3));
    let icc_id = doc.add_object(Object::Stream(Stream::new(icc, SRGB_ICC.to_vec())));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        text_string("sRGB IEC61966-2.1"),
    );
    intent.set("RegistryName", text_string("http://www.color.org"));
    intent.set("Info", text_string("sRGB IEC61966-2.1"));
    intent.set("DestOutputProfile", Object::Reference(icc_id));

    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Pdf(format!("the document has no catalogue: {e}")))?;
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError::Pdf(format!("the document has no catalogue: {e}")))?;
    catalog.set("Metadata", Object::Reference(metadata_id));
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    catalog.set("Lang", text_string(&meta.language));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));

    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal),
            Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

/// Sixteen bytes that stand for the file identifier until the file's hash is known.
const ID_PLACEHOLDER: &[u8; 16] =
    b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff";

/// Serialises the document and sets both `/ID` entries to the first 16 bytes of the SHA-256 of
/// the file as written with the placeholder: the identifier is a hash of the content.
pub fn finish(doc: &mut lopdf::Document) -> Result<Vec<u8>, PdfError> {
    // Object streams and a cross-reference stream (PDF 1.5, allowed by PDF/A-2): the many small
    // dictionaries (pages, fonts, descriptors, structure elements) are compressed together
    // instead of written out.
    let mut out = serialize::save(doc)?;
    let placeholder: String = ID_PLACEHOLDER.iter().map(|b| format!("{b:02X}")).collect();
    let digest = Sha256::digest(&out);
    let id: String = digest.iter().take(16).map(|b| format!("{b:02X}")).collect();
    // The trailer is at the end of the file: replace the last two occurrences.
    let needle = placeholder.as_bytes();
    let mut replaced = 0;
    let mut end = out.len();
    while replaced < 2 {
        let Some(pos) = out[..end]
            .windows(needle.len())
            .rposition(|w| w.eq_ignore_ascii_case(needle))
        else {
            break;
        };
        out[pos..pos + needle.len()].copy_from_slice(id.as_bytes());
        end = pos;
        replaced += 1;
    }
    if replaced != 2 {
        return Err(PdfError::Pdf("cannot set the file identifier".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_and_xml_escaping() {
        assert_eq!(
            text_string("abc"),
            Object::String(b"abc".to_vec(), StringFormat::Literal)
        );
        let Object::String(b, StringFormat::Hexadecimal) = text_string("가") else {
            panic!()
        };
        assert_eq!(b, vec![0xFE, 0xFF, 0xAC, 0x00]);
        assert_eq!(xml("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
