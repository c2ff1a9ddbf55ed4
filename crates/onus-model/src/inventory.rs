//! The inventory: everything one scan saw, and what it could not see.

use crate::resources::{Resource, ResourceKind, ResourceType};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The value of the `format` field of every snapshot.
pub const FORMAT_NAME: &str = "onus-inventory";

/// The snapshot format version this build writes and reads.
/// Bump it when a change would make an older onus misread a newer file.
pub const FORMAT_VERSION: u32 = 1;

/// Everything a source collected: scan metadata, resources and collection gaps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// Always `onus-inventory`; tells an onus snapshot from any other JSON.
    pub format: String,
    /// The snapshot format version.
    pub format_version: u32,
    /// Where, when and by what the inventory was collected.
    pub metadata: ScanMetadata,
    /// The resources.
    #[serde(default)]
    pub resources: Vec<Resource>,
    /// What could not be seen, and why.
    #[serde(default)]
    pub gaps: Vec<CollectionGap>,
}

/// Where, when and by what an inventory was collected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanMetadata {
    /// The kind of source.
    pub source: SourceKind,
    /// Accounts covered.
    #[serde(default)]
    pub accounts: Vec<String>,
    /// Regions covered.
    #[serde(default)]
    pub regions: Vec<String>,
    /// When collection finished. Checks that measure age (of keys, of
    /// passwords) measure it at this instant, so a snapshot always evaluates the same.
    pub collected_at: DateTime<Utc>,
    /// The onus version that collected it.
    pub onus_version: String,
    /// Files read, for IaC sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<String>,
    /// A free description (the demo account's story, a CI job id…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Kinds of source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A live AWS account.
    Live,
    /// A Terraform plan (`terraform show -json plan`).
    TerraformPlan,
    /// A Terraform state (`terraform show -json`).
    TerraformState,
    /// Terraform configuration files (`*.tf`).
    TerraformHcl,
    /// CloudFormation or SAM templates.
    #[serde(rename = "cloudformation")]
    CloudFormation,
}

impl SourceKind {
    /// Whether the source is infrastructure as code (what it declares, not all that exists).
    pub fn is_iac(self) -> bool {
        !matches!(self, SourceKind::Live)
    }
}

/// Something a source could not see. Gaps are shown in every report and turn
/// into `Error` results for the checks that needed what is missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectionGap {
    /// The service, e.g. `s3`.
    pub service: String,
    /// The account, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region; `None` for a global service or every region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Resource kinds that are missing or incomplete because of the gap.
    pub kinds: Vec<ResourceKind>,
    /// Why.
    pub reason: GapReason,
    /// The API call that failed, e.g. `s3:ListBuckets`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_call: Option<String>,
    /// The error as the source reported it.
    pub message: String,
}

/// Why a collection gap happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GapReason {
    /// The credentials were not allowed to make the call.
    AccessDenied,
    /// Throttled, and retries gave up.
    Throttled,
    /// An opt-in region that is not enabled for the account.
    RegionDisabled,
    /// The call timed out.
    Timeout,
    /// The service or endpoint does not support the call (emulators, partitions).
    Unsupported,
    /// Infrastructure as code: what a resource applies to is known only after
    /// apply, so the resources it may change are evaluated without it.
    Unresolved,
    /// Any other error.
    Error,
}

impl GapReason {
    /// A short human phrase.
    pub fn describe(self) -> &'static str {
        match self {
            GapReason::AccessDenied => "access denied",
            GapReason::Throttled => "throttled",
            GapReason::RegionDisabled => "region not enabled",
            GapReason::Timeout => "timed out",
            GapReason::Unsupported => "not supported",
            GapReason::Unresolved => "known only after apply",
            GapReason::Error => "error",
        }
    }
}

impl Inventory {
    /// An empty inventory for a source.
    pub fn new(metadata: ScanMetadata) -> Self {
        Inventory {
            format: FORMAT_NAME.to_owned(),
            format_version: FORMAT_VERSION,
            metadata,
            resources: Vec::new(),
            gaps: Vec::new(),
        }
    }

    /// Builds an index of the resources by kind.
    pub fn index(&self) -> KindIndex<'_> {
        let mut by_kind: HashMap<ResourceKind, Vec<&Resource>> = HashMap::new();
        for resource in &self.resources {
            by_kind.entry(resource.kind()).or_default().push(resource);
        }
        KindIndex { by_kind }
    }
}

/// The resources of an inventory grouped by kind, built once per evaluation.
#[derive(Debug, Default)]
pub struct KindIndex<'a> {
    by_kind: HashMap<ResourceKind, Vec<&'a Resource>>,
}

impl<'a> KindIndex<'a> {
    /// All resources of one kind, in inventory order.
    pub fn of_kind(&self, kind: ResourceKind) -> &[&'a Resource] {
        self.by_kind.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// All resources of type `T` with their typed properties.
    pub fn typed<T: ResourceType>(&self) -> impl Iterator<Item = (&'a Resource, &'a T)> + '_ {
        self.of_kind(T::KIND).iter().filter_map(|r| r.props::<T>().map(|p| (*r, p)))
    }
}
