//! CloudTrail checks.

pub mod log_file_validation_disabled;
pub mod trail_not_multi_region;
