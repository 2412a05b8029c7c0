//! kpss — the register of community planning of social services (komunitní plánování
//! sociálních služeb) kept by the social departments of Czech ORPs.
//!
//! Layers point one way: [`model`] (plain data, validation, Czech text rules, no I/O) ←
//! [`store`] (the only code that knows sled and bincode) ← [`cli`] and the terminal
//! application.

pub mod app;
pub mod backup;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod disclosure;
pub mod fsutil;
pub mod generate;
pub mod ics;
pub mod interchange;
pub mod model;
pub mod paper;
pub mod protocol;
pub mod reminders;
pub mod remote;
pub mod report;
pub mod sample;
pub mod store;
