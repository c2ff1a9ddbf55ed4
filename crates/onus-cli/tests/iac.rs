//! End-to-end: `onus scan terraform|cloudformation|PATH`, SARIF output, and
//! bad input (exit 2, file and line on stderr).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn onus(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_onus")).args(args).env_remove("ONUS_LOG").output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run onus: {e}"),
    }
}

fn path(rel: &str) -> String {
    repo().join(rel).to_string_lossy().into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    match serde_json::from_slice(&o.stdout) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {}", String::from_utf8_lossy(&o.stderr)),
    }
}

#[test]
fn terraform_configuration_fails_with_sarif_pointing_at_the_line() {
    let o = onus(&["scan", "terraform", &path("crates/onus-terraform/tests/corpus/goat"), "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let log = json(&o);
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert!(results.iter().any(|r| r["ruleId"] == "rds-instance-publicly-accessible"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 79
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().is_some_and(|u| u.ends_with("main.tf"))));
}

#[test]
fn cloudformation_parameters_change_the_verdict() {
    let tpl = path("crates/onus-cloudformation/tests/corpus/ec2-instance-with-security-group.yaml");
    let base = ["scan", "cloudformation", tpl.as_str(), "--checks", "ec2-security-group-admin-ports-open", "--format", "json"];
    let o = onus(&base);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["results"][0]["status"], "fail");
    let mut with = base.to_vec();
    with.extend(["--parameter", "SSHLocation=203.0.113.0/24"]);
    let o = onus(&with);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["results"][0]["status"], "pass");
}

#[test]
fn scan_path_detects_the_kind() {
    let o = onus(&["scan", &path("crates/onus-cloudformation/tests/fixtures/s3-bucket-versioning-disabled/fail.yaml"), "--format", "json", "--checks", "s3-bucket-versioning-disabled"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(json(&o)["scan"]["source"], "cloudformation");
    let o = onus(&["scan", &path("crates/onus-terraform/tests/data/plan/plan.json"), "--format", "json"]);
    assert_eq!(json(&o)["scan"]["source"], "terraform_plan");
}

#[test]
fn bad_input_exits_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("stack.yaml");
    std::fs::write(&bad, "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Reff x\n").unwrap_or_else(|e| panic!("{e}"));
    let o = onus(&["scan", "cloudformation", &bad.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("stack.yaml:6:") && err.contains("!Reff"), "{err}");
    let o = onus(&["scan", &dir.path().join("missing.tf").to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
}
