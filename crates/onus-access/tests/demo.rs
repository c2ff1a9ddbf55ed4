//! The analyses on the bundled demo account: what the issue asks the example to show
//! (an administrator-equivalent principal, a multi-step escalation path, a public
//! resource) and what it must not show (an organization-scoped policy as public).

use onus_access::{AccessModel, Audience, ExposedResource, Hypothesis, Method, Target};
use std::path::Path;

fn demo() -> onus_model::Inventory {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo-account.json");
    match onus_model::snapshot::read(&path) {
        Ok(inv) => inv,
        Err(e) => panic!("{e}"),
    }
}

fn index(m: &AccessModel, name: &str) -> usize {
    match m.principals.iter().position(|p| p.name == name) {
        Some(i) => i,
        None => panic!("{name} is not in the demo"),
    }
}

#[test]
fn administrators_and_admin_equivalents() {
    let m = AccessModel::build(&demo());
    let e = m.escalation();
    let alice = &e.principals[index(&m, "alice.nguyen")];
    assert!(alice.full_access.is_some(), "AdministratorAccess through the admins group");
    let jenkins = &e.principals[index(&m, "svc-jenkins-legacy")];
    let step = jenkins.self_escalation.as_ref().map(|s| s.method);
    assert_eq!(step, Some(Method::CreatePolicyVersion), "the CI policy lets its holders rewrite it");
    // The same CI policy, but the GitHub Actions user has a boundary without IAM writes.
    let gha = &e.principals[index(&m, "svc-github-actions")];
    assert!(!gha.admin_equivalent(), "its permissions boundary stops the policy rewrite");
    let carla = &e.principals[index(&m, "carla.ortiz")];
    assert!(!carla.admin_equivalent() && carla.path.is_none(), "the analyst has no way up");
    // The SCP guardrail denies CloudTrail changes; administrators stay administrators.
    let alice_p = &m.principals[index(&m, "alice.nguyen")];
    let trail = Target::plain("arn:aws:cloudtrail:eu-west-1:111122223333:trail/northwind-org-trail", "eu-west-1");
    assert!(!m.allows(alice_p, "cloudtrail:StopLogging", &trail, Hypothesis::default()), "the SCP denies it");
}

#[test]
fn a_multi_step_escalation_path() {
    let m = AccessModel::build(&demo());
    let e = m.escalation();
    let bob = &e.principals[index(&m, "bob.martins")];
    let Some(path) = &bob.path else { panic!("bob has a path") };
    let methods: Vec<Method> = path.iter().map(|s| s.method).collect();
    assert_eq!(methods, [Method::AssumeRole, Method::PassRoleLambdaInvoke, Method::AttachRolePolicy]);
    let text = m.describe_path(path);
    assert!(text.starts_with("bob.martins → [assumes the role"), "{text}");
    assert!(text.contains("→ northwind-etl-operator →") && text.ends_with("→ full access"), "{text}");
    // Every step says which statements allow it.
    assert!(path.iter().all(|s| s.grants.iter().all(|g| !g.allowed_by.is_empty())));
}

#[test]
fn public_and_organization_scoped_policies() {
    let inv = demo();
    let m = AccessModel::build(&inv);
    let policy_of = |name: &str| -> serde_json::Value {
        let r = inv.resources.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("{name}"));
        match serde_json::to_value(&r.properties) {
            Ok(v) => v["properties"]["policy"].clone(),
            Err(e) => panic!("{e}"),
        }
    };
    let queue = ExposedResource {
        arn: "arn:aws:sqs:us-east-1:111122223333:reporting-export-requests",
        account: "111122223333",
        service: "sqs",
        requires_resource_policy: false,
    };
    let open = m.exposure(&policy_of("reporting-export-requests"), &queue).unwrap_or_else(|e| panic!("{e}"));
    assert!(open.public().any(|r| r.audience == Audience::Anonymous));
    // Principal "*" bound to the organization: reachable from the organization only.
    let repo = ExposedResource {
        arn: "arn:aws:ecr:eu-west-1:111122223333:repository/northwind/ingest-events",
        account: "111122223333",
        service: "ecr",
        requires_resource_policy: false,
    };
    let org = m.exposure(&policy_of("northwind/ingest-events"), &repo).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(org.public().count(), 0, "{org:?}");
    assert!(org.reaches.iter().any(|r| r.audience == Audience::Organization), "{org:?}");
}
