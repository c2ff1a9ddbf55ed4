//! The evaluator: compiled policies, policy sets and decisions.
//!
//! The logic follows the IAM User Guide's "Policy evaluation logic" (single account)
//! and "Cross-account policy evaluation logic":
//! 1. an explicit `Deny` in any applicable policy wins;
//! 2. RCPs (resource's account) and SCPs (principal's account) must allow at every
//!    level of the organization — the management account and service-linked roles
//!    are exempt;
//! 3. same account: a resource-policy `Allow` grants on its own or with limits,
//!    depending on the principal it names (user or session ARN: alone; role ARN:
//!    boundary and session policy still apply; the account: delegates to identity
//!    policies); otherwise identity policies must allow, and the permissions boundary
//!    and session policy (when present) must allow too;
//! 4. cross account: the identity side (identity ∩ boundary ∩ session) and the
//!    resource policy must both allow.

use crate::arn::{Arn, ArnPattern, is_account_id};
use crate::condition::{CompiledCondition, Operator};
use crate::glob::Glob;
use crate::policy::{Effect, ParseError, Policy, PrincipalKey, Statement, parse_policy};
use crate::request::{PrincipalInfo, PrincipalKind, Request};
use crate::variables::{self, Part};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A compile error: the policy cannot be evaluated faithfully.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// The policy does not parse.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A condition operator IAM does not know: the policy would be rejected, and its
    /// meaning is undecidable.
    #[error("{path} at line {line}, column {column}: unknown condition operator {operator:?}")]
    UnknownOperator {
        /// The operator as written.
        operator: String,
        /// JSON path.
        path: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
    },
}

/// Where a policy sits in the evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// An identity-based policy.
    Identity,
    /// The permissions boundary.
    Boundary,
    /// A session policy.
    Session,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
    /// The resource-based policy.
    Resource,
}

#[derive(Default, Clone, Copy)]
struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}
type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Clone, Debug)]
struct ActionMatcher {
    negated: bool,
    any: bool,
    by_service: FnvMap<Box<str>, Vec<Glob>>,
    wild: Vec<(Glob, Glob)>,
}

impl ActionMatcher {
    fn new(negated: bool, items: &[&str]) -> ActionMatcher {
        let mut m = ActionMatcher { negated, any: false, by_service: FnvMap::default(), wild: Vec::new() };
        for it in items {
            let lower = it.to_ascii_lowercase();
            if lower == "*" {
                m.any = true;
                continue;
            }
            let Some((svc, name)) = lower.split_once(':') else { continue };
            let g = Glob::new(name);
            if svc.contains(['*', '?']) {
                m.wild.push((Glob::new(svc), g));
            } else {
                m.by_service.entry(svc.into()).or_default().push(g);
            }
        }
        m
    }

    #[inline]
    fn listed(&self, svc: &str, name: &str) -> bool {
        self.any
            || self.by_service.get(svc).is_some_and(|gs| gs.iter().any(|g| g.is_match(name)))
            || self.wild.iter().any(|(s, n)| s.is_match(svc) && n.is_match(name))
    }

    #[inline]
    fn matches(&self, svc: &str, name: &str) -> bool {
        self.listed(svc, name) != self.negated
    }
}

#[derive(Clone, Debug)]
enum ResourcePat {
    Fixed(ArnPattern),
    Template(Vec<Part>),
}

#[derive(Clone, Debug)]
struct ResourceMatcher {
    negated: bool,
    pats: Vec<ResourcePat>,
}

impl ResourceMatcher {
    fn listed(&self, req: &Request, parsed: Option<&Arn<'_>>) -> bool {
        let res = req.resource.arn.as_str();
        self.pats.iter().any(|p| match p {
            ResourcePat::Fixed(a) => a.is_match(res, parsed),
            ResourcePat::Template(parts) => {
                let vals: Vec<(String, String)> = parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::Var { key, .. } => req.context.variable(key).map(|v| (key.clone(), v.into_owned())),
                        _ => None,
                    })
                    .collect();
                let look = |k: &str| vals.iter().find(|(kk, _)| kk == k).map(|(_, v)| v.as_str());
                match variables::resolve_tokens(parts, look) {
                    Some(toks) => ArnPattern::from_tokens(&toks).is_match(res, parsed),
                    None => false,
                }
            }
        })
    }
}

