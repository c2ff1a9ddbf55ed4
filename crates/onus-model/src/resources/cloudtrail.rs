//! CloudTrail trails.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::CloudTrail::Trail`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Trail {
    /// The region the trail was created in.
    pub home_region: Attr<String>,
    /// Whether the trail records events in every region.
    pub is_multi_region: Attr<bool>,
    /// Whether the trail is an organization trail.
    pub is_organization_trail: Attr<bool>,
    /// Whether the trail is currently logging.
    pub is_logging: Attr<bool>,
    /// Whether global service events (IAM, STS…) are included.
    pub include_global_service_events: Attr<bool>,
    /// Whether log-file integrity validation is enabled.
    pub log_file_validation_enabled: Attr<bool>,
    /// The KMS key that encrypts the log files; `null` = SSE-S3 only.
    pub kms_key_id: Attr<Option<String>>,
    /// The bucket that receives the log files.
    pub s3_bucket_name: Attr<Option<String>>,
    /// The CloudWatch Logs group the trail delivers to.
    pub cloudwatch_logs_log_group_arn: Attr<Option<String>>,
    /// Which events the trail records.
    pub event_selectors: Attr<EventSelectors>,
}

/// What a trail records, from its basic or advanced event selectors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EventSelectors {
    /// Management events recorded: `All`, `ReadOnly`, `WriteOnly`, or `null` for none.
    pub management_events: Option<String>,
    /// Resource types whose data events are recorded (`AWS::S3::Object`, `AWS::Lambda::Function`…).
    pub data_event_resource_types: Vec<String>,
    /// Whether the trail uses advanced event selectors.
    pub advanced: bool,
}
