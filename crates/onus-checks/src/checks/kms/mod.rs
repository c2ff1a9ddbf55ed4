//! KMS checks.

pub mod key_rotation_disabled;
pub mod key_policy_public;
