//! The tabs, and the one-line rows their lists show.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::text::sanitize_line;
use crate::model::{Id, Kind, Labelled, Lang, Record, RecordRef};
use crate::store::{Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Regions,
    Projects,
    Groups,
    Calendar,
    People,
    Documents,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Regions,
        Tab::Projects,
        Tab::Groups,
        Tab::Calendar,
        Tab::People,
        Tab::Documents,
    ];

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tab::Regions => lang.pick("Regiony", "Regions"),
            Tab::Projects => lang.pick("Projekty", "Projects"),
            Tab::Groups => lang.pick("Skupiny", "Groups"),
            Tab::Calendar => lang.pick("Kalendář", "Calendar"),
            Tab::People => lang.pick("Lidé a organizace", "People & organisations"),
            Tab::Documents => lang.pick("Dokumenty", "Documents"),
        }
    }

    /// The kinds of record the tab lists; the first is what `n` creates.
    pub fn kinds(self) -> &'static [Kind] {
        match self {
            Tab::Regions => &[Kind::Region],
            Tab::Projects => &[Kind::Project],
            Tab::Groups => &[Kind::Group],
            Tab::Calendar => &[Kind::Meeting],
            Tab::People => &[Kind::Person, Kind::Organisation],
            Tab::Documents => &[Kind::Document],
        }
    }

    /// The tab a record of this kind is shown in.
    pub fn of_kind(kind: Kind) -> Tab {
        match kind {
            Kind::Region => Tab::Regions,
            Kind::Project => Tab::Projects,
            Kind::Group | Kind::Membership => Tab::Groups,
            Kind::Meeting => Tab::Calendar,
            Kind::Person | Kind::Organisation => Tab::People,
            Kind::Document => Tab::Documents,
        }
    }
}

/// One row of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub record: RecordRef,
    pub title: String,
    pub subtitle: String,
    /// Folded title and subtitle, for the filter.
    pub folded: String,
    /// The day of a meeting's row.
    pub date: Option<NaiveDate>,
}

impl Row {
    pub(crate) fn new(record: RecordRef, title: String, subtitle: String) -> Row {
        let title = sanitize_line(&title);
        let subtitle = sanitize_line(&subtitle);
        let folded = crate::model::text::fold(&format!("{title} {subtitle}"));
        Row {
            record,
            title,
            subtitle,
            folded,
            date: None,
        }
    }
}

/// Names of regions and groups, for the subtitles of rows.
pub struct Names {
    regions: HashMap<Id, String>,
    groups: HashMap<Id, String>,
}

impl Names {
    pub fn empty() -> Names {
        Names {
            regions: HashMap::new(),
            groups: HashMap::new(),
        }
    }

    pub fn load(store: &dyn Store) -> Result<Names> {
        let mut regions = HashMap::new();
        for v in store.list(Kind::Region)? {
            regions.insert(v.record.id(), v.record.title());
        }
        let mut groups = HashMap::new();
        for v in store.list(Kind::Group)? {
            if let Record::Group(g) = &v.record {
                groups.insert(g.id, g.label().to_string());
            }
        }
        Ok(Names { regions, groups })
    }

    pub(crate) fn region(&self, id: Id) -> &str {
        self.regions.get(&id).map(String::as_str).unwrap_or("")
    }

    pub(crate) fn group(&self, id: Id) -> &str {
        self.groups.get(&id).map(String::as_str).unwrap_or("")
    }
}

/// The rows of a tab other than the calendar, sorted the Czech way.
pub fn rows(store: &dyn Store, tab: Tab, names: &Names, lang: Lang) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for &kind in tab.kinds() {
        let mut kind_rows: Vec<Row> = store
            .list(kind)?
            .into_iter()
            .map(|v| {
                let (title, subtitle) = describe(&v.record, names, lang);
                Row::new(v.record.reference(), title, subtitle)
            })
            .collect();
        kind_rows.sort_by(|a, b| crate::model::text::czech_cmp(&a.title, &b.title));
        rows.extend(kind_rows);
    }
    Ok(rows)
}

fn describe(record: &Record, names: &Names, lang: Lang) -> (String, String) {
    match record {
        Record::Region(r) => {
            let count = r
                .municipality_count
                .map(usize::from)
                .or_else(|| (!r.municipalities.is_empty()).then_some(r.municipalities.len()));
            let sub = count
                .map(|n| {
                    lang.count(
                        n,
                        ["obec", "obce", "obcí", "municipality", "municipalities"],
                    )
                })
                .unwrap_or_default();
            (r.name.clone(), sub)
        }
        Record::Project(p) => (
            p.name.clone(),
            format!("{} {}", names.region(p.region), p.registration_number),
        ),
        Record::Group(g) => (
            g.name.clone(),
            format!(
                "{} · {}",
                names.region(g.region),
                g.kind.map(|k| k.label(lang)).unwrap_or("")
            ),
        ),
        Record::Person(p) => (
            format!("{} {}", p.last_name, p.first_name)
                .trim()
                .to_string(),
            p.function.clone(),
        ),
        Record::Organisation(o) => (
            o.name.clone(),
            o.kind
                .map(|k| k.label(lang).to_string())
                .unwrap_or_default(),
        ),
        Record::Document(d) => (
            d.title.clone(),
            format!(
                "{} {} {}",
                names.region(d.region),
                d.period_label(),
                d.state.map(|s| s.label(lang)).unwrap_or("")
            ),
        ),
        other => (other.title(), String::new()),
    }
}
