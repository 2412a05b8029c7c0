//! Small general helpers over docx-rs for the documents kpss writes: an A4 document with
//! margins, heading styles, a page footer "Strana x z y" with PAGE and NUMPAGES fields,
//! headings with bookmarks, paragraphs, internal links and tables with a header row and
//! column widths. (Kept general so the document writers of several reports can share
//! one module.)

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Hyperlink, HyperlinkType, NumPages, PageMargin,
    PageNum, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::model::Lang;

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// 2 cm margins.
const MARGIN: i32 = 1_134;

/// An A4 document with 2 cm margins, heading styles 1–4 and a centred page footer
/// "Strana x z y" ("Page x of y").
pub fn a4_document(lang: Lang) -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(lang.pick("Strana ", "Page ")))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(lang.pick(" z ", " of ")))
            .add_num_pages(NumPages::new()),
    );
    let mut docx = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .default_size(21)
        .footer(footer);
    for (level, size) in [(1usize, 36usize), (2, 30), (3, 26), (4, 23)] {
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("Heading {level}"))
                .size(size)
                .bold()
                .outline_lvl(level - 1),
        );
    }
    docx
}

/// A heading of `level` (1–4), with a bookmark `anchor` links can point to.
pub fn heading(level: usize, text: &str, anchor: Option<(usize, &str)>) -> Paragraph {
    let mut p = Paragraph::new().style(&format!("Heading{level}"));
    if let Some((id, name)) = anchor {
        p = p.add_bookmark_start(id, name);
    }
    p = p.add_run(Run::new().add_text(text));
    if let Some((id, _)) = anchor {
        p = p.add_bookmark_end(id);
    }
    p
}

/// A paragraph of plain text.
pub fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// A paragraph of large centred text (a title page's lines).
pub fn title_line(text: &str, size: usize, bold: bool) -> Paragraph {
    let mut run = Run::new().add_text(text).size(size);
    if bold {
        run = run.bold();
    }
    Paragraph::new().align(AlignmentType::Center).add_run(run)
}

/// A page break.
pub fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

/// A paragraph linking to a bookmark in the same document.
pub fn link(text: &str, anchor: &str) -> Paragraph {
    Paragraph::new().add_hyperlink(
        Hyperlink::new(anchor, HyperlinkType::Anchor).add_run(Run::new().add_text(text)),
    )
}

/// A table: a bold header row (none when `header` is empty), then the rows, with the
/// columns' widths in twentieths of a point.
pub fn table(header: &[&str], rows: &[Vec<String>], widths: &[usize]) -> Table {
    let cell = |text: &str, width: usize, bold: bool| {
        let mut run = Run::new().add_text(text);
        if bold {
            run = run.bold();
        }
        TableCell::new()
            .add_paragraph(Paragraph::new().add_run(run))
            .width(width, WidthType::Dxa)
    };
    let width = |i: usize| widths.get(i).copied().unwrap_or(2_000);
    let mut table_rows = Vec::new();
    if !header.is_empty() {
        table_rows.push(TableRow::new(
            header
                .iter()
                .enumerate()
                .map(|(i, h)| cell(h, width(i), true))
                .collect(),
        ));
    }
    for row in rows {
        table_rows.push(TableRow::new(
            row.iter()
                .enumerate()
                .map(|(i, t)| cell(t, width(i), false))
                .collect(),
        ));
    }
    Table::new(table_rows).set_grid(widths.to_vec())
}

/// The document as the bytes of a .docx file.
pub fn pack(docx: Docx) -> Result<Vec<u8>, String> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut buffer).map_err(|e| e.to_string())?;
    Ok(buffer.into_inner())
}
