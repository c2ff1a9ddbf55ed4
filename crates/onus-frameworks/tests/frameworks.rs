//! The mapping files: they parse, reference only real checks, and judge
//! controls from real results.

use onus_checks::{CHECKS, Status};
use onus_frameworks::{ComplianceView, ControlStatus, builtin, find};
use std::collections::HashSet;
use std::path::Path;

fn all() -> &'static [onus_frameworks::Framework] {
    match builtin() {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_required_frameworks_are_there() {
    let ids: Vec<&str> = all().iter().map(|f| f.id.as_str()).collect();
    for id in ["cis-aws-3.0.0", "aws-fsbp", "nist-800-53-rev5"] {
        assert!(ids.contains(&id), "{id} missing: {ids:?}");
    }
    let cis = match find("cis-aws-3.0.0") { Ok(f) => f, Err(e) => panic!("{e}") };
    // CIS v3.0.0 has 62 recommendations in five sections.
    assert_eq!(cis.controls.len(), 62);
    assert!(cis.controls.iter().any(|c| c.id == "1.4" && c.checks == ["iam-root-user-access-keys"]));
    assert!(find("no-such-framework").is_err_and(|e| e.to_string().contains("cis-aws-3.0.0")));
}

#[test]
fn every_referenced_check_exists_and_ids_are_unique() {
    let known: HashSet<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    let mut framework_ids = HashSet::new();
    for f in all() {
        assert!(framework_ids.insert(f.id.as_str()), "duplicate framework id {}", f.id);
        assert!(f.url.starts_with("https://"), "{}: url", f.id);
        let mut control_ids = HashSet::new();
        for c in &f.controls {
            assert!(control_ids.insert(c.id.as_str()), "{}: duplicate control {}", f.id, c.id);
            assert!(!c.title.trim().is_empty(), "{}: control {} has no title", f.id, c.id);
            assert!(!c.manual || c.checks.is_empty(), "{}: control {} is manual and has checks", f.id, c.id);
            for id in &c.checks {
                assert!(known.contains(id.as_str()), "{}: control {} references unknown check {id:?}", f.id, c.id);
            }
        }
    }
}

#[test]
fn registry_ids_are_valid() {
    for c in CHECKS {
        let id = c.meta().id;
        assert!(
            !id.is_empty() && id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-') && !id.starts_with('-') && !id.ends_with('-'),
            "check id {id:?} is not lowercase-hyphenated"
        );
    }
    // Checks no framework maps are allowed (a new check may not evidence any
    // listed control) but the demo's core checks must all be mapped.
    for id in ["iam-root-user-access-keys", "s3-bucket-public-access-block-disabled", "ec2-security-group-admin-ports-open", "kms-key-rotation-disabled"] {
        assert!(all().iter().any(|f| f.check_ids().contains(&id)), "{id} evidences no control");
    }
}

#[test]
fn controls_are_judged_from_the_demo() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account.json");
    let inv = match onus_model::snapshot::read(&path) { Ok(i) => i, Err(e) => panic!("{e}") };
    let mut results = onus_checks::evaluate(&inv, CHECKS);
    let cis = match find("cis-aws-3.0.0") { Ok(f) => f, Err(e) => panic!("{e}") };
    let view = ComplianceView::evaluate(cis, &results);
    assert_eq!(view.controls.len(), cis.controls.len());
    let total: usize = view.counts.values().sum();
    assert_eq!(total, cis.controls.len());
    let get = |v: &ComplianceView, id: &str| match v.controls.iter().find(|c| c.id == id) { Some(c) => c.clone(), None => panic!("{id}") };
    // 1.1 (contact details) is manual; 4.1 (metric filters) is not covered.
    assert_eq!(get(&view, "1.1").status, ControlStatus::Manual);
    assert_eq!(get(&view, "4.1").status, ControlStatus::NotCovered);
    // The demo's contractor stack has a security group open to the world on admin ports.
    let c52 = get(&view, "5.2");
    assert_eq!(c52.status, ControlStatus::Fail, "{c52:?}");
    assert!(c52.fail > 0);
    let pct = view.percent_passed.unwrap_or(-1.0);
    assert!((0.0..=100.0).contains(&pct));
    let decided = view.count(ControlStatus::Pass) + view.count(ControlStatus::Fail) + view.count(ControlStatus::Unknown);
    assert!((pct - 100.0 * view.count(ControlStatus::Pass) as f64 / decided as f64).abs() < 0.06);

    // Muting every failure of the control's checks turns it from fail to pass.
    for r in results.iter_mut().filter(|r| c52.checks.contains(&r.check_id) && r.status == Status::Fail) {
        r.status = Status::Muted;
    }
    let after = ComplianceView::evaluate(cis, &results);
    let c = get(&after, "5.2");
    assert!(matches!(c.status, ControlStatus::Pass | ControlStatus::Unknown), "{c:?}");
    assert_eq!(c.fail, 0);
    assert_eq!(c.muted, c52.fail);
}
