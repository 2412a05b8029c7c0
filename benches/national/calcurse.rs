//! calcurse beside kpss: the same meetings written straight into calcurse's own
//! appointments file (`apts`), then `calcurse -Q` of the same month.
//!
//! calcurse's `apts` holds one item per line: `06/03/2015 @ 14:00 -> 06/03/2015 @ 16:00|text`
//! for an appointment and `06/04/2015 [1] text` for an all-day event (as calcurse 4.7.1
//! writes them itself after `calcurse -i` of an .ics). Importing 250,000 events with
//! `calcurse -i` takes about half an hour; writing the file takes a second.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;

use chrono::{NaiveDate, NaiveTime};
use kpss::model::lang::Labelled;
use kpss::model::{Id, Lang, Meeting, Register};

use crate::process::{Spread, spread};

/// Whether calcurse is installed.
pub fn installed() -> bool {
    Command::new("calcurse").arg("--version").output().is_ok()
}

/// Writes the register's meetings as calcurse's `apts` file in `dir`, in calcurse's own
/// order (start, then text, as its `apoint_cmp`): calcurse appends an item that sorts
/// after its list's last one at once, and walks the list from its head for any other,
/// which in start order alone made the query four times slower at 0.1×.
pub fn write_apts(register: &Register, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let numbers = numbers(&register.meetings);
    let regions: HashMap<Id, &str> = register
        .regions
        .iter()
        .map(|r| (r.id, r.name.as_str()))
        .collect();
    let groups: HashMap<Id, &str> = register
        .groups
        .iter()
        .map(|g| (g.id, g.name.as_str()))
        .collect();
    let mut items: Vec<(NaiveDate, Option<NaiveTime>, String, Option<NaiveTime>)> = register
        .meetings
        .iter()
        .map(|m| {
            let title = match (m.group.and_then(|g| groups.get(&g)), numbers.get(&m.id)) {
                (Some(group), Some(n)) => format!("{n}. jednání – {group}"),
                _ if !m.title.trim().is_empty() => m.title.clone(),
                _ => m.kind.label(Lang::Cs).to_string(),
            };
            // kpss agenda's line without its date and time.
            let text = format!(
                "{}  {}  @ {}  [{}]",
                regions.get(&m.region).copied().unwrap_or(""),
                title,
                m.place,
                m.state.label(Lang::Cs)
            );
            (m.date, m.start, text.replace(['\n', '\r'], " "), m.end)
        })
        .collect();
    // calcurse's own order: start, then text (strcmp).
    items.sort();
    let file = std::fs::File::create(dir.join("apts")).unwrap();
    let mut out = BufWriter::new(file);
    for (date, start, text, end) in items {
        match start {
            Some(start) => {
                let end = end.unwrap_or(start);
                writeln!(out, "{} -> {}|{text}", at(date, start), at(date, end))
            }
            None => writeln!(out, "{} [1] {text}", day(date)),
        }
        .unwrap();
    }
    out.flush().unwrap();
}

fn day(date: NaiveDate) -> String {
    date.format("%m/%d/%Y").to_string()
}

fn at(date: NaiveDate, time: NaiveTime) -> String {
    format!("{} @ {}", day(date), time.format("%H:%M"))
}

/// Each group meeting's number within its group: date order, ties by id (the order of
/// the store's group index, which `kpss agenda` numbers by).
fn numbers(meetings: &[Meeting]) -> HashMap<Id, usize> {
    let mut by_group: HashMap<Id, Vec<(NaiveDate, Id)>> = HashMap::new();
    for m in meetings {
        if let Some(g) = m.group {
            by_group.entry(g).or_default().push((m.date, m.id));
        }
    }
    let mut numbers = HashMap::with_capacity(meetings.len());
    for mut list in by_group.into_values() {
        list.sort();
        for (i, (_, id)) in list.into_iter().enumerate() {
            numbers.insert(id, i + 1);
        }
    }
    numbers
}

/// `calcurse -Q` of June 2015 on the data in `dir`.
pub fn june(dir: &Path) -> Spread {
    spread(|| {
        let mut c = Command::new("calcurse");
        c.arg("-D").arg(dir).arg("-C").arg(dir).args([
            "-Q",
            "--from",
            "06/01/2015",
            "--to",
            "06/30/2015",
        ]);
        c
    })
}

/// Appointments and events in calcurse's query output: each is a line `" - 14:00 ->
/// 16:00"` (or `" * "` for an all-day event) followed by its text, under a line per day.
pub fn items(stdout: &[u8]) -> usize {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| l.starts_with(" - ") || l.starts_with(" * "))
        .count()
}
