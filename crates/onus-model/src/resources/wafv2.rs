//! AWS WAF (v2).

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::WAFv2::WebACL`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WebAcl {
    /// `REGIONAL` or `CLOUDFRONT`.
    pub scope: Attr<String>,
    /// `ALLOW` or `BLOCK` for requests no rule matches.
    pub default_action: Attr<String>,
    /// Rule names.
    pub rules: Attr<Vec<String>>,
    /// Managed rule groups used, as `vendor/name`.
    pub managed_rule_groups: Attr<Vec<String>>,
    /// Whether request logging is configured.
    pub logging_enabled: Attr<bool>,
    /// ARNs of the resources it protects.
    pub associated_resources: Attr<Vec<String>>,
}
