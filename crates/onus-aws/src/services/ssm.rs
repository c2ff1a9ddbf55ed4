//! Systems Manager per region: managed instances and their patch state.

use super::{all_or_gap, client, live, to_chrono};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::ssm::{ManagedInstance, PatchState};
use onus_model::{Attr, ResourceKind};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// DescribeInstancePatchStates takes at most 50 instance ids per call.
const PATCH_STATE_BATCH: usize = 50;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let ssm = client!(aws_sdk_ssm, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let infos = all_or_gap!(part, ctx, "ssm", r, &[ResourceKind::SsmManagedInstance], "ssm:DescribeInstanceInformation", ssm.describe_instance_information().into_paginator().items().send());
    let ids: Vec<String> = infos.iter().filter_map(|i| i.instance_id().map(str::to_owned)).collect();

    let mut states: HashMap<String, PatchState> = HashMap::new();
    let mut failed: Option<CallError> = None;
    for batch in ids.chunks(PATCH_STATE_BATCH) {
        let mut stream = ssm.describe_instance_patch_states().set_instance_ids(Some(batch.to_vec())).into_paginator().items().send();
        while let Some(item) = stream.next().await {
            match item {
                Ok(s) => {
                    let Some(end) = to_chrono(s.operation_end_time()) else { continue };
                    states.insert(s.instance_id().to_owned(), PatchState {
                        operation: s.operation().as_str().to_owned(),
                        operation_end_time: end,
                        missing_count: s.missing_count(),
                        failed_count: s.failed_count(),
                        critical_non_compliant_count: s.critical_non_compliant_count().unwrap_or(0),
                        security_non_compliant_count: s.security_non_compliant_count().unwrap_or(0),
                    });
                }
                Err(e) => {
                    failed = Some(CallError::from_sdk(&e));
                    break;
                }
            }
        }
    }

    for info in infos {
        let Some(id) = info.instance_id().map(str::to_owned) else { continue };
        let arn = if id.starts_with("mi-") {
            format!("arn:{}:ssm:{region}:{}:managed-instance/{id}", ctx.partition, ctx.account)
        } else {
            format!("arn:{}:ec2:{region}:{}:instance/{id}", ctx.partition, ctx.account)
        };
        let patch_state = match &failed {
            Some(err) => err.unknown("ssm:DescribeInstancePatchStates"),
            None => Attr::Known(states.get(&id).cloned()),
        };
        let name = info.computer_name().map(str::to_owned).unwrap_or_else(|| id.clone());
        // Keyed apart from the EC2 instance itself: the same instance seen by another service.
        part.resources.push(live(&ctx, Some(arn.clone()), format!("{arn}#ssm"), name, r, BTreeMap::new(), ManagedInstance {
            instance_id: Attr::Known(id),
            ping_status: Attr::Known(info.ping_status().map(|p| p.as_str().to_owned()).unwrap_or_default()),
            platform_name: Attr::Known(info.platform_name().map(str::to_owned)),
            agent_version: Attr::Known(info.agent_version().map(str::to_owned)),
            patch_state,
        }));
    }
    part
}
