//! A project: funding, period and how far it has run, goals, activities, outputs and the
//! groups that work in it.

use ratatui::text::Span;

use super::{Result, Sheet, period, records};
use crate::model::date::format_date;
use crate::model::project::{
    ACTIVITIES, DESCRIPTION, GOALS, PARTNER, PERIOD, PROGRAMME_DETAIL, RECIPIENT, REGION,
    REGISTRATION_NUMBER, WEB,
};
use crate::model::text::czech_cmp;
use crate::model::{Field, Group, Kind, Labelled, Output, OutputState, Project, RecordRef};

const PROGRAMME: Field = Field::new("Financování", "Funding");
const ELAPSED: Field = Field::new("Uplynulo", "Elapsed");
const OUTPUTS: Field = Field::new("Výstupy", "Outputs");
/// How many cells the progress bar has.
const BAR: usize = 10;

pub(super) fn project(s: &mut Sheet, p: &Project) -> Result<()> {
    s.heading(&p.name);
    s.field(REGISTRATION_NUMBER, &p.registration_number);
    if let Some(programme) = p.programme {
        s.field(PROGRAMME, programme.label(s.lang));
    }
    s.field(PROGRAMME_DETAIL, &p.programme_detail);
    let org = |id| RecordRef::new(Kind::Organisation, id);
    s.field_link(RECIPIENT, p.recipient.map(org))?;
    s.field_link(PARTNER, p.partner.map(org))?;
    s.field(PERIOD, &period(p.start, p.end));
    progress(s, p);
    s.field_link(REGION, Some(RecordRef::new(Kind::Region, p.region)))?;
    s.field(WEB, &p.web);
    s.items(GOALS, &p.goals);
    s.items(ACTIVITIES, &p.activities);
    if !p.outputs.is_empty() {
        s.section(OUTPUTS.label(s.lang), None);
        for output in &p.outputs {
            self::output(s, output);
        }
    }
    groups(s, p)?;
    s.text(DESCRIPTION, &p.description);
    Ok(())
}

/// "Uplynulo: [####------] 39 %", and whether the project has not begun or has ended.
fn progress(s: &mut Sheet, p: &Project) {
    let Some(done) = p.progress(s.today) else {
        return;
    };
    let done = done.clamp(0.0, 1.0);
    // Both are small and non-negative: the casts cannot lose anything.
    let percent = (done * 100.0).round() as u32;
    let filled = ((done * BAR as f64).round() as usize).min(BAR);
    let bar = format!(
        "[{}{}] {percent} %",
        "#".repeat(filled),
        "-".repeat(BAR - filled)
    );
    let label = s.label_span(ELAPSED.label(s.lang));
    let mut spans = vec![label, Span::styled(bar, s.theme.base)];
    if p.start.is_some_and(|start| s.today < start) {
        spans.push(s.muted(s.t(" – nezahájen", " – not started")));
    } else if done >= 1.0 {
        spans.push(Span::styled(s.t(" – ukončen", " – finished"), s.theme.ok));
    }
    s.push(spans);
}

/// "• title – hotovo, termín 30. 4. 2019", linked to the document when there is one.
fn output(s: &mut Sheet, o: &Output) {
    let overdue = o.due.is_some_and(|due| due < s.today)
        && matches!(o.state, OutputState::Planned | OutputState::InProgress);
    let state_style = match o.state {
        OutputState::Done => s.theme.ok,
        OutputState::Dropped => s.theme.muted,
        _ if overdue => s.theme.warning,
        _ => s.theme.base,
    };
    let title_style = if o.document.is_some() {
        s.theme.link
    } else {
        s.theme.base
    };
    let mut spans = vec![
        Span::raw("• "),
        s.span(o.title.trim(), title_style),
        s.muted(" – "),
        Span::styled(o.state.label(s.lang), state_style),
    ];
    if let Some(due) = o.due {
        let text = format!(", {} {}", s.t("termín", "due"), format_date(due));
        spans.push(s.muted(&text));
    }
    if overdue {
        spans.push(Span::styled(
            s.t(" (po termínu)", " (overdue)"),
            s.theme.warning,
        ));
    }
    match o.document {
        Some(id) => s.push_link(spans, RecordRef::new(Kind::Document, id)),
        None => s.push(spans),
    }
}

/// The region's groups that belong to this project.
fn groups(s: &mut Sheet, p: &Project) -> Result<()> {
    let mut groups: Vec<Group> = records::<Group>(s.store.in_region(Kind::Group, p.region)?)
        .into_iter()
        .filter(|g| g.project == Some(p.id))
        .collect();
    if groups.is_empty() {
        return Ok(());
    }
    groups.sort_by(|a, b| a.kind.cmp(&b.kind).then(czech_cmp(&a.name, &b.name)));
    s.section(
        s.t("Skupiny projektu", "Groups of the project"),
        Some(groups.len()),
    );
    for g in &groups {
        let span = s.span(&g.name, s.theme.link);
        s.push_link(vec![span], RecordRef::new(Kind::Group, g.id));
    }
    Ok(())
}
