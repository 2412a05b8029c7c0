//! How much the daemon gives one client and all of them: what a stranger may cost
//! before saying Hello, how many may be connected, how much may wait for a client that
//! does not read, and how long a stop may take. Also the open-file limit the clients
//! need.

use std::time::Duration;

use nix::sys::resource::{Resource, getrlimit, setrlimit};

/// Connections served at once unless `--max-clients` says otherwise.
pub const DEFAULT_MAX_CLIENTS: u32 = 2048;

/// The daemon's bounds; [`Limits::default`] is what `kpss serve` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections at once, those still to say Hello included; the next is refused
    /// with [`crate::protocol::Refusal::TooManyClients`].
    pub max_clients: usize,
    /// The largest frame a client may send before it has been welcomed.
    pub hello_frame: usize,
    /// How long a client has, from connecting, to finish its Hello.
    pub hello_deadline: Duration,
    /// Bytes (responses and events) that may wait for a client, its largest single
    /// message not counted (so any one answer can be given to a client that reads);
    /// one that lets more pile up is disconnected.
    pub outbox_bytes: usize,
    /// At a stop, how long the answers to requests already read may take to reach
    /// clients that are slow to read them.
    pub stop_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_clients: DEFAULT_MAX_CLIENTS as usize,
            hello_frame: 64 * 1024,
            hello_deadline: Duration::from_secs(5),
            outbox_bytes: 8 * 1024 * 1024,
            stop_grace: Duration::from_secs(2),
        }
    }
}

/// Descriptors the daemon needs besides one per client: the database's files, the
/// listening socket, the wake-up pair, standard streams.
pub const OWN_DESCRIPTORS: u64 = 64;

/// Raises the soft limit of open files to the hard one (each client is a descriptor);
/// the soft limit now in force.
pub fn raise_open_files() -> nix::Result<u64> {
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE)?;
    if soft < hard {
        setrlimit(Resource::RLIMIT_NOFILE, hard, hard)?;
        return Ok(hard);
    }
    Ok(soft)
}

/// How many clients an open-file limit leaves room for.
pub fn clients_within(open_files: u64) -> usize {
    usize::try_from(open_files.saturating_sub(OWN_DESCRIPTORS)).unwrap_or(usize::MAX)
}
