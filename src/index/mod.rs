//! The search index: derived from the cache, rebuilt by itself when missing,
//! stale, corrupt or from another schema version. Deleting it loses nothing.
//!
//! Documents: one per product and one per contract id (its newest version).
//! See [`search`] for the ranking.

mod build;
mod doc_values;
mod documents;
mod facets;
mod names;
mod query;
mod schema;
mod search;
mod stamp;
mod typo;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use std::sync::Arc;
use tantivy::tokenizer::TextAnalyzer;

use tantivy::{Index, ReloadPolicy, Searcher};

use crate::store::{Store, StoreError};
use doc_values::DocValues;
use schema::Fields;
use stamp::Stamp;

pub use facets::Facets;
pub use names::NameMatcher;
pub use query::{DEFAULT_LIMIT, Kind, SearchQuery, format_query, parse_query};
pub use schema::INDEX_SCHEMA_VERSION;
pub use search::{SearchHit, SearchResults};

/// Build directories older than this are cleaned up even when a process
/// with their id runs (it may be another process that got the id since).
const ABANDONED_BUILD_AGE: Duration = Duration::from_secs(3600);

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read the search index: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the search index at {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the search index has an unexpected schema")]
    SchemaMismatch,
}

/// What an index build is doing, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildPhase {
    Contracts,
    Products,
    Committing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildProgress {
    pub phase: BuildPhase,
    /// Documents added so far.
    pub done: u64,
    /// Documents to add (products + contract ids).
    pub total: u64,
}

