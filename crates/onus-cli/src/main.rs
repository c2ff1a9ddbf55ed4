//! The `onus` command line.

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use onus_checks::{Selection, Severity, Status};
use onus_model::{Domain, Inventory, snapshot};
use std::io::{IsTerminal, Write};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A scan allocates and frees millions of small values (resource attributes,
/// results); mimalloc does that about twice as fast as the system allocator on
/// large inputs (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod frameworks;
mod iac;
mod iam;
mod output;

/// onus: who owns each security duty in your AWS estate, and whether you have done yours.
#[derive(Parser, Debug)]
#[command(name = "onus", version, about, long_about = None)]
struct Cli {
    /// More logging on stderr (-v info, -vv debug, -vvv trace). ONUS_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
enum Command {
    /// Evaluate the checks against a source and report the results.
    Scan {
        #[command(subcommand)]
        source: ScanSource,
    },
    /// List and explain the built-in checks.
    Checks {
        #[command(subcommand)]
        command: ChecksCommand,
    },
    /// Show the Shared Responsibility Model for the services in use: who owns
    /// each security domain, and whether the customer's part is met.
    Matrix {
        #[command(subcommand)]
        source: MatrixSource,
    },
    /// Work with inventory snapshots.
    Snapshot {
        #[command(subcommand)]
        command: SnapshotCommand,
    },
    /// List compliance frameworks and show which checks evidence each control.
    Frameworks {
        #[command(subcommand)]
        command: frameworks::FrameworksCommand,
    },
    /// Validate IAM policies and simulate requests against them.
    Iam {
        #[command(subcommand)]
        command: iam::IamCommand,
    },
}

#[derive(Subcommand, Debug)]
enum ScanSource {
    /// Scan a live AWS account (read-only), with the standard credential chain.
    Aws {
        #[command(flatten)]
        aws: AwsArgs,
        #[command(flatten)]
        options: ScanOptions,
    },
    /// Scan a saved inventory snapshot (`.json`, or `.json.zst`).
    Snapshot {
        /// The snapshot file.
        file: PathBuf,
        #[command(flatten)]
        options: ScanOptions,
    },
    /// Scan Terraform: a plan or state (`terraform show -json`), or `*.tf`
    /// configuration (a file or a directory, recursively).
    Terraform {
        /// A plan/state JSON file, a `.tf` file, or a directory.
        path: PathBuf,
        #[command(flatten)]
        options: ScanOptions,
    },
    /// Scan CloudFormation or SAM templates, YAML or JSON (a file or a directory, recursively).
    #[command(name = "cloudformation", visible_alias = "cfn")]
    CloudFormation {
        /// A template, or a directory of templates.
        path: PathBuf,
        /// A parameter value (repeatable): overrides the template's default.
        #[arg(long = "parameter", value_name = "KEY=VALUE")]
        parameters: Vec<String>,
        #[command(flatten)]
        options: ScanOptions,
    },
    /// `onus scan PATH`: infrastructure as code, Terraform or CloudFormation
    /// detected from the content.
    #[command(external_subcommand)]
    Path(Vec<OsString>),
}

#[derive(Args, Debug)]
struct AwsArgs {
    /// Region to scan (repeatable, or comma-separated). Default: the configured region.
    #[arg(long, value_delimiter = ',', value_name = "REGION")]
    region: Vec<String>,
    /// Scan every region enabled for the account.
    #[arg(long, conflicts_with = "region")]
    all_regions: bool,
    /// Named profile from the shared AWS config files.
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// How many service × region collectors run at once.
    #[arg(long, default_value_t = 16, value_name = "N")]
    concurrency: usize,
    /// Exit 2 when anything could not be collected (default: only when nothing could).
    #[arg(long)]
    strict: bool,
    /// Scan every active account of the organization, assuming --role-name into each.
    #[arg(long)]
    org: bool,
    /// The role to assume into member accounts with --org.
    #[arg(long, default_value = "OrganizationAccountAccessRole", value_name = "NAME", requires = "org")]
    role_name: String,
}

#[derive(Subcommand, Debug)]
enum MatrixSource {
    /// The matrix of a saved inventory snapshot.
    Snapshot {
        /// The snapshot file.
        file: PathBuf,
        #[command(flatten)]
        options: MatrixOptions,
    },
}

#[derive(Args, Debug)]
struct MatrixOptions {
    /// Explain one service's row in full (duties, evidence, gaps).
    #[arg(long, value_name = "SERVICE")]
    service: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MatrixFormat::Table)]
    format: MatrixFormat,
    /// A YAML file recording who attested which manual duties, and when.
    #[arg(long, value_name = "FILE")]
    attestations: Option<PathBuf>,
    /// Judge attestation expiry on this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    as_of: Option<chrono::NaiveDate>,
    /// Write to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Colour in the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum MatrixFormat {
    /// A grid for people.
    Table,
    /// The computed matrix as JSON.
    Json,
    /// A Markdown table (for pull requests and wikis).
    Markdown,
}

