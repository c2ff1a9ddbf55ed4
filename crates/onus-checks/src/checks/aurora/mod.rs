//! Aurora (and Multi-AZ DB cluster) checks.

pub mod cluster_storage_unencrypted;
