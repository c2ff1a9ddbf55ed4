//! Compliance frameworks as data, and what a scan says about each control.
//!
//! Each framework is one YAML file under `frameworks/` — the single source of
//! truth for which onus checks evidence which control — compiled into the
//! binary. A control no check evidences is either `manual` (only a person can
//! attest it) or not covered by onus. [`ComplianceView::evaluate`] turns a
//! scan's results into a per-control verdict with percentages.

use onus_checks::{CheckResult, Status};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The framework files compiled into onus: (file name, YAML).
const BUILTIN_FILES: &[(&str, &str)] = &[
    ("cis-aws-3.0.0.yaml", include_str!("../frameworks/cis-aws-3.0.0.yaml")),
    ("aws-fsbp.yaml", include_str!("../frameworks/aws-fsbp.yaml")),
    ("nist-800-53-rev5.yaml", include_str!("../frameworks/nist-800-53-rev5.yaml")),
];

/// A compliance framework: its controls and the checks that evidence them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable id, e.g. `cis-aws-3.0.0`.
    pub id: String,
    /// The framework's name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Where it is published.
    pub url: String,
    /// What it is, in a sentence or two.
    pub description: String,
    /// The controls, in the framework's order.
    pub controls: Vec<Control>,
}

/// One control of a framework.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// The framework's id for the control, e.g. `1.4` or `S3.1`.
    pub id: String,
    /// The control's title.
    pub title: String,
    /// The section or family it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// onus checks that evidence it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
    /// Only a person can attest it (no API can prove it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub manual: bool,
}

/// A framework file that does not parse.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct FrameworkFileError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// What is wrong.
    pub message: String,
}

/// An unknown framework id.
#[derive(Debug, thiserror::Error)]
#[error("unknown framework {id:?} (known: {known})")]
pub struct UnknownFramework {
    /// The id given.
    pub id: String,
    /// The ids that exist.
    pub known: String,
}

/// Parses one framework file.
pub fn parse(file: &str, yaml: &str) -> Result<Framework, FrameworkFileError> {
    serde_saphyr::from_str(yaml).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = e.to_string().lines().next().unwrap_or_default().to_owned();
        FrameworkFileError { file: file.to_owned(), line, column, message }
    })
}

/// The frameworks compiled into onus, in a stable order.
pub fn builtin() -> Result<&'static [Framework], FrameworkFileError> {
    static ALL: OnceLock<Result<Vec<Framework>, FrameworkFileError>> = OnceLock::new();
    ALL.get_or_init(|| BUILTIN_FILES.iter().map(|(f, y)| parse(f, y)).collect())
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// Finds a built-in framework by id.
pub fn find(id: &str) -> Result<&'static Framework, FindError> {
    let all = builtin()?;
    all.iter().find(|f| f.id == id).ok_or_else(|| {
        FindError::Unknown(UnknownFramework {
            id: id.to_owned(),
            known: all.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(", "),
        })
    })
}

/// Why [`find`] failed.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    /// A built-in file is broken (a bug caught by the tests).
    #[error(transparent)]
    File(#[from] FrameworkFileError),
    /// No such framework.
    #[error(transparent)]
    Unknown(#[from] UnknownFramework),
}

impl Framework {
    /// Every check id the framework references, deduplicated, in first-use order.
    pub fn check_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for c in &self.controls {
            for id in &c.checks {
                if !ids.contains(&id.as_str()) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    /// For each check id, the controls it evidences (the per-check view of the mapping).
    pub fn controls_by_check(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for c in &self.controls {
            for id in &c.checks {
                map.entry(id).or_default().push(&c.id);
            }
        }
        map
    }
}

/// The verdict on one control in a scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ControlStatus {
    /// Every result of its checks passed (muted findings are accepted, so they do not fail it).
    Pass,
    /// At least one of its checks failed (unmuted).
    Fail,
    /// Its checks ran but some results were unknown or errors, or no resource was in scope.
    Unknown,
    /// Only a person can attest it.
    Manual,
    /// No onus check evidences it.
    NotCovered,
}

impl ControlStatus {
    /// Every status, in report order.
    pub const ALL: &'static [ControlStatus] =
        &[ControlStatus::Fail, ControlStatus::Unknown, ControlStatus::Pass, ControlStatus::Manual, ControlStatus::NotCovered];

    /// The kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Pass => "pass",
            ControlStatus::Fail => "fail",
            ControlStatus::Unknown => "unknown",
            ControlStatus::Manual => "manual",
            ControlStatus::NotCovered => "not-covered",
        }
    }
}

impl std::fmt::Display for ControlStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One control's verdict with the counts behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ControlResult {
    /// The control id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its section or family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The checks that evidence it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
    /// The verdict.
    pub status: ControlStatus,
    /// Passing results of its checks.
    pub pass: usize,
    /// Failing results (unmuted).
    pub fail: usize,
    /// Muted results.
    pub muted: usize,
    /// Unknown and error results.
    pub unknown: usize,
}

