//! GuardDuty checks.

pub mod not_enabled;
