//! Secrets Manager.

use crate::Attr;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::SecretsManager::Secret` (metadata only; onus never reads secret values).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Secret {
    /// The KMS key; `null` = the AWS managed `aws/secretsmanager` key.
    pub kms_key_id: Attr<Option<String>>,
    /// Whether automatic rotation is on.
    pub rotation_enabled: Attr<bool>,
    /// Days between rotations.
    pub rotation_interval_days: Attr<Option<i64>>,
    /// When it was last rotated.
    pub last_rotated: Attr<Option<DateTime<Utc>>>,
    /// When it was last read.
    pub last_accessed: Attr<Option<DateTime<Utc>>>,
    /// The resource policy.
    pub policy: Attr<Option<serde_json::Value>>,
}
