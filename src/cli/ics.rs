//! `kpss export --format ics` and `kpss import --ics`.

use std::collections::HashSet;
use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::args::MeetingFilter;
use crate::cli::output::{Failure, file_error, line, progress, write_output};
use crate::ics::{self, ImportedEvent};
use crate::model::date::parse_date;
use crate::model::text::{sanitize, sanitize_line};
use crate::model::{Field, Group, Id, Kind, Labelled, Lang, Meeting, Record, Region};
use crate::store::{Change, ChangeSet, Store, StoreError, StoreExt};

const FROM: Field = Field::new("Od", "From");
const TO: Field = Field::new("Do", "To");

pub fn export(
    store: &dyn Store,
    filter: &MeetingFilter,
    out: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let err = |e: StoreError| e.message(lang);
    let date = |field, input: &Option<String>| {
        input
            .as_deref()
            .map(|s| parse_date(field, s))
            .transpose()
            .map_err(|e| e.message(lang))
    };
    let from = date(FROM, &filter.from)?.unwrap_or(NaiveDate::MIN);
    let to = date(TO, &filter.to)?.unwrap_or(NaiveDate::MAX);
    let group = match filter.group {
        Some(id) => Some(group(store, id, lang)?),
        None => None,
    };
    let region = match filter.region {
        Some(id) => Some(region(store, id, lang)?),
        None => None,
    };
    let meetings: Vec<Meeting> = match &group {
        Some(g) => store.meetings_of_group(g.id).map_err(err)?,
        None => store.meetings_between(from, to).map_err(err)?,
    }
    .into_iter()
    .map(|v| v.record)
    .filter(|m| from <= m.date && m.date <= to)
    .filter(|m| filter.region.is_none_or(|r| m.region == r))
    .collect();

    let events = ics::events(store, meetings).map_err(err)?;

    let name = match (&group, &region) {
        (Some(g), _) => format!("KPSS – {}", g.label()),
        (None, Some(r)) => format!("KPSS – ORP {}", r.name),
        (None, None) => {
            let names: HashSet<&str> = events.iter().map(|e| e.region.as_str()).collect();
            match names.into_iter().collect::<Vec<_>>().as_slice() {
                [one] if !one.is_empty() => format!("KPSS – ORP {one}"),
                _ => "KPSS – jednání".to_string(),
            }
        }
    };
    let text = ics::write(&name, &events, chrono::Utc::now()).map_err(|e| e.message(lang))?;
    write_output(text.as_bytes(), out, lang)?;
    let count = lang.count(
        events.len(),
        ["jednání", "jednání", "jednání", "meeting", "meetings"],
    );
    progress(&match out {
        Some(path) => format!(
            "{} {count} → {}",
            lang.pick("Zapsáno", "Wrote"),
            path.display()
        ),
        None => format!("{} {count}", lang.pick("Zapsáno", "Wrote")),
    });
    Ok(ExitCode::SUCCESS)
}

fn group(store: &dyn Store, id: Id, lang: Lang) -> Result<Group, String> {
    store
        .get_as::<Group>(id)
        .map_err(|e| e.message(lang))?
        .map(|v| v.record)
        .ok_or_else(|| {
            format!(
                "{} {id}",
                lang.pick("neexistuje skupina s ID", "there is no group with ID")
            )
        })
}

fn region(store: &dyn Store, id: Id, lang: Lang) -> Result<Region, String> {
    store
        .get_as::<Region>(id)
        .map_err(|e| e.message(lang))?
        .map(|v| v.record)
        .ok_or_else(|| {
            format!(
                "{} {id}",
                lang.pick("neexistuje ORP s ID", "there is no region with ID")
            )
        })
}

