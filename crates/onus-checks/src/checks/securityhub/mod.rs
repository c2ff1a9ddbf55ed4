//! Security Hub checks.

pub mod not_enabled;
