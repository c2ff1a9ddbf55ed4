//! CloudWatch per region: log groups with their metric filters, metric alarms.

use super::{all_or_gap, client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::logs::{Alarm, LogGroup, MetricFilter};
use onus_model::{Attr, ResourceKind};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let logs = client!(aws_sdk_cloudwatchlogs, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());

    // Every metric filter of the region in one listing, joined to groups by name.
    let filters: Attr<HashMap<String, Vec<MetricFilter>>> = {
        let mut stream = logs.describe_metric_filters().into_paginator().items().send();
        let mut by_group: HashMap<String, Vec<MetricFilter>> = HashMap::new();
        let mut failed = None;
        while let Some(item) = stream.next().await {
            match item {
                Ok(f) => {
                    let Some(group) = f.log_group_name() else { continue };
                    by_group.entry(group.to_owned()).or_default().push(MetricFilter {
                        name: f.filter_name().unwrap_or_default().to_owned(),
                        pattern: f.filter_pattern().unwrap_or_default().to_owned(),
                        metrics: f
                            .metric_transformations()
                            .iter()
                            .map(|t| format!("{}/{}", t.metric_namespace(), t.metric_name()))
                            .collect(),
                    });
                }
                Err(e) => {
                    failed = Some(CallError::from_sdk(&e));
                    break;
                }
            }
        }
        match failed {
            Some(err) => err.unknown("logs:DescribeMetricFilters"),
            None => Attr::Known(by_group),
        }
    };

    let groups = all_or_gap!(part, ctx, "cloudwatch", r, &[ResourceKind::LogsLogGroup], "logs:DescribeLogGroups", logs.describe_log_groups().into_paginator().items().send());
    for g in groups {
        let name = g.log_group_name().unwrap_or_default().to_owned();
        let arn = g
            .arn()
            .map(|a| a.trim_end_matches(":*").to_owned())
            .unwrap_or_else(|| format!("arn:{}:logs:{region}:{}:log-group:{name}", ctx.partition, ctx.account));
        let metric_filters = match &filters {
            Attr::Known(map) => Attr::Known(map.get(&name).cloned().unwrap_or_default()),
            Attr::Unknown(u) => Attr::Unknown(u.clone()),
        };
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), LogGroup {
            retention_in_days: Attr::Known(g.retention_in_days().and_then(|d| u32::try_from(d).ok())),
            kms_key_id: Attr::Known(g.kms_key_id().map(str::to_owned)),
            metric_filters,
        }));
    }
    part
}

pub async fn collect_alarms(ctx: Arc<Ctx>, region: String) -> Part {
    let cw = client!(aws_sdk_cloudwatch, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let pages = all_or_gap!(part, ctx, "cloudwatch", r, &[ResourceKind::CloudWatchAlarm], "cloudwatch:DescribeAlarms", cw.describe_alarms().into_paginator().send());
    for a in pages.iter().flat_map(|p| p.metric_alarms()) {
        let name = a.alarm_name().unwrap_or_default().to_owned();
        let arn = a.alarm_arn().map(str::to_owned).unwrap_or_else(|| format!("arn:{}:cloudwatch:{region}:{}:alarm:{name}", ctx.partition, ctx.account));
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), Alarm {
            namespace: Attr::Known(a.namespace().map(str::to_owned)),
            metric_name: Attr::Known(a.metric_name().map(str::to_owned)),
            actions_enabled: Attr::Known(a.actions_enabled().unwrap_or(false)),
            alarm_actions: Attr::Known(a.alarm_actions().to_vec()),
            state: Attr::Known(a.state_value().map(|s| s.as_str().to_owned()).unwrap_or_default()),
        }));
    }
    part
}
