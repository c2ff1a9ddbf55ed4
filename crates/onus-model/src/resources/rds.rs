//! RDS database instances.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::RDS::DBInstance`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DbInstance {
    /// `postgres`, `mysql`, `aurora-postgresql`…
    pub engine: Attr<String>,
    /// The engine version.
    pub engine_version: Attr<Option<String>>,
    /// `db.t3.micro`…
    pub instance_class: Attr<String>,
    /// Whether storage is encrypted.
    pub storage_encrypted: Attr<bool>,
    /// The KMS key for storage encryption.
    pub kms_key_id: Attr<Option<String>>,
    /// Whether the instance has a public DNS name and accepts traffic from outside its VPC.
    pub publicly_accessible: Attr<bool>,
    /// Whether it is deployed across availability zones.
    pub multi_az: Attr<bool>,
    /// Days automated backups are kept; 0 = disabled.
    pub backup_retention_period: Attr<u32>,
    /// Whether deletion protection is on.
    pub deletion_protection: Attr<bool>,
    /// Whether minor engine upgrades apply automatically in the maintenance window.
    pub auto_minor_version_upgrade: Attr<bool>,
    /// Whether IAM database authentication is enabled.
    pub iam_database_authentication_enabled: Attr<bool>,
    /// The Aurora cluster the instance belongs to, if any (encryption and backups are set there).
    pub db_cluster_identifier: Attr<Option<String>>,
}

/// `AWS::RDS::DBSnapshot` (onus kind for manual snapshots; CloudFormation has
/// none): with who may restore it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DbSnapshot {
    /// The instance it was taken from.
    pub db_instance_identifier: Attr<Option<String>>,
    /// `manual` or `automated`.
    pub snapshot_type: Attr<String>,
    /// Whether the snapshot is encrypted.
    pub encrypted: Attr<bool>,
    /// Whether anyone (`all`) may restore it.
    pub public: Attr<bool>,
    /// Account ids it is shared with.
    pub shared_with_accounts: Attr<Vec<String>>,
}

/// `AWS::RDS::DBCluster`: an Aurora or Multi-AZ DB cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DbCluster {
    /// `aurora-mysql`, `aurora-postgresql`, `mysql`…
    pub engine: Attr<String>,
    /// Engine version.
    pub engine_version: Attr<Option<String>>,
    /// Whether storage is encrypted.
    pub storage_encrypted: Attr<bool>,
    /// The KMS key, when encrypted.
    pub kms_key_id: Attr<Option<String>>,
    /// Days automated backups are kept.
    pub backup_retention_period: Attr<u32>,
    /// Whether deletion protection is on.
    pub deletion_protection: Attr<bool>,
    /// Whether IAM database authentication is enabled.
    pub iam_database_authentication_enabled: Attr<bool>,
    /// Whether the cluster spans several availability zones.
    pub multi_az: Attr<bool>,
    /// Log types exported to CloudWatch Logs.
    pub enabled_cloudwatch_logs_exports: Attr<Vec<String>>,
    /// Member instance identifiers.
    pub members: Attr<Vec<String>>,
}

/// `AWS::RDS::DBClusterSnapshot` (onus kind): a manual cluster snapshot and who may restore it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DbClusterSnapshot {
    /// The cluster it was taken from.
    pub db_cluster_identifier: Attr<Option<String>>,
    /// `manual` or `automated`.
    pub snapshot_type: Attr<String>,
    /// Whether it is encrypted.
    pub encrypted: Attr<bool>,
    /// Whether anyone may restore it.
    pub public: Attr<bool>,
    /// Account ids it is shared with.
    pub shared_with_accounts: Attr<Vec<String>>,
}
