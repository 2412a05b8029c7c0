//! Register files of format version 1 listed an organisation's services inside it (a
//! § type and a form each). Reading such a file turns them into service records of
//! their own, as the database migration does (one per type, with its forms).

use serde::Deserialize;

use crate::model::{Address, Id, OrgKind, Organisation, Service, ServiceForm, ServiceType};

/// A service as a version-1 file lists it inside an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddedService {
    pub kind: ServiceType,
    pub form: ServiceForm,
}

/// An organisation as a register file holds it: with a version-1 file's services.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrganisationFile {
    pub id: Id,
    pub name: String,
    pub kind: Option<OrgKind>,
    pub ico: String,
    pub address: Address,
    pub web: String,
    pub email: String,
    pub phone: String,
    pub region: Option<Id>,
    pub services: Vec<EmbeddedService>,
    pub note: String,
}

impl OrganisationFile {
    /// The organisation, and its embedded services as records without ids.
    pub fn split(self) -> (Organisation, Vec<Service>) {
        let mut types: Vec<ServiceType> = Vec::new();
        for s in &self.services {
            if !types.contains(&s.kind) {
                types.push(s.kind);
            }
        }
        let services = types
            .into_iter()
            .map(|kind| {
                let mut forms = Vec::new();
                for s in self.services.iter().filter(|s| s.kind == kind) {
                    if !forms.contains(&s.form) {
                        forms.push(s.form);
                    }
                }
                let name = kind.name_cs();
                let mut chars = name.chars();
                Service {
                    name: chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default(),
                    provider: self.id,
                    service_type: Some(kind),
                    forms,
                    regions: self.region.into_iter().collect(),
                    note: "Převedeno ze seznamu služeb organizace (formát verze 1).".into(),
                    ..Service::default()
                }
            })
            .collect();
        let organisation = Organisation {
            id: self.id,
            name: self.name,
            kind: self.kind,
            ico: self.ico,
            address: self.address,
            web: self.web,
            email: self.email,
            phone: self.phone,
            region: self.region,
            note: self.note,
        };
        (organisation, services)
    }
}

/// Gives each embedded service an id after the highest in `existing`, in order.
pub fn number(embedded: Vec<Service>, existing: &[Service]) -> Vec<Service> {
    let mut next = existing.iter().map(|s| s.id).max().unwrap_or(0) + 1;
    embedded
        .into_iter()
        .map(|mut s| {
            s.id = next;
            next += 1;
            s
        })
        .collect()
}
