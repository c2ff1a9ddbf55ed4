//! `onus scan terraform`, `onus scan cloudformation`, and `onus scan PATH`
//! (the kind of infrastructure as code detected from the content).

use anyhow::{Context as _, Result, bail};
use clap::Parser;
use onus_model::Inventory;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// `onus scan PATH [--parameter K=V]… [scan options]`.
#[derive(Parser, Debug)]
#[command(name = "onus scan", about = "Scan infrastructure as code, detecting Terraform or CloudFormation from the content")]
pub(crate) struct DetectArgs {
    /// A Terraform plan/state JSON, a `.tf` file, a CloudFormation template, or a directory of them.
    pub path: PathBuf,
    /// A CloudFormation parameter value (repeatable): overrides the template's default.
    #[arg(long = "parameter", value_name = "KEY=VALUE")]
    pub parameters: Vec<String>,
    #[command(flatten)]
    pub options: crate::ScanOptions,
}

/// Parses the arguments after `onus scan` when they name a path rather than a
/// source; `None` when help or the version was printed.
pub(crate) fn parse_detect(args: Vec<OsString>) -> Result<Option<DetectArgs>> {
    match DetectArgs::try_parse_from(std::iter::once(OsString::from("onus scan")).chain(args)) {
        Ok(a) => Ok(Some(a)),
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            let _ = e.print();
            Ok(None)
        }
        Err(e) => Err(anyhow::anyhow!("{}", e.render().to_string().trim_end())),
    }
}

/// `KEY=VALUE` pairs.
pub(crate) fn parameters(given: &[String]) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for p in given {
        let Some((k, v)) = p.split_once('=') else { bail!("--parameter {p:?}: expected KEY=VALUE") };
        if k.trim().is_empty() {
            bail!("--parameter {p:?}: the key is empty");
        }
        out.insert(k.trim().to_owned(), v.to_owned());
    }
    Ok(out)
}

fn report_unsupported(unsupported: &BTreeMap<String, usize>) {
    let total: usize = unsupported.values().sum();
    if total > 0 {
        let kinds: Vec<String> = unsupported.iter().map(|(t, n)| format!("{t} ×{n}")).collect();
        tracing::warn!("{total} resource(s) of {} type(s) are not modelled and were not evaluated: {}", unsupported.len(), kinds.join(", "));
    }
}

/// Scans Terraform input.
pub(crate) fn terraform(path: &Path) -> Result<Inventory> {
    let scanned = onus_terraform::scan_path(path).with_context(|| format!("reading Terraform from {}", path.display()))?;
    report_unsupported(&scanned.unsupported);
    tracing::info!(resources = scanned.inventory.resources.len(), "read Terraform");
    Ok(scanned.inventory)
}

/// Scans CloudFormation templates.
pub(crate) fn cloudformation(path: &Path, params: &[String]) -> Result<Inventory> {
    let params = parameters(params)?;
    let scanned = onus_cloudformation::scan_path(path, &params).with_context(|| format!("reading CloudFormation from {}", path.display()))?;
    report_unsupported(&scanned.unsupported);
    tracing::info!(resources = scanned.inventory.resources.len(), "read CloudFormation");
    Ok(scanned.inventory)
}

/// What a path holds.
#[derive(Debug, PartialEq, Eq)]
enum Detected {
    Terraform,
    CloudFormation,
    Both,
}

fn detect(path: &Path) -> Result<Detected> {
    if path.is_file() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with(".tf") || onus_terraform::sniff_json(path) {
            return Ok(Detected::Terraform);
        }
        let head = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let head = String::from_utf8_lossy(&head[..head.len().min(64 * 1024)]).into_owned();
        if onus_cloudformation::sniff(&head) {
            return Ok(Detected::CloudFormation);
        }
        bail!("{}: neither a Terraform plan, state or .tf file nor a CloudFormation template", path.display());
    }
    if !path.is_dir() {
        bail!("{}: no such file or directory", path.display());
    }
    let tf = onus_terraform::discover(path).is_ok();
    let cfn = onus_cloudformation::discover(path).is_ok();
    match (tf, cfn) {
        (true, true) => Ok(Detected::Both),
        (true, false) => Ok(Detected::Terraform),
        (false, true) => Ok(Detected::CloudFormation),
        (false, false) => bail!("{}: no Terraform or CloudFormation found", path.display()),
    }
}

/// Scans a path whose kind is detected from its content.
pub(crate) fn detected(path: &Path, params: &[String]) -> Result<Inventory> {
    match detect(path)? {
        Detected::Terraform => terraform(path),
        Detected::CloudFormation => cloudformation(path, params),
        Detected::Both => {
            let mut inv = terraform(path)?;
            let cfn = cloudformation(path, params)?;
            inv.resources.extend(cfn.resources);
            inv.gaps.extend(cfn.gaps);
            inv.metadata.inputs.extend(cfn.metadata.inputs);
            Ok(inv)
        }
    }
}
