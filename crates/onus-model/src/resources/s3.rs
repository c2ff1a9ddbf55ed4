//! S3: buckets and the account-level public access block.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::S3::Bucket`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Bucket {
    /// Default encryption; `null` = none configured (since January 2023 AWS applies SSE-S3 regardless).
    pub encryption: Attr<Option<BucketEncryption>>,
    /// Versioning state.
    pub versioning: Attr<Versioning>,
    /// The bucket's own public access block; `null` = none.
    pub public_access_block: Attr<Option<PublicAccessBlock>>,
    /// The bucket policy document; `null` = no policy.
    pub policy: Attr<Option<serde_json::Value>>,
    /// ACL grants.
    pub acl_grants: Attr<Vec<AclGrant>>,
    /// Object ownership setting (`BucketOwnerEnforced` disables ACLs).
    pub object_ownership: Attr<Option<String>>,
    /// Server access logging target; `null` = logging off.
    pub logging: Attr<Option<BucketLogging>>,
    /// Whether Object Lock is enabled.
    pub object_lock_enabled: Attr<bool>,
    /// Whether at least one replication rule is enabled.
    pub replication_enabled: Attr<bool>,
}

/// Default encryption of a bucket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketEncryption {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub algorithm: String,
    /// KMS key for `aws:kms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// Whether an S3 Bucket Key is used.
    #[serde(default)]
    pub bucket_key_enabled: bool,
}

/// Versioning configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Versioning {
    /// The versioning status.
    pub status: VersioningStatus,
    /// Whether MFA delete is enabled.
    #[serde(default)]
    pub mfa_delete: bool,
}

/// Versioning status of a bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum VersioningStatus {
    /// Never enabled.
    Disabled,
    /// Enabled.
    Enabled,
    /// Enabled once, then suspended.
    Suspended,
}

/// The four public-access-block switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicAccessBlock {
    /// Reject new public ACLs.
    pub block_public_acls: bool,
    /// Ignore existing public ACLs.
    pub ignore_public_acls: bool,
    /// Reject public bucket policies.
    pub block_public_policy: bool,
    /// Restrict access under public policies to AWS services and the owner account.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    /// All four switches on.
    pub fn blocks_all(&self) -> bool {
        self.block_public_acls
            && self.ignore_public_acls
            && self.block_public_policy
            && self.restrict_public_buckets
    }
}

/// One ACL grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AclGrant {
    /// Grantee: a canonical user id, an email, or a group URI.
    pub grantee: String,
    /// `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP` or `FULL_CONTROL`.
    pub permission: String,
}

/// Server access logging.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketLogging {
    /// Target bucket.
    pub target_bucket: String,
    /// Key prefix.
    #[serde(default)]
    pub target_prefix: String,
}

/// `AWS::S3::AccountPublicAccessBlock` (onus kind; from s3control). One per account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AccountPublicAccessBlock {
    /// The account-wide block; `null` = none configured.
    pub public_access_block: Attr<Option<PublicAccessBlock>>,
}
