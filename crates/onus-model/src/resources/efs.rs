//! EFS file systems.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::EFS::FileSystem`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FileSystem {
    /// The file system id (`fs-…`).
    pub file_system_id: Attr<String>,
    /// Whether data at rest is encrypted.
    pub encrypted: Attr<bool>,
    /// The KMS key, when encrypted.
    pub kms_key_id: Attr<Option<String>>,
    /// Whether AWS Backup's automatic backups are on.
    pub automatic_backups: Attr<bool>,
    /// The file system policy.
    pub policy: Attr<Option<serde_json::Value>>,
}
