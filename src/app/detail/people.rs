//! Organisations and people: who works where, what they are members of and where they
//! have been.

use ratatui::text::Span;

use super::{Result, Sheet};
use crate::model::organisation::{EMAIL, ICO, NOTE, PHONE, WEB};
use crate::model::person::FUNCTION;
use crate::model::text::czech_cmp;
use crate::model::{
    Field, Group, Kind, Labelled, Meeting, Organisation, Person, Presence, Project, RecordRef,
    Region, Service, Versioned,
};
use crate::store::typed;

const KIND: Field = Field::new("Druh", "Kind");
const ADDRESS: Field = Field::new("Adresa", "Address");
const REGION: Field = Field::new("ORP", "Region (ORP)");
const ORGANISATION: Field = Field::new("Organizace", "Organisation");
const MEETINGS: Field = Field::new("Účast na jednáních", "Meetings attended");
/// How many of the meetings a person attended the detail lists.
const LAST_MEETINGS: usize = 5;
/// Up to how many attendance lists the detail reads to count presence.
const ATTENDANCE_READ: usize = 100;

pub(super) fn organisation(s: &mut Sheet, o: &Organisation) -> Result<()> {
    s.heading(&o.name);
    if let Some(kind) = o.kind {
        s.field(KIND, kind.label(s.lang));
    }
    s.field(ICO, &o.ico);
    let a = &o.address;
    let town = format!("{} {}", a.psc.trim(), a.city.trim());
    let address: Vec<&str> = [a.street.trim(), town.trim()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    s.field(ADDRESS, &address.join(", "));
    s.field(WEB, &o.web);
    s.field(EMAIL, &o.email);
    s.field(PHONE, &o.phone);
    s.field_link(REGION, o.region.map(|id| RecordRef::new(Kind::Region, id)))?;
    let me = RecordRef::new(Kind::Organisation, o.id);
    let referring = s.store.referring(me)?;
    let loaded = |kind: Kind| referring.iter().copied().filter(move |r| r.kind == kind);
    let mut people = Vec::new();
    for target in loaded(Kind::Person) {
        if let Some(p) = s.store.get(target)?.and_then(typed::<Person>)
            && p.record.organisation == Some(o.id)
        {
            people.push(p.record);
        }
    }
    people.sort_by(|a, b| czech_cmp(&a.sort_name(), &b.sort_name()));
    let mut services = Vec::new();
    for target in loaded(Kind::Service) {
        if let Some(v) = s.store.get(target)?.and_then(typed::<Service>)
            && v.record.provider == o.id
        {
            services.push(v.record);
        }
    }
    services.sort_by(|a, b| czech_cmp(&a.name, &b.name));
    if !services.is_empty() {
        s.section(s.t("Služby", "Services"), Some(services.len()));
        for v in &services {
            let mut spans = vec![s.span(&v.name, s.theme.link)];
            let kind = match v.service_type {
                Some(t) if v.registered => t.label(s.lang),
                _ => s.t("návazná služba", "related service"),
            };
            spans.push(s.muted(&format!(" – {kind}")));
            s.push_link(spans, RecordRef::new(Kind::Service, v.id));
        }
    }
    if !people.is_empty() {
        s.section(s.t("Lidé", "People"), Some(people.len()));
        for p in &people {
            let mut spans = vec![s.span(&p.display_name(), s.theme.link)];
            if !p.function.trim().is_empty() {
                spans.push(s.muted(&format!(" – {}", p.function.trim())));
            }
            s.push_link(spans, RecordRef::new(Kind::Person, p.id));
        }
    }
    let mut projects = Vec::new();
    for target in loaded(Kind::Project) {
        if let Some(p) = s.store.get(target)?.and_then(typed::<Project>) {
            projects.push(p.record);
        }
    }
    projects.sort_by(|a, b| a.start.cmp(&b.start).then(czech_cmp(&a.name, &b.name)));
    let mut roles_shown = false;
    for p in &projects {
        let mut roles = Vec::new();
        if p.recipient == Some(o.id) {
            roles.push(s.t("příjemce", "recipient"));
        }
        if p.partner == Some(o.id) {
            roles.push(s.t("partner", "partner"));
        }
        if roles.is_empty() {
            continue;
        }
        if !roles_shown {
            s.section(s.t("Projekty", "Projects"), None);
            roles_shown = true;
        }
        let spans = vec![
            s.span(&p.name, s.theme.link),
            s.muted(&format!(" – {}", roles.join(", "))),
        ];
        s.push_link(spans, RecordRef::new(Kind::Project, p.id));
    }
    let mut regions = Vec::new();
    for target in loaded(Kind::Region) {
        if let Some(r) = s.store.get(target)?.and_then(typed::<Region>) {
            regions.push(r.record);
        }
    }
    if !regions.is_empty() {
        s.section(s.t("Role v ORP", "Role in regions"), None);
        for r in &regions {
            let mut roles = Vec::new();
            if r.partner_town == Some(o.id) {
                roles.push(s.t("partnerské město", "partner town"));
            }
            if r.implementer == Some(o.id) {
                roles.push(s.t("realizátor", "implementer"));
            }
            let spans = vec![
                s.span(&r.name, s.theme.link),
                s.muted(&format!(" – {}", roles.join(", "))),
            ];
            s.push_link(spans, RecordRef::new(Kind::Region, r.id));
        }
    }
    s.text(NOTE, &o.note);
    Ok(())
}

pub(super) fn person(s: &mut Sheet, p: &Person) -> Result<()> {
    s.heading(&p.display_name());
    s.field(crate::model::person::SALUTATION, p.salutation.label(s.lang));
    s.field(FUNCTION, &p.function);
    let org = p
        .organisation
        .map(|id| RecordRef::new(Kind::Organisation, id));
    s.field_link(ORGANISATION, org)?;
    s.field(crate::model::person::PHONE, &p.phone);
    s.field(crate::model::person::EMAIL, &p.email);
    memberships(s, p)?;
    let me = RecordRef::new(Kind::Person, p.id);
    let referring = s.store.referring(me)?;
    meetings(s, p, &referring)?;
    let mut regions = Vec::new();
    for r in referring.iter().filter(|r| r.kind == Kind::Region) {
        if let Some(region) = s.store.get(*r)?.and_then(typed::<Region>)
            && region.record.contacts.contains(&p.id)
        {
            regions.push(region.record);
        }
    }
    if !regions.is_empty() {
        s.section(s.t("Kontaktní osoba v ORP", "Contact person in"), None);
        for r in &regions {
            let span = s.span(&r.name, s.theme.link);
            s.push_link(vec![span], RecordRef::new(Kind::Region, r.id));
        }
    }
    s.text(crate::model::person::NOTE, &p.note);
    Ok(())
}

/// The groups the person is a member of, with the role.
fn memberships(s: &mut Sheet, p: &Person) -> Result<()> {
    let memberships = s.store.memberships_of_person(p.id)?;
    if memberships.is_empty() {
        return Ok(());
    }
    let mut rows = Vec::new();
    for m in memberships {
        let group = s
            .store
            .get(RecordRef::new(Kind::Group, m.record.group))?
            .and_then(typed::<Group>)
            .map(|g| g.record);
        rows.push((m.record, group));
    }
    rows.sort_by(|(_, a), (_, b)| {
        let label = |g: &Option<Group>| g.as_ref().map(|g| g.label().to_string());
        czech_cmp(&label(a).unwrap_or_default(), &label(b).unwrap_or_default())
    });
    s.section(s.t("Členství", "Memberships"), Some(rows.len()));
    for (m, group) in &rows {
        let target = RecordRef::new(Kind::Group, m.group);
        let mut about: Vec<&str> = Vec::new();
        about.extend(
            m.role
                .map(|r| crate::model::grammar::role(r, p.salutation, s.lang)),
        );
        about.extend(m.represents.map(|r| r.label(s.lang)));
        let mut spans = match group {
            Some(g) => vec![s.span(g.label(), s.theme.link)],
            None => vec![s.missing(target)],
        };
        if !about.is_empty() {
            spans.push(s.muted(&format!(" – {}", about.join(", "))));
        }
        match group {
            Some(_) => s.push_link(spans, target),
            None => s.push(spans),
        }
    }
    Ok(())
}

/// How many meetings the person was present at, and the last few of them. A history
/// longer than [`ATTENDANCE_READ`] meetings is only counted, from the index, so that the
/// detail stays instant; the calendar has the rest.
fn meetings(s: &mut Sheet, p: &Person, referring: &[RecordRef]) -> Result<()> {
    let listed: Vec<RecordRef> = referring
        .iter()
        .copied()
        .filter(|r| r.kind == Kind::Meeting)
        .collect();
    if listed.len() > ATTENDANCE_READ {
        s.push(Vec::new());
        let text = match s.lang {
            crate::model::Lang::Cs => format!("na prezenčních listinách {} jednání", listed.len()),
            crate::model::Lang::En => {
                format!("on the attendance lists of {} meetings", listed.len())
            }
        };
        s.field(MEETINGS, &text);
        return Ok(());
    }
    let mut attended: Vec<Versioned<Meeting>> = Vec::new();
    let mut excused = 0;
    for r in listed {
        let Some(m) = s.store.get(r)?.and_then(typed::<Meeting>) else {
            continue;
        };
        match m.record.attendance.iter().find(|a| a.person == p.id) {
            Some(a) if a.presence == Presence::Present => attended.push(m),
            Some(a) if a.presence == Presence::Excused => excused += 1,
            _ => {}
        }
    }
    if attended.is_empty() && excused == 0 {
        return Ok(());
    }
    let mut summary = attended.len().to_string();
    if excused > 0 {
        summary.push_str(&format!(" ({} {excused})", s.t("omluven", "excused")));
    }
    s.push(Vec::new());
    s.field(MEETINGS, &summary);
    attended.sort_by_key(|m| std::cmp::Reverse((m.record.date, m.record.id)));
    if attended.len() > LAST_MEETINGS {
        let label = Span::styled(s.t("Posledních 5:", "The last 5:"), s.theme.muted);
        s.push(vec![label]);
    }
    for m in attended.iter().take(LAST_MEETINGS) {
        s.meeting_line(m)?;
    }
    Ok(())
}
