//! ARNs and ARN patterns.
//!
//! An ARN is `arn:partition:service:region:account:resource`; the resource part (after
//! the fifth colon) may itself contain colons and slashes. IAM matches resource
//! patterns and `ArnLike`/`ArnEquals` values segment by segment, so a `*` in the
//! first five segments never crosses a colon, while a `*` in the resource part
//! matches anything, including `:` and `/`.

use crate::glob::{Glob, Tok};

/// A parsed ARN (borrowing the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `arn`
    pub prefix: &'a str,
    /// `aws`, `aws-cn`, `aws-us-gov` …
    pub partition: &'a str,
    /// The service namespace.
    pub service: &'a str,
    /// The region (may be empty).
    pub region: &'a str,
    /// The account (may be empty).
    pub account: &'a str,
    /// Everything after the fifth colon.
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Parse a text as an ARN: it must start with `arn:` and have at least five colons.
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let mut it = text.splitn(6, ':');
        let prefix = it.next()?;
        let partition = it.next()?;
        let service = it.next()?;
        let region = it.next()?;
        let account = it.next()?;
        let resource = it.next()?;
        if prefix != "arn" {
            return None;
        }
        Some(Arn { prefix, partition, service, region, account, resource })
    }

    /// The six segments in order.
    pub fn segments(&self) -> [&'a str; 6] {
        [self.prefix, self.partition, self.service, self.region, self.account, self.resource]
    }
}

/// A compiled ARN pattern (for `Resource`, and `Arn*` condition operators).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArnPattern {
    /// `*`: everything.
    Any,
    /// Six segment patterns.
    Segments(Box<[Glob; 6]>),
    /// Not ARN-shaped and not `arn:`-prefixed: matched as a whole-string wildcard
    /// against resources that are not ARNs either.
    Other(Glob),
    /// `arn:`-prefixed but with fewer than six segments: matches nothing.
    Invalid,
}

impl ArnPattern {
    /// Compile a pattern written in a policy.
    pub fn new(pattern: &str) -> ArnPattern {
        ArnPattern::from_tokens(&crate::glob::tokens(pattern))
    }

    /// Compile a pattern from tokens (literal `*`/`?` from `${*}`/`${?}` stay literal).
    pub fn from_tokens(toks: &[Tok]) -> ArnPattern {
        if !toks.is_empty() && toks.iter().all(|t| *t == Tok::Star) {
            return ArnPattern::Any;
        }
        let mut parts: Vec<Vec<Tok>> = vec![Vec::new()];
        for t in toks {
            if *t == Tok::Char(':') && parts.len() < 6 {
                parts.push(Vec::new());
            } else if let Some(last) = parts.last_mut() {
                last.push(*t);
            }
        }
        let starts_arn = toks.len() >= 4 && toks[..4] == [Tok::Char('a'), Tok::Char('r'), Tok::Char('n'), Tok::Char(':')];
        if parts.len() < 6 {
            if starts_arn {
                return ArnPattern::Invalid;
            }
            return ArnPattern::Other(Glob::from_tokens(toks.to_vec()));
        }
        if parts[0] != [Tok::Char('a'), Tok::Char('r'), Tok::Char('n')] {
            return ArnPattern::Other(Glob::from_tokens(toks.to_vec()));
        }
        let mut it = parts.into_iter().map(Glob::from_tokens);
        let mut next = || it.next().unwrap_or_else(|| Glob::literal(""));
        ArnPattern::Segments(Box::new([next(), next(), next(), next(), next(), next()]))
    }

    /// Match a resource (an ARN, or a non-ARN name such as `*`).
    #[inline]
    pub fn is_match(&self, resource: &str, parsed: Option<&Arn<'_>>) -> bool {
        match self {
            ArnPattern::Any => true,
            ArnPattern::Invalid => false,
            ArnPattern::Other(g) => parsed.is_none() && g.is_match(resource),
            ArnPattern::Segments(g) => match parsed {
                Some(a) => {
                    let s = a.segments();
                    g[2].is_match(s[2])
                        && g[5].is_match(s[5])
                        && g[4].is_match(s[4])
                        && g[3].is_match(s[3])
                        && g[1].is_match(s[1])
                        && g[0].is_match(s[0])
                }
                None => false,
            },
        }
    }
}

