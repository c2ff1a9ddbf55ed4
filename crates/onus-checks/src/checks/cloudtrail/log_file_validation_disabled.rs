use crate::prelude::*;
use onus_model::resources::cloudtrail::Trail;

/// Without digest files, nobody can prove logs were not altered.
pub struct LogFileValidationDisabled;

static META: CheckMeta = CheckMeta {
    id: "cloudtrail-log-file-validation-disabled",
    aliases: &[],
    title: "CloudTrail log file validation is off",
    service: "cloudtrail",
    severity: Severity::Medium,
    domain: Domain::LoggingMonitoring,
    duty: "Keep audit logs tamper-evident.",
    kinds: &[ResourceKind::CloudTrailTrail],
    rationale: "Log file validation writes signed hourly digests, so an investigator can prove whether log files \
        were modified or deleted after delivery: an intruder's first move is often to edit the trail \
        (CIS AWS Foundations 3.2, AWS FSBP CloudTrail.4).",
    remediation: Remediation {
        text: "Enable log file validation on the trail.",
        cli: Some("aws cloudtrail update-trail --name <trail> --enable-log-file-validation"),
        terraform: Some("resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  enable_log_file_validation = true\n}"),
        cloudformation: Some("Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    # ...\n    EnableLogFileValidation: true"),
    },
    references: &["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html"],
};

impl ResourceCheck for LogFileValidationDisabled {
    type Kind = Trail;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, t: &Trail, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *t.log_file_validation_enabled.known("log_file_validation_enabled")? {
            Ok(Verdict::pass(format!("{} validates its log files.", r.name)))
        } else {
            Ok(Verdict::fail("log_file_validation_enabled", format!("{} does not validate its log files.", r.name)))
        }
    }
}
