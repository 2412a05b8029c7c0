//! What heads every paper of a meeting: the project, the group, the number, the date,
//! the time and the place.

use chrono::{NaiveDate, NaiveTime};

use crate::model::date::{format_date_long, format_time};
use crate::model::{Labelled, Lang};
use crate::paper::facts::Facts;

/// The heading facts of a meeting, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub project: String,
    pub registration_number: String,
    /// The programme's funding line from the settings (empty: none set).
    pub funding_line: String,
    /// The group's full name (empty outside a group).
    pub group: String,
    /// "5. jednání" (a group's meeting), else the meeting's own title.
    pub title: String,
    pub number: Option<usize>,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub place: String,
    pub region: String,
}

impl Header {
    pub fn new(facts: &Facts, funding_line: &str, lang: Lang) -> Header {
        let m = &facts.meeting;
        let group = facts
            .group
            .as_ref()
            .map(|g| g.name.clone())
            .unwrap_or_default();
        let title = match (facts.number, m.title.trim()) {
            (_, title) if !title.is_empty() => title.to_string(),
            (Some(n), _) => format!("{n}. {}", lang.pick("jednání", "meeting")),
            (None, _) => m.kind.label(lang).to_string(),
        };
        Header {
            project: facts
                .project
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            registration_number: facts
                .project
                .as_ref()
                .map(|p| p.registration_number.clone())
                .unwrap_or_default(),
            funding_line: funding_line.trim().to_string(),
            group,
            title,
            number: facts.number,
            date: m.date,
            start: m.start,
            end: m.end,
            place: m.place.trim().to_string(),
            region: facts.region.clone(),
        }
    }

    /// "5. jednání – Řídící skupina KPSS ORP Soběslav".
    pub fn event(&self) -> String {
        if self.group.is_empty() || self.title.contains(&self.group) {
            self.title.clone()
        } else {
            format!("{} – {}", self.title, self.group)
        }
    }

    /// "17. prosince 2018".
    pub fn date_text(&self, lang: Lang) -> String {
        format_date_long(self.date, lang)
    }

    /// "15:00–17:00", "15:00", or empty without a time.
    pub fn time_text(&self) -> String {
        match (self.start, self.end) {
            (Some(s), Some(e)) => format!("{}–{}", format_time(s), format_time(e)),
            (Some(s), None) => format_time(s),
            _ => String::new(),
        }
    }

    /// The header's labelled lines ("Datum: 17. prosince 2018"); an empty value stays
    /// for the clerk to fill in.
    pub fn lines(&self, lang: Lang) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.project.is_empty() {
            out.push((lang.pick("Projekt", "Project"), self.project.clone()));
            out.push((
                lang.pick("Registrační číslo", "Registration number"),
                self.registration_number.clone(),
            ));
        }
        out.push((lang.pick("Jednání", "Meeting"), self.event()));
        out.push((lang.pick("Datum", "Date"), self.date_text(lang)));
        out.push((lang.pick("Čas", "Time"), self.time_text()));
        out.push((lang.pick("Místo", "Place"), self.place.clone()));
        out
    }
}

/// An agenda as its points: one per non-empty line, a leading "1.", "1)", "-", "*"
/// or "•" taken off.
pub fn agenda_points(agenda: &str) -> Vec<String> {
    agenda
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let rest = if digits > 0 {
                line[digits..]
                    .strip_prefix('.')
                    .or_else(|| line[digits..].strip_prefix(')'))
                    .unwrap_or(line)
            } else {
                line.strip_prefix(['-', '*', '•']).unwrap_or(line)
            };
            rest.trim().to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_points_lose_their_numbers_and_bullets() {
        let agenda = "1. Zahájení\n2) Akční plán 2019\n\n- Různé\n• Závěr\n2019 v číslech";
        assert_eq!(
            agenda_points(agenda),
            vec![
                "Zahájení",
                "Akční plán 2019",
                "Různé",
                "Závěr",
                "2019 v číslech"
            ]
        );
    }
}
