//! Facet counts over every match of a query (not just the page shown).

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentReader};

use super::doc_values::{DocValues, SegmentValues};

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

/// Counts the facet values of every matching document.
pub(crate) struct FacetCounter {
    pub values: Arc<DocValues>,
}

pub(crate) struct SegmentFacetCounter {
    values: Arc<SegmentValues>,
    /// Per facet column, a count per value ordinal of the segment.
    counts: [Vec<u64>; 5],
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
        let values = self.values.segment(segment)?;
        let counts = std::array::from_fn(|i| vec![0; values.facets[i].values.len()]);
        Ok(SegmentFacetCounter { values, counts })
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
        for (column, counts) in self.values.facets.iter().zip(&mut self.counts) {
            for &ord in column.ords(doc) {
                if let Some(count) = counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn harvest(self) -> FieldCounts {
        let mut out: FieldCounts = Default::default();
        for ((column, counts), into) in self.values.facets.iter().zip(self.counts).zip(&mut out) {
            for (ord, count) in counts.into_iter().enumerate().filter(|(_, c)| *c > 0) {
                if let Some(value) = column.values.get(ord) {
                    into.insert(value.clone(), count);
                }
            }
        }
        out
    }
}
