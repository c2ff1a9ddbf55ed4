//! Structural scanning of JSON text: where each member of an object and each
//! element of an array starts and ends, found without building anything.
//!
//! The spans let a large plan be parsed in pieces, on several threads, and let
//! the parts onus does not read (`planned_values`, `prior_state`) be merely
//! validated. The scanner is lenient: it only tracks strings and brackets, and
//! every span it returns is then parsed or validated by `serde_json`, so a
//! malformed document is still refused. When the scanner cannot make sense of
//! the text at all the caller falls back to one sequential parse, whose error
//! names the line and column.

use std::ops::Range;

/// The first non-whitespace byte at or after `i`.
pub fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i) {
        if !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
            break;
        }
        i += 1;
    }
    i
}

/// Bytes that end a run of plain string content: a quote or a backslash.
#[inline]
fn has_quote_or_backslash(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    zero(word ^ (ONES * u64::from(b'"'))) != 0 || zero(word ^ (ONES * u64::from(b'\\'))) != 0
}

/// Bytes that matter inside a container: quotes and brackets.
#[inline]
fn has_structural(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    [b'"', b'{', b'}', b'[', b']'].iter().any(|c| zero(word ^ (ONES * u64::from(*c))) != 0)
}

#[inline]
fn word_at(b: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = b.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The end (exclusive) of the string starting at `i` (which holds `"`).
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        while let Some(w) = word_at(b, j) {
            if has_quote_or_backslash(w) {
                break;
            }
            j += 8;
        }
        match b.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// The end (exclusive) of the value starting at `i` (not whitespace).
/// Containers are matched by bracket depth only; the span is validated later.
pub fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                while let Some(w) = word_at(b, j) {
                    if has_structural(w) {
                        break;
                    }
                    j += 8;
                }
                match b.get(j)? {
                    b'"' => j = skip_string(b, j)?,
                    b'{' | b'[' => {
                        depth += 1;
                        j += 1;
                    }
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        j += 1;
                        if depth == 0 {
                            return Some(j);
                        }
                    }
                    _ => j += 1,
                }
            }
        }
        b',' | b':' | b'}' | b']' => None,
        _ => {
            let mut j = i;
            while let Some(c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    break;
                }
                j += 1;
            }
            Some(j)
        }
    }
}

/// The members of the object spanning `range` (surrounding whitespace
/// allowed): raw key bytes (without quotes; `None` if a key has escapes) and
/// value spans.
pub fn object_members(b: &[u8], range: Range<usize>) -> Option<Vec<(&[u8], Range<usize>)>> {
    object_members_split(b, range, b"").map(|(m, _)| m)
}

/// Members as [`object_members`]; the value of member `split`, when it is an
/// array, is split into its elements in the same pass.
pub type Members<'b> = (Vec<(&'b [u8], Range<usize>)>, Option<Vec<Range<usize>>>);

/// [`object_members`], also splitting the array of member `split`.
pub fn object_members_split<'b>(b: &'b [u8], range: Range<usize>, split: &[u8]) -> Option<Members<'b>> {
    let mut i = skip_ws(b, range.start);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(b, i + 1);
    let mut out = Vec::new();
    let mut elements = None;
    if b.get(i) == Some(&b'}') {
        return (skip_ws(b, i + 1) >= range.end).then_some((out, elements));
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = skip_string(b, i)?;
        let key = b.get(i + 1..key_end - 1)?;
        if key.contains(&b'\\') {
            return None;
        }
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        let end = if key == split && b.get(i) == Some(&b'[') {
            let (end, items) = split_array(b, i)?;
            elements = Some(items);
            end
        } else {
            skip_value(b, i)?
        };
        out.push((key, i..end));
        i = skip_ws(b, end);
        match b.get(i)? {
            b',' => i = skip_ws(b, i + 1),
            b'}' => break,
            _ => return None,
        }
    }
    (skip_ws(b, i + 1) >= range.end).then_some((out, elements))
}

/// The element spans of the array spanning `range`.
pub fn array_elements(b: &[u8], range: Range<usize>) -> Option<Vec<Range<usize>>> {
    let start = skip_ws(b, range.start);
    let (end, items) = split_array(b, start)?;
    (skip_ws(b, end) >= range.end).then_some(items)
}

/// The end of the array starting at `i` (`[`), and its element spans.
fn split_array(b: &[u8], start: usize) -> Option<(usize, Vec<Range<usize>>)> {
    if b.get(start) != Some(&b'[') {
        return None;
    }
    let mut i = skip_ws(b, start + 1);
    let mut out = Vec::new();
    if b.get(i) == Some(&b']') {
        return Some((i + 1, out));
    }
    loop {
        let end = skip_value(b, i)?;
        out.push(i..end);
        i = skip_ws(b, end);
        match b.get(i)? {
            b',' => i = skip_ws(b, i + 1),
            b']' => return Some((i + 1, out)),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_members_and_elements() {
        let text = br#" { "a" : [1, {"x": "]}\"{"}, "long string without specials at all"] , "b":null,"c":{"d":[[]]} } "#;
        let members = object_members(text, 0..text.len()).unwrap_or_default();
        let keys: Vec<&[u8]> = members.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec![&b"a"[..], b"b", b"c"]);
        let a = members[0].1.clone();
        let elems = array_elements(text, a).unwrap_or_default();
        let texts: Vec<&str> = elems.iter().map(|r| std::str::from_utf8(&text[r.clone()]).unwrap_or_default()).collect();
        assert_eq!(texts, vec!["1", r#"{"x": "]}\"{"}"#, "\"long string without specials at all\""]);
        assert_eq!(&text[members[1].1.clone()], b"null");
        assert_eq!(&text[members[2].1.clone()], br#"{"d":[[]]}"#);
    }

    #[test]
    fn malformed_text_is_refused() {
        for bad in [&br#"{"a": [1, 2}"#[..], br#"{"a": "x"#, br#"{"a" 1}"#, br#"{"a": 1} x"#, br#"[1]"#, br#"{"a\"b": 1}"#] {
            let members = object_members(bad, 0..bad.len());
            let ok = members.is_some_and(|m| m.iter().all(|(_, r)| serde_json::from_slice::<serde::de::IgnoredAny>(&bad[r.clone()]).is_ok()));
            assert!(!ok, "{}", String::from_utf8_lossy(bad));
        }
    }
}
