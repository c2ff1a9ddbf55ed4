//! Policy validation, modelled on IAM Access Analyzer's policy checks: every finding
//! has a stable code, a severity class, a message, and the JSON path and line/column
//! of the offending element.

use crate::arn::{Arn, is_account_id};
use crate::catalog::{Catalog, KeyKnowledge};
use crate::condition::{BaseOperator, Operator, SetQualifier, ValueType};
use crate::glob::Glob;
use crate::json::Location;
use crate::policy::{
    ConditionEntry, Effect, ListBlock, ParseError, Policy, PolicyType, PrincipalKey, Statement, VERSION_2008,
    VERSION_2012, parse_policy_lenient,
};
use crate::request::{base64_decode, parse_bool, parse_date, parse_number};
use crate::variables::{self, VariableProblem};
use std::collections::HashMap;

/// The severity classes of Access Analyzer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The policy is invalid or will not do what it says.
    Error,
    /// The policy grants more than is safe.
    SecurityWarning,
    /// The policy has a problem that does not follow best practice.
    Warning,
    /// The policy can be simplified.
    Suggestion,
}

impl Severity {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security_warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $slug:literal, $sev:ident; )*) => {
        /// A stable finding code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
        #[allow(missing_docs)]
        pub enum FindingCode { $( $variant, )* }
        impl FindingCode {
            /// Every code.
            pub const ALL: &'static [FindingCode] = &[ $( FindingCode::$variant, )* ];
            /// The stable code (`IAM-E001`).
            pub fn code(self) -> &'static str { match self { $( FindingCode::$variant => $code, )* } }
            /// The readable name (`invalid-json`).
            pub fn slug(self) -> &'static str { match self { $( FindingCode::$variant => $slug, )* } }
            /// The severity class.
            pub fn severity(self) -> Severity { match self { $( FindingCode::$variant => Severity::$sev, )* } }
        }
    };
}

codes! {
    InvalidJson = "IAM-E001", "invalid-json", Error;
    InvalidStructure = "IAM-E002", "invalid-structure", Error;
    UnknownElement = "IAM-E003", "unknown-element", Error;
    MissingElement = "IAM-E004", "missing-element", Error;
    InvalidEffect = "IAM-E005", "invalid-effect", Error;
    InvalidVersion = "IAM-E006", "invalid-version", Error;
    DuplicateKey = "IAM-E007", "duplicate-key", Error;
    DuplicateSid = "IAM-E008", "duplicate-sid", Error;
    InvalidSid = "IAM-E009", "invalid-sid", Error;
    ConflictingElements = "IAM-E010", "conflicting-elements", Error;
    InvalidActionFormat = "IAM-E011", "invalid-action-format", Error;
    UnknownService = "IAM-E012", "unknown-service", Error;
    UnknownAction = "IAM-E013", "unknown-action", Error;
    InvalidArn = "IAM-E014", "invalid-arn", Error;
    InvalidPrincipal = "IAM-E015", "invalid-principal", Error;
    UnknownConditionOperator = "IAM-E016", "unknown-condition-operator", Error;
    UnsupportedElement = "IAM-E017", "unsupported-element", Error;
    PolicySizeExceeded = "IAM-E018", "policy-size-exceeded", Error;
    InvalidVariable = "IAM-E019", "invalid-variable", Error;
    VariableUnsupported = "IAM-E020", "variable-unsupported", Error;
    NullWithIfExists = "IAM-E021", "null-with-if-exists", Error;
    DuplicateKeysDifferentCase = "IAM-E022", "duplicate-keys-different-case", Error;
    MultipleBooleanValues = "IAM-E023", "invalid-condition-multiple-boolean", Error;
    InvalidCharacter = "IAM-E024", "invalid-character", Error;
    AllowWithNotPrincipal = "IAM-S001", "allow-with-not-principal", SecurityWarning;
    PassRoleWithStarResource = "IAM-S002", "pass-role-with-star-in-resource", SecurityWarning;
    WildcardPrincipalWithoutCondition = "IAM-S003", "wildcard-principal-without-condition", SecurityWarning;
    ForAllValuesWithSingleValuedKey = "IAM-S004", "for-all-values-with-single-valued-key", SecurityWarning;
    AllowWithNotAction = "IAM-S005", "allow-with-not-action", SecurityWarning;
    AllowWithNotResource = "IAM-S006", "allow-with-not-resource", SecurityWarning;
    MissingVersion = "IAM-W001", "missing-version", Warning;
    VariableUnsupportedInVersion = "IAM-W002", "variable-unsupported-in-version", Warning;
    UnknownConditionKey = "IAM-W003", "unknown-condition-key", Warning;
    ResourceTypeMismatch = "IAM-W004", "resource-type-not-applicable", Warning;
    ActionMatchesNothing = "IAM-W005", "action-matches-no-action", Warning;
    WildcardWithoutLikeOperator = "IAM-W006", "wildcard-without-like-operator", Warning;
    ConditionTypeMismatch = "IAM-W007", "condition-type-mismatch", Warning;
    NotResourceStarMatchesNothing = "IAM-W008", "not-resource-star-matches-nothing", Warning;
    RedundantStatement = "IAM-U001", "redundant-statement", Suggestion;
    RedundantAction = "IAM-U002", "redundant-action", Suggestion;
    RedundantResource = "IAM-U003", "redundant-resource", Suggestion;
    EmptyArray = "IAM-U004", "empty-array", Suggestion;
    NullWithQualifier = "IAM-U005", "null-with-qualifier", Suggestion;
}

