//! EC2 per region: security groups, EBS volumes, EBS encryption by default.

use super::{client, live, one_or_gap};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::ec2::{EbsEncryptionByDefault, Image, Instance, SecurityGroup, SecurityGroupRule, Snapshot, Volume};
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub(crate) fn tags_of(tags: &[aws_sdk_ec2::types::Tag]) -> BTreeMap<String, String> {
    tags.iter().filter_map(|t| Some((t.key()?.to_owned(), t.value().unwrap_or_default().to_owned()))).collect()
}

/// The `Name` tag, or the id when there is none.
pub(crate) fn name_tag_or(tags: &BTreeMap<String, String>, id: &str) -> String {
    tags.get("Name").cloned().unwrap_or_else(|| id.to_owned())
}

/// One rule per peer, whatever shape the API used.
fn rules(perms: &[aws_sdk_ec2::types::IpPermission]) -> Vec<SecurityGroupRule> {
    let mut out = Vec::new();
    for p in perms {
        let base = |description: Option<&str>| SecurityGroupRule {
            protocol: p.ip_protocol().unwrap_or("-1").to_owned(),
            from_port: p.from_port(),
            to_port: p.to_port(),
            cidr_ipv4: None,
            cidr_ipv6: None,
            source_group_id: None,
            prefix_list_id: None,
            description: description.map(str::to_owned),
        };
        for r in p.ip_ranges() {
            out.push(SecurityGroupRule { cidr_ipv4: r.cidr_ip().map(str::to_owned), ..base(r.description()) });
        }
        for r in p.ipv6_ranges() {
            out.push(SecurityGroupRule { cidr_ipv6: r.cidr_ipv6().map(str::to_owned), ..base(r.description()) });
        }
        for g in p.user_id_group_pairs() {
            out.push(SecurityGroupRule { source_group_id: g.group_id().map(str::to_owned), ..base(g.description()) });
        }
        for pl in p.prefix_list_ids() {
            out.push(SecurityGroupRule { prefix_list_id: pl.prefix_list_id().map(str::to_owned), ..base(pl.description()) });
        }
    }
    out
}

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let ec2 = client!(aws_sdk_ec2, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());

    let mut pages = ec2.describe_security_groups().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(sg) => {
                let id = sg.group_id().unwrap_or_default().to_owned();
                let arn = format!("arn:{}:ec2:{region}:{}:security-group/{id}", ctx.partition, ctx.account);
                part.resources.push(live(
                    &ctx,
                    Some(arn.clone()),
                    arn,
                    sg.group_name().unwrap_or(&id).to_owned(),
                    r,
                    tags_of(sg.tags()),
                    SecurityGroup {
                        group_id: Attr::Known(id),
                        vpc_id: Attr::Known(sg.vpc_id().map(str::to_owned)),
                        description: Attr::Known(sg.description().map(str::to_owned)),
                        ingress: Attr::Known(rules(sg.ip_permissions())),
                        egress: Attr::Known(rules(sg.ip_permissions_egress())),
                    },
                ));
            }
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("ec2", &ctx.account, r, &[ResourceKind::Ec2SecurityGroup], "ec2:DescribeSecurityGroups"));
                break;
            }
        }
    }

    let mut pages = ec2.describe_volumes().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(v) => {
                let id = v.volume_id().unwrap_or_default().to_owned();
                let tags = tags_of(v.tags());
                let name = name_tag_or(&tags, &id);
                let arn = format!("arn:{}:ec2:{region}:{}:volume/{id}", ctx.partition, ctx.account);
                part.resources.push(live(
                    &ctx,
                    Some(arn.clone()),
                    arn,
                    name,
                    r,
                    tags,
                    Volume {
                        volume_id: Attr::Known(id),
                        encrypted: Attr::Known(v.encrypted().unwrap_or(false)),
                        kms_key_id: Attr::Known(v.kms_key_id().map(str::to_owned)),
                        size_gib: Attr::Known(v.size().and_then(|s| u32::try_from(s).ok()).unwrap_or(0)),
                        volume_type: Attr::Known(v.volume_type().map(|t| t.as_str().to_owned()).unwrap_or_default()),
                        state: Attr::Known(v.state().map(|s| s.as_str().to_owned()).unwrap_or_default()),
                        attached_instance_ids: Attr::Known(
                            v.attachments().iter().filter_map(|a| a.instance_id().map(str::to_owned)).collect(),
                        ),
                    },
                ));
            }
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("ebs", &ctx.account, r, &[ResourceKind::Ec2Volume], "ec2:DescribeVolumes"));
                break;
            }
        }
    }

    let mut pages = ec2.describe_instances().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(reservation) => {
                for i in reservation.instances() {
                    part.resources.push(instance(&ctx, &region, i));
                }
            }
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("ec2", &ctx.account, r, &[ResourceKind::Ec2Instance], "ec2:DescribeInstances"));
                break;
            }
        }
    }

    // Only the account's own snapshots (the owner filter, not OwnerIds alone,
    // which some endpoints ignore), each with its create-volume permission.
    let mut pages = ec2
        .describe_snapshots()
        .owner_ids("self")
        .filters(aws_sdk_ec2::types::Filter::builder().name("owner-id").values(ctx.account.clone()).build())
        .into_paginator()
        .items()
        .send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(snap) => part.resources.push(snapshot(&ctx, &ec2, &region, &snap).await),
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("ebs", &ctx.account, r, &[ResourceKind::Ec2Snapshot], "ec2:DescribeSnapshots"));
                break;
            }
        }
    }

    let enabled = match ec2.get_ebs_encryption_by_default().send().await {
        Ok(out) => Attr::Known(out.ebs_encryption_by_default().unwrap_or(false)),
        Err(e) => CallError::from_sdk(&e).unknown("ec2:GetEbsEncryptionByDefault"),
    };
    let kms_key_id = match ec2.get_ebs_default_kms_key_id().send().await {
        Ok(out) => Attr::Known(out.kms_key_id().map(str::to_owned)),
        Err(e) => CallError::from_sdk(&e).unknown("ec2:GetEbsDefaultKmsKeyId"),
    };
    part.resources.push(live(
        &ctx,
        None,
        format!("{}/{region}/ec2/ebs-encryption-by-default", ctx.account),
        format!("EBS encryption by default ({region})"),
        r,
        BTreeMap::new(),
        EbsEncryptionByDefault { enabled, kms_key_id },
    ));
    part
}

