use super::account_block::{AccountBlock, account_block};
use crate::prelude::*;
use crate::support::policy::{Effect, condition_restricts_callers, principal_is_everyone, statements};
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
        let statements = statements(policy)
            .map_err(|e| Undecided::Error { attribute: "policy", message: e.to_string() })?;
        let public: Vec<String> = statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
            .filter(|s| s.not_principal || s.principal.is_some_and(principal_is_everyone))
            .filter(|s| !s.condition.is_some_and(condition_restricts_callers))
            .map(|s| s.sid.map_or_else(|| format!("Statement[{}]", s.index), |sid| format!("{sid:?}")))
            .collect();
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
