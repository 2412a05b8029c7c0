//! The draft files: which session holds which, and taking over those of sessions that
//! are gone.

use std::cell::Cell;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::app::form::FormDraft;
use crate::model::text::sanitize_line;

/// A running kpss process, as the file names of its drafts name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionId {
    pub pid: u32,
    /// Clock ticks after boot when the process started.
    pub start: u64,
    /// The first eight hex digits of the kernel's boot id.
    pub boot: String,
}

impl SessionId {
    /// This process.
    pub fn current() -> io::Result<SessionId> {
        SessionId::of_process(std::process::id())
    }

    /// Process `pid`, while it runs.
    pub fn of_process(pid: u32) -> io::Result<SessionId> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
        let start = start_time(&stat).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("/proc/{pid}/stat: no start time"),
            )
        })?;
        Ok(SessionId {
            pid,
            start,
            boot: boot()?,
        })
    }

    /// Whether the process still runs. Only a process that is certainly gone (another
    /// boot, no such pid, the pid taken by a later process) is not alive: when in doubt,
    /// its drafts are left alone.
    pub fn is_alive(&self) -> bool {
        match boot() {
            Ok(boot) if boot != self.boot => return false,
            Ok(_) => {}
            Err(_) => return true,
        }
        match std::fs::read_to_string(format!("/proc/{}/stat", self.pid)) {
            Ok(stat) => start_time(&stat).is_none_or(|start| start == self.start),
            Err(e) => e.kind() != io::ErrorKind::NotFound,
        }
    }

    /// The file name's stem.
    fn stem(&self) -> String {
        format!("{}-{}-{}", self.pid, self.start, self.boot)
    }

    /// The session a draft's file name names: `PID-START-BOOT` or `PID-START-BOOT-N`.
    fn from_stem(stem: &str) -> Option<SessionId> {
        let mut parts = stem.split('-');
        let pid = parts.next()?.parse().ok()?;
        let start = parts.next()?.parse().ok()?;
        let boot = parts.next()?;
        if boot.len() != 8 || !boot.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        match (parts.next(), parts.next()) {
            (None, _) => {}
            (Some(n), None) if n.parse::<u32>().is_ok() => {}
            _ => return None,
        }
        Some(SessionId {
            pid,
            start,
            boot: boot.to_string(),
        })
    }
}

/// Field 22 of `/proc/PID/stat`; the second field (the command) may hold spaces and
/// parentheses, so fields are counted after its closing parenthesis.
fn start_time(stat: &str) -> Option<u64> {
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(19)?.parse().ok()
}

fn boot() -> io::Result<String> {
    let id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id")?;
    Ok(id.trim().chars().take(8).collect())
}

/// What a draft's file holds.
#[derive(Debug, Serialize, Deserialize)]
struct DraftFile {
    /// The session that wrote it.
    session: SessionId,
    user: String,
    form: FormDraft,
}

/// A draft whose session is gone, claimed by this one and waiting for the clerk.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    /// Where it is kept until answered.
    pub path: PathBuf,
    pub form: FormDraft,
    /// When it was last written.
    pub written: Option<SystemTime>,
}

/// What [`Drafts::claim_orphans`] found.
#[derive(Debug, Default)]
pub struct Claimed {
    /// Oldest first.
    pub orphans: Vec<Orphan>,
    /// Draft files that could not be read; they are left where they are.
    pub problems: Vec<String>,
}

/// This session's drafts in a folder.
#[derive(Debug)]
pub struct Drafts {
    dir: PathBuf,
    session: SessionId,
    user: String,
    claims: Cell<u32>,
}

impl Drafts {
    pub fn new(dir: PathBuf, session: SessionId, user: String) -> Drafts {
        Drafts {
            dir,
            session,
            user,
            claims: Cell::new(0),
        }
    }

    /// The file of this session's open form.
    pub fn path(&self) -> PathBuf {
        self.dir.join(format!("{}.json", self.session.stem()))
    }

    /// The text [`Drafts::keep`] writes for `form`.
    pub fn text(&self, form: &FormDraft) -> io::Result<String> {
        let file = DraftFile {
            session: self.session.clone(),
            user: self.user.clone(),
            form: form.clone(),
        };
        serde_json::to_string_pretty(&file).map_err(io::Error::other)
    }

