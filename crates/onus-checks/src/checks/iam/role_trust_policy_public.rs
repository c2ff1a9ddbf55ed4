use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict};
use onus_model::resources::iam::Role;

/// A role anyone can assume hands its permissions to strangers.
pub struct RoleTrustPolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "iam-role-trust-policy-public",
    aliases: &[],
    title: "IAM role can be assumed by anyone",
    service: "iam",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Let only known principals assume a role: named accounts or roles, or an identity provider with conditions on the subject and audience of its tokens.",
    kinds: &[ResourceKind::IamRole],
    rationale: "A trust policy with `\"Principal\": {\"AWS\": \"*\"}`, or a `Federated` principal of a public OpenID Connect provider (GitHub Actions, Google, Cognito…) without a condition on the token's `sub` or `aud`, lets anyone with an AWS account or a token from that provider assume the role. onus evaluates the trust policy with its IAM engine for an anonymous caller, a principal of an unrelated account and an identity of each public provider the policy names; conditions that bind the caller (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `sts:ExternalId`, the provider's `sub`/`aud` …) are honoured, conditions the caller chooses are not. Named external accounts are listed in the result but do not fail the check.",
    remediation: Remediation {
        text: "Name the accounts or roles that may assume the role, or add a condition on `aws:PrincipalOrgID`. For GitHub Actions, require `token.actions.githubusercontent.com:sub` to match your repository and branch, and `token.actions.githubusercontent.com:aud` to be `sts.amazonaws.com`.",
        cli: Some("aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument > trust.json\n# edit trust.json, then:\naws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    ],
};

impl ResourceCheck for RoleTrustPolicyPublic {
    type Kind = Role;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &Role, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = Some(x.assume_role_policy.known("assume_role_policy")?);
        let arn = arn_of(r, |region, account| "arn:aws:iam::{a}:role/{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "assume_role_policy",
            arn: &arn,
            service: "sts",
            requires_resource_policy: true,
            noun: "trust policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
