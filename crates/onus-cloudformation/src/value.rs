//! JSON values that may hold unknown markers, and typed reads from them: shared
//! with the other infrastructure-as-code source, defined in the model.
//!
//! CloudFormation adds one thing: a value fixed at deploy time by AWS — a
//! resource's `Ref` or attribute, a pseudo parameter such as `AWS::AccountId` —
//! is unknown, but it is one definite value (never a wildcard), and policy
//! documents need to tell it from a parameter that could be anything. Such a
//! marker carries a `symbol`: the expression in `Fn::Sub` syntax, e.g.
//! `arn:aws:iam::${AWS::AccountId}:root` or `${Queue.Arn}`.

pub use onus_model::source_value::*;

use onus_model::UnknownCause;
use serde_json::Value;

/// An unknown marker for a definite deploy-time value, with its symbol.
pub fn symbolic(cause: UnknownCause, detail: impl Into<String>, symbol: impl Into<String>) -> Value {
    let mut v = unknown(cause, detail);
    if let Some(inner) = v.get_mut("$unknown").and_then(Value::as_object_mut) {
        inner.insert("symbol".into(), Value::String(symbol.into()));
    }
    v
}

/// The symbol of a deploy-time marker (`${Queue.Arn}`), if `v` is one.
pub fn symbol_of(v: &Value) -> Option<&str> {
    if !is_unknown(v) {
        return None;
    }
    v.pointer("/$unknown/symbol").and_then(Value::as_str)
}

/// The `Fn::Sub` references in a text that name template resources or pseudo
/// parameters (`${Queue.Arn}` → `Queue.Arn`, `${AWS::AccountId}`), leaving out
/// IAM policy variables (`${aws:username}`) and `${*}`-style escapes.
pub fn cfn_references(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        let pseudo = name.starts_with("AWS::");
        let logical = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
        if pseudo || logical {
            out.push(name);
        }
        rest = &after[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_leave_iam_variables_alone() {
        assert_eq!(cfn_references("arn:aws:iam::${AWS::AccountId}:role/${Role}"), vec!["AWS::AccountId", "Role"]);
        assert_eq!(cfn_references("${Queue.Arn}"), vec!["Queue.Arn"]);
        assert!(cfn_references("home/${aws:username}/${*}").is_empty());
        let s = symbolic(UnknownCause::ComputedAtApply, "Ref Queue", "${Queue}");
        assert!(is_unknown(&s));
        assert_eq!(symbol_of(&s), Some("${Queue}"));
        assert_eq!(symbol_of(&unknown(UnknownCause::Unresolvable, "x")), None);
    }
}
