//! Packing a built document: what docx-rs cannot say yet is written into its parts (the
//! repeated header rows, the title and language), and the package is compressed
//! (docx-rs stores its parts uncompressed, which makes a long document many times its
//! size).

use std::io::{Cursor, Read, Write};

use docx_rs::Docx;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The document as the bytes of a compressed .docx file; `headers` says, per table in
/// document order, whether its first row is a header row.
pub fn pack(docx: Docx, title: &str, language: &str, headers: &[bool]) -> std::io::Result<Vec<u8>> {
    let mut xml = docx.build();
    xml.document = repeat_header_rows(&xml.document, headers)?;
    xml.doc_props.core = with_title_and_language(&xml.doc_props.core, title, language)?;
    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored).map_err(std::io::Error::other)?;
    compress(stored.get_ref())
}

/// The same package with every part deflated.
fn compress(stored: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut input = ZipArchive::new(Cursor::new(stored)).map_err(std::io::Error::other)?;
    let mut output = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut buffer = Vec::new();
    for i in 0..input.len() {
        let mut part = input.by_index(i).map_err(std::io::Error::other)?;
        let name = part.name().map_err(std::io::Error::other)?.to_string();
        if part.is_dir() {
            output
                .add_directory(name, SimpleFileOptions::default())
                .map_err(std::io::Error::other)?;
            continue;
        }
        buffer.clear();
        part.read_to_end(&mut buffer)?;
        output
            .start_file(name, options)
            .map_err(std::io::Error::other)?;
        output.write_all(&buffer)?;
    }
    Ok(output.finish().map_err(std::io::Error::other)?.into_inner())
}

fn utf8(part: &[u8]) -> std::io::Result<&str> {
    std::str::from_utf8(part).map_err(std::io::Error::other)
}

/// Marks the first row of each table that has a header (`headers`, in document order)
/// as its header row (`w:tblHeader`), which Word and LibreOffice repeat at the top of
/// every page the table runs onto. The first row's properties are the first `w:trPr`
/// inside the table; every row is built "cannot split", so they start with
/// `w:cantSplit`.
fn repeat_header_rows(document: &[u8], headers: &[bool]) -> std::io::Result<Vec<u8>> {
    const FIRST_ROW: &str = "<w:trPr><w:cantSplit />";
    let text = utf8(document)?;
    let mut out = String::with_capacity(text.len() + 16 * headers.len());
    let mut rest = text;
    let mut tables = headers.iter();
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        let end = table.find("</w:tbl>").unwrap_or(table.len());
        match table[..end].find(FIRST_ROW) {
            Some(row) if tables.next() == Some(&true) => {
                out.push_str(&table[..row + FIRST_ROW.len()]);
                out.push_str("<w:tblHeader />");
                out.push_str(&table[row + FIRST_ROW.len()..end]);
            }
            _ => out.push_str(&table[..end]),
        }
        rest = &table[end..];
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}

/// The core properties with the document's title and language.
fn with_title_and_language(core: &[u8], title: &str, language: &str) -> std::io::Result<Vec<u8>> {
    let added = format!(
        "<dc:title>{}</dc:title><dc:language>{}</dc:language></cp:coreProperties>",
        escape_xml(title),
        escape_xml(language)
    );
    Ok(utf8(core)?
        .replacen("</cp:coreProperties>", &added, 1)
        .into_bytes())
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Test support: a part of a packed document as text (`word/document.xml`).
#[cfg(test)]
pub fn part(docx: &[u8], name: &str) -> String {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(docx)) else {
        return String::new();
    };
    let mut text = String::new();
    if let Ok(mut f) = zip.by_name(name) {
        let _ = f.read_to_string(&mut text);
    }
    text
}
