//! One type that holds any record, so the store, the JSON interchange and the shared
//! server handle all eight kinds alike.

use serde::{Deserialize, Serialize};

use crate::model::{
    Document, Group, Id, Invalid, Lang, Meeting, Membership, Organisation, Person, Project, Region,
    Service,
};

/// The kinds of record the register keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Region,
    Organisation,
    Person,
    Project,
    Document,
    Group,
    Membership,
    Meeting,
    Service,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Region,
        Kind::Organisation,
        Kind::Person,
        Kind::Project,
        Kind::Document,
        Kind::Group,
        Kind::Membership,
        Kind::Meeting,
        Kind::Service,
    ];

    /// A stable one-byte tag, used in keys. Never renumber.
    pub fn tag(self) -> u8 {
        match self {
            Kind::Region => 1,
            Kind::Organisation => 2,
            Kind::Person => 3,
            Kind::Project => 4,
            Kind::Document => 5,
            Kind::Group => 6,
            Kind::Membership => 7,
            Kind::Meeting => 8,
            Kind::Service => 9,
        }
    }

    /// The kind's place in [`Kind::ALL`]; tags need not be contiguous.
    pub fn position(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    pub fn from_tag(tag: u8) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.tag() == tag)
    }

    /// A stable name, used for tree names and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Region => "region",
            Kind::Organisation => "organisation",
            Kind::Person => "person",
            Kind::Project => "project",
            Kind::Document => "document",
            Kind::Group => "group",
            Kind::Membership => "membership",
            Kind::Meeting => "meeting",
            Kind::Service => "service",
        }
    }

    /// The kind in the accusative, capitalised, to begin a sentence ("Skupinu … nelze smazat").
    pub fn accusative_capitalised(self, lang: Lang) -> &'static str {
        match self {
            Kind::Region => lang.pick("ORP", "Region"),
            Kind::Organisation => lang.pick("Organizaci", "Organisation"),
            Kind::Person => lang.pick("Osobu", "Person"),
            Kind::Project => lang.pick("Projekt", "Project"),
            Kind::Document => lang.pick("Dokument", "Document"),
            Kind::Group => lang.pick("Skupinu", "Group"),
            Kind::Membership => lang.pick("Členství", "Membership"),
            Kind::Meeting => lang.pick("Jednání", "Meeting"),
            Kind::Service => lang.pick("Službu", "Service"),
        }
    }

    /// What a clerk calls this kind of record, in the nominative.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Region => lang.pick("ORP", "region"),
            Kind::Organisation => lang.pick("organizace", "organisation"),
            Kind::Person => lang.pick("osoba", "person"),
            Kind::Project => lang.pick("projekt", "project"),
            Kind::Document => lang.pick("dokument", "document"),
            Kind::Group => lang.pick("skupina", "group"),
            Kind::Membership => lang.pick("členství", "membership"),
            Kind::Meeting => lang.pick("jednání", "meeting"),
            Kind::Service => lang.pick("služba", "service"),
        }
    }
}

/// Which record: its kind and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: Kind,
    pub id: Id,
}

impl RecordRef {
    pub fn new(kind: Kind, id: Id) -> RecordRef {
        RecordRef { kind, id }
    }
}

/// Any record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Region(Region),
    Organisation(Organisation),
    Person(Person),
    Project(Project),
    Document(Document),
    Group(Group),
    Membership(Membership),
    Meeting(Meeting),
    Service(Service),
}