/// How a resource-policy statement named the caller; decides how far its grant goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    /// The caller's account (`"AWS": "111122223333"` or `…:root`): delegates to the
    /// account's identity policies.
    Account,
    /// The role ARN, for a role session: the boundary and session policy still apply.
    Role,
    /// The IAM user who created a federated session: boundary and session policy apply.
    FederatingUser,
    /// The caller itself: user ARN, session ARN, service, provider, canonical user.
    Direct,
    /// `"*"` or a `NotPrincipal` that excludes someone else: everyone, the caller included.
    Everyone,
}

impl Grant {
    fn alone(self) -> bool {
        matches!(self, Grant::Direct | Grant::Everyone)
    }
}

#[derive(Clone, Debug)]
struct PrincipalMatcher {
    negated: bool,
    any: bool,
    entries: Vec<(PrincipalKey, String)>,
}

impl PrincipalMatcher {
    fn grant(&self, p: &PrincipalInfo) -> Option<Grant> {
        let mut best: Option<Grant> = if self.any { Some(Grant::Everyone) } else { None };
        for (key, v) in &self.entries {
            let g = match key {
                PrincipalKey::Aws => {
                    if v == "*" {
                        Some(Grant::Everyone)
                    } else if matches!(p.kind, PrincipalKind::Anonymous | PrincipalKind::Service) {
                        None
                    } else if let Some(acct) = account_of(v) {
                        (acct == p.account).then_some(Grant::Account)
                    } else if *v == p.arn
                        && matches!(p.kind, PrincipalKind::User | PrincipalKind::FederatedUser)
                        || (p.kind == PrincipalKind::AssumedRole && *v == p.arn && p.role_arn.as_deref() != Some(v))
                    {
                        Some(Grant::Direct)
                    } else if p.kind == PrincipalKind::AssumedRole && p.role_arn.as_deref() == Some(v.as_str()) {
                        Some(Grant::Role)
                    } else if p.kind == PrincipalKind::FederatedUser && p.federating_user_arn.as_deref() == Some(v.as_str()) {
                        Some(Grant::FederatingUser)
                    } else if p.unique_id.as_deref() == Some(v.as_str()) {
                        Some(if p.kind == PrincipalKind::AssumedRole { Grant::Role } else { Grant::Direct })
                    } else {
                        None
                    }
                }
                PrincipalKey::Service => (p.kind == PrincipalKind::Service && *v == p.arn).then_some(Grant::Direct),
                PrincipalKey::Federated => (p.kind == PrincipalKind::WebIdentity
                    && p.federated_provider.as_deref() == Some(v.as_str()))
                .then_some(Grant::Direct),
                PrincipalKey::CanonicalUser => {
                    (p.canonical_user.as_deref() == Some(v.as_str())).then_some(Grant::Direct)
                }
            };
            if g > best {
                best = g;
            }
        }
        if self.negated {
            // NotPrincipal: applies to everyone the list does not exempt.
            return if self.exempts(p) { None } else { Some(Grant::Everyone) };
        }
        best
    }

    /// Whether a `NotPrincipal` list exempts the caller. AWS evaluates every level of
    /// the caller's identity, so all of them must be listed: the account and the user;
    /// the account, the role and the session for a role session (IAM User Guide,
    /// "NotPrincipal").
    fn exempts(&self, p: &PrincipalInfo) -> bool {
        let aws = |v: &str| self.entries.iter().any(|(k, e)| *k == PrincipalKey::Aws && e == v);
        if aws("*") {
            return true;
        }
        let account = self
            .entries
            .iter()
            .any(|(k, e)| *k == PrincipalKey::Aws && account_of(e).is_some_and(|a| a == p.account));
        match p.kind {
            PrincipalKind::Root => account,
            PrincipalKind::User | PrincipalKind::FederatedUser => account && aws(&p.arn),
            PrincipalKind::AssumedRole => {
                let role = p.role_arn.as_deref().is_some_and(&aws);
                account && role && (p.role_arn.as_deref() == Some(p.arn.as_str()) || aws(&p.arn))
            }
            PrincipalKind::Service => {
                self.entries.iter().any(|(k, e)| *k == PrincipalKey::Service && *e == p.arn)
            }
            PrincipalKind::WebIdentity => self
                .entries
                .iter()
                .any(|(k, e)| *k == PrincipalKey::Federated && Some(e.as_str()) == p.federated_provider.as_deref()),
            PrincipalKind::Anonymous => false,
        }
    }
}

