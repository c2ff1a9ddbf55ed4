//! The matrix for one estate: the model's rows for the services in use, each
//! customer cell filled with the evidence a scan produced.

use crate::attest::Attestation;
use crate::model::{AwsCategory, Category, Duty, Owner, ResponsibilityModel};
use chrono::NaiveDate;
use onus_checks::{CheckResult, Status};
use onus_model::{Domain, Inventory};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The computed matrix.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Matrix {
    /// The day attestations were judged on.
    pub as_of: NaiveDate,
    /// One row per service in use, in model order.
    pub rows: Vec<Row>,
    /// How much of the customer's side onus evidences automatically.
    pub coverage: Coverage,
    /// Services seen in the inventory that the model does not describe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmodelled_services: Vec<String>,
    /// Attestations that have expired (they no longer count).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expired_attestations: Vec<Attestation>,
}

/// One service.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    /// Service id.
    pub service: String,
    /// Display name.
    pub name: String,
    /// Tier.
    pub category: Category,
    /// AWS's term for the tier.
    pub aws_category: AwsCategory,
    /// AWS's security chapter.
    pub docs: String,
    /// Resources of this service in the inventory.
    pub resources: usize,
    /// One cell per domain, in [`Domain::ALL`] order.
    pub cells: Vec<Cell>,
}

/// One service × domain.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    /// The domain.
    pub domain: Domain,
    /// Who owns it.
    pub owner: Owner,
    /// What AWS does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws: Option<String>,
    /// What the customer must do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The verdict on the customer's part.
    pub status: CellStatus,
    /// Per check: how its results came out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckEvidence>,
    /// Failing, unknown and error results behind the verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<CheckResult>,
    /// The part no API can prove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<ManualPart>,
}

/// The verdict on a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CellStatus {
    /// Provider-owned: nothing for the customer to do.
    Aws,
    /// Every check passed and every manual part is attested.
    Met,
    /// Needs a person: a manual question not (or no longer) attested.
    Manual,
    /// Some evidence is unknown, errored, or absent.
    Unknown,
    /// At least one check failed.
    NotMet,
}

/// How one check came out within a cell.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CheckEvidence {
    /// The check id.
    pub check_id: String,
    /// Passing results.
    pub pass: usize,
    /// Failing results.
    pub fail: usize,
    /// Unknown results.
    pub unknown: usize,
    /// Error results.
    pub error: usize,
    /// Muted results.
    pub muted: usize,
}

/// A manual duty and its attestation.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ManualPart {
    /// The auditor's question.
    pub question: String,
    /// The attestation that currently answers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Attestation>,
}

/// Coverage of the customer's side over the services in use.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    /// Customer-owned or shared duties.
    pub customer_duties: usize,
    /// Of those, duties with at least one automated check.
    pub automated: usize,
    /// Of those, duties evidenced only by a person.
    pub manual_only: usize,
    /// `automated / customer_duties`, in percent.
    pub automated_percent: f64,
    /// Every duty with a manual question, for attestation.
    pub manual_duties: Vec<ManualDuty>,
}

/// A manual duty, for the attestation list.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ManualDuty {
    /// Service id.
    pub service: String,
    /// Domain.
    pub domain: Domain,
    /// The question.
    pub question: String,
    /// Whether a valid attestation answers it.
    pub attested: bool,
}

/// Services in use: every service with at least one resource in the inventory, with counts.
pub fn services_in_use(inventory: &Inventory) -> BTreeMap<&'static str, usize> {
    let mut used = BTreeMap::new();
    for r in &inventory.resources {
        *used.entry(r.kind().service()).or_insert(0) += 1;
    }
    used
}

