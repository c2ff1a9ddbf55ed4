//! SNS checks.

pub mod topic_unencrypted;