    /// Writes this session's draft whole (a reader never sees half of one).
    pub fn write(&self, text: &str) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        crate::fsutil::write_atomically(&self.path(), text.as_bytes())
    }

    /// Removes this session's draft; there being none is fine.
    pub fn clear(&self) -> io::Result<()> {
        remove(&self.path())
    }

    /// Takes over the drafts of this user's sessions that are gone: each is renamed to
    /// a name of this session's and read. Drafts of running sessions, of other users and
    /// files this version does not know stay as they are. A draft written by kpss before
    /// drafts were kept per session (`USER.json`, the bare form) counts as gone.
    pub fn claim_orphans(&self) -> io::Result<Claimed> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Claimed::default()),
            Err(e) => return Err(e),
        };
        let mut claimed = Claimed::default();
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let legacy = match SessionId::from_stem(stem) {
                Some(owner) if owner == self.session || owner.is_alive() => continue,
                Some(_) => false,
                None if stem == self.user => true,
                None => continue,
            };
            let problem = |e: &dyn std::fmt::Display| {
                format!("{}: {e}", sanitize_line(&path.display().to_string()))
            };
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                // Another session claimed it first.
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => {
                    claimed.problems.push(problem(&e));
                    continue;
                }
            };
            let form = if legacy {
                serde_json::from_str::<FormDraft>(&text)
            } else {
                match serde_json::from_str::<DraftFile>(&text) {
                    Ok(file) if file.user != self.user => continue,
                    Ok(file) => Ok(file.form),
                    Err(e) => Err(e),
                }
            };
            let form = match form {
                Ok(form) => form,
                Err(e) => {
                    claimed.problems.push(problem(&e));
                    continue;
                }
            };
            let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            let mine = self.claim_path();
            match std::fs::rename(&path, &mine) {
                Ok(()) => claimed.orphans.push(Orphan {
                    path: mine,
                    form,
                    written,
                }),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => claimed.problems.push(problem(&e)),
            }
        }
        claimed.orphans.sort_by_key(|o| o.written);
        Ok(claimed)
    }

    /// A free name for a claimed draft.
    fn claim_path(&self) -> PathBuf {
        loop {
            let n = self.claims.get() + 1;
            self.claims.set(n);
            let path = self.dir.join(format!("{}-{n}.json", self.session.stem()));
            if !path.exists() {
                return path;
            }
        }
    }

    /// Makes an orphan this session's draft: written as this session's first, then
    /// its old file removed, so that at no moment is it kept nowhere.
    pub fn adopt(&self, orphan: &Orphan) -> io::Result<String> {
        let text = self.text(&orphan.form)?;
        self.write(&text)?;
        remove(&orphan.path)?;
        Ok(text)
    }

    /// Lets an orphan go: the clerk declined it.
    pub fn let_go(&self, orphan: &Orphan) -> io::Result<()> {
        remove(&orphan.path)
    }
}

fn remove(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_start_time_is_read_after_the_command_whatever_it_holds() {
        let stat = "4242 (kp ss) (x) S 1 4242 4242 34816 4242 4194560 1 0 0 0 0 0 0 0 20 0 \
                    1 0 987654 10000 100 18446744073709551615";
        assert_eq!(start_time(stat), Some(987654));
        assert_eq!(start_time("4242 (kpss) S 1"), None);
    }

    #[test]
    fn file_names_name_their_session() {
        let id = SessionId {
            pid: 4242,
            start: 987654,
            boot: "0a1b2c3d".into(),
        };
        assert_eq!(SessionId::from_stem(&id.stem()), Some(id.clone()));
        assert_eq!(
            SessionId::from_stem(&format!("{}-3", id.stem())),
            Some(id.clone())
        );
        for other in [
            "referentka",
            "4242-987654",
            "4242-987654-xyz",
            "1-2-0a1b2c3d-x",
        ] {
            assert_eq!(SessionId::from_stem(other), None, "{other}");
        }
    }

    #[test]
    fn this_process_is_alive_and_a_reused_pid_or_another_boot_is_not() {
        let me = SessionId::current().unwrap();
        assert!(me.is_alive());
        let earlier = SessionId {
            start: me.start.wrapping_sub(1),
            ..me.clone()
        };
        assert!(!earlier.is_alive());
        let other_boot = SessionId {
            boot: if me.boot == "00000000" {
                "11111111".into()
            } else {
                "00000000".into()
            },
            ..me.clone()
        };
        assert!(!other_boot.is_alive());
    }
}
