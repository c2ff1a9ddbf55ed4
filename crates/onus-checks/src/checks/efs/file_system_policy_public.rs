use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict, known_policy};
use onus_model::resources::efs::FileSystem;

/// A file system anyone with network access may mount as root is unprotected.
pub struct FileSystemPolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "efs-file-system-policy-public",
    aliases: &[],
    title: "EFS file system policy lets anyone mount or write",
    service: "efs",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Let only known principals mount, write to or administer a file system.",
    kinds: &[ResourceKind::EfsFileSystem],
    rationale: "An EFS file system policy that allows `\"Principal\": \"*\"` without a condition that binds the caller grants `elasticfilesystem:ClientMount`, `ClientWrite` or `ClientRootAccess` to any IAM principal that can reach a mount target. A condition on `elasticfilesystem:AccessedViaMountTarget` or `aws:SourceVpce` keeps access to the VPC; onus evaluates the conditions with its IAM engine.",
    remediation: Remediation {
        text: "Grant mount access to named roles, or bind it with `elasticfilesystem:AccessedViaMountTarget`, `aws:SourceVpce` or `aws:PrincipalOrgID`; deny `ClientRootAccess` to all but administrators.",
        cli: Some("aws efs describe-file-system-policy --file-system-id <fs-id>\naws efs put-file-system-policy --file-system-id <fs-id> --policy file://policy.json"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html",
    ],
};

impl ResourceCheck for FileSystemPolicyPublic {
    type Kind = FileSystem;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &FileSystem, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = known_policy(&x.policy, "policy")?;
        let arn = arn_of(r, |region, account| "arn:aws:elasticfilesystem:{r}:{a}:file-system/{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "policy",
            arn: &arn,
            service: "elasticfilesystem",
            requires_resource_policy: false,
            noun: "file system policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
