//! Lambda functions per region: runtime, environment encryption, function URL, resource policy.

use super::{client, live};
use crate::error::CallError;
use crate::{Ctx, Part};
use futures::StreamExt;
use onus_model::resources::lambda::Function;
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let lambda = client!(aws_sdk_lambda, ctx, &region);
    let mut part = Part::default();
    let mut functions = Vec::new();
    let mut pages = lambda.list_functions().into_paginator().items().send();
    while let Some(item) = pages.next().await {
        match item {
            Ok(f) => functions.push(f),
            Err(e) => {
                part.gaps.push(CallError::from_sdk(&e).gap("lambda", &ctx.account, Some(&region), &[ResourceKind::LambdaFunction], "lambda:ListFunctions"));
                return part;
            }
        }
    }
    let (ctx_ref, lambda_ref, region_ref) = (ctx.as_ref(), &lambda, region.as_str());
    let resources: Vec<_> = futures::stream::iter(functions)
        .map(|f| async move { function(ctx_ref, lambda_ref, region_ref, f).await })
        .buffer_unordered(ctx.per_resource_concurrency)
        .collect()
        .await;
    part.resources.extend(resources);
    part
}

async fn function(
    ctx: &Ctx,
    lambda: &aws_sdk_lambda::Client,
    region: &str,
    f: aws_sdk_lambda::types::FunctionConfiguration,
) -> onus_model::Resource {
    let name = f.function_name().unwrap_or_default().to_owned();
    let arn = f
        .function_arn()
        .map(str::to_owned)
        .unwrap_or_else(|| format!("arn:{}:lambda:{region}:{}:function:{name}", ctx.partition, ctx.account));
    let url_auth_type = match lambda.get_function_url_config().function_name(&name).send().await {
        Ok(out) => Attr::Known(Some(out.auth_type().as_str().to_owned())),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["ResourceNotFoundException"]) { Attr::Known(None) } else { err.unknown("lambda:GetFunctionUrlConfig") }
        }
    };
    let policy = match lambda.get_policy().function_name(&name).send().await {
        Ok(out) => Attr::Known(out.policy().map(super::policy_json)),
        Err(e) => {
            let err = CallError::from_sdk(&e);
            if err.is_code(&["ResourceNotFoundException"]) { Attr::Known(None) } else { err.unknown("lambda:GetPolicy") }
        }
    };
    let mut names: Vec<String> = f
        .environment()
        .and_then(|e| e.variables())
        .map(|v| v.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    live(
        ctx,
        Some(arn.clone()),
        arn,
        name,
        Some(region),
        BTreeMap::new(),
        Function {
            package_type: Attr::Known(f.package_type().map_or_else(|| "Zip".to_owned(), |p| p.as_str().to_owned())),
            runtime: Attr::Known(f.runtime().map(|r| r.as_str().to_owned())),
            role_arn: Attr::Known(f.role().map(str::to_owned)),
            environment_variable_names: Attr::Known(names),
            kms_key_arn: Attr::Known(f.kms_key_arn().map(str::to_owned)),
            url_auth_type,
            policy,
            vpc_id: Attr::Known(f.vpc_config().and_then(|v| v.vpc_id()).filter(|v| !v.is_empty()).map(str::to_owned)),
        },
    )
}
