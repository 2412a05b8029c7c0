//! Reading a register file one record at a time: the national register (hundreds of
//! megabytes) is checked and stored without ever being held whole in memory.

use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::interchange::ReadError;
use crate::model::register::{FORMAT, FORMAT_VERSION};
use crate::model::register_v1::{self, OrganisationFile};
use crate::model::{
    Document, Group, Meeting, Membership, Person, Project, Record, Recordable, Region, Service,
};

/// Why a visit ended early: the file, or the one who was handed the records.
#[derive(Debug)]
pub enum Visit<E> {
    Read(ReadError),
    Stopped(E),
}

/// The top-level fields of a register file, as [`crate::model::Register`] names them.
const FIELDS: &[&str] = &[
    "format",
    "version",
    "regions",
    "organisations",
    "people",
    "projects",
    "documents",
    "groups",
    "memberships",
    "meetings",
    "services",
];

/// Reads a register from `reader` and hands each record to `each` in file order, as
/// soon as it is read. The same file is refused with the same [`ReadError`] as
/// [`crate::interchange::read`] would give; an error from `each` stops the reading and
/// comes back as [`Visit::Stopped`]. Returns how many records were handed out.
pub fn visit<R: Read, E>(
    reader: R,
    mut each: impl FnMut(Record) -> Result<(), E>,
) -> Result<usize, Visit<E>> {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    let mut state = State {
        each: &mut each,
        stopped: None,
        refused: None,
        count: 0,
        services: Vec::new(),
        embedded: Vec::new(),
    };
    let read = FileSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Some(stopped) = state.stopped {
        return Err(Visit::Stopped(stopped));
    }
    if let Some(refused) = state.refused {
        return Err(Visit::Read(refused));
    }
    read.map_err(|e| Visit::Read(ReadError::from_json(&e)))?;
    Ok(state.count)
}

struct State<'a, E> {
    each: &'a mut dyn FnMut(Record) -> Result<(), E>,
    /// The error `each` stopped with.
    stopped: Option<E>,
    /// A file of another format or a newer version.
    refused: Option<ReadError>,
    count: usize,
    /// The ids of the file's own services, for numbering the embedded ones after them.
    services: Vec<Service>,
    /// A version-1 file's services listed inside organisations, handed out at the end.
    embedded: Vec<Service>,
}

struct FileSeed<'s, 'a, E>(&'s mut State<'a, E>);

impl<'de, E> DeserializeSeed<'de> for FileSeed<'_, '_, E> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_struct("Register", FIELDS, self)
    }
}

