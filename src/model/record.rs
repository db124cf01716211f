use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{Contract, LineageEvent, Product};

/// The name a source is known by (`--catalog` path or `[[source]] name`).
pub type SourceId = String;

/// Which standard a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Product,
    Contract,
    LineageEvent,
}

/// One normalised record, as a source yields it.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Product(Box<Product>),
    Contract(Box<Contract>),
    LineageEvent(Box<LineageEvent>),
}

/// A file a source could not load, with where and why. The rest of the
/// catalogue loads regardless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadIssue {
    pub source: SourceId,
    pub path: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub message: String,
}

/// Where a loaded file breaks the official schema of its standard. The file
/// is loaded regardless (loading is lenient); `meshlens info` lists these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecViolation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// An error of the schema, or a warning (a newer version checked
    /// against an older schema, a document too deep to check).
    pub warning_only: bool,
    pub message: String,
}

impl std::fmt::Display for LoadIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = FileLocation::new(&self.path, self.line, self.column);
        write!(f, "{at}: {}", self.message)
    }
}

impl RecordKind {
    /// "data product", "data contract", "OpenLineage event".
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Product => "data product",
            RecordKind::Contract => "data contract",
            RecordKind::LineageEvent => "OpenLineage event",
        }
    }
}

impl Record {
    /// A product or contract whose id is empty: it cannot be told apart
    /// from another, so it is never stored.
    pub fn lacks_id(&self) -> bool {
        match self {
            Record::Product(product) => product.id.trim().is_empty(),
            Record::Contract(contract) => contract.id.trim().is_empty(),
            Record::LineageEvent(_) => false,
        }
    }

    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Product(_) => RecordKind::Product,
            Record::Contract(_) => RecordKind::Contract,
            Record::LineageEvent(_) => RecordKind::LineageEvent,
        }
    }
}

/// `path`, `path:line` or `path:line:column`, as compilers print a place.
#[derive(Debug, Clone, Copy)]
pub struct FileLocation<'a> {
    path: &'a std::path::Path,
    line: Option<usize>,
    column: Option<usize>,
}

impl<'a> FileLocation<'a> {
    pub fn new(path: &'a std::path::Path, line: Option<usize>, column: Option<usize>) -> Self {
        FileLocation { path, line, column }
    }
}

impl std::fmt::Display for FileLocation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}
