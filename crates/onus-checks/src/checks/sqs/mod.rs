//! SQS checks.

pub mod queue_unencrypted;
pub mod queue_policy_public;
