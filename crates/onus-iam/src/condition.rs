//! Condition operators and their evaluation.
//!
//! Rules (IAM User Guide, "Condition operators" and "Multivalued context keys"):
//! operators in a block AND together, keys under one operator AND together, values
//! for one key OR together — except negated operators, whose values combine as NOR.
//! An absent key makes a condition false, except for negated operators (true),
//! `…IfExists` (true) and `Null`. `ForAllValues:` is true when every request value
//! matches (also when the key is absent or empty); `ForAnyValue:` when at least one
//! does (false when absent or empty).

use crate::arn::{Arn, ArnPattern};
use crate::glob::Glob;
use crate::request::{Context, ContextEntry, ContextValue, parse_bool, parse_date, parse_number};
use crate::variables::{self, Part};
use std::net::IpAddr;

/// The operator family, without qualifier or `IfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[allow(missing_docs)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// The data type an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum ValueType {
    /// Strings.
    String,
    /// Numbers.
    Numeric,
    /// Dates.
    Date,
    /// Booleans.
    Bool,
    /// Base64 bytes.
    Binary,
    /// IP addresses / CIDRs.
    Ip,
    /// ARNs.
    Arn,
    /// `Null` (key presence).
    Null,
}

impl BaseOperator {
    /// All operators.
    pub const ALL: [BaseOperator; 27] = {
        use BaseOperator::*;
        [
            StringEquals,
            StringNotEquals,
            StringEqualsIgnoreCase,
            StringNotEqualsIgnoreCase,
            StringLike,
            StringNotLike,
            NumericEquals,
            NumericNotEquals,
            NumericLessThan,
            NumericLessThanEquals,
            NumericGreaterThan,
            NumericGreaterThanEquals,
            DateEquals,
            DateNotEquals,
            DateLessThan,
            DateLessThanEquals,
            DateGreaterThan,
            DateGreaterThanEquals,
            Bool,
            BinaryEquals,
            IpAddress,
            NotIpAddress,
            ArnEquals,
            ArnLike,
            ArnNotEquals,
            ArnNotLike,
            Null,
        ]
    };

    /// The name as written in policies.
    pub fn name(self) -> &'static str {
        use BaseOperator::*;
        match self {
            StringEquals => "StringEquals",
            StringNotEquals => "StringNotEquals",
            StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            StringLike => "StringLike",
            StringNotLike => "StringNotLike",
            NumericEquals => "NumericEquals",
            NumericNotEquals => "NumericNotEquals",
            NumericLessThan => "NumericLessThan",
            NumericLessThanEquals => "NumericLessThanEquals",
            NumericGreaterThan => "NumericGreaterThan",
            NumericGreaterThanEquals => "NumericGreaterThanEquals",
            DateEquals => "DateEquals",
            DateNotEquals => "DateNotEquals",
            DateLessThan => "DateLessThan",
            DateLessThanEquals => "DateLessThanEquals",
            DateGreaterThan => "DateGreaterThan",
            DateGreaterThanEquals => "DateGreaterThanEquals",
            Bool => "Bool",
            BinaryEquals => "BinaryEquals",
            IpAddress => "IpAddress",
            NotIpAddress => "NotIpAddress",
            ArnEquals => "ArnEquals",
            ArnLike => "ArnLike",
            ArnNotEquals => "ArnNotEquals",
            ArnNotLike => "ArnNotLike",
            Null => "Null",
        }
    }

    /// Whether the operator is a negated one (its values combine as NOR and an absent
    /// key satisfies it).
    pub fn is_negated(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    /// The positive operator a negated one negates (itself when not negated).
    pub fn positive(self) -> BaseOperator {
        use BaseOperator::*;
        match self {
            StringNotEquals => StringEquals,
            StringNotEqualsIgnoreCase => StringEqualsIgnoreCase,
            StringNotLike => StringLike,
            NumericNotEquals => NumericEquals,
            DateNotEquals => DateEquals,
            NotIpAddress => IpAddress,
            ArnNotEquals => ArnEquals,
            ArnNotLike => ArnLike,
            o => o,
        }
    }

    /// The data type compared.
    pub fn value_type(self) -> ValueType {
        use BaseOperator::*;
        match self {
            StringEquals | StringNotEquals | StringEqualsIgnoreCase | StringNotEqualsIgnoreCase | StringLike
            | StringNotLike => ValueType::String,
            NumericEquals | NumericNotEquals | NumericLessThan | NumericLessThanEquals | NumericGreaterThan
            | NumericGreaterThanEquals => ValueType::Numeric,
            DateEquals | DateNotEquals | DateLessThan | DateLessThanEquals | DateGreaterThan
            | DateGreaterThanEquals => ValueType::Date,
            Bool => ValueType::Bool,
            BinaryEquals => ValueType::Binary,
            IpAddress | NotIpAddress => ValueType::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => ValueType::Arn,
            Null => ValueType::Null,
        }
    }

    /// Whether policy variables are substituted in this operator's values.
    pub fn allows_variables(self) -> bool {
        matches!(self.value_type(), ValueType::String | ValueType::Arn | ValueType::Bool)
    }
}

