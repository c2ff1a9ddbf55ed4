//! The request an evaluation answers: who (principal), what (action), on which
//! resource, and the condition-key context.

use crate::arn::{Arn, is_account_id};
use std::borrow::Cow;
use std::net::IpAddr;

/// An error building a request or context value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The action is not `service:Action`.
    #[error("invalid action {action:?}: expected service:Action")]
    InvalidAction {
        /// The action given.
        action: String,
    },
    /// A principal ARN that cannot be understood.
    #[error("invalid principal {principal:?}: expected {expected}")]
    InvalidPrincipal {
        /// The principal given.
        principal: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// A context assignment that cannot be parsed.
    #[error("invalid context value {input:?}: expected {expected}")]
    InvalidContext {
        /// The assignment given.
        input: String,
        /// What is accepted.
        expected: &'static str,
    },
}

/// A typed condition-key value.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum ContextValue {
    /// A string.
    String(String),
    /// A number (integer or decimal).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date-time, as milliseconds since the Unix epoch (UTC).
    Date(i64),
    /// An IPv4 or IPv6 address.
    Ip(IpAddr),
    /// Bytes.
    Binary(Vec<u8>),
}

impl ContextValue {
    /// The value as a string (how string operators see it).
    pub fn as_str(&self) -> Cow<'_, str> {
        match self {
            ContextValue::String(s) => Cow::Borrowed(s),
            ContextValue::Number(n) => Cow::Owned(format_number(*n)),
            ContextValue::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            ContextValue::Date(ms) => Cow::Owned(format_date(*ms)),
            ContextValue::Ip(ip) => Cow::Owned(ip.to_string()),
            ContextValue::Binary(b) => Cow::Owned(base64_encode(b)),
        }
    }

    /// The value as a number, if it is one or a string that parses as one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            ContextValue::Number(n) => Some(*n),
            ContextValue::String(s) => parse_number(s),
            _ => None,
        }
    }

    /// The value as a date (ms since epoch).
    pub fn as_date(&self) -> Option<i64> {
        match self {
            ContextValue::Date(d) => Some(*d),
            ContextValue::Number(n) if n.is_finite() => Some((*n * 1000.0) as i64),
            ContextValue::String(s) => parse_date(s),
            _ => None,
        }
    }

    /// The value as a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ContextValue::Bool(b) => Some(*b),
            ContextValue::String(s) => parse_bool(s),
            _ => None,
        }
    }

    /// The value as an IP address.
    pub fn as_ip(&self) -> Option<IpAddr> {
        match self {
            ContextValue::Ip(ip) => Some(*ip),
            ContextValue::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as bytes (a string is read as base64).
    pub fn as_binary(&self) -> Option<Cow<'_, [u8]>> {
        match self {
            ContextValue::Binary(b) => Some(Cow::Borrowed(b)),
            ContextValue::String(s) => base64_decode(s).map(Cow::Owned),
            _ => None,
        }
    }

    /// Parse a typed value from the command-line form: `TYPE:VALUE` where TYPE is
    /// `string`, `number`, `bool`, `date`, `ip` or `binary` (base64); a `…List` type
    /// (e.g. `stringList:a,b`) gives several values.
    pub fn parse_typed(spec: &str) -> Result<(Vec<ContextValue>, bool), RequestError> {
        let bad = |expected| RequestError::InvalidContext { input: spec.to_string(), expected };
        let (ty, value) = spec.split_once(':').ok_or_else(|| bad("TYPE:VALUE"))?;
        let (base, multi) = match ty.strip_suffix("List").or_else(|| ty.strip_suffix("list")) {
            Some(b) => (b, true),
            None => (ty, false),
        };
        let items: Vec<&str> = if multi {
            if value.is_empty() { Vec::new() } else { value.split(',').collect() }
        } else {
            vec![value]
        };
        let mut out = Vec::with_capacity(items.len());
        for v in items {
            let cv = match base.to_ascii_lowercase().as_str() {
                "string" | "str" => ContextValue::String(v.to_string()),
                "number" | "numeric" => ContextValue::Number(parse_number(v).ok_or_else(|| bad("a number"))?),
                "bool" | "boolean" => ContextValue::Bool(parse_bool(v).ok_or_else(|| bad("true or false"))?),
                "date" => ContextValue::Date(parse_date(v).ok_or_else(|| bad("an ISO 8601 date or epoch seconds"))?),
                "ip" => ContextValue::Ip(v.trim().parse().map_err(|_| bad("an IP address"))?),
                "binary" => ContextValue::Binary(base64_decode(v).ok_or_else(|| bad("base64"))?),
                _ => return Err(bad("a type: string, number, bool, date, ip, binary (or …List)")),
            };
            out.push(cv);
        }
        Ok((out, multi))
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// Parse a number as the Numeric operators do (integers and decimals).
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')) {
        return None;
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Parse a boolean (`true`/`false`, case-insensitive).
pub fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn format_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", t / 3600, (t / 60) % 60, t % 60)
}

fn num(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// Parse a date as the Date operators do: W3C ISO 8601 (`2020-01-01`,
/// `2020-01-01T12:00:00Z`, with fractions and offsets) or epoch seconds. Returns
/// milliseconds since the epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty() && s.len() <= 12 && s.bytes().enumerate().all(|(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-'))
    {
        return s.parse::<i64>().ok().map(|v| v.saturating_mul(1000));
    }
    let date = s.get(..10)?;
    let y = num(date.get(..4)?, 4)?;
    if date.get(4..5)? != "-" || date.get(7..8)? != "-" {
        return None;
    }
    let mo = num(date.get(5..7)?, 2)?;
    let d = num(date.get(8..10)?, 2)?;
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, mo, d) * 86_400_000;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(ms);
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix('t'))?;
    let h = num(rest.get(..2)?, 2)?;
    if rest.get(2..3)? != ":" {
        return None;
    }
    let mi = num(rest.get(3..5)?, 2)?;
    let mut tail = rest.get(5..)?;
    let mut sec = 0;
    if let Some(t) = tail.strip_prefix(':') {
        sec = num(t.get(..2)?, 2)?;
        tail = t.get(2..)?;
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut frac_ms = 0;
    if let Some(t) = tail.strip_prefix('.') {
        let n = t.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let digits = t.get(..n)?;
        let first3: String = digits.chars().chain("000".chars()).take(3).collect();
        frac_ms = first3.parse::<i64>().ok()?;
        tail = t.get(n..)?;
    }
    let offset_min = match tail {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match tail.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let oh = num(tail.get(1..3)?, 2)?;
            let om_str = tail.get(3..)?;
            let om = num(om_str.strip_prefix(':').unwrap_or(om_str), 2)?;
            sign * (oh * 60 + om)
        }
    };
    ms += ((h * 60 + mi - offset_min) * 60 + sec) * 1000 + frac_ms;
    Some(ms)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encode bytes as standard base64 with padding.
