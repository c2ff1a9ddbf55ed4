//! `onus matrix` end to end on the bundled example.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn onus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onus")).args(args).output().unwrap_or_else(|e| panic!("cannot run onus: {e}"))
}

fn demo() -> String {
    repo().join("examples/demo-account.json").to_string_lossy().into_owned()
}

fn attestations() -> String {
    repo().join("examples/attestations.yaml").to_string_lossy().into_owned()
}

fn matrix_json(extra: &[&str]) -> serde_json::Value {
    let demo = demo();
    let mut args = vec!["matrix", "snapshot", demo.as_str(), "--format", "json", "--as-of", "2026-11-23"];
    args.extend_from_slice(extra);
    let o = onus(&args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"))
}

fn cell<'a>(m: &'a serde_json::Value, service: &str, domain: &str) -> &'a serde_json::Value {
    let rows = m["rows"].as_array().unwrap_or_else(|| panic!("no rows"));
    let row = rows.iter().find(|r| r["service"] == service).unwrap_or_else(|| panic!("no row {service}"));
    let cells = row["cells"].as_array().unwrap_or_else(|| panic!("no cells"));
    cells.iter().find(|c| c["domain"] == domain).unwrap_or_else(|| panic!("no cell {service}/{domain}"))
}

#[test]
fn rows_are_the_services_in_use() {
    let m = matrix_json(&[]);
    let mut services: Vec<&str> = m["rows"].as_array().into_iter().flatten().filter_map(|r| r["service"].as_str()).collect();
    services.sort_unstable();
    assert_eq!(
        services,
        [
            "acm", "aurora", "backup", "cloudtrail", "cloudwatch", "config", "dynamodb", "ebs", "ec2", "ecr", "efs", "eks",
            "elb", "guardduty", "iam", "kms", "lambda", "organizations", "rds", "s3", "secretsmanager", "securityhub",
            "sns", "sqs", "ssm", "vpc", "waf"
        ]
    );
    for row in m["rows"].as_array().into_iter().flatten() {
        assert_eq!(row["cells"].as_array().map(Vec::len), Some(12), "every domain in every row");
    }
}

#[test]
fn planted_failures_land_in_the_right_cells() {
    let m = matrix_json(&[]);
    // The demo's public unencrypted MySQL, its RDP-from-anywhere group, its weak password policy…
    assert_eq!(cell(&m, "rds", "data-at-rest")["status"], "not-met");
    assert_eq!(cell(&m, "rds", "network-firewall")["status"], "not-met");
    assert_eq!(cell(&m, "ec2", "network-firewall")["status"], "not-met");
    assert_eq!(cell(&m, "iam", "identity-access")["status"], "not-met");
    assert_eq!(cell(&m, "s3", "encryption-in-transit")["status"], "not-met");
    assert_eq!(cell(&m, "cloudtrail", "logging-monitoring")["status"], "not-met");
    // …and the reporting stack's IMDSv1 server, public function URL, plain-HTTP listener, and the region without GuardDuty.
    assert_eq!(cell(&m, "ec2", "compute-os")["status"], "not-met");
    assert_eq!(cell(&m, "lambda", "identity-access")["status"], "not-met");
    assert_eq!(cell(&m, "elb", "encryption-in-transit")["status"], "not-met");
    assert_eq!(cell(&m, "guardduty", "logging-monitoring")["status"], "not-met");
    // …while AWS's own domains stay AWS's.
    assert_eq!(cell(&m, "rds", "physical-facilities")["status"], "aws");
    assert_eq!(cell(&m, "s3", "compute-os")["status"], "aws");
    // The failing findings behind a cell name the resource.
    let findings = cell(&m, "rds", "data-at-rest")["findings"].as_array().cloned().unwrap_or_default();
    assert!(findings.iter().any(|f| f["resource"]["name"].as_str().is_some_and(|n| n.contains("reporting-mysql"))));
    let cov = &m["coverage"];
    assert!(cov["customer_duties"].as_u64().unwrap_or(0) > 0);
    assert!(cov["automated_percent"].as_f64().is_some_and(|p| p > 0.0 && p < 100.0));
}

