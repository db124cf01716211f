//! Building a fresh index from the cache into a directory.

use std::collections::HashMap;
use std::path::Path;

use tantivy::{Index, IndexWriter, TantivyDocument};

use super::documents::{column_names_text, contract_text, product_text};
use super::schema::build_schema;
use super::{BuildPhase, BuildProgress, IndexError};
use crate::store::{Store, contract_ids_for_product};

/// Memory the tantivy writer may use before it flushes a segment.
const WRITER_MEMORY_BUDGET: usize = 64 * 1024 * 1024;
/// Progress is reported every this many documents.
const PROGRESS_EVERY: u64 = 1000;

pub(crate) fn build_into(
    dir: &Path,
    store: &Store,
    progress: &mut dyn FnMut(BuildProgress),
) -> Result<Index, IndexError> {
    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(dir, schema)?;
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, WRITER_MEMORY_BUDGET)?;
    let counts = store.counts()?;
    let total = counts.products + counts.contracts;
    let mut done = 0u64;
    let mut failure: Option<IndexError> = None;
    let mut add = |doc: TantivyDocument, phase: BuildPhase| {
        if failure.is_some() {
            return;
        }
        if let Err(error) = writer.add_document(doc) {
            failure = Some(error.into());
        }
        done += 1;
        if done.is_multiple_of(PROGRESS_EVERY) {
            progress(BuildProgress { phase, done, total });
        }
    };
    // Column names per contract id, kept from the contract pass so that the
    // product pass need not read every contract a second time.
    let mut column_names: HashMap<String, String> = HashMap::new();
    store.for_each_newest_contract(|_, contract| {
        column_names.insert(contract.id.clone(), column_names_text(contract));
        add(
            contract_text(contract).into_document(&fields),
            BuildPhase::Contracts,
        );
    })?;
    store.for_each_product(|_, product| {
        let columns = contract_ids_for_product(product)
            .iter()
            .filter_map(|id| column_names.get(id))
            .fold(String::new(), |all, names| all + names);
        add(
            product_text(product, columns).into_document(&fields),
            BuildPhase::Products,
        );
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    progress(BuildProgress {
        phase: BuildPhase::Committing,
        done: total,
        total,
    });
    writer.commit()?;
    // One segment: faster searches, and name ordinals become a global order.
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(index)
}
