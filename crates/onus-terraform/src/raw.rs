//! The source-neutral form of one Terraform resource, before mapping.

use crate::TerraformError;
use onus_model::{Span, Suppression};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a resource block's configuration declares.
#[derive(Clone, Debug, Default)]
pub struct Declared {
    /// Top-level attributes the configuration sets (not computed defaults).
    pub configured: Vec<String>,
    /// For each top-level attribute (once), the resources its expression
    /// refers to: module-relative config addresses (`aws_s3_bucket.logs`), or
    /// full ones made by [`absolute_ref`] for resources a module's caller
    /// passed in through a variable.
    pub refs: Vec<(String, Vec<String>)>,
}

/// Marks a reference in [`Declared::refs`] that is already a full address.
const ABSOLUTE: &str = "::";

/// The full address of `reference` (relative to the module at `module_path`,
/// or already full), as stored in [`Declared::refs`]: how a reference a module
/// call passes to a variable keeps naming the caller's resource inside the
/// module.
pub fn absolute_ref(module_path: &str, reference: &str) -> String {
    if reference.starts_with(ABSOLUTE) {
        reference.to_owned()
    } else if module_path.is_empty() {
        format!("{ABSOLUTE}{reference}")
    } else {
        format!("{ABSOLUTE}{module_path}.{reference}")
    }
}

impl Declared {
    /// Records what `attr` refers to, replacing an earlier record.
    pub fn set_refs(&mut self, attr: &str, refs: Vec<String>) {
        match self.refs.iter_mut().find(|(a, _)| a == attr) {
            Some((_, r)) => *r = refs,
            None => self.refs.push((attr.to_owned(), refs)),
        }
    }
}

/// One resource instance as a source declared it.
#[derive(Clone, Debug)]
pub struct RawResource {
    /// The full address, e.g. `module.logs.aws_s3_bucket.this[0]`.
    pub address: String,
    /// The module path, e.g. `module.logs` (empty for the root module).
    pub module: String,
    /// The address inside its module without index, e.g. `aws_s3_bucket.this`.
    pub config_address: String,
    /// The instance key, when the resource uses `count` or `for_each`.
    pub index: Option<Value>,
    /// The resource type, e.g. `aws_s3_bucket`.
    pub rtype: String,
    /// The provider's name, e.g. `registry.terraform.io/hashicorp/aws`.
    pub provider: String,
    /// The attribute values, with unknown markers.
    pub values: Value,
    /// What the configuration declares; shared by the instances of one
    /// `count`/`for_each` resource.
    pub declared: Arc<Declared>,
    /// The file declaring the resource.
    pub file: String,
    /// The block's span, when known.
    pub span: Option<Span>,
    /// Spans of attributes by dotted path (`metadata_options.http_tokens`).
    pub attr_spans: BTreeMap<String, Span>,
    /// Inline suppressions on the resource.
    pub suppressions: Vec<Suppression>,
    /// The provider's region, when statically known.
    pub region: Option<String>,
}

impl RawResource {
    /// The module-qualified config address used to resolve references.
    pub fn qualified(&self, config_address: &str) -> String {
        if let Some(full) = config_address.strip_prefix(ABSOLUTE) {
            return full.to_owned();
        }
        if self.module.is_empty() { config_address.to_owned() } else { format!("{}.{config_address}", self.module) }
    }

    /// Whether the configuration sets `attr` (an expression, not a computed default).
    pub fn is_configured(&self, attr: &str) -> bool {
        self.declared.configured.iter().any(|a| a == attr)
    }

    /// The resources the expression of top-level attribute `attr` refers to.
    pub fn refs(&self, attr: &str) -> Option<&Vec<String>> {
        self.declared.refs.iter().find(|(a, _)| a == attr).map(|(_, r)| r)
    }
}

/// Byte offsets to 1-based lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let col = offset - self.starts.get(line - 1).copied().unwrap_or(0) + 1;
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
    }

    /// The span of a byte range (end exclusive).
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        let (start_line, start_column) = self.position(range.start);
        let (end_line, end_column) = self.position(range.end.saturating_sub(1).max(range.start));
        Span { start_line, start_column: Some(start_column), end_line, end_column: Some(end_column + 1) }
    }
}

/// An `onus:ignore` comment found in a source file.
#[derive(Clone, Debug)]
pub struct IgnoreComment {
    /// The 1-based line.
    pub line: u32,
    /// The suppression.
    pub suppression: Suppression,
}

/// Finds `# onus:ignore <check-id> <reason>` (or `//`) comments in `text`.
/// A comment without a reason is an error naming the file and line.
pub fn ignore_comments(file: &str, text: &str) -> Result<Vec<IgnoreComment>, TerraformError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(pos) = line.find("onus:ignore") else { continue };
        let before = line[..pos].trim_end();
        if !(before.ends_with('#') || before.ends_with("//")) {
            continue;
        }
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let rest = line[pos + "onus:ignore".len()..].trim();
        let (check, reason) = match rest.split_once(char::is_whitespace) {
            Some((c, r)) => (c.trim(), r.trim()),
            None => (rest, ""),
        };
        if check.is_empty() || reason.is_empty() {
            return Err(TerraformError::SuppressionWithoutReason {
                file: file.to_owned(),
                line: line_no,
                check: check.to_owned(),
            });
        }
        out.push(IgnoreComment {
            line: line_no,
            suppression: Suppression {
                check: check.to_owned(),
                reason: reason.to_owned(),
                file: Some(file.to_owned()),
                line: Some(line_no),
            },
        });
    }
    Ok(out)
}

/// The first line after `line` that is neither blank nor only a comment.
pub fn next_code_line(text: &str, line: u32) -> Option<u32> {
    text.lines()
        .enumerate()
        .skip(line as usize)
        .find(|(_, l)| {
            let t = l.trim();
            !(t.is_empty() || t.starts_with('#') || t.starts_with("//"))
        })
        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
}

/// Attaches each comment to the resource whose block contains it, or that
/// starts on the next line of code. Returns the comments nothing claimed.
pub fn attach_ignores(text: &str, comments: Vec<IgnoreComment>, resources: &mut [&mut RawResource]) -> Vec<IgnoreComment> {
    let mut orphans = Vec::new();
    for c in comments {
        let next = next_code_line(text, c.line);
        let idx = resources
            .iter()
            .position(|r| r.span.is_some_and(|s| Some(s.start_line) == next))
            .or_else(|| resources.iter().position(|r| r.span.is_some_and(|s| s.start_line <= c.line && c.line <= s.end_line)));
        match idx.and_then(|i| resources.get_mut(i)) {
            Some(r) => r.suppressions.push(c.suppression),
            None => orphans.push(c),
        }
    }
    orphans
}
