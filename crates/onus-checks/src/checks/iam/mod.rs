//! IAM checks.

pub mod access_analyzer_not_enabled;
pub mod access_key_not_rotated;
pub mod console_user_without_mfa;
pub mod password_policy_weak;
pub mod principal_admin_equivalent;
pub mod privilege_escalation_path;
pub mod role_trust_policy_public;
pub mod root_user_access_keys;
pub mod root_user_without_mfa;
