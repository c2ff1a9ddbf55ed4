use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict, known_policy};
use onus_model::resources::secretsmanager::Secret;

/// A secret anyone may read is no secret.
pub struct SecretPolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "secretsmanager-secret-policy-public",
    aliases: &[],
    title: "Secrets Manager secret policy lets anyone read or change the secret",
    service: "secretsmanager",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Let only known principals read or manage a secret.",
    kinds: &[ResourceKind::SecretsManagerSecret],
    rationale: "A secret's resource policy that allows `\"Principal\": \"*\"` without a condition that binds the caller lets other accounts call `secretsmanager:GetSecretValue` (they also need the KMS key to allow them, which AWS-managed keys do not, so a secret under a customer managed key with a permissive key policy is fully exposed). Secrets Manager's own `BlockPublicPolicy` check rejects such policies when it is used; onus evaluates the policy with its IAM engine either way.",
    remediation: Remediation {
        text: "Name the principals that need the secret, or bind the caller with `aws:PrincipalOrgID`; validate with `aws secretsmanager validate-resource-policy` and put policies with `--block-public-policy`.",
        cli: Some("aws secretsmanager get-resource-policy --secret-id <secret>\naws secretsmanager put-resource-policy --secret-id <secret> --resource-policy file://policy.json --block-public-policy"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html",
    ],
};

impl ResourceCheck for SecretPolicyPublic {
    type Kind = Secret;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &Secret, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = known_policy(&x.policy, "policy")?;
        let arn = arn_of(r, |region, account| "arn:aws:secretsmanager:{r}:{a}:secret:{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "policy",
            arn: &arn,
            service: "secretsmanager",
            requires_resource_policy: false,
            noun: "resource policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
