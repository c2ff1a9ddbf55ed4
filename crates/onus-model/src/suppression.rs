//! Inline suppressions declared in infrastructure-as-code sources.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A check muted on one resource by the source itself (`# onus:ignore <check-id>
/// <reason>` in HCL or YAML, `Metadata.onus.ignore` in CloudFormation). The
/// engine reports the check's result on the resource as `muted` with the
/// reason; a suppression never hides a result silently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The check id (or alias) that is muted.
    pub check: String,
    /// Why, as written in the source. Never empty.
    pub reason: String,
    /// The file that declares the suppression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The line of the suppression (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl Suppression {
    /// `file:line` when both are known, for reports.
    pub fn origin(&self) -> Option<String> {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => Some(format!("{file}:{line}")),
            (Some(file), None) => Some(file.clone()),
            _ => None,
        }
    }
}
