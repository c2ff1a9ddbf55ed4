//! A small glob matcher: `*` matches any run of characters (including none),
//! `?` exactly one; everything else matches itself. Resource ids contain `/`
//! and `:`, which `*` crosses, as people expect of an ARN pattern.

/// Whether `text` matches the glob `pattern` in full.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matching with backtracking to the last `*`: linear in practice,
    // O(len(p) × len(t)) at worst, never exponential.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == '?' || *c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("*", ""));
        assert!(glob_match("*", "anything/at:all"));
        assert!(glob_match("s3-*", "s3-bucket-versioning-disabled"));
        assert!(!glob_match("s3-*", "ec2-s3-x"));
        assert!(glob_match("arn:aws:s3:::*-logs", "arn:aws:s3:::northwind-logs"));
        assert!(!glob_match("arn:aws:s3:::*-logs", "arn:aws:s3:::northwind-logs-2"));
        assert!(glob_match("eu-west-?", "eu-west-1"));
        assert!(!glob_match("eu-west-?", "eu-west-10"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
        assert!(glob_match("exact", "exact"));
        assert!(!glob_match("exact", "exactly"));
        assert!(glob_match("**", "x"));
    }
}
