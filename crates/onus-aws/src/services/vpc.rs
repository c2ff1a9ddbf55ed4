//! VPC per region: VPCs with their flow logs, network ACLs.

use super::ec2::{name_tag_or, tags_of};
use super::{all_or_gap, client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::ec2::{FlowLog, NetworkAcl, NetworkAclEntry, Vpc};
use onus_model::{Attr, ResourceKind};
use std::collections::HashMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let ec2 = client!(aws_sdk_ec2, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());

    // Flow logs first, joined to VPCs by resource id; a failure leaves every
    // VPC's flow logs unknown rather than "none".
    let flow_logs: Attr<HashMap<String, Vec<FlowLog>>> = {
        let mut stream = ec2.describe_flow_logs().into_paginator().items().send();
        let mut by_resource: HashMap<String, Vec<FlowLog>> = HashMap::new();
        let mut failed = None;
        while let Some(item) = stream.next().await {
            match item {
                Ok(f) => {
                    let Some(resource) = f.resource_id() else { continue };
                    by_resource.entry(resource.to_owned()).or_default().push(FlowLog {
                        id: f.flow_log_id().unwrap_or_default().to_owned(),
                        status: f.flow_log_status().unwrap_or_default().to_owned(),
                        traffic_type: f.traffic_type().map(|t| t.as_str().to_owned()).unwrap_or_default(),
                        destination_type: f.log_destination_type().map(|t| t.as_str().to_owned()).unwrap_or_default(),
                    });
                }
                Err(e) => {
                    failed = Some(CallError::from_sdk(&e));
                    break;
                }
            }
        }
        match failed {
            Some(err) => err.unknown("ec2:DescribeFlowLogs"),
            None => Attr::Known(by_resource),
        }
    };

    let vpcs = all_or_gap!(part, ctx, "vpc", r, &[ResourceKind::Ec2Vpc], "ec2:DescribeVpcs", ec2.describe_vpcs().into_paginator().items().send());
    for v in vpcs {
        let id = v.vpc_id().unwrap_or_default().to_owned();
        let tags = tags_of(v.tags());
        let name = name_tag_or(&tags, &id);
        let arn = format!("arn:{}:ec2:{region}:{}:vpc/{id}", ctx.partition, ctx.account);
        let logs = match &flow_logs {
            Attr::Known(map) => Attr::Known(map.get(&id).cloned().unwrap_or_default()),
            Attr::Unknown(u) => Attr::Unknown(u.clone()),
        };
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, tags, Vpc {
            vpc_id: Attr::Known(id),
            cidr_block: Attr::Known(v.cidr_block().map(str::to_owned)),
            is_default: Attr::Known(v.is_default().unwrap_or(false)),
            flow_logs: logs,
        }));
    }

    let acls = all_or_gap!(part, ctx, "vpc", r, &[ResourceKind::Ec2NetworkAcl], "ec2:DescribeNetworkAcls", ec2.describe_network_acls().into_paginator().items().send());
    for acl in acls {
        let id = acl.network_acl_id().unwrap_or_default().to_owned();
        let tags = tags_of(acl.tags());
        let name = name_tag_or(&tags, &id);
        let arn = format!("arn:{}:ec2:{region}:{}:network-acl/{id}", ctx.partition, ctx.account);
        let mut entries: Vec<NetworkAclEntry> = acl
            .entries()
            .iter()
            .map(|e| NetworkAclEntry {
                rule_number: e.rule_number().unwrap_or(32767),
                protocol: e.protocol().unwrap_or("-1").to_owned(),
                rule_action: e.rule_action().map(|a| a.as_str().to_owned()).unwrap_or_default(),
                egress: e.egress().unwrap_or(false),
                cidr_ipv4: e.cidr_block().map(str::to_owned),
                cidr_ipv6: e.ipv6_cidr_block().map(str::to_owned),
                from_port: e.port_range().and_then(|p| p.from()),
                to_port: e.port_range().and_then(|p| p.to()),
            })
            .collect();
        entries.sort_by_key(|e| (e.egress, e.rule_number));
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, tags, NetworkAcl {
            network_acl_id: Attr::Known(id),
            vpc_id: Attr::Known(acl.vpc_id().map(str::to_owned)),
            is_default: Attr::Known(acl.is_default().unwrap_or(false)),
            subnet_ids: Attr::Known(acl.associations().iter().filter_map(|a| a.subnet_id().map(str::to_owned)).collect()),
            entries: Attr::Known(entries),
        }));
    }
    part
}
