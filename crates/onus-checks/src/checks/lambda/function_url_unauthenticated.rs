use crate::prelude::*;
use onus_model::resources::lambda::Function;

/// A function URL with auth type NONE can be invoked by anyone on the internet.
pub struct FunctionUrlUnauthenticated;

static META: CheckMeta = CheckMeta {
    id: "lambda-function-url-unauthenticated",
    aliases: &[],
    title: "Lambda function URL allows unauthenticated invocation (auth type NONE)",
    service: "lambda",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Require IAM authentication on Lambda function URLs, or authenticate every caller in the function itself.",
    kinds: &[ResourceKind::LambdaFunction],
    rationale: "A function URL is a public HTTPS endpoint. With auth type NONE, Lambda does not authenticate \
        callers: once the resource-based policy grants public invocation (which a NONE URL needs to work, and \
        which the console adds when creating one), anyone who learns the URL can invoke the function, run up its \
        cost and reach whatever its execution role can. AWS runs the endpoint; who may call it is the customer's \
        choice. Use AWS_IAM, or put the function behind API Gateway or CloudFront with authentication, unless it \
        is deliberately public and checks callers itself (AWS FSBP Lambda.1 covers the public resource-based \
        policy).",
    remediation: Remediation {
        text: "Change the function URL's auth type to AWS_IAM and grant lambda:InvokeFunctionUrl only to the \
            principals that need it, or delete the URL if nothing uses it. If the function must be public, front \
            it with API Gateway or CloudFront and AWS WAF, and authenticate requests in the function.",
        cli: Some("aws lambda update-function-url-config --function-name <function> --auth-type AWS_IAM\naws lambda delete-function-url-config --function-name <function>"),
        terraform: Some("resource \"aws_lambda_function_url\" \"this\" {\n  function_name      = aws_lambda_function.this.function_name\n  authorization_type = \"AWS_IAM\"\n}"),
        cloudformation: Some("FunctionUrl:\n  Type: AWS::Lambda::Url\n  Properties:\n    TargetFunctionArn: !GetAtt Function.Arn\n    AuthType: AWS_IAM"),
    },
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html",
    ],
};

impl ResourceCheck for FunctionUrlUnauthenticated {
    type Kind = Function;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, f: &Function, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        match f.url_auth_type.known("url_auth_type")?.as_deref() {
            None => Ok(Verdict::pass(format!("{} has no function URL.", r.name))),
            Some("AWS_IAM") => Ok(Verdict::pass(format!("{} has a function URL that requires IAM authentication.", r.name))),
            Some("NONE") => Ok(Verdict::fail(
                "url_auth_type",
                format!("{} has a function URL that anyone can invoke without authentication (auth type NONE).", r.name),
            )),
            Some(other) => Err(Undecided::Error {
                attribute: "url_auth_type",
                message: format!("unexpected auth type {other:?} (expected \"AWS_IAM\" or \"NONE\")"),
            }),
        }
    }
}
