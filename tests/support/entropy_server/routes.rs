//! HTTP side of the fake Entropy Data server: one fallback handler that logs, checks the API key,
//! applies a pending fault and routes by hand (so every unknown path gets the same JSON 404).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State as AxumState};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde_json::{Value, json};

use super::state::{
    Collection, DEFAULT_PAGE_SIZE, TEST_RESULTS_PAGE_SIZE, etag_of, normalise_access,
    test_result_summary,
};
use super::{Fault, Logged, Shared};

const JSON: &str = "application/json";
const PROBLEM_JSON: &str = "application/problem+json";
const CLOUDEVENTS_BATCH: &str = "application/cloudevents-batch+json";
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

pub async fn handle(AxumState(shared): AxumState<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    log_request(&shared, &parts);
    if let Some(refusal) = check_api_key(&shared, &parts.headers) {
        return refusal;
    }
    let fault = shared.lock().take_fault(parts.uri.path());
    match fault {
        None => route(&shared, &parts, body).await,
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            problem(status, "fault injected by the test")
        }
        Some(Fault::TooManyRequests { retry_after_secs }) => {
            let mut response = problem(StatusCode::TOO_MANY_REQUESTS, "slow down");
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            response
        }
        Some(Fault::Delay(duration)) => {
            tokio::time::sleep(duration).await;
            route(&shared, &parts, body).await
        }
        Some(Fault::Truncated) => truncate(route(&shared, &parts, body).await).await,
        Some(Fault::InvalidJson) => with_body(StatusCode::OK, JSON, r#"{"id": "broken","#),
        Some(Fault::AfterHandling(code)) => {
            let _handled = route(&shared, &parts, body).await;
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            problem(
                status,
                "fault injected by the test, after handling the request",
            )
        }
        Some(Fault::EndlessPages) => {
            let mut response = route(&shared, &parts, body).await;
            let page = page_number(parts.uri.query()).unwrap_or(0);
            set_next_link(&mut response, &shared.url, parts.uri.path(), page + 1);
            response
        }
        Some(Fault::Pass) => route(&shared, &parts, body).await,
        Some(Fault::Redirect { status, location }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FOUND);
            let mut response = with_body(status, JSON, "{}");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Some(Fault::NextLinkTo(target)) => {
            let mut response = route(&shared, &parts, body).await;
            if let Ok(value) = HeaderValue::from_str(&format!("<{target}>; rel=\"next\"")) {
                response.headers_mut().insert(header::LINK, value);
            }
            response
        }
        Some(Fault::Hold) => {
            for _ in 0..3000 {
                if shared.lock().released {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            route(&shared, &parts, body).await
        }
        Some(Fault::Huge { bytes, announced }) => huge(bytes, announced),
        Some(Fault::Trickle { bytes, every }) => trickle(bytes, every),
    }
}

/// `[` then spaces: valid JSON so far, never finished.
fn huge(bytes: u64, announced: bool) -> Response {
    const CHUNK: u64 = 64 * 1024;
    let chunk = Bytes::from(vec![b' '; CHUNK as usize]);
    let chunks = bytes.div_ceil(CHUNK);
    let stream = futures_util::stream::iter(0..chunks).map(move |i| {
        let len = CHUNK.min(bytes - i * CHUNK) as usize;
        let mut piece = chunk.slice(..len);
        if i == 0 {
            let mut first = piece.to_vec();
            first[0] = b'[';
            piece = Bytes::from(first);
        }
        Ok::<Bytes, std::io::Error>(piece)
    });
    let mut response = Response::new(Body::from_stream(stream));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    if announced {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes));
    }
    response
}

/// `bytes` spaces, one every `every`.
fn trickle(bytes: usize, every: std::time::Duration) -> Response {
    let stream = futures_util::stream::iter(0..bytes).then(move |_| async move {
        tokio::time::sleep(every).await;
        Ok::<Bytes, std::io::Error>(Bytes::from_static(b" "))
    });
    let mut response = Response::new(Body::from_stream(stream));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

fn log_request(shared: &Shared, parts: &Parts) {
    let api_key = parts
        .headers
        .get("x-api-key")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let entry = Logged {
        method: parts.method.to_string(),
        path_and_query: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_string(), |pq| pq.to_string()),
        if_none_match: parts.headers.contains_key(header::IF_NONE_MATCH),
        api_key,
    };
    shared.lock().log.push(entry);
}

