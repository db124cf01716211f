//! The demo mesh compiled into the binary, so `meshlens` works from any folder.

use std::path::Path;
use std::sync::OnceLock;

use include_dir::{Dir, DirEntry, include_dir};

use super::dir::{emit, parse_file_bytes};
use super::{Previous, Sink, Source, SourceError, fingerprint};
use crate::standards::validate::Schemas;

static DEMO_MESH: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/demo-mesh");

/// The name the embedded demo is known by.
pub const DEMO_SOURCE: &str = "demo";

/// The embedded demo catalogue (fixtures/demo-mesh).
#[derive(Debug, Default, Clone, Copy)]
pub struct EmbeddedDemo;

impl EmbeddedDemo {
    /// A fingerprint of the embedded files: a cache synced from another build's
    /// demo is re-synced.
    pub fn fingerprint() -> &'static str {
        static FINGERPRINT: OnceLock<String> = OnceLock::new();
        FINGERPRINT.get_or_init(|| {
            let bytes = files().into_iter().flat_map(|file| {
                let path = file.path().to_string_lossy().into_owned().into_bytes();
                path.into_iter().chain(file.contents().iter().copied())
            });
            format!("{:016x}", fingerprint(bytes))
        })
    }
}

fn files() -> Vec<&'static include_dir::File<'static>> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(sub) => walk(sub, out),
                DirEntry::File(file) => out.push(file),
            }
        }
    }
    let mut out = Vec::new();
    walk(&DEMO_MESH, &mut out);
    out.sort_by_key(|f| f.path());
    out
}

impl Source for EmbeddedDemo {
    fn name(&self) -> &str {
        DEMO_SOURCE
    }

    fn kind(&self) -> &'static str {
        "demo"
    }

    fn location(&self) -> String {
        format!("embedded demo mesh {}", Self::fingerprint())
    }

    fn load(&self, previous: &Previous, sink: &mut Sink<'_>) -> Result<(), SourceError> {
        let schemas = Schemas::bundled();
        for file in files() {
            let path = Path::new("demo-mesh").join(file.path());
            let read = parse_file_bytes(&path, file.contents(), &previous.spec_checks, &schemas);
            emit(DEMO_SOURCE, &path, read, sink)?;
        }
        Ok(())
    }
}

/// An in-memory cache holding the demo mesh, for tests.
#[cfg(test)]
pub(crate) fn demo_store() -> crate::store::Store {
    let mut store = crate::store::Store::open_in_memory().expect("in-memory cache");
    let sources: Vec<Box<dyn Source>> = vec![Box::new(EmbeddedDemo)];
    super::sync::sync_sources(&mut store, &sources, &mut |_| {}).expect("demo sync");
    store
}
