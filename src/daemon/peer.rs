//! Who is on the other end of a connection: taken from the kernel (the socket's peer
//! credentials), never from anything the client says.

use std::ffi::CString;
use std::os::unix::net::UnixStream;

use nix::sys::socket::{getsockopt, sockopt};
use nix::unistd::{Gid, Group, Uid, User, getgrouplist};

/// The user of a connection and the groups they are in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub uid: u32,
    pub user: String,
    pub groups: Vec<String>,
}

impl Peer {
    /// The connecting process's user (`SO_PEERCRED`), with their name and groups from
    /// the system's user database.
    pub fn of(stream: &UnixStream) -> Result<Peer, String> {
        let credentials = getsockopt(stream, sockopt::PeerCredentials)
            .map_err(|e| format!("SO_PEERCRED: {e}"))?;
        Ok(Peer::from_ids(
            Uid::from_raw(credentials.uid()),
            Gid::from_raw(credentials.gid()),
        ))
    }

    /// A user by id: their name (`uid N` when the system has none) and the names of
    /// their primary and supplementary groups.
    pub fn from_ids(uid: Uid, gid: Gid) -> Peer {
        let account = User::from_uid(uid).ok().flatten();
        let user = account
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("uid {uid}"));
        let primary = account.as_ref().map(|u| u.gid).unwrap_or(gid);
        let mut gids = vec![primary, gid];
        if let Some(account) = &account
            && let Ok(name) = CString::new(account.name.as_str())
            && let Ok(more) = getgrouplist(&name, primary)
        {
            gids.extend(more);
        }
        gids.sort_by_key(|g| g.as_raw());
        gids.dedup();
        let groups = gids
            .into_iter()
            .filter_map(|g| Group::from_gid(g).ok().flatten())
            .map(|g| g.name)
            .collect();
        Peer {
            uid: uid.as_raw(),
            user,
            groups,
        }
    }

    /// The user running this process.
    pub fn me() -> Peer {
        Peer::from_ids(nix::unistd::getuid(), nix::unistd::getgid())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_peer_of_a_socket_pair_is_this_process_user() {
        let (a, _b) = UnixStream::pair().unwrap();
        let peer = Peer::of(&a).unwrap();
        let me = Peer::me();
        assert_eq!(peer, me);
        assert_eq!(peer.uid, nix::unistd::getuid().as_raw());
        assert!(!peer.groups.is_empty());
    }
}
