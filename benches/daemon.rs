//! The shared server against the embedded store: acknowledged durable edits per second
//! with 1 and 16 writers (each its own connection, updating its own record with the
//! right revision), the latency of a read (Get) with one client and of a new group with
//! its 20 members saved as one change set. Then `kpss serve`
//! as a process of its own with 0, 100 and 1,000 idle clients connected (welcomed,
//! reading nothing): its resident memory, its threads, and the latency of 201 durable
//! writes by one more client.
//!
//! `cargo bench --bench daemon` (a few seconds per figure; `KPSS_BENCH_SECS` changes it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::BufReader;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kpss::daemon::{Daemon, Peer, Roles, ServeConfig, default_socket};
use kpss::model::{Group, Membership, Person, Record, Region, Versioned};
use kpss::protocol::frame;
use kpss::protocol::{ClientMessage, PROTOCOL_VERSION, Reply, Request, ServerMessage, WireError};
use kpss::store::{Change, ChangeSet, EmbeddedStore, Store, WriteId};

const WRITERS: usize = 16;

fn seconds() -> Duration {
    let secs = std::env::var("KPSS_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(3.0);
    Duration::from_secs_f64(secs)
}

fn region(i: usize) -> Record {
    Record::Region(Region {
        name: format!("ORP {i}"),
        ..Region::default()
    })
}

/// What a figure is measured on: the daemon through a socket, or the store itself.
trait Target: Send {
    fn call(&mut self, request: Request) -> Result<Reply, WireError>;
}

struct Remote {
    stream: UnixStream,
    reader: BufReader<UnixStream>,
    next: u64,
}

impl Remote {
    fn connect(socket: &Path) -> Remote {
        let mut stream = UnixStream::connect(socket).unwrap();
        frame::write(
            &mut stream,
            &ClientMessage::Hello {
                version: PROTOCOL_VERSION,
                program: "bench".into(),
            },
        )
        .unwrap();
        match frame::read::<ServerMessage>(&mut stream).unwrap() {
            Some(ServerMessage::Welcome { .. }) => {}
            other => panic!("{other:?}"),
        }
        let reader = BufReader::new(stream.try_clone().unwrap());
        Remote {
            stream,
            reader,
            next: 1,
        }
    }
}

impl Target for Remote {
    fn call(&mut self, request: Request) -> Result<Reply, WireError> {
        let id = self.next;
        self.next += 1;
        frame::write(
            &mut self.stream,
            &ClientMessage::Request {
                id,
                request: Box::new(request),
            },
        )
        .unwrap();
        loop {
            match frame::read::<ServerMessage>(&mut self.reader).unwrap() {
                Some(ServerMessage::Response { id: got, result }) if got == id => return *result,
                Some(ServerMessage::Event(_)) => {}
                other => panic!("{other:?}"),
            }
        }
    }
}

struct Local(EmbeddedStore);

impl Target for Local {
    fn call(&mut self, request: Request) -> Result<Reply, WireError> {
        kpss::protocol::dispatch(&self.0, request).map_err(WireError::from)
    }
}

fn stored(reply: Result<Reply, WireError>) -> Versioned<Record> {
    match reply {
        Ok(Reply::Applied(applied)) => applied.stored().next().unwrap().clone(),
        other => panic!("{other:?}"),
    }
}

/// A one-change set under a fresh write id, as every client sends its writes: the
/// daemon records the id with the change.
fn write(change: Change) -> Request {
    Request::Apply {
        write: WriteId::fresh(),
        set: ChangeSet::one(change),
    }
}

/// Edits per second with one thread per target, each updating its own record.
fn edits_per_second(targets: Vec<Box<dyn Target>>) -> f64 {
    let duration = seconds();
    let start = Arc::new(std::sync::Barrier::new(targets.len()));
    let threads: Vec<_> = targets
        .into_iter()
        .enumerate()
        .map(|(i, mut target)| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let mut current = stored(target.call(write(Change::Create(region(i)))));
                start.wait();
                let began = Instant::now();
                let mut edits = 0u64;
                while began.elapsed() < duration {
                    let mut record = current.record.clone();
                    if let Record::Region(r) = &mut record {
                        r.note = format!("úprava {edits}");
                    }
                    current = stored(target.call(write(Change::Update {
                        rev: current.rev,
                        record,
                    })));
                    edits += 1;
                }
                edits as f64 / began.elapsed().as_secs_f64()
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).sum()
}

/// Latencies of Get, in microseconds: (p50, p99).
fn get_latency(target: &mut dyn Target) -> (f64, f64) {
    let record = stored(target.call(write(Change::Create(region(999)))))
        .record
        .reference();
    let duration = seconds();
    let began = Instant::now();
    let mut times = Vec::new();
    while began.elapsed() < duration {
        let t = Instant::now();
        match target.call(Request::Get(record)) {
            Ok(Reply::Record(Some(_))) => {}
            other => panic!("{other:?}"),
        }
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    (at(0.50), at(0.99))
}

/// Latencies of saving a new group with its 20 members as one change set, as the group
/// form saves them, in milliseconds: (p50, p99).
fn group_latency(target: &mut dyn Target) -> (f64, f64) {
    let region = stored(target.call(write(Change::Create(region(998)))))
        .record
        .id();
    let people: Vec<u64> = (0..20)
        .map(|i| {
            let person = Record::Person(Person {
                first_name: "Jana".into(),
                last_name: format!("Členka {i}"),
                ..Person::default()
            });
            stored(target.call(write(Change::Create(person))))
                .record
                .id()
        })
        .collect();
    let duration = seconds();
    let began = Instant::now();
    let mut times = Vec::new();
    while began.elapsed() < duration {
        let group = Group {
            name: "Pracovní skupina Senioři".into(),
            region,
            ..Group::default()
        };
        let members = people.iter().map(|&person| Membership {
            person,
            ..Membership::default()
        });
        let set = ChangeSet::new_group(group, members);
        let request = Request::Apply {
            write: WriteId::fresh(),
            set,
        };
        let t = Instant::now();
        match target.call(request) {
            Ok(Reply::Applied(applied)) => assert_eq!(applied.touched.len(), 21),
            other => panic!("{other:?}"),
        }
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    (at(0.50), at(0.99))
}

fn report(name: &str, one: f64, many: f64, (p50, p99): (f64, f64), (group50, group99): (f64, f64)) {
    println!("{name}:");
    println!("  durable edits/s, 1 writer:          {one:>10.0}");
    println!("  durable edits/s, {WRITERS} writers:        {many:>10.0}");
    println!("  Get latency, 1 client:  p50 {p50:>8.1} µs, p99 {p99:>8.1} µs");
    println!("  group + 20 members, one change set:  p50 {group50:>6.2} ms, p99 {group99:>6.2} ms");
}

/// Resident memory of a process, in MiB.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kib / 1024.0
}

fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .count()
}

/// `kpss serve` with 0, 100 and 1,000 idle clients: memory, threads, write latency.
fn idle_clients(dir: &Path) {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (_, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    setrlimit(Resource::RLIMIT_NOFILE, hard, hard).unwrap();

    let db = dir.join("idle");
    let socket = dir.join("idle.sock");
    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(&db)
        .arg("--socket")
        .arg(&socket)
        .arg("serve")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = daemon.id();
    while !kpss::remote::RemoteStore::is_alive(&socket) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut writer = Remote::connect(&socket);
    let mut current = stored(writer.call(write(Change::Create(region(0)))));
    // A round unmeasured, so that the first figure is not the daemon's warming up.
    for i in 0..201 {
        let mut record = current.record.clone();
        if let Record::Region(r) = &mut record {
            r.note = format!("zahřátí {i}");
        }
        current = stored(writer.call(write(Change::Update {
            rev: current.rev,
            record,
        })));
    }
    let base_threads = threads(pid);
    let mut idle = Vec::new();
    println!("kpss serve with idle clients (welcomed, reading nothing):");
    println!(
        "  {:>6}  {:>8}  {:>16}  {:>22}  {:>10}",
        "idle", "RSS MiB", "threads (+/idle)", "201 writes p50 / p99", "total"
    );
    for n in [0usize, 100, 1000] {
        while idle.len() < n {
            idle.push(Remote::connect(&socket));
        }
        let mut times = Vec::new();
        let began = Instant::now();
        for i in 0..201 {
            let mut record = current.record.clone();
            if let Record::Region(r) = &mut record {
                r.note = format!("úprava {n} {i}");
            }
            let t = Instant::now();
            current = stored(writer.call(write(Change::Update {
                rev: current.rev,
                record,
            })));
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let total = began.elapsed();
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        let extra = threads(pid) - base_threads;
        let per = if n == 0 {
            "-".to_string()
        } else {
            format!("{:.2}", extra as f64 / n as f64)
        };
        println!(
            "  {n:>6}  {:>8.1}  {:>10} ({per:>4})  {:>9.2} / {:>6.2} ms  {:>7.0} ms",
            rss_mib(pid),
            threads(pid),
            at(0.50),
            at(0.99),
            total.as_secs_f64() * 1e3
        );
    }
    let stopping = Instant::now();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let status = daemon.wait().unwrap();
    assert!(status.success());
    println!(
        "  SIGTERM with {} idle clients: stopped in {:.0} ms",
        idle.len(),
        stopping.elapsed().as_secs_f64() * 1e3
    );
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o700)).unwrap();

    let dir = tmp.path().join("served");
    let daemon = Daemon::start(ServeConfig {
        dir: dir.clone(),
        socket: default_socket(&dir),
        group: None,
        roles: Roles::without_file(&Peer::me().user),
    })
    .unwrap();
    let socket = daemon.socket().to_path_buf();
    let one = edits_per_second(vec![Box::new(Remote::connect(&socket))]);
    let many = edits_per_second(
        (0..WRITERS)
            .map(|_| Box::new(Remote::connect(&socket)) as Box<dyn Target>)
            .collect(),
    );
    let latency = get_latency(&mut Remote::connect(&socket));
    let group = group_latency(&mut Remote::connect(&socket));
    daemon.shutdown().unwrap();
    report(
        "through the daemon (Unix socket)",
        one,
        many,
        latency,
        group,
    );

    let dir = tmp.path().join("embedded");
    let store = EmbeddedStore::open(&dir, "bench").unwrap();
    let one = edits_per_second(vec![Box::new(Local(store.clone()))]);
    let many = edits_per_second(
        (0..WRITERS)
            .map(|_| Box::new(Local(store.clone())) as Box<dyn Target>)
            .collect(),
    );
    let latency = get_latency(&mut Local(store.clone()));
    let group = group_latency(&mut Local(store.clone()));
    assert!(!store.is_empty().unwrap());
    report("the embedded store directly", one, many, latency, group);

    idle_clients(tmp.path());
}
