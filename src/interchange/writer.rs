//! Writing a register file one record at a time: the national register (hundreds of
//! megabytes of JSON) is written from the database without ever being held whole in
//! memory, byte for byte as [`crate::interchange::write`] writes the same register.

use std::cell::{Cell, RefCell};
use std::io::{self, Write};

use serde::ser::{self, Serialize, SerializeSeq, SerializeStruct, Serializer};

use crate::model::register::{FORMAT, FORMAT_VERSION};
use crate::model::{Kind, Record, Register};

/// Why a register could not be written.
#[derive(Debug)]
pub enum WriteError<E> {
    /// The records could not be read (the writing stopped at the first that could not).
    Source(E),
    /// The output could not be written.
    Output(io::Error),
}

impl<E> From<io::Error> for WriteError<E> {
    fn from(e: io::Error) -> Self {
        WriteError::Output(e)
    }
}

/// Writes a register into `out` as [`crate::interchange::write`] would: the same pretty
/// JSON, ending with a newline. `records` is asked for each kind's records in turn (in
/// [`Kind::ALL`] order, each kind once) and hands them out one at a time, in id order;
/// each is written as soon as it comes, so no more than one is held at once. The first
/// error from `records` stops the writing and comes back as [`WriteError::Source`].
/// `out` is flushed at the end. Returns how many records were written.
pub fn write_streamed<W, E, I>(
    out: W,
    records: impl FnMut(Kind) -> Result<I, E>,
) -> Result<usize, WriteError<E>>
where
    W: Write,
    I: Iterator<Item = Result<Record, E>>,
{
    let file = File {
        records: RefCell::new(records),
        failed: RefCell::new(None),
        count: Cell::new(0),
    };
    let mut out = out;
    let mut serializer = serde_json::Serializer::pretty(&mut out);
    let written = file.serialize(&mut serializer);
    if let Some(e) = file.failed.into_inner() {
        return Err(WriteError::Source(e));
    }
    // serde_json hands back the writer's own error as it was.
    written.map_err(|e| WriteError::Output(e.into()))?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(file.count.get())
}

/// Writes a register held whole into `out`: the bytes of [`crate::interchange::write`],
/// without building them as one string first.
pub fn write_into<W: Write>(mut out: W, register: &Register) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, register)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The name of a kind's list in a register file, as [`Register`] names its fields.
pub fn list_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Region => "regions",
        Kind::Organisation => "organisations",
        Kind::Person => "people",
        Kind::Project => "projects",
        Kind::Document => "documents",
        Kind::Group => "groups",
        Kind::Membership => "memberships",
        Kind::Meeting => "meetings",
        Kind::Service => "services",
        Kind::Plan => "plans",
        Kind::Priority => "priorities",
        Kind::Measure => "measures",
        Kind::Activity => "activities",
        Kind::ActionPlan => "action_plans",
        Kind::Monitoring => "monitoring",
    }
}

/// The whole file, serialized as [`Register`]'s derived `Serialize` does: `format`,
/// `version`, then one list per kind in field order, empty lists included.
struct File<F, E> {
    records: RefCell<F>,
    /// The error `records` stopped with; the error serde carries only stops it.
    failed: RefCell<Option<E>>,
    count: Cell<usize>,
}

impl<F, E> File<F, E> {
    fn fail<X: ser::Error>(&self, e: E) -> X {
        *self.failed.borrow_mut() = Some(e);
        X::custom("the records could not be read")
    }
}

impl<F, E, I> Serialize for File<F, E>
where
    F: FnMut(Kind) -> Result<I, E>,
    I: Iterator<Item = Result<Record, E>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut file = serializer.serialize_struct("Register", 2 + Kind::ALL.len())?;
        file.serialize_field("format", FORMAT)?;
        file.serialize_field("version", &FORMAT_VERSION)?;
        for kind in Kind::ALL {
            file.serialize_field(list_name(kind), &List { file: self, kind })?;
        }
        file.end()
    }
}

/// One kind's list, its records asked for when it is written.
struct List<'a, F, E> {
    file: &'a File<F, E>,
    kind: Kind,
}

impl<F, E, I> Serialize for List<'_, F, E>
where
    F: FnMut(Kind) -> Result<I, E>,
    I: Iterator<Item = Result<Record, E>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let records = (self.file.records.borrow_mut())(self.kind).map_err(|e| self.file.fail(e))?;
        // Without a length: serde_json writes an empty list as `[]` either way.
        let mut list = serializer.serialize_seq(None)?;
        for record in records {
            let record = record.map_err(|e| self.file.fail(e))?;
            list.serialize_element(&Bare(&record))?;
            self.file.count.set(self.file.count.get() + 1);
        }
        list.end()
    }
}

/// A record as its kind's list holds it: its fields alone, without the kind's tag that
/// [`Record`]'s own `Serialize` adds.
struct Bare<'a>(&'a Record);

