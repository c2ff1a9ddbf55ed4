//! CSV: one row per result, with the stable columns of [`COLUMNS`]
//! (documented in `docs/report-formats.md`). Cells that a spreadsheet would
//! run as a formula are neutralized.

use crate::util::{domain_id, region, title};
use crate::{Report, ReportError};
use std::io::Write;

/// The columns, in order. New columns are only ever appended.
pub const COLUMNS: &[&str] = &[
    "status",
    "severity",
    "check_id",
    "check_title",
    "service",
    "domain",
    "account",
    "region",
    "resource_type",
    "resource_id",
    "resource_name",
    "attribute",
    "file",
    "line",
    "message",
    "muted_reason",
    "muted_until",
    "status_before_mute",
];

/// Text from the scanned account may start with `=`, `+`, `-`, `@`, a tab or
/// a carriage return, which spreadsheet programs evaluate as a formula
/// ("CSV injection"); such cells get a leading apostrophe.
pub fn cell_safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// Writes the header and one row per result.
pub fn write(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(out);
    w.write_record(COLUMNS)?;
    for r in &report.results {
        let loc = r.location.as_ref();
        let mute = r.muted.as_ref();
        let row: [String; 18] = [
            r.status.as_str().to_owned(),
            r.severity.as_str().to_owned(),
            r.check_id.clone(),
            title(r).to_owned(),
            r.service.clone(),
            domain_id(r).to_owned(),
            cell_safe(r.resource.account.as_deref().unwrap_or("")),
            cell_safe(region(r)),
            r.resource.kind.type_name().to_owned(),
            cell_safe(&r.resource.id),
            cell_safe(&r.resource.name),
            cell_safe(r.attribute.as_deref().unwrap_or("")),
            cell_safe(loc.map_or("", |l| l.file.as_str())),
            loc.and_then(|l| l.span).map(|s| s.start_line.to_string()).unwrap_or_default(),
            cell_safe(&r.message),
            cell_safe(mute.map_or("", |m| m.reason.as_str())),
            mute.and_then(|m| m.expires).map(|d| d.to_string()).unwrap_or_default(),
            mute.map(|m| m.original_status.as_str().to_owned()).unwrap_or_default(),
        ];
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
