//! RDS DB instances per region.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::rds::{DbCluster, DbClusterSnapshot, DbInstance, DbSnapshot};
use onus_model::{Attr, ResourceKind};
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let rds = client!(aws_sdk_rds, ctx, &region);
    let mut part = Part::default();
    let mut pages = rds.describe_db_instances().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(db) => {
                let id = db.db_instance_identifier().unwrap_or_default().to_owned();
                let arn = db
                    .db_instance_arn()
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("arn:{}:rds:{region}:{}:db:{id}", ctx.partition, ctx.account));
                let tags = db
                    .tag_list()
                    .iter()
                    .filter_map(|t| Some((t.key()?.to_owned(), t.value().unwrap_or_default().to_owned())))
                    .collect();
                part.resources.push(live(
                    &ctx,
                    Some(arn.clone()),
                    arn,
                    id,
                    Some(&region),
                    tags,
                    DbInstance {
                        engine: Attr::Known(db.engine().unwrap_or_default().to_owned()),
                        engine_version: Attr::Known(db.engine_version().map(str::to_owned)),
                        instance_class: Attr::Known(db.db_instance_class().unwrap_or_default().to_owned()),
                        storage_encrypted: Attr::Known(db.storage_encrypted().unwrap_or(false)),
                        kms_key_id: Attr::Known(db.kms_key_id().map(str::to_owned)),
                        publicly_accessible: Attr::Known(db.publicly_accessible().unwrap_or(false)),
                        multi_az: Attr::Known(db.multi_az().unwrap_or(false)),
                        backup_retention_period: Attr::Known(
                            db.backup_retention_period().and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
                        ),
                        deletion_protection: Attr::Known(db.deletion_protection().unwrap_or(false)),
                        auto_minor_version_upgrade: Attr::Known(db.auto_minor_version_upgrade().unwrap_or(false)),
                        iam_database_authentication_enabled: Attr::Known(
                            db.iam_database_authentication_enabled().unwrap_or(false),
                        ),
                        db_cluster_identifier: Attr::Known(db.db_cluster_identifier().map(str::to_owned)),
                    },
                ));
            }
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("rds", &ctx.account, Some(&region), &[ResourceKind::RdsDbInstance], "rds:DescribeDBInstances"));
                break;
            }
        }
    }
    collect_snapshots(&ctx, &rds, &region, &mut part).await;
    collect_clusters(&ctx, &rds, &region, &mut part).await;
    part
}

