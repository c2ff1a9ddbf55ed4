//! GuardDuty, per region.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::GuardDuty::Detector`: the region's detector, or its absence. One per
/// account and region, so a region without a detector is visible.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Detector {
    /// The detector id; `null` = the region has no detector.
    pub detector_id: Attr<Option<String>>,
    /// Whether the detector is enabled (false when there is none).
    pub enabled: Attr<bool>,
    /// How often findings are published (`FIFTEEN_MINUTES`, `ONE_HOUR`, `SIX_HOURS`).
    pub finding_publishing_frequency: Attr<Option<String>>,
}
