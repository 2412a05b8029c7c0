//! The shared server: the wire messages through frames, the handshake, roles checked by
//! the daemon, the audit trail under the peer's user, events to every client, bad frames
//! closing one connection only, stale and live sockets, and a clean stop on SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::VecDeque;
use std::io::Write;
use std::net::Shutdown;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use kpss::daemon::{Daemon, DaemonError, Roles, ServeConfig, default_socket};
use kpss::model::{Kind, Meeting, Membership, Record, RecordRef, Region, Register, Versioned};
use kpss::protocol::frame::{self, MAX_FRAME};
use kpss::protocol::{
    ClientMessage, Event, PROTOCOL_VERSION, Refusal, Reply, Request, Role, ServerMessage, WireError,
};
use kpss::store::{
    Applied, AuditEntry, Change, ChangeSet, EmbeddedStore, Operation, Referrer, Store, Touched,
    WriteId,
};

fn me() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn region(name: &str) -> Record {
    Record::Region(Region {
        name: name.into(),
        ..Region::default()
    })
}

/// A tiny raw client: frames over a Unix socket, events kept aside while waiting for a
/// response.
struct Client {
    stream: UnixStream,
    next: u64,
    events: VecDeque<Event>,
}

impl Client {
    fn connect(socket: &Path) -> Client {
        let stream = UnixStream::connect(socket).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Client {
            stream,
            next: 1,
            events: VecDeque::new(),
        }
    }

    fn send(&mut self, message: &ClientMessage) {
        frame::write(&mut self.stream, message).unwrap();
    }

    fn recv(&mut self) -> Option<ServerMessage> {
        frame::read(&mut self.stream).unwrap()
    }

    fn hello_as(&mut self, version: u32, program: &str) -> ServerMessage {
        self.send(&ClientMessage::Hello {
            version,
            program: program.into(),
        });
        self.recv().expect("an answer to Hello")
    }

    /// Connects and shakes hands; panics unless welcomed.
    fn welcomed(socket: &Path) -> (Client, Role) {
        let mut client = Client::connect(socket);
        match client.hello_as(PROTOCOL_VERSION, "tests/daemon") {
            ServerMessage::Welcome { role, .. } => (client, role),
            other => panic!("not welcomed: {other:?}"),
        }
    }

