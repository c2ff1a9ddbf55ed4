//! Every check that Terraform can express has pass and fail fixtures under
//! `tests/fixtures/<check-id>/`: `.tf` files read as configuration, or
//! `terraform show -json` files. Expectations are inline and name the line:
//! `# onus:expect <status>` on the line the result must point at (the
//! attribute at fault for failures, the resource's first line otherwise;
//! `none` = the resource starting on that line gets no result). In JSON
//! fixtures the expectation is an `onus:expect` tag on the resource.
//! A result nobody expected fails the test, so a fixture cannot approve the
//! wrong resource or the wrong line.

use chrono::TimeZone;
use onus_checks::{CHECKS, CheckResult, Status, evaluate};
use onus_terraform::{Input, scan_inputs};
use std::path::{Path, PathBuf};

/// Checks Terraform cannot express, and why.
pub const NOT_EXPRESSIBLE: &[(&str, &str)] = &[
    ("iam-root-user-access-keys", "the root user and its keys are not managed by Terraform"),
    ("iam-root-user-without-mfa", "the root user and its MFA are not managed by Terraform"),
    ("iam-console-user-without-mfa", "MFA devices are enrolled by the user; configuration can declare a login profile but never the absence of MFA (a user with a login profile is unknown)"),
    ("ebs-snapshot-public", "the AWS provider shares snapshots with account ids only; making one public is not declared in configuration"),
    ("ssm-instance-patches-missing", "patch compliance is what the SSM agent reports from running instances; configuration declares baselines and associations, never a patch state"),
    ("securityhub-not-enabled", "an aws_securityhub_account always enables Security Hub (it passes); the failure is a region without one, an absence configuration cannot state"),
    ("iam-access-analyzer-not-enabled", "analyzers add up: an external-access aws_accessanalyzer_analyzer passes, but the failure is a region with none, an absence configuration cannot state (unknown)"),
];

/// Checks whose resource kinds joined the model after the IaC sources were
/// written: expressible, but their kinds are not mapped from this source yet.
/// Each one leaves this list with its mapping and fixtures.
pub const NOT_MAPPED_YET: &[&str] = &[];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

fn expectations(text: &str) -> Vec<(u32, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let pos = l.find("onus:expect ")?;
            let status = l[pos + "onus:expect ".len()..].split_whitespace().next()?.to_owned();
            Some((u32::try_from(i + 1).ok()?, status))
        })
        .collect()
}

fn run(check_id: &str, file: &Path) -> Vec<CheckResult> {
    let input = if file.extension().is_some_and(|e| e == "json") { Input::Json(file.to_path_buf()) } else { Input::Files(vec![file.to_path_buf()]) };
    let scanned = match scan_inputs(vec![input]) {
        Ok(s) => s,
        Err(e) => panic!("{}: does not load: {e}", file.display()),
    };
    let mut inventory = scanned.inventory;
    inventory.metadata.collected_at = chrono::Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).single().unwrap_or_default();
    let Some(check) = CHECKS.iter().copied().find(|c| c.meta().id == check_id) else { panic!("no check {check_id}") };
    let results = evaluate(&inventory, &[check]);
    let name = file.display();
    if file.extension().is_some_and(|e| e == "json") {
        for r in &results {
            let res = inventory.resources.iter().find(|x| x.id == r.resource.id);
            let want = res.and_then(|x| x.tags.get("onus:expect"));
            assert_eq!(want.map(String::as_str), Some(r.status.as_str()), "{name}: {} {}: {}", r.resource.id, r.status, r.message);
        }
        let tagged = inventory.resources.iter().filter(|x| x.tags.contains_key("onus:expect")).count();
        assert!(tagged > 0 && tagged == results.len(), "{name}: {tagged} tagged resources, {} results", results.len());
        return results;
    }
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let expected = expectations(&text);
    assert!(!expected.is_empty(), "{name}: no onus:expect comment");
    for r in &results {
        let loc = r.location.as_ref().unwrap_or_else(|| panic!("{name}: {} has no location", r.resource.id));
        assert_eq!(loc.file, file.display().to_string(), "{name}: result points at another file");
        let line = loc.span.map(|s| s.start_line).unwrap_or(0);
        assert!(
            expected.iter().any(|(l, s)| *l == line && s == r.status.as_str()),
            "{name}: unexpected {} on line {line} ({}): {} — expectations: {expected:?}",
            r.status,
            r.resource.id,
            r.message
        );
    }
    for (line, status) in &expected {
        if status == "none" {
            let on_line: Vec<_> = inventory.resources.iter().filter(|x| x.provenance.span().is_some_and(|s| s.start_line == *line)).collect();
            assert!(!on_line.is_empty(), "{name}:{line}: no resource starts here");
            for x in on_line {
                assert!(!results.iter().any(|r| r.resource.id == x.id), "{name}:{line}: {} expected no result", x.id);
            }
            continue;
        }
        let n = results.iter().filter(|r| r.status.as_str() == status && r.location.as_ref().and_then(|l| l.span).is_some_and(|s| s.start_line == *line)).count();
        assert_eq!(n, 1, "{name}:{line}: expected one {status} result here, got {n}: {:?}", results.iter().map(|r| (r.status, r.location.clone(), &r.message)).collect::<Vec<_>>());
    }
    results
}

fn fixture(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["tf", "json"].iter().map(|e| dir.join(format!("{stem}.{e}"))).find(|p| p.is_file())
}

#[test]
fn every_expressible_check_has_terraform_fixtures_that_behave() {
    let mut missing = Vec::new();
    for check in CHECKS {
        let id = check.meta().id;
        let dir = fixtures_root().join(id);
        let (Some(pass), Some(fail)) = (fixture(&dir, "pass"), fixture(&dir, "fail")) else {
            if !NOT_EXPRESSIBLE.iter().any(|(c, _)| *c == id) && !NOT_MAPPED_YET.contains(&id) {
                missing.push(id);
            }
            continue;
        };
        let results = run(id, &pass);
        assert!(!results.is_empty() && results.iter().all(|r| r.status == Status::Pass), "{id}: pass fixture must yield only passes");
        let results = run(id, &fail);
        assert!(results.iter().any(|r| r.status == Status::Fail), "{id}: fail fixture must yield a failure");
    }
    for id in NOT_MAPPED_YET {
        assert!(CHECKS.iter().any(|c| c.meta().id == *id), "NOT_MAPPED_YET names {id}, which is not a check");
        assert!(fixture(&fixtures_root().join(id), "fail").is_none(), "{id} has fixtures now: remove it from NOT_MAPPED_YET");
    }
    assert!(missing.is_empty(), "checks without Terraform fixtures and not listed in NOT_EXPRESSIBLE: {missing:?}");
}

#[test]
fn not_expressible_entries_name_checks_without_fixtures() {
    for (id, reason) in NOT_EXPRESSIBLE {
        assert!(CHECKS.iter().any(|c| c.meta().id == *id), "{id} is not a check");
        assert!(!reason.is_empty());
        assert!(fixture(&fixtures_root().join(id), "fail").is_none(), "{id} has a fail fixture but is listed as not expressible");
    }
}

#[test]
fn fixture_directories_belong_to_checks() {
    let Ok(entries) = std::fs::read_dir(fixtures_root()) else { panic!("no fixtures") };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(CHECKS.iter().any(|c| c.meta().id == name), "fixtures/{name} names no check");
    }
}
