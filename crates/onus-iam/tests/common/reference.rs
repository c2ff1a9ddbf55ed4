//! A deliberately naive reference evaluator, written independently of the engine and
//! as literally as possible from the IAM User Guide ("Policy evaluation logic",
//! "Cross-account policy evaluation logic", "IAM JSON policy elements: Condition
//! operators", "Policy variables", "Multivalued context keys"). It reads the policy
//! JSON directly (serde_json values), uses recursive wildcard matching and no
//! indexing or pre-compilation. It shares only the input types (request, context
//! values) with the engine.

#![allow(dead_code, clippy::collapsible_match, clippy::collapsible_if)]

use onus_iam::request::{ContextValue, PrincipalKind, Request, parse_bool, parse_date, parse_number};
use onus_iam::Outcome;
use serde_json::Value;
use std::net::IpAddr;

/// The policies for one request, as JSON documents.
#[derive(Clone, Debug, Default)]
pub struct RefSet {
    pub identity: Vec<Value>,
    pub boundary: Option<Value>,
    pub session: Option<Vec<Value>>,
    pub scps: Vec<Vec<Value>>,
    pub rcps: Vec<Vec<Value>>,
    pub resource: Option<Value>,
}

/// A wildcard character: literal or wildcard.
#[derive(Clone, Copy, PartialEq, Debug)]
enum C {
    Lit(char),
    Star,
    Q,
}

fn wild(p: &[C], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(C::Star) => wild(&p[1..], s) || (!s.is_empty() && wild(p, &s[1..])),
        Some(C::Q) => !s.is_empty() && wild(&p[1..], &s[1..]),
        Some(C::Lit(c)) => s.first() == Some(c) && wild(&p[1..], &s[1..]),
    }
}

fn pat(text: &str) -> Vec<C> {
    text.chars().map(|c| if c == '*' { C::Star } else if c == '?' { C::Q } else { C::Lit(c) }).collect()
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

fn list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Bool(b)) => vec![b.to_string()],
        _ => vec![],
    }
}

fn statements(policy: &Value) -> Vec<Value> {
    match policy.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(o @ Value::Object(_)) => vec![o.clone()],
        _ => vec![],
    }
}

fn variables_on(policy: &Value) -> bool {
    policy.get("Version").and_then(Value::as_str) == Some("2012-10-17")
}

/// Look up a context key, case-insensitively.
fn lookup<'a>(req: &'a Request, key: &str) -> Option<(&'a Vec<ContextValue>, bool)> {
    let k = key.to_lowercase();
    req.context.iter().find(|(name, _)| *name == k).map(|(_, e)| (&e.values, e.multi))
}

fn value_string(v: &ContextValue) -> String {
    v.as_str().into_owned()
}

/// Substitute policy variables. Returns None when a variable has no value and no
/// default ("the element matches nothing"). Substituted text and ${*} ${?} ${$} are
/// literal characters.
fn substitute(text: &str, req: &Request, enabled: bool) -> Option<Vec<C>> {
    if !enabled {
        return Some(pat(text));
    }
    let mut out = Vec::new();
    let cs: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        if cs[i] == '$' && cs.get(i + 1) == Some(&'{') {
            if let Some(end) = cs[i + 2..].iter().position(|c| *c == '}') {
                let inner: String = cs[i + 2..i + 2 + end].iter().collect();
                i = i + 2 + end + 1;
                match inner.as_str() {
                    "*" => out.push(C::Lit('*')),
                    "?" => out.push(C::Lit('?')),
                    "$" => out.push(C::Lit('$')),
                    _ => {
                        let (key, default) = match inner.split_once(", ") {
                            Some((k, d)) if d.starts_with('\'') && d.ends_with('\'') && d.len() >= 2 => {
                                (k.to_string(), Some(d[1..d.len() - 1].to_string()))
                            }
                            Some(_) => {
                                // malformed: literal
                                out.extend(format!("${{{inner}}}").chars().map(C::Lit));
                                continue;
                            }
                            None => (inner.clone(), None),
                        };
                        let val = match lookup(req, &key) {
                            Some((vals, false)) if vals.len() == 1 => Some(value_string(&vals[0])),
                            _ => default,
                        };
                        out.extend(val?.chars().map(C::Lit));
                    }
                }
                continue;
            }
        }
        out.push(match cs[i] {
            '*' => C::Star,
            '?' => C::Q,
            c => C::Lit(c),
        });
        i += 1;
    }
    Some(out)
}

