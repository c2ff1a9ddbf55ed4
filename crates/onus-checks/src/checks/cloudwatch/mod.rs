//! CloudWatch and CloudWatch Logs checks.

pub mod log_group_retention_short;
