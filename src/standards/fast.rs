//! The common case, fast: a well-formed YAML file whose top level says
//! `kind: DataContract` or `kind: DataProduct` is deserialised straight into
//! the model, skipping the intermediate JSON value (a quarter of the parse
//! time of a sync). Anything else, and any error, goes the general way
//! (decode → classify → typed), which gives the located, plain-words messages.

use crate::model::{Contract, Product, Record, RecordKind};

/// The record, when the file takes the fast path and parses cleanly.
pub(crate) fn parse(bytes: &[u8]) -> Option<Record> {
    let text = std::str::from_utf8(bytes).ok()?;
    // Too deep for the parser: the general path says so, before parsing.
    if super::sniff::flow_too_deep(text, super::decode::MAX_DEPTH).is_some() {
        return None;
    }
    match declared_kind(text)? {
        // Without an id, the general path says why it is refused.
        RecordKind::Contract => serde_norway::from_str::<Contract>(text)
            .ok()
            .filter(|c| !c.id.trim().is_empty())
            .map(|c| Record::Contract(Box::new(c))),
        RecordKind::Product => serde_norway::from_str::<Product>(text)
            .ok()
            .filter(|p| !p.id.trim().is_empty())
            .map(|p| Record::Product(Box::new(p))),
        RecordKind::LineageEvent => None,
    }
}

/// The kind a YAML file declares on a top-level `kind:` line; JSON files
/// (first character `{` or `[`) and anything unusual return `None`.
fn declared_kind(text: &str) -> Option<RecordKind> {
    let first = text.trim_start().as_bytes().first()?;
    if matches!(first, b'{' | b'[') {
        return None;
    }
    let line = text.lines().find(|line| line.starts_with("kind:"))?;
    let value = line["kind:".len()..]
        .split('#')
        .next()?
        .trim()
        .trim_matches(['"', '\'']);
    match value {
        "DataContract" => Some(RecordKind::Contract),
        "DataProduct" => Some(RecordKind::Product),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::standards::{Parsed, general_parse};

    #[test]
    fn declared_kind_reads_only_a_top_level_kind_line() {
        assert_eq!(
            declared_kind("id: x\nkind: DataContract\n"),
            Some(RecordKind::Contract)
        );
        assert_eq!(
            declared_kind("kind: \"DataProduct\" # odps\n"),
            Some(RecordKind::Product)
        );
        assert_eq!(declared_kind("  kind: DataContract\n"), None);
        assert_eq!(declared_kind("{\"kind\": \"DataContract\"}"), None);
        assert_eq!(declared_kind("kind: Deployment\n"), None);
    }

    /// Every YAML fixture gives the same record either way.
    #[test]
    fn fast_path_equals_the_general_path_on_every_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut compared = 0;
        for entry in walkdir::WalkDir::new(&root).into_iter().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let bytes = std::fs::read(path).unwrap();
            let Some(fast) = parse(&bytes) else { continue };
            let Ok(Parsed::Records { records, .. }) = general_parse(path, &bytes) else {
                panic!("{} parses fast but not in general", path.display());
            };
            assert_eq!(records, vec![fast], "{}", path.display());
            compared += 1;
        }
        assert!(compared >= 150, "only {compared} fixtures compared");
    }
}
