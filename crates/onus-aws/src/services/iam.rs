//! IAM: password policy, root user, users with their credentials.

use super::{all_or_gap, client, known_or_unknown, live, tag_map, to_chrono};
use crate::error::CallError;
use crate::{Ctx, Part};
use futures::StreamExt;
use onus_model::resources::iam::{
    AccessKey, AccessKeyStatus, AccountPasswordPolicy, Group, InlinePolicy, ManagedPolicy, MfaDevice, MfaKind, Role,
    RootUser, User,
};
use onus_model::{Attr, ResourceKind, UnknownCause};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

type Report = HashMap<String, HashMap<String, String>>;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let iam = client!(aws_sdk_iam, ctx, &region);
    let mut part = Part::default();
    let report = credential_report(&iam).await;

    part.resources.push(password_policy(&ctx, &iam).await);
    part.resources.push(root_user(&ctx, &iam, report.as_ref().ok()).await);

    let mut users = Vec::new();
    let mut pages = iam.list_users().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(u) => users.push(u),
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("iam", &ctx.account, None, &[ResourceKind::IamUser], "iam:ListUsers"));
                break;
            }
        }
    }
    let report = report.as_ref().ok();
    let collected: Vec<_> = futures::stream::iter(users)
        .map(|u| user(&ctx, &iam, u, report))
        .buffer_unordered(ctx.per_resource_concurrency)
        .collect()
        .await;
    part.resources.extend(collected);

    let part = groups(&ctx, &iam, part).await;
    let part = roles(&ctx, &iam, part).await;
    managed_policies(&ctx, &iam, part).await
}

/// Fetches every inline policy `names` lists with `get`, or an unknown when one fails.
async fn inline_policies<F, Fut, E>(names: &[String], operation: &str, get: F) -> Attr<Vec<InlinePolicy>>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<String, aws_smithy_runtime_api::client::result::SdkError<E, aws_smithy_runtime_api::client::orchestrator::HttpResponse>>>,
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let mut policies = Vec::new();
    for name in names {
        match get(name.clone()).await {
            Ok(doc) => policies.push(InlinePolicy { name: name.clone(), document: policy_document(&doc) }),
            Err(e) => return CallError::from_sdk(&e).unknown(operation),
        }
    }
    Attr::Known(policies)
}

async fn groups(ctx: &Ctx, iam: &aws_sdk_iam::Client, mut part: Part) -> Part {
    let kinds = &[ResourceKind::IamGroup];
    let groups = all_or_gap!(part, ctx, "iam", None, kinds, "iam:ListGroups", iam.list_groups().into_paginator().items().send());
    let collected: Vec<_> = futures::stream::iter(groups)
        .map(|g| async move {
            let name = g.group_name().to_owned();
            let attached_policy_arns = known_or_unknown(
                iam.list_attached_group_policies().group_name(&name).send().await,
                "iam:ListAttachedGroupPolicies",
                |o| o.attached_policies().iter().filter_map(|p| p.policy_arn().map(str::to_owned)).collect(),
            );
            let inline = match iam.list_group_policies().group_name(&name).send().await {
                Ok(o) => {
                    inline_policies(o.policy_names(), "iam:GetGroupPolicy", |p| {
                        let req = iam.get_group_policy().group_name(&name).policy_name(p);
                        async move { req.send().await.map(|o| o.policy_document().to_owned()) }
                    })
                    .await
                }
                Err(e) => CallError::from_sdk(&e).unknown("iam:ListGroupPolicies"),
            };
            live(ctx, Some(g.arn().to_owned()), g.arn().to_owned(), name, None, BTreeMap::new(), Group {
                arn: Attr::Known(g.arn().to_owned()),
                attached_policy_arns,
                inline_policies: inline,
            })
        })
        .buffer_unordered(ctx.per_resource_concurrency)
        .collect()
        .await;
    part.resources.extend(collected);
    part
}

