//! EKS clusters and ECR repositories.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::EKS::Cluster`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Cluster {
    /// Kubernetes version.
    pub version: Attr<Option<String>>,
    /// Whether the API endpoint is reachable from the internet.
    pub endpoint_public_access: Attr<bool>,
    /// CIDRs allowed to reach the public endpoint.
    pub public_access_cidrs: Attr<Vec<String>>,
    /// Whether the API endpoint is reachable from the VPC.
    pub endpoint_private_access: Attr<bool>,
    /// The KMS key envelope-encrypting Kubernetes secrets; `null` = not configured.
    pub secrets_kms_key_arn: Attr<Option<String>>,
    /// Control-plane log types sent to CloudWatch Logs.
    pub enabled_log_types: Attr<Vec<String>>,
}

/// `AWS::ECR::Repository`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Repository {
    /// `MUTABLE` or `IMMUTABLE`.
    pub image_tag_mutability: Attr<String>,
    /// Whether images are scanned on push.
    pub scan_on_push: Attr<bool>,
    /// `AES256` or `KMS`.
    pub encryption_type: Attr<String>,
    /// The KMS key, for KMS encryption.
    pub kms_key: Attr<Option<String>>,
    /// The repository policy.
    pub policy: Attr<Option<serde_json::Value>>,
}
