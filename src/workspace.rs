//! Where this run's catalogue lives: the sources to read, and the cache and
//! index folders for that set of sources. Each set of sources has its own
//! cache folder (`demo`, `config`, or one per `--catalog` list), so switching
//! between the demo and a real catalogue never mixes them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, ConfigError, SourceKind, SourceSpec, expand_home};
use crate::http::{Fetcher, load_api_key, shared_client};
use crate::sources::{DirSource, EmbeddedDemo, EntropySource, Source};
use crate::standards::validate::Schemas;

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("no cache folder: set MESHLENS_CACHE_DIR or --cache-dir (the OS gave no home folder)")]
    NoCacheDir,
    #[error("cannot read the schema folder {path} (`schemas` in the config): {reason}")]
    Schemas { path: PathBuf, reason: String },
}

/// Options that locate the catalogue, from flags and the environment.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    pub catalogs: Vec<PathBuf>,
    pub cache_dir: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Which catalogue this run works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogueOrigin {
    /// `--catalog` folders on the command line.
    CommandLine,
    /// `[[source]]` tables of the config file.
    ConfigFile,
    /// Nothing configured: the demo mesh compiled into the binary.
    EmbeddedDemo,
}

pub struct Workspace {
    pub origin: CatalogueOrigin,
    pub config_path: PathBuf,
    pub cache_root: PathBuf,
    /// This catalogue's cache folder (under `cache_root`).
    pub cache_dir: PathBuf,
    pub sources: Vec<Box<dyn Source>>,
    /// Sources the explorer syncs in the background, and how often.
    pub intervals: Vec<(String, Duration)>,
    /// What catalogue files are checked against.
    pub schemas: Arc<Schemas>,
}

impl Workspace {
    pub fn resolve(locations: &Locations) -> Result<Workspace, WorkspaceError> {
        let dirs = directories::ProjectDirs::from("", "", "meshlens");
        let config_path = match (&locations.config, &dirs) {
            (Some(path), _) => path.clone(),
            (None, Some(dirs)) => dirs.config_dir().join("config.toml"),
            (None, None) => PathBuf::from("meshlens.toml"),
        };
        let cache_root = match (&locations.cache_dir, &dirs) {
            (Some(path), _) => path.clone(),
            (None, Some(dirs)) => dirs.cache_dir().to_path_buf(),
            (None, None) => return Err(WorkspaceError::NoCacheDir),
        };
        let config = Config::load(&config_path)?;
        let schemas = Arc::new(schemas_of(&config, &config_path)?);
        let (origin, key, sources) = choose_sources(locations, &config, &schemas);
        let intervals = match origin {
            CatalogueOrigin::ConfigFile => config
                .sources
                .iter()
                .filter(|spec| spec.kind == SourceKind::EntropyData)
                .filter_map(|spec| Some((spec.name.clone(), spec.interval()?)))
                .collect(),
            _ => Vec::new(),
        };
        Ok(Workspace {
            origin,
            config_path,
            cache_dir: cache_root.join(key),
            cache_root,
            sources,
            intervals,
            schemas,
        })
    }

    pub fn db_path(&self) -> PathBuf {
        self.cache_dir.join("catalogue.sqlite")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.cache_dir.join("index")
    }

    pub fn is_demo(&self) -> bool {
        self.origin == CatalogueOrigin::EmbeddedDemo
    }
}

/// The schemas files are checked against: the bundled ones, and those in
/// the config's `schemas` folder (or `schemas/` beside the config file, when
/// it exists).
pub fn schemas_of(config: &Config, config_path: &Path) -> Result<Schemas, WorkspaceError> {
    let (folder, named) = match &config.schemas {
        Some(folder) => (expand_home(folder), true),
        None => match config_path.parent() {
            Some(parent) => (parent.join("schemas"), false),
            None => return Ok(Schemas::bundled()),
        },
    };
    if !named && !folder.is_dir() {
        return Ok(Schemas::bundled());
    }
    Schemas::with_folder(&folder).map_err(|error| WorkspaceError::Schemas {
        path: folder,
        reason: error.to_string(),
    })
}

