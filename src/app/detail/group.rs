//! A group with its members and numbered meetings, and a single membership.

use ratatui::text::Span;

use super::{Result, Sheet};
use crate::model::date::format_date;
use crate::model::group::{GROUP, NOTE, PERSON, REGION, SHORT_NAME};
use crate::model::text::czech_cmp;
use crate::model::{
    Field, Group, Kind, Labelled, Lang, Meeting, MeetingState, Membership, Person, RecordRef,
    grammar,
};
use crate::store::typed;

const KIND: Field = Field::new("Druh", "Kind");
const TARGET_GROUP: Field = Field::new("Cílová skupina", "Target group");
const PROJECT: Field = Field::new("Projekt", "Project");
const ROLE: Field = Field::new("Role", "Role");
const REPRESENTS: Field = Field::new("Zastupuje", "Represents");
const ORGANISATION: Field = Field::new("Organizace", "Organisation");
const SINCE: Field = Field::new("Členem od", "Member since");
const UNTIL: Field = Field::new("Členem do", "Member until");

pub(super) fn group(s: &mut Sheet, g: &Group) -> Result<()> {
    s.heading(&g.name);
    s.field(SHORT_NAME, &g.short_name);
    if let Some(kind) = g.kind {
        s.field(KIND, kind.label(s.lang));
    }
    if let Some(target) = g.target_group {
        s.field(TARGET_GROUP, target.label(s.lang));
    }
    s.field_link(REGION, Some(RecordRef::new(Kind::Region, g.region)))?;
    s.field_link(
        PROJECT,
        g.project.map(|id| RecordRef::new(Kind::Project, id)),
    )?;
    members(s, g)?;
    meetings(s, g)?;
    measures(s, g)?;
    s.text(NOTE, &g.note);
    Ok(())
}

/// The plan's measures the group owns, read from the reference index; nothing when none.
fn measures(s: &mut Sheet, g: &Group) -> Result<()> {
    let owned: Vec<RecordRef> = s
        .store
        .referring(RecordRef::new(Kind::Group, g.id))?
        .into_iter()
        .filter(|r| r.kind == Kind::Measure)
        .collect();
    if owned.is_empty() {
        return Ok(());
    }
    s.section(
        s.t("Opatření plánu", "Measures of the plan"),
        Some(owned.len()),
    );
    for measure in owned {
        s.link_line(Vec::new(), measure, Vec::new())?;
    }
    Ok(())
}

/// The members, chair first: name (linked), role, whom they represent, their organisation.
fn members(s: &mut Sheet, g: &Group) -> Result<()> {
    let mut members = Vec::new();
    for m in s.store.memberships_of_group(g.id)? {
        let person = s
            .store
            .get(RecordRef::new(Kind::Person, m.record.person))?
            .and_then(typed::<Person>)
            .map(|p| p.record);
        members.push((m.record, person));
    }
    let today = s.today;
    let former = |m: &Membership| m.until.is_some_and(|u| u < today);
    members.sort_by(|(a, pa), (b, pb)| {
        let name = |p: &Option<Person>| p.as_ref().map(Person::sort_name).unwrap_or_default();
        // Former members come last; members without a role after those with one.
        (former(a), a.role.is_none(), a.role)
            .cmp(&(former(b), b.role.is_none(), b.role))
            .then_with(|| czech_cmp(&name(pa), &name(pb)))
    });
    s.section(s.t("Členové", "Members"), Some(members.len()));
    if members.is_empty() {
        s.none();
    }
    for (m, person) in &members {
        let target = RecordRef::new(Kind::Person, m.person);
        let mut spans = match person {
            Some(p) => vec![s.span(&p.display_name(), s.theme.link)],
            None => vec![s.missing(target)],
        };
        let mut about: Vec<String> = Vec::new();
        let salutation = person.as_ref().map(|p| p.salutation).unwrap_or_default();
        about.extend(
            m.role
                .map(|r| grammar::role(r, salutation, s.lang).to_string()),
        );
        about.extend(m.represents.map(|r| r.label(s.lang).to_string()));
        if let Some(org) = m.organisation {
            about.extend(s.title_of(RecordRef::new(Kind::Organisation, org))?);
        }
        if !about.is_empty() {
            spans.push(s.muted(&format!(" – {}", about.join(", "))));
        }
        if let Some(until) = m.until.filter(|&u| u < s.today) {
            let text = format!(
                " ({} {})",
                s.t("členství skončilo", "membership ended"),
                format_date(until)
            );
            spans.push(s.muted(&text));
        }
        match person {
            Some(_) => s.push_link(spans, target),
            None => s.push(spans),
        }
    }
    Ok(())
}