impl<'de, E> Visitor<'de> for FileSeed<'_, '_, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("struct Register")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        let mut seen: Vec<String> = Vec::new();
        let mut format = false;
        let mut version = false;
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            match key.as_str() {
                "format" => {
                    let value: String = map.next_value()?;
                    if value != FORMAT {
                        return Err(refuse(state, ReadError::NotARegister { format: value }));
                    }
                    format = true;
                }
                "version" => {
                    let value: u32 = map.next_value()?;
                    if value > FORMAT_VERSION {
                        return Err(refuse(state, ReadError::NewerVersion { version: value }));
                    }
                    version = true;
                }
                "regions" => map.next_value_seed(ListSeed::<Region, E>::new(state))?,
                "organisations" => map.next_value_seed(OrganisationsSeed(state))?,
                "services" => map.next_value_seed(ListSeed::<Service, E>::new(state))?,
                "people" => map.next_value_seed(ListSeed::<Person, E>::new(state))?,
                "projects" => map.next_value_seed(ListSeed::<Project, E>::new(state))?,
                "documents" => map.next_value_seed(ListSeed::<Document, E>::new(state))?,
                "groups" => map.next_value_seed(ListSeed::<Group, E>::new(state))?,
                "memberships" => map.next_value_seed(ListSeed::<Membership, E>::new(state))?,
                "meetings" => map.next_value_seed(ListSeed::<Meeting, E>::new(state))?,
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
            seen.push(key);
        }
        if !format {
            return Err(de::Error::missing_field("format"));
        }
        if !version {
            return Err(de::Error::missing_field("version"));
        }
        let embedded = std::mem::take(&mut state.embedded);
        for service in register_v1::number(embedded, &state.services) {
            state.count += 1;
            if let Err(e) = (state.each)(Record::Service(service)) {
                state.stopped = Some(e);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// The organisations, each handed on as soon as it is read; a version-1 file's services
/// inside them are kept for the end.
struct OrganisationsSeed<'s, 'a, E>(&'s mut State<'a, E>);

impl<'de, E> DeserializeSeed<'de> for OrganisationsSeed<'_, '_, E> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, E> Visitor<'de> for OrganisationsSeed<'_, '_, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<OrganisationFile>()? {
            let (organisation, services) = item.split();
            self.0.embedded.extend(services);
            self.0.count += 1;
            if let Err(e) = (self.0.each)(Record::Organisation(organisation)) {
                self.0.stopped = Some(e);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// Notes why the file is refused; the returned error only stops the parser.
fn refuse<E, X: de::Error>(state: &mut State<'_, E>, why: ReadError) -> X {
    state.refused = Some(why);
    X::custom("refused")
}

/// One top-level list, each element handed on as soon as it is read.
struct ListSeed<'s, 'a, T, E> {
    state: &'s mut State<'a, E>,
    kind: PhantomData<T>,
}

impl<'s, 'a, T, E> ListSeed<'s, 'a, T, E> {
    fn new(state: &'s mut State<'a, E>) -> Self {
        ListSeed {
            state,
            kind: PhantomData,
        }
    }
}

impl<'de, T: Recordable + serde::Deserialize<'de>, E> DeserializeSeed<'de>
    for ListSeed<'_, '_, T, E>
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Recordable + serde::Deserialize<'de>, E> Visitor<'de> for ListSeed<'_, '_, T, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            self.state.count += 1;
            let record = item.into_record();
            if let Record::Service(s) = &record {
                // Only the id is needed to number embedded services after it.
                self.state.services.push(Service {
                    id: s.id,
                    ..Service::default()
                });
            }
            if let Err(e) = (self.state.each)(record) {
                self.state.stopped = Some(e);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;
    use crate::interchange::{read, write};
    use crate::model::Kind;

    fn all(text: &str) -> Result<Vec<Record>, Visit<()>> {
        let mut out = Vec::new();
        visit(text.as_bytes(), |r| {
            out.push(r);
            Ok::<(), ()>(())
        })?;
        Ok(out)
    }

    #[test]
    fn hands_out_the_records_of_the_sample_in_order() {
        let register = crate::sample::sample_register().unwrap();
        let text = write(&register).unwrap();
        let visited = all(&text).unwrap();
        assert_eq!(visited, register.records().collect::<Vec<_>>());
    }

    #[test]
    fn refuses_what_read_refuses_with_the_same_error() {
        let files = [
            "{\n  \"format\": \"kpss-register\",\n  \"version\": 1,\n  \"regions\": [ { \"id\": 1, \"name\": } ]\n}",
            r#"{"format":"kpss-register","version":1,"regions":[{"id":1,"nmae":"Tábor"}]}"#,
            r#"{"format":"something-else","version":1}"#,
            r#"{"format":"kpss-register","version":99}"#,
            r#"{"format":"kpss-register","version":1,"extra":[]}"#,
            r#"{"format":"kpss-register","version":1,"regions":[],"regions":[]}"#,
            r#"{"version":1}"#,
            r#"{"format":"kpss-register","version":1} trailing"#,
        ];
        for text in files {
            let expected = read(text).unwrap_err();
            match (all(text), expected) {
                // serde_json's reader counts columns up to the byte it looked ahead at.
                (
                    Err(Visit::Read(ReadError::Syntax {
                        line,
                        column,
                        reason,
                    })),
                    ReadError::Syntax {
                        line: l,
                        column: c,
                        reason: r,
                    },
                ) => {
                    assert_eq!((line, &reason), (l, &r), "{text}");
                    assert!(column.abs_diff(c) <= 1, "{text}: {column} {c}");
                }
                (Err(Visit::Read(e)), expected) => assert_eq!(e, expected, "{text}"),
                (other, _) => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_list_instead_of_a_register_is_refused() {
        assert!(matches!(
            all("[1, 2]"),
            Err(Visit::Read(ReadError::Syntax { line: 1, .. }))
        ));
    }

    #[test]
    fn an_error_of_the_receiver_stops_the_reading() {
        let text = r#"{"format":"kpss-register","version":1,
            "regions":[{"id":1,"name":"Tábor"},{"id":2,"name":"Písek"},{"id":3,"name":"Blatná"}]}"#;
        let mut seen = Vec::new();
        let result = visit(text.as_bytes(), |r| {
            seen.push(r.reference());
            if r.id() == 2 { Err("enough") } else { Ok(()) }
        });
        assert!(matches!(result, Err(Visit::Stopped("enough"))));
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[1].kind, Kind::Region);
    }

    /// A version-1 file's organisation services are handed out as service records after
    /// the file's own, numbered after them, as [`read`] gives them.
    #[test]
    fn version_1_embedded_services_are_handed_out_as_records() {
        let text = r#"{"format":"kpss-register","version":1,
            "organisations":[{"id":7,"name":"Senior – dům Soběslav","services":[
                {"kind":"home_care","form":"outreach"}]}],
            "services":[{"id":3,"name":"Jiná","provider":7,"service_type":"respite"}]}"#;
        let visited = all(text).unwrap();
        assert_eq!(visited, read(text).unwrap().records().collect::<Vec<_>>());
        let ids: Vec<(Kind, u64)> = visited.iter().map(|r| (r.kind(), r.id())).collect();
        assert_eq!(
            ids,
            [
                (Kind::Organisation, 7),
                (Kind::Service, 3),
                (Kind::Service, 4)
            ]
        );
    }
}
