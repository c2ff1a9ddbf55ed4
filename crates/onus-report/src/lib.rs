//! Rendering scan results. The evaluator produces [`CheckResult`]s; a
//! [`Report`] bundles them with the scan metadata and a summary; each format is
//! a pure function from a `Report` to a writer.

pub mod asff;
pub mod compliance;
pub mod csv;
pub mod filter;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod matrix;
pub mod ocsf;
pub mod sarif;
pub mod table;
mod util;

use onus_checks::{CheckResult, Severity, Status};
use onus_model::{CollectionGap, Inventory, ScanMetadata};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The value of the `format` field of every JSON report.
pub const REPORT_FORMAT_NAME: &str = "onus-report";
/// The JSON report format version; see `docs/report-format.md`.
pub const REPORT_FORMAT_VERSION: u32 = 1;

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Writing to the output failed.
    #[error("cannot write the report: {0}")]
    Io(#[from] std::io::Error),
    /// Serializing failed.
    #[error("cannot serialize the report: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV failed.
    #[error("cannot write the CSV report: {0}")]
    Csv(#[from] ::csv::Error),
}

/// A scan's results with their context.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Always `onus-report`.
    pub format: String,
    /// The report format version.
    pub format_version: u32,
    /// The onus version that evaluated the checks.
    pub onus_version: String,
    /// Where the inventory came from.
    pub scan: ScanMetadata,
    /// Counts.
    pub summary: Summary,
    /// Every result, passes included, highest severity first.
    pub results: Vec<CheckResult>,
    /// What the source could not see.
    pub gaps: Vec<CollectionGap>,
    /// Things a person should know about this scan's configuration, e.g.
    /// expired mutelist entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Per-control compliance, one view per framework asked for (`--framework`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compliance: Vec<onus_frameworks::ComplianceView>,
}

/// Counts over the results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Checks evaluated.
    pub checks: usize,
    /// Resources in the inventory.
    pub resources: usize,
    /// Results by status.
    pub by_status: BTreeMap<Status, usize>,
    /// Failed results by severity.
    pub failed_by_severity: BTreeMap<Severity, usize>,
}

impl Summary {
    /// Counts the results.
    pub fn of(results: &[CheckResult], checks: usize, resources: usize) -> Summary {
        let mut s = Summary { checks, resources, ..Summary::default() };
        for r in results {
            *s.by_status.entry(r.status).or_default() += 1;
            if r.status == Status::Fail {
                *s.failed_by_severity.entry(r.severity).or_default() += 1;
            }
        }
        s
    }

    /// Results with this status.
    pub fn count(&self, status: Status) -> usize {
        self.by_status.get(&status).copied().unwrap_or(0)
    }
}

impl Report {
    /// Builds a report from an inventory and the results of `checks` checks on it.
    pub fn new(inventory: &Inventory, results: Vec<CheckResult>, checks: usize) -> Report {
        Report {
            format: REPORT_FORMAT_NAME.to_owned(),
            format_version: REPORT_FORMAT_VERSION,
            onus_version: env!("CARGO_PKG_VERSION").to_owned(),
            scan: inventory.metadata.clone(),
            summary: Summary::of(&results, checks, inventory.resources.len()),
            results,
            gaps: inventory.gaps.clone(),
            warnings: Vec::new(),
            compliance: Vec::new(),
        }
    }

    /// Whether any failed result is at or above `severity` (muted results never count).
    pub fn fails_at_or_above(&self, severity: Severity) -> bool {
        self.results.iter().any(|r| r.status == Status::Fail && r.severity >= severity)
    }

    /// Keeps only results whose status is in `statuses` (the summary still counts everything).
    pub fn retain_statuses(&mut self, statuses: &[Status]) {
        self.results.retain(|r| statuses.contains(&r.status));
    }
}

/// The JSON Schema of the report format, generated from the types.
pub fn report_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or(serde_json::Value::Null)
}
