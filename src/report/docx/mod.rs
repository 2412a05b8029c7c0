//! Word documents (DOCX) from small general pieces: an A4 page with margins, heading
//! styles, headings with bookmarks and links to them, paragraphs, tables with a header
//! row repeated on every page and fixed column widths, a footer "Strana x z y" with
//! Word's PAGE and NUMPAGES fields, and the document's title and language (cs-CZ or en-GB) in its
//! core properties. Built with `docx-rs`; what that crate cannot say yet (a repeated
//! header row, the title and language, compression) is done in [`pack`] to the parts it
//! builds.

mod pack;

use docx_rs::{
    AlignmentType, Docx, Footer, Hyperlink, HyperlinkType, NumPages, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow, WidthType,
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
    /// The language tag of the document's text.
    language: &'static str,
    /// Per table, in document order: whether its first row is a header row.
    headers: Vec<bool>,
    /// The last bookmark id given out.
    bookmarks: usize,
}

/// Heading levels 1–4 and their sizes in half-points: 16, 13, 12 and 11 pt.
const HEADING_SIZES: [(usize, usize); 4] = [(1, 32), (2, 26), (3, 24), (4, 22)];

impl Document {
    /// An empty A4 document with 2 cm margins, 11 pt Calibri, bold heading styles
    /// `Heading1`–`Heading4` and the footer "Strana x z y" ("Page x of y").
    pub fn a4(title: &str, lang: Lang) -> Document {
        let footer = Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(format!("{} ", lang.pick("Strana", "Page"))))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(format!(" {} ", lang.pick("z", "of"))))
                .add_num_pages(NumPages::new()),
        );
        let mut docx = Docx::new()
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
        for (level, size) in HEADING_SIZES {
            docx = docx.add_style(
                Style::new(format!("Heading{level}"), StyleType::Paragraph)
                    .name(format!("Heading {level}"))
                    .size(size)
                    .bold()
                    .outline_lvl(level - 1),
            );
        }
        Document {
            docx,
            title: title.to_string(),
            language: lang.pick("cs-CZ", "en-GB"),
            headers: Vec::new(),
            bookmarks: 0,
        }
    }

    /// A heading of `level` (1–4; deeper levels take style 4).
    pub fn heading(&mut self, level: usize, text: &str) {
        self.push(heading_paragraph(level).add_run(Run::new().add_text(text)));
    }

    /// A heading with a bookmark `anchor` that [`Document::link`] can point to.
    pub fn heading_at(&mut self, level: usize, text: &str, anchor: &str) {
        self.bookmarks += 1;
        let id = self.bookmarks;
        self.push(
            heading_paragraph(level)
                .add_bookmark_start(id, anchor)
                .add_run(Run::new().add_text(text))
                .add_bookmark_end(id),
        );
    }

    /// A paragraph linking to the bookmark `anchor` in the same document.
    pub fn link(&mut self, text: &str, anchor: &str) {
        self.push(Paragraph::new().add_hyperlink(
            Hyperlink::new(anchor, HyperlinkType::Anchor).add_run(Run::new().add_text(text)),
        ));
    }

    /// A centred line of large text (`size` in half-points), as on a title page.
    pub fn title_line(&mut self, text: &str, size: usize, bold: bool) {
        let mut run = Run::new().add_text(text).size(size);
        if bold {
            run = run.bold();
        }
        self.push(Paragraph::new().align(AlignmentType::Center).add_run(run));
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
        self.aligned_table(header, rows, widths, height, &[]);
    }

    /// A table as [`Document::table`] whose columns marked in `numeric` (amounts,
    /// counts) are aligned right, their header cells too.
    pub fn numeric_table(
        &mut self,
        header: &[&str],
        rows: &[Vec<String>],
        widths: &[usize],
        numeric: &[bool],
    ) {
        self.aligned_table(header, rows, widths, 0, numeric);
    }

    fn aligned_table(
        &mut self,
        header: &[&str],
        rows: &[Vec<String>],
        widths: &[usize],
        height: u32,
        numeric: &[bool],
    ) {
        let grid = grid(widths);
        let mut table_rows = vec![row(header.iter().copied(), &grid, true, numeric)];
        for r in rows {
            let mut r = row(r.iter().map(String::as_str), &grid, false, numeric);
            if height > 0 {
                r = r.row_height(height as f32);
            }
            table_rows.push(r);
        }
        self.add_table(table_rows, grid, true);
    }

    /// A table without a header row (a record's labels and values); `widths` as for
    /// [`Document::table`].
    pub fn plain_table(&mut self, rows: &[Vec<String>], widths: &[usize]) {
        let grid = grid(widths);
        let table_rows = rows
            .iter()
            .map(|r| row(r.iter().map(String::as_str), &grid, false, &[]))
            .collect();
        self.add_table(table_rows, grid, false);
    }

    fn add_table(&mut self, rows: Vec<TableRow>, grid: Vec<usize>, header: bool) {
        let table = Table::new(rows)
            .set_grid(grid)
            .width(TEXT_WIDTH, WidthType::Dxa);
        self.docx = std::mem::take(&mut self.docx).add_table(table);
        self.headers.push(header);
    }

    fn push(&mut self, p: Paragraph) {
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    /// The packed document.
    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        pack::pack(self.docx, &self.title, self.language, &self.headers)
    }
}

