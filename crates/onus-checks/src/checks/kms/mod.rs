//! KMS checks.

pub mod key_rotation_disabled;