/// The account a principal value names when it names a whole account.
fn account_of(v: &str) -> Option<&str> {
    if is_account_id(v) {
        return Some(v);
    }
    let a = Arn::parse(v)?;
    (a.service == "iam" && a.resource == "root" && is_account_id(a.account)).then_some(a.account)
}

#[derive(Clone, Debug)]
struct CStatement {
    effect: Effect,
    label: String,
    index: usize,
    line: u32,
    column: u32,
    actions: ActionMatcher,
    resources: Option<ResourceMatcher>,
    principal: Option<PrincipalMatcher>,
    conditions: Vec<CompiledCondition>,
}

/// A policy compiled for fast evaluation: actions lowercased and indexed by service,
/// resource patterns and condition values pre-parsed.
#[derive(Clone, Debug)]
pub struct CompiledPolicy {
    name: String,
    policy: Policy,
    statements: Vec<CStatement>,
}

impl CompiledPolicy {
    /// Parse and compile a policy document.
    pub fn from_json(name: &str, text: &str) -> Result<CompiledPolicy, CompileError> {
        let p = parse_policy(text)?;
        CompiledPolicy::compile(name, p)
    }

    /// Compile a parsed policy.
    pub fn compile(name: &str, policy: Policy) -> Result<CompiledPolicy, CompileError> {
        let vars = policy.variables_enabled();
        let mut statements = Vec::with_capacity(policy.statements.len());
        for s in &policy.statements {
            statements.push(compile_statement(s, vars)?);
        }
        Ok(CompiledPolicy { name: name.to_string(), policy, statements })
    }

    /// The name given at compile time (file name, policy ARN …).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The parsed document.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Whether some `Allow` statement's `Action`/`NotAction` covers `action`, whatever
    /// its resources, principal and conditions: a cheap upper bound that lets an
    /// analysis skip principals that can never be allowed an action.
    pub fn may_allow(&self, action: &str) -> bool {
        let lower = action.to_ascii_lowercase();
        let Some((svc, name)) = lower.split_once(':') else { return false };
        self.statements.iter().any(|s| s.effect == Effect::Allow && s.actions.matches(svc, name))
    }

    /// Whether some `Allow` statement's `Principal` (or `NotPrincipal`) may apply to
    /// `principal`, whatever the action, resource and conditions; a statement without
    /// a principal counts as applying. A cheap upper bound: a caller from another
    /// account no statement names is never allowed by a resource policy.
    pub fn may_name(&self, principal: &PrincipalInfo) -> bool {
        self.statements
            .iter()
            .any(|s| s.effect == Effect::Allow && s.principal.as_ref().is_none_or(|pm| pm.grant(principal).is_some()))
    }

    /// Whether the policy has any `Deny` statement (an analysis must then evaluate
    /// rather than assume).
    pub fn has_deny(&self) -> bool {
        self.statements.iter().any(|s| s.effect == Effect::Deny)
    }
}

