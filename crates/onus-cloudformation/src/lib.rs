//! CloudFormation (and SAM) templates as an onus source, YAML or JSON.
//!
//! Templates are parsed into a tree that keeps the line and column of every
//! node, with short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`…) turned
//! into their long form. Parameters (defaults, or `--parameter` overrides),
//! `Mappings` and `Conditions` are resolved; resources whose condition is
//! false are not created; what cannot be resolved statically stays unknown.
//! A cycle between resources or conditions is an error, never a hang.

pub mod map;
pub mod node;
pub mod template;
pub mod value;

use onus_model::{CollectionGap, GapReason, Inventory, ScanMetadata, SourceKind, Suppression};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a template could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CfnError {
    /// A file or directory could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The path.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Not well-formed YAML or JSON.
    #[error("{file}:{line}:{column}: invalid YAML/JSON: {message}")]
    Yaml {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// A tag that is not a CloudFormation intrinsic function.
    #[error("{file}:{line}:{column}: unknown tag {tag} (expected a CloudFormation intrinsic such as !Ref, !Sub, !GetAtt, !If, !Join)")]
    UnknownTag {
        /// The file.
        file: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// The tag as written.
        tag: String,
    },
    /// Resources or conditions that depend on each other in a circle.
    #[error("{file}:{line}: circular reference: {cycle}")]
    Cycle {
        /// The file.
        file: String,
        /// The line of one member of the cycle.
        line: u32,
        /// The cycle, e.g. `A → B → A`.
        cycle: String,
    },
    /// Valid YAML/JSON, but not a template.
    #[error("{file}: not a CloudFormation template (expected a `Resources` mapping of resources with a `Type`)")]
    NotATemplate {
        /// The file.
        file: String,
    },
    /// A suppression without a check id or reason.
    #[error("{file}:{line}: suppression of `{check}` needs a check id and a reason (`# onus:ignore <check-id> <reason>`, or `Metadata.onus.ignore: [{{check, reason}}]`)")]
    SuppressionWithoutReason {
        /// The file.
        file: String,
        /// 1-based line.
        line: u32,
        /// The check id given, if any.
        check: String,
    },
    /// Nothing found under a directory.
    #[error("{path}: no CloudFormation template found")]
    NothingFound {
        /// The directory.
        path: String,
    },
}

/// What a CloudFormation source produced.
#[derive(Debug)]
pub struct Scanned {
    /// The inventory, with unsupported resource types as gaps.
    pub inventory: Inventory,
    /// Resources of types no inventory kind covers, by type.
    pub unsupported: BTreeMap<String, usize>,
}

/// Whether a parsed document looks like a template.
pub fn is_template(root: &node::Node) -> bool {
    let Some(resources) = root.get("Resources") else { return false };
    root.get("AWSTemplateFormatVersion").is_some()
        || resources.entries().iter().any(|(_, _, r)| r.get("Type").and_then(node::Node::as_str).is_some_and(|t| t.contains("::")))
}

/// Whether a file's text starts like a template (cheap sniffing for detection).
pub fn sniff(text: &str) -> bool {
    let head: String = text.chars().take(64 * 1024).collect();
    head.contains("AWSTemplateFormatVersion") || (head.contains("Resources") && head.contains("AWS::"))
}

/// Reads one template into mapped resources.
pub fn read_template(file: &str, text: &str, parameters: &BTreeMap<String, String>, unsupported: &mut BTreeMap<String, usize>) -> Result<Vec<onus_model::Resource>, CfnError> {
    let root = node::parse(file, text)?;
    if !is_template(&root) {
        return Err(CfnError::NotATemplate { file: file.to_owned() });
    }
    let tpl = template::Template::new(file, &root, parameters)?;
    let mut raws = tpl.resources()?;
    let comments = ignore_comments(file, text)?;
    for (line, s) in comments {
        let next = next_code_line(text, line);
        // A resource starting on the next line of code wins over one whose
        // (block-style, so generous) span merely contains the comment.
        let idx = raws.iter().position(|r| Some(r.span.start_line) == next).or_else(|| raws.iter().position(|r| r.span.start_line <= line && line <= r.span.end_line));
        match idx.and_then(|i| raws.get_mut(i)) {
            Some(r) => r.suppressions.push(s),
            None => tracing::warn!(file, line, check = %s.check, "onus:ignore comment is not on or above a resource; ignored"),
        }
    }
    let globals = root.get("Globals").map_or(serde_json::Value::Null, |g| tpl.eval(g));
    Ok(map::map(file, &raws, &globals, unsupported))
}

fn ignore_comments(file: &str, text: &str) -> Result<Vec<(u32, Suppression)>, CfnError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(pos) = line.find("onus:ignore") else { continue };
        if !line[..pos].trim_end().ends_with('#') {
            continue;
        }
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let rest = line[pos + "onus:ignore".len()..].trim();
        let (check, reason) = rest.split_once(char::is_whitespace).map_or((rest, ""), |(c, r)| (c.trim(), r.trim()));
        if check.is_empty() || reason.is_empty() {
            return Err(CfnError::SuppressionWithoutReason { file: file.to_owned(), line: line_no, check: check.to_owned() });
        }
        out.push((line_no, Suppression { check: check.to_owned(), reason: reason.to_owned(), file: Some(file.to_owned()), line: Some(line_no) }));
    }
    Ok(out)
}

