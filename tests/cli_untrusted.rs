//! No string from the catalogue reaches the terminal raw: a product and a
//! contract whose every text field holds random hostile characters (escape
//! sequences, C1 controls, DEL, bidi overrides, zero-width characters, line
//! separators), through every command's text and `--json` output.

mod support;

use proptest::prelude::*;
use serde_json::json;
use support::Env;

/// What a terminal would act on or hide, as the project defines it.
fn unsafe_char(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c != '\n' && meshlens::text::is_unsafe(c))
}

fn product(hostile: &str) -> serde_json::Value {
    json!({
        "apiVersion": "v1.0.0", "kind": "DataProduct", "id": "evil-product",
        "name": format!("Evil {hostile} Product"), "version": "1.0.0", "status": "active",
        "domain": format!("sales{hostile}"),
        "description": {"purpose": format!("purpose {hostile}"), "usage": hostile},
        "tags": [format!("tag{hostile}")],
        "outputPorts": [{"name": format!("port{hostile}"), "version": "1.0.0",
                          "contractId": "evil-contract", "description": hostile}],
        "team": {"name": format!("Team {hostile}"),
                 "members": [{"username": format!("m{hostile}@example.com"),
                              "name": format!("Mallory {hostile}"), "role": "owner"}]},
        "support": [{"channel": format!("#evil{hostile}"), "url": "https://example.com"}]
    })
}

fn contract(hostile: &str) -> serde_json::Value {
    json!({
        "apiVersion": "v3.0.2", "kind": "DataContract", "id": "evil-contract",
        "version": "1.0.0", "status": "active", "name": format!("Contract {hostile}"),
        "domain": format!("sales{hostile}"),
        "description": {"purpose": format!("contract {hostile}")},
        "schema": [{"name": format!("orders{hostile}"), "description": hostile,
                    "properties": [{"name": format!("id{hostile}"), "logicalType": "string",
                                    "description": format!("the id {hostile}")}]}]
    })
}

fn catalogue(env: &Env, hostile: &str) -> String {
    let folder = env.path("evil");
    std::fs::create_dir_all(&folder).unwrap();
    let yaml = |value: &serde_json::Value| serde_norway::to_string(value).unwrap();
    std::fs::write(folder.join("evil.odps.yaml"), yaml(&product(hostile))).unwrap();
    std::fs::write(folder.join("evil.odcs.yaml"), yaml(&contract(hostile))).unwrap();
    folder.display().to_string()
}

const COMMANDS: &[&[&str]] = &[
    &["search", "evil"],
    &["search", ""],
    &["show", "evil-product"],
    &["show", "evil-contract"],
    &["contracts", "evil-product"],
    &["quality", "evil-product"],
    &["impact", "evil-product"],
    &["lineage", "evil-product"],
    &["health"],
    &["info"],
];

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just('\u{1b}'),
            Just('\u{9b}'),
            Just('\u{9d}'),
            Just('\u{9c}'),
            Just('\u{7f}'),
            Just('\u{7}'),
            Just('\u{202e}'),
            Just('\u{2066}'),
            Just('\u{200b}'),
            Just('\u{200d}'),
            Just('\u{2060}'),
            Just('\u{feff}'),
            Just('\u{2028}'),
            Just('\u{2029}'),
            Just('\u{ad}'),
            Just('\u{e0041}'),
            Just('\r'),
            Just('['),
            Just(']'),
            Just(';'),
            Just('x'),
            Just('é'),
        ],
        1..24,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]
    #[test]
    fn no_catalogue_string_reaches_the_terminal_raw(hostile in hostile()) {
        let env = Env::new();
        let folder = catalogue(&env, &hostile);
        for args in COMMANDS {
            for json in [false, true] {
                let mut cmd = env.cmd();
                cmd.arg("--catalog").arg(&folder).args(*args);
                if json {
                    cmd.arg("--json");
                }
                let out = cmd.output().unwrap();
                for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                    let text = String::from_utf8_lossy(bytes);
                    if let Some(c) = unsafe_char(&text) {
                        return Err(TestCaseError::fail(format!(
                            "{args:?} json={json}: {stream} has U+{:04X}: {text:?}",
                            c as u32
                        )));
                    }
                }
            }
        }
        let validate = env.cmd().arg("validate").arg(&folder).output().unwrap();
        prop_assert!(unsafe_char(&String::from_utf8_lossy(&validate.stdout)).is_none());
    }
}
