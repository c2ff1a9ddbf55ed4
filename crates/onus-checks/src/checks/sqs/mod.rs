//! SQS checks.

pub mod queue_unencrypted;
