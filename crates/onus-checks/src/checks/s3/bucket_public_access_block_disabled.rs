use super::account_block::{AccountBlock, account_block};
use crate::prelude::*;
use onus_model::resources::s3::Bucket;

/// Without a public access block, one careless ACL or policy makes data public.
pub struct BucketPublicAccessBlockDisabled;

static META: CheckMeta = CheckMeta {
    id: "s3-bucket-public-access-block-disabled",
    aliases: &[],
    title: "S3 bucket is not covered by a full public access block",
    service: "s3",
    severity: Severity::High,
    domain: Domain::DataAtRest,
    duty: "Block public access to S3 data unless a bucket is deliberately public, at the account level or on every bucket.",
    kinds: &[ResourceKind::S3Bucket, ResourceKind::S3AccountPublicAccessBlock],
    rationale: "The four public-access-block switches override any ACL or bucket policy that would make objects \
        public. Most S3 data leaks come from a policy or ACL granted to everyone by mistake; with the block on, \
        such a mistake has no effect. The check passes when either the bucket's own block or the account's block \
        has all four switches on (CIS AWS Foundations 2.1.4, AWS FSBP S3.1 and S3.8).",
    remediation: Remediation {
        text: "Turn on all four settings at the account level (s3control) if no bucket needs to be public; \
            otherwise on every bucket that does not.",
        cli: Some("aws s3control put-public-access-block --account-id <account-id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true\n# or per bucket:\naws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"),
        terraform: Some("resource \"aws_s3_bucket_public_access_block\" \"this\" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}"),
        cloudformation: Some("Bucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n      IgnorePublicAcls: true\n      BlockPublicPolicy: true\n      RestrictPublicBuckets: true"),
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
};

impl ResourceCheck for BucketPublicAccessBlockDisabled {
    type Kind = Bucket;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, bucket: &Bucket, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        // The account-level block alone is enough, so look at it first: a
        // bucket-level value we cannot see does not matter if the account blocks all.
        let account = account_block(r, cx);
        if let AccountBlock::Known(Some(block)) = account
            && block.blocks_all()
        {
            return Ok(Verdict::pass(format!("{}: public access is blocked at the account level.", r.name)));
        }
        let own = bucket.public_access_block.known("public_access_block")?;
        if own.is_some_and(|b| b.blocks_all()) {
            return Ok(Verdict::pass(format!("{}: all four public access block settings are on.", r.name)));
        }
        if let Some(undecided) = account.undecided(cx) {
            return Err(undecided);
        }
        let detail = match own {
            None => "has no public access block".to_owned(),
            Some(b) => {
                let off: Vec<&str> = [
                    (b.block_public_acls, "BlockPublicAcls"),
                    (b.ignore_public_acls, "IgnorePublicAcls"),
                    (b.block_public_policy, "BlockPublicPolicy"),
                    (b.restrict_public_buckets, "RestrictPublicBuckets"),
                ]
                .into_iter()
                .filter(|(on, _)| !on)
                .map(|(_, name)| name)
                .collect();
                format!("has public access block settings off: {}", off.join(", "))
            }
        };
        Ok(Verdict::fail(
            "public_access_block",
            format!("{} {detail}, and the account does not block public access.", r.name),
        ))
    }
}
