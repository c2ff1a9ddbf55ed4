//! Secrets Manager checks.

pub mod secret_rotation_disabled;
