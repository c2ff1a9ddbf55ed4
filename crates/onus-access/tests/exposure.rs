//! Exposure of resource policies, on the issue reproductions peers get wrong
//! (organization-scoped `Principal: "*"` reported as public and the like).

use onus_access::{AccessModel, Audience, ExposedResource};
use serde_json::json;

fn model() -> AccessModel {
    let inv: onus_model::Inventory = match serde_json::from_value(json!({
        "format": "onus-inventory", "format_version": 1,
        "metadata": {"source": "live", "accounts": ["111122223333"], "regions": ["eu-west-1"],
                     "collected_at": "2026-11-01T00:00:00Z", "onus_version": "0.1.0"},
        "resources": []
    })) {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    };
    AccessModel::build(&inv)
}

fn public(policy: serde_json::Value) -> Vec<Audience> {
    let res = ExposedResource {
        arn: "arn:aws:sqs:eu-west-1:111122223333:q",
        account: "111122223333",
        service: "sqs",
        requires_resource_policy: false,
    };
    match model().exposure(&policy, &res) {
        Ok(e) => e.public().map(|r| r.audience.clone()).collect(),
        Err(e) => panic!("{e}"),
    }
}

fn allow(condition: serde_json::Value) -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
        "Resource": "arn:aws:sqs:eu-west-1:111122223333:q", "Condition": condition}]})
}

#[test]
fn conditions_that_bind_the_caller_are_not_public() {
    // prowler #1151: ForAnyValue:StringLike on aws:PrincipalOrgPaths.
    assert!(public(allow(json!({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-abc/r-ab12/ou-ab12-x/*"]}}))).is_empty());
    // steampipe #952 / perimeter #9: SourceAccount and SourceArn.
    assert!(public(allow(json!({"StringEquals": {"aws:SourceAccount": "111122223333"}}))).is_empty());
    assert!(public(allow(json!({"ArnLike": {"aws:SourceArn": "arn:aws:sns:eu-west-1:111122223333:*"}}))).is_empty());
    // cloud-custodian #10500: PrincipalOrgID with a wildcard PrincipalArn.
    assert!(public(allow(json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc"}, "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}))).is_empty());
    assert!(public(allow(json!({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}))).is_empty());
    assert!(public(allow(json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))).is_empty());
}

#[test]
fn conditions_the_caller_chooses_or_any_caller_meets_are_public() {
    for c in [
        json!({"Bool": {"aws:SecureTransport": "true"}}),
        json!({"StringLike": {"aws:UserAgent": "*internal*"}}),
        json!({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}),
        json!({"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}),
        json!({"Null": {"aws:PrincipalOrgID": "false"}}),
        json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}),
    ] {
        assert!(!public(allow(c.clone())).is_empty(), "{c}");
    }
}

#[test]
fn deny_statements_count_unless_the_caller_can_avoid_them() {
    let deny = |condition: serde_json::Value| {
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": condition}]})
    };
    // Denies everyone outside the organization: not public.
    assert!(public(deny(json!({"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}))).is_empty());
    // Denies plain HTTP only: the caller uses HTTPS, still public.
    assert!(!public(deny(json!({"Bool": {"aws:SecureTransport": "false"}}))).is_empty());
    // NotPrincipal with Deny: everyone but the named role is denied.
    let not_principal = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"},
        {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/writer"}, "Action": "*", "Resource": "*"}]});
    assert!(public(not_principal).is_empty());
    // `NotResource: "*"` denies nothing.
    let not_resource = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "Action": "*", "NotResource": "*"}]});
    assert!(!public(not_resource).is_empty());
}

#[test]
fn named_accounts_are_listed_not_public() {
    let p = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sqs:SendMessage", "Resource": "*"}]});
    let res = ExposedResource { arn: "arn:aws:sqs:eu-west-1:111122223333:q", account: "111122223333", service: "sqs", requires_resource_policy: false };
    let e = match model().exposure(&p, &res) {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(e.public().count(), 0);
    assert!(e.reaches.iter().any(|r| r.audience == Audience::ExternalAccount("444455556666".into())), "{e:?}");
}
