//! Per-document facet values and name ranks, decoded once when the index is
//! opened into plain arrays, so that counting facets over 100k matches and
//! breaking score ties by name cost an array lookup per document.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use super::schema::{DOMAIN, KIND, NAME_SORT, STATUS, TAGS, TEAM};

/// Facet columns in the order of [`super::Facets`]' fields.
pub(crate) const FACET_COLUMNS: [&str; 5] = [DOMAIN, TEAM, TAGS, STATUS, KIND];

/// Marks a document without a value.
const NONE: u32 = u32::MAX;

/// One facet column of one segment: values per document (CSR) and the
/// dictionary of values.
#[derive(Debug, Default)]
pub(crate) struct FacetColumn {
    /// Document `d` has the value ordinals `ords[starts[d]..starts[d + 1]]`.
    starts: Vec<u32>,
    ords: Vec<u32>,
    pub values: Vec<String>,
}

impl FacetColumn {
    fn read(column: Option<StrColumn>, max_doc: DocId) -> std::io::Result<FacetColumn> {
        let Some(column) = column else {
            return Ok(FacetColumn {
                starts: vec![0; max_doc as usize + 1],
                ..FacetColumn::default()
            });
        };
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::with_capacity(max_doc as usize);
        starts.push(0);
        for doc in 0..max_doc {
            ords.extend(column.term_ords(doc).map(|ord| ord as u32));
            starts.push(ords.len() as u32);
        }
        let mut values = Vec::with_capacity(column.num_terms());
        for ord in 0..column.num_terms() as u64 {
            let mut value = String::new();
            column.ord_to_str(ord, &mut value)?;
            values.push(value);
        }
        Ok(FacetColumn {
            starts,
            ords,
            values,
        })
    }

    pub fn ords(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&start), Some(&end)) => &self.ords[start as usize..end as usize],
            _ => &[],
        }
    }
}

/// The decoded columns of one segment.
#[derive(Debug)]
pub(crate) struct SegmentValues {
    pub facets: [FacetColumn; 5],
    /// Rank of the document's lowercased name; equal names share a rank.
    name_rank: Vec<u32>,
}

impl SegmentValues {
    fn read(segment: &SegmentReader) -> tantivy::Result<SegmentValues> {
        let max_doc = segment.max_doc();
        let fast = segment.fast_fields();
        let mut facets: [FacetColumn; 5] = Default::default();
        for (slot, name) in facets.iter_mut().zip(FACET_COLUMNS) {
            *slot = FacetColumn::read(fast.str(name)?, max_doc)?;
        }
        let names = fast.str(NAME_SORT)?;
        let name_rank = (0..max_doc)
            .map(|doc| {
                names
                    .as_ref()
                    .and_then(|column| column.term_ords(doc).next())
                    .map_or(NONE, |ord| ord as u32)
            })
            .collect();
        Ok(SegmentValues { facets, name_rank })
    }

    pub fn name_rank(&self, doc: DocId) -> u32 {
        self.name_rank.get(doc as usize).copied().unwrap_or(NONE)
    }
}

/// The decoded columns of every segment of a searcher.
///
/// Name ranks are segment-local ordinals: builds merge the index into one
/// segment, where they are a global name order.
#[derive(Debug, Default)]
pub(crate) struct DocValues {
    segments: HashMap<SegmentId, Arc<SegmentValues>>,
}

impl DocValues {
    pub fn read(searcher: &Searcher) -> tantivy::Result<DocValues> {
        let mut segments = HashMap::new();
        for segment in searcher.segment_readers() {
            segments.insert(
                segment.segment_id(),
                Arc::new(SegmentValues::read(segment)?),
            );
        }
        Ok(DocValues { segments })
    }

    pub fn segment(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentValues>> {
        self.segments
            .get(&segment.segment_id())
            .cloned()
            .ok_or_else(|| {
                tantivy::TantivyError::InternalError(format!(
                    "no decoded values for segment {}",
                    segment.segment_id().short_uuid_string()
                ))
            })
    }
}
