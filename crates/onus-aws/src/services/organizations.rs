//! AWS Organizations, read once from the scanned account: the organization,
//! its accounts and its service and resource control policies.

use super::{all_or_gap, client, live, policy_json};
use crate::error::CallError;
use crate::{Ctx, Part};
use aws_sdk_organizations::types::PolicyType;
use onus_model::resources::organizations::{Organization, OrganizationAccount, Policy};
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let org = client!(aws_sdk_organizations, ctx, &region);
    let mut part = Part::default();
    let described = match org.describe_organization().send().await {
        Ok(out) => out,
        Err(e) => {
            let err = CallError::from_sdk(&e);
            // Not in an organization: nothing to collect, and nothing missing.
            if !err.is_code(&["AWSOrganizationsNotInUseException"]) {
                part.gaps.push(err.gap("organizations", &ctx.account, None, &[ResourceKind::OrganizationsOrganization, ResourceKind::OrganizationsPolicy], "organizations:DescribeOrganization"));
            }
            return part;
        }
    };
    let Some(o) = described.organization() else { return part };
    let org_id = o.id().unwrap_or_default().to_owned();
    let org_arn = o.arn().map(str::to_owned).unwrap_or_else(|| format!("arn:{}:organizations::{}:organization/{org_id}", ctx.partition, ctx.account));
    let mut listed = Vec::new();
    let mut stream = org.list_accounts().into_paginator().send();
    let mut failed = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(page) => listed.extend(page.accounts().iter().map(|a| OrganizationAccount {
                id: a.id().unwrap_or_default().to_owned(),
                name: a.name().unwrap_or_default().to_owned(),
                status: a.status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
            })),
            Err(e) => {
                failed = Some(CallError::from_sdk(&e));
                break;
            }
        }
    }
    let accounts = match failed {
        // Member accounts may not list the organization's accounts.
        Some(err) => err.unknown("organizations:ListAccounts"),
        None => Attr::Known(listed),
    };
    part.resources.push(live(&ctx, Some(org_arn.clone()), org_arn, org_id.clone(), None, BTreeMap::new(), Organization {
        organization_id: Attr::Known(org_id),
        management_account_id: Attr::Known(o.master_account_id().unwrap_or_default().to_owned()),
        feature_set: Attr::Known(o.feature_set().map(|f| f.as_str().to_owned()).unwrap_or_default()),
        accounts,
    }));

    // Policies only exist with all features enabled.
    if o.feature_set().is_some_and(|f| f.as_str() != "ALL") {
        return part;
    }
    let kinds = &[ResourceKind::OrganizationsPolicy];
    let mut summaries: Vec<_> = all_or_gap!(part, ctx, "organizations", None, kinds, "organizations:ListPolicies", org.list_policies().filter(PolicyType::ServiceControlPolicy).into_paginator().send())
        .into_iter()
        .flat_map(|page| page.policies().to_vec())
        .collect();
    // Resource control policies are newer; an endpoint that does not know the
    // filter yields a gap for them while the SCPs stand.
    let mut rcp = org.list_policies().filter(PolicyType::ResourceControlPolicy).into_paginator().send();
    while let Some(item) = rcp.next().await {
        match item {
            Ok(page) => summaries.extend(page.policies().iter().cloned()),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                if !err.is_code(&["PolicyTypeNotEnabledException"]) {
                    part.gaps.push(err.gap("organizations", &ctx.account, None, kinds, "organizations:ListPolicies (RESOURCE_CONTROL_POLICY)"));
                }
                break;
            }
        }
    }
    for s in summaries {
        let (Some(id), Some(arn)) = (s.id().map(str::to_owned), s.arn().map(str::to_owned)) else { continue };
        let content = match org.describe_policy().policy_id(&id).send().await {
            Ok(out) => match out.policy().and_then(|p| p.content()) {
                Some(text) => Attr::Known(policy_json(text)),
                None => Attr::unknown_because(onus_model::UnknownCause::CallFailed, "organizations:DescribePolicy returned no content"),
            },
            Err(e) => CallError::from_sdk(&e).unknown("organizations:DescribePolicy"),
        };
        let mut targets = Vec::new();
        let mut failed = None;
        let mut stream = org.list_targets_for_policy().policy_id(&id).into_paginator().send();
        while let Some(item) = stream.next().await {
            match item {
                Ok(page) => targets.extend(page.targets().iter().filter_map(|t| t.target_id().map(str::to_owned))),
                Err(e) => {
                    failed = Some(CallError::from_sdk(&e));
                    break;
                }
            }
        }
        let targets = match failed {
            Some(err) => err.unknown("organizations:ListTargetsForPolicy"),
            None => Attr::Known(targets),
        };
        let name = s.name().unwrap_or(&id).to_owned();
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, None, BTreeMap::new(), Policy {
            policy_type: Attr::Known(s.r#type().map(|t| t.as_str().to_owned()).unwrap_or_default()),
            aws_managed: Attr::Known(s.aws_managed()),
            content,
            targets,
        }));
    }
    part
}
