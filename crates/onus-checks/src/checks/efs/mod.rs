//! EFS checks.

pub mod file_system_unencrypted;
pub mod file_system_policy_public;