async fn roles(ctx: &Ctx, iam: &aws_sdk_iam::Client, mut part: Part) -> Part {
    let kinds = &[ResourceKind::IamRole];
    let roles = all_or_gap!(part, ctx, "iam", None, kinds, "iam:ListRoles", iam.list_roles().into_paginator().items().send());
    // One listing of instance profiles, joined to roles by name.
    let profiles: Attr<HashMap<String, Vec<String>>> = {
        let mut stream = iam.list_instance_profiles().into_paginator().items().send();
        let mut by_role: HashMap<String, Vec<String>> = HashMap::new();
        let mut failed = None;
        while let Some(item) = stream.next().await {
            match item {
                Ok(p) => {
                    for r in p.roles() {
                        by_role.entry(r.role_name().to_owned()).or_default().push(p.arn().to_owned());
                    }
                }
                Err(e) => {
                    failed = Some(CallError::from_sdk(&e));
                    break;
                }
            }
        }
        match failed {
            Some(err) => err.unknown("iam:ListInstanceProfiles"),
            None => Attr::Known(by_role),
        }
    };
    let profiles = &profiles;
    let collected: Vec<_> = futures::stream::iter(roles)
        .map(|r| async move {
            let name = r.role_name().to_owned();
            // ListRoles leaves out last use, boundary and tags; GetRole has them.
            let detail = iam.get_role().role_name(&name).send().await;
            let (last_used, boundary, tags) = match &detail {
                Ok(d) => {
                    let role = d.role();
                    (
                        Attr::Known(role.and_then(|x| x.role_last_used()).and_then(|l| l.last_used_date()).and_then(to_chrono)),
                        Attr::Known(role.and_then(|x| x.permissions_boundary()).and_then(|b| b.permissions_boundary_arn()).map(str::to_owned)),
                        tag_map(role.map(|x| x.tags()).unwrap_or_default().iter().map(|t| (t.key(), t.value()))),
                    )
                }
                Err(e) => {
                    let err = CallError::from_sdk(e);
                    (err.unknown("iam:GetRole"), err.unknown("iam:GetRole"), BTreeMap::new())
                }
            };
            let attached_policy_arns = known_or_unknown(
                iam.list_attached_role_policies().role_name(&name).send().await,
                "iam:ListAttachedRolePolicies",
                |o| o.attached_policies().iter().filter_map(|p| p.policy_arn().map(str::to_owned)).collect(),
            );
            let inline = match iam.list_role_policies().role_name(&name).send().await {
                Ok(o) => {
                    inline_policies(o.policy_names(), "iam:GetRolePolicy", |p| {
                        let req = iam.get_role_policy().role_name(&name).policy_name(p);
                        async move { req.send().await.map(|o| o.policy_document().to_owned()) }
                    })
                    .await
                }
                Err(e) => CallError::from_sdk(&e).unknown("iam:ListRolePolicies"),
            };
            let assume_role_policy = match r.assume_role_policy_document() {
                Some(doc) => Attr::Known(policy_document(doc)),
                None => Attr::unknown_because(UnknownCause::CallFailed, "iam:ListRoles returned no trust policy"),
            };
            let instance_profile_arns = match profiles {
                Attr::Known(map) => Attr::Known(map.get(&name).cloned().unwrap_or_default()),
                Attr::Unknown(u) => Attr::Unknown(u.clone()),
            };
            live(ctx, Some(r.arn().to_owned()), r.arn().to_owned(), name, None, tags, Role {
                arn: Attr::Known(r.arn().to_owned()),
                path: Attr::Known(r.path().to_owned()),
                created: Attr::Known(to_chrono(r.create_date())),
                assume_role_policy,
                attached_policy_arns,
                inline_policies: inline,
                permissions_boundary_arn: boundary,
                last_used,
                max_session_duration: Attr::Known(r.max_session_duration().and_then(|d| u32::try_from(d).ok()).unwrap_or(3600)),
                instance_profile_arns,
            })
        })
        .buffer_unordered(ctx.per_resource_concurrency)
        .collect()
        .await;
    part.resources.extend(collected);
    part
}

