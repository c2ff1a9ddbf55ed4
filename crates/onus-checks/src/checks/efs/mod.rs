//! EFS checks.

pub mod file_system_unencrypted;
