//! Random bytes and random YAML never panic, and every error names the file.

use std::path::Path;

use meshlens::standards::{Parsed, parse_bytes, validate};
use proptest::prelude::*;

const PATH: &str = "fuzz/input.odcs.yaml";

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_bytes(Path::new(PATH), bytes) {
        Ok(Parsed::Skipped) => {}
        Ok(Parsed::Records { errors, .. }) => {
            for error in errors {
                prop_assert_eq!(error.path.as_path(), Path::new(PATH));
                prop_assert!(error.to_string().starts_with(PATH));
            }
        }
        Err(error) => {
            prop_assert_eq!(error.path.as_path(), Path::new(PATH));
            prop_assert!(!error.message.is_empty());
        }
    }
    Ok(())
}

/// YAML-ish text built from the standards' own vocabulary, so that many cases
/// get past content sniffing into the parser and the typed conversion.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("apiVersion: v3.1.0\n".to_string()),
        Just("kind: DataContract\n".to_string()),
        Just("kind: DataProduct\n".to_string()),
        Just("schema:\n".to_string()),
        Just("  - name: t\n".to_string()),
        Just("    properties:\n".to_string()),
        Just("      - required: ".to_string()),
        Just("team: ".to_string()),
        Just("items: ".to_string()),
        Just("&a [1, 2] ".to_string()),
        Just("*a ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(": ".to_string()),
        Just("- ".to_string()),
        Just("\"".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("{\"eventType\": \"START\", \"run\": {}, \"job\": {}}\n".to_string()),
        "[a-z0-9 ]{0,8}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes)?;
    }

    #[test]
    fn random_yaml_never_panics(text in yamlish()) {
        check(text.as_bytes())?;
    }

    #[test]
    fn random_yaml_validates_without_panic(text in yamlish()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("input.odcs.yaml");
        std::fs::write(&path, &text).unwrap();
        let report = validate::validate_paths(std::slice::from_ref(&path));
        for finding in report.files.iter().flat_map(|f| &f.findings) {
            prop_assert_eq!(&finding.path, &path);
        }
    }
}
