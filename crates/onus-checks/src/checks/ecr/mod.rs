//! ECR checks.

pub mod repository_scan_on_push_disabled;
pub mod repository_tags_mutable;
pub mod repository_policy_public;
