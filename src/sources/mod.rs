//! Where a catalogue comes from. A source reads its records and hands them to a
//! sink one by one (so a 100k-product folder is never held in memory whole);
//! it never writes the cache itself. `sync` drives sources into the store.

mod dir;
mod embedded;
pub mod entropy;
pub mod sync;

use std::collections::HashMap;
use std::path::PathBuf;

pub use dir::DirSource;
#[cfg(test)]
pub(crate) use embedded::demo_store;
pub use embedded::{DEMO_SOURCE, EmbeddedDemo};
pub use entropy::EntropySource;

use crate::model::{LoadIssue, Record, SpecViolation};

/// What a source yields: a record, or a file it could not load; an HTTP
/// source also its other resources, what to remove, and where it got to.
#[derive(Debug)]
pub enum Loaded {
    /// How the records that follow apply to what the cache holds of this
    /// source. A source that sends none replaces everything.
    Begin(LoadMode),
    /// A record and the file (or URL) it was read from.
    Record(Record, PathBuf),
    Issue(LoadIssue),
    /// A catalogue-server resource kept as the server sent it.
    Resource(Resource),
    /// A resource the server says is unchanged (`304 Not Modified`).
    Unchanged(ResourceRef),
    /// A resource deleted on the server.
    Removed(ResourceRef),
    /// Every resource of this kind is sent again next: drop what the cache
    /// holds of it first.
    ReplaceAll(ResourceKind),
    /// The ETag a URL was last served with.
    Etag {
        url: String,
        etag: String,
    },
    /// The last event applied: the next sync resumes after it.
    Cursor(String),
    /// A page of a listing was read (for progress).
    Page,
    /// The schema check of a catalogue file: where it breaks the official
    /// schema of its standard (it is loaded regardless).
    SpecChecked {
        path: PathBuf,
        fingerprint: u64,
        violations: Vec<SpecViolation>,
    },
}

/// How a load applies to the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadMode {
    /// Everything the source held before is dropped first (a folder).
    Replace,
    /// Everything is sent again; what is not sent (or kept as unchanged)
    /// is then dropped (a full sync from a server).
    Refresh,
    /// Only changes are sent (an incremental sync from an event feed).
    Apply,
}

/// Where access requests to a source's products go.
pub enum AccessTarget<'a> {
    /// Nowhere of its own (the embedded demo): written as files in the cache folder.
    None,
    /// A catalogue folder: written as files for the user to commit or send.
    Folder(&'a std::path::Path),
    /// A catalogue server's access API.
    Server(&'a EntropySource),
}

/// The kinds of resource a catalogue server has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceKind {
    Product,
    Contract,
    Team,
    TestResult,
    Access,
}

/// One resource by kind and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceRef {
    pub kind: ResourceKind,
    pub id: String,
}

/// A team, test result or access resource, as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub kind: ResourceKind,
    pub id: String,
    pub json: serde_json::Value,
}

/// What the cache remembers of a source's last sync, handed to its next one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Previous {
    /// The last event applied, when the source has an event feed.
    pub cursor: Option<String>,
    /// URL → ETag of what the cache holds.
    pub etags: HashMap<String, String>,
    /// Content fingerprint → schema violations of the files checked at the
    /// last sync: an unchanged file is not checked again.
    pub spec_checks: HashMap<u64, Vec<SpecViolation>>,
}

/// A source that could not be read at all (its folder is missing, say).
/// Per-file problems are not errors: they are yielded as [`Loaded::Issue`].
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("catalogue folder {path} does not exist")]
    Missing { path: PathBuf },
    #[error("cannot read catalogue folder {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    /// The cache could not be written: the whole sync stops.
    #[error(transparent)]
    Sink(#[from] crate::store::StoreError),
    /// A catalogue server could not be read; the message says what to do.
    #[error("{0}")]
    Remote(#[from] entropy::RemoteError),
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
    /// Loads every record (or, from `previous`, only what changed), in a
    /// deterministic order.
    fn load(&self, previous: &Previous, sink: &mut Sink<'_>) -> Result<(), SourceError>;
    /// Whether loading goes over the network (`--offline` skips such sources).
    fn is_remote(&self) -> bool {
        false
    }
    /// Where an access request to one of its products goes.
    fn access_target(&self) -> AccessTarget<'_> {
        AccessTarget::None
    }
}

/// FNV-1a over `bytes`: a stable, dependency-free fingerprint (not for
/// security) of the embedded demo and of a `--catalog` folder list.
pub(crate) fn fingerprint(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