fn lits_to_string(p: &[C]) -> String {
    p.iter()
        .map(|c| match c {
            C::Lit(c) => *c,
            C::Star => '*',
            C::Q => '?',
        })
        .collect()
}

/// Split a pattern into the six ARN parts at the first five literal colons.
fn split6(p: &[C]) -> Vec<Vec<C>> {
    let mut parts: Vec<Vec<C>> = vec![vec![]];
    for c in p {
        if *c == C::Lit(':') && parts.len() < 6 {
            parts.push(vec![]);
        } else {
            parts.last_mut().unwrap().push(*c);
        }
    }
    parts
}

/// "Each of the six colon-delimited components of the ARN is checked separately."
fn arn_like(pattern: &[C], value: &str) -> bool {
    if !pattern.is_empty() && pattern.iter().all(|c| *c == C::Star) {
        return true;
    }
    let pp = split6(pattern);
    let vp: Vec<&str> = value.splitn(6, ':').collect();
    let is_arn = vp.len() == 6 && vp[0] == "arn";
    if pp.len() < 6 || pp[0] != vec![C::Lit('a'), C::Lit('r'), C::Lit('n')] {
        // not an ARN pattern: whole-string match against non-ARN values only
        if lits_to_string(pattern).starts_with("arn:") {
            return false;
        }
        return !is_arn && wild(pattern, &chars(value));
    }
    if !is_arn {
        return false;
    }
    (0..6).all(|i| wild(&pp[i], &chars(vp[i])))
}

fn action_matches(pattern: &str, action: &str) -> bool {
    let p = pattern.to_lowercase();
    let a = action.to_lowercase();
    if p == "*" {
        return true;
    }
    let (Some((ps, pn)), Some((as_, an))) = (p.split_once(':'), a.split_once(':')) else { return false };
    wild(&pat(ps), &chars(as_)) && wild(&pat(pn), &chars(an))
}

fn cidr_contains(c: &str, ip: IpAddr) -> bool {
    let (a, bits) = match c.trim().split_once('/') {
        Some((a, b)) => (a, b.parse::<u32>().ok()),
        None => (c.trim(), None),
    };
    let Ok(net) = a.parse::<IpAddr>() else { return false };
    let ip = match (net, ip) {
        (IpAddr::V4(_), IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => return false,
        },
        _ => ip,
    };
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(x)) => {
            let b = bits.unwrap_or(32);
            if b > 32 {
                return false;
            }
            (0..b).all(|i| (u32::from(n) >> (31 - i)) & 1 == (u32::from(x) >> (31 - i)) & 1)
        }
        (IpAddr::V6(n), IpAddr::V6(x)) => {
            let b = bits.unwrap_or(128);
            if b > 128 {
                return false;
            }
            (0..b).all(|i| (u128::from(n) >> (127 - i)) & 1 == (u128::from(x) >> (127 - i)) & 1)
        }
        _ => false,
    }
}

