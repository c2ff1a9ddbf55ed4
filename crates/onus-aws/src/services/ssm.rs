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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::recorded::{ctx, error_meta};
    use aws_sdk_ssm::operation::describe_instance_information::DescribeInstanceInformationOutput;
    use aws_sdk_ssm::operation::describe_instance_patch_states::{DescribeInstancePatchStatesError, DescribeInstancePatchStatesOutput};
    use aws_sdk_ssm::types::{InstanceInformation, InstancePatchState, PatchOperationType, PingStatus};
    use aws_sdk_ssm::Client;
    use aws_smithy_mocks::mock;
    use aws_smithy_types::DateTime;
    use onus_model::UnknownCause;

    fn instances() -> aws_smithy_mocks::Rule {
        mock!(Client::describe_instance_information).then_output(|| {
            DescribeInstanceInformationOutput::builder()
                .instance_information_list(
                    InstanceInformation::builder()
                        .instance_id("i-0aaa")
                        .computer_name("ip-10-0-1-12.eu-west-1.compute.internal")
                        .ping_status(PingStatus::Online)
                        .platform_name("Amazon Linux")
                        .agent_version("3.3.40.0")
                        .build(),
                )
                .instance_information_list(InstanceInformation::builder().instance_id("mi-0bbb").ping_status(PingStatus::ConnectionLost).build())
                .build()
        })
    }

    fn props(part: &Part, id: &str) -> ManagedInstance {
        part.resources
            .iter()
            .filter_map(|r| r.props::<ManagedInstance>())
            .find(|m| m.instance_id == Attr::Known(id.to_owned()))
            .cloned()
            .unwrap_or_else(|| panic!("{id} not collected"))
    }

    #[tokio::test]
    async fn instances_with_and_without_a_patch_scan() {
        let states = mock!(Client::describe_instance_patch_states).then_output(|| {
            DescribeInstancePatchStatesOutput::builder()
                .instance_patch_states(
                    InstancePatchState::builder()
                        .instance_id("i-0aaa")
                        .patch_group("prod")
                        .baseline_id("pb-0123")
                        .operation(PatchOperationType::Scan)
                        .operation_start_time(DateTime::from_secs(1_790_000_000))
                        .operation_end_time(DateTime::from_secs(1_790_000_600))
                        .missing_count(3)
                        .failed_count(0)
                        .critical_non_compliant_count(1)
                        .security_non_compliant_count(2)
                        .build()
                        .unwrap_or_else(|e| panic!("{e}")),
                )
                .build()
        });
        let part = collect(ctx(&[&instances(), &states]), "eu-west-1".to_owned()).await;
        assert!(part.gaps.is_empty(), "{:?}", part.gaps);
        assert_eq!(part.resources.len(), 2);
        let scanned = props(&part, "i-0aaa");
        let Attr::Known(Some(state)) = &scanned.patch_state else { panic!("{:?}", scanned.patch_state) };
        assert_eq!((state.missing_count, state.critical_non_compliant_count, state.security_non_compliant_count), (3, 1, 2));
        assert_eq!(state.operation, "Scan");
        assert_eq!(scanned.ping_status, Attr::Known("Online".to_owned()));
        // Never scanned is a known answer: no patch state at all.
        assert_eq!(props(&part, "mi-0bbb").patch_state, Attr::Known(None));
        let hybrid = part.resources.iter().find(|r| r.name == "mi-0bbb").unwrap_or_else(|| panic!("hybrid instance"));
        assert!(hybrid.id.contains(":managed-instance/mi-0bbb"), "{}", hybrid.id);
    }

    #[tokio::test]
    async fn denied_patch_states_are_unknown_not_clean() {
        let denied = mock!(Client::describe_instance_patch_states)
            .then_error(|| DescribeInstancePatchStatesError::generic(error_meta("AccessDeniedException", "not authorized to perform ssm:DescribeInstancePatchStates")));
        let part = collect(ctx(&[&instances(), &denied]), "eu-west-1".to_owned()).await;
        let scanned = props(&part, "i-0aaa");
        let Attr::Unknown(unknown) = &scanned.patch_state else { panic!("{:?}", scanned.patch_state) };
        assert_eq!(unknown.unknown.cause, UnknownCause::AccessDenied);
    }

    #[tokio::test]
    async fn a_failed_listing_is_a_gap() {
        let denied = mock!(Client::describe_instance_information).then_error(|| {
            aws_sdk_ssm::operation::describe_instance_information::DescribeInstanceInformationError::generic(error_meta("AccessDeniedException", "denied"))
        });
        let part = collect(ctx(&[&denied]), "eu-west-1".to_owned()).await;
        assert!(part.resources.is_empty());
        assert_eq!(part.gaps.len(), 1);
        assert_eq!(part.gaps[0].reason, onus_model::GapReason::AccessDenied);
        assert_eq!(part.gaps[0].api_call.as_deref(), Some("ssm:DescribeInstanceInformation"));
    }
}
