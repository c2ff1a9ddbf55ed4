//! CloudTrail checks.

pub mod log_file_validation_disabled;
pub mod management_events_not_logged;
pub mod trail_not_multi_region;
