//! AWS Security Finding Format: one finding per result, as the JSON array
//! `aws securityhub batch-import-findings --findings file://…` takes (100 per
//! call). Findings are addressed to the account's `default` product, the one
//! Security Hub provides for custom integrations.
//!
//! `Compliance.Status` carries onus's verdict (PASSED, FAILED, WARNING for
//! unknown/error/manual); muted results are `Workflow.Status: SUPPRESSED`.
//! Field limits from the ASFF reference are enforced: `Id` and `GeneratorId`
//! at most 512 characters, `Title` 256, `Description` 1024.

use crate::util::{meta, region, short_hash, title, truncate_chars};
use crate::{Report, ReportError};
use onus_checks::{CheckResult, Severity, Status};
use serde_json::{Value, json};
use std::io::Write;

/// The ASFF schema version.
pub const SCHEMA_VERSION: &str = "2018-10-08";
/// Limit on `Id` and `GeneratorId`.
pub const MAX_ID: usize = 512;
/// Limit on `Title`.
pub const MAX_TITLE: usize = 256;
/// Limit on `Description`.
pub const MAX_DESCRIPTION: usize = 1024;
/// The finding type every onus finding carries (namespace/category/classifier).
pub const FINDING_TYPE: &str = "Software and Configuration Checks/AWS Security Best Practices/onus";
/// The account used when a result has none (IaC sources): Security Hub rejects
/// it, so such findings are for files, not for import.
pub const UNKNOWN_ACCOUNT: &str = "000000000000";
/// The region used for global resources when the scan names none.
pub const DEFAULT_REGION: &str = "us-east-1";

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Info => "INFORMATIONAL",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

/// ASFF's resource type for an onus kind: the documented `Aws…` types where
/// one exists, else `Other`.
pub fn resource_type(kind: onus_model::ResourceKind) -> &'static str {
    match kind.type_name() {
        "AWS::S3::Bucket" => "AwsS3Bucket",
        "AWS::S3::AccountPublicAccessBlock" => "AwsAccount",
        "AWS::IAM::User" => "AwsIamUser",
        "AWS::IAM::Group" => "AwsIamGroup",
        "AWS::IAM::Role" => "AwsIamRole",
        "AWS::IAM::ManagedPolicy" => "AwsIamPolicy",
        "AWS::IAM::RootUser" | "AWS::IAM::AccountPasswordPolicy" | "AWS::EC2::EBSEncryptionByDefault" => "AwsAccount",
        "AWS::EC2::SecurityGroup" => "AwsEc2SecurityGroup",
        "AWS::EC2::Instance" => "AwsEc2Instance",
        "AWS::EC2::Volume" => "AwsEc2Volume",
        "AWS::EC2::VPC" => "AwsEc2Vpc",
        "AWS::EC2::NetworkAcl" => "AwsEc2NetworkAcl",
        "AWS::CloudTrail::Trail" => "AwsCloudTrailTrail",
        "AWS::KMS::Key" => "AwsKmsKey",
        "AWS::RDS::DBInstance" => "AwsRdsDbInstance",
        "AWS::RDS::DBSnapshot" => "AwsRdsDbSnapshot",
        "AWS::RDS::DBCluster" => "AwsRdsDbCluster",
        "AWS::RDS::DBClusterSnapshot" => "AwsRdsDbClusterSnapshot",
        "AWS::Lambda::Function" => "AwsLambdaFunction",
        "AWS::DynamoDB::Table" => "AwsDynamoDbTable",
        "AWS::GuardDuty::Detector" => "AwsGuardDutyDetector",
        "AWS::ElasticLoadBalancingV2::Listener" => "AwsElbv2LoadBalancer",
        "AWS::CertificateManager::Certificate" => "AwsCertificateManagerCertificate",
        "AWS::SecretsManager::Secret" => "AwsSecretsManagerSecret",
        "AWS::SNS::Topic" => "AwsSnsTopic",
        "AWS::SQS::Queue" => "AwsSqsQueue",
        "AWS::WAFv2::WebACL" => "AwsWafv2WebAcl",
        "AWS::Backup::BackupPlan" => "AwsBackupBackupPlan",
        "AWS::Backup::BackupVault" => "AwsBackupBackupVault",
        "AWS::Logs::LogGroup" => "Other",
        _ => "Other",
    }
}

