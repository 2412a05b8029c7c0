//! A shared server named on purpose — by `--socket`, `KPSS_SOCKET` or the configuration
//! file — is never silently replaced by a private database: the real binary fails with
//! a plain message (exit ≠ 0) and creates nothing in the clerk's home; a user the socket
//! refuses is told they have no access; the terminal application waits for the server
//! and starts once it answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::pty::Session;
use common::text;
use kpss::daemon::{Daemon, Peer, Roles, ServeConfig};

/// A clerk's machine in a temporary directory: a home of their own, and a config file
/// (empty unless a test writes it).
struct Machine {
    root: tempfile::TempDir,
}

impl Machine {
    fn new() -> Machine {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("home")).unwrap();
        std::fs::write(root.path().join("config.toml"), "").unwrap();
        Machine { root }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn home(&self) -> PathBuf {
        self.path("home")
    }

    /// Where kpss would put a private database by default.
    fn private_database(&self) -> PathBuf {
        self.home().join(".local/share/kpss")
    }

    fn config(&self, text: &str) {
        std::fs::write(self.path("config.toml"), text).unwrap();
    }

    /// `kpss ARGS` as the clerk, in Czech, with no database or socket in the
    /// environment unless `env` adds one.
    fn command(&self, args: &[&str], env: &[(&str, &Path)]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kpss"));
        command
            .args(args)
            .env("HOME", self.home())
            .env("KPSS_CONFIG", self.path("config.toml"))
            .env("LANG", "cs_CZ.UTF-8")
            .env_remove("XDG_DATA_HOME")
            .env_remove("KPSS_DB")
            .env_remove("KPSS_SOCKET")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        for (name, value) in env {
            command.env(name, value);
        }
        command
    }

    fn kpss(&self, args: &[&str], env: &[(&str, &Path)]) -> Output {
        self.command(args, env).output().unwrap()
    }
}

/// A socket file no daemon listens on any more (a crashed or restarting daemon's).
fn stale_socket(path: &Path) {
    drop(UnixListener::bind(path).unwrap());
    assert!(path.exists());
}

fn shared_server(machine: &Machine, socket: &Path) -> Daemon {
    Daemon::start(ServeConfig {
        dir: machine.path("server-db"),
        socket: socket.to_path_buf(),
        group: None,
        roles: Roles::without_file(&Peer::me().user),
    })
    .unwrap()
}

fn assert_refused(out: &Output, machine: &Machine, socket: &Path, by: &str) {
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(
        err.contains("Sdílený server kpss neodpovídá na soketu"),
        "{err}"
    );
    assert!(err.contains(&socket.display().to_string()), "{err}");
    assert!(err.contains(by), "{err}");
    assert!(err.contains("požádejte správce"), "{err}");
    assert!(
        !machine.private_database().exists(),
        "a private database was created"
    );
}

#[test]
fn a_dead_socket_given_by_option_fails_and_creates_nothing() {
    let machine = Machine::new();
    let socket = machine.path("kpss.sock");
    let out = machine.kpss(&["--socket", socket.to_str().unwrap(), "agenda"], &[]);
    assert_refused(&out, &machine, &socket, "volba --socket");
}

#[test]
fn a_dead_socket_given_by_the_environment_fails_and_creates_nothing() {
    let machine = Machine::new();
    let socket = machine.path("kpss.sock");
    stale_socket(&socket);
    let out = machine.kpss(&["agenda"], &[("KPSS_SOCKET", &socket)]);
    assert_refused(&out, &machine, &socket, "proměnná KPSS_SOCKET");
    // Every command, not only the agenda; and the summary without a terminal.
    for args in [&["init"][..], &["export"], &["init", "--sample"], &[]] {
        let out = machine.kpss(args, &[("KPSS_SOCKET", &socket)]);
        assert_refused(&out, &machine, &socket, "KPSS_SOCKET");
    }
}

#[test]
fn a_dead_socket_named_by_the_config_file_fails_and_creates_nothing() {
    let machine = Machine::new();
    let socket = machine.path("kpss.sock");
    machine.config(&format!(
        "# sdílený server\nsocket = \"{}\"\n",
        socket.display()
    ));
    let out = machine.kpss(&["agenda"], &[]);
    let config = machine.path("config.toml").display().to_string();
    assert_refused(&out, &machine, &socket, &format!("soubor {config}"));
    // In English too.
    let out = machine.kpss(&["--lang", "en", "agenda"], &[]);
    let err = text(&out.stderr);
    assert!(
        err.contains("The shared kpss server does not answer on the socket"),
        "{err}"
    );
}

#[test]
fn the_option_and_the_environment_come_before_the_config_file() {
    let machine = Machine::new();
    let dead = machine.path("dead.sock");
    machine.config(&format!("socket = \"{}\"\n", dead.display()));
    let live = machine.path("kpss.sock");
    let _daemon = shared_server(&machine, &live);
    let by_env = machine.kpss(&["init", "--sample"], &[("KPSS_SOCKET", &live)]);
    assert!(by_env.status.success(), "{}", text(&by_env.stderr));
    let by_option = machine.kpss(
        &[
            "--socket",
            live.to_str().unwrap(),
            "agenda",
            "--from",
            "1.12.2018",
            "--to",
            "31.12.2018",
        ],
        &[],
    );
    assert!(by_option.status.success(), "{}", text(&by_option.stderr));
    assert_eq!(text(&by_option.stdout).lines().count(), 5);
    assert!(!machine.private_database().exists());
}

