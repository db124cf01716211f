//! Files are checked against the schema of the version they declare
//! (`validate --schemas`, `schemas/` beside the config), and a sync lists
//! where loaded files break their standard's schema in `meshlens info`.

mod support;

use support::Env;

const CONTRACT_3_1: &str =
    "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n";
const CONTRACT_3_0: &str =
    "apiVersion: v3.0.2\nkind: DataContract\nid: legacy\nversion: 1.0.0\nstatus: active\n";

/// An "official" v3.0.2 schema of the test's own making: it requires a field
/// no real contract has, so a file checked against it is told apart.
const SCHEMA_3_0_2: &str = r#"{"$schema": "https://json-schema.org/draft/2019-09/schema", "type": "object", "required": ["legacyField"]}"#;

fn stdout_of(env: &Env, args: &[&str]) -> (Option<i32>, String) {
    let out = env.cmd().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn an_older_file_is_checked_against_its_own_schema_when_given() {
    let env = Env::new();
    let folder = env.path("contracts");
    env.write("contracts/new.odcs.yaml", CONTRACT_3_1);
    let legacy = env.write("contracts/legacy.odcs.yaml", CONTRACT_3_0);
    env.write("official/odcs-json-schema-v3.0.2.json", SCHEMA_3_0_2);
    let folder = folder.to_str().unwrap();

    let (code, out) = stdout_of(&env, &["validate", folder]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains(
            "2 catalogue files checked: 0 errors, 0 warnings\n\
                      note: 1 file declares ODCS v3.0.2, checked against the v3.1.0 schema\n"
        ),
        "{out}"
    );

    let official = env.path("official");
    let (code, out) = stdout_of(
        &env,
        &["validate", "--schemas", official.to_str().unwrap(), folder],
    );
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        out,
        format!(
            "{}:1:1: error: missing required field `legacyField`\n\
             2 catalogue files checked: 1 errors, 0 warnings\n",
            legacy.display()
        )
    );

    // The same folder as `schemas/` beside the config file.
    std::fs::rename(&official, env.path("schemas")).unwrap();
    let (code, out) = stdout_of(&env, &["validate", folder]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("missing required field `legacyField`"),
        "{out}"
    );
}

#[test]
fn a_newer_version_is_checked_against_the_newest_with_a_warning() {
    let env = Env::new();
    let file = env.write(
        "future.odcs.yaml",
        &CONTRACT_3_1.replace("v3.1.0", "v3.2.0"),
    );
    let (code, out) = stdout_of(&env, &["validate", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(
        out,
        format!(
            "{}:1:1: warning: apiVersion v3.2.0 is newer than the newest ODCS schema meshlens \
             has (v3.1.0); checked against v3.1.0\n\
             1 catalogue files checked: 0 errors, 1 warnings\n",
            file.display()
        )
    );
}

#[test]
fn a_missing_schema_folder_is_a_usage_error() {
    let env = Env::new();
    let file = env.write("c.odcs.yaml", CONTRACT_3_1);
    let (code, out) = stdout_of(
        &env,
        &[
            "validate",
            "--schemas",
            "/no/such/schemas",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("cannot read the schema folder /no/such/schemas"),
        "{out}"
    );
}

#[test]
fn sync_loads_a_file_that_breaks_its_schema_and_info_lists_where() {
    let env = Env::new();
    env.write("mesh/orders.odcs.yaml", CONTRACT_3_1);
    let odd = env.write(
        "mesh/odd.odcs.yaml",
        "apiVersion: v3.1.0\nkind: DataContract\nid: odd\nversion: 1.0.0\nstatus: active\ncolour: red\n",
    );
    let catalog = env.path("mesh");
    let catalog = catalog.to_str().unwrap();

    let (code, out) = stdout_of(&env, &["--catalog", catalog, "sync"]);
    assert_eq!(
        code,
        Some(0),
        "a schema violation is not a load problem: {out}"
    );
    assert!(
        out.contains(
            "  1 file breaks the schema of its standard; loaded anyway (`meshlens info` lists where)"
        ),
        "{out}"
    );
    let (_, shown) = stdout_of(&env, &["--catalog", catalog, "show", "odd"]);
    assert!(shown.contains("odd"), "the file is loaded: {shown}");

    let (code, out) = stdout_of(&env, &["--catalog", catalog, "info"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.ends_with(&format!(
            "\n1 loaded file breaks the schema of its standard (loaded anyway; `meshlens validate FILE` explains):\n  \
             {}:6:1: error: unknown field `colour` at the top level (not part of the standard: \
             check the spelling, or keep your own fields under `customProperties`)\n",
            odd.display()
        )),
        "{out}"
    );
    let json = env.json(&["--catalog", catalog, "info"]);
    let listed = &json["spec_violations"];
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(listed[0]["path"], odd.to_str().unwrap());
    assert_eq!(listed[0]["violations"][0]["line"], 6);

    // Fixed in place: the next sync checks the new content and forgets the old.
    std::fs::write(&odd, CONTRACT_3_1.replace("orders", "odd")).unwrap();
    let (code, out) = stdout_of(&env, &["--catalog", catalog, "sync"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("breaks the schema"), "{out}");
    let json = env.json(&["--catalog", catalog, "info"]);
    assert_eq!(json["spec_violations"], serde_json::json!([]));
}
