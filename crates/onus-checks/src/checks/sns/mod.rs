//! SNS checks.

pub mod topic_unencrypted;
pub mod topic_policy_public;