/// Computes the matrix.
pub fn compute(
    model: &ResponsibilityModel,
    inventory: &Inventory,
    results: &[CheckResult],
    attestations: &[Attestation],
    as_of: NaiveDate,
) -> Matrix {
    let used = services_in_use(inventory);
    let mut by_check: BTreeMap<&str, Vec<&CheckResult>> = BTreeMap::new();
    for r in results {
        by_check.entry(r.check_id.as_str()).or_default().push(r);
    }

    let mut rows = Vec::new();
    let mut coverage = Coverage::default();
    for service in &model.services {
        let Some(&count) = used.get(service.id.as_str()) else { continue };
        let cells = Domain::ALL
            .iter()
            .filter_map(|domain| service.domains.get(domain).map(|duty| (*domain, duty)))
            .map(|(domain, duty)| {
                let cell = cell(&service.id, domain, duty, &by_check, attestations, as_of);
                if duty.has_customer_part() {
                    coverage.customer_duties += 1;
                    if duty.checks.is_empty() {
                        coverage.manual_only += 1;
                    } else {
                        coverage.automated += 1;
                    }
                }
                if let Some(m) = &cell.manual {
                    coverage.manual_duties.push(ManualDuty {
                        service: service.id.clone(),
                        domain,
                        question: m.question.clone(),
                        attested: m.attestation.is_some(),
                    });
                }
                cell
            })
            .collect();
        rows.push(Row {
            service: service.id.clone(),
            name: service.name.clone(),
            category: service.category,
            aws_category: service.aws_category,
            docs: service.docs.clone(),
            resources: count,
            cells,
        });
    }
    if coverage.customer_duties > 0 {
        // Counts are far below 2^52, so the conversion is exact.
        #[allow(clippy::cast_precision_loss)]
        let pct = coverage.automated as f64 * 100.0 / coverage.customer_duties as f64;
        coverage.automated_percent = (pct * 10.0).round() / 10.0;
    }
    let unmodelled_services =
        used.keys().filter(|id| model.service(id).is_none()).map(|s| (*s).to_owned()).collect();
    let expired_attestations = attestations.iter().filter(|a| a.expiry() < as_of).cloned().collect();
    Matrix { as_of, rows, coverage, unmodelled_services, expired_attestations }
}

fn cell(
    service: &str,
    domain: Domain,
    duty: &Duty,
    by_check: &BTreeMap<&str, Vec<&CheckResult>>,
    attestations: &[Attestation],
    as_of: NaiveDate,
) -> Cell {
    let mut checks = Vec::new();
    let mut findings = Vec::new();
    for id in &duty.checks {
        let mut ev = CheckEvidence { check_id: id.clone(), ..CheckEvidence::default() };
        for r in by_check.get(id.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
            match r.status {
                Status::Pass => ev.pass += 1,
                Status::Fail => ev.fail += 1,
                Status::Unknown => ev.unknown += 1,
                Status::Error => ev.error += 1,
                Status::Muted => ev.muted += 1,
                Status::Manual => {}
            }
            if matches!(r.status, Status::Fail | Status::Unknown | Status::Error) {
                findings.push((*r).clone());
            }
        }
        checks.push(ev);
    }
    let manual = duty.manual.as_ref().map(|question| ManualPart {
        question: question.clone(),
        attestation: attestations
            .iter()
            .filter(|a| a.service == service && a.domain == domain && a.valid_on(as_of))
            .max_by_key(|a| a.date)
            .cloned(),
    });

    let status = if duty.owner == Owner::Aws {
        CellStatus::Aws
    } else {
        let automated = if checks.is_empty() {
            None
        } else if checks.iter().any(|c| c.fail > 0) {
            Some(CellStatus::NotMet)
        } else if checks.iter().any(|c| c.unknown + c.error > 0) {
            Some(CellStatus::Unknown)
        } else if checks.iter().any(|c| c.pass + c.muted > 0) {
            Some(CellStatus::Met)
        } else {
            // The checks ran but found nothing to judge: no evidence either way.
            Some(CellStatus::Unknown)
        };
        let by_person = manual.as_ref().map(|m| if m.attestation.is_some() { CellStatus::Met } else { CellStatus::Manual });
        match (automated, by_person) {
            (Some(a), Some(p)) => a.max(p),
            (Some(a), None) => a,
            (None, Some(p)) => p,
            (None, None) => CellStatus::Unknown,
        }
    };
    Cell {
        domain,
        owner: duty.owner,
        aws: duty.aws.clone(),
        customer: duty.customer.clone(),
        status,
        checks,
        findings,
        manual,
    }
}
