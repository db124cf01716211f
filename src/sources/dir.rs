//! A catalogue folder: ODPS, ODCS and OpenLineage files found recursively by
//! their content. Files are parsed in parallel in path order, a chunk at a time,
//! so memory stays bounded and the load order (which decides duplicates) is stable.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Loaded, Previous, Sink, Source, SourceError, fingerprint};
use crate::model::{LoadIssue, SpecViolation};
use crate::standards::validate::Schemas;
use crate::standards::{self, Parsed};

/// At most this many files, or this many bytes, are parsed in parallel
/// before their records go to the sink: memory stays bounded however large
/// the folder (a chunk's text and parsed records are held at once).
const CHUNK_FILES: usize = 512;
const CHUNK_BYTES: u64 = 24 * 1024 * 1024;

pub struct DirSource {
    name: String,
    root: PathBuf,
    /// Walk hidden folders and files (`.git`, `.venv`, …) too.
    include_hidden: bool,
    /// What each file is checked against.
    schemas: Arc<Schemas>,
}

/// A file's records, and its schema check with the fingerprint of its content.
pub(super) struct ReadFile {
    pub parsed: Result<Parsed, standards::ParseError>,
    pub check: Option<(u64, Vec<SpecViolation>)>,
}

/// The files of a folder, and what could not be read on the way.
type Walked = (Vec<(PathBuf, u64)>, Vec<LoadIssue>);

impl DirSource {
    pub fn new(name: impl Into<String>, root: impl Into<PathBuf>) -> Self {
        DirSource {
            name: name.into(),
            root: root.into(),
            include_hidden: false,
            schemas: Arc::new(Schemas::bundled()),
        }
    }

    /// Files are checked against these schemas (the bundled ones otherwise).
    pub fn with_schemas(mut self, schemas: Arc<Schemas>) -> Self {
        self.schemas = schemas;
        self
    }

    /// Hidden folders and files are read too (`include_hidden = true`).
    pub fn including_hidden(mut self, include: bool) -> Self {
        self.include_hidden = include;
        self
    }

