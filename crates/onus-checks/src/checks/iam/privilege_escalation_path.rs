use crate::check::{Check, Context};
use crate::prelude::*;
use crate::result::CheckResult;
use crate::support::access::run_over_principals;
use onus_model::{Unknown, UnknownCause};

/// A path through other principals to full access is administrator access with extra steps.
pub struct PrivilegeEscalationPath;

static META: CheckMeta = CheckMeta {
    id: "iam-privilege-escalation-path",
    aliases: &[],
    title: "IAM user or role can escalate to full access through other principals",
    service: "iam",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Make sure no principal can reach administrator power by chaining permissions through roles, users or compute it controls.",
    kinds: &[
        ResourceKind::IamUser,
        ResourceKind::IamRole,
        ResourceKind::IamGroup,
        ResourceKind::IamManagedPolicy,
        ResourceKind::OrganizationsPolicy,
        ResourceKind::LambdaFunction,
        ResourceKind::Ec2Instance,
    ],
    rationale: "Escalation rarely takes one policy: a user may assume a role that may pass a more powerful role to a \
        new Lambda function, or run commands on an instance whose profile holds an administrator role. onus builds \
        the account's graph of who can act as whom — `sts:AssumeRole` as the trust policy allows it, rewriting a \
        trust policy, creating access keys or console passwords, passing a role to EC2, Lambda, Glue, \
        CloudFormation, Data Pipeline, CodeBuild or SageMaker, replacing a function's code, SSM commands and \
        sessions on instances, attaching an instance profile — and who can grant whom full access, each step \
        decided by the IAM engine with boundaries and SCPs. A principal fails when the shortest path reaches a \
        principal with full access; the finding lists every step and the permissions it uses. Principals that are \
        administrator-equivalent already are reported by iam-principal-admin-equivalent instead.",
    remediation: Remediation {
        text: "Break the path at its cheapest step: narrow the trust policy of the role assumed, restrict \
            `iam:PassRole` to the roles each service needs (with `iam:PassedToService`), remove \
            `lambda:UpdateFunctionCode` or `ssm:SendCommand` on resources that run as powerful roles, and reduce the \
            permissions of the role at the end of the path.",
        cli: Some("onus iam paths --principal <principal-arn> <snapshot.json>"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
        "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
    ],
};

impl Check for PrivilegeEscalationPath {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn primary_kind(&self) -> Option<ResourceKind> {
        None
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<CheckResult>) {
        run_over_principals(&META, cx, out, |model, p, acc| {
            if acc.admin_equivalent() {
                return Ok(Verdict::NotApplicable("administrator-equivalent already"));
            }
            if let Some(path) = &acc.path {
                // The first step is the principal's own doing: point at what allows it.
                let inline = path.first().is_some_and(|s| {
                    s.grants.iter().flat_map(|g| g.allowed_by.iter()).any(|st| {
                        st.kind == onus_iam::PolicyKind::Identity && st.policy.contains(" inline ")
                    })
                });
                return Ok(Verdict::fail(
                    if inline { "inline_policies" } else { "attached_policy_arns" },
                    format!("{} can reach full access in {} steps: {}.", p.name, path.len(), model.describe_path(path)),
                ));
            }
            if let Some(path) = &acc.possible {
                return Err(Undecided::Unknown {
                    attribute: "attached_policy_arns",
                    unknown: Unknown {
                        cause: UnknownCause::NotCollected,
                        detail: Some(format!(
                            "a path depends on data onus does not collect (older policy versions or Glue dev endpoints): {}",
                            model.describe_path(path)
                        )),
                    },
                });
            }
            Ok(Verdict::pass(format!("{} has no path to full access through other principals.", p.name)))
        });
    }
}
