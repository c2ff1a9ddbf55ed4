use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict, known_policy};
use onus_model::resources::lambda::Function;

/// A function anyone may call runs customer code, with its role, for strangers.
pub struct FunctionPolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "lambda-function-policy-public",
    aliases: &[],
    title: "Lambda function policy lets anyone invoke or change the function",
    service: "lambda",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Let only known principals and services invoke or manage a function.",
    kinds: &[ResourceKind::LambdaFunction],
    rationale: "A function's resource policy that allows `\"Principal\": \"*\"` without a condition that binds the caller lets anyone invoke the function (its role's permissions are then used on their behalf) or, with `lambda:*`, change it. Service triggers should be limited with `aws:SourceArn` or `aws:SourceAccount`. A function URL with `AuthType: NONE` is public by design and is also reported by lambda-function-url-unauthenticated (AWS FSBP Lambda.1).",
    remediation: Remediation {
        text: "Remove the public statement (`aws lambda remove-permission`) and grant invocation to named principals, or bind it with `aws:SourceArn`/`aws:SourceAccount`.",
        cli: Some("aws lambda get-policy --function-name <function>\naws lambda remove-permission --function-name <function> --statement-id <sid>"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1",
    ],
};

impl ResourceCheck for FunctionPolicyPublic {
    type Kind = Function;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &Function, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = known_policy(&x.policy, "policy")?;
        let arn = arn_of(r, |region, account| "arn:aws:lambda:{r}:{a}:function:{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "policy",
            arn: &arn,
            service: "lambda",
            requires_resource_policy: false,
            noun: "function policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
