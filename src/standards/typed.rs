//! Parsed documents → model records. A failed conversion is turned into a
//! located, plain-words error (the only time the source is parsed twice).

use std::path::Path;

use serde::Deserialize;

use super::ParseError;
use super::decode::Doc;
use super::lineage;
use super::locate::locate_in;
use super::shape;
use crate::model::{Contract, Product, Record, RecordKind};

pub(crate) fn to_record(path: &Path, text: &str, doc: &Doc) -> Result<Record, ParseError> {
    let problem = match doc.kind {
        RecordKind::Contract => match Contract::deserialize(&doc.value) {
            Ok(contract) if contract.id.trim().is_empty() => no_id("data contract"),
            Ok(contract) => return Ok(Record::Contract(Box::new(contract))),
            Err(error) => {
                located_problem(shape::contract_problem(&doc.value), "data contract", &error)
            }
        },
        RecordKind::Product => match Product::deserialize(&doc.value) {
            Ok(product) if product.id.trim().is_empty() => no_id("data product"),
            Ok(product) => return Ok(Record::Product(Box::new(product))),
            Err(error) => {
                located_problem(shape::product_problem(&doc.value), "data product", &error)
            }
        },
        RecordKind::LineageEvent => match lineage::to_event(&doc.value) {
            Ok(event) => return Ok(Record::LineageEvent(Box::new(event))),
            Err(problem) => (Some(problem.pointer), problem.message),
        },
    };
    let (pointer, message) = problem;
    let (line, column) = match pointer {
        Some(pointer) => locate_in(text, doc.origin, &pointer),
        None => locate_in(text, doc.origin, ""),
    };
    Err(ParseError::new(path, message).at(line, column))
}

/// A record without an id cannot be told apart from another: refused.
fn no_id(what: &str) -> (Option<String>, String) {
    (
        Some(String::new()),
        format!(
            "the {what} has no `id` (or an empty one); meshlens needs it to tell records apart, so it is not loaded"
        ),
    )
}

/// (pointer, message) of a failed typed conversion; the serde message is the
/// fallback when the shape walk finds nothing.
fn located_problem(
    problem: Option<shape::Problem>,
    what: &str,
    error: &serde_json::Error,
) -> (Option<String>, String) {
    match problem {
        Some(problem) => (Some(problem.pointer), problem.message),
        None => (None, format!("cannot read the {what}: {error}")),
    }
}
