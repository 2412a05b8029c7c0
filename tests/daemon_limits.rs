//! The shared server under hostile input and many clerks, against the real `kpss serve`
//! process: its files are its user's alone, a stranger's frame before Hello is small and
//! its Hello short in time, connections are capped with a refusal over the protocol, a
//! client that does not read is cut off before it costs much, a thousand idle clients
//! cost a thread each and do not stop writes, and a stop does not wait for idle or stuck
//! clients.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kpss::model::{Lang, Record, Region};
use kpss::protocol::frame::{self, MAX_FRAME};
use kpss::protocol::{ClientMessage, PROTOCOL_VERSION, Refusal, Reply, Request, ServerMessage};
use kpss::remote::RemoteStore;
use kpss::store::{Change, ChangeSet, EmbeddedStore, Store, WriteId};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode_of(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

/// A one-change set creating `record`, under a fresh write id.
fn create(record: Record) -> Request {
    Request::Apply {
        write: WriteId::fresh(),
        set: ChangeSet::one(Change::Create(record)),
    }
}

fn region(name: &str) -> Record {
    Record::Region(Region {
        name: name.into(),
        ..Region::default()
    })
}

/// A temporary place: `tmp` (0700) holding the database directory `db` (not created)
/// and the socket.
struct Place {
    _tmp: tempfile::TempDir,
    db: PathBuf,
    socket: PathBuf,
}

fn place() -> Place {
    let tmp = tempfile::tempdir().unwrap();
    chmod(tmp.path(), 0o700);
    let db = tmp.path().join("db");
    let socket = tmp.path().join("kpss.sock");
    Place {
        _tmp: tmp,
        db,
        socket,
    }
}

/// `kpss serve` as a process of its own, stopped by SIGTERM (then killed) when dropped.
struct Served {
    child: Child,
}

impl Served {
    /// Starts `kpss serve` with `args`; the shell lowers the soft open-file limit to
    /// `open_files` first, when given.
    fn start(p: &Place, args: &[&str], open_files: Option<u64>) -> Served {
        let mut command = Command::new("sh");
        let ulimit = open_files.map_or(String::new(), |n| format!("ulimit -Sn {n} && "));
        command
            .arg("-c")
            .arg(format!("{ulimit}exec \"$@\""))
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_kpss"))
            .arg("--lang")
            .arg("en")
            .arg("--db")
            .arg(&p.db)
            .arg("--socket")
            .arg(&p.socket)
            .arg("serve")
            // No backup at start: it would read the register beside the measurements of
            // memory and threads these tests make.
            .args(["--backup-every", "0"])
            .args(args)
            .env_remove("KPSS_SOCKET")
            .env_remove("KPSS_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while UnixStream::connect(&p.socket).is_err() {
            if let Some(status) = child.try_wait().unwrap() {
                let mut log = String::new();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut log)
                    .unwrap();
                panic!("kpss serve ended early: {status}: {log}");
            }
            assert!(Instant::now() < deadline, "no socket appeared");
            std::thread::sleep(Duration::from_millis(20));
        }
        Served { child }
    }

    fn pid(&self) -> i32 {
        i32::try_from(self.child.id()).unwrap()
    }

    /// The process's resident memory, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// The resident memory once the daemon's own start has settled (what it does just
    /// after its socket answers is not the cost of what a test measures next): two
    /// readings 100 ms apart that agree, or the last of 20.
    fn settled_rss_kib(&self) -> u64 {
        let mut last = self.rss_kib();
        for _ in 0..20 {
            std::thread::sleep(Duration::from_millis(100));
            let now = self.rss_kib();
            if now == last {
                break;
            }
            last = now;
        }
        last
    }

    fn threads(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/task", self.pid()))
            .unwrap()
            .count()
    }

    /// Sends SIGTERM and waits for the end, at most `within`; the exit status and log.
    fn terminate(mut self, within: Duration) -> (std::process::ExitStatus, String) {
        kill(Pid::from_raw(self.pid()), Signal::SIGTERM).unwrap();
        let deadline = Instant::now() + within;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("kpss serve did not stop within {within:?} of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut log = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        (status, log)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = kill(Pid::from_raw(self.pid()), Signal::SIGKILL);
            let _ = self.child.wait();
        }
    }
}