/// One validation finding.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The stable code.
    pub code: FindingCode,
    /// Its severity class.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// JSON path of the element.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// Where an identity policy lives (decides its size limit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub enum IdentityContainer {
    /// A customer managed policy: 6,144 characters.
    #[default]
    Managed,
    /// Inline policies of a user: 2,048 characters in aggregate.
    InlineUser,
    /// Inline policies of a group: 5,120.
    InlineGroup,
    /// Inline policies of a role: 10,240.
    InlineRole,
}

/// The size limit for a policy type, and whether whitespace counts.
///
/// IAM quotas (IAM User Guide, "IAM and AWS STS quotas"): managed policies 6,144
/// characters, inline user/group/role aggregates 2,048 / 5,120 / 10,240, role trust
/// policies 2,048 by default (AssumeRolePolicySizeQuota), whitespace not counted;
/// session policies 2,048 (STS AssumeRole). Organizations quotas: SCPs and RCPs
/// 5,120 characters, whitespace counted as saved.
pub fn size_limit(ty: PolicyType, container: IdentityContainer) -> (usize, bool) {
    match ty {
        PolicyType::Identity | PolicyType::Boundary => match container {
            IdentityContainer::Managed => (6_144, false),
            IdentityContainer::InlineUser => (2_048, false),
            IdentityContainer::InlineGroup => (5_120, false),
            IdentityContainer::InlineRole => (10_240, false),
        },
        PolicyType::Trust => (2_048, false),
        PolicyType::Session => (2_048, false),
        PolicyType::Scp | PolicyType::Rcp => (5_120, true),
        PolicyType::Resource => (20_480, false),
    }
}

/// The policy's size: characters, without whitespace outside strings unless
/// `count_whitespace`.
pub fn policy_size(text: &str, count_whitespace: bool) -> usize {
    if count_whitespace {
        return text.chars().count();
    }
    let mut n = 0;
    let mut in_str = false;
    let mut esc = false;
    for c in text.chars() {
        if in_str {
            n += 1;
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
        } else if !c.is_whitespace() {
            n += 1;
            if c == '"' {
                in_str = true;
            }
        }
    }
    n
}

/// Options for [`validate_with`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ValidateOptions<'a> {
    /// The catalogue for action and condition-key checks (`None`: the embedded one).
    pub catalog: Option<&'a Catalog>,
    /// Where an identity policy lives.
    pub container: IdentityContainer,
}

/// Validate a policy text as a policy of the given type.
pub fn validate(text: &str, ty: PolicyType) -> Vec<Finding> {
    validate_with(text, ty, ValidateOptions::default())
}

/// Validate with options.
pub fn validate_with(text: &str, ty: PolicyType, opts: ValidateOptions<'_>) -> Vec<Finding> {
    let catalog = opts.catalog.or_else(|| Catalog::embedded().ok());
    let mut v = Validator { ty, catalog, out: Vec::new() };
    let (policy, errors) = parse_policy_lenient(text);
    for e in &errors {
        v.parse_error(e);
    }
    if let Some(p) = &policy {
        v.characters(text);
        v.policy(p, text, opts.container);
    }
    v.out.sort_by(|a, b| (a.line, a.column, a.code.code()).cmp(&(b.line, b.column, b.code.code())));
    v.out.dedup();
    v.out
}

struct Validator<'a> {
    ty: PolicyType,
    catalog: Option<&'a Catalog>,
    out: Vec<Finding>,
}

