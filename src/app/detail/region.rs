//! A region (ORP): who plans there, its history, projects, groups, documents and the
//! meetings to come.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::text::Span;

use super::{Result, Sheet, records};
use crate::model::region::{CONTACTS, IMPLEMENTER, LINKS, MUNICIPALITIES, NOTE, PARTNER_TOWN};
use crate::model::text::czech_cmp;
use crate::model::{Document, Field, Group, Kind, Labelled, Person, Project, RecordRef, Region};
use crate::store::typed;

const KRAJ: Field = Field::new("Kraj", "Kraj (region)");
const TIMELINE: Field = Field::new("Historie plánování", "Planning history");
/// How many upcoming meetings the region shows.
const NEXT_MEETINGS: usize = 5;
const LAST_MEETINGS: usize = 3;

pub(super) fn region(s: &mut Sheet, r: &Region) -> Result<()> {
    s.heading(&r.name);
    if let Some(kraj) = r.kraj {
        s.field(KRAJ, kraj.label(s.lang));
    }
    match (r.municipality_count, r.municipalities.len()) {
        (None, 0) => {}
        (Some(n), 0) => s.field(MUNICIPALITIES, &n.to_string()),
        (count, kept) => {
            let count = count.map_or(kept, usize::from);
            s.field(MUNICIPALITIES, &count.to_string());
            s.wrapped_list(&r.municipalities);
        }
    }
    let org = |id| RecordRef::new(Kind::Organisation, id);
    s.field_link(PARTNER_TOWN, r.partner_town.map(org))?;
    s.field_link(IMPLEMENTER, r.implementer.map(org))?;
    contacts(s, r)?;
    if !r.links.is_empty() {
        s.section(LINKS.label(s.lang), None);
        for link in &r.links {
            let span = s.span(link, s.theme.link);
            s.push(vec![span]);
        }
    }
    if !r.timeline.is_empty() {
        s.section(TIMELINE.label(s.lang), None);
        for step in &r.timeline {
            let years = match step.to {
                Some(to) if to != step.from => format!("{}–{}", step.from, to),
                _ => step.from.to_string(),
            };
            let text = s.plain(&step.text);
            s.push(vec![
                Span::styled(format!("{years:<9}  "), s.theme.label),
                text,
            ]);
        }
    }
    projects(s, r)?;
    groups(s, r)?;
    documents(s, r)?;
    super::network::network_map(s, r)?;
    meetings(s, r)?;
    chart(s, r)?;
    s.text(NOTE, &r.note);
    Ok(())
}

fn contacts(s: &mut Sheet, r: &Region) -> Result<()> {
    if r.contacts.is_empty() {
        return Ok(());
    }
    s.section(CONTACTS.label(s.lang), None);
    for &id in &r.contacts {
        let target = RecordRef::new(Kind::Person, id);
        let Some(person) = s.store.get(target)?.and_then(typed::<Person>) else {
            s.link_line(Vec::new(), target, Vec::new())?;
            continue;
        };
        let p = person.record;
        let mut spans = vec![s.span(&p.display_name(), s.theme.link)];
        if !p.function.trim().is_empty() {
            spans.push(s.muted(&format!(" – {}", p.function.trim())));
        }
        s.push_link(spans, target);
        let reach: Vec<&str> = [p.phone.trim(), p.email.trim()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect();
        if !reach.is_empty() {
            let span = s.plain(&reach.join(", "));
            s.push(vec![Span::raw("  "), span]);
        }
    }
    Ok(())
}

fn projects(s: &mut Sheet, r: &Region) -> Result<()> {
    let mut projects: Vec<Project> = records(s.store.in_region(Kind::Project, r.id)?);
    projects.sort_by(|a, b| a.start.cmp(&b.start).then(czech_cmp(&a.name, &b.name)));
    s.section(s.t("Projekty", "Projects"), Some(projects.len()));
    if projects.is_empty() {
        s.none();
    }
    for p in &projects {
        let mut spans = vec![s.span(&p.name, s.theme.link)];
        if let (Some(start), Some(end)) = (p.start, p.end) {
            use chrono::Datelike;
            spans.push(s.muted(&format!("  {}–{}", start.year(), end.year())));
        }
        s.push_link(spans, RecordRef::new(Kind::Project, p.id));
    }
    Ok(())
}

fn groups(s: &mut Sheet, r: &Region) -> Result<()> {
    let mut groups: Vec<Group> = records(s.store.in_region(Kind::Group, r.id)?);
    groups.sort_by(|a, b| a.kind.cmp(&b.kind).then(czech_cmp(&a.name, &b.name)));
    s.section(s.t("Skupiny", "Groups"), Some(groups.len()));
    if groups.is_empty() {
        s.none();
    }
    for g in &groups {
        let span = s.span(&g.name, s.theme.link);
        s.push_link(vec![span], RecordRef::new(Kind::Group, g.id));
    }
    Ok(())
}

fn documents(s: &mut Sheet, r: &Region) -> Result<()> {
    let mut documents: Vec<Document> = records(s.store.in_region(Kind::Document, r.id)?);
    documents.sort_by(|a, b| {
        a.year_from
            .cmp(&b.year_from)
            .then(czech_cmp(&a.title, &b.title))
    });
    s.section(s.t("Dokumenty", "Documents"), Some(documents.len()));
    if documents.is_empty() {
        s.none();
    }
    for d in &documents {
        let mut spans = vec![s.span(&d.title, s.theme.link)];
        let period = d.period_label();
        if !period.is_empty() {
            spans.push(s.muted(&format!("  {period}")));
        }
        if let Some(state) = d.state {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(
                state.label(s.lang),
                s.document_state_style(state),
            ));
        }
        s.push_link(spans, RecordRef::new(Kind::Document, d.id));
    }
    Ok(())
}

/// The next few meetings from today on; when there are none, the last ones held.
/// Reads only the meetings it shows, however long the region's history.
fn meetings(s: &mut Sheet, r: &Region) -> Result<()> {
    let upcoming = s
        .store
        .meetings_of_region(r.id, s.today, NEXT_MEETINGS + 1)?;
    s.section(s.t("Nejbližší jednání", "Upcoming meetings"), None);
    if upcoming.is_empty() {
        let span = s.muted(s.t("žádné naplánované", "none planned"));
        s.push(vec![span]);
        let last = s
            .store
            .meetings_of_region_before(r.id, s.today, LAST_MEETINGS)?;
        if !last.is_empty() {
            s.section(s.t("Poslední jednání", "Latest meetings"), None);
            for m in &last {
                s.meeting_line(m)?;
            }
        }
        return Ok(());
    }
    for m in upcoming.iter().take(NEXT_MEETINGS) {
        s.meeting_line(m)?;
    }
    if upcoming.len() > NEXT_MEETINGS {
        let span = s.muted(s.t("… a další v kalendáři", "… and more in the calendar"));
        s.push(vec![span]);
    }
    Ok(())
}

/// Meetings per month over the year up to the region's latest meeting, read from the
/// date index alone.
fn chart(s: &mut Sheet, r: &Region) -> Result<()> {
    let Some(latest) = s
        .store
        .meetings_of_region_before(r.id, NaiveDate::MAX, 1)?
        .first()
        .map(|m| m.record.date)
    else {
        return Ok(());
    };
    let from = latest
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(11)))
        .unwrap_or(latest);
    let dates = s.store.meeting_dates_of_region(r.id, from, latest)?;
    super::chart::meetings_per_month(s, &dates);
    Ok(())
}
