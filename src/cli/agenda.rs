//! `kpss agenda`: meetings in date order, one per line.
//!
//! A text line has five fields separated by two spaces (a field never holds two spaces
//! in a row, nor a tab or a line break), so a script can split on `"  "`:
//!
//! ```text
//! 2018-12-03 po 14:00–16:00  Soběslav  3. jednání – Řídící skupina KPSS ORP Soběslav  @ MěÚ Soběslav  [proběhlo]
//! ```
//!
//! 1. ISO date, weekday, time (`14:00–16:00`, `14:00` without an end, `-` without a time);
//! 2. the region (ORP);
//! 3. the title: `N. jednání – group` (`Meeting N – group`) for a group's meeting, else
//!    the meeting's own title, else its kind;
//! 4. `@ place`, `@ -` without a place;
//! 5. the state in brackets.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::process::ExitCode;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::Serialize;

use crate::cli::args::{AgendaFormat, MeetingFilter};
use crate::cli::output::{Failure, progress, write_output};
use crate::model::date::{format_date, parse_date, weekday_short};
use crate::model::{Field, Group, Id, Labelled, Lang, Meeting, MeetingKind, MeetingState, Region};
use crate::store::{Store, StoreExt};

/// Up to this many groups, their names are read one by one; more, all at once.
const NAMES_ONE_BY_ONE: usize = 16;

/// How many days the agenda covers without `--to`.
const DAYS: i64 = 14;

/// Reads a date option; a bad date is refused naming the option.
pub(super) fn date_option(
    option: &'static str,
    input: &str,
    lang: Lang,
) -> Result<NaiveDate, String> {
    parse_date(Field::new(option, option), input)
        .map_err(|e| format!("{option} {}: {}", input.trim(), e.rule.describe(lang)))
}

/// Refuses a period that ends before it starts.
pub(super) fn period_order(from: NaiveDate, to: NaiveDate, lang: Lang) -> Result<(), String> {
    if to < from {
        return Err(match lang {
            Lang::Cs => format!(
                "--to {} je před --from {}; období musí končit nejdříve v den, kdy začíná",
                format_date(to),
                format_date(from)
            ),
            Lang::En => format!(
                "--to {} is before --from {}; the period must not end before it starts",
                format_date(to),
                format_date(from)
            ),
        });
    }
    Ok(())
}

/// The period a filter asks for: `--from`/`--to`, by default 14 days from today.
fn period(filter: &MeetingFilter, lang: Lang) -> Result<(NaiveDate, NaiveDate), String> {
    let from = match &filter.from {
        Some(s) => date_option("--from", s, lang)?,
        None => chrono::Local::now().date_naive(),
    };
    let to = match &filter.to {
        Some(s) => date_option("--to", s, lang)?,
        None => from + Duration::days(DAYS - 1),
    };
    period_order(from, to, lang)?;
    Ok((from, to))
}

/// One meeting as `--format json` writes it.
#[derive(Debug, Serialize)]
struct JsonEntry<'a> {
    id: Id,
    /// ISO 8601: `2018-12-03`.
    date: String,
    /// `14:00`, or null.
    start: Option<String>,
    end: Option<String>,
    region_id: Id,
    region: &'a str,
    group_id: Option<Id>,
    group: Option<&'a str>,
    /// The meeting's number within its group, null outside a group.
    number: Option<usize>,
    kind: MeetingKind,
    kind_label: &'static str,
    /// The title as the text line shows it.
    title: String,
    place: &'a str,
    state: MeetingState,
}

/// A meeting with what it is shown with.
struct Row {
    meeting: Meeting,
    number: Option<usize>,
}

/// Names read once each.
#[derive(Default)]
struct Names {
    regions: HashMap<Id, String>,
    groups: HashMap<Id, Option<String>>,
}

impl Names {
    fn region(&mut self, store: &dyn Store, id: Id) -> crate::store::Result<()> {
        if let Entry::Vacant(slot) = self.regions.entry(id) {
            let name = store
                .get_as::<Region>(id)?
                .map_or_else(|| id.to_string(), |v| v.record.name);
            slot.insert(name);
        }
        Ok(())
    }

    fn group(&mut self, store: &dyn Store, id: Id) -> crate::store::Result<()> {
        if let Entry::Vacant(slot) = self.groups.entry(id) {
            slot.insert(store.get_as::<Group>(id)?.map(|v| v.record.name));
        }
        Ok(())
    }

    /// Every group's name in one read, when the period has many groups.
    fn all_groups(&mut self, store: &dyn Store) -> crate::store::Result<()> {
        for v in store.list_as::<Group>()? {
            self.groups.insert(v.record.id, Some(v.record.name));
        }
        Ok(())
    }

    fn region_name(&self, id: Id) -> &str {
        self.regions.get(&id).map_or("", String::as_str)
    }

    fn group_name(&self, id: Option<Id>) -> Option<&str> {
        id.and_then(|id| self.groups.get(&id)?.as_deref())
    }
}

