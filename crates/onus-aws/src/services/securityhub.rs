//! Security Hub and IAM Access Analyzer per region: enabled or not.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::securityhub::{Analyzer, Hub};
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect_hub(ctx: Arc<Ctx>, region: String) -> Part {
    let hub = client!(aws_sdk_securityhub, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let id = format!("{}/{region}/securityhub/hub", ctx.account);
    let name = format!("Security Hub ({region})");
    let props = match hub.describe_hub().send().await {
        Ok(out) => {
            let enabled_standards = match hub.get_enabled_standards().send().await {
                Ok(s) => Attr::Known(s.standards_subscriptions().iter().filter_map(|x| x.standards_arn().map(str::to_owned)).collect()),
                Err(e) => CallError::from_sdk(&e).unknown("securityhub:GetEnabledStandards"),
            };
            Hub {
                enabled: Attr::Known(true),
                subscribed_at: Attr::Known(
                    out.subscribed_at().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()).map(|t| t.with_timezone(&chrono::Utc)),
                ),
                enabled_standards,
            }
        }
        Err(e) => {
            let err = CallError::from_sdk(&e);
            // "not subscribed" is the answer for a region without Security Hub.
            let not_enabled = err.is_code(&["InvalidAccessException", "ResourceNotFoundException"])
                && (err.message.contains("not subscribed") || err.code.as_deref() == Some("ResourceNotFoundException"));
            if not_enabled {
                Hub { enabled: Attr::Known(false), subscribed_at: Attr::Known(None), enabled_standards: Attr::Known(Vec::new()) }
            } else {
                part.gaps.push(err.gap("securityhub", &ctx.account, r, &[ResourceKind::SecurityHubHub], "securityhub:DescribeHub"));
                return part;
            }
        }
    };
    part.resources.push(live(&ctx, None, id, name, r, BTreeMap::new(), props));
    part
}

pub async fn collect_analyzers(ctx: Arc<Ctx>, region: String) -> Part {
    let aa = client!(aws_sdk_accessanalyzer, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let mut active = Vec::new();
    let mut stream = aa.list_analyzers().into_paginator().items().send();
    while let Some(item) = stream.next().await {
        match item {
            Ok(a) => {
                if a.status().as_str() == "ACTIVE" {
                    active.push(format!("{} ({})", a.name(), a.r#type().as_str()));
                }
            }
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("iam", &ctx.account, r, &[ResourceKind::AccessAnalyzerAnalyzer], "access-analyzer:ListAnalyzers"));
                return part;
            }
        }
    }
    active.sort();
    let id = format!("{}/{region}/access-analyzer", ctx.account);
    let name = format!("IAM Access Analyzer ({region})");
    part.resources.push(live(&ctx, None, id, name, r, BTreeMap::new(), Analyzer { active_analyzers: Attr::Known(active) }));
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::recorded::{ctx, error_meta};
    use aws_smithy_mocks::mock;

    #[tokio::test]
    async fn only_active_analyzers_count() {
        use aws_sdk_accessanalyzer::operation::list_analyzers::ListAnalyzersOutput;
        use aws_sdk_accessanalyzer::types::{AnalyzerStatus, AnalyzerSummary, Type};
        use aws_smithy_types::DateTime;
        let summary = |name: &str, status: AnalyzerStatus| {
            AnalyzerSummary::builder()
                .arn(format!("arn:aws:access-analyzer:eu-west-1:111122223333:analyzer/{name}"))
                .name(name)
                .r#type(Type::Account)
                .created_at(DateTime::from_secs(1_790_000_000))
                .status(status)
                .build()
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let rule = mock!(aws_sdk_accessanalyzer::Client::list_analyzers).then_output(move || {
            ListAnalyzersOutput::builder()
                .analyzers(summary("account-analyzer", AnalyzerStatus::Active))
                .analyzers(summary("old-analyzer", AnalyzerStatus::Disabled))
                .build()
                .unwrap_or_else(|e| panic!("{e}"))
        });
        let part = collect_analyzers(ctx(&[&rule]), "eu-west-1".to_owned()).await;
        let analyzer = part.resources[0].props::<Analyzer>().unwrap_or_else(|| panic!("kind"));
        assert_eq!(analyzer.active_analyzers, Attr::Known(vec!["account-analyzer (ACCOUNT)".to_owned()]));
    }

    #[tokio::test]
    async fn not_subscribed_means_disabled_and_other_errors_are_gaps() {
        use aws_sdk_securityhub::operation::describe_hub::DescribeHubError;
        let off = mock!(aws_sdk_securityhub::Client::describe_hub)
            .then_error(|| DescribeHubError::generic(error_meta("InvalidAccessException", "Account 111122223333 is not subscribed to AWS Security Hub")));
        let part = collect_hub(ctx(&[&off]), "eu-west-1".to_owned()).await;
        assert!(part.gaps.is_empty());
        assert_eq!(part.resources[0].props::<Hub>().map(|h| h.enabled.clone()), Some(Attr::Known(false)));

        let denied = mock!(aws_sdk_securityhub::Client::describe_hub).then_error(|| DescribeHubError::generic(error_meta("AccessDeniedException", "denied")));
        let part = collect_hub(ctx(&[&denied]), "eu-west-1".to_owned()).await;
        assert!(part.resources.is_empty(), "a denied call is not 'disabled'");
        assert_eq!(part.gaps[0].reason, onus_model::GapReason::AccessDenied);
    }
}
