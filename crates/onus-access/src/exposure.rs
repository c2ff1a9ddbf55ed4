//! Who outside the account a resource policy (or a role's trust policy) lets in.
//!
//! The policy is evaluated by the engine for callers an attacker could be: an
//! anonymous caller, a principal of an unrelated AWS account, an identity of a public
//! OpenID Connect provider (GitHub Actions, Google, Cognito …), and each external
//! account the policy names. Condition keys split in two:
//!
//! * keys the **caller controls** (`aws:SecureTransport`, `aws:UserAgent`,
//!   `aws:Referer`, request tags, `s3:x-amz-acl` …): an attacker satisfies them, so
//!   they are removed from Allow statements, and Deny statements that test them are
//!   set aside (an attacker avoids them);
//! * keys **bound to who or where the caller is** (`aws:PrincipalOrgID`,
//!   `aws:PrincipalAccount`, `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceVpce`,
//!   `aws:SourceIp`, `sts:ExternalId`, an OIDC provider's `sub`/`aud` …): left for the
//!   engine to decide with the caller's real values (absent for an outsider).
//!
//! So `Principal: "*"` with `aws:PrincipalOrgID` is reachable only from the
//! organization, and is not public; `Principal: "*"` with only `aws:SecureTransport`
//! is public.

use crate::model::AccessModel;
use onus_iam::request::{PrincipalInfo, PrincipalKind};
use onus_iam::{Catalog, CompiledPolicy, Context, ContextValue, Outcome, PolicySet, Request, ResourceInfo};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The account an outsider is assumed to call from.
pub const OUTSIDER_ACCOUNT: &str = "000000000000";

/// The internet address an outsider calls from (a documentation address).
pub const OUTSIDER_IP: &str = "198.51.100.77";

/// The organization an outsider may belong to.
pub const OUTSIDER_ORG: &str = "o-0nusoutsider";

/// OpenID Connect providers anyone can get a token from.
const PUBLIC_OIDC_PROVIDERS: &[&str] = &[
    "token.actions.githubusercontent.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
    "cognito-identity.amazonaws.com",
    "gitlab.com",
    "app.terraform.io",
];

/// Who a grant reaches.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum Audience {
    /// Anyone, without credentials.
    Anonymous,
    /// Any principal of any AWS account.
    AnyAwsAccount,
    /// Any identity of a public OpenID Connect provider.
    AnyIdentityOf(String),
    /// A named account outside the organization (or when the organization is unknown).
    ExternalAccount(String),
    /// A named account of the organization.
    OrganizationAccount(String),
    /// Any account of the organization.
    Organization,
}

impl Audience {
    /// Whether this audience is the public.
    pub fn is_public(&self) -> bool {
        matches!(self, Audience::Anonymous | Audience::AnyAwsAccount | Audience::AnyIdentityOf(_))
    }
}

impl std::fmt::Display for Audience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Audience::Anonymous => f.write_str("anyone, without credentials"),
            Audience::AnyAwsAccount => f.write_str("any AWS account"),
            Audience::AnyIdentityOf(p) => write!(f, "any identity of {p}"),
            Audience::ExternalAccount(a) => write!(f, "account {a} (outside the organization)"),
            Audience::OrganizationAccount(a) => write!(f, "account {a} (in the organization)"),
            Audience::Organization => f.write_str("any account of the organization"),
        }
    }
}

/// One audience and what it may do.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Reach {
    /// Who.
    pub audience: Audience,
    /// The actions allowed (at most a few dozen, sorted).
    pub actions: Vec<String>,
    /// The statements (Sid or `#index`) that allow them.
    pub statements: Vec<String>,
}

/// The resource whose policy is analysed.
#[derive(Clone, Debug)]
pub struct ExposedResource<'a> {
    /// Its ARN.
    pub arn: &'a str,
    /// Its account.
    pub account: &'a str,
    /// The service prefix its actions use (`sqs`, `kms`, `sts` for a trust policy …).
    pub service: &'a str,
    /// Whether the policy must allow by itself (KMS keys, role trust policies).
    pub requires_resource_policy: bool,
}

/// What a policy lets outsiders do.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Exposure {
    /// Every audience reached, public ones first.
    pub reaches: Vec<Reach>,
}