#[test]
fn attestations_turn_manual_duties_met_until_they_expire() {
    let before = matrix_json(&[]);
    assert_eq!(cell(&before, "rds", "backup-recovery")["manual"]["attestation"], serde_json::Value::Null);
    let after = matrix_json(&["--attestations", &attestations()]);
    let rds_backup = cell(&after, "rds", "backup-recovery");
    assert_eq!(rds_backup["manual"]["attestation"]["by"], "Priya Natarajan (platform lead)");
    // The expired IAM review does not count and is reported.
    assert_eq!(cell(&after, "iam", "governance-compliance")["status"], "manual");
    assert_eq!(after["expired_attestations"].as_array().map(Vec::len), Some(1));
    // A year and a day later, the restore test has lapsed too.
    let later = {
        let o = onus(&["matrix", "snapshot", &demo(), "--format", "json", "--as-of", "2027-10-05", "--attestations", &attestations()]);
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(cell(&later, "rds", "backup-recovery")["manual"]["attestation"], serde_json::Value::Null);
}

#[test]
fn table_markdown_and_service_detail() {
    let o = onus(&["matrix", "snapshot", &demo(), "--color", "never"]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Identity") && out.contains("✗") && out.contains("Coverage:"), "{out}");

    let o = onus(&["matrix", "snapshot", &demo(), "--format", "markdown"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("| Service |") && out.contains("Manual duties awaiting attestation"), "{out}");

    let o = onus(&["matrix", "snapshot", &demo(), "--service", "rds", "--attestations", &attestations()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    // Every duty's own sentences, straight from the model, are printed.
    let model = onus_matrix::builtin().unwrap_or_else(|e| panic!("{e}"));
    let rds = model.service("rds").unwrap_or_else(|| panic!("rds in model"));
    for duty in rds.domains.values() {
        for text in [&duty.aws, &duty.customer, &duty.manual].into_iter().flatten() {
            assert!(out.contains(text.as_str()), "missing {text:?} in {out}");
        }
    }
    assert!(out.contains("rds-instance-storage-unencrypted") && out.contains("reporting-mysql"), "{out}");
    assert!(out.contains("attested by Priya Natarajan"), "{out}");

    let o = onus(&["matrix", "snapshot", &demo(), "--service", "ecs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not in use"));
}

#[test]
fn bad_attestations_get_file_line_and_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let cases: &[(&str, &str, &str)] = &[
        ("syntax.yaml", "attestations:\n  - service: rds\n    domain: [backup\n", "syntax.yaml:3:"),
        ("field.yaml", "attestations:\n  - service: rds\n    domain: backup-recovery\n    by: x\n    date: yesterday\n", "field.yaml:5:"),
        ("typo.yaml", "attestations:\n  - service: rds\n    domian: backup-recovery\n", "typo.yaml:3:"),
        ("service.yaml", "attestations:\n  - service: rdss\n    domain: backup-recovery\n    by: x\n    date: 2026-01-01\n", "unknown service"),
        ("auto.yaml", "attestations:\n  - service: rds\n    domain: data-at-rest\n    by: x\n    date: 2026-01-01\n", "no manual duty"),
    ];
    for (name, text, expect) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let o = onus(&["matrix", "snapshot", &demo(), "--attestations", &path.to_string_lossy()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(expect), "{name}: expected {expect:?} in {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: one line: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn the_readme_excerpt_matches_the_real_matrix() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let o = onus(&["matrix", "snapshot", &demo(), "--format", "markdown"]);
    let actual = String::from_utf8_lossy(&o.stdout).into_owned();
    let cells = |line: &str| -> Vec<String> { line.trim().trim_matches('|').split('|').map(|c| c.trim().to_owned()).collect() };
    let actual_rows: Vec<Vec<String>> = actual.lines().filter(|l| l.starts_with('|')).map(cells).collect();
    let Some(actual_header) = actual_rows.first() else { panic!("no matrix table") };
    let excerpt: Vec<Vec<String>> = readme
        .lines()
        .skip_while(|l| !l.starts_with("## The responsibility matrix"))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| "))
        .map(cells)
        .collect();
    let Some(excerpt_header) = excerpt.first() else { panic!("README has no matrix excerpt") };
    let columns: Vec<usize> = excerpt_header
        .iter()
        .map(|h| actual_header.iter().position(|a| a == h).unwrap_or_else(|| panic!("README column {h} is not a matrix column")))
        .collect();
    for row in excerpt.iter().skip(1) {
        let Some(real) = actual_rows.iter().find(|r| r.first() == row.first()) else {
            panic!("README row {:?} is not in the matrix", row.first())
        };
        let expected: Vec<&String> = columns.iter().map(|i| &real[*i]).collect();
        let shown: Vec<&String> = row.iter().collect();
        assert_eq!(shown, expected, "README matrix excerpt is stale: run `onus matrix snapshot examples/demo-account.json --format markdown`");
    }
    assert!(excerpt.len() >= 3, "the excerpt shows some rows");
}