/// How many meetings each side of today the detail shows.
const AROUND_TODAY: usize = 5;

/// "1. jednání  4. 12. 2017  proběhlo  přítomno 6/7", each linked to the meeting: the
/// last few held and the next few planned, numbered from the group index, so that only
/// the meetings shown are read.
fn meetings(s: &mut Sheet, g: &Group) -> Result<()> {
    let all = s.store.meeting_dates_of_group(g.id)?;
    s.section(s.t("Jednání", "Meetings"), Some(all.len()));
    if all.is_empty() {
        s.none();
    }
    let today = all.partition_point(|(date, _)| *date < s.today);
    let first = today.saturating_sub(AROUND_TODAY);
    let last = (today + AROUND_TODAY).min(all.len());
    if first > 0 {
        let text = format!("… {}", grammar::EARLIER_MEETINGS.count(first, s.lang));
        let span = s.muted(&text);
        s.push(vec![span]);
    }
    let digits = all.len().to_string().len();
    let state_width = MeetingState::ALL
        .iter()
        .map(|st| st.label(s.lang).chars().count())
        .max()
        .unwrap_or(0);
    for (i, (_, id)) in all.iter().enumerate().take(last).skip(first) {
        let Some(m) = s
            .store
            .get(RecordRef::new(Kind::Meeting, *id))?
            .and_then(typed::<Meeting>)
        else {
            continue;
        };
        let m = &m.record;
        let number = match s.lang {
            Lang::Cs => format!("{:>digits$}. jednání", i + 1),
            Lang::En => format!("meeting {:>digits$}", i + 1),
        };
        let state = m.state.label(s.lang);
        let mut spans = vec![
            Span::styled(number, s.theme.link),
            Span::raw(format!("  {:<12}  ", format_date(m.date))),
        ];
        if m.attendance.is_empty() {
            spans.push(Span::styled(state, s.meeting_state_style(m)));
        } else {
            let state = format!("{state:<state_width$}");
            spans.push(Span::styled(state, s.meeting_state_style(m)));
            let text = format!(
                "  {} {}/{}",
                s.t("přítomno", "present"),
                m.counts().present,
                m.attendance.len()
            );
            spans.push(s.muted(&text));
        }
        s.push_link(spans, RecordRef::new(Kind::Meeting, m.id));
    }
    if last < all.len() {
        let later = all.len() - last;
        let text = format!("… {}", grammar::LATER_MEETINGS.count(later, s.lang));
        let span = s.muted(&text);
        s.push(vec![span]);
    }
    let dates: Vec<_> = all.iter().map(|(date, _)| *date).collect();
    super::chart::meetings_per_month(s, &dates);
    Ok(())
}

pub(super) fn membership(s: &mut Sheet, m: &Membership) -> Result<()> {
    let group = RecordRef::new(Kind::Group, m.group);
    let person = RecordRef::new(Kind::Person, m.person);
    let heading = format!(
        "{} – {}",
        s.title_of(person)?.unwrap_or_default(),
        s.title_of(group)?.unwrap_or_default()
    );
    s.heading(&heading);
    s.field_link(GROUP, Some(group))?;
    s.field_link(PERSON, Some(person))?;
    if let Some(role) = m.role {
        s.field(ROLE, role.label(s.lang));
    }
    if let Some(represents) = m.represents {
        s.field(REPRESENTS, represents.label(s.lang));
    }
    let org = m
        .organisation
        .map(|id| RecordRef::new(Kind::Organisation, id));
    s.field_link(ORGANISATION, org)?;
    if let Some(since) = m.since {
        s.field(SINCE, &format_date(since));
    }
    if let Some(until) = m.until {
        s.field(UNTIL, &format_date(until));
    }
    Ok(())
}
