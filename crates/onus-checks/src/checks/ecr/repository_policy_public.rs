use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict, known_policy};
use onus_model::resources::containers::Repository;

/// A repository anyone may pull from leaks code; one anyone may push to ships an attacker image.
pub struct RepositoryPolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "ecr-repository-policy-public",
    aliases: &[],
    title: "ECR repository policy lets anyone pull or push images",
    service: "ecr",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Let only known principals pull from or push to a private image repository.",
    kinds: &[ResourceKind::EcrRepository],
    rationale: "A repository policy that allows `\"Principal\": \"*\"` without a condition that binds the caller lets any AWS account pull the images (and the code, keys and configuration baked into them) or push its own images into the supply chain. onus evaluates the policy with its IAM engine; `aws:PrincipalOrgID` and similar conditions are honoured.",
    remediation: Remediation {
        text: "Name the accounts or roles that pull or push, or bind the caller with `aws:PrincipalOrgID`. Publish public images through ECR Public instead.",
        cli: Some("aws ecr get-repository-policy --repository-name <repository>\naws ecr set-repository-policy --repository-name <repository> --policy-text file://policy.json"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html",
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html",
    ],
};

impl ResourceCheck for RepositoryPolicyPublic {
    type Kind = Repository;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &Repository, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = known_policy(&x.policy, "policy")?;
        let arn = arn_of(r, |region, account| "arn:aws:ecr:{r}:{a}:repository/{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "policy",
            arn: &arn,
            service: "ecr",
            requires_resource_policy: false,
            noun: "repository policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