fn heading_paragraph(level: usize) -> Paragraph {
    Paragraph::new().style(&format!("Heading{}", level.clamp(1, 4)))
}

/// The columns' widths in twips from their shares of the text width.
fn grid(widths: &[usize]) -> Vec<usize> {
    let total: usize = widths.iter().sum::<usize>().max(1);
    widths.iter().map(|w| w * TEXT_WIDTH / total).collect()
}

/// A row of `cells` over the columns of `grid` (missing cells are empty), the columns
/// marked in `numeric` aligned right; rows are not split across pages.
fn row<'a>(
    cells: impl Iterator<Item = &'a str>,
    grid: &[usize],
    bold: bool,
    numeric: &[bool],
) -> TableRow {
    let mut cells = cells;
    TableRow::new(
        grid.iter()
            .enumerate()
            .map(|(i, w)| {
                let mut p = lines(Paragraph::new(), cells.next().unwrap_or(""), bold);
                if numeric.get(i) == Some(&true) {
                    p = p.align(AlignmentType::Right);
                }
                TableCell::new().width(*w, WidthType::Dxa).add_paragraph(p)
            })
            .collect(),
    )
    .cant_split()
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

#[cfg(test)]
pub use pack::part;

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

    #[test]
    fn an_english_document_says_its_language_and_page_words_in_english() {
        let mut doc = Document::a4("Attendance sheet", Lang::En);
        doc.paragraph("Meeting");
        let bytes = doc.finish().unwrap();
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("<dc:language>en-GB</dc:language>"), "{core}");
        let footer = part(&bytes, "word/footer1.xml");
        assert!(
            footer.contains("Page") && footer.contains(" of "),
            "{footer}"
        );
    }

    #[test]
    fn only_tables_with_a_header_repeat_it_and_headings_carry_bookmarks() {
        let mut doc = Document::a4("Katalog", Lang::Cs);
        doc.heading_at(2, "Senioři", "senioři");
        doc.plain_table(&[vec!["Poskytovatel".into(), "Charita".into()]], &[1, 2]);
        doc.table(&["Název"], &[vec!["Charita".into()]], &[1], 0);
        doc.plain_table(&[vec!["Kapacita".into(), "20".into()]], &[1, 2]);
        doc.link("Senioři", "senioři");
        let bytes = doc.finish().unwrap();
        let document = part(&bytes, "word/document.xml");
        assert_eq!(document.matches("<w:tblHeader />").count(), 1, "{document}");
        let header = document.find("<w:tblHeader />").unwrap();
        let named = document.find("Název").unwrap();
        let provider = document.find("Poskytovatel").unwrap();
        assert!(provider < header && header < named, "{document}");
        assert!(document.contains(r#"w:name="senioři""#), "{document}");
        assert!(document.contains(r#"w:anchor="senioři""#), "{document}");
        let styles = part(&bytes, "word/styles.xml");
        assert!(styles.contains("Heading4"), "{styles}");
    }

    /// docx-rs stores its parts; the package is deflated, so a long document is a
    /// fraction of its text.
    #[test]
    fn the_package_is_compressed() {
        let mut doc = Document::a4("Dlouhý", Lang::Cs);
        let rows: Vec<Vec<String>> = (0..2_000)
            .map(|i| vec![format!("Služba {i}"), "Domov pro seniory".into()])
            .collect();
        doc.plain_table(&rows, &[1, 2]);
        let bytes = doc.finish().unwrap();
        let document = part(&bytes, "word/document.xml");
        assert!(
            bytes.len() * 5 < document.len(),
            "{} of {}",
            bytes.len(),
            document.len()
        );
    }
}
