//! Invariants over the check registry.

use onus_checks::CHECKS;
use std::collections::HashSet;

fn well_formed_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

#[test]
fn ids_and_aliases_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for c in CHECKS {
        let m = c.meta();
        assert!(well_formed_id(m.id), "{}: ids are lowercase words joined by '-', at least three", m.id);
        assert!(m.id.starts_with(&format!("{}-", m.service)), "{}: id must start with its service", m.id);
        for name in std::iter::once(&m.id).chain(m.aliases.iter()) {
            assert!(seen.insert(*name), "{name} is used twice");
        }
    }
    assert!(CHECKS.len() >= 12);
}

#[test]
fn metadata_is_complete() {
    for c in CHECKS {
        let m = c.meta();
        assert!(!m.title.is_empty() && m.title.len() <= 80, "{}: title must be 1–80 characters", m.id);
        assert!(!m.title.starts_with("Ensure"), "{}: titles name the bad pattern", m.id);
        assert!(m.duty.ends_with('.'), "{}: the duty is one sentence", m.id);
        assert!(m.rationale.ends_with('.') || m.rationale.ends_with(')'), "{}: the rationale is prose", m.id);
        assert!(!m.remediation.text.is_empty(), "{}: remediation text", m.id);
        assert!(!m.references.is_empty(), "{}: at least one reference", m.id);
        for r in m.references {
            assert!(r.starts_with("https://"), "{}: reference {r} is not https", m.id);
        }
        assert!(!m.kinds.is_empty(), "{}: declares the kinds it reads", m.id);
        if let Some(kind) = c.primary_kind() {
            assert!(m.kinds.contains(&kind), "{}: metadata kinds must include {kind}", m.id);
        }
    }
}

#[test]
fn customer_domains_only() {
    use onus_model::Domain;
    for c in CHECKS {
        let d = c.meta().domain;
        assert!(
            !matches!(d, Domain::PhysicalFacilities | Domain::Infrastructure),
            "{}: checks evidence customer duties; {d} is AWS's alone",
            c.meta().id
        );
    }
}
