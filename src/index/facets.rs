//! Facet counts over every match of a query (not just the page shown).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentReader};

use super::schema::{DOMAIN, KIND, STATUS, TAGS, TEAM};

/// Value → number of matching documents, sorted by count (desc), then value.
/// In JSON each facet is a list of `{"value": ..., "count": ...}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    #[serde(with = "value_counts")]
    pub domain: Vec<(String, u64)>,
    #[serde(with = "value_counts")]
    pub team: Vec<(String, u64)>,
    #[serde(with = "value_counts")]
    pub tag: Vec<(String, u64)>,
    #[serde(with = "value_counts")]
    pub status: Vec<(String, u64)>,
    #[serde(with = "value_counts")]
    pub kind: Vec<(String, u64)>,
}

mod value_counts {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct ValueCount {
        value: String,
        count: u64,
    }

    pub fn serialize<S: Serializer>(pairs: &[(String, u64)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(pairs.iter().map(|(value, count)| ValueCount {
            value: value.clone(),
            count: *count,
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, u64)>, D::Error> {
        let items = Vec::<ValueCount>::deserialize(d)?;
        Ok(items.into_iter().map(|v| (v.value, v.count)).collect())
    }
}

const FACET_FIELDS: [&str; 5] = [DOMAIN, TEAM, TAGS, STATUS, KIND];

/// Counts the values of the facet columns of every matching document.
pub(crate) struct FacetCounter;

pub(crate) struct SegmentFacetCounter {
    columns: Vec<Option<StrColumn>>,
    /// Per facet field, a count per term ordinal of the segment dictionary.
    counts: Vec<Vec<u64>>,
}

type FieldCounts = [HashMap<String, u64>; 5];

impl Collector for FacetCounter {
    type Fruit = Facets;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment_local_id: u32,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let mut columns = Vec::with_capacity(FACET_FIELDS.len());
        let mut counts = Vec::with_capacity(FACET_FIELDS.len());
        for field in FACET_FIELDS {
            let column = segment.fast_fields().str(field)?;
            counts.push(vec![
                0;
                column.as_ref().map_or(0, |column| column.num_terms())
            ]);
            columns.push(column);
        }
        Ok(SegmentFacetCounter { columns, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FieldCounts>) -> tantivy::Result<Facets> {
        let mut total: FieldCounts = Default::default();
        for fruit in fruits {
            for (into, from) in total.iter_mut().zip(fruit) {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        let [domain, team, tag, status, kind] = total.map(sorted);
        Ok(Facets {
            domain,
            team,
            tag,
            status,
            kind,
        })
    }
}

fn sorted(counts: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut list: Vec<(String, u64)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = FieldCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter().zip(&mut self.counts) {
            if let Some(column) = column {
                for ord in column.term_ords(doc) {
                    if let Some(count) = counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> FieldCounts {
        let mut out: FieldCounts = Default::default();
        let mut value = String::new();
        for ((column, counts), into) in self.columns.iter().zip(self.counts).zip(&mut out) {
            let Some(column) = column else { continue };
            for (ord, count) in counts.into_iter().enumerate().filter(|(_, c)| *c > 0) {
                value.clear();
                if column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                    into.insert(value.clone(), count);
                }
            }
        }
        out
    }
}