fn check_api_key(shared: &Shared, headers: &HeaderMap) -> Option<Response> {
    let expected = shared.lock().api_key.clone()?;
    let sent = headers.get("x-api-key").map(HeaderValue::as_bytes);
    if sent == Some(expected.as_bytes()) {
        return None;
    }
    Some(problem(
        StatusCode::UNAUTHORIZED,
        "invalid or missing API key",
    ))
}

async fn route(shared: &Shared, parts: &Parts, body: Body) -> Response {
    let path = parts.uri.path();
    let Some(rest) = path.strip_prefix("/api/") else {
        return not_found(path);
    };
    let segments: Vec<String> = rest.split('/').map(percent_decode).collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let query = parts.uri.query();
    let method = &parts.method;
    match (method, segments.as_slice()) {
        (&Method::GET, ["dataproducts"]) => {
            list(shared, path, query, |s| &s.products, Clone::clone)
        }
        (&Method::GET, ["dataproducts", id]) => get_one(shared, id, |s| &s.products, Clone::clone),
        (&Method::GET, ["datacontracts"]) => {
            list(shared, path, query, |s| &s.contracts, |c| c.json.clone())
        }
        (&Method::GET, ["datacontracts", id]) => {
            get_one(shared, id, |s| &s.contracts, |c| c.json.clone())
        }
        (&Method::GET, ["datacontracts", id, "datacontract.yaml"]) => {
            contract_yaml(shared, id, &parts.headers)
        }
        (&Method::GET, ["teams"]) => list(shared, path, query, |s| &s.teams, Clone::clone),
        (&Method::GET, ["teams", id]) => get_one(shared, id, |s| &s.teams, Clone::clone),
        (&Method::GET, ["test-results"]) => list_test_results(shared, path, query),
        (&Method::GET, ["test-results", id]) => {
            get_one(shared, id, |s| &s.test_results, Clone::clone)
        }
        (&Method::GET, ["access"]) => list(shared, path, query, |s| &s.access, Clone::clone),
        (&Method::GET, ["access", id]) => get_one(shared, id, |s| &s.access, Clone::clone),
        (&Method::PUT, ["access", id]) => put_access(shared, id, body).await,
        (&Method::POST, ["access", id, "cancel"]) => cancel_access(shared, id),
        (&Method::GET, ["events"]) => events(shared, query),
        _ => not_found(path),
    }
}

type Pick<T> = fn(&super::state::State) -> &Collection<T>;

fn list<T>(
    shared: &Shared,
    path: &str,
    query: Option<&str>,
    pick: Pick<T>,
    render: fn(&T) -> Value,
) -> Response {
    let Some(page) = page_number(query) else {
        return bad_page();
    };
    let (items, has_next) = {
        let state = shared.lock();
        let size = state.page_size.unwrap_or(DEFAULT_PAGE_SIZE).max(1);
        let collection = pick(&state);
        let items: Vec<Value> = collection
            .in_creation_order()
            .skip(page.saturating_mul(size))
            .take(size)
            .map(render)
            .collect();
        (items, (page + 1).saturating_mul(size) < collection.len())
    };
    page_response(shared, path, page, items, has_next)
}

/// Newest first, without checks and logs (the OpenAPI's list view).
fn list_test_results(shared: &Shared, path: &str, query: Option<&str>) -> Response {
    let Some(page) = page_number(query) else {
        return bad_page();
    };
    let (items, has_next) = {
        let state = shared.lock();
        let size = state.page_size.unwrap_or(TEST_RESULTS_PAGE_SIZE).max(1);
        let items: Vec<Value> = state
            .test_results
            .in_creation_order()
            .rev()
            .skip(page.saturating_mul(size))
            .take(size)
            .map(test_result_summary)
            .collect();
        (
            items,
            (page + 1).saturating_mul(size) < state.test_results.len(),
        )
    };
    page_response(shared, path, page, items, has_next)
}

fn page_response(
    shared: &Shared,
    path: &str,
    page: usize,
    items: Vec<Value>,
    has_next: bool,
) -> Response {
    let mut response = json_response(StatusCode::OK, JSON, &Value::Array(items));
    if has_next {
        set_next_link(&mut response, &shared.url, path, page + 1);
    }
    response
}

fn get_one<T>(shared: &Shared, id: &str, pick: Pick<T>, render: fn(&T) -> Value) -> Response {
    let found = pick(&shared.lock()).get(id).map(render);
    match found {
        Some(value) => json_response(StatusCode::OK, JSON, &value),
        None => not_found_id(id),
    }
}

