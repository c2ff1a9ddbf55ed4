//! The mutelist on the bundled demo account: what it mutes, what it keeps,
//! expiry, and the errors a person sees.

use chrono::NaiveDate;
use onus_checks::{CHECKS, CheckResult, Status};
use onus_model::{Inventory, snapshot};
use onus_mutelist::{MutelistError, parse};
use std::path::Path;

fn demo() -> Inventory {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account.json");
    match snapshot::read(&path) {
        Ok(i) => i,
        Err(e) => panic!("demo: {e}"),
    }
}

fn results(inv: &Inventory) -> Vec<CheckResult> {
    onus_checks::evaluate(inv, CHECKS)
}

fn day(s: &str) -> NaiveDate {
    match s.parse() {
        Ok(d) => d,
        Err(e) => panic!("{s}: {e}"),
    }
}

#[test]
fn matching_results_are_muted_not_dropped_and_keep_the_reason() {
    let inv = demo();
    let mut rs = results(&inv);
    let before = rs.len();
    let fails_s3 = rs.iter().filter(|r| r.check_id.starts_with("s3-") && r.status == Status::Fail).count();
    assert!(fails_s3 > 0, "the demo has failing S3 results");
    let list = match parse("m.yaml", "version: 1\nentries:\n  - checks: [\"s3-*\"]\n    reason: accepted by the data owner\n") {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    let applied = list.apply(&inv, &mut rs, day("2026-11-23"));
    assert_eq!(rs.len(), before, "muting never drops results");
    assert!(applied.warnings.is_empty());
    let muted: Vec<_> = rs.iter().filter(|r| r.status == Status::Muted).collect();
    assert!(muted.len() >= fails_s3, "every failing S3 result is muted");
    assert_eq!(applied.muted, muted.len());
    for r in &muted {
        assert!(r.check_id.starts_with("s3-"));
        let m = r.muted.as_ref().map(|m| (m.reason.as_str(), m.original_status, m.entry.as_deref()));
        assert!(matches!(m, Some(("accepted by the data owner", Status::Fail | Status::Unknown | Status::Error, Some("m.yaml:3")))), "{m:?}");
    }
    assert!(rs.iter().any(|r| r.check_id.starts_with("s3-") && r.status == Status::Pass), "passes stay passes");
    assert!(rs.iter().any(|r| !r.check_id.starts_with("s3-") && r.status == Status::Fail), "other checks untouched");
}

#[test]
fn every_criterion_narrows_and_tags_must_all_match() {
    let inv = demo();
    let base = results(&inv);
    let failing = base.iter().find(|r| r.status == Status::Fail && r.resource.account.is_some());
    let Some(target) = failing else { panic!("the demo has a failing result with an account") };
    let account = target.resource.account.clone().unwrap_or_default();
    let yaml = format!(
        "version: 1\nentries:\n  - accounts: [\"{account}\"]\n    checks: [\"{}\"]\n    resources: [\"{}\"]\n    reason: one resource\n",
        target.check_id, target.resource.id
    );
    let list = match parse("m.yaml", &yaml) { Ok(l) => l, Err(e) => panic!("{e}") };
    let mut rs = base.clone();
    let applied = list.apply(&inv, &mut rs, day("2026-11-23"));
    assert_eq!(applied.muted, 1, "exactly the one result");
    // A wrong account mutes nothing.
    let yaml = yaml.replace(&account, "000000000000");
    let list = match parse("m.yaml", &yaml) { Ok(l) => l, Err(e) => panic!("{e}") };
    let mut rs = base.clone();
    assert_eq!(list.apply(&inv, &mut rs, day("2026-11-23")).muted, 0);
    // Tags: a resource with tags in the demo is matched by its tag and not by another value.
    let tagged = inv.resources.iter().find(|r| !r.tags.is_empty() && base.iter().any(|x| x.resource.id == r.id && x.status == Status::Fail));
    if let Some(res) = tagged {
        let (k, v) = match res.tags.iter().next() { Some(kv) => kv, None => panic!("tagged") };
        let ok = format!("version: 1\nentries:\n  - tags: {{ \"{k}\": \"{v}\" }}\n    reason: by tag\n");
        let list = match parse("m.yaml", &ok) { Ok(l) => l, Err(e) => panic!("{e}") };
        let mut rs = base.clone();
        assert!(list.apply(&inv, &mut rs, day("2026-11-23")).muted >= 1);
        assert!(rs.iter().filter(|r| r.status == Status::Muted).all(|r| inv.resources.iter().any(|x| x.id == r.resource.id && x.tags.get(k) == Some(v))));
        let bad = format!("version: 1\nentries:\n  - tags: {{ \"{k}\": \"{v}-not\", \"other\": \"*\" }}\n    reason: by tag\n");
        let list = match parse("m.yaml", &bad) { Ok(l) => l, Err(e) => panic!("{e}") };
        let mut rs = base.clone();
        assert_eq!(list.apply(&inv, &mut rs, day("2026-11-23")).muted, 0);
    }
}

#[test]
fn an_expired_entry_stops_muting_and_warns() {
    let inv = demo();
    let yaml = "version: 1\nentries:\n  - checks: [\"*\"]\n    reason: temporary exception\n    expires: 2026-11-22\n";
    let list = match parse("m.yaml", yaml) { Ok(l) => l, Err(e) => panic!("{e}") };
    let mut rs = results(&inv);
    // On its last day it still mutes…
    let applied = list.apply(&inv, &mut rs.clone(), day("2026-11-22"));
    assert!(applied.muted > 0 && applied.warnings.is_empty());
    // …the day after it does not, and says so.
    let applied = list.apply(&inv, &mut rs, day("2026-11-23"));
    assert_eq!(applied.muted, 0);
    assert!(rs.iter().all(|r| r.status != Status::Muted));
    assert_eq!(applied.warnings.len(), 1);
    let w = &applied.warnings[0];
    assert_eq!(w.origin, "m.yaml:3");
    assert!(w.message.contains("expired on 2026-11-22") && w.message.contains("temporary exception"), "{w}");
}

fn err(yaml: &str) -> MutelistError {
    match parse("mutes.yaml", yaml) {
        Ok(l) => panic!("accepted: {l:?}"),
        Err(e) => e,
    }
}

#[test]
fn errors_name_file_line_and_column() {
    let e = err("version: 1\nentries:\n  - checks: [\"s3-*\"]\n    expires: 2027-01-01\n");
    assert!(matches!(e, MutelistError::Invalid { line: 3, .. }), "{e:?}");
    assert!(e.to_string().starts_with("mutes.yaml:3:") && e.to_string().contains("no `reason`"), "{e}");

    let e = err("version: 1\nentries:\n  - checks: [\"a\"]\n    reason: x\n  - checks: [\"b\"]\n    reason: \"  \"\n");
    assert!(e.to_string().starts_with("mutes.yaml:5:") && e.to_string().contains("empty `reason`"), "{e}");

    let e = err("version: 1\nentries:\n  - checks: [\"a\"\n    reason: x\n");
    assert!(matches!(e, MutelistError::Syntax { line, .. } if line >= 3), "{e:?}");
    assert!(e.to_string().starts_with("mutes.yaml:"), "{e}");

    let e = err("version: 1\nentries:\n  - check: [\"a\"]\n    reason: x\n");
    assert!(matches!(e, MutelistError::Syntax { line: 3, .. }), "unknown field is located: {e:?}");
    assert!(e.to_string().contains("check"), "{e}");

    let e = err("version: 1\nentries:\n  - checks: [\"a\"]\n    reason: x\n    expires: next tuesday\n");
    assert!(matches!(e, MutelistError::Invalid { line: 5, column: 14, .. }), "bad date is located: {e:?}");
    assert!(e.to_string().contains("`expires` must be a date like"), "{e}");

    let e = err("version: 2\nentries: []\n");
    assert!(e.to_string().starts_with("mutes.yaml:1:") && e.to_string().contains("version 2"), "{e}");

    let e = err("version: 1\nentries:\n  - reason: everything\n");
    assert!(e.to_string().contains("matches everything"), "{e}");
}

#[test]
fn the_shipped_example_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/mutelist.yaml");
    let list = match onus_mutelist::load(&path) { Ok(l) => l, Err(e) => panic!("{e}") };
    assert!(list.entries.len() >= 3);
    assert!(list.entries.iter().all(|e| !e.reason.is_empty()));
    assert!(list.entries.iter().any(|e| e.expires.is_some()));
    assert!(list.entries.iter().any(|e| !e.tags.is_empty()));
}

