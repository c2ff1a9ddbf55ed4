//! OCSF: one [Detection Finding](https://schema.ocsf.io/1.5.0/classes/detection_finding)
//! (class 2004, category 2 "Findings") per result, as a JSON array — the
//! format Amazon Security Lake and Security Hub's OCSF model ingest.
//!
//! Mapping: `status_code` carries onus's status (`PASS`, `FAIL`, …);
//! `status_id` is the finding's lifecycle: New for failures and undecided
//! results, Suppressed for muted ones, Resolved for passes.

use crate::util::{finding_uid, meta, region, title};
use crate::{Report, ReportError};
use onus_checks::{CheckResult, Severity, Status};
use serde_json::{Value, json};
use std::io::Write;

/// The OCSF schema version the findings follow.
pub const OCSF_VERSION: &str = "1.5.0";
/// `class_uid` of Detection Finding.
pub const CLASS_UID: u32 = 2004;

fn severity_id(s: Severity) -> (u8, &'static str) {
    match s {
        Severity::Info => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

fn status_id(s: Status) -> (u8, &'static str) {
    match s {
        Status::Pass => (4, "Resolved"),
        Status::Muted => (3, "Suppressed"),
        Status::Fail | Status::Unknown | Status::Error | Status::Manual => (1, "New"),
    }
}

/// One result as an OCSF Detection Finding.
pub fn finding(report: &Report, r: &CheckResult) -> Value {
    let time = report.scan.collected_at.timestamp_millis();
    let time_dt = report.scan.collected_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let (sev_id, sev) = severity_id(r.severity);
    let (st_id, st) = status_id(r.status);
    let m = meta(r);
    let account = r.resource.account.clone();
    let reg = region(r);
    let mut resource = json!({
        "uid": r.resource.id,
        "name": r.resource.name,
        "type": r.resource.kind.type_name(),
        "cloud_partition": "aws",
        "group": { "name": r.service },
    });
    if !reg.is_empty() && reg != "global" {
        resource["region"] = json!(reg);
    }
    if let Some(a) = &account {
        resource["owner"] = json!({ "account": { "uid": a, "type": "AWS Account", "type_id": 10 } });
    }
    let mut cloud = json!({ "provider": "AWS" });
    if let Some(a) = &account {
        cloud["account"] = json!({ "uid": a, "type": "AWS Account", "type_id": 10 });
    }
    if !reg.is_empty() && reg != "global" {
        cloud["region"] = json!(reg);
    }
    let mut f = json!({
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Detection Finding",
        "type_uid": CLASS_UID * 100 + 1,
        "type_name": "Detection Finding: Create",
        "severity_id": sev_id,
        "severity": sev,
        "status_id": st_id,
        "status": st,
        "status_code": r.status.as_str().to_uppercase(),
        "status_detail": r.message,
        "message": r.message,
        "time": time,
        "time_dt": time_dt,
        "is_alert": r.status == Status::Fail,
        "metadata": {
            "version": OCSF_VERSION,
            "uid": finding_uid(r),
            "event_code": r.check_id,
            "profiles": ["cloud", "datetime"],
            "product": {
                "name": "onus",
                "uid": "onus",
                "vendor_name": "onus",
                "version": report.onus_version,
            },
        },
        "finding_info": {
            "uid": finding_uid(r),
            "title": title(r),
            "desc": m.map_or(r.message.as_str(), |m| m.duty),
            "types": [format!("onus/{}", r.domain.id())],
            "created_time": time,
            "created_time_dt": time_dt,
        },
        "resources": [resource],
        "cloud": cloud,
        "unmapped": {
            "check_id": r.check_id,
            "service": r.service,
            "domain": r.domain.id(),
        },
    });
    if let Some(m) = m {
        let refs: Vec<&str> = m.references.to_vec();
        f["remediation"] = json!({ "desc": m.remediation.text, "references": refs });
        f["finding_info"]["desc"] = json!(format!("{} {}", m.duty, m.rationale));
    }
    if let Some(mute) = &r.muted {
        f["unmapped"]["muted"] = json!({
            "reason": mute.reason,
            "status_before_mute": mute.original_status,
            "expires": mute.expires,
        });
    }
    if let Some(attr) = &r.attribute {
        f["unmapped"]["attribute"] = json!(attr);
    }
    f
}

/// Every result as a finding.
pub fn findings(report: &Report) -> Vec<Value> {
    report.results.iter().map(|r| finding(report, r)).collect()
}

/// Writes the findings as a pretty JSON array.
pub fn write(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    crate::util::pretty_json_line(out, &findings(report))
}
