//! The Shared Responsibility Model as data, and the matrix computed from it.
//!
//! The files under `data/services/` say, for every supported service and security
//! domain, who owns the duty (AWS, the customer, or both), what exactly the
//! customer's part is, and which checks evidence it — or which question a
//! person must answer. [`compute`] fills that model in for one scanned estate.

pub mod attest;
pub mod compute;
pub mod model;
pub mod validate;

pub use attest::{Attestation, AttestationError};
pub use compute::{Cell, CellStatus, Coverage, Matrix, Row, compute, services_in_use};
pub use model::{DataFileError, Duty, Owner, ResponsibilityModel, ServiceModel, builtin};
