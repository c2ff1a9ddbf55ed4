use crate::prelude::*;
use onus_model::resources::iam::RootUser;

/// The root user has full, unrestrictable power over the account; a password
/// alone is all that stands between a phisher and everything.
pub struct RootUserWithoutMfa;

static META: CheckMeta = CheckMeta {
    id: "iam-root-user-without-mfa",
    aliases: &[],
    title: "Root user has no MFA",
    service: "iam",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Protect the root user with multi-factor authentication and keep it out of daily use.",
    kinds: &[ResourceKind::IamRootUser],
    rationale: "The root user can do anything in the account, including closing it, and no IAM policy or \
        permission boundary restricts it (only SCPs do, in an organization). With MFA, a stolen root password \
        is not enough to sign in. CIS AWS Foundations 1.5 requires MFA on root; 1.6 prefers a hardware device.",
    remediation: Remediation {
        text: "Sign in as the root user, open Security credentials, and assign an MFA device (a FIDO security \
            key or hardware token is preferred). Store the device where more than one trusted person can reach it. \
            In an AWS Organization, consider centralized root access management, which removes member-account root credentials.",
        cli: None,
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
    ],
};

impl ResourceCheck for RootUserWithoutMfa {
    type Kind = RootUser;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, _r: &Resource, root: &RootUser, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *root.mfa_active.known("mfa_active")? {
            Ok(Verdict::pass("Root user has MFA enabled."))
        } else {
            Ok(Verdict::fail("mfa_active", "Root user has no MFA device."))
        }
    }
}
