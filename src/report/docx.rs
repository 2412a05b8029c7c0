//! Word documents (DOCX) from small general pieces: an A4 page with margins, headings,
//! paragraphs, tables with a header row repeated on every page and fixed column widths,
//! a footer "Strana x z y" with Word's PAGE and NUMPAGES fields, and the document's
//! title and language (cs-CZ) in its core properties. Built with `docx-rs`; what that
//! crate cannot say yet (a repeated header row, the title and language) is added to the
//! parts it builds before they are packed.

use docx_rs::{
    AlignmentType, Docx, Footer, NumPages, PageMargin, PageNum, Paragraph, Run, RunFonts, Table,
    TableCell, TableRow, WidthType,
};

use crate::model::Lang;

/// A4 in twentieths of a point (twips): 210 × 297 mm.
pub const A4_WIDTH: u32 = 11_906;
pub const A4_HEIGHT: u32 = 16_838;
/// 2 cm margins.
pub const MARGIN: i32 = 1_134;
/// The width between the margins, for tables.
pub const TEXT_WIDTH: usize = (A4_WIDTH as usize) - 2 * (MARGIN as usize);

/// A document being written.
pub struct Document {
    docx: Docx,
    title: String,
}

impl Document {
    /// An empty A4 document with 2 cm margins, 11 pt Calibri and the footer
    /// "Strana x z y" ("Page x of y").
    pub fn a4(title: &str, lang: Lang) -> Document {
        let footer = Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(format!("{} ", lang.pick("Strana", "Page"))))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(format!(" {} ", lang.pick("z", "of"))))
                .add_num_pages(NumPages::new()),
        );
        let docx = Docx::new()
            .page_size(A4_WIDTH, A4_HEIGHT)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN)
                    .bottom(MARGIN)
                    .left(MARGIN)
                    .right(MARGIN)
                    .header(567)
                    .footer(567),
            )
            .default_fonts(
                RunFonts::new()
                    .ascii("Calibri")
                    .hi_ansi("Calibri")
                    .cs("Calibri"),
            )
            .default_size(22)
            .footer(footer);
        Document {
            docx,
            title: title.to_string(),
        }
    }

    /// A heading: level 1 is 16 pt bold, level 2 13 pt bold, deeper 11 pt bold.
    pub fn heading(&mut self, level: usize, text: &str) {
        let size = match level {
            1 => 32,
            2 => 26,
            _ => 22,
        };
        self.push(
            Paragraph::new()
                .outline_lvl(level.saturating_sub(1))
                .add_run(Run::new().add_text(text).bold().size(size)),
        );
    }

    /// A paragraph of plain text; line breaks in it stay line breaks.
    pub fn paragraph(&mut self, text: &str) {
        self.push(lines(Paragraph::new(), text, false));
    }

    /// A paragraph starting with a bold label: "**Datum:** 17. prosince 2018".
    pub fn labelled(&mut self, label: &str, value: &str) {
        let p = Paragraph::new().add_run(Run::new().add_text(format!("{label}: ")).bold());
        self.push(lines(p, value, false));
    }

    /// An empty paragraph (vertical space).
    pub fn space(&mut self) {
        self.push(Paragraph::new());
    }

    /// A paragraph that starts a new page.
    pub fn page_break(&mut self) {
        self.push(Paragraph::new().page_break_before(true));
    }

    /// A table: a bold header row repeated on every page, then the rows; `widths` are
    /// the columns' shares of the text width (any unit: they are scaled). Rows are not
    /// split across pages; `height` (twips) sets each body row's least height (a
    /// signature needs room).
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>], widths: &[usize], height: u32) {
        let total: usize = widths.iter().sum::<usize>().max(1);
        let grid: Vec<usize> = widths.iter().map(|w| w * TEXT_WIDTH / total).collect();
        let cell = |text: &str, width: usize, bold: bool| {
            TableCell::new()
                .width(width, WidthType::Dxa)
                .add_paragraph(lines(Paragraph::new(), text, bold))
        };
        let mut table_rows = vec![
            TableRow::new(
                header
                    .iter()
                    .zip(&grid)
                    .map(|(h, w)| cell(h, *w, true))
                    .collect(),
            )
            .cant_split(),
        ];
        for row in rows {
            let mut r = TableRow::new(
                grid.iter()
                    .enumerate()
                    .map(|(i, w)| cell(row.get(i).map_or("", String::as_str), *w, false))
                    .collect(),
            )
            .cant_split();
            if height > 0 {
                r = r.row_height(height as f32);
            }
            table_rows.push(r);
        }
        let table = Table::new(table_rows)
            .set_grid(grid)
            .width(TEXT_WIDTH, WidthType::Dxa);
        self.docx = std::mem::take(&mut self.docx).add_table(table);
    }

    fn push(&mut self, p: Paragraph) {
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    /// The packed document.
    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        let mut xml = self.docx.build();
        xml.document = repeat_header_rows(&xml.document);
        xml.doc_props.core = with_title_and_language(&xml.doc_props.core, &self.title);
        let mut out = std::io::Cursor::new(Vec::new());
        xml.pack(&mut out)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(out.into_inner())
    }
}

