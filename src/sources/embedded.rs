//! The demo mesh compiled into the binary, so `meshlens` works from any folder.

use std::path::Path;

use include_dir::{Dir, DirEntry, include_dir};

use super::{Sink, Source, SourceError, dir::emit};
use crate::standards;

static DEMO_MESH: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fixtures/demo-mesh");

/// The name the embedded demo is known by.
pub const DEMO_SOURCE: &str = "demo";

/// The embedded demo catalogue (fixtures/demo-mesh).
#[derive(Debug, Default, Clone, Copy)]
pub struct EmbeddedDemo;

impl EmbeddedDemo {
    /// A fingerprint of the embedded files: a cache synced from another build's
    /// demo is re-synced.
    pub fn fingerprint() -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for file in files() {
            for byte in file
                .path()
                .to_string_lossy()
                .bytes()
                .chain(file.contents().iter().copied())
            {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
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

    fn load(&self, sink: &mut Sink<'_>) -> Result<(), SourceError> {
        for file in files() {
            let path = Path::new("demo-mesh").join(file.path());
            emit(
                DEMO_SOURCE,
                &path,
                standards::parse_bytes(&path, file.contents()),
                sink,
            )?;
        }
        Ok(())
    }
}
