//! The catalogue's outline, the same in every format: a title page, the contents, each
//! target group with its § types and their cards and the cards it shares with other
//! groups, then the indexes of providers and of municipalities. [`walk`] goes through
//! it in that order with the labels in the reader's language; each format is a
//! [`Writer`] that only puts the parts into its own markup (and escapes the text).

use crate::model::Lang;
use crate::model::date::format_date_long;

use super::{Catalogue, card_fields, heading};

/// A link to a card, a group or an index: its text and the anchor it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub anchor: String,
}

/// An entry of the contents: a group with links to its cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub group: Link,
    pub cards: Vec<Link>,
}

/// A format of the catalogue. [`walk`] calls the methods in the outline's order.
pub trait Writer {
    /// The title page: the catalogue's name, the territory, "Stav ke dni …".
    fn title_page(&mut self, heading: &str, territory: &str, as_of: &str);
    /// The contents: the groups, then the indexes.
    fn contents(&mut self, title: &str, groups: &[Entry], indexes: &[Link]);
    /// A sentence in place of the groups (a territory with no service).
    fn note(&mut self, text: &str);
    fn group_start(&mut self, group: &Link);
    fn type_start(&mut self, label: &str);
    /// A card: the service's name, its anchor and its labelled lines.
    fn card(&mut self, name: &Link, fields: &[(&'static str, String)]);
    fn type_end(&mut self) {}
    /// The cards printed under another group that serve this one too.
    fn see_also(&mut self, intro: &str, cards: &[Link]);
    fn group_end(&mut self) {}
    /// An index: each name with the cards it has.
    fn index(&mut self, index: &Link, entries: &[(String, Vec<Link>)]);
}

/// Anchors of the two indexes.
pub const PROVIDERS: &str = "rejstrik-poskytovatelu";
pub const MUNICIPALITIES: &str = "rejstrik-obci";

/// Goes through the catalogue, calling `w` part by part.
pub fn walk(c: &Catalogue, lang: Lang, w: &mut impl Writer) {
    let card = |i: usize| Link {
        text: c.cards[i].service.name.clone(),
        anchor: c.cards[i].anchor(),
    };
    let indexes = [
        (
            Link {
                text: lang
                    .pick("Rejstřík poskytovatelů", "Index of providers")
                    .into(),
                anchor: PROVIDERS.into(),
            },
            &c.providers,
        ),
        (
            Link {
                text: lang.pick("Rejstřík obcí", "Index of municipalities").into(),
                anchor: MUNICIPALITIES.into(),
            },
            &c.municipalities,
        ),
    ];
    w.title_page(
        heading(lang),
        &c.title,
        &format!(
            "{} {}",
            lang.pick("Stav ke dni", "As of"),
            format_date_long(c.date, lang)
        ),
    );
    let groups: Vec<Entry> = c
        .groups
        .iter()
        .map(|g| Entry {
            group: Link {
                text: g.label(lang),
                anchor: g.anchor(),
            },
            cards: g
                .types
                .iter()
                .flat_map(|t| t.cards.iter().map(|&i| card(i)))
                .collect(),
        })
        .collect();
    let index_links: Vec<Link> = indexes.iter().map(|(link, _)| link.clone()).collect();
    w.contents(lang.pick("Obsah", "Contents"), &groups, &index_links);
    if c.cards.is_empty() {
        w.note(lang.pick(
            "Na území k tomuto dni žádná služba není.",
            "The territory has no service on this date.",
        ));
    }
    for (g, entry) in c.groups.iter().zip(&groups) {
        w.group_start(&entry.group);
        for t in &g.types {
            w.type_start(&t.label(lang));
            for &i in &t.cards {
                w.card(&card(i), &card_fields(&c.cards[i], lang));
            }
            w.type_end();
        }
        if !g.see_also.is_empty() {
            let cards: Vec<Link> = g.see_also.iter().map(|&i| card(i)).collect();
            w.see_also(
                lang.pick("Této skupině slouží také:", "Also serving this group:"),
                &cards,
            );
        }
        w.group_end();
    }
    for (link, entries) in &indexes {
        let entries: Vec<(String, Vec<Link>)> = entries
            .iter()
            .map(|(name, cards)| (name.clone(), cards.iter().map(|&i| card(i)).collect()))
            .collect();
        w.index(link, &entries);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::report::catalogue::tests::sample;

    /// Records the outline's calls, one line each.
    #[derive(Default)]
    struct Recorder(Vec<String>);

    impl Writer for Recorder {
        fn title_page(&mut self, heading: &str, territory: &str, as_of: &str) {
            self.0
                .push(format!("title {heading} | {territory} | {as_of}"));
        }
        fn contents(&mut self, title: &str, groups: &[Entry], indexes: &[Link]) {
            let cards: usize = groups.iter().map(|g| g.cards.len()).sum();
            self.0.push(format!(
                "{title}: {} groups, {cards} cards, {} indexes",
                groups.len(),
                indexes.len()
            ));
        }
        fn note(&mut self, text: &str) {
            self.0.push(format!("note {text}"));
        }
        fn group_start(&mut self, group: &Link) {
            self.0
                .push(format!("group {} #{}", group.text, group.anchor));
        }
        fn type_start(&mut self, label: &str) {
            self.0.push(format!("type {label}"));
        }
        fn card(&mut self, name: &Link, fields: &[(&'static str, String)]) {
            self.0.push(format!(
                "card {} #{} ({})",
                name.text,
                name.anchor,
                fields.len()
            ));
        }
        fn type_end(&mut self) {
            self.0.push("end type".into());
        }
        fn see_also(&mut self, intro: &str, cards: &[Link]) {
            let names: Vec<&str> = cards.iter().map(|c| c.text.as_str()).collect();
            self.0.push(format!("{intro} {}", names.join(", ")));
        }
        fn group_end(&mut self) {
            self.0.push("end group".into());
        }
        fn index(&mut self, index: &Link, entries: &[(String, Vec<Link>)]) {
            self.0.push(format!(
                "index {} #{}: {} entries",
                index.text,
                index.anchor,
                entries.len()
            ));
        }
    }

    /// Every format follows one outline: the title page, the contents, each group with its
    /// types and cards and the cards it shares, the two indexes, in that order.
    #[test]
    fn the_outline_orders_groups_types_cards_and_indexes() {
        let c = sample();
        let mut r = Recorder::default();
        walk(&c, Lang::Cs, &mut r);
        let lines = r.0;
        assert!(
            lines[0].starts_with("title Katalog poskytovatelů"),
            "{lines:#?}"
        );
        assert!(lines[1].starts_with("Obsah: "), "{lines:#?}");
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("card ")).count(),
            c.cards.len(),
            "{lines:#?}"
        );
        let starts = lines.iter().filter(|l| l.starts_with("group ")).count();
        let ends = lines.iter().filter(|l| *l == "end group").count();
        assert_eq!((starts, ends), (c.groups.len(), c.groups.len()));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("Této skupině slouží také: "))
        );
        let tail: Vec<&str> = lines[lines.len() - 2..]
            .iter()
            .map(String::as_str)
            .collect();
        assert!(tail[0].starts_with("index Rejstřík poskytovatelů #rejstrik-poskytovatelu"));
        assert!(tail[1].starts_with("index Rejstřík obcí #rejstrik-obci"));
        // A type's cards come between its start and its end.
        let first_type = lines.iter().position(|l| l.starts_with("type ")).unwrap();
        assert!(lines[first_type + 1].starts_with("card "), "{lines:#?}");
    }
}
