//! Two clerks log in over a real OpenSSH server on 127.0.0.1, each runs `kpss` on the
//! shared database served by `kpss serve`, and one's new record appears on the other's
//! screen.
//!
//! It changes the machine (it creates the users `kpss-e2e-a` and `kpss-e2e-b` and the
//! group `kpsse2e`, and starts sshd), so it runs only when asked: with `KPSS_E2E_SSH=1`,
//! which `.ci/run` sets when it runs as root. Without it the test says it was skipped
//! and returns; asked for, it needs root and OpenSSH's server (which `.ci/run` installs)
//! and fails without them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::pty::Session;
use kpss::store::Store;

const GROUP: &str = "kpsse2e";
const CLERKS: [&str; 2] = ["kpss-e2e-a", "kpss-e2e-b"];
const SSHD: &str = "/usr/sbin/sshd";

fn run(command: &mut Command) {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn exists(database: &str, name: &str) -> bool {
    Command::new("getent")
        .args([database, name])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The group and the two clerks, members of it.
fn make_users() {
    if !exists("group", GROUP) {
        run(Command::new("groupadd").arg(GROUP));
    }
    for user in CLERKS {
        if !exists("passwd", user) {
            run(Command::new("useradd")
                .args(["--create-home", "--shell", "/bin/sh", "--groups", GROUP])
                .arg(user));
        }
        // A new account's password is locked ("!"), and sshd without PAM refuses locked
        // accounts even for keys: "*" has no password and is not locked.
        run(Command::new("usermod").args(["-p", "*"]).arg(user));
    }
}

/// Whether a kpss of `user` is running.
fn running_kpss(user: &str) -> bool {
    Command::new("pgrep")
        .args(["-u", user, "-f", "bin/kpss"])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Whatever the clerks left running goes when the test ends, passed or failed.
struct Sweep;

impl Drop for Sweep {
    fn drop(&mut self) {
        for user in CLERKS {
            let _ = Command::new("pkill")
                .args(["-KILL", "-u", user, "-f", "bin/kpss"])
                .status();
        }
    }
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for_file(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// sshd on `port`, letting in the clerks with `key` (the key files live under /tmp,
/// so StrictModes, which wants no world-writable directory above them, is off).
fn sshd(root: &Path, port: u16, public_key: &str) -> Killed {
    let keys = root.join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    chmod(&keys, 0o755);
    for user in CLERKS {
        let file = keys.join(user);
        std::fs::write(&file, public_key).unwrap();
        chmod(&file, 0o644);
    }
    let host_key = root.join("host_key");
    run(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&host_key));
    let config = root.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}\n\
             AuthorizedKeysFile {}/%u\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
             UsePAM no\nPermitRootLogin no\nStrictModes no\nAcceptEnv LANG\n",
            host_key.display(),
            root.join("sshd.pid").display(),
            keys.display()
        ),
    )
    .unwrap();
    std::fs::create_dir_all("/run/sshd").unwrap();
    let child = Command::new(SSHD)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Killed(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "sshd did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// `kpss --db DB --socket SOCKET` run by `user` over ssh, in a terminal.
fn clerk(user: &str, port: u16, key: &Path, kpss: &Path, db: &Path, socket: &Path) -> Session {
    let mut command = Command::new("ssh");
    command
        .args(["-tt", "-o", "StrictHostKeyChecking=no"])
        .args(["-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"])
        .arg("-i")
        .arg(key)
        .arg("-p")
        .arg(port.to_string())
        .arg(format!("{user}@127.0.0.1"))
        .arg(format!(
            "env TERM=xterm LANG=cs_CZ.UTF-8 {} --db {} --socket {}",
            kpss.display(),
            db.display(),
            socket.display()
        ))
        .env("TERM", "xterm");
    Session::spawn(command)
}

#[test]
fn one_clerks_edit_appears_on_the_other_clerks_screen_over_ssh() {
    if std::env::var_os("KPSS_E2E_SSH").is_none_or(|v| v != "1") {
        eprintln!(
            "e2e_ssh: skipped; with KPSS_E2E_SSH=1 (as root) it creates the users {} and \
             the group {GROUP} and starts {SSHD}",
            CLERKS.join(", ")
        );
        return;
    }
    assert!(
        nix::unistd::geteuid().is_root(),
        "KPSS_E2E_SSH=1: creating users and starting sshd needs root"
    );
    assert!(
        Path::new(SSHD).exists(),
        "OpenSSH's server is missing: apt-get install openssh-server (.ci/run does)"
    );
    make_users();
    let _sweep = Sweep;
    let dir = tempfile::Builder::new()
        .prefix("kpss-e2e-ssh")
        .tempdir()
        .unwrap();
    let root = dir.path().to_path_buf();
    chmod(&root, 0o755);

    // The program where the clerks can run it.
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let kpss: PathBuf = bin.join("kpss");
    std::fs::copy(env!("CARGO_BIN_EXE_kpss"), &kpss).unwrap();
    chmod(&bin, 0o755);
    chmod(&kpss, 0o755);

    // The shared database, the service user's (here root's) alone, open to the group
    // through the daemon's socket only, in a directory of the group.
    let db = root.join("db");
    run(Command::new(&kpss)
        .arg("--db")
        .arg(&db)
        .args(["init", "--sample"]));
    chmod(&db, 0o700);
    let run_dir = root.join("run");
    std::fs::create_dir_all(&run_dir).unwrap();
    run(Command::new("chgrp").arg(GROUP).arg(&run_dir));
    chmod(&run_dir, 0o750);
    let socket = run_dir.join("kpss.sock");
    let daemon = Command::new(&kpss)
        .arg("--db")
        .arg(&db)
        .arg("--socket")
        .arg(&socket)
        .args(["serve", "--group", GROUP])
        .env_remove("KPSS_SOCKET")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _daemon = Killed(daemon);
    wait_for_file(&socket);

    let key = root.join("client_key");
    run(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key));
    let public_key = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let port = free_port();
    let _sshd = sshd(&root, port, &public_key);

    let mut a = clerk(CLERKS[0], port, &key, &kpss, &db, &socket);
    let mut b = clerk(CLERKS[1], port, &key, &kpss, &db, &socket);
    a.wait_for("Regiony (17)");
    b.wait_for("Regiony (17)");
    a.wait_for("editor");
    a.send(b"n");
    a.wait_for("Nov");
    a.send("Bechyně".as_bytes());
    a.send(b"\x13"); // Ctrl-S
    a.wait_for("Uloženo");
    // The other clerk's list grows without a key pressed.
    b.wait_for("Regiony (18)");
    b.wait_for("Bechyně");
    a.send(b"q");
    b.send(b"q");
    assert!(a.wait_exit(Duration::from_secs(10)).is_some());
    assert!(b.wait_exit(Duration::from_secs(10)).is_some());
    // A dropped connection: the ssh client dies, sshd hangs the terminal up, and the
    // clerk's kpss ends within a second or two instead of spinning on a dead terminal.
    let mut c = clerk(CLERKS[1], port, &key, &kpss, &db, &socket);
    c.wait_for("Regiony (18)");
    assert!(running_kpss(CLERKS[1]), "kpss runs for the clerk");
    c.child.kill().unwrap();
    let _ = c.child.wait();
    let deadline = Instant::now() + Duration::from_secs(3);
    while running_kpss(CLERKS[1]) {
        assert!(
            Instant::now() < deadline,
            "kpss still runs after its terminal hung up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The daemon stops on SIGTERM; the audit trail names the clerk who made the change,
    // as the daemon saw them through the socket.
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(_daemon.0.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while socket.exists() {
        assert!(Instant::now() < deadline, "the daemon did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    let store = kpss::store::EmbeddedStore::open(&db, "root").unwrap();
    let found = store.search(kpss::model::Kind::Region, "bechyne").unwrap();
    assert_eq!(found.len(), 1);
    let history = store.history(found[0].record.reference()).unwrap();
    assert_eq!(history[0].who, CLERKS[0]);
}
