//! AWS Config checks.

pub mod recorder_disabled;