/// Customer managed policies, and the AWS managed policies attached to
/// something in the account (the others cannot grant anything here).
async fn managed_policies(ctx: &Ctx, iam: &aws_sdk_iam::Client, mut part: Part) -> Part {
    use aws_sdk_iam::types::PolicyScopeType;
    let kinds = &[ResourceKind::IamManagedPolicy];
    let mut policies = all_or_gap!(
        part, ctx, "iam", None, kinds, "iam:ListPolicies",
        iam.list_policies().scope(PolicyScopeType::Local).into_paginator().items().send()
    );
    policies.extend(all_or_gap!(
        part, ctx, "iam", None, kinds, "iam:ListPolicies",
        iam.list_policies().scope(PolicyScopeType::Aws).only_attached(true).into_paginator().items().send()
    ));
    let collected: Vec<Option<onus_model::Resource>> = futures::stream::iter(policies)
        .map(|p| async move {
            let arn = p.arn()?.to_owned();
            let name = p.policy_name().unwrap_or(&arn).to_owned();
            let version = p.default_version_id().unwrap_or("v1").to_owned();
            let document = known_or_unknown(
                iam.get_policy_version().policy_arn(&arn).version_id(&version).send().await,
                "iam:GetPolicyVersion",
                |o| o.policy_version().and_then(|v| v.document()).map(policy_document).unwrap_or(serde_json::Value::Null),
            );
            let aws_managed = arn.split(':').nth(4) == Some("aws");
            let tags = tag_map(p.tags().iter().map(|t| (t.key(), t.value())));
            Some(live(ctx, Some(arn.clone()), arn.clone(), name, None, tags, ManagedPolicy {
                arn: Attr::Known(arn),
                aws_managed: Attr::Known(aws_managed),
                default_version_id: Attr::Known(version),
                document,
                attachment_count: Attr::Known(p.attachment_count().and_then(|c| u32::try_from(c).ok()).unwrap_or(0)),
                boundary_usage_count: Attr::Known(p.permissions_boundary_usage_count().and_then(|c| u32::try_from(c).ok()).unwrap_or(0)),
            }))
        })
        .buffer_unordered(ctx.per_resource_concurrency)
        .collect()
        .await;
    part.resources.extend(collected.into_iter().flatten());
    part
}

async fn credential_report(iam: &aws_sdk_iam::Client) -> Result<Report, CallError> {
    for attempt in 0..20 {
        match iam.generate_credential_report().send().await {
            Ok(out) if out.state().map(|s| s.as_str()) == Some("COMPLETE") => break,
            Ok(_) => tokio::time::sleep(Duration::from_millis(if attempt < 5 { 200 } else { 1000 })).await,
            Err(e) => return Err(CallError::from_sdk(&e)),
        }
    }
    let out = iam.get_credential_report().send().await.map_err(|e| CallError::from_sdk(&e))?;
    let text = out.content().map(|b| String::from_utf8_lossy(b.as_ref()).into_owned()).unwrap_or_default();
    Ok(parse_credential_report(&text))
}

/// Parses the credential report CSV into user → column → value. The report
/// has no quoted fields (user names cannot contain commas).
pub fn parse_credential_report(text: &str) -> Report {
    let mut lines = text.lines();
    let Some(header) = lines.next() else { return Report::new() };
    let columns: Vec<&str> = header.split(',').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let row: HashMap<String, String> =
                columns.iter().zip(line.split(',')).map(|(k, v)| ((*k).to_owned(), v.to_owned())).collect();
            row.get("user").cloned().map(|u| (u, row))
        })
        .collect()
}

fn report_bool(row: Option<&HashMap<String, String>>, column: &str) -> Option<bool> {
    match row?.get(column)?.as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn report_time(row: Option<&HashMap<String, String>>, column: &str) -> Option<Option<chrono::DateTime<chrono::Utc>>> {
    let v = row?.get(column)?;
    match v.as_str() {
        "N/A" | "no_information" | "not_supported" | "" => Some(None),
        s => chrono::DateTime::parse_from_rfc3339(s).ok().map(|d| Some(d.with_timezone(&chrono::Utc))),
    }
}

async fn password_policy(ctx: &Ctx, iam: &aws_sdk_iam::Client) -> onus_model::Resource {
    let props = match iam.get_account_password_policy().send().await {
        Ok(out) => match out.password_policy() {
            Some(p) => AccountPasswordPolicy {
                configured: Attr::Known(true),
                minimum_password_length: Attr::Known(p.minimum_password_length().and_then(|n| u32::try_from(n).ok())),
                require_symbols: Attr::Known(p.require_symbols()),
                require_numbers: Attr::Known(p.require_numbers()),
                require_uppercase_characters: Attr::Known(p.require_uppercase_characters()),
                require_lowercase_characters: Attr::Known(p.require_lowercase_characters()),
                max_password_age: Attr::Known(p.max_password_age().and_then(|n| u32::try_from(n).ok())),
                password_reuse_prevention: Attr::Known(p.password_reuse_prevention().and_then(|n| u32::try_from(n).ok())),
            },
            None => AccountPasswordPolicy { configured: Attr::Known(false), ..Default::default() },
        },
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["NoSuchEntity"]) {
                AccountPasswordPolicy { configured: Attr::Known(false), ..Default::default() }
            } else {
                AccountPasswordPolicy { configured: err.unknown("iam:GetAccountPasswordPolicy"), ..Default::default() }
            }
        }
    };
    live(
        ctx,
        None,
        format!("{}/iam/account-password-policy", ctx.account),
        format!("account password policy ({})", ctx.account),
        None,
        BTreeMap::new(),
        props,
    )
}