impl Exposure {
    /// The public audiences.
    pub fn public(&self) -> impl Iterator<Item = &Reach> {
        self.reaches.iter().filter(|r| r.audience.is_public())
    }
}

/// Why a policy could not be analysed.
#[derive(Debug, thiserror::Error)]
pub enum ExposureError {
    /// Not a policy the engine accepts.
    #[error("not a valid policy: {message}")]
    Invalid {
        /// The engine's message.
        message: String,
    },
}

/// Whether a condition key is bound to who or where the caller is (an attacker
/// cannot choose its value).
pub fn key_binds_caller(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    // Chosen by the caller: the session's source identity, and the audience of a
    // GitHub Actions token (any workflow can ask for any audience).
    if k == "aws:sourceidentity" || k == "token.actions.githubusercontent.com:aud" {
        return false;
    }
    if k.starts_with("aws:principal") || k.starts_with("aws:source") || k.starts_with("aws:calledvia") || k.starts_with("saml:")
    {
        return true;
    }
    if matches!(
        k.as_str(),
        "aws:userid"
            | "aws:username"
            | "aws:vpcsourceip"
            | "aws:viaawsservice"
            | "aws:federatedprovider"
            | "kms:calleraccount"
            | "kms:viaservice"
            | "sts:externalid"
            | "s3:dataaccesspointaccount"
            | "s3:dataaccesspointarn"
            | "s3:accesspointnetworkorigin"
            | "elasticfilesystem:accessedviamounttarget"
    ) {
        return true;
    }
    // OpenID Connect keys are prefixed with the provider's host (`…githubusercontent.com:sub`).
    k.split_once(':').is_some_and(|(prefix, _)| prefix.contains('.'))
}

/// The policy as an attacker faces it: caller-controlled conditions satisfied in
/// Allow statements, Deny statements that test them set aside. Statement order and
/// Sids are kept so reports name the original statements.
fn attacker_view(doc: &Value) -> Value {
    let mut doc = doc.clone();
    let Some(obj) = doc.as_object_mut() else { return doc };
    let Some(stmts) = obj.get_mut("Statement") else { return doc };
    let list: Vec<&mut Value> = match stmts {
        Value::Array(a) => a.iter_mut().collect(),
        other => vec![other],
    };
    for st in list {
        let Some(st) = st.as_object_mut() else { continue };
        let deny = st.get("Effect").and_then(Value::as_str) == Some("Deny");
        let Some(Value::Object(cond)) = st.get_mut("Condition") else { continue };
        if deny {
            let avoidable = cond.values().any(|block| {
                block.as_object().is_some_and(|keys| keys.keys().any(|k| !key_binds_caller(k)))
            });
            if avoidable {
                // A condition that can never hold keeps the statement in place but inert.
                let mut never = Map::new();
                never.insert("Null".into(), serde_json::json!({"onus:never-present": "false"}));
                *cond = never;
            }
        } else {
            for block in cond.values_mut() {
                if let Some(keys) = block.as_object_mut() {
                    keys.retain(|k, _| key_binds_caller(k));
                }
            }
            cond.retain(|_, block| block.as_object().is_none_or(|k| !k.is_empty()));
        }
    }
    doc
}

