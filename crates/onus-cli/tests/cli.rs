//! End-to-end tests of the `onus` binary: exit codes, formats, bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demo() -> PathBuf {
    repo().join("examples/demo-account.json")
}

fn onus(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_onus")).args(args).env_remove("ONUS_LOG").output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run onus: {e}"),
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn demo_str() -> String {
    demo().to_string_lossy().into_owned()
}

#[test]
fn demo_scan_reports_every_check_and_exits_1() {
    let o = onus(&["scan", "snapshot", &demo_str(), "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    for check in onus_checks::CHECKS {
        assert!(out.contains(check.meta().id), "table lacks {}", check.meta().id);
    }
    assert!(out.contains("CRITICAL ("), "grouped by severity");
    assert!(out.lines().last().is_some_and(|l| l.contains("checks on") && l.contains("fail")), "summary line last");
    assert!(stderr(&o).is_empty(), "nothing on stderr without -v: {}", stderr(&o));
}

#[test]
fn fail_on_follows_the_findings() {
    // The demo has critical failures.
    let o = onus(&["scan", "snapshot", &demo_str(), "--fail-on", "critical"]);
    assert_eq!(o.status.code(), Some(1));
    // The EBS encryption checks are medium: failing medium findings do not trip --fail-on high…
    let encryption = "ebs-volume-unencrypted,ebs-encryption-by-default-disabled";
    let o = onus(&["scan", "snapshot", &demo_str(), "--checks", encryption, "--fail-on", "high"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = onus(&["scan", "snapshot", &demo_str(), "--checks", encryption, "--fail-on", "medium"]);
    assert_eq!(o.status.code(), Some(1));
    // …but the demo's public EBS snapshot (critical) does.
    let o = onus(&["scan", "snapshot", &demo_str(), "--service", "ebs", "--fail-on", "high"]);
    assert_eq!(o.status.code(), Some(1));
    let o = onus(&["scan", "snapshot", &demo_str(), "--fail-on", "none"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn json_report_round_trips_through_serde() {
    let o = onus(&["scan", "snapshot", &demo_str(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: onus_report::Report = match serde_json::from_slice(&o.stdout) {
        Ok(r) => r,
        Err(e) => panic!("JSON report does not parse back: {e}"),
    };
    assert_eq!(report.format, "onus-report");
    assert!(report.results.iter().any(|r| r.status == onus_checks::Status::Pass), "passes are kept");
    let again = serde_json::to_value(&report).unwrap_or_default();
    let original: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    assert_eq!(again, original, "lossless round trip");
    let total: usize = report.summary.by_status.values().sum();
    assert_eq!(total, report.results.len());
}

#[test]
fn selection_flags() {
    let o = onus(&["scan", "snapshot", &demo_str(), "--format", "json", "--checks", "iam-root-user-without-mfa,ebs-volume-unencrypted"]);
    let report: onus_report::Report = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    let mut ids: Vec<&str> = report.results.iter().map(|r| r.check_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids, ["ebs-volume-unencrypted", "iam-root-user-without-mfa"]);

    let o = onus(&["scan", "snapshot", &demo_str(), "--format", "json", "--min-severity", "critical", "--skip-checks", "iam-root-user-access-keys"]);
    let report: onus_report::Report = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.results.iter().all(|r| r.severity == onus_checks::Severity::Critical));
    assert!(report.results.iter().all(|r| r.check_id != "iam-root-user-access-keys"));

    let o = onus(&["scan", "snapshot", &demo_str(), "--format", "json", "--domain", "network-firewall", "--status", "fail"]);
    let report: onus_report::Report = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.results.is_empty());
    assert!(report.results.iter().all(|r| r.domain == onus_model::Domain::NetworkFirewall && r.status == onus_checks::Status::Fail));
}

#[test]
fn checks_list_and_explain() {
    let o = onus(&["checks", "list", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(list.len() >= 12);
    for c in &list {
        for field in ["id", "title", "severity", "service", "domain", "duty", "kinds", "rationale", "remediation", "references"] {
            assert!(c.get(field).is_some(), "{field} missing in {c}");
        }
    }
    let o = onus(&["checks", "explain", "s3-bucket-policy-allows-public-access"]);
    assert_eq!(o.status.code(), Some(0));
    let doc = std::fs::read_to_string(repo().join("docs/checks/s3-bucket-policy-allows-public-access.md")).unwrap_or_default();
    assert_eq!(stdout(&o), doc, "explain prints the generated doc");
}

#[test]
fn output_file_and_saved_snapshot() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report = dir.path().join("report.json");
    let saved = dir.path().join("inventory.json.zst");
    let o = onus(&[
        "scan", "snapshot", &demo_str(), "--format", "json",
        "--output", &report.to_string_lossy(), "--save-snapshot", &saved.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "report went to the file, not stdout");
    assert!(std::fs::metadata(&report).map(|m| m.len() > 1000).unwrap_or(false));
    let original = onus_model::snapshot::read(&demo()).unwrap_or_else(|e| panic!("{e}"));
    let back = onus_model::snapshot::read(&saved).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(original, back, "zstd snapshot is lossless");

    // A second report replaces the first whole, with nothing left beside it.
    std::fs::write(&report, "stale").unwrap_or_else(|e| panic!("{e}"));
    let o = onus(&["scan", "snapshot", &demo_str(), "--format", "csv", "--output", &report.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(csv.starts_with("status,severity,check_id") && csv.lines().count() > 100, "{}", &csv[..csv.len().min(200)]);
    let left: Vec<_> = std::fs::read_dir(dir.path()).map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect()).unwrap_or_default();
    assert_eq!(left.len(), 2, "{left:?}");
    // A destination that cannot be written is an error naming it.
    let missing = dir.path().join("no-such-dir").join("report.json");
    let o = onus(&["scan", "snapshot", &demo_str(), "--format", "json", "--output", &missing.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("report.json: cannot write the report"), "{}", stderr(&o));
}

#[test]
fn snapshot_convert_is_lossless_both_ways() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let zst = dir.path().join("demo.json.zst");
    let json = dir.path().join("demo.json");
    assert_eq!(onus(&["snapshot", "convert", &demo_str(), &zst.to_string_lossy()]).status.code(), Some(0));
    assert_eq!(onus(&["snapshot", "convert", &zst.to_string_lossy(), &json.to_string_lossy()]).status.code(), Some(0));
    let a = onus_model::snapshot::read(&demo()).unwrap_or_else(|e| panic!("{e}"));
    let b = onus_model::snapshot::read(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a, b);
}

/// Runs onus on bad input and returns its one-line error.
fn bad_input(file: &Path) -> String {
    let o = onus(&["scan", "snapshot", &file.to_string_lossy()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "exit 2 for {}: {err}", file.display());
    assert!(o.stdout.is_empty(), "no report on failure");
    assert!(!err.contains("panicked"), "no panic: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("onus: error: "), "{err}");
    assert!(err.contains(&file.to_string_lossy().into_owned()), "names the file: {err}");
    err
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap_or_else(|e| panic!("{e}"));
    p
}

#[test]
fn bad_input_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let demo_bytes = std::fs::read(demo()).unwrap_or_else(|e| panic!("{e}"));

    let err = bad_input(&d.join("missing.json"));
    assert!(err.contains("cannot read") && err.contains("No such file"), "{err}");

    let err = bad_input(&write(d, "malformed.json", b"{\n  \"format\": \"onus-inventory\",\n  \"format_version\": 1,\n  \"metadata\": {,\n}"));
    assert!(err.contains("malformed.json:4:"), "line and column: {err}");

    let truncated = &demo_bytes[..demo_bytes.len() / 2];
    let err = bad_input(&write(d, "truncated.json", truncated));
    assert!(err.contains("EOF while parsing"), "{err}");

    let zst = zstd::encode_all(demo_bytes.as_slice(), 3).unwrap_or_default();
    let err = bad_input(&write(d, "truncated.json.zst", &zst[..zst.len() / 2]));
    assert!(err.contains("zstd"), "{err}");

    let newer = String::from_utf8_lossy(&demo_bytes).replacen("\"format_version\": 1", "\"format_version\": 99", 1);
    let err = bad_input(&write(d, "newer.json", newer.as_bytes()));
    assert!(err.contains("format version 99 is not supported"), "{err}");

    let err = bad_input(&write(d, "other.json", b"{\"Resources\": {}}"));
    assert!(err.contains("not an onus inventory snapshot"), "{err}");

    let wrong_type = String::from_utf8_lossy(&demo_bytes).replacen("\"encrypted\": true", "\"encrypted\": \"yes\"", 1);
    assert_ne!(wrong_type.as_bytes(), demo_bytes.as_slice(), "the demo has an encrypted volume to corrupt");
    let err = bad_input(&write(d, "wrong-type.json", wrong_type.as_bytes()));
    assert!(err.contains("expected a boolean") && err.contains("resources["), "names what and where: {err}");

    let unknown_kind = String::from_utf8_lossy(&demo_bytes).replacen("\"AWS::EC2::Volume\"", "\"AWS::EC2::Volum\"", 1);
    let err = bad_input(&write(d, "unknown-kind.json", unknown_kind.as_bytes()));
    assert!(err.contains("AWS::EC2::Volum"), "{err}");

    let inv = onus_model::snapshot::read(&demo()).unwrap_or_else(|e| panic!("{e}"));
    let mut dup = inv.clone();
    dup.resources.push(inv.resources[0].clone());
    let dup_path = d.join("duplicate.json");
    onus_model::snapshot::write(&dup_path, &dup).unwrap_or_else(|e| panic!("{e}"));
    let err = bad_input(&dup_path);
    assert!(err.contains("appears more than once"), "{err}");
}

#[test]
fn unknown_check_id_is_an_error_with_a_suggestion() {
    let o = onus(&["checks", "explain", "iam-root-user-without-mf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean \"iam-root-user-without-mfa\""), "{}", stderr(&o));
    let o = onus(&["scan", "snapshot", &demo_str(), "--checks", "no-such-check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown check id \"no-such-check\""));
    let o = onus(&["scan", "snapshot", &demo_str(), "--service", "ecs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no checks for service \"ecs\""), "{}", stderr(&o));
    let o = onus(&["scan", "snapshot", &demo_str(), "--min-severity", "severe"]);
    assert_eq!(o.status.code(), Some(2), "clap usage errors exit 2 too");
}

#[test]
fn hostile_names_cannot_drive_the_terminal() {
    let mut inv = onus_model::snapshot::read(&demo()).unwrap_or_else(|e| panic!("{e}"));
    let Some(vol) = inv.resources.iter_mut().find(|r| r.kind() == onus_model::ResourceKind::Ec2Volume) else {
        panic!("demo has volumes")
    };
    vol.name = "evil\u{1b}[2J\u{1b}]0;pwned\u{7}<script>alert(1)</script>".to_owned();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("hostile.json");
    onus_model::snapshot::write(&path, &inv).unwrap_or_else(|e| panic!("{e}"));
    let o = onus(&["scan", "snapshot", &path.to_string_lossy(), "--status", "pass,fail", "--color", "never"]);
    let out = stdout(&o);
    assert!(out.contains("evil\\u{1b}[2J"), "escape shown, not executed");
    assert!(!out.contains('\u{1b}'), "no raw escape bytes reach the terminal");
}
