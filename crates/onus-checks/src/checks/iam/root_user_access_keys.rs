use crate::prelude::*;
use onus_model::resources::iam::RootUser;

/// Access keys for the root user are unrestricted, long-lived credentials.
pub struct RootUserAccessKeys;

static META: CheckMeta = CheckMeta {
    id: "iam-root-user-access-keys",
    aliases: &[],
    title: "Root user has active access keys",
    service: "iam",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Never create access keys for the root user; use IAM roles for programmatic access.",
    kinds: &[ResourceKind::IamRootUser],
    rationale: "A root access key grants every permission in the account to whoever holds it, cannot be limited \
        by IAM policies, and tends to end up in scripts, CI variables and laptops. CIS AWS Foundations 1.4 \
        requires that no root access key exists.",
    remediation: Remediation {
        text: "Sign in as the root user, open Security credentials, and delete the access keys after moving \
            whatever used them to an IAM role.",
        cli: None,
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
    ],
};

impl ResourceCheck for RootUserAccessKeys {
    type Kind = RootUser;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, _r: &Resource, root: &RootUser, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        match *root.active_access_keys.known("active_access_keys")? {
            0 => Ok(Verdict::pass("Root user has no active access keys.")),
            n => Ok(Verdict::fail("active_access_keys", format!("Root user has {n} active access key(s)."))),
        }
    }
}
