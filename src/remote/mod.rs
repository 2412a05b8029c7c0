//! The client of the shared server: a [`Store`] whose every call is one request over the
//! daemon's Unix socket ([`crate::protocol`]).
//!
//! One connection serves every thread: requests are written one at a time, each with its
//! own id, and a reader thread hands each response to the caller waiting for that id and
//! each event to every subscriber ([`RemoteStore::events`]). When the connection drops,
//! every waiting call fails with [`StoreError::Disconnected`], except a write that had
//! gone out: it carries a write id and is sent again once the connection is back, and
//! the daemon answers a write it already applied with its first outcome
//! ([`connection::Shared::call_write`]), so nothing is stored twice and the clerk
//! hears whether it was stored. The status turns to [`Connection::Reconnecting`] and the reader
//! thread reconnects with growing waits (50 ms doubling up to 1 s). Calls made meanwhile
//! fail at once. A message the client cannot read ends the connection like a drop.

mod connection;
mod status;

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use chrono::NaiveDate;

use crate::model::{Id, Kind, Meeting, Membership, Record, RecordRef, Register, Versioned};
use crate::protocol::{Event, Reply, Request, Role};
use crate::store::{
    Applied, AuditEntry, ChangeSet, ErasureReport, PersonData, Referrer, Result, Store, StoreError,
    WriteId,
};

pub use connection::{CALL_TIMEOUT, HANDSHAKE_TIMEOUT, WRITE_RETRY};
pub use status::{Connection, FIRST_BACKOFF, MAX_BACKOFF, backoff};

use connection::{Shared, handshake};

/// How long [`RemoteStore::is_alive`] waits for each step of the handshake.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(200);

/// The register on the shared server, reached over its Unix socket.
pub struct RemoteStore {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for RemoteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteStore")
            .field("user", &self.user())
            .field("database", &self.database())
            .field("status", &self.status())
            .finish()
    }
}

impl RemoteStore {
    /// Connects to the daemon on `socket` and shakes hands; `program` names the client in
    /// the daemon's log. A refusal is [`StoreError::Remote`] with the daemon's reason in
    /// both languages; no daemon (or no answer within [`HANDSHAKE_TIMEOUT`]) is
    /// [`StoreError::Disconnected`].
    pub fn connect(socket: &Path, program: &str) -> Result<RemoteStore> {
        let h = handshake(socket, program, HANDSHAKE_TIMEOUT)
            .map_err(|e| e.into_store_error(socket))?;
        let shared = Arc::new(Shared::new(socket, program, h.writer, h.welcome));
        let reader = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("kpss-remote".into())
            .spawn(move || reader.run(h.reader));
        if let Err(e) = spawned {
            shared.close();
            return Err(StoreError::Storage(format!(
                "cannot start the connection's reader thread: {e}"
            )));
        }
        Ok(RemoteStore { shared })
    }

    /// Whether a daemon answers on `socket`: it accepts a connection and answers the
    /// hello (a welcome or a refusal, both mean a daemon runs there) within
    /// [`PROBE_TIMEOUT`] per step. A socket file left behind by a dead daemon is not alive.
    pub fn is_alive(socket: &Path) -> bool {
        use connection::HandshakeError;
        match handshake(socket, "kpss probe", PROBE_TIMEOUT) {
            Ok(h) => {
                let _ = h.writer.shutdown(std::net::Shutdown::Both);
                true
            }
            // A daemon that takes the connection but has not answered yet is starting
            // (opening a large database): it is there, and a client waits for it
            // rather than opening the database itself.
            Err(HandshakeError::Refused(_) | HandshakeError::Slow(_)) => true,
            Err(HandshakeError::Unreachable(_)) => false,
        }
    }

    /// The user the daemon serves this client as (from the socket's peer credentials).
    pub fn user(&self) -> String {
        self.shared.welcome().user
    }

    /// The user's role on the server.
    pub fn role(&self) -> Role {
        self.shared.welcome().role
    }

