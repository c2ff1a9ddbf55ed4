//! Elastic Load Balancing v2 listeners.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::ElasticLoadBalancingV2::Listener`, with what matters of its load balancer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Listener {
    /// The load balancer's ARN.
    pub load_balancer_arn: Attr<String>,
    /// The load balancer's name.
    pub load_balancer_name: Attr<String>,
    /// `application`, `network` or `gateway`.
    pub load_balancer_type: Attr<String>,
    /// `internet-facing` or `internal`.
    pub scheme: Attr<String>,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`.
    pub protocol: Attr<String>,
    /// The port.
    pub port: Attr<Option<u16>>,
    /// The TLS security policy, for HTTPS and TLS listeners.
    pub ssl_policy: Attr<Option<String>>,
    /// Whether the default action redirects to HTTPS.
    pub redirects_to_https: Attr<bool>,
}