const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:userid",
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalservicename",
    "aws:sourcevpcarn",
];

const MULTI_VALUED_GLOBAL: &[&str] = &[
    "aws:tagkeys",
    "aws:principalorgpaths",
    "aws:resourceorgpaths",
    "aws:sourceorgpaths",
    "aws:calledvia",
    "aws:principalservicenameslist",
];

impl Validator<'_> {
    fn push(&mut self, code: FindingCode, message: String, path: &str, loc: Location) {
        self.out.push(Finding {
            code,
            severity: code.severity(),
            message,
            path: path.to_string(),
            line: loc.line,
            column: loc.column,
        });
    }

    fn push_at(&mut self, code: FindingCode, message: String, path: &str, line: u32, column: u32) {
        self.out.push(Finding { code, severity: code.severity(), message, path: path.to_string(), line, column });
    }

    fn parse_error(&mut self, e: &ParseError) {
        let (line, column) = e.position();
        let code = match e {
            ParseError::Json(_) => FindingCode::InvalidJson,
            ParseError::WrongType { .. } => FindingCode::InvalidStructure,
            ParseError::UnknownElement { .. } => FindingCode::UnknownElement,
            ParseError::DuplicateKey { .. } => FindingCode::DuplicateKey,
            ParseError::MissingElement { .. } => FindingCode::MissingElement,
            ParseError::InvalidValue { path, .. } if path.ends_with(".Effect") => FindingCode::InvalidEffect,
            ParseError::InvalidValue { .. } => FindingCode::InvalidPrincipal,
            ParseError::ConflictingElements { .. } => FindingCode::ConflictingElements,
        };
        self.push_at(code, e.to_string(), e.path(), line, column);
    }

    fn characters(&mut self, text: &str) {
        if self.ty == PolicyType::Resource {
            return;
        }
        let mut line = 1u32;
        let mut col = 0u32;
        for (off, c) in text.char_indices() {
            col += 1;
            if c == '\n' {
                line += 1;
                col = 0;
                continue;
            }
            let ok = matches!(c, '\t' | '\r' | '\u{feff}') || ('\u{20}'..='\u{ff}').contains(&c);
            if !ok {
                let _ = off;
                self.push_at(
                    FindingCode::InvalidCharacter,
                    format!("character {c:?} is not allowed: policies may contain only tab, line feed, carriage return and U+0020–U+00FF"),
                    "$",
                    line,
                    col,
                );
                return;
            }
        }
    }

    fn policy(&mut self, p: &Policy, text: &str, container: IdentityContainer) {
        let ty = self.ty;
        let uses_vars = policy_uses_variables(p);
        match &p.version {
            None => {
                self.push(FindingCode::MissingVersion, "Version is missing: the policy uses the 2008-10-17 language, without policy variables; add \"Version\": \"2012-10-17\"".into(), "$", p.loc);
                if uses_vars {
                    self.push(FindingCode::VariableUnsupportedInVersion, "policy variables are only honoured with \"Version\": \"2012-10-17\"; here they are literal text".into(), "$", p.loc);
                }
            }
            Some(v) if v.value == VERSION_2012 => {}
            Some(v) if v.value == VERSION_2008 => {
                if uses_vars {
                    self.push(FindingCode::VariableUnsupportedInVersion, "policy variables are only honoured with \"Version\": \"2012-10-17\"; under 2008-10-17 they are literal text".into(), &v.path, v.loc);
                }
            }
            Some(v) => self.push(
                FindingCode::InvalidVersion,
                format!("invalid Version {:?}: expected \"2012-10-17\" or \"2008-10-17\"", v.value),
                &v.path,
                v.loc,
            ),
        }
        if let Some(id) = &p.id
            && matches!(ty, PolicyType::Identity | PolicyType::Boundary | PolicyType::Session | PolicyType::Scp | PolicyType::Rcp)
        {
            self.push(FindingCode::UnsupportedElement, format!("the Id element is not supported in {ty} policies"), &id.path, id.loc);
        }
        let (limit, ws) = size_limit(ty, container);
        let size = policy_size(text, ws);
        if size > limit {
            self.push(
                FindingCode::PolicySizeExceeded,
                format!(
                    "policy size {size} characters{} exceeds the {ty} policy quota of {limit}",
                    if ws { "" } else { " (whitespace not counted)" }
                ),
                "$",
                p.loc,
            );
        }
        if p.statements.is_empty() && p.statement_is_array {
            self.push(FindingCode::EmptyArray, "the Statement array is empty: the policy grants nothing".into(), "$.Statement", p.loc);
        }
        let mut sids: HashMap<&str, ()> = HashMap::new();
        for s in &p.statements {
            if let Some(sid) = &s.sid {
                if sids.insert(sid.value.as_str(), ()).is_some() {
                    self.push(FindingCode::DuplicateSid, format!("duplicate Sid {:?}: Sids must be unique within a policy", sid.value), &sid.path, sid.loc);
                }
                if !matches!(ty, PolicyType::Resource | PolicyType::Trust)
                    && !sid.value.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    self.push(FindingCode::InvalidSid, format!("Sid {:?} may contain only letters and digits", sid.value), &sid.path, sid.loc);
                }
            }
            self.statement(s, p.variables_enabled());
        }
        // Redundant statements: same content apart from Sid.
        for (i, a) in p.statements.iter().enumerate() {
            if p.statements.iter().take(i).any(|b| same_statement(a, b)) {
                self.push(FindingCode::RedundantStatement, format!("statement {} repeats an earlier statement", a.label()), &a.path, a.loc);
            }
        }
    }

    fn statement(&mut self, s: &Statement, vars: bool) {
        let ty = self.ty;
        // Principal rules per policy type.
        match (&s.principal, ty) {
            (Some(pb), PolicyType::Identity | PolicyType::Boundary | PolicyType::Session | PolicyType::Scp) => {
                self.push(
                    FindingCode::UnsupportedElement,
                    format!("{} is not supported in {ty} policies: they apply to the principal they are attached to", if pb.negated { "NotPrincipal" } else { "Principal" }),
                    &pb.path,
                    pb.loc,
                );
            }
            (None, PolicyType::Resource | PolicyType::Trust | PolicyType::Rcp) => {
                self.push(FindingCode::MissingElement, format!("{ty} policy statements must name a Principal"), &s.path, s.loc);
            }
            (Some(pb), PolicyType::Trust) if pb.negated => {
                self.push(FindingCode::UnsupportedElement, "NotPrincipal is not supported in role trust policies".into(), &pb.path, pb.loc);
            }
            (Some(pb), PolicyType::Rcp) if !pb.any || pb.negated => {
                self.push(FindingCode::InvalidPrincipal, "resource control policies require \"Principal\": \"*\"".into(), &pb.path, pb.loc);
            }
            _ => {}
        }
        if let Some(pb) = &s.principal {
            if pb.negated && s.effect.value == Effect::Allow {
                self.push(FindingCode::AllowWithNotPrincipal, "Allow with NotPrincipal grants access to every principal not listed, including anonymous users".into(), &pb.path, pb.loc);
            }
            for e in &pb.entries {
                self.principal_value(e.key, &e.value.value, &e.value.path, e.value.loc);
            }
            let wildcard = pb.any || pb.entries.iter().any(|e| e.key == PrincipalKey::Aws && e.value.value == "*");
            if wildcard && !pb.negated && s.effect.value == Effect::Allow && ty != PolicyType::Rcp {
                let restricted = s.conditions.iter().any(|c| {
                    let op = Operator::parse(&c.operator.value);
                    let positive = op.is_some_and(|o| !o.base.is_negated() && o.base != BaseOperator::Null && !o.if_exists);
                    positive && RESTRICTING_KEYS.contains(&c.key.value.to_ascii_lowercase().as_str())
                });
                if !restricted {
                    self.push(
                        FindingCode::WildcardPrincipalWithoutCondition,
                        "Allow to Principal \"*\" without a condition on the caller's account, organization, source or network: anyone, including anonymous users, is granted".into(),
                        &pb.path,
                        pb.loc,
                    );
                }
            }
        }
        // Action
        if let Some(a) = &s.action {
            if a.items.is_empty() && a.is_array {
                self.push(FindingCode::EmptyArray, "the action array is empty: the statement matches no action".into(), &a.path, a.loc);
            }
            if a.negated && s.effect.value == Effect::Allow {
                self.push(FindingCode::AllowWithNotAction, "Allow with NotAction grants every action not listed, in every service, including future ones".into(), &a.path, a.loc);
            }
            self.actions(a);
        }
        // Resource
        match (&s.resource, ty) {
            (None, PolicyType::Identity | PolicyType::Boundary | PolicyType::Session | PolicyType::Scp | PolicyType::Rcp | PolicyType::Resource) => {
                self.push(FindingCode::MissingElement, format!("{ty} policy statements need Resource or NotResource"), &s.path, s.loc);
            }
            (Some(r), PolicyType::Trust) => {
                self.push(FindingCode::UnsupportedElement, "role trust policies have no Resource: the resource is the role".into(), &r.path, r.loc);
            }
            _ => {}
        }
        if let Some(r) = &s.resource {
            if r.items.is_empty() && r.is_array {
                self.push(FindingCode::EmptyArray, "the resource array is empty: the statement matches no resource".into(), &r.path, r.loc);
            }
            if r.negated && s.effect.value == Effect::Allow {
                self.push(FindingCode::AllowWithNotResource, "Allow with NotResource grants the actions on every resource not listed".into(), &r.path, r.loc);
            }
            if r.negated && r.items.iter().any(|i| i.value == "*") {
                self.push(FindingCode::NotResourceStarMatchesNothing, "NotResource \"*\" excludes every resource: the statement never applies".into(), &r.path, r.loc);
            }
            self.resources(r, vars);
            if let Some(a) = &s.action {
                self.resource_types(a, r);
            }
        }
        // PassRole with *
        if s.effect.value == Effect::Allow
            && let (Some(a), Some(r)) = (&s.action, &s.resource)
        {
            let passrole = if a.negated {
                !a.items.iter().any(|i| Glob::new(&i.value.to_ascii_lowercase()).is_match("iam:passrole"))
            } else {
                a.items.iter().any(|i| action_pattern_matches(&i.value, "iam:passrole"))
            };
            let star = r.negated || r.items.iter().any(|i| i.value == "*");
            if passrole && star {
                self.push(FindingCode::PassRoleWithStarResource, "iam:PassRole on every resource lets the caller pass any role, including more privileged ones, to a service".into(), &r.path, r.loc);
            }
        }
        self.conditions(&s.conditions, vars);
    }

    fn principal_value(&mut self, key: PrincipalKey, v: &str, path: &str, loc: Location) {
        match key {
            PrincipalKey::Aws => {
                if v == "*" || is_account_id(v) {
                    return;
                }
                if v.contains(['*', '?']) {
                    self.push(FindingCode::InvalidPrincipal, format!("principal {v:?}: wildcards are only allowed as a bare \"*\"; use a condition on aws:PrincipalArn"), path, loc);
                    return;
                }
                if v.starts_with("AIDA") || v.starts_with("AROA") || v.starts_with("AIDAI") {
                    return;
                }
                match Arn::parse(v) {
                    Some(a) if matches!(a.service, "iam" | "sts") && (a.account.is_empty() || is_account_id(a.account)) && !a.resource.is_empty() => {}
                    _ => self.push(FindingCode::InvalidPrincipal, format!("invalid AWS principal {v:?}: expected an account id, an IAM/STS ARN, a unique id or \"*\""), path, loc),
                }
            }
            PrincipalKey::Service => {
                if !v.contains('.') || v.contains(['*', '?', ' ']) {
                    self.push(FindingCode::InvalidPrincipal, format!("invalid service principal {v:?}: expected a name such as lambda.amazonaws.com"), path, loc);
                }
            }
            PrincipalKey::Federated => {
                if v.contains(['*', '?', ' ']) || v.is_empty() {
                    self.push(FindingCode::InvalidPrincipal, format!("invalid federated principal {v:?}"), path, loc);
                }
            }
            PrincipalKey::CanonicalUser => {
                if v.len() != 64 || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
                    self.push(FindingCode::InvalidPrincipal, format!("invalid canonical user id {v:?}: expected 64 hexadecimal digits"), path, loc);
                }
            }
        }
    }

    fn actions(&mut self, a: &ListBlock) {
        for (i, item) in a.items.iter().enumerate() {
            let v = item.value.as_str();
            if v == "*" {
                continue;
            }
            let Some((svc, name)) = v.split_once(':') else {
                self.push(FindingCode::InvalidActionFormat, format!("action {v:?} must be service:Action or \"*\""), &item.path, item.loc);
                continue;
            };
            if svc.is_empty() || name.is_empty() || v.contains(char::is_whitespace) || name.contains(':') {
                self.push(FindingCode::InvalidActionFormat, format!("action {v:?} must be service:Action"), &item.path, item.loc);
                continue;
            }
            // Redundant: covered by another entry of the same list.
            if a.items.iter().enumerate().any(|(j, o)| j != i && o.value != item.value && action_pattern_matches(&o.value, v) && !(action_pattern_matches(v, &o.value) && j > i)) {
                self.push(FindingCode::RedundantAction, format!("action {v:?} is already covered by another entry"), &item.path, item.loc);
            }
            let Some(cat) = self.catalog else { continue };
            if svc.contains(['*', '?']) {
                if cat.expand(v).is_empty() {
                    self.push(FindingCode::ActionMatchesNothing, format!("action pattern {v:?} matches no known action"), &item.path, item.loc);
                }
                continue;
            }
            let Some(service) = cat.service(svc) else {
                self.push(FindingCode::UnknownService, format!("unknown service prefix {svc:?} in action {v:?}"), &item.path, item.loc);
                continue;
            };
            if name.contains(['*', '?']) {
                let g = Glob::new(&name.to_ascii_lowercase());
                if !service.actions.iter().any(|x| g.is_match(&x.name.to_ascii_lowercase())) {
                    self.push(FindingCode::ActionMatchesNothing, format!("action pattern {v:?} matches no {svc} action"), &item.path, item.loc);
                }
            } else if service.action(name).is_none() {
                self.push(FindingCode::UnknownAction, format!("unknown action {v:?}: {} has no action {name:?}", service.prefix), &item.path, item.loc);
            }
        }
    }

    fn resources(&mut self, r: &ListBlock, vars: bool) {
        for (i, item) in r.items.iter().enumerate() {
            let v = item.value.as_str();
            if v == "*" {
                continue;
            }
            if vars && variables::has_variable(v) {
                let mut probs = Vec::new();
                variables::parse(v, &mut probs);
                self.variable_problems(&probs, v, &item.path, item.loc);
                let first5: String = v.splitn(6, ':').take(5).collect::<Vec<_>>().join(":");
                if variables::has_variable(&first5) {
                    self.push(FindingCode::VariableUnsupported, format!("resource {v:?}: policy variables are allowed only in the resource part of an ARN (after the fifth colon)"), &item.path, item.loc);
                }
            }
            match Arn::parse(v) {
                Some(a) => {
                    let partition_ok = a.partition.contains(['*', '?'])
                        || a.partition.starts_with("aws")
                        || variables::has_variable(a.partition);
                    if !partition_ok || a.service.is_empty() {
                        self.push(FindingCode::InvalidArn, format!("invalid ARN {v:?}: unknown partition or empty service"), &item.path, item.loc);
                    } else if !a.account.is_empty() && !a.account.contains(['*', '?', '$']) && !is_account_id(a.account) && a.account != "aws" {
                        self.push(FindingCode::InvalidArn, format!("invalid ARN {v:?}: the account segment must be a 12-digit account id"), &item.path, item.loc);
                    }
                }
                None => self.push(FindingCode::InvalidArn, format!("invalid resource {v:?}: expected an ARN (arn:partition:service:region:account:resource) or \"*\""), &item.path, item.loc),
            }
            if r.items.iter().enumerate().any(|(j, o)| j != i && o.value != item.value && Glob::new(&o.value).is_match(v) && !(Glob::new(v).is_match(&o.value) && j > i)) {
                self.push(FindingCode::RedundantResource, format!("resource {v:?} is already covered by another entry"), &item.path, item.loc);
            }
        }
    }

    fn resource_types(&mut self, a: &ListBlock, r: &ListBlock) {
        let Some(cat) = self.catalog else { return };
        if a.negated || r.negated {
            return;
        }
        let pats: Vec<&str> = r.items.iter().map(|i| i.value.as_str()).filter(|v| *v != "*" && Arn::parse(v).is_some()).collect();
        if pats.is_empty() || pats.len() != r.items.len() {
            return;
        }
        for item in &a.items {
            let v = item.value.as_str();
            if v.contains(['*', '?']) {
                continue;
            }
            let Some((svc, act)) = cat.action(v) else { continue };
            if act.resource_types.is_empty() {
                self.push(
                    FindingCode::ResourceTypeMismatch,
                    format!("action {v:?} supports only Resource \"*\" (no resource-level permissions); the statement's resources never match it"),
                    &item.path,
                    item.loc,
                );
                continue;
            }
            let any = pats.iter().any(|p| {
                act.resource_types.iter().any(|(ix, _)| svc.resources.get(*ix).is_some_and(|rt| arn_could_overlap(&rt.arn, p)))
            });
            if !any {
                self.push(
                    FindingCode::ResourceTypeMismatch,
                    format!("no resource of the statement is of a resource type that action {v:?} applies to"),
                    &item.path,
                    item.loc,
                );
            }
        }
    }

    fn variable_problems(&mut self, probs: &[VariableProblem], v: &str, path: &str, loc: Location) {
        for p in probs {
            let what = match p {
                VariableProblem::MissingBrace => "missing closing brace",
                VariableProblem::MissingQuote => "default value must be in single quotes",
                VariableProblem::UnsupportedSpace => "unsupported space",
                VariableProblem::Empty => "empty variable",
            };
            self.push(FindingCode::InvalidVariable, format!("policy variable in {v:?}: {what}"), path, loc);
        }
    }

    fn conditions(&mut self, conds: &[ConditionEntry], vars: bool) {
        // Duplicate keys that differ only by case, per operator.
        for (i, c) in conds.iter().enumerate() {
            if conds.iter().take(i).any(|o| o.operator.value == c.operator.value && o.key.value != c.key.value && o.key.value.eq_ignore_ascii_case(&c.key.value)) {
                self.push(FindingCode::DuplicateKeysDifferentCase, format!("condition key {:?} appears twice under {} with different case; keys are case-insensitive", c.key.value, c.operator.value), &c.key.path, c.key.loc);
            }
        }
        for c in conds {
            let opname = c.operator.value.as_str();
            let Some(op) = Operator::parse(opname) else {
                if opname.strip_suffix("IfExists").is_some_and(|b| b.ends_with("Null")) {
                    self.push(FindingCode::NullWithIfExists, "Null cannot take IfExists".into(), &c.operator.path, c.operator.loc);
                } else {
                    self.push(FindingCode::UnknownConditionOperator, format!("unknown condition operator {opname:?}"), &c.operator.path, c.operator.loc);
                }
                continue;
            };
            if op.base == BaseOperator::Null && op.qualifier.is_some() {
                self.push(FindingCode::NullWithQualifier, "Null with a set qualifier: the qualifier has no effect".into(), &c.operator.path, c.operator.loc);
            }
            self.condition_key(c, op);
            if c.values.is_empty() && c.is_array {
                self.push(FindingCode::EmptyArray, format!("no values for condition key {:?}: the condition can never be true", c.key.value), &c.key.path, c.key.loc);
            }
            if op.base == BaseOperator::Bool && c.values.len() > 1 {
                self.push(FindingCode::MultipleBooleanValues, "Bool with several values".into(), &c.key.path, c.key.loc);
            }
            let ty = op.base.value_type();
            for v in &c.values {
                let text = v.value.text.as_str();
                let has_var = variables::has_variable(text);
                if has_var && vars {
                    if !op.base.allows_variables() && op.base != BaseOperator::Null {
                        self.push(FindingCode::VariableUnsupported, format!("policy variables are not supported with {}", op.base.name()), &v.path, v.loc);
                        continue;
                    }
                    if op.base.allows_variables() {
                        let mut probs = Vec::new();
                        variables::parse(text, &mut probs);
                        self.variable_problems(&probs, text, &v.path, v.loc);
                        continue;
                    }
                }
                let ok = match ty {
                    ValueType::Numeric => parse_number(text).is_some(),
                    ValueType::Date => parse_date(text).is_some(),
                    ValueType::Bool | ValueType::Null => parse_bool(text).is_some(),
                    ValueType::Binary => base64_decode(text).is_some(),
                    ValueType::Ip => crate::condition::Cidr::parse(text).is_some(),
                    ValueType::String | ValueType::Arn => true,
                };
                if !ok {
                    self.push(FindingCode::ConditionTypeMismatch, format!("value {text:?} is not a valid {ty:?} value for {}", op.base.name()), &v.path, v.loc);
                }
                if matches!(op.base.positive(), BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase) && text.contains(['*', '?']) {
                    self.push(FindingCode::WildcardWithoutLikeOperator, format!("value {text:?} has a wildcard, but {} compares literally; use StringLike", op.base.name()), &v.path, v.loc);
                }
            }
        }
    }

    fn condition_key(&mut self, c: &ConditionEntry, op: Operator) {
        let key = c.key.value.as_str();
        let lower = key.to_ascii_lowercase();
        if op.qualifier == Some(SetQualifier::ForAllValues) && op.base != BaseOperator::Null {
            let single = if lower.starts_with("aws:") {
                !MULTI_VALUED_GLOBAL.contains(&lower.as_str()) && !lower.starts_with("aws:requesttag/") || lower.starts_with("aws:resourcetag/") || lower.starts_with("aws:principaltag/")
            } else {
                self.catalog.and_then(|cat| {
                    let (svc, _) = key.split_once(':')?;
                    let s = cat.service(svc)?;
                    s.conditions.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, t)| !t.starts_with("ArrayOf"))
                }).unwrap_or(false)
            };
            if single {
                self.push(FindingCode::ForAllValuesWithSingleValuedKey, format!("ForAllValues with the single-valued key {key:?}: it is true when the key is absent; use the operator without ForAllValues"), &c.key.path, c.key.loc);
            }
        }
        let Some(cat) = self.catalog else { return };
        let msg = match cat.condition_key(key) {
            KeyKnowledge::Global | KeyKnowledge::Service | KeyKnowledge::Provider => return,
            KeyKnowledge::UnknownGlobal => format!("{key:?} is not a global condition key"),
            KeyKnowledge::UnknownForService => format!("{key:?} is not a condition key of its service"),
            KeyKnowledge::UnknownService => format!("{key:?}: unknown service prefix"),
        };
        self.push(FindingCode::UnknownConditionKey, msg, &c.key.path, c.key.loc);
    }
}

