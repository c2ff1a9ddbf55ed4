//! S3 checks.

mod account_block;
pub mod bucket_allows_insecure_transport;
pub mod bucket_policy_allows_public_access;
pub mod bucket_public_access_block_disabled;
pub mod bucket_versioning_disabled;
