//! EKS checks.

pub mod cluster_endpoint_public;
pub mod cluster_secrets_unencrypted;
