//! The policy grammar: a typed document that remembers where each element came from.

use crate::json::{self, JsonError, Location, Member, Node, Value};
use std::fmt;

/// The kind of policy a document is, which decides which elements it needs and its
/// size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyType {
    /// An identity-based policy (managed or inline) attached to a user, group or role.
    Identity,
    /// A resource-based policy (bucket, key, queue, topic, function … policy).
    Resource,
    /// A role trust policy (the resource policy of a role).
    Trust,
    /// An Organizations service control policy.
    Scp,
    /// An Organizations resource control policy.
    Rcp,
    /// A permissions boundary (a managed policy used as a boundary).
    Boundary,
    /// A session policy passed to AssumeRole* or GetFederationToken.
    Session,
}

impl PolicyType {
    /// All policy types.
    pub const ALL: [PolicyType; 7] = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Trust,
        PolicyType::Scp,
        PolicyType::Rcp,
        PolicyType::Boundary,
        PolicyType::Session,
    ];

    /// The name used on the command line and in findings.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::Trust => "trust",
            PolicyType::Scp => "scp",
            PolicyType::Rcp => "rcp",
            PolicyType::Boundary => "boundary",
            PolicyType::Session => "session",
        }
    }

    /// Whether statements of this type name a principal.
    pub fn requires_principal(self) -> bool {
        matches!(self, PolicyType::Resource | PolicyType::Trust | PolicyType::Rcp)
    }
}

impl std::str::FromStr for PolicyType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PolicyType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown policy type {s:?}"))
    }
}

impl fmt::Display for PolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value together with its location and JSON path.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it starts in the text.
    pub loc: Location,
    /// Its JSON path, e.g. `$.Statement[0].Action[1]`.
    pub path: String,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Effect {
    /// `"Effect": "Allow"`
    Allow,
    /// `"Effect": "Deny"`
    Deny,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        })
    }
}

/// The policy language version.
pub const VERSION_2012: &str = "2012-10-17";
/// The older policy language version, without policy variables.
pub const VERSION_2008: &str = "2008-10-17";

/// A parsed policy document.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Policy {
    /// `Version`, if present.
    pub version: Option<Spanned<String>>,
    /// `Id`, if present.
    pub id: Option<Spanned<String>>,
    /// The statements in document order.
    pub statements: Vec<Statement>,
    /// Whether `Statement` was written as an array (rather than a single object).
    pub statement_is_array: bool,
    /// Where the document starts.
    pub loc: Location,
}

impl Policy {
    /// Whether policy variables are honoured (only with `Version: 2012-10-17`).
    pub fn variables_enabled(&self) -> bool {
        self.version.as_ref().is_some_and(|v| v.value == VERSION_2012)
    }
}

/// One statement.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Statement {
    /// Position in the `Statement` array (0 for a single statement object).
    pub index: usize,
    /// JSON path of the statement.
    pub path: String,
    /// Where the statement starts.
    pub loc: Location,
    /// `Sid`.
    pub sid: Option<Spanned<String>>,
    /// `Effect`.
    pub effect: Spanned<Effect>,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalBlock>,
    /// `Action` or `NotAction`.
    pub action: Option<ListBlock>,
    /// `Resource` or `NotResource`.
    pub resource: Option<ListBlock>,
    /// `Condition` entries, one per operator × key.
    pub conditions: Vec<ConditionEntry>,
    /// Where `Condition` starts, if present.
    pub condition_loc: Option<Location>,
}

impl Statement {
    /// The Sid if any, else `#index`.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) if !s.value.is_empty() => s.value.clone(),
            _ => format!("#{}", self.index),
        }
    }
}

/// `Action`/`NotAction` or `Resource`/`NotResource`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ListBlock {
    /// True for the `Not…` form.
    pub negated: bool,
    /// Whether the value was an array.
    pub is_array: bool,
    /// The entries.
    pub items: Vec<Spanned<String>>,
    /// Where the element's key is.
    pub loc: Location,
    /// JSON path of the element.
    pub path: String,
}

/// `Principal` or `NotPrincipal`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PrincipalBlock {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// `"*"` written as a bare string.
    pub any: bool,
    /// The `{"AWS": …, "Service": …}` entries.
    pub entries: Vec<PrincipalEntry>,
    /// Where the element's key is.
    pub loc: Location,
    /// JSON path of the element.
    pub path: String,
}

