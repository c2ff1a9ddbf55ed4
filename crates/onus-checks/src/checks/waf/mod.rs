//! AWS WAF checks.

pub mod web_acl_logging_disabled;
