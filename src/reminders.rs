//! What is due, read from the store: the one list `kpss remind` prints and the
//! application's "Ke zpracování" shows. The rules are in [`crate::model::remind`]; this
//! reads the records they need (meetings through the date indexes, region by region
//! when regions are given) and names what the lines show.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::model::remind::{self, Reminder};
use crate::model::{Group, Id, Kind, Lang, Meeting, Membership, Person, Project, RecordRef};
use crate::store::{Result, Store, StoreExt};

/// Every kind of due thing at `today` with a horizon of `days`, of `regions` (all when
/// empty), in the order of [`remind::sorted`].
pub fn gather(
    store: &dyn Store,
    today: NaiveDate,
    days: u32,
    regions: &[Id],
) -> Result<Vec<Reminder>> {
    let from = today
        .checked_sub_days(Days::new(crate::model::due::PAST_WEEKS * 7))
        .unwrap_or(NaiveDate::MIN);
    let to = remind::horizon(today, days);
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut projects: Vec<Project> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    if regions.is_empty() {
        meetings.extend(
            store
                .meetings_between(from, to)?
                .into_iter()
                .map(|v| v.record),
        );
        projects.extend(store.list_as::<Project>()?.into_iter().map(|v| v.record));
        groups.extend(store.list_as::<Group>()?.into_iter().map(|v| v.record));
    }
    for &region in regions {
        let count = store.meeting_dates_of_region(region, from, to)?.len();
        if count > 0 {
            meetings.extend(
                store
                    .meetings_of_region(region, from, count)?
                    .into_iter()
                    .map(|v| v.record),
            );
        }
        projects.extend(
            store
                .in_region(Kind::Project, region)?
                .into_iter()
                .filter_map(crate::store::typed::<Project>)
                .map(|v| v.record),
        );
        groups.extend(
            store
                .in_region(Kind::Group, region)?
                .into_iter()
                .filter_map(crate::store::typed::<Group>)
                .map(|v| v.record),
        );
    }
    // A region's meetings from `from` on may run past the horizon.
    meetings.retain(|m| m.date <= to);
    let mut memberships: Vec<Membership> = Vec::new();
    for g in &groups {
        memberships.extend(
            store
                .memberships_of_group(g.id)?
                .into_iter()
                .map(|v| v.record),
        );
    }
    let items = [
        remind::meetings(&meetings, today, days),
        remind::outputs(&projects, today, days),
        remind::memberships(&memberships, &groups, today, days),
        // Action-plan deadlines not yet monitored as done.
        crate::model::plan::due::deadline_reminders(
            &crate::store::plan_order::load_plan_data(store)?,
            regions,
            from,
            to,
        ),
    ]
    .concat();
    let mut items = remind::sorted(items, None);
    items.dedup_by(|a, b| a.kind == b.kind && a.record == b.record && a.title == b.title);
    Ok(items)
}

/// The names the lines show: meetings by number and group, projects, members.
pub struct Names {
    projects: HashMap<Id, String>,
    memberships: HashMap<Id, String>,
    /// Each membership's group: where a jump to it goes.
    groups: HashMap<Id, Id>,
    /// Each meeting's group label (or its title): the short name a list shows.
    labels: HashMap<Id, String>,
    /// A group's meeting's number within its group, said in the line's language.
    numbers: HashMap<Id, usize>,
}

impl Names {
    pub fn read(store: &dyn Store, items: &[Reminder]) -> Result<Names> {
        let mut names = Names {
            projects: HashMap::new(),
            memberships: HashMap::new(),
            groups: HashMap::new(),
            labels: HashMap::new(),
            numbers: HashMap::new(),
        };
        for r in items {
            let id = r.record.id;
            match r.record.kind {
                Kind::Meeting => {
                    let Some(m) = store.get_as::<Meeting>(id)? else {
                        continue;
                    };
                    let m = m.record;
                    let label = match m.group {
                        Some(g) if m.title.trim().is_empty() => {
                            let group = store.get_as::<Group>(g)?.map(|v| v.record);
                            names
                                .numbers
                                .insert(id, store.meeting_number(g, m.date, m.id)?);
                            group.map(|g| g.label().to_string()).unwrap_or_default()
                        }
                        _ => m.title,
                    };
                    names.labels.insert(id, label);
                }
                Kind::Project => {
                    if let Some(p) = store.get_as::<Project>(id)? {
                        names.projects.insert(id, p.record.name);
                    }
                }
                Kind::Membership => {
                    let Some(m) = store.get_as::<Membership>(id)? else {
                        continue;
                    };
                    let person = store
                        .get_as::<Person>(m.record.person)?
                        .map(|v| v.record.display_name())
                        .unwrap_or_default();
                    let group = store
                        .get_as::<Group>(m.record.group)?
                        .map(|v| v.record.label().to_string())
                        .unwrap_or_default();
                    names.memberships.insert(id, format!("{person} – {group}"));
                    names.groups.insert(id, m.record.group);
                }
                _ => {}
            }
        }
        Ok(names)
    }

    /// What the item is: "5. jednání – ŘS Soběslav", "Akční plán 2019 – Pokračování
    /// komunitního plánování…", "Karel Šindelář – ŘS Soběslav".
    pub fn what(&self, r: &Reminder, lang: Lang) -> String {
        let id = r.record.id;
        let get = |map: &HashMap<Id, String>| map.get(&id).cloned().unwrap_or_default();
        match r.record.kind {
            Kind::Meeting => match self.numbers.get(&id) {
                Some(n) => {
                    let label = get(&self.labels);
                    match lang {
                        Lang::Cs => format!("{n}. jednání – {label}"),
                        Lang::En => format!("Meeting {n} – {label}"),
                    }
                }
                None => get(&self.labels),
            },
            Kind::Project => format!("{} – {}", r.title, get(&self.projects)),
            Kind::Membership => get(&self.memberships),
            _ if !r.title.is_empty() => r.title.clone(),
            _ => format!("{} {id}", lang.pick("záznam", "record")),
        }
    }

    /// The short form a list shows: a meeting by its group's label ("PS Senioři a OZP"),
    /// others as [`Names::what`].
    pub fn short(&self, r: &Reminder, lang: Lang) -> String {
        match (r.record.kind, self.labels.get(&r.record.id)) {
            (Kind::Meeting, Some(label)) => label.clone(),
            _ => self.what(r, lang),
        }
    }

    /// What a line of `kpss remind` says: [`Names::what`], a meeting with its ID.
    pub fn text(&self, r: &Reminder, lang: Lang) -> String {
        match r.record.kind {
            Kind::Meeting => format!("{}  [ID {}]", self.what(r, lang), r.record.id),
            _ => self.what(r, lang),
        }
    }

    /// The record a jump from the item goes to: a membership's group, else the record.
    pub fn target(&self, r: &Reminder) -> RecordRef {
        match (r.record.kind, self.groups.get(&r.record.id)) {
            (Kind::Membership, Some(&group)) => RecordRef::new(Kind::Group, group),
            _ => r.record,
        }
    }
}
