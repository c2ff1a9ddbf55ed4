//! What `onus scan` does after evaluation: mutelist, compliance views,
//! display filters, and writing one format to stdout/a file or several
//! formats into a directory.

use crate::{ColorChoice, FailOn, ReportFormat, ScanOptions};
use std::io::Write;
use anyhow::{Context as _, Result, bail};
use clap::Args;
use onus_checks::{Check, CheckResult, Severity, Status};
use onus_model::Inventory;
use onus_report::Report;
use onus_report::filter::Filter;
use onus_report::table::TableOptions;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Report options of `onus scan` beyond the format and the check selection.
#[derive(Args, Debug, Default)]
pub(crate) struct ReportArgs {
    /// Show only results of these severities, exactly (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "SEVERITY", value_parser = crate::parse_severity)]
    pub severity: Vec<Severity>,
    /// Report compliance with this framework, per control (repeatable; see
    /// `onus frameworks list`). Only the framework's checks run.
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub framework: Vec<String>,
    /// Mute accepted findings listed in this YAML file (see docs/mutelist.md).
    /// Muted findings stay in the report and never count for --fail-on.
    #[arg(long, value_name = "FILE")]
    pub mutelist: Option<PathBuf>,
    /// Judge mutelist expiry on this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", requires = "mutelist")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Write one file per --format into this directory (report.html, report.csv, …).
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub output_dir: Option<PathBuf>,
}

/// The file name a format gets in --output-dir.
fn file_name(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Table => "report.txt",
        ReportFormat::Json => "report.json",
        ReportFormat::Csv => "report.csv",
        ReportFormat::Junit => "report.junit.xml",
        ReportFormat::Markdown => "report.md",
        ReportFormat::Ocsf => "report.ocsf.json",
        ReportFormat::Asff => "report.asff.json",
        ReportFormat::Html => "report.html",
        ReportFormat::Sarif => "report.sarif",
    }
}

/// Narrows the selected checks to those of the --framework frameworks.
pub(crate) fn narrow_checks(checks: Vec<&'static dyn Check>, args: &ReportArgs) -> Result<Vec<&'static dyn Check>> {
    if args.framework.is_empty() {
        return Ok(checks);
    }
    let mut wanted: Vec<String> = Vec::new();
    for id in &args.framework {
        let f = onus_frameworks::find(id)?;
        wanted.extend(f.check_ids().into_iter().map(str::to_owned));
    }
    Ok(checks.into_iter().filter(|c| wanted.iter().any(|w| w == c.meta().id)).collect())
}

/// Mutes, builds the report, renders every requested format, and returns the exit code.
pub(crate) fn finish(inventory: &Inventory, mut results: Vec<CheckResult>, checks: usize, options: &ScanOptions) -> Result<ExitCode> {
    let args = &options.report;
    let today = args.as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut warnings = Vec::new();
    if let Some(path) = &args.mutelist {
        let list = onus_mutelist::load(path)?;
        let applied = list.apply(inventory, &mut results, today);
        tracing::info!(muted = applied.muted, entries = list.entries.len(), "mutelist applied");
        for w in &applied.warnings {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("onus: warning: {w}");
            }
            warnings.push(w.to_string());
        }
    }
    let mut formats: Vec<ReportFormat> = Vec::new();
    for f in if options.format.is_empty() { &[ReportFormat::Table][..] } else { &options.format[..] } {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    if formats.len() > 1 && args.output_dir.is_none() {
        bail!("{} formats were asked for: give --output-dir DIR to write one file per format", formats.len());
    }
    let matrix = if formats.contains(&ReportFormat::Html) {
        let model = onus_matrix::builtin()?;
        Some(onus_matrix::compute(model, inventory, &results, &[], today))
    } else {
        None
    };
    let mut report = Report::new(inventory, results, checks);
    report.warnings = warnings;
    for id in &args.framework {
        let f = onus_frameworks::find(id)?;
        report.compliance.push(onus_frameworks::ComplianceView::evaluate(f, &report.results));
    }
    // Muted results have status `muted`, never `fail`: they cannot trip --fail-on.
    let failed = match options.fail_on {
        FailOn::Severity(s) => report.fails_at_or_above(s),
        FailOn::Never => false,
    };
    if let Some(dir) = &args.output_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the output directory", dir.display()))?;
    }
    for format in formats {
        let statuses: Vec<Status> = if !options.status.is_empty() {
            options.status.clone()
        } else if format == ReportFormat::Table {
            Status::ALL.iter().copied().filter(|s| *s != Status::Pass).collect()
        } else {
            Status::ALL.to_vec()
        };
        let filter = Filter { statuses, severities: args.severity.clone(), ..Filter::default() };
        // Copy the report only when the filter drops something: on a large scan the
        // copy costs as much as rendering.
        let shown = if report.results.iter().all(|r| filter.keeps(r)) {
            std::borrow::Cow::Borrowed(&report)
        } else {
            let mut shown = report.clone();
            shown.apply_filter(&filter);
            std::borrow::Cow::Owned(shown)
        };
        let to_terminal = options.output.is_none() && args.output_dir.is_none() && std::io::stdout().is_terminal();
        let started = std::time::Instant::now();
        let destination = match (&args.output_dir, &options.output) {
            (Some(dir), _) => Some(dir.join(file_name(format))),
            (None, path) => path.clone(),
        };
        let bytes = match &destination {
            Some(path) => render_to_file(path, format, &shown, matrix.as_ref(), options, to_terminal)?,
            None => {
                let mut out = Counted::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()));
                render(format, &shown, matrix.as_ref(), options, to_terminal, &mut out)
                    .and_then(|()| out.flush().map_err(anyhow::Error::from))
                    .context("writing to stdout")?;
                out.bytes
            }
        };
        tracing::info!(
            format = file_name(format),
            results = shown.results.len(),
            bytes,
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            "rendered"
        );
        if let (Some(path), Some(_)) = (&destination, &args.output_dir) {
            tracing::info!(path = %path.display(), "report written");
        }
    }
    // Like the inventory (see `scan`), the results are left to the operating system.
    std::mem::forget(report);
    Ok(if failed { ExitCode::from(crate::EXIT_FINDINGS) } else { ExitCode::SUCCESS })
}

