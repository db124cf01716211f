//! `meshlens validate`: parse every file, check it against the bundled JSON
//! schema, and report each finding with file, line and column.

mod schema;
mod versions;

pub use versions::{Schemas, Standard, Substitute, Version};

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::decode::{self, Decoded, Doc, Docs, Format, Origin};
use super::locate::Locations;
use super::{ParseError, read_capped, typed};
use crate::model::{FileLocation, RecordKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub path: PathBuf,
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based.
    pub column: Option<usize>,
    pub severity: Severity,
    /// JSON pointer of the value in the document (empty for the whole file).
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}",
            FileLocation::new(&self.path, self.line, self.column)
        )?;
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.message)
    }
}

impl From<ParseError> for Finding {
    fn from(error: ParseError) -> Self {
        Finding {
            path: error.path,
            line: error.line,
            column: error.column,
            severity: Severity::Error,
            pointer: String::new(),
            message: error.message,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    pub path: PathBuf,
    /// What the file is; `None` when it could not be told.
    pub kind: Option<RecordKind>,
    pub findings: Vec<Finding>,
    /// The schema that checked the file, when it is not the one of the
    /// version the file declares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked_against: Option<CheckedAgainst>,
}

/// A file checked against another version's schema than the one it declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedAgainst {
    /// `ODCS` or `ODPS`.
    pub standard: String,
    pub declared: String,
    pub used: String,
    /// The declared version is newer than any schema at hand (else older,
    /// and its own schema is not at hand).
    pub newer: bool,
}

impl CheckedAgainst {
    fn new(standard: Standard, substitute: &Substitute) -> CheckedAgainst {
        let (declared, used, newer) = match substitute {
            Substitute::Older { declared, used } => (declared, used, false),
            Substitute::Newer { declared, used } => (declared, used, true),
        };
        CheckedAgainst {
            standard: standard.to_string(),
            declared: declared.to_string(),
            used: used.to_string(),
            newer,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ValidationReport {
    pub files: Vec<FileReport>,
}

impl ValidationReport {
    /// No errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.error_count() == 0
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|file| &file.findings)
            .filter(|finding| finding.severity == severity)
            .count()
    }
}

/// Validates files and folders (walked recursively, hidden entries skipped)
/// against the bundled schemas. Files in folders that are not one of the
/// standards are left out of the report; a file named explicitly gets a
/// warning instead.
pub fn validate_paths(paths: &[PathBuf]) -> ValidationReport {
    validate_paths_with(paths, &Schemas::bundled())
}

/// [`validate_paths`] with the schemas at hand: each file is checked against
/// the schema of the version it declares when `schemas` has it.
pub fn validate_paths_with(paths: &[PathBuf], schemas: &Schemas) -> ValidationReport {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walk(path) {
                match entry {
                    Ok(file) => files.extend(validate_file(&file, false, schemas)),
                    Err(report) => files.push(report),
                }
            }
        } else {
            files.extend(validate_file(path, true, schemas));
        }
    }
    ValidationReport { files }
}

/// The files under `root`; a folder that cannot be read is reported.
fn walk(root: &Path) -> impl Iterator<Item = Result<PathBuf, FileReport>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        })
        .filter_map(|entry| match entry {
            Ok(entry) if entry.file_type().is_file() => Some(Ok(entry.into_path())),
            Ok(_) => None,
            Err(error) => {
                let path = error.path().unwrap_or(root).to_path_buf();
                let message = format!("cannot read: {error}");
                let finding = Finding::from(ParseError::new(&path, message));
                Some(Err(FileReport {
                    path,
                    kind: None,
                    findings: vec![finding],
                    checked_against: None,
                }))
            }
        })
}

fn validate_file(path: &Path, explicit: bool, schemas: &Schemas) -> Option<FileReport> {
    let report = |kind, (findings, checked_against)| {
        Some(FileReport {
            path: path.to_path_buf(),
            kind,
            findings,
            checked_against,
        })
    };
    let bytes = match read_capped(path) {
        Ok(bytes) => bytes,
        Err(error) => return report(None, (vec![error.into()], None)),
    };
    match decode::decode(path, &bytes) {
        Err(error) => report(None, (vec![error.into()], None)),
        Ok(Decoded::Skipped) if explicit => report(None, (vec![not_a_standard(path)], None)),
        Ok(Decoded::Skipped) => None,
        Ok(Decoded::Docs(docs)) => {
            let kind = docs.docs.first().map(|doc| doc.kind).or(match docs.format {
                Format::Ndjson => Some(RecordKind::LineageEvent),
                _ => None,
            });
            report(kind, validate_docs(path, docs, schemas))
        }
    }
}