fn contract_yaml(shared: &Shared, id: &str, headers: &HeaderMap) -> Response {
    let Some(yaml) = shared.lock().contracts.get(id).map(|c| c.yaml.clone()) else {
        return not_found_id(id);
    };
    let etag = etag_of(&yaml);
    let etag_header = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    let mut response = if if_none_match_hits(headers, &etag) {
        let mut not_modified = Body::empty().into_response();
        *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
        not_modified
    } else {
        with_body(StatusCode::OK, "application/yaml", yaml)
    };
    response.headers_mut().insert(header::ETAG, etag_header);
    response
}

fn if_none_match_hits(headers: &HeaderMap, etag: &str) -> bool {
    let Some(sent) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    sent.split(',')
        .map(|candidate| candidate.trim().trim_start_matches("W/"))
        .any(|candidate| candidate == "*" || candidate == etag)
}

async fn put_access(shared: &Shared, id: &str, body: Body) -> Response {
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return problem(StatusCode::BAD_REQUEST, "could not read the request body");
    };
    let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
        return problem(StatusCode::BAD_REQUEST, "the body is not valid JSON");
    };
    let Some(access) = normalise_access(id, value) else {
        return problem(StatusCode::BAD_REQUEST, "the body must be a JSON object");
    };
    shared.lock().put_access(id, access);
    Body::empty().into_response()
}

fn cancel_access(shared: &Shared, id: &str) -> Response {
    if shared.lock().cancel_access(id) {
        Body::empty().into_response()
    } else {
        not_found_id(id)
    }
}

/// An unknown `lastEventId` answers 400: the real server's behaviour is not documented, and a client
/// that silently restarted from the beginning (or skipped to the end) would hide a lost cursor.
fn events(shared: &Shared, query: Option<&str>) -> Response {
    let last_event_id = query_param(query, "lastEventId").filter(|id| !id.is_empty());
    let batch = {
        let state = shared.lock();
        let start = match &last_event_id {
            None => Some(0),
            Some(id) => state.events_start_after(id),
        };
        start.map(|start| {
            state
                .events
                .iter()
                .skip(start)
                .take(state.events_page_size.max(1))
                .map(|event| event.to_cloud_event(&shared.url))
                .collect::<Vec<Value>>()
        })
    };
    match batch {
        Some(events) => json_response(StatusCode::OK, CLOUDEVENTS_BATCH, &Value::Array(events)),
        None => problem(
            StatusCode::BAD_REQUEST,
            &format!("unknown event id: {}", last_event_id.unwrap_or_default()),
        ),
    }
}

/// Headers with the full Content-Length, about half the body, a pause (so hyper flushes it), then an
/// error that makes hyper drop the connection.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let first = futures_util::stream::iter([Ok::<Bytes, std::io::Error>(half)]);
    let cut = futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        Err(std::io::Error::other("truncated by an injected fault"))
    });
    Response::from_parts(parts, Body::from_stream(first.chain(cut)))
}

fn set_next_link(response: &mut Response, url: &str, path: &str, next_page: usize) {
    let link = format!("<{url}{path}?p={next_page}>; rel=\"next\"");
    if let Ok(value) = HeaderValue::from_str(&link) {
        response.headers_mut().insert(header::LINK, value);
    }
}

/// `p` from the query: 0 when absent, None when not a number.
fn page_number(query: Option<&str>) -> Option<usize> {
    match query_param(query, "p") {
        None => Some(0),
        Some(text) => text.parse().ok(),
    }
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(key) == name).then(|| percent_decode(value))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (b'+', _) => {
                decoded.push(b' ');
                index += 1;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn json_response(status: StatusCode, content_type: &'static str, value: &Value) -> Response {
    with_body(status, content_type, value.to_string())
}

fn with_body(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut response = body.into().into_response();
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

pub fn problem(status: StatusCode, detail: &str) -> Response {
    let body = json!({
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail,
    });
    json_response(status, PROBLEM_JSON, &body)
}

fn bad_page() -> Response {
    problem(
        StatusCode::BAD_REQUEST,
        "the page parameter p must be a number >= 0",
    )
}

fn not_found(path: &str) -> Response {
    problem(StatusCode::NOT_FOUND, &format!("no such endpoint: {path}"))
}

fn not_found_id(id: &str) -> Response {
    problem(StatusCode::NOT_FOUND, &format!("not found: {id}"))
}