fn connect(socket: &Path) -> UnixStream {
    let stream = UnixStream::connect(socket).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

fn hello(stream: &mut UnixStream) -> ServerMessage {
    frame::write(
        stream,
        &ClientMessage::Hello {
            version: PROTOCOL_VERSION,
            program: "tests/daemon_limits".into(),
        },
    )
    .unwrap();
    frame::read(stream).unwrap().expect("an answer to Hello")
}

fn welcomed(socket: &Path) -> UnixStream {
    let mut stream = connect(socket);
    match hello(&mut stream) {
        ServerMessage::Welcome { .. } => stream,
        other => panic!("not welcomed: {other:?}"),
    }
}

/// Sends a request and waits for its response, passing over events.
fn call(stream: &mut UnixStream, id: u64, request: Request) -> Reply {
    frame::write(
        stream,
        &ClientMessage::Request {
            id,
            request: Box::new(request),
        },
    )
    .unwrap();
    loop {
        match frame::read::<ServerMessage>(stream).unwrap() {
            Some(ServerMessage::Response { id: got, result }) => {
                assert_eq!(got, id);
                return result.unwrap();
            }
            Some(ServerMessage::Event(_)) => {}
            other => panic!("{other:?}"),
        }
    }
}

/// How the daemon ended a connection from the client's side, reading until the end:
/// `Some(true)` closed (EOF or reset), `None` still open when the read timed out.
fn closed(stream: &mut UnixStream) -> Option<bool> {
    let mut buf = [0u8; 64 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Some(true),
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return Some(true),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return None;
            }
            Err(e) => panic!("{e}"),
        }
    }
}

fn raise_own_open_files() -> u64 {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    setrlimit(Resource::RLIMIT_NOFILE, hard, hard).unwrap();
    hard
}

// ---- private files ----------------------------------------------------------------------

/// Every file under `dir` 0600 and every directory 0700 (the socket is not there).
fn assert_private(dir: &Path) {
    assert_eq!(mode_of(dir), 0o700, "{}", dir.display());
    let mut seen = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                assert_eq!(mode_of(&path), 0o700, "{}", path.display());
                pending.push(path);
            } else {
                assert!(meta.is_file(), "{}", path.display());
                assert_eq!(mode_of(&path), 0o600, "{}", path.display());
            }
            seen += 1;
        }
    }
    assert!(seen >= 2, "the database's files are there");
}

#[test]
fn the_daemon_creates_its_database_for_its_user_alone() {
    let p = place();
    let served = Served::start(&p, &[], None);
    // The socket keeps its own mode, for the group.
    assert_eq!(mode_of(&p.socket), 0o660);
    let mut client = welcomed(&p.socket);
    call(&mut client, 1, create(region("Písek")));
    assert_private(&p.db);
    let (status, log) = served.terminate(Duration::from_secs(10));
    assert!(status.success(), "{log}");
    assert_private(&p.db);
}

#[test]
fn files_open_to_others_inside_a_closed_directory_are_closed_at_start() {
    let p = place();
    // A database made with the usual umask (files 0644, directories 0755), its
    // directory then closed as the daemon demands.
    let store = EmbeddedStore::open(&p.db, "test").unwrap();
    store.create(region("Tábor")).unwrap();
    drop(store);
    std::fs::write(p.db.join("roles.toml"), "[users]\n").unwrap();
    chmod(&p.db.join("roles.toml"), 0o644);
    chmod(&p.db, 0o700);
    let served = Served::start(&p, &[], None);
    assert_private(&p.db);
    let (status, log) = served.terminate(Duration::from_secs(10));
    assert!(status.success(), "{log}");
    assert!(log.contains("was open to others"), "{log}");
}

#[test]
fn a_database_directory_others_may_enter_is_refused() {
    let p = place();
    std::fs::create_dir(&p.db).unwrap();
    chmod(&p.db, 0o755);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--lang")
        .arg("en")
        .arg("--db")
        .arg(&p.db)
        .arg("--socket")
        .arg(&p.socket)
        .arg("serve")
        .env_remove("KPSS_SOCKET")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("kpss serve served a directory others may enter");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("chmod 700 {}", p.db.display())),
        "{stderr}"
    );
    assert!(stderr.contains("0755"), "{stderr}");
    // Nothing was opened, created or changed.
    assert!(!p.socket.exists());
    assert_eq!(mode_of(&p.db), 0o755);
    assert_eq!(std::fs::read_dir(&p.db).unwrap().count(), 0);
}

// ---- before Hello -----------------------------------------------------------------------

