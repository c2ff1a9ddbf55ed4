//! Secrets Manager checks.

pub mod secret_rotation_disabled;
pub mod secret_policy_public;
