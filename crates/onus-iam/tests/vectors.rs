//! Hand-written test vectors from the AWS documentation (one file per topic under
//! `tests/vectors/`, each citing its pages). Every vector is checked against both the
//! engine and the reference evaluator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

mod common;

use serde_json::Value;
use std::path::Path;

#[test]
fn evaluation_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut total = 0;
    let mut failures = Vec::new();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("validate_") {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let sources = doc.get("sources").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
        assert!(sources > 0, "{name}: cite the documentation pages in \"sources\"");
        for case in doc["cases"].as_array().unwrap_or_else(|| panic!("{name}: cases")) {
            let cname = case["name"].as_str().unwrap_or("?");
            let (engine, reference) = common::sets(case);
            for (i, r) in case["requests"].as_array().unwrap_or_else(|| panic!("{cname}: requests")).iter().enumerate() {
                total += 1;
                let req = common::request(case, r);
                let want = common::outcome(r["expect"].as_str().expect("expect"));
                let got = engine.decide(&req);
                let explained = engine.evaluate(&req);
                let refd = common::reference::decide(&reference, &req);
                if got != want || refd != want || explained.outcome != got {
                    failures.push(format!(
                        "{name} / {cname} / request {i} ({} on {}): want {want:?}, engine {got:?}, explained {:?}, reference {refd:?} — {}",
                        req.action, req.resource.arn, explained.outcome, explained.reason
                    ));
                }
            }
        }
    }
    eprintln!("{total} evaluation vectors");
    assert!(failures.is_empty(), "{} of {total} vectors failed:\n{}", failures.len(), failures.join("\n"));
    assert!(total >= 300, "only {total} evaluation vectors");
}

#[test]
fn validation_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut total = 0;
    let mut failures = Vec::new();
    for f in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("validate_") {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(doc.get("sources").and_then(Value::as_array).is_some_and(|s| !s.is_empty()), "{name}: sources");
        for case in doc["cases"].as_array().unwrap() {
            total += 1;
            let cname = case["name"].as_str().unwrap_or("?");
            let ty: onus_iam::PolicyType = case["type"].as_str().unwrap_or("identity").parse().unwrap();
            let text = match &case["policy"] {
                Value::String(s) => s.clone(),
                v => serde_json::to_string_pretty(v).unwrap(),
            };
            let findings = onus_iam::validate(&text, ty);
            let got: Vec<&str> = findings.iter().map(|f| f.code.slug()).collect();
            for want in case["expect"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()) {
                if !got.contains(&want) {
                    failures.push(format!("{name} / {cname}: expected {want}, got {got:?}"));
                }
            }
            for not in case.get("absent").and_then(Value::as_array).into_iter().flatten().map(|v| v.as_str().unwrap()) {
                if got.contains(&not) {
                    failures.push(format!("{name} / {cname}: did not expect {not}, got {got:?}"));
                }
            }
            for f in &findings {
                assert!(f.line >= 1 && f.column >= 1, "{cname}: finding without position");
            }
        }
    }
    eprintln!("{total} validation vectors");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(total >= 40, "only {total} validation vectors");
}
