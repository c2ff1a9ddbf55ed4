//! One module per service. Each `collect` returns the resources it read and
//! the gaps it met; none returns an error.

pub mod cloudtrail;
pub mod dynamodb;
pub mod ec2;
pub mod elbv2;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod s3;

use crate::Ctx;
use aws_config::Region;
use onus_model::{Properties, Provenance, Resource};
use std::collections::BTreeMap;

/// Builds a service client for `region` with the call log attached.
macro_rules! client {
    ($sdk:ident, $ctx:expr, $region:expr) => {{
        let conf = $sdk::config::Builder::from(&$ctx.sdk)
            .region(::aws_config::Region::new($region.to_owned()))
            .interceptor($ctx.calls.clone())
            .build();
        $sdk::Client::from_conf(conf)
    }};
}
pub(crate) use client;

/// A live resource.
pub(crate) fn live(
    ctx: &Ctx,
    arn: Option<String>,
    id: String,
    name: String,
    region: Option<&str>,
    tags: BTreeMap<String, String>,
    properties: impl Into<Properties>,
) -> Resource {
    Resource {
        id,
        name,
        account: Some(ctx.account.clone()),
        region: region.map(str::to_owned),
        tags,
        provenance: Provenance::Live {
            arn,
            account: ctx.account.clone(),
            region: region.map(str::to_owned),
        },
        attribute_spans: BTreeMap::new(),
        properties: properties.into(),
    }
}

/// The region a client for global services should use.
pub(crate) fn region_of(region: &str) -> Region {
    Region::new(region.to_owned())
}

/// Converts an SDK timestamp.
pub(crate) fn to_chrono(t: &aws_smithy_types::DateTime) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

/// A policy document as returned by a service: parsed JSON, or the raw text
/// when it is not JSON (checks then report it as unreadable, never as fine).
pub(crate) fn policy_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
}

/// The four public-access-block switches; an absent switch is off.
pub(crate) fn public_access_block(
    block_public_acls: Option<bool>,
    ignore_public_acls: Option<bool>,
    block_public_policy: Option<bool>,
    restrict_public_buckets: Option<bool>,
) -> onus_model::resources::s3::PublicAccessBlock {
    onus_model::resources::s3::PublicAccessBlock {
        block_public_acls: block_public_acls.unwrap_or(false),
        ignore_public_acls: ignore_public_acls.unwrap_or(false),
        block_public_policy: block_public_policy.unwrap_or(false),
        restrict_public_buckets: restrict_public_buckets.unwrap_or(false),
    }
}
