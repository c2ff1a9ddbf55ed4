//! Differential and metamorphic property tests (the Cedar method): the engine must
//! agree with the naive reference evaluator on generated policies and requests, and
//! decisions must obey invariants that follow from the documented semantics.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::reference::{self, RefSet};
use onus_iam::request::{ContextEntry, ContextValue};
use onus_iam::{Context, Outcome, PolicySet, PrincipalInfo, Request, ResourceInfo};
use proptest::prelude::*;
use serde_json::{Value, json};

const CASES: u32 = 2_000;

const ACTION_PATTERNS: &[&str] = &[
    "*", "s3:*", "s3:Get*", "S3:get?bject", "s3:GetObject", "s3:PutObject", "s3:List*", "iam:*", "iam:PassRole",
    "ec2:Run*", "ec2:*Instances", "sqs:SendMessage", "*:Get*", "iam:**",
];
const ACTIONS: &[&str] = &["s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:PassRole", "ec2:RunInstances", "sqs:SendMessage", "ec2:StopInstances"];
const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::b?cket/*",
    "arn:aws:s3:::bucket/home/${aws:username}/*",
    "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*",
    "arn:aws:s3:::bucket/${*}",
    "arn:aws:s3:::Bucket/*",
    "arn:aws:s3:::bucket/a:b*",
    "arn:aws:iam::111122223333:role/*",
    "arn:aws:ec2:*:*:instance/*",
    "arn:aws:sqs:us-east-1:*:q?",
    "arn:aws:*",
    "arn:aws:s3:::*",
];
const RESOURCES: &[&str] = &[
    "arn:aws:s3:::bucket/home/carlos/x",
    "arn:aws:s3:::bucket/home/mateo/x",
    "arn:aws:s3:::bucket/shared/x",
    "arn:aws:s3:::bucket/red/x",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket",
    "arn:aws:s3:::Bucket/k",
    "arn:aws:s3:::bucket/a:b:c",
    "arn:aws:iam::111122223333:role/Dev",
    "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
    "arn:aws:sqs:us-east-1:111122223333:q1",
    "arn:aws:sqs:us-east-1:444455556666:q1",
    "*",
];
const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/carlos",
    "arn:aws:iam::111122223333:user/mateo",
    "arn:aws:sts::111122223333:assumed-role/Dev/alice",
    "arn:aws:iam::444455556666:user/ana",
    "arn:aws:iam::111122223333:root",
    "anonymous",
    "sns.amazonaws.com",
];
const POLICY_PRINCIPALS: &[&str] = &[
    "*",
    "111122223333",
    "444455556666",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::111122223333:user/carlos",
    "arn:aws:iam::111122223333:role/Dev",
    "arn:aws:sts::111122223333:assumed-role/Dev/alice",
    "arn:aws:iam::444455556666:user/ana",
];
const OPERATORS: &[&str] = &[
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringLike", "StringNotLike", "StringEqualsIfExists",
    "StringNotEqualsIfExists", "ForAllValues:StringEquals", "ForAnyValue:StringEquals", "ForAllValues:StringNotLike",
    "ForAnyValue:StringLike", "ForAnyValue:StringNotEquals", "ArnLike", "ArnNotLike", "ArnEquals", "Null", "Bool",
    "BoolIfExists", "NumericLessThan", "NumericGreaterThanEquals", "NumericNotEquals", "IpAddress", "NotIpAddress",
    "DateLessThan", "DateGreaterThan", "DateNotEquals",
];

fn cond_value(op: &str) -> BoxedStrategy<(String, Vec<String>)> {
    let base = op.rsplit(':').next().unwrap_or(op).trim_end_matches("IfExists").to_string();
    let strs = |key: &'static str, vals: &'static [&'static str]| {
        (Just(key.to_string()), proptest::sample::subsequence(vals.to_vec(), 1..3).prop_map(|v| v.into_iter().map(str::to_string).collect()))
            .boxed()
    };
    match base.as_str() {
        "ArnLike" | "ArnNotLike" | "ArnEquals" => strs("aws:PrincipalArn", &["arn:aws:iam::*:role/Dev", "arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:role/Dev", "*"]),
        "Null" => prop_oneof![strs("aws:TagKeys", &["true", "false"]), strs("aws:username", &["true", "false"])].boxed(),
        "Bool" => strs("aws:SecureTransport", &["true", "false"]),
        "NumericLessThan" | "NumericGreaterThanEquals" | "NumericNotEquals" => strs("s3:max-keys", &["5", "10", "10.5"]),
        "IpAddress" | "NotIpAddress" => strs("aws:SourceIp", &["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"]),
        "DateLessThan" | "DateGreaterThan" | "DateNotEquals" => strs("aws:CurrentTime", &["2020-01-01T00:00:00Z", "1600000000"]),
        _ => prop_oneof![
            strs("aws:TagKeys", &["a", "b*", "c", ""]),
            strs("aws:username", &["carlos", "Carlos", "m*", "${aws:username}"]),
            strs("aws:PrincipalTag/team", &["red", "RED", "${aws:PrincipalTag/team}", "r?d"]),
            strs("aws:RequestedRegion", &["eu-west-1", "us-*"]),
        ]
        .boxed(),
    }
}

fn condition() -> BoxedStrategy<Value> {
    proptest::collection::vec(
        proptest::sample::select(OPERATORS).prop_flat_map(|op| (Just(op), cond_value(op))),
        0..3,
    )
    .prop_map(|entries| {
        let mut c = serde_json::Map::new();
        for (op, (key, vals)) in entries {
            let o = c.entry(op.to_string()).or_insert_with(|| json!({}));
            o[key] = if vals.len() == 1 { json!(vals[0]) } else { json!(vals) };
        }
        Value::Object(c)
    })
    .boxed()
}

fn list_or_scalar(items: Vec<&'static str>, scalar: bool) -> Value {
    if scalar && items.len() == 1 { json!(items[0]) } else { json!(items) }
}

fn statement(with_principal: bool) -> BoxedStrategy<Value> {
    (
        prop_oneof![3 => Just(false), 1 => Just(true)],
        proptest::sample::subsequence(ACTION_PATTERNS.to_vec(), 1..3),
        any::<bool>(),
        proptest::sample::subsequence(RESOURCE_PATTERNS.to_vec(), 1..3),
        prop_oneof![3 => Just(false), 1 => Just(true)],
        any::<bool>(),
        prop_oneof![1 => Just(json!({})), 1 => condition()],
        proptest::sample::subsequence(POLICY_PRINCIPALS.to_vec(), 1..3),
        prop_oneof![8 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
    )
        .prop_map(move |(deny, acts, not_act, res, not_res, scalar, cond, princ, pform)| {
            let mut s = serde_json::Map::new();
            s.insert("Effect".into(), json!(if deny { "Deny" } else { "Allow" }));
            s.insert(if not_act && acts[0] != "*" { "NotAction" } else { "Action" }.into(), list_or_scalar(acts, scalar));
            s.insert(if not_res { "NotResource" } else { "Resource" }.into(), list_or_scalar(res, scalar));
            if cond.as_object().is_some_and(|o| !o.is_empty()) {
                s.insert("Condition".into(), cond);
            }
            if with_principal {
                match pform {
                    1 => {
                        s.insert("Principal".into(), json!("*"));
                    }
                    2 => {
                        s.insert("NotPrincipal".into(), json!({"AWS": princ}));
                    }
                    _ => {
                        s.insert("Principal".into(), json!({"AWS": princ}));
                    }
                }
            }
            Value::Object(s)
        })
        .boxed()
}

fn policy(with_principal: bool) -> BoxedStrategy<Value> {
    (proptest::collection::vec(statement(with_principal), 1..4), prop_oneof![6 => Just("2012-10-17"), 1 => Just("2008-10-17")])
        .prop_map(|(stmts, v)| json!({"Version": v, "Statement": stmts}))
        .boxed()
}

#[derive(Clone, Debug)]
struct Gen {
    identity: Vec<Value>,
    boundary: Option<Value>,
    session: Option<Vec<Value>>,
    scps: Vec<Vec<Value>>,
    rcps: Vec<Vec<Value>>,
    resource: Option<Value>,
}

fn gen_set() -> BoxedStrategy<Gen> {
    (
        proptest::collection::vec(policy(false), 0..3),
        proptest::option::weighted(0.3, policy(false)),
        proptest::option::weighted(0.2, proptest::collection::vec(policy(false), 1..3)),
        prop_oneof![2 => Just(Vec::new()), 1 => proptest::collection::vec(proptest::collection::vec(policy(false), 1..3), 1..3)],
        prop_oneof![3 => Just(Vec::new()), 1 => proptest::collection::vec(proptest::collection::vec(policy(true), 1..2), 1..2)],
        proptest::option::weighted(0.5, policy(true)),
    )
        .prop_map(|(identity, boundary, session, scps, rcps, resource)| Gen { identity, boundary, session, scps, rcps, resource })
        .boxed()
}

fn context_strategy() -> BoxedStrategy<Vec<(&'static str, ContextEntry)>> {
    let s = |v: &str| ContextValue::String(v.to_string());
    let entries: Vec<(&'static str, ContextEntry)> = vec![
        ("aws:TagKeys", ContextEntry { values: vec![s("a"), s("b1")], multi: true }),
        ("aws:TagKeys", ContextEntry { values: vec![], multi: true }),
        ("aws:TagKeys", ContextEntry { values: vec![s("c")], multi: true }),
        ("aws:PrincipalTag/team", ContextEntry { values: vec![s("red")], multi: false }),
        ("aws:SecureTransport", ContextEntry { values: vec![ContextValue::Bool(true)], multi: false }),
        ("aws:SecureTransport", ContextEntry { values: vec![ContextValue::Bool(false)], multi: false }),
        ("s3:max-keys", ContextEntry { values: vec![ContextValue::Number(10.0)], multi: false }),
        ("aws:SourceIp", ContextEntry { values: vec![ContextValue::Ip("10.1.2.3".parse().unwrap())], multi: false }),
        ("aws:SourceIp", ContextEntry { values: vec![ContextValue::Ip("2001:db8::5".parse().unwrap())], multi: false }),
        ("aws:CurrentTime", ContextEntry { values: vec![ContextValue::Date(1_590_000_000_000)], multi: false }),
        ("aws:RequestedRegion", ContextEntry { values: vec![s("eu-west-1")], multi: false }),
        ("aws:RequestedRegion", ContextEntry { values: vec![s("us-east-2")], multi: false }),
    ];
    proptest::sample::subsequence(entries, 0..5).boxed()
}

fn request_strategy() -> BoxedStrategy<Request> {
    (
        proptest::sample::select(PRINCIPALS),
        proptest::sample::select(ACTIONS),
        proptest::sample::select(RESOURCES),
        context_strategy(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(None), Just(Some("111122223333")), Just(Some("444455556666"))],
    )
        .prop_map(|(p, a, r, ctx, upper, requires, owner)| {
            let mut principal = PrincipalInfo::from_arn(p).unwrap();
            if p.contains("carlos") {
                principal.tags = vec![("team".into(), "red".into())];
            }
            let mut res = ResourceInfo::new(r);
            if res.account.is_none() {
                res.account = owner.map(str::to_string);
            }
            res.requires_resource_policy = requires && r.contains(":role/");
            let mut c = Context::new();
            for (k, e) in ctx {
                c.set_entry(k, e);
            }
            let action = if upper { a.to_uppercase() } else { a.to_string() };
            Request::new(principal, &action, res, c).unwrap()
        })
        .boxed()
}

fn build(g: &Gen) -> (PolicySet, RefSet) {
    let case = json!({
        "identity": g.identity,
        "boundary": g.boundary,
        "session": g.session,
        "scp": g.scps,
        "rcp": g.rcps,
        "resource_policy": g.resource,
    });
    let mut case = case;
    for k in ["boundary", "session", "resource_policy"] {
        if case[k].is_null() {
            case.as_object_mut().unwrap().remove(k);
        }
    }
    common::sets(&case)
}

fn with_action_case(req: &Request, f: impl Fn(&str) -> String) -> Request {
    Request::new(req.principal.clone(), &f(&req.action), req.resource.clone(), req.context.clone()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, .. ProptestConfig::default() })]

    /// Differential test: engine == reference evaluator.
    #[test]
    fn engine_agrees_with_reference(g in gen_set(), req in request_strategy()) {
        let (engine, refset) = build(&g);
        let fast = engine.decide(&req);
        let slow = reference::decide(&refset, &req);
        prop_assert_eq!(fast, slow, "policies: {}", serde_json::to_string(&json!({"identity": g.identity, "boundary": g.boundary, "session": g.session, "scp": g.scps, "rcp": g.rcps, "resource": g.resource})).unwrap());
        prop_assert_eq!(engine.evaluate(&req).outcome, fast);
    }

    /// Adding a Deny statement never turns a decision into Allowed.
    #[test]
    fn adding_deny_never_adds_allow(g in gen_set(), req in request_strategy(), extra in statement(false)) {
        let (before, _) = build(&g);
        let mut g2 = g.clone();
        let mut deny = extra;
        deny["Effect"] = json!("Deny");
        match g2.identity.first_mut() {
            Some(p) => p["Statement"].as_array_mut().unwrap().push(deny),
            None => g2.identity.push(json!({"Version": "2012-10-17", "Statement": [deny]})),
        }
        let (after, _) = build(&g2);
        if before.decide(&req) != Outcome::Allowed {
            prop_assert_ne!(after.decide(&req), Outcome::Allowed);
        }
    }

    /// Action case never matters.
    #[test]
    fn action_case_is_irrelevant(g in gen_set(), req in request_strategy()) {
        let (set, _) = build(&g);
        let a = set.decide(&req);
        prop_assert_eq!(a, set.decide(&with_action_case(&req, str::to_lowercase)));
        prop_assert_eq!(a, set.decide(&with_action_case(&req, str::to_uppercase)));
    }

    /// Statement order and scalar-versus-array forms never matter.
    #[test]
    fn order_and_form_are_irrelevant(g in gen_set(), req in request_strategy()) {
        let (set, _) = build(&g);
        let mut g2 = g.clone();
        let reshape = |p: &mut Value| {
            if let Some(stmts) = p["Statement"].as_array_mut() {
                stmts.reverse();
                for s in stmts.iter_mut() {
                    for k in ["Action", "NotAction", "Resource", "NotResource"] {
                        if let Some(v) = s.get_mut(k) {
                            *v = match v.take() {
                                Value::String(x) => json!([x]),
                                Value::Array(a) if a.len() == 1 => a.into_iter().next().unwrap(),
                                other => other,
                            };
                        }
                    }
                }
            }
        };
        for p in g2.identity.iter_mut() { reshape(p); }
        if let Some(b) = g2.boundary.as_mut() { reshape(b); }
        if let Some(r) = g2.resource.as_mut() { reshape(r); }
        g2.identity.reverse();
        let (set2, _) = build(&g2);
        prop_assert_eq!(set.decide(&req), set2.decide(&req));
    }

    /// An SCP level or a boundary only narrows: adding one never turns a decision into Allowed.
    #[test]
    fn scp_and_boundary_only_narrow(g in gen_set(), req in request_strategy(), extra in policy(false)) {
        let (before, _) = build(&g);
        let was = before.decide(&req);
        let mut g_scp = g.clone();
        g_scp.scps.push(vec![extra.clone()]);
        let mut g_b = g.clone();
        if g_b.boundary.is_none() {
            g_b.boundary = Some(extra);
            let (after_b, _) = build(&g_b);
            if was != Outcome::Allowed { prop_assert_ne!(after_b.decide(&req), Outcome::Allowed); }
        }
        let (after, _) = build(&g_scp);
        if was != Outcome::Allowed {
            prop_assert_ne!(after.decide(&req), Outcome::Allowed);
        }
    }
}

#[test]
fn resource_case_can_matter() {
    let (set, _) = common::sets(&json!({"identity": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/Key"}]}]}));
    let mk = |r: &str| {
        Request::new(PrincipalInfo::from_arn("arn:aws:iam::111122223333:user/carlos").unwrap(), "s3:GetObject", ResourceInfo::new(r), Context::new()).unwrap()
    };
    assert_eq!(set.decide(&mk("arn:aws:s3:::bucket/Key")), Outcome::Allowed);
    assert_eq!(set.decide(&mk("arn:aws:s3:::bucket/key")), Outcome::ImplicitDeny);
}

#[test]
fn parser_never_panics_on_mutations() {
    let base = include_str!("data/bucket_policy.json");
    let bytes = base.as_bytes();
    for i in 0..bytes.len() {
        for b in [b'"', b'{', b'}', b'[', b']', b',', b':', b'\\', b'x', b'\n'] {
            let mut m = bytes.to_vec();
            m[i] = b;
            if let Ok(text) = std::str::from_utf8(&m) {
                let _ = onus_iam::parse_policy(text);
                let _ = onus_iam::validate(text, onus_iam::PolicyType::Resource);
            }
        }
        let _ = onus_iam::parse_policy(&base[..i.min(base.len())]);
    }
}

/// The generators must exercise every outcome, or agreement would prove little.
#[test]
fn generators_cover_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut allowed, mut explicit, mut implicit) = (0, 0, 0);
    for _ in 0..600 {
        let g = gen_set().new_tree(&mut runner).unwrap().current();
        let req = request_strategy().new_tree(&mut runner).unwrap().current();
        let (set, _) = build(&g);
        match set.decide(&req) {
            Outcome::Allowed => allowed += 1,
            Outcome::ExplicitDeny => explicit += 1,
            Outcome::ImplicitDeny => implicit += 1,
        }
    }
    assert!(allowed >= 30 && explicit >= 30 && implicit >= 30, "allowed {allowed}, explicit {explicit}, implicit {implicit}");
}
