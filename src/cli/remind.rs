//! `kpss remind [--days N] [--region ID] [--format text|json] [--today DATE]`: what is
//! due, for cron and mail. Nothing due prints nothing and exits 0, so
//! `kpss remind | mail -E …` sends a mail only when there is something to say.

use std::collections::HashMap;
use std::process::ExitCode;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::cli::agenda::date_option;
use crate::cli::args::AgendaFormat;
use crate::cli::output::{Failure, write_output};
use crate::model::date::{format_date, weekday_short};
use crate::model::grammar::Counted;
use crate::model::remind::{self, Reminder};
use crate::model::text::sanitize_line;
use crate::model::{Group, Id, Kind, Lang, Meeting, Membership, Person, Project};
use crate::store::{Store, StoreExt};

/// Things due, counted.
const ITEMS: Counted = Counted::new(["položka", "položky", "položek"], ["item", "items"]);

#[derive(Serialize)]
struct JsonItem {
    kind: remind::ReminderKind,
    kind_label: String,
    date: NaiveDate,
    region_id: Id,
    record_kind: &'static str,
    record_id: Id,
    text: String,
}

pub fn run(
    store: &dyn Store,
    days: u32,
    region: Option<Id>,
    format: AgendaFormat,
    today: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let today = match today {
        Some(text) => date_option("--today", text, lang)?,
        None => chrono::Local::now().date_naive(),
    };
    let items = gather(store, today, days, region).map_err(|e| e.message(lang))?;
    if items.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let names = Names::read(store, &items).map_err(|e| e.message(lang))?;
    let bytes = match format {
        AgendaFormat::Text => {
            let mut out = format!(
                "{} ({}):\n",
                lang.pick("Ke zpracování", "Due"),
                ITEMS.count(items.len(), lang)
            );
            for r in &items {
                out.push_str(&format!(
                    "{} {}  {}  {}\n",
                    format_date(r.date),
                    weekday_short(r.date.weekday(), lang),
                    r.kind.label(lang),
                    sanitize_line(&names.text(r, lang))
                ));
            }
            out.into_bytes()
        }
        AgendaFormat::Json => {
            let json: Vec<JsonItem> = items
                .iter()
                .map(|r| JsonItem {
                    kind: r.kind,
                    kind_label: r.kind.label(lang).to_string(),
                    date: r.date,
                    region_id: r.region,
                    record_kind: r.record.kind.name(),
                    record_id: r.record.id,
                    text: names.text(r, lang),
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            text.push('\n');
            text.into_bytes()
        }
    };
    write_output(&bytes, None, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Every kind of due thing at `today` (meetings read through the date index for the
/// days that can be due).
pub fn gather(
    store: &dyn Store,
    today: NaiveDate,
    days: u32,
    region: Option<Id>,
) -> crate::store::Result<Vec<Reminder>> {
    let from = today
        .checked_sub_days(Days::new(crate::model::due::PAST_WEEKS * 7))
        .unwrap_or(NaiveDate::MIN);
    let meetings: Vec<Meeting> = store
        .meetings_between(from, remind::horizon(today, days))?
        .into_iter()
        .map(|v| v.record)
        .collect();
    let (projects, groups): (Vec<Project>, Vec<Group>) = match region {
        Some(id) => (
            store
                .in_region(Kind::Project, id)?
                .into_iter()
                .filter_map(crate::store::typed::<Project>)
                .map(|v| v.record)
                .collect(),
            store
                .in_region(Kind::Group, id)?
                .into_iter()
                .filter_map(crate::store::typed::<Group>)
                .map(|v| v.record)
                .collect(),
        ),
        None => (
            store
                .list_as::<Project>()?
                .into_iter()
                .map(|v| v.record)
                .collect(),
            store
                .list_as::<Group>()?
                .into_iter()
                .map(|v| v.record)
                .collect(),
        ),
    };
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
        // Action-plan deadlines join here.
    ]
    .concat();
    Ok(remind::sorted(items, region))
}

/// The names the lines show: groups and meeting numbers, projects, people.
struct Names {
    meetings: HashMap<Id, String>,
    projects: HashMap<Id, String>,
    memberships: HashMap<Id, String>,
}

impl Names {
    fn read(store: &dyn Store, items: &[Reminder]) -> crate::store::Result<Names> {
        let mut names = Names {
            meetings: HashMap::new(),
            projects: HashMap::new(),
            memberships: HashMap::new(),
        };
        for r in items {
            let id = r.record.id;
            match r.record.kind {
                Kind::Meeting => {
                    let Some(m) = store.get_as::<Meeting>(id)? else {
                        continue;
                    };
                    let m = m.record;
                    let text = match m.group {
                        Some(g) if m.title.trim().is_empty() => {
                            let group = store.get_as::<Group>(g)?.map(|v| v.record);
                            let n = store.meeting_number(g, m.date, m.id)?;
                            let label = group.map(|g| g.label().to_string()).unwrap_or_default();
                            format!("{n}. jednání – {label}")
                        }
                        _ => m.title.clone(),
                    };
                    names.meetings.insert(id, text);
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
                }
                _ => {}
            }
        }
        Ok(names)
    }

    fn text(&self, r: &Reminder, lang: Lang) -> String {
        let id = r.record.id;
        let get = |map: &HashMap<Id, String>| map.get(&id).cloned().unwrap_or_default();
        match r.record.kind {
            Kind::Meeting => format!("{}  [ID {id}]", get(&self.meetings)),
            Kind::Project => format!("{} – {}", r.title, get(&self.projects)),
            Kind::Membership => get(&self.memberships),
            _ => format!("{} {id}", lang.pick("záznam", "record")),
        }
    }
}
