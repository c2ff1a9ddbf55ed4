//! EBS checks.

pub mod encryption_by_default_disabled;
pub mod snapshot_public;
pub mod volume_unencrypted;
