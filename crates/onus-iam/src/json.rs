//! A small span-preserving JSON parser.
//!
//! `serde_json` forgets where a value came from and silently keeps the last of two
//! duplicate keys; policy validation needs both the line/column of every element and
//! every duplicate. This parser keeps object members in document order (duplicates
//! included) and records the location of every value and key. It never panics, limits
//! nesting depth, and reports the first syntax error with what was expected.

use std::fmt;

/// Maximum nesting depth of arrays and objects.
pub const MAX_DEPTH: usize = 128;

/// A position in the policy text: 1-based line and column (in characters), and the
/// byte offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in Unicode scalar values.
    pub column: u32,
    /// 0-based byte offset into the text.
    pub offset: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A JSON syntax error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// The text is not valid JSON at this point.
    #[error("invalid JSON at line {line}, column {column}: expected {expected}, found {found}")]
    Syntax {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What the grammar allows here.
        expected: &'static str,
        /// What was found instead (a short description).
        found: String,
    },
    /// Arrays and objects nest deeper than [`MAX_DEPTH`].
    #[error("JSON nests deeper than {limit} levels at line {line}, column {column}")]
    TooDeep {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The depth limit.
        limit: usize,
    },
}

impl JsonError {
    /// Where the error is.
    pub fn location(&self) -> (u32, u32) {
        match self {
            JsonError::Syntax { line, column, .. } | JsonError::TooDeep { line, column, .. } => {
                (*line, *column)
            }
        }
    }
}

/// A JSON value with its location.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub loc: Location,
}

/// An object member: key, key location, value.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key starts.
    pub key_loc: Location,
    /// The value.
    pub value: Node,
}

/// A JSON value. Numbers keep their source text; objects keep every member in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in document order, duplicates kept.
    Object(Vec<Member>),
}

impl Value {
    /// A short name of the JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// Parse a JSON document (a leading UTF-8 byte-order mark is skipped).
pub fn parse(text: &str) -> Result<Node, JsonError> {
    let mut p = Parser { s: text.as_bytes(), text, pos: 0, line: 1, line_start: 0, col_pos: 0, col: 1 };
    if text.starts_with('\u{feff}') {
        p.pos = 3;
        p.line_start = 3;
        p.col_pos = 3;
    }
    p.ws();
    let node = p.value(0)?;
    p.ws();
    if p.pos < p.s.len() {
        return Err(p.err("end of input"));
    }
    Ok(node)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    line: u32,
    line_start: usize,
    col_pos: usize,
    col: u32,
}

impl Parser<'_> {
    fn loc(&mut self) -> Location {
        if self.col_pos < self.line_start || self.col_pos > self.pos {
            self.col_pos = self.line_start;
            self.col = 1;
        }
        let chunk = self.text.get(self.col_pos..self.pos).unwrap_or("");
        self.col = self.col.saturating_add(u32::try_from(chunk.chars().count()).unwrap_or(u32::MAX));
        self.col_pos = self.pos;
        Location { line: self.line, column: self.col, offset: self.pos }
    }

    fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
            None => "end of input".to_string(),
            Some(c) if c.is_control() => format!("{c:?}"),
            Some(c) => format!("'{c}'"),
        }
    }

    fn err(&mut self, expected: &'static str) -> JsonError {
        let found = self.found();
        let l = self.loc();
        JsonError::Syntax { line: l.line, column: l.column, expected, found }
    }

    fn ws(&mut self) {
        while let Some(&b) = self.s.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line = self.line.saturating_add(1);
                    self.line_start = self.pos;
                    self.col_pos = self.pos;
                    self.col = 1;
                }
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        let loc = self.loc();
        let Some(&b) = self.s.get(self.pos) else {
            return Err(self.err("a JSON value"));
        };
        let value = match b {
            b'{' => {
                if depth >= MAX_DEPTH {
                    return Err(JsonError::TooDeep { line: loc.line, column: loc.column, limit: MAX_DEPTH });
                }
                self.object(depth)?
            }
            b'[' => {
                if depth >= MAX_DEPTH {
                    return Err(JsonError::TooDeep { line: loc.line, column: loc.column, limit: MAX_DEPTH });
                }
                self.array(depth)?
            }
            b'"' => Value::String(self.string()?),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            _ => return Err(self.err("a JSON value")),
        };
        Ok(Node { value, loc })
    }

    fn literal(&mut self, word: &'static str, v: Value) -> Result<Value, JsonError> {
        if self.s.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.err(match word {
                "true" => "'true'",
                "false" => "'false'",
                _ => "'null'",
            }))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.s.get(self.pos), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.pos;
        if self.s.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.s.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("a digit")),
        }
        if self.s.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.err("a digit after the decimal point"));
            }
        }
        if matches!(self.s.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.s.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("a digit in the exponent"));
            }
        }
        Ok(self.text.get(start..self.pos).unwrap_or("").to_string())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.s.get(self.pos) {
                Some(c @ b'0'..=b'9') => u32::from(c - b'0'),
                Some(c @ b'a'..=b'f') => u32::from(c - b'a' + 10),
                Some(c @ b'A'..=b'F') => u32::from(c - b'A' + 10),
                _ => return Err(self.err("four hexadecimal digits")),
            };
            v = v * 16 + d;
            self.pos += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        // at the opening quote
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(&b) = self.s.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
            match self.s.get(self.pos) {
                None => return Err(self.err("a closing '\"'")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.s.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.pos..self.pos + 2) != Some(b"\\u") {
                                    return Err(self.err("a low surrogate escape"));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("a low surrogate escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else if (0xDC00..0xE000).contains(&hi) {
                                return Err(self.err("a high surrogate before a low one"));
                            } else {
                                hi
                            };
                            let Some(c) = char::from_u32(code) else {
                                return Err(self.err("a valid Unicode escape"));
                            };
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.err("an escape character")),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.err("a character (control characters must be escaped)")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.s.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err("',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.ws();
        if self.s.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            if self.s.get(self.pos) != Some(&b'"') {
                return Err(self.err("a string key"));
            }
            let key_loc = self.loc();
            let key = self.string()?;
            self.ws();
            if self.s.get(self.pos) != Some(&b':') {
                return Err(self.err("':'"));
            }
            self.pos += 1;
            self.ws();
            let value = self.value(depth + 1)?;
            members.push(Member { key, key_loc, value });
            self.ws();
            match self.s.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.err("',' or '}'")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_duplicates() {
        let n = parse("{\n  \"a\": 1,\n  \"a\": [true, null, \"é\\u00e9\"]\n}").unwrap();
        let Value::Object(m) = n.value else { panic!("object") };
        assert_eq!(m.len(), 2);
        assert_eq!(m[1].key_loc.line, 3);
        assert_eq!(m[1].key_loc.column, 3);
        let Value::Array(a) = &m[1].value.value else { panic!("array") };
        assert_eq!(a[2].value, Value::String("éé".into()));
    }

    #[test]
    fn errors() {
        for bad in ["", "{", "{\"a\" 1}", "[1,]", "01", "\"\\ud800\"", "{\"a\":1}x", "-", "1.", "\"\u{1}\""] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(1000);
        assert!(matches!(parse(&deep), Err(JsonError::TooDeep { .. })));
        let e = parse("{\n \"a\": tru }").unwrap_err();
        assert_eq!(e.location(), (2, 7));
    }
}
