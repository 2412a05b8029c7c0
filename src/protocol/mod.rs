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
use crate::store::{Applied, AuditEntry, ChangeSet, ErasureReport, PersonData, Referrer, WriteId};

pub use dispatch::dispatch;
pub use wire::WireError;

/// Bumped whenever a message changes shape; a client and a daemon of different versions
/// refuse each other with a message that says which is which. Version 3: meetings carry
/// their event `uid`, and a person's data can be exported and erased. Version 4: people
/// carry their salutation. Version 5: meetings carry the day their invitation was sent,
/// organisations no longer carry services (services are records of their own), and a
/// register import carries its register boxed. The bytes of each message are pinned in
/// `tests/golden.rs`.
pub const PROTOCOL_VERSION: u32 = 5;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
    /// Records created, changed, restored (each with its new revision) or deleted
    /// (revision none) by `by` in one change set.
    Changed {
        records: Vec<(RecordRef, Option<u64>)>,
        by: String,
    },
    /// A whole register was loaded: everything may have changed.
    Reloaded { by: String },
}

/// What a committed request tells every client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announce {
    /// Nothing: the request only reads.
    Nothing,
    /// Every record the change set touched ([`Reply::Applied`]), as one event.
    Touched,
    /// A whole register was loaded: everything may have changed.
    Reload,
    /// Nothing: the request writes only an entry of the audit trail (a disclosure of
    /// personal data), no record.
    Audited,
}

/// Declares the requests once, with what each needs and what it announces, so that the
/// role check and the change events are exhaustive matches generated from one table: a
/// new request cannot be added without saying who may make it.
macro_rules! requests {
    ($(
        $(#[$doc:meta])*
        $name:ident $( ( $($tuple:ty),* ) )? $( { $($field:ident : $fty:ty),* $(,)? } )?
            => $access:ident, $announce:ident;
    )*) => {
        /// One call of the [`crate::store::Store`] trait.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub enum Request {
            $( $(#[$doc])* $name $( ( $($tuple),* ) )? $( { $($field : $fty),* } )?, )*
        }

        impl Request {
            /// What the request needs of the user's role.
            pub fn access(&self) -> Access {
                match self {
                    $( Request::$name { .. } => Access::$access, )*
                }
            }

            /// What every client is told once the request is committed.
            pub fn announces(&self) -> Announce {
                match self {
                    $( Request::$name { .. } => Announce::$announce, )*
                }
            }

            /// The request's name, for the daemon's log.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Request::$name { .. } => stringify!($name), )*
                }
            }

            /// Every request's name with its access and announcement, as declared.
            pub const TABLE: &'static [(&'static str, Access, Announce)] = &[
                $( (stringify!($name), Access::$access, Announce::$announce), )*
            ];
        }
    };
}

requests! {
    Get(RecordRef) => Read, Nothing;
    List(Kind) => Read, Nothing;
    /// A change set, applied at most once under the client's write id.
    Apply { write: WriteId, set: ChangeSet } => Write, Touched;
    Referring(RecordRef) => Read, Nothing;
    Referrers(RecordRef) => Read, Nothing;
    MeetingsBetween { from: NaiveDate, to: NaiveDate } => Read, Nothing;
    NearestMeetingDate(NaiveDate) => Read, Nothing;
    MeetingsOfGroup(Id) => Read, Nothing;
    MeetingNumber { group: Id, date: NaiveDate, id: Id } => Read, Nothing;
    MeetingsOfRegion { region: Id, from: NaiveDate, limit: u64 } => Read, Nothing;
    MeetingsOfRegionBefore { region: Id, before: NaiveDate, limit: u64 } => Read, Nothing;
    MeetingDatesOfGroup(Id) => Read, Nothing;
    MeetingDatesOfRegion { region: Id, from: NaiveDate, to: NaiveDate } => Read, Nothing;
    MembershipsOfGroup(Id) => Read, Nothing;
    MembershipsOfPerson(Id) => Read, Nothing;
    InRegion { kind: Kind, region: Id } => Read, Nothing;
    Search { kind: Kind, query: String } => Read, Nothing;
    History(RecordRef) => Read, Nothing;
    IsEmpty => Read, Nothing;
    /// A whole register into an empty database, at most once under the write id.
    Import { write: WriteId, register: Box<Register> } => Admin, Reload;
    Export => Read, Nothing;
    MeetingNumbers(Vec<(Id, NaiveDate, Id)>) => Read, Nothing;
    /// Everything held about a person (GDPR Art. 15); the disclosure is audited.
    PersonData(Id) => Write, Audited;
    /// A person anonymised everywhere (GDPR Art. 17).
    ErasePerson(Id) => Admin, Touched;
    /// The date and id of each meeting between two days, from the date index alone.
    MeetingDays { from: NaiveDate, to: NaiveDate } => Read, Nothing;
}

