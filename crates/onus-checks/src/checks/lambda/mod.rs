//! Lambda checks.

pub mod function_runtime_deprecated;
pub mod function_url_unauthenticated;
pub mod function_policy_public;
