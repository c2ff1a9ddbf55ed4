//! onus's built-in checks and the engine that runs them.
//!
//! A check reads only the [`onus_model::Inventory`]: it never calls AWS and
//! never parses a file. That is what lets the same check run on a live
//! account, a Terraform plan, a CloudFormation template or a saved snapshot.

pub mod check;
pub mod checks;
pub mod docs;
pub mod engine;
pub mod meta;
pub mod registry;
pub mod result;
pub mod selection;
pub mod support;

pub use check::{Check, Context, ResourceCheck, Undecided, Verdict};
pub use engine::evaluate;
pub use meta::{CheckMeta, Remediation, Severity};
pub use registry::CHECKS;
pub use result::{CheckResult, Location, Mute, ResourceRef, Status};
pub use selection::{Selection, SelectionError};

/// What every check file imports.
pub(crate) mod prelude {
    pub use crate::check::{Context, KnownExt, ResourceCheck, Undecided, Verdict};
    pub use crate::meta::{CheckMeta, Remediation, Severity};
    pub use onus_model::{Domain, Resource, ResourceKind};
}