pub fn base64_encode(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let v = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((v >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decode standard base64 (padding optional); `None` if not base64.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    if bits >= 6 {
        return None;
    }
    Some(out)
}

/// One condition key's values in the request.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ContextEntry {
    /// The values (one for a single-valued key).
    pub values: Vec<ContextValue>,
    /// Whether the key is multivalued (an `ArrayOf…` key), even with one value.
    pub multi: bool,
}

/// The request context: condition keys (case-insensitive names) and their values.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Context {
    entries: Vec<(String, ContextEntry)>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// Set a single-valued key.
    pub fn set(&mut self, key: &str, value: ContextValue) -> &mut Self {
        self.set_entry(key, ContextEntry { values: vec![value], multi: false })
    }

    /// Set a single string value.
    pub fn set_str(&mut self, key: &str, value: &str) -> &mut Self {
        self.set(key, ContextValue::String(value.to_string()))
    }

    /// Set a multivalued key (possibly empty).
    pub fn set_multi(&mut self, key: &str, values: Vec<ContextValue>) -> &mut Self {
        self.set_entry(key, ContextEntry { values, multi: true })
    }

    /// Set a key's entry.
    pub fn set_entry(&mut self, key: &str, entry: ContextEntry) -> &mut Self {
        let k = key.to_lowercase();
        match self.entries.binary_search_by(|(e, _)| e.as_str().cmp(&k)) {
            Ok(i) => {
                if let Some(slot) = self.entries.get_mut(i) {
                    slot.1 = entry;
                }
            }
            Err(i) => self.entries.insert(i, (k, entry)),
        }
        self
    }

    /// Remove a key.
    pub fn remove(&mut self, key: &str) {
        let k = key.to_lowercase();
        if let Ok(i) = self.entries.binary_search_by(|(e, _)| e.as_str().cmp(&k)) {
            self.entries.remove(i);
        }
    }

    /// Whether a key is set.
    pub fn contains(&self, key: &str) -> bool {
        self.get(&key.to_lowercase()).is_some()
    }

    /// Look up a key by its *lowercased* name.
    #[inline]
    pub fn get(&self, key_lower: &str) -> Option<&ContextEntry> {
        self.entries
            .binary_search_by(|(e, _)| e.as_str().cmp(key_lower))
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, e)| e)
    }

    /// The single value of a key usable as a policy variable (`None` when absent or
    /// multivalued).
    pub fn variable(&self, key_lower: &str) -> Option<Cow<'_, str>> {
        let e = self.get(key_lower)?;
        if e.multi || e.values.len() != 1 {
            return None;
        }
        e.values.first().map(ContextValue::as_str)
    }

    /// All entries, by lowercased key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextEntry)> {
        self.entries.iter().map(|(k, e)| (k.as_str(), e))
    }

    /// Parse `key=TYPE:VALUE` (see [`ContextValue::parse_typed`]) and set it.
    pub fn set_assignment(&mut self, assignment: &str) -> Result<(), RequestError> {
        let (key, spec) = assignment.split_once('=').ok_or_else(|| RequestError::InvalidContext {
            input: assignment.to_string(),
            expected: "key=TYPE:VALUE",
        })?;
        let (values, multi) = ContextValue::parse_typed(spec)?;
        self.set_entry(key.trim(), ContextEntry { values, multi });
        Ok(())
    }
}

