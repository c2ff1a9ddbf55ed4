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

/// Condition keys that restrict who can use a statement to a known set of
/// callers (an account, an organization, a network), making a `"*"`
/// principal not public. Keys like `aws:SecureTransport` restrict *how*, not
/// *who*, and do not count. Compared case-insensitively, as IAM does.
const CALLER_RESTRICTING_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:resourceorgid",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "aws:username",
    "aws:principalserviceName",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

/// Whether a condition block limits the callers of a statement (see
/// [`CALLER_RESTRICTING_KEYS`]). An `aws:SourceIp` of `0.0.0.0/0` or `::/0`
/// limits nothing.
pub fn condition_restricts_callers(condition: &serde_json::Map<String, Value>) -> bool {
    condition.iter().any(|(operator, keys)| {
        // StringNotEquals, ArnNotLike, NotIpAddress… (with or without a set
        // prefix) admit everyone *but* the listed callers.
        let operator = operator.to_ascii_lowercase();
        let negated = operator.contains("not");
        // `…IfExists` also matches requests without the key (anonymous callers
        // have no aws:PrincipalOrgID, requests through a VPC endpoint no
        // aws:SourceIp), and `Null` tests only presence: neither limits who.
        let unconstrained = operator.ends_with("ifexists") || operator == "null";
        let Some(keys) = keys.as_object() else { return false };
        keys.iter().any(|(key, values)| {
            let key = key.to_ascii_lowercase();
            if !CALLER_RESTRICTING_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&key)) || negated || unconstrained {
                return false;
            }
            if key == "aws:sourceip" {
                let all = |s: &str| s == "0.0.0.0/0" || s == "::/0";
                return match values {
                    Value::String(s) => !all(s),
                    Value::Array(items) => !items.iter().any(|i| i.as_str().is_some_and(all)),
                    _ => true,
                };
            }
            match values {
                Value::String(s) => s != "*",
                Value::Array(items) => !items.iter().any(|i| i.as_str() == Some("*")),
                _ => true,
            }
        })
    })
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
    fn caller_restricting_conditions() {
        let org = json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}});
        assert!(condition_restricts_callers(org.as_object().unwrap_or(&Default::default())));
        let tls = json!({"Bool": {"aws:SecureTransport": "true"}});
        assert!(!condition_restricts_callers(tls.as_object().unwrap_or(&Default::default())));
        let any_ip = json!({"IpAddress": {"aws:SourceIp": ["0.0.0.0/0"]}});
        assert!(!condition_restricts_callers(any_ip.as_object().unwrap_or(&Default::default())));
        let office = json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}});
        assert!(condition_restricts_callers(office.as_object().unwrap_or(&Default::default())));
        let not_org = json!({"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}});
        assert!(!condition_restricts_callers(not_org.as_object().unwrap_or(&Default::default())));
        let org_if_exists = json!({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}});
        assert!(!condition_restricts_callers(org_if_exists.as_object().unwrap_or(&Default::default())));
        let null_check = json!({"Null": {"aws:PrincipalOrgID": "false"}});
        assert!(!condition_restricts_callers(null_check.as_object().unwrap_or(&Default::default())));
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