    /// The database the daemon serves, as it names it.
    pub fn database(&self) -> String {
        self.shared.welcome().database
    }

    /// A new subscriber: receives every event the daemon sends from now on (changes by
    /// anyone, this client included). Each call makes another subscriber; a dropped
    /// receiver is forgotten. Events are not replayed after a reconnect: watch
    /// [`RemoteStore::status_changes`] (or [`RemoteStore::reconnects`]) and reload.
    pub fn events(&self) -> Receiver<Event> {
        self.shared.subscribe()
    }

    /// The connection's state, for the status line.
    pub fn status(&self) -> Connection {
        self.shared.status()
    }

    /// Every later change of [`RemoteStore::status`]: a `Connected` after a
    /// `Reconnecting` means events may have been missed, so lists should be reloaded.
    pub fn status_changes(&self) -> Receiver<Connection> {
        self.shared.watch()
    }

    /// How many times the connection has been got back since [`RemoteStore::connect`].
    pub fn reconnects(&self) -> u64 {
        self.shared.reconnects()
    }
}

impl Drop for RemoteStore {
    fn drop(&mut self) {
        self.shared.close();
    }
}

/// The name of a reply's shape, for messages.
fn reply_name(reply: &Reply) -> &'static str {
    match reply {
        Reply::Record(_) => "Record",
        Reply::Records(_) => "Records",
        Reply::Applied(_) => "Applied",
        Reply::Refs(_) => "Refs",
        Reply::Referrers(_) => "Referrers",
        Reply::Meetings(_) => "Meetings",
        Reply::Date(_) => "Date",
        Reply::Number(_) => "Number",
        Reply::DatedIds(_) => "DatedIds",
        Reply::Dates(_) => "Dates",
        Reply::Memberships(_) => "Memberships",
        Reply::History(_) => "History",
        Reply::Bool(_) => "Bool",
        Reply::Count(_) => "Count",
        Reply::Register(_) => "Register",
        Reply::Numbers(_) => "Numbers",
        Reply::PersonData(_) => "PersonData",
        Reply::Erased(_) => "Erased",
    }
}

/// The server answered a request with a reply of the wrong shape.
fn unexpected(expected: &str, got: &Reply) -> StoreError {
    let got = reply_name(got);
    StoreError::Remote {
        cs: format!(
            "Sdílený server poslal nečekanou odpověď ({got} místo {expected}); \
             mají klient a server stejnou verzi kpss?"
        ),
        en: format!(
            "The shared server sent an unexpected reply ({got} instead of {expected}); \
             do the client and the server run the same kpss version?"
        ),
    }
}

fn to_usize(n: u64) -> Result<usize> {
    usize::try_from(n).map_err(|_| StoreError::Remote {
        cs: format!("Sdílený server poslal příliš velké číslo {n}."),
        en: format!("The shared server sent a number too large: {n}."),
    })
}

fn to_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Sends a request and takes the one reply shape it may have.
macro_rules! ask {
    ($store:expr, $request:expr, $variant:ident($value:ident) => $out:expr) => {
        match $store.shared.call($request)? {
            Reply::$variant($value) => Ok($out),
            other => Err(unexpected(stringify!($variant), &other)),
        }
    };
}

impl Store for RemoteStore {
    fn get(&self, record: RecordRef) -> Result<Option<Versioned<Record>>> {
        ask!(self, Request::Get(record), Record(r) => r)
    }

    fn list(&self, kind: Kind) -> Result<Vec<Versioned<Record>>> {
        ask!(self, Request::List(kind), Records(r) => r)
    }

    fn apply_once(&self, write: WriteId, set: ChangeSet) -> Result<Applied> {
        match self.shared.call_write(Request::Apply { write, set })? {
            Reply::Applied(applied) => Ok(applied),
            other => Err(unexpected("Applied", &other)),
        }
    }

    fn referring(&self, record: RecordRef) -> Result<Vec<RecordRef>> {
        ask!(self, Request::Referring(record), Refs(r) => r)
    }