fn action_pattern_matches(pattern: &str, action: &str) -> bool {
    let p = pattern.to_ascii_lowercase();
    let a = action.to_ascii_lowercase();
    if p == "*" {
        return true;
    }
    match (p.split_once(':'), a.split_once(':')) {
        (Some((ps, pn)), Some((as_, an))) => Glob::new(ps).is_match(as_) && Glob::new(pn).is_match(an),
        _ => false,
    }
}

fn literal_prefix(s: &str, stops: &[char]) -> String {
    s.chars().take_while(|c| !stops.contains(c)).collect()
}

/// Whether a resource-type ARN template and a policy resource pattern can name the
/// same resource (conservative: says yes when unsure).
fn arn_could_overlap(template: &str, pattern: &str) -> bool {
    let (Some(t), Some(p)) = (Arn::parse(template), Arn::parse(pattern)) else { return true };
    let lit = |s: &str| !s.contains(['*', '?', '$']);
    if lit(p.service) && !t.service.contains('$') && p.service != t.service {
        return false;
    }
    let tp = literal_prefix(t.resource, &['$']);
    let pp = literal_prefix(p.resource, &['*', '?', '$']);
    tp.starts_with(&pp) || pp.starts_with(&tp)
}

fn policy_uses_variables(p: &Policy) -> bool {
    p.statements.iter().any(|s| {
        s.resource.as_ref().is_some_and(|r| r.items.iter().any(|i| variables::has_variable(&i.value)))
            || s.conditions.iter().any(|c| c.values.iter().any(|v| variables::has_variable(&v.value.text)))
    })
}

