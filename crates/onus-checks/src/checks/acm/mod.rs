//! ACM checks.

pub mod certificate_expiring;
