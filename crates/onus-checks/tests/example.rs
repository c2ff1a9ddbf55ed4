//! The bundled demo account exercises every check both ways.

use onus_checks::{CHECKS, Status, evaluate};
use std::path::Path;

#[test]
fn demo_account_has_a_pass_and_a_fail_for_every_check() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account.json");
    let inventory = match onus_model::snapshot::read(&path) {
        Ok(inv) => inv,
        Err(e) => panic!("{e}"),
    };
    assert!(inventory.metadata.regions.len() >= 2, "the demo spans at least two regions");
    let results = evaluate(&inventory, CHECKS);
    for check in CHECKS {
        let id = check.meta().id;
        let of = |s: Status| results.iter().filter(|r| r.check_id == id && r.status == s).count();
        assert!(of(Status::Pass) > 0, "{id}: no passing resource in the demo");
        assert!(of(Status::Fail) > 0, "{id}: no failing resource in the demo");
    }
}
