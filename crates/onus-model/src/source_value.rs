//! JSON values that may hold unknown markers, and typed reads from them.
//!
//! Infrastructure-as-code sources (Terraform, CloudFormation) produce one JSON
//! tree per resource before mapping it to typed properties. A value the
//! source cannot know is written in place as `{"$unknown": {"cause", "detail"}}`,
//! the same encoding an `Attr` uses, so it travels with the value. A value
//! Terraform computes at apply is written in a compact form,
//! `{"$unknown": "<path>"}` (see [`computed_at_apply`]): a large plan holds
//! hundreds of thousands of them.

use crate::{Attr, UnknownCause};
use serde_json::{Map, Value};

/// The account of resources whose source does not say (a template, a plan):
/// where `${AWS::AccountId}` of a template points, and distinct from the
/// outsider accounts exposure analysis calls from.
pub const UNNAMED_ACCOUNT: &str = "111111111111";

/// The key policy KMS attaches to a key created without one: the key's account
/// may use and manage it through IAM policies (the template's or plan's account,
/// [`UNNAMED_ACCOUNT`]).
pub fn default_key_policy() -> Value {
    serde_json::json!({
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [{
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": format!("arn:aws:iam::{UNNAMED_ACCOUNT}:root")},
            "Action": "kms:*",
            "Resource": "*",
        }],
    })
}

/// The marker for an unknown value.
pub fn unknown(cause: UnknownCause, detail: impl Into<String>) -> Value {
    let cause = match cause {
        UnknownCause::ComputedAtApply => "computed_at_apply",
        UnknownCause::Unresolvable => "unresolvable",
        UnknownCause::NotSupportedBySource => "not_supported_by_source",
        UnknownCause::NotCollected => "not_collected",
        UnknownCause::AccessDenied => "access_denied",
        UnknownCause::CallFailed => "call_failed",
    };
    let mut inner = Map::new();
    inner.insert("cause".into(), Value::String(cause.into()));
    inner.insert("detail".into(), Value::String(detail.into()));
    let mut outer = Map::new();
    outer.insert("$unknown".into(), Value::Object(inner));
    Value::Object(outer)
}

/// The compact marker of a value known only after apply, at dotted `path`:
/// read back as [`UnknownCause::ComputedAtApply`] with the detail
/// "`path` is known only after apply". A third the size of the full marker.
pub fn computed_at_apply(path: impl Into<String>) -> Value {
    let mut m = Map::with_capacity(1);
    m.insert("$unknown".to_owned(), Value::String(path.into()));
    Value::Object(m)
}

/// The detail of a value known only after apply.
pub fn computed_at_apply_detail(path: &str) -> String {
    format!("{path} is known only after apply")
}

/// Whether `v` is an unknown marker.
pub fn is_unknown(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.len() == 1 && m.contains_key("$unknown"))
}

/// Whether `v` contains an unknown marker anywhere.
pub fn contains_unknown(v: &Value) -> bool {
    match v {
        _ if is_unknown(v) => true,
        Value::Array(a) => a.iter().any(contains_unknown),
        Value::Object(m) => m.values().any(contains_unknown),
        _ => false,
    }
}

/// The `Attr` for an unknown marker.
pub fn to_unknown<T>(v: &Value) -> Attr<T> {
    if let Some(path) = v.get("$unknown").and_then(Value::as_str) {
        return Attr::unknown_because(UnknownCause::ComputedAtApply, computed_at_apply_detail(path));
    }
    let cause = v
        .pointer("/$unknown/cause")
        .and_then(Value::as_str)
        .map(|c| match c {
            "computed_at_apply" => UnknownCause::ComputedAtApply,
            "not_supported_by_source" => UnknownCause::NotSupportedBySource,
            "not_collected" => UnknownCause::NotCollected,
            _ => UnknownCause::Unresolvable,
        })
        .unwrap_or(UnknownCause::Unresolvable);
    match v.pointer("/$unknown/detail").and_then(Value::as_str) {
        Some(d) => Attr::unknown_because(cause, d),
        None => Attr::unknown(cause),
    }
}

