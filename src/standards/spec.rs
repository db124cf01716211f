//! The sync's schema check of a catalogue file: the file is parsed once into
//! values, turned into records and checked against the official schema of the
//! version it declares. Loading stays lenient; what breaks the schema is
//! recorded for `meshlens info`. Run only for files whose content the last
//! sync did not check (a fast path skips it for the rest).

use std::path::Path;

use super::decode::{self, Decoded, Format, Origin};
use super::locate::Locations;
use super::validate::{Schemas, Severity, check_document};
use super::{ParseError, Parsed, general_records};
use crate::model::{RecordKind, SpecViolation};

/// A file's records and its schema violations. Lineage events are not
/// checked here (`meshlens validate` does): `violations` is `None` for a file
/// with no contract or product.
pub struct CheckedFile {
    pub parsed: Result<Parsed, ParseError>,
    pub violations: Option<Vec<SpecViolation>>,
}

pub fn parse_and_check(path: &Path, bytes: &[u8], schemas: &Schemas) -> CheckedFile {
    let decoded = match decode::decode(path, bytes) {
        Err(error) => {
            return CheckedFile {
                parsed: Err(error),
                violations: None,
            };
        }
        Ok(Decoded::Skipped) => {
            return CheckedFile {
                parsed: Ok(Parsed::Skipped),
                violations: None,
            };
        }
        Ok(Decoded::Docs(decoded)) => decoded,
    };
    let checked_kinds = |kind| matches!(kind, RecordKind::Contract | RecordKind::Product);
    let violations = (decoded.format != Format::Ndjson
        && decoded.docs.iter().any(|doc| checked_kinds(doc.kind)))
    .then(|| {
        let mut locations = None;
        let mut violations = Vec::new();
        for doc in decoded.docs.iter().filter(|doc| checked_kinds(doc.kind)) {
            let prefix = match doc.origin {
                Origin::Element(index) => format!("/{index}"),
                Origin::Whole | Origin::Line(_) => String::new(),
            };
            for finding in check_document(doc.kind, &doc.value, schemas) {
                let locations = locations.get_or_insert_with(|| Locations::build(decoded.text));
                let at = locations.find(&format!("{prefix}{}", finding.pointer));
                violations.push(SpecViolation {
                    line: at.map(|a| a.0),
                    column: at.map(|a| a.1),
                    warning_only: finding.severity == Severity::Warning,
                    message: finding.message,
                });
            }
        }
        violations
    });
    CheckedFile {
        parsed: general_records(path, decoded),
        violations,
    }
}
