//! The catalogue as one self-contained HTML file a town can put on its web as it is:
//! no scripts, no outside files, the styles inline with print rules (A4, a title page,
//! no card split across pages), a `<nav>` table of contents, a card per service as an
//! `<article>` with an id the indexes link to. Every text from the register is escaped.

use crate::model::Lang;
use crate::model::date::format_date_long;

use super::{Catalogue, card_fields, heading};

/// Text escaped for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:'Segoe UI',Arial,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#111;line-height:1.4}
header.title{text-align:center;padding:4rem 0}
header.title h1{font-size:2rem;margin-bottom:1rem}
nav ol{columns:2}
article{border:1px solid #888;border-radius:4px;padding:.5rem 1rem;margin:.75rem 0}
article h4{margin:.25rem 0 .5rem}
dl{display:grid;grid-template-columns:11rem 1fr;gap:.15rem .75rem;margin:0}
dt{font-weight:bold}dd{margin:0}
a{color:#0645ad}
@page{size:A4;margin:2cm}
@media print{
body{max-width:none;padding:0;font-size:10.5pt}
header.title{page-break-after:always;break-after:page}
nav{page-break-after:always;break-after:page}
section.group{page-break-before:always;break-before:page}
article{page-break-inside:avoid;break-inside:avoid}
a{color:inherit;text-decoration:none}
}
";

pub fn html(c: &Catalogue, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} – {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        lang.pick("cs", "en"),
        esc(heading(lang)),
        esc(&c.title)
    ));
    out.push_str(&format!(
        "<header class=\"title\">\n<h1>{}</h1>\n<p class=\"territory\">{}</p>\n<p>{} {}</p>\n</header>\n",
        esc(heading(lang)),
        esc(&c.title),
        lang.pick("Stav ke dni", "As of"),
        esc(&format_date_long(c.date, lang))
    ));
    out.push_str(&format!(
        "<nav>\n<h2>{}</h2>\n<ol>\n",
        lang.pick("Obsah", "Contents")
    ));
    for g in &c.groups {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a>\n<ol>\n",
            g.anchor(),
            esc(&g.label(lang))
        ));
        for t in &g.types {
            for &i in &t.cards {
                let card = &c.cards[i];
                out.push_str(&format!(
                    "<li><a href=\"#{}\">{}</a></li>\n",
                    card.anchor(),
                    esc(&card.service.name)
                ));
            }
        }
        out.push_str("</ol>\n</li>\n");
    }
    out.push_str(&format!(
        "<li><a href=\"#rejstrik-poskytovatelu\">{}</a></li>\n<li><a href=\"#rejstrik-obci\">{}</a></li>\n</ol>\n</nav>\n<main>\n",
        lang.pick("Rejstřík poskytovatelů", "Index of providers"),
        lang.pick("Rejstřík obcí", "Index of municipalities")
    ));
    if c.cards.is_empty() {
        out.push_str(&format!(
            "<p>{}</p>\n",
            lang.pick(
                "Na území k tomuto dni žádná služba není.",
                "The territory has no service on this date."
            )
        ));
    }
    for g in &c.groups {
        out.push_str(&format!(
            "<section class=\"group\" id=\"{}\">\n<h2>{}</h2>\n",
            g.anchor(),
            esc(&g.label(lang))
        ));
        for t in &g.types {
            out.push_str(&format!(
                "<section class=\"type\">\n<h3>{}</h3>\n",
                esc(&t.label(lang))
            ));
            for &i in &t.cards {
                let card = &c.cards[i];
                out.push_str(&format!(
                    "<article class=\"card\" id=\"{}\">\n<h4>{}</h4>\n<dl>\n",
                    card.anchor(),
                    esc(&card.service.name)
                ));
                for (label, value) in card_fields(card, lang) {
                    out.push_str(&format!(
                        "<dt>{}</dt><dd>{}</dd>\n",
                        esc(label),
                        esc(&value)
                    ));
                }
                out.push_str("</dl>\n</article>\n");
            }
            out.push_str("</section>\n");
        }
        if !g.see_also.is_empty() {
            out.push_str(&format!(
                "<p>{}</p>\n<ul class=\"see-also\">\n",
                lang.pick("Této skupině slouží také:", "Also serving this group:")
            ));
            for &i in &g.see_also {
                let card = &c.cards[i];
                out.push_str(&format!(
                    "<li><a href=\"#{}\">{}</a></li>\n",
                    card.anchor(),
                    esc(&card.service.name)
                ));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    let index = |out: &mut String, id: &str, title: &str, entries: &[(String, Vec<usize>)]| {
        out.push_str(&format!(
            "<section class=\"index\" id=\"{id}\">\n<h2>{}</h2>\n<ul>\n",
            esc(title)
        ));
        for (name, cards) in entries {
            let links: Vec<String> = cards
                .iter()
                .map(|&i| {
                    let card = &c.cards[i];
                    format!(
                        "<a href=\"#{}\">{}</a>",
                        card.anchor(),
                        esc(&card.service.name)
                    )
                })
                .collect();
            out.push_str(&format!("<li>{}: {}</li>\n", esc(name), links.join(", ")));
        }
        out.push_str("</ul>\n</section>\n");
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
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
