use crate::check::{Check, Context};
use crate::prelude::*;
use crate::result::CheckResult;
use crate::support::access::run_over_principals;
use onus_access::{AccessModel, Method, Step};

/// Full access, or the power to give it to oneself, is administrator access.
pub struct PrincipalAdminEquivalent;

static META: CheckMeta = CheckMeta {
    id: "iam-principal-admin-equivalent",
    aliases: &[],
    title: "IAM user or role is administrator-equivalent",
    service: "iam",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Grant administrator power to as few principals as possible, and know exactly which ones hold it.",
    kinds: &[
        ResourceKind::IamUser,
        ResourceKind::IamRole,
        ResourceKind::IamGroup,
        ResourceKind::IamManagedPolicy,
        ResourceKind::OrganizationsPolicy,
    ],
    rationale: "A principal is administrator-equivalent when its policies allow everything, or when it can give \
        itself everything in one step: attach or write a policy on itself or on one of its groups, publish a new \
        default version of a customer managed policy it holds, or add itself to a group with full access. onus \
        evaluates every policy that applies (the principal's own and its groups', its permissions boundary and the \
        organization's SCPs) with its IAM engine, so a `*:*` policy cut down by a boundary or an SCP is not reported, \
        while a policy that only allows `iam:AttachUserPolicy` on its own user is. Every such principal is a way to \
        own the account if its credentials leak (AWS FSBP IAM.1, CIS 1.16).",
    remediation: Remediation {
        text: "Give each principal only the actions it needs. Remove policy-writing actions (`iam:Attach*Policy`, \
            `iam:Put*Policy`, `iam:CreatePolicyVersion`, `iam:AddUserToGroup`) from principals that do not \
            administer IAM, or limit them with conditions (`iam:PolicyARN`) and a permissions boundary the principal \
            cannot remove. Keep real administrators few, behind MFA and short-lived role sessions.",
        cli: Some("aws iam list-attached-user-policies --user-name <user>\naws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>\naws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <boundary-arn>"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
    ],
};

/// The policies a full-access step names, as `policy (statement)`.
fn sources(step: &Step) -> String {
    let mut seen: Vec<String> = Vec::new();
    for g in &step.grants {
        // The organization's SCPs only let it through; the grant is the principal's own.
        for s in g.allowed_by.iter().filter(|s| !matches!(s.kind, onus_iam::PolicyKind::Scp | onus_iam::PolicyKind::Rcp)) {
            let label = format!("{} ({})", s.policy, s.statement);
            if !seen.contains(&label) {
                seen.push(label);
            }
        }
    }
    seen.join(", ")
}

/// The attribute to point at: inline policies when an inline policy grants the
/// step, else the attached policies (a group's come through `groups`).
fn attribute_of(step: &Step) -> &'static str {
    let policies = || step.grants.iter().flat_map(|g| g.allowed_by.iter()).filter(|s| s.kind == onus_iam::PolicyKind::Identity);
    if policies().any(|s| s.policy.contains(" inline ")) {
        "inline_policies"
    } else {
        "attached_policy_arns"
    }
}

fn verdict(model: &AccessModel, name: &str, full: Option<&Step>, own: Option<&Step>) -> Verdict {
    if let Some(step) = full {
        return Verdict::fail(attribute_of(step), format!("{name} has full access, granted by {}.", sources(step)));
    }
    if let Some(step) = own {
        let how = match step.method {
            Method::AddUserToGroup => format!("{} {}", step.method.describe(), step.target),
            _ => format!("{} ({})", step.method.describe(), step.target),
        };
        let boundary = if step.grants.len() > 1 { " and removes its own permissions boundary" } else { "" };
        return Verdict::fail(
            attribute_of(step),
            format!("{name} can give itself full access: it {how}{boundary}, allowed by {}.", sources(step)),
        );
    }
    let _ = model;
    Verdict::pass(format!("{name} neither has full access nor can give it to itself in one step."))
}

impl Check for PrincipalAdminEquivalent {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn primary_kind(&self) -> Option<ResourceKind> {
        None
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<CheckResult>) {
        run_over_principals(&META, cx, out, |model, p, acc| {
            Ok(verdict(model, &p.name, acc.full_access.as_ref(), acc.self_escalation.as_ref()))
        });
    }
}