/// What kind of principal makes the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// The account root user.
    Root,
    /// An IAM user.
    User,
    /// A role session (`arn:aws:sts::…:assumed-role/R/S`); also used when only the
    /// role's ARN is known.
    AssumedRole,
    /// A federated user session from `GetFederationToken`.
    FederatedUser,
    /// A web-identity or SAML session (`AssumeRoleWith…`) before it assumes the role
    /// (the caller in a trust policy's `Federated` principal).
    WebIdentity,
    /// An AWS service principal (`lambda.amazonaws.com`).
    Service,
    /// An unauthenticated caller.
    Anonymous,
}

impl PrincipalKind {
    /// The `aws:PrincipalType` value.
    pub fn principal_type(self) -> &'static str {
        match self {
            PrincipalKind::Root => "Account",
            PrincipalKind::User => "User",
            PrincipalKind::AssumedRole => "AssumedRole",
            PrincipalKind::FederatedUser => "FederatedUser",
            PrincipalKind::WebIdentity => "WebIdentityUser",
            PrincipalKind::Service => "Service",
            PrincipalKind::Anonymous => "Anonymous",
        }
    }
}

/// Who makes the request.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PrincipalInfo {
    /// The caller's ARN (session ARN for a role session; service name for a service).
    pub arn: String,
    /// The caller's account (empty for services and anonymous callers).
    pub account: String,
    /// The kind of principal.
    pub kind: PrincipalKind,
    /// For a role session: the role's ARN (with its path, if known).
    pub role_arn: Option<String>,
    /// For a federated user session: the ARN of the IAM user who called GetFederationToken.
    pub federating_user_arn: Option<String>,
    /// For a web-identity/SAML caller: the provider (`Federated` principal value).
    pub federated_provider: Option<String>,
    /// The unique id of the user or role (`AIDA…`/`AROA…`), matched by unique-id principals.
    pub unique_id: Option<String>,
    /// The S3 canonical user id, if known.
    pub canonical_user: Option<String>,
    /// Principal tags.
    pub tags: Vec<(String, String)>,
    /// The organization id of the caller's account.
    pub org_id: Option<String>,
    /// The organization paths of the caller's account (`o-…/r-…/ou-…/`).
    pub org_paths: Vec<String>,
    /// Whether the caller's account is the organization's management account (SCPs do
    /// not apply).
    pub management_account: bool,
    /// Whether the caller is a service-linked role (SCPs and RCPs do not apply).
    pub service_linked_role: bool,
}