/// `ForAllValues:` / `ForAnyValue:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum SetQualifier {
    /// `ForAllValues:`
    ForAllValues,
    /// `ForAnyValue:`
    ForAnyValue,
}

/// A full operator: optional set qualifier, base operator, optional `IfExists`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Operator {
    /// The set qualifier, if any.
    pub qualifier: Option<SetQualifier>,
    /// The base operator.
    pub base: BaseOperator,
    /// `…IfExists`.
    pub if_exists: bool,
}

impl Operator {
    /// Parse an operator name (case-sensitive, as IAM documents them). `NullIfExists`
    /// is not an operator.
    pub fn parse(text: &str) -> Option<Operator> {
        let (qualifier, rest) = if let Some(r) = text.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else if let Some(r) = text.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else {
            (None, text)
        };
        let (if_exists, name) = match rest.strip_suffix("IfExists") {
            Some(n) => (true, n),
            None => (false, rest),
        };
        let base = BaseOperator::ALL.into_iter().find(|b| b.name() == name)?;
        if if_exists && base == BaseOperator::Null {
            return None;
        }
        Some(Operator { qualifier, base, if_exists })
    }
}

/// A CIDR block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parse `a.b.c.d/n`, `x::y/n`, or a bare address (a /32 or /128).
    pub fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse::<u8>().ok().filter(|n| *n <= max)?,
            None => max,
        };
        Some(Cidr { addr, prefix })
    }

    /// Whether an address is inside the block (an IPv4 address never matches an IPv6
    /// block and vice versa, except IPv4-mapped IPv6 addresses).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) if self.addr.is_ipv4() => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => return false,
            },
            other => other,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                let mask = if self.prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(self.prefix)) };
                (u32::from(net) & mask) == (u32::from(a) & mask)
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                let mask = if self.prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(self.prefix)) };
                (u128::from(net) & mask) == (u128::from(a) & mask)
            }
            _ => false,
        }
    }
}

/// A compiled policy value.
#[derive(Clone, Debug)]
enum CValue {
    /// A string compared exactly (or ignoring case, already lowercased).
    Str(Box<str>),
    /// A wildcard pattern.
    Like(Glob),
    /// An ARN pattern.
    Arn(ArnPattern),
    Num(f64),
    Date(i64),
    Bool(bool),
    Bin(Vec<u8>),
    Ip(Cidr),
    /// A value with policy variables, resolved per request.
    Template(Vec<Part>),
    /// A value that can never match (unparsable for the operator's type).
    Never,
}

/// A compiled condition (one operator × key).
#[derive(Clone, Debug)]
pub struct CompiledCondition {
    /// The operator.
    pub op: Operator,
    /// The key as written.
    pub key: String,
    key_lower: Box<str>,
    values: Vec<CValue>,
    /// Null: the expected presence values.
    null_values: Vec<Option<bool>>,
}

impl CompiledCondition {
    /// Compile one condition. `variables` says whether `${…}` is honoured (Version
    /// 2012-10-17).
    pub fn new(op: Operator, key: &str, values: &[&str], variables: bool) -> CompiledCondition {
        let pos = op.base.positive();
        let mut null_values = Vec::new();
        let mut cvalues = Vec::with_capacity(values.len());
        for v in values {
            if op.base == BaseOperator::Null {
                null_values.push(parse_bool(v));
                continue;
            }
            if variables && pos.allows_variables() && variables::has_variable(v) {
                let mut probs = Vec::new();
                let parts = variables::parse(v, &mut probs);
                if parts.iter().any(|p| !matches!(p, Part::Text(_))) {
                    cvalues.push(CValue::Template(parts));
                    continue;
                }
            }
            cvalues.push(compile_value(pos, v));
        }
        CompiledCondition { op, key: key.to_string(), key_lower: key.to_lowercase().into(), values: cvalues, null_values }
    }

    /// The key, lowercased.
    pub fn key_lower(&self) -> &str {
        &self.key_lower
    }

    /// Evaluate against a context.
    pub fn eval(&self, ctx: &Context) -> bool {
        let entry = ctx.get(&self.key_lower);
        if self.op.base == BaseOperator::Null {
            let present = entry.is_some_and(|e| !e.values.is_empty());
            return self.null_values.iter().any(|v| match v {
                Some(true) => !present,
                Some(false) => present,
                None => false,
            });
        }
        let negated = self.op.base.is_negated();
        let values: &[ContextValue] = match entry {
            Some(ContextEntry { values, .. }) if !values.is_empty() => values,
            _ => {
                // absent (or empty set)
                if self.op.if_exists {
                    return true;
                }
                return match self.op.qualifier {
                    Some(SetQualifier::ForAllValues) => true,
                    Some(SetQualifier::ForAnyValue) => false,
                    None => negated,
                };
            }
        };
        // Does one request value satisfy the (possibly negated) operator?
        let one = |v: &ContextValue| -> bool {
            let hit = self.values.iter().any(|p| self.value_matches(p, v, ctx));
            if negated { !hit } else { hit }
        };
        match self.op.qualifier {
            Some(SetQualifier::ForAllValues) => values.iter().all(one),
            Some(SetQualifier::ForAnyValue) => values.iter().any(one),
            None => {
                if negated {
                    // NOR over every request value and policy value
                    values.iter().all(one)
                } else {
                    values.iter().any(one)
                }
            }
        }
    }