fn next_code_line(text: &str, line: u32) -> Option<u32> {
    text.lines()
        .enumerate()
        .skip(line as usize)
        .find(|(_, l)| !(l.trim().is_empty() || l.trim().starts_with('#')))
        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
}

/// Template files under `path` (the file itself, or `*.yaml|*.yml|*.json|*.template`
/// files that look like templates, recursively).
pub fn discover(path: &Path) -> Result<Vec<PathBuf>, CfnError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    walk(path, &mut out)?;
    if out.is_empty() {
        return Err(CfnError::NothingFound { path: path.display().to_string() });
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CfnError> {
    let rd = std::fs::read_dir(dir).map_err(|source| CfnError::Io { file: dir.display().to_string(), source })?;
    let mut entries: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if p.is_dir() {
            if !name.starts_with('.') {
                walk(&p, out)?;
            }
        } else if [".yaml", ".yml", ".json", ".template"].iter().any(|e| name.ends_with(e)) {
            let head = read_head(&p);
            if sniff(&head) {
                out.push(p);
            }
        }
    }
    Ok(())
}

fn read_head(p: &Path) -> String {
    use std::io::Read;
    let mut buf = vec![0u8; 64 * 1024];
    let n = std::fs::File::open(p).and_then(|mut f| f.read(&mut buf)).unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// Scans a template file or a directory of templates.
pub fn scan_path(path: &Path, parameters: &BTreeMap<String, String>) -> Result<Scanned, CfnError> {
    let files = discover(path)?;
    let mut unsupported = BTreeMap::new();
    let mut resources = Vec::new();
    let mut inputs = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(&f).map_err(|source| CfnError::Io { file: name.clone(), source })?;
        resources.extend(read_template(&name, &text, parameters, &mut unsupported)?);
        inputs.push(name);
    }
    let mut inventory = Inventory::new(ScanMetadata {
        source: SourceKind::CloudFormation,
        accounts: Vec::new(),
        regions: Vec::new(),
        collected_at: chrono::Utc::now(),
        onus_version: env!("CARGO_PKG_VERSION").to_owned(),
        inputs,
        description: None,
    });
    inventory.resources = resources;
    inventory.gaps = unsupported
        .iter()
        .map(|(t, n)| CollectionGap {
            service: t.split("::").nth(1).unwrap_or("cloudformation").to_ascii_lowercase(),
            account: None,
            region: None,
            kinds: Vec::new(),
            reason: GapReason::Unsupported,
            api_call: None,
            message: format!("{n} resource(s) of type {t} are not modelled by onus and were not evaluated"),
        })
        .collect();
    Ok(Scanned { inventory, unsupported })
}
