//! A service's detail: everything the catalogue's card shows, and more.

use super::{Result, Sheet};
use crate::model::service::*;
use crate::model::{Kind, Labelled, RecordRef, Service};

pub(super) fn service(s: &mut Sheet, v: &Service) -> Result<()> {
    s.heading(&v.name);
    s.field_link(
        PROVIDER,
        Some(RecordRef::new(Kind::Organisation, v.provider)),
    )?;
    match (v.registered, v.service_type) {
        (true, Some(t)) => {
            s.field(TYPE, t.label(s.lang));
            s.field(
                crate::model::Field::new("Kategorie", "Category"),
                t.category().label(s.lang),
            );
        }
        (true, None) => {}
        (false, _) => s.field(TYPE, s.t("návazná služba", "related service")),
    }
    s.field(IDENTIFIER, &v.identifier);
    let forms: Vec<&str> = v.forms.iter().map(|f| f.label(s.lang)).collect();
    s.field(FORMS, &forms.join(", "));
    let groups: Vec<&str> = v.target_groups.iter().map(|g| g.label(s.lang)).collect();
    s.field(TARGET_GROUPS, &groups.join(", "));
    if v.in_network {
        s.field(
            crate::model::Field::new("Síť", "Network"),
            s.t(
                "v síti sociálních služeb kraje",
                "in the kraj's network of services",
            ),
        );
    }
    for region in &v.regions {
        s.field_link(REGIONS, Some(RecordRef::new(Kind::Region, *region)))?;
    }
    s.field(MUNICIPALITIES, &v.municipalities.join(", "));
    for place in &v.places {
        s.field(PLACES, &place_line(place));
    }
    for cap in &v.capacities {
        let text = format!("{}: {}", cap.form.label(s.lang), cap.amount_text(s.lang));
        s.field(CAPACITY, &text);
    }
    s.field(HOURS, &v.hours);
    s.field_link(
        CONTACT_PERSON,
        v.contact_person.map(|id| RecordRef::new(Kind::Person, id)),
    )?;
    s.field(PHONE, &v.phone);
    s.field(EMAIL, &v.email);
    s.field(WEB, &v.web);
    let date =
        |d: Option<chrono::NaiveDate>| d.map(crate::model::date::format_date).unwrap_or_default();
    if v.valid_from.is_some() || v.valid_until.is_some() {
        s.field(
            VALID,
            &format!("{} – {}", date(v.valid_from), date(v.valid_until)),
        );
    }
    s.text(NOTE, &v.note);
    Ok(())
}