async fn root_user(ctx: &Ctx, iam: &aws_sdk_iam::Client, report: Option<&Report>) -> onus_model::Resource {
    let row = report.and_then(|r| r.get("<root_account>"));
    let summary = iam.get_account_summary().send().await;
    let summary_value = |key: &str| -> Attr<i32> {
        match &summary {
            Ok(out) => out
                .summary_map()
                .and_then(|m| m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| *v))
                .map_or_else(|| Attr::unknown_because(UnknownCause::NotCollected, format!("{key} missing from the account summary")), Attr::Known),
            Err(e) => CallError::from_sdk(e).unknown("iam:GetAccountSummary"),
        }
    };
    // The credential report's root row is the precise source; the account
    // summary (which some endpoints return without a root row) is the fallback.
    let mfa_active = match report_bool(row, "mfa_active") {
        Some(b) => Attr::Known(b),
        None => match summary_value("AccountMFAEnabled") {
            Attr::Known(n) => Attr::Known(n > 0),
            Attr::Unknown(u) => Attr::Unknown(u),
        },
    };
    let active_access_keys = match (report_bool(row, "access_key_1_active"), report_bool(row, "access_key_2_active")) {
        (Some(a), Some(b)) => Attr::Known(u32::from(a) + u32::from(b)),
        _ => match summary_value("AccountAccessKeysPresent") {
            Attr::Known(n) => Attr::Known(u32::try_from(n).unwrap_or(0)),
            Attr::Unknown(u) => Attr::Unknown(u),
        },
    };
    // Root's virtual MFA shows up in the virtual device list; an active MFA
    // that is not virtual is a hardware or FIDO device.
    let hardware_mfa = match (&mfa_active, iam.list_virtual_mfa_devices().send().await) {
        (Attr::Known(false), _) => Attr::Known(false),
        (Attr::Known(true), Ok(out)) => Attr::Known(!out.virtual_mfa_devices().iter().any(|d| {
            d.serial_number().ends_with(":mfa/root-account-mfa-device")
                || d.user().is_some_and(|u| u.arn().ends_with(":root"))
        })),
        (_, Err(e)) => CallError::from_sdk(&e).unknown("iam:ListVirtualMFADevices"),
        (Attr::Unknown(u), _) => Attr::Unknown(u.clone()),
    };
    let password_last_used = match report_time(row, "password_last_used") {
        Some(t) => Attr::Known(t),
        None => Attr::unknown_because(UnknownCause::NotCollected, "no <root_account> row in the credential report"),
    };
    let arn = format!("arn:{}:iam::{}:root", ctx.partition, ctx.account);
    live(
        ctx,
        Some(arn.clone()),
        arn,
        format!("root user ({})", ctx.account),
        None,
        BTreeMap::new(),
        RootUser { mfa_active, hardware_mfa, active_access_keys, password_last_used },
    )
}