/// Applies the same expression to whichever record is inside.
macro_rules! each {
    ($record:expr, $r:ident => $body:expr) => {
        match $record {
            Record::Region($r) => $body,
            Record::Organisation($r) => $body,
            Record::Person($r) => $body,
            Record::Project($r) => $body,
            Record::Document($r) => $body,
            Record::Group($r) => $body,
            Record::Membership($r) => $body,
            Record::Meeting($r) => $body,
            Record::Service($r) => $body,
        }
    };
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Region(_) => Kind::Region,
            Record::Organisation(_) => Kind::Organisation,
            Record::Person(_) => Kind::Person,
            Record::Project(_) => Kind::Project,
            Record::Document(_) => Kind::Document,
            Record::Group(_) => Kind::Group,
            Record::Membership(_) => Kind::Membership,
            Record::Meeting(_) => Kind::Meeting,
            Record::Service(_) => Kind::Service,
        }
    }

    pub fn id(&self) -> Id {
        each!(self, r => r.id)
    }

    pub fn set_id(&mut self, id: Id) {
        each!(self, r => r.id = id)
    }

    pub fn reference(&self) -> RecordRef {
        RecordRef::new(self.kind(), self.id())
    }

    /// Every rule the record breaks; empty when it may be saved.
    pub fn problems(&self) -> Vec<Invalid> {
        each!(self, r => r.problems())
    }

    /// The first rule the record breaks.
    pub fn validate(&self) -> Result<(), Invalid> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Every record this one points to, each once.
    pub fn references(&self) -> Vec<RecordRef> {
        let mut refs: Vec<RecordRef> = each!(self, r => r.references())
            .into_iter()
            .filter(|&(_, id)| id != 0)
            .map(|(kind, id)| RecordRef::new(kind, id))
            .collect();
        refs.sort();
        refs.dedup();
        refs
    }

    /// Every reference field of the record, with the kind it points to: what
    /// [`Record::references`] reads, for changing in place.
    fn references_mut(&mut self) -> Vec<(Kind, &mut Id)> {
        use Kind::*;
        let mut out: Vec<(Kind, &mut Id)> = Vec::new();
        match self {
            Record::Region(r) => {
                out.extend(r.partner_town.as_mut().map(|id| (Organisation, id)));
                out.extend(r.implementer.as_mut().map(|id| (Organisation, id)));
                out.extend(r.contacts.iter_mut().map(|id| (Person, id)));
            }
            Record::Organisation(r) => out.extend(r.region.as_mut().map(|id| (Region, id))),
            Record::Person(r) => out.extend(r.organisation.as_mut().map(|id| (Organisation, id))),
            Record::Project(r) => {
                out.push((Region, &mut r.region));
                out.extend(r.recipient.as_mut().map(|id| (Organisation, id)));
                out.extend(r.partner.as_mut().map(|id| (Organisation, id)));
                out.extend(
                    r.outputs
                        .iter_mut()
                        .filter_map(|o| o.document.as_mut().map(|id| (Document, id))),
                );
            }
            Record::Document(r) => {
                out.push((Region, &mut r.region));
                out.extend(r.project.as_mut().map(|id| (Project, id)));
            }
            Record::Group(r) => {
                out.push((Region, &mut r.region));
                out.extend(r.project.as_mut().map(|id| (Project, id)));
            }
            Record::Membership(r) => {
                out.push((Group, &mut r.group));
                out.push((Person, &mut r.person));
                out.extend(r.organisation.as_mut().map(|id| (Organisation, id)));
            }
            Record::Meeting(r) => {
                out.push((Region, &mut r.region));
                out.extend(r.group.as_mut().map(|id| (Group, id)));
                out.extend(r.attendance.iter_mut().map(|a| (Person, &mut a.person)));
            }
            Record::Service(r) => {
                out.push((Organisation, &mut r.provider));
                out.extend(r.regions.iter_mut().map(|id| (Region, id)));
                out.extend(r.contact_person.as_mut().map(|id| (Person, id)));
            }
        }
        out
    }

    /// Points every reference to `from` at `to` instead (a record created in the same
    /// change set gets its id only when the set is applied). Returns whether any did.
    pub fn remap(&mut self, from: RecordRef, to: Id) -> bool {
        let mut any = false;
        for (kind, id) in self.references_mut() {
            if kind == from.kind && *id == from.id {
                *id = to;
                any = true;
            }
        }
        any
    }

    /// The name a clerk knows the record by.
    pub fn title(&self) -> String {
        match self {
            Record::Region(r) => r.name.clone(),
            Record::Organisation(r) => r.name.clone(),
            Record::Person(r) => r.display_name(),
            Record::Project(r) => r.name.clone(),
            Record::Document(r) => r.title.clone(),
            Record::Group(r) => r.name.clone(),
            Record::Membership(r) => format!("{} / {}", r.group, r.person),
            Record::Meeting(r) => {
                if r.title.is_empty() {
                    crate::model::date::format_date(r.date)
                } else {
                    format!("{} {}", crate::model::date::format_date(r.date), r.title)
                }
            }
            Record::Service(r) => r.name.clone(),
        }
    }

    /// The text a search looks in; `None` for records found only through others.
    pub fn search_text(&self) -> Option<String> {
        match self {
            Record::Region(r) => Some(r.name.clone()),
            Record::Organisation(r) => Some(format!("{} {}", r.name, r.ico)),
            Record::Person(r) => Some(format!("{} {}", r.sort_name(), r.function)),
            Record::Project(r) => Some(format!("{} {}", r.name, r.registration_number)),
            Record::Document(r) => Some(r.title.clone()),
            Record::Group(r) => Some(format!("{} {}", r.name, r.short_name)),
            Record::Service(r) => Some(format!("{} {}", r.name, r.identifier)),
            Record::Membership(_) | Record::Meeting(_) => None,
        }
    }

    /// Drops this record's reference to `target` where the reference is a mention that
    /// can go (an attendee, a contact, a recipient). Returns false when the reference is
    /// one the record cannot exist without (a meeting's group, a project's region):
    /// then a cascade deletes the record itself.
    pub fn detach(&mut self, target: RecordRef) -> bool {
        use Kind::*;
        let id = target.id;
        let clear = |field: &mut Option<Id>| {
            if *field == Some(id) {
                *field = None;
            }
        };
        match (self, target.kind) {
            (Record::Region(r), Organisation) => {
                clear(&mut r.partner_town);
                clear(&mut r.implementer);
                true
            }
            (Record::Region(r), Person) => {
                r.contacts.retain(|&p| p != id);
                true
            }
            (Record::Organisation(r), Region) => {
                clear(&mut r.region);
                true
            }
            (Record::Person(r), Organisation) => {
                clear(&mut r.organisation);
                true
            }
            (Record::Project(r), Organisation) => {
                clear(&mut r.recipient);
                clear(&mut r.partner);
                true
            }
            (Record::Project(r), Document) => {
                for output in &mut r.outputs {
                    clear(&mut output.document);
                }
                true
            }
            (Record::Document(r), Project) => {
                clear(&mut r.project);
                true
            }
            (Record::Group(r), Project) => {
                clear(&mut r.project);
                true
            }
            (Record::Membership(r), Organisation) => {
                clear(&mut r.organisation);
                true
            }
            (Record::Meeting(r), Person) => {
                r.attendance.retain(|a| a.person != id);
                true
            }
            (Record::Service(r), Region) => {
                r.regions.retain(|&p| p != id);
                true
            }
            (Record::Service(r), Person) => {
                clear(&mut r.contact_person);
                true
            }
            _ => false,
        }
    }
}