    /// The files to read, in path order. Hidden entries are not walked
    /// (unless asked for); a subfolder or file that cannot be read is a
    /// problem of its own and the rest is read; only an unreadable root
    /// fails the source.
    fn files(&self) -> Result<Walked, SourceError> {
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
        let mut problems = Vec::new();
        let include_hidden = self.include_hidden;
        let walk = walkdir::WalkDir::new(&self.root)
            .follow_links(false)
            .into_iter()
            .filter_entry(|entry| include_hidden || entry.depth() == 0 || !is_hidden(entry));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) if error.depth() == 0 => {
                    return Err(SourceError::Unreadable {
                        path: self.root.clone(),
                        reason: error.to_string(),
                    });
                }
                Err(error) => {
                    problems.push(self.unreadable(&error));
                    continue;
                }
            };
            if entry.file_type().is_file() {
                let size = entry.metadata().map_or(0, |m| m.len());
                files.push((entry.into_path(), size));
            }
        }
        files.sort();
        Ok((files, problems))
    }

    fn unreadable(&self, error: &walkdir::Error) -> LoadIssue {
        let path = error.path().unwrap_or(&self.root).to_path_buf();
        let reason = error
            .io_error()
            .map_or_else(|| error.to_string(), ToString::to_string);
        let what = if path.is_dir() { "folder" } else { "file" };
        LoadIssue {
            source: self.name.clone(),
            path,
            line: None,
            column: None,
            message: format!("cannot read this {what} ({reason}); skipped, the rest was read"),
        }
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

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
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

    fn load(&self, previous: &Previous, sink: &mut Sink<'_>) -> Result<(), SourceError> {
        let (files, problems) = self.files()?;
        for problem in problems {
            sink(Loaded::Issue(problem))?;
        }
        // Parsing (rayon, all cores) runs one chunk ahead of the sink (the
        // cache writer, this thread), so neither waits for the other.
        let (parsed_tx, parsed_rx) = std::sync::mpsc::sync_channel(1);
        let files = &files;
        let checked = &previous.spec_checks;
        let schemas = &*self.schemas;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for chunk in chunks(files) {
                    let parsed: Vec<_> = chunk
                        .par_iter()
                        .map(|(path, _)| (path.as_path(), read_file(path, checked, schemas)))
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

/// Reads and parses one file. Its content is checked against the schema of
/// its standard unless the last sync checked the same content (`checked`),
/// whose verdict is kept; then the fast parse serves.
pub(super) fn read_file(
    path: &Path,
    checked: &HashMap<u64, Vec<SpecViolation>>,
    schemas: &Schemas,
) -> ReadFile {
    match standards::read_capped(path) {
        Ok(bytes) => parse_file_bytes(path, &bytes, checked, schemas),
        Err(error) => ReadFile {
            parsed: Err(error),
            check: None,
        },
    }
}

pub(super) fn parse_file_bytes(
    path: &Path,
    bytes: &[u8],
    checked: &HashMap<u64, Vec<SpecViolation>>,
    schemas: &Schemas,
) -> ReadFile {
    let fingerprint = fingerprint(bytes.iter().copied());
    if let Some(violations) = checked.get(&fingerprint) {
        return ReadFile {
            parsed: standards::parse_bytes(path, bytes),
            check: Some((fingerprint, violations.clone())),
        };
    }
    let file = standards::parse_and_check(path, bytes, schemas);
    ReadFile {
        parsed: file.parsed,
        check: file.violations.map(|violations| (fingerprint, violations)),
    }
}

/// Sends one file's outcome to the sink: its records, its problems, then its
/// schema check.
pub(super) fn emit(
    source: &str,
    path: &Path,
    file: ReadFile,
    sink: &mut Sink<'_>,
) -> Result<(), SourceError> {
    if let Some((fingerprint, violations)) = file.check {
        sink(Loaded::SpecChecked {
            path: path.to_path_buf(),
            fingerprint,
            violations,
        })?;
    }
    match file.parsed {
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

    fn spec_checks_of(source: &DirSource, previous: &Previous) -> Vec<(u64, Vec<SpecViolation>)> {
        let mut checks = Vec::new();
        let mut sink = |loaded: Loaded| {
            if let Loaded::SpecChecked {
                fingerprint,
                violations,
                ..
            } = loaded
            {
                checks.push((fingerprint, violations));
            }
            Ok(())
        };
        source.load(previous, &mut sink).unwrap();
        checks
    }

    #[test]
    fn a_file_checked_before_keeps_its_verdict_and_a_changed_one_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let text = "apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\ncolour: red\n";
        std::fs::write(dir.path().join("c.odcs.yaml"), text).unwrap();
        let source = DirSource::new("d", dir.path());
        let first = spec_checks_of(&source, &Previous::default());
        assert_eq!(first.len(), 1);
        let (fingerprint, violations) = &first[0];
        assert_eq!(*fingerprint, super::fingerprint(text.bytes()));
        assert_eq!(violations.len(), 1);
        assert!(violations[0].message.starts_with("unknown field `colour`"));
        assert_eq!(violations[0].line, Some(6));

        // What the cache remembers for this content is taken as it is.
        let remembered = SpecViolation {
            line: None,
            column: None,
            warning_only: true,
            message: "remembered".to_string(),
        };
        let mut previous = Previous::default();
        previous
            .spec_checks
            .insert(*fingerprint, vec![remembered.clone()]);
        let again = spec_checks_of(&source, &previous);
        assert_eq!(again, [(*fingerprint, vec![remembered])]);

        // Other content is checked again.
        std::fs::write(
            dir.path().join("c.odcs.yaml"),
            text.replace("colour: red\n", ""),
        )
        .unwrap();
        let changed = spec_checks_of(&source, &previous);
        assert_eq!(changed.len(), 1);
        assert_ne!(changed[0].0, *fingerprint);
        assert_eq!(changed[0].1, []);
    }

    #[test]
    fn chunks_respect_the_file_budget() {
        let files = sizes(&vec![1; CHUNK_FILES * 2 + 1]);
        let lens: Vec<usize> = chunks(&files).map(<[_]>::len).collect();
        assert_eq!(lens, [CHUNK_FILES, CHUNK_FILES, 1]);
    }
}