/// A framework's controls as a scan found them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ComplianceView {
    /// The framework id.
    pub framework: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Controls by verdict.
    pub counts: BTreeMap<ControlStatus, usize>,
    /// Passed controls as a percentage of the controls onus could decide
    /// automatically (pass + fail + unknown); `None` when there are none.
    pub percent_passed: Option<f64>,
    /// Controls that onus's checks evidence, as a percentage of all controls.
    pub percent_covered: f64,
    /// Per control, in the framework's order.
    pub controls: Vec<ControlResult>,
}

impl ComplianceView {
    /// Judges every control of `framework` from the scan's `results` (all of
    /// them: before any display filter).
    pub fn evaluate(framework: &Framework, results: &[CheckResult]) -> ComplianceView {
        let mut by_check: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
        for r in results {
            let slot = by_check.entry(r.check_id.as_str()).or_default();
            match r.status {
                Status::Pass => slot[0] += 1,
                Status::Fail => slot[1] += 1,
                Status::Muted => slot[2] += 1,
                Status::Unknown | Status::Error => slot[3] += 1,
                Status::Manual => {}
            }
        }
        let mut counts: BTreeMap<ControlStatus, usize> = BTreeMap::new();
        let mut controls = Vec::with_capacity(framework.controls.len());
        for c in &framework.controls {
            let [mut pass, mut fail, mut muted, mut unknown] = [0usize; 4];
            for id in &c.checks {
                if let Some(n) = by_check.get(id.as_str()) {
                    pass += n[0];
                    fail += n[1];
                    muted += n[2];
                    unknown += n[3];
                }
            }
            let status = if c.checks.is_empty() {
                if c.manual { ControlStatus::Manual } else { ControlStatus::NotCovered }
            } else if fail > 0 {
                ControlStatus::Fail
            } else if unknown > 0 || pass + muted == 0 {
                ControlStatus::Unknown
            } else {
                ControlStatus::Pass
            };
            *counts.entry(status).or_default() += 1;
            controls.push(ControlResult {
                id: c.id.clone(),
                title: c.title.clone(),
                section: c.section.clone(),
                checks: c.checks.clone(),
                status,
                pass,
                fail,
                muted,
                unknown,
            });
        }
        let n = |s| counts.get(&s).copied().unwrap_or(0);
        let decided = n(ControlStatus::Pass) + n(ControlStatus::Fail) + n(ControlStatus::Unknown);
        let total = framework.controls.len();
        ComplianceView {
            framework: framework.id.clone(),
            name: framework.name.clone(),
            version: framework.version.clone(),
            percent_passed: (decided > 0).then(|| round1(100.0 * n(ControlStatus::Pass) as f64 / decided as f64)),
            percent_covered: if total == 0 { 0.0 } else { round1(100.0 * decided as f64 / total as f64) },
            counts,
            controls,
        }
    }

    /// Controls with this verdict.
    pub fn count(&self, status: ControlStatus) -> usize {
        self.counts.get(&status).copied().unwrap_or(0)
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The framework as a reference page (generated into `docs/frameworks/<id>.md`).
pub fn framework_markdown(f: &Framework) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "# {} {}\n", f.name, f.version);
    let _ = writeln!(
        s,
        "<!-- Generated from crates/onus-frameworks/frameworks/{}.yaml by `cargo run -p xtask -- generate`. Do not edit. -->\n",
        f.id
    );
    let _ = writeln!(s, "`{}` · [{}]({})\n\n{}\n", f.id, f.url, f.url, f.description);
    let covered = f.controls.iter().filter(|c| !c.checks.is_empty()).count();
    let manual = f.controls.iter().filter(|c| c.checks.is_empty() && c.manual).count();
    let _ = writeln!(
        s,
        "{} controls: {covered} evidenced by onus checks, {manual} manual (a person attests them), {} not covered.\n",
        f.controls.len(),
        f.controls.len() - covered - manual
    );
    let _ = writeln!(s, "`onus scan … --framework {}` reports each control as pass, fail, unknown, manual or not covered.\n", f.id);
    let _ = writeln!(s, "| Control | Title | Section | Evidence |\n|---|---|---|---|");
    let cell = |t: &str| t.replace('|', "\\|");
    for c in &f.controls {
        let evidence = if !c.checks.is_empty() {
            c.checks.iter().map(|id| format!("[`{id}`](../checks/{id}.md)")).collect::<Vec<_>>().join("<br>")
        } else if c.manual {
            "manual".to_owned()
        } else {
            "not covered".to_owned()
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cell(&c.id),
            cell(&c.title),
            cell(c.section.as_deref().unwrap_or("")),
            evidence
        );
    }
    s
}
