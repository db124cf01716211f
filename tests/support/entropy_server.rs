//! A real HTTP server on 127.0.0.1 imitating the Entropy Data (Data Mesh Manager) catalogue API
//! (shared/standards/entropy-data/openapi.yaml), for tests, benchmarks and manual tries.
//!
//! Include it by path, never through `tests/support/mod.rs`:
//! `#[path = "support/entropy_server.rs"] mod entropy_server;` from tests,
//! `#[path = "../tests/support/entropy_server.rs"] mod entropy_server;` from benches and examples.
//! It does not use the meshlens crate, so it stays independent of the client it tests.

#![allow(dead_code)]

#[path = "entropy_server/routes.rs"]
mod routes;
#[path = "entropy_server/state.rs"]
mod state;

use std::collections::HashMap;
use std::future::IntoFuture;
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::Value;

use state::{State, compare_versions, document_to_json, normalise_access};

/// The id of the n-th event (1-based) of the feed: `00000000-0000-0000-0000-00000000000a` for n = 10.
pub fn event_id(n: u64) -> String {
    state::event_id(n)
}

/// RFC 3339 in UTC with microseconds, as in the events' `time`.
pub fn format_utc(epoch_secs: u64, micros: u32) -> String {
    state::format_utc(epoch_secs, micros)
}

/// A fault applied to the next matching requests (see [`EntropyServer::inject`]).
#[derive(Clone, Debug)]
pub enum Fault {
    /// This status with a small JSON problem body.
    Status(u16),
    /// 429 with a `Retry-After` header.
    TooManyRequests { retry_after_secs: u64 },
    /// Sleeps, then answers normally.
    Delay(Duration),
    /// The full Content-Length, about half the body, then the connection is closed.
    Truncated,
    /// 200, `application/json`, body `{"id": "broken",`.
    InvalidJson,
    /// Answers normally but always with `Link: <...?p=N+1>; rel="next"`, even past the end.
    EndlessPages,
    /// Does what the request asks (a PUT is stored), then answers this status.
    AfterHandling(u16),
    /// Answers normally (uses up one injection: a later one hits a later request).
    Pass,
    /// This redirect status with `Location: location`.
    Redirect { status: u16, location: String },
    /// Answers normally with `Link: <target>; rel="next"`.
    NextLinkTo(String),
    /// Waits until [`EntropyServer::release`] (at most a minute), then answers normally.
    Hold,
    /// 200 with `bytes` bytes of JSON-looking filler, streamed in 64 KiB chunks; with a
    /// `Content-Length` when `announced`, chunked otherwise.
    Huge { bytes: u64, announced: bool },
    /// 200 with `bytes` bytes, one byte every `every`.
    Trickle { bytes: usize, every: Duration },
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Logged {
    pub method: String,
    pub path_and_query: String,
    pub if_none_match: bool,
    pub api_key: Option<String>,
}

struct Shared {
    url: String,
    state: Mutex<State>,
}

impl Shared {
    /// A panic in one handler must not make every later request fail, so a poisoned lock is taken over.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub struct EntropyServer {
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl EntropyServer {
    /// Binds 127.0.0.1 on a free port and serves on its own thread with its own tokio runtime.
    pub fn start() -> EntropyServer {
        EntropyServer::start_on_port(0)
    }

    /// Like [`EntropyServer::start`] on a chosen port (0 = any free port). Panics when it cannot bind.
    pub fn start_on_port(port: u16) -> EntropyServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap_or_else(|error| {
            panic!("entropy server: cannot bind 127.0.0.1:{port}: {error}")
        });
        listener
            .set_nonblocking(true)
            .expect("entropy server: non-blocking listener");
        let address = listener
            .local_addr()
            .expect("entropy server: local address");
        let shared = Arc::new(Shared {
            url: format!("http://{address}"),
            state: Mutex::new(State::default()),
        });
        let (shutdown, shutdown_signal) = tokio::sync::oneshot::channel();
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("entropy-server".into())
            .spawn(move || serve(listener, serving, shutdown_signal))
            .expect("entropy server: spawn thread");
        EntropyServer {
            shared,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        self.shared.url.clone()
    }

    /// Requests whose `x-api-key` header differs get 401. None = no auth (the default).
    pub fn require_api_key(&self, key: Option<&str>) {
        self.lock().api_key = key.map(str::to_string);
    }

    /// Page size of every list endpoint, test results included (defaults: 1000, test results 100).
    pub fn set_page_size(&self, n: usize) {
        self.lock().page_size = Some(n.max(1));
    }

    pub fn set_events_page_size(&self, n: usize) {
        self.lock().events_page_size = n.max(1);
    }

    /// Keyed by `product["id"]` (panics without a string id).
    pub fn put_product(&self, product: Value) {
        let id = required_id(&product, "product");
        self.lock().put_product(&id, product);
    }

    pub fn delete_product(&self, id: &str) {
        self.lock()
            .delete_from(|s| &mut s.products, id, "DataProductDeletedEvent");
    }

    /// The YAML is kept verbatim for `/datacontract.yaml`; its JSON form serves the other endpoints.
    pub fn put_contract(&self, id: &str, yaml: &str) {
        self.lock().put_contract(id, yaml);
    }

    pub fn delete_contract(&self, id: &str) {
        self.lock()
            .delete_from(|s| &mut s.contracts, id, "DataContractDeletedEvent");
    }

    pub fn put_team(&self, team: Value) {
        let id = required_id(&team, "team");
        self.lock().put_team(&id, team);
    }

    pub fn delete_team(&self, id: &str) {
        self.lock()
            .delete_from(|s| &mut s.teams, id, "TeamDeletedEvent");
    }

    /// A second put of the same id replaces it without a new event (there is no TestResultsUpdatedEvent).
    pub fn put_test_result(&self, result: Value) {
        let id = required_id(&result, "test result");
        self.lock().put_test_result(&id, result);
    }

    pub fn delete_test_result(&self, id: &str) {
        self.lock()
            .delete_from(|s| &mut s.test_results, id, "TestResultsDeletedEvent");
    }

    /// Same as `PUT /api/access/{id}`: `info.status` becomes "requested" when absent.
    pub fn put_access(&self, access: Value) {
        let id = required_id(&access, "access");
        let access = normalise_access(&id, access).expect("access must be a JSON object");
        self.lock().put_access(&id, access);
    }

    /// Loads every ODPS product and ODCS contract under `dir` (recursively, YAML or JSON by content).
    /// Returns the number of distinct product and contract ids loaded. When several files hold the same
    /// contract id (one file per version), only the highest `version` is stored, as the catalogue keeps
    /// one contract per id.
    pub fn load_dir(&self, dir: &Path) -> (usize, usize) {
        let mut products: Vec<(String, Value)> = Vec::new();
        let mut contracts: Vec<(String, String, String)> = Vec::new();
        let mut contract_index: HashMap<String, usize> = HashMap::new();
        let files = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file());
        for entry in files {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Some(document) = document_to_json(&text) else {
                continue;
            };
            let Some(id) = document
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                continue;
            };
            match document.get("kind").and_then(Value::as_str) {
                Some("DataProduct") => products.push((id, document)),
                Some("DataContract") => {
                    let version = document
                        .get("version")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    keep_newest(&mut contracts, &mut contract_index, id, version, text);
                }
                _ => {}
            }
        }
        let mut state = self.lock();
        for (id, product) in &products {
            state.put_product(id, product.clone());
        }
        for (id, _, yaml) in &contracts {
            state.put_contract(id, yaml);
        }
        let distinct_products = products
            .iter()
            .map(|(id, _)| id)
            .collect::<std::collections::HashSet<_>>()
            .len();
        (distinct_products, contracts.len())
    }

