//! Reading ODCS data contracts, ODPS data products and OpenLineage run events
//! from files, with errors that name the file, line and column.
//!
//! Files are recognised by content, not name: a file that is none of the three
//! standards is [`Parsed::Skipped`]. The load path parses each file once; the
//! location map and JSON-schema validation only run for `validate` and to turn
//! a failed typed conversion into a located message.

mod decode;
mod fast;
mod lineage;
mod locate;
mod shape;
mod sniff;
mod spec;
mod typed;
pub mod validate;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::model::{FileLocation, LoadIssue, Record};

pub use spec::{CheckedFile, parse_and_check};
pub use validate::validate_paths;

/// Largest file meshlens reads. Contracts and products are a few KB; the cap
/// keeps a stray dump or an NDJSON log that was never rotated from using
/// hundreds of MB of memory (a YAML document takes ~10x its size as values).
/// Checked on the file's metadata before reading.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A file (or one line of it) that could not be read as a standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub path: PathBuf,
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(path: &Path, message: impl Into<String>) -> Self {
        ParseError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// The error as a load issue of the source `source`.
    pub fn into_issue(self, source: &str) -> LoadIssue {
        LoadIssue {
            source: source.to_string(),
            path: self.path,
            line: self.line,
            column: self.column,
            message: self.message,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = FileLocation::new(&self.path, self.line, self.column);
        write!(f, "{at}: {}", self.message)
    }
}

impl std::error::Error for ParseError {}

/// What a file held.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// Not a data contract, data product or OpenLineage event.
    Skipped,
    /// The records read, and errors of the parts that could not be read (e.g.
    /// bad NDJSON lines while the good lines load).
    Records {
        records: Vec<Record>,
        errors: Vec<ParseError>,
    },
}

/// Reads `path` (refusing files over [`MAX_FILE_BYTES`]) and parses it.
pub fn parse_file(path: &Path) -> Result<Parsed, ParseError> {
    let bytes = read_capped(path)?;
    parse_bytes(path, &bytes)
}

/// Parses the content of a file; `path` is used for messages only (and, for
/// an empty file, its extension decides between error and skip).
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Parsed, ParseError> {
    if let Some(record) = fast::parse(bytes) {
        return Ok(Parsed::Records {
            records: vec![record],
            errors: Vec::new(),
        });
    }
    general_parse(path, bytes)
}

/// [`parse_bytes`] without the fast path.
pub(crate) fn general_parse(path: &Path, bytes: &[u8]) -> Result<Parsed, ParseError> {
    match decode::decode(path, bytes)? {
        decode::Decoded::Skipped => Ok(Parsed::Skipped),
        decode::Decoded::Docs(decoded) => general_records(path, decoded),
    }
}

/// The records of decoded documents.
fn general_records(path: &Path, decoded: decode::Docs<'_>) -> Result<Parsed, ParseError> {
    let mut records = Vec::with_capacity(decoded.docs.len());
    let mut errors = decoded.errors;
    for doc in &decoded.docs {
        match typed::to_record(path, decoded.text, doc) {
            Ok(record) => records.push(record),
            Err(error) => errors.push(error),
        }
    }
    // A file that is one document and failed is an error, not an empty result.
    if decoded.format != decode::Format::Ndjson && records.is_empty() && errors.len() == 1 {
        return Err(errors.remove(0));
    }
    Ok(Parsed::Records { records, errors })
}

/// Reads a file, checking its size before reading and again while reading
/// (a file can grow in between).
pub fn read_capped(path: &Path) -> Result<Vec<u8>, ParseError> {
    let io_error = |e: std::io::Error| ParseError::new(path, format!("cannot read the file: {e}"));
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(path, metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64) -> ParseError {
    ParseError::new(
        path,
        format!(
            "the file is {:.1} MB, larger than the {} MB limit; split it into smaller files",
            size as f64 / (1024.0 * 1024.0),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_path_line_and_column() {
        let error = ParseError::new(Path::new("a/b.yaml"), "boom").at(Some(3), Some(7));
        assert_eq!(error.to_string(), "a/b.yaml:3:7: boom");
        let no_line = ParseError::new(Path::new("a/b.yaml"), "boom");
        assert_eq!(no_line.to_string(), "a/b.yaml: boom");
    }

    #[test]
    fn into_issue_keeps_location() {
        let issue = ParseError::new(Path::new("x.yaml"), "bad")
            .at(Some(2), Some(1))
            .into_issue("demo");
        assert_eq!(issue.source, "demo");
        assert_eq!(issue.line, Some(2));
        assert_eq!(issue.to_string(), "x.yaml:2:1: bad");
    }

    #[test]
    fn oversized_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let error = parse_file(&path).unwrap_err();
        assert!(
            error.message.contains("larger than the 16 MB limit"),
            "{error}"
        );
    }
}