fn as_list(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The actions worth asking about: those the Allow statements name, expanded within
/// the resource's service.
fn candidate_actions(doc: &Value, service: &str) -> Vec<String> {
    let catalog = Catalog::embedded().ok();
    let mut out = BTreeSet::new();
    let stmts: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    let in_service = |a: &str| a.split_once(':').is_some_and(|(s, _)| s.eq_ignore_ascii_case(service));
    for st in stmts {
        if st.get("Effect").and_then(Value::as_str) != Some("Allow") {
            continue;
        }
        if let Some(not) = st.get("NotAction") {
            let listed = as_list(Some(not));
            match catalog {
                Some(c) => out.extend(c.expand_not(&listed).into_iter().filter(|a| in_service(a))),
                None => {
                    out.insert(format!("{service}:onus-any"));
                }
            }
            continue;
        }
        for a in as_list(st.get("Action")) {
            let pattern = if a == "*" { format!("{service}:*") } else { a.to_owned() };
            if !pattern.contains(['*', '?']) {
                if in_service(&pattern) {
                    out.insert(pattern);
                }
                continue;
            }
            match catalog {
                Some(c) => out.extend(c.expand(&pattern).into_iter().filter(|x| in_service(x))),
                None => {
                    out.insert(pattern);
                }
            }
        }
    }
    out.into_iter().collect()
}

/// The resources the Allow statements name, wildcards filled in.
fn named_resources(doc: &Value) -> Vec<String> {
    let stmts: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for st in stmts.into_iter().filter(|st| st.get("Effect").and_then(Value::as_str) == Some("Allow")) {
        for r in as_list(st.get("Resource")) {
            if r == "*" || r.contains("${") || !r.starts_with("arn:") {
                continue;
            }
            let filled = r.replace('*', "onus").replace('?', "x");
            if !out.contains(&filled) {
                out.push(filled);
            }
        }
    }
    out
}

/// Account ids and OIDC providers the policy's Allow statements name.
fn named_principals(doc: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut accounts = BTreeSet::new();
    let mut providers = BTreeSet::new();
    let stmts: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    for st in stmts {
        if st.get("Effect").and_then(Value::as_str) != Some("Allow") {
            continue;
        }
        let Some(Value::Object(p)) = st.get("Principal") else { continue };
        for v in as_list(p.get("AWS")) {
            let acct = if v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()) {
                Some(v)
            } else {
                v.split(':').nth(4).filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
            };
            if let Some(a) = acct {
                accounts.insert(a.to_owned());
            }
        }
        for v in as_list(p.get("Federated")) {
            providers.insert(v.to_owned());
        }
    }
    (accounts, providers)
}

fn outsider(account: &str, org: Option<&str>) -> PrincipalInfo {
    let arn = format!("arn:aws:iam::{account}:role/onus-outsider");
    let mut p = PrincipalInfo::from_arn(&arn).unwrap_or_else(|_| unreachable!("a constant-shaped ARN parses"));
    p.org_id = org.map(str::to_owned);
    p
}

fn web_identity(provider: &str) -> PrincipalInfo {
    let mut p = PrincipalInfo::from_arn("*").unwrap_or_else(|_| unreachable!("`*` is the anonymous caller"));
    p.kind = PrincipalKind::WebIdentity;
    p.arn = provider.to_owned();
    p.federated_provider = Some(provider.to_owned());
    p
}

fn provider_host(provider: &str) -> &str {
    provider.rsplit_once(":oidc-provider/").map_or(provider, |(_, host)| host)
}

