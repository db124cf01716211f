//! Where HTTP work runs: one small tokio runtime for the process, shared by
//! every source, whether the caller is the CLI (no runtime of its own), a
//! test, or a blocking task of the explorer's runtime. Connections pooled by
//! the one client therefore always belong to a live runtime.

use std::future::Future;
use std::sync::OnceLock;

static RUNTIME: OnceLock<Option<tokio::runtime::Runtime>> = OnceLock::new();

/// Runs `future` to completion on the HTTP runtime and waits for it from
/// this (blocking) thread. `None` if the runtime could not be started or the
/// task panicked.
pub fn run<F>(future: F) -> Option<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let runtime = RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name("meshlens-http")
                .enable_all()
                .build()
                .ok()
        })
        .as_ref()?;
    let (done, result) = std::sync::mpsc::sync_channel(1);
    runtime.spawn(async move {
        let _receiver_gone = done.send(future.await);
    });
    result.recv().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_a_future_from_a_plain_thread_and_from_a_blocking_task() {
        assert_eq!(super::run(async { 6 * 7 }), Some(42));
        let outer = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let inside = outer.block_on(async {
            tokio::task::spawn_blocking(|| super::run(async { "ok" }))
                .await
                .unwrap()
        });
        assert_eq!(inside, Some("ok"));
    }
}
