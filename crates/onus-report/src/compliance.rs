//! Compliance views as a terminal table: one line per control, with the
//! framework's totals and percentage.

use crate::ReportError;
use crate::table::terminal_safe;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use onus_frameworks::{ComplianceView, ControlStatus};
use std::io::Write;

/// Writes one framework's view.
pub fn write_table(view: &ComplianceView, out: &mut dyn Write, width: Option<u16>) -> Result<(), ReportError> {
    writeln!(out, "\n{} {} ({})", view.name, view.version, view.framework)?;
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    match width {
        Some(w) => {
            table.set_content_arrangement(ContentArrangement::Dynamic).set_width(w);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(vec!["Control", "Status", "Fail", "Pass", "Muted", "Title"]);
    for c in &view.controls {
        table.add_row(vec![
            terminal_safe(&c.id),
            c.status.to_string(),
            c.fail.to_string(),
            c.pass.to_string(),
            c.muted.to_string(),
            terminal_safe(&c.title),
        ]);
    }
    writeln!(out, "{table}")?;
    let parts: Vec<String> = ControlStatus::ALL.iter().map(|s| format!("{} {s}", view.count(*s))).collect();
    writeln!(
        out,
        "{} controls: {} · {} of the controls onus can decide passed · {}% covered by checks",
        view.controls.len(),
        parts.join(", "),
        view.percent_passed.map_or("n/a".to_owned(), |p| format!("{p}%")),
        view.percent_covered
    )?;
    Ok(())
}
