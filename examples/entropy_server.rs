//! A fake Entropy Data catalogue on 127.0.0.1, to try the meshlens `entropy-data` source by hand:
//!
//! `cargo run --example entropy_server -- [--port N] [--dir FOLDER] [--api-key KEY]`
//!
//! Loads the ODPS products and ODCS contracts under FOLDER (default `fixtures/demo-mesh`) and serves
//! them until Ctrl-c.

#[path = "../tests/support/entropy_server.rs"]
mod entropy_server;

use std::path::PathBuf;
use std::process::ExitCode;

use entropy_server::EntropyServer;

const USAGE: &str = "usage: entropy_server [--port N] [--dir FOLDER] [--api-key KEY]";

struct Options {
    port: u16,
    dir: PathBuf,
    api_key: Option<String>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        dir: default_dir(),
        api_key: None,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => {
                let text = value()?;
                options.port = text.parse().map_err(|_| format!("not a port: {text}"))?;
            }
            "--dir" => options.dir = PathBuf::from(value()?),
            "--api-key" => options.api_key = Some(value()?),
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(options)
}

/// `fixtures/demo-mesh` from the current folder, else from the crate root.
fn default_dir() -> PathBuf {
    let relative = PathBuf::from("fixtures/demo-mesh");
    if relative.is_dir() {
        relative
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
    }
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !options.dir.is_dir() {
        eprintln!("not a folder: {}", options.dir.display());
        return ExitCode::from(2);
    }
    let server = EntropyServer::start_on_port(options.port);
    server.require_api_key(options.api_key.as_deref());
    let (products, contracts) = server.load_dir(&options.dir);
    println!(
        "serving {products} products, {contracts} contracts at {}",
        server.url()
    );
    loop {
        std::thread::park();
    }
}
