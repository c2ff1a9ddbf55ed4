//! RDS checks.

pub mod cluster_snapshot_public;
pub mod instance_backups_insufficient;
pub mod instance_publicly_accessible;
pub mod instance_storage_unencrypted;
pub mod snapshot_public;
