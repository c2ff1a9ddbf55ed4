//! SARIF 2.1.0 for code review (GitHub code scanning, GitLab, Azure DevOps):
//! a rule catalogue generated from the checks' metadata, and one result per
//! failed, unknown, error or muted finding, located at the file and region of
//! the attribute at fault when the source is infrastructure as code.
//!
//! Muted results carry a SARIF `suppressions` entry with the reason, so a
//! code-review tool shows them as suppressed rather than dropping them.

use crate::{Report, ReportError};
use onus_checks::{CHECKS, CheckMeta, CheckResult, Severity, Status};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;

/// The SARIF schema the output declares.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

const DOCS_BASE: &str = "https://github.com/onus-security/onus/blob/main/docs/checks";

/// The `security-severity` GitHub uses to rank findings (0.0–10.0).
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// `s3-bucket-versioning-disabled` → `S3BucketVersioningDisabled`.
fn rule_name(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn help_markdown(meta: &CheckMeta) -> String {
    let mut s = format!("**{}**\n\n{}\n\n**Customer duty:** {}\n\n## Remediation\n\n{}\n", meta.title, meta.rationale, meta.duty, meta.remediation.text);
    if let Some(tf) = meta.remediation.terraform {
        s.push_str(&format!("\nTerraform:\n\n```hcl\n{tf}\n```\n"));
    }
    if let Some(cfn) = meta.remediation.cloudformation {
        s.push_str(&format!("\nCloudFormation:\n\n```yaml\n{cfn}\n```\n"));
    }
    if !meta.references.is_empty() {
        s.push_str("\n## References\n\n");
        for r in meta.references {
            s.push_str(&format!("- <{r}>\n"));
        }
    }
    s
}

fn rule(meta: &CheckMeta) -> Value {
    json!({
        "id": meta.id,
        "name": rule_name(meta.id),
        "shortDescription": { "text": meta.title },
        "fullDescription": { "text": meta.rationale },
        "help": { "text": format!("{}\n\nRemediation: {}", meta.duty, meta.remediation.text), "markdown": help_markdown(meta) },
        "helpUri": format!("{DOCS_BASE}/{}.md", meta.id),
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "security-severity": security_severity(meta.severity),
            "precision": "high",
            "problem.severity": match meta.severity { Severity::Critical | Severity::High => "error", Severity::Medium => "warning", _ => "recommendation" },
            "tags": ["security", meta.service, meta.domain.id(), meta.severity.as_str()],
        }
    })
}

/// A relative path as a URI reference (forward slashes, spaces and `%` escaped).
fn uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let escaped: String = p
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            '%' => "%25".to_owned(),
            '#' => "%23".to_owned(),
            '?' => "%3F".to_owned(),
            c => c.to_string(),
        })
        .collect();
    if escaped.starts_with('/') { format!("file://{escaped}") } else { escaped }
}

/// A fingerprint that survives line moves: the check, the resource, the attribute.
fn fingerprint(r: &CheckResult) -> String {
    let mut h = Sha256::new();
    h.update(r.check_id.as_bytes());
    h.update([0]);
    h.update(r.resource.id.as_bytes());
    h.update([0]);
    h.update(r.attribute.as_deref().unwrap_or_default().as_bytes());
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn result(r: &CheckResult, rule_index: Option<usize>) -> Value {
    let original = r.muted.as_ref().map_or(r.status, |m| m.original_status);
    let (kind, lvl) = match original {
        Status::Fail => ("fail", level(r.severity)),
        _ => ("review", "none"),
    };
    let mut location = serde_json::Map::new();
    if let Some(loc) = &r.location {
        let mut region = serde_json::Map::new();
        if let Some(span) = loc.span {
            region.insert("startLine".into(), json!(span.start_line.max(1)));
            if let Some(c) = span.start_column {
                region.insert("startColumn".into(), json!(c.max(1)));
            }
            region.insert("endLine".into(), json!(span.end_line.max(span.start_line).max(1)));
            if let Some(c) = span.end_column
                && (span.end_line > span.start_line || span.start_column.is_none_or(|s| c > s))
            {
                region.insert("endColumn".into(), json!(c.max(1)));
            }
        }
        let mut physical = json!({ "artifactLocation": { "uri": uri(&loc.file) } });
        if !region.is_empty()
            && let Value::Object(m) = &mut physical
        {
            m.insert("region".into(), Value::Object(region));
        }
        location.insert("physicalLocation".into(), physical);
    }
    location.insert(
        "logicalLocations".into(),
        json!([{ "name": r.resource.name, "fullyQualifiedName": r.resource.id, "kind": "resource" }]),
    );
    let mut out = json!({
        "ruleId": r.check_id,
        "kind": kind,
        "level": lvl,
        "message": { "text": r.message },
        "locations": [Value::Object(location)],
        "partialFingerprints": { "onusFinding/v1": fingerprint(r) },
        "properties": {
            "status": r.status.as_str(),
            "resourceType": r.resource.kind.type_name(),
            "attribute": r.attribute,
        }
    });
    if let Value::Object(m) = &mut out {
        if let Some(i) = rule_index {
            m.insert("ruleIndex".into(), json!(i));
        }
        if let Some(mute) = &r.muted {
            let mut s = json!({ "kind": "inSource", "status": "accepted", "justification": mute.reason });
            if let (Some(entry), Value::Object(sm)) = (&mute.entry, &mut s) {
                sm.insert("properties".into(), json!({ "entry": entry }));
            }
            m.insert("suppressions".into(), json!([s]));
        }
    }
    out
}

/// Builds the SARIF log as a JSON value.
pub fn to_value(report: &Report) -> Value {
    let rules: Vec<&CheckMeta> = CHECKS.iter().map(|c| c.meta()).collect();
    let index: BTreeMap<&str, usize> = rules.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let results: Vec<Value> = report
        .results
        .iter()
        .filter(|r| matches!(r.status, Status::Fail | Status::Unknown | Status::Error | Status::Muted))
        .map(|r| result(r, index.get(r.check_id.as_str()).copied()))
        .collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "onus",
                    "semanticVersion": report.onus_version,
                    "informationUri": "https://github.com/onus-security/onus",
                    "rules": rules.iter().map(|m| rule(m)).collect::<Vec<_>>(),
                }
            },
            "automationDetails": { "id": format!("onus/{}/", serde_json::to_value(report.scan.source).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()) },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// Writes the SARIF log.
pub fn write(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    crate::util::pretty_json_line(out, &to_value(report))
}
