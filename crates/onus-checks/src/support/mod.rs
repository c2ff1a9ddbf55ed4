//! Helpers shared by checks.

pub mod policy;
