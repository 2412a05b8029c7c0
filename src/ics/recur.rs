//! Recurring events: `RRULE`, `RDATE` and `EXDATE` expanded into their occurrences by the
//! `rrule` crate (RFC 5545's rules), in Prague local time. A series is cut at
//! [`MAX_OCCURRENCES`] and after [`LAST_YEAR`], and says so; a rule that cannot be
//! expanded is refused with the reason.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, Event, Property};
use rrule::{RRule, RRuleSet, Tz, Unvalidated};

use super::prague::{Zone, zone};
use super::read::Moment;
use super::{Cut, FIRST_YEAR, IcsError, LAST_YEAR, MAX_OCCURRENCES};

/// The occurrences of a recurring event, in order, and why the series was cut if it was.
pub(super) struct Expansion {
    pub moments: Vec<Moment>,
    pub cut: Option<Cut>,
}

/// Whether the event has a recurrence at all.
pub(super) fn recurs(ev: &Event) -> bool {
    !values(ev, "RRULE").is_empty() || !values(ev, "RDATE").is_empty()
}

/// Every instance of a property, single or repeated.
fn values<'a>(ev: &'a Event, key: &str) -> Vec<&'a Property> {
    ev.properties()
        .get(key)
        .into_iter()
        .chain(ev.multi_properties().get(key).into_iter().flatten())
        .collect()
}

/// How the occurrences are computed: whole days (an all-day event) or instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// Days at midnight UTC, each read back as its date.
    Days,
    /// Instants, each read back as Prague local time.
    Instants,
}

/// What went wrong, as the event's refusal.
pub(super) struct Context<'a> {
    pub index: usize,
    pub summary: &'a str,
}

impl Context<'_> {
    fn bad_recurrence(&self, reason: impl std::fmt::Display) -> IcsError {
        IcsError::BadRecurrence {
            event: self.index,
            summary: self.summary.to_string(),
            reason: reason.to_string(),
        }
    }

    fn bad_date(&self, property: &str, value: &str) -> IcsError {
        IcsError::BadDate {
            event: self.index,
            summary: self.summary.to_string(),
            property: property.to_string(),
            value: value.to_string(),
        }
    }
}

fn midnight_utc(date: NaiveDate) -> DateTime<Tz> {
    Tz::UTC.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

/// A Prague wall-clock time as an instant; a time skipped by the spring switch is taken
/// an hour later, as clocks show it.
fn prague(local: NaiveDateTime) -> Option<DateTime<Tz>> {
    Tz::Europe__Prague
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            Tz::Europe__Prague
                .from_local_datetime(&local.checked_add_signed(Duration::hours(1))?)
                .earliest()
        })
}

/// A date-time value as an instant.
fn instant(
    cx: &Context,
    key: &str,
    raw: &str,
    value: CalendarDateTime,
) -> Result<DateTime<Tz>, IcsError> {
    match value {
        CalendarDateTime::Utc(t) => Ok(t.with_timezone(&Tz::UTC)),
        CalendarDateTime::Floating(local) => prague(local).ok_or_else(|| cx.bad_date(key, raw)),
        CalendarDateTime::WithTimezone { date_time, tzid } => match zone(&tzid) {
            Some(Zone::Prague) => prague(date_time).ok_or_else(|| cx.bad_date(key, raw)),
            Some(Zone::Utc) => Ok(Tz::UTC.from_utc_datetime(&date_time)),
            None => Err(IcsError::UnknownTimezone {
                event: cx.index,
                summary: cx.summary.to_string(),
                tzid,
            }),
        },
    }
}

/// A value of DTSTART, RDATE or EXDATE in the frame.
fn in_frame(
    cx: &Context,
    frame: Frame,
    key: &str,
    raw: &str,
    value: DatePerhapsTime,
) -> Result<DateTime<Tz>, IcsError> {
    match (frame, value) {
        (Frame::Days, DatePerhapsTime::Date(date)) => Ok(midnight_utc(date)),
        (Frame::Days, DatePerhapsTime::DateTime(t)) => {
            let local = instant(cx, key, raw, t)?
                .with_timezone(&Tz::Europe__Prague)
                .naive_local();
            Ok(midnight_utc(local.date()))
        }
        (Frame::Instants, DatePerhapsTime::Date(date)) => {
            prague(date.and_time(NaiveTime::MIN)).ok_or_else(|| cx.bad_date(key, raw))
        }
        (Frame::Instants, DatePerhapsTime::DateTime(t)) => instant(cx, key, raw, t),
    }
}

/// The occurrence as the file's reader gives every time: a date, or Prague local time.
fn moment(frame: Frame, at: DateTime<Tz>) -> Moment {
    match frame {
        Frame::Days => Moment::Date(at.naive_utc().date()),
        Frame::Instants => Moment::Local(at.with_timezone(&Tz::Europe__Prague).naive_local()),
    }
}

