//! AWS Organizations: the organization and its policies.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::Organizations::Organization`, as the management account sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Organization {
    /// The organization id (`o-…`).
    pub organization_id: Attr<String>,
    /// The management account.
    pub management_account_id: Attr<String>,
    /// `ALL` (SCPs available) or `CONSOLIDATED_BILLING`.
    pub feature_set: Attr<String>,
    /// Member accounts.
    pub accounts: Attr<Vec<OrganizationAccount>>,
}

/// An account of the organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationAccount {
    /// The account id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`…
    pub status: String,
}

/// `AWS::Organizations::Policy`: a service control policy (or another organization policy).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`, `TAG_POLICY`…
    pub policy_type: Attr<String>,
    /// Whether AWS manages it (`FullAWSAccess`).
    pub aws_managed: Attr<bool>,
    /// The policy document.
    pub content: Attr<serde_json::Value>,
    /// Roots, organizational units and accounts it is attached to.
    pub targets: Attr<Vec<String>>,
}
