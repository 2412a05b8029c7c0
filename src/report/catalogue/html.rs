//! The catalogue as one self-contained HTML file a town can put on its web as it is:
//! no scripts, no outside files, the styles inline with print rules (A4, a title page,
//! no card split across pages), a `<nav>` table of contents, a card per service as an
//! `<article>` with an id the indexes link to. Every text from the register is escaped.

use super::Catalogue;
use super::outline::{Entry, Link, Writer, walk};
use crate::model::Lang;

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
    let mut out = Html(String::new(), lang);
    walk(c, lang, &mut out);
    out.0.push_str("</main>\n</body>\n</html>\n");
    out.0
}

/// The HTML written so far, and the language it is in.
struct Html(String, Lang);

impl Html {
    fn link(link: &Link) -> String {
        format!("<a href=\"#{}\">{}</a>", link.anchor, esc(&link.text))
    }
}

impl Writer for Html {
    fn title_page(&mut self, heading: &str, territory: &str, as_of: &str) {
        self.0.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} – {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
            self.1.pick("cs", "en"),
            esc(heading),
            esc(territory)
        ));
        self.0.push_str(&format!(
            "<header class=\"title\">\n<h1>{}</h1>\n<p class=\"territory\">{}</p>\n<p>{}</p>\n</header>\n",
            esc(heading),
            esc(territory),
            esc(as_of)
        ));
    }

    fn contents(&mut self, title: &str, groups: &[Entry], indexes: &[Link]) {
        self.0
            .push_str(&format!("<nav>\n<h2>{}</h2>\n<ol>\n", esc(title)));
        for g in groups {
            self.0
                .push_str(&format!("<li>{}\n<ol>\n", Html::link(&g.group)));
            for card in &g.cards {
                self.0.push_str(&format!("<li>{}</li>\n", Html::link(card)));
            }
            self.0.push_str("</ol>\n</li>\n");
        }
        for index in indexes {
            self.0
                .push_str(&format!("<li>{}</li>\n", Html::link(index)));
        }
        self.0.push_str("</ol>\n</nav>\n<main>\n");
    }

    fn note(&mut self, text: &str) {
        self.0.push_str(&format!("<p>{}</p>\n", esc(text)));
    }

    fn group_start(&mut self, group: &Link) {
        self.0.push_str(&format!(
            "<section class=\"group\" id=\"{}\">\n<h2>{}</h2>\n",
            group.anchor,
            esc(&group.text)
        ));
    }

    fn type_start(&mut self, label: &str) {
        self.0.push_str(&format!(
            "<section class=\"type\">\n<h3>{}</h3>\n",
            esc(label)
        ));
    }

    fn card(&mut self, name: &Link, fields: &[(&'static str, String)]) {
        self.0.push_str(&format!(
            "<article class=\"card\" id=\"{}\">\n<h4>{}</h4>\n<dl>\n",
            name.anchor,
            esc(&name.text)
        ));
        for (label, value) in fields {
            self.0
                .push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(label), esc(value)));
        }
        self.0.push_str("</dl>\n</article>\n");
    }

    fn type_end(&mut self) {
        self.0.push_str("</section>\n");
    }

    fn see_also(&mut self, intro: &str, cards: &[Link]) {
        self.0
            .push_str(&format!("<p>{}</p>\n<ul class=\"see-also\">\n", esc(intro)));
        for card in cards {
            self.0.push_str(&format!("<li>{}</li>\n", Html::link(card)));
        }
        self.0.push_str("</ul>\n");
    }

    fn group_end(&mut self) {
        self.0.push_str("</section>\n");
    }

    fn index(&mut self, index: &Link, entries: &[(String, Vec<Link>)]) {
        self.0.push_str(&format!(
            "<section class=\"index\" id=\"{}\">\n<h2>{}</h2>\n<ul>\n",
            index.anchor,
            esc(&index.text)
        ));
        for (name, cards) in entries {
            let links: Vec<String> = cards.iter().map(Html::link).collect();
            self.0
                .push_str(&format!("<li>{}: {}</li>\n", esc(name), links.join(", ")));
        }
        self.0.push_str("</ul>\n</section>\n");
    }
}