/// One request value against one policy value for a positive base operator.
fn one_match(base: &str, policy_value: &str, v: &ContextValue, req: &Request, vars: bool) -> bool {
    let with_vars = matches!(base, "StringEquals" | "StringEqualsIgnoreCase" | "StringLike" | "ArnEquals" | "ArnLike" | "Bool");
    let pv: Option<Vec<C>> = if with_vars { substitute(policy_value, req, vars) } else { Some(pat(policy_value)) };
    let Some(pv) = pv else { return false };
    let text = lits_to_string(&pv);
    match base {
        "StringEquals" => value_string(v) == text,
        "StringEqualsIgnoreCase" => value_string(v).to_lowercase() == text.to_lowercase(),
        "StringLike" => wild(&pv, &chars(&value_string(v))),
        "ArnEquals" | "ArnLike" => arn_like(&pv, &value_string(v)),
        "NumericEquals" | "NumericLessThan" | "NumericLessThanEquals" | "NumericGreaterThan" | "NumericGreaterThanEquals" => {
            let (Some(x), Some(p)) = (v.as_number(), parse_number(policy_value)) else { return false };
            match base {
                "NumericEquals" => x == p,
                "NumericLessThan" => x < p,
                "NumericLessThanEquals" => x <= p,
                "NumericGreaterThan" => x > p,
                _ => x >= p,
            }
        }
        "DateEquals" | "DateLessThan" | "DateLessThanEquals" | "DateGreaterThan" | "DateGreaterThanEquals" => {
            let (Some(x), Some(p)) = (v.as_date(), parse_date(policy_value)) else { return false };
            match base {
                "DateEquals" => x == p,
                "DateLessThan" => x < p,
                "DateLessThanEquals" => x <= p,
                "DateGreaterThan" => x > p,
                _ => x >= p,
            }
        }
        "Bool" => match (v.as_bool(), parse_bool(&text)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        "BinaryEquals" => match (v.as_binary(), onus_iam::request::base64_decode(policy_value)) {
            (Some(a), Some(b)) => *a == *b,
            _ => false,
        },
        "IpAddress" => v.as_ip().is_some_and(|ip| cidr_contains(policy_value, ip)),
        _ => false,
    }
}

const NEGATED: &[(&str, &str)] = &[
    ("StringNotEquals", "StringEquals"),
    ("StringNotEqualsIgnoreCase", "StringEqualsIgnoreCase"),
    ("StringNotLike", "StringLike"),
    ("NumericNotEquals", "NumericEquals"),
    ("DateNotEquals", "DateEquals"),
    ("NotIpAddress", "IpAddress"),
    ("ArnNotEquals", "ArnEquals"),
    ("ArnNotLike", "ArnLike"),
];

const POSITIVE: &[&str] = &[
    "StringEquals", "StringEqualsIgnoreCase", "StringLike", "NumericEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateLessThan", "DateLessThanEquals",
    "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "ArnEquals", "ArnLike",
];

/// Evaluate one condition operator/key with its values. Returns None for an unknown
/// operator.
fn condition(op: &str, key: &str, values: &[String], req: &Request, vars: bool) -> Option<bool> {
    let (qual, rest) = if let Some(r) = op.strip_prefix("ForAllValues:") {
        ("all", r)
    } else if let Some(r) = op.strip_prefix("ForAnyValue:") {
        ("any", r)
    } else {
        ("", op)
    };
    let request_values: Vec<ContextValue> = lookup(req, key).map(|(v, _)| v.clone()).unwrap_or_default();
    let present = !request_values.is_empty();
    if rest == "Null" {
        // "true": the key is absent; "false": the key is present. Values OR.
        return Some(values.iter().any(|v| match v.to_lowercase().as_str() {
            "true" => !present,
            "false" => present,
            _ => false,
        }));
    }
    let (if_exists, name) = match rest.strip_suffix("IfExists") {
        Some(n) => (true, n),
        None => (false, rest),
    };
    let (negated, base) = match NEGATED.iter().find(|(n, _)| *n == name) {
        Some((_, b)) => (true, *b),
        None if POSITIVE.contains(&name) => (false, name),
        None => return None,
    };
    if !present {
        if if_exists {
            return Some(true);
        }
        return Some(match qual {
            "all" => true,
            "any" => false,
            _ => negated,
        });
    }
    // For one request value: true when it matches at least one policy value (positive),
    // or matches none of them (negated).
    let test = |v: &ContextValue| {
        let any = values.iter().any(|p| one_match(base, p, v, req, vars));
        if negated { !any } else { any }
    };
    Some(match qual {
        "all" => request_values.iter().all(test),
        "any" => request_values.iter().any(test),
        _ => {
            if negated {
                request_values.iter().all(test)
            } else {
                request_values.iter().any(test)
            }
        }
    })
}

/// How the principal element named the caller.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Named {
    Account,
    RoleArn,
    FederatingUser,
    Itself,
    Everyone,
}

