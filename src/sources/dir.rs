//! A catalogue folder: ODPS, ODCS and OpenLineage files found recursively by
//! their content. Files are parsed in parallel in path order, a chunk at a time,
//! so memory stays bounded and the load order (which decides duplicates) is stable.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Loaded, Sink, Source, SourceError};
use crate::model::LoadIssue;
use crate::standards::{self, Parsed};

/// Files parsed in parallel before their records go to the sink.
const CHUNK: usize = 512;

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

    fn files(&self) -> Result<Vec<PathBuf>, SourceError> {
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
                files.push(entry.into_path());
            }
        }
        files.sort();
        Ok(files)
    }
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

    fn load(&self, sink: &mut Sink<'_>) -> Result<(), SourceError> {
        let files = self.files()?;
        // Parsing (rayon, all cores) runs one chunk ahead of the sink (the
        // cache writer, this thread), so neither waits for the other.
        let (parsed_tx, parsed_rx) = std::sync::mpsc::sync_channel(1);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for chunk in files.chunks(CHUNK) {
                    let parsed: Vec<_> = chunk.par_iter().map(|p| standards::parse_file(p)).collect();
                    if parsed_tx.send(parsed).is_err() {
                        return; // the sink failed; stop parsing
                    }
                }
            });
            for parsed in parsed_rx {
                for outcome in parsed {
                    emit(&self.name, outcome, sink)?;
                }
            }
            Ok(())
        })
    }
}

/// Sends one file's outcome to the sink: its records, then its problems.
pub(super) fn emit(
    source: &str,
    outcome: Result<Parsed, standards::ParseError>,
    sink: &mut Sink<'_>,
) -> Result<(), SourceError> {
    match outcome {
        Ok(Parsed::Skipped) => Ok(()),
        Ok(Parsed::Records { records, errors }) => {
            for record in records {
                sink(Loaded::Record(record))?;
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
