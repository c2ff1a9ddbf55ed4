//! The onus inventory model.
//!
//! Every source (a live account, a Terraform plan, a CloudFormation template,
//! a saved snapshot) produces an [`Inventory`]; every check reads only an
//! `Inventory`. Resource kinds are named by their CloudFormation type, every
//! resource carries its [`Provenance`], every attribute that may be unseen is
//! an [`Attr`], and what could not be collected at all is a [`CollectionGap`].

pub mod attr;
pub mod domain;
pub mod inventory;
pub mod provenance;
pub mod resources;
pub mod snapshot;
pub mod source_value;
pub mod suppression;

pub use attr::{Attr, Unknown, UnknownCause};
pub use domain::Domain;
pub use inventory::{
    CollectionGap, FORMAT_NAME, FORMAT_VERSION, GapReason, Inventory, KindIndex, ScanMetadata,
    SourceKind,
};
pub use provenance::{Provenance, Span};
pub use resources::{Properties, Resource, ResourceKind, ResourceType};
pub use suppression::Suppression;

/// The JSON Schema of the snapshot format, generated from the types.
pub fn inventory_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Inventory)).unwrap_or(serde_json::Value::Null)
}
