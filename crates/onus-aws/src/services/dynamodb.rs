//! DynamoDB tables per region: encryption and point-in-time recovery.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::dynamodb::Table;
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let ddb = client!(aws_sdk_dynamodb, ctx, &region);
    let mut part = Part::default();
    let mut names = Vec::new();
    let mut pages = ddb.list_tables().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(n) => names.push(n),
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("dynamodb", &ctx.account, Some(&region), &[ResourceKind::DynamoDbTable], "dynamodb:ListTables"));
                return part;
            }
        }
    }
    for name in names {
        let described = ddb.describe_table().table_name(&name).send().await;
        let table = described.as_ref().ok().and_then(|d| d.table());
        let arn = table
            .and_then(|t| t.table_arn())
            .map(str::to_owned)
            .unwrap_or_else(|| format!("arn:{}:dynamodb:{region}:{}:table/{name}", ctx.partition, ctx.account));
        let (status, sse_key_type, kms_key_arn, deletion_protection) = match (&described, table) {
            (_, Some(t)) => {
                let sse = t.sse_description();
                (
                    Attr::Known(t.table_status().map(|s| s.as_str().to_owned()).unwrap_or_default()),
                    // No SSE description means the default: an AWS owned key.
                    Attr::Known(match sse.and_then(|s| s.sse_type()).map(|t| t.as_str()) {
                        None => "AWS_OWNED".to_owned(),
                        Some("KMS") if sse.and_then(|s| s.kms_master_key_arn()).is_some_and(|k| k.contains(":alias/aws/dynamodb")) => "AWS_MANAGED".to_owned(),
                        Some("KMS") => "CUSTOMER_MANAGED".to_owned(),
                        Some(other) => other.to_owned(),
                    }),
                    Attr::Known(sse.and_then(|s| s.kms_master_key_arn()).map(str::to_owned)),
                    Attr::Known(t.deletion_protection_enabled().unwrap_or(false)),
                )
            }
            (Err(e), None) => {
                let err = CallError::from_sdk(e);
                (err.unknown("dynamodb:DescribeTable"), err.unknown("dynamodb:DescribeTable"), err.unknown("dynamodb:DescribeTable"), err.unknown("dynamodb:DescribeTable"))
            }
            (Ok(_), None) => (Attr::default(), Attr::default(), Attr::default(), Attr::default()),
        };
        let point_in_time_recovery = match ddb.describe_continuous_backups().table_name(&name).send().await {
            Ok(out) => Attr::Known(
                out.continuous_backups_description()
                    .and_then(|c| c.point_in_time_recovery_description())
                    .and_then(|p| p.point_in_time_recovery_status())
                    .is_some_and(|s| s.as_str() == "ENABLED"),
            ),
            Err(e) => CallError::from_sdk(&e).unknown("dynamodb:DescribeContinuousBackups"),
        };
        part.resources.push(live(
            &ctx,
            Some(arn.clone()),
            arn,
            name,
            Some(&region),
            BTreeMap::new(),
            Table { status, sse_key_type, kms_key_arn, point_in_time_recovery, deletion_protection },
        ));
    }
    part
}
