//! Effective permissions: every action of the catalogue a principal may perform, with
//! all of its policies, its boundary and the SCPs applied.

use crate::decide::{Hypothesis, Target};
use crate::model::{AccessModel, Principal};
use onus_iam::Catalog;
use onus_iam::catalog::AccessLevel;
use std::collections::BTreeMap;

/// How widely an action is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// On any resource of its type (the policy does not narrow by name).
    AnyResource,
    /// Only on some resources, or only under conditions the analysis does not meet
    /// (an action explicitly denied on every resource is not listed at all).
    SomeResources,
}

/// One service's share of a principal's permissions.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ServicePermissions {
    /// The service prefix.
    pub service: String,
    /// Actions allowed on any resource, by access level.
    pub any_resource: BTreeMap<String, Vec<String>>,
    /// Actions some statement allows, but only on named resources or under conditions.
    pub some_resources: BTreeMap<String, Vec<String>>,
}

impl ServicePermissions {
    /// How many actions in all.
    pub fn count(&self) -> (usize, usize) {
        (self.any_resource.values().map(Vec::len).sum(), self.some_resources.values().map(Vec::len).sum())
    }
}

fn level_name(l: AccessLevel) -> &'static str {
    match l {
        AccessLevel::List => "list",
        AccessLevel::Read => "read",
        AccessLevel::Write => "write",
        AccessLevel::PermissionsManagement => "permissions-management",
        AccessLevel::Tagging => "tagging",
        AccessLevel::Unknown => "unknown",
    }
}

/// A resource ARN of the action's first resource type with every name filled in, or `*`.
fn generic_arn(template: Option<&str>, account: &str, region: &str) -> String {
    let Some(t) = template else { return "*".to_owned() };
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else { break };
        let var = &rest[start + 2..start + end];
        out.push_str(match var {
            "Partition" => "aws",
            "Region" => region,
            "Account" => account,
            _ => "onus-any",
        });
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

impl AccessModel {
    /// Every catalogue action `p` may perform, by service; `only` limits it to one service.
    pub fn effective_permissions(&self, p: &Principal, only: Option<&str>) -> Vec<ServicePermissions> {
        let Ok(catalog) = Catalog::embedded() else { return Vec::new() };
        let h = Hypothesis::default();
        let mut out = Vec::new();
        for svc in catalog.services() {
            if only.is_some_and(|o| !o.eq_ignore_ascii_case(&svc.prefix)) {
                continue;
            }
            let mut perms = ServicePermissions { service: svc.prefix.clone(), ..ServicePermissions::default() };
            for a in &svc.actions {
                let action = format!("{}:{}", svc.prefix, a.name);
                if !self.may(p, &action, h) {
                    continue;
                }
                let template = a.resource_types.first().and_then(|(i, _)| svc.resources.get(*i)).map(|r| r.arn.as_str());
                let region = if matches!(svc.prefix.as_str(), "iam" | "sts" | "organizations") { "us-east-1" } else { &self.region };
                let arn = generic_arn(template, &p.account, region);
                // Allowed on a resource of any name: everywhere. Denied explicitly on
                // it (an SCP, a boundary or policy Deny on every resource): nowhere.
                // Otherwise some statement allows it on named resources or under
                // conditions.
                let scope = match self.outcome(p, &action, &Target::plain(&arn, region), h) {
                    Some(onus_iam::Outcome::Allowed) => Scope::AnyResource,
                    Some(onus_iam::Outcome::ExplicitDeny) | None => continue,
                    Some(onus_iam::Outcome::ImplicitDeny) => Scope::SomeResources,
                };
                let slot = match scope {
                    Scope::AnyResource => &mut perms.any_resource,
                    Scope::SomeResources => &mut perms.some_resources,
                };
                slot.entry(level_name(a.access_level).to_owned()).or_default().push(action);
            }
            if perms.count() != (0, 0) {
                out.push(perms);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::generic_arn;

    #[test]
    fn arn_templates_are_filled() {
        assert_eq!(
            generic_arn(Some("arn:${Partition}:s3:::${BucketName}/${ObjectName}"), "111122223333", "eu-west-1"),
            "arn:aws:s3:::onus-any/onus-any"
        );
        assert_eq!(
            generic_arn(Some("arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"), "111122223333", "eu-west-1"),
            "arn:aws:sqs:eu-west-1:111122223333:onus-any"
        );
        assert_eq!(generic_arn(None, "1", "r"), "*");
    }
}
