//! AWS Certificate Manager.

use crate::Attr;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::CertificateManager::Certificate`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Certificate {
    /// The primary domain name.
    pub domain_name: Attr<String>,
    /// `ISSUED`, `PENDING_VALIDATION`, `EXPIRED`…
    pub status: Attr<String>,
    /// `AMAZON_ISSUED`, `IMPORTED` or `PRIVATE`; imported ones are not renewed by AWS.
    pub certificate_type: Attr<String>,
    /// When it stops being valid.
    pub not_after: Attr<Option<DateTime<Utc>>>,
    /// `RSA_2048`, `EC_prime256v1`…
    pub key_algorithm: Attr<String>,
    /// ARNs of resources using it.
    pub in_use_by: Attr<Vec<String>>,
}