fn bounded_id(id: String) -> String {
    if id.chars().count() <= MAX_ID {
        return id;
    }
    let hash = short_hash(&id);
    let keep: String = id.chars().take(MAX_ID - hash.len() - 1).collect();
    format!("{keep}#{hash}")
}

/// One result as an ASFF finding.
pub fn finding(report: &Report, r: &CheckResult) -> Value {
    let account = r
        .resource
        .account
        .clone()
        .or_else(|| report.scan.accounts.first().cloned())
        .unwrap_or_else(|| UNKNOWN_ACCOUNT.to_owned());
    let reg = match region(r) {
        "" | "global" => report.scan.regions.first().cloned().unwrap_or_else(|| DEFAULT_REGION.to_owned()),
        reg => reg.to_owned(),
    };
    let at = report.scan.collected_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let m = meta(r);
    let compliance = match r.status {
        Status::Pass => "PASSED",
        Status::Fail => "FAILED",
        Status::Muted => match r.muted.as_ref().map(|m| m.original_status) {
            Some(Status::Fail) => "FAILED",
            _ => "WARNING",
        },
        Status::Unknown | Status::Manual => "WARNING",
        Status::Error => "NOT_AVAILABLE",
    };
    let severity = if r.status == Status::Pass { "INFORMATIONAL" } else { label(r.severity) };
    let description = format!("{} {}", r.message, m.map_or("", |m| m.duty));
    let mut f = json!({
        "SchemaVersion": SCHEMA_VERSION,
        "Id": bounded_id(format!("onus/{account}/{reg}/{}/{}", r.check_id, r.resource.id)),
        "ProductArn": format!("arn:aws:securityhub:{reg}:{account}:product/{account}/default"),
        "ProductName": "onus",
        "CompanyName": "onus",
        "GeneratorId": bounded_id(format!("onus/{}", r.check_id)),
        "AwsAccountId": account,
        "Region": reg,
        "Types": [FINDING_TYPE],
        "CreatedAt": at,
        "UpdatedAt": at,
        "Severity": { "Label": severity },
        "Title": truncate_chars(title(r), MAX_TITLE),
        "Description": truncate_chars(description.trim(), MAX_DESCRIPTION),
        "Resources": [{
            "Type": resource_type(r.resource.kind),
            "Id": bounded_id(r.resource.id.clone()),
            "Partition": "aws",
            "Region": reg,
            "Details": { "Other": { "Name": truncate_chars(&r.resource.name, 1024), "OnusType": r.resource.kind.type_name() } },
        }],
        "Compliance": { "Status": compliance },
        "Workflow": { "Status": if r.status == Status::Muted { "SUPPRESSED" } else if r.status == Status::Pass { "RESOLVED" } else { "NEW" } },
        "RecordState": "ACTIVE",
        "ProductFields": {
            "onus/check_id": r.check_id,
            "onus/status": r.status.as_str(),
            "onus/service": r.service,
            "onus/domain": r.domain.id(),
        },
    });
    if let Some(m) = m {
        let mut rec = json!({ "Text": truncate_chars(m.remediation.text, 512) });
        if let Some(url) = m.references.first() {
            rec["Url"] = json!(url);
        }
        f["Remediation"] = json!({ "Recommendation": rec });
    }
    if let Some(mute) = &r.muted {
        f["Note"] = json!({ "Text": truncate_chars(&format!("Muted: {}", mute.reason), 512), "UpdatedBy": "onus mutelist", "UpdatedAt": at });
    }
    f
}

/// Every result as a finding.
pub fn findings(report: &Report) -> Vec<Value> {
    report.results.iter().map(|r| finding(report, r)).collect()
}

/// Writes the findings as a pretty JSON array.
pub fn write(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    crate::util::pretty_json_line(out, &findings(report))
}
