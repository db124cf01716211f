//! The output directory: guarding it, and writing every file in parallel.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::plan::ProductPlan;
use super::vocab::DOMAINS;
use super::{GenError, GenOptions, GenProgress, GenSummary, contract, lineage, product, render};

/// Marks a directory as written by `meshlens gen`, so a later run may replace it.
pub const MARKER_FILE: &str = ".meshlens-gen";
const BATCH: usize = 1_000;
/// Keeps each NDJSON file near 2.5 MB: a loader parses several files at once.
const PRODUCTS_PER_EVENT_FILE: usize = 1_000;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> GenError + '_ {
    move |source| GenError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates `out`, or empties it when it holds a previous gen output.
pub fn prepare(opts: &GenOptions) -> Result<(), GenError> {
    let out = &opts.out;
    if out.exists() && !out.is_dir() {
        return Err(GenError::NotADirectory(out.clone()));
    }
    fs::create_dir_all(out).map_err(io(out))?;
    let entries: Vec<PathBuf> = fs::read_dir(out)
        .map_err(io(out))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io(out))?;
    if !entries.is_empty() && !out.join(MARKER_FILE).is_file() {
        return Err(GenError::ForeignDirectory(out.clone()));
    }
    let marker = out.join(MARKER_FILE);
    for entry in entries.iter().filter(|e| **e != marker) {
        let removed = if entry.is_dir() {
            fs::remove_dir_all(entry)
        } else {
            fs::remove_file(entry)
        };
        removed.map_err(io(entry))?;
    }
    let note = format!(
        "written by meshlens gen: products={} seed={}\n",
        opts.products, opts.seed
    );
    fs::write(&marker, note).map_err(io(&marker))
}

/// What one unit of work wrote.
#[derive(Default)]
struct Written {
    contracts: usize,
    contract_versions: usize,
    events: usize,
    files: usize,
    bytes: u64,
}

impl Written {
    fn add(mut self, other: Written) -> Written {
        self.contracts += other.contracts;
        self.contract_versions += other.contract_versions;
        self.events += other.events;
        self.files += other.files;
        self.bytes += other.bytes;
        self
    }
}

pub fn write_all(
    opts: &GenOptions,
    plans: &[ProductPlan],
    progress: &mut dyn FnMut(GenProgress),
) -> Result<GenSummary, GenError> {
    create_domain_dirs(&opts.out, plans)?;
    let event_chunks: Vec<&[ProductPlan]> = plans.chunks(PRODUCTS_PER_EVENT_FILE).collect();
    let total = plans.len() + event_chunks.len();
    let mut written = Written::default();
    for batch in plans.chunks(BATCH) {
        let batch_written = batch
            .par_iter()
            .map_init(String::new, |buf, plan| {
                write_product(opts, plan, plans, buf)
            })
            .try_reduce(Written::default, |a, b| Ok(a.add(b)))?;
        written = written.add(batch_written);
        let done = batch.last().map_or(0, |last| last.index + 1);
        progress(GenProgress { done, total });
    }
    let threads = rayon::current_num_threads().max(1);
    let mut files_done = 0;
    for group in event_chunks.chunks(threads) {
        let group_start = files_done;
        let group_written = group
            .par_iter()
            .enumerate()
            .map(|(i, chunk)| write_events(opts, group_start + i, chunk, plans))
            .try_reduce(Written::default, |a, b| Ok(a.add(b)))?;
        written = written.add(group_written);
        files_done += group.len();
        progress(GenProgress {
            done: plans.len() + files_done,
            total,
        });
    }
    Ok(GenSummary {
        products: plans.len(),
        contracts: written.contracts,
        contract_versions: written.contract_versions,
        events: written.events,
        files: written.files,
        bytes: written.bytes,
    })
}

fn create_domain_dirs(out: &Path, plans: &[ProductPlan]) -> Result<(), GenError> {
    let mut used = vec![false; DOMAINS.len()];
    for plan in plans {
        used[plan.domain] = true;
    }
    for (domain, _) in DOMAINS.iter().zip(used).filter(|(_, used)| *used) {
        for sub in ["products", "contracts"] {
            let dir = out.join(domain.name).join(sub);
            fs::create_dir_all(&dir).map_err(io(&dir))?;
        }
    }
    let lineage_dir = out.join("lineage");
    fs::create_dir_all(&lineage_dir).map_err(io(&lineage_dir))
}

fn write_file(path: PathBuf, content: &str) -> Result<u64, GenError> {
    fs::write(&path, content).map_err(io(&path))?;
    Ok(content.len() as u64)
}

fn write_product(
    opts: &GenOptions,
    plan: &ProductPlan,
    all: &[ProductPlan],
    buf: &mut String,
) -> Result<Written, GenError> {
    let domain_dir = opts.out.join(plan.domain_name());
    let mut written = Written::default();
    buf.clear();
    render::product_yaml(buf, &product::product(opts.seed, plan, all));
    written.bytes += write_file(
        domain_dir
            .join("products")
            .join(format!("{}.odps.yaml", plan.id)),
        buf,
    )?;
    written.files += 1;
    for port in 0..plan.ports.len() {
        let versions = contract::contract_versions(opts.seed, plan, port);
        let dir = domain_dir
            .join("contracts")
            .join(&plan.ports[port].contract_id);
        fs::create_dir(&dir).map_err(io(&dir))?;
        for version in &versions {
            buf.clear();
            render::contract_yaml(buf, version);
            written.bytes += write_file(dir.join(format!("{}.odcs.yaml", version.version)), buf)?;
            written.files += 1;
        }
        written.contracts += 1;
        written.contract_versions += versions.len();
    }
    Ok(written)
}

fn write_events(
    opts: &GenOptions,
    file_index: usize,
    chunk: &[ProductPlan],
    all: &[ProductPlan],
) -> Result<Written, GenError> {
    let mut lines = Vec::with_capacity(chunk.len() * 3_000);
    let mut events = 0;
    for plan in chunk {
        events += lineage::run_events(opts.seed, plan, all, &mut lines)?;
    }
    let path = opts
        .out
        .join("lineage")
        .join(format!("events-{file_index:04}.ndjson"));
    let mut file = std::io::BufWriter::new(fs::File::create(&path).map_err(io(&path))?);
    file.write_all(&lines).map_err(io(&path))?;
    file.flush().map_err(io(&path))?;
    Ok(Written {
        events,
        files: 1,
        bytes: lines.len() as u64,
        ..Written::default()
    })
}