fn compile_statement(s: &Statement, vars: bool) -> Result<CStatement, CompileError> {
    let actions = match &s.action {
        Some(a) => {
            let items: Vec<&str> = a.items.iter().map(|i| i.value.as_str()).collect();
            ActionMatcher::new(a.negated, &items)
        }
        None => ActionMatcher::new(false, &[]),
    };
    let resources = s.resource.as_ref().map(|r| ResourceMatcher {
        negated: r.negated,
        pats: r
            .items
            .iter()
            .map(|i| {
                if vars && variables::has_variable(&i.value) {
                    let mut probs = Vec::new();
                    let parts = variables::parse(&i.value, &mut probs);
                    if parts.iter().any(|p| !matches!(p, Part::Text(_))) {
                        return ResourcePat::Template(parts);
                    }
                }
                ResourcePat::Fixed(ArnPattern::new(&i.value))
            })
            .collect(),
    });
    let principal = s.principal.as_ref().map(|p| PrincipalMatcher {
        negated: p.negated,
        any: p.any,
        entries: p.entries.iter().map(|e| (e.key, e.value.value.clone())).collect(),
    });
    let mut conditions = Vec::with_capacity(s.conditions.len());
    for c in &s.conditions {
        let Some(op) = Operator::parse(&c.operator.value) else {
            return Err(CompileError::UnknownOperator {
                operator: c.operator.value.clone(),
                path: c.operator.path.clone(),
                line: c.operator.loc.line,
                column: c.operator.loc.column,
            });
        };
        let values: Vec<&str> = c.values.iter().map(|v| v.value.text.as_str()).collect();
        conditions.push(CompiledCondition::new(op, &c.key.value, &values, vars));
    }
    Ok(CStatement {
        effect: s.effect.value,
        label: s.label(),
        index: s.index,
        line: s.loc.line,
        column: s.loc.column,
        actions,
        resources,
        principal,
        conditions,
    })
}

/// The three outcomes of an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Access is allowed.
    Allowed,
    /// An applicable `Deny` statement matched.
    ExplicitDeny,
    /// Nothing (or not every required policy) allowed.
    ImplicitDeny,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outcome::Allowed => "allowed",
            Outcome::ExplicitDeny => "explicit deny",
            Outcome::ImplicitDeny => "implicit deny",
        })
    }
}

/// A statement that took part in a decision.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StatementRef {
    /// Which policy slot.
    pub kind: PolicyKind,
    /// The policy's name.
    pub policy: String,
    /// The Sid, or `#index`.
    pub statement: String,
    /// Index in the policy's statements.
    pub index: usize,
    /// Line of the statement.
    pub line: u32,
    /// Column of the statement.
    pub column: u32,
    /// The statement's effect.
    pub effect: Effect,
}

/// A statement that matched action, resource and principal but whose condition failed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConditionMiss {
    /// The statement.
    pub statement: StatementRef,
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
    /// Whether the key was present in the request.
    pub key_present: bool,
}

/// An explained decision.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Decision {
    /// The outcome.
    pub outcome: Outcome,
    /// One sentence saying why.
    pub reason: String,
    /// Statements that matched (Allow and Deny).
    pub matched: Vec<StatementRef>,
    /// Statements that would have matched but for a condition.
    pub condition_misses: Vec<ConditionMiss>,
}

#[derive(Default, Clone, Copy)]
struct Scan {
    allow: bool,
    deny: bool,
    grant: Option<Grant>,
}

#[derive(Default)]
struct Trace {
    matched: Vec<StatementRef>,
    misses: Vec<ConditionMiss>,
}

fn sref(kind: PolicyKind, p: &CompiledPolicy, s: &CStatement) -> StatementRef {
    StatementRef {
        kind,
        policy: p.name.clone(),
        statement: s.label.clone(),
        index: s.index,
        line: s.line,
        column: s.column,
        effect: s.effect,
    }
}

