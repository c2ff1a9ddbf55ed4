//! Elastic Load Balancing v2 per region: listeners with their load balancer's exposure.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::elbv2::Listener;
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let elb = client!(aws_sdk_elasticloadbalancingv2, ctx, &region);
    let mut part = Part::default();
    let kinds = [ResourceKind::Elbv2Listener];
    let mut balancers = Vec::new();
    let mut pages = elb.describe_load_balancers().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(lb) => balancers.push(lb),
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("elb", &ctx.account, Some(&region), &kinds, "elasticloadbalancing:DescribeLoadBalancers"));
                return part;
            }
        }
    }
    for lb in balancers {
        let Some(lb_arn) = lb.load_balancer_arn() else { continue };
        let lb_name = lb.load_balancer_name().unwrap_or_default().to_owned();
        let mut pages = elb.describe_listeners().load_balancer_arn(lb_arn).into_paginator().items().send();
        while let Some(item) = pages.next().await {
            let l = match item {
                Ok(l) => l,
                Err(e) => {
                    part.gaps.push(CallError::from_sdk(&e).gap("elb", &ctx.account, Some(&region), &kinds, "elasticloadbalancing:DescribeListeners"));
                    break;
                }
            };
            let arn = l.listener_arn().unwrap_or_default().to_owned();
            let protocol = l.protocol().map(|p| p.as_str().to_owned()).unwrap_or_default();
            let port = l.port().and_then(|p| u16::try_from(p).ok());
            let redirects = l.default_actions().iter().any(|a| {
                a.redirect_config().is_some_and(|r| r.protocol().is_some_and(|p| p.eq_ignore_ascii_case("HTTPS")))
            });
            part.resources.push(live(
                &ctx,
                Some(arn.clone()),
                arn,
                format!("{lb_name}:{}", port.map_or_else(|| "?".to_owned(), |p| p.to_string())),
                Some(&region),
                BTreeMap::new(),
                Listener {
                    load_balancer_arn: Attr::Known(lb_arn.to_owned()),
                    load_balancer_name: Attr::Known(lb_name.clone()),
                    load_balancer_type: Attr::Known(lb.r#type().map(|t| t.as_str().to_owned()).unwrap_or_default()),
                    scheme: Attr::Known(lb.scheme().map(|s| s.as_str().to_owned()).unwrap_or_default()),
                    protocol: Attr::Known(protocol),
                    port: Attr::Known(port),
                    ssl_policy: Attr::Known(l.ssl_policy().map(str::to_owned)),
                    redirects_to_https: Attr::Known(redirects),
                },
            ));
        }
    }
    part
}
