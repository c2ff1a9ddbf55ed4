//! Attestations: a team's record that a manual duty was done, by whom, when,
//! with what evidence. An attested manual duty counts as met until it expires.

use crate::model::{DataFileError, ResponsibilityModel, yaml_error};
use chrono::NaiveDate;
use onus_model::Domain;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// How long an attestation without `expires` stays valid.
pub const DEFAULT_VALIDITY_DAYS: i64 = 365;

/// The attestations file.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttestationFile {
    /// The attestations.
    #[serde(default)]
    pub attestations: Vec<Attestation>,
}

/// One attestation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// The service id (`rds`).
    pub service: String,
    /// The domain whose manual duty is attested.
    pub domain: Domain,
    /// Who attests.
    pub by: String,
    /// When the duty was done (YYYY-MM-DD).
    pub date: NaiveDate,
    /// When the attestation lapses; default one year after `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// A link or reference to the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Attestation {
    /// The last day the attestation counts.
    pub fn expiry(&self) -> NaiveDate {
        self.expires.unwrap_or_else(|| self.date + chrono::Duration::days(DEFAULT_VALIDITY_DAYS))
    }

    /// Whether it counts on `day`.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.date <= day && day <= self.expiry()
    }
}

/// Why an attestations file was refused.
#[derive(Debug, thiserror::Error)]
pub enum AttestationError {
    /// The file could not be read.
    #[error("{path}: cannot read")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Malformed YAML or a field of the wrong shape.
    #[error(transparent)]
    Syntax(#[from] DataFileError),
    /// Well-formed, but it names something the model does not have.
    #[error("{path}: attestations[{index}]: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// Which entry.
        index: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads and validates an attestations file against the model.
pub fn load(path: &Path, model: &ResponsibilityModel) -> Result<Vec<Attestation>, AttestationError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|source| AttestationError::Read { path: shown.clone(), source })?;
    let file: AttestationFile = serde_saphyr::from_str(&text).map_err(|e| yaml_error(&shown, &e))?;
    for (index, a) in file.attestations.iter().enumerate() {
        let invalid = |message: String| AttestationError::Invalid { path: shown.clone(), index, message };
        let Some(service) = model.service(&a.service) else {
            return Err(invalid(format!("unknown service {:?}", a.service)));
        };
        let has_manual = service.domains.get(&a.domain).is_some_and(|d| d.manual.is_some())
            || service.variants.iter().any(|v| v.overrides.get(&a.domain).is_some_and(|d| d.manual.is_some()));
        if !has_manual {
            return Err(invalid(format!(
                "{}/{} has no manual duty to attest (its evidence is automatic or AWS's)",
                a.service, a.domain
            )));
        }
        if a.by.trim().is_empty() {
            return Err(invalid("`by` must name who attests".to_owned()));
        }
        if a.expiry() < a.date {
            return Err(invalid(format!("expires {} is before date {}", a.expiry(), a.date)));
        }
    }
    Ok(file.attestations)
}
