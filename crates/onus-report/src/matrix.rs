//! Renderings of the responsibility matrix: a terminal grid, Markdown, JSON,
//! and the full explanation of one service's row.

use crate::ReportError;
use crate::table::terminal_safe;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell as TableCell, Color, ContentArrangement, Table};
use onus_matrix::compute::{Cell, CellStatus, Matrix, Row};
use onus_matrix::model::Owner;
use onus_model::Domain;
use std::fmt::Write as _;
use std::io::Write;

/// A short column header for a domain.
pub fn short_title(d: Domain) -> &'static str {
    match d {
        Domain::PhysicalFacilities => "Physical",
        Domain::Infrastructure => "Infra",
        Domain::ManagedServiceSoftware => "Svc software",
        Domain::NetworkFirewall => "Network",
        Domain::ComputeOs => "Guest OS",
        Domain::Application => "App",
        Domain::IdentityAccess => "Identity",
        Domain::DataAtRest => "Data at rest",
        Domain::EncryptionInTransit => "In transit",
        Domain::LoggingMonitoring => "Logging",
        Domain::BackupRecovery => "Backup",
        Domain::GovernanceCompliance => "Governance",
    }
}

fn failing(cell: &Cell) -> usize {
    cell.checks.iter().map(|c| c.fail).sum()
}

/// The customer part of a cell, e.g. `✗ 3`.
fn verdict(cell: &Cell) -> String {
    match cell.status {
        CellStatus::Aws => "AWS".to_owned(),
        CellStatus::Met => "✓ met".to_owned(),
        CellStatus::NotMet => format!("✗ {}", failing(cell)),
        CellStatus::Unknown => "? unknown".to_owned(),
        CellStatus::Manual => "✎ manual".to_owned(),
    }
}

/// The whole cell text: shared cells show both parts.
pub fn cell_text(cell: &Cell) -> String {
    match cell.owner {
        Owner::Aws => "AWS".to_owned(),
        Owner::Customer => verdict(cell),
        Owner::Shared => format!("AWS + {}", verdict(cell)),
    }
}

fn status_color(s: CellStatus) -> Color {
    match s {
        CellStatus::Aws => Color::DarkGrey,
        CellStatus::Met => Color::Green,
        CellStatus::NotMet => Color::Red,
        CellStatus::Unknown => Color::Yellow,
        CellStatus::Manual => Color::Cyan,
    }
}

/// A plain-words description of a status.
pub fn status_words(cell: &Cell) -> String {
    match cell.status {
        CellStatus::Aws => "AWS's duty".to_owned(),
        CellStatus::Met => "met".to_owned(),
        CellStatus::NotMet => format!("not met ({} failing)", failing(cell)),
        CellStatus::Unknown => "unknown".to_owned(),
        CellStatus::Manual => "manual: needs attestation".to_owned(),
    }
}

fn coverage_lines(m: &Matrix) -> String {
    let c = &m.coverage;
    let attested = c.manual_duties.iter().filter(|d| d.attested).count();
    let mut s = format!(
        "Coverage: onus evidences {} of {} customer duties ({:.1}%) automatically over the {} service(s) in use; {} are manual only.\n\
         Manual questions: {} ({} attested).",
        c.automated,
        c.customer_duties,
        c.automated_percent,
        m.rows.len(),
        c.manual_only,
        c.manual_duties.len(),
        attested
    );
    if !m.unmodelled_services.is_empty() {
        let _ = write!(s, "\nNot in the responsibility model: {}.", m.unmodelled_services.join(", "));
    }
    for a in &m.expired_attestations {
        let _ = write!(
            s,
            "\nWarning: attestation for {}/{} by {} expired on {}; it no longer counts.",
            terminal_safe(&a.service),
            a.domain,
            terminal_safe(&a.by),
            a.expiry()
        );
    }
    s
}

