//! The catalogue as a Word document (opens in Word and LibreOffice): a title page, a
//! table of contents of links, each target group from a new page, a card per service as
//! a heading and a two-column table, indexes at the end. Written with the shared
//! helpers of [`crate::report::docx`].

use crate::model::Lang;
use crate::report::docx::Document;

use super::outline::{Entry, Link, Writer, walk};
use super::{Catalogue, heading};

/// Label and value columns of a card.
const CARD_WIDTHS: [usize; 2] = [2_600, 7_038];

pub fn docx(c: &Catalogue, lang: Lang) -> Result<Vec<u8>, String> {
    let mut doc = Docx {
        doc: Document::a4(&format!("{} – {}", heading(lang), c.title), lang),
        lang,
    };
    walk(c, lang, &mut doc);
    doc.doc.finish().map_err(|e| e.to_string())
}

struct Docx {
    doc: Document,
    lang: Lang,
}

impl Writer for Docx {
    fn title_page(&mut self, heading: &str, territory: &str, as_of: &str) {
        for _ in 0..6 {
            self.doc.space();
        }
        self.doc.title_line(heading, 44, true);
        self.doc.title_line(territory, 32, false);
        self.doc.title_line(as_of, 24, false);
        self.doc.page_break();
    }

    fn contents(&mut self, title: &str, groups: &[Entry], indexes: &[Link]) {
        self.doc.heading(2, title);
        for link in groups.iter().map(|g| &g.group).chain(indexes) {
            self.doc.link(&link.text, &link.anchor);
        }
    }

    fn note(&mut self, text: &str) {
        self.doc.paragraph(text);
    }

    fn group_start(&mut self, group: &Link) {
        self.doc.page_break();
        self.doc.heading_at(2, &group.text, &group.anchor);
    }

    fn type_start(&mut self, label: &str) {
        self.doc.heading(3, label);
    }

    fn card(&mut self, name: &Link, fields: &[(&'static str, String)]) {
        let rows: Vec<Vec<String>> = fields
            .iter()
            .map(|(label, value)| vec![label.to_string(), value.clone()])
            .collect();
        self.doc.heading_at(4, &name.text, &name.anchor);
        self.doc.plain_table(&rows, &CARD_WIDTHS);
    }

    fn see_also(&mut self, intro: &str, cards: &[Link]) {
        self.doc.paragraph(intro);
        for card in cards {
            self.doc.link(&card.text, &card.anchor);
        }
    }

    fn index(&mut self, index: &Link, entries: &[(String, Vec<Link>)]) {
        self.doc.page_break();
        self.doc.heading_at(2, &index.text, &index.anchor);
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|(name, cards)| {
                let names: Vec<&str> = cards.iter().map(|c| c.text.as_str()).collect();
                vec![name.clone(), names.join(", ")]
            })
            .collect();
        let lang = self.lang;
        self.doc.table(
            &[lang.pick("Název", "Name"), lang.pick("Služby", "Services")],
            &rows,
            &[3_600, 6_038],
            0,
        );
    }
}
