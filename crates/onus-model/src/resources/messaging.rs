//! SNS topics and SQS queues.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::SNS::Topic`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Topic {
    /// The KMS key for server-side encryption; `null` = unencrypted.
    pub kms_master_key_id: Attr<Option<String>>,
    /// The access policy.
    pub policy: Attr<Option<serde_json::Value>>,
}

/// `AWS::SQS::Queue`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Queue {
    /// The KMS key for SSE-KMS, if any.
    pub kms_master_key_id: Attr<Option<String>>,
    /// Whether SSE with SQS-owned keys is on.
    pub sqs_managed_sse: Attr<bool>,
    /// The access policy.
    pub policy: Attr<Option<serde_json::Value>>,
}
