//! Shared test helpers: the reference evaluator and the vector-file loader.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod reference;

use onus_iam::eval::{CompiledPolicy, compiled};
use onus_iam::request::{ContextEntry, ContextValue};
use onus_iam::{Context, Outcome, PolicySet, PrincipalInfo, Request, ResourceInfo};
use reference::RefSet;
use serde_json::Value;
use std::sync::Arc;

/// Build both the engine's policy set and the reference's from a case object.
pub fn sets(case: &Value) -> (PolicySet, RefSet) {
    let comp = |v: &Value, name: &str| -> Arc<CompiledPolicy> {
        let text = serde_json::to_string_pretty(v).unwrap();
        compiled(name, &text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"))
    };
    let arr = |k: &str| -> Vec<Value> { case.get(k).and_then(Value::as_array).cloned().unwrap_or_default() };
    let levels = |k: &str| -> Vec<Vec<Value>> {
        arr(k).into_iter().map(|lvl| lvl.as_array().cloned().unwrap_or_else(|| vec![lvl])).collect()
    };
    let r = RefSet {
        identity: arr("identity"),
        boundary: case.get("boundary").cloned(),
        session: case.get("session").and_then(Value::as_array).cloned(),
        scps: levels("scp"),
        rcps: levels("rcp"),
        resource: case.get("resource_policy").cloned(),
    };
    let e = PolicySet {
        identity: r.identity.iter().enumerate().map(|(i, p)| comp(p, &format!("identity[{i}]"))).collect(),
        boundary: r.boundary.as_ref().map(|p| comp(p, "boundary")),
        session: r.session.as_ref().map(|v| v.iter().map(|p| comp(p, "session")).collect()),
        scp_levels: r.scps.iter().map(|l| l.iter().map(|p| comp(p, "scp")).collect()).collect(),
        rcp_levels: r.rcps.iter().map(|l| l.iter().map(|p| comp(p, "rcp")).collect()).collect(),
        resource: r.resource.as_ref().map(|p| comp(p, "resource")),
    };
    (e, r)
}

/// A principal from a string ARN or an object with extra fields.
pub fn principal(v: &Value) -> PrincipalInfo {
    match v {
        Value::String(s) => PrincipalInfo::from_arn(s).unwrap_or_else(|e| panic!("{e}")),
        Value::Object(o) => {
            let arn = o.get("arn").and_then(Value::as_str).unwrap_or("anonymous");
            let mut p = if let Some(kind) = o.get("kind").and_then(Value::as_str) {
                let mut p = PrincipalInfo::from_arn("anonymous").unwrap();
                p.arn = arn.to_string();
                p.kind = match kind {
                    "web_identity" => onus_iam::PrincipalKind::WebIdentity,
                    "service" => onus_iam::PrincipalKind::Service,
                    "anonymous" => onus_iam::PrincipalKind::Anonymous,
                    other => panic!("kind {other}"),
                };
                p
            } else {
                PrincipalInfo::from_arn(arn).unwrap_or_else(|e| panic!("{e}"))
            };
            let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
            if let Some(x) = s("role_arn") {
                p.role_arn = Some(x);
            }
            if let Some(x) = s("federating_user") {
                p.federating_user_arn = Some(x);
            }
            if let Some(x) = s("provider") {
                p.federated_provider = Some(x);
            }
            if let Some(x) = s("unique_id") {
                p.unique_id = Some(x);
            }
            if let Some(x) = s("canonical_user") {
                p.canonical_user = Some(x);
            }
            if let Some(x) = s("org_id") {
                p.org_id = Some(x);
            }
            if let Some(Value::Array(a)) = o.get("org_paths") {
                p.org_paths = a.iter().filter_map(Value::as_str).map(str::to_string).collect();
            }
            if let Some(Value::Object(t)) = o.get("tags") {
                p.tags = t.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect();
            }
            if o.get("management_account").and_then(Value::as_bool) == Some(true) {
                p.management_account = true;
            }
            if o.get("service_linked_role").and_then(Value::as_bool) == Some(true) {
                p.service_linked_role = true;
            }
            p
        }
        _ => panic!("principal must be a string or object"),
    }
}

/// A resource from a string ARN or an object.
pub fn resource(v: &Value) -> ResourceInfo {
    match v {
        Value::String(s) => ResourceInfo::new(s),
        Value::Object(o) => {
            let mut r = ResourceInfo::new(o.get("arn").and_then(Value::as_str).unwrap_or("*"));
            if let Some(a) = o.get("account").and_then(Value::as_str) {
                r.account = Some(a.to_string());
            }
            if let Some(Value::Object(t)) = o.get("tags") {
                r.tags = t.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect();
            }
            r.management_account = o.get("management_account").and_then(Value::as_bool) == Some(true);
            r.requires_resource_policy = o.get("requires_resource_policy").and_then(Value::as_bool) == Some(true);
            r
        }
        _ => panic!("resource must be a string or object"),
    }
}

/// A context from `{"key": "type:value"}` (a `…List` type for multivalued keys).
pub fn context(v: Option<&Value>) -> Context {
    let mut c = Context::new();
    if let Some(Value::Object(o)) = v {
        for (k, spec) in o {
            let spec = spec.as_str().unwrap_or_else(|| panic!("context value for {k} must be a string"));
            let (values, multi): (Vec<ContextValue>, bool) =
                ContextValue::parse_typed(spec).unwrap_or_else(|e| panic!("{k}: {e}"));
            c.set_entry(k, ContextEntry { values, multi });
        }
    }
    c
}

/// Build the request of one vector (request fields override the case's defaults).
pub fn request(case: &Value, r: &Value) -> Request {
    let get = |k: &str| r.get(k).or_else(|| case.get(k)).unwrap_or_else(|| panic!("missing {k}"));
    let p = principal(get("principal"));
    let res = resource(get("resource"));
    let mut ctx = context(case.get("context"));
    for (k, e) in context(r.get("context")).iter() {
        ctx.set_entry(k, e.clone());
    }
    let action = get("action").as_str().expect("action");
    Request::new(p, action, res, ctx).unwrap_or_else(|e| panic!("{e}"))
}

/// Parse an expected outcome.
pub fn outcome(s: &str) -> Outcome {
    match s {
        "allowed" | "allow" => Outcome::Allowed,
        "explicit_deny" | "deny" => Outcome::ExplicitDeny,
        "implicit_deny" => Outcome::ImplicitDeny,
        other => panic!("unknown outcome {other}"),
    }
}