fn same_statement(a: &Statement, b: &Statement) -> bool {
    let strip = |s: &Statement| {
        let mut s = s.clone();
        s.sid = None;
        s
    };
    let (a, b) = (strip(a), strip(b));
    let norm_list = |l: &Option<ListBlock>| l.as_ref().map(|l| (l.negated, l.items.iter().map(|i| i.value.clone()).collect::<Vec<_>>()));
    let norm_pr = |s: &Statement| s.principal.as_ref().map(|p| (p.negated, p.any, p.entries.iter().map(|e| (e.key, e.value.value.clone())).collect::<Vec<_>>()));
    let norm_c = |s: &Statement| s.conditions.iter().map(|c| (c.operator.value.clone(), c.key.value.clone(), c.values.iter().map(|v| v.value.text.clone()).collect::<Vec<_>>())).collect::<Vec<_>>();
    a.effect.value == b.effect.value
        && norm_list(&a.action) == norm_list(&b.action)
        && norm_list(&a.resource) == norm_list(&b.resource)
        && norm_pr(&a) == norm_pr(&b)
        && norm_c(&a) == norm_c(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, ty: PolicyType) -> Vec<&'static str> {
        validate(text, ty).iter().map(|f| f.code.slug()).collect()
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in FindingCode::ALL {
            assert!(seen.insert(c.code()), "{}", c.code());
            assert!(seen.insert(c.slug()), "{}", c.slug());
        }
    }

    #[test]
    fn basic_findings() {
        let c = codes(r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}"#, PolicyType::Identity);
        assert!(c.contains(&"missing-version"), "{c:?}");
        assert!(c.contains(&"unknown-action"), "{c:?}");
    }
}