/// Looking a path up in a tree: found, unknown (at the path or above it), or absent.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// The value (never null).
    Found(&'a Value),
    /// The value or one of its parents is unknown.
    Unknown(&'a Value),
    /// Not present, or null.
    Absent,
}

/// Looks up a dotted path; a numeric segment indexes an array, and a name
/// segment on an array looks into its first element (Terraform nested blocks).
pub fn lookup<'a>(root: &'a Value, path: &str) -> Lookup<'a> {
    let mut cur = root;
    for seg in path.split('.') {
        if is_unknown(cur) {
            return Lookup::Unknown(cur);
        }
        let next = match cur {
            Value::Object(m) => m.get(seg),
            Value::Array(a) => match seg.parse::<usize>() {
                Ok(i) => a.get(i),
                Err(_) => match a.first() {
                    Some(first) if is_unknown(first) => return Lookup::Unknown(first),
                    Some(Value::Object(m)) => m.get(seg),
                    _ => None,
                },
            },
            _ => None,
        };
        match next {
            Some(v) => cur = v,
            None => return Lookup::Absent,
        }
    }
    if is_unknown(cur) {
        Lookup::Unknown(cur)
    } else if cur.is_null() {
        Lookup::Absent
    } else {
        Lookup::Found(cur)
    }
}

/// A value read with `f`, or its default when absent; unknown stays unknown.
/// A value of the wrong type is unknown (`unresolvable`), never guessed.
pub fn read<T>(root: &Value, path: &str, default: Option<T>, f: impl Fn(&Value) -> Option<T>) -> Attr<T> {
    match lookup(root, path) {
        Lookup::Found(v) => match f(v) {
            Some(t) => Attr::Known(t),
            None => Attr::unknown_because(UnknownCause::Unresolvable, format!("{path} = {v} has an unexpected type")),
        },
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => match default {
            Some(d) => Attr::Known(d),
            None => Attr::unknown_because(UnknownCause::NotSupportedBySource, format!("{path} is not set")),
        },
    }
}

/// A boolean, also accepting the strings `"true"`/`"false"`.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A string (numbers and booleans are written as strings).
pub fn as_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A signed integer, also from a numeric string.
pub fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An unsigned 32-bit integer.
pub fn as_u32(v: &Value) -> Option<u32> {
    as_i64(v).and_then(|i| u32::try_from(i).ok())
}

/// A policy document: an object, or a string holding JSON.
pub fn as_policy(v: &Value) -> Option<Value> {
    match v {
        Value::Object(_) => Some(v.clone()),
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => serde_json::from_str(s).ok(),
        _ => None,
    }
}

/// An optional value: absent (or empty string) is `None`.
pub fn read_opt<T>(root: &Value, path: &str, f: impl Fn(&Value) -> Option<T>) -> Attr<Option<T>> {
    match lookup(root, path) {
        Lookup::Found(Value::String(s)) if s.is_empty() => Attr::Known(None),
        Lookup::Found(v) => match f(v) {
            Some(t) => Attr::Known(Some(t)),
            None => Attr::unknown_because(UnknownCause::Unresolvable, format!("{path} = {v} has an unexpected type")),
        },
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::Known(None),
    }
}

/// A list of strings; absent is empty.
pub fn read_strings(root: &Value, path: &str) -> Attr<Vec<String>> {
    match lookup(root, path) {
        Lookup::Found(Value::Array(a)) => {
            if let Some(u) = a.iter().find(|v| is_unknown(v)) {
                return to_unknown(u);
            }
            Attr::Known(a.iter().filter_map(as_string).collect())
        }
        Lookup::Found(v) => match as_string(v) {
            Some(s) => Attr::Known(vec![s]),
            None => Attr::unknown_because(UnknownCause::Unresolvable, format!("{path} is not a list")),
        },
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::Known(Vec::new()),
    }
}

/// The `active_analyzers` of an Access Analyzer resource built from IaC: the declared
/// analyzers (`name`, `type`) when one of them watches external access; otherwise
/// unknown, since analyzers created outside `source` (a template, a configuration)
/// are not visible to it.
pub fn declared_analyzers(declared: impl IntoIterator<Item = (String, String)>, source: &str) -> Attr<Vec<String>> {
    let mut all = Vec::new();
    let mut external = false;
    for (name, t) in declared {
        external |= !(t.contains("UNUSED_ACCESS") || t.contains("INTERNAL_ACCESS"));
        all.push(format!("{name} ({t})"));
    }
    if external {
        Attr::Known(all)
    } else {
        Attr::unknown_because(
            UnknownCause::NotSupportedBySource,
            format!("{source} declares no external-access analyzer; analyzers created elsewhere in the region are not visible to it"),
        )
    }
}
