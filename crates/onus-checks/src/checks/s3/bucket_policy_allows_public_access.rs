use super::account_block::{AccountBlock, account_block};
use crate::prelude::*;
use onus_access::ExposedResource;
use onus_model::resources::s3::Bucket;

/// A bucket policy that allows everyone, with nothing narrowing who, publishes the bucket.
pub struct BucketPolicyAllowsPublicAccess;

static META: CheckMeta = CheckMeta {
    id: "s3-bucket-policy-allows-public-access",
    aliases: &[],
    title: "S3 bucket policy allows access to everyone",
    service: "s3",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Grant access to S3 data only to known principals; never to everyone unless the data is meant to be public.",
    kinds: &[ResourceKind::S3Bucket, ResourceKind::S3AccountPublicAccessBlock],
    rationale: "A statement with `\"Principal\": \"*\"` (or `NotPrincipal`) and `Allow`, without a condition that \
        limits the caller to an account, organization, VPC endpoint or network, lets anyone on the internet use \
        the actions it lists. Conditions that only say *how* (such as `aws:SecureTransport`) do not limit *who*. \
        onus asks its IAM engine whether an anonymous caller or an unrelated account is allowed, with the \
        conditions the caller chooses satisfied, so Deny statements are honoured too. \
        The check passes when `RestrictPublicBuckets` is on for the bucket or the account, because S3 then \
        ignores the public grant.",
    remediation: Remediation {
        text: "Replace `*` with the principals that need access, or add a condition on `aws:PrincipalOrgID`, \
            `aws:SourceVpce` or `aws:PrincipalAccount`. To serve public content, put CloudFront with origin access \
            control in front of a private bucket.",
        cli: Some("aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text > policy.json\n# edit policy.json, then:\naws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    ],
};

impl ResourceCheck for BucketPolicyAllowsPublicAccess {
    type Kind = Bucket;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, bucket: &Bucket, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let Some(policy) = bucket.policy.known("policy")? else {
            return Ok(Verdict::pass(format!("{} has no bucket policy.", r.name)));
        };
        // The IAM engine decides, for an anonymous caller and an unrelated account,
        // honouring conditions that bind the caller (organization, account, VPC
        // endpoint, source IP) and ignoring those the caller chooses.
        let arn = format!("arn:aws:s3:::{}", r.name);
        let account = r.account.clone().or_else(|| cx.inventory.metadata.accounts.first().cloned()).unwrap_or_default();
        let exposure = cx
            .access_model()
            .exposure(policy, &ExposedResource { arn: &arn, account: &account, service: "s3", requires_resource_policy: false })
            .map_err(|e| Undecided::Error { attribute: "policy", message: e.to_string() })?;
        let mut public: Vec<String> = Vec::new();
        for reach in exposure.public() {
            for s in &reach.statements {
                let label = match s.strip_prefix('#') {
                    Some(index) => format!("Statement[{index}]"),
                    None => format!("{s:?}"),
                };
                if !public.contains(&label) {
                    public.push(label);
                }
            }
        }
        if public.is_empty() {
            return Ok(Verdict::pass(format!("{}: no policy statement allows everyone.", r.name)));
        }
        // Either level's RestrictPublicBuckets is enough, so an unknown value
        // at one level does not matter when the other restricts.
        let own = bucket.public_access_block.known("public_access_block");
        let own_restricts = matches!(own, Ok(Some(b)) if b.restrict_public_buckets);
        let account = account_block(r, cx);
        let account_restricts = matches!(account, AccountBlock::Known(Some(b)) if b.restrict_public_buckets);
        if own_restricts || account_restricts {
            return Ok(Verdict::pass(format!(
                "{}: policy statement(s) {} allow everyone, but RestrictPublicBuckets makes S3 ignore them.",
                r.name,
                public.join(", ")
            )));
        }
        own?;
        if let Some(undecided) = account.undecided(cx) {
            return Err(undecided);
        }
        Ok(Verdict::fail(
            "policy",
            format!("{}: policy statement(s) {} allow everyone without limiting the caller.", r.name, public.join(", ")),
        ))
    }
}
