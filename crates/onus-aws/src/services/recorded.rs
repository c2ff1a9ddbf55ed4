//! Test support: a collector context whose clients are answered by recorded
//! responses (aws-smithy-mocks) instead of a server.

use crate::calls::CallLog;
use crate::Ctx;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_mocks::{create_mock_http_client, MockResponseInterceptor, Rule, RuleMode};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use std::sync::Arc;

pub(crate) const ACCOUNT: &str = "111122223333";

/// A context whose every call is answered by the first matching rule.
pub(crate) fn ctx(rules: &[&Rule]) -> Arc<Ctx> {
    let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
    for rule in rules {
        interceptor = interceptor.with_rule(rule);
    }
    let sdk = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new("AKIDRECORDED", "recorded-secret", None, None, "recorded")))
        .http_client(create_mock_http_client())
        .build();
    Arc::new(Ctx {
        sdk,
        account: ACCOUNT.to_owned(),
        partition: "aws".to_owned(),
        calls: CallLog::default(),
        custom_endpoint: false,
        per_resource_concurrency: 4,
        extra_interceptors: vec![SharedInterceptor::new(interceptor)],
    })
}

/// A modeled service error with an AWS error code.
pub(crate) fn error_meta(code: &str, message: &str) -> aws_smithy_types::error::ErrorMetadata {
    aws_smithy_types::error::ErrorMetadata::builder().code(code).message(message).build()
}
