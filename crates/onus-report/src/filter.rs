//! Display filters that apply to every format: which results a report shows.
//! The summary keeps counting every result.

use crate::Report;
use onus_checks::{CheckResult, Severity, Status};
use onus_model::Domain;

/// Which results to show. Empty lists mean "no restriction".
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only these statuses.
    pub statuses: Vec<Status>,
    /// Only these severities (exactly).
    pub severities: Vec<Severity>,
    /// Only at or above this severity.
    pub min_severity: Option<Severity>,
    /// Only these services.
    pub services: Vec<String>,
    /// Only these responsibility domains.
    pub domains: Vec<Domain>,
    /// Only these check ids (e.g. the checks a framework maps).
    pub checks: Option<Vec<String>>,
}

impl Filter {
    /// Whether the filter keeps this result.
    pub fn keeps(&self, r: &CheckResult) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&r.status))
            && (self.severities.is_empty() || self.severities.contains(&r.severity))
            && self.min_severity.is_none_or(|min| r.severity >= min)
            && (self.services.is_empty() || self.services.contains(&r.service))
            && (self.domains.is_empty() || self.domains.contains(&r.domain))
            && self.checks.as_ref().is_none_or(|ids| ids.contains(&r.check_id))
    }
}

impl Report {
    /// Keeps only the results the filter keeps (the summary still counts everything).
    pub fn apply_filter(&mut self, filter: &Filter) {
        self.results.retain(|r| filter.keeps(r));
    }
}