    fn referrers(&self, record: RecordRef) -> Result<Vec<Referrer>> {
        ask!(self, Request::Referrers(record), Referrers(r) => r)
    }

    fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Versioned<Meeting>>> {
        ask!(self, Request::MeetingsBetween { from, to }, Meetings(r) => r)
    }

    fn nearest_meeting_date(&self, date: NaiveDate) -> Result<Option<NaiveDate>> {
        ask!(self, Request::NearestMeetingDate(date), Date(r) => r)
    }

    fn meetings_of_group(&self, group: Id) -> Result<Vec<Versioned<Meeting>>> {
        ask!(self, Request::MeetingsOfGroup(group), Meetings(r) => r)
    }

    fn meeting_number(&self, group: Id, date: NaiveDate, id: Id) -> Result<usize> {
        ask!(self, Request::MeetingNumber { group, date, id }, Number(n) => to_usize(n)?)
    }

    fn meeting_numbers(&self, meetings: &[(Id, NaiveDate, Id)]) -> Result<Vec<usize>> {
        ask!(
            self,
            Request::MeetingNumbers(meetings.to_vec()),
            Numbers(n) => n.into_iter().map(to_usize).collect::<Result<Vec<_>>>()?
        )
    }

    fn meetings_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        let request = Request::MeetingsOfRegion {
            region,
            from,
            limit: to_u64(limit),
        };
        ask!(self, request, Meetings(r) => r)
    }

    fn meetings_of_region_before(
        &self,
        region: Id,
        before: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Versioned<Meeting>>> {
        let request = Request::MeetingsOfRegionBefore {
            region,
            before,
            limit: to_u64(limit),
        };
        ask!(self, request, Meetings(r) => r)
    }

    fn meeting_days(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, Id)>> {
        ask!(self, Request::MeetingDays { from, to }, DatedIds(r) => r)
    }

    fn meeting_dates_of_group(&self, group: Id) -> Result<Vec<(NaiveDate, Id)>> {
        ask!(self, Request::MeetingDatesOfGroup(group), DatedIds(r) => r)
    }

    fn meeting_dates_of_region(
        &self,
        region: Id,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        let request = Request::MeetingDatesOfRegion { region, from, to };
        ask!(self, request, Dates(r) => r)
    }

    fn memberships_of_group(&self, group: Id) -> Result<Vec<Versioned<Membership>>> {
        ask!(self, Request::MembershipsOfGroup(group), Memberships(r) => r)
    }

    fn memberships_of_person(&self, person: Id) -> Result<Vec<Versioned<Membership>>> {
        ask!(self, Request::MembershipsOfPerson(person), Memberships(r) => r)
    }

    fn in_region(&self, kind: Kind, region: Id) -> Result<Vec<Versioned<Record>>> {
        ask!(self, Request::InRegion { kind, region }, Records(r) => r)
    }

    fn search(&self, kind: Kind, query: &str) -> Result<Vec<Versioned<Record>>> {
        let request = Request::Search {
            kind,
            query: query.to_string(),
        };
        ask!(self, request, Records(r) => r)
    }

    fn history(&self, record: RecordRef) -> Result<Vec<AuditEntry>> {
        ask!(self, Request::History(record), History(r) => r)
    }

    fn is_empty(&self) -> Result<bool> {
        ask!(self, Request::IsEmpty, Bool(b) => b)
    }

    fn import_once(&self, write: WriteId, register: &Register) -> Result<usize> {
        let request = Request::Import {
            write,
            register: Box::new(register.clone()),
        };
        match self.shared.call_write(request)? {
            Reply::Count(n) => to_usize(n),
            other => Err(unexpected("Count", &other)),
        }
    }

    fn export(&self) -> Result<Register> {
        ask!(self, Request::Export, Register(r) => *r)
    }

    // Both write (an audit entry, an erasure): sent again after a broken connection.
    // Doing either twice does no harm: a second erasure finds nothing left to erase.
    fn person_data(&self, person: Id) -> Result<PersonData> {
        match self.shared.call_write(Request::PersonData(person))? {
            Reply::PersonData(data) => Ok(*data),
            other => Err(unexpected("PersonData", &other)),
        }
    }

    fn erase_person(&self, person: Id) -> Result<ErasureReport> {
        match self.shared.call_write(Request::ErasePerson(person))? {
            Reply::Erased(report) => Ok(report),
            other => Err(unexpected("Erased", &other)),
        }
    }
}

