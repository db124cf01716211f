//! Which schema checks a document: the official schema of the version it
//! declares when meshlens has it, bundled (ODCS v3.1.0, ODPS v1.0.0) or in a
//! folder of official schema files the user names (`--schemas`, `schemas` in
//! the config); otherwise the nearest newer one it has, and for a version
//! newer than any it knows, the newest, with a warning.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::Validator;
use serde_json::Value;

use crate::model::RecordKind;

const ODCS_SCHEMA: &str = include_str!("../../../assets/schemas/odcs-json-schema-v3.1.0.json");
const ODPS_SCHEMA: &str = include_str!("../../../assets/schemas/odps-json-schema-v1.0.0.json");
const OPENLINEAGE_SCHEMA: &str = include_str!("../../../assets/schemas/OpenLineage.json");

const ODCS_BUNDLED: Version = Version(3, 1, 0);
const ODPS_BUNDLED: Version = Version(1, 0, 0);

/// A schema ready to check documents, or why it could not be loaded.
pub(crate) type Compiled = Arc<Result<Validator, String>>;

/// The two standards whose files declare an `apiVersion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standard {
    Odcs,
    Odps,
}

impl Standard {
    fn of(kind: RecordKind) -> Option<Standard> {
        match kind {
            RecordKind::Contract => Some(Standard::Odcs),
            RecordKind::Product => Some(Standard::Odps),
            RecordKind::LineageEvent => None,
        }
    }

    fn file_prefix(self) -> &'static str {
        match self {
            Standard::Odcs => "odcs-json-schema-",
            Standard::Odps => "odps-json-schema-",
        }
    }

    fn bundled(self) -> Version {
        match self {
            Standard::Odcs => ODCS_BUNDLED,
            Standard::Odps => ODPS_BUNDLED,
        }
    }
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Standard::Odcs => "ODCS",
            Standard::Odps => "ODPS",
        })
    }
}

/// `v3.0.2` as (3, 0, 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.strip_prefix('v').unwrap_or(text).splitn(3, '.');
        let mut next = || parts.next()?.parse().ok();
        Some(Version(next()?, next()?, next()?))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}.{}", self.0, self.1, self.2)
    }
}

/// What checked a document, when it is not the schema of the version the
/// document declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Substitute {
    /// The declared version is older than the schemas at hand and its own is
    /// not among them.
    Older { declared: Version, used: Version },
    /// The declared version is newer than any meshlens knows.
    Newer { declared: Version, used: Version },
}

/// The schema chosen for one document.
pub(crate) struct Choice {
    pub validator: Compiled,
    pub standard: Option<Standard>,
    pub used: Option<Version>,
    pub substitute: Option<Substitute>,
}

/// The schemas at hand: the bundled ones and any official schema files found
/// in a folder. Each is compiled once, when first needed.
#[derive(Default)]
pub struct Schemas {
    files: BTreeMap<(Standard, Version), PathBuf>,
    compiled: Mutex<HashMap<(Standard, Version), Compiled>>,
}

impl fmt::Debug for Schemas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schemas")
            .field("files", &self.files)
            .finish()
    }
}

impl Schemas {
    /// Only the bundled schemas.
    pub fn bundled() -> Schemas {
        Schemas::default()
    }

    /// The bundled schemas and the official schema files in `folder`
    /// (`odcs-json-schema-v3.0.2.json`, `odps-json-schema-v0.9.0.json`, as the
    /// standards publish them); other files there are ignored.
    pub fn with_folder(folder: &Path) -> std::io::Result<Schemas> {
        let mut schemas = Schemas::bundled();
        schemas.add_folder(folder)?;
        Ok(schemas)
    }

    /// Adds the official schema files in `folder`.
    pub fn add_folder(&mut self, folder: &Path) -> std::io::Result<()> {
        for entry in std::fs::read_dir(folder)? {
            let path = entry?.path();
            if let Some(key) = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(schema_file_key)
            {
                self.files.insert(key, path);
            }
        }
        Ok(())
    }

    /// The versions at hand for `standard`, oldest first.
    pub fn versions(&self, standard: Standard) -> Vec<Version> {
        let mut versions: Vec<Version> = self
            .files
            .keys()
            .filter(|(s, _)| *s == standard)
            .map(|(_, v)| *v)
            .collect();
        versions.push(standard.bundled());
        versions.sort();
        versions.dedup();
        versions
    }

    pub(crate) fn choose(&self, kind: RecordKind, value: &Value) -> Choice {
        let Some(standard) = Standard::of(kind) else {
            return Choice {
                validator: openlineage(),
                standard: None,
                used: None,
                substitute: None,
            };
        };
        let declared = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .and_then(Version::parse);
        let versions = self.versions(standard);
        let newest = versions.last().copied().unwrap_or(standard.bundled());
        let (used, substitute) = match declared {
            Some(declared) if versions.contains(&declared) => (declared, None),
            Some(declared) if declared > newest => (
                newest,
                Some(Substitute::Newer {
                    declared,
                    used: newest,
                }),
            ),
            Some(declared) => {
                // The nearest newer schema of the same major version, which
                // differs least; else the newest.
                let used = versions
                    .iter()
                    .copied()
                    .find(|v| *v > declared && v.0 == declared.0)
                    .unwrap_or(newest);
                (used, Some(Substitute::Older { declared, used }))
            }
            None => (newest, None),
        };
        Choice {
            validator: self.validator(standard, used),
            standard: Some(standard),
            used: Some(used),
            substitute,
        }
    }

