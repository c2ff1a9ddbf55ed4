//! Every check has pass and fail fixtures: inventory snapshots under
//! `fixtures/<check-id>/`. Expectations are inline, as a tag on each resource
//! the check should judge: `"onus:expect": "pass" | "fail" | "unknown" |
//! "error" | "none"` ("none" = the check does not apply and records nothing).
//! A result on a resource without the tag fails the test, so a fixture cannot
//! silently approve the wrong resource.

use onus_checks::{CHECKS, CheckResult, Status, evaluate};
use onus_model::snapshot;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const EXPECT_TAG: &str = "onus:expect";

fn fixture_dir(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(id)
}

fn run_fixture(check_id: &str, file: &Path) -> Vec<CheckResult> {
    let inventory = match snapshot::read(file) {
        Ok(inv) => inv,
        Err(e) => panic!("fixture {} does not load: {e}", file.display()),
    };
    let check = CHECKS.iter().copied().find(|c| c.meta().id == check_id);
    let Some(check) = check else { panic!("no check {check_id}") };
    let results = evaluate(&inventory, &[check]);

    let expected: BTreeMap<&str, &str> = inventory
        .resources
        .iter()
        .filter_map(|r| r.tags.get(EXPECT_TAG).map(|e| (r.id.as_str(), e.as_str())))
        .collect();
    assert!(!expected.is_empty(), "{}: no resource carries an {EXPECT_TAG} tag", file.display());
    for r in &results {
        let Some(want) = expected.get(r.resource.id.as_str()) else {
            panic!("{}: result on untagged resource {}: {:?} {}", file.display(), r.resource.id, r.status, r.message);
        };
        assert_eq!(
            r.status.as_str(),
            *want,
            "{}: {} expected {want}, got {:?}: {}",
            file.display(),
            r.resource.id,
            r.status,
            r.message
        );
    }
    for (id, want) in &expected {
        let got = results.iter().filter(|r| r.resource.id == *id).count();
        if *want == "none" {
            assert_eq!(got, 0, "{}: {id} expected no result", file.display());
        } else {
            assert_eq!(got, 1, "{}: {id} expected one {want} result, got {got}", file.display());
        }
    }
    results
}

#[test]
fn every_check_has_pass_and_fail_fixtures_that_behave() {
    let mut snapshots = Vec::new();
    for check in CHECKS {
        let id = check.meta().id;
        let dir = fixture_dir(id);
        let pass = run_fixture(id, &dir.join("pass.json"));
        assert!(
            !pass.is_empty() && pass.iter().all(|r| r.status == Status::Pass),
            "{id}: pass.json must yield only passes, and at least one"
        );
        let fail = run_fixture(id, &dir.join("fail.json"));
        assert!(fail.iter().any(|r| r.status == Status::Fail), "{id}: fail.json must yield at least one failure");

        // Any further fixtures (unknown.json, edge cases…) only need their inline expectations met.
        let mut extra: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        extra.retain(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !matches!(p.file_name().and_then(|n| n.to_str()), Some("pass.json" | "fail.json"))
        });
        extra.sort();
        let mut extra_results = Vec::new();
        for file in &extra {
            extra_results.extend(run_fixture(id, file));
        }
        snapshots.push((id, fail, extra_results));
    }
    // The failure messages users will read, per check, reviewed as a snapshot.
    for (id, fail, extra) in snapshots {
        let lines: Vec<String> = fail
            .iter()
            .chain(extra.iter())
            .map(|r| format!("{} {}: {}", r.status, r.resource.id, r.message))
            .collect();
        insta::assert_snapshot!(format!("messages__{id}"), lines.join("\n"));
    }
}

#[test]
fn fixture_directories_belong_to_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let Ok(entries) = std::fs::read_dir(&root) else { panic!("no fixtures directory") };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(CHECKS.iter().any(|c| c.meta().id == name), "fixtures/{name} names no check");
    }
}
