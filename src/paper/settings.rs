//! What the clerk's settings say about paperwork (`[paper]` in their settings file):
//! the programme's funding line on attendance sheets, the signature block under
//! invitations and the address invitations are sent from.
//!
//! ```toml
//! [paper]
//! funding_line = "Projekt je spolufinancován Evropskou unií z Evropského sociálního fondu v rámci Operačního programu Zaměstnanost."
//! from = "Věra Kubátová <vera.kubatova@example.cz>"
//!
//! [paper.sender]
//! name = "Věra Kubátová"
//! function = "koordinátorka komunitního plánování"
//! organisation = "Město Soběslav"
//! phone = "700 000 015"
//! email = "vera.kubatova@example.cz"
//! ```
//!
//! Every field may be left out: a document then leaves the line empty for the clerk
//! to fill in by hand.

use serde::{Deserialize, Serialize};

/// The `[paper]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaperSettings {
    /// The programme's funding line ("Projekt … je spolufinancován …").
    pub funding_line: String,
    /// The invitation's sender (`From:` of an .eml): "Name <address>" or an address.
    pub from: String,
    /// The signature block under an invitation.
    pub sender: Sender,
}

/// Who signs an invitation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sender {
    pub name: String,
    pub function: String,
    pub organisation: String,
    pub phone: String,
    pub email: String,
}

impl PaperSettings {
    pub fn is_empty(&self) -> bool {
        *self == PaperSettings::default()
    }
}

impl Sender {
    /// The signature block's lines, empty ones left out.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = [&self.name, &self.function, &self.organisation]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string())
            .collect();
        if !self.phone.trim().is_empty() {
            lines.push(format!("tel.: {}", self.phone.trim()));
        }
        if !self.email.trim().is_empty() {
            lines.push(format!("e-mail: {}", self.email.trim()));
        }
        lines
    }
}