#[test]
fn the_config_file_can_name_the_database_and_without_a_socket_it_is_opened_directly() {
    let machine = Machine::new();
    let database = machine.path("rejstrik");
    machine.config(&format!("database = \"{}\"\n", database.display()));
    let out = machine.kpss(&["init"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&database.display().to_string()),
        "{}",
        text(&out.stdout)
    );
    assert!(database.is_dir());
    assert!(!machine.private_database().exists());
}

#[test]
fn with_no_shared_server_configured_the_private_default_stays() {
    let machine = Machine::new();
    let out = machine.kpss(&["agenda"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(machine.private_database().is_dir());
}

#[test]
fn a_malformed_config_file_is_an_error_naming_file_and_line() {
    let machine = Machine::new();
    machine.config("socket = \"/run/kpss/kpss.sock\"\n[shared\n");
    let out = machine.kpss(&["agenda"], &[]);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    let file = machine.path("config.toml").display().to_string();
    assert!(err.contains(&format!("{file}, řádek 2")), "{err}");
    assert!(!machine.private_database().exists());
    // A config file named by KPSS_CONFIG must be there.
    let missing = machine.path("missing.toml");
    let out = machine.kpss(&["agenda"], &[("KPSS_CONFIG", &missing)]);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains(&missing.display().to_string()), "{err}");
}

#[test]
fn init_sample_through_the_daemon_names_the_servers_database() {
    let machine = Machine::new();
    let socket = machine.path("kpss.sock");
    let _daemon = shared_server(&machine, &socket);
    let out = machine.kpss(&["init", "--sample"], &[("KPSS_SOCKET", &socket)]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        said.contains(&machine.path("server-db").display().to_string()),
        "{said}"
    );
    assert!(said.contains("sdílený server"), "{said}");
    assert!(
        !said.contains(&machine.home().display().to_string()),
        "{said}"
    );
}

#[test]
fn a_user_the_socket_refuses_is_told_they_have_no_access() {
    let machine = Machine::new();
    let socket = machine.path("kpss.sock");
    let _listener = UnixListener::bind(&socket).unwrap();
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut command = machine.command(&["agenda"], &[("KPSS_SOCKET", &socket)]);
    if nix::unistd::geteuid().is_root() {
        // Root passes every permission check: the clerk is played by nobody.
        let Ok(Some(nobody)) = nix::unistd::User::from_name("nobody") else {
            println!("skipped: running as root and there is no user nobody to run as");
            return;
        };
        for dir in [machine.root.path(), &machine.home()] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        use std::os::unix::process::CommandExt;
        command.uid(nobody.uid.as_raw()).gid(nobody.gid.as_raw());
    }
    let out = command.output().unwrap();
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("Nemáte přístup ke sdílenému rejstříku kpss"),
        "{err}"
    );
    assert!(err.contains("do skupiny kpss"), "{err}");
    assert!(err.contains(&socket.display().to_string()), "{err}");
    assert!(!machine.private_database().exists());
}

#[test]
fn the_terminal_application_waits_for_a_configured_server_and_starts_when_it_answers() {
    let machine = Machine::new();
    let socket = machine.path("kpss.sock");
    machine.config(&format!("socket = \"{}\"\n", socket.display()));
    let mut command = machine.command(&[], &[]);
    command.env("TERM", "xterm").env_remove("NO_COLOR");
    let mut s = Session::spawn(command);
    s.wait_for("Připojuji se ke sdílenému serveru");
    s.wait_for("Zkouším to znovu (pokus 2)");
    assert!(s.screen_text().contains(&socket.display().to_string()));
    assert!(!machine.private_database().exists());
    let _daemon = shared_server(&machine, &socket);
    // The empty shared register's welcome.
    s.wait_for("Databáze je zatím prázdná");
    s.send(b"p");
    s.wait_for("sdílený server");
    s.send(b"q");
    let status = s
        .wait_exit(Duration::from_secs(5))
        .expect("kpss did not quit");
    assert!(status.success());
    assert!(!machine.private_database().exists());
}

#[test]
fn q_leaves_the_waiting_screen() {
    let machine = Machine::new();
    let socket = machine.path("kpss.sock");
    let mut command = machine.command(&["--socket", socket.to_str().unwrap()], &[]);
    command.env("TERM", "xterm");
    let mut s = Session::spawn(command);
    s.wait_for("Připojuji se ke sdílenému serveru");
    s.send(b"q");
    let status = s
        .wait_exit(Duration::from_secs(5))
        .expect("kpss did not quit");
    assert!(status.success());
    // The terminal was given back.
    assert!(String::from_utf8_lossy(&s.bytes()).contains("\x1b[?1049l"));
    assert!(!machine.private_database().exists());
}

#[test]
fn check_reads_an_existing_database_with_the_server_stopped_and_creates_none() {
    let machine = Machine::new();
    let socket = machine.path("kpss.sock");
    let database = machine.path("server-db");
    machine.config(&format!(
        "socket = \"{}\"\ndatabase = \"{}\"\n",
        socket.display(),
        database.display()
    ));
    let out = machine.kpss(&["check"], &[]);
    let err = text(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("Databáze neexistuje"), "{err}");
    assert!(!database.exists());
    // The server made the database; the administrator stops it to check it.
    drop(shared_server(&machine, &socket));
    let out = machine.kpss(&["check"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}
