//! Lambda functions.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::Lambda::Function`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Function {
    /// `Zip` or `Image`.
    pub package_type: Attr<String>,
    /// The managed runtime (`python3.12`…); `null` for container images.
    pub runtime: Attr<Option<String>>,
    /// The execution role.
    pub role_arn: Attr<Option<String>>,
    /// Names of environment variables (values are never collected).
    pub environment_variable_names: Attr<Vec<String>>,
    /// The customer managed key that encrypts environment variables; `null` = AWS managed key.
    pub kms_key_arn: Attr<Option<String>>,
    /// Function URL auth type (`NONE` or `AWS_IAM`); `null` = no function URL.
    pub url_auth_type: Attr<Option<String>>,
    /// The resource-based policy; `null` = none.
    pub policy: Attr<Option<serde_json::Value>>,
    /// The VPC the function is attached to, if any.
    pub vpc_id: Attr<Option<String>>,
}
