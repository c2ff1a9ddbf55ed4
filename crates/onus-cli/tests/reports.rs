//! End-to-end tests of the report options: several formats at once, display
//! filters, the mutelist and --fail-on, compliance views, `onus frameworks`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demo() -> String {
    repo().join("examples/demo-account.json").to_string_lossy().into_owned()
}

fn onus(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_onus")).args(args).env_remove("ONUS_LOG").output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run onus: {e}"),
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(o: &Output) -> Value {
    match serde_json::from_slice(&o.stdout) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {}", text(&o.stderr)),
    }
}

fn tmp() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn several_formats_go_to_one_directory() {
    let dir = tmp();
    let out = dir.path().join("out");
    let o = onus(&[
        "scan", "snapshot", &demo(), "--format", "html,csv,junit,markdown,ocsf,asff,json", "--format", "table",
        "--output-dir", &out.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(1), "findings still fail the build: {}", text(&o.stderr));
    assert!(o.stdout.is_empty(), "nothing on stdout with --output-dir");
    for name in ["report.html", "report.csv", "report.junit.xml", "report.md", "report.ocsf.json", "report.asff.json", "report.json", "report.txt"] {
        let len = std::fs::metadata(out.join(name)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 100, "{name}: {len} bytes");
    }
    let o = onus(&["scan", "snapshot", &demo(), "--format", "csv,json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--output-dir"), "{}", text(&o.stderr));
}

#[test]
fn display_filters_apply_to_every_format() {
    let o = onus(&["scan", "snapshot", &demo(), "--format", "json", "--severity", "critical,low", "--status", "fail"]);
    let v = json(&o);
    let results = v["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| (r["severity"] == "critical" || r["severity"] == "low") && r["status"] == "fail"));
    let o = onus(&["scan", "snapshot", &demo(), "--format", "csv", "--severity", "high", "--domain", "identity-access"]);
    let csv = text(&o.stdout);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|l| l.split(',').nth(1) == Some("high") && l.split(',').nth(5) == Some("identity-access")), "{csv}");
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    if let Err(e) = std::fs::write(&p, content) {
        panic!("{e}");
    }
    p.to_string_lossy().into_owned()
}

#[test]
fn muted_findings_are_kept_and_never_fail_the_build() {
    let dir = tmp();
    // Mute every failing check of EBS: the EBS findings are medium and critical.
    let list = write(dir.path(), "m.yaml", "version: 1\nentries:\n  - checks: [\"ebs-*\"]\n    reason: accepted for the test\n");
    let o = onus(&["scan", "snapshot", &demo(), "--service", "ebs", "--fail-on", "low"]);
    assert_eq!(o.status.code(), Some(1), "unmuted EBS failures fail the build");
    let o = onus(&["scan", "snapshot", &demo(), "--service", "ebs", "--fail-on", "low", "--mutelist", &list, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "muted findings never fail it: {}", text(&o.stderr));
    let v = json(&o);
    let muted: Vec<&Value> = v["results"].as_array().into_iter().flatten().filter(|r| r["status"] == "muted").collect();
    assert!(!muted.is_empty(), "muted results are reported, not dropped");
    assert!(muted.iter().all(|r| r["muted"]["reason"] == "accepted for the test" && r["muted"]["original_status"] != "pass"));
    assert!(v["results"].as_array().into_iter().flatten().all(|r| r["status"] != "fail"));
}

#[test]
fn an_expired_entry_warns_on_stderr_and_in_the_report() {
    let dir = tmp();
    let list = write(dir.path(), "m.yaml", "version: 1\nentries:\n  - checks: [\"ebs-*\"]\n    reason: temporary\n    expires: 2026-01-31\n");
    let o = onus(&["scan", "snapshot", &demo(), "--service", "ebs", "--mutelist", &list, "--as-of", "2026-02-01", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "the expired entry mutes nothing");
    let err = text(&o.stderr);
    assert!(err.contains("warning") && err.contains("m.yaml:3") && err.contains("expired on 2026-01-31"), "{err}");
    let v = json(&o);
    assert!(v["warnings"][0].as_str().is_some_and(|w| w.contains("expired on 2026-01-31")), "{}", v["warnings"]);
}

#[test]
fn a_bad_mutelist_is_an_error_with_its_position() {
    let dir = tmp();
    let list = write(dir.path(), "bad.yaml", "version: 1\nentries:\n  - checks: [\"ebs-*\"]\n    expires: 2027-01-01\n");
    let o = onus(&["scan", "snapshot", &demo(), "--mutelist", &list]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("bad.yaml:3:") && err.contains("no `reason`"), "{err}");
}

#[test]
fn framework_views_in_table_json_and_html() {
    let o = onus(&["scan", "snapshot", &demo(), "--framework", "cis-aws-3.0.0", "--format", "json"]);
    let v = json(&o);
    let view = &v["compliance"][0];
    assert_eq!(view["framework"], "cis-aws-3.0.0");
    assert_eq!(view["controls"].as_array().map(Vec::len), Some(62));
    assert!(view["percent_passed"].is_number());
    // Only the framework's checks ran.
    let framework = json(&onus(&["frameworks", "show", "cis-aws-3.0.0", "--format", "json"]));
    let mapped: Vec<&str> = framework["controls"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["checks"].as_array().into_iter().flatten().filter_map(|id| id.as_str()))
        .collect();
    assert!(mapped.len() >= 10, "{mapped:?}");
    for r in v["results"].as_array().into_iter().flatten() {
        assert!(r["check_id"].as_str().is_some_and(|c| mapped.contains(&c)), "{} is not mapped to CIS", r["check_id"]);
    }
    assert!(!v["results"].as_array().into_iter().flatten().any(|r| r["check_id"] == "guardduty-not-enabled"));
    let o = onus(&["scan", "snapshot", &demo(), "--framework", "aws-fsbp", "--color", "never"]);
    let out = text(&o.stdout);
    assert!(out.contains("AWS Foundational Security Best Practices") && out.contains("GuardDuty.1") && out.contains("not-covered"), "{out}");
    let o = onus(&["scan", "snapshot", &demo(), "--framework", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown framework \"nope\""));
}

#[test]
fn frameworks_list_and_show() {
    let o = onus(&["frameworks", "list", "--format", "json"]);
    assert!(o.status.success());
    let v = json(&o);
    let ids: Vec<&str> = v.as_array().into_iter().flatten().filter_map(|f| f["id"].as_str()).collect();
    assert_eq!(ids, ["cis-aws-3.0.0", "aws-fsbp", "nist-800-53-rev5"]);
    let o = onus(&["frameworks", "show", "cis-aws-3.0.0"]);
    let out = text(&o.stdout);
    assert!(out.contains("1.4") && out.contains("iam-root-user-access-keys") && out.contains("manual") && out.contains("not covered"), "{out}");
    let o = onus(&["frameworks", "show", "nist-800-53-rev5", "--format", "json"]);
    let v = json(&o);
    assert!(v["controls"].as_array().is_some_and(|c| c.iter().any(|c| c["id"] == "SC-28")));
}
