//! Systems Manager: managed instances and their patch state.

use crate::Attr;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::SSM::ManagedInstance` (onus kind): an instance the SSM agent reports
/// for, with its patch compliance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ManagedInstance {
    /// The instance id (`i-…` or `mi-…`).
    pub instance_id: Attr<String>,
    /// `Online`, `ConnectionLost` or `Inactive`.
    pub ping_status: Attr<String>,
    /// The operating system.
    pub platform_name: Attr<Option<String>>,
    /// The SSM agent version.
    pub agent_version: Attr<Option<String>>,
    /// The last patch scan or install; `null` = never scanned.
    pub patch_state: Attr<Option<PatchState>>,
}

/// What the last patch operation found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchState {
    /// `Scan` or `Install`.
    pub operation: String,
    /// When it ended.
    pub operation_end_time: DateTime<Utc>,
    /// Patches applicable but missing.
    pub missing_count: i32,
    /// Patches that failed to install.
    pub failed_count: i32,
    /// Missing patches classified critical.
    pub critical_non_compliant_count: i32,
    /// Missing patches classified security.
    pub security_non_compliant_count: i32,
}
