//! AWS Config, per region.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::Config::ConfigurationRecorder`: the region's recorder, or its absence.
/// One per account and region, so a region without a recorder is visible.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigurationRecorder {
    /// The recorder's name; `null` = the region has none.
    pub recorder_name: Attr<Option<String>>,
    /// Whether it is recording now.
    pub recording: Attr<bool>,
    /// Whether it records every supported resource type.
    pub all_supported: Attr<bool>,
    /// Whether it records global resources (IAM) too.
    pub include_global_resource_types: Attr<bool>,
    /// The bucket of the delivery channel; `null` = no delivery channel.
    pub delivery_s3_bucket: Attr<Option<String>>,
}
