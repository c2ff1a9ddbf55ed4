//! What evaluation produces: one result per check and resource.

use crate::meta::Severity;
use onus_model::{Domain, Provenance, ResourceKind, Span, Unknown};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Status of one check on one resource.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The customer's duty is met for this resource.
    Pass,
    /// It is not.
    Fail,
    /// The check depends on a value the source could not see.
    Unknown,
    /// The data the check needs could not be collected.
    Error,
    /// No API can prove the duty; a person must attest it.
    Manual,
    /// Suppressed by a mutelist entry or inline suppression with a reason.
    Muted,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: &'static [Status] =
        &[Status::Fail, Status::Unknown, Status::Error, Status::Manual, Status::Muted, Status::Pass];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::Error => "error",
            Status::Manual => "manual",
            Status::Muted => "muted",
        }
    }

    /// Parses a lowercase status name.
    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.iter().copied().find(|s| s.as_str() == name.to_ascii_lowercase())
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The resource a result is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceRef {
    /// The resource id (ARN, address…); for a collection gap, the scope that could not be seen.
    pub id: String,
    /// The kind.
    #[serde(rename = "type")]
    pub kind: ResourceKind,
    /// The human name.
    pub name: String,
    /// The account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Where the resource was observed; absent for collection gaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// Where in a source file the attribute at fault is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// The file.
    pub file: String,
    /// The lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// One check on one resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckResult {
    /// The check id.
    pub check_id: String,
    /// The outcome.
    pub status: Status,
    /// The check's severity (the severity of a failure).
    pub severity: Severity,
    /// The service id.
    pub service: String,
    /// The responsibility domain.
    pub domain: Domain,
    /// The resource.
    pub resource: ResourceRef,
    /// The attribute the verdict rests on, e.g. `public_access_block`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    /// Where that attribute (or the resource) is declared, for IaC sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What was found, in one sentence.
    pub message: String,
    /// Why the value was unknown, for `unknown` results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<Unknown>,
    /// For `muted` results: the mutelist entry that muted it, and the status it had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muted: Option<Mute>,
}

/// Why a result is muted: the status it would have had, and the reason given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Mute {
    /// The status before muting (`fail`, `unknown`…).
    pub original_status: Status,
    /// The reason the mutelist entry gives.
    pub reason: String,
    /// The entry, as `file:line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// The day the entry stops muting, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<chrono::NaiveDate>,
}
