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
