//! Terraform as an onus source: plans and states (`terraform show -json`) and
//! configuration directories (`*.tf`, read without a plan).
//!
//! Every source becomes the same [`onus_model::Inventory`] the live collector
//! produces, so the same checks run on code before it is applied. Resources
//! the AWS provider splits (an `aws_s3_bucket` and its `_versioning`,
//! `_public_access_block`, `_policy`…; a security group and its rules; a user
//! and its login profile and keys) are joined back into one resource, by the
//! references in the configuration or by equal attribute values. Values a plan
//! knows only after apply, and expressions configuration alone cannot resolve,
//! stay unknown. Resource types no inventory kind covers are counted and
//! reported as collection gaps, never dropped silently.

pub mod hcl;
pub mod map;
pub mod plan;
pub mod raw;
pub mod scan;
pub mod value;

use onus_model::{CollectionGap, GapReason, Inventory, ScanMetadata, SourceKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why Terraform input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TerraformError {
    /// A file or directory could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The path.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A JSON file is not valid JSON (truncated, …).
    #[error("{file}:{line}:{column}: invalid JSON: {message}")]
    Json {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// Valid JSON, but not a Terraform plan or state.
    #[error("{file}: not a Terraform plan or state (expected the output of `terraform show -json`, with `format_version` and `resource_changes` or `values`)")]
    NotTerraform {
        /// The file.
        file: String,
    },
    /// A `.tf` file has a syntax error.
    #[error("{file}:{line}:{column}: invalid HCL: {message}")]
    Hcl {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// An `onus:ignore` comment without a check id or reason.
    #[error("{file}:{line}: `onus:ignore {check}` needs a check id and a reason: `# onus:ignore <check-id> <reason>`")]
    SuppressionWithoutReason {
        /// The file.
        file: String,
        /// 1-based line.
        line: u32,
        /// The check id given, if any.
        check: String,
    },
    /// Nothing Terraform was found under a directory.
    #[error("{path}: no Terraform plan, state or *.tf file found")]
    NothingFound {
        /// The directory.
        path: String,
    },
}

/// What a Terraform source produced.
#[derive(Debug)]
pub struct Scanned {
    /// The inventory, with unsupported resource types as gaps.
    pub inventory: Inventory,
    /// Resources of types no inventory kind covers, by type.
    pub unsupported: BTreeMap<String, usize>,
}


/// Reads a plan or state from JSON text.
pub fn raw_from_json(file: &str, text: &[u8]) -> Result<(SourceKind, Vec<raw::RawResource>), TerraformError> {
    plan::read(file, text)
}

/// Copies block locations and suppressions from the `.tf` files next to a
/// plan onto its root-module resources, so findings point at lines.
fn locate_in_config(dir: &Path, raws: &mut [raw::RawResource]) -> Result<(), TerraformError> {
    let files = hcl::read_dir(dir)?;
    if files.is_empty() {
        return Ok(());
    }
    let declared = hcl::module_resources(&files)?.resources;
    // By module and config address: a plan's instances share their block.
    let by_address: BTreeMap<(String, &str), &raw::RawResource> =
        declared.iter().map(|r| ((strip_indexes(&r.module).into_owned(), r.config_address.as_str()), r)).collect();
    for r in raws.iter_mut() {
        if let Some(d) = by_address.get(&(strip_indexes(&r.module).into_owned(), r.config_address.as_str())) {
            r.file.clone_from(&d.file);
            r.span = d.span;
            r.attr_spans.clone_from(&d.attr_spans);
            r.suppressions.clone_from(&d.suppressions);
            if r.region.is_none() {
                r.region.clone_from(&d.region);
            }
        }
    }
    Ok(())
}

/// A module address without instance keys (`module.a[0].module.b` → `module.a.module.b`).
fn strip_indexes(module: &str) -> std::borrow::Cow<'_, str> {
    if !module.contains('[') {
        return std::borrow::Cow::Borrowed(module);
    }
    let mut out = String::with_capacity(module.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in module.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One unit of input: a JSON plan/state file, or a directory of `.tf` files.
#[derive(Clone, Debug)]
pub enum Input {
    /// A `terraform show -json` file.
    Json(PathBuf),
    /// A module directory.
    Module(PathBuf),
    /// Some `.tf` files read as one module.
    Files(Vec<PathBuf>),
}

/// Finds the inputs under `path`: the file itself, or every JSON plan/state
/// and every directory holding `*.tf` files, recursively (skipping `.terraform`).
pub fn discover(path: &Path) -> Result<Vec<Input>, TerraformError> {
    if path.is_file() {
        return Ok(if path.extension().is_some_and(|e| e == "tf") {
            vec![Input::Module(path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf))]
        } else {
            vec![Input::Json(path.to_path_buf())]
        });
    }
    let mut out = Vec::new();
    walk(path, &mut out)?;
    if out.is_empty() {
        return Err(TerraformError::NothingFound { path: path.display().to_string() });
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Input>) -> Result<(), TerraformError> {
    let rd = std::fs::read_dir(dir).map_err(|source| TerraformError::Io { file: dir.display().to_string(), source })?;
    let mut entries: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    let mut has_tf = false;
    let mut jsons = Vec::new();
    for p in &entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if p.is_dir() {
            if !name.starts_with('.') {
                walk(p, out)?;
            }
        } else if name.ends_with(".tf") {
            has_tf = true;
        } else if name.ends_with(".json") && sniff_json(p) {
            jsons.push(p.clone());
        }
    }
    // A plan next to its configuration is the better source; the .tf files
    // then only give it line numbers.
    if jsons.is_empty() && has_tf {
        out.push(Input::Module(dir.to_path_buf()));
    }
    out.extend(jsons.into_iter().map(Input::Json));
    Ok(())
}

/// Whether a JSON file starts like `terraform show -json` output.
pub fn sniff_json(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    head.contains("\"format_version\"") && (head.contains("\"terraform_version\"") || head.contains("\"planned_values\"") || head.contains("\"resource_changes\""))
}

/// Scans a path (a plan or state JSON file, a `.tf` file, or a directory).
pub fn scan_path(path: &Path) -> Result<Scanned, TerraformError> {
    scan_inputs(discover(path)?)
}

/// Scans inputs into one inventory; each input is mapped on its own (joins
/// never cross inputs).
pub fn scan_inputs(inputs: Vec<Input>) -> Result<Scanned, TerraformError> {
    let mut resources = Vec::new();
    let mut unsupported: BTreeMap<String, usize> = BTreeMap::new();
    let mut kinds = Vec::new();
    let mut files = Vec::new();
    let mut region = None;
    let mut skipped_modules = Vec::new();
    let mut unjoined = Vec::new();
    // Directories of `.tf` files are read first: one that another calls as a
    // module is that module, not a root module of its own.
    let mut configurations: Vec<Option<hcl::Configuration>> = Vec::with_capacity(inputs.len());
    let mut called: Vec<PathBuf> = Vec::new();
    for input in &inputs {
        let read = match input {
            Input::Json(_) => None,
            Input::Module(dir) => Some(hcl::module_resources(&hcl::read_dir(dir)?)?),
            Input::Files(paths) => {
                let mut files = Vec::new();
                for p in paths {
                    let name = p.display().to_string();
                    let text = std::fs::read_to_string(p).map_err(|source| TerraformError::Io { file: name.clone(), source })?;
                    files.push(hcl::parse_file(&name, text)?);
                }
                Some(hcl::module_resources(&files)?)
            }
        };
        if let Some(c) = &read {
            called.extend(c.module_dirs.iter().filter_map(|d| d.canonicalize().ok()));
        }
        configurations.push(read);
    }
    for (input, configuration) in inputs.into_iter().zip(configurations) {
        if let Input::Module(dir) = &input
            && dir.canonicalize().is_ok_and(|d| called.contains(&d))
        {
            tracing::debug!(dir = %dir.display(), "read as a module of another configuration");
            continue;
        }
        let (kind, mut raws, prefix) = match (&input, configuration) {
            (Input::Json(p), _) => {
                let name = p.display().to_string();
                let text = std::fs::read(p).map_err(|source| TerraformError::Io { file: name.clone(), source })?;
                let (kind, mut raws) = raw_from_json(&name, &text)?;
                if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()).or(Some(Path::new("."))) {
                    locate_in_config(dir, &mut raws)?;
                }
                (kind, raws, name)
            }
            (Input::Module(dir), Some(c)) => {
                skipped_modules.extend(c.skipped_modules);
                (SourceKind::TerraformHcl, c.resources, dir.display().to_string())
            }
            (Input::Files(paths), Some(c)) => {
                skipped_modules.extend(c.skipped_modules);
                let prefix = paths.first().map(|p| p.display().to_string()).unwrap_or_default();
                (SourceKind::TerraformHcl, c.resources, prefix)
            }
            (Input::Module(_) | Input::Files(_), None) => continue,
        };
        tracing::debug!(input = %prefix, resources = raws.len(), "read terraform input");
        sort_by_address(&mut raws);
        if region.is_none() {
            region = raws.iter().find_map(|r| r.region.clone());
        }
        resources.extend(map::map(&raws, &prefix, &mut unsupported, &mut unjoined));
        drop_in_parallel(raws);
        kinds.push(kind);
        files.push(prefix);
    }
    let source = if kinds.contains(&SourceKind::TerraformPlan) {
        SourceKind::TerraformPlan
    } else if kinds.contains(&SourceKind::TerraformState) {
        SourceKind::TerraformState
    } else {
        SourceKind::TerraformHcl
    };
    let mut inventory = Inventory::new(ScanMetadata {
        source,
        accounts: Vec::new(),
        regions: region.into_iter().collect(),
        collected_at: chrono::Utc::now(),
        onus_version: env!("CARGO_PKG_VERSION").to_owned(),
        inputs: files,
        description: None,
    });
    inventory.resources = resources;
    inventory.gaps = unsupported_gaps(&unsupported);
    inventory.gaps.extend(skipped_modules.iter().map(|m| CollectionGap {
        service: "terraform".to_owned(),
        account: None,
        region: None,
        kinds: Vec::new(),
        reason: GapReason::Unsupported,
        api_call: None,
        message: format!(
            "{}:{}: {} (source \"{}\") is not on disk: its resources were not evaluated (run `terraform init`, or scan a plan)",
            m.file, m.line, m.address, m.source
        ),
    }));
    inventory.gaps.extend(unjoined.iter().map(unjoined_gap));
    Ok(Scanned { inventory, unsupported })
}

/// Sorts resources by address (stably), moving each one once.
fn sort_by_address(raws: &mut Vec<raw::RawResource>) {
    if raws.is_sorted_by(|a, b| a.address <= b.address) {
        return;
    }
    let mut order: Vec<usize> = (0..raws.len()).collect();
    order.sort_by(|a, b| match (raws.get(*a), raws.get(*b)) {
        (Some(x), Some(y)) => x.address.cmp(&y.address),
        _ => std::cmp::Ordering::Equal,
    });
    let mut slots: Vec<Option<raw::RawResource>> = std::mem::take(raws).into_iter().map(Some).collect();
    *raws = order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)).collect();
}