/// The kinds of principal a `Principal` map can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum PrincipalKey {
    /// `AWS`: accounts, users, roles, sessions, `*`.
    Aws,
    /// `Service`: service principals.
    Service,
    /// `Federated`: identity providers.
    Federated,
    /// `CanonicalUser`: S3 canonical user ids.
    CanonicalUser,
}

impl PrincipalKey {
    /// The key as written in policies.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKey::Aws => "AWS",
            PrincipalKey::Service => "Service",
            PrincipalKey::Federated => "Federated",
            PrincipalKey::CanonicalUser => "CanonicalUser",
        }
    }
}

/// One value in a `Principal` map.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PrincipalEntry {
    /// The map key.
    pub key: PrincipalKey,
    /// The value.
    pub value: Spanned<String>,
}

/// One condition: an operator, a key, and the values (ORed).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ConditionEntry {
    /// The operator as written (e.g. `ForAnyValue:StringLikeIfExists`).
    pub operator: Spanned<String>,
    /// The condition key as written.
    pub key: Spanned<String>,
    /// The values; numbers and booleans are kept as their text.
    pub values: Vec<Spanned<ConditionValue>>,
    /// Whether the values were an array.
    pub is_array: bool,
}

/// A condition value with the JSON type it was written as.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ConditionValue {
    /// The value as text.
    pub text: String,
    /// `string`, `number` or `boolean`.
    pub json_type: &'static str,
}

/// A structural error in a policy document. Every variant carries the position and JSON
/// path of the offending element.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The text is not JSON.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// An element has the wrong JSON type.
    #[error("{path} at line {line}, column {column}: expected {expected}, found {found}")]
    WrongType {
        /// JSON path.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What the grammar allows.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
    /// An element the grammar does not know.
    #[error("{path} at line {line}, column {column}: unknown element {element:?}; expected {expected}")]
    UnknownElement {
        /// JSON path of the enclosing object.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The element name.
        element: String,
        /// The elements allowed here.
        expected: &'static str,
    },
    /// A key appears twice in one object.
    #[error("{path} at line {line}, column {column}: duplicate key {key:?}")]
    DuplicateKey {
        /// JSON path of the enclosing object.
        path: String,
        /// 1-based line of the second occurrence.
        line: u32,
        /// 1-based column of the second occurrence.
        column: u32,
        /// The key.
        key: String,
    },
    /// A required element is missing.
    #[error("{path} at line {line}, column {column}: missing {element}")]
    MissingElement {
        /// JSON path of the object that lacks it.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The element (or alternatives) expected.
        element: &'static str,
    },
    /// An element has a value the grammar does not allow.
    #[error("{path} at line {line}, column {column}: invalid value {value:?}; expected {expected}")]
    InvalidValue {
        /// JSON path.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The value found.
        value: String,
        /// What is allowed.
        expected: &'static str,
    },
    /// Two elements that exclude each other (e.g. `Action` and `NotAction`).
    #[error("{path} at line {line}, column {column}: {first} and {second} cannot both appear")]
    ConflictingElements {
        /// JSON path of the statement.
        path: String,
        /// 1-based line of the second element.
        line: u32,
        /// 1-based column of the second element.
        column: u32,
        /// The first element.
        first: &'static str,
        /// The second element.
        second: &'static str,
    },
}

impl ParseError {
    /// The line and column of the error.
    pub fn position(&self) -> (u32, u32) {
        match self {
            ParseError::Json(e) => e.location(),
            ParseError::WrongType { line, column, .. }
            | ParseError::UnknownElement { line, column, .. }
            | ParseError::DuplicateKey { line, column, .. }
            | ParseError::MissingElement { line, column, .. }
            | ParseError::InvalidValue { line, column, .. }
            | ParseError::ConflictingElements { line, column, .. } => (*line, *column),
        }
    }

    /// The JSON path of the error (`$` for JSON syntax errors).
    pub fn path(&self) -> &str {
        match self {
            ParseError::Json(_) => "$",
            ParseError::WrongType { path, .. }
            | ParseError::UnknownElement { path, .. }
            | ParseError::DuplicateKey { path, .. }
            | ParseError::MissingElement { path, .. }
            | ParseError::InvalidValue { path, .. }
            | ParseError::ConflictingElements { path, .. } => path,
        }
    }
}