async fn user(
    ctx: &Ctx,
    iam: &aws_sdk_iam::Client,
    u: aws_sdk_iam::types::User,
    report: Option<&Report>,
) -> onus_model::Resource {
    let name = u.user_name().to_owned();
    let row = report.and_then(|r| r.get(&name));

    let password_enabled = match report_bool(row, "password_enabled") {
        Some(b) => Attr::Known(b),
        None => match iam.get_login_profile().user_name(&name).send().await {
            Ok(_) => Attr::Known(true),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                if err.is_code(&["NoSuchEntity"]) { Attr::Known(false) } else { err.unknown("iam:GetLoginProfile") }
            }
        },
    };
    let password_last_used = match (u.password_last_used(), report_time(row, "password_last_used")) {
        (Some(t), _) => Attr::Known(to_chrono(t)),
        (None, Some(t)) => Attr::Known(t),
        (None, None) => Attr::Known(None),
    };

    let mfa_devices = match iam.list_mfa_devices().user_name(&name).into_paginator().items().send().collect::<Vec<_>>().await.into_iter().collect::<Result<Vec<_>, _>>() {
        Ok(devices) => Attr::Known(
            devices
                .iter()
                .map(|d| {
                    let serial = d.serial_number().to_owned();
                    let kind = if serial.contains(":mfa/") {
                        MfaKind::Virtual
                    } else if serial.contains(":u2f/") {
                        MfaKind::Fido
                    } else {
                        MfaKind::Hardware
                    };
                    MfaDevice { serial, kind, enabled_at: to_chrono(d.enable_date()) }
                })
                .collect(),
        ),
        Err(e) => CallError::from_sdk(&e).unknown("iam:ListMFADevices"),
    };

    let access_keys = match iam.list_access_keys().user_name(&name).send().await {
        Ok(out) => {
            let mut keys = Vec::new();
            for k in out.access_key_metadata() {
                let Some(id) = k.access_key_id() else { continue };
                let last_used = match iam.get_access_key_last_used().access_key_id(id).send().await {
                    Ok(lu) => lu.access_key_last_used().and_then(|l| l.last_used_date()).and_then(to_chrono),
                    Err(e) => {
                        // The model has no unknown for one key's last use; say so in the log.
                        tracing::warn!(user = %name, key = id, error = %CallError::from_sdk(&e).message, "last use of access key unknown");
                        None
                    }
                };
                let Some(created) = k.create_date().and_then(to_chrono) else { continue };
                keys.push(AccessKey {
                    id: id.to_owned(),
                    status: if k.status().map(|s| s.as_str()) == Some("Active") {
                        AccessKeyStatus::Active
                    } else {
                        AccessKeyStatus::Inactive
                    },
                    created,
                    last_used,
                });
            }
            Attr::Known(keys)
        }
        Err(e) => CallError::from_sdk(&e).unknown("iam:ListAccessKeys"),
    };

    let groups = match iam.list_groups_for_user().user_name(&name).send().await {
        Ok(out) => Attr::Known(out.groups().iter().map(|g| g.group_name().to_owned()).collect()),
        Err(e) => CallError::from_sdk(&e).unknown("iam:ListGroupsForUser"),
    };
    let attached_policy_arns = match iam.list_attached_user_policies().user_name(&name).send().await {
        Ok(out) => Attr::Known(out.attached_policies().iter().filter_map(|p| p.policy_arn().map(str::to_owned)).collect()),
        Err(e) => CallError::from_sdk(&e).unknown("iam:ListAttachedUserPolicies"),
    };
    let inline_policies = match iam.list_user_policies().user_name(&name).send().await {
        Ok(out) => {
            let mut policies = Vec::new();
            let mut failed = None;
            for policy_name in out.policy_names() {
                match iam.get_user_policy().user_name(&name).policy_name(policy_name).send().await {
                    Ok(p) => policies.push(InlinePolicy { name: policy_name.clone(), document: policy_document(p.policy_document()) }),
                    Err(e) => failed = Some(CallError::from_sdk(&e)),
                }
            }
            match failed {
                Some(err) => err.unknown("iam:GetUserPolicy"),
                None => Attr::Known(policies),
            }
        }
        Err(e) => CallError::from_sdk(&e).unknown("iam:ListUserPolicies"),
    };

    let tags = u.tags().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect();
    live(
        ctx,
        Some(u.arn().to_owned()),
        u.arn().to_owned(),
        name,
        None,
        tags,
        User {
            arn: Attr::Known(u.arn().to_owned()),
            created: Attr::Known(to_chrono(u.create_date())),
            password_enabled,
            password_last_used,
            mfa_devices,
            access_keys,
            groups,
            attached_policy_arns,
            inline_policies,
            permissions_boundary_arn: Attr::Known(u.permissions_boundary().and_then(|b| b.permissions_boundary_arn().map(str::to_owned))),
        },
    )
}

/// IAM returns policy documents URL-encoded; decodes and parses one. A
/// document that is not JSON is kept as a string, for checks to report.
pub fn policy_document(raw: &str) -> serde_json::Value {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8_lossy();
    serde_json::from_str(&decoded).unwrap_or_else(|_| serde_json::Value::String(decoded.into_owned()))
}