fn instance(ctx: &Ctx, region: &str, i: &aws_sdk_ec2::types::Instance) -> onus_model::Resource {
    let id = i.instance_id().unwrap_or_default().to_owned();
    let tags = tags_of(i.tags());
    let name = name_tag_or(&tags, &id);
    let arn = format!("arn:{}:ec2:{region}:{}:instance/{id}", ctx.partition, ctx.account);
    let metadata = i.metadata_options();
    live(
        ctx,
        Some(arn.clone()),
        arn,
        name,
        Some(region),
        tags,
        Instance {
            instance_id: Attr::Known(id),
            state: Attr::Known(i.state().and_then(|s| s.name()).map(|n| n.as_str().to_owned()).unwrap_or_default()),
            image_id: Attr::Known(i.image_id().map(str::to_owned)),
            instance_type: Attr::Known(i.instance_type().map(|t| t.as_str().to_owned()).unwrap_or_default()),
            // An absent metadata block means the API did not say: unknown, not "optional".
            metadata_http_tokens: metadata
                .and_then(|m| m.http_tokens())
                .map_or_else(|| Attr::unknown(onus_model::UnknownCause::NotCollected), |t| Attr::Known(t.as_str().to_owned())),
            metadata_http_endpoint: metadata
                .and_then(|m| m.http_endpoint())
                .map_or_else(|| Attr::unknown(onus_model::UnknownCause::NotCollected), |t| Attr::Known(t.as_str().to_owned())),
            public_ip: Attr::Known(i.public_ip_address().map(str::to_owned)),
            iam_instance_profile_arn: Attr::Known(i.iam_instance_profile().and_then(|p| p.arn()).map(str::to_owned)),
            subnet_id: Attr::Known(i.subnet_id().map(str::to_owned)),
            vpc_id: Attr::Known(i.vpc_id().map(str::to_owned)),
            security_group_ids: Attr::Known(i.security_groups().iter().filter_map(|g| g.group_id().map(str::to_owned)).collect()),
        },
    )
}