fn choose_sources(
    locations: &Locations,
    config: &Config,
    schemas: &Arc<Schemas>,
) -> (CatalogueOrigin, String, Vec<Box<dyn Source>>) {
    let folder =
        |name: String, path: PathBuf| DirSource::new(name, path).with_schemas(schemas.clone());
    if !locations.catalogs.is_empty() {
        let paths: Vec<PathBuf> = locations.catalogs.iter().map(|p| absolute(p)).collect();
        let sources = catalog_names(&paths)
            .into_iter()
            .zip(&paths)
            .map(|(name, path)| Box::new(folder(name, path.clone())) as Box<dyn Source>)
            .collect();
        let key = format!("catalog-{}", short_hash(&paths));
        return (CatalogueOrigin::CommandLine, key, sources);
    }
    if !config.sources.is_empty() {
        let sources = config
            .sources
            .iter()
            .map(|spec| match spec.kind {
                SourceKind::Dir => {
                    let path = expand_home(spec.path.as_deref().unwrap_or(Path::new(".")));
                    let hidden = spec.include_hidden.unwrap_or(false);
                    Box::new(folder(spec.name.clone(), path).including_hidden(hidden))
                        as Box<dyn Source>
                }
                SourceKind::EntropyData => Box::new(entropy_source(spec)),
            })
            .collect();
        return (CatalogueOrigin::ConfigFile, "config".to_string(), sources);
    }
    (
        CatalogueOrigin::EmbeddedDemo,
        "demo".to_string(),
        vec![Box::new(EmbeddedDemo)],
    )
}

/// An Entropy Data source with the process's client. A key that cannot be
/// read (or a client that cannot be built) fails that source's syncs with the
/// reason, not the whole run: the cache still opens.
fn entropy_source(spec: &SourceSpec) -> EntropySource {
    let url = spec.url.as_deref().unwrap_or_default();
    let wants_key = spec.api_key_env.is_some() || spec.api_key_file.is_some();
    let key = wants_key.then(|| {
        load_api_key(
            spec.api_key_env.as_deref(),
            spec.api_key_file.as_deref().map(expand_home).as_deref(),
        )
    });
    let settings = spec.http_settings();
    let fetcher = shared_client()
        .map_err(|e| e.to_string())
        .and_then(|client| match key {
            Some(Err(e)) => Err(e.to_string()),
            Some(Ok(key)) => Ok(Fetcher::new(client, settings, Some(key))),
            None => Ok(Fetcher::new(client, settings, None)),
        });
    match fetcher {
        Ok(fetcher) => EntropySource::new(spec.name.clone(), url, fetcher),
        Err(reason) => EntropySource::unusable(spec.name.clone(), url, reason),
    }
}

/// Source names for `--catalog` folders: each folder's last path component,
/// or as many trailing components as it takes to tell two folders apart
/// (`odcs/examples` and `odps/examples`).
fn catalog_names(paths: &[PathBuf]) -> Vec<String> {
    let tail = |path: &Path, n: usize| -> String {
        let parts: Vec<String> = path
            .components()
            .rev()
            .take(n)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.into_iter().rev().collect::<Vec<_>>().join("/")
    };
    paths
        .iter()
        .map(|path| {
            let depth = path.components().count().max(1);
            (1..=depth)
                .map(|n| tail(path, n))
                .find(|name| {
                    paths
                        .iter()
                        .filter(|other| tail(other, name.matches('/').count() + 1) == *name)
                        .count()
                        == 1
                })
                .unwrap_or_else(|| path.display().to_string())
        })
        .collect()
}

/// The folder's canonical path where it exists (so `a/../b` and `b` are one
/// catalogue), else its absolute path (a missing folder is reported by sync).
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn short_hash(paths: &[PathBuf]) -> String {
    let bytes = paths
        .iter()
        .flat_map(|path| path.as_os_str().as_encoded_bytes().iter().chain(b"\0"))
        .copied();
    format!("{:08x}", crate::sources::fingerprint(bytes) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_names_are_the_shortest_unique_tails() {
        let paths: Vec<PathBuf> = ["/mesh/odcs/examples", "/mesh/odps/examples", "/mesh/sales"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(
            catalog_names(&paths),
            ["odcs/examples", "odps/examples", "sales"]
        );
    }
}
