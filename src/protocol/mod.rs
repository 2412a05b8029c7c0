//! The shared server's protocol: what a client (the TUI or a command of a clerk's `kpss`)
//! and the daemon (`kpss serve`) say to each other over a Unix socket.
//!
//! A connection starts with a handshake: the client sends [`ClientMessage::Hello`] with
//! its [`PROTOCOL_VERSION`]; the daemon answers [`ServerMessage::Welcome`] (with the user
//! it took from the socket's peer credentials and that user's role) or
//! [`ServerMessage::Refused`]. Then the client sends requests, each with an id, and the
//! daemon answers each with a response of the same id; between responses it sends an
//! [`Event`] for every change committed by anyone. Every message travels as one frame
//! ([`frame`]).

mod dispatch;
pub mod frame;
pub mod wire;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{Id, Kind, Lang, Meeting, Membership, Record, RecordRef, Register, Versioned};
use crate::store::{AuditEntry, Referrer};

pub use dispatch::dispatch;
pub use wire::WireError;

/// Bumped whenever a message changes shape; a client and a daemon of different versions
/// refuse each other with a message that says which is which.
pub const PROTOCOL_VERSION: u32 = 1;

/// What a user may do on the shared server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads everything, changes nothing.
    Viewer,
    /// Reads and changes records.
    Editor,
    /// Also loads whole registers.
    Admin,
}

impl Role {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Viewer => lang.pick("čtenář", "viewer"),
            Role::Editor => lang.pick("editor", "editor"),
            Role::Admin => lang.pick("správce", "admin"),
        }
    }

    /// Whether the role may make the request.
    pub fn allows(self, request: &Request) -> bool {
        match request.access() {
            Access::Read => true,
            Access::Write => self >= Role::Editor,
            Access::Admin => self >= Role::Admin,
        }
    }

    /// Whether the role may change records at all (the TUI hides editing keys if not).
    pub fn can_edit(self) -> bool {
        self >= Role::Editor
    }
}

/// What a request needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    Admin,
}

/// Client → daemon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ClientMessage {
    Hello { version: u32, program: String },
    Request { id: u64, request: Box<Request> },
}

/// Daemon → client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServerMessage {
    Welcome {
        version: u32,
        /// The user the daemon took from the socket's peer credentials.
        user: String,
        role: Role,
        /// The database the daemon serves, as it names it.
        database: String,
    },
    Refused(Refusal),
    Response {
        id: u64,
        result: Box<Result<Reply, WireError>>,
    },
    Event(Event),
}

/// Why the daemon would not talk to a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// Client and daemon speak different protocol versions.
    Version { client: u32, server: u32 },
    /// The user has no role on this server.
    NoRole { user: String },
    /// The daemon is shutting down.
    ShuttingDown,
    /// The daemon serves as many connections as it may (`kpss serve --max-clients`).
    TooManyClients { limit: u64 },
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::Version { client, server }, Lang::Cs) => format!(
                "Sdílený server kpss mluví protokolem verze {server}, tento kpss verzí {client}: \
                 použijte na obou stranách stejnou verzi kpss."
            ),
            (Refusal::Version { client, server }, Lang::En) => format!(
                "The shared kpss server speaks protocol version {server}, this kpss version \
                 {client}: use the same kpss version on both sides."
            ),
            (Refusal::NoRole { user }, Lang::Cs) => format!(
                "Uživatel {user} nemá na sdíleném serveru kpss žádnou roli; požádejte správce."
            ),
            (Refusal::NoRole { user }, Lang::En) => {
                format!("User {user} has no role on the shared kpss server; ask its administrator.")
            }
            (Refusal::ShuttingDown, Lang::Cs) => "Sdílený server kpss se právě ukončuje.".into(),
            (Refusal::ShuttingDown, Lang::En) => "The shared kpss server is shutting down.".into(),
            (Refusal::TooManyClients { limit }, Lang::Cs) => format!(
                "Sdílený server kpss už obsluhuje tolik spojení, kolik smí ({limit}); zkuste \
                 to za chvíli, případně ať správce zvýší --max-clients."
            ),
            (Refusal::TooManyClients { limit }, Lang::En) => format!(
                "The shared kpss server already serves as many connections as it may \
                 ({limit}); try again shortly, or ask its administrator to raise --max-clients."
            ),
        }
    }
}

/// A change committed on the server, sent to every connected client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// A record was created, changed, restored (`rev` its new revision) or deleted
    /// (`rev` none) by `by`.
    Changed {
        record: RecordRef,
        rev: Option<u64>,
        by: String,
    },
    /// A whole register was loaded: everything may have changed.
    Reloaded { by: String },
}

/// One call of the [`crate::store::Store`] trait.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Get(RecordRef),
    List(Kind),
    Create(Record),
    Restore(Record),
    Update {
        rev: u64,
        record: Record,
    },
    Delete {
        record: RecordRef,
        rev: u64,
        cascade: bool,
    },
    Referring(RecordRef),
    Referrers(RecordRef),
    MeetingsBetween {
        from: NaiveDate,
        to: NaiveDate,
    },
    NearestMeetingDate(NaiveDate),
    MeetingsOfGroup(Id),
    MeetingNumber {
        group: Id,
        date: NaiveDate,
        id: Id,
    },
    MeetingsOfRegion {
        region: Id,
        from: NaiveDate,
        limit: u64,
    },
    MeetingsOfRegionBefore {
        region: Id,
        before: NaiveDate,
        limit: u64,
    },
    MeetingDatesOfGroup(Id),
    MeetingDatesOfRegion {
        region: Id,
        from: NaiveDate,
        to: NaiveDate,
    },
    MembershipsOfGroup(Id),
    MembershipsOfPerson(Id),
    InRegion {
        kind: Kind,
        region: Id,
    },
    Search {
        kind: Kind,
        query: String,
    },
    History(RecordRef),
    IsEmpty,
    Import(Register),
    Export,
    MeetingNumbers(Vec<(Id, NaiveDate, Id)>),
}

impl Request {
    pub fn access(&self) -> Access {
        match self {
            Request::Create(_)
            | Request::Restore(_)
            | Request::Update { .. }
            | Request::Delete { .. } => Access::Write,
            Request::Import(_) => Access::Admin,
            _ => Access::Read,
        }
    }
}

/// The answer to a [`Request`]; each request has one shape of answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Record(Option<Versioned<Record>>),
    Records(Vec<Versioned<Record>>),
    Stored(Versioned<Record>),
    Refs(Vec<RecordRef>),
    Referrers(Vec<Referrer>),
    Meetings(Vec<Versioned<Meeting>>),
    Date(Option<NaiveDate>),
    Number(u64),
    DatedIds(Vec<(NaiveDate, Id)>),
    Dates(Vec<NaiveDate>),
    Memberships(Vec<Versioned<Membership>>),
    History(Vec<AuditEntry>),
    Bool(bool),
    Count(u64),
    Register(Box<Register>),
    Numbers(Vec<u64>),
}