fn scan_policy(
    p: &CompiledPolicy,
    kind: PolicyKind,
    req: &Request,
    parsed: Option<&Arn<'_>>,
    has_boundary: bool,
    mut trace: Option<&mut Trace>,
) -> Scan {
    let mut out = Scan::default();
    let svc = req.action_service.as_str();
    let name = req.action_name.as_str();
    for s in &p.statements {
        if !s.actions.matches(svc, name) {
            continue;
        }
        if let Some(r) = &s.resources
            && r.listed(req, parsed) == r.negated
        {
            continue;
        }
        let grant = match &s.principal {
            Some(pm) => {
                // "NotPrincipal with Deny" always applies to a principal with a boundary.
                if pm.negated && s.effect == Effect::Deny && has_boundary {
                    Some(Grant::Everyone)
                } else {
                    match pm.grant(&req.principal) {
                        Some(g) => Some(g),
                        None => continue,
                    }
                }
            }
            None => None,
        };
        if let Some(i) = s.conditions.iter().position(|c| !c.eval(&req.context)) {
            if let Some(t) = trace.as_deref_mut()
                && let Some(c) = s.conditions.get(i)
            {
                t.misses.push(ConditionMiss {
                    statement: sref(kind, p, s),
                    operator: c.op_text(),
                    key: c.key.clone(),
                    key_present: req.context.get(c.key_lower()).is_some(),
                });
            }
            continue;
        }
        if let Some(t) = trace.as_deref_mut() {
            t.matched.push(sref(kind, p, s));
        }
        match s.effect {
            Effect::Deny => {
                out.deny = true;
                if trace.is_none() {
                    return out;
                }
            }
            Effect::Allow => {
                out.allow = true;
                if grant > out.grant {
                    out.grant = grant;
                }
            }
        }
    }
    out
}

impl CompiledCondition {
    fn op_text(&self) -> String {
        let mut s = String::new();
        match self.op.qualifier {
            Some(crate::condition::SetQualifier::ForAllValues) => s.push_str("ForAllValues:"),
            Some(crate::condition::SetQualifier::ForAnyValue) => s.push_str("ForAnyValue:"),
            None => {}
        }
        s.push_str(self.op.base.name());
        if self.op.if_exists {
            s.push_str("IfExists");
        }
        s
    }
}

/// The policies that apply to one request: the caller's identity policies, boundary
/// and session policies, the organization's SCPs (caller's account) and RCPs
/// (resource's account) level by level, and the resource's policy.
#[derive(Clone, Debug, Default)]
pub struct PolicySet {
    /// Identity-based policies (user, its groups; or role).
    pub identity: Vec<Arc<CompiledPolicy>>,
    /// The permissions boundary, if one is set.
    pub boundary: Option<Arc<CompiledPolicy>>,
    /// Session policies; `Some` when the session was created with any.
    pub session: Option<Vec<Arc<CompiledPolicy>>>,
    /// SCPs per level (root, OUs…, account); each level must allow. Empty: no
    /// Organizations.
    pub scp_levels: Vec<Vec<Arc<CompiledPolicy>>>,
    /// RCPs per level; each level must allow. Empty: no RCPs.
    pub rcp_levels: Vec<Vec<Arc<CompiledPolicy>>>,
    /// The resource-based policy (trust policy for a role, key policy …).
    pub resource: Option<Arc<CompiledPolicy>>,
}

struct Eval<'a> {
    set: &'a PolicySet,
    req: &'a Request,
}

impl PolicySet {
    /// The outcome only (the fast path: no allocation, stops at the first Deny).
    pub fn decide(&self, req: &Request) -> Outcome {
        Eval { set: self, req }.run(None).0
    }

    /// The outcome with its explanation.
    pub fn evaluate(&self, req: &Request) -> Decision {
        let mut t = Trace::default();
        let (outcome, reason) = Eval { set: self, req }.run(Some(&mut t));
        Decision { outcome, reason, matched: t.matched, condition_misses: t.misses }
    }
}

