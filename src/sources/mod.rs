//! Where a catalogue comes from. A source reads its records and hands them to a
//! sink one by one (so a 100k-product folder is never held in memory whole);
//! it never writes the cache itself. `sync` drives sources into the store.

mod dir;
mod embedded;
pub mod sync;

use std::path::PathBuf;

pub use dir::DirSource;
pub use embedded::{DEMO_SOURCE, EmbeddedDemo};

use crate::model::{LoadIssue, Record};

/// What a source yields: a record, or a file it could not load.
#[derive(Debug)]
pub enum Loaded {
    /// A record and the file it was read from.
    Record(Record, PathBuf),
    Issue(LoadIssue),
}

/// A source that could not be read at all (its folder is missing, say).
/// Per-file problems are not errors: they are yielded as [`Loaded::Issue`].
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("catalogue folder {path} does not exist")]
    Missing { path: PathBuf },
    #[error("cannot read catalogue folder {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{0}")]
    Sink(String),
}

/// Receives what a source loads; an error stops the load (the cache write failed).
pub type Sink<'a> = dyn FnMut(Loaded) -> Result<(), SourceError> + 'a;

/// A catalogue source. HTTP catalogue APIs implement the same trait.
pub trait Source: Send + Sync {
    /// The name records are attributed to.
    fn name(&self) -> &str;
    /// `dir`, `demo`, `entropy-data`, ...
    fn kind(&self) -> &'static str;
    /// Where it reads from, for `meshlens info`.
    fn location(&self) -> String;
    /// Loads every record, in a deterministic order.
    fn load(&self, sink: &mut Sink<'_>) -> Result<(), SourceError>;
}

/// FNV-1a over `bytes`: a stable, dependency-free fingerprint (not for
/// security) of the embedded demo and of a `--catalog` folder list.
pub(crate) fn fingerprint(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
