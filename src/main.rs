use std::process::ExitCode;

use clap::Parser;

/// A sync parses files on every core at once; glibc's allocator spends a
/// sixth of that time contending (measured with perf), mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_default_sigpipe();
    meshlens::cli::run(meshlens::cli::Cli::parse())
}

/// `meshlens search x | head` should end quietly when `head` closes the pipe,
/// as Unix tools do, instead of reporting a write error.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is
    // a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
