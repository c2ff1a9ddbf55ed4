//! The JSON report: the [`Report`] as is, documented in `docs/report-format.md`
//! with a generated schema in `schema/report.schema.json`.

use crate::{Report, ReportError};
use std::io::Write;

/// Writes the report as pretty JSON followed by a newline.
pub fn write(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    crate::util::pretty_json_line(out, report)
}
