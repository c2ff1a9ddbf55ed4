use crate::prelude::*;
use onus_model::resources::iam::{AccessKeyStatus, User};

/// Long-lived keys leak; the older a key, the more places it has been.
pub struct AccessKeyNotRotated;

/// Keys older than this fail (CIS AWS Foundations 1.14).
pub const MAX_AGE_DAYS: i64 = 90;

static META: CheckMeta = CheckMeta {
    id: "iam-access-key-not-rotated",
    aliases: &[],
    title: "Active IAM access key older than 90 days",
    service: "iam",
    severity: Severity::Medium,
    domain: Domain::IdentityAccess,
    duty: "Rotate long-term access keys at least every 90 days, or replace them with roles and temporary credentials.",
    kinds: &[ResourceKind::IamUser],
    rationale: "Access keys do not expire. A key that has lived for months has been copied to laptops, CI systems \
        and config files, and one leak is enough. Rotation bounds the window; roles with temporary credentials \
        remove it. CIS AWS Foundations 1.14.",
    remediation: Remediation {
        text: "Create a second key, switch every consumer to it, deactivate the old key, watch for failures, then \
            delete it. Prefer IAM roles (for workloads) and IAM Identity Center (for people) over access keys.",
        cli: Some("aws iam create-access-key --user-name <user>\naws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive\naws iam delete-access-key --user-name <user> --access-key-id <old-key-id>"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
    ],
};

impl ResourceCheck for AccessKeyNotRotated {
    type Kind = User;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, user: &User, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let keys = user.access_keys.known("access_keys")?;
        let stale: Vec<String> = keys
            .iter()
            .filter(|k| k.status == AccessKeyStatus::Active)
            .filter_map(|k| {
                let age = (cx.now - k.created).num_days();
                (age > MAX_AGE_DAYS).then(|| format!("{} ({age} days)", k.id))
            })
            .collect();
        if stale.is_empty() {
            let active = keys.iter().filter(|k| k.status == AccessKeyStatus::Active).count();
            Ok(Verdict::pass(format!("{} has {active} active key(s), none older than {MAX_AGE_DAYS} days.", r.name)))
        } else {
            Ok(Verdict::fail(
                "access_keys",
                format!("{} has active access key(s) older than {MAX_AGE_DAYS} days: {}.", r.name, stale.join(", ")),
            ))
        }
    }
}