/// Runs of `text` line by line, with breaks between them.
fn lines(mut p: Paragraph, text: &str, bold: bool) -> Paragraph {
    for (i, line) in text.lines().enumerate() {
        let mut run = Run::new();
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
        if bold {
            run = run.bold();
        }
        p = p.add_run(run);
    }
    p
}

/// Marks the first row of every table as its header row (`w:tblHeader`), which Word
/// and LibreOffice repeat at the top of every page the table runs onto. The first
/// row's properties are the first `w:trPr` after each `w:tbl`.
fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    const FIRST_ROW: &str = "<w:trPr><w:cantSplit />";
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        match table.find(FIRST_ROW) {
            Some(row) => {
                out.push_str(&table[..row + FIRST_ROW.len()]);
                out.push_str("<w:tblHeader />");
                rest = &table[row + FIRST_ROW.len()..];
            }
            None => {
                out.push_str(table);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

/// The core properties with the document's title and language.
fn with_title_and_language(core: &[u8], title: &str) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(core) else {
        return core.to_vec();
    };
    let added = format!(
        "<dc:title>{}</dc:title><dc:language>cs-CZ</dc:language></cp:coreProperties>",
        escape_xml(title)
    );
    text.replacen("</cp:coreProperties>", &added, 1)
        .into_bytes()
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
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(docx)) else {
        return String::new();
    };
    let mut text = String::new();
    if let Ok(mut f) = zip.by_name(name) {
        let _ = f.read_to_string(&mut text);
    }
    text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_table_repeats_its_header_row_and_the_footer_counts_pages() {
        let mut doc = Document::a4("Prezenční listina & co", Lang::Cs);
        doc.heading(1, "Prezenční listina");
        doc.table(
            &["Jméno", "Podpis"],
            &[vec!["Věra Kubátová".into(), String::new()]],
            &[3, 2],
            600,
        );
        doc.paragraph("Druhá tabulka:");
        doc.table(&["A"], &[vec!["b".into()]], &[1], 0);
        let bytes = doc.finish().unwrap();
        let document = part(&bytes, "word/document.xml");
        assert_eq!(document.matches("<w:tblHeader />").count(), 2, "{document}");
        assert!(document.contains("Věra Kubátová"));
        assert!(
            document.contains(r#"w:w="11906" w:h="16838""#),
            "{document}"
        );
        let footer = part(&bytes, "word/footer1.xml");
        assert!(
            footer.contains("PAGE") && footer.contains("NUMPAGES"),
            "{footer}"
        );
        assert!(footer.contains("Strana"), "{footer}");
        let core = part(&bytes, "docProps/core.xml");
        assert!(
            core.contains("<dc:title>Prezenční listina &amp; co</dc:title>"),
            "{core}"
        );
        assert!(core.contains("<dc:language>cs-CZ</dc:language>"), "{core}");
    }
}