impl Announce {
    /// The events that follow a successful request by `by`.
    pub fn events(self, reply: &Reply, by: &str) -> Vec<Event> {
        match (self, reply) {
            (Announce::Nothing | Announce::Audited, _) => Vec::new(),
            (Announce::Touched, Reply::Applied(applied)) => {
                let records = applied.changes();
                if records.is_empty() {
                    Vec::new()
                } else {
                    vec![Event::Changed {
                        records,
                        by: by.to_string(),
                    }]
                }
            }
            (Announce::Touched, Reply::Erased(report)) => {
                if report.changed.is_empty() {
                    Vec::new()
                } else {
                    vec![Event::Changed {
                        records: report.changed.clone(),
                        by: by.to_string(),
                    }]
                }
            }
            // A write whose reply does not say what it touched: everything may have
            // changed, so every client reloads rather than missing a change.
            (Announce::Touched | Announce::Reload, _) => {
                vec![Event::Reloaded { by: by.to_string() }]
            }
        }
    }
}

/// The answer to a [`Request`]; each request has one shape of answer.
// A reply is built once and moved once per request; boxing the one-record reply would
// only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    Record(Option<Versioned<Record>>),
    Records(Vec<Versioned<Record>>),
    Applied(Applied),
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
    PersonData(Box<PersonData>),
    Erased(ErasureReport),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every request says who may make it; whatever changes the register announces it
    /// and needs more than a viewer's role.
    #[test]
    fn every_request_has_an_explicit_role_and_writes_are_announced() {
        let names: Vec<&str> = Request::TABLE.iter().map(|(name, ..)| *name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        for (name, access, announce) in Request::TABLE {
            match announce {
                Announce::Nothing => assert_eq!(*access, Access::Read, "{name}"),
                Announce::Touched | Announce::Reload | Announce::Audited => {
                    assert_ne!(
                        *access,
                        Access::Read,
                        "{name} writes but viewers may send it"
                    )
                }
            }
        }
        let write = Request::Apply {
            write: WriteId([1; 16]),
            set: ChangeSet::default(),
        };
        assert_eq!(write.name(), "Apply");
        assert!(!Role::Viewer.allows(&write));
        assert!(Role::Editor.allows(&write));
        let import = Request::Import {
            write: WriteId([1; 16]),
            register: Box::default(),
        };
        assert!(!Role::Editor.allows(&import));
        assert!(Role::Admin.allows(&import));
        assert!(Role::Viewer.allows(&Request::Export));
        assert!(!Role::Viewer.allows(&Request::PersonData(5)));
        assert!(Role::Editor.allows(&Request::PersonData(5)));
        assert!(!Role::Editor.allows(&Request::ErasePerson(5)));
        assert!(Role::Admin.allows(&Request::ErasePerson(5)));
    }

    /// A write's reply that does not say what it touched makes everyone reload rather
    /// than miss a change.
    #[test]
    fn a_write_is_announced_even_when_its_reply_is_unexpected() {
        assert_eq!(
            Announce::Touched.events(&Reply::Bool(true), "jana"),
            vec![Event::Reloaded { by: "jana".into() }]
        );
        assert!(
            Announce::Nothing
                .events(&Reply::Bool(true), "jana")
                .is_empty()
        );
        assert!(
            Announce::Touched
                .events(&Reply::Applied(Applied::default()), "jana")
                .is_empty()
        );
    }
}