/// Each value of a list property (`EXDATE:20190101T100000,20190108T100000`) with the
/// property's parameters.
fn each_value(property: &Property) -> Vec<(String, Option<DatePerhapsTime>)> {
    property
        .value()
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            let mut single = Property::new(property.key(), v);
            for (name, parameter) in property.params() {
                single.add_parameter(name, parameter.value());
            }
            (v.to_string(), DatePerhapsTime::from_property(&single))
        })
        .collect()
}

/// The UNTIL of a rule as an instant in UTC (as the crate requires with a zoned start):
/// a local or floating UNTIL is Prague time, a date-only UNTIL includes its whole day.
fn until_in_utc(
    cx: &Context,
    frame: Frame,
    raw_rule: &str,
    rule: RRule<Unvalidated>,
) -> Result<RRule<Unvalidated>, IcsError> {
    let Some(until) = rule.get_until().copied() else {
        return Ok(rule);
    };
    let date_only = raw_rule.split(';').any(|part| {
        part.trim()
            .to_ascii_uppercase()
            .strip_prefix("UNTIL=")
            .is_some_and(|v| v.len() == 8)
    });
    let fixed = if until.timezone().is_local() || date_only {
        let mut local = until.naive_local();
        if date_only {
            local = local.date().and_hms_opt(23, 59, 59).unwrap_or(local);
        }
        match frame {
            Frame::Days => Tz::UTC.from_utc_datetime(&local),
            Frame::Instants => prague(local).ok_or_else(|| cx.bad_date("UNTIL", raw_rule))?,
        }
    } else {
        until
    };
    Ok(rule.until(fixed.with_timezone(&Tz::UTC)))
}

/// The recurrence set of an event whose DTSTART is `start`: DTSTART itself, the rule's
/// occurrences and the RDATEs, less the EXDATEs, in order.
pub(super) fn expand(
    cx: &Context,
    ev: &Event,
    start_raw: &str,
    start: DatePerhapsTime,
) -> Result<Expansion, IcsError> {
    let frame = match start {
        DatePerhapsTime::Date(_) => Frame::Days,
        DatePerhapsTime::DateTime(_) => Frame::Instants,
    };
    let dt_start = in_frame(cx, frame, "DTSTART", start_raw, start)?;
    let mut set = RRuleSet::new(dt_start).rdate(dt_start);
    let mut extra = 1usize;
    for property in values(ev, "RRULE") {
        let raw = property.value().trim();
        let rule: RRule<Unvalidated> = raw.parse().map_err(|e| cx.bad_recurrence(e))?;
        let rule = until_in_utc(cx, frame, raw, rule)?;
        set = set.rrule(rule.validate(dt_start).map_err(|e| cx.bad_recurrence(e))?);
    }
    for (key, add) in [("RDATE", true), ("EXDATE", false)] {
        for property in values(ev, key) {
            if property
                .params()
                .get("VALUE")
                .is_some_and(|v| v.value().eq_ignore_ascii_case("PERIOD"))
            {
                return Err(cx.bad_recurrence(format!("{key};VALUE=PERIOD")));
            }
            for (raw, value) in each_value(property) {
                let value = value.ok_or_else(|| cx.bad_date(key, &raw))?;
                let at = in_frame(cx, frame, key, &raw, value)?;
                if add {
                    let year = moment(frame, at).date().year();
                    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
                        return Err(IcsError::DateOutOfRange {
                            event: cx.index,
                            summary: cx.summary.to_string(),
                            property: key.to_string(),
                            value: raw,
                        });
                    }
                    set = set.rdate(at);
                    extra += 1;
                } else {
                    set = set.exdate(at);
                }
            }
        }
    }
    // After the last day of LAST_YEAR in any zone; later occurrences are dropped below.
    let bound = Tz::UTC
        .with_ymd_and_hms(LAST_YEAR + 1, 1, 1, 23, 59, 59)
        .single()
        .ok_or_else(|| cx.bad_recurrence("UNTIL"))?;
    // DTSTART is in the set twice when the rule gives it too; asking for that many more
    // than the cap means a result this long is over the cap after duplicates go.
    let want = MAX_OCCURRENCES.saturating_add(extra).saturating_add(1);
    let limit = u16::try_from(want).unwrap_or(u16::MAX);
    let result = set.clone().before(bound).all(limit);
    if result.limited && result.dates.len() < usize::from(limit) {
        return Err(cx.bad_recurrence(
            "the rule finds its occurrences too rarely to expand them (RFC 5545 allows it, kpss does not)",
        ));
    }
    let mut moments: Vec<Moment> = Vec::new();
    let mut cut = None;
    for at in &result.dates {
        let m = moment(frame, *at);
        if moments.last() == Some(&m) {
            continue;
        }
        if m.date().year() > LAST_YEAR {
            cut = Some(Cut::Year);
            break;
        }
        if moments.len() == MAX_OCCURRENCES {
            cut = Some(Cut::Count);
            break;
        }
        moments.push(m);
    }
    if cut.is_none() && !set.after(bound).all(1).dates.is_empty() {
        cut = Some(Cut::Year);
    }
    Ok(Expansion { moments, cut })
}