/// The grid for a terminal.
pub fn write_table(m: &Matrix, out: &mut dyn Write, color: bool) -> Result<(), ReportError> {
    if m.rows.is_empty() {
        writeln!(out, "No services in use: the inventory has no resources.")?;
        return Ok(());
    }
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    if color {
        table.enforce_styling();
    }
    let mut header = vec![TableCell::new("Service")];
    header.extend(Domain::ALL.iter().map(|d| TableCell::new(short_title(*d))));
    table.set_header(header);
    for row in &m.rows {
        let mut cells = vec![TableCell::new(format!("{} ({})", row.service, row.resources))];
        for cell in &row.cells {
            let c = TableCell::new(cell_text(cell));
            cells.push(if color { c.fg(status_color(cell.status)) } else { c });
        }
        table.add_row(cells);
    }
    writeln!(out, "Shared responsibility matrix (as of {})\n", m.as_of)?;
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "AWS = AWS's duty · ✓ met · ✗ n = n failing findings · ? unknown (evidence missing or unreadable) · ✎ manual (needs attestation) · AWS + … = shared.\n(n) after a service = resources in use. `onus matrix … --service ID` explains a row."
    )?;
    writeln!(out, "\n{}", coverage_lines(m))?;
    Ok(())
}

/// The grid as Markdown, with the manual duties listed after it.
pub fn write_markdown(m: &Matrix, out: &mut dyn Write) -> Result<(), ReportError> {
    let esc = |s: &str| s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;");
    let mut s = String::new();
    let _ = writeln!(s, "## Shared responsibility matrix\n");
    let _ = write!(s, "| Service |");
    for d in Domain::ALL {
        let _ = write!(s, " {} |", short_title(*d));
    }
    let _ = write!(s, "\n|---|");
    for _ in Domain::ALL {
        let _ = write!(s, "---|");
    }
    s.push('\n');
    for row in &m.rows {
        let _ = write!(s, "| **{}** ({}) |", esc(&row.name), row.resources);
        for cell in &row.cells {
            let _ = write!(s, " {} |", cell_text(cell));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "\n{}\n", esc(&coverage_lines(m)).replace('\n', "  \n"));
    let manual: Vec<_> = m.coverage.manual_duties.iter().filter(|d| !d.attested).collect();
    if !manual.is_empty() {
        let _ = writeln!(s, "<details><summary>Manual duties awaiting attestation ({})</summary>\n", manual.len());
        for d in manual {
            let _ = writeln!(s, "- **{}** / {}: {}", d.service, d.domain.title(), esc(&d.question));
        }
        let _ = writeln!(s, "\n</details>");
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// The matrix as JSON.
pub fn write_json(m: &Matrix, out: &mut dyn Write) -> Result<(), ReportError> {
    crate::util::pretty_json_line(out, m)
}

/// One row explained in full: each duty, its owner, the customer's part, the
/// evidence, and what is missing.
pub fn write_service(row: &Row, out: &mut dyn Write) -> Result<(), ReportError> {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ({}) — {} / AWS: {} service — {} resource(s) in use\n{}\n",
        row.name,
        row.service,
        row.category.label(),
        serde_json::to_value(row.aws_category).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
        row.resources,
        row.docs
    );
    for cell in &row.cells {
        let _ = writeln!(s, "■ {} — {} — {}", cell.domain.title(), cell.owner.ssrm_term(), status_words(cell));
        if let Some(aws) = &cell.aws {
            let _ = writeln!(s, "  AWS:  {aws}");
        }
        if let Some(customer) = &cell.customer {
            let _ = writeln!(s, "  You:  {customer}");
        }
        for c in &cell.checks {
            let _ = writeln!(
                s,
                "  Check {}: {} pass, {} fail, {} unknown, {} error{}",
                c.check_id,
                c.pass,
                c.fail,
                c.unknown,
                c.error,
                if c.muted > 0 { format!(", {} muted", c.muted) } else { String::new() }
            );
        }
        for f in &cell.findings {
            let _ = writeln!(
                s,
                "    {} {} — {}",
                f.status,
                terminal_safe(&f.resource.name),
                terminal_safe(&f.message)
            );
        }
        if let Some(m) = &cell.manual {
            let _ = writeln!(s, "  Ask:  {}", m.question);
            match &m.attestation {
                Some(a) => {
                    let _ = writeln!(
                        s,
                        "        attested by {} on {} (valid until {}){}",
                        terminal_safe(&a.by),
                        a.date,
                        a.expiry(),
                        a.evidence.as_deref().map(|e| format!(", evidence: {}", terminal_safe(e))).unwrap_or_default()
                    );
                }
                None => {
                    let _ = writeln!(s, "        not attested: record it in an --attestations file");
                }
            }
        }
        s.push('\n');
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}
