//! `kpss export --format ics` and `kpss import --ics`.

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::args::MeetingFilter;
use crate::cli::output::{Failure, file_error, line, progress, write_output};
use crate::ics::{self, ImportedEvent};
use crate::model::date::parse_date;
use crate::model::text::sanitize_line;
use crate::model::{Field, Group, Id, Labelled, Lang, Meeting, Region};
use crate::store::{Store, StoreError, StoreExt};

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
    let text = ics::write(&name, &events, chrono::Utc::now());
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

    let text = std::fs::read_to_string(file).map_err(|e| file_error(file, &e, lang))?;
    progress(&format!(
        "{} {}…",
        lang.pick("Čtu", "Reading"),
        file.display()
    ));
    let events =
        ics::read(&text).map_err(|e| format!("{}: {}", file.display(), e.message(lang)))?;

    // Events kpss itself wrote for a meeting that is still in the register on the same
    // date are there already.
    let mut seen = HashSet::new();
    let mut skipped = 0usize;
    let mut meetings = Vec::new();
    let mut problems = Vec::new();
    for (i, event) in events.iter().enumerate() {
        if !event.uid.is_empty() && !seen.insert(event.uid.clone()) {
            skipped += 1;
            continue;
        }
        if let Some(id) = ics::meeting_id(&event.uid)
            && let Some(existing) = store.get_as::<Meeting>(id).map_err(err)?
            && existing.record.date == event.date
        {
            skipped += 1;
            continue;
        }
        let meeting = meeting(event, group.as_ref(), &region);
        for problem in meeting.problems() {
            problems.push(format!(
                "{} {} („{}“): {}",
                lang.pick("událost č.", "event"),
                i + 1,
                sanitize_line(&event.summary),
                problem.message(lang)
            ));
        }
        meetings.push(meeting);
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

    progress(&format!(
        "{} {}…",
        lang.pick("Ukládám", "Storing"),
        lang.count(
            meetings.len(),
            ["jednání", "jednání", "jednání", "meeting", "meetings"]
        )
    ));
    // Everything was checked above; only the disk can fail now.
    let mut stored = 0usize;
    for meeting in meetings {
        store.create_as(meeting).map_err(|e| {
            format!(
                "{}: {} ({} {stored})",
                file.display(),
                e.message(lang),
                lang.pick(
                    "uloženo jednání před chybou:",
                    "meetings stored before the error:"
                )
            )
        })?;
        stored += 1;
    }
    let mut summary = format!(
        "{} {stored} {}",
        lang.pick("Načteno", "Imported"),
        lang.pick("jednání", if stored == 1 { "meeting" } else { "meetings" })
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
        ..Meeting::default()
    }
}
