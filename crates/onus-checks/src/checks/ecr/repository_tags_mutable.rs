use crate::prelude::*;
use onus_model::resources::containers::Repository;

/// A mutable tag can be silently repointed to a different image.
pub struct RepositoryTagsMutable;

static META: CheckMeta = CheckMeta {
    id: "ecr-repository-tags-mutable",
    aliases: &[],
    title: "ECR repository allows image tags to be overwritten",
    service: "ecr",
    severity: Severity::Low,
    domain: Domain::IdentityAccess,
    duty: "Make image tags immutable, so a deployed tag always names the image that was tested.",
    kinds: &[ResourceKind::EcrRepository],
    rationale: "With mutable tags, anyone allowed to push can overwrite `v1.4.2` or `prod` with a different image, \
        and every cluster that pulls the tag runs it: a compromised CI credential becomes code execution in \
        production, and scan results and approvals no longer describe what runs. Tag immutability is a repository \
        setting only the customer can turn on (AWS FSBP ECR.2).",
    remediation: Remediation {
        text: "Set the repository's tag mutability to IMMUTABLE (with exclusion filters for tags such as `latest` if \
            your tooling needs them), publish a new tag for every build, and deploy by digest where possible.",
        cli: Some("aws ecr put-image-tag-mutability --repository-name <repository> --image-tag-mutability IMMUTABLE"),
        terraform: Some("resource \"aws_ecr_repository\" \"this\" {\n  name                 = \"app\"\n  image_tag_mutability = \"IMMUTABLE\"\n}"),
        cloudformation: Some("Repository:\n  Type: AWS::ECR::Repository\n  Properties:\n    ImageTagMutability: IMMUTABLE"),
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2",
    ],
};

impl ResourceCheck for RepositoryTagsMutable {
    type Kind = Repository;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, repo: &Repository, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let mutability = repo.image_tag_mutability.known("image_tag_mutability")?;
        // `IMMUTABLE` and `IMMUTABLE_WITH_EXCLUSION` protect tags; `MUTABLE` and
        // `MUTABLE_WITH_EXCLUSION` leave most of them overwritable.
        if mutability.trim().to_ascii_uppercase().starts_with("IMMUTABLE") {
            Ok(Verdict::pass(format!("{} has immutable image tags.", r.name)))
        } else {
            Ok(Verdict::fail(
                "image_tag_mutability",
                format!("{} lets image tags be overwritten ({mutability}).", r.name),
            ))
        }
    }
}
