use crate::prelude::*;
use onus_model::resources::s3::{Bucket, VersioningStatus};

/// Without versioning, an overwrite or delete (or ransomware) is final.
pub struct BucketVersioningDisabled;

static META: CheckMeta = CheckMeta {
    id: "s3-bucket-versioning-disabled",
    aliases: &[],
    title: "S3 bucket versioning is not enabled",
    service: "s3",
    severity: Severity::Low,
    domain: Domain::BackupRecovery,
    duty: "Keep recoverable copies of S3 data: versioning, replication or backups, as the data requires.",
    kinds: &[ResourceKind::S3Bucket],
    rationale: "S3 is durable, but it faithfully stores your mistakes: a deleted or overwritten object is gone \
        unless versioning kept the previous version. Recovering from accidental deletion and from ransomware that \
        rewrites objects is the customer's part of the model.",
    remediation: Remediation {
        text: "Enable versioning, and add a lifecycle rule that expires noncurrent versions after a retention period.",
        cli: Some("aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled"),
        terraform: Some("resource \"aws_s3_bucket_versioning\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}"),
        cloudformation: Some("Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n      Status: Enabled"),
    },
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
};

impl ResourceCheck for BucketVersioningDisabled {
    type Kind = Bucket;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, bucket: &Bucket, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        match bucket.versioning.known("versioning")?.status {
            VersioningStatus::Enabled => Ok(Verdict::pass(format!("{} has versioning enabled.", r.name))),
            VersioningStatus::Suspended => {
                Ok(Verdict::fail("versioning", format!("{} has versioning suspended.", r.name)))
            }
            VersioningStatus::Disabled => {
                Ok(Verdict::fail("versioning", format!("{} has never had versioning enabled.", r.name)))
            }
        }
    }
}
