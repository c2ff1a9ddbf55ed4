//! IAM: the account password policy, the root user, users.

use crate::Attr;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::IAM::AccountPasswordPolicy` (onus kind; CloudFormation has no type
/// for it, Terraform calls it `aws_iam_account_password_policy`). One per account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AccountPasswordPolicy {
    /// Whether a custom policy is set. Without one, AWS applies its default (8 characters, no reuse prevention).
    pub configured: Attr<bool>,
    /// Minimum password length.
    pub minimum_password_length: Attr<Option<u32>>,
    /// At least one symbol required.
    pub require_symbols: Attr<bool>,
    /// At least one number required.
    pub require_numbers: Attr<bool>,
    /// At least one uppercase letter required.
    pub require_uppercase_characters: Attr<bool>,
    /// At least one lowercase letter required.
    pub require_lowercase_characters: Attr<bool>,
    /// Days a password stays valid; `null` = forever.
    pub max_password_age: Attr<Option<u32>>,
    /// How many previous passwords cannot be reused; `null` = no prevention.
    pub password_reuse_prevention: Attr<Option<u32>>,
}

/// `AWS::IAM::RootUser` (onus kind): the account's root user, from the credential report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RootUser {
    /// Whether an MFA device is active on the root user.
    pub mfa_active: Attr<bool>,
    /// Whether the MFA is a hardware device (CIS asks for hardware MFA on root).
    pub hardware_mfa: Attr<bool>,
    /// Number of active access keys the root user has.
    pub active_access_keys: Attr<u32>,
    /// When the root password was last used; `null` = never or not recorded.
    pub password_last_used: Attr<Option<DateTime<Utc>>>,
}

/// `AWS::IAM::User`: a user with its credentials.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct User {
    /// The user's ARN.
    pub arn: Attr<String>,
    /// When the user was created.
    pub created: Attr<Option<DateTime<Utc>>>,
    /// Whether the user has a console password (a login profile).
    pub password_enabled: Attr<bool>,
    /// When the console password was last used.
    pub password_last_used: Attr<Option<DateTime<Utc>>>,
    /// MFA devices assigned to the user.
    pub mfa_devices: Attr<Vec<MfaDevice>>,
    /// The user's access keys.
    pub access_keys: Attr<Vec<AccessKey>>,
    /// Groups the user belongs to (names).
    pub groups: Attr<Vec<String>>,
    /// ARNs of managed policies attached directly to the user.
    pub attached_policy_arns: Attr<Vec<String>>,
    /// Inline policies embedded in the user.
    pub inline_policies: Attr<Vec<InlinePolicy>>,
    /// ARN of the permissions boundary, if any.
    pub permissions_boundary_arn: Attr<Option<String>>,
}

/// An MFA device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MfaDevice {
    /// Serial number or ARN of the device.
    pub serial: String,
    /// Kind of device.
    pub kind: MfaKind,
    /// When the device was enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_at: Option<DateTime<Utc>>,
}

/// Kinds of MFA device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MfaKind {
    /// A virtual authenticator app.
    Virtual,
    /// A hardware TOTP token.
    Hardware,
    /// A FIDO security key or passkey.
    Fido,
}

/// An access key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessKey {
    /// The access key id.
    pub id: String,
    /// Whether the key is active.
    pub status: AccessKeyStatus,
    /// When the key was created.
    pub created: DateTime<Utc>,
    /// When the key was last used, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<DateTime<Utc>>,
}

/// Access key status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AccessKeyStatus {
    /// Usable.
    Active,
    /// Disabled but not deleted.
    Inactive,
}

/// An inline policy with its document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InlinePolicy {
    /// The policy name.
    pub name: String,
    /// The policy document as JSON.
    pub document: serde_json::Value,
}

/// `AWS::IAM::Group`: a group with its policies. Members are on each user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Group {
    /// The group's ARN.
    pub arn: Attr<String>,
    /// ARNs of managed policies attached to the group.
    pub attached_policy_arns: Attr<Vec<String>>,
    /// Inline policies embedded in the group.
    pub inline_policies: Attr<Vec<InlinePolicy>>,
}

/// `AWS::IAM::Role`: a role with its trust policy and permissions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Role {
    /// The role's ARN.
    pub arn: Attr<String>,
    /// The role's path; service-linked roles live under `/aws-service-role/`.
    pub path: Attr<String>,
    /// When the role was created.
    pub created: Attr<Option<DateTime<Utc>>>,
    /// The trust policy (who may assume the role).
    pub assume_role_policy: Attr<serde_json::Value>,
    /// ARNs of managed policies attached to the role.
    pub attached_policy_arns: Attr<Vec<String>>,
    /// Inline policies embedded in the role.
    pub inline_policies: Attr<Vec<InlinePolicy>>,
    /// ARN of the permissions boundary, if any.
    pub permissions_boundary_arn: Attr<Option<String>>,
    /// When the role was last used, if ever (IAM tracks about 400 days).
    pub last_used: Attr<Option<DateTime<Utc>>>,
    /// Maximum session duration in seconds.
    pub max_session_duration: Attr<u32>,
    /// ARNs of instance profiles that carry the role.
    pub instance_profile_arns: Attr<Vec<String>>,
}

impl Role {
    /// Whether the role is service-linked (AWS owns its permissions; SCPs do not apply).
    pub fn is_service_linked(&self) -> Option<bool> {
        match &self.path {
            Attr::Known(p) => Some(p.starts_with("/aws-service-role/")),
            Attr::Unknown(_) => None,
        }
    }
}

/// `AWS::IAM::ManagedPolicy`: a customer managed policy, or an AWS managed
/// policy attached to something in the account, with its default version.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ManagedPolicy {
    /// The policy's ARN.
    pub arn: Attr<String>,
    /// Whether AWS manages the policy (`arn:aws:iam::aws:policy/…`).
    pub aws_managed: Attr<bool>,
    /// The default version id (`v1`…).
    pub default_version_id: Attr<String>,
    /// The default version's document.
    pub document: Attr<serde_json::Value>,
    /// How many users, groups and roles it is attached to.
    pub attachment_count: Attr<u32>,
    /// How many entities use it as a permissions boundary.
    pub boundary_usage_count: Attr<u32>,
}