impl Serialize for Bare<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Record::Region(r) => r.serialize(serializer),
            Record::Organisation(r) => r.serialize(serializer),
            Record::Person(r) => r.serialize(serializer),
            Record::Project(r) => r.serialize(serializer),
            Record::Document(r) => r.serialize(serializer),
            Record::Group(r) => r.serialize(serializer),
            Record::Membership(r) => r.serialize(serializer),
            Record::Meeting(r) => r.serialize(serializer),
            Record::Service(r) => r.serialize(serializer),
            Record::Plan(r) => r.serialize(serializer),
            Record::Priority(r) => r.serialize(serializer),
            Record::Measure(r) => r.serialize(serializer),
            Record::Activity(r) => r.serialize(serializer),
            Record::ActionPlan(r) => r.serialize(serializer),
            Record::Monitoring(r) => r.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use std::rc::Rc;

    use super::*;
    use crate::interchange::write;

    type Records = std::vec::IntoIter<Result<Record, &'static str>>;

    /// A register's records of one kind, as a store would hand them out.
    fn of_kind(register: &Register, kind: Kind) -> Result<Records, &'static str> {
        let records: Vec<_> = register
            .records()
            .filter(|r| r.kind() == kind)
            .map(Ok)
            .collect();
        Ok(records.into_iter())
    }

    fn streamed(register: &Register) -> Vec<u8> {
        let mut out = Vec::new();
        let count = write_streamed(&mut out, |kind| of_kind(register, kind)).unwrap();
        assert_eq!(count, register.len());
        out
    }

    #[test]
    fn writes_the_bytes_of_the_whole_register() {
        let sample = crate::sample::sample_register().unwrap();
        assert!(
            Kind::ALL
                .iter()
                .all(|k| sample.records().any(|r| r.kind() == *k))
        );
        let expected = write(&sample).unwrap();
        assert_eq!(String::from_utf8(streamed(&sample)).unwrap(), expected);
        let mut whole = Vec::new();
        write_into(&mut whole, &sample).unwrap();
        assert_eq!(String::from_utf8(whole).unwrap(), expected);
    }

    #[test]
    fn empty_lists_are_written_as_the_whole_register_writes_them() {
        let empty = Register::default();
        assert_eq!(
            String::from_utf8(streamed(&empty)).unwrap(),
            write(&empty).unwrap()
        );
        let mut some = Register::default();
        let sample = crate::sample::sample_register().unwrap();
        some.regions = sample.regions.clone();
        some.plans = sample.plans.clone();
        assert_eq!(
            String::from_utf8(streamed(&some)).unwrap(),
            write(&some).unwrap()
        );
    }

    #[test]
    fn every_kind_has_its_list_named_as_the_register_names_it() {
        let text = write(&Register::default()).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let names: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = vec!["format", "version"];
        expected.extend(Kind::ALL.map(list_name));
        let mut sorted = expected.clone();
        sorted.sort_unstable();
        let mut got = names.clone();
        got.sort_unstable();
        assert_eq!(got, sorted);
    }

    /// Each record is written before the next is read: a writer that gathered a kind
    /// (or the whole register) first would read records with nothing written between.
    #[test]
    fn records_are_written_as_they_are_read() {
        let sample = crate::sample::sample_register().unwrap();
        let written = Rc::new(RefCell::new(Vec::new()));
        // The kind of each record read, and how many bytes were written by then.
        let reads = Rc::new(RefCell::new(Vec::new()));
        write_streamed(Shared(Rc::clone(&written)), |kind| {
            let (written, reads) = (Rc::clone(&written), Rc::clone(&reads));
            Ok(of_kind(&sample, kind)?
                .inspect(move |_| reads.borrow_mut().push((kind, written.borrow().len()))))
        })
        .unwrap();
        let reads = reads.borrow();
        assert_eq!(reads.len(), sample.len());
        let mut pairs = 0;
        for pair in reads.windows(2).filter(|w| w[0].0 == w[1].0) {
            assert!(pair[1].1 > pair[0].1, "{pair:?}: nothing written between");
            pairs += 1;
        }
        assert!(pairs > 10);
    }

    /// Output that can be looked at while it is written.
    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_error_of_the_records_stops_the_writing() {
        let sample = crate::sample::sample_register().unwrap();
        let mut out = Vec::new();
        let result = write_streamed(&mut out, |kind| {
            let mut records: Vec<_> = of_kind(&sample, kind)?.collect();
            if kind == Kind::Meeting {
                records.insert(1, Err("meeting 2 is damaged"));
            }
            Ok(records.into_iter())
        });
        assert!(matches!(
            result,
            Err(WriteError::Source("meeting 2 is damaged"))
        ));
        let refused = write_streamed(&mut Vec::new(), |kind| {
            if kind == Kind::Person {
                return Err("no people tree");
            }
            of_kind(&sample, kind)
        });
        assert!(matches!(refused, Err(WriteError::Source("no people tree"))));
    }

    #[test]
    fn an_error_of_the_output_is_handed_back() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let sample = crate::sample::sample_register().unwrap();
        match write_streamed(Full, |kind| of_kind(&sample, kind)) {
            Err(WriteError::Output(e)) => assert_eq!(e.raw_os_error(), Some(28)),
            other => panic!("{other:?}"),
        }
    }
}
