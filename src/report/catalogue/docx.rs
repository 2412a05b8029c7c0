//! The catalogue as a Word document (opens in Word and LibreOffice): a title page, a
//! table of contents of links, each target group from a new page, a card per service as
//! a heading and a two-column table, indexes at the end. Written with the shared
//! helpers of [`crate::report::docx`].

use crate::model::Lang;
use crate::model::date::format_date_long;
use crate::report::docx::Document;

use super::{Catalogue, card_fields};

/// Label and value columns of a card.
const CARD_WIDTHS: [usize; 2] = [2_600, 7_038];

pub fn docx(c: &Catalogue, lang: Lang) -> Result<Vec<u8>, String> {
    let heading = super::heading(lang);
    let mut doc = Document::a4(&format!("{heading} – {}", c.title), lang);
    for _ in 0..6 {
        doc.space();
    }
    doc.title_line(heading, 44, true);
    doc.title_line(&c.title, 32, false);
    doc.title_line(
        &format!(
            "{} {}",
            lang.pick("Stav ke dni", "As of"),
            format_date_long(c.date, lang)
        ),
        24,
        false,
    );
    doc.page_break();
    doc.heading(2, lang.pick("Obsah", "Contents"));
    for g in &c.groups {
        doc.link(&g.label(lang), &g.anchor());
    }
    let providers = lang.pick("Rejstřík poskytovatelů", "Index of providers");
    let municipalities = lang.pick("Rejstřík obcí", "Index of municipalities");
    doc.link(providers, "rejstrik-poskytovatelu");
    doc.link(municipalities, "rejstrik-obci");
    if c.cards.is_empty() {
        doc.paragraph(lang.pick(
            "Na území k tomuto dni žádná služba není.",
            "The territory has no service on this date.",
        ));
    }
    for g in &c.groups {
        doc.page_break();
        doc.heading_at(2, &g.label(lang), &g.anchor());
        for t in &g.types {
            doc.heading(3, &t.label(lang));
            for &i in &t.cards {
                let card = &c.cards[i];
                let rows: Vec<Vec<String>> = card_fields(card, lang)
                    .into_iter()
                    .map(|(label, value)| vec![label.to_string(), value])
                    .collect();
                doc.heading_at(4, &card.service.name, &card.anchor());
                doc.plain_table(&rows, &CARD_WIDTHS);
            }
        }
        if !g.see_also.is_empty() {
            doc.paragraph(lang.pick("Této skupině slouží také:", "Also serving this group:"));
            for &i in &g.see_also {
                let card = &c.cards[i];
                doc.link(&card.service.name, &card.anchor());
            }
        }
    }
    for (anchor, title, entries) in [
        ("rejstrik-poskytovatelu", providers, &c.providers),
        ("rejstrik-obci", municipalities, &c.municipalities),
    ] {
        doc.page_break();
        doc.heading_at(2, title, anchor);
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
        doc.table(
            &[lang.pick("Název", "Name"), lang.pick("Služby", "Services")],
            &rows,
            &[3_600, 6_038],
            0,
        );
    }
    doc.finish().map_err(|e| e.to_string())
}