#[derive(Subcommand, Debug)]
enum ChecksCommand {
    /// List the checks (all, or those a selection picks).
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        selection: SelectionArgs,
    },
    /// Print a check's documentation.
    Explain {
        /// The check id (or alias).
        id: String,
    },
}

#[derive(Subcommand, Debug)]
enum SnapshotCommand {
    /// Read a snapshot and write it again: validates it, and converts between
    /// plain JSON and zstd (by the output's extension).
    Convert {
        /// The snapshot to read.
        input: PathBuf,
        /// Where to write it (`.zst` compresses).
        output: PathBuf,
    },
}

#[derive(Args, Debug, Default)]
struct SelectionArgs {
    /// Only these checks (ids or aliases, comma-separated or repeated).
    #[arg(long = "checks", value_delimiter = ',', value_name = "ID")]
    checks: Vec<String>,
    /// Never these checks.
    #[arg(long = "skip-checks", value_delimiter = ',', value_name = "ID")]
    skip_checks: Vec<String>,
    /// Only checks of these services (e.g. s3,iam).
    #[arg(long, value_delimiter = ',', value_name = "SERVICE")]
    service: Vec<String>,
    /// Only checks at or above this severity.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    min_severity: Option<Severity>,
    /// Only checks evidencing these responsibility domains (e.g. identity-access).
    #[arg(long, value_delimiter = ',', value_name = "DOMAIN", value_parser = parse_domain)]
    domain: Vec<Domain>,
}

impl SelectionArgs {
    fn selection(&self) -> Selection {
        Selection {
            ids: self.checks.clone(),
            skip: self.skip_checks.clone(),
            services: self.service.clone(),
            min_severity: self.min_severity,
            domains: self.domain.clone(),
        }
    }
}

#[derive(Args, Debug)]
struct ScanOptions {
    #[command(flatten)]
    selection: SelectionArgs,
    /// Report format (default: table). Repeat, or comma-separate, with
    /// --output-dir to write several formats at once.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMAT")]
    format: Vec<ReportFormat>,
    #[command(flatten)]
    report: output::ReportArgs,
    /// Write the report to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit 1 when a failed finding is at or above this severity (`none`: never).
    #[arg(long, value_name = "SEVERITY", default_value = "info", value_parser = parse_fail_on)]
    fail_on: FailOn,
    /// Show only results with these statuses (default: everything but pass in
    /// the table, everything in JSON). Counts in the summary always cover all.
    #[arg(long, value_delimiter = ',', value_name = "STATUS", value_parser = parse_status)]
    status: Vec<Status>,
    /// Also save the inventory that was scanned (`.zst` compresses), to
    /// re-evaluate later with `onus scan snapshot`.
    #[arg(long, visible_alias = "save", value_name = "FILE")]
    save_snapshot: Option<PathBuf>,
    /// Colour in the table.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// A table grouped by severity, for people.
    Table,
    /// The full report as JSON (see docs/report-format.md).
    Json,
    /// One row per result (see docs/report-formats.md).
    Csv,
    /// JUnit XML: one test case per check × resource, for CI dashboards.
    Junit,
    /// A pull-request comment: summary and failing findings.
    Markdown,
    /// OCSF 1.5 Detection Findings (Security Lake).
    Ocsf,
    /// AWS Security Finding Format (Security Hub BatchImportFindings).
    Asff,
    /// One self-contained HTML page to filter, search and print.
    Html,
    /// SARIF 2.1.0 for code review (GitHub code scanning…): file and line of each finding.
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug)]
enum FailOn {
    Severity(Severity),
    Never,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse().map_err(|e: onus_checks::meta::ParseSeverityError| e.to_string())
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if s.eq_ignore_ascii_case("none") || s.eq_ignore_ascii_case("never") {
        Ok(FailOn::Never)
    } else {
        parse_severity(s).map(FailOn::Severity)
    }
}

fn parse_domain(s: &str) -> Result<Domain, String> {
    Domain::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = Domain::ALL.iter().map(|d| d.id()).collect();
        format!("unknown domain {s:?} (expected one of: {})", ids.join(", "))
    })
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        format!("unknown status {s:?} (expected one of: {})", names.join(", "))
    })
}

/// Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 onus failed.
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(EXIT_ERROR),
            };
        }
    };
    init_logging(cli.verbose, cli.quiet);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("onus: error: {e:#}");
            }
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    // The SDK's own logs are noise at -v; they appear from -vvv on.
    let sdk_quiet = if verbose >= 3 { "" } else { ",aws_smithy_runtime=warn,aws_smithy_runtime_api=warn,aws_config=warn,hyper_util=warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("ONUS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("{default}{sdk_quiet}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Scan { source: ScanSource::Aws { aws, options } } => {
            let collected = scan_aws(&aws, cli.verbose, cli.quiet)?;
            let nothing = collected.inventory.resources.is_empty();
            let gaps = collected.inventory.gaps.len();
            let code = scan(collected.inventory, &options)?;
            if nothing {
                bail!("nothing could be collected ({gaps} collection gap(s)); see the report");
            }
            if aws.strict && gaps > 0 {
                bail!("{gaps} collection gap(s) and --strict was given");
            }
            Ok(code)
        }
        Command::Scan { source: ScanSource::Terraform { path, options } } => scan(iac::terraform(&path)?, &options),
        Command::Scan { source: ScanSource::CloudFormation { path, parameters, options } } => {
            scan(iac::cloudformation(&path, &parameters)?, &options)
        }
        Command::Scan { source: ScanSource::Path(args) } => match iac::parse_detect(args)? {
            Some(a) => scan(iac::detected(&a.path, &a.parameters)?, &a.options),
            None => Ok(ExitCode::SUCCESS),
        },
        Command::Scan { source: ScanSource::Snapshot { file, options } } => {
            let inventory = snapshot::read(&file)?;
            scan(inventory, &options)
        }
        Command::Matrix { source: MatrixSource::Snapshot { file, options } } => {
            let inventory = snapshot::read(&file)?;
            matrix(&inventory, &options)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Checks { command: ChecksCommand::List { format, selection } } => {
            let checks = selection.selection().resolve()?;
            list_checks(&checks, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Checks { command: ChecksCommand::Explain { id } } => {
            let check = onus_checks::selection::find_or_suggest(&id)?;
            write_stdout(onus_checks::docs::check_markdown(check.meta()).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Frameworks { command } => {
            frameworks::run(&command)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Iam { command } => {
            let collect = |region: &[String], profile: Option<&str>| -> Result<onus_model::Inventory> {
                let aws = AwsArgs {
                    region: region.to_vec(),
                    all_regions: false,
                    profile: profile.map(str::to_owned),
                    concurrency: 16,
                    strict: false,
                    org: false,
                    role_name: String::new(),
                };
                Ok(scan_aws(&aws, cli.verbose, cli.quiet)?.inventory)
            };
            iam::run(command, &collect)
        }
        Command::Snapshot { command: SnapshotCommand::Convert { input, output } } => {
            let inventory = snapshot::read(&input)?;
            snapshot::write(&output, &inventory)?;
            tracing::info!(resources = inventory.resources.len(), output = %output.display(), "snapshot written");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A progress bar on stderr, only for a person at a terminal (not in CI, not with -q).
fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} collecting [{bar:30}] {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

fn scan_aws(aws: &AwsArgs, verbose: u8, quiet: bool) -> Result<onus_aws::Collected> {
    let bar = progress_bar(quiet);
    let sink = bar.clone().map(|bar| {
        onus_aws::ProgressSink(std::sync::Arc::new(move |p| match p {
            onus_aws::Progress::Planned { tasks } => bar.set_length(tasks as u64),
            onus_aws::Progress::Finished { task, .. } => {
                bar.inc(1);
                bar.set_message(task);
            }
        }))
    });
    let options = onus_aws::ScanOptions {
        regions: if aws.all_regions {
            onus_aws::RegionChoice::AllEnabled
        } else if aws.region.is_empty() {
            onus_aws::RegionChoice::Configured
        } else {
            onus_aws::RegionChoice::List(aws.region.clone())
        },
        profile: aws.profile.clone(),
        concurrency: aws.concurrency.max(1),
        org_role: aws.org.then(|| aws.role_name.clone()),
        progress: sink,
        ..onus_aws::ScanOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")?;
    let collected = runtime.block_on(onus_aws::scan(&options));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let collected = collected?;
    let counts = collected.calls.counts();
    let attempts: u64 = counts.values().map(|c| c.attempts).sum();
    tracing::info!(
        resources = collected.inventory.resources.len(),
        gaps = collected.inventory.gaps.len(),
        api_calls = collected.calls.total_calls(),
        http_attempts = attempts,
        seconds = collected.elapsed.as_secs_f64(),
        "collected"
    );
    if verbose > 0 {
        let mut table = comfy_table::Table::new();
        table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        table.set_header(vec!["API operation", "Calls", "HTTP attempts"]);
        for (op, c) in &counts {
            table.add_row(vec![op.clone(), c.calls.to_string(), c.attempts.to_string()]);
        }
        #[allow(clippy::print_stderr)]
        {
            eprintln!("{table}\n{} API calls ({attempts} HTTP attempts) in {:.2} s", collected.calls.total_calls(), collected.elapsed.as_secs_f64());
        }
    }
    Ok(collected)
}

fn scan(inventory: Inventory, options: &ScanOptions) -> Result<ExitCode> {
    let checks = output::narrow_checks(options.selection.selection().resolve()?, &options.report)?;
    if checks.is_empty() {
        bail!("the selection matches no checks");
    }
    if let Some(path) = &options.save_snapshot {
        snapshot::write(path, &inventory)?;
    }
    let started = std::time::Instant::now();
    let results = onus_checks::evaluate(&inventory, &checks);
    tracing::info!(
        checks = checks.len(),
        resources = inventory.resources.len(),
        results = results.len(),
        elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
        "evaluated"
    );
    let code = output::finish(&inventory, results, checks.len(), options);
    // The process ends after one scan: leave the inventory to the operating system
    // rather than free a hundred thousand resources one by one (0.2-0.3 s at
    // that size).
    std::mem::forget(inventory);
    code
}

fn matrix(inventory: &Inventory, options: &MatrixOptions) -> Result<()> {
    let model = onus_matrix::builtin()?;
    let attestations = match &options.attestations {
        Some(path) => onus_matrix::attest::load(path, model)?,
        None => Vec::new(),
    };
    let checks: Vec<&'static dyn onus_checks::Check> = onus_checks::CHECKS.to_vec();
    let results = onus_checks::evaluate(inventory, &checks);
    let as_of = options.as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let matrix = onus_matrix::compute(model, inventory, &results, &attestations, as_of);
    let to_terminal = options.output.is_none() && std::io::stdout().is_terminal();
    let color = match options.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut buf = Vec::new();
    match &options.service {
        Some(id) => {
            let Some(row) = matrix.rows.iter().find(|r| r.service == *id) else {
                if model.service(id).is_some() {
                    let in_use: Vec<&str> = matrix.rows.iter().map(|r| r.service.as_str()).collect();
                    bail!("service {id:?} is not in use in this inventory (in use: {})", in_use.join(", "));
                }
                bail!("unknown service {id:?} (see the responsibility model's service ids)");
            };
            match options.format {
                MatrixFormat::Json => {
                    buf = serde_json::to_vec_pretty(row)?;
                    buf.push(b'\n');
                }
                MatrixFormat::Table | MatrixFormat::Markdown => onus_report::matrix::write_service(row, &mut buf)?,
            }
        }
        None => match options.format {
            MatrixFormat::Table => onus_report::matrix::write_table(&matrix, &mut buf, color)?,
            MatrixFormat::Json => onus_report::matrix::write_json(&matrix, &mut buf)?,
            MatrixFormat::Markdown => onus_report::matrix::write_markdown(&matrix, &mut buf)?,
        },
    }
    match &options.output {
        Some(path) => write_file(path, &buf),
        None => write_stdout(&buf),
    }
}

fn list_checks(checks: &[&'static dyn onus_checks::Check], format: ListFormat) -> Result<()> {
    match format {
        ListFormat::Json => {
            let metas: Vec<_> = checks.iter().map(|c| c.meta()).collect();
            let mut buf = serde_json::to_vec_pretty(&metas)?;
            buf.push(b'\n');
            write_stdout(&buf)
        }
        ListFormat::Table => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(vec!["Id", "Severity", "Service", "Domain", "Title"]);
            for c in checks {
                let m = c.meta();
                table.add_row(vec![m.id, m.severity.as_str(), m.service, m.domain.id(), m.title]);
            }
            write_stdout(format!("{table}\n{} checks\n", checks.len()).as_bytes())
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).context("writing to stdout")?;
    out.flush().context("writing to stdout")?;
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("{}: cannot write the report", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use onus_checks::CHECKS;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_id_selects_its_own_check() {
        // An alias of one check must never shadow another check's id.
        for c in CHECKS {
            let found = onus_checks::selection::find(c.meta().id).map(|f| f.meta().id);
            assert_eq!(found, Some(c.meta().id));
        }
    }
}
