//! DynamoDB tables.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::DynamoDB::Table`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Table {
    /// `ACTIVE`, `CREATING`…
    pub status: Attr<String>,
    /// Server-side encryption: `AWS_OWNED` (default), `AWS_MANAGED` or `CUSTOMER_MANAGED`.
    pub sse_key_type: Attr<String>,
    /// The KMS key, for KMS encryption.
    pub kms_key_arn: Attr<Option<String>>,
    /// Whether point-in-time recovery is enabled.
    pub point_in_time_recovery: Attr<bool>,
    /// Whether deletion protection is on.
    pub deletion_protection: Attr<bool>,
}