/// A record as the store holds it: with the revision an update must name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned<T> {
    pub rev: u64,
    pub record: T,
}

/// A record type, for typed access to the store.
pub trait Recordable: Sized + Clone {
    const KIND: Kind;
    fn into_record(self) -> Record;
    fn from_record(record: Record) -> Option<Self>;
}

macro_rules! recordable {
    ($($ty:ident),+) => {$(
        impl Recordable for $ty {
            const KIND: Kind = Kind::$ty;
            fn into_record(self) -> Record {
                Record::$ty(self)
            }
            fn from_record(record: Record) -> Option<Self> {
                match record {
                    Record::$ty(r) => Some(r),
                    _ => None,
                }
            }
        }

        impl From<$ty> for Record {
            fn from(r: $ty) -> Record {
                Record::$ty(r)
            }
        }
    )+};
}

recordable!(
    Region,
    Organisation,
    Person,
    Project,
    Document,
    Group,
    Membership,
    Meeting,
    Service
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Presence};

    #[test]
    fn kind_tags_round_trip_and_are_distinct() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_tag(kind.tag()), Some(kind));
        }
        assert_eq!(Kind::from_tag(0), None);
        assert_eq!(Kind::from_tag(9), Some(Kind::Service));
        assert_eq!(Kind::from_tag(200), None);
    }

    /// `references_mut` lists the same fields as each type's `references`, so a remap
    /// reaches every reference the store indexes.
    #[test]
    fn every_reference_can_be_remapped() {
        let register = crate::sample::sample_register().unwrap();
        let mut seen = 0;
        for mut record in register.records() {
            let mut mutable: Vec<RecordRef> = record
                .references_mut()
                .into_iter()
                .filter(|(_, id)| **id != 0)
                .map(|(kind, id)| RecordRef::new(kind, *id))
                .collect();
            mutable.sort();
            mutable.dedup();
            assert_eq!(mutable, record.references(), "{record:?}");
            for target in record.references() {
                let mut moved = record.clone();
                assert!(moved.remap(target, 999_999));
                assert!(!moved.references().contains(&target), "{moved:?}");
                assert!(
                    moved
                        .references()
                        .contains(&RecordRef::new(target.kind, 999_999))
                );
                seen += 1;
            }
            assert!(!record.remap(RecordRef::new(Kind::Region, 888_888), 1));
        }
        assert!(seen > 100, "{seen}");
    }

    #[test]
    fn references_skip_unset_ids_and_repeat_once() {
        let meeting = Record::Meeting(Meeting {
            region: 3,
            group: Some(5),
            attendance: vec![
                Attendance {
                    person: 7,
                    presence: Presence::Present,
                },
                Attendance {
                    person: 8,
                    presence: Presence::Excused,
                },
            ],
            ..Meeting::default()
        });
        assert_eq!(
            meeting.references(),
            vec![
                RecordRef::new(Kind::Region, 3),
                RecordRef::new(Kind::Person, 7),
                RecordRef::new(Kind::Person, 8),
                RecordRef::new(Kind::Group, 5),
            ]
        );
        let project = Record::Project(Project::default());
        assert!(project.references().is_empty());
    }

    #[test]
    fn detach_drops_mentions_and_refuses_owners() {
        let mut meeting = Record::Meeting(Meeting {
            region: 3,
            group: Some(5),
            attendance: vec![Attendance {
                person: 7,
                presence: Presence::Present,
            }],
            ..Meeting::default()
        });
        assert!(meeting.detach(RecordRef::new(Kind::Person, 7)));
        assert!(
            !meeting
                .references()
                .contains(&RecordRef::new(Kind::Person, 7))
        );
        assert!(!meeting.detach(RecordRef::new(Kind::Group, 5)));
    }
}
