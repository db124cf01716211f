//! Quality for the explorer: built once per cache generation after the
//! lineage (it maps run datasets to products through it), then asked per
//! product (Quality tab), for the health view and for node colours.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Backend, Shared, poisoned};
use crate::lineage::{Impact, Lineage};
use crate::quality::{Health, HealthQuery, ProductQuality, Quality};
use crate::store::Store;

impl Backend {
    pub(super) fn quality_index(&self, now: DateTime<Utc>) -> Shared<(Arc<Lineage>, Arc<Quality>)> {
        let lineage = self.lineage_graph()?;
        let generation = self.generation()?;
        let mut cached = self.quality.lock().map_err(poisoned)?;
        if let Some((built, quality)) = cached.as_ref()
            && *built == generation
        {
            return Ok((lineage, quality.clone()));
        }
        let quality = match &self.db_path {
            Some(path) => {
                Store::open(path).and_then(|store| Quality::from_store(&store, &lineage, now))
            }
            None => Quality::from_store(&*self.store.lock().map_err(poisoned)?, &lineage, now),
        }
        .map_err(|e| format!("cannot read the quality results: {e}"))?;
        // Blast radii for the health view, while still in the background.
        lineage.downstream_of_all();
        let quality = Arc::new(quality);
        *cached = Some((generation, quality.clone()));
        Ok((lineage, quality))
    }

    pub(super) fn product_quality(
        &self,
        id: &str,
        now: DateTime<Utc>,
    ) -> Shared<Option<ProductQuality>> {
        let (lineage, quality) = self.quality_index(now)?;
        Ok(quality.product(&lineage, id, now))
    }

    pub(super) fn health(&self, now: DateTime<Utc>) -> Shared<Health> {
        let (lineage, quality) = self.quality_index(now)?;
        Ok(quality.health(&lineage, &HealthQuery { now, domain: None }))
    }

    pub(super) fn impact_with_health(
        &self,
        id: &str,
        depth: u32,
        now: DateTime<Utc>,
    ) -> Shared<Option<Impact>> {
        let (lineage, quality) = self.quality_index(now)?;
        let Some(mut impact) = lineage.impact(id, depth) else {
            return Ok(None);
        };
        quality.fill_health(&mut impact, now);
        Ok(Some(impact))
    }
}
