//! Key bindings: the defaults embedded from `assets/keymap.toml`, with the user's file
//! merged over them. Help and hints are generated from the same map.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::action::{Action, Mode};

const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// One key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// Parses `"ctrl-s"`, `"shift-tab"`, `"G"`, `"f1"`, `"pagedown"`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") && rest.len() > 5 {
                modifiers |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                modifiers |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                modifiers |= KeyModifiers::SHIFT;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        Some(Key { code, modifiers })
    }

    /// Whether a pressed key is this one. Shift is part of the character itself
    /// (`G`), so it is ignored for characters.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let mut mods = event.modifiers;
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match (event.code, mods.contains(KeyModifiers::CONTROL)) {
            // Terminals send Ctrl-letters as lower case.
            (KeyCode::Char(c), true) => KeyCode::Char(c.to_ascii_lowercase()),
            (code, _) => code,
        };
        code == self.code && mods == self.modifiers
    }

    /// `Ctrl-S`, `Enter`, `G`: how help shows the key.
    pub fn display(&self) -> String {
        let mut out = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        let name = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Delete".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.modifiers.is_empty() => c.to_string(),
            KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
            other => format!("{other:?}"),
        };
        out.push_str(&name);
        out
    }
}

type Section = BTreeMap<Action, Vec<String>>;

/// Why a keymap file was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct KeymapError {
    pub path: String,
    pub reason: String,
}

/// Keys per mode, each mode's bindings in action order.
#[derive(Debug, Clone)]
pub struct Keymap {
    modes: BTreeMap<Mode, Vec<(Action, Vec<Key>)>>,
}

impl Keymap {
    /// The embedded defaults alone.
    pub fn defaults() -> Keymap {
        // The embedded file is tested to parse; an empty map is the safe fallback.
        Self::parse_layers(&[DEFAULT_KEYMAP]).unwrap_or_else(|_| Keymap {
            modes: BTreeMap::new(),
        })
    }

    /// The defaults with the user's file (if it exists) merged over them. A broken user
    /// file is reported and the defaults are used.
    pub fn load() -> (Keymap, Option<KeymapError>) {
        let Some(path) = Self::user_path() else {
            return (Self::defaults(), None);
        };
        let Ok(user) = std::fs::read_to_string(&path) else {
            return (Self::defaults(), None);
        };
        match Self::parse_layers(&[DEFAULT_KEYMAP, &user]) {
            Ok(map) => (map, None),
            Err(reason) => (
                Self::defaults(),
                Some(KeymapError {
                    path: path.display().to_string(),
                    reason,
                }),
            ),
        }
    }

    /// `$KPSS_KEYMAP`, else `~/.config/kpss/keymap.toml`.
    pub fn user_path() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("KPSS_KEYMAP") {
            return Some(PathBuf::from(path));
        }
        directories::ProjectDirs::from("cz", "kpss", "kpss")
            .map(|d| d.config_dir().join("keymap.toml"))
    }

    /// Parses layers of keymap text, each replacing the keys of the actions it names.
    pub fn parse_layers(layers: &[&str]) -> Result<Keymap, String> {
        let mut merged: BTreeMap<Mode, Section> = BTreeMap::new();
        for text in layers {
            let layer: BTreeMap<Mode, Section> = toml::from_str(text).map_err(|e| e.to_string())?;
            for (mode, section) in layer {
                merged.entry(mode).or_default().extend(section);
            }
        }
        let mut modes = BTreeMap::new();
        for (mode, section) in merged {
            let mut bindings = Vec::new();
            for (action, names) in section {
                let keys = names
                    .iter()
                    .map(|n| Key::parse(n).ok_or_else(|| format!("unknown key \"{n}\"")))
                    .collect::<Result<Vec<_>, _>>()?;
                bindings.push((action, keys));
            }
            modes.insert(mode, bindings);
        }
        Ok(Keymap { modes })
    }

    /// The action a key does in `mode`; list and detail also take the global bindings.
    pub fn action(&self, mode: Mode, key: &KeyEvent) -> Option<Action> {
        let find = |m: Mode| {
            self.modes.get(&m).and_then(|bindings| {
                bindings
                    .iter()
                    .find(|(_, keys)| keys.iter().any(|k| k.matches(key)))
                    .map(|(action, _)| *action)
            })
        };
        find(mode).or_else(|| match mode {
            Mode::List | Mode::Detail => find(Mode::Global),
            Mode::Calendar | Mode::Plans => find(Mode::List).or_else(|| find(Mode::Global)),
            _ => None,
        })
    }

    /// Every binding of a mode, in action order: the help screen.
    pub fn bindings(&self, mode: Mode) -> &[(Action, Vec<Key>)] {
        self.modes.get(&mode).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The first key of one action in a mode, as the hint bar shows it.
    pub fn first_key(&self, mode: Mode, action: Action) -> Option<String> {
        self.bindings(mode)
            .iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.first())
            .map(Key::display)
    }

    /// The keys of one action in a mode, shown as `e/Enter`.
    pub fn keys_of(&self, mode: Mode, action: Action) -> Option<String> {
        let keys = self
            .bindings(mode)
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, keys)| keys)?;
        let shown: Vec<String> = keys.iter().map(Key::display).collect();
        (!shown.is_empty()).then(|| shown.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_embedded_keymap_parses_and_covers_every_mode() {
        let map = Keymap::parse_layers(&[DEFAULT_KEYMAP]).unwrap();
        for mode in [
            Mode::Global,
            Mode::List,
            Mode::Detail,
            Mode::Form,
            Mode::Confirm,
            Mode::Help,
            Mode::Welcome,
            Mode::Calendar,
            Mode::Plans,
        ] {
            assert!(!map.bindings(mode).is_empty(), "{mode:?}");
        }
    }

    #[test]
    fn keys_resolve_per_mode_with_global_fallback() {
        let map = Keymap::defaults();
        let n = press(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(map.action(Mode::List, &n), Some(Action::New));
        assert_eq!(map.action(Mode::Confirm, &n), Some(Action::No));
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action(Mode::List, &q), Some(Action::Quit));
        assert_eq!(map.action(Mode::Form, &q), None);
        let ctrl_s = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Mode::Form, &ctrl_s), Some(Action::Save));
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action(Mode::List, &big_g), Some(Action::Last));
        let back_tab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.action(Mode::List, &back_tab), Some(Action::PrevTab));
        assert_eq!(map.action(Mode::Form, &back_tab), Some(Action::PrevField));
    }

    #[test]
    fn a_user_layer_replaces_only_what_it_names() {
        let user = "[list]\nnew = [\"ctrl-n\", \"insert\"]\n";
        assert!(Keymap::parse_layers(&[DEFAULT_KEYMAP, user]).is_err());
        let user = "[list]\nnew = [\"ctrl-n\"]\n";
        let map = Keymap::parse_layers(&[DEFAULT_KEYMAP, user]).unwrap();
        let n = press(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(map.action(Mode::List, &n), None);
        let ctrl_n = press(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(map.action(Mode::List, &ctrl_n), Some(Action::New));
        assert_eq!(map.keys_of(Mode::List, Action::Edit).unwrap(), "e/Enter");
    }

    #[test]
    fn unknown_actions_and_modes_are_errors() {
        assert!(Keymap::parse_layers(&["[list]\nfly = [\"f\"]\n"]).is_err());
        assert!(Keymap::parse_layers(&["[space]\nnew = [\"n\"]\n"]).is_err());
    }
}
