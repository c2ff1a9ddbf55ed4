//! CloudTrail trails, each collected once in its home region.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::cloudtrail::{EventSelectors, Trail};
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
        let event_selectors = match ct.get_event_selectors().trail_name(&arn).send().await {
            // AWS always answers with at least the default selector; an empty
            // answer (some emulators) says nothing about what is recorded.
            Ok(out) if out.event_selectors().is_empty() && out.advanced_event_selectors().is_empty() => {
                Attr::unknown_because(onus_model::UnknownCause::CallFailed, "cloudtrail:GetEventSelectors returned no selectors at all")
            }
            Ok(out) => Attr::Known(event_selectors(&out)),
            Err(e) => CallError::from_sdk(&e).unknown("cloudtrail:GetEventSelectors"),
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
                event_selectors,
            },
        ));
    }
    part
}

/// What the selectors record. Basic selectors name a read/write type and data
/// resources; advanced ones are field conditions (`eventCategory`,
/// `readOnly`, `resources.type`).
fn event_selectors(out: &aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput) -> EventSelectors {
    let mut result = EventSelectors::default();
    for s in out.event_selectors() {
        if s.include_management_events().unwrap_or(true) {
            let rw = s.read_write_type().map(|t| t.as_str()).unwrap_or("All");
            result.management_events = Some(merge_read_write(result.management_events.take(), rw));
        }
        for d in s.data_resources() {
            if let Some(t) = d.r#type() {
                result.data_event_resource_types.push(t.to_owned());
            }
        }
    }
    for adv in out.advanced_event_selectors() {
        result.advanced = true;
        let field = |name: &str| adv.field_selectors().iter().find(|f| f.field() == name);
        let category = field("eventCategory").map(|f| f.equals().to_vec()).unwrap_or_default();
        if category.iter().any(|c| c == "Management") {
            let rw = match field("readOnly").map(|f| f.equals()) {
                Some([v]) if v == "true" => "ReadOnly",
                Some([v]) if v == "false" => "WriteOnly",
                _ => "All",
            };
            result.management_events = Some(merge_read_write(result.management_events.take(), rw));
        } else if category.iter().any(|c| c == "Data") {
            if let Some(types) = field("resources.type") {
                result.data_event_resource_types.extend(types.equals().iter().cloned());
            }
        }
    }
    result.data_event_resource_types.sort();
    result.data_event_resource_types.dedup();
    result
}

fn merge_read_write(current: Option<String>, new: &str) -> String {
    match current.as_deref() {
        None => new.to_owned(),
        Some(c) if c == new => c.to_owned(),
        _ => "All".to_owned(),
    }
}
