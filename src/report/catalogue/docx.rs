//! The catalogue as a Word document (opens in Word and LibreOffice): a title page, a
//! table of contents of links, each target group from a new page, a card per service as
//! a heading and a two-column table, indexes at the end.

use crate::model::Lang;
use crate::model::date::format_date_long;

use super::docx_kit::{a4_document, heading, link, pack, page_break, paragraph, table, title_line};
use super::{Catalogue, card_fields};

/// Label and value columns of a card, 17 cm together.
const CARD_WIDTHS: [usize; 2] = [2_600, 7_038];

pub fn docx(c: &Catalogue, lang: Lang) -> Result<Vec<u8>, String> {
    let mut doc = a4_document(lang);
    let mut bookmark = 0usize;
    let mut next_bookmark = || {
        bookmark += 1;
        bookmark
    };
    for _ in 0..6 {
        doc = doc.add_paragraph(paragraph(""));
    }
    doc = doc
        .add_paragraph(title_line(super::heading(lang), 44, true))
        .add_paragraph(title_line(&c.title, 32, false))
        .add_paragraph(title_line(
            &format!(
                "{} {}",
                lang.pick("Stav ke dni", "As of"),
                format_date_long(c.date, lang)
            ),
            24,
            false,
        ))
        .add_paragraph(page_break())
        .add_paragraph(heading(2, lang.pick("Obsah", "Contents"), None));
    for g in &c.groups {
        doc = doc.add_paragraph(link(&g.label(lang), &g.anchor()));
    }
    doc = doc
        .add_paragraph(link(
            lang.pick("Rejstřík poskytovatelů", "Index of providers"),
            "rejstrik-poskytovatelu",
        ))
        .add_paragraph(link(
            lang.pick("Rejstřík obcí", "Index of municipalities"),
            "rejstrik-obci",
        ));
    if c.cards.is_empty() {
        doc = doc.add_paragraph(paragraph(lang.pick(
            "Na území k tomuto dni žádná služba není.",
            "The territory has no service on this date.",
        )));
    }
    for g in &c.groups {
        let anchor = g.anchor();
        doc = doc.add_paragraph(page_break()).add_paragraph(heading(
            2,
            &g.label(lang),
            Some((next_bookmark(), &anchor)),
        ));
        for t in &g.types {
            doc = doc.add_paragraph(heading(3, &t.label(lang), None));
            for &i in &t.cards {
                let card = &c.cards[i];
                let anchor = card.anchor();
                let rows: Vec<Vec<String>> = card_fields(card, lang)
                    .into_iter()
                    .map(|(label, value)| vec![label.to_string(), value])
                    .collect();
                doc = doc
                    .add_paragraph(heading(
                        4,
                        &card.service.name,
                        Some((next_bookmark(), &anchor)),
                    ))
                    .add_table(table(&[], &rows, &CARD_WIDTHS));
            }
        }
        if !g.see_also.is_empty() {
            doc = doc.add_paragraph(paragraph(
                lang.pick("Této skupině slouží také:", "Also serving this group:"),
            ));
            for &i in &g.see_also {
                let card = &c.cards[i];
                doc = doc.add_paragraph(link(&card.service.name, &card.anchor()));
            }
        }
    }
    for (anchor, title, entries) in [
        (
            "rejstrik-poskytovatelu",
            lang.pick("Rejstřík poskytovatelů", "Index of providers"),
            &c.providers,
        ),
        (
            "rejstrik-obci",
            lang.pick("Rejstřík obcí", "Index of municipalities"),
            &c.municipalities,
        ),
    ] {
        doc = doc.add_paragraph(page_break()).add_paragraph(heading(
            2,
            title,
            Some((next_bookmark(), anchor)),
        ));
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|(name, cards)| {
                let names: Vec<&str> = cards
                    .iter()
                    .map(|&i| c.cards[i].service.name.as_str())
                    .collect();
                vec![name.clone(), names.join(", ")]
            })
            .collect();
        doc = doc.add_table(table(
            &[lang.pick("Název", "Name"), lang.pick("Služby", "Services")],
            &rows,
            &[3_600, 6_038],
        ));
    }
    pack(doc)
}
