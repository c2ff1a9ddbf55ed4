use crate::prelude::*;
use onus_model::resources::securityhub::Hub;

/// Without Security Hub, findings and control results are scattered or missing.
pub struct NotEnabled;

static META: CheckMeta = CheckMeta {
    id: "securityhub-not-enabled",
    aliases: &[],
    title: "Security Hub is not enabled in a region",
    service: "securityhub",
    severity: Severity::Medium,
    domain: Domain::LoggingMonitoring,
    duty: "Enable Security Hub in every account and region, so findings and control results are collected in one place.",
    kinds: &[ResourceKind::SecurityHubHub],
    rationale: "Security Hub runs the AWS Foundational Security Best Practices and CIS controls against your \
        resources and gathers findings from GuardDuty, Inspector, Macie and IAM Access Analyzer. AWS operates the \
        service, but it only looks at accounts and regions where the customer has enabled it; a region without it \
        has no continuous posture checks and its findings reach nobody (CIS AWS Foundations 4.16).",
    remediation: Remediation {
        text: "Enable Security Hub in every region, preferably through central configuration from a delegated \
            administrator account so new accounts are enrolled automatically, with AWS Config recording in the same \
            regions. Turn on the standards that match your obligations and aggregate findings into one home region.",
        cli: Some("aws securityhub enable-security-hub --enable-default-standards --region <region>"),
        terraform: Some("resource \"aws_securityhub_account\" \"this\" {\n  enable_default_standards = true\n}"),
        cloudformation: Some("Hub:\n  Type: AWS::SecurityHub::Hub\n  Properties:\n    EnableDefaultStandards: true"),
    },
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html",
    ],
};

impl ResourceCheck for NotEnabled {
    type Kind = Hub;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, hub: &Hub, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let region = r.region.as_deref().unwrap_or("this region");
        if !*hub.enabled.known("enabled")? {
            return Ok(Verdict::fail("enabled", format!("Security Hub is not enabled in {region}.")));
        }
        let standards = match hub.enabled_standards.value() {
            Some(s) if s.is_empty() => " with no standard enabled".to_owned(),
            Some(s) => format!(" with {} standard{}", s.len(), if s.len() == 1 { "" } else { "s" }),
            None => String::new(),
        };
        Ok(Verdict::pass(format!("Security Hub is enabled in {region}{standards}.")))
    }
}
