//! AWS Backup.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::Backup::BackupPlan`, with its rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BackupPlan {
    /// The plan id.
    pub plan_id: Attr<String>,
    /// Its rules.
    pub rules: Attr<Vec<BackupRule>>,
}

/// One rule of a backup plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BackupRule {
    /// The rule's name.
    pub name: String,
    /// The vault it writes to.
    pub target_vault: String,
    /// The schedule (a cron expression).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// Days before recovery points are deleted; `null` = kept forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_days: Option<i64>,
    /// Vaults in other regions or accounts that receive copies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copy_to_vaults: Vec<String>,
}

/// `AWS::Backup::BackupVault`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BackupVault {
    /// The KMS key that encrypts recovery points.
    pub encryption_key_arn: Attr<Option<String>>,
    /// Whether a vault lock protects recovery points from deletion.
    pub locked: Attr<bool>,
    /// Minimum retention the lock enforces, in days.
    pub min_retention_days: Attr<Option<i64>>,
    /// Recovery points stored.
    pub recovery_points: Attr<i64>,
    /// The vault's access policy.
    pub access_policy: Attr<Option<serde_json::Value>>,
}
