//! EBS checks.

pub mod encryption_by_default_disabled;
pub mod volume_unencrypted;
