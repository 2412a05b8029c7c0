//! A shared server that is still opening its database: a clerk's command started in that
//! window waits for it, and the daemon keeps its database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kpss::daemon::OPEN_DELAY_ENV;

/// Found: while `kpss serve` opened a large database, a client started in that window
/// opened the database itself (taking it from the daemon, which then failed) or was told
/// it was in use. Now the socket is bound first and the client waits for the welcome.
#[test]
fn a_command_started_while_the_daemon_opens_its_database_waits_for_it() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("db");
    let init = common::kpss(&db, &["init", "--sample"]);
    assert!(init.status.success(), "{}", common::text(&init.stderr));
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o700)).unwrap();
    let socket = db.join("kpss.sock");

    let mut serve = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .env(OPEN_DELAY_ENV, "1500")
        .env("KPSS_CONFIG", "/dev/null")
        .env_remove("KPSS_SOCKET")
        .env_remove("KPSS_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The socket appears before the database is open.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !socket.exists() {
        assert!(Instant::now() < deadline, "no socket appeared");
        assert!(
            serve.try_wait().unwrap().is_none(),
            "kpss serve ended early"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let started = Instant::now();
    // A clerk's command finds the socket by itself (DIR/kpss.sock) while the daemon
    // is still opening the database.
    let export = common::kpss(&db, &["export"]);
    assert!(export.status.success(), "{}", common::text(&export.stderr));
    assert!(common::text(&export.stdout).contains("Soběslav"));
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "the export did not wait for the daemon: {:?}",
        started.elapsed()
    );
    // The daemon kept its database and still serves.
    assert!(
        serve.try_wait().unwrap().is_none(),
        "the daemon lost its database"
    );
    let again = common::kpss(&db, &["export"]);
    assert!(again.status.success(), "{}", common::text(&again.stderr));

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(serve.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    assert!(serve.wait().unwrap().success());
}
