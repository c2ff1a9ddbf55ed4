//! A small corpus of vulnerable templates: two written after the facts of AWS
//! CloudFormation sample templates (an instance whose SSH location defaults to
//! 0.0.0.0/0; a public website bucket) and two in the style of CfnGoat (the
//! second with the kinds added later: VPCs, NACLs, EKS, ECR, SQS, SNS, EFS…).
//! Every expected failure is listed with its line, and nothing else may fail.

use onus_checks::{CHECKS, Status, evaluate};
use std::collections::BTreeMap;
use std::path::Path;

/// (file, check, logical id, line of the attribute or resource).
const EXPECTED_FAILURES: &[(&str, &str, &str, u32)] = &[
    // SSHLocation defaults to 0.0.0.0/0: the parameter's default is resolved onto the rule.
    ("ec2-instance-with-security-group.yaml", "ec2-security-group-admin-ports-open", "InstanceSecurityGroup", 31),
    ("goat.yaml", "cloudtrail-log-file-validation-disabled", "Trail", 48),
    ("goat.yaml", "cloudtrail-trail-not-multi-region", "Trail", 48),
    ("goat.yaml", "ebs-volume-unencrypted", "EbsVolume", 19),
    ("goat.yaml", "ec2-security-group-admin-ports-open", "WebAccess", 58),
    ("goat.yaml", "ec2-security-group-all-traffic-open", "WebAccess", 58),
    ("goat.yaml", "kms-key-rotation-disabled", "LogsKey", 34),
    ("goat.yaml", "lambda-function-runtime-deprecated", "AnalysisLambda", 41),
    ("goat.yaml", "rds-instance-backups-insufficient", "DefaultDB", 33),
    ("goat.yaml", "rds-instance-publicly-accessible", "DefaultDB", 31),
    ("goat.yaml", "rds-instance-storage-unencrypted", "DefaultDB", 32),
    ("goat.yaml", "s3-bucket-allows-insecure-transport", "DataBucket", 15),
    ("goat.yaml", "s3-bucket-public-access-block-disabled", "DataBucket", 15),
    ("goat.yaml", "s3-bucket-versioning-disabled", "DataBucket", 15),
    ("platform.yaml", "aurora-cluster-storage-unencrypted", "Database", 45),
    // RetentionInDays comes from the parameter's default.
    ("platform.yaml", "cloudwatch-log-group-retention-short", "AppLogs", 42),
    ("platform.yaml", "ecr-repository-scan-on-push-disabled", "Images", 31),
    ("platform.yaml", "ecr-repository-tags-mutable", "Images", 31),
    ("platform.yaml", "efs-file-system-unencrypted", "Shared", 43),
    ("platform.yaml", "eks-cluster-endpoint-public", "Cluster", 29),
    ("platform.yaml", "eks-cluster-secrets-unencrypted", "Cluster", 24),
    ("platform.yaml", "secretsmanager-secret-rotation-disabled", "ApiKey", 51),
    ("platform.yaml", "sns-topic-unencrypted", "Alerts", 37),
    ("platform.yaml", "sqs-queue-unencrypted", "Jobs", 36),
    ("platform.yaml", "vpc-flow-logs-disabled", "Vpc", 8),
    // The allow-all entry on line 16 opens SSH and RDP.
    ("platform.yaml", "vpc-nacl-admin-ports-open", "PublicAcl", 16),
    ("platform.yaml", "waf-web-acl-logging-disabled", "WebAcl", 53),
    ("s3-website-bucket.yaml", "s3-bucket-allows-insecure-transport", "S3Bucket", 21),
    ("s3-website-bucket.yaml", "s3-bucket-policy-allows-public-access", "S3Bucket", 21),
    ("s3-website-bucket.yaml", "s3-bucket-public-access-block-disabled", "S3Bucket", 9),
    ("s3-website-bucket.yaml", "s3-bucket-versioning-disabled", "S3Bucket", 5),
];

#[test]
fn the_corpus_fails_where_expected_and_nowhere_else() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let scanned = match onus_cloudformation::scan_path(&dir, &BTreeMap::new()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let results = evaluate(&scanned.inventory, CHECKS);
    let mut failures: Vec<(String, String, String, u32)> = results
        .iter()
        .filter(|r| r.status == Status::Fail)
        .map(|r| {
            let loc = r.location.as_ref();
            let file = loc.and_then(|l| Path::new(&l.file).file_name()).map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            (file, r.check_id.clone(), r.resource.name.clone(), loc.and_then(|l| l.span).map_or(0, |s| s.start_line))
        })
        .collect();
    failures.sort();
    let mut expected: Vec<(String, String, String, u32)> =
        EXPECTED_FAILURES.iter().map(|(f, c, r, l)| ((*f).to_owned(), (*c).to_owned(), (*r).to_owned(), *l)).collect();
    expected.sort();
    assert_eq!(failures, expected);
}
