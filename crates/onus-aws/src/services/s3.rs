//! S3 buckets and the account-level public access block.

use super::{live, region_of};
use crate::error::CallError;
use crate::{Ctx, Part};
use futures::StreamExt;
use onus_model::resources::s3::{
    AccountPublicAccessBlock, AclGrant, Bucket, BucketEncryption, BucketLogging, Versioning, VersioningStatus,
};
use onus_model::{Attr, ResourceKind};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

fn s3_client(ctx: &Ctx, region: &str) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(&ctx.sdk)
        .region(region_of(region))
        .force_path_style(ctx.custom_endpoint)
        .interceptor(ctx.calls.clone())
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// Regional clients, made once per region the buckets live in.
struct Clients<'a> {
    ctx: &'a Ctx,
    by_region: Mutex<HashMap<String, aws_sdk_s3::Client>>,
}

impl Clients<'_> {
    fn get(&self, region: &str) -> aws_sdk_s3::Client {
        let mut map = match self.by_region.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.entry(region.to_owned()).or_insert_with(|| s3_client(self.ctx, region)).clone()
    }
}

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let s3 = s3_client(&ctx, &region);
    let mut part = Part::default();
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        match s3.list_buckets().set_continuation_token(token.clone()).send().await {
            Ok(out) => {
                for b in out.buckets() {
                    if let Some(n) = b.name() {
                        names.push((n.to_owned(), b.bucket_region().map(str::to_owned)));
                    }
                }
                token = out.continuation_token().map(str::to_owned);
                if token.is_none() {
                    break;
                }
            }
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("s3", &ctx.account, None, &[ResourceKind::S3Bucket], "s3:ListBuckets"));
                return part;
            }
        }
    }
    let clients = Clients { ctx: &ctx, by_region: Mutex::new(HashMap::new()) };
    let clients = &clients;
    let home = region.as_str();
    let ctx_ref = ctx.as_ref();
    let buckets: Vec<_> = futures::stream::iter(names)
        .map(|(name, listed_region)| async move { bucket(ctx_ref, clients, home, name, listed_region).await })
        .buffer_unordered(ctx.per_resource_concurrency)
        .collect()
        .await;
    part.resources.extend(buckets);
    part
}

fn normalize_location(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".to_owned(),
        Some("EU") => "eu-west-1".to_owned(),
        Some(r) => r.to_owned(),
    }
}

