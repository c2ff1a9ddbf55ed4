//! EFS file systems per region.

use super::{all_or_gap, client, live, policy_json, tag_map};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::efs::FileSystem;
use onus_model::{Attr, ResourceKind};
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let efs = client!(aws_sdk_efs, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let systems = all_or_gap!(part, ctx, "efs", r, &[ResourceKind::EfsFileSystem], "elasticfilesystem:DescribeFileSystems", efs.describe_file_systems().into_paginator().items().send());
    for fs in systems {
        let id = fs.file_system_id().to_owned();
        let arn = fs.file_system_arn().map(str::to_owned).unwrap_or_else(|| format!("arn:{}:elasticfilesystem:{region}:{}:file-system/{id}", ctx.partition, ctx.account));
        let automatic_backups = match efs.describe_backup_policy().file_system_id(&id).send().await {
            Ok(out) => Attr::Known(out.backup_policy().is_some_and(|p| p.status().as_str() == "ENABLED")),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                if err.is_code(&["PolicyNotFound"]) { Attr::Known(false) } else { err.unknown("elasticfilesystem:DescribeBackupPolicy") }
            }
        };
        let policy = match efs.describe_file_system_policy().file_system_id(&id).send().await {
            Ok(out) => Attr::Known(out.policy().map(policy_json)),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                if err.is_code(&["PolicyNotFound"]) { Attr::Known(None) } else { err.unknown("elasticfilesystem:DescribeFileSystemPolicy") }
            }
        };
        let name = fs.name().map(str::to_owned).unwrap_or_else(|| id.clone());
        let tags = tag_map(fs.tags().iter().map(|t| (t.key(), t.value())));
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, tags, FileSystem {
            file_system_id: Attr::Known(id),
            encrypted: Attr::Known(fs.encrypted().unwrap_or(false)),
            kms_key_id: Attr::Known(fs.kms_key_id().map(str::to_owned)),
            automatic_backups,
            policy,
        }));
    }
    part
}
