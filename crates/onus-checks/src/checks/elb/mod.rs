//! Elastic Load Balancing (v2) checks.

pub mod listener_outdated_tls_policy;
pub mod listener_plain_http;
