//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and
//! the special characters `${*}`, `${?}`, `${$}` (a literal `*`, `?`, `$`).
//!
//! Variables are honoured only under `"Version": "2012-10-17"`; elsewhere the text is
//! literal. A variable whose key has no single value in the request and no default
//! leaves the element unresolved: it matches nothing.

use crate::glob::{Tok, tokens};

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal policy text (`*` and `?` in it are wildcards where wildcards apply).
    Text(String),
    /// A literal character from `${*}`, `${?}` or `${$}`; never a wildcard.
    Special(char),
    /// A variable: the lowercased key, and the default value if given.
    Var {
        /// The condition key, lowercased (key names are case-insensitive).
        key: String,
        /// The text of `${key, 'default'}`.
        default: Option<String>,
    },
}

/// A problem in a `${…}` expression (the Access Analyzer variable checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariableProblem {
    /// `${` without a closing `}`.
    MissingBrace,
    /// A default value not enclosed in single quotes.
    MissingQuote,
    /// A space inside the variable other than after the default's comma.
    UnsupportedSpace,
    /// `${}`.
    Empty,
}

/// Whether a text contains a `${`.
pub fn has_variable(text: &str) -> bool {
    text.contains("${")
}

/// Parse a text into template parts, collecting problems. Malformed `${…}` is kept as
/// literal text.
pub fn parse(text: &str, problems: &mut Vec<VariableProblem>) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        lit.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 2..).unwrap_or("");
        let Some(close) = after.find('}') else {
            problems.push(VariableProblem::MissingBrace);
            lit.push_str(rest.get(i..).unwrap_or(""));
            rest = "";
            break;
        };
        let inner = after.get(..close).unwrap_or("");
        rest = after.get(close + 1..).unwrap_or("");
        let part = match inner {
            "*" => Some(Part::Special('*')),
            "?" => Some(Part::Special('?')),
            "$" => Some(Part::Special('$')),
            "" => {
                problems.push(VariableProblem::Empty);
                None
            }
            _ => parse_var(inner, problems),
        };
        match part {
            Some(p) => {
                if !lit.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut lit)));
                }
                parts.push(p);
            }
            None => {
                lit.push_str("${");
                lit.push_str(inner);
                lit.push('}');
            }
        }
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        parts.push(Part::Text(lit));
    }
    parts
}

fn parse_var(inner: &str, problems: &mut Vec<VariableProblem>) -> Option<Part> {
    let (key, default) = match inner.split_once(',') {
        Some((k, d)) => {
            let d = d.strip_prefix(' ').unwrap_or(d);
            if d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'') {
                (k, Some(d.get(1..d.len() - 1).unwrap_or("").to_string()))
            } else {
                problems.push(VariableProblem::MissingQuote);
                return None;
            }
        }
        None => (inner, None),
    };
    if key.is_empty() {
        problems.push(VariableProblem::Empty);
        return None;
    }
    if key.contains(char::is_whitespace) {
        problems.push(VariableProblem::UnsupportedSpace);
        return None;
    }
    Some(Part::Var { key: key.to_lowercase(), default })
}

/// Substitute into a plain string; `None` if a variable is unresolved.
pub fn resolve_string<'a>(parts: &[Part], lookup: impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Special(c) => out.push(*c),
            Part::Var { key, default } => match lookup(key) {
                Some(v) => out.push_str(v),
                None => out.push_str(default.as_deref()?),
            },
        }
    }
    Some(out)
}

/// Substitute into wildcard tokens: policy text keeps its wildcards, substituted values
/// and special characters are literal. `None` if a variable is unresolved.
pub fn resolve_tokens<'a>(parts: &[Part], lookup: impl Fn(&str) -> Option<&'a str>) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Part::Text(t) => out.extend(tokens(t)),
            Part::Special(c) => out.push(Tok::Char(*c)),
            Part::Var { key, default } => {
                let v = match lookup(key) {
                    Some(v) => v,
                    None => default.as_deref()?,
                };
                out.extend(v.chars().map(Tok::Char));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_resolve() {
        let mut probs = Vec::new();
        let parts = parse("home/${aws:username}/${*}x${aws:PrincipalTag/team, 'all'}", &mut probs);
        assert!(probs.is_empty());
        let look = |k: &str| (k == "aws:username").then_some("bob");
        assert_eq!(resolve_string(&parts, look).as_deref(), Some("home/bob/*xall"));
        let t = resolve_tokens(&parts, look).unwrap();
        assert!(t.contains(&Tok::Char('*')));
        let parts = parse("${aws:userid}", &mut probs);
        assert_eq!(resolve_string(&parts, |_| None), None);
        parse("${aws:username", &mut probs);
        parse("${a, b}", &mut probs);
        parse("${}", &mut probs);
        parse("${a b}", &mut probs);
        assert_eq!(
            probs,
            [VariableProblem::MissingBrace, VariableProblem::MissingQuote, VariableProblem::Empty, VariableProblem::UnsupportedSpace]
        );
    }
}
