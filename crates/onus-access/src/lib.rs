//! Who can do what in an AWS account, computed from an onus inventory with the onus
//! IAM engine.
//!
//! * [`AccessModel::build`] gathers every principal with all the policies that apply
//!   to it (its own, its groups', its boundary, the organization's SCPs and RCPs).
//! * [`AccessModel::escalation`] finds principals with full access, principals that
//!   can give themselves full access (admin-equivalent), and multi-step
//!   privilege-escalation paths through other principals.
//! * [`AccessModel::exposure`] says who outside the account a resource policy lets in,
//!   honouring conditions that really restrict the caller.
//! * [`AccessModel::who_can`] answers one question for every principal, and
//!   [`AccessModel::effective_permissions`] every question for one principal.
//!
//! Every decision comes from the engine ([`onus_iam::PolicySet`]); nothing here
//! pattern-matches policy text to guess an outcome.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod decide;
pub mod effective;
pub mod escalation;
pub mod exposure;
pub mod lookup;
pub mod model;

pub use effective::{Scope, ServicePermissions};
pub use decide::{Granted, Hypothesis, Permission, Target};
pub use escalation::{Escalation, Method, PrincipalAccess, Step};
pub use lookup::{LookupError, ResourcePolicy, resource_policy};
pub use exposure::{Audience, ExposedResource, Exposure, ExposureError, Reach};
pub use model::{AccessModel, Incomplete, Principal, PrincipalType};

/// A principal allowed an action, with the statements that allow it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Allowed {
    /// Index into [`AccessModel::principals`].
    pub principal: usize,
    /// The grant.
    pub granted: Granted,
}

impl AccessModel {
    /// Every principal of the inventory that may perform `action` on `target`; and
    /// the principals whose permissions are not fully known (they may or may not).
    pub fn who_can(&self, action: &str, target: &Target<'_>) -> (Vec<Allowed>, Vec<usize>) {
        let mut allowed = Vec::new();
        let mut unknown = Vec::new();
        for (i, p) in self.principals.iter().enumerate() {
            if p.incomplete.is_some() {
                unknown.push(i);
                continue;
            }
            if let Some(granted) = self.grant(p, action, target, Hypothesis::default()) {
                allowed.push(Allowed { principal: i, granted });
            }
        }
        (allowed, unknown)
    }

    /// A path or step as one line: `alice → assumes the role → deployer → …`.
    pub fn describe_path(&self, steps: &[Step]) -> String {
        let mut out = String::new();
        for (i, s) in steps.iter().enumerate() {
            let actor = &self.principals[s.actor].name;
            if i == 0 {
                out.push_str(actor);
            }
            if s.method == Method::FullAccess {
                out.push_str(" (has full access)");
                continue;
            }
            let perms: Vec<&str> = s.grants.iter().map(|g| g.permission.action.as_str()).collect();
            out.push_str(&format!(" → [{}: {}]", s.method.describe(), perms.join(" + ")));
            match s.becomes {
                Some(b) if b != s.actor => out.push_str(&format!(" → {}", self.principals[b].name)),
                _ => out.push_str(" → full access"),
            }
        }
        out
    }
}
