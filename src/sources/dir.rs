//! A catalogue folder: ODPS, ODCS and OpenLineage files found recursively by
//! their content. Files are parsed in parallel in path order, a chunk at a time,
//! so memory stays bounded and the load order (which decides duplicates) is stable.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Loaded, Previous, Sink, Source, SourceError};
use crate::model::LoadIssue;
use crate::standards::{self, Parsed};

/// At most this many files, or this many bytes, are parsed in parallel
/// before their records go to the sink: memory stays bounded however large
/// the folder (a chunk's text and parsed records are held at once).
const CHUNK_FILES: usize = 512;
const CHUNK_BYTES: u64 = 24 * 1024 * 1024;

pub struct DirSource {
    name: String,
    root: PathBuf,
}

impl DirSource {
    pub fn new(name: impl Into<String>, root: impl Into<PathBuf>) -> Self {
        DirSource {
            name: name.into(),
            root: root.into(),
        }
    }

    fn files(&self) -> Result<Vec<(PathBuf, u64)>, SourceError> {
        if self.root.exists() && !self.root.is_dir() {
            return Err(SourceError::Unreadable {
                path: self.root.clone(),
                reason: "it is a file, not a folder".to_string(),
            });
        }
        if !self.root.is_dir() {
            return Err(SourceError::Missing {
                path: self.root.clone(),
            });
        }
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&self.root).follow_links(false) {
            let entry = entry.map_err(|e| SourceError::Unreadable {
                path: e.path().unwrap_or(&self.root).to_path_buf(),
                reason: e.to_string(),
            })?;
            if entry.file_type().is_file() && !is_hidden(entry.path(), &self.root) {
                let size = entry.metadata().map_or(0, |m| m.len());
                files.push((entry.into_path(), size));
            }
        }
        files.sort();
        Ok(files)
    }
}

/// Splits the sorted file list into runs of at most CHUNK_FILES files and
/// CHUNK_BYTES bytes (a single larger file is a chunk of its own).
fn chunks(files: &[(PathBuf, u64)]) -> impl Iterator<Item = &[(PathBuf, u64)]> {
    let mut rest = files;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut bytes = 0;
        let mut end = 0;
        while end < rest.len()
            && end < CHUNK_FILES
            && (end == 0 || bytes + rest[end].1 <= CHUNK_BYTES)
        {
            bytes += rest[end].1;
            end += 1;
        }
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(chunk)
    })
}

fn is_hidden(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

impl Source for DirSource {
    fn name(&self) -> &str {
        &self.name
    }

    fn kind(&self) -> &'static str {
        "dir"
    }

    fn location(&self) -> String {
        self.root.display().to_string()
    }

    fn access_target(&self) -> super::AccessTarget<'_> {
        super::AccessTarget::Folder(&self.root)
    }

    fn load(&self, _previous: &Previous, sink: &mut Sink<'_>) -> Result<(), SourceError> {
        let files = self.files()?;
        // Parsing (rayon, all cores) runs one chunk ahead of the sink (the
        // cache writer, this thread), so neither waits for the other.
        let (parsed_tx, parsed_rx) = std::sync::mpsc::sync_channel(1);
        let files = &files;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for chunk in chunks(files) {
                    let parsed: Vec<_> = chunk
                        .par_iter()
                        .map(|(path, _)| (path.as_path(), standards::parse_file(path)))
                        .collect();
                    if parsed_tx.send(parsed).is_err() {
                        return; // the sink failed; stop parsing
                    }
                }
            });
            for parsed in parsed_rx {
                for (path, outcome) in parsed {
                    emit(&self.name, path, outcome, sink)?;
                }
            }
            Ok(())
        })
    }
}

/// Sends one file's outcome to the sink: its records, then its problems.
pub(super) fn emit(
    source: &str,
    path: &Path,
    outcome: Result<Parsed, standards::ParseError>,
    sink: &mut Sink<'_>,
) -> Result<(), SourceError> {
    match outcome {
        Ok(Parsed::Skipped) => Ok(()),
        Ok(Parsed::Records { records, errors }) => {
            for record in records {
                sink(Loaded::Record(record, path.to_path_buf()))?;
            }
            for error in errors {
                sink(Loaded::Issue(error.into_issue(source)))?;
            }
            Ok(())
        }
        Err(error) => sink(Loaded::Issue(error.into_issue(source))),
    }
}

impl From<LoadIssue> for Loaded {
    fn from(issue: LoadIssue) -> Self {
        Loaded::Issue(issue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(list: &[u64]) -> Vec<(PathBuf, u64)> {
        list.iter()
            .enumerate()
            .map(|(i, s)| (PathBuf::from(i.to_string()), *s))
            .collect()
    }

    #[test]
    fn chunks_respect_the_byte_budget_and_keep_order() {
        let mb = 1024 * 1024;
        let files = sizes(&[10 * mb, 10 * mb, 10 * mb, 100 * mb, 1]);
        let lens: Vec<usize> = chunks(&files).map(<[_]>::len).collect();
        assert_eq!(lens, [2, 1, 1, 1]);
        let flat: Vec<_> = chunks(&files).flatten().cloned().collect();
        assert_eq!(flat, files);
    }

    #[test]
    fn chunks_respect_the_file_budget() {
        let files = sizes(&vec![1; CHUNK_FILES * 2 + 1]);
        let lens: Vec<usize> = chunks(&files).map(<[_]>::len).collect();
        assert_eq!(lens, [CHUNK_FILES, CHUNK_FILES, 1]);
    }
}
