//! One module per service. Each `collect` returns the resources it read and
//! the gaps it met; none returns an error.

pub mod acm;
pub mod backup;
pub mod cloudtrail;
pub mod config;
pub mod containers;
pub mod dynamodb;
pub mod ec2;
pub mod efs;
pub mod elbv2;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod messaging;
pub mod organizations;
pub mod rds;
pub mod s3;
pub mod secretsmanager;
pub mod securityhub;
pub mod ssm;
pub mod vpc;
pub mod wafv2;

use crate::Ctx;
use aws_config::Region;
use onus_model::{Properties, Provenance, Resource};
use std::collections::BTreeMap;

/// Builds a service client for `region` with the call log attached.
macro_rules! client {
    ($sdk:ident, $ctx:expr, $region:expr) => {{
        let mut builder = $sdk::config::Builder::from(&$ctx.sdk)
            .region(::aws_config::Region::new($region.to_owned()))
            .interceptor($ctx.calls.clone());
        for extra in &$ctx.extra_interceptors {
            builder.push_interceptor(extra.clone());
        }
        $sdk::Client::from_conf(builder.build())
    }};
}
pub(crate) use client;

/// Drains a paginated listing (`….into_paginator().items().send()` or
/// `….into_paginator().send()`). On failure, records a collection gap for
/// `kinds` and returns `part` from the calling collector: what was not
/// listed cannot be checked, and the report must say so.
macro_rules! all_or_gap {
    ($part:ident, $ctx:expr, $service:expr, $region:expr, $kinds:expr, $op:expr, $stream:expr) => {{
        let mut items = Vec::new();
        let mut stream = $stream;
        while let Some(item) = stream.next().await {
            match item {
                Ok(i) => items.push(i),
                Err(e) => {
                    $part.gaps.push($crate::error::CallError::from_sdk(&e).gap($service, &$ctx.account, $region, $kinds, $op));
                    return $part;
                }
            }
        }
        items
    }};
}
pub(crate) use all_or_gap;

/// Sends one listing call; on failure records a gap (as [`all_or_gap`]) and returns `part`.
macro_rules! one_or_gap {
    ($part:ident, $ctx:expr, $service:expr, $region:expr, $kinds:expr, $op:expr, $call:expr) => {{
        match $call.await {
            Ok(out) => out,
            Err(e) => {
                $part.gaps.push($crate::error::CallError::from_sdk(&e).gap($service, &$ctx.account, $region, $kinds, $op));
                return $part;
            }
        }
    }};
}
pub(crate) use one_or_gap;

/// The value a per-resource call yields, or an unknown naming the operation.
pub(crate) fn known_or_unknown<O, E, T>(
    result: Result<O, aws_smithy_runtime_api::client::result::SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>>,
    operation: &str,
    read: impl FnOnce(O) -> T,
) -> onus_model::Attr<T>
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match result {
        Ok(out) => onus_model::Attr::Known(read(out)),
        Err(e) => crate::error::CallError::from_sdk(&e).unknown(operation),
    }
}

/// Tags as a map.
pub(crate) fn tag_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

#[cfg(test)]
pub(crate) mod recorded;

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
        attribute_files: BTreeMap::new(),
        suppressions: Vec::new(),
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