    fn value_matches(&self, p: &CValue, v: &ContextValue, ctx: &Context) -> bool {
        use BaseOperator::*;
        let base = self.op.base.positive();
        match p {
            CValue::Never => false,
            CValue::Template(parts) => {
                match base {
                    StringLike | ArnLike | ArnEquals => {
                        let resolved = resolve_with(parts, ctx);
                        let Some(toks) = resolved.and_then(|r| r.tokens) else { return false };
                        if base == StringLike {
                            crate::glob::match_tokens(&toks, &v.as_str())
                        } else {
                            let s = v.as_str();
                            ArnPattern::from_tokens(&toks).is_match(&s, Arn::parse(&s).as_ref())
                        }
                    }
                    _ => {
                        let Some(s) = resolve_with(parts, ctx).and_then(|r| r.string) else { return false };
                        let c = compile_value(base, &s);
                        self.value_matches(&c, v, ctx)
                    }
                }
            }
            CValue::Str(s) => match base {
                StringEqualsIgnoreCase => v.as_str().to_lowercase() == **s,
                _ => *v.as_str() == **s,
            },
            CValue::Like(g) => g.is_match(&v.as_str()),
            CValue::Arn(a) => {
                let s = v.as_str();
                a.is_match(&s, Arn::parse(&s).as_ref())
            }
            CValue::Num(n) => v.as_number().is_some_and(|x| match base {
                NumericEquals => x == *n,
                NumericLessThan => x < *n,
                NumericLessThanEquals => x <= *n,
                NumericGreaterThan => x > *n,
                NumericGreaterThanEquals => x >= *n,
                _ => false,
            }),
            CValue::Date(d) => v.as_date().is_some_and(|x| match base {
                DateEquals => x == *d,
                DateLessThan => x < *d,
                DateLessThanEquals => x <= *d,
                DateGreaterThan => x > *d,
                DateGreaterThanEquals => x >= *d,
                _ => false,
            }),
            CValue::Bool(b) => v.as_bool() == Some(*b),
            CValue::Bin(b) => v.as_binary().is_some_and(|x| *x == **b),
            CValue::Ip(c) => v.as_ip().is_some_and(|ip| c.contains(ip)),
        }
    }
}

struct Resolved {
    string: Option<String>,
    tokens: Option<Vec<crate::glob::Tok>>,
}

fn resolve_with(parts: &[Part], ctx: &Context) -> Option<Resolved> {
    // Resolve each variable to an owned string first (values may be non-strings).
    let mut owned: Vec<(String, String)> = Vec::new();
    for p in parts {
        if let Part::Var { key, .. } = p
            && let Some(v) = ctx.variable(key)
        {
            owned.push((key.clone(), v.into_owned()));
        }
    }
    let look = |k: &str| owned.iter().find(|(kk, _)| kk == k).map(|(_, v)| v.as_str());
    Some(Resolved { string: variables::resolve_string(parts, look), tokens: variables::resolve_tokens(parts, look) })
}

fn compile_value(base: BaseOperator, v: &str) -> CValue {
    use BaseOperator::*;
    match base {
        StringEquals => CValue::Str(v.into()),
        StringEqualsIgnoreCase => CValue::Str(v.to_lowercase().into()),
        StringLike => CValue::Like(Glob::new(v)),
        ArnEquals | ArnLike => CValue::Arn(ArnPattern::new(v)),
        NumericEquals | NumericLessThan | NumericLessThanEquals | NumericGreaterThan | NumericGreaterThanEquals => {
            parse_number(v).map_or(CValue::Never, CValue::Num)
        }
        DateEquals | DateLessThan | DateLessThanEquals | DateGreaterThan | DateGreaterThanEquals => {
            parse_date(v).map_or(CValue::Never, CValue::Date)
        }
        Bool => parse_bool(v).map_or(CValue::Never, CValue::Bool),
        BinaryEquals => crate::request::base64_decode(v).map_or(CValue::Never, CValue::Bin),
        IpAddress => Cidr::parse(v).map_or(CValue::Never, CValue::Ip),
        _ => CValue::Never,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_parse() {
        assert_eq!(
            Operator::parse("ForAnyValue:StringLikeIfExists"),
            Some(Operator { qualifier: Some(SetQualifier::ForAnyValue), base: BaseOperator::StringLike, if_exists: true })
        );
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("stringequals").is_none());
    }

    #[test]
    fn cidr() {
        let c = Cidr::parse("203.0.113.0/24").unwrap();
        assert!(c.contains("203.0.113.9".parse().unwrap()));
        assert!(!c.contains("203.0.114.9".parse().unwrap()));
        let c6 = Cidr::parse("2001:DB8:1234:5678::/64").unwrap();
        assert!(c6.contains("2001:db8:1234:5678::1".parse().unwrap()));
        assert!(!c6.contains("203.0.113.9".parse().unwrap()));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
    }
}