/// Whether a text is a 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, r: &str) -> bool {
        ArnPattern::new(p).is_match(r, Arn::parse(r).as_ref())
    }

    #[test]
    fn per_segment() {
        assert!(m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c"));
        assert!(m("arn:aws:logs:*:*:log-group:g:*", "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s"));
        assert!(!m("arn:aws:iam::*", "arn:aws:iam::111122223333:user/bob"));
        assert!(m("arn:aws:iam::*:user/*", "arn:aws:iam::111122223333:user/bob"));
        assert!(!m("arn:aws:*", "arn:aws:s3:::b"));
        assert!(m("*", "arn:aws:s3:::b"));
        assert!(!m("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
        assert!(m("arn:aws:ec2:us-east-?:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"));
        assert!(!m("arn:aws:ec2:us-east-?:*:instance/*", "arn:aws:ec2:us-east-10:111122223333:instance/i-1"));
    }
}

/// An IAM entity declared in infrastructure as code, not deployed yet: its
/// ARN will be `arn:<partition>:iam::<account>:<word><path><name>` in an
/// account the code does not name.
#[derive(Clone, Copy, Debug)]
pub struct DeclaredEntity<'a> {
    /// `user`, `role`, `group` or `policy`.
    pub word: &'a str,
    /// Its path, `/` by default.
    pub path: &'a str,
    /// Its name.
    pub name: DeclaredName<'a>,
}

/// The name a declared IAM entity will have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeclaredName<'a> {
    /// Written in the code.
    Named(&'a str),
    /// Left to the deployment (`<stack>-<LogicalId>-<random>`): any name.
    Generated,
    /// Set from a value the code does not give (a variable without a value).
    Unknown,
}

/// Whether an identity policy's `Resource` pattern covers a declared IAM
/// entity of the same code, for the way the element counts:
///
/// - `widen` (a `Resource` of an `Allow`, a `NotResource` of a `Deny`: covering
///   more grants more): any account and partition may be the one the code is
///   deployed to, and `${aws:username}` may be the entity's own name;
/// - otherwise (covering more grants less): only an account of `*`-like
///   patterns or `stand_in_account` (the account the code's own references
///   resolve to), and no policy variables.
///
/// A generated name (the entity declares none) is covered only by a pattern
/// that admits every name.
pub fn covers_declared(pattern: &str, entity: &DeclaredEntity<'_>, stand_in_account: &str, widen: bool) -> bool {
    DeclaredPattern::new(pattern, stand_in_account, widen).is_some_and(|p| p.covers(entity))
}

/// An identity policy's `Resource` ARN (or pattern), read once to be matched
/// against many declared entities (see [`covers_declared`]).
#[derive(Clone, Debug)]
pub struct DeclaredPattern {
    /// The resource part (`user/alice`, `role/app-*`).
    rest: Glob,
    /// Its text.
    text: String,
    /// Whether covering grants more.
    widen: bool,
}

impl DeclaredPattern {
    /// `None` when the text is no IAM ARN that may cover a declared entity.
    pub fn new(pattern: &str, stand_in_account: &str, widen: bool) -> Option<DeclaredPattern> {
        let pattern = if widen { pattern.replace("${aws:username}", "*") } else { pattern.to_owned() };
        if pattern.contains("${") {
            return None;
        }
        let parts: Vec<&str> = pattern.splitn(6, ':').collect();
        let ["arn", partition, service, region, account, rest] = parts.as_slice() else { return None };
        let glob = |p: &str, s: &str| Glob::new(p).is_match(s);
        if !region.is_empty() && !glob(region, "") || !glob(service, "iam") {
            return None;
        }
        let account_ok = if widen {
            is_account_id(account) || glob(account, stand_in_account)
        } else {
            glob(partition, "aws") && glob(account, stand_in_account)
        };
        account_ok.then(|| DeclaredPattern { rest: Glob::new(rest), text: (*rest).to_owned(), widen })
    }

    /// Whether the pattern covers `entity`.
    pub fn covers(&self, entity: &DeclaredEntity<'_>) -> bool {
        let prefix = if entity.path.ends_with('/') { format!("{}{}", entity.word, entity.path) } else { format!("{}{}/", entity.word, entity.path) };
        let every_name = || self.rest.is_match(&prefix) && self.rest.is_match(&format!("{prefix}x-Generated-1A2B"));
        match entity.name {
            DeclaredName::Named(name) => self.rest.is_match(&format!("{prefix}{name}")),
            // A generated name (`<stack>-<LogicalId>-<random>`) is covered only
            // by a pattern that admits every name: the empty one and an
            // arbitrary one.
            DeclaredName::Generated => every_name(),
            // An unknown name may be any: where covering grants more, a
            // pattern naming some entity at this path covers it.
            DeclaredName::Unknown if self.widen => {
                every_name() || self.text.strip_prefix(prefix.as_str()).is_some_and(|name| !name.is_empty() && !name.contains('/'))
            }
            DeclaredName::Unknown => every_name(),
        }
    }
}

#[cfg(test)]
mod declared_tests {
    use super::*;

    #[test]
    fn declared_entities_are_covered_by_name_path_and_account_as_the_element_counts() {
        let alice = DeclaredEntity { word: "user", path: "/", name: DeclaredName::Named("alice") };
        let ops = DeclaredEntity { word: "role", path: "/ops/", name: DeclaredName::Generated };
        let unknown = DeclaredEntity { word: "role", path: "/ops/", name: DeclaredName::Unknown };
        let stand_in = "111111111111";
        // An Allow may name the account the code is deployed to, or use `${aws:username}`.
        assert!(covers_declared("arn:aws:iam::123456789012:user/alice", &alice, stand_in, true));
        assert!(covers_declared("arn:aws:iam::*:user/${aws:username}", &alice, stand_in, true));
        assert!(covers_declared("arn:aws:iam::*:user/*", &alice, stand_in, true));
        assert!(!covers_declared("arn:aws:iam::*:user/bob", &alice, stand_in, true));
        assert!(!covers_declared("arn:aws:iam::*:role/alice", &alice, stand_in, true));
        assert!(!covers_declared("arn:aws:s3:::alice", &alice, stand_in, true));
        // A Deny only where it surely applies.
        assert!(!covers_declared("arn:aws:iam::123456789012:user/alice", &alice, stand_in, false));
        assert!(!covers_declared("arn:aws:iam::*:user/${aws:username}", &alice, stand_in, false));
        assert!(covers_declared("arn:aws:iam::*:user/alice", &alice, stand_in, false));
        assert!(covers_declared("arn:aws:iam::111111111111:user/alice", &alice, stand_in, false));
        // A generated name: only by a pattern that admits every name.
        assert!(!covers_declared("arn:aws:iam::*:role/ops/app-*", &ops, stand_in, true));
        assert!(covers_declared("arn:aws:iam::*:role/ops/*", &ops, stand_in, true));
        assert!(covers_declared("arn:aws:iam::*:role/ops/*", &ops, stand_in, false));
        // A name the code does not give: any name where covering grants more.
        assert!(covers_declared("arn:aws:iam::*:role/ops/app-*", &unknown, stand_in, true));
        assert!(covers_declared("arn:aws:iam::*:role/ops/deployer", &unknown, stand_in, true));
        assert!(!covers_declared("arn:aws:iam::*:role/deployer", &unknown, stand_in, true));
        assert!(!covers_declared("arn:aws:iam::*:role/ops/deployer", &unknown, stand_in, false));
    }
}
