//! A small corpus of deliberately vulnerable configuration, written in the
//! style of public vulnerable-by-design projects (TerraGoat): every expected
//! failure is listed with its line, and nothing else may fail.

use onus_checks::{CHECKS, Status, evaluate};
use std::path::Path;

/// (check, resource address, line of the attribute or resource).
const EXPECTED_FAILURES: &[(&str, &str, u32)] = &[
    ("ebs-volume-unencrypted", "aws_ebs_volume.web_host_storage", 44),
    // Both ingress blocks are open to the internet; the finding points at the first.
    ("ec2-security-group-admin-ports-open", "aws_security_group.web-node", 59),
    ("kms-key-rotation-disabled", "aws_kms_key.logs_key", 84),
    ("lambda-function-runtime-deprecated", "aws_lambda_function.analysis_lambda", 103),
    ("lambda-function-url-unauthenticated", "aws_lambda_function.analysis_lambda", 108),
    ("rds-instance-backups-insufficient", "aws_db_instance.default", 78),
    ("rds-instance-publicly-accessible", "aws_db_instance.default", 79),
    ("rds-instance-storage-unencrypted", "aws_db_instance.default", 80),
    ("s3-bucket-allows-insecure-transport", "aws_s3_bucket.data", 15),
    ("s3-bucket-allows-insecure-transport", "aws_s3_bucket.logs", 25),
    ("s3-bucket-public-access-block-disabled", "aws_s3_bucket.data", 15),
    ("s3-bucket-versioning-disabled", "aws_s3_bucket.data", 15),
];

#[test]
fn the_goat_fails_where_expected_and_nowhere_else() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/goat");
    let scanned = match onus_terraform::scan_path(&dir) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let results = evaluate(&scanned.inventory, CHECKS);
    let mut failures: Vec<(String, String, u32)> = results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| (r.check_id.clone(), r.resource.name.clone(), r.location.as_ref().and_then(|l| l.span).map_or(0, |s| s.start_line)))
        .collect();
    failures.sort();
    let mut expected: Vec<(String, String, u32)> = EXPECTED_FAILURES.iter().map(|(c, r, l)| ((*c).to_owned(), (*r).to_owned(), *l)).collect();
    expected.sort();
    assert_eq!(failures, expected);
    // An instance without metadata_options is unknown (AWS decides at launch), not passed.
    assert!(results.iter().any(|r| r.check_id == "ec2-instance-imdsv1-allowed" && r.status == Status::Unknown));
    // The Elasticsearch domain is not modelled: counted, not dropped.
    assert_eq!(scanned.unsupported.get("aws_elasticsearch_domain"), Some(&1));
}