impl PrincipalInfo {
    fn base(arn: &str, account: &str, kind: PrincipalKind) -> PrincipalInfo {
        PrincipalInfo {
            arn: arn.to_string(),
            account: account.to_string(),
            kind,
            role_arn: None,
            federating_user_arn: None,
            federated_provider: None,
            unique_id: None,
            canonical_user: None,
            tags: Vec::new(),
            org_id: None,
            org_paths: Vec::new(),
            management_account: false,
            service_linked_role: false,
        }
    }

    /// Understand a principal from its ARN: `arn:aws:iam::A:root`, `…:user/…`,
    /// `…:role/…` (its sessions), `arn:aws:sts::A:assumed-role/R/S`,
    /// `arn:aws:sts::A:federated-user/N`; a bare 12-digit account means its root; a
    /// name ending in `.amazonaws.com` is a service; `anonymous` / `*` is anonymous.
    pub fn from_arn(text: &str) -> Result<PrincipalInfo, RequestError> {
        let bad = |expected| RequestError::InvalidPrincipal { principal: text.to_string(), expected };
        if text == "*" || text.eq_ignore_ascii_case("anonymous") {
            return Ok(PrincipalInfo::base("anonymous", "", PrincipalKind::Anonymous));
        }
        if is_account_id(text) {
            return Ok(PrincipalInfo::base(&format!("arn:aws:iam::{text}:root"), text, PrincipalKind::Root));
        }
        if text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
            return Ok(PrincipalInfo::base(text, "", PrincipalKind::Service));
        }
        let arn = Arn::parse(text).ok_or_else(|| bad("an IAM or STS ARN, an account id, a service name or anonymous"))?;
        if !is_account_id(arn.account) {
            return Err(bad("an ARN with a 12-digit account"));
        }
        let acct = arn.account;
        match (arn.service, arn.resource) {
            ("iam", "root") => Ok(PrincipalInfo::base(text, acct, PrincipalKind::Root)),
            ("iam", r) if r.starts_with("user/") => {
                let mut p = PrincipalInfo::base(text, acct, PrincipalKind::User);
                p.service_linked_role = false;
                Ok(p)
            }
            ("iam", r) if r.starts_with("role/") => {
                let mut p = PrincipalInfo::base(text, acct, PrincipalKind::AssumedRole);
                p.role_arn = Some(text.to_string());
                p.service_linked_role = r.starts_with("role/aws-service-role/");
                Ok(p)
            }
            ("sts", r) if r.starts_with("assumed-role/") => {
                let mut parts = r.splitn(3, '/');
                let _ = parts.next();
                let role = parts.next().filter(|s| !s.is_empty()).ok_or_else(|| bad("assumed-role/ROLE/SESSION"))?;
                let _session = parts.next().ok_or_else(|| bad("assumed-role/ROLE/SESSION"))?;
                let mut p = PrincipalInfo::base(text, acct, PrincipalKind::AssumedRole);
                p.role_arn = Some(format!("arn:{}:iam::{acct}:role/{role}", arn.partition));
                Ok(p)
            }
            ("sts", r) if r.starts_with("federated-user/") => {
                Ok(PrincipalInfo::base(text, acct, PrincipalKind::FederatedUser))
            }
            _ => Err(bad("an IAM user, role, root, or STS session ARN")),
        }
    }

    /// The IAM user name (for `aws:username`), if the caller is an IAM user.
    pub fn user_name(&self) -> Option<&str> {
        if self.kind != PrincipalKind::User {
            return None;
        }
        self.arn.rsplit('/').next()
    }

    /// The value of `aws:PrincipalArn`: the role ARN for a role session.
    pub fn principal_arn(&self) -> &str {
        match (&self.kind, &self.role_arn) {
            (PrincipalKind::AssumedRole, Some(r)) => r,
            _ => &self.arn,
        }
    }
}

