//! AWS Config per region: the configuration recorder and its delivery channel.

use super::{client, live, one_or_gap};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::config::ConfigurationRecorder;
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let config = client!(aws_sdk_config, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let kinds = &[ResourceKind::ConfigConfigurationRecorder];
    let recorders = one_or_gap!(part, ctx, "config", r, kinds, "config:DescribeConfigurationRecorders", config.describe_configuration_recorders().send());
    // One resource per account and region, so a region without a recorder is a finding.
    let id = format!("{}/{region}/config/recorder", ctx.account);
    let name = format!("AWS Config recorder ({region})");
    let props = match recorders.configuration_recorders().first() {
        None => ConfigurationRecorder {
            recorder_name: Attr::Known(None),
            recording: Attr::Known(false),
            all_supported: Attr::Known(false),
            include_global_resource_types: Attr::Known(false),
            delivery_s3_bucket: Attr::Known(None),
        },
        Some(rec) => {
            let rec_name = rec.name().unwrap_or_default().to_owned();
            let recording = match config.describe_configuration_recorder_status().configuration_recorder_names(&rec_name).send().await {
                Ok(out) => Attr::Known(out.configuration_recorders_status().iter().any(|s| s.recording())),
                Err(e) => CallError::from_sdk(&e).unknown("config:DescribeConfigurationRecorderStatus"),
            };
            let delivery_s3_bucket = match config.describe_delivery_channels().send().await {
                Ok(out) => Attr::Known(out.delivery_channels().first().and_then(|c| c.s3_bucket_name()).map(str::to_owned)),
                Err(e) => CallError::from_sdk(&e).unknown("config:DescribeDeliveryChannels"),
            };
            let group = rec.recording_group();
            ConfigurationRecorder {
                recorder_name: Attr::Known(Some(rec_name)),
                recording,
                all_supported: Attr::Known(group.is_none_or(|g| g.all_supported())),
                include_global_resource_types: Attr::Known(group.is_none_or(|g| g.include_global_resource_types())),
                delivery_s3_bucket,
            }
        }
    };
    part.resources.push(live(&ctx, None, id, name, r, BTreeMap::new(), props));
    part
}
