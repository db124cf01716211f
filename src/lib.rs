//! meshlens: a terminal explorer for a data-mesh catalogue.
//!
//! Data flows one way: sources → cache (SQLite) → index (tantivy) → queries →
//! CLI and TUI. See README.md and docs/ for the map.

pub mod access;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod contracts;
pub mod http;
pub mod index;
pub mod lineage;
pub mod lookup;
pub mod model;
pub mod quality;
pub mod query;
pub mod sources;
pub mod standards;
pub mod store;
pub mod synthetic;
pub mod text;
pub mod tui;
pub mod workspace;
