//! The whole register as one value: what `kpss export` writes and `kpss import` reads.

use serde::{Deserialize, Serialize};

use crate::model::{
    Document, Group, Meeting, Membership, Organisation, Person, Project, Record, Region, Service,
};

/// The name every register file carries, so a wrong file is recognised at once.
pub const FORMAT: &str = "kpss-register";
/// The interchange format's version; a reader refuses a newer one.
pub const FORMAT_VERSION: u32 = 2;

/// Every record of a register, each kind in id order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub regions: Vec<Region>,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub projects: Vec<Project>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub memberships: Vec<Membership>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    /// Services as records of their own (format version 2; version 1 kept them inside
    /// each organisation, see [`v1`]).
    #[serde(default)]
    pub services: Vec<Service>,
}

/// A register as a JSON file holds it: a version-1 file's organisations may list
/// services. Only the JSON reader takes this shape ([`crate::interchange::read`]); the
/// store and the wire keep [`Register`]'s own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterFile {
    format: String,
    version: u32,
    #[serde(default)]
    regions: Vec<Region>,
    #[serde(default)]
    organisations: Vec<crate::model::register_v1::OrganisationFile>,
    #[serde(default)]
    people: Vec<Person>,
    #[serde(default)]
    projects: Vec<Project>,
    #[serde(default)]
    documents: Vec<Document>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    memberships: Vec<Membership>,
    #[serde(default)]
    meetings: Vec<Meeting>,
    #[serde(default)]
    services: Vec<Service>,
}

impl From<RegisterFile> for Register {
    fn from(f: RegisterFile) -> Register {
        let mut organisations = Vec::with_capacity(f.organisations.len());
        let mut embedded = Vec::new();
        for o in f.organisations {
            let (organisation, services) = o.split();
            organisations.push(organisation);
            embedded.extend(services);
        }
        let mut services = f.services;
        let numbered = crate::model::register_v1::number(embedded, &services);
        services.extend(numbered);
        Register {
            format: f.format,
            version: f.version,
            regions: f.regions,
            organisations,
            people: f.people,
            projects: f.projects,
            documents: f.documents,
            groups: f.groups,
            memberships: f.memberships,
            meetings: f.meetings,
            services,
        }
    }
}

impl Default for Register {
    fn default() -> Self {
        Register {
            format: FORMAT.to_string(),
            version: FORMAT_VERSION,
            regions: Vec::new(),
            organisations: Vec::new(),
            people: Vec::new(),
            projects: Vec::new(),
            documents: Vec::new(),
            groups: Vec::new(),
            memberships: Vec::new(),
            meetings: Vec::new(),
            services: Vec::new(),
        }
    }
}

impl Register {
    /// Every record, kinds in the order others point to them.
    pub fn records(&self) -> impl Iterator<Item = Record> + '_ {
        let regions = self.regions.iter().cloned().map(Record::Region);
        let organisations = self.organisations.iter().cloned().map(Record::Organisation);
        let people = self.people.iter().cloned().map(Record::Person);
        let projects = self.projects.iter().cloned().map(Record::Project);
        let documents = self.documents.iter().cloned().map(Record::Document);
        let groups = self.groups.iter().cloned().map(Record::Group);
        let memberships = self.memberships.iter().cloned().map(Record::Membership);
        let meetings = self.meetings.iter().cloned().map(Record::Meeting);
        let services = self.services.iter().cloned().map(Record::Service);
        regions
            .chain(organisations)
            .chain(people)
            .chain(projects)
            .chain(documents)
            .chain(groups)
            .chain(memberships)
            .chain(meetings)
            .chain(services)
    }

    /// Adds a record to its list.
    pub fn push(&mut self, record: Record) {
        match record {
            Record::Region(r) => self.regions.push(r),
            Record::Organisation(r) => self.organisations.push(r),
            Record::Person(r) => self.people.push(r),
            Record::Project(r) => self.projects.push(r),
            Record::Document(r) => self.documents.push(r),
            Record::Group(r) => self.groups.push(r),
            Record::Membership(r) => self.memberships.push(r),
            Record::Meeting(r) => self.meetings.push(r),
            Record::Service(r) => self.services.push(r),
        }
    }

    pub fn len(&self) -> usize {
        self.regions.len()
            + self.organisations.len()
            + self.people.len()
            + self.projects.len()
            + self.documents.len()
            + self.groups.len()
            + self.memberships.len()
            + self.meetings.len()
            + self.services.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ServiceForm, ServiceType};

    /// A version-1 file's organisation services become service records after the file's
    /// own, one per type with its forms.
    #[test]
    fn version_1_services_become_records() {
        let text = r#"{"format":"kpss-register","version":1,
            "regions":[{"id":3,"name":"Soběslav"}],
            "organisations":[{"id":7,"name":"Senior – dům Soběslav","region":3,"services":[
                {"kind":"homes_for_seniors","form":"residential"},
                {"kind":"home_care","form":"outreach"},
                {"kind":"home_care","form":"outpatient"}]}],
            "services":[{"id":4,"name":"Jiná","provider":7,"service_type":"respite"}]}"#;
        let r: Register = serde_json::from_str::<RegisterFile>(text).unwrap().into();
        assert_eq!(r.organisations[0].name, "Senior – dům Soběslav");
        type Row = (u64, Option<ServiceType>, Vec<ServiceForm>, Vec<u64>);
        let got: Vec<Row> = r
            .services
            .iter()
            .map(|s| (s.id, s.service_type, s.forms.clone(), s.regions.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (4, Some(ServiceType::Respite), vec![], vec![]),
                (
                    5,
                    Some(ServiceType::HomesForSeniors),
                    vec![ServiceForm::Residential],
                    vec![3]
                ),
                (
                    6,
                    Some(ServiceType::HomeCare),
                    vec![ServiceForm::Outreach, ServiceForm::Outpatient],
                    vec![3]
                ),
            ]
        );
        assert_eq!(r.services[1].name, "Domovy pro seniory");
        assert!(r.services.iter().all(|s| s.provider == 7));
    }

    /// Found: reading version-1 files through `serde(from)` on the register itself made
    /// bincode (the store and the wire) expect the file's shape, so an import through
    /// the shared server could not be decoded. The register's own shape round-trips.
    #[test]
    fn a_register_round_trips_through_the_codec() {
        use crate::store::codec;
        let register = crate::sample::sample_register().unwrap();
        assert!(!register.services.is_empty());
        let bytes = codec::encode_message(&register).unwrap();
        assert_eq!(codec::decode_message::<Register>(&bytes).unwrap(), register);
    }
}