/// An open, up-to-date search index.
pub struct SearchIndex {
    searcher: Searcher,
    values: Arc<DocValues>,
    fields: Fields,
    analyzer: TextAnalyzer,
    stamp: Stamp,
    rebuilt: bool,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("stamp", &self.stamp)
            .field("rebuilt", &self.rebuilt)
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir` if it was built from the cache's current
    /// generation with this schema version and is intact; otherwise rebuilds
    /// it (into a temporary directory, then renamed into place).
    pub fn open_or_build(
        dir: &Path,
        store: &Store,
        progress: &mut dyn FnMut(BuildProgress),
    ) -> Result<SearchIndex, IndexError> {
        let expected = Stamp {
            schema_version: INDEX_SCHEMA_VERSION,
            cache_id: store.cache_id()?,
            generation: store.generation()?,
        };
        remove_abandoned_builds(dir);
        match open_guarded(dir, &expected) {
            Ok(index) => Ok(index),
            Err(reason) => {
                tracing::info!(dir = %dir.display(), %reason, "rebuilding the search index");
                SearchIndex::rebuild(dir, store, expected, progress)
            }
        }
    }

    /// The cache generation this index reflects.
    pub fn generation(&self) -> u64 {
        self.stamp.generation
    }

    /// Whether [`SearchIndex::open_or_build`] had to rebuild.
    pub fn was_rebuilt(&self) -> bool {
        self.rebuilt
    }

    /// Number of documents (products + contract ids).
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, IndexError> {
        let terms: Vec<(String, bool)> = self
            .analyse(&q.text)
            .into_iter()
            .map(|term| {
                let in_names = self.name_has(&term);
                (term, in_names)
            })
            .collect();
        let prepared = search::prepare(&self.fields, q, terms);
        search::execute(
            &self.searcher,
            &self.fields,
            &self.values,
            &prepared,
            q.limit,
        )
    }

    /// Whether some name contains `term` as a word. A term that does is not
    /// expanded to its typo neighbours: the expansion walks much of the term
    /// dictionary and, for a correctly spelled word, only adds near-misses.
    fn name_has(&self, term: &str) -> bool {
        self.searcher.segment_readers().iter().any(|segment| {
            segment
                .inverted_index(self.fields.name)
                .ok()
                .and_then(|index| index.terms().get(term.as_bytes()).ok().flatten())
                .is_some()
        })
    }

    /// The distinct lowercased words of the text, as the name field indexes them.
    fn analyse(&self, text: &str) -> Vec<String> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut terms: Vec<String> = Vec::new();
        while stream.advance() {
            let term = &stream.token().text;
            if !terms.contains(term) {
                terms.push(term.clone());
            }
        }
        terms
    }

    pub(crate) fn open_valid(dir: &Path, expected: &Stamp) -> Result<SearchIndex, String> {
        match Stamp::read(dir) {
            Some(stamp) if stamp == *expected => {}
            Some(stamp) => return Err(format!("stale: built from {stamp:?}")),
            None => return Err("no readable stamp".to_owned()),
        }
        let index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
        let corrupted = index.validate_checksum().map_err(|e| e.to_string())?;
        if !corrupted.is_empty() {
            return Err(format!("corrupt files: {corrupted:?}"));
        }
        SearchIndex::from_index(&index, expected.clone(), false).map_err(|e| e.to_string())
    }

    fn from_index(index: &Index, stamp: Stamp, rebuilt: bool) -> Result<SearchIndex, IndexError> {
        let fields = schema::fields_of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // The index never changes once built: one searcher serves every query.
        let searcher = reader.searcher();
        let values = Arc::new(DocValues::read(&searcher)?);
        let analyzer = index.tokenizer_for_field(fields.name)?;
        Ok(SearchIndex {
            searcher,
            values,
            fields,
            analyzer,
            stamp,
            rebuilt,
        })
    }

    fn rebuild(
        dir: &Path,
        store: &Store,
        stamp: Stamp,
        progress: &mut dyn FnMut(BuildProgress),
    ) -> Result<SearchIndex, IndexError> {
        let building = sibling(dir, &format!("building-{}", std::process::id()));
        remove_dir_if_present(&building)?;
        create_dir(&building)?;
        let built = build::build_into(&building, store, progress);
        if let Err(error) = built {
            let _ = std::fs::remove_dir_all(&building);
            return Err(error);
        }
        stamp
            .write(&building)
            .map_err(|source| write_error(&building, source))?;
        replace_dir(&building, dir)?;
        let index = Index::open_in_dir(dir)?;
        SearchIndex::from_index(&index, stamp, true)
    }
}

fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".to_owned());
    dir.with_file_name(format!("{name}.{suffix}"))
}

fn write_error(path: &Path, source: std::io::Error) -> IndexError {
    IndexError::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn create_dir(path: &Path) -> Result<(), IndexError> {
    std::fs::create_dir_all(path).map_err(|source| write_error(path, source))
}

fn remove_dir_if_present(path: &Path) -> Result<(), IndexError> {
    match std::fs::remove_dir_all(path) {
        Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
            Err(write_error(path, source))
        }
        _ => Ok(()),
    }
}

/// Moves the finished build to `dir`, replacing what was there. A crash in
/// between leaves no index at `dir` (rebuilt next time), never a half one.
fn replace_dir(built: &Path, dir: &Path) -> Result<(), IndexError> {
    if dir.exists() {
        let old = sibling(dir, &format!("old-{}", std::process::id()));
        remove_dir_if_present(&old)?;
        std::fs::rename(dir, &old).map_err(|source| write_error(dir, source))?;
        std::fs::rename(built, dir).map_err(|source| write_error(dir, source))?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    } else {
        std::fs::rename(built, dir).map_err(|source| write_error(dir, source))
    }
}

/// Removes `<dir>.building-PID` / `<dir>.old-PID` left by killed
/// processes: those whose process is gone, and any older than an hour.
fn remove_abandoned_builds(dir: &Path) {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return;
    };
    let prefixes = [
        format!("{}.building-", name.to_string_lossy()),
        format!("{}.old-", name.to_string_lossy()),
    ];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes
            .iter()
            .find_map(|prefix| file_name.strip_prefix(prefix.as_str()))
        else {
            continue;
        };
        let owner_gone = pid
            .parse::<u32>()
            .map_or(true, |pid| !crate::store::process_is_running(pid));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > ABANDONED_BUILD_AGE);
        if owner_gone || old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests;

/// [`SearchIndex::open_valid`], with tantivy's panics on garbled files (it
/// trusts its own footers) turned into "corrupt": the index is then rebuilt.
/// The panic's message is silenced: the rebuild is the whole story.
fn open_guarded(dir: &Path, expected: &Stamp) -> Result<SearchIndex, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let opened = std::panic::catch_unwind(|| SearchIndex::open_valid(dir, expected));
    std::panic::set_hook(hook);
    opened.unwrap_or_else(|_| Err("corrupt: the index files could not be read".to_owned()))
}
