//! A record from a form's fields: a clone of the record the form opened (so what the form
//! does not show is kept) with every shown field read back, normalised where the model's
//! validators give a normal form.

use crate::app::form::fields::FormField;
use crate::app::form::reader::Reader;
use crate::model::validate::{email, ico, phone, psc, registration_number};
use crate::model::{Lang, Membership, Record};

/// What the fields make: the record, a group's wanted members, and what did not parse.
pub(super) struct Built {
    pub record: Record,
    pub members: Option<Vec<Membership>>,
    /// A message per field index.
    pub errors: Vec<(usize, String)>,
}

pub(super) fn build(
    base: &Record,
    fields: &[FormField],
    lang: Lang,
    today: Option<chrono::NaiveDate>,
) -> Built {
    let mut f = Reader::new(fields, lang, today);
    let mut members = None;
    let record = match base.clone() {
        Record::Region(mut r) => {
            r.name = f.text("name");
            r.kraj = f.choice("kraj");
            r.municipality_count = f.number("municipality_count");
            r.municipalities = f.lines("municipalities");
            r.partner_town = f.reference("partner_town");
            r.implementer = f.reference("implementer");
            r.contacts = f.people("contacts");
            r.links = f.lines("links");
            r.timeline = f.timeline("timeline");
            r.note = f.text("note");
            Record::Region(r)
        }
        Record::Organisation(mut o) => {
            o.name = f.text("name");
            o.kind = f.choice("kind");
            o.ico = f.normal("ico", ico);
            o.address.street = f.text("street");
            o.address.psc = f.normal("psc", psc);
            o.address.city = f.text("city");
            o.web = f.text("web");
            o.email = f.normal("email", email);
            o.phone = f.normal("phone", phone);
            o.region = f.reference("region");
            o.note = f.text("note");
            Record::Organisation(o)
        }
        Record::Person(mut p) => {
            p.title_before = f.text("title_before");
            p.first_name = f.text("first_name");
            p.last_name = f.text("last_name");
            p.title_after = f.text("title_after");
            p.function = f.text("function");
            p.organisation = f.reference("organisation");
            p.phone = f.normal("phone", phone);
            p.email = f.normal("email", email);
            p.note = f.text("note");
            Record::Person(p)
        }
        Record::Project(mut p) => {
            p.name = f.text("name");
            p.region = f.reference("region").unwrap_or(0);
            p.registration_number = f.normal("registration_number", registration_number);
            p.programme = f.choice("programme");
            p.programme_detail = f.text("programme_detail");
            p.recipient = f.reference("recipient");
            p.partner = f.reference("partner");
            p.start = f.date("start");
            p.end = f.date("end");
            p.goals = f.lines("goals");
            p.activities = f.lines("activities");
            p.outputs = f.outputs("outputs");
            p.description = f.text("description");
            p.web = f.text("web");
            Record::Project(p)
        }
        Record::Document(mut d) => {
            d.title = f.text("title");
            d.region = f.reference("region").unwrap_or(0);
            d.kind = f.choice("kind");
            d.project = f.reference("project");
            d.year_from = f.number("year_from");
            d.year_to = f.number("year_to");
            d.state = f.choice("state");
            d.approved_on = f.date("approved_on");
            d.approved_by = f.text("approved_by");
            d.link = f.text("link");
            d.note = f.text("note");
            Record::Document(d)
        }
        Record::Group(mut g) => {
            g.name = f.text("name");
            g.short_name = f.text("short_name");
            g.region = f.reference("region").unwrap_or(0);
            g.project = f.reference("project");
            g.kind = f.choice("kind");
            g.target_group = f.choice("target_group");
            g.note = f.text("note");
            members = Some(f.members("members", g.id));
            Record::Group(g)
        }
        Record::Membership(mut m) => {
            m.group = f.reference("group").unwrap_or(0);
            m.person = f.reference("person").unwrap_or(0);
            m.role = f.choice("role");
            m.represents = f.choice("represents");
            m.organisation = f.reference("organisation");
            m.since = f.date("since");
            m.until = f.date("until");
            Record::Membership(m)
        }
        Record::Meeting(mut m) => {
            m.region = f.reference("region").unwrap_or(0);
            m.group = f.reference("group");
            if let Some(kind) = f.choice("kind") {
                m.kind = kind;
            }
            m.title = f.text("title");
            if let Some(date) = f.date("date") {
                m.date = date;
            }
            m.start = f.time("start");
            m.end = f.time("end");
            m.place = f.text("place");
            if let Some(state) = f.choice("state") {
                m.state = state;
            }
            m.agenda = f.text("agenda");
            m.minutes = f.text("minutes");
            m.attendance = f.attendance("attendance");
            m.guests = f.lines("guests");
            m.note = f.text("note");
            Record::Meeting(m)
        }
    };
    Built {
        record,
        members,
        errors: f.errors,
    }
}
