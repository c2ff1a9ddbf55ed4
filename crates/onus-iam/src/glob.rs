//! IAM wildcard matching: `*` matches any run of characters (including none), `?`
//! exactly one. There are no character classes and no escapes; a literal `*` or `?`
//! can only come from the policy variables `${*}` and `${?}`, so patterns are kept
//! as tokens.

/// One pattern token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tok {
    /// A literal character.
    Char(char),
    /// `*`
    Star,
    /// `?`
    One,
}

/// Split a pattern into tokens (`*` and `?` are wildcards).
pub fn tokens(pattern: &str) -> Vec<Tok> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Tok::Star,
            '?' => Tok::One,
            c => Tok::Char(c),
        })
        .collect()
}

/// A compiled wildcard pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Any,
    Exact(Box<str>),
    Prefix(Box<str>),
    Suffix(Box<str>),
    Contains(Box<str>),
    General(Box<[Tok]>),
}

impl Glob {
    /// Compile a pattern in which `*` and `?` are wildcards.
    pub fn new(pattern: &str) -> Glob {
        Glob::from_tokens(tokens(pattern))
    }

    /// A pattern matching exactly `text`.
    pub fn literal(text: &str) -> Glob {
        Glob { kind: Kind::Exact(text.into()) }
    }

    /// Compile from tokens.
    pub fn from_tokens(toks: Vec<Tok>) -> Glob {
        let lit = |t: &[Tok]| -> Option<String> {
            t.iter()
                .map(|t| match t {
                    Tok::Char(c) => Some(*c),
                    _ => None,
                })
                .collect()
        };
        let n = toks.len();
        let kind = if n > 0 && toks.iter().all(|t| *t == Tok::Star) {
            Kind::Any
        } else if let Some(s) = lit(&toks) {
            Kind::Exact(s.into())
        } else if let Some(s) = (n >= 1 && toks[n - 1] == Tok::Star).then(|| lit(&toks[..n - 1])).flatten() {
            Kind::Prefix(s.into())
        } else if let Some(s) = (n >= 1 && toks[0] == Tok::Star).then(|| lit(&toks[1..])).flatten() {
            Kind::Suffix(s.into())
        } else if let Some(s) =
            (n >= 2 && toks[0] == Tok::Star && toks[n - 1] == Tok::Star).then(|| lit(&toks[1..n - 1])).flatten()
        {
            Kind::Contains(s.into())
        } else {
            Kind::General(toks.into())
        };
        Glob { kind }
    }

    /// Whether the pattern is `*` (matches everything).
    pub fn is_any(&self) -> bool {
        matches!(self.kind, Kind::Any)
    }

    /// Whether the pattern has no wildcard.
    pub fn is_literal(&self) -> bool {
        matches!(self.kind, Kind::Exact(_))
    }

    /// Match a text against the pattern (case-sensitively).
    #[inline]
    pub fn is_match(&self, s: &str) -> bool {
        match &self.kind {
            Kind::Any => true,
            Kind::Exact(e) => **e == *s,
            Kind::Prefix(p) => s.starts_with(&**p),
            Kind::Suffix(p) => s.ends_with(&**p),
            Kind::Contains(p) => s.contains(&**p),
            Kind::General(t) => match_tokens(t, s),
        }
    }
}

/// Match tokens against a text: iterative, with one backtrack point per `*`, so it is
/// linear-times-pattern in the worst case and never recursive.
pub fn match_tokens(p: &[Tok], s: &str) -> bool {
    let mut pi = 0usize;
    let mut si = 0usize;
    let mut star: Option<(usize, usize)> = None;
    loop {
        let rest = s.get(si..).unwrap_or("");
        match p.get(pi) {
            Some(Tok::Star) => {
                star = Some((pi, si));
                pi += 1;
                continue;
            }
            Some(Tok::One) => {
                if let Some(c) = rest.chars().next() {
                    si += c.len_utf8();
                    pi += 1;
                    continue;
                }
            }
            Some(Tok::Char(pc)) => {
                if let Some(c) = rest.chars().next()
                    && c == *pc
                {
                    si += c.len_utf8();
                    pi += 1;
                    continue;
                }
            }
            None => {
                if rest.is_empty() {
                    return true;
                }
            }
        }
        match star {
            Some((sp, ss)) => match s.get(ss..).and_then(|r| r.chars().next()) {
                Some(c) => {
                    let ns = ss + c.len_utf8();
                    star = Some((sp, ns));
                    pi = sp + 1;
                    si = ns;
                }
                None => return false,
            },
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        let cases = [
            ("*", "", true),
            ("a*", "abc", true),
            ("*c", "abc", true),
            ("*b*", "abc", true),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
            ("?", "é", true),
            ("[ab]", "a", false),
            ("[ab]", "[ab]", true),
            ("a**", "a", true),
            ("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false),
        ];
        for (p, s, want) in cases {
            assert_eq!(Glob::new(p).is_match(s), want, "{p} vs {s}");
        }
        let lit = Glob::from_tokens(vec![Tok::Char('a'), Tok::Char('*')]);
        assert!(lit.is_match("a*"));
        assert!(!lit.is_match("ab"));
    }
}