fn principal_named(stmt: &Value, req: &Request, has_boundary: bool, effect_deny: bool) -> Option<Vec<Named>> {
    let p = &req.principal;
    let (elem, negated) = match (stmt.get("Principal"), stmt.get("NotPrincipal")) {
        (Some(e), _) => (e, false),
        (None, Some(e)) => (e, true),
        (None, None) => return Some(vec![]), // identity-style statement
    };
    let mut named = Vec::new();
    if elem.as_str() == Some("*") {
        named.push(Named::Everyone);
    }
    if let Some(map) = elem.as_object() {
        for (k, v) in map {
            for item in list(Some(v)) {
                match k.as_str() {
                    "AWS" => {
                        if item == "*" {
                            named.push(Named::Everyone);
                            continue;
                        }
                        if matches!(p.kind, PrincipalKind::Anonymous | PrincipalKind::Service) {
                            continue;
                        }
                        let acct = if item.len() == 12 && item.chars().all(|c| c.is_ascii_digit()) {
                            Some(item.clone())
                        } else if item.starts_with("arn:") && item.ends_with(":root") {
                            item.split(':').nth(4).map(str::to_string)
                        } else {
                            None
                        };
                        if let Some(a) = acct {
                            if a == p.account {
                                named.push(Named::Account);
                            }
                        } else if p.role_arn.as_deref() == Some(item.as_str()) && p.kind == PrincipalKind::AssumedRole {
                            named.push(Named::RoleArn);
                        } else if item == p.arn {
                            named.push(Named::Itself);
                        } else if p.federating_user_arn.as_deref() == Some(item.as_str()) {
                            named.push(Named::FederatingUser);
                        } else if p.unique_id.as_deref() == Some(item.as_str()) {
                            named.push(if p.kind == PrincipalKind::AssumedRole { Named::RoleArn } else { Named::Itself });
                        }
                    }
                    "Service" => {
                        if p.kind == PrincipalKind::Service && item == p.arn {
                            named.push(Named::Itself);
                        }
                    }
                    "Federated" => {
                        if p.kind == PrincipalKind::WebIdentity && p.federated_provider.as_deref() == Some(item.as_str()) {
                            named.push(Named::Itself);
                        }
                    }
                    "CanonicalUser" => {
                        if p.canonical_user.as_deref() == Some(item.as_str()) {
                            named.push(Named::Itself);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if negated {
        if effect_deny && has_boundary {
            return Some(vec![Named::Everyone]);
        }
        // "Specify the ARN of the account, and of the user / role and session":
        // the caller is exempt only when each level of its identity is listed.
        let listed: Vec<(String, String)> = elem
            .as_object()
            .map(|m| m.iter().flat_map(|(k, v)| list(Some(v)).into_iter().map(move |x| (k.clone(), x))).collect())
            .unwrap_or_default();
        let has = |k: &str, v: &str| listed.iter().any(|(a, b)| a == k && b == v);
        let acct = has("AWS", &p.account) || has("AWS", &format!("arn:aws:iam::{}:root", p.account));
        let exempt = has("AWS", "*")
            || match p.kind {
                PrincipalKind::Root => acct,
                PrincipalKind::User | PrincipalKind::FederatedUser => acct && has("AWS", &p.arn),
                PrincipalKind::AssumedRole => {
                    let role = p.role_arn.clone().unwrap_or_default();
                    acct && has("AWS", &role) && (role == p.arn || has("AWS", &p.arn))
                }
                PrincipalKind::Service => has("Service", &p.arn),
                PrincipalKind::WebIdentity => has("Federated", p.federated_provider.as_deref().unwrap_or("")),
                PrincipalKind::Anonymous => false,
            };
        return if exempt { None } else { Some(vec![Named::Everyone]) };
    }
    if named.is_empty() { None } else { Some(named) }
}

/// Result of looking at one policy: did an Allow match (and how was the caller named),
/// did a Deny match.
#[derive(Default, Debug)]
struct Look {
    allow: bool,
    deny: bool,
    named: Vec<Named>,
}

fn look(policy: &Value, req: &Request, has_boundary: bool) -> Look {
    let vars = variables_on(policy);
    let mut out = Look::default();
    for st in statements(policy) {
        let effect = st.get("Effect").and_then(Value::as_str).unwrap_or("");
        // Action / NotAction
        let action_ok = if let Some(a) = st.get("Action") {
            list(Some(a)).iter().any(|p| action_matches(p, &req.action))
        } else if let Some(a) = st.get("NotAction") {
            !list(Some(a)).iter().any(|p| action_matches(p, &req.action))
        } else {
            false
        };
        if !action_ok {
            continue;
        }
        // Resource / NotResource (absent: applies, as in trust policies)
        let res_match = |patterns: &[String]| {
            patterns.iter().any(|p| match substitute(p, req, vars) {
                Some(pc) => arn_like(&pc, &req.resource.arn),
                None => false,
            })
        };
        let resource_ok = if let Some(r) = st.get("Resource") {
            res_match(&list(Some(r)))
        } else if let Some(r) = st.get("NotResource") {
            !res_match(&list(Some(r)))
        } else {
            true
        };
        if !resource_ok {
            continue;
        }
        let Some(named) = principal_named(&st, req, has_boundary, effect == "Deny") else { continue };
        // Conditions: every operator, every key must be true.
        let mut cond_ok = true;
        if let Some(Value::Object(ops)) = st.get("Condition") {
            for (op, keys) in ops {
                if let Value::Object(keys) = keys {
                    for (k, vals) in keys {
                        match condition(op, k, &list(Some(vals)), req, vars) {
                            Some(true) => {}
                            _ => cond_ok = false,
                        }
                    }
                }
            }
        }
        if !cond_ok {
            continue;
        }
        if effect == "Deny" {
            out.deny = true;
        } else if effect == "Allow" {
            out.allow = true;
            out.named.extend(named);
        }
    }
    out
}

/// The decision, following the documented flow chart step by step.
pub fn decide(set: &RefSet, req: &Request) -> Outcome {
    let p = &req.principal;
    let has_boundary = set.boundary.is_some();
    let is_service_or_anon = matches!(p.kind, PrincipalKind::Service | PrincipalKind::Anonymous);
    let principal_side = !matches!(p.kind, PrincipalKind::Service | PrincipalKind::Anonymous | PrincipalKind::WebIdentity);

    // Which policies apply.
    let scps_apply = !set.scps.is_empty() && !is_service_or_anon && !p.management_account && !p.service_linked_role;
    let rcps_apply = !set.rcps.is_empty() && !req.resource.management_account && !p.service_linked_role;

    let scp_looks: Vec<Vec<Look>> = if scps_apply {
        set.scps.iter().map(|lvl| lvl.iter().map(|x| look(x, req, has_boundary)).collect()).collect()
    } else {
        vec![]
    };
    let rcp_looks: Vec<Vec<Look>> = if rcps_apply {
        set.rcps.iter().map(|lvl| lvl.iter().map(|x| look(x, req, has_boundary)).collect()).collect()
    } else {
        vec![]
    };
    let res_look = set.resource.as_ref().map(|x| look(x, req, has_boundary)).unwrap_or_default();
    let id_looks: Vec<Look> = if principal_side { set.identity.iter().map(|x| look(x, req, has_boundary)).collect() } else { vec![] };
    let b_look = if principal_side { set.boundary.as_ref().map(|x| look(x, req, has_boundary)) } else { None };
    let s_looks: Option<Vec<Look>> =
        if principal_side { set.session.as_ref().map(|v| v.iter().map(|x| look(x, req, has_boundary)).collect()) } else { None };

    // Step: explicit deny in any policy.
    let any_deny = scp_looks.iter().flatten().any(|l| l.deny)
        || rcp_looks.iter().flatten().any(|l| l.deny)
        || res_look.deny
        || id_looks.iter().any(|l| l.deny)
        || b_look.as_ref().is_some_and(|l| l.deny)
        || s_looks.iter().flatten().any(|l| l.deny);
    if any_deny {
        return Outcome::ExplicitDeny;
    }
    // Step: RCPs, then SCPs: every level needs an Allow.
    if rcp_looks.iter().any(|lvl| !lvl.iter().any(|l| l.allow)) {
        return Outcome::ImplicitDeny;
    }
    if scp_looks.iter().any(|lvl| !lvl.iter().any(|l| l.allow)) {
        return Outcome::ImplicitDeny;
    }
    let resource_account = req.resource.account.clone().unwrap_or_else(|| p.account.clone());
    if !principal_side || p.kind == PrincipalKind::Root {
        if p.kind == PrincipalKind::Root && resource_account == p.account && !req.resource.requires_resource_policy {
            return Outcome::Allowed;
        }
        return if res_look.allow { Outcome::Allowed } else { Outcome::ImplicitDeny };
    }
    let identity_allows = id_looks.iter().any(|l| l.allow);
    let boundary_allows = b_look.as_ref().is_none_or(|l| l.allow);
    let session_allows = match &s_looks {
        Some(v) => v.iter().any(|l| l.allow),
        None => p.kind != PrincipalKind::FederatedUser,
    };
    if resource_account == p.account {
        // Same account: what the resource policy's Allow names decides how far it goes.
        let by_itself = res_look.named.iter().any(|n| matches!(n, Named::Itself | Named::Everyone));
        let by_role = res_look.named.iter().any(|n| matches!(n, Named::RoleArn | Named::FederatingUser));
        let by_account = res_look.named.contains(&Named::Account);
        let resource_grants = by_itself || (by_role && boundary_allows && session_allows);
        let identity_path = identity_allows && boundary_allows && session_allows;
        if req.resource.requires_resource_policy {
            if resource_grants || (by_account && identity_path) {
                return Outcome::Allowed;
            }
            return Outcome::ImplicitDeny;
        }
        if resource_grants || identity_path {
            return Outcome::Allowed;
        }
        Outcome::ImplicitDeny
    } else {
        // Cross account: both the trusted account's side and the resource policy.
        if identity_allows && boundary_allows && session_allows && res_look.allow {
            Outcome::Allowed
        } else {
            Outcome::ImplicitDeny
        }
    }
}
