//! Each broken fixture gives the exact file, line, column and message that
//! fixtures/broken/README.md lists.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use meshlens::model::Record;
use meshlens::standards::validate::{Severity, validate_paths};
use meshlens::standards::{MAX_FILE_BYTES, ParseError, Parsed, parse_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/broken")
        .join(name)
}

fn parse_error(name: &str) -> ParseError {
    let path = fixture(name);
    let error = parse_file(&path).expect_err(name);
    assert_eq!(error.path, path, "the error names the file");
    error
}

fn assert_error(name: &str, location: Option<(usize, usize)>, message: &str) {
    let error = parse_error(name);
    assert_eq!(error.line.zip(error.column), location, "{error}");
    assert!(error.message.contains(message), "{name}: {error}");
}

#[test]
fn yaml_syntax_error() {
    assert_error(
        "yaml-syntax.odcs.yaml",
        Some((7, 18)),
        "YAML syntax error: mapping values are not allowed in this context (a value containing `: ` must be quoted)",
    );
}

#[test]
fn tab_indentation() {
    assert_error(
        "tabs.odcs.yaml",
        Some((7, 1)),
        "tabs cannot be used for indentation in YAML; use spaces",
    );
}

#[test]
fn wrong_type_names_the_field_path() {
    assert_error(
        "wrong-type.odcs.yaml",
        Some((12, 9)),
        "`schema[0].properties[1].required` must be true or false, found \"sometimes\"",
    );
}

#[test]
fn wrong_list() {
    assert_error(
        "wrong-list.odps.yaml",
        Some((6, 1)),
        "`inputPorts` must be a list (`- ` items), found \"retail-orders\"",
    );
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let started = Instant::now();
    let error = parse_error("alias-bomb.odcs.yaml");
    assert!(
        error
            .message
            .contains("expand to far too many values (an \"alias bomb\")"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn too_deep() {
    assert_error(
        "too-deep.odcs.yaml",
        Some((6, 147)),
        "nested more than 128 levels deep",
    );
}

#[test]
fn invalid_utf8_names_the_byte() {
    assert_error(
        "invalid-utf8.odcs.yaml",
        Some((7, 15)),
        "not valid UTF-8 (bad byte 0xE9 at byte offset 106)",
    );
}

#[test]
fn empty_file() {
    assert_error("empty.odcs.yaml", None, "the file is empty");
}

#[test]
fn missing_run_id() {
    assert_error(
        "missing-run-id.json",
        Some((6, 3)),
        "missing required field `run.runId`",
    );
}

#[test]
fn bad_ndjson_line_while_other_lines_load() {
    let path = fixture("bad-line.ndjson");
    let Ok(Parsed::Records { records, errors }) = parse_file(&path) else {
        panic!("expected records");
    };
    let types: Vec<&str> = records
        .iter()
        .map(|r| match r {
            Record::LineageEvent(e) => e.event_type.as_str(),
            _ => "?",
        })
        .collect();
    assert_eq!(types, ["START", "COMPLETE"]);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].to_string(),
        format!(
            "{}:2:47: this line is not valid JSON: EOF while parsing an object",
            path.display()
        )
    );
}

#[test]
fn oversized_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.odcs.yaml");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let error = parse_file(&path).unwrap_err();
    assert_eq!(error.path, path);
    assert_eq!(
        error.message,
        "the file is 16.0 MB, larger than the 16 MB limit; split it into smaller files"
    );
}

fn only_finding(name: &str) -> (Option<usize>, Option<usize>, Severity, String, String) {
    let report = validate_paths(&[fixture(name)]);
    let findings = &report.files[0].findings;
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f.path, fixture(name));
    (
        f.line,
        f.column,
        f.severity,
        f.pointer.clone(),
        f.message.clone(),
    )
}

#[test]
fn validate_missing_required_field() {
    assert_eq!(
        only_finding("missing-required.odcs.yaml"),
        (
            Some(1),
            Some(1),
            Severity::Error,
            String::new(),
            "missing required field `version`".to_string()
        )
    );
}

#[test]
fn validate_bad_enum() {
    assert_eq!(
        only_finding("bad-enum.odps.yaml"),
        (
            Some(1),
            Some(1),
            Severity::Error,
            "/apiVersion".to_string(),
            "`apiVersion` must be one of \"v0.9.0\", \"v1.0.0\", found \"v0.5.0\"".to_string()
        )
    );
}

#[test]
fn validate_wrong_type() {
    assert_eq!(
        only_finding("wrong-type.odcs.yaml"),
        (
            Some(12),
            Some(9),
            Severity::Error,
            "/schema/0/properties/1/required".to_string(),
            "`schema[0].properties[1].required` must be true or false, found \"sometimes\""
                .to_string()
        )
    );
}

#[test]
fn validate_reports_every_broken_file() {
    let report = validate_paths(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken")]);
    let mut names: Vec<String> = report
        .files
        .iter()
        .filter(|f| f.findings.iter().any(|x| x.severity == Severity::Error))
        .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 12, "{names:?}");
    assert!(!report.is_valid());
}

/// Nesting just under the parser's limit must not overflow a worker thread's
/// stack (2 MiB, like rayon's) in typed conversion, shape checks or validation.
#[test]
fn deep_but_allowed_nesting_fits_a_worker_stack() {
    let mut yaml = String::from(
        "apiVersion: v3.1.0\nkind: DataContract\nid: deep\nversion: 1\nstatus: active\nschema:\n  - name: t\n    properties:\n",
    );
    let levels = 60;
    for level in 0..levels {
        let indent = "  ".repeat(2 * level + 3);
        yaml.push_str(&format!(
            "{indent}- name: p{level}\n{indent}  required: maybe\n{indent}  properties:\n"
        ));
    }
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("deep.odcs.yaml");
            std::fs::write(&path, &yaml).unwrap();
            let error = parse_file(&path).unwrap_err();
            let started = Instant::now();
            let report = validate_paths(&[path]);
            (error, report, started.elapsed())
        })
        .unwrap();
    let (error, report, validation_time) = handle.join().expect("no stack overflow");
    assert_eq!(error.line, Some(10));
    assert!(
        error
            .message
            .ends_with(".required` must be true or false, found \"maybe\""),
        "{error}"
    );
    let messages: Vec<&str> = report.files[0]
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("the document is nested 123 levels deep; only documents up to 40"),
        "{messages:?}"
    );
    assert_eq!(messages[1], error.message);
    assert!(
        validation_time < Duration::from_secs(5),
        "{validation_time:?}"
    );
}
