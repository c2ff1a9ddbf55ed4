//! CloudTrail trails, each collected once in its home region.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::cloudtrail::Trail;
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let ct = client!(aws_sdk_cloudtrail, ctx, &region);
    let mut part = Part::default();
    // Without shadow trails each trail appears only in its home region, so
    // scanning several regions never counts a multi-region trail twice.
    let trails = match ct.describe_trails().include_shadow_trails(false).send().await {
        Ok(out) => out.trail_list().to_vec(),
        Err(e) => {
            part.gaps.push(CallError::from_sdk(&e).gap("cloudtrail", &ctx.account, Some(&region), &[ResourceKind::CloudTrailTrail], "cloudtrail:DescribeTrails"));
            return part;
        }
    };
    for t in trails {
        let name = t.name().unwrap_or_default().to_owned();
        let arn = t.trail_arn().map(str::to_owned).unwrap_or_else(|| {
            format!("arn:{}:cloudtrail:{region}:{}:trail/{name}", ctx.partition, ctx.account)
        });
        let is_logging = match ct.get_trail_status().name(&arn).send().await {
            Ok(s) => Attr::Known(s.is_logging().unwrap_or(false)),
            Err(e) => CallError::from_sdk(&e).unknown("cloudtrail:GetTrailStatus"),
        };
        let home = t.home_region().unwrap_or(&region).to_owned();
        part.resources.push(live(
            &ctx,
            Some(arn.clone()),
            arn,
            name,
            Some(&home),
            BTreeMap::new(),
            Trail {
                home_region: Attr::Known(home.clone()),
                is_multi_region: Attr::Known(t.is_multi_region_trail().unwrap_or(false)),
                is_organization_trail: Attr::Known(t.is_organization_trail().unwrap_or(false)),
                is_logging,
                include_global_service_events: Attr::Known(t.include_global_service_events().unwrap_or(false)),
                log_file_validation_enabled: Attr::Known(t.log_file_validation_enabled().unwrap_or(false)),
                kms_key_id: Attr::Known(t.kms_key_id().map(str::to_owned)),
                s3_bucket_name: Attr::Known(t.s3_bucket_name().map(str::to_owned)),
                cloudwatch_logs_log_group_arn: Attr::Known(t.cloud_watch_logs_log_group_arn().map(str::to_owned)),
            },
        ));
    }
    part
}
