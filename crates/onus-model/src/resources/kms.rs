//! KMS keys.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::KMS::Key`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Key {
    /// The key id.
    pub key_id: Attr<String>,
    /// Who manages the key.
    pub key_manager: Attr<KeyManager>,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, `HMAC_256`…
    pub key_spec: Attr<String>,
    /// `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`…
    pub key_usage: Attr<String>,
    /// `Enabled`, `Disabled`, `PendingDeletion`…
    pub key_state: Attr<String>,
    /// `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`.
    pub origin: Attr<String>,
    /// Whether automatic rotation is enabled.
    pub rotation_enabled: Attr<bool>,
    /// The key policy document.
    pub policy: Attr<Option<serde_json::Value>>,
}

/// Who manages a KMS key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum KeyManager {
    /// An AWS managed key (`aws/s3`…): AWS rotates it.
    #[serde(rename = "AWS")]
    Aws,
    /// A customer managed key: rotation is the customer's duty.
    #[serde(rename = "CUSTOMER")]
    Customer,
}
