//! A small, strict reader of IAM policy documents for the checks that need
//! to look at bucket and key policies. The full IAM engine (evaluation,
//! validation) is its own crate; this only answers structural questions.

use serde_json::Value;

/// One statement, with scalar-or-array fields normalized to lists.
#[derive(Debug, Clone)]
pub struct Statement<'a> {
    /// Index in the `Statement` list.
    pub index: usize,
    /// The `Sid`, if any.
    pub sid: Option<&'a str>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// `Principal`; `None` when the statement uses `NotPrincipal` or has none.
    pub principal: Option<&'a Value>,
    /// Whether the statement uses `NotPrincipal`.
    pub not_principal: bool,
    /// `Action` values (empty when `NotAction` is used).
    pub actions: Vec<&'a str>,
    /// Whether the statement uses `NotAction`.
    pub not_action: bool,
    /// `Condition` block.
    pub condition: Option<&'a serde_json::Map<String, Value>>,
}

/// Statement effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Allow.
    Allow,
    /// Deny.
    Deny,
}

/// Why a document is not a readable policy.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PolicyShapeError {
    /// The document is not a JSON object.
    #[error("policy is not a JSON object")]
    NotAnObject,
    /// `Statement` is missing or not an object or list.
    #[error("policy has no Statement object or list")]
    NoStatements,
    /// A statement is not an object.
    #[error("Statement[{index}] is not an object")]
    StatementNotObject {
        /// Which.
        index: usize,
    },
    /// `Effect` is missing or not Allow/Deny.
    #[error("Statement[{index}].Effect must be \"Allow\" or \"Deny\"")]
    BadEffect {
        /// Which.
        index: usize,
    },
    /// `Action`/`NotAction` holds something other than strings.
    #[error("Statement[{index}].{field} must be a string or a list of strings")]
    BadStringList {
        /// Which statement.
        index: usize,
        /// Which field.
        field: &'static str,
    },
    /// `Condition` is not an object.
    #[error("Statement[{index}].Condition must be an object")]
    BadCondition {
        /// Which.
        index: usize,
    },
}

fn string_list<'a>(v: &'a Value, index: usize, field: &'static str) -> Result<Vec<&'a str>, PolicyShapeError> {
    match v {
        Value::String(s) => Ok(vec![s.as_str()]),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().ok_or(PolicyShapeError::BadStringList { index, field }))
            .collect(),
        _ => Err(PolicyShapeError::BadStringList { index, field }),
    }
}

/// The statements of a policy document.
pub fn statements(doc: &Value) -> Result<Vec<Statement<'_>>, PolicyShapeError> {
    let obj = doc.as_object().ok_or(PolicyShapeError::NotAnObject)?;
    let raw: Vec<&Value> = match obj.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => return Err(PolicyShapeError::NoStatements),
    };
    raw.into_iter()
        .enumerate()
        .map(|(index, v)| {
            let s = v.as_object().ok_or(PolicyShapeError::StatementNotObject { index })?;
            let effect = match s.get("Effect").and_then(Value::as_str) {
                Some("Allow") => Effect::Allow,
                Some("Deny") => Effect::Deny,
                _ => return Err(PolicyShapeError::BadEffect { index }),
            };
            let (actions, not_action) = match (s.get("Action"), s.get("NotAction")) {
                (Some(a), _) => (string_list(a, index, "Action")?, false),
                (None, Some(na)) => (string_list(na, index, "NotAction")?, true),
                (None, None) => (Vec::new(), false),
            };
            let condition = match s.get("Condition") {
                None => None,
                Some(Value::Object(m)) => Some(m),
                Some(_) => return Err(PolicyShapeError::BadCondition { index }),
            };
            Ok(Statement {
                index,
                sid: s.get("Sid").and_then(Value::as_str),
                effect,
                principal: s.get("Principal"),
                not_principal: s.contains_key("NotPrincipal"),
                actions,
                not_action,
                condition,
            })
        })
        .collect()
}

/// Whether a `Principal` value includes everyone: `"*"`, `{"AWS": "*"}` or
/// `"*"` inside an `AWS` list.
pub fn principal_is_everyone(principal: &Value) -> bool {
    match principal {
        Value::String(s) => s == "*",
        Value::Object(m) => m.get("AWS").is_some_and(|aws| match aws {
            Value::String(s) => s == "*",
            Value::Array(items) => items.iter().any(|i| i.as_str() == Some("*")),
            _ => false,
        }),
        _ => false,
    }
}

/// Whether an action pattern matches `action` (IAM action matching:
/// case-insensitive, `*` and `?` wildcards).
pub fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard_match(&pattern.to_ascii_lowercase(), &action.to_ascii_lowercase())
}

fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            pi += 1;
            mark = ti;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalar_and_array_statements() {
        let one = json!({"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Principal": "*"}});
        assert_eq!(statements(&one).map(|s| s.len()), Ok(1));
        let two = json!({"Statement": [{"Effect": "Deny", "NotAction": ["s3:*"]}, {"Effect": "Allow", "Action": []}]});
        let s = statements(&two).unwrap_or_default();
        assert_eq!(s.len(), 2);
        assert!(s[0].not_action);
    }

    #[test]
    fn malformed_policies_are_errors() {
        assert_eq!(statements(&json!([])).err(), Some(PolicyShapeError::NotAnObject));
        assert_eq!(statements(&json!({})).err(), Some(PolicyShapeError::NoStatements));
        assert_eq!(
            statements(&json!({"Statement": [{"Effect": "allow"}]})).err(),
            Some(PolicyShapeError::BadEffect { index: 0 })
        );
        assert_eq!(
            statements(&json!({"Statement": [{"Effect": "Allow", "Action": 3}]})).err(),
            Some(PolicyShapeError::BadStringList { index: 0, field: "Action" })
        );
    }

    #[test]
    fn everyone_principals() {
        assert!(principal_is_everyone(&json!("*")));
        assert!(principal_is_everyone(&json!({"AWS": "*"})));
        assert!(principal_is_everyone(&json!({"AWS": ["arn:aws:iam::111122223333:root", "*"]})));
        assert!(!principal_is_everyone(&json!({"AWS": "arn:aws:iam::111122223333:root"})));
        assert!(!principal_is_everyone(&json!({"Service": "cloudtrail.amazonaws.com"})));
    }

    #[test]
    fn action_wildcards() {
        assert!(action_matches("s3:*", "s3:GetObject"));
        assert!(action_matches("S3:get*", "s3:GetObject"));
        assert!(action_matches("*", "kms:Decrypt"));
        assert!(action_matches("s3:Get?bject", "s3:GetObject"));
        assert!(!action_matches("s3:Put*", "s3:GetObject"));
    }
}
