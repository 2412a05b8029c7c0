//! A meeting: its number in the group, when and where, who came, agenda and minutes.

use std::collections::HashMap;

use chrono::Datelike;
use ratatui::text::Span;

use super::{Result, Sheet, time_span};
use crate::model::date::{format_date, format_date_long, weekday_name};
use crate::model::meeting::{
    AGENDA, DATE, GUESTS, INVITATION_SENT, MINUTES, NOTE, PLACE, REGION, TIME, TITLE,
};
use crate::model::text::czech_cmp;
use crate::model::{
    Field, Id, Kind, Labelled, Lang, Meeting, MeetingState, MemberRole, Person, Presence, Record,
    RecordRef, Versioned, grammar,
};
use crate::store::typed;

const KIND: Field = Field::new("Druh", "Kind");
const STATE: Field = Field::new("Stav", "State");
const GROUP: Field = Field::new("Skupina", "Group");
const ATTENDANCE: Field = Field::new("Docházka", "Attendance");

pub(super) fn meeting(s: &mut Sheet, m: &Meeting) -> Result<()> {
    let group = match m.group {
        Some(id) => match s.store.get(RecordRef::new(Kind::Group, id))? {
            Some(Versioned {
                record: Record::Group(g),
                ..
            }) => Some(g),
            _ => None,
        },
        None => None,
    };
    match (m.group, &group) {
        (Some(id), Some(g)) => {
            let number = s.store.meeting_number(id, m.date, m.id)?;
            let heading = match s.lang {
                Lang::Cs => format!("{number}. jednání {}", g.label()),
                Lang::En => format!("Meeting {number} of {}", g.label()),
            };
            s.heading(&heading);
            s.field(TITLE, &m.title);
        }
        _ if m.title.trim().is_empty() => {
            let heading = format!("{} {}", s.t("Jednání", "Meeting"), format_date(m.date));
            s.heading(&heading);
        }
        _ => s.heading(&m.title),
    }
    s.field(KIND, m.kind.label(s.lang));
    let state = Span::styled(m.state.label(s.lang), s.meeting_state_style(m));
    s.field_span(STATE, state);
    let date = format!(
        "{}, {}",
        format_date_long(m.date, s.lang),
        weekday_name(m.date.weekday(), s.lang)
    );
    s.field(DATE, &date);
    s.field(TIME, &time_span(m.start, m.end));
    s.field(PLACE, &m.place);
    match m.invitation_sent {
        Some(day) => s.field(INVITATION_SENT, &format_date(day)),
        None if m.state == MeetingState::Planned => s.field(INVITATION_SENT, s.t("ne", "no")),
        None => {}
    }
    s.field_link(REGION, Some(RecordRef::new(Kind::Region, m.region)))?;
    s.field_link(GROUP, m.group.map(|id| RecordRef::new(Kind::Group, id)))?;
    attendance(s, m)?;
    s.items(GUESTS, &m.guests);
    s.text(AGENDA, &m.agenda);
    s.text(MINUTES, &m.minutes);
    s.text(NOTE, &m.note);
    Ok(())
}

/// The role each member of the meeting's group had on the day of the meeting; a member
/// without a role is a plain member.
fn member_roles(s: &Sheet, m: &Meeting) -> Result<HashMap<Id, MemberRole>> {
    let Some(group) = m.group else {
        return Ok(HashMap::new());
    };
    Ok(s.store
        .memberships_of_group(group)?
        .into_iter()
        .map(|v| v.record)
        .filter(|ms| ms.since.is_none_or(|since| since <= m.date))
        .filter(|ms| ms.until.is_none_or(|until| m.date <= until))
        .map(|ms| (ms.person, ms.role.unwrap_or(MemberRole::Member)))
        .collect())
}

/// "přítomno 6 · omluveno 1 · nepřítomno 0 · hosté 2", then each person with presence
/// and role in their gender: "Věra Kubátová – přítomna, členka".
fn attendance(s: &mut Sheet, m: &Meeting) -> Result<()> {
    if m.attendance.is_empty() && m.guests.is_empty() {
        return Ok(());
    }
    let c = m.counts();
    let counts = [
        (s.t("přítomno", "present"), c.present),
        (s.t("omluveno", "excused"), c.excused),
        (s.t("nepřítomno", "absent"), c.absent),
        (s.t("hosté", "guests"), c.guests),
    ]
    .map(|(label, n)| format!("{label} {n}"))
    .join(" · ");
    s.field(ATTENDANCE, &counts);
    if m.attendance.is_empty() {
        return Ok(());
    }
    let mut people = Vec::new();
    for a in &m.attendance {
        let person = s
            .store
            .get(RecordRef::new(Kind::Person, a.person))?
            .and_then(typed::<Person>)
            .map(|p| p.record);
        people.push((a, person));
    }
    people.sort_by(|(a, pa), (b, pb)| {
        let name = |p: &Option<Person>| p.as_ref().map(Person::sort_name).unwrap_or_default();
        a.presence
            .cmp(&b.presence)
            .then_with(|| czech_cmp(&name(pa), &name(pb)))
    });
    let roles = member_roles(s, m)?;
    s.section(s.t("Účastníci", "Attendees"), Some(people.len()));
    for (a, person) in people {
        let target = RecordRef::new(Kind::Person, a.person);
        let style = match a.presence {
            Presence::Present => s.theme.ok,
            Presence::Excused => s.theme.muted,
            Presence::Absent => s.theme.warning,
        };
        let salutation = person.as_ref().map(|p| p.salutation).unwrap_or_default();
        let role = roles.get(&a.person).copied();
        let note = grammar::attendance_note(a.presence, role, salutation, s.lang);
        let presence = Span::styled(note, style);
        match person {
            Some(p) => {
                let name = s.span(&p.display_name(), s.theme.link);
                s.push_link(vec![name, presence], target);
            }
            None => {
                let missing = s.missing(target);
                s.push(vec![missing, presence]);
            }
        }
    }
    Ok(())
}
