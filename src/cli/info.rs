//! `meshlens info`: every path meshlens uses, and each source's last sync.

use anyhow::Result;
use serde::Serialize;

use super::output::{clean, print_json};
use super::{Catalogue, CliCatalogue, GlobalArgs, Outcome};
use crate::store::{Counts, FileViolations, SourceState};
use crate::workspace::CatalogueOrigin;

#[derive(Serialize)]
struct Info {
    version: &'static str,
    catalogue: CatalogueOrigin,
    config_file: String,
    config_file_exists: bool,
    cache_root: String,
    cache_file: String,
    /// The access-request outbox and its audit log.
    outbox_file: String,
    index_dir: String,
    generation: u64,
    /// SQLite's quick check of the cache: empty when it is whole.
    integrity_problems: Vec<String>,
    counts: Counts,
    sources: Vec<SourceInfo>,
    issues: usize,
    /// Loaded files that break the official schema of their standard.
    spec_violations: Vec<FileViolations>,
}

/// Schema violations listed in text; `--json` gives every one.
const SPEC_LINES: usize = 20;

#[derive(Serialize)]
struct SourceInfo {
    #[serde(flatten)]
    state: SourceState,
    /// The last event applied (catalogue servers with an event feed).
    event_cursor: Option<String>,
}

pub fn run(global: &GlobalArgs) -> Result<Outcome> {
    let catalogue = Catalogue::open_without_sync(global)?;
    let ws = &catalogue.workspace;
    let store = &catalogue.store;
    let integrity_problems = store.integrity_problems()?;
    let damaged = !integrity_problems.is_empty();
    let info = Info {
        version: env!("CARGO_PKG_VERSION"),
        catalogue: ws.origin,
        config_file: ws.config_path.display().to_string(),
        config_file_exists: ws.config_path.exists(),
        cache_root: ws.cache_root.display().to_string(),
        cache_file: ws.db_path().display().to_string(),
        outbox_file: crate::store::outbox_path(&ws.db_path())
            .display()
            .to_string(),
        index_dir: ws.index_dir().display().to_string(),
        generation: read_or_default(damaged, store.generation())?,
        integrity_problems,
        counts: read_or_default(damaged, store.counts())?,
        sources: {
            let mut cursors = read_or_default(damaged, store.event_cursors())?;
            read_or_default(damaged, store.sources())?
                .into_iter()
                .map(|state| SourceInfo {
                    event_cursor: cursors.remove(&state.name),
                    state,
                })
                .collect()
        },
        issues: read_or_default(damaged, store.issues())?.len(),
        spec_violations: read_or_default(damaged, store.spec_violations())?,
    };
    if global.json {
        print_json(&info)?;
        return Ok(Outcome::Ok);
    }
    let origin = match info.catalogue {
        CatalogueOrigin::CommandLine => "--catalog folders",
        CatalogueOrigin::ConfigFile => "sources of the config file",
        CatalogueOrigin::EmbeddedDemo => "the embedded demo mesh (no source configured)",
    };
    println!("meshlens {}", info.version);
    println!("catalogue:   {origin}");
    let exists = if info.config_file_exists {
        ""
    } else {
        " (not present)"
    };
    println!("config file: {}{exists}", clean(&info.config_file));
    println!("cache:       {}", clean(&info.cache_file));
    println!("outbox:      {}", clean(&info.outbox_file));
    println!("index:       {}", clean(&info.index_dir));
    println!("generation:  {}", info.generation);
    match info.integrity_problems.first() {
        None => println!("integrity:   ok"),
        Some(first) => println!(
            "integrity:   damaged ({}{}); `meshlens sync` moves it aside and builds a new one",
            clean(first),
            match info.integrity_problems.len() {
                1 => String::new(),
                n => format!(", and {} more", n - 1),
            }
        ),
    }
    let c = &info.counts;
    println!(
        "contents:    {} products, {} contracts ({} versions), {} lineage events, {} domains, {} teams",
        c.products, c.contracts, c.contract_versions, c.events, c.domains, c.teams
    );
    println!("\nsources:");
    for source in &info.sources {
        let s = &source.state;
        println!(
            "  {} [{}] {}",
            clean(&s.name),
            clean(&s.kind),
            clean(&s.location)
        );
        println!("      last sync: {}", clean(&describe_last_sync(s)));
        if matches!(s.outcome, Some(crate::store::SourceOutcome::Failed { .. })) {
            let ok = s.last_ok_at.as_deref().unwrap_or("never");
            println!("      last successful sync: {}", clean(ok));
        }
        if let Some(cursor) = &source.event_cursor {
            println!("      event cursor: {}", clean(cursor));
        }
    }
    if info.sources.is_empty() {
        println!("  (never synced: run `meshlens sync`)");
    }
    if info.issues > 0 {
        println!("\n{} problems in the last sync:", info.issues);
        for issue in catalogue.store.issues()? {
            println!("  {}", clean(&issue.to_string()));
        }
    }
    print_spec_violations(&info.spec_violations);
    Ok(Outcome::Ok)
}

/// A damaged cache may fail any read: what cannot be read is left empty,
/// and the integrity line says why and what to do.
fn read_or_default<T: Default>(
    damaged: bool,
    result: Result<T, crate::store::StoreError>,
) -> Result<T, crate::store::StoreError> {
    match result {
        Err(_) if damaged => Ok(T::default()),
        other => other,
    }
}

fn print_spec_violations(files: &[FileViolations]) {
    if files.is_empty() {
        return;
    }
    let what = match files.len() {
        1 => "1 loaded file breaks the schema of its standard".to_string(),
        n => format!("{n} loaded files break the schema of their standard"),
    };
    println!("\n{what} (loaded anyway; `meshlens validate FILE` explains):");
    let lines: Vec<String> = files
        .iter()
        .flat_map(|file| {
            file.violations.iter().map(move |v| {
                let at = crate::model::FileLocation::new(&file.path, v.line, v.column);
                let severity = if v.warning_only { "warning" } else { "error" };
                format!("{at}: {severity}: {}", v.message)
            })
        })
        .collect();
    for line in lines.iter().take(SPEC_LINES) {
        println!("  {}", clean(line));
    }
    if lines.len() > SPEC_LINES {
        println!(
            "  … and {} more (`meshlens info --json` lists every one)",
            lines.len() - SPEC_LINES
        );
    }
}

fn describe_last_sync(s: &SourceState) -> String {
    let Some(at) = &s.last_sync_at else {
        return "never".to_string();
    };
    let holds = format!(
        "{} products, {} contract versions, {} events, {} problems",
        s.products, s.contract_versions, s.events, s.issues
    );
    match &s.outcome {
        Some(crate::store::SourceOutcome::Failed { message }) => {
            format!("{at}, failed: {message} (the cache keeps {holds})")
        }
        _ => format!("{at}, ok: {holds}"),
    }
}
