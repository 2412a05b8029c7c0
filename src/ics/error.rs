//! Why a calendar file was refused, in Czech and English, and how a parser failure
//! becomes a refusal.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{FIRST_YEAR, LAST_YEAR, MAX_DEPTH, MAX_FILE_BYTES};
use crate::model::date::format_date;
use crate::model::text::{sanitize, sanitize_line};
use crate::model::{Id, Lang};

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
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("{}", self.message(Lang::Cs))]
    TooLarge { bytes: u64 },
    /// Components nested deeper than [`MAX_DEPTH`]; `line` is the BEGIN too deep.
    #[error("{}", self.message(Lang::Cs))]
    TooDeep { line: usize },
    /// A date before [`FIRST_YEAR`] or after [`LAST_YEAR`].
    #[error("{}", self.message(Lang::Cs))]
    DateOutOfRange {
        event: usize,
        summary: String,
        property: String,
        value: String,
    },
    /// A recurrence (RRULE, RDATE, EXDATE) that cannot be expanded.
    #[error("{}", self.message(Lang::Cs))]
    BadRecurrence {
        event: usize,
        summary: String,
        reason: String,
    },
    /// A meeting whose date no calendar can hold: not written.
    #[error("{}", self.message(Lang::Cs))]
    MeetingOutOfRange {
        id: Id,
        title: String,
        date: NaiveDate,
    },
}

impl IcsError {
    /// The refusal in `lang`. Everything it quotes from the file (a line, a summary, a
    /// time zone, a value) is made safe for a terminal and kept on one line.
    pub fn message(&self, lang: Lang) -> String {
        sanitize(&self.quoting_safely().text(lang))
    }

    /// The same refusal with every quoted piece of the file sanitized.
    fn quoting_safely(&self) -> IcsError {
        let q = |s: &String| sanitize_line(s);
        match self {
            IcsError::Syntax { line, content } => IcsError::Syntax {
                line: *line,
                content: q(content),
            },
            IcsError::Truncated { missing } => IcsError::Truncated {
                missing: q(missing),
            },
            IcsError::NotACalendar { found } => IcsError::NotACalendar { found: q(found) },
            IcsError::NoEvents => IcsError::NoEvents,
            IcsError::MissingStart { event, summary } => IcsError::MissingStart {
                event: *event,
                summary: q(summary),
            },
            IcsError::BadDate {
                event,
                summary,
                property,
                value,
            } => IcsError::BadDate {
                event: *event,
                summary: q(summary),
                property: q(property),
                value: q(value),
            },
            IcsError::EndBeforeStart { event, summary } => IcsError::EndBeforeStart {
                event: *event,
                summary: q(summary),
            },
            IcsError::UnknownTimezone {
                event,
                summary,
                tzid,
            } => IcsError::UnknownTimezone {
                event: *event,
                summary: q(summary),
                tzid: q(tzid),
            },
            IcsError::TooLarge { bytes } => IcsError::TooLarge { bytes: *bytes },
            IcsError::TooDeep { line } => IcsError::TooDeep { line: *line },
            IcsError::DateOutOfRange {
                event,
                summary,
                property,
                value,
            } => IcsError::DateOutOfRange {
                event: *event,
                summary: q(summary),
                property: q(property),
                value: q(value),
            },
            IcsError::BadRecurrence {
                event,
                summary,
                reason,
            } => IcsError::BadRecurrence {
                event: *event,
                summary: q(summary),
                reason: q(reason),
            },
            IcsError::MeetingOutOfRange { id, title, date } => IcsError::MeetingOutOfRange {
                id: *id,
                title: q(title),
                date: *date,
            },
        }
    }

    fn text(&self, lang: Lang) -> String {
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
            IcsError::TooLarge { bytes } if cs => format!(
                "soubor má {} MB, kpss načte kalendář nejvýše o {} MB",
                megabytes(*bytes, lang),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            IcsError::TooLarge { bytes } => format!(
                "the file has {} MB; kpss reads calendars of at most {} MB",
                megabytes(*bytes, lang),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            IcsError::TooDeep { line } if cs => format!(
                "komponenty (BEGIN…END) jsou vnořeny příliš hluboko: řádek {line} otevírá \
                 {}. úroveň, kpss čte nejvýše {MAX_DEPTH}",
                MAX_DEPTH + 1
            ),
            IcsError::TooDeep { line } => format!(
                "components (BEGIN…END) are nested too deep: line {line} opens level {}, \
                 kpss reads at most {MAX_DEPTH}",
                MAX_DEPTH + 1
            ),
            IcsError::DateOutOfRange {
                event,
                summary,
                property,
                value,
            } if cs => format!(
                "{}: datum {property} „{value}“ je mimo rozsah let {FIRST_YEAR}–{LAST_YEAR}",
                at(event, summary)
            ),
            IcsError::DateOutOfRange {
                event,
                summary,
                property,
                value,
            } => format!(
                "{}: the date {property} \"{value}\" is outside the years {FIRST_YEAR}–{LAST_YEAR}",
                at(event, summary)
            ),
            IcsError::BadRecurrence {
                event,
                summary,
                reason,
            } if cs => format!(
                "{}: opakování (RRULE, RDATE, EXDATE) nelze rozvinout: {reason}",
                at(event, summary)
            ),
            IcsError::BadRecurrence {
                event,
                summary,
                reason,
            } => format!(
                "{}: the recurrence (RRULE, RDATE, EXDATE) cannot be expanded: {reason}",
                at(event, summary)
            ),
            IcsError::MeetingOutOfRange { id, title, date } if cs => format!(
                "jednání ID {id} („{title}“) má datum {} mimo rozsah let {FIRST_YEAR}–{LAST_YEAR}, \
                 kalendář iCalendar ho nemůže obsahovat; opravte datum",
                format_date(*date)
            ),
            IcsError::MeetingOutOfRange { id, title, date } => format!(
                "meeting ID {id} (\"{title}\") is dated {}, outside the years \
                 {FIRST_YEAR}–{LAST_YEAR}: an iCalendar calendar cannot hold it; correct the date",
                format_date(*date)
            ),
        }
    }
}

/// Bytes as megabytes with one decimal.
fn megabytes(bytes: u64, lang: Lang) -> String {
    let text = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
    match lang {
        Lang::Cs => text.replace('.', ","),
        Lang::En => text,
    }
}

/// At most 60 characters of a line, for a message.
pub(super) fn shorten(line: &str) -> String {
    let mut out: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Why the parser stopped: a component begun and not ended, else the first line it
/// could not read (its error names the line: "0: at line 38, in …").
pub(super) fn syntax_error(unfolded: &str, error: &str) -> IcsError {
    let mut open: Vec<String> = Vec::new();
    for line in unfolded.lines().map(str::trim) {
        let upper = line.to_ascii_uppercase();
        if let Some(name) = upper.strip_prefix("BEGIN:") {
            open.push(name.to_string());
        } else if let Some(name) = upper.strip_prefix("END:")
            && open.last().is_some_and(|last| *last == name)
        {
            open.pop();
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::ics::test_support::{sample_event, stamp};
    use crate::ics::{read, write};

    #[test]
    fn refuses_a_truncated_calendar() {
        let full = write("x", &[sample_event()], stamp()).unwrap();
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
}