/// DB clusters (Aurora, Multi-AZ clusters) and their manual snapshots.
async fn collect_clusters(ctx: &Ctx, rds: &aws_sdk_rds::Client, region: &str, part: &mut Part) {
    let mut pages = rds.describe_db_clusters().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        let c = match item {
            Ok(c) => c,
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("rds", &ctx.account, Some(region), &[ResourceKind::RdsDbCluster], "rds:DescribeDBClusters"));
                break;
            }
        };
        let id = c.db_cluster_identifier().unwrap_or_default().to_owned();
        let arn = c.db_cluster_arn().map(str::to_owned).unwrap_or_else(|| format!("arn:{}:rds:{region}:{}:cluster:{id}", ctx.partition, ctx.account));
        let tags = c.tag_list().iter().filter_map(|t| Some((t.key()?.to_owned(), t.value().unwrap_or_default().to_owned()))).collect();
        part.resources.push(live(ctx, Some(arn.clone()), arn, id, Some(region), tags, DbCluster {
            engine: Attr::Known(c.engine().unwrap_or_default().to_owned()),
            engine_version: Attr::Known(c.engine_version().map(str::to_owned)),
            storage_encrypted: Attr::Known(c.storage_encrypted().unwrap_or(false)),
            kms_key_id: Attr::Known(c.kms_key_id().map(str::to_owned)),
            backup_retention_period: Attr::Known(c.backup_retention_period().and_then(|d| u32::try_from(d).ok()).unwrap_or(0)),
            deletion_protection: Attr::Known(c.deletion_protection().unwrap_or(false)),
            iam_database_authentication_enabled: Attr::Known(c.iam_database_authentication_enabled().unwrap_or(false)),
            multi_az: Attr::Known(c.multi_az().unwrap_or(false)),
            enabled_cloudwatch_logs_exports: Attr::Known(c.enabled_cloudwatch_logs_exports().to_vec()),
            members: Attr::Known(c.db_cluster_members().iter().filter_map(|m| m.db_instance_identifier().map(str::to_owned)).collect()),
        }));
    }

    let mut pages = rds.describe_db_cluster_snapshots().snapshot_type("manual").into_paginator().items().send();
    while let Some(item) = pages.next().await {
        let snap = match item {
            Ok(s) => s,
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("rds", &ctx.account, Some(region), &[ResourceKind::RdsDbClusterSnapshot], "rds:DescribeDBClusterSnapshots"));
                return;
            }
        };
        let id = snap.db_cluster_snapshot_identifier().unwrap_or_default().to_owned();
        let arn = snap
            .db_cluster_snapshot_arn()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("arn:{}:rds:{region}:{}:cluster-snapshot:{id}", ctx.partition, ctx.account));
        let (public, shared_with_accounts) = match rds.describe_db_cluster_snapshot_attributes().db_cluster_snapshot_identifier(&id).send().await {
            Ok(out) => {
                let restore: Vec<String> = out
                    .db_cluster_snapshot_attributes_result()
                    .map(|r| r.db_cluster_snapshot_attributes())
                    .unwrap_or_default()
                    .iter()
                    .filter(|a| a.attribute_name() == Some("restore"))
                    .flat_map(|a| a.attribute_values().iter().cloned())
                    .collect();
                (Attr::Known(restore.iter().any(|v| v == "all")), Attr::Known(restore.into_iter().filter(|v| v != "all").collect()))
            }
            Err(e) => {
                let err = CallError::from_sdk(&e);
                (err.unknown("rds:DescribeDBClusterSnapshotAttributes"), err.unknown("rds:DescribeDBClusterSnapshotAttributes"))
            }
        };
        part.resources.push(live(ctx, Some(arn.clone()), arn, id, Some(region), std::collections::BTreeMap::new(), DbClusterSnapshot {
            db_cluster_identifier: Attr::Known(snap.db_cluster_identifier().map(str::to_owned)),
            snapshot_type: Attr::Known(snap.snapshot_type().unwrap_or("manual").to_owned()),
            encrypted: Attr::Known(snap.storage_encrypted().unwrap_or(false)),
            public,
            shared_with_accounts,
        }));
    }
}

/// Manual snapshots (automated ones cannot be shared), with who may restore them.
async fn collect_snapshots(ctx: &Ctx, rds: &aws_sdk_rds::Client, region: &str, part: &mut Part) {
    let mut pages = rds.describe_db_snapshots().snapshot_type("manual").into_paginator().items().send();
    while let Some(item) = pages.next().await {
        let snap = match item {
            Ok(s) => s,
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("rds", &ctx.account, Some(region), &[ResourceKind::RdsDbSnapshot], "rds:DescribeDBSnapshots"));
                return;
            }
        };
        let id = snap.db_snapshot_identifier().unwrap_or_default().to_owned();
        let arn = snap
            .db_snapshot_arn()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("arn:{}:rds:{region}:{}:snapshot:{id}", ctx.partition, ctx.account));
        let (public, shared_with_accounts) = match rds.describe_db_snapshot_attributes().db_snapshot_identifier(&id).send().await {
            Ok(out) => {
                let restore: Vec<String> = out
                    .db_snapshot_attributes_result()
                    .map(|r| r.db_snapshot_attributes())
                    .unwrap_or_default()
                    .iter()
                    .filter(|a| a.attribute_name() == Some("restore"))
                    .flat_map(|a| a.attribute_values().iter().cloned())
                    .collect();
                (
                    Attr::Known(restore.iter().any(|v| v == "all")),
                    Attr::Known(restore.into_iter().filter(|v| v != "all").collect()),
                )
            }
            Err(e) => {
                let err = CallError::from_sdk(&e);
                (err.unknown("rds:DescribeDBSnapshotAttributes"), err.unknown("rds:DescribeDBSnapshotAttributes"))
            }
        };
        part.resources.push(live(
            ctx,
            Some(arn.clone()),
            arn,
            id,
            Some(region),
            std::collections::BTreeMap::new(),
            DbSnapshot {
                db_instance_identifier: Attr::Known(snap.db_instance_identifier().map(str::to_owned)),
                snapshot_type: Attr::Known(snap.snapshot_type().unwrap_or("manual").to_owned()),
                encrypted: Attr::Known(snap.encrypted().unwrap_or(false)),
                public,
                shared_with_accounts,
            },
        ));
    }
}
