//! Check metadata: everything about a check except its logic. The single
//! source of the check's documentation, `onus checks list/explain`, and the
//! rule catalogue of every report format.

use onus_model::{Domain, ResourceKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Severity of a failed check.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; no direct risk.
    Info,
    /// Defence in depth.
    Low,
    /// A weakness that needs another to be exploited.
    Medium,
    /// Directly exploitable or a major control missing.
    High,
    /// Exposes the account or its data now.
    Critical,
}

impl Severity {
    /// Every severity, highest first.
    pub const ALL_DESC: &'static [Severity] =
        &[Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity name that is not one of critical, high, medium, low, info.
#[derive(Debug, thiserror::Error)]
#[error("unknown severity {given:?} (expected one of: critical, high, medium, low, info)")]
pub struct ParseSeverityError {
    /// What was given.
    pub given: String,
}

impl std::str::FromStr for Severity {
    type Err = ParseSeverityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "informational" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            _ => Err(ParseSeverityError { given: s.to_owned() }),
        }
    }
}

/// How to fix a failing resource.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Remediation {
    /// What to do, in prose.
    pub text: &'static str,
    /// An AWS CLI command (placeholders in angle brackets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cli: Option<&'static str>,
    /// A Terraform snippet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terraform: Option<&'static str>,
    /// A CloudFormation (YAML) snippet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloudformation: Option<&'static str>,
}

/// Everything about a check except its logic.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CheckMeta {
    /// Stable id: `<service>-<what is wrong>`, lowercase, hyphenated. Never reused.
    pub id: &'static str,
    /// Former ids that still select this check.
    pub aliases: &'static [&'static str],
    /// One line naming the bad pattern.
    pub title: &'static str,
    /// The service id.
    pub service: &'static str,
    /// Severity of a failure.
    pub severity: Severity,
    /// The responsibility domain whose customer duty the check evidences.
    pub domain: Domain,
    /// The customer duty, in one sentence.
    pub duty: &'static str,
    /// The resource kinds the check reads.
    pub kinds: &'static [ResourceKind],
    /// Why it matters.
    pub rationale: &'static str,
    /// How to fix it.
    pub remediation: Remediation,
    /// Further reading (AWS documentation first).
    pub references: &'static [&'static str],
}