async fn snapshot(ctx: &Ctx, ec2: &aws_sdk_ec2::Client, region: &str, snap: &aws_sdk_ec2::types::Snapshot) -> onus_model::Resource {
    let id = snap.snapshot_id().unwrap_or_default().to_owned();
    let tags = tags_of(snap.tags());
    let name = name_tag_or(&tags, &id);
    let arn = format!("arn:{}:ec2:{region}:{}:snapshot/{id}", ctx.partition, ctx.account);
    let permission = ec2
        .describe_snapshot_attribute()
        .snapshot_id(&id)
        .attribute(aws_sdk_ec2::types::SnapshotAttributeName::CreateVolumePermission)
        .send()
        .await;
    let (public, shared_with_accounts) = match permission {
        Ok(out) => {
            let perms = out.create_volume_permissions();
            (
                Attr::Known(perms.iter().any(|p| p.group().is_some_and(|g| g.as_str() == "all"))),
                Attr::Known(perms.iter().filter_map(|p| p.user_id().map(str::to_owned)).collect()),
            )
        }
        Err(e) => {
            let err = CallError::from_sdk(&e);
            (err.unknown("ec2:DescribeSnapshotAttribute"), err.unknown("ec2:DescribeSnapshotAttribute"))
        }
    };
    live(
        ctx,
        Some(arn.clone()),
        arn,
        name,
        Some(region),
        tags,
        Snapshot {
            snapshot_id: Attr::Known(id),
            volume_id: Attr::Known(snap.volume_id().map(str::to_owned)),
            encrypted: Attr::Known(snap.encrypted().unwrap_or(false)),
            public,
            shared_with_accounts,
        },
    )
}

/// The account's own AMIs, each with its launch permission.
pub async fn collect_images(ctx: Arc<Ctx>, region: String) -> Part {
    let ec2 = client!(aws_sdk_ec2, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let images = one_or_gap!(part, ctx, "ec2", r, &[ResourceKind::Ec2Image], "ec2:DescribeImages", ec2.describe_images().owners("self").send());
    for img in images.images() {
        let id = img.image_id().unwrap_or_default().to_owned();
        let tags = tags_of(img.tags());
        let name = img.name().map(str::to_owned).unwrap_or_else(|| name_tag_or(&tags, &id));
        let arn = format!("arn:{}:ec2:{region}::image/{id}", ctx.partition);
        let permission = ec2
            .describe_image_attribute()
            .image_id(&id)
            .attribute(aws_sdk_ec2::types::ImageAttributeName::LaunchPermission)
            .send()
            .await;
        let (public, shared_with_accounts) = match permission {
            Ok(out) => {
                let perms = out.launch_permissions();
                (
                    Attr::Known(perms.iter().any(|p| p.group().is_some_and(|g| g.as_str() == "all")) || img.public().unwrap_or(false)),
                    Attr::Known(perms.iter().filter_map(|p| p.user_id().map(str::to_owned)).collect()),
                )
            }
            Err(e) => {
                let err = CallError::from_sdk(&e);
                // DescribeImages' own flag still answers "public".
                (img.public().map_or_else(|| err.unknown("ec2:DescribeImageAttribute"), Attr::Known), err.unknown("ec2:DescribeImageAttribute"))
            }
        };
        let ebs: Vec<_> = img.block_device_mappings().iter().filter_map(|m| m.ebs()).collect();
        let encrypted = Attr::Known(!ebs.is_empty() && ebs.iter().all(|e| e.encrypted().unwrap_or(false)));
        let created = Attr::Known(img.creation_date().and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok()).map(|d| d.with_timezone(&chrono::Utc)));
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, tags, Image {
            image_id: Attr::Known(id),
            state: Attr::Known(img.state().map(|s| s.as_str().to_owned()).unwrap_or_default()),
            created,
            public,
            shared_with_accounts,
            encrypted,
        }));
    }
    part
}