/// The resource a request acts on.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ResourceInfo {
    /// The resource ARN (or `*` for actions without a resource).
    pub arn: String,
    /// The owning account, if known (taken from the ARN when it has one).
    pub account: Option<String>,
    /// Resource tags.
    pub tags: Vec<(String, String)>,
    /// The organization id of the owning account.
    pub org_id: Option<String>,
    /// The organization paths of the owning account.
    pub org_paths: Vec<String>,
    /// Whether the owning account is the organization's management account (RCPs do
    /// not apply).
    pub management_account: bool,
    /// Whether the resource policy itself must allow (role trust policies, KMS key
    /// policies): an identity-policy Allow alone is not enough.
    pub requires_resource_policy: bool,
}

impl ResourceInfo {
    /// A resource from its ARN.
    pub fn new(arn: &str) -> ResourceInfo {
        let account = Arn::parse(arn).map(|a| a.account).filter(|a| !a.is_empty()).map(str::to_string);
        ResourceInfo {
            arn: arn.to_string(),
            account,
            tags: Vec::new(),
            org_id: None,
            org_paths: Vec::new(),
            management_account: false,
            requires_resource_policy: false,
        }
    }
}

/// A request to authorize.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Request {
    /// The caller.
    pub principal: PrincipalInfo,
    /// The action as given (`s3:GetObject`).
    pub action: String,
    /// The resource.
    pub resource: ResourceInfo,
    /// The condition-key context, including keys derived from the principal and
    /// resource (`aws:PrincipalArn`, `aws:username`, `aws:ResourceTag/…`) unless set
    /// explicitly.
    pub context: Context,
    #[serde(skip)]
    pub(crate) action_service: String,
    #[serde(skip)]
    pub(crate) action_name: String,
}

impl Request {
    /// Build a request; the context is completed with the keys AWS derives from the
    /// principal and the resource, unless the given context sets them already.
    pub fn new(
        principal: PrincipalInfo,
        action: &str,
        resource: ResourceInfo,
        context: Context,
    ) -> Result<Request, RequestError> {
        let lower = action.to_ascii_lowercase();
        let (svc, name) = lower
            .split_once(':')
            .filter(|(s, n)| !s.is_empty() && !n.is_empty())
            .ok_or_else(|| RequestError::InvalidAction { action: action.to_string() })?;
        let (action_service, action_name) = (svc.to_string(), name.to_string());
        let mut req = Request { principal, action: action.to_string(), resource, context, action_service, action_name };
        req.derive_keys();
        Ok(req)
    }

    /// The action's service prefix, lowercased.
    pub fn action_service(&self) -> &str {
        &self.action_service
    }

    /// The action's name, lowercased.
    pub fn action_name(&self) -> &str {
        &self.action_name
    }

    /// The resource's account, or the principal's when the resource does not say.
    pub fn resource_account(&self) -> &str {
        self.resource.account.as_deref().unwrap_or(&self.principal.account)
    }