#[test]
fn a_huge_frame_before_hello_is_refused_at_its_header() {
    let p = place();
    let served = Served::start(&p, &[], None);
    let before = served.settled_rss_kib();
    let header = u32::try_from(MAX_FRAME).unwrap().to_be_bytes();
    let body = vec![0u8; 1024 * 1024];
    let mut strangers = Vec::new();
    for _ in 0..8 {
        let mut stranger = connect(&p.socket);
        stranger.write_all(&header).unwrap();
        // The daemon closes at the header: the body cannot be sent. (Before, it made
        // room for 64 MiB and read all of it.)
        let mut sent = 0;
        let refused = loop {
            match stranger.write(&body) {
                Ok(n) => sent += n,
                Err(e) => break e,
            }
            assert!(sent < MAX_FRAME, "the daemon took the whole body");
        };
        assert!(
            matches!(
                refused.kind(),
                ErrorKind::BrokenPipe | ErrorKind::ConnectionReset
            ),
            "{refused}"
        );
        assert_eq!(closed(&mut stranger), Some(true));
        strangers.push(stranger);
    }
    let grown = served.rss_kib().saturating_sub(before);
    assert!(grown < 16 * 1024, "8 strangers cost {grown} KiB");
    // A frame over 64 KiB before Hello is too large, even one far below the maximum.
    let mut stranger = connect(&p.socket);
    stranger
        .write_all(&(64 * 1024u32 + 1).to_be_bytes())
        .unwrap();
    assert_eq!(closed(&mut stranger), Some(true));
    // And a clerk still gets in.
    welcomed(&p.socket);
}

#[test]
fn a_hello_not_finished_within_five_seconds_is_closed() {
    let p = place();
    let _served = Served::start(&p, &[], None);
    // Saying nothing: closed at the deadline, long before the client's 20 s.
    let socket = p.socket.clone();
    let silent = std::thread::spawn(move || closed(&mut connect(&socket)));

    // A byte now and then does not buy more time: the deadline is for the whole Hello.
    let mut hello = Vec::new();
    frame::write(
        &mut hello,
        &ClientMessage::Hello {
            version: PROTOCOL_VERSION,
            program: "a slow client".into(),
        },
    )
    .unwrap();
    let mut trickle = connect(&p.socket);
    let began = Instant::now();
    let mut cut = false;
    for byte in &hello {
        if trickle.write_all(std::slice::from_ref(byte)).is_err() {
            cut = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(400));
    }
    if !cut {
        // Every byte went before the daemon closed: the Hello took longer than the
        // deadline, and is not answered.
        assert!(
            began.elapsed() > Duration::from_secs(6),
            "{:?}",
            began.elapsed()
        );
        assert_eq!(
            closed(&mut trickle),
            Some(true),
            "a Hello over {:?} was taken",
            began.elapsed()
        );
    }
    assert_eq!(silent.join().unwrap(), Some(true));
}

// ---- the cap on connections -------------------------------------------------------------