/// Parse a policy; the first structural error is returned.
pub fn parse_policy(text: &str) -> Result<Policy, ParseError> {
    let (policy, mut errors) = parse_policy_lenient(text);
    if !errors.is_empty() {
        return Err(errors.swap_remove(0));
    }
    match policy {
        Some(p) => Ok(p),
        None => Err(ParseError::MissingElement { path: "$".into(), line: 1, column: 1, element: "Statement" }),
    }
}

/// Parse a policy, collecting every structural error; the policy is returned whenever
/// its JSON is well-formed and the top level is an object (elements in error are
/// skipped or take their last duplicate).
pub fn parse_policy_lenient(text: &str) -> (Option<Policy>, Vec<ParseError>) {
    match json::parse(text) {
        Ok(root) => {
            let mut errors = Vec::new();
            let p = policy_from_node(&root, &mut errors);
            (p, errors)
        }
        Err(e) => (None, vec![ParseError::Json(e)]),
    }
}

/// Append a key to a JSON path.
pub fn child_path(parent: &str, key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '/' | '-')) {
        format!("{parent}.{key}")
    } else {
        let escaped = key.replace('\\', "\\\\").replace('"', "\\\"");
        format!("{parent}[\"{escaped}\"]")
    }
}

fn wrong(path: &str, node: &Node, expected: &'static str) -> ParseError {
    ParseError::WrongType {
        path: path.to_string(),
        line: node.loc.line,
        column: node.loc.column,
        expected,
        found: node.value.type_name(),
    }
}

/// Report duplicate keys, then return the members with the last of each duplicate.
fn dedup<'a>(members: &'a [Member], path: &str, errors: &mut Vec<ParseError>) -> Vec<&'a Member> {
    let mut out: Vec<&Member> = Vec::with_capacity(members.len());
    for m in members {
        if let Some(i) = out.iter().position(|o| o.key == m.key) {
            errors.push(ParseError::DuplicateKey {
                path: path.to_string(),
                line: m.key_loc.line,
                column: m.key_loc.column,
                key: m.key.clone(),
            });
            out.remove(i);
        }
        out.push(m);
    }
    out
}

fn string_of(node: &Node, path: &str, errors: &mut Vec<ParseError>) -> Option<Spanned<String>> {
    match &node.value {
        Value::String(s) => Some(Spanned { value: s.clone(), loc: node.loc, path: path.to_string() }),
        _ => {
            errors.push(wrong(path, node, "a string"));
            None
        }
    }
}

fn policy_from_node(root: &Node, errors: &mut Vec<ParseError>) -> Option<Policy> {
    let Value::Object(members) = &root.value else {
        errors.push(wrong("$", root, "an object"));
        return None;
    };
    let mut policy = Policy {
        version: None,
        id: None,
        statements: Vec::new(),
        statement_is_array: false,
        loc: root.loc,
    };
    let mut saw_statement = false;
    for m in dedup(members, "$", errors) {
        let path = child_path("$", &m.key);
        match m.key.as_str() {
            "Version" => policy.version = string_of(&m.value, &path, errors),
            "Id" => policy.id = string_of(&m.value, &path, errors),
            "Statement" => {
                saw_statement = true;
                match &m.value.value {
                    Value::Array(items) => {
                        policy.statement_is_array = true;
                        for (i, item) in items.iter().enumerate() {
                            let p = format!("{path}[{i}]");
                            if let Some(s) = statement(item, i, &p, errors) {
                                policy.statements.push(s);
                            }
                        }
                    }
                    Value::Object(_) => {
                        if let Some(s) = statement(&m.value, 0, &path, errors) {
                            policy.statements.push(s);
                        }
                    }
                    _ => errors.push(wrong(&path, &m.value, "a statement object or an array of them")),
                }
            }
            _ => errors.push(ParseError::UnknownElement {
                path: "$".into(),
                line: m.key_loc.line,
                column: m.key_loc.column,
                element: m.key.clone(),
                expected: "Version, Id or Statement",
            }),
        }
    }
    if !saw_statement {
        errors.push(ParseError::MissingElement {
            path: "$".into(),
            line: root.loc.line,
            column: root.loc.column,
            element: "Statement",
        });
    }
    Some(policy)
}