async fn bucket(ctx: &Ctx, clients: &Clients<'_>, home: &str, name: String, listed_region: Option<String>) -> onus_model::Resource {
    let region = match listed_region {
        Some(r) => r,
        None => match clients.get(home).get_bucket_location().bucket(&name).send().await {
            Ok(out) => normalize_location(out.location_constraint().map(|c| c.as_str())),
            Err(_) => home.to_owned(),
        },
    };
    let s3 = clients.get(&region);

    let encryption = match s3.get_bucket_encryption().bucket(&name).send().await {
        Ok(out) => Attr::Known(out.server_side_encryption_configuration().and_then(|c| c.rules().first()).and_then(|rule| {
            rule.apply_server_side_encryption_by_default().map(|d| BucketEncryption {
                algorithm: d.sse_algorithm().as_str().to_owned(),
                kms_key_id: d.kms_master_key_id().map(str::to_owned),
                bucket_key_enabled: rule.bucket_key_enabled().unwrap_or(false),
            })
        })),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["ServerSideEncryptionConfigurationNotFoundError"]) { Attr::Known(None) } else { err.unknown("s3:GetBucketEncryption") }
        }
    };
    let versioning = match s3.get_bucket_versioning().bucket(&name).send().await {
        Ok(out) => Attr::Known(Versioning {
            status: match out.status().map(|s| s.as_str()) {
                Some("Enabled") => VersioningStatus::Enabled,
                Some("Suspended") => VersioningStatus::Suspended,
                _ => VersioningStatus::Disabled,
            },
            mfa_delete: out.mfa_delete().map(|m| m.as_str()) == Some("Enabled"),
        }),
        Err(e) => CallError::from_sdk(&e).unknown("s3:GetBucketVersioning"),
    };
    let public_access_block = match s3.get_public_access_block().bucket(&name).send().await {
        Ok(out) => Attr::Known(out.public_access_block_configuration().map(|c| super::public_access_block(
            c.block_public_acls(),
            c.ignore_public_acls(),
            c.block_public_policy(),
            c.restrict_public_buckets(),
        ))),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["NoSuchPublicAccessBlockConfiguration"]) { Attr::Known(None) } else { err.unknown("s3:GetPublicAccessBlock") }
        }
    };
    let policy = match s3.get_bucket_policy().bucket(&name).send().await {
        Ok(out) => Attr::Known(out.policy().map(super::policy_json)),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["NoSuchBucketPolicy"]) { Attr::Known(None) } else { err.unknown("s3:GetBucketPolicy") }
        }
    };
    let acl_grants = match s3.get_bucket_acl().bucket(&name).send().await {
        Ok(out) => Attr::Known(
            out.grants()
                .iter()
                .map(|g| AclGrant {
                    grantee: g
                        .grantee()
                        .and_then(|gr| gr.uri().or(gr.id()).or(gr.email_address()).map(str::to_owned))
                        .unwrap_or_default(),
                    permission: g.permission().map(|p| p.as_str().to_owned()).unwrap_or_default(),
                })
                .collect(),
        ),
        Err(e) => CallError::from_sdk(&e).unknown("s3:GetBucketAcl"),
    };
    let object_ownership = match s3.get_bucket_ownership_controls().bucket(&name).send().await {
        Ok(out) => Attr::Known(
            out.ownership_controls()
                .and_then(|c| c.rules().first())
                .map(|r| r.object_ownership().as_str().to_owned()),
        ),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["OwnershipControlsNotFoundError"]) { Attr::Known(None) } else { err.unknown("s3:GetBucketOwnershipControls") }
        }
    };
    let logging = match s3.get_bucket_logging().bucket(&name).send().await {
        Ok(out) => Attr::Known(out.logging_enabled().map(|l| BucketLogging {
            target_bucket: l.target_bucket().to_owned(),
            target_prefix: l.target_prefix().to_owned(),
        })),
        Err(e) => CallError::from_sdk(&e).unknown("s3:GetBucketLogging"),
    };
    let object_lock_enabled = match s3.get_object_lock_configuration().bucket(&name).send().await {
        Ok(out) => Attr::Known(
            out.object_lock_configuration()
                .and_then(|c| c.object_lock_enabled())
                .is_some_and(|e| e.as_str() == "Enabled"),
        ),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["ObjectLockConfigurationNotFoundError"]) { Attr::Known(false) } else { err.unknown("s3:GetObjectLockConfiguration") }
        }
    };
    let replication_enabled = match s3.get_bucket_replication().bucket(&name).send().await {
        Ok(out) => Attr::Known(
            out.replication_configuration()
                .is_some_and(|c| c.rules().iter().any(|r| r.status().as_str() == "Enabled")),
        ),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["ReplicationConfigurationNotFoundError"]) { Attr::Known(false) } else { err.unknown("s3:GetBucketReplication") }
        }
    };
    let tags: BTreeMap<String, String> = match s3.get_bucket_tagging().bucket(&name).send().await {
        Ok(out) => out.tag_set().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect(),
        Err(_) => BTreeMap::new(),
    };

    let arn = format!("arn:{}:s3:::{name}", ctx.partition);
    live(
        ctx,
        Some(arn.clone()),
        arn,
        name,
        Some(&region),
        tags,
        Bucket {
            encryption,
            versioning,
            public_access_block,
            policy,
            acl_grants,
            object_ownership,
            logging,
            object_lock_enabled,
            replication_enabled,
        },
    )
}

pub async fn collect_account_block(ctx: Arc<Ctx>, region: String) -> Part {
    let mut builder = aws_sdk_s3control::config::Builder::from(&ctx.sdk)
        .region(region_of(&region))
        .interceptor(ctx.calls.clone());
    if ctx.custom_endpoint {
        builder = builder.interceptor(crate::calls::StripAccountHostPrefix { account: ctx.account.clone() });
    }
    let s3control = aws_sdk_s3control::Client::from_conf(builder.build());
    let block = match s3control.get_public_access_block().account_id(&ctx.account).send().await {
        Ok(out) => Attr::Known(out.public_access_block_configuration().map(|c| super::public_access_block(
            c.block_public_acls(),
            c.ignore_public_acls(),
            c.block_public_policy(),
            c.restrict_public_buckets(),
        ))),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["NoSuchPublicAccessBlockConfiguration"]) { Attr::Known(None) } else { err.unknown("s3control:GetPublicAccessBlock") }
        }
    };
    let mut part = Part::default();
    part.resources.push(live(
        &ctx,
        None,
        format!("{}/s3/account-public-access-block", ctx.account),
        format!("S3 account public access block ({})", ctx.account),
        None,
        BTreeMap::new(),
        AccountPublicAccessBlock { public_access_block: block },
    ));
    part
}
