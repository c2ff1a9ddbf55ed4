//! Systems Manager checks.

pub mod instance_patches_missing;
