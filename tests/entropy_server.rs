//! Tests of the fake Entropy Data server itself (tests/support/entropy_server.rs).

#[path = "support/entropy_server.rs"]
mod entropy_server;

use std::path::Path;
use std::time::Duration;

use entropy_server::{EntropyServer, Fault, event_id, format_utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PREFIX: &str = "com.entropy-data.events.";

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn product(id: &str) -> Value {
    json!({"apiVersion": "v1.0.0", "kind": "DataProduct", "id": id, "name": id, "status": "active"})
}

async fn get(url: &str) -> reqwest::Response {
    client().get(url).send().await.unwrap()
}

async fn get_json(url: &str) -> Value {
    get(url).await.json().await.unwrap()
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect()
}

fn link(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("link")
        .map(|v| v.to_str().unwrap().to_string())
}

async fn event_types(server: &EntropyServer) -> Vec<String> {
    let batch = get_json(&format!("{}/api/events", server.url())).await;
    batch
        .as_array()
        .unwrap()
        .iter()
        .map(|event| {
            let kind = event["type"].as_str().unwrap();
            format!(
                "{} {}",
                kind.strip_prefix(PREFIX).unwrap(),
                event["subject"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn products_page_through_link_headers_across_three_pages() {
    let server = EntropyServer::start();
    server.set_page_size(2);
    for id in ["p0", "p1", "p2", "p3", "p4"] {
        server.put_product(product(id));
    }
    let url = server.url();
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with('/'));

    let first = get(&format!("{url}/api/dataproducts")).await;
    let next = link(&first).unwrap();
    assert_eq!(next, format!("<{url}/api/dataproducts?p=1>; rel=\"next\""));
    assert_eq!(ids(&first.json().await.unwrap()), ["p0", "p1"]);

    let second = get(&format!("{url}/api/dataproducts?p=1")).await;
    assert_eq!(
        link(&second).unwrap(),
        format!("<{url}/api/dataproducts?p=2>; rel=\"next\"")
    );
    assert_eq!(ids(&second.json().await.unwrap()), ["p2", "p3"]);

    let third = get(&format!("{url}/api/dataproducts?p=2")).await;
    assert_eq!(link(&third), None);
    assert_eq!(ids(&third.json().await.unwrap()), ["p4"]);

    let past_the_end = get(&format!("{url}/api/dataproducts?p=3")).await;
    assert_eq!(link(&past_the_end), None);
    assert_eq!(past_the_end.json::<Value>().await.unwrap(), json!([]));

    let bad = get(&format!("{url}/api/dataproducts?p=x")).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_update_keeps_its_place_and_emits_updated_and_deleted_events() {
    let server = EntropyServer::start();
    server.put_product(product("a"));
    server.put_product(product("b"));
    server.put_product(json!({"id": "a", "name": "renamed"}));
    server.delete_product("b");
    server.delete_product("never-there");
    server.put_product(product("c"));

    let list = get_json(&format!("{}/api/dataproducts", server.url())).await;
    assert_eq!(list, json!([{"id": "a", "name": "renamed"}, product("c")]));
    assert_eq!(server.product_ids(), ["a", "c"]);
    assert_eq!(
        event_types(&server).await,
        [
            "DataProductCreatedEvent a",
            "DataProductCreatedEvent b",
            "DataProductUpdatedEvent a",
            "DataProductDeletedEvent b",
            "DataProductCreatedEvent c",
        ]
    );
    assert_eq!(server.event_count(), 5);
    assert_eq!(server.last_event_id(), Some(event_id(5)));
}

#[tokio::test]
async fn one_product_or_a_json_problem_404() {
    let server = EntropyServer::start();
    server.put_product(product("urn:dp:x"));
    let url = server.url();

    let found = get_json(&format!("{url}/api/dataproducts/urn:dp:x")).await;
    assert_eq!(found, product("urn:dp:x"));
    let encoded = get_json(&format!("{url}/api/dataproducts/urn%3Adp%3Ax")).await;
    assert_eq!(encoded, product("urn:dp:x"));

    let missing = get(&format!("{url}/api/dataproducts/nope")).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(
        missing.json::<Value>().await.unwrap(),
        json!({"title": "Not Found", "status": 404, "detail": "not found: nope"})
    );

    let unknown = get(&format!("{url}/api/nothing-here")).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let outside = get(&format!("{url}/index.html")).await;
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    let wrong_method = client()
        .delete(format!("{url}/api/dataproducts/urn:dp:x"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::NOT_FOUND);
}

const CONTRACT_V1: &str = "apiVersion: v3.0.2\nkind: DataContract\nid: orders\nversion: 1.0.0\n# a comment kept verbatim\nstatus: active\n";
const CONTRACT_V2: &str =
    "apiVersion: v3.0.2\nkind: DataContract\nid: orders\nversion: 2.0.0\nstatus: active\n";

#[tokio::test]
async fn contract_yaml_is_verbatim_with_an_etag_and_304_when_unchanged() {
    let server = EntropyServer::start();
    server.put_contract("orders", CONTRACT_V1);
    let yaml_url = format!(
        "{}/api/datacontracts/orders/datacontract.yaml",
        server.url()
    );

    let first = get(&yaml_url).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["content-type"], "application/yaml");
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() == 18);
    assert_eq!(first.text().await.unwrap(), CONTRACT_V1);

    let unchanged = client()
        .get(&yaml_url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(unchanged.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(unchanged.bytes().await.unwrap().len(), 0);

    server.put_contract("orders", CONTRACT_V2);
    let changed = client()
        .get(&yaml_url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(changed.text().await.unwrap(), CONTRACT_V2);

    let logged: Vec<bool> = server.requests().iter().map(|r| r.if_none_match).collect();
    assert_eq!(logged, [false, true, true]);

    let missing = get(&format!(
        "{}/api/datacontracts/nope/datacontract.yaml",
        server.url()
    ))
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn contracts_list_and_get_serve_the_yaml_as_json() {
    let server = EntropyServer::start();
    server.put_contract("orders", CONTRACT_V2);
    server.put_contract("broken", "id: [unclosed");
    let expected = json!({"apiVersion": "v3.0.2", "kind": "DataContract", "id": "orders", "version": "2.0.0", "status": "active"});

    let list = get_json(&format!("{}/api/datacontracts", server.url())).await;
    assert_eq!(list, json!([expected, {"id": "broken"}]));
    let one = get_json(&format!("{}/api/datacontracts/orders", server.url())).await;
    assert_eq!(one, expected);
    let raw = get(&format!(
        "{}/api/datacontracts/broken/datacontract.yaml",
        server.url()
    ))
    .await;
    assert_eq!(raw.text().await.unwrap(), "id: [unclosed");

    server.delete_contract("orders");
    assert_eq!(server.contract_ids(), ["broken"]);
    assert_eq!(
        event_types(&server).await,
        [
            "DataContractCreatedEvent orders",
            "DataContractCreatedEvent broken",
            "DataContractDeletedEvent orders"
        ]
    );
}

#[tokio::test]
async fn events_come_after_the_last_id_in_batches_until_an_empty_end() {
    let server = EntropyServer::start();
    server.set_events_page_size(2);
    server.put_product(product("p"));
    server.put_team(json!({"id": "t", "name": "T", "type": "Team"}));
    server.delete_team("t");
    let url = server.url();

    let first = get(&format!("{url}/api/events")).await;
    assert_eq!(
        first.headers()["content-type"],
        "application/cloudevents-batch+json"
    );
    let first: Value = first.json().await.unwrap();
    assert_eq!(first.as_array().unwrap().len(), 2);
    let event = &first[0];
    assert_eq!(event["specversion"], "1.0");
    assert_eq!(event["id"], "00000000-0000-0000-0000-000000000001");
    assert_eq!(
        event["type"],
        "com.entropy-data.events.DataProductCreatedEvent"
    );
    assert_eq!(event["source"], url.as_str());
    assert_eq!(event["subject"], "p");
    assert_eq!(event["datacontenttype"], "application/json");
    assert_eq!(
        event["dataschema"],
        "https://api.entropy-data.com/api/openapi.yaml#/components/schemas/DataProductCreatedEvent"
    );
    assert_eq!(event["data"]["id"], "p");
    assert_eq!(event["data"]["timestamp"], event["time"]);
    let time = event["time"].as_str().unwrap();
    assert_eq!(
        (time.len(), &time[4..5], &time[10..11], &time[26..]),
        (27, "-", "T", "Z")
    );
    assert_eq!(first[1]["type"], "com.entropy-data.events.TeamCreatedEvent");

    let second = get_json(&format!("{url}/api/events?lastEventId={}", event_id(2))).await;
    assert_eq!(ids(&second), [event_id(3).as_str()]);
    assert_eq!(
        second[0]["type"],
        "com.entropy-data.events.TeamDeletedEvent"
    );

    let end = get_json(&format!("{url}/api/events?lastEventId={}", event_id(3))).await;
    assert_eq!(end, json!([]));

    let unknown = get(&format!("{url}/api/events?lastEventId={}", event_id(4))).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let problem: Value = unknown.json().await.unwrap();
    assert_eq!(
        problem["detail"],
        "unknown event id: 00000000-0000-0000-0000-000000000004"
    );
    assert!(event_id(9) < event_id(10) && event_id(15) < event_id(16));
}

#[tokio::test]
async fn status_and_too_many_requests_faults_apply_to_the_prefix_the_given_times() {
    let server = EntropyServer::start();
    server.put_product(product("p"));
    server.inject("/api/dataproducts", Fault::Status(503), 2);
    server.inject(
        "",
        Fault::TooManyRequests {
            retry_after_secs: 7,
        },
        1,
    );
    let url = server.url();

    let busy = get(&format!("{url}/api/dataproducts")).await;
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        busy.json::<Value>().await.unwrap(),
        json!({"title": "Service Unavailable", "status": 503, "detail": "fault injected by the test"})
    );
    let limited = get(&format!("{url}/api/teams")).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "7");
    assert_eq!(
        get(&format!("{url}/api/teams")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        get(&format!("{url}/api/dataproducts/p")).await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        get(&format!("{url}/api/dataproducts/p")).await.status(),
        StatusCode::OK
    );

    server.inject("", Fault::Status(500), 5);
    server.clear_faults();
    assert_eq!(
        get(&format!("{url}/api/dataproducts/p")).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_delay_fault_outlasts_a_short_client_timeout() {
    let server = EntropyServer::start();
    server.inject("/api/teams", Fault::Delay(Duration::from_secs(3)), 1);
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = impatient
        .get(format!("{}/api/teams", server.url()))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let after = impatient
        .get(format!("{}/api/teams", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_truncated_body_is_a_body_error_after_full_headers() {
    let server = EntropyServer::start();
    for index in 0..20 {
        server.put_product(product(&format!("product-{index}")));
    }
    let url = format!("{}/api/dataproducts", server.url());
    let full_length = get(&url).await.bytes().await.unwrap().len();
    server.inject("/api/dataproducts", Fault::Truncated, 1);

    let truncated = get(&url).await;
    assert_eq!(truncated.status(), StatusCode::OK);
    assert_eq!(truncated.content_length(), Some(full_length as u64));
    let error = truncated.bytes().await.unwrap_err();
    assert!(error.is_body() || error.is_decode(), "{error:?}");
    assert_eq!(get(&url).await.bytes().await.unwrap().len(), full_length);
}

#[tokio::test]
async fn invalid_json_and_endless_pages_faults() {
    let server = EntropyServer::start();
    server.put_product(product("only"));
    let url = server.url();

    server.inject("/api/dataproducts", Fault::InvalidJson, 1);
    let broken = get(&format!("{url}/api/dataproducts")).await;
    assert_eq!(broken.status(), StatusCode::OK);
    assert_eq!(broken.headers()["content-type"], "application/json");
    assert_eq!(broken.text().await.unwrap(), r#"{"id": "broken","#);

    server.inject("/api/dataproducts", Fault::EndlessPages, 3);
    let first = get(&format!("{url}/api/dataproducts")).await;
    assert_eq!(
        link(&first).unwrap(),
        format!("<{url}/api/dataproducts?p=1>; rel=\"next\"")
    );
    assert_eq!(ids(&first.json().await.unwrap()), ["only"]);
    let far = get(&format!("{url}/api/dataproducts?p=41")).await;
    assert_eq!(
        link(&far).unwrap(),
        format!("<{url}/api/dataproducts?p=42>; rel=\"next\"")
    );
    assert_eq!(far.json::<Value>().await.unwrap(), json!([]));
    assert!(link(&get(&format!("{url}/api/dataproducts?p=42")).await).is_some());
    assert_eq!(
        link(&get(&format!("{url}/api/dataproducts?p=43")).await),
        None
    );
}

#[tokio::test]
async fn a_required_api_key_answers_401_before_anything_else() {
    let server = EntropyServer::start();
    server.require_api_key(Some("s3cret"));
    server.inject("", Fault::Status(500), 1);
    let url = format!("{}/api/dataproducts", server.url());

    let missing = get(&url).await;
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        missing.json::<Value>().await.unwrap(),
        json!({"title": "Unauthorized", "status": 401, "detail": "invalid or missing API key"})
    );
    let wrong = client()
        .get(&url)
        .header("x-api-key", "guess")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let unknown_path = get(&format!("{}/nowhere", server.url())).await;
    assert_eq!(unknown_path.status(), StatusCode::UNAUTHORIZED);

    let right = || client().get(&url).header("x-api-key", "s3cret").send();
    assert_eq!(
        right().await.unwrap().status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(right().await.unwrap().status(), StatusCode::OK);

    let keys: Vec<Option<String>> = server.requests().into_iter().map(|r| r.api_key).collect();
    let s = |k: &str| Some(k.to_string());
    assert_eq!(keys, [None, s("guess"), None, s("s3cret"), s("s3cret")]);
    server.reset_log();
    server.require_api_key(None);
    assert_eq!(get(&url).await.status(), StatusCode::OK);
    let log = server.requests();
    assert_eq!(
        (
            log.len(),
            log[0].method.as_str(),
            log[0].path_and_query.as_str()
        ),
        (1, "GET", "/api/dataproducts")
    );
}

#[tokio::test]
async fn putting_an_access_twice_keeps_one_record_and_cancel_ends_it() {
    let server = EntropyServer::start();
    let url = server.url();
    let body = json!({"id": "ignored", "info": {"purpose": "reporting"}, "provider": {"dataProductId": "p", "outputPortId": "o"}, "consumer": {"teamId": "t"}});
    for _ in 0..2 {
        let put = client()
            .put(format!("{url}/api/access/acc-1"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), StatusCode::OK);
    }
    let list = get_json(&format!("{url}/api/access")).await;
    assert_eq!(ids(&list), ["acc-1"]);
    let stored = get_json(&format!("{url}/api/access/acc-1")).await;
    assert_eq!(
        stored["info"],
        json!({"purpose": "reporting", "status": "requested"})
    );

    let canceled = client()
        .post(format!("{url}/api/access/acc-1/cancel"))
        .send()
        .await
        .unwrap();
    assert_eq!(canceled.status(), StatusCode::OK);
    let after = get_json(&format!("{url}/api/access/acc-1")).await;
    let today = &format_utc(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
        0,
    )[..10];
    assert_eq!(
        after["info"],
        json!({"purpose": "reporting", "status": "requested", "active": false, "endDate": today})
    );
    let missing = client()
        .post(format!("{url}/api/access/nope/cancel"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let not_json = client()
        .put(format!("{url}/api/access/x"))
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);

    server.put_access(json!({"id": "acc-2", "info": {"purpose": "p", "status": "approved"}}));
    assert_eq!(
        get_json(&format!("{url}/api/access/acc-2")).await["info"]["status"],
        "approved"
    );
    assert_eq!(
        event_types(&server).await,
        [
            "AccessCreatedEvent acc-1",
            "AccessUpdatedEvent acc-1",
            "AccessCanceledEvent acc-1",
            "AccessCreatedEvent acc-2"
        ]
    );
}

fn test_result(id: &str) -> Value {
    json!({"id": id, "dataContractId": "orders", "dataContractVersion": "1.0.0", "server": "production",
        "timestampStart": "2024-07-03T10:46:28Z", "timestampEnd": "2024-07-03T10:46:42Z", "result": "passed",
        "checks": [{"type": "schema", "result": "passed"}], "logs": [{"level": "INFO", "message": "ok"}]})
}

#[tokio::test]
async fn test_results_list_newest_first_without_checks_in_pages_of_100() {
    let server = EntropyServer::start();
    for index in 0..101 {
        server.put_test_result(test_result(&format!("r{index:03}")));
    }
    let url = server.url();

    let first = get(&format!("{url}/api/test-results")).await;
    assert_eq!(
        link(&first).unwrap(),
        format!("<{url}/api/test-results?p=1>; rel=\"next\"")
    );
    let first: Value = first.json().await.unwrap();
    assert_eq!(first.as_array().unwrap().len(), 100);
    assert_eq!(first[0]["id"], "r100");
    assert_eq!(first[0].get("checks"), None);
    assert_eq!(first[0].get("logs"), None);
    let last = get_json(&format!("{url}/api/test-results?p=1")).await;
    assert_eq!(ids(&last), ["r000"]);

    let full = get_json(&format!("{url}/api/test-results/r007")).await;
    assert_eq!(full, test_result("r007"));
    server.delete_test_result("r007");
    assert_eq!(
        get(&format!("{url}/api/test-results/r007")).await.status(),
        StatusCode::NOT_FOUND
    );
    let feed = event_types(&server).await;
    assert_eq!(feed.len(), 102);
    assert_eq!(
        (feed[0].as_str(), feed[101].as_str()),
        (
            "TestResultsCreatedEvent r000",
            "TestResultsDeletedEvent r007"
        )
    );
}

#[tokio::test]
async fn teams_list_and_get() {
    let server = EntropyServer::start();
    server.put_team(json!({"id": "sales", "name": "Sales", "type": "Domain"}));
    server.put_team(
        json!({"id": "orders-team", "name": "Orders", "type": "Team", "parent": "sales"}),
    );
    let url = server.url();
    assert_eq!(
        ids(&get_json(&format!("{url}/api/teams")).await),
        ["sales", "orders-team"]
    );
    assert_eq!(
        get_json(&format!("{url}/api/teams/orders-team")).await["parent"],
        "sales"
    );
}

#[test]
fn load_dir_reads_the_demo_mesh_keeping_the_newest_contract_version() {
    let server = EntropyServer::start();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo-mesh");
    assert_eq!(server.load_dir(&demo), (49, 48));
    assert_eq!(server.product_ids().len(), 49);
    assert_eq!(server.contract_ids().len(), 48);
    assert!(
        server
            .product_ids()
            .contains(&"customer-master".to_string())
    );
    assert_eq!(server.event_count(), 97);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let yaml = runtime.block_on(async {
        let url = format!(
            "{}/api/datacontracts/urn:datacontract:customer:customer-master/datacontract.yaml",
            server.url()
        );
        get(&url).await.text().await.unwrap()
    });
    let newest =
        std::fs::read_to_string(demo.join("customer/contracts/customer-master/3.0.0.odcs.yaml"))
            .unwrap();
    assert_eq!(yaml, newest);
}

#[test]
fn load_dir_detects_the_format_by_content_and_skips_other_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        r#"{"kind": "DataProduct", "id": "json-product"}"#,
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("sub/contract"),
        "kind: DataContract\nid: c1\nversion: 1.10.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sub/older.yaml"),
        "kind: DataContract\nid: c1\nversion: 1.9.0\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.md"), "# just notes\n").unwrap();
    std::fs::write(
        dir.path().join("lineage.ndjson"),
        "{\"eventType\": \"START\"}\n{}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("binary.bin"), [0xff, 0xfe, 0x00]).unwrap();
    std::fs::write(
        dir.path().join("no-id.yaml"),
        "kind: DataProduct\nname: x\n",
    )
    .unwrap();

    let server = EntropyServer::start();
    assert_eq!(server.load_dir(dir.path()), (1, 1));
    assert_eq!(server.product_ids(), ["json-product"]);
    assert_eq!(server.contract_ids(), ["c1"]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let contract = runtime.block_on(get_json(&format!("{}/api/datacontracts/c1", server.url())));
    assert_eq!(contract["version"], "1.10.0");
}

#[test]
fn dropping_the_server_frees_its_port() {
    let server = EntropyServer::start();
    let address = server.url().trim_start_matches("http://").to_string();
    assert!(std::net::TcpStream::connect(&address).is_ok());
    drop(server);
    assert!(std::net::TcpStream::connect(&address).is_err());
}

#[test]
fn times_are_rfc3339_utc_with_microseconds() {
    assert_eq!(format_utc(0, 0), "1970-01-01T00:00:00.000000Z");
    assert_eq!(
        format_utc(1_731_173_216, 640_037),
        "2024-11-09T17:26:56.640037Z"
    );
    assert_eq!(format_utc(951_782_400, 5), "2000-02-29T00:00:00.000005Z");
}
