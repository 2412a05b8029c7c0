//! The terminal application: tabs of lists and details, forms, help, on any ratatui backend.

pub mod action;
pub mod agenda;
mod agenda_view;
pub mod calendar;
mod calendar_popups;
pub mod calendar_tools;
pub mod clash_popup;
pub mod conflict;
mod connecting;
pub mod detail;
pub mod drafts;
pub mod form;
pub mod history;
pub mod keymap;
pub mod list;
pub mod live;
pub mod meeting_defaults;
mod ops;
pub mod palette;
pub mod privacy;
pub mod state;
pub mod tabs;
pub mod terminal;
pub mod theme;
mod ui;

pub use action::{Action, Mode};
pub use keymap::Keymap;
pub use state::App;
pub use theme::Theme;
