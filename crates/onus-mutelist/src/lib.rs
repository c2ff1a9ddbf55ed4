//! Mutelists: YAML files that mute known, accepted findings.
//!
//! Each entry matches results by account, region, check, resource (globs) and
//! tags, and carries a mandatory `reason` and an optional `expires` date.
//! Matching results become [`Status::Muted`] — never dropped — with the reason
//! and their original status kept in [`CheckResult::muted`]. An entry past its
//! expiry stops muting and is reported as a [`Warning`]. The format is
//! documented in `docs/mutelist.md`.

mod glob;

pub use glob::glob_match;

use chrono::NaiveDate;
use onus_checks::{CheckResult, Mute, Status};
use onus_model::Inventory;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The mutelist format version this crate reads.
pub const MUTELIST_VERSION: u32 = 1;

/// Why a mutelist could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum MutelistError {
    /// The file could not be read.
    #[error("{file}: cannot read the mutelist: {source}")]
    Read {
        /// The file.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The YAML is malformed or does not have the mutelist's shape.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line (0 when unknown).
        line: u64,
        /// 1-based column (0 when unknown).
        column: u64,
        /// What is wrong.
        message: String,
    },
    /// An entry is well-formed YAML but not a valid entry (no reason, bad version…).
    #[error("{file}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line of the entry.
        line: u64,
        /// 1-based column of the entry.
        column: u64,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: Spanned<u32>,
    #[serde(default)]
    entries: Vec<Spanned<RawEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    expires: Option<Spanned<String>>,
    #[serde(default)]
    accounts: Vec<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    checks: Vec<String>,
    #[serde(default)]
    resources: Vec<String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

/// One mutelist entry. Every non-empty criterion must match (AND); within a
/// list any pattern may match (OR). Patterns are globs (`*`, `?`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Why these results are accepted. Mandatory.
    pub reason: String,
    /// The last day the entry mutes; from the next day on it is expired.
    pub expires: Option<NaiveDate>,
    /// Account id patterns.
    pub accounts: Vec<String>,
    /// Region patterns (`global` matches resources without a region).
    pub regions: Vec<String>,
    /// Check id patterns.
    pub checks: Vec<String>,
    /// Resource patterns, matched against the resource id (ARN) and its name.
    pub resources: Vec<String>,
    /// Tags the resource must carry: key → value pattern.
    pub tags: BTreeMap<String, String>,
    /// Where the entry is, `file:line`.
    pub origin: String,
}

/// A loaded mutelist.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mutelist {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
}

/// Something a person should know about the mutelist, e.g. an expired entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where the entry is, `file:line`.
    pub origin: String,
    /// What happened, in one sentence.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// What applying a mutelist did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Results muted.
    pub muted: usize,
    /// Expired entries and entries that matched nothing worth noting.
    pub warnings: Vec<Warning>,
}

fn syntax_error(file: &str, err: &serde_saphyr::Error) -> MutelistError {
    let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
    let text = err.to_string();
    let first = text.lines().next().unwrap_or_default().trim_start_matches("error: ");
    // serde-saphyr renders "line L column C: message"; keep only the message.
    let message = match first.strip_prefix("line ").and_then(|rest| rest.find(": ").map(|i| &rest[i + 2..])) {
        Some(m) => m.to_owned(),
        None => first.to_owned(),
    };
    MutelistError::Syntax { file: file.to_owned(), line, column, message }
}

