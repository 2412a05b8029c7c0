//! iCalendar (RFC 5545): meetings written as an `.ics` calendar, and meetings read back
//! from one. Pure: no store, no I/O.
//!
//! The `icalendar` crate builds, escapes, folds and parses the content lines; this module
//! decides what goes where. Times are written as local times in `Europe/Prague` with the
//! zone's definition (`VTIMEZONE`) in the calendar; meetings without a time are all-day
//! events. Reading accepts UTC (`…Z`), `TZID=Europe/Prague` (and zones with the same
//! rules) and floating local times, and gives every time as Prague local time.

mod events;
pub use events::events;

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use icalendar::parser::{Component as ParsedComponent, read_components, unfold};
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike,
    EventStatus, Property,
};

use crate::model::{Id, Labelled, Lang, Meeting, MeetingKind, MeetingState};

/// The time zone every written time is in.
pub const TZID: &str = "Europe/Prague";
/// The `PRODID` of every calendar kpss writes.
pub const PRODID: &str = "-//kpss//kpss//CS";
/// The property that carries a meeting's kind by its stable (serde) name.
pub const KIND_PROPERTY: &str = "X-KPSS-KIND";
/// How the description separates the minutes from the agenda.
const MINUTES_HEADING: &str = "Zápis:\n";
const MINUTES_SEPARATOR: &str = "\n\nZápis:\n";
/// How long a meeting with a start and no end is taken to last.
const DEFAULT_LENGTH_HOURS: i64 = 2;

/// One meeting to write, with the names its event shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingEvent {
    pub meeting: Meeting,
    /// The group's label ("ŘS Soběslav"), for a group's meeting.
    pub group: Option<String>,
    /// The region's (ORP's) name.
    pub region: String,
    /// The meeting's number within its group ("3" in "3. jednání").
    pub number: Option<usize>,
}

/// One event read from a calendar, in Prague local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvent {
    /// The event's UID; empty when the event has none.
    pub uid: String,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub summary: String,
    pub location: String,
    /// The description up to the minutes' heading.
    pub agenda: String,
    /// The description after the minutes' heading kpss writes, else empty.
    pub minutes: String,
    pub kind: MeetingKind,
    pub state: MeetingState,
}

/// Why a calendar file was refused. Events are counted from 1 in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    /// A line the parser cannot read; `line` counts from 1 in the unfolded text.
    #[error("{}", self.message(Lang::Cs))]
    Syntax { line: usize, content: String },
    /// The file breaks off: a component is begun and never ended.
    #[error("{}", self.message(Lang::Cs))]
    Truncated { missing: String },
    /// Well-formed, but not a `VCALENDAR` (`found` is what it begins with; empty for an
    /// empty file).
    #[error("{}", self.message(Lang::Cs))]
    NotACalendar { found: String },
    #[error("{}", self.message(Lang::Cs))]
    NoEvents,
    #[error("{}", self.message(Lang::Cs))]
    MissingStart { event: usize, summary: String },
    #[error("{}", self.message(Lang::Cs))]
    BadDate {
        event: usize,
        summary: String,
        property: String,
        value: String,
    },
    #[error("{}", self.message(Lang::Cs))]
    EndBeforeStart { event: usize, summary: String },
    #[error("{}", self.message(Lang::Cs))]
    UnknownTimezone {
        event: usize,
        summary: String,
        tzid: String,
    },
}

