//! The terminal application: tabs of lists and details, forms, help, on any ratatui backend.

pub mod action;
pub mod calendar;
mod calendar_popups;
pub mod calendar_tools;
pub mod conflict;
mod connecting;
pub mod detail;
pub mod drafts;
pub mod events;
pub mod form;
pub mod history;
pub mod keymap;
pub mod layer;
pub mod list;
pub mod live;
pub mod loader;
mod ops;
pub mod palette;
pub mod popups;
pub mod privacy;
pub mod state;
pub mod tabs;
pub mod terminal;
pub mod theme;
mod ui;
mod widgets;

pub use action::{Action, Mode};
pub use keymap::Keymap;
pub use layer::LayerName;
pub use state::App;
pub use theme::Theme;
