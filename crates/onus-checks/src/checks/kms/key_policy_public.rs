use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict, known_policy};
use onus_model::resources::kms::Key;

/// A key anyone may use protects nothing.
pub struct KeyPolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "kms-key-policy-public",
    aliases: &[],
    title: "KMS key policy lets anyone use the key",
    service: "kms",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Let only the account and known principals use or manage a KMS key.",
    kinds: &[ResourceKind::KmsKey],
    rationale: "A key policy is the root of access to a KMS key: without it, no IAM policy can grant use of the key. A statement that allows `\"Principal\": \"*\"` without a condition that binds the caller (`kms:CallerAccount`, `kms:ViaService`, `aws:PrincipalOrgID`, `aws:SourceVpce` …) lets any AWS account decrypt with, or even administer, the key. AWS's own service keys use `\"AWS\": \"*\"` limited by `kms:CallerAccount` and `kms:ViaService`; onus evaluates the conditions with its IAM engine, so those are not reported.",
    remediation: Remediation {
        text: "Replace `*` with the account root or named roles, or bind the caller with `kms:CallerAccount`, `kms:ViaService` or `aws:PrincipalOrgID`.",
        cli: Some("aws kms get-key-policy --key-id <key-id> --policy-name default --output text > policy.json\n# edit policy.json, then:\naws kms put-key-policy --key-id <key-id> --policy-name default --policy file://policy.json"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account",
    ],
};

impl ResourceCheck for KeyPolicyPublic {
    type Kind = Key;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &Key, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = known_policy(&x.policy, "policy")?;
        let arn = arn_of(r, |region, account| "arn:aws:kms:{r}:{a}:key/{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "policy",
            arn: &arn,
            service: "kms",
            requires_resource_policy: true,
            noun: "key policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
