//! docs/keys.md is generated from the default keymap; this fails when stale.
//! Regenerate: `UPDATE_KEYS_DOC=1 cargo test --test tui_keys_doc`.

use meshlens::tui::keymap::Keymap;

#[test]
fn keys_doc_is_up_to_date() {
    let expected = Keymap::defaults().unwrap().markdown();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/keys.md");
    if std::env::var_os("UPDATE_KEYS_DOC").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/keys.md is stale: run `UPDATE_KEYS_DOC=1 cargo test --test tui_keys_doc`"
    );
}