impl Eval<'_> {
    fn run(&self, mut trace: Option<&mut Trace>) -> (Outcome, String) {
        let req = self.req;
        let set = self.set;
        let p = &req.principal;
        let parsed = Arn::parse(&req.resource.arn);
        let parsed = parsed.as_ref();
        let has_boundary = set.boundary.is_some();
        let explain = trace.is_some();
        let msg = |s: &str| if explain { s.to_string() } else { String::new() };

        let org_member_principal =
            !matches!(p.kind, PrincipalKind::Service | PrincipalKind::Anonymous) && !p.management_account && !p.service_linked_role;
        let scp_applies = org_member_principal && !set.scp_levels.is_empty();
        let rcp_applies = !req.resource.management_account && !p.service_linked_role && !set.rcp_levels.is_empty();
        let identity_side = !matches!(p.kind, PrincipalKind::Service | PrincipalKind::Anonymous | PrincipalKind::WebIdentity);

        let mut deny = false;
        let mut scan = |pol: &CompiledPolicy, kind: PolicyKind, trace: Option<&mut Trace>| -> Scan {
            let s = scan_policy(pol, kind, req, parsed, has_boundary, trace);
            deny |= s.deny;
            s
        };

        // Deny evaluation over every applicable policy; allows are gathered on the way.
        let mut scp_ok = true;
        if scp_applies {
            for level in &set.scp_levels {
                let mut any = false;
                for pol in level {
                    any |= scan(pol, PolicyKind::Scp, trace.as_deref_mut()).allow;
                }
                scp_ok &= any;
            }
        }
        let mut rcp_ok = true;
        if rcp_applies {
            for level in &set.rcp_levels {
                let mut any = false;
                for pol in level {
                    any |= scan(pol, PolicyKind::Rcp, trace.as_deref_mut()).allow;
                }
                rcp_ok &= any;
            }
        }
        let res = match &set.resource {
            Some(pol) => scan(pol, PolicyKind::Resource, trace.as_deref_mut()),
            None => Scan::default(),
        };
        let mut identity_ok = false;
        let mut boundary_ok = true;
        let mut session_ok = true;
        if identity_side {
            for pol in &set.identity {
                identity_ok |= scan(pol, PolicyKind::Identity, trace.as_deref_mut()).allow;
            }
            if let Some(b) = &set.boundary {
                boundary_ok = scan(b, PolicyKind::Boundary, trace.as_deref_mut()).allow;
            }
            match &set.session {
                Some(pols) => {
                    session_ok = false;
                    for pol in pols {
                        session_ok |= scan(pol, PolicyKind::Session, trace.as_deref_mut()).allow;
                    }
                }
                None => session_ok = p.kind != PrincipalKind::FederatedUser,
            }
        }
        if deny {
            return (Outcome::ExplicitDeny, msg("an applicable Deny statement matched"));
        }
        if !rcp_ok {
            return (Outcome::ImplicitDeny, msg("a level of the resource control policies does not allow the action"));
        }
        if !scp_ok {
            return (Outcome::ImplicitDeny, msg("a level of the service control policies does not allow the action"));
        }
        if !identity_side || p.kind == PrincipalKind::Root {
            if p.kind == PrincipalKind::Root && req.resource_account() == p.account && !req.resource.requires_resource_policy {
                return (Outcome::Allowed, msg("the account root user has full access to its own account's resources"));
            }
            return if res.allow {
                (Outcome::Allowed, msg("the resource-based policy allows the caller"))
            } else {
                (Outcome::ImplicitDeny, msg("no resource-based policy statement allows the caller"))
            };
        }
        let identity_chain = identity_ok && boundary_ok && session_ok;
        let chain_reason = || {
            if !identity_ok {
                "no identity-based policy allows the action"
            } else if !boundary_ok {
                "the permissions boundary does not allow the action"
            } else {
                "the session policy does not allow the action (or a federated session has none)"
            }
        };
        let same_account = req.resource_account() == p.account;
        if same_account {
            let direct = match res.grant {
                Some(g) if g.alone() => true,
                Some(Grant::Role | Grant::FederatingUser) => boundary_ok && session_ok,
                _ => false,
            };
            if req.resource.requires_resource_policy {
                return match res.grant {
                    Some(_) if direct => (Outcome::Allowed, msg("the resource-based policy allows the caller")),
                    Some(Grant::Account) if identity_chain => (
                        Outcome::Allowed,
                        msg("the resource-based policy delegates to the account and identity policies allow"),
                    ),
                    Some(_) => (Outcome::ImplicitDeny, msg(chain_reason())),
                    None => (
                        Outcome::ImplicitDeny,
                        msg("this resource requires its resource-based policy to allow, and it does not"),
                    ),
                };
            }
            if direct {
                return (Outcome::Allowed, msg("the same-account resource-based policy allows the caller"));
            }
            if identity_chain {
                return (Outcome::Allowed, msg("identity-based policies allow, and no boundary or session policy limits"));
            }
            (Outcome::ImplicitDeny, msg(chain_reason()))
        } else {
            if !identity_chain {
                return (Outcome::ImplicitDeny, msg(chain_reason()));
            }
            if !res.allow {
                return (
                    Outcome::ImplicitDeny,
                    msg("cross-account: the resource-based policy of the other account does not allow the caller"),
                );
            }
            (Outcome::Allowed, msg("cross-account: both the identity side and the resource-based policy allow"))
        }
    }
}