    fn validator(&self, standard: Standard, version: Version) -> Compiled {
        if version == standard.bundled() {
            return bundled(standard);
        }
        let Some(path) = self.files.get(&(standard, version)) else {
            return bundled(standard);
        };
        let mut compiled = self
            .compiled
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        compiled
            .entry((standard, version))
            .or_insert_with(|| {
                Arc::new(
                    std::fs::read_to_string(path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))
                        .and_then(|text| compile(&text, false)),
                )
            })
            .clone()
    }
}

/// `odcs-json-schema-v3.0.2.json` → (ODCS, v3.0.2).
fn schema_file_key(name: &str) -> Option<(Standard, Version)> {
    let stem = name.strip_suffix(".json")?;
    [Standard::Odcs, Standard::Odps]
        .into_iter()
        .find_map(|standard| {
            let version = Version::parse(stem.strip_prefix(standard.file_prefix())?)?;
            Some((standard, version))
        })
}

fn bundled(standard: Standard) -> Compiled {
    static ODCS: OnceLock<Compiled> = OnceLock::new();
    static ODPS: OnceLock<Compiled> = OnceLock::new();
    let (cell, source) = match standard {
        Standard::Odcs => (&ODCS, ODCS_SCHEMA),
        Standard::Odps => (&ODPS, ODPS_SCHEMA),
    };
    cell.get_or_init(|| Arc::new(compile(source, false)))
        .clone()
}

fn openlineage() -> Compiled {
    static OPENLINEAGE: OnceLock<Compiled> = OnceLock::new();
    OPENLINEAGE
        .get_or_init(|| Arc::new(compile(OPENLINEAGE_SCHEMA, true)))
        .clone()
}

fn compile(source: &str, run_events_only: bool) -> Result<Validator, String> {
    let mut schema: Value = serde_json::from_str(source).map_err(|e| e.to_string())?;
    if run_events_only {
        // The file accepts RunEvent, DatasetEvent or JobEvent; meshlens reads
        // run events, and a `oneOf` failure would hide the useful message.
        // Facet schemas are remote `$ref`s and are not bundled: only the
        // RunEvent core is validated.
        if let Some(object) = schema.as_object_mut() {
            object.remove("oneOf");
            object.insert(
                "$ref".to_string(),
                Value::String("#/$defs/RunEvent".to_string()),
            );
        }
    }
    jsonschema::validator_for(&schema).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn versions_parse_with_or_without_v() {
        assert_eq!(Version::parse("v3.0.2"), Some(Version(3, 0, 2)));
        assert_eq!(Version::parse("3.1.0"), Some(Version(3, 1, 0)));
        assert_eq!(Version::parse("v3.1"), None);
        assert_eq!(Version::parse("latest"), None);
        assert_eq!(Version(0, 9, 0).to_string(), "v0.9.0");
    }

    #[test]
    fn schema_files_are_known_by_their_official_names() {
        assert_eq!(
            schema_file_key("odcs-json-schema-v3.0.2.json"),
            Some((Standard::Odcs, Version(3, 0, 2)))
        );
        assert_eq!(
            schema_file_key("odps-json-schema-v0.9.0.json"),
            Some((Standard::Odps, Version(0, 9, 0)))
        );
        assert_eq!(schema_file_key("odcs-json-schema-latest.json"), None);
        assert_eq!(schema_file_key("README.md"), None);
    }

    fn chosen(schemas: &Schemas, api_version: &str) -> (Option<Version>, Option<Substitute>) {
        let choice = schemas.choose(RecordKind::Contract, &json!({ "apiVersion": api_version }));
        (choice.used, choice.substitute)
    }

    #[test]
    fn the_declared_version_or_the_nearest_newer_or_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("odcs-json-schema-v3.0.2.json"), "{}").unwrap();
        let schemas = Schemas::with_folder(dir.path()).unwrap();
        assert_eq!(
            schemas.versions(Standard::Odcs),
            [Version(3, 0, 2), ODCS_BUNDLED]
        );
        assert_eq!(chosen(&schemas, "v3.0.2"), (Some(Version(3, 0, 2)), None));
        assert_eq!(chosen(&schemas, "v3.1.0"), (Some(ODCS_BUNDLED), None));
        let declared = Version(3, 0, 1);
        let used = Version(3, 0, 2);
        assert_eq!(
            chosen(&schemas, "v3.0.1"),
            (Some(used), Some(Substitute::Older { declared, used }))
        );
        let declared = Version(3, 2, 0);
        assert_eq!(
            chosen(&schemas, "v3.2.0"),
            (
                Some(ODCS_BUNDLED),
                Some(Substitute::Newer {
                    declared,
                    used: ODCS_BUNDLED
                })
            )
        );
        assert_eq!(chosen(&schemas, "nonsense"), (Some(ODCS_BUNDLED), None));
    }
}