/// Renders straight into a file (a large report is never held in memory
/// twice). A regular file is written beside its destination and renamed over it
/// once complete, so a failure leaves the previous report, not half a new one;
/// anything else (`/dev/stdout`, a pipe) is written in place.
fn render_to_file(
    path: &std::path::Path,
    format: ReportFormat,
    report: &Report,
    matrix: Option<&onus_matrix::compute::Matrix>,
    options: &ScanOptions,
    to_terminal: bool,
) -> Result<u64> {
    let in_place = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
    let partial = if in_place {
        path.to_path_buf()
    } else {
        let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
        name.push(".onus-partial");
        path.with_file_name(name)
    };
    let file = std::fs::File::create(&partial).with_context(|| format!("{}: cannot write the report", path.display()))?;
    let mut out = Counted::new(std::io::BufWriter::with_capacity(1 << 16, file));
    let written = render(format, report, matrix, options, to_terminal, &mut out)
        .and_then(|()| out.flush().map_err(anyhow::Error::from))
        .and_then(|()| if in_place { Ok(()) } else { std::fs::rename(&partial, path).map_err(anyhow::Error::from) })
        .with_context(|| format!("{}: cannot write the report", path.display()));
    let bytes = out.bytes;
    drop(out);
    if written.is_err() && !in_place {
        let _ = std::fs::remove_file(&partial);
    }
    written.map(|()| bytes)
}

/// A writer that counts the bytes through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Counted<W> {
    fn new(inner: W) -> Self {
        Counted { inner, bytes: 0 }
    }
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn render(
    format: ReportFormat,
    report: &Report,
    matrix: Option<&onus_matrix::compute::Matrix>,
    options: &ScanOptions,
    to_terminal: bool,
    buf: &mut dyn Write,
) -> Result<()> {
    match format {
        ReportFormat::Table => {
            let color = match options.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
            };
            let width = if to_terminal { comfy_table::Table::new().width().or(Some(120)) } else { Some(160) };
            onus_report::table::write(report, buf, TableOptions { color, width })?;
            for view in &report.compliance {
                onus_report::compliance::write_table(view, buf, width)?;
            }
        }
        ReportFormat::Json => onus_report::json::write(report, buf)?,
        ReportFormat::Csv => onus_report::csv::write(report, buf)?,
        ReportFormat::Junit => onus_report::junit::write(report, buf)?,
        ReportFormat::Markdown => onus_report::markdown::write(report, buf)?,
        ReportFormat::Ocsf => onus_report::ocsf::write(report, buf)?,
        ReportFormat::Asff => onus_report::asff::write(report, buf)?,
        ReportFormat::Html => onus_report::html::write(report, matrix, buf)?,
        ReportFormat::Sarif => onus_report::sarif::write(report, buf)?,
    }
    Ok(())
}
