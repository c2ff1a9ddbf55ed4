//! The onus IAM policy engine.
//!
//! Parses identity, resource, trust, SCP/RCP, permission-boundary and session policies
//! with the line, column and JSON path of every element ([`parse_policy`]); validates
//! them the way IAM Access Analyzer's policy checks do ([`validate`]); and evaluates
//! requests with AWS's documented logic ([`PolicySet::evaluate`]), explaining which
//! statements decided and why.
//!
//! The action catalogue ([`catalog::Catalog`]) is generated from the Service
//! Authorization Reference and embedded in the library; it names every action, its
//! access level, resource types and condition keys, and expands wildcards.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod arn;
pub mod catalog;
pub mod condition;
pub mod eval;
pub mod glob;
pub mod json;
pub mod policy;
pub mod request;
pub mod validate;
pub mod variables;

pub use catalog::Catalog;
pub use eval::{CompiledPolicy, Decision, Outcome, PolicyKind, PolicySet};
pub use json::{JsonError, Location};
pub use policy::{ParseError, Policy, PolicyType, parse_policy};
pub use request::{Context, ContextValue, PrincipalInfo, PrincipalKind, Request, ResourceInfo};
pub use validate::{Finding, FindingCode, Severity, validate};
