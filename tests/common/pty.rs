//! A program in a pseudo-terminal, its screen read back through vt100: for end-to-end
//! tests of the real binary (locally, or over ssh).

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::pty::{Winsize, openpty};

nix::ioctl_write_int_bad!(set_controlling_terminal, nix::libc::TIOCSCTTY);

pub struct Session {
    pub child: Child,
    master: std::fs::File,
    /// Every byte the program wrote, and the screen those bytes paint.
    output: Arc<Mutex<(Vec<u8>, vt100::Parser)>>,
}

impl Session {
    /// `kpss --db DB` in Czech on an 80×24 xterm.
    pub fn start(db: &Path) -> Session {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kpss"));
        command
            .arg("--db")
            .arg(db)
            .env("TERM", "xterm")
            .env("LANG", "cs_CZ.UTF-8")
            .env_remove("KPSS_DB")
            .env_remove("KPSS_SOCKET")
            .env_remove("NO_COLOR");
        Session::spawn(command)
    }

    /// Any command in a new session whose controlling terminal is an 80×24 pty.
    pub fn spawn(mut command: Command) -> Session {
        let size = Winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(Some(&size), None).unwrap();
        let slave: OwnedFd = pty.slave;
        let slave_fd = slave.as_raw_fd();
        command
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            use std::os::unix::process::CommandExt;
            command.pre_exec(move || {
                nix::unistd::setsid().map_err(std::io::Error::from)?;
                set_controlling_terminal(slave_fd, 0).map_err(std::io::Error::from)?;
                Ok(())
            });
        }
        let child = command.spawn().unwrap();
        let master = std::fs::File::from(pty.master);
        let output = Arc::new(Mutex::new((
            Vec::new(),
            vt100::Parser::new(
                NonZeroU16::new(24).unwrap(),
                NonZeroU16::new(80).unwrap(),
                0,
            ),
        )));
        let mut reader = master.try_clone().unwrap();
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut sink = sink.lock().unwrap();
                sink.0.extend_from_slice(&buf[..n]);
                sink.1.process(&buf[..n]);
            }
        });
        Session {
            child,
            master,
            output,
        }
    }

    /// What the terminal shows now, as text.
    pub fn screen_text(&self) -> String {
        self.output.lock().unwrap().1.screen().contents()
    }

    /// The raw bytes written since the last `clear`.
    pub fn bytes(&self) -> Vec<u8> {
        self.output.lock().unwrap().0.clone()
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.screen_text().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("never saw {text:?}; screen:\n{}", self.screen_text());
    }

    pub fn clear(&self) {
        self.output.lock().unwrap().0.clear();
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
        self.master.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
