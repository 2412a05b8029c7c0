//! A database written by kpss at schema version 4 (organisations listed their services
//! inside them) is opened by today's kpss: every organisation's services become service
//! records of their own, indexed by provider and ORP, and the organisation loses the list.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use kpss::model::{
    Kind, Organisation, Record, RecordRef, Service, ServiceForm, ServiceType, Versioned,
};
use kpss::store::legacy::{AuditEntryV4, EmbeddedServiceV4, RecordV4};
use kpss::store::schema::META_SCHEMA;
use kpss::store::{AuditEntry, EmbeddedStore, Store, StoreExt, codec};

const USER: &str = "referentka";
/// Senior – dům Soběslav in the sample register, in ORP Soběslav (10).
const PROVIDER: u64 = 14;
const SOBESLAV: u64 = 10;

/// The sample register as version 4 stored it: no service records, and the provider
/// listing three services (two of one type) inside it.
fn database_at_version_4(dir: &Path) {
    {
        let store = EmbeddedStore::open(dir, USER).unwrap();
        let mut register = kpss::sample::sample_register()
            .unwrap()
            .without(&Kind::PLAN);
        register.services.clear();
        store.import(&register).unwrap();
    }
    let db = sled::open(dir).unwrap();
    common::layout::unpack_records(&db);
    for kind in Kind::ALL {
        let tree = db.open_tree(kind.name()).unwrap();
        for entry in tree.iter() {
            let (key, bytes) = entry.unwrap();
            let v: Versioned<Record> = codec::decode(&bytes).unwrap();
            let mut old = RecordV4::try_from(v.record).unwrap();
            if let RecordV4::Organisation(o) = &mut old
                && o.id == PROVIDER
            {
                o.services = vec![
                    EmbeddedServiceV4 {
                        kind: ServiceType::HomesForSeniors,
                        form: ServiceForm::Residential,
                    },
                    EmbeddedServiceV4 {
                        kind: ServiceType::HomeCare,
                        form: ServiceForm::Outreach,
                    },
                    EmbeddedServiceV4 {
                        kind: ServiceType::HomeCare,
                        form: ServiceForm::Outpatient,
                    },
                ];
            }
            let old = Versioned {
                rev: v.rev,
                record: old,
            };
            tree.insert(key, codec::encode_at(4, &old).unwrap())
                .unwrap();
        }
    }
    let audit = db.open_tree("audit").unwrap();
    for entry in audit.iter() {
        let (key, bytes) = entry.unwrap();
        let e: AuditEntry = codec::decode(&bytes).unwrap();
        audit
            .insert(
                key,
                codec::encode_at(4, &AuditEntryV4::try_from(e).unwrap()).unwrap(),
            )
            .unwrap();
    }
    db.open_tree("writes").unwrap().clear().unwrap();
    db.open_tree("meta")
        .unwrap()
        .insert(META_SCHEMA, &[4u8])
        .unwrap();
    db.flush().unwrap();
    let (_, bytes) = db
        .open_tree("organisation")
        .unwrap()
        .first()
        .unwrap()
        .unwrap();
    assert!(codec::decode::<Versioned<Record>>(&bytes).is_err());
}

#[test]
fn embedded_services_become_records_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    database_at_version_4(dir.path());
    let store = EmbeddedStore::open(dir.path(), USER).unwrap();
    let services: Vec<Service> = store
        .list_as::<Service>()
        .unwrap()
        .into_iter()
        .map(|v| v.record)
        .collect();
    let got: Vec<(u64, &str, Option<ServiceType>, &[ServiceForm])> = services
        .iter()
        .map(|s| (s.id, s.name.as_str(), s.service_type, s.forms.as_slice()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                1,
                "Domovy pro seniory",
                Some(ServiceType::HomesForSeniors),
                &[ServiceForm::Residential][..]
            ),
            (
                2,
                "Pečovatelská služba",
                Some(ServiceType::HomeCare),
                &[ServiceForm::Outreach, ServiceForm::Outpatient][..]
            ),
        ]
    );
    for s in &services {
        assert_eq!(s.provider, PROVIDER);
        assert_eq!(s.regions, vec![SOBESLAV]);
        assert!(s.problems().is_empty(), "{:?}", s.problems());
    }
    // Found through the indexes: by ORP and by provider.
    assert_eq!(store.in_region(Kind::Service, SOBESLAV).unwrap().len(), 2);
    let referring = store
        .referring(RecordRef::new(Kind::Organisation, PROVIDER))
        .unwrap();
    assert_eq!(
        referring.iter().filter(|r| r.kind == Kind::Service).count(),
        2
    );
    assert!(store.search(Kind::Service, "pecovatelska").unwrap().len() == 1);
    let provider = store.get_as::<Organisation>(PROVIDER).unwrap().unwrap();
    assert_eq!(provider.record.name, "Senior – dům Soběslav");
    assert!(store.check().unwrap().problems.is_empty());
    // A new service gets an id after the migrated ones.
    let created = store
        .create_as(Service {
            name: "Odlehčovací služba".into(),
            provider: PROVIDER,
            service_type: Some(ServiceType::Respite),
            ..Service::default()
        })
        .unwrap();
    assert_eq!(created.record.id, 3);
    drop(store);
    // Opening again migrates nothing twice.
    let store = EmbeddedStore::open(dir.path(), USER).unwrap();
    assert_eq!(store.list(Kind::Service).unwrap().len(), 3);
}
