//! Asking the engine one question: may this principal perform this action on this
//! resource, in this account, as it is configured now?

use crate::model::{AccessModel, Principal};
use onus_iam::eval::StatementRef;
use onus_iam::{CompiledPolicy, Context, ContextValue, Outcome, PolicySet, Request, ResourceInfo};
use std::sync::Arc;

/// What a request acts on.
#[derive(Clone, Debug)]
pub struct Target<'a> {
    /// The resource ARN.
    pub arn: &'a str,
    /// The owning account when the ARN does not say (S3).
    pub account: Option<&'a str>,
    /// The region the request is sent to.
    pub region: &'a str,
    /// The resource's own policy (trust policy, key policy …).
    pub policy: Option<&'a Arc<CompiledPolicy>>,
    /// Whether the resource policy must allow by itself (role trust, KMS keys).
    pub requires_resource_policy: bool,
    /// Request-specific condition keys (`iam:PassedToService`, `iam:PolicyARN` …).
    pub keys: &'a [(&'a str, &'a str)],
}

impl<'a> Target<'a> {
    /// A resource with no policy of its own.
    pub fn plain(arn: &'a str, region: &'a str) -> Target<'a> {
        Target { arn, account: None, region, policy: None, requires_resource_policy: false, keys: &[] }
    }

    /// The same target with extra condition keys.
    pub fn with_keys(mut self, keys: &'a [(&'a str, &'a str)]) -> Target<'a> {
        self.keys = keys;
        self
    }
}

/// How a principal's own policies are changed for a hypothetical question.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hypothesis<'a> {
    /// Policies added to its identity policies.
    pub extra_identity: &'a [Arc<CompiledPolicy>],
    /// Whether its permissions boundary is removed.
    pub drop_boundary: bool,
}

/// The permission a step needs, as asked of the engine.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Permission {
    /// The action.
    pub action: String,
    /// The resource ARN.
    pub resource: String,
}

/// A permission together with the statements that allow it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Granted {
    /// The permission.
    pub permission: Permission,
    /// The Allow statements that matched.
    pub allowed_by: Vec<StatementRef>,
}

impl AccessModel {
    fn context(&self, region: &str, keys: &[(&str, &str)]) -> Context {
        let mut c = Context::new();
        c.set("aws:SecureTransport", ContextValue::Bool(true));
        c.set("aws:ViaAWSService", ContextValue::Bool(false));
        c.set("aws:RequestedRegion", ContextValue::String(region.to_owned()));
        c.set("aws:CurrentTime", ContextValue::Date(self.now.timestamp_millis()));
        c.set("aws:EpochTime", ContextValue::Number(self.now.timestamp() as f64));
        for (k, v) in keys {
            c.set_str(k, v);
        }
        c
    }

    fn set_for(&self, p: &Principal, t: &Target<'_>, h: Hypothesis<'_>, resource_account: &str) -> PolicySet {
        let mut identity = p.identity.clone();
        identity.extend(h.extra_identity.iter().cloned());
        PolicySet {
            identity,
            boundary: if h.drop_boundary { None } else { p.boundary.clone() },
            session: None,
            scp_levels: self.scp_levels(&p.account),
            rcp_levels: self.rcp_levels(resource_account),
            resource: t.policy.cloned(),
        }
    }

    fn request(&self, p: &Principal, action: &str, t: &Target<'_>) -> Option<Request> {
        let mut resource = ResourceInfo::new(t.arn);
        if resource.account.is_none() {
            resource.account = Some(t.account.unwrap_or(&p.account).to_owned());
        }
        resource.requires_resource_policy = t.requires_resource_policy;
        if let Some(a) = &resource.account {
            resource.management_account = self.is_management_account(a);
            resource.org_id = self.org.as_ref().filter(|o| o.accounts.contains(a)).map(|o| o.id.clone());
        }
        let req = Request::new(self.principal_info(p), action, resource, self.context(t.region, t.keys));
        match req {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::debug!(action, resource = t.arn, error = %e, "request not built");
                None
            }
        }
    }

    /// The engine's outcome for `p` performing `action` on `t` (under a hypothesis).
    pub fn outcome(&self, p: &Principal, action: &str, t: &Target<'_>, h: Hypothesis<'_>) -> Option<Outcome> {
        let req = self.request(p, action, t)?;
        let account = req.resource_account().to_owned();
        Some(self.set_for(p, t, h, &account).decide(&req))
    }

    /// Whether `p` may perform `action` on `t` (under a hypothesis).
    pub fn allows(&self, p: &Principal, action: &str, t: &Target<'_>, h: Hypothesis<'_>) -> bool {
        let Some(req) = self.request(p, action, t) else { return false };
        let account = req.resource_account().to_owned();
        self.set_for(p, t, h, &account).decide(&req) == Outcome::Allowed
    }

    /// Like [`AccessModel::allows`], with the statements that allowed it.
    pub fn grant(&self, p: &Principal, action: &str, t: &Target<'_>, h: Hypothesis<'_>) -> Option<Granted> {
        let req = self.request(p, action, t)?;
        let account = req.resource_account().to_owned();
        let d = self.set_for(p, t, h, &account).evaluate(&req);
        (d.outcome == Outcome::Allowed).then(|| Granted {
            permission: Permission { action: action.to_owned(), resource: t.arn.to_owned() },
            allowed_by: d.matched.into_iter().filter(|s| s.effect == onus_iam::policy::Effect::Allow).collect(),
        })
    }

    /// Whether any identity policy of `p` (or an added one) could allow `action` at
    /// all: the cheap filter before evaluating against every target.
    pub fn may(&self, p: &Principal, action: &str, h: Hypothesis<'_>) -> bool {
        p.identity.iter().chain(h.extra_identity).any(|c| c.may_allow(action))
    }

    /// ARNs an attacker could give a resource it creates with `action`: `default`,
    /// and each resource pattern of `p`'s Allow statements for the service, with its
    /// wildcards filled in (region and account segments with the real ones).
    pub fn creatable(&self, p: &Principal, action: &str, region: &str, default: &str) -> Vec<String> {
        let mut out = vec![default.to_owned()];
        let Some((svc, _)) = action.split_once(':') else { return out };
        for pol in &p.identity {
            for st in &pol.policy().statements {
                if st.effect.value != onus_iam::policy::Effect::Allow {
                    continue;
                }
                let Some(res) = &st.resource else { continue };
                if res.negated {
                    continue;
                }
                for item in &res.items {
                    let v = item.value.as_str();
                    if v.contains("${") {
                        continue;
                    }
                    let parts: Vec<&str> = v.splitn(6, ':').collect();
                    let [arn, partition, service, reg, acct, rest] = parts.as_slice() else { continue };
                    if *arn != "arn" || !service.eq_ignore_ascii_case(svc) {
                        continue;
                    }
                    let reg = if reg.contains(['*', '?']) { region } else { reg };
                    let acct = if acct.contains(['*', '?']) { p.account.as_str() } else { acct };
                    let rest = rest.replace('*', "onus").replace('?', "x");
                    let filled = format!("arn:{partition}:{service}:{reg}:{acct}:{rest}");
                    if !out.contains(&filled) {
                        out.push(filled);
                    }
                }
            }
        }
        out.truncate(16);
        out
    }
}