/// Frees a large vector on several threads: a plan's resources hold
/// millions of small allocations.
fn drop_in_parallel<T: Send>(mut items: Vec<T>) {
    let threads = plan::workers(items.len());
    if threads <= 1 {
        return;
    }
    let chunk = items.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    while items.len() > chunk {
        parts.push(items.split_off(items.len() - chunk));
    }
    std::thread::scope(|s| {
        for part in parts {
            s.spawn(move || drop(part));
        }
        drop(items);
    });
}

/// The gap for companions joined to no parent: the parents that may own them
/// were evaluated without them, so their checks get an `Error` result naming
/// the companions (first five, with file and line).
fn unjoined_gap(u: &map::Unjoined) -> CollectionGap {
    const SHOWN: usize = 5;
    let mut named: Vec<String> = u
        .companions
        .iter()
        .take(SHOWN)
        .map(|(address, file, line)| match line {
            Some(l) => format!("{address} ({file}:{l})"),
            None => format!("{address} ({file})"),
        })
        .collect();
    if u.companions.len() > SHOWN {
        named.push(format!("{} more", u.companions.len() - SHOWN));
    }
    let parents = match u.parent_kinds.as_slice() {
        [one] => format!("{} {} resource(s)", u.parents, one.type_name()),
        _ => format!("{} resource(s)", u.parents),
    };
    CollectionGap {
        service: u.parent_kinds.first().map_or("terraform", |k| k.service()).to_owned(),
        account: None,
        region: None,
        kinds: u.parent_kinds.clone(),
        reason: GapReason::Unresolved,
        api_call: None,
        message: format!(
            "{}: {} is known only after apply and refers to no resource in the input (a module variable without a value, a data source?), \
             so which resource it changes cannot be told; the {parents} it may change were evaluated without it",
            named.join(", "),
            u.link
        ),
    }
}

/// One gap per unsupported resource type, so reports show what was not evaluated.
pub fn unsupported_gaps(unsupported: &BTreeMap<String, usize>) -> Vec<CollectionGap> {
    unsupported
        .iter()
        .map(|(rtype, n)| CollectionGap {
            service: rtype.split('_').next().unwrap_or("terraform").to_owned(),
            account: None,
            region: None,
            kinds: Vec::new(),
            reason: GapReason::Unsupported,
            api_call: None,
            message: format!("{n} resource(s) of type {rtype} are not modelled by onus and were not evaluated"),
        })
        .collect()
}