    fn derive_keys(&mut self) {
        let p = &self.principal;
        let mut add: Vec<(String, ContextEntry)> = Vec::new();
        let single = |v: &str| ContextEntry { values: vec![ContextValue::String(v.to_string())], multi: false };
        if p.kind != PrincipalKind::Anonymous && p.kind != PrincipalKind::Service {
            add.push(("aws:PrincipalArn".into(), single(p.principal_arn())));
            add.push(("aws:PrincipalAccount".into(), single(&p.account)));
            add.push(("aws:PrincipalType".into(), single(p.kind.principal_type())));
            if let Some(org) = &p.org_id {
                add.push(("aws:PrincipalOrgID".into(), single(org)));
            }
            if !p.org_paths.is_empty() {
                add.push((
                    "aws:PrincipalOrgPaths".into(),
                    ContextEntry {
                        values: p.org_paths.iter().map(|s| ContextValue::String(s.clone())).collect(),
                        multi: true,
                    },
                ));
            }
            for (k, v) in &p.tags {
                add.push((format!("aws:PrincipalTag/{k}"), single(v)));
            }
            if let Some(u) = p.user_name() {
                add.push(("aws:username".into(), single(u)));
            }
            match (&p.kind, &p.unique_id) {
                (PrincipalKind::Root, _) => add.push(("aws:userid".into(), single(&p.account))),
                (PrincipalKind::AssumedRole, Some(id)) => {
                    let session = p.arn.rsplit('/').next().unwrap_or("");
                    add.push(("aws:userid".into(), single(&format!("{id}:{session}"))));
                }
                (_, Some(id)) => add.push(("aws:userid".into(), single(id))),
                _ => {}
            }
            add.push((
                "aws:PrincipalIsAWSService".into(),
                ContextEntry { values: vec![ContextValue::Bool(false)], multi: false },
            ));
        } else if p.kind == PrincipalKind::Service {
            add.push(("aws:PrincipalServiceName".into(), single(&p.arn)));
            add.push((
                "aws:PrincipalIsAWSService".into(),
                ContextEntry { values: vec![ContextValue::Bool(true)], multi: false },
            ));
        }
        let r = &self.resource;
        if let Some(a) = &r.account {
            add.push(("aws:ResourceAccount".into(), single(a)));
        }
        if let Some(o) = &r.org_id {
            add.push(("aws:ResourceOrgID".into(), single(o)));
        }
        if !r.org_paths.is_empty() {
            add.push((
                "aws:ResourceOrgPaths".into(),
                ContextEntry { values: r.org_paths.iter().map(|s| ContextValue::String(s.clone())).collect(), multi: true },
            ));
        }
        for (k, v) in &r.tags {
            add.push((format!("aws:ResourceTag/{k}"), single(v)));
        }
        for (k, e) in add {
            if !self.context.contains(&k) {
                self.context.set_entry(&k, e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(parse_date("86400"), Some(86_400_000));
        assert_eq!(parse_date("2020-01-01T01:00:00+01:00"), parse_date("2020-01-01T00:00:00Z"));
        assert_eq!(parse_date("2020-01-01T00:00:00.5Z"), parse_date("2020-01-01").map(|d| d + 500));
        assert_eq!(parse_date("2020-13-01"), None);
        assert_eq!(format_date(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn base64_roundtrip() {
        for s in [&b""[..], b"a", b"ab", b"abc", b"abcd"] {
            assert_eq!(base64_decode(&base64_encode(s)).as_deref(), Some(s));
        }
        assert_eq!(base64_decode("QmluYXJ5VmFsdWU="), Some(b"BinaryValue".to_vec()));
        assert_eq!(base64_decode("!!"), None);
    }

    #[test]
    fn principals() {
        let p = PrincipalInfo::from_arn("arn:aws:sts::111122223333:assumed-role/Dev/alice").unwrap();
        assert_eq!(p.role_arn.as_deref(), Some("arn:aws:iam::111122223333:role/Dev"));
        assert_eq!(p.principal_arn(), "arn:aws:iam::111122223333:role/Dev");
        let u = PrincipalInfo::from_arn("arn:aws:iam::111122223333:user/path/bob").unwrap();
        assert_eq!(u.user_name(), Some("bob"));
        assert!(PrincipalInfo::from_arn("nonsense").is_err());
    }
}
