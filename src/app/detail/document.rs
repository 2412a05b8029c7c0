//! A planning document: kind, period, state and approval.

use ratatui::text::Span;

use super::{Result, Sheet};
use crate::model::date::format_date;
use crate::model::document::{APPROVED_BY, LINK, NOTE, PERIOD, REGION};
use crate::model::{Document, Field, Kind, Labelled, RecordRef};

const KIND: Field = Field::new("Druh", "Kind");
const PROJECT: Field = Field::new("Projekt", "Project");
const STATE: Field = Field::new("Stav", "State");
use crate::model::document::APPROVED_ON;

pub(super) fn document(s: &mut Sheet, d: &Document) -> Result<()> {
    s.heading(&d.title);
    if let Some(kind) = d.kind {
        s.field(KIND, kind.label(s.lang));
    }
    s.field_link(REGION, Some(RecordRef::new(Kind::Region, d.region)))?;
    s.field_link(
        PROJECT,
        d.project.map(|id| RecordRef::new(Kind::Project, id)),
    )?;
    s.field(PERIOD, &d.period_label());
    if let Some(state) = d.state {
        let span = Span::styled(state.label(s.lang), s.document_state_style(state));
        s.field_span(STATE, span);
    }
    if let Some(on) = d.approved_on {
        s.field(APPROVED_ON, &format_date(on));
    }
    s.field(APPROVED_BY, &d.approved_by);
    if !d.link.trim().is_empty() {
        let span = s.span(d.link.trim(), s.theme.link);
        s.field_span(LINK, span);
    }
    s.text(NOTE, &d.note);
    Ok(())
}
