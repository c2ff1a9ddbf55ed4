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
