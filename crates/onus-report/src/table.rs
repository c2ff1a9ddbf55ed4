//! The terminal table: findings grouped by severity, then gaps, then a summary line.

use crate::{Report, ReportError};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};
use onus_checks::{Severity, Status};
use std::io::Write;

/// Options for the table.
#[derive(Clone, Copy, Debug, Default)]
pub struct TableOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Table width; `None` = no wrapping.
    pub width: Option<u16>,
}

/// Makes text from the scanned account safe to print on a terminal: control
/// characters (an ANSI escape in a resource name could rewrite the screen)
/// are shown escaped.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
        Severity::Info => Color::Grey,
    }
}

fn status_color(s: Status) -> Color {
    match s {
        Status::Fail => Color::Red,
        Status::Pass => Color::Green,
        Status::Unknown | Status::Manual => Color::Yellow,
        Status::Error => Color::Magenta,
        Status::Muted => Color::Grey,
    }
}

/// Writes the table.
pub fn write(report: &Report, out: &mut dyn Write, opts: TableOptions) -> Result<(), ReportError> {
    let paint = |cell: Cell, color: Color| if opts.color { cell.fg(color) } else { cell };
    let scan = &report.scan;
    writeln!(
        out,
        "onus {} · source: {} · accounts: {} · regions: {} · collected {}",
        report.onus_version,
        serde_json::to_value(scan.source).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
        if scan.accounts.is_empty() { "-".to_owned() } else { terminal_safe(&scan.accounts.join(", ")) },
        if scan.regions.is_empty() { "-".to_owned() } else { terminal_safe(&scan.regions.join(", ")) },
        scan.collected_at.format("%Y-%m-%d %H:%M UTC"),
    )?;

    let mut any = false;
    for severity in Severity::ALL_DESC {
        let rows: Vec<_> = report.results.iter().filter(|r| r.severity == *severity).collect();
        if rows.is_empty() {
            continue;
        }
        any = true;
        let title = format!("{} ({})", severity.as_str().to_uppercase(), rows.len());
        writeln!(out)?;
        if opts.color {
            writeln!(out, "{}", paint(Cell::new(&title), severity_color(*severity)).content())?;
        }
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        match opts.width {
            Some(w) => {
                table.set_content_arrangement(ContentArrangement::Dynamic).set_width(w);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        if opts.color {
            table.enforce_styling();
        }
        table.set_header(vec!["Status", "Check", "Resource", "Region", "Finding"]);
        for r in rows {
            let name = terminal_safe(&r.resource.name);
            let resource = match &r.location {
                Some(loc) => match loc.span {
                    Some(span) => format!("{name}\n{}:{}", terminal_safe(&loc.file), span.start_line),
                    None => format!("{name}\n{}", terminal_safe(&loc.file)),
                },
                None => name,
            };
            table.add_row(vec![
                paint(Cell::new(r.status.as_str()), status_color(r.status)),
                Cell::new(&r.check_id),
                Cell::new(resource),
                Cell::new(match (&r.resource.region, &r.resource.provenance) {
                    (Some(region), _) => terminal_safe(region),
                    (None, Some(onus_model::Provenance::Live { .. })) => "global".to_owned(),
                    (None, _) => "-".to_owned(),
                }),
                Cell::new(terminal_safe(&r.message)),
            ]);
        }
        if !opts.color {
            writeln!(out, "{title}")?;
        }
        writeln!(out, "{table}")?;
    }
    if !any {
        writeln!(out, "\nNo results to show.")?;
    }

    if !report.gaps.is_empty() {
        writeln!(out, "\nCould not see ({} gap{}):", report.gaps.len(), if report.gaps.len() == 1 { "" } else { "s" })?;
        for g in &report.gaps {
            let kinds: Vec<&str> = g.kinds.iter().map(|k| k.type_name()).collect();
            writeln!(
                out,
                "  - {} in {}{}: {}{} — {} ({})",
                g.service,
                g.region.as_deref().map(terminal_safe).unwrap_or_else(|| "all regions".to_owned()),
                g.account.as_deref().map(|a| format!(" ({})", terminal_safe(a))).unwrap_or_default(),
                g.reason.describe(),
                g.api_call.as_deref().map(|c| format!(" calling {}", terminal_safe(c))).unwrap_or_default(),
                terminal_safe(&g.message),
                kinds.join(", "),
            )?;
        }
    }

    let s = &report.summary;
    let statuses: Vec<String> = Status::ALL
        .iter()
        .filter(|st| s.count(**st) > 0)
        .map(|st| format!("{} {}", s.count(*st), st))
        .collect();
    let severities: Vec<String> = Severity::ALL_DESC
        .iter()
        .filter_map(|sev| s.failed_by_severity.get(sev).map(|n| format!("{sev} {n}")))
        .collect();
    writeln!(
        out,
        "\n{} checks on {} resources: {}{}",
        s.checks,
        s.resources,
        if statuses.is_empty() { "no results".to_owned() } else { statuses.join(", ") },
        if severities.is_empty() { String::new() } else { format!(" · failed by severity: {}", severities.join(", ")) },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn escape_sequences_are_neutralized() {
        assert_eq!(terminal_safe("evil\u{1b}[2Jname"), "evil\\u{1b}[2Jname");
        assert_eq!(terminal_safe("a\nb"), "a\\nb");
        assert_eq!(terminal_safe("plain <b>"), "plain <b>");
    }
}
