//! KMS keys per region, with rotation status and key policy.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use futures::StreamExt;
use onus_model::resources::kms::{Key, KeyManager};
use onus_model::attr::UnknownValue;
use onus_model::{Attr, ResourceKind, UnknownCause};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let kms = client!(aws_sdk_kms, ctx, &region);
    let mut part = Part::default();
    let mut ids = Vec::new();
    let mut pages = kms.list_keys().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(k) => ids.extend(k.key_id().map(str::to_owned)),
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("kms", &ctx.account, Some(&region), &[ResourceKind::KmsKey], "kms:ListKeys"));
                return part;
            }
        }
    }
    // Aliases give keys their human names.
    let mut aliases: HashMap<String, String> = HashMap::new();
    let mut pages = kms.list_aliases().into_paginator().items().send();
    while let Some(Ok(a)) = pages.next().await {
        if let (Some(target), Some(name)) = (a.target_key_id(), a.alias_name()) {
            aliases.entry(target.to_owned()).or_insert_with(|| name.to_owned());
        }
    }
    let aliases = &aliases;
    let kms = &kms;
    let region_ref = region.as_str();
    let ctx_ref = ctx.as_ref();
    let keys: Vec<_> = futures::stream::iter(ids)
        .map(|id| async move { key(ctx_ref, kms, region_ref, id, aliases).await })
        .buffer_unordered(ctx.per_resource_concurrency)
        .collect()
        .await;
    part.resources.extend(keys);
    part
}

async fn key(ctx: &Ctx, kms: &aws_sdk_kms::Client, region: &str, id: String, aliases: &HashMap<String, String>) -> onus_model::Resource {
    let arn_default = format!("arn:{}:kms:{region}:{}:key/{id}", ctx.partition, ctx.account);
    let described = kms.describe_key().key_id(&id).send().await;
    let meta = described.as_ref().ok().and_then(|d| d.key_metadata()).cloned();
    let unknown_meta = |op: &str| -> Attr<String> {
        match &described {
            Err(e) => CallError::from_sdk(e).unknown(op),
            Ok(_) => Attr::unknown_because(UnknownCause::NotCollected, "no key metadata returned"),
        }
    };
    // AWS reserves the `alias/aws/` prefix for AWS managed keys; some
    // endpoints (emulators) report such keys as customer managed.
    let aws_alias = aliases.get(&id).is_some_and(|a| a.starts_with("alias/aws/"));
    let (key_manager, key_spec, key_usage, key_state, origin, arn) = match &meta {
        Some(m) => (
            match m.key_manager().map(|k| k.as_str()) {
                _ if aws_alias => Attr::Known(KeyManager::Aws),
                Some("AWS") => Attr::Known(KeyManager::Aws),
                Some(_) => Attr::Known(KeyManager::Customer),
                None => Attr::unknown(UnknownCause::NotCollected),
            },
            Attr::Known(m.key_spec().map(|s| s.as_str().to_owned()).unwrap_or_default()),
            Attr::Known(m.key_usage().map(|s| s.as_str().to_owned()).unwrap_or_default()),
            Attr::Known(m.key_state().map(|s| s.as_str().to_owned()).unwrap_or_default()),
            Attr::Known(m.origin().map(|s| s.as_str().to_owned()).unwrap_or_default()),
            m.arn().map(str::to_owned).unwrap_or_else(|| arn_default.clone()),
        ),
        None => {
            let u = unknown_meta("kms:DescribeKey");
            let manager = match u.get() {
                Err(unknown) => Attr::Unknown(UnknownValue { unknown: unknown.clone() }),
                Ok(_) => Attr::unknown(UnknownCause::NotCollected),
            };
            (manager, u.clone(), u.clone(), u.clone(), u, arn_default.clone())
        }
    };
    // Rotation is only meaningful (and only answered) for customer managed
    // symmetric keys with KMS key material.
    let rotatable = matches!(key_manager, Attr::Known(KeyManager::Customer))
        && key_spec.value().is_some_and(|s| s == "SYMMETRIC_DEFAULT")
        && origin.value().is_some_and(|o| o == "AWS_KMS")
        && key_state.value().is_some_and(|s| s == "Enabled");
    let rotation_enabled = if rotatable || matches!(key_manager, Attr::Unknown(_)) {
        match kms.get_key_rotation_status().key_id(&id).send().await {
            Ok(out) => Attr::Known(out.key_rotation_enabled()),
            Err(e) => CallError::from_sdk(&e).unknown("kms:GetKeyRotationStatus"),
        }
    } else {
        Attr::unknown_because(UnknownCause::NotSupportedBySource, "rotation applies only to enabled customer managed symmetric keys")
    };
    let policy = match kms.get_key_policy().key_id(&id).policy_name("default").send().await {
        Ok(out) => Attr::Known(out.policy().map(super::policy_json)),
        Err(e) => CallError::from_sdk(&e).unknown("kms:GetKeyPolicy"),
    };
    let name = aliases.get(&id).cloned().unwrap_or_else(|| id.clone());
    live(
        ctx,
        Some(arn.clone()),
        arn,
        name,
        Some(region),
        BTreeMap::new(),
        Key { key_id: Attr::Known(id), key_manager, key_spec, key_usage, key_state, origin, rotation_enabled, policy },
    )
}
