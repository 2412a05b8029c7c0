//! Who may do what on the shared server: the roles file, and the default without one.
//!
//! ```toml
//! [users]
//! novakova = "admin"
//! host = "viewer"
//!
//! [groups]
//! kpss = "editor"
//! ```
//!
//! A user's role is their own entry, else the highest role of any group they are in,
//! else none (the daemon refuses them). Without a roles file the daemon's own user is
//! admin and everyone else who can open the socket is editor.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::daemon::DaemonError;
use crate::model::Lang;
use crate::protocol::Role;

/// The roles the daemon grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    users: BTreeMap<String, Role>,
    groups: BTreeMap<String, Role>,
    /// The role of a user neither named nor in a named group.
    others: Option<Role>,
    /// Where the roles came from; none for the default.
    file: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    #[serde(default)]
    users: BTreeMap<String, Role>,
    #[serde(default)]
    groups: BTreeMap<String, Role>,
}

impl Roles {
    /// The roles without a file: `owner` (the daemon's user) is admin, every other user
    /// who can open the socket is editor.
    pub fn without_file(owner: &str) -> Roles {
        Roles {
            users: BTreeMap::from([(owner.to_string(), Role::Admin)]),
            groups: BTreeMap::new(),
            others: Some(Role::Editor),
            file: None,
        }
    }

    /// Reads a roles file; a file that cannot be read or parsed is an error naming the
    /// file, the line and the problem.
    pub fn load(path: &Path) -> Result<Roles, DaemonError> {
        let text = std::fs::read_to_string(path).map_err(|e| DaemonError::Roles {
            file: path.to_path_buf(),
            line: None,
            problem: e.to_string(),
        })?;
        Roles::parse(&text, path)
    }

    /// Parses the text of a roles file (`path` names it in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Roles, DaemonError> {
        let parsed: RolesFile = toml::from_str(text).map_err(|e| DaemonError::Roles {
            file: path.to_path_buf(),
            line: e.span().map(|span| line_of(text, span.start)),
            problem: e.message().trim().to_string(),
        })?;
        Ok(Roles {
            users: parsed.users,
            groups: parsed.groups,
            others: None,
            file: Some(path.to_path_buf()),
        })
    }

    /// The role of `user`, who is in `groups`; `None` when they have none.
    pub fn role_of(&self, user: &str, groups: &[String]) -> Option<Role> {
        if let Some(&role) = self.users.get(user) {
            return Some(role);
        }
        groups
            .iter()
            .filter_map(|g| self.groups.get(g).copied())
            .max()
            .or(self.others)
    }

    /// The file the roles came from; `None` for the default.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// One line saying where the roles come from, for the daemon's start message.
    pub fn describe(&self, lang: Lang) -> String {
        match (&self.file, lang) {
            (Some(file), Lang::Cs) => format!(
                "role ze souboru {} (uživatelů: {}, skupin: {})",
                file.display(),
                self.users.len(),
                self.groups.len()
            ),
            (Some(file), Lang::En) => format!(
                "roles from {} ({} users, {} groups)",
                file.display(),
                self.users.len(),
                self.groups.len()
            ),
            (None, lang) => {
                let owner = self.users.keys().next().map(String::as_str).unwrap_or("?");
                match lang {
                    Lang::Cs => {
                        format!("bez souboru rolí: {owner} je správce, každý další uživatel editor")
                    }
                    Lang::En => {
                        format!("no roles file: {owner} is admin, every other user is editor")
                    }
                }
            }
        }
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    fn parse(text: &str) -> Result<Roles, DaemonError> {
        Roles::parse(text, Path::new("/etc/kpss/roles.toml"))
    }

    #[test]
    fn a_user_entry_wins_over_groups() {
        let roles = parse(
            "[users]\nnovakova = \"admin\"\nhost = \"viewer\"\n[groups]\nkpss = \"editor\"\n",
        )
        .unwrap();
        assert_eq!(roles.role_of("novakova", &[]), Some(Role::Admin));
        assert_eq!(roles.role_of("host", &["kpss".into()]), Some(Role::Viewer));
        assert_eq!(
            roles.role_of("dvorak", &["kpss".into()]),
            Some(Role::Editor)
        );
        assert_eq!(roles.role_of("dvorak", &["users".into()]), None);
    }

    #[test]
    fn the_highest_group_role_counts() {
        let roles =
            parse("[groups]\nctenari = \"viewer\"\nspravci = \"admin\"\nkpss = \"editor\"\n")
                .unwrap();
        let groups = ["ctenari".to_string(), "spravci".into(), "kpss".into()];
        assert_eq!(roles.role_of("x", &groups), Some(Role::Admin));
    }

    #[test]
    fn without_a_file_the_owner_is_admin_and_others_editors() {
        let roles = Roles::without_file("kpss");
        assert_eq!(roles.role_of("kpss", &[]), Some(Role::Admin));
        assert_eq!(roles.role_of("novakova", &[]), Some(Role::Editor));
        assert!(roles.file().is_none());
    }

    #[test]
    fn an_empty_file_grants_nothing() {
        let roles = parse("").unwrap();
        assert_eq!(roles.role_of("novakova", &["kpss".into()]), None);
    }

    #[test]
    fn an_unknown_role_names_its_line() {
        match parse("[users]\nnovakova = \"admin\"\nhost = \"boss\"\n") {
            Err(DaemonError::Roles {
                line: Some(3),
                problem,
                file,
            }) => {
                assert!(problem.contains("boss"), "{problem}");
                assert_eq!(file, Path::new("/etc/kpss/roles.toml"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_misspelt_table_and_bad_syntax_are_refused() {
        assert!(matches!(
            parse("[user]\nnovakova = \"admin\"\n"),
            Err(DaemonError::Roles { line: Some(1), .. })
        ));
        assert!(matches!(
            parse("[users]\n\nnovakova = admin\n"),
            Err(DaemonError::Roles { line: Some(3), .. })
        ));
    }

    #[test]
    fn a_missing_file_is_named() {
        let e = Roles::load(Path::new("/nonexistent/roles.toml")).unwrap_err();
        assert!(
            e.message(crate::model::Lang::En)
                .contains("/nonexistent/roles.toml")
        );
    }
}