pub fn import(
    store: &dyn Store,
    file: &Path,
    group_id: Option<u64>,
    region_id: Option<u64>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let err = |e: StoreError| e.message(lang);
    // Where the meetings go: a group (and its region), or a region.
    let group = match group_id {
        Some(id) => Some(group(store, id, lang)?),
        None => None,
    };
    let region = match (&group, region_id) {
        (Some(g), Some(r)) if g.region != r => {
            return Err(format!(
                "{} {} {}",
                lang.pick("skupina", "group"),
                g.label(),
                lang.pick(
                    &format!("nepatří do ORP s ID {r}"),
                    &format!("does not belong to the region with ID {r}"),
                )
            )
            .into());
        }
        (Some(g), _) => region(store, g.region, lang)?,
        (None, Some(r)) => region(store, r, lang)?,
        (None, None) => {
            return Err(lang
                .pick(
                    "zadejte skupinu (--group ID) nebo ORP (--region ID), kam jednání patří",
                    "give the group (--group ID) or the region (--region ID) the meetings belong to",
                )
                .to_string()
                .into());
        }
    };

    let text = read_calendar_file(file, lang)?;
    let calendar =
        ics::read(&text).map_err(|e| format!("{}: {}", file.display(), e.message(lang)))?;
    for cut in &calendar.cut {
        eprintln!(
            "{}",
            sanitize(&format!(
                "{}: {}: {}",
                file.display(),
                lang.pick("upozornění", "warning"),
                cut.message(lang)
            ))
        );
    }
    let events = calendar.events;
    progress(&format!(
        "{} {}…",
        lang.pick("Kontroluji", "Checking"),
        lang.count(
            events.len(),
            ["událost", "události", "událostí", "event", "events"]
        )
    ));

    // Events already in the register are skipped: those kpss wrote for a meeting still
    // there on the same date, and those whose UID a stored meeting keeps (imported
    // before, from this file or through another calendar).
    let stored_uids: HashSet<String> = store
        .list(Kind::Meeting)
        .map_err(err)?
        .into_iter()
        .filter_map(|v| match v.record {
            Record::Meeting(m) if !m.uid.is_empty() => Some(m.uid),
            _ => None,
        })
        .collect();
    let mut seen = HashSet::new();
    let mut skipped = 0usize;
    let mut set = ChangeSet::new();
    let mut problems = Vec::new();
    for event in &events {
        if stored_uids.contains(&event.uid) || !seen.insert(event.uid.clone()) {
            skipped += 1;
            continue;
        }
        if let Some(id) = ics::meeting_id(&event.uid)
            && let Some(existing) = store.get_as::<Meeting>(id).map_err(err)?
            && existing.record.date == event.date
            && existing.record.uid.is_empty()
        {
            skipped += 1;
            continue;
        }
        let meeting = meeting(event, group.as_ref(), &region);
        for problem in meeting.problems() {
            let line = format!(
                "{} {} („{}“): {}",
                lang.pick("událost č.", "event"),
                event.index,
                sanitize_line(&event.summary),
                problem.message(lang)
            );
            // The occurrences of a recurring event share its problems: said once.
            if !problems.contains(&line) {
                problems.push(line);
            }
        }
        set.push(Change::Create(Record::Meeting(meeting)));
    }
    if !problems.is_empty() {
        return Err(format!(
            "{}: {}\n  {}",
            file.display(),
            lang.pick(
                "nic nebylo načteno, tyto události nelze uložit",
                "nothing was imported; these events cannot be stored",
            ),
            problems.join("\n  ")
        )
        .into());
    }

    let count = set.len();
    if count > 0 {
        progress(&format!(
            "{} {}…",
            lang.pick("Ukládám najednou", "Storing at once"),
            lang.count(
                count,
                ["jednání", "jednání", "jednání", "meeting", "meetings"]
            )
        ));
        // One change set: every meeting is stored, or (on any failure) none is.
        let applied = store.apply(set).map_err(|e| {
            let outcome = match e {
                StoreError::Uncertain(_) => lang.pick(
                    "importujte soubor znovu: co se uložilo, bude přeskočeno",
                    "import the file again: what was stored will be skipped",
                ),
                _ => lang.pick("nic nebylo uloženo", "nothing was stored"),
            };
            format!("{}: {} ({outcome})", file.display(), e.message(lang))
        })?;
        let stored = applied.stored().count();
        if stored != count {
            return Err(format!(
                "{}: {}",
                file.display(),
                lang.pick(
                    &format!("uloženo {stored} z {count} jednání"),
                    &format!("{stored} of {count} meetings were stored"),
                )
            )
            .into());
        }
    }
    let mut summary = format!(
        "{} {count} {}",
        lang.pick("Načteno", "Imported"),
        lang.pick("jednání", if count == 1 { "meeting" } else { "meetings" })
    );
    if skipped > 0 {
        summary.push_str(&format!(
            ", {} {skipped} {}",
            lang.pick("přeskočeno", "skipped"),
            lang.pick("(už v rejstříku)", "(already in the register)")
        ));
    }
    line(&summary, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// The calendar file's text; a file larger than kpss reads is refused before it is read.
fn read_calendar_file(file: &Path, lang: Lang) -> Result<String, String> {
    let failed = |e: std::io::Error| file_error(file, &e, lang);
    let opened = std::fs::File::open(file).map_err(failed)?;
    let too_large = |bytes: u64| {
        format!(
            "{}: {}",
            file.display(),
            ics::IcsError::TooLarge { bytes }.message(lang)
        )
    };
    let size = opened.metadata().map_err(failed)?.len();
    if size > ics::MAX_FILE_BYTES as u64 {
        return Err(too_large(size));
    }
    progress(&format!(
        "{} {}…",
        lang.pick("Čtu", "Reading"),
        file.display()
    ));
    // The file may grow while it is read: read one byte past the limit to tell.
    let mut bytes = Vec::new();
    opened
        .take(ics::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() > ics::MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "{}: {}",
            file.display(),
            lang.pick("soubor není text v UTF-8", "the file is not UTF-8 text")
        )
    })
}

/// The meeting an event becomes in `group` (when given) and `region`.
fn meeting(event: &ImportedEvent, group: Option<&Group>, region: &Region) -> Meeting {
    // A group's numbered summary ("3. jednání – ŘS Soběslav") is derived, not a title.
    let title = match group {
        Some(g) if ics::is_group_summary(&event.summary, g.label()) => String::new(),
        _ if event.summary.is_empty() && group.is_none() => event.kind.label_cs().to_string(),
        _ => event.summary.clone(),
    };
    Meeting {
        id: 0,
        region: region.id,
        group: group.map(|g| g.id),
        kind: event.kind,
        title,
        date: event.date,
        start: event.start,
        end: event.end,
        place: event.location.clone(),
        agenda: event.agenda.clone(),
        minutes: event.minutes.clone(),
        state: event.state,
        uid: event.uid.clone(),
        ..Meeting::default()
    }
}

#[cfg(test)]
#[path = "ics_tests.rs"]
mod tests;