fn not_a_standard(path: &Path) -> Finding {
    Finding {
        path: path.to_path_buf(),
        line: None,
        column: None,
        severity: Severity::Warning,
        pointer: String::new(),
        message: "not a data contract, data product or OpenLineage event; skipped".to_string(),
    }
}

fn validate_docs(
    path: &Path,
    docs: Docs<'_>,
    schemas: &Schemas,
) -> (Vec<Finding>, Option<CheckedAgainst>) {
    let mut findings: Vec<Finding> = docs.errors.into_iter().map(Finding::from).collect();
    let mut checked_against = None;
    let whole_file = (docs.format != Format::Ndjson).then(|| Locations::build(docs.text));
    for doc in &docs.docs {
        let line_map;
        let (locations, prefix, line) = match doc.origin {
            Origin::Whole => (whole_file.as_ref(), String::new(), None),
            Origin::Element(index) => (whole_file.as_ref(), format!("/{index}"), None),
            Origin::Line(number) => {
                line_map = Locations::build(docs.text.lines().nth(number - 1).unwrap_or(""));
                (Some(&line_map), String::new(), Some(number))
            }
        };
        let locate = |pointer: &str| {
            let found = locations.and_then(|l| l.find(&format!("{prefix}{pointer}")));
            (line.or(found.map(|f| f.0)), found.map(|f| f.1))
        };
        let (found, substitute) = doc_findings(path, docs.text, doc, schemas, locate);
        findings.extend(found);
        checked_against = checked_against.or(substitute);
    }
    findings.sort_by_key(|f| (f.line, f.column));
    (findings, checked_against)
}

/// The schema findings of one document, without locations.
pub(crate) fn check_document(
    kind: RecordKind,
    value: &serde_json::Value,
    schemas: &Schemas,
) -> Vec<schema::SchemaFinding> {
    schema::check(kind, value, schemas).findings
}

fn doc_findings(
    path: &Path,
    text: &str,
    doc: &Doc,
    schemas: &Schemas,
    locate: impl Fn(&str) -> (Option<usize>, Option<usize>),
) -> (Vec<Finding>, Option<CheckedAgainst>) {
    let mut findings = Vec::new();
    let checked = schema::check(doc.kind, &doc.value, schemas);
    let checked_against = checked
        .substitute
        .as_ref()
        .map(|(standard, substitute)| CheckedAgainst::new(*standard, substitute));
    let schema_errors = checked
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    for finding in checked.findings {
        let (line, column) = locate(&finding.pointer);
        findings.push(Finding {
            path: path.to_path_buf(),
            line,
            column,
            severity: finding.severity,
            pointer: finding.pointer,
            message: finding.message,
        });
    }
    // The model is more lenient than the schemas; a conversion error the
    // schema did not already explain is still worth reporting.
    if let Err(error) = typed::to_record(path, text, doc)
        && !(schema_errors && findings.iter().any(|f| f.line == error.line))
    {
        findings.push(error.into());
    }
    (findings, checked_against)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn folder_walk_skips_unrelated_files_and_reports_findings() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "README.md", "# hi");
        let contract = write(
            dir.path(),
            "c.odcs.yaml",
            "apiVersion: v3.1.0\nkind: DataContract\nid: c1\nstatus: draft\n",
        );
        let report = validate_paths(&[dir.path().to_path_buf()]);
        assert_eq!(report.files.len(), 1);
        assert_eq!(report.files[0].path, contract);
        assert_eq!(report.files[0].kind, Some(RecordKind::Contract));
        let finding = &report.files[0].findings[0];
        assert_eq!(finding.message, "missing required field `version`");
        assert_eq!((finding.line, finding.column), (Some(1), Some(1)));
        assert!(!report.is_valid());
        assert_eq!(report.error_count(), 1);
    }

    #[test]
    fn explicit_unrelated_file_gets_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let readme = write(dir.path(), "README.md", "# hi");
        let report = validate_paths(&[readme]);
        assert_eq!(report.warning_count(), 1);
        assert!(report.is_valid());
    }

    #[test]
    fn finding_display() {
        let finding = Finding {
            path: PathBuf::from("a.yaml"),
            line: Some(4),
            column: Some(3),
            severity: Severity::Warning,
            pointer: "/x".into(),
            message: "m".into(),
        };
        assert_eq!(finding.to_string(), "a.yaml:4:3: warning: m");
    }
}
