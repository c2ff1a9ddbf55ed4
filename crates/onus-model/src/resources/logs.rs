//! CloudWatch Logs and CloudWatch alarms.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::Logs::LogGroup`, with its metric filters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LogGroup {
    /// Days events are kept; `null` = forever.
    pub retention_in_days: Attr<Option<u32>>,
    /// The KMS key that encrypts the group; `null` = the service's own encryption.
    pub kms_key_id: Attr<Option<String>>,
    /// Metric filters that turn matching events into metrics.
    pub metric_filters: Attr<Vec<MetricFilter>>,
}

/// A metric filter on a log group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricFilter {
    /// The filter's name.
    pub name: String,
    /// The filter pattern.
    pub pattern: String,
    /// Metrics it publishes, as `namespace/name`.
    pub metrics: Vec<String>,
}

/// `AWS::CloudWatch::Alarm`: a metric alarm.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Alarm {
    /// The metric's namespace.
    pub namespace: Attr<Option<String>>,
    /// The metric's name.
    pub metric_name: Attr<Option<String>>,
    /// Whether actions run when the state changes.
    pub actions_enabled: Attr<bool>,
    /// ARNs notified on `ALARM` (SNS topics…).
    pub alarm_actions: Attr<Vec<String>>,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub state: Attr<String>,
}