/// Compile a policy for use in a set (convenience).
pub fn compiled(name: &str, text: &str) -> Result<Arc<CompiledPolicy>, CompileError> {
    CompiledPolicy::from_json(name, text).map(Arc::new)
}

impl Request {
    /// Replace the action, keeping everything else (cheap re-use of one request to
    /// evaluate many actions).
    pub fn set_action(&mut self, action: &str) -> Result<(), crate::request::RequestError> {
        let Some((svc, name)) = action.split_once(':').filter(|(s, n)| !s.is_empty() && !n.is_empty()) else {
            return Err(crate::request::RequestError::InvalidAction { action: action.to_string() });
        };
        self.action.clear();
        self.action.push_str(action);
        self.action_service.clear();
        self.action_service.push_str(svc);
        self.action_service.make_ascii_lowercase();
        self.action_name.clear();
        self.action_name.push_str(name);
        self.action_name.make_ascii_lowercase();
        Ok(())
    }
}

/// Names of statements: helper for reports (`Sid` or `#index`).
pub fn statement_labels(p: &CompiledPolicy) -> Vec<String> {
    p.statements.iter().map(|s| s.label.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Context, PrincipalInfo, ResourceInfo};

    fn req(principal: &str, action: &str, resource: &str) -> Request {
        Request::new(PrincipalInfo::from_arn(principal).unwrap(), action, ResourceInfo::new(resource), Context::new())
            .unwrap()
    }

    #[test]
    fn basic_allow_and_deny() {
        let id = compiled(
            "id",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"},
                {"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret/*"}]}"#,
        )
        .unwrap();
        let set = PolicySet { identity: vec![id], ..PolicySet::default() };
        let u = "arn:aws:iam::111122223333:user/bob";
        assert_eq!(set.decide(&req(u, "S3:getobject", "arn:aws:s3:::b/x")), Outcome::Allowed);
        assert_eq!(set.decide(&req(u, "s3:GetObject", "arn:aws:s3:::b/secret/x")), Outcome::ExplicitDeny);
        assert_eq!(set.decide(&req(u, "s3:PutObject", "arn:aws:s3:::b/x")), Outcome::ImplicitDeny);
        let d = set.evaluate(&req(u, "s3:GetObject", "arn:aws:s3:::b/secret/x"));
        assert_eq!(d.matched.len(), 2);
    }

    #[test]
    fn may_name_is_an_upper_bound_on_the_principals_a_policy_lets_in() {
        let p = |arn: &str| PrincipalInfo::from_arn(arn).unwrap();
        let own = compiled(
            "key",
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},
                {"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}]}"#,
        )
        .unwrap();
        assert!(own.may_name(&p("arn:aws:iam::111122223333:user/bob")));
        assert!(!own.may_name(&p("arn:aws:iam::444455556666:user/eve")), "a Deny names no one in");
        assert!(!own.may_name(&p("*")));
        let open = compiled("q", r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"}]}"#).unwrap();
        assert!(open.may_name(&p("*")) && open.may_name(&p("arn:aws:iam::444455556666:user/eve")));
        let not = compiled(
            "t",
            r#"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sns:*","Resource":"*"}]}"#,
        )
        .unwrap();
        assert!(not.may_name(&p("arn:aws:iam::444455556666:user/eve")), "NotPrincipal lets in whoever it does not exempt");
        let role = compiled(
            "trust",
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/ci"},"Action":"sts:AssumeRole"}]}"#,
        )
        .unwrap();
        assert!(role.may_name(&p("arn:aws:sts::444455556666:assumed-role/ci/session")));
        assert!(!role.may_name(&p("arn:aws:sts::444455556666:assumed-role/other/session")));
    }
}
