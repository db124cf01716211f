//! The stamp that says which cache state an index directory was built from.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub(crate) const STAMP_FILE: &str = "meshlens-index.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub schema_version: u32,
    pub cache_id: String,
    pub generation: u64,
}

impl Stamp {
    pub fn read(dir: &Path) -> Option<Stamp> {
        let text = std::fs::read_to_string(dir.join(STAMP_FILE)).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(STAMP_FILE), text)
    }
}
