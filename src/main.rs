use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    meshlens::cli::run(meshlens::cli::Cli::parse())
}
