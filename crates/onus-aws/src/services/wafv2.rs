//! AWS WAF (v2): regional web ACLs per region, CloudFront ones once (they live in us-east-1).

use super::{client, live, one_or_gap};
use crate::error::CallError;
use crate::{Ctx, Part};
use aws_sdk_wafv2::types::Scope;
use onus_model::resources::wafv2::WebAcl;
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Regional web ACLs of `region`.
pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    collect_scope(ctx, region, Scope::Regional).await
}

/// Web ACLs for CloudFront, which AWS keeps in us-east-1.
pub async fn collect_cloudfront(ctx: Arc<Ctx>) -> Part {
    collect_scope(ctx, "us-east-1".to_owned(), Scope::Cloudfront).await
}

async fn collect_scope(ctx: Arc<Ctx>, region: String, scope: Scope) -> Part {
    let waf = client!(aws_sdk_wafv2, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let kinds = &[ResourceKind::Wafv2WebAcl];
    let mut summaries = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = one_or_gap!(part, ctx, "waf", r, kinds, "wafv2:ListWebACLs", waf.list_web_acls().scope(scope.clone()).set_next_marker(marker.clone()).send());
        summaries.extend(out.web_acls().iter().cloned());
        match out.next_marker() {
            Some(m) if !m.is_empty() && !out.web_acls().is_empty() => marker = Some(m.to_owned()),
            _ => break,
        }
    }
    for s in summaries {
        let (Some(name), Some(id), Some(arn)) = (s.name().map(str::to_owned), s.id().map(str::to_owned), s.arn().map(str::to_owned)) else { continue };
        let detail = waf.get_web_acl().name(&name).id(&id).scope(scope.clone()).send().await;
        let (default_action, rules, managed_rule_groups) = match &detail {
            Ok(out) => match out.web_acl() {
                Some(acl) => (
                    Attr::Known(match acl.default_action() {
                        Some(a) if a.block().is_some() => "BLOCK".to_owned(),
                        _ => "ALLOW".to_owned(),
                    }),
                    Attr::Known(acl.rules().iter().map(|x| x.name().to_owned()).collect()),
                    Attr::Known(
                        acl.rules()
                            .iter()
                            .filter_map(|x| x.statement().and_then(|st| st.managed_rule_group_statement()))
                            .map(|m| format!("{}/{}", m.vendor_name(), m.name()))
                            .collect(),
                    ),
                ),
                None => (Attr::default(), Attr::default(), Attr::default()),
            },
            Err(e) => {
                let err = CallError::from_sdk(e);
                (err.unknown("wafv2:GetWebACL"), err.unknown("wafv2:GetWebACL"), err.unknown("wafv2:GetWebACL"))
            }
        };
        let logging_enabled = match waf.get_logging_configuration().resource_arn(&arn).send().await {
            Ok(out) => Attr::Known(out.logging_configuration().is_some()),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                if err.is_code(&["WAFNonexistentItemException"]) { Attr::Known(false) } else { err.unknown("wafv2:GetLoggingConfiguration") }
            }
        };
        let associated_resources = if scope == Scope::Cloudfront {
            // CloudFront distributions name their web ACL; WAF cannot list them.
            Attr::unknown_because(onus_model::UnknownCause::NotCollected, "CloudFront associations are read from distributions")
        } else {
            match waf.list_resources_for_web_acl().web_acl_arn(&arn).send().await {
                Ok(out) => Attr::Known(out.resource_arns().to_vec()),
                Err(e) => CallError::from_sdk(&e).unknown("wafv2:ListResourcesForWebACL"),
            }
        };
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), WebAcl {
            scope: Attr::Known(scope.as_str().to_owned()),
            default_action,
            rules,
            managed_rule_groups,
            logging_enabled,
            associated_resources,
        }));
    }
    part
}
