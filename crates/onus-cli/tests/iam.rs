//! `onus iam validate` and `onus iam simulate`, run as the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn onus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onus")).args(args).env_remove("ONUS_LOG").output().expect("run onus")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const IDENTITY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::data/*"},
    {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/secret/*"}
  ]
}"#;

#[test]
fn validate_reports_file_line_column_and_exits_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "bad.json", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjekt\", \"Resource\": \"*\"}]\n}\n");
    let o = onus(&["iam", "validate", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("bad.json:3:"), "{out}");
    assert!(out.contains("unknown-action"), "{out}");
}

#[test]
fn validate_clean_policy_exits_0_and_json_format() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "ok.json", IDENTITY);
    let o = onus(&["iam", "validate", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = onus(&["iam", "validate", "--format", "json", "--type", "resource", p.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["type"], "resource");
    // A resource policy needs a Principal: an error, so exit 1.
    assert_eq!(o.status.code(), Some(1));
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["code"] == "MissingElement"));
}

#[test]
fn validate_security_warning_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "pass.json", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#);
    let o = onus(&["iam", "validate", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("security_warning"));
}

#[test]
fn validate_unreadable_input_exits_2() {
    let o = onus(&["iam", "validate", "/nonexistent/policy.json"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn simulate_allowed_explicit_and_implicit_deny() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "id.json", IDENTITY);
    let ps = p.to_str().unwrap();
    let base = ["iam", "simulate", "--policy", ps, "--principal", "arn:aws:iam::111122223333:user/carlos"];
    let run = |action: &str, resource: &str| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(["--action", action, "--resource", resource]);
        onus(&args)
    };
    let o = run("S3:getobject", "arn:aws:s3:::data/report.csv");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("allowed"), "{}", stdout(&o));
    assert!(stdout(&o).contains("Read"), "{}", stdout(&o));
    let o = run("s3:GetObject", "arn:aws:s3:::data/secret/k");
    assert!(stdout(&o).starts_with("explicit deny"), "{}", stdout(&o));
    assert!(stdout(&o).contains("NoSecrets"), "{}", stdout(&o));
    let o = run("s3:PutObject", "arn:aws:s3:::data/k");
    assert!(stdout(&o).starts_with("implicit deny"), "{}", stdout(&o));
}

#[test]
fn simulate_with_scp_context_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let id = write(&dir, "id.json", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#);
    let scp = write(
        &dir,
        "scp.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
            {"Sid":"Regions","Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#,
    );
    let args = |region: &str| {
        vec![
            "iam".to_string(), "simulate".into(), "--policy".into(), id.to_str().unwrap().into(), "--scp".into(),
            scp.to_str().unwrap().into(), "--action".into(), "ec2:RunInstances".into(), "--resource".into(), "*".into(),
            "--principal".into(), "arn:aws:sts::111122223333:assumed-role/Dev/alice".into(), "--context".into(),
            format!("aws:RequestedRegion=string:{region}"), "--format".into(), "json".into(),
        ]
    };
    let run = |region: &str| {
        let a = args(region);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = onus(&refs);
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap()
    };
    assert_eq!(run("us-east-1")["decision"], "explicit_deny");
    let v = run("eu-west-1");
    assert_eq!(v["decision"], "allowed");
    assert!(v["condition_misses"].as_array().unwrap().iter().any(|m| m["statement"]["statement"] == "Regions"));
}

#[test]
fn simulate_bad_policy_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "broken.json", "{\"Statement\": [");
    let o = onus(&["iam", "simulate", "--policy", p.to_str().unwrap(), "--action", "s3:GetObject"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("broken.json"));
}

fn demo() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account.json").to_string_lossy().into_owned()
}

#[test]
fn paths_shows_each_step_with_the_statements_that_allow_it() {
    let o = onus(&["iam", "paths", &demo(), "--principal", "arn:aws:iam::111122223333:user/bob.martins"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("user bob.martins: reaches full access in 3 steps"), "{out}");
    assert!(out.contains("1. bob.martins assumes the role"), "{out}");
    assert!(out.contains("sts:AssumeRole on arn:aws:iam::111122223333:role/northwind-etl-operator"), "{out}");
    assert!(out.contains("northwind-etl-operator trust policy (DataEngineersAssume)"), "{out}");
    assert!(out.contains("3. northwind-ingest-lambda attaches AdministratorAccess to the role"), "{out}");

    let o = onus(&["iam", "paths", &demo(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let admins: Vec<&str> = v["principals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["admin_equivalent"] == true)
        .filter_map(|p| p["principal"].as_str())
        .collect();
    assert!(admins.contains(&"arn:aws:iam::111122223333:user/alice.nguyen"), "{admins:?}");
    assert!(!admins.iter().any(|a| a.ends_with("svc-github-actions")), "a boundary stops it: {admins:?}");

    let o = onus(&["iam", "paths", &demo(), "--principal", "arn:aws:iam::111122223333:user/nobody"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no user or role arn:aws:iam::111122223333:user/nobody"));
}

#[test]
fn who_can_includes_the_resource_policy_and_lists_unknowns() {
    let o = onus(&[
        "iam",
        "who-can",
        "--action",
        "kms:Decrypt",
        "--resource",
        "arn:aws:kms:us-east-1:111122223333:key/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        &demo(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let allowed: Vec<&str> = v["allowed"].as_array().unwrap().iter().filter_map(|a| a["principal"].as_str()).collect();
    // The key policy does not delegate to the account: only the principals it names
    // (and its public partner statement) decide, whatever the IAM policies say.
    assert!(allowed.contains(&"arn:aws:iam::111122223333:user/dave.kowalski"), "{allowed:?}");
    assert!(!allowed.contains(&"arn:aws:iam::111122223333:user/alice.nguyen"), "AdministratorAccess is not enough: {allowed:?}");
    assert!(v["unknown"].as_array().unwrap().is_empty(), "{v}");
    assert!(v["resource_policy"].as_str().is_some_and(|r| r.starts_with("arn:aws:kms:")));
}

#[test]
fn permissions_separate_any_resource_from_named_resources() {
    let o = onus(&["iam", "permissions", &demo(), "--principal", "arn:aws:iam::111122223333:user/carla.ortiz", "--service", "s3"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    // The analyst reads the data lake bucket only: object reads are on some resources.
    assert!(out.contains("some resources, read: s3:GetObject"), "{out}");
    assert!(!out.contains("s3:PutObject"), "{out}");

    let o = onus(&["iam", "permissions", &demo(), "--principal", "arn:aws:iam::111122223333:user/alice.nguyen", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let services = v["services"].as_array().unwrap();
    assert!(services.len() > 300, "an administrator reaches every service: {}", services.len());
    // The organization's guardrail SCP takes CloudTrail's StopLogging away even from her.
    let trail = services.iter().find(|s| s["service"] == "cloudtrail").unwrap();
    assert!(!trail.to_string().contains("cloudtrail:StopLogging"), "{trail}");
    assert!(trail.to_string().contains("cloudtrail:LookupEvents"), "{trail}");
}
