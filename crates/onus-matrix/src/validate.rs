//! Consistency rules for the responsibility model, checked by the test suite.

use crate::model::{Duty, Owner, ResponsibilityModel};
use onus_checks::Check;
use onus_model::{Domain, ResourceKind};
use std::collections::{BTreeSet, HashSet};

/// Every problem with the model, as sentences; empty when it is consistent.
pub fn problems(model: &ResponsibilityModel, checks: &[&'static dyn Check]) -> Vec<String> {
    let mut out = Vec::new();
    let known_checks: HashSet<&str> = checks.iter().map(|c| c.meta().id).collect();
    let mut referenced: BTreeSet<&str> = BTreeSet::new();
    let mut ids = HashSet::new();

    for s in &model.services {
        if !ids.insert(s.id.as_str()) {
            out.push(format!("service {} appears twice", s.id));
        }
        if s.id.is_empty() || !s.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            out.push(format!("service id {:?} must be lowercase letters, digits and '-'", s.id));
        }
        if !s.docs.starts_with("https://docs.aws.amazon.com/") {
            out.push(format!("{}: docs must link to AWS documentation", s.id));
        }
        for domain in Domain::ALL {
            match s.domains.get(domain) {
                None => out.push(format!("{}: domain {domain} is missing", s.id)),
                Some(duty) => check_duty(&mut out, &s.id, *domain, duty, &known_checks, &mut referenced),
            }
        }
        let mut variant_ids = HashSet::new();
        for v in &s.variants {
            if !variant_ids.insert(v.id.as_str()) {
                out.push(format!("{}: variant {} appears twice", s.id, v.id));
            }
            for (domain, duty) in &v.overrides {
                check_duty(&mut out, &format!("{}/{}", s.id, v.id), *domain, duty, &known_checks, &mut referenced);
            }
        }
    }
    for c in checks {
        let id = c.meta().id;
        if !referenced.contains(id) {
            out.push(format!("check {id} evidences no duty in the model"));
        }
        if model.service(c.meta().service).is_none() {
            out.push(format!("check {id} names service {} which the model lacks", c.meta().service));
        }
    }
    for kind in ResourceKind::ALL {
        if model.service(kind.service()).is_none() {
            out.push(format!("resource kind {kind} names service {} which the model lacks", kind.service()));
        }
    }
    out
}

fn check_duty<'a>(
    out: &mut Vec<String>,
    service: &str,
    domain: Domain,
    duty: &'a Duty,
    known_checks: &HashSet<&str>,
    referenced: &mut BTreeSet<&'a str>,
) {
    let at = format!("{service}/{domain}");
    let aws_only_domain = matches!(domain, Domain::PhysicalFacilities | Domain::Infrastructure);
    if aws_only_domain && duty.owner != Owner::Aws {
        out.push(format!("{at}: physical and infrastructure domains are always AWS's"));
    }
    if matches!(domain, Domain::IdentityAccess | Domain::DataAtRest) && duty.owner == Owner::Aws {
        out.push(format!("{at}: identity and data are never AWS's alone"));
    }
    match duty.owner {
        Owner::Aws => {
            if duty.customer.is_some() || !duty.checks.is_empty() || duty.manual.is_some() {
                out.push(format!("{at}: an AWS-owned duty has no customer part, checks or manual question"));
            }
            if duty.aws.as_deref().is_none_or(str::is_empty) {
                out.push(format!("{at}: say what AWS does"));
            }
        }
        Owner::Customer | Owner::Shared => {
            if duty.customer.as_deref().is_none_or(str::is_empty) {
                out.push(format!("{at}: say what the customer must do"));
            }
            if duty.checks.is_empty() && duty.manual.as_deref().is_none_or(str::is_empty) {
                out.push(format!("{at}: a customer duty needs checks or a manual question"));
            }
            if duty.owner == Owner::Shared && duty.aws.as_deref().is_none_or(str::is_empty) {
                out.push(format!("{at}: a shared duty says what AWS does too"));
            }
        }
    }
    for text in [&duty.aws, &duty.customer, &duty.manual].into_iter().flatten() {
        if !(text.ends_with('.') || text.ends_with('?')) {
            out.push(format!("{at}: sentences end with '.' or '?': {text:?}"));
        }
    }
    for check in &duty.checks {
        if known_checks.contains(check.as_str()) {
            referenced.insert(check.as_str());
        } else {
            out.push(format!("{at}: unknown check {check}"));
        }
    }
}