/// Whether `socket` could be a daemon's socket at all (it exists and is a socket); a
/// cheap check before [`RemoteStore::is_alive`].
pub fn is_socket(socket: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(socket).is_ok_and(|m| m.file_type().is_socket())
}

/// The store is usable from any thread.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RemoteStore>();
};

#[cfg(test)]
mod tests {
    use std::os::unix::net::UnixListener;

    use super::*;
    use crate::model::Lang;
    use crate::protocol::frame;
    use crate::protocol::{ClientMessage, PROTOCOL_VERSION, ServerMessage};

    /// A one-connection server: welcomes with `version`, then answers every request with
    /// `reply`.
    fn tiny_server(version: u32, reply: Reply) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kpss.sock");
        let listener = UnixListener::bind(&path).unwrap();
        std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let _: Option<ClientMessage> = frame::read(&mut s).unwrap();
            let welcome = ServerMessage::Welcome {
                version,
                user: "u".into(),
                role: Role::Viewer,
                database: "db".into(),
            };
            frame::write(&mut s, &welcome).unwrap();
            while let Ok(Some(ClientMessage::Request { id, .. })) = frame::read(&mut s) {
                let result = Box::new(Ok(reply.clone()));
                if frame::write(&mut s, &ServerMessage::Response { id, result }).is_err() {
                    break;
                }
            }
        });
        (dir, path)
    }

    #[test]
    fn a_reply_of_the_wrong_shape_is_a_clear_error() {
        let (_dir, path) = tiny_server(PROTOCOL_VERSION, Reply::Bool(true));
        let store = RemoteStore::connect(&path, "test").unwrap();
        assert_eq!(store.user(), "u");
        assert_eq!(store.role(), Role::Viewer);
        assert_eq!(store.database(), "db");
        assert!(store.is_empty().unwrap());
        let e = store.list(Kind::Region).unwrap_err();
        assert!(matches!(e, StoreError::Remote { .. }), "{e:?}");
        assert!(e.message(Lang::Cs).contains("Bool místo Records"), "{e}");
        assert!(e.message(Lang::En).contains("Bool instead of Records"));
        // The connection is still fine.
        assert!(store.is_empty().unwrap());
        assert_eq!(store.status(), Connection::Connected);
    }

    #[test]
    fn a_welcome_of_another_version_is_refused() {
        let (_dir, path) = tiny_server(PROTOCOL_VERSION + 1, Reply::Bool(true));
        let e = RemoteStore::connect(&path, "test").unwrap_err();
        let StoreError::Remote { cs, en } = e else {
            panic!("{e:?}")
        };
        assert!(
            cs.contains(&format!("verze {}", PROTOCOL_VERSION + 1)),
            "{cs}"
        );
        assert!(en.contains("version"), "{en}");
    }

    #[test]
    fn no_daemon_is_disconnected_and_not_alive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.sock");
        assert!(!RemoteStore::is_alive(&path));
        assert!(!is_socket(&path));
        let e = RemoteStore::connect(&path, "test").unwrap_err();
        assert!(matches!(e, StoreError::Disconnected(_)), "{e:?}");
        assert!(e.message(Lang::Cs).contains("none.sock"));
    }

    #[test]
    fn reply_names_match_the_variants() {
        assert_eq!(reply_name(&Reply::Count(1)), "Count");
        assert_eq!(reply_name(&Reply::Date(None)), "Date");
        assert!(matches!(to_usize(7), Ok(7)));
        assert_eq!(to_u64(usize::MAX), usize::MAX as u64);
    }
}