/// Parses a mutelist from text; `file` names it in errors and origins.
pub fn parse(file: &str, yaml: &str) -> Result<Mutelist, MutelistError> {
    let raw: RawFile = serde_saphyr::from_str(yaml).map_err(|e| syntax_error(file, &e))?;
    if raw.version.value != MUTELIST_VERSION {
        return Err(MutelistError::Invalid {
            file: file.to_owned(),
            line: raw.version.referenced.line(),
            column: raw.version.referenced.column(),
            message: format!("unsupported mutelist version {} (this onus reads version {MUTELIST_VERSION})", raw.version.value),
        });
    }
    let mut entries = Vec::with_capacity(raw.entries.len());
    for (i, spanned) in raw.entries.into_iter().enumerate() {
        let (line, column) = (spanned.referenced.line(), spanned.referenced.column());
        let invalid = |message: String| MutelistError::Invalid { file: file.to_owned(), line, column, message };
        let e = spanned.value;
        let reason = match e.reason.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() => r.to_owned(),
            Some(_) => return Err(invalid(format!("entry {} has an empty `reason`; say why these findings are accepted", i + 1))),
            None => return Err(invalid(format!("entry {} has no `reason`; every entry must say why its findings are accepted", i + 1))),
        };
        if e.accounts.is_empty() && e.regions.is_empty() && e.checks.is_empty() && e.resources.is_empty() && e.tags.is_empty() {
            return Err(invalid(format!(
                "entry {} matches everything; give at least one of accounts, regions, checks, resources, tags",
                i + 1
            )));
        }
        let expires = match e.expires {
            None => None,
            Some(d) => match d.value.trim().parse::<NaiveDate>() {
                Ok(day) => Some(day),
                Err(_) => {
                    return Err(MutelistError::Invalid {
                        file: file.to_owned(),
                        line: d.referenced.line(),
                        column: d.referenced.column(),
                        message: format!("`expires` must be a date like 2027-01-31, not {:?}", d.value),
                    });
                }
            },
        };
        entries.push(Entry {
            reason,
            expires,
            accounts: e.accounts,
            regions: e.regions,
            checks: e.checks,
            resources: e.resources,
            tags: e.tags,
            origin: format!("{file}:{line}"),
        });
    }
    Ok(Mutelist { entries })
}

/// Reads and parses a mutelist file.
pub fn load(path: &Path) -> Result<Mutelist, MutelistError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| MutelistError::Read { file: file.clone(), source })?;
    parse(&file, &text)
}

fn any_match(patterns: &[String], value: &str) -> bool {
    patterns.is_empty() || patterns.iter().any(|p| glob_match(p, value))
}

impl Entry {
    /// Whether the entry is past its expiry on `today`.
    pub fn expired_on(&self, today: NaiveDate) -> bool {
        self.expires.is_some_and(|d| d < today)
    }

    /// Whether the entry matches a result whose resource carries `tags`.
    pub fn matches(&self, result: &CheckResult, tags: Option<&BTreeMap<String, String>>) -> bool {
        let r = &result.resource;
        let region = r.region.as_deref().unwrap_or("global");
        any_match(&self.accounts, r.account.as_deref().unwrap_or(""))
            && any_match(&self.regions, region)
            && any_match(&self.checks, &result.check_id)
            && (self.resources.is_empty()
                || self.resources.iter().any(|p| glob_match(p, &r.id) || glob_match(p, &r.name)))
            && self.tags.iter().all(|(k, pattern)| {
                tags.and_then(|t| t.get(k)).is_some_and(|v| glob_match(pattern, v))
            })
    }
}

impl Mutelist {
    /// Mutes every result an unexpired entry matches (passes are left alone:
    /// there is nothing to accept). Expired entries mute nothing and are
    /// returned as warnings. The first matching entry's reason is recorded.
    pub fn apply(&self, inventory: &Inventory, results: &mut [CheckResult], today: NaiveDate) -> Applied {
        let tags: HashMap<&str, &BTreeMap<String, String>> =
            inventory.resources.iter().map(|r| (r.id.as_str(), &r.tags)).collect();
        let mut applied = Applied::default();
        for e in self.entries.iter().filter(|e| e.expired_on(today)) {
            let matching = results.iter().filter(|r| e.matches(r, tags.get(r.resource.id.as_str()).copied())).count();
            let message = format!(
                "mutelist entry expired on {} and no longer mutes ({} matching result{}); reason was: {}",
                e.expires.map(|d| d.to_string()).unwrap_or_default(),
                matching,
                if matching == 1 { "" } else { "s" },
                e.reason
            );
            tracing::debug!(origin = %e.origin, "{message}");
            applied.warnings.push(Warning { origin: e.origin.clone(), message });
        }
        let active: Vec<&Entry> = self.entries.iter().filter(|e| !e.expired_on(today)).collect();
        for result in results.iter_mut().filter(|r| !matches!(r.status, Status::Pass | Status::Muted)) {
            let resource_tags = tags.get(result.resource.id.as_str()).copied();
            if let Some(e) = active.iter().find(|e| e.matches(result, resource_tags)) {
                result.muted = Some(Mute {
                    original_status: result.status,
                    reason: e.reason.clone(),
                    entry: Some(e.origin.clone()),
                    expires: e.expires,
                });
                result.status = Status::Muted;
                applied.muted += 1;
            }
        }
        applied
    }
}
