//! Secrets Manager per region: rotation and resource policies (never values).

use super::{all_or_gap, client, live, policy_json, tag_map, to_chrono};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::secretsmanager::Secret;
use onus_model::{Attr, ResourceKind};
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let sm = client!(aws_sdk_secretsmanager, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let secrets = all_or_gap!(part, ctx, "secretsmanager", r, &[ResourceKind::SecretsManagerSecret], "secretsmanager:ListSecrets", sm.list_secrets().into_paginator().send());
    for s in secrets.iter().flat_map(|page| page.secret_list()) {
        let Some(arn) = s.arn().map(str::to_owned) else { continue };
        let policy = match sm.get_resource_policy().secret_id(&arn).send().await {
            Ok(out) => Attr::Known(out.resource_policy().map(policy_json)),
            Err(e) => CallError::from_sdk(&e).unknown("secretsmanager:GetResourcePolicy"),
        };
        let name = s.name().unwrap_or(&arn).to_owned();
        let tags = tag_map(s.tags().iter().filter_map(|t| Some((t.key()?, t.value().unwrap_or_default()))));
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, tags, Secret {
            kms_key_id: Attr::Known(s.kms_key_id().map(str::to_owned)),
            rotation_enabled: Attr::Known(s.rotation_enabled().unwrap_or(false)),
            rotation_interval_days: Attr::Known(s.rotation_rules().and_then(|r| r.automatically_after_days())),
            last_rotated: Attr::Known(s.last_rotated_date().and_then(to_chrono)),
            last_accessed: Attr::Known(s.last_accessed_date().and_then(to_chrono)),
            policy,
        }));
    }
    part
}