fn string_list(node: &Node, path: &str, errors: &mut Vec<ParseError>) -> (Vec<Spanned<String>>, bool) {
    match &node.value {
        Value::String(s) => (vec![Spanned { value: s.clone(), loc: node.loc, path: path.to_string() }], false),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, it) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                if let Some(s) = string_of(it, &p, errors) {
                    out.push(s);
                }
            }
            (out, true)
        }
        _ => {
            errors.push(wrong(path, node, "a string or an array of strings"));
            (Vec::new(), false)
        }
    }
}

fn statement(node: &Node, index: usize, path: &str, errors: &mut Vec<ParseError>) -> Option<Statement> {
    let Value::Object(members) = &node.value else {
        errors.push(wrong(path, node, "a statement object"));
        return None;
    };
    let mut sid = None;
    let mut effect = None;
    let mut principal: Option<PrincipalBlock> = None;
    let mut action: Option<ListBlock> = None;
    let mut resource: Option<ListBlock> = None;
    let mut conditions = Vec::new();
    let mut condition_loc = None;
    let mut effect_seen = false;
    for m in dedup(members, path, errors) {
        let p = child_path(path, &m.key);
        let conflict = |first: &'static str, second: &'static str| ParseError::ConflictingElements {
            path: path.to_string(),
            line: m.key_loc.line,
            column: m.key_loc.column,
            first,
            second,
        };
        match m.key.as_str() {
            "Sid" => sid = string_of(&m.value, &p, errors),
            "Effect" => {
                effect_seen = true;
                if let Some(s) = string_of(&m.value, &p, errors) {
                    match s.value.as_str() {
                        "Allow" => effect = Some(Spanned { value: Effect::Allow, loc: s.loc, path: p }),
                        "Deny" => effect = Some(Spanned { value: Effect::Deny, loc: s.loc, path: p }),
                        _ => errors.push(ParseError::InvalidValue {
                            path: p,
                            line: s.loc.line,
                            column: s.loc.column,
                            value: s.value,
                            expected: "\"Allow\" or \"Deny\"",
                        }),
                    }
                }
            }
            "Action" | "NotAction" => {
                let negated = m.key == "NotAction";
                if action.is_some() {
                    errors.push(conflict("Action", "NotAction"));
                }
                let (items, is_array) = string_list(&m.value, &p, errors);
                action = Some(ListBlock { negated, is_array, items, loc: m.key_loc, path: p });
            }
            "Resource" | "NotResource" => {
                let negated = m.key == "NotResource";
                if resource.is_some() {
                    errors.push(conflict("Resource", "NotResource"));
                }
                let (items, is_array) = string_list(&m.value, &p, errors);
                resource = Some(ListBlock { negated, is_array, items, loc: m.key_loc, path: p });
            }
            "Principal" | "NotPrincipal" => {
                let negated = m.key == "NotPrincipal";
                if principal.is_some() {
                    errors.push(conflict("Principal", "NotPrincipal"));
                }
                principal = principal_block(&m.value, negated, m.key_loc, &p, errors);
            }
            "Condition" => {
                condition_loc = Some(m.key_loc);
                condition_block(&m.value, &p, errors, &mut conditions);
            }
            _ => errors.push(ParseError::UnknownElement {
                path: path.to_string(),
                line: m.key_loc.line,
                column: m.key_loc.column,
                element: m.key.clone(),
                expected: "Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource or Condition",
            }),
        }
    }
    if action.is_none() {
        errors.push(ParseError::MissingElement {
            path: path.to_string(),
            line: node.loc.line,
            column: node.loc.column,
            element: "Action or NotAction",
        });
    }
    let Some(effect) = effect else {
        if !effect_seen {
            errors.push(ParseError::MissingElement {
                path: path.to_string(),
                line: node.loc.line,
                column: node.loc.column,
                element: "Effect",
            });
        }
        return None;
    };
    Some(Statement {
        index,
        path: path.to_string(),
        loc: node.loc,
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
        condition_loc,
    })
}

