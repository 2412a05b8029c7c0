//! The minutes' skeleton (zápis): the meeting's header, who was present, excused and
//! absent (from the attendance), the guests, and the agenda's points as headings to
//! write under; then the decisions and the tasks.

use crate::model::text::sort_czech_by;
use crate::model::{Lang, Person, Presence};
use crate::paper::facts::Facts;
use crate::paper::header::{Header, agenda_points};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minutes {
    pub header: Header,
    pub present: Vec<String>,
    pub excused: Vec<String>,
    pub absent: Vec<String>,
    /// Members of the group whose attendance is not recorded.
    pub unrecorded: Vec<String>,
    pub guests: Vec<String>,
    pub points: Vec<String>,
}

impl Minutes {
    pub fn new(facts: &Facts, lang: Lang) -> Minutes {
        let header = Header::new(facts, "", lang);
        let m = &facts.meeting;
        let mut lists: [Vec<(String, String)>; 3] = Default::default();
        for a in &m.attendance {
            let Some(p) = facts.people.get(&a.person) else {
                continue;
            };
            let list = match a.presence {
                Presence::Present => 0,
                Presence::Excused => 1,
                Presence::Absent => 2,
            };
            lists[list].push(named(p, facts));
        }
        let mut unrecorded: Vec<(String, String)> = facts
            .members
            .iter()
            .filter(|member| !m.attendance.iter().any(|a| a.person == member.person.id))
            .map(|member| named(&member.person, facts))
            .collect();
        let [present, excused, absent] = lists.map(sorted);
        sort_czech_by(&mut unrecorded, |(key, _)| key.as_str());
        Minutes {
            header,
            present,
            excused,
            absent,
            unrecorded: unrecorded.into_iter().map(|(_, name)| name).collect(),
            guests: m.guests.clone(),
            points: agenda_points(&m.agenda),
        }
    }

    pub fn title(lang: Lang) -> &'static str {
        lang.pick("Zápis", "Minutes")
    }
}

/// The sort key and the shown name ("Mgr. Josef Marek (Město Soběslav)").
fn named(p: &Person, facts: &Facts) -> (String, String) {
    let organisation = facts
        .members
        .iter()
        .find(|m| m.person.id == p.id)
        .map(|m| m.organisation.as_str())
        .unwrap_or("");
    let name = if organisation.is_empty() {
        p.display_name()
    } else {
        format!("{} ({organisation})", p.display_name())
    };
    (p.sort_name(), name)
}

fn sorted(mut list: Vec<(String, String)>) -> Vec<String> {
    sort_czech_by(&mut list, |(key, _)| key.as_str());
    list.into_iter().map(|(_, name)| name).collect()
}