impl IcsError {
    pub fn message(&self, lang: Lang) -> String {
        let cs = lang == Lang::Cs;
        let at = |event: &usize, summary: &str| {
            let mut s = if cs {
                format!("událost č. {event}")
            } else {
                format!("event {event}")
            };
            if !summary.is_empty() {
                let _ = write!(s, " („{summary}“)");
            }
            s
        };
        match self {
            IcsError::Syntax { line, content } if cs => format!(
                "soubor není platný iCalendar (RFC 5545): řádek {line} nelze přečíst: „{content}“"
            ),
            IcsError::Syntax { line, content } => format!(
                "the file is not valid iCalendar (RFC 5545): line {line} cannot be read: \"{content}\""
            ),
            IcsError::Truncated { missing } if cs => {
                format!("soubor je neúplný (useknutý): chybí END:{missing}")
            }
            IcsError::Truncated { missing } => {
                format!("the file is incomplete (cut off): END:{missing} is missing")
            }
            IcsError::NotACalendar { found } if found.is_empty() && cs => {
                "soubor je prázdný, není to kalendář iCalendar".into()
            }
            IcsError::NotACalendar { found } if found.is_empty() => {
                "the file is empty, not an iCalendar calendar".into()
            }
            IcsError::NotACalendar { found } if cs => {
                format!("soubor není kalendář iCalendar (čekáno BEGIN:VCALENDAR, nalezeno {found})")
            }
            IcsError::NotACalendar { found } => format!(
                "the file is not an iCalendar calendar (expected BEGIN:VCALENDAR, found {found})"
            ),
            IcsError::NoEvents if cs => "kalendář neobsahuje žádnou událost (VEVENT)".into(),
            IcsError::NoEvents => "the calendar has no events (VEVENT)".into(),
            IcsError::MissingStart { event, summary } if cs => {
                format!("{}: chybí začátek (DTSTART)", at(event, summary))
            }
            IcsError::MissingStart { event, summary } => {
                format!("{}: no start (DTSTART)", at(event, summary))
            }
            IcsError::BadDate {
                event,
                summary,
                property,
                value,
            } if cs => format!(
                "{}: neplatné datum nebo čas {property}: „{value}“",
                at(event, summary)
            ),
            IcsError::BadDate {
                event,
                summary,
                property,
                value,
            } => format!(
                "{}: invalid date or time {property}: \"{value}\"",
                at(event, summary)
            ),
            IcsError::EndBeforeStart { event, summary } if cs => {
                format!("{}: konec (DTEND) je před začátkem", at(event, summary))
            }
            IcsError::EndBeforeStart { event, summary } => {
                format!(
                    "{}: the end (DTEND) is before the start",
                    at(event, summary)
                )
            }
            IcsError::UnknownTimezone {
                event,
                summary,
                tzid,
            } if cs => format!(
                "{}: neznámé časové pásmo „{tzid}“ (kpss zná Europe/Prague a UTC)",
                at(event, summary)
            ),
            IcsError::UnknownTimezone {
                event,
                summary,
                tzid,
            } => format!(
                "{}: unknown time zone \"{tzid}\" (kpss knows Europe/Prague and UTC)",
                at(event, summary)
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Names shared by writing and reading

/// The UID of a meeting's event: stable across exports.
pub fn uid(id: Id) -> String {
    format!("meeting-{id}@kpss")
}

/// The meeting id in a UID kpss wrote, else `None`.
pub fn meeting_id(uid: &str) -> Option<Id> {
    uid.strip_prefix("meeting-")?
        .strip_suffix("@kpss")?
        .parse()
        .ok()
}

/// The summary kpss writes for a group's meeting without a title: "3. jednání – ŘS Soběslav".
pub fn group_summary(number: usize, group: &str) -> String {
    format!("{number}. jednání – {group}")
}

/// True when `summary` is a numbered group summary of `group`, whatever the number: such a
/// meeting needs no title of its own.
pub fn is_group_summary(summary: &str, group: &str) -> bool {
    summary
        .strip_suffix(group)
        .and_then(|s| s.strip_suffix(". jednání – "))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The event's summary: the meeting's title, else "<n>. jednání – <group>", else the kind.
pub fn summary(event: &MeetingEvent) -> String {
    let m = &event.meeting;
    if !m.title.trim().is_empty() {
        return m.title.clone();
    }
    match (event.number, &event.group) {
        (Some(n), Some(group)) => group_summary(n, group),
        (None, Some(group)) => format!("{} – {group}", m.kind.label_cs()),
        _ => m.kind.label_cs().to_string(),
    }
}

/// The description: the agenda, then the minutes under their heading.
pub fn description(agenda: &str, minutes: &str) -> String {
    let agenda = normalise_newlines(agenda);
    let minutes = normalise_newlines(minutes);
    match (agenda.is_empty(), minutes.is_empty()) {
        (_, true) => agenda,
        (true, false) => format!("{MINUTES_HEADING}{minutes}"),
        (false, false) => format!("{agenda}{MINUTES_SEPARATOR}{minutes}"),
    }
}

/// The agenda and the minutes of a description [`description`] wrote.
fn split_description(text: &str) -> (String, String) {
    if let Some(minutes) = text.strip_prefix(MINUTES_HEADING) {
        (String::new(), minutes.to_string())
    } else if let Some((agenda, minutes)) = text.split_once(MINUTES_SEPARATOR) {
        (agenda.to_string(), minutes.to_string())
    } else {
        (text.to_string(), String::new())
    }
}

/// iCalendar text escapes a line break as `\n`; a carriage return has no escape.
fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A value's stable serde name (`steering`, `round_table`).
fn serde_name<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn status_of(state: MeetingState) -> EventStatus {
    match state {
        MeetingState::Planned => EventStatus::Tentative,
        MeetingState::Held => EventStatus::Confirmed,
        MeetingState::Cancelled => EventStatus::Cancelled,
    }
}

fn state_of(status: &str) -> MeetingState {
    match status.trim().to_ascii_uppercase().as_str() {
        "CONFIRMED" => MeetingState::Held,
        "CANCELLED" => MeetingState::Cancelled,
        _ => MeetingState::Planned,
    }
}

// ---------------------------------------------------------------------------------------
// Time zone: the EU rule for Europe/Prague

/// The last Sunday of a month.
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    last.checked_sub_signed(Duration::days(i64::from(back)))
}

/// Prague's offset from UTC in hours at a UTC instant, by the EU rule: summer time (+2)
/// from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October,
/// else +1.
pub fn prague_offset_hours(utc: NaiveDateTime) -> i64 {
    let year = utc.year();
    let switch = |month| last_sunday(year, month).and_then(|d| d.and_hms_opt(1, 0, 0));
    match (switch(3), switch(10)) {
        (Some(summer), Some(winter)) if summer <= utc && utc < winter => 2,
        _ => 1,
    }
}

/// A UTC time as Prague local time.
pub fn utc_to_prague(utc: NaiveDateTime) -> NaiveDateTime {
    utc.checked_add_signed(Duration::hours(prague_offset_hours(utc)))
        .unwrap_or(utc)
}

/// Zones whose rules are Prague's since 1996 (CET/CEST with the EU switch), as IANA and
/// Windows name them.
const PRAGUE_LIKE: [&str; 24] = [
    "Europe/Prague",
    "Europe/Bratislava",
    "Europe/Vienna",
    "Europe/Berlin",
    "Europe/Warsaw",
    "Europe/Budapest",
    "Europe/Ljubljana",
    "Europe/Zagreb",
    "Europe/Belgrade",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Luxembourg",
    "Europe/Copenhagen",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Madrid",
    "CET",
    "Central Europe Standard Time",
    "Central European Standard Time",
    "W. Europe Standard Time",
    "Romance Standard Time",
];
const UTC_LIKE: [&str; 5] = ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z"];

enum Zone {
    Prague,
    Utc,
}

fn zone(tzid: &str) -> Option<Zone> {
    let tzid = tzid.trim().trim_matches('"');
    // Some writers prefix the IANA name ("/freeassociation.sourceforge.net/Europe/Prague").
    let matches =
        |name: &&str| tzid.eq_ignore_ascii_case(name) || tzid.ends_with(&format!("/{name}"));
    if PRAGUE_LIKE.iter().any(matches) {
        Some(Zone::Prague)
    } else if UTC_LIKE.iter().any(matches) {
        Some(Zone::Utc)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------
// Writing

/// The calendar as iCalendar text (CRLF line ends, lines folded at 75 octets): a
/// `VTIMEZONE` for Europe/Prague, then one `VEVENT` per meeting in date order. `name` is
/// the calendar's name (`X-WR-CALNAME`); `stamp` the `DTSTAMP` of every event.
pub fn write(name: &str, events: &[MeetingEvent], stamp: DateTime<Utc>) -> String {
    // Writing into a String cannot fail; the library's signatures say it might.
    render(name, events, stamp).unwrap_or_default()
}

fn render(
    name: &str,
    events: &[MeetingEvent],
    stamp: DateTime<Utc>,
) -> Result<String, std::fmt::Error> {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("PRODID", PRODID))
        .append_property(("VERSION", "2.0"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .append_property(
            Property::new("X-WR-CALNAME", name)
                .add_parameter("VALUE", "TEXT")
                .done(),
        )
        .append_property(("X-WR-TIMEZONE", TZID));
    let header = calendar.to_string();
    // The library writes components with a made-up DTSTAMP and a random UID when they
    // lack them, which a VTIMEZONE must not have: the header is written without
    // components, and the zone and the events after it.
    let mut out = header
        .strip_suffix("END:VCALENDAR\r\n")
        .unwrap_or(&header)
        .to_string();
    if let Some(CalendarComponent::Other(zone)) = prague_timezone() {
        write_plain(&zone, &mut out)?;
    }
    let mut sorted: Vec<&MeetingEvent> = events.iter().collect();
    sorted.sort_by_key(|e| (e.meeting.date, e.meeting.start, e.meeting.id));
    for e in sorted {
        out.push_str(&event(e, stamp).try_into_string()?);
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok(out)
}

/// Europe/Prague: CET (+0100) and CEST (+0200) with the EU switches, last Sunday of March
/// at 02:00 and last Sunday of October at 03:00 local time. Built as the library's generic
/// component (`VTIMEZONE` with `DAYLIGHT` and `STANDARD` inside).
fn prague_timezone() -> Option<CalendarComponent> {
    let empty = |kind: &str| match CalendarComponent::from(ParsedComponent {
        name: kind.into(),
        properties: Vec::new(),
        components: Vec::new(),
    }) {
        CalendarComponent::Other(other) => Some(other),
        _ => None,
    };
    let mut daylight = empty("DAYLIGHT")?;
    daylight
        .add_property("TZOFFSETFROM", "+0100")
        .add_property("TZOFFSETTO", "+0200")
        .add_property("TZNAME", "CEST")
        .add_property("DTSTART", "19700329T020000")
        .add_property("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
    let mut standard = empty("STANDARD")?;
    standard
        .add_property("TZOFFSETFROM", "+0200")
        .add_property("TZOFFSETTO", "+0100")
        .add_property("TZNAME", "CET")
        .add_property("DTSTART", "19701025T030000")
        .add_property("RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    let mut zone = empty("VTIMEZONE")?;
    zone.add_property("TZID", TZID)
        .add_property("X-LIC-LOCATION", TZID)
        .append_component(daylight)
        .append_component(standard);
    Some(CalendarComponent::Other(zone))
}

/// Writes a component as it is, each content line by the library (escaped and folded),
/// without the DTSTAMP and UID the library adds to components that lack them.
fn write_plain(component: &impl Component, out: &mut String) -> Result<(), std::fmt::Error> {
    let kind = component.component_kind();
    out.push_str(&format!("BEGIN:{kind}\r\n"));
    for property in component.properties().values() {
        let line: String = property.clone().try_into()?;
        out.push_str(&line);
    }
    for property in component.multi_properties().values().flatten() {
        let line: String = property.clone().try_into()?;
        out.push_str(&line);
    }
    for child in component.components() {
        write_plain(child, out)?;
    }
    out.push_str(&format!("END:{kind}\r\n"));
    Ok(())
}

fn prague(date: NaiveDate, time: NaiveTime) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: date.and_time(time),
        tzid: TZID.to_string(),
    }
}

fn event(e: &MeetingEvent, stamp: DateTime<Utc>) -> Event {
    let m = &e.meeting;
    let mut ev = Event::new();
    ev.uid(&uid(m.id))
        .timestamp(stamp)
        .summary(&summary(e))
        .status(status_of(m.state));
    match m.start {
        Some(start) => {
            let end = match m.end {
                Some(end) if end >= start => m.date.and_time(end),
                _ => m
                    .date
                    .and_time(start)
                    .checked_add_signed(Duration::hours(DEFAULT_LENGTH_HOURS))
                    .unwrap_or(m.date.and_time(start)),
            };
            ev.starts(prague(m.date, start))
                .ends(prague(end.date(), end.time()));
        }
        None => {
            let next = m.date.succ_opt().unwrap_or(m.date);
            ev.starts(DatePerhapsTime::Date(m.date))
                .ends(DatePerhapsTime::Date(next));
        }
    }
    if !m.place.trim().is_empty() {
        ev.location(&normalise_newlines(&m.place));
    }
    let text = description(&m.agenda, &m.minutes);
    if !text.is_empty() {
        ev.description(&text);
    }
    ev.append_multi_property(("CATEGORIES", m.kind.label_cs()));
    if !e.region.is_empty() {
        ev.append_multi_property(Property::new("CATEGORIES", format!("ORP {}", e.region)));
    }
    if let Some(group) = &e.group {
        ev.append_multi_property(("CATEGORIES", group.as_str()));
    }
    ev.add_property(KIND_PROPERTY, serde_name(m.kind));
    ev.done()
}

// ---------------------------------------------------------------------------------------
// Reading

/// The events of an iCalendar text, in file order. Refuses text that is not a calendar, a
/// calendar without events, and an event without a start, with a date that does not
/// exist, in an unknown time zone or ending before it starts.
pub fn read(text: &str) -> Result<Vec<ImportedEvent>, IcsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(IcsError::NotACalendar {
            found: String::new(),
        });
    }
    let unfolded = unfold(text);
    let first_line = unfolded
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if !first_line.eq_ignore_ascii_case("BEGIN:VCALENDAR") {
        return Err(IcsError::NotACalendar {
            found: shorten(first_line),
        });
    }
    // The parser is a third party's: whatever it does with a hostile file, kpss answers
    // with a refusal, not a crash.
    let parsed = match std::panic::catch_unwind(|| read_components(&unfolded)) {
        Ok(Ok(parsed)) => parsed,
        Ok(Err(error)) => return Err(syntax_error(&unfolded, &error)),
        Err(_) => return Err(syntax_error(&unfolded, "")),
    };
    let Some(first) = parsed.first() else {
        return Err(IcsError::NotACalendar {
            found: String::new(),
        });
    };
    if !first.name.as_str().eq_ignore_ascii_case("VCALENDAR") {
        return Err(IcsError::NotACalendar {
            found: format!("BEGIN:{}", first.name.as_str()),
        });
    }
    let mut out = Vec::new();
    for calendar in parsed
        .into_iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VCALENDAR"))
    {
        for component in calendar.components {
            if !component.name.as_str().eq_ignore_ascii_case("VEVENT") {
                continue;
            }
            if let CalendarComponent::Event(ev) = CalendarComponent::from(component) {
                out.push(imported(out.len() + 1, &ev)?);
            }
        }
    }
    if out.is_empty() {
        return Err(IcsError::NoEvents);
    }
    Ok(out)
}

/// At most 60 characters of a line, for a message.
fn shorten(line: &str) -> String {
    let mut out: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Why the parser stopped: a component begun and not ended, else the first line it
/// could not read (its error names the line: "0: at line 38, in …").
fn syntax_error(unfolded: &str, error: &str) -> IcsError {
    let mut open: Vec<String> = Vec::new();
    for line in unfolded.lines().map(str::trim) {
        let upper = line.to_ascii_uppercase();
        if let Some(name) = upper.strip_prefix("BEGIN:") {
            open.push(name.to_string());
        } else if let Some(name) = upper.strip_prefix("END:") {
            if open.last().is_some_and(|last| *last == name) {
                open.pop();
            }
        }
    }
    if let Some(missing) = open.pop() {
        return IcsError::Truncated { missing };
    }
    // The parser reports the start of the component it could not finish; the first line
    // that is not a content line at all (`NAME;PARAM=…:value`) is the one to show.
    let not_a_content_line = |line: &str| {
        let name_end = line.find([':', ';']).unwrap_or(line.len());
        let name = &line[..name_end];
        name.is_empty()
            || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            || !line.contains(':')
    };
    if let Some((i, bad)) = unfolded
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && not_a_content_line(l.trim_end()))
    {
        return IcsError::Syntax {
            line: i + 1,
            content: shorten(bad.trim()),
        };
    }
    let line = error
        .split("at line ")
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|digits| digits.parse::<usize>().ok())
        .unwrap_or(1);
    let content = unfolded
        .lines()
        .nth(line.saturating_sub(1))
        .map(|l| shorten(l.trim()))
        .unwrap_or_default();
    IcsError::Syntax { line, content }
}

/// A moment as the file gives it: a date, or a Prague local date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Moment {
    Date(NaiveDate),
    Local(NaiveDateTime),
}

impl Moment {
    fn date(self) -> NaiveDate {
        match self {
            Moment::Date(d) => d,
            Moment::Local(t) => t.date(),
        }
    }
}

fn imported(index: usize, ev: &Event) -> Result<ImportedEvent, IcsError> {
    let summary = ev.get_summary().unwrap_or("").trim().to_string();
    let start = moment(index, &summary, ev, "DTSTART")?.ok_or_else(|| IcsError::MissingStart {
        event: index,
        summary: summary.clone(),
    })?;
    let end = match moment(index, &summary, ev, "DTEND")? {
        Some(end) => Some(end),
        None => ev
            .property_value("DURATION")
            .and_then(parse_duration)
            .and_then(|d| match start {
                Moment::Local(t) => t.checked_add_signed(d).map(Moment::Local),
                Moment::Date(day) => day.checked_add_signed(d).map(Moment::Date),
            }),
    };
    let end_before_start = || IcsError::EndBeforeStart {
        event: index,
        summary: summary.clone(),
    };
    let (date, start_time, end_time) = match (start, end) {
        (Moment::Local(s), Some(Moment::Local(e))) => {
            if e < s {
                return Err(end_before_start());
            }
            // An end on another day cannot be a meeting's end time.
            let end = (e.date() == s.date()).then_some(e.time());
            (s.date(), Some(s.time()), end)
        }
        (Moment::Local(s), Some(Moment::Date(e))) => {
            if e < s.date() {
                return Err(end_before_start());
            }
            (s.date(), Some(s.time()), None)
        }
        (Moment::Local(s), None) => (s.date(), Some(s.time()), None),
        (Moment::Date(s), Some(e)) => {
            if e.date() < s {
                return Err(end_before_start());
            }
            (s, None, None)
        }
        (Moment::Date(s), None) => (s, None, None),
    };
    let (agenda, minutes) = split_description(ev.get_description().unwrap_or(""));
    Ok(ImportedEvent {
        uid: ev.get_uid().unwrap_or("").trim().to_string(),
        date,
        start: start_time.map(whole_minutes),
        end: end_time.map(whole_minutes),
        summary,
        location: ev.get_location().unwrap_or("").trim().to_string(),
        agenda,
        minutes,
        kind: kind_of(ev),
        state: ev
            .property_value("STATUS")
            .map_or(MeetingState::Planned, state_of),
    })
}

fn whole_minutes(t: NaiveTime) -> NaiveTime {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

/// DTSTART or DTEND as a moment in Prague; `None` when the event does not have it.
fn moment(index: usize, summary: &str, ev: &Event, key: &str) -> Result<Option<Moment>, IcsError> {
    let Some(property) = ev.properties().get(key) else {
        return Ok(None);
    };
    let bad = || IcsError::BadDate {
        event: index,
        summary: summary.to_string(),
        property: key.to_string(),
        value: property.value().to_string(),
    };
    let value = match key {
        "DTSTART" => ev.get_start(),
        _ => ev.get_end(),
    }
    .ok_or_else(bad)?;
    Ok(Some(match value {
        DatePerhapsTime::Date(d) => Moment::Date(d),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => Moment::Local(t),
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => {
            Moment::Local(utc_to_prague(t.naive_utc()))
        }
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
            match zone(&tzid) {
                Some(Zone::Prague) => Moment::Local(date_time),
                Some(Zone::Utc) => Moment::Local(utc_to_prague(date_time)),
                None => {
                    return Err(IcsError::UnknownTimezone {
                        event: index,
                        summary: summary.to_string(),
                        tzid,
                    });
                }
            }
        }
    }))
}

/// An RFC 5545 duration (`PT2H`, `PT1H30M`, `P1D`, `P1W`); `None` when it is not one or
/// is negative.
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    let rest = text.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() && !in_time => in_time = true,
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                any = true;
                let part = match (c, in_time) {
                    ('W', false) => Duration::try_weeks(n)?,
                    ('D', false) => Duration::try_days(n)?,
                    ('H', true) => Duration::try_hours(n)?,
                    ('M', true) => Duration::try_minutes(n)?,
                    ('S', true) => Duration::try_seconds(n)?,
                    _ => return None,
                };
                total = total.checked_add(&part)?;
            }
            _ => return None,
        }
    }
    (any && number.is_empty()).then_some(total)
}