fn principal_block(
    node: &Node,
    negated: bool,
    loc: Location,
    path: &str,
    errors: &mut Vec<ParseError>,
) -> Option<PrincipalBlock> {
    let mut block = PrincipalBlock { negated, any: false, entries: Vec::new(), loc, path: path.to_string() };
    match &node.value {
        Value::String(s) if s == "*" => block.any = true,
        Value::String(s) => {
            errors.push(ParseError::InvalidValue {
                path: path.to_string(),
                line: node.loc.line,
                column: node.loc.column,
                value: s.clone(),
                expected: "\"*\" or an object such as {\"AWS\": …}",
            });
            return None;
        }
        Value::Object(members) => {
            for m in dedup(members, path, errors) {
                let p = child_path(path, &m.key);
                let key = match m.key.as_str() {
                    "AWS" => PrincipalKey::Aws,
                    "Service" => PrincipalKey::Service,
                    "Federated" => PrincipalKey::Federated,
                    "CanonicalUser" => PrincipalKey::CanonicalUser,
                    _ => {
                        errors.push(ParseError::UnknownElement {
                            path: path.to_string(),
                            line: m.key_loc.line,
                            column: m.key_loc.column,
                            element: m.key.clone(),
                            expected: "AWS, Service, Federated or CanonicalUser",
                        });
                        continue;
                    }
                };
                let (items, _) = string_list(&m.value, &p, errors);
                block.entries.extend(items.into_iter().map(|value| PrincipalEntry { key, value }));
            }
        }
        _ => {
            errors.push(wrong(path, node, "\"*\" or a principal object"));
            return None;
        }
    }
    Some(block)
}

fn condition_value(node: &Node, path: &str, errors: &mut Vec<ParseError>) -> Option<Spanned<ConditionValue>> {
    let (text, json_type) = match &node.value {
        Value::String(s) => (s.clone(), "string"),
        Value::Number(n) => (n.clone(), "number"),
        Value::Bool(b) => (b.to_string(), "boolean"),
        _ => {
            errors.push(wrong(path, node, "a string, number or boolean"));
            return None;
        }
    };
    Some(Spanned { value: ConditionValue { text, json_type }, loc: node.loc, path: path.to_string() })
}

fn condition_block(node: &Node, path: &str, errors: &mut Vec<ParseError>, out: &mut Vec<ConditionEntry>) {
    let Value::Object(ops) = &node.value else {
        errors.push(wrong(path, node, "an object of condition operators"));
        return;
    };
    for op in dedup(ops, path, errors) {
        let op_path = child_path(path, &op.key);
        let Value::Object(keys) = &op.value.value else {
            errors.push(wrong(&op_path, &op.value, "an object of condition keys"));
            continue;
        };
        for k in dedup(keys, &op_path, errors) {
            let key_path = child_path(&op_path, &k.key);
            let (values, is_array) = match &k.value.value {
                Value::Array(items) => {
                    let mut vs = Vec::with_capacity(items.len());
                    for (i, it) in items.iter().enumerate() {
                        if let Some(v) = condition_value(it, &format!("{key_path}[{i}]"), errors) {
                            vs.push(v);
                        }
                    }
                    (vs, true)
                }
                _ => (condition_value(&k.value, &key_path, errors).into_iter().collect(), false),
            };
            out.push(ConditionEntry {
                operator: Spanned { value: op.key.clone(), loc: op.key_loc, path: op_path.clone() },
                key: Spanned { value: k.key.clone(), loc: k.key_loc, path: key_path },
                values,
                is_array,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scalar_and_array_forms() {
        let p = parse_policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*"],
               "Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"]},
               "Condition":{"StringEquals":{"aws:SourceVpc":["vpc-1","vpc-2"]}}}}"#,
        )
        .unwrap();
        assert!(p.variables_enabled());
        let s = &p.statements[0];
        assert_eq!(s.action.as_ref().unwrap().items.len(), 1);
        assert_eq!(s.principal.as_ref().unwrap().entries.len(), 2);
        assert_eq!(s.conditions[0].values.len(), 2);
        assert_eq!(s.conditions[0].key.path, "$.Statement.Condition.StringEquals.aws:SourceVpc");
    }

    #[test]
    fn structural_errors_are_located() {
        let e = parse_policy("{\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"*\"}]}").unwrap_err();
        assert!(matches!(e, ParseError::InvalidValue { .. }));
        assert_eq!(e.path(), "$.Statement[0].Effect");
        let e = parse_policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Action\":\"s3:*\"}]}").unwrap_err();
        assert!(matches!(e, ParseError::DuplicateKey { .. }));
        let e = parse_policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"s3:*\"}]}").unwrap_err();
        assert!(matches!(e, ParseError::ConflictingElements { .. }));
    }
}
