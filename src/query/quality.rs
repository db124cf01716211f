//! Quality and health from derived state: each product's quality state,
//! lineage facts and blast radius are computed once per cache generation
//! ([`ensure_derived`], after a sync or by the first reader) and stored;
//! `meshlens quality ID` then reads one row and `meshlens health` one pass
//! of small rows. What depends on the clock (staleness, how long a check
//! has failed) is computed when asked, from stored timestamps.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::lineage::{Level, Lineage, ProductInfo};
use crate::quality::{Health, HealthQuery, ProductQuality, ProductState, Quality, judge, ranked};
use crate::store::{DerivedRow, Store, StoreError};

/// What the health view reports beside the products.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Extra {
    unmapped: Vec<String>,
    future_events: usize,
}

/// Computes and stores the derived state unless it is from the current
/// generation already; whether it did. A whole-catalogue pass: every
/// product's state depends on run events anywhere in the mesh.
pub fn ensure_derived(store: &mut Store, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let generation = store.generation()?;
    if store.derived_generation()? == Some(generation) {
        return Ok(false);
    }
    let lineage = Lineage::from_store(store)?;
    let quality = Quality::from_store(store, &lineage, now)?;
    let graph = lineage.graph(Level::Product);
    let counts = lineage.downstream_of_all();
    // The history apart: the health view reads every state, never a history.
    let states: Vec<ProductState> = quality
        .states()
        .iter()
        .map(|state| ProductState {
            history: Vec::new(),
            ..state.clone()
        })
        .collect();
    let rows = lineage
        .products()
        .iter()
        .zip(&states)
        .zip(quality.states())
        .map(|((info, state), full)| {
            let node = graph.find(&info.id).unwrap_or(u32::MAX);
            DerivedRow {
                id: &info.id,
                domain: info.domain.as_deref(),
                info: &**info,
                state,
                history: &full.history,
                downstream: counts.get(node as usize).copied().unwrap_or(0),
            }
        });
    let extra = Extra {
        unmapped: quality.unmapped().to_vec(),
        future_events: quality.future_events(),
    };
    store.replace_derived(generation, rows, &extra)?;
    Ok(true)
}

/// Reads derived state, computed first when stale or missing, and computed
/// again once when what is stored cannot be decoded.
fn read_derived<T>(
    store: &mut Store,
    now: DateTime<Utc>,
    read: impl Fn(&Store) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    ensure_derived(store, now)?;
    match read(store) {
        Err(StoreError::Json(_) | StoreError::Compression(_)) => {
            store.forget_derived()?;
            ensure_derived(store, now)?;
            read(store)
        }
        other => other,
    }
}

/// The quality of product `id` (an id) as of `now`.
pub fn product_quality(
    store: &mut Store,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<ProductQuality>, StoreError> {
    read_derived(store, now, |store| {
        let Some((info, mut state, _)) = store.derived_product::<ProductInfo, ProductState>(id)?
        else {
            return Ok(None);
        };
        state.history = store.derived_history(id)?.unwrap_or_default();
        Ok(Some(ProductQuality::of(info, &state, now)))
    })
}

/// Every product breaching something at `query.now`, highest rank first.
pub fn health(store: &mut Store, query: &HealthQuery) -> Result<Health, StoreError> {
    read_derived(store, query.now, |store| read_health(store, query))
}

fn read_health(store: &Store, query: &HealthQuery) -> Result<Health, StoreError> {
    let mut breaches = Vec::new();
    store.for_each_derived(
        query.domain.as_deref(),
        |info: ProductInfo, state: ProductState, downstream| {
            breaches.extend(judge(Arc::new(info), &state, query.now, downstream));
        },
    )?;
    let extra: Extra = store.derived_extra()?;
    Ok(Health {
        at: query.now,
        products: store.derived_count(query.domain.as_deref())?,
        breaches: ranked(breaches),
        unmapped: extra.unmapped,
        future_events: extra.future_events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::EmbeddedDemo;
    use crate::sources::sync::sync_sources;

    fn demo() -> Store {
        crate::sources::demo_store()
    }

    fn now() -> DateTime<Utc> {
        "2026-11-25T12:00:00Z".parse().unwrap()
    }

    fn query(domain: Option<&str>) -> HealthQuery {
        HealthQuery {
            now: now(),
            domain: domain.map(str::to_owned),
        }
    }

    /// What the derived rows answer is what the whole-catalogue
    /// computation answers, for every product and the health view.
    #[test]
    fn derived_answers_equal_the_whole_catalogue_computation() {
        let mut store = demo();
        let lineage = Lineage::from_store(&store).unwrap();
        let quality = Quality::from_store(&store, &lineage, now()).unwrap();
        for info in lineage.products() {
            assert_eq!(
                product_quality(&mut store, &info.id, now()).unwrap(),
                quality.product(&lineage, &info.id, now()),
                "{}",
                info.id
            );
        }
        for domain in [None, Some("sales"), Some("SALES"), Some("nowhere")] {
            let derived = health(&mut store, &query(domain)).unwrap();
            assert_eq!(
                derived,
                quality.health(&lineage, &query(domain)),
                "{domain:?}"
            );
        }
        let all = health(&mut store, &query(None)).unwrap();
        assert_eq!(all.products, 49);
        assert!(all.breaches.len() > 10, "{}", all.breaches.len());
    }

    #[test]
    fn derived_state_is_rebuilt_when_missing_stale_or_corrupt() {
        let mut store = demo();
        assert!(ensure_derived(&mut store, now()).unwrap(), "first use");
        assert!(!ensure_derived(&mut store, now()).unwrap(), "current");
        let expected = health(&mut store, &query(None)).unwrap();

        store.forget_derived().unwrap();
        assert!(ensure_derived(&mut store, now()).unwrap(), "forgotten");

        // A sync moves the generation on: the rows are stale.
        let sources: Vec<Box<dyn crate::sources::Source>> = vec![Box::new(EmbeddedDemo)];
        sync_sources(&mut store, &sources, &mut |_| {}).unwrap();
        assert!(ensure_derived(&mut store, now()).unwrap(), "stale");

        // Rows that cannot be decoded are computed again by the reader.
        store
            .execute_for_test("UPDATE derived_products SET state = X'28B52FFD00000000'")
            .unwrap();
        assert_eq!(health(&mut store, &query(None)).unwrap(), expected);
        store
            .execute_for_test("DELETE FROM derived_products")
            .unwrap();
        store.forget_derived().unwrap();
        assert_eq!(
            product_quality(&mut store, "sales-orders-cleansed", now())
                .unwrap()
                .map(|q| q.product.id),
            Some("sales-orders-cleansed".to_owned())
        );
    }
}
