//! Security Hub and IAM Access Analyzer, per region.

use crate::Attr;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::SecurityHub::Hub`: the region's hub, or its absence. One per account and region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Hub {
    /// Whether Security Hub is enabled in the region.
    pub enabled: Attr<bool>,
    /// When it was enabled.
    pub subscribed_at: Attr<Option<DateTime<Utc>>>,
    /// ARNs of the enabled standards.
    pub enabled_standards: Attr<Vec<String>>,
}

/// `AWS::AccessAnalyzer::Analyzer`: the region's analyzers, or their absence.
/// One per account and region, so a region without an analyzer is visible.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Analyzer {
    /// Active analyzers, as `name (type)`; empty = none.
    pub active_analyzers: Attr<Vec<String>>,
}
