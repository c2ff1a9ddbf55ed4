//! Finding the resource-based policy of an ARN in an inventory.

use crate::model::compile_document;
use onus_iam::CompiledPolicy;
use onus_model::resources::{backup, containers, efs, iam, kms, lambda, messaging, s3, secretsmanager};
use onus_model::{Attr, Inventory, Resource};
use std::sync::Arc;

/// A resource's own policy, as the engine needs it.
#[derive(Clone, Debug)]
pub struct ResourcePolicy {
    /// The inventory resource it belongs to.
    pub resource_id: String,
    /// Its name.
    pub name: String,
    /// The compiled policy; `None` when the resource has none.
    pub policy: Option<Arc<CompiledPolicy>>,
    /// Whether the policy must allow by itself (KMS keys, role trust policies).
    pub requires_resource_policy: bool,
}

/// Why the policy of a resource cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    /// The policy attribute is unknown.
    #[error("the policy of {name} is unknown ({unknown})")]
    Unknown {
        /// The resource.
        name: String,
        /// Why.
        unknown: onus_model::Unknown,
    },
    /// The policy is not a valid policy.
    #[error("the policy of {name} is not a valid policy: {message}")]
    Invalid {
        /// The resource.
        name: String,
        /// The engine's message.
        message: String,
    },
}

fn optional(r: &Resource, attr: &Attr<Option<serde_json::Value>>, requires: bool) -> Result<ResourcePolicy, LookupError> {
    let doc = match attr {
        Attr::Known(d) => d.as_ref(),
        Attr::Unknown(u) => return Err(LookupError::Unknown { name: r.name.clone(), unknown: u.unknown.clone() }),
    };
    let policy = doc
        .map(|d| compile_document(&format!("{} policy", r.name), d))
        .transpose()
        .map_err(|message| LookupError::Invalid { name: r.name.clone(), message })?;
    Ok(ResourcePolicy { resource_id: r.id.clone(), name: r.name.clone(), policy, requires_resource_policy: requires })
}

/// The resource whose ARN is `arn` (for S3 objects, their bucket) and its policy;
/// `Ok(None)` when the inventory does not hold it.
pub fn resource_policy(inv: &Inventory, arn: &str) -> Result<Option<ResourcePolicy>, LookupError> {
    let bucket = arn.strip_prefix("arn:aws:s3:::").map(|rest| rest.split('/').next().unwrap_or(rest));
    for r in &inv.resources {
        if let (Some(name), Some(b)) = (bucket, r.props::<s3::Bucket>()) {
            if r.name == name {
                return optional(r, &b.policy, false).map(Some);
            }
            continue;
        }
        if r.id != arn {
            continue;
        }
        let found = if let Some(x) = r.props::<messaging::Queue>() {
            optional(r, &x.policy, false)
        } else if let Some(x) = r.props::<messaging::Topic>() {
            optional(r, &x.policy, false)
        } else if let Some(x) = r.props::<kms::Key>() {
            optional(r, &x.policy, true)
        } else if let Some(x) = r.props::<lambda::Function>() {
            optional(r, &x.policy, false)
        } else if let Some(x) = r.props::<containers::Repository>() {
            optional(r, &x.policy, false)
        } else if let Some(x) = r.props::<secretsmanager::Secret>() {
            optional(r, &x.policy, false)
        } else if let Some(x) = r.props::<efs::FileSystem>() {
            optional(r, &x.policy, false)
        } else if let Some(x) = r.props::<backup::BackupVault>() {
            optional(r, &x.access_policy, false)
        } else if let Some(x) = r.props::<iam::Role>() {
            let doc = match &x.assume_role_policy {
                Attr::Known(d) => Attr::Known(Some(d.clone())),
                Attr::Unknown(u) => Attr::Unknown(u.clone()),
            };
            optional(r, &doc, true)
        } else {
            Ok(ResourcePolicy { resource_id: r.id.clone(), name: r.name.clone(), policy: None, requires_resource_policy: false })
        };
        return found.map(Some);
    }
    Ok(None)
}