#[test]
fn a_connection_past_max_clients_is_refused_over_the_protocol() {
    let p = place();
    let _served = Served::start(&p, &["--max-clients", "3"], None);
    let first = welcomed(&p.socket);
    let _second = welcomed(&p.socket);
    // One still to say Hello counts too.
    let mut stranger = connect(&p.socket);
    std::thread::sleep(Duration::from_millis(200));
    let mut fourth = connect(&p.socket);
    let mut _welcomed_instead = None;
    match hello(&mut fourth) {
        ServerMessage::Refused(Refusal::TooManyClients { limit: 3 }) => {}
        // On a busy machine the stranger may have come while an earlier connection
        // (the start-up probe) was still counted, and been the one refused; or its 5 s
        // for a Hello may have run out. Either way the daemon must not hold it as a
        // client: it is refused when it speaks, or closed. Then the fourth is the
        // third client, and the next one must be refused.
        ServerMessage::Welcome { .. } => {
            let spoke = frame::write(
                &mut stranger,
                &ClientMessage::Hello {
                    version: PROTOCOL_VERSION,
                    program: "tests/daemon_limits".into(),
                },
            );
            if spoke.is_ok() {
                match frame::read::<ServerMessage>(&mut stranger) {
                    Ok(Some(ServerMessage::Refused(Refusal::TooManyClients { limit: 3 })))
                    | Ok(None)
                    | Err(_) => {}
                    Ok(Some(other)) => panic!("a fourth client was let in: {other:?}"),
                }
            }
            _welcomed_instead = Some(fourth);
            fourth = connect(&p.socket);
            match hello(&mut fourth) {
                ServerMessage::Refused(Refusal::TooManyClients { limit: 3 }) => {}
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(closed(&mut fourth), Some(true));
    // The clerk's kpss says why, in both languages.
    let e = RemoteStore::connect(&p.socket, "test").unwrap_err();
    assert!(e.message(Lang::En).contains("--max-clients"), "{e:?}");
    assert!(e.message(Lang::Cs).contains("--max-clients"), "{e:?}");

    // A clerk who leaves makes room.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut next = connect(&p.socket);
        match hello(&mut next) {
            ServerMessage::Welcome { .. } => break,
            ServerMessage::Refused(Refusal::TooManyClients { .. }) => {}
            other => panic!("{other:?}"),
        }
        assert!(Instant::now() < deadline, "no room after a clerk left");
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---- clients that do not read -----------------------------------------------------------

/// Loads the sample register, so that an Export is a sizeable answer.
fn load_sample(socket: &Path) -> UnixStream {
    let mut admin = welcomed(socket);
    let register = kpss::sample::sample_register().unwrap();
    call(
        &mut admin,
        1,
        Request::Import {
            write: WriteId::fresh(),
            register: Box::new(register),
        },
    );
    admin
}

#[test]
fn a_client_that_pipelines_exports_without_reading_is_cut_off() {
    let p = place();
    let served = Served::start(&p, &[], None);
    let _admin = load_sample(&p.socket);
    let before = served.settled_rss_kib();
    let mut greedy = welcomed(&p.socket);
    let mut sent = 0u64;
    let cut = loop {
        let request = ClientMessage::Request {
            id: sent,
            request: Box::new(Request::Export),
        };
        match frame::write(&mut greedy, &request) {
            Ok(()) => sent += 1,
            Err(frame::FrameError::Io(e)) => break e,
            Err(e) => panic!("{e}"),
        }
        assert!(
            sent < 3000,
            "3000 Exports taken from a client that reads nothing"
        );
    };
    assert!(
        matches!(
            cut.kind(),
            ErrorKind::BrokenPipe | ErrorKind::ConnectionReset
        ),
        "{cut}"
    );
    let grown = served.rss_kib().saturating_sub(before);
    assert!(grown < 64 * 1024, "the greedy client cost {grown} KiB");
    // Others go on.
    let mut other = welcomed(&p.socket);
    call(&mut other, 1, Request::IsEmpty);
    let (status, log) = served.terminate(Duration::from_secs(10));
    assert!(status.success(), "{log}");
    assert!(log.contains("disconnected"), "{log}");
}

// ---- many clerks ------------------------------------------------------------------------

#[test]
fn a_thousand_idle_clients_cost_a_thread_each_and_writes_go_on() {
    const IDLE: usize = 1000;
    assert!(
        raise_own_open_files() > 2 * IDLE as u64 + 100,
        "the hard open-file limit is too low for this test"
    );
    let p = place();
    // A soft limit of 256, as a shell might leave it: the daemon raises its own.
    let served = Served::start(&p, &[], Some(256));
    let mut writer = welcomed(&p.socket);
    let base = served.threads();
    let idle: Vec<UnixStream> = (0..IDLE).map(|_| welcomed(&p.socket)).collect();
    let threads = served.threads();
    assert!(
        threads <= base + IDLE,
        "{IDLE} idle clients took {} threads",
        threads - base
    );
    for i in 0..201u64 {
        match call(&mut writer, i + 1, create(region(&format!("ORP {i}")))) {
            Reply::Applied(_) => {}
            other => panic!("{other:?}"),
        }
    }
    // A stop does not wait for a thousand idle readers.
    let (status, log) = served.terminate(Duration::from_secs(10));
    assert!(status.success(), "{log}");
    drop(idle);
}

#[test]
fn sigterm_stops_promptly_with_idle_strangers_and_a_client_that_does_not_read() {
    let p = place();
    let served = Served::start(&p, &[], None);
    let _admin = load_sample(&p.socket);
    let _idle: Vec<UnixStream> = (0..20).map(|_| welcomed(&p.socket)).collect();
    let _strangers: Vec<UnixStream> = (0..5).map(|_| connect(&p.socket)).collect();
    // A client whose socket is full: it asks for more than its socket holds and
    // reads nothing (but less than would get it cut off).
    let mut stuck = welcomed(&p.socket);
    for id in 0..30 {
        frame::write(
            &mut stuck,
            &ClientMessage::Request {
                id,
                request: Box::new(Request::Export),
            },
        )
        .unwrap();
    }
    // Answers have begun to arrive.
    let mut fds = [nix::poll::PollFd::new(
        std::os::fd::AsFd::as_fd(&stuck),
        nix::poll::PollFlags::POLLIN,
    )];
    assert_eq!(
        nix::poll::poll(&mut fds, nix::poll::PollTimeout::from(10_000u16)).unwrap(),
        1
    );
    let (status, log) = served.terminate(Duration::from_secs(10));
    assert!(status.success(), "{log}");
    assert!(!p.socket.exists());
}