    pub fn product_ids(&self) -> Vec<String> {
        self.lock().products.sorted_ids()
    }

    pub fn contract_ids(&self) -> Vec<String> {
        self.lock().contracts.sorted_ids()
    }

    pub fn access_ids(&self) -> Vec<String> {
        self.lock().access.sorted_ids()
    }

    /// The server's copy of an access request.
    pub fn access(&self, id: &str) -> Option<Value> {
        self.lock().access.get(id).cloned()
    }

    pub fn event_count(&self) -> usize {
        self.lock().events.len()
    }

    pub fn last_event_id(&self) -> Option<String> {
        self.lock().events.last().map(|event| event.id.clone())
    }

    /// Applies `fault` to the next `times` requests whose path starts with `path_prefix` ("" = any).
    /// Faults apply after the API key check; the first matching injection wins.
    pub fn inject(&self, path_prefix: &str, fault: Fault, times: usize) {
        if times == 0 {
            return;
        }
        self.lock().faults.push(state::PendingFault {
            path_prefix: path_prefix.to_string(),
            fault,
            remaining: times,
        });
    }

    /// Lets requests held by [`Fault::Hold`] go on.
    pub fn release(&self) {
        self.lock().released = true;
    }

    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// Every request served so far (401s and faulted ones included).
    pub fn requests(&self) -> Vec<Logged> {
        self.lock().log.clone()
    }

    pub fn reset_log(&self) {
        self.lock().log.clear();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared.lock()
    }
}

impl Drop for EntropyServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn required_id(resource: &Value, what: &str) -> String {
    resource
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("the {what} has no string \"id\": {resource}"))
        .to_string()
}

/// Keeps one entry per contract id (at its first file's position), holding the highest version's text.
fn keep_newest(
    contracts: &mut Vec<(String, String, String)>,
    index: &mut HashMap<String, usize>,
    id: String,
    version: String,
    text: String,
) {
    match index.get(&id) {
        Some(&at) => {
            if compare_versions(&version, &contracts[at].1).is_gt() {
                contracts[at] = (id, version, text);
            }
        }
        None => {
            index.insert(id.clone(), contracts.len());
            contracts.push((id, version, text));
        }
    }
}

/// Runs until the shutdown signal; dropping the runtime then cancels in-flight connections (a delayed
/// answer does not hold up the test).
fn serve(listener: TcpListener, shared: Arc<Shared>, shutdown: tokio::sync::oneshot::Receiver<()>) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => panic!("entropy server: tokio runtime: {error}"),
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(listener) => listener,
            Err(error) => panic!("entropy server: listener: {error}"),
        };
        let app = axum::Router::new()
            .fallback(routes::handle)
            .with_state(shared);
        tokio::select! {
            _ = axum::serve(listener, app).into_future() => {}
            _ = shutdown => {}
        }
    });
}
