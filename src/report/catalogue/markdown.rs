//! The catalogue as Markdown: a heading per target group and § type, a card as the
//! service's heading and a list of its fields, indexes at the end.

use crate::model::Lang;
use crate::model::date::format_date_long;

use super::{Catalogue, card_fields, heading};

/// Text on one line, with the characters Markdown would read as markup escaped.
fn md(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '`'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn markdown(c: &Catalogue, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", heading(lang)));
    out.push_str(&format!("**{}**\n\n", md(&c.title)));
    out.push_str(&format!(
        "{} {}\n\n",
        lang.pick("Stav ke dni", "As of"),
        format_date_long(c.date, lang)
    ));
    out.push_str(&format!("## {}\n\n", lang.pick("Obsah", "Contents")));
    for g in &c.groups {
        out.push_str(&format!("- [{}](#{})\n", md(&g.label(lang)), g.anchor()));
    }
    out.push_str(&format!(
        "- [{}](#rejstrik-poskytovatelu)\n- [{}](#rejstrik-obci)\n\n",
        lang.pick("Rejstřík poskytovatelů", "Index of providers"),
        lang.pick("Rejstřík obcí", "Index of municipalities")
    ));
    if c.cards.is_empty() {
        out.push_str(lang.pick(
            "Na území k tomuto dni žádná služba není.\n\n",
            "The territory has no service on this date.\n\n",
        ));
    }
    for g in &c.groups {
        out.push_str(&format!(
            "<a id=\"{}\"></a>\n\n## {}\n\n",
            g.anchor(),
            md(&g.label(lang))
        ));
        for t in &g.types {
            out.push_str(&format!("### {}\n\n", md(&t.label(lang))));
            for &i in &t.cards {
                let card = &c.cards[i];
                out.push_str(&format!(
                    "<a id=\"{}\"></a>\n\n#### {}\n\n",
                    card.anchor(),
                    md(&card.service.name)
                ));
                for (label, value) in card_fields(card, lang) {
                    out.push_str(&format!("- **{label}:** {}\n", md(&value)));
                }
                out.push('\n');
            }
        }
        if !g.see_also.is_empty() {
            out.push_str(&format!(
                "{}\n\n",
                lang.pick("Této skupině slouží také:", "Also serving this group:")
            ));
            for &i in &g.see_also {
                let card = &c.cards[i];
                out.push_str(&format!(
                    "- [{}](#{})\n",
                    md(&card.service.name),
                    card.anchor()
                ));
            }
            out.push('\n');
        }
    }
    let index = |out: &mut String, anchor: &str, title: &str, entries: &[(String, Vec<usize>)]| {
        out.push_str(&format!("<a id=\"{anchor}\"></a>\n\n## {title}\n\n"));
        for (name, cards) in entries {
            let links: Vec<String> = cards
                .iter()
                .map(|&i| {
                    let card = &c.cards[i];
                    format!("[{}](#{})", md(&card.service.name), card.anchor())
                })
                .collect();
            out.push_str(&format!("- {}: {}\n", md(name), links.join(", ")));
        }
        out.push('\n');
    };
    index(
        &mut out,
        "rejstrik-poskytovatelu",
        lang.pick("Rejstřík poskytovatelů", "Index of providers"),
        &c.providers,
    );
    index(
        &mut out,
        "rejstrik-obci",
        lang.pick("Rejstřík obcí", "Index of municipalities"),
        &c.municipalities,
    );
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
