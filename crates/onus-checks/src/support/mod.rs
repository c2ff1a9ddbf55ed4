//! Helpers shared by checks.

pub mod policy;
pub mod sharing;
