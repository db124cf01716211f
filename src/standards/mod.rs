//! Temporary stub with the agreed API; replaced by the standards branch.
use std::path::{Path, PathBuf};

use crate::model::{LoadIssue, Record};

pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug)]
pub struct ParseError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl ParseError {
    pub fn into_issue(self, source: &str) -> LoadIssue {
        LoadIssue { source: source.to_string(), path: self.path, line: self.line, column: self.column, message: self.message }
    }
}

pub enum Parsed {
    Skipped,
    Records { records: Vec<Record>, errors: Vec<ParseError> },
}

pub fn parse_file(path: &Path) -> Result<Parsed, ParseError> {
    let bytes = std::fs::read(path).map_err(|e| ParseError { path: path.into(), line: None, column: None, message: e.to_string() })?;
    parse_bytes(path, &bytes)
}

pub fn parse_bytes(_path: &Path, _bytes: &[u8]) -> Result<Parsed, ParseError> {
    Ok(Parsed::Skipped)
}
