//! SARIF output validates against the official SARIF 2.1.0 JSON schema
//! (OASIS, `sarif-schema-2.1.0.json`, vendored under `tests/data/`), and
//! carries what code review needs: the rule catalogue, the file and region of
//! the attribute at fault, fingerprints, and suppressions for muted results.

use onus_checks::{CHECKS, Mute, Status};
use onus_model::Inventory;
use onus_report::Report;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every IaC-shaped check fixture, evaluated: results with files and lines.
fn iac_report() -> Report {
    let fixtures = root().join("crates/onus-checks/fixtures");
    let mut inventory: Option<Inventory> = None;
    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        for name in ["terraform.json", "cloudformation.json", "iac.json"] {
            let p = dir.join(name);
            if !p.is_file() {
                continue;
            }
            let inv = match onus_model::snapshot::read(&p) {
                Ok(i) => i,
                Err(e) => panic!("{}: {e}", p.display()),
            };
            match &mut inventory {
                None => inventory = Some(inv),
                Some(all) => {
                    // Ids are unique per fixture file; prefix with the directory to keep them so.
                    let prefix = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    all.resources.extend(inv.resources.into_iter().map(|mut r| {
                        r.id = format!("{prefix}/{}", r.id);
                        r
                    }));
                }
            }
        }
    }
    let Some(inventory) = inventory else { panic!("no IaC fixtures found") };
    let mut results = onus_checks::evaluate(&inventory, CHECKS);
    // One muted result, as an inline suppression leaves it.
    if let Some(r) = results.iter_mut().find(|r| r.status == Status::Fail) {
        r.muted = Some(Mute { original_status: Status::Fail, reason: "accepted for the demo".into(), entry: Some("main.tf:3".into()), expires: None });
        r.status = Status::Muted;
    }
    Report::new(&inventory, results, CHECKS.len())
}

fn sarif(report: &Report) -> Value {
    let mut buf = Vec::new();
    if let Err(e) = onus_report::sarif::write(report, &mut buf) {
        panic!("{e}");
    }
    match serde_json::from_slice(&buf) {
        Ok(v) => v,
        Err(e) => panic!("SARIF is not JSON: {e}"),
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema_text = match std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json")) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let schema: Value = serde_json::from_str(&schema_text).unwrap_or(Value::Null);
    let validator = match jsonschema::draft4::new(&schema) {
        Ok(v) => v,
        Err(e) => panic!("schema does not compile: {e}"),
    };
    let log = sarif(&iac_report());
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).take(20).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
    // A value the schema forbids is caught: the validator is really validating.
    let mut broken = log.clone();
    broken["version"] = Value::String("2.0.0".into());
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_carries_rules_regions_fingerprints_and_suppressions() {
    let report = iac_report();
    let log = sarif(&report);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
    assert_eq!(rules.len(), CHECKS.len());
    for rule in &rules {
        let sev: f64 = rule["properties"]["security-severity"].as_str().and_then(|s| s.parse().ok()).unwrap_or(-1.0);
        assert!((0.0..=10.0).contains(&sev), "{rule}");
        assert!(rule["helpUri"].as_str().is_some_and(|u| u.starts_with("https://")));
        assert!(rule["help"]["markdown"].as_str().is_some_and(|m| m.contains("Remediation")));
    }
    let results = run["results"].as_array().cloned().unwrap_or_default();
    let fails: Vec<&Value> = results.iter().filter(|r| r["kind"] == "fail" && r.get("suppressions").is_none()).collect();
    assert_eq!(fails.len(), report.results.iter().filter(|r| r.status == Status::Fail).count());
    // Every failure from IaC points at a file and a line.
    for f in &fails {
        let loc = &f["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().is_some_and(|u| !u.is_empty()), "{f}");
        assert!(loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1), "{f}");
        assert!(f["partialFingerprints"]["onusFinding/v1"].as_str().is_some_and(|p| p.len() == 32));
        let idx = f["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(rules.get(idx).map(|r| &r["id"]), Some(&f["ruleId"]));
    }
    // The attribute's own line, not the resource's: versioning in s3.tf sits on line 18.
    assert!(fails.iter().any(|f| f["ruleId"] == "s3-bucket-versioning-disabled"
        && f["locations"][0]["physicalLocation"]["region"]["startLine"] == 18));
    let muted: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(muted.len(), 1);
    assert_eq!(muted[0]["suppressions"][0]["justification"], "accepted for the demo");
    assert_eq!(muted[0]["suppressions"][0]["kind"], "inSource");
}
