//! SNS topics and SQS queues per region: encryption and access policies.

use super::{all_or_gap, client, live, policy_json};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::messaging::{Queue, Topic};
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect_topics(ctx: Arc<Ctx>, region: String) -> Part {
    let sns = client!(aws_sdk_sns, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let topics = all_or_gap!(part, ctx, "sns", r, &[ResourceKind::SnsTopic], "sns:ListTopics", sns.list_topics().into_paginator().items().send());
    for t in topics {
        let Some(arn) = t.topic_arn().map(str::to_owned) else { continue };
        let props = match sns.get_topic_attributes().topic_arn(&arn).send().await {
            Ok(out) => {
                let attrs = out.attributes();
                Topic {
                    kms_master_key_id: Attr::Known(attrs.and_then(|a| a.get("KmsMasterKeyId")).filter(|k| !k.is_empty()).cloned()),
                    policy: Attr::Known(attrs.and_then(|a| a.get("Policy")).map(|p| policy_json(p))),
                }
            }
            Err(e) => {
                let err = CallError::from_sdk(&e);
                Topic { kms_master_key_id: err.unknown("sns:GetTopicAttributes"), policy: err.unknown("sns:GetTopicAttributes") }
            }
        };
        let name = arn.rsplit(':').next().unwrap_or(&arn).to_owned();
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), props));
    }
    part
}

pub async fn collect_queues(ctx: Arc<Ctx>, region: String) -> Part {
    let sqs = client!(aws_sdk_sqs, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let urls = all_or_gap!(part, ctx, "sqs", r, &[ResourceKind::SqsQueue], "sqs:ListQueues", sqs.list_queues().into_paginator().items().send());
    for url in urls {
        let name = url.rsplit('/').next().unwrap_or(&url).to_owned();
        let fallback_arn = format!("arn:{}:sqs:{region}:{}:{name}", ctx.partition, ctx.account);
        let (arn, props) = match sqs.get_queue_attributes().queue_url(&url).attribute_names(aws_sdk_sqs::types::QueueAttributeName::All).send().await {
            Ok(out) => {
                let get = |k: &str| out.attributes().and_then(|a| a.get(&aws_sdk_sqs::types::QueueAttributeName::from(k))).cloned();
                (
                    get("QueueArn").unwrap_or(fallback_arn),
                    Queue {
                        kms_master_key_id: Attr::Known(get("KmsMasterKeyId").filter(|k| !k.is_empty())),
                        sqs_managed_sse: Attr::Known(get("SqsManagedSseEnabled").is_some_and(|v| v == "true")),
                        policy: Attr::Known(get("Policy").map(|p| policy_json(&p))),
                    },
                )
            }
            Err(e) => {
                let err = CallError::from_sdk(&e);
                (fallback_arn, Queue {
                    kms_master_key_id: err.unknown("sqs:GetQueueAttributes"),
                    sqs_managed_sse: err.unknown("sqs:GetQueueAttributes"),
                    policy: err.unknown("sqs:GetQueueAttributes"),
                })
            }
        };
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), props));
    }
    part
}
