//! GuardDuty per region: the detector, or a record that there is none.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::guardduty::Detector;
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let gd = client!(aws_sdk_guardduty, ctx, &region);
    let mut part = Part::default();
    let ids = match gd.list_detectors().send().await {
        Ok(out) => out.detector_ids().to_vec(),
        Err(e) => {
            part.gaps.push(CallError::from_sdk(&e).gap("guardduty", &ctx.account, Some(&region), &[ResourceKind::GuardDutyDetector], "guardduty:ListDetectors"));
            return part;
        }
    };
    // One resource per account and region, so that a region without a
    // detector is a finding rather than an absence.
    let id = format!("{}/{region}/guardduty/detector", ctx.account);
    let name = format!("GuardDuty ({region})");
    let props = match ids.first() {
        None => Detector { detector_id: Attr::Known(None), enabled: Attr::Known(false), finding_publishing_frequency: Attr::Known(None) },
        Some(detector_id) => match gd.get_detector().detector_id(detector_id).send().await {
            Ok(d) => Detector {
                detector_id: Attr::Known(Some(detector_id.clone())),
                enabled: Attr::Known(d.status().is_some_and(|s| s.as_str() == "ENABLED")),
                finding_publishing_frequency: Attr::Known(d.finding_publishing_frequency().map(|f| f.as_str().to_owned())),
            },
            Err(e) => {
                let err = CallError::from_sdk(&e);
                Detector {
                    detector_id: Attr::Known(Some(detector_id.clone())),
                    enabled: err.unknown("guardduty:GetDetector"),
                    finding_publishing_frequency: err.unknown("guardduty:GetDetector"),
                }
            }
        },
    };
    let arn = ids.first().map(|d| format!("arn:{}:guardduty:{region}:{}:detector/{d}", ctx.partition, ctx.account));
    part.resources.push(live(&ctx, arn, id, name, Some(&region), BTreeMap::new(), props));
    part
}
