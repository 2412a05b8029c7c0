//! The catalogue as Markdown: a heading per target group and § type, a card as the
//! service's heading and a list of its fields, indexes at the end.

use super::Catalogue;
use super::outline::{Entry, Link, Writer, walk};
use crate::model::Lang;

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
    let mut out = Markdown(String::new());
    walk(c, lang, &mut out);
    let mut out = out.0;
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

struct Markdown(String);

impl Markdown {
    fn link(link: &Link) -> String {
        format!("[{}](#{})", md(&link.text), link.anchor)
    }

    /// A heading of `level` with an anchor before it.
    fn anchored(&mut self, level: usize, link: &Link) {
        self.0.push_str(&format!(
            "<a id=\"{}\"></a>\n\n{} {}\n\n",
            link.anchor,
            "#".repeat(level),
            md(&link.text)
        ));
    }
}

impl Writer for Markdown {
    fn title_page(&mut self, heading: &str, territory: &str, as_of: &str) {
        self.0.push_str(&format!(
            "# {}\n\n**{}**\n\n{as_of}\n\n",
            md(heading),
            md(territory)
        ));
    }

    fn contents(&mut self, title: &str, groups: &[Entry], indexes: &[Link]) {
        self.0.push_str(&format!("## {}\n\n", md(title)));
        for link in groups.iter().map(|g| &g.group).chain(indexes) {
            self.0.push_str(&format!("- {}\n", Markdown::link(link)));
        }
        self.0.push('\n');
    }

    fn note(&mut self, text: &str) {
        self.0.push_str(&format!("{}\n\n", md(text)));
    }

    fn group_start(&mut self, group: &Link) {
        self.anchored(2, group);
    }

    fn type_start(&mut self, label: &str) {
        self.0.push_str(&format!("### {}\n\n", md(label)));
    }

    fn card(&mut self, name: &Link, fields: &[(&'static str, String)]) {
        self.anchored(4, name);
        for (label, value) in fields {
            self.0.push_str(&format!("- **{label}:** {}\n", md(value)));
        }
        self.0.push('\n');
    }

    fn see_also(&mut self, intro: &str, cards: &[Link]) {
        self.0.push_str(&format!("{}\n\n", md(intro)));
        for card in cards {
            self.0.push_str(&format!("- {}\n", Markdown::link(card)));
        }
        self.0.push('\n');
    }

    fn index(&mut self, index: &Link, entries: &[(String, Vec<Link>)]) {
        self.anchored(2, index);
        for (name, cards) in entries {
            let links: Vec<String> = cards.iter().map(Markdown::link).collect();
            self.0
                .push_str(&format!("- {}: {}\n", md(name), links.join(", ")));
        }
        self.0.push('\n');
    }
}