/// The kind: X-KPSS-KIND, else a CATEGORIES value that is a kind's label, else Other.
fn kind_of(ev: &Event) -> MeetingKind {
    if let Some(name) = ev.property_value(KIND_PROPERTY)
        && let Some(kind) = MeetingKind::ALL
            .iter()
            .find(|k| serde_name(**k) == name.trim())
    {
        return *kind;
    }
    let categories = ev
        .multi_properties()
        .get("CATEGORIES")
        .into_iter()
        .flatten()
        .chain(ev.properties().get("CATEGORIES"))
        .flat_map(|p| p.value().split(','))
        .map(str::trim);
    for category in categories {
        if let Some(kind) = MeetingKind::ALL.iter().find(|k| {
            k.label_cs().eq_ignore_ascii_case(category)
                || k.label_en().eq_ignore_ascii_case(category)
                || k.label_cs().to_lowercase() == category.to_lowercase()
        }) {
            return *kind;
        }
    }
    MeetingKind::Other
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use chrono::{TimeZone, Weekday};

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2019, 1, 2, 3, 4, 5).unwrap()
    }

    fn wrap(events: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//EN\r\n{events}END:VCALENDAR\r\n"
        )
    }

    #[test]
    fn last_sundays_of_march_and_october() {
        assert_eq!(last_sunday(2018, 3), Some(date(2018, 3, 25)));
        assert_eq!(last_sunday(2018, 10), Some(date(2018, 10, 28)));
        assert_eq!(last_sunday(2019, 3), Some(date(2019, 3, 31)));
        assert_eq!(last_sunday(2019, 10), Some(date(2019, 10, 27)));
        assert_eq!(last_sunday(2020, 12), Some(date(2020, 12, 27)));
        assert_eq!(last_sunday(2024, 3).unwrap().weekday(), Weekday::Sun);
    }

    #[test]
    fn prague_is_one_hour_ahead_in_winter_and_two_in_summer() {
        assert_eq!(prague_offset_hours(dt(2018, 1, 15, 12, 0)), 1);
        assert_eq!(prague_offset_hours(dt(2018, 7, 15, 12, 0)), 2);
        assert_eq!(prague_offset_hours(dt(2018, 12, 31, 23, 0)), 1);
        // The switches happen at 01:00 UTC.
        assert_eq!(prague_offset_hours(dt(2018, 3, 25, 0, 59)), 1);
        assert_eq!(prague_offset_hours(dt(2018, 3, 25, 1, 0)), 2);
        assert_eq!(prague_offset_hours(dt(2018, 10, 28, 0, 59)), 2);
        assert_eq!(prague_offset_hours(dt(2018, 10, 28, 1, 0)), 1);
    }

    #[test]
    fn utc_times_become_prague_local_times() {
        assert_eq!(
            utc_to_prague(dt(2018, 1, 10, 14, 0)),
            dt(2018, 1, 10, 15, 0)
        );
        assert_eq!(utc_to_prague(dt(2018, 6, 4, 14, 0)), dt(2018, 6, 4, 16, 0));
        // Late in the evening UTC is the next day in Prague.
        assert_eq!(utc_to_prague(dt(2018, 6, 4, 22, 30)), dt(2018, 6, 5, 0, 30));
        // 01:00 UTC on the March switch is 03:00 CEST; a minute before, 01:59 CET.
        assert_eq!(utc_to_prague(dt(2019, 3, 31, 1, 0)), dt(2019, 3, 31, 3, 0));
        assert_eq!(
            utc_to_prague(dt(2019, 3, 31, 0, 59)),
            dt(2019, 3, 31, 1, 59)
        );
    }

    #[test]
    fn uids_carry_the_meeting_id() {
        assert_eq!(uid(17), "meeting-17@kpss");
        assert_eq!(meeting_id("meeting-17@kpss"), Some(17));
        assert_eq!(meeting_id("meeting-x@kpss"), None);
        assert_eq!(meeting_id("17@google.com"), None);
    }

    #[test]
    fn group_summaries_are_recognised() {
        assert!(is_group_summary("3. jednání – ŘS Soběslav", "ŘS Soběslav"));
        assert!(is_group_summary(&group_summary(12, "PS X"), "PS X"));
        assert!(!is_group_summary(
            "Kulatý stůl – ŘS Soběslav",
            "ŘS Soběslav"
        ));
        assert!(!is_group_summary(". jednání – ŘS Soběslav", "ŘS Soběslav"));
        assert!(!is_group_summary("3. jednání – PS Senioři", "ŘS Soběslav"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT2H"), Some(Duration::hours(2)));
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P1D"), Some(Duration::days(1)));
        assert_eq!(parse_duration("P1W"), Some(Duration::weeks(1)));
        assert_eq!(parse_duration("-PT1H"), None);
        assert_eq!(parse_duration("PT"), None);
        assert_eq!(parse_duration("P1H"), None);
    }

    fn sample_event() -> MeetingEvent {
        MeetingEvent {
            meeting: Meeting {
                id: 7,
                region: 10,
                group: Some(1),
                kind: MeetingKind::Steering,
                date: date(2018, 6, 4),
                start: Some(time(15, 0)),
                end: Some(time(17, 30)),
                place: "MěÚ Soběslav, zasedací místnost; 2. patro".into(),
                agenda: "1. Zahájení\n2. Akční plán, priority; rozpočet".into(),
                minutes: "Schváleno.".into(),
                state: MeetingState::Held,
                ..Meeting::default()
            },
            group: Some("ŘS Soběslav".into()),
            region: "Soběslav".into(),
            number: Some(3),
        }
    }

    #[test]
    fn writes_the_calendar_and_reads_it_back() {
        let text = write("KPSS – Soběslav", &[sample_event()], stamp());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("PRODID:-//kpss//kpss//CS\r\n"));
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Prague\r\n"));
        assert!(text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"));
        assert!(text.contains("DTSTART;TZID=Europe/Prague:20180604T150000\r\n"));
        assert!(text.contains("DTEND;TZID=Europe/Prague:20180604T173000\r\n"));
        assert!(text.contains("DTSTAMP:20190102T030405Z\r\n"));
        assert!(text.contains("UID:meeting-7@kpss\r\n"));
        assert!(text.contains("SUMMARY:3. jednání – ŘS Soběslav\r\n"));
        assert!(text.contains("STATUS:CONFIRMED\r\n"));
        assert!(text.contains("X-KPSS-KIND:steering\r\n"));
        // Only the events carry a DTSTAMP and a UID.
        assert_eq!(text.matches("DTSTAMP").count(), 1);
        assert_eq!(text.matches("UID:").count(), 1);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let events = read(&text).unwrap();
        assert_eq!(
            events,
            vec![ImportedEvent {
                uid: "meeting-7@kpss".into(),
                date: date(2018, 6, 4),
                start: Some(time(15, 0)),
                end: Some(time(17, 30)),
                summary: "3. jednání – ŘS Soběslav".into(),
                location: "MěÚ Soběslav, zasedací místnost; 2. patro".into(),
                agenda: "1. Zahájení\n2. Akční plán, priority; rozpočet".into(),
                minutes: "Schváleno.".into(),
                kind: MeetingKind::Steering,
                state: MeetingState::Held,
            }]
        );
    }

    #[test]
    fn a_meeting_without_a_time_is_an_all_day_event() {
        let mut e = sample_event();
        e.meeting.start = None;
        e.meeting.end = None;
        e.meeting.state = MeetingState::Planned;
        let text = write("x", &[e], stamp());
        assert!(text.contains("DTSTART;VALUE=DATE:20180604\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20180605\r\n"), "{text}");
        assert!(text.contains("STATUS:TENTATIVE\r\n"));
        let back = read(&text).unwrap();
        assert_eq!(back[0].date, date(2018, 6, 4));
        assert_eq!((back[0].start, back[0].end), (None, None));
        assert_eq!(back[0].state, MeetingState::Planned);
    }

    #[test]
    fn a_start_without_an_end_lasts_two_hours() {
        let mut e = sample_event();
        e.meeting.end = None;
        let text = write("x", &[e], stamp());
        assert!(text.contains("DTEND;TZID=Europe/Prague:20180604T170000\r\n"));
    }

    #[test]
    fn events_are_written_in_date_order() {
        let mut a = sample_event();
        a.meeting.id = 1;
        a.meeting.date = date(2019, 1, 1);
        let b = sample_event();
        let text = write("x", &[a, b], stamp());
        let first = text.find("UID:meeting-7@kpss").unwrap();
        let second = text.find("UID:meeting-1@kpss").unwrap();
        assert!(first < second);
    }

    #[test]
    fn utc_and_floating_times_are_read_as_prague_time() {
        let text = wrap(
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20180604T130000Z\r\nDTEND:20180604T150000Z\r\nSUMMARY:A\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20180110T090000\r\nDURATION:PT1H30M\r\nSUMMARY:B\r\nCATEGORIES:kulatý stůl\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:c\r\nDTSTART;TZID=\"/example.org/Europe/Prague\":20180110T090000\r\nSUMMARY:C\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n",
        );
        let events = read(&text).unwrap();
        assert_eq!(events[0].start, Some(time(15, 0)));
        assert_eq!(events[0].end, Some(time(17, 0)));
        assert_eq!(events[0].kind, MeetingKind::Other);
        assert_eq!(events[1].start, Some(time(9, 0)));
        assert_eq!(events[1].end, Some(time(10, 30)));
        assert_eq!(events[1].kind, MeetingKind::RoundTable);
        assert_eq!(events[2].start, Some(time(9, 0)));
        assert_eq!(events[2].state, MeetingState::Cancelled);
    }

    #[test]
    fn refuses_text_that_is_not_a_calendar() {
        assert_eq!(
            read("hello, world"),
            Err(IcsError::NotACalendar {
                found: "hello, world".into()
            })
        );
        assert!(matches!(read(""), Err(IcsError::NotACalendar { .. })));
        assert!(matches!(
            read("BEGIN:VEVENT\r\nDTSTART:20180101\r\nEND:VEVENT\r\n"),
            Err(IcsError::NotACalendar { .. })
        ));
        assert!(matches!(
            read("{\"format\": \"kpss-register\"}"),
            Err(IcsError::NotACalendar { .. })
        ));
        let err = read("\r\n\r\nBEGIN:VCARD\r\nFN:Jana\r\nEND:VCARD\r\n").unwrap_err();
        assert!(
            err.message(Lang::Cs).contains("nalezeno BEGIN:VCARD"),
            "{err}"
        );
    }

    #[test]
    fn refuses_a_calendar_without_events() {
        assert_eq!(read(&wrap("")), Err(IcsError::NoEvents));
    }

    #[test]
    fn refuses_an_event_without_a_start() {
        let text = wrap("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Bez začátku\r\nEND:VEVENT\r\n");
        let err = read(&text).unwrap_err();
        assert_eq!(
            err,
            IcsError::MissingStart {
                event: 1,
                summary: "Bez začátku".into()
            }
        );
        assert!(err.message(Lang::Cs).contains("DTSTART"));
        assert!(err.message(Lang::En).contains("no start"));
    }

    #[test]
    fn refuses_a_date_that_does_not_exist() {
        for value in [
            "DTSTART:20190231",
            "DTSTART;VALUE=DATE:20190231",
            "DTSTART:2019-02-01",
        ] {
            let text = wrap(&format!(
                "BEGIN:VEVENT\r\nUID:x\r\n{value}\r\nEND:VEVENT\r\n"
            ));
            let err = read(&text).unwrap_err();
            assert!(matches!(err, IcsError::BadDate { .. }), "{value}: {err:?}");
            assert!(err.message(Lang::Cs).contains("neplatné datum"), "{err}");
        }
    }

    #[test]
    fn refuses_an_end_before_the_start() {
        let text = wrap(
            "BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20190201T100000\r\nDTEND:20190201T090000\r\nEND:VEVENT\r\n",
        );
        assert!(matches!(read(&text), Err(IcsError::EndBeforeStart { .. })));
        let text = wrap(
            "BEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20190201\r\nDTEND;VALUE=DATE:20190131\r\nEND:VEVENT\r\n",
        );
        assert!(matches!(read(&text), Err(IcsError::EndBeforeStart { .. })));
    }

    #[test]
    fn refuses_an_unknown_time_zone() {
        let text = wrap(
            "BEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=America/New_York:20190201T100000\r\nEND:VEVENT\r\n",
        );
        let err = read(&text).unwrap_err();
        assert!(matches!(err, IcsError::UnknownTimezone { .. }));
        assert!(err.message(Lang::Cs).contains("America/New_York"));
    }

    #[test]
    fn refuses_a_truncated_calendar() {
        let full = write("x", &[sample_event()], stamp());
        for cut in [10, full.len() / 3, full.len() / 2, full.len() - 20] {
            let mut end = cut;
            while !full.is_char_boundary(end) {
                end -= 1;
            }
            let err = read(&full[..end]).unwrap_err();
            if cut == 10 {
                assert!(matches!(err, IcsError::NotACalendar { .. }), "{err:?}");
            } else {
                assert!(
                    matches!(err, IcsError::Truncated { .. }),
                    "cut at {end}: {err:?}"
                );
                assert!(err.message(Lang::Cs).contains("neúplný"));
            }
        }
    }

    #[test]
    fn names_the_line_it_cannot_read() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20190101\r\n\
                    ;;; rozbitý řádek\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let err = read(text).unwrap_err();
        assert_eq!(
            err,
            IcsError::Syntax {
                line: 5,
                content: ";;; rozbitý řádek".into()
            }
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(text in "\\PC{0,200}") {
            let _ = read(&text);
        }

        #[test]
        fn never_panics_on_a_damaged_calendar(cut in 0usize..2000, junk in "[A-Z:;=\r\n ]{0,20}") {
            let full = write("x", &[sample_event()], stamp());
            let mut end = cut.min(full.len());
            while !full.is_char_boundary(end) {
                end -= 1;
            }
            let _ = read(&format!("{}{junk}", &full[..end]));
        }
    }
}
