use crate::prelude::*;
use crate::support::policy::{Effect, action_matches, principal_is_everyone, statements};
use onus_model::resources::s3::Bucket;
use serde_json::Value;

/// S3 accepts plain HTTP unless the bucket policy refuses it.
pub struct BucketAllowsInsecureTransport;

static META: CheckMeta = CheckMeta {
    id: "s3-bucket-allows-insecure-transport",
    aliases: &[],
    title: "S3 bucket policy does not deny plain-HTTP requests",
    service: "s3",
    severity: Severity::Medium,
    domain: Domain::EncryptionInTransit,
    duty: "Require TLS for every request to your S3 data.",
    kinds: &[ResourceKind::S3Bucket],
    rationale: "S3 endpoints answer HTTP as well as HTTPS. Encryption in transit is the customer's duty: only a \
        bucket policy statement that denies requests where `aws:SecureTransport` is false makes TLS mandatory \
        (CIS AWS Foundations 2.1.1, AWS FSBP S3.5).",
    remediation: Remediation {
        text: "Add a statement that denies `s3:*` to everyone when `aws:SecureTransport` is `false`.",
        cli: None,
        terraform: Some("data \"aws_iam_policy_document\" \"tls_only\" {\n  statement {\n    sid     = \"DenyInsecureTransport\"\n    effect  = \"Deny\"\n    actions = [\"s3:*\"]\n    resources = [aws_s3_bucket.this.arn, \"${aws_s3_bucket.this.arn}/*\"]\n    principals {\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }\n    condition {\n      test     = \"Bool\"\n      variable = \"aws:SecureTransport\"\n      values   = [\"false\"]\n    }\n  }\n}"),
        cloudformation: Some("BucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref Bucket\n    PolicyDocument:\n      Statement:\n        - Sid: DenyInsecureTransport\n          Effect: Deny\n          Principal: '*'\n          Action: 's3:*'\n          Resource:\n            - !GetAtt Bucket.Arn\n            - !Sub '${Bucket.Arn}/*'\n          Condition:\n            Bool:\n              aws:SecureTransport: false"),
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
        "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
    ],
};

fn denies_insecure(condition: &serde_json::Map<String, Value>) -> bool {
    condition.iter().any(|(op, keys)| {
        // aws:SecureTransport is in every request, so BoolIfExists means the same as Bool.
        (op.eq_ignore_ascii_case("Bool") || op.eq_ignore_ascii_case("BoolIfExists"))
            && keys.as_object().is_some_and(|keys| {
                keys.iter().any(|(k, v)| {
                    k.eq_ignore_ascii_case("aws:SecureTransport")
                        && match v {
                            Value::Bool(b) => !b,
                            Value::String(s) => s.eq_ignore_ascii_case("false"),
                            Value::Array(items) => items.iter().any(|i| {
                                i.as_bool() == Some(false) || i.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
                            }),
                            _ => false,
                        }
                })
            })
    })
}

impl ResourceCheck for BucketAllowsInsecureTransport {
    type Kind = Bucket;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, bucket: &Bucket, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let Some(policy) = bucket.policy.known("policy")? else {
            return Ok(Verdict::fail("policy", format!("{} has no bucket policy, so plain HTTP is accepted.", r.name)));
        };
        let statements = statements(policy)
            .map_err(|e| Undecided::Error { attribute: "policy", message: e.to_string() })?;
        let enforced = statements.iter().any(|s| {
            s.effect == Effect::Deny
                && s.principal.is_some_and(principal_is_everyone)
                && !s.not_action
                && s.actions.iter().any(|a| action_matches(a, "s3:GetObject") && action_matches(a, "s3:PutObject"))
                && s.condition.is_some_and(denies_insecure)
        });
        if enforced {
            Ok(Verdict::pass(format!("{}: the bucket policy denies requests without TLS.", r.name)))
        } else {
            Ok(Verdict::fail("policy", format!("{}: no bucket policy statement denies requests without TLS.", r.name)))
        }
    }
}