    fn request(&mut self, request: Request) -> Result<Reply, WireError> {
        let id = self.next;
        self.next += 1;
        self.send(&ClientMessage::Request {
            id,
            request: Box::new(request),
        });
        loop {
            match self.recv() {
                Some(ServerMessage::Response { id: got, result }) => {
                    assert_eq!(got, id);
                    return *result;
                }
                Some(ServerMessage::Event(event)) => self.events.push_back(event),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn create(&mut self, record: Record) -> Versioned<Record> {
        let request = Request::Apply {
            write: WriteId::fresh(),
            set: ChangeSet::one(Change::Create(record)),
        };
        match self.request(request) {
            Ok(Reply::Applied(applied)) => applied.stored().next().unwrap().clone(),
            other => panic!("{other:?}"),
        }
    }

    fn get(&mut self, record: RecordRef) -> Option<Versioned<Record>> {
        match self.request(Request::Get(record)) {
            Ok(Reply::Record(found)) => found,
            other => panic!("{other:?}"),
        }
    }

    /// The next event, waiting for it if none has come yet.
    fn event(&mut self) -> Event {
        if let Some(event) = self.events.pop_front() {
            return event;
        }
        match self.recv() {
            Some(ServerMessage::Event(event)) => event,
            other => panic!("expected an event, got {other:?}"),
        }
    }

    /// Whether the daemon has closed the connection (EOF or a reset), after any events
    /// still on their way.
    fn is_closed(&mut self) -> bool {
        loop {
            match frame::read::<ServerMessage>(&mut self.stream) {
                Ok(None) => return true,
                Ok(Some(ServerMessage::Event(event))) => self.events.push_back(event),
                Ok(Some(message)) => panic!("still talking: {message:?}"),
                Err(frame::FrameError::Io(e)) => {
                    return e.kind() == std::io::ErrorKind::ConnectionReset;
                }
                Err(e) => panic!("{e}"),
            }
        }
    }
}

struct Setup {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    socket: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    // As the socket's directory should be: not open to every user.
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let dir = tmp.path().join("db");
    std::fs::create_dir_all(&dir).unwrap();
    // The daemon serves only a directory that is its user's alone.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let socket = default_socket(&dir);
    Setup {
        _tmp: tmp,
        dir,
        socket,
    }
}

fn config(s: &Setup, roles: Roles) -> ServeConfig {
    ServeConfig {
        dir: s.dir.clone(),
        socket: s.socket.clone(),
        group: None,
        roles,
    }
}

fn start(s: &Setup) -> Daemon {
    Daemon::start(config(s, Roles::without_file(&me()))).unwrap()
}

fn start_with_roles(s: &Setup, text: &str) -> Daemon {
    let file = s.dir.join("roles.toml");
    std::fs::write(&file, text).unwrap();
    Daemon::start(config(s, Roles::load(&file).unwrap())).unwrap()
}

#[test]
fn every_message_goes_through_a_frame() {
    let r = RecordRef::new(Kind::Region, 7);
    let stored = Versioned {
        rev: 3,
        record: region("Soběslav"),
    };
    let meeting = Versioned {
        rev: 1,
        record: Meeting {
            id: 4,
            region: 7,
            date: date(2017, 12, 4),
            ..Meeting::default()
        },
    };
    let membership = Versioned {
        rev: 2,
        record: Membership {
            id: 5,
            group: 1,
            person: 2,
            ..Membership::default()
        },
    };
    let referrer = Referrer {
        record: RecordRef::new(Kind::Project, 9),
        title: "Plán 2019–2021".into(),
    };
    let entry = AuditEntry {
        seq: 1,
        at: Utc::now(),
        who: "novakova".into(),
        operation: Operation::Update,
        record: Some(r),
        before: Some(region("Sobeslav")),
        after: Some(region("Soběslav")),
        note: String::new(),
        rev: 2,
    };
    let mut register = Register::default();
    register.regions.push(Region {
        id: 1,
        name: "Tábor".into(),
        ..Region::default()
    });
    let requests = vec![
        Request::Get(r),
        Request::List(Kind::Meeting),
        Request::Apply {
            write: WriteId([7; 16]),
            set: ChangeSet {
                changes: vec![
                    Change::Create(region("Písek")),
                    Change::Restore(region("Písek")),
                    Change::Update {
                        rev: 2,
                        record: region("Písek"),
                    },
                    Change::Delete {
                        record: r,
                        rev: 2,
                        cascade: true,
                    },
                ],
            },
        },
        Request::Referring(r),
        Request::Referrers(r),
        Request::MeetingsBetween {
            from: date(2018, 1, 1),
            to: date(2018, 12, 31),
        },
        Request::NearestMeetingDate(date(2018, 6, 1)),
        Request::MeetingsOfGroup(3),
        Request::MeetingNumber {
            group: 3,
            date: date(2018, 6, 1),
            id: 4,
        },
        Request::MeetingsOfRegion {
            region: 7,
            from: date(2018, 1, 1),
            limit: 10,
        },
        Request::MeetingsOfRegionBefore {
            region: 7,
            before: date(2018, 1, 1),
            limit: 10,
        },
        Request::MeetingDatesOfGroup(3),
        Request::MeetingDatesOfRegion {
            region: 7,
            from: date(2018, 1, 1),
            to: date(2018, 2, 1),
        },
        Request::MembershipsOfGroup(3),
        Request::MembershipsOfPerson(2),
        Request::InRegion {
            kind: Kind::Project,
            region: 7,
        },
        Request::Search {
            kind: Kind::Person,
            query: "nováková".into(),
        },
        Request::History(r),
        Request::IsEmpty,
        Request::Import {
            write: WriteId([9; 16]),
            register: Box::new(register.clone()),
        },
        Request::Export,
        Request::MeetingNumbers(vec![(1, date(2018, 6, 4), 4), (2, date(2019, 1, 21), 9)]),
        Request::MeetingDays {
            from: date(2018, 12, 1),
            to: date(2018, 12, 31),
        },
    ];
    let mut client: Vec<ClientMessage> = vec![ClientMessage::Hello {
        version: PROTOCOL_VERSION,
        program: "kpss 0.1".into(),
    }];
    client.extend(
        requests
            .into_iter()
            .enumerate()
            .map(|(i, request)| ClientMessage::Request {
                id: i as u64,
                request: Box::new(request),
            }),
    );

    let replies = vec![
        Reply::Record(Some(stored.clone())),
        Reply::Record(None),
        Reply::Records(vec![stored.clone()]),
        Reply::Applied(Applied {
            touched: vec![
                Touched {
                    before: None,
                    after: Some(stored.clone()),
                },
                Touched {
                    before: Some(stored.clone()),
                    after: None,
                },
            ],
        }),
        Reply::Refs(vec![r]),
        Reply::Referrers(vec![referrer.clone()]),
        Reply::Meetings(vec![meeting]),
        Reply::Date(Some(date(2018, 6, 4))),
        Reply::Number(3),
        Reply::DatedIds(vec![(date(2018, 6, 4), 4)]),
        Reply::Dates(vec![date(2018, 6, 4)]),
        Reply::Memberships(vec![membership]),
        Reply::History(vec![entry]),
        Reply::Bool(true),
        Reply::Count(12),
        Reply::Register(Box::new(register)),
        Reply::Numbers(vec![3, 7]),
    ];
    let errors = vec![
        WireError::NotFound(r),
        WireError::Conflict {
            record: r,
            expected: 2,
            found: 3,
            by: "dvorak".into(),
        },
        WireError::Referenced {
            record: r,
            title: "Soběslav".into(),
            by: vec![referrer],
        },
        WireError::NotEmpty,
        WireError::Denied {
            user: "host".into(),
            role: "viewer".into(),
        },
        WireError::Other {
            cs: "Chyba".into(),
            en: "Error".into(),
        },
    ];
    let mut server = vec![
        ServerMessage::Welcome {
            version: PROTOCOL_VERSION,
            user: "novakova".into(),
            role: Role::Editor,
            database: "/var/lib/kpss".into(),
        },
        ServerMessage::Refused(Refusal::Version {
            client: 2,
            server: 1,
        }),
        ServerMessage::Refused(Refusal::NoRole {
            user: "host".into(),
        }),
        ServerMessage::Refused(Refusal::ShuttingDown),
        ServerMessage::Event(Event::Changed {
            records: vec![(r, Some(3)), (RecordRef::new(Kind::Membership, 4), None)],
            by: "novakova".into(),
        }),
        ServerMessage::Event(Event::Reloaded {
            by: "spravce".into(),
        }),
    ];
    let results = replies
        .into_iter()
        .map(Ok)
        .chain(errors.into_iter().map(Err));
    server.extend(
        results
            .enumerate()
            .map(|(i, result)| ServerMessage::Response {
                id: i as u64,
                result: Box::new(result),
            }),
    );

    let mut bytes = Vec::new();
    for message in &client {
        frame::write(&mut bytes, message).unwrap();
    }
    for message in &server {
        frame::write(&mut bytes, message).unwrap();
    }
    let mut reader = bytes.as_slice();
    for message in &client {
        let back: ClientMessage = frame::read(&mut reader).unwrap().unwrap();
        assert_eq!(&back, message);
    }
    for message in &server {
        let back: ServerMessage = frame::read(&mut reader).unwrap().unwrap();
        assert_eq!(&back, message);
    }
    assert!(frame::read::<ServerMessage>(&mut reader).unwrap().is_none());
}

#[test]
fn lifecycle_welcome_create_get_shutdown() {
    let s = setup();
    let daemon = start(&s);
    assert_eq!(daemon.socket(), s.socket);
    let meta = std::fs::metadata(&s.socket).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o660);

    let mut client = Client::connect(&s.socket);
    match client.hello_as(PROTOCOL_VERSION, "tests/daemon") {
        ServerMessage::Welcome {
            version,
            user,
            role,
            database,
        } => {
            assert_eq!(version, PROTOCOL_VERSION);
            assert_eq!(user, me());
            assert_eq!(role, Role::Admin);
            assert_eq!(database, s.dir.display().to_string());
        }
        other => panic!("{other:?}"),
    }
    let stored = client.create(region("Soběslav"));
    assert_eq!(stored.rev, 1);
    let back = client.get(stored.record.reference()).unwrap();
    assert_eq!(back, stored);
    assert_eq!(client.request(Request::IsEmpty), Ok(Reply::Bool(false)));
    // A client that never says Hello does not hold up the shutdown.
    let mut silent = Client::connect(&s.socket);
    let deadline = Instant::now() + Duration::from_secs(5);
    while daemon.connections() < 2 {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(5));
    }

    let started = Instant::now();
    daemon.shutdown().unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(silent.is_closed());
    assert!(!s.socket.exists());
    // The connection was closed, and the database is free for others again.
    assert!(client.is_closed());
    let store = EmbeddedStore::open(&s.dir, "check").unwrap();
    assert_eq!(store.get(stored.record.reference()).unwrap(), Some(stored));
}

#[test]
fn the_group_option_gives_the_socket_that_group() {
    let s = setup();
    let gid = nix::unistd::getgid();
    let group = nix::unistd::Group::from_gid(gid).unwrap().unwrap().name;
    let mut config = config(&s, Roles::without_file(&me()));
    config.group = Some(group);
    let daemon = Daemon::start(config).unwrap();
    let meta = std::fs::metadata(&s.socket).unwrap();
    assert_eq!(meta.gid(), gid.as_raw());
    assert_eq!(meta.permissions().mode() & 0o777, 0o660);
    daemon.shutdown().unwrap();

    let mut config = self::config(&s, Roles::without_file(&me()));
    config.group = Some("no-such-group-kpss-test".into());
    match Daemon::start(config) {
        Err(DaemonError::NoSuchGroup { name }) => assert_eq!(name, "no-such-group-kpss-test"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("started with an unknown group"),
    }
    assert!(!s.socket.exists());
}

#[test]
fn a_version_mismatch_is_refused() {
    let s = setup();
    let daemon = start(&s);
    let mut client = Client::connect(&s.socket);
    assert_eq!(
        client.hello_as(PROTOCOL_VERSION + 1, "kpss from the future"),
        ServerMessage::Refused(Refusal::Version {
            client: PROTOCOL_VERSION + 1,
            server: PROTOCOL_VERSION,
        })
    );
    assert!(client.is_closed());
    daemon.shutdown().unwrap();
}

#[test]
fn a_request_before_hello_closes_the_connection() {
    let s = setup();
    let daemon = start(&s);
    let mut client = Client::connect(&s.socket);
    client.send(&ClientMessage::Request {
        id: 1,
        request: Box::new(Request::IsEmpty),
    });
    assert!(client.is_closed());
    daemon.shutdown().unwrap();
}

#[test]
fn a_user_without_a_role_is_refused() {
    let s = setup();
    let daemon = start_with_roles(&s, "[users]\nsomebody-else = \"admin\"\n");
    let mut client = Client::connect(&s.socket);
    assert_eq!(
        client.hello_as(PROTOCOL_VERSION, "tests/daemon"),
        ServerMessage::Refused(Refusal::NoRole { user: me() })
    );
    assert!(client.is_closed());
    daemon.shutdown().unwrap();
}

#[test]
fn a_viewer_may_read_but_the_daemon_refuses_its_writes() {
    let s = setup();
    {
        let store = EmbeddedStore::open(&s.dir, "setup").unwrap();
        store.create(region("Tábor")).unwrap();
    }
    let daemon = start_with_roles(&s, &format!("[users]\n{} = \"viewer\"\n", me()));
    let (mut client, role) = Client::welcomed(&s.socket);
    assert_eq!(role, Role::Viewer);
    let tabor = RecordRef::new(Kind::Region, 1);
    let existing = client.get(tabor).unwrap();

    let denied = Err(WireError::Denied {
        user: me(),
        role: "viewer".into(),
    });
    assert_eq!(client.request(one(Change::Create(region("Písek")))), denied);
    let mut changed = existing.record.clone();
    if let Record::Region(r) = &mut changed {
        r.note = "přepsáno".into();
    }
    assert_eq!(
        client.request(one(Change::Update {
            rev: existing.rev,
            record: changed,
        })),
        denied
    );
    assert_eq!(
        client.request(one(Change::Delete {
            record: tabor,
            rev: existing.rev,
            cascade: true,
        })),
        denied
    );
    assert_eq!(client.request(import(Register::default())), denied);
    // Nothing was written.
    assert_eq!(client.get(tabor), Some(existing));
    match client.request(Request::List(Kind::Region)) {
        Ok(Reply::Records(all)) => assert_eq!(all.len(), 1),
        other => panic!("{other:?}"),
    }
    match client.request(Request::History(tabor)) {
        Ok(Reply::History(trail)) => assert_eq!(trail.len(), 1),
        other => panic!("{other:?}"),
    }
    assert!(client.events.is_empty());
    daemon.shutdown().unwrap();
}

#[test]
fn an_editor_may_not_import() {
    let s = setup();
    let daemon = start_with_roles(&s, &format!("[users]\n{} = \"editor\"\n", me()));
    let (mut client, role) = Client::welcomed(&s.socket);
    assert_eq!(role, Role::Editor);
    assert!(matches!(
        client.request(import(Register::default())),
        Err(WireError::Denied { .. })
    ));
    client.create(region("Písek"));
    daemon.shutdown().unwrap();
}

#[test]
fn the_audit_trail_names_the_peer_user_not_what_the_client_claims() {
    let s = setup();
    let daemon = start(&s);
    let mut client = Client::connect(&s.socket);
    assert!(matches!(
        client.hello_as(PROTOCOL_VERSION, "kpss as spravce"),
        ServerMessage::Welcome { .. }
    ));
    let stored = client.create(region("Milevsko"));
    let mut renamed = stored.record.clone();
    if let Record::Region(r) = &mut renamed {
        r.name = "Milevsko (ORP)".into();
    }
    client
        .request(one(Change::Update {
            rev: stored.rev,
            record: renamed,
        }))
        .unwrap();
    match client.request(Request::History(stored.record.reference())) {
        Ok(Reply::History(trail)) => {
            assert_eq!(trail.len(), 2);
            for entry in trail {
                assert_eq!(entry.who, me());
                assert_ne!(entry.who, "kpss as spravce");
            }
        }
        other => panic!("{other:?}"),
    }
    // Events name the same user.
    match client.event() {
        Event::Changed { by, .. } => assert_eq!(by, me()),
        other => panic!("{other:?}"),
    }
    daemon.shutdown().unwrap();
}

#[test]
fn bad_frames_close_only_their_own_connection() {
    let s = setup();
    let daemon = start(&s);
    let (mut steady, _) = Client::welcomed(&s.socket);
    steady.create(region("Písek"));

    let mut garbage = Vec::new();
    garbage.extend_from_slice(&5u32.to_be_bytes());
    garbage.extend_from_slice(&[0xff, 0xfe, 0xfd, 0xfc, 0xfb]);
    let mut truncated = Vec::new();
    truncated.extend_from_slice(&100u32.to_be_bytes());
    truncated.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    let oversized = u32::try_from(MAX_FRAME + 1).unwrap().to_be_bytes().to_vec();
    let huge = u32::MAX.to_be_bytes().to_vec();

    for (name, bytes) in [
        ("garbage", &garbage),
        ("truncated", &truncated),
        ("oversized", &oversized),
        ("huge", &huge),
    ] {
        for after_hello in [false, true] {
            let mut bad = if after_hello {
                Client::welcomed(&s.socket).0
            } else {
                Client::connect(&s.socket)
            };
            bad.stream.write_all(bytes).unwrap();
            if name == "truncated" {
                bad.stream.shutdown(Shutdown::Write).unwrap();
            }
            assert!(bad.is_closed(), "{name} after hello {after_hello}");
            // The client connected before goes on working.
            assert!(steady.get(RecordRef::new(Kind::Region, 1)).is_some());
        }
    }
    // And a new one can connect.
    let (mut fresh, _) = Client::welcomed(&s.socket);
    assert!(fresh.get(RecordRef::new(Kind::Region, 1)).is_some());
    fresh.create(region("Tábor"));
    assert!(steady.get(RecordRef::new(Kind::Region, 2)).is_some());
    daemon.shutdown().unwrap();
}

#[test]
fn every_client_hears_of_every_change() {
    let s = setup();
    let daemon = start(&s);
    let (mut writer, _) = Client::welcomed(&s.socket);
    let (mut other, _) = Client::welcomed(&s.socket);

    let mut register = Register::default();
    register.regions.push(Region {
        id: 1,
        name: "Soběslav".into(),
        ..Region::default()
    });
    assert_eq!(writer.request(import(register)), Ok(Reply::Count(1)));
    let reloaded = Event::Reloaded { by: me() };
    assert_eq!(other.event(), reloaded);
    assert_eq!(writer.event(), reloaded);

    let stored = writer.create(region("Písek"));
    let changed = Event::Changed {
        records: vec![(stored.record.reference(), Some(1))],
        by: me(),
    };
    assert_eq!(other.event(), changed);
    assert_eq!(writer.event(), changed);

    let mut renamed = stored.record.clone();
    if let Record::Region(r) = &mut renamed {
        r.note = "ORP Písek".into();
    }
    other
        .request(one(Change::Update {
            rev: 1,
            record: renamed,
        }))
        .unwrap();
    let updated = Event::Changed {
        records: vec![(stored.record.reference(), Some(2))],
        by: me(),
    };
    assert_eq!(writer.event(), updated);
    assert_eq!(other.event(), updated);

    // A conflicting update changes nothing and is announced to nobody.
    assert!(matches!(
        writer.request(one(Change::Update {
            rev: 1,
            record: stored.record.clone(),
        })),
        Err(WireError::Conflict { .. })
    ));
    // Reads are not announced either.
    writer
        .request(Request::Referring(stored.record.reference()))
        .unwrap();

    writer
        .request(one(Change::Delete {
            record: stored.record.reference(),
            rev: 2,
            cascade: false,
        }))
        .unwrap();
    let deleted = Event::Changed {
        records: vec![(stored.record.reference(), None)],
        by: me(),
    };
    assert_eq!(other.event(), deleted);
    assert_eq!(writer.event(), deleted);
    assert!(writer.events.is_empty());
    daemon.shutdown().unwrap();
}

#[test]
fn a_stale_socket_is_replaced_and_a_live_one_refused() {
    let s = setup();
    drop(UnixListener::bind(&s.socket).unwrap());
    assert!(s.socket.exists());
    assert!(UnixStream::connect(&s.socket).is_err());
    let daemon = start(&s);
    let (mut client, _) = Client::welcomed(&s.socket);

    // Another database, the same socket: a daemon answers there.
    let other_db = s.dir.with_file_name("other");
    let second = ServeConfig {
        dir: other_db,
        socket: s.socket.clone(),
        group: None,
        roles: Roles::without_file(&me()),
    };
    match Daemon::start(second) {
        Err(e @ DaemonError::Running { .. }) => {
            assert!(e.message(kpss::model::Lang::En).contains("already answers"));
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("a second daemon started on a live socket"),
    }
    // The same database, another socket: the first daemon holds it.
    let mut third = config(&s, Roles::without_file(&me()));
    third.socket = s.dir.join("second.sock");
    match Daemon::start(third) {
        Err(e @ DaemonError::Locked { .. }) => {
            let text = e.message(kpss::model::Lang::En);
            assert!(text.contains("already serves"), "{text}");
            assert!(text.contains(&s.dir.display().to_string()), "{text}");
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("a second daemon opened the same database"),
    }
    assert!(!s.dir.join("second.sock").exists());
    // The first daemon is unharmed.
    client.create(region("Tábor"));
    daemon.shutdown().unwrap();
    assert!(!s.socket.exists());
}

#[test]
fn something_else_in_the_sockets_place_is_left_alone() {
    let s = setup();
    std::fs::write(&s.socket, "not a socket").unwrap();
    assert!(matches!(
        Daemon::start(config(&s, Roles::without_file(&me()))),
        Err(DaemonError::NotASocket { .. })
    ));
    assert_eq!(std::fs::read_to_string(&s.socket).unwrap(), "not a socket");
}

#[test]
fn sigterm_stops_the_binary_cleanly() {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;

    let s = setup();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(&s.dir)
        .arg("serve")
        .env_remove("KPSS_SOCKET")
        .env_remove("KPSS_DB")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while UnixStream::connect(&s.socket).is_err() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("kpss serve ended early: {status}");
        }
        assert!(Instant::now() < deadline, "no socket appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (mut client, role) = Client::welcomed(&s.socket);
    assert_eq!(role, Role::Admin);
    let stored = client.create(region("Jindřichův Hradec"));

    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "kpss serve did not stop within 5 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut log = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
    assert!(status.success(), "{status}: {log}");
    assert!(log.contains(&s.socket.display().to_string()), "{log}");
    assert!(!s.socket.exists());
    assert!(client.is_closed());

    let store = EmbeddedStore::open(&s.dir, "check").unwrap();
    assert_eq!(store.get(stored.record.reference()).unwrap(), Some(stored));
}

#[test]
fn a_request_sent_before_shutdown_is_finished_and_answered() {
    let s = setup();
    let daemon = start(&s);
    let (mut client, _) = Client::welcomed(&s.socket);
    client.send(&ClientMessage::Request {
        id: 41,
        request: Box::new(one(Change::Create(region("Veselí nad Lužnicí")))),
    });
    daemon.shutdown().unwrap();
    let stored = match client.recv() {
        Some(ServerMessage::Response { id: 41, result }) => match *result {
            Ok(Reply::Applied(applied)) => applied.stored().next().unwrap().clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    // Nothing more is sent: no event, the connection ends.
    assert!(client.recv().is_none());
    let store = EmbeddedStore::open(&s.dir, "check").unwrap();
    assert_eq!(store.get(stored.record.reference()).unwrap(), Some(stored));
}

/// A one-change set under a fresh write id.
fn one(change: Change) -> Request {
    Request::Apply {
        write: WriteId::fresh(),
        set: ChangeSet::one(change),
    }
}

/// An import under a fresh write id.
fn import(register: Register) -> Request {
    Request::Import {
        write: WriteId::fresh(),
        register: Box::new(register),
    }
}

/// Found: a cascade changed records that only lost a mention (a meeting's attendee)
/// without telling other clients. Now one event names every record the set touched.
#[test]
fn a_cascade_is_announced_as_one_event_naming_every_record_it_changed() {
    let s = setup();
    let daemon = start(&s);
    let (mut writer, _) = Client::welcomed(&s.socket);
    let (mut other, _) = Client::welcomed(&s.socket);
    let register = kpss::sample::sample_register().unwrap();
    assert!(matches!(
        writer.request(import(register.clone())),
        Ok(Reply::Count(_))
    ));
    assert_eq!(other.event(), Event::Reloaded { by: me() });
    let meeting = register
        .meetings
        .iter()
        .find(|m| !m.attendance.is_empty())
        .unwrap();
    let person = RecordRef::new(Kind::Person, meeting.attendance[0].person);
    let rev = writer.get(person).unwrap().rev;
    let Ok(Reply::Applied(applied)) = writer.request(one(Change::Delete {
        record: person,
        rev,
        cascade: true,
    })) else {
        panic!("the cascade failed")
    };
    let Event::Changed { records, by } = other.event() else {
        panic!("no change event")
    };
    assert_eq!(by, me());
    assert_eq!(records, applied.changes());
    assert!(records.contains(&(person, None)));
    assert!(
        records
            .iter()
            .any(|(r, rev)| *r == RecordRef::new(Kind::Meeting, meeting.id) && rev.is_some()),
        "{records:?}"
    );
    // One event for the whole set.
    assert!(other.events.is_empty());
    daemon.shutdown().unwrap();
}

/// A write sent again under its id (after the client lost the answer) is answered with
/// the first outcome and changes nothing more.
#[test]
fn the_daemon_applies_a_write_id_once() {
    let s = setup();
    let daemon = start(&s);
    let (mut client, _) = Client::welcomed(&s.socket);
    let request = one(Change::Create(region("Písek")));
    let first = client.request(request.clone());
    let again = client.request(request);
    assert_eq!(first, again);
    match client.request(Request::List(Kind::Region)) {
        Ok(Reply::Records(all)) => assert_eq!(all.len(), 1),
        other => panic!("{other:?}"),
    }
    daemon.shutdown().unwrap();
}
