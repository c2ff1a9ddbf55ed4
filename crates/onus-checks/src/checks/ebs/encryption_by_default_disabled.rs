use crate::prelude::*;
use onus_model::resources::ec2::EbsEncryptionByDefault;

/// Without the regional default, every new volume depends on someone remembering a flag.
pub struct EncryptionByDefaultDisabled;

static META: CheckMeta = CheckMeta {
    id: "ebs-encryption-by-default-disabled",
    aliases: &[],
    title: "EBS encryption by default is off in a region",
    service: "ebs",
    severity: Severity::Medium,
    domain: Domain::DataAtRest,
    duty: "Make encryption the default for new block storage in every region you use.",
    kinds: &[ResourceKind::Ec2EbsEncryptionByDefault],
    rationale: "With encryption by default on, every new EBS volume and snapshot copy in the region is encrypted, \
        whatever tool or person creates it. It is a per-region, per-account setting that is off unless the \
        customer turns it on (CIS AWS Foundations 2.2.1, AWS FSBP EC2.7).",
    remediation: Remediation {
        text: "Enable EBS encryption by default in every region in use, optionally with a customer managed key.",
        cli: Some("aws ec2 enable-ebs-encryption-by-default --region <region>"),
        terraform: Some("resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = true\n}"),
        cloudformation: None,
    },
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
};

impl ResourceCheck for EncryptionByDefaultDisabled {
    type Kind = EbsEncryptionByDefault;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, s: &EbsEncryptionByDefault, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let region = r.region.as_deref().unwrap_or("this region");
        if *s.enabled.known("enabled")? {
            Ok(Verdict::pass(format!("EBS encryption by default is on in {region}.")))
        } else {
            Ok(Verdict::fail("enabled", format!("EBS encryption by default is off in {region}.")))
        }
    }
}
