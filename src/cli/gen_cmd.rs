//! `meshlens gen --products N --seed S --out DIR`: a synthetic mesh.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use super::output::{Progress, print_json};
use super::{GlobalArgs, Outcome};
use crate::synthetic::{GenOptions, generate};

#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// How many data products
    #[arg(long, default_value_t = 1000)]
    pub products: usize,
    /// The random seed: the same products and seed give the same files
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The folder to write (created; an earlier gen output there is replaced)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(global: &GlobalArgs, args: &GenArgs) -> Result<Outcome> {
    let options = GenOptions {
        products: args.products,
        seed: args.seed,
        out: args.out.clone(),
    };
    let progress = Progress::bar("generating", args.products as u64);
    let started = Instant::now();
    let summary = generate(&options, &mut |p| progress.set(p.done as u64, "products"))?;
    progress.finish();
    if global.json {
        print_json(&summary)?;
    } else {
        println!(
            "wrote {} products, {} contracts ({} versions), {} lineage events: {} files, {:.1} MB in {:.1}s to {}",
            summary.products,
            summary.contracts,
            summary.contract_versions,
            summary.events,
            summary.files,
            summary.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            args.out.display()
        );
        println!("try: meshlens --catalog {} sync", args.out.display());
    }
    Ok(Outcome::Ok)
}
