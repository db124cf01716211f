//! `meshlens quality` and `meshlens health` on the embedded demo mesh, with
//! the clock fixed by `MESHLENS_NOW` (the demo's run events end on
//! 2026-11-25).

mod support;

use support::{Env, Run};

const NOW: &str = "2026-11-25T12:00:00Z";

fn run(env: &Env, args: &[&str]) -> Run {
    let out = env
        .cmd()
        .env("MESHLENS_NOW", NOW)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(env: &Env, args: &[&str]) -> (i32, serde_json::Value) {
    let mut args = args.to_vec();
    args.push("--json");
    let out = run(env, &args);
    (out.code, serde_json::from_str(&out.stdout).unwrap())
}

#[test]
fn health_ranks_breaches_by_severity_times_blast_radius_and_exits_1() {
    let env = Env::new();
    let (code, health) = json(&env, &["health"]);
    assert_eq!(code, 1, "error-severity breaches exist");
    assert_eq!(health["products"], 49);
    let rows: Vec<(String, String, u64, u64)> = health["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .take(5)
        .map(|b| {
            (
                b["product"]["id"].as_str().unwrap().to_owned(),
                b["severity"].as_str().unwrap().to_owned(),
                b["blast_radius"].as_u64().unwrap(),
                b["rank"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("sales-online-orders", "error", 28, 87),
        ("sales-pos-transactions", "error", 22, 69),
        ("payments-card-authorisations", "error", 14, 45),
        ("payments-transactions", "error", 12, 39),
        ("logistics-shipments", "error", 5, 18),
    ];
    let expected: Vec<(String, String, u64, u64)> = expected
        .iter()
        .map(|(id, s, b, r)| ((*id).to_owned(), (*s).to_owned(), *b, *r))
        .collect();
    assert_eq!(rows, expected);
    assert_eq!(health["breaches"].as_array().unwrap().len(), 14);
    let shipments = &health["breaches"][4];
    assert_eq!(
        shipments["reasons"][0],
        "check `carrier_valid_values` on shipment_event.carrier failing (error)"
    );
    assert_eq!(shipments["since"], "2026-11-18T18:08:04Z");
    assert_eq!(shipments["product"]["team"], "Fulfilment Data");
}

#[test]
fn fail_on_decides_the_exit_code() {
    let env = Env::new();
    // Merchandising: one warning (a stale forecast), no error.
    assert_eq!(run(&env, &["health", "--domain", "merchandising"]).code, 0);
    let warning = run(
        &env,
        &[
            "health",
            "--domain",
            "merchandising",
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(warning.code, 1);
    assert!(
        warning.stdout.starts_with("1 of 6 products breaching now"),
        "{}",
        warning.stdout
    );
    assert!(warning.stdout.contains("merchandising-demand-forecast"));
    assert!(
        warning
            .stdout
            .contains("stale: updated 16 d 1 h ago, SLA latency 7 d + frequency 7 d")
    );
    // Marketing: nothing breaches.
    let calm = run(
        &env,
        &["health", "--domain", "marketing", "--fail-on", "warning"],
    );
    assert_eq!(calm.code, 0);
    assert!(calm.stdout.starts_with("0 of "), "{}", calm.stdout);
    let bad = run(&env, &["health", "--fail-on", "sometimes"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("possible values: info, warning, error"),
        "{}",
        bad.stderr
    );
}

#[test]
fn quality_shows_the_score_and_why() {
    let env = Env::new();
    let out = run(&env, &["quality", "sales-orders-cleansed"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "Sales Orders (Cleansed)  (sales-orders-cleansed)");
    assert_eq!(lines[1], "  trust score 82 / 100");
    assert_eq!(
        lines[3].split_whitespace().collect::<Vec<_>>().join(" "),
        "checks 21.9 / 40 6 of 11 checks pass, 5 never ran"
    );
    assert!(
        out.stdout
            .contains("within the SLA (latency 1 d + frequency 1 d)")
    );
    let (code, report) = json(&env, &["quality", "logistics-shipments"]);
    assert_eq!(code, 0);
    assert_eq!(report["checks"][0]["name"], "carrier_valid_values");
    assert_eq!(report["checks"][0]["last"]["passed"], false);
    assert_eq!(report["score"]["parts"][1]["points"], 0.0);
}

#[test]
fn an_unknown_product_is_a_finding() {
    let env = Env::new();
    let out = run(&env, &["quality", "no-such-product"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout.trim(),
        "No product `no-such-product` in the catalogue. Try `meshlens search no-such-product`."
    );
}

#[test]
fn a_misspelt_domain_or_clock_is_an_error_not_a_quiet_pass() {
    let env = Env::new();
    let typo = run(&env, &["health", "--domain", "salse"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr
            .contains("no product is in domain `salse` (domains: corporate, customer, finance,"),
        "{}",
        typo.stderr
    );
    let out = env
        .cmd()
        .env("MESHLENS_NOW", "yesterday")
        .args(["health"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("MESHLENS_NOW `yesterday` is not an RFC 3339 time")
    );
}
