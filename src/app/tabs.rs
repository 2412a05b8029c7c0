//! The tabs, and the one-line rows their lists show.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;

use crate::model::text::sanitize_line_owned;
use crate::model::{Id, Kind, Labelled, Lang, Record, RecordRef};
use crate::store::{Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Regions,
    Projects,
    Groups,
    Calendar,
    People,
    Services,
    Documents,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Regions,
        Tab::Projects,
        Tab::Groups,
        Tab::Calendar,
        Tab::People,
        Tab::Services,
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
            Tab::Services => lang.pick("Služby", "Services"),
            Tab::Documents => lang.pick("Dokumenty", "Documents"),
        }
    }

    /// The tab's name where the full one does not fit: with eight tabs the short names
    /// keep the bar within 80 columns.
    pub fn short_label(self, lang: Lang) -> &'static str {
        match self {
            Tab::Regions => lang.pick("ORP", "ORPs"),
            Tab::People => lang.pick("Lidé", "People"),
            Tab::Documents => lang.pick("Dok.", "Docs"),
            tab => tab.label(lang),
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
            Tab::Services => &[Kind::Service],
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
            Kind::Service => Tab::Services,
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
        let title = sanitize_line_owned(title);
        let subtitle = sanitize_line_owned(subtitle);
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
    /// Each group's meetings in number order, read once from the group index when first
    /// needed (moving through months numbers the same groups again and again); dropped
    /// with the rest at every change.
    numbering: Mutex<HashMap<Id, Vec<(NaiveDate, Id)>>>,
    /// The calendar's months and days read, likewise dropped at every change.
    calendar: crate::app::calendar_cache::CalendarCache,
}

impl Names {
    pub fn empty() -> Names {
        Names {
            regions: HashMap::new(),
            groups: HashMap::new(),
            numbering: Mutex::default(),
            calendar: Default::default(),
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
        Ok(Names {
            regions,
            groups,
            numbering: Mutex::default(),
            calendar: Default::default(),
        })
    }

    pub(crate) fn region(&self, id: Id) -> &str {
        self.regions.get(&id).map(String::as_str).unwrap_or("")
    }

    pub(crate) fn calendar(&self) -> &crate::app::calendar_cache::CalendarCache {
        &self.calendar
    }

    pub(crate) fn group(&self, id: Id) -> &str {
        self.groups.get(&id).map(String::as_str).unwrap_or("")
    }

    /// A meeting's number within its group ("3. jednání"), as
    /// [`Store::meeting_number`] counts it, from the cached group index.
    pub(crate) fn meeting_number(
        &self,
        store: &dyn Store,
        group: Id,
        date: NaiveDate,
        id: Id,
    ) -> Result<usize> {
        // A panic elsewhere while the cache was held leaves it usable: it holds only
        // complete entries.
        let mut numbering = self.numbering.lock().unwrap_or_else(|e| e.into_inner());
        let dates = match numbering.entry(group) {
            std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(store.meeting_dates_of_group(group)?)
            }
        };
        Ok(dates.partition_point(|&entry| entry < (date, id)) + 1)
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
                let record = v.record.reference();
                let filter = match &v.record {
                    Record::Service(s) => service_filter_text(s, names, lang),
                    _ => String::new(),
                };
                let (title, subtitle) = describe(v.record, names, lang);
                let mut row = Row::new(record, title, subtitle);
                if !filter.is_empty() {
                    row.folded.push(' ');
                    row.folded.push_str(&crate::model::text::fold(&filter));
                }
                row
            })
            .collect();
        crate::model::text::sort_czech_by(&mut kind_rows, |row| &row.title);
        rows.extend(kind_rows);
    }
    Ok(rows)
}

/// A record's title and subtitle; takes the record so that its texts move into the row.
fn describe(record: Record, names: &Names, lang: Lang) -> (String, String) {
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
            (r.name, sub)
        }
        Record::Project(p) => (
            p.name,
            format!("{} {}", names.region(p.region), p.registration_number),
        ),
        Record::Group(g) => (
            g.name,
            format!(
                "{} · {}",
                names.region(g.region),
                g.kind.map(|k| k.label(lang)).unwrap_or("")
            ),
        ),
        Record::Person(p) => (p.sort_name(), p.function),
        Record::Organisation(o) => (
            o.name,
            o.kind
                .map(|k| k.label(lang).to_string())
                .unwrap_or_default(),
        ),
        Record::Document(d) => {
            let subtitle = format!(
                "{} {} {}",
                names.region(d.region),
                d.period_label(),
                d.state.map(|s| s.label(lang)).unwrap_or("")
            );
            (d.title, subtitle)
        }
        Record::Service(s) => {
            let kind = match s.service_type {
                Some(t) if s.registered => format!("§ {}", t.paragraph()),
                _ => lang.pick("návazná", "related").to_string(),
            };
            let forms: Vec<&str> = s.forms.iter().map(|f| f.label(lang)).collect();
            let regions: Vec<&str> = s.regions.iter().map(|&r| names.region(r)).collect();
            (
                s.name,
                format!("{kind} · {} · {}", forms.join(", "), regions.join(", ")),
            )
        }
        other => (other.title(), String::new()),
    }
}

/// What the list's filter finds a service by besides its row: the § type's name, the
/// target groups, the municipalities, the identifier and "v síti" when it is in the
/// kraj's network.
fn service_filter_text(s: &crate::model::Service, names: &Names, lang: Lang) -> String {
    let mut words: Vec<String> = Vec::new();
    if let Some(t) = s.service_type {
        words.push(t.label(lang).to_string());
    }
    words.extend(s.target_groups.iter().map(|g| g.label(lang).to_string()));
    words.extend(s.municipalities.iter().cloned());
    words.extend(s.regions.iter().map(|&r| names.region(r).to_string()));
    words.push(s.identifier.clone());
    if s.in_network {
        words.push(lang.pick("v síti", "in network").to_string());
    }
    words.join(" ")
}

#[cfg(test)]
mod numbering_tests {
    use super::*;
    use crate::store::EmbeddedStore;

    #[test]
    fn cached_numbers_are_the_store_s_numbers() {
        let store = EmbeddedStore::temporary("test").unwrap();
        store
            .import(&crate::sample::sample_register().unwrap())
            .unwrap();
        let names = Names::load(&store).unwrap();
        let meetings = store
            .meetings_between(NaiveDate::MIN, NaiveDate::MAX)
            .unwrap();
        let mut numbered = 0;
        for m in meetings.iter().map(|v| &v.record) {
            if let Some(group) = m.group {
                assert_eq!(
                    names.meeting_number(&store, group, m.date, m.id).unwrap(),
                    store.meeting_number(group, m.date, m.id).unwrap(),
                    "{m:?}"
                );
                numbered += 1;
            }
        }
        assert!(numbered >= 20, "{numbered}");
    }
}