pub fn run(
    store: &dyn Store,
    filter: &MeetingFilter,
    format: AgendaFormat,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let (from, to) = period(filter, lang)?;
    let err = |e: crate::store::StoreError| e.message(lang);
    if let Some(id) = filter.group
        && store.get_as::<Group>(id).map_err(err)?.is_none()
    {
        return Err(match lang {
            Lang::Cs => format!("--group: skupina s ID {id} v rejstříku není"),
            Lang::En => format!("--group: no group with the ID {id} in the register"),
        }
        .into());
    }
    if let Some(id) = filter.region
        && store.get_as::<Region>(id).map_err(err)?.is_none()
    {
        return Err(match lang {
            Lang::Cs => format!("--region: ORP s ID {id} v rejstříku není"),
            Lang::En => format!("--region: no region with the ID {id} in the register"),
        }
        .into());
    }
    let meetings: Vec<Meeting> = store
        .meetings_between(from, to)
        .map_err(err)?
        .into_iter()
        .map(|v| v.record)
        .collect();
    // The store gives the period in date order, ties by id: the order of a group's own
    // index. So a group's first meeting in the period has the number the index gives,
    // and each of its later meetings the next one. The first numbers are asked for all
    // at once (one question to a shared server).
    let wanted = |m: &Meeting| {
        filter.group.is_none_or(|g| m.group == Some(g))
            && filter.region.is_none_or(|r| m.region == r)
    };
    let mut firsts: Vec<(Id, NaiveDate, Id)> = Vec::new();
    let mut seen: std::collections::HashSet<Id> = std::collections::HashSet::new();
    for m in meetings.iter().filter(|m| wanted(m)) {
        if let Some(g) = m.group
            && seen.insert(g)
        {
            firsts.push((g, m.date, m.id));
        }
    }
    let first_numbers: HashMap<Id, usize> = firsts
        .iter()
        .map(|&(g, _, _)| g)
        .zip(store.meeting_numbers(&firsts).map_err(err)?)
        .collect();
    let mut last_number: HashMap<Id, usize> = HashMap::new();
    let mut names = Names::default();
    if firsts.len() > NAMES_ONE_BY_ONE {
        names.all_groups(store).map_err(err)?;
    }
    let mut rows = Vec::new();
    for m in meetings {
        if !wanted(&m) {
            continue;
        }
        let number = match m.group {
            Some(g) => {
                let n = match last_number.get(&g) {
                    Some(n) => n + 1,
                    None => first_numbers.get(&g).copied().unwrap_or(1),
                };
                last_number.insert(g, n);
                Some(n)
            }
            None => None,
        };
        names.region(store, m.region).map_err(err)?;
        if let Some(g) = m.group {
            names.group(store, g).map_err(err)?;
        }
        rows.push(Row { meeting: m, number });
    }
    // Date order, then start time; meetings without a time last in their day.
    rows.sort_by_key(|r| {
        let m = &r.meeting;
        (m.date, m.start.is_none(), m.start, m.id)
    });
    let out = match format {
        AgendaFormat::Text => {
            if rows.is_empty() {
                progress(&match lang {
                    Lang::Cs => format!(
                        "Od {} do {} nejsou žádná jednání.",
                        format_date(from),
                        format_date(to)
                    ),
                    Lang::En => format!(
                        "No meetings from {} to {}.",
                        format_date(from),
                        format_date(to)
                    ),
                });
            }
            text(&rows, &names, lang)
        }
        AgendaFormat::Json => json(&rows, &names, lang)?,
    };
    write_output(out.as_bytes(), None, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Collapses every run of whitespace (tabs and line breaks included) to one space, and
/// drops other control characters, so a field never holds the two-space separator.
fn field(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn time(m: &Meeting) -> String {
    match (m.start, m.end) {
        (Some(s), Some(e)) => format!("{}–{}", hhmm(s), hhmm(e)),
        (Some(s), None) => hhmm(s),
        _ => "-".to_string(),
    }
}

fn title(row: &Row, names: &Names, lang: Lang) -> String {
    let m = &row.meeting;
    match (names.group_name(m.group), row.number) {
        (Some(group), Some(n)) => match lang {
            Lang::Cs => format!("{n}. jednání – {group}"),
            Lang::En => format!("Meeting {n} – {group}"),
        },
        _ if !m.title.trim().is_empty() => m.title.clone(),
        _ => m.kind.label(lang).to_string(),
    }
}

fn text(rows: &[Row], names: &Names, lang: Lang) -> String {
    let mut out = String::with_capacity(rows.len() * 120);
    for row in rows {
        let m = &row.meeting;
        let place = field(&m.place);
        out.push_str(&m.date.format("%Y-%m-%d").to_string());
        out.push(' ');
        out.push_str(weekday_short(m.date.weekday(), lang));
        out.push(' ');
        out.push_str(&time(m));
        out.push_str("  ");
        out.push_str(&field(names.region_name(m.region)));
        out.push_str("  ");
        out.push_str(&field(&title(row, names, lang)));
        out.push_str("  @ ");
        out.push_str(if place.is_empty() { "-" } else { &place });
        out.push_str("  [");
        out.push_str(m.state.label(lang));
        out.push_str("]\n");
    }
    out
}

fn json(rows: &[Row], names: &Names, lang: Lang) -> Result<String, String> {
    let entries: Vec<JsonEntry> = rows
        .iter()
        .map(|row| {
            let m = &row.meeting;
            JsonEntry {
                id: m.id,
                date: m.date.format("%Y-%m-%d").to_string(),
                start: m.start.map(hhmm),
                end: m.end.map(hhmm),
                region_id: m.region,
                region: names.region_name(m.region),
                group_id: m.group,
                group: names.group_name(m.group),
                number: row.number,
                kind: m.kind,
                kind_label: m.kind.label(lang),
                title: title(row, names, lang),
                place: &m.place,
                state: m.state,
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}
