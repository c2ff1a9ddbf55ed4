//! AWS Backup checks.

pub mod vault_policy_public;
