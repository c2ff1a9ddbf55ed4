//! Helpers shared by checks.

pub mod access;
pub mod policy;
pub mod sharing;