impl AccessModel {
    /// Who outside the account `doc` lets in, and to do what.
    pub fn exposure(&self, doc: &Value, res: &ExposedResource<'_>) -> Result<Exposure, ExposureError> {
        let view = attacker_view(doc);
        let compiled = CompiledPolicy::from_json("policy", &view.to_string())
            .map(Arc::new)
            .map_err(|e| ExposureError::Invalid { message: e.to_string() })?;
        let actions = candidate_actions(doc, res.service);
        let org = self.org.as_ref();
        let (accounts, providers) = named_principals(doc);

        let mut audiences: Vec<(Audience, PrincipalInfo)> = vec![
            (Audience::Anonymous, PrincipalInfo::from_arn("*").unwrap_or_else(|_| unreachable!("anonymous"))),
            (Audience::AnyAwsAccount, outsider(OUTSIDER_ACCOUNT, None)),
            // An attacker can also be in an organization of its own.
            (Audience::AnyAwsAccount, {
                let mut p = outsider(OUTSIDER_ACCOUNT, Some(OUTSIDER_ORG));
                p.org_paths = vec![format!("{OUTSIDER_ORG}/r-0nus/")];
                p
            }),
        ];
        for p in &providers {
            let host = provider_host(p);
            if PUBLIC_OIDC_PROVIDERS.contains(&host) {
                audiences.push((Audience::AnyIdentityOf(host.to_owned()), web_identity(p)));
            }
        }
        for a in accounts.iter().filter(|a| a.as_str() != res.account) {
            let in_org = org.is_some_and(|o| o.accounts.contains(a));
            let who = if in_org { Audience::OrganizationAccount(a.clone()) } else { Audience::ExternalAccount(a.clone()) };
            let mut p = outsider(a, if in_org { org.map(|o| o.id.as_str()) } else { None });
            p.arn = format!("arn:aws:iam::{a}:root");
            p.kind = PrincipalKind::Root;
            p.role_arn = None;
            audiences.push((who, p));
        }
        if let Some(o) = org {
            audiences.push((Audience::Organization, outsider(OUTSIDER_ACCOUNT, Some(&o.id))));
        }

        // The resource as requests name it: its ARN, objects under it (S3), and the
        // resources the policy's Allow statements name (the ARN an infrastructure-as-code
        // template gives the resource may be only a logical name).
        let mut targets: Vec<String> = vec![res.arn.to_owned()];
        if res.service == "s3" {
            targets.push(format!("{}/onus-probe-object", res.arn));
        }
        for r in named_resources(doc) {
            if !targets.contains(&r) && targets.len() < 12 {
                targets.push(r);
            }
        }
        let mut reaches = Vec::new();
        for (audience, principal) in audiences {
            // Every audience is another account: only a statement of the policy that
            // names it can let it in (a key policy of the account alone lets no one
            // else in), so most policies are decided here without a request per action.
            if !compiled.may_name(&principal) {
                continue;
            }
            let mut allowed = Vec::new();
            let mut statements = BTreeSet::new();
            for action in &actions {
                let mut action = action.clone();
                if principal.kind == PrincipalKind::WebIdentity && res.service == "sts" {
                    if !action.eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity") {
                        continue;
                    }
                    action = "sts:AssumeRoleWithWebIdentity".to_owned();
                }
                let set = PolicySet {
                    identity: if matches!(principal.kind, PrincipalKind::Anonymous | PrincipalKind::WebIdentity) {
                        Vec::new()
                    } else {
                        vec![self.full_access.clone()]
                    },
                    rcp_levels: self.rcp_levels(res.account),
                    resource: Some(compiled.clone()),
                    ..PolicySet::default()
                };
                let Some(req) = targets
                    .iter()
                    .filter_map(|arn| self.outsider_request(&principal, &action, arn.as_str(), res))
                    .find(|req| set.decide(req) == Outcome::Allowed)
                else {
                    continue;
                };
                if statements.is_empty() || allowed.len() < 3 {
                    let d = set.evaluate(&req);
                    statements.extend(
                        d.matched
                            .iter()
                            .filter(|s| s.kind == onus_iam::PolicyKind::Resource && s.effect == onus_iam::policy::Effect::Allow)
                            .map(|s| s.statement.clone()),
                    );
                }
                allowed.push(action);
            }
            if allowed.is_empty() {
                continue;
            }
            match reaches.iter_mut().find(|r: &&mut Reach| r.audience == audience) {
                Some(r) => {
                    r.actions.extend(allowed);
                    r.actions.sort();
                    r.actions.dedup();
                    r.statements.extend(statements);
                    r.statements.sort();
                    r.statements.dedup();
                }
                None => reaches.push(Reach { audience, actions: allowed, statements: statements.into_iter().collect() }),
            }
        }
        Ok(Exposure { reaches })
    }

    fn outsider_request(
        &self,
        principal: &PrincipalInfo,
        action: &str,
        arn: &str,
        res: &ExposedResource<'_>,
    ) -> Option<Request> {
        let mut info = ResourceInfo::new(arn);
        info.account = Some(res.account.to_owned());
        info.requires_resource_policy = res.requires_resource_policy;
        info.management_account = self.is_management_account(res.account);
        info.org_id = self.org.as_ref().map(|o| o.id.clone());
        let mut ctx = Context::new();
        ctx.set("aws:SecureTransport", ContextValue::Bool(true));
        ctx.set("aws:CurrentTime", ContextValue::Date(self.now.timestamp_millis()));
        // An outsider calls from some address on the internet: a range that admits
        // every address (0.0.0.0/0) admits it, a company's range does not.
        if let Ok(ip) = OUTSIDER_IP.parse() {
            ctx.set("aws:SourceIp", ContextValue::Ip(ip));
        }
        Request::new(principal.clone(), action, info, ctx).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_keys_bind_the_caller() {
        for k in ["aws:PrincipalOrgID", "aws:SourceVpce", "AWS:SourceArn", "sts:ExternalId", "token.actions.githubusercontent.com:sub"] {
            assert!(key_binds_caller(k), "{k}");
        }
        for k in ["aws:SecureTransport", "aws:UserAgent", "aws:Referer", "s3:x-amz-acl", "aws:SourceIdentity", "aws:RequestTag/x"] {
            assert!(!key_binds_caller(k), "{k}");
        }
    }
}
