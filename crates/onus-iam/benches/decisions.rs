//! Decisions per second for one principal with five realistic policies: a
//! ReadOnlyAccess-shaped and a PowerUserAccess-shaped identity policy, a permissions
//! boundary, an SCP and a bucket policy.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use onus_iam::eval::compiled;
use onus_iam::{Context, ContextValue, Outcome, PolicySet, PrincipalInfo, Request, ResourceInfo};
use std::hint::black_box;

fn set() -> PolicySet {
    let load = |name: &str, text: &str| compiled(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
    PolicySet {
        identity: vec![
            load("ReadOnlyAccess", include_str!("../tests/data/read_only.json")),
            load("PowerUserAccess", include_str!("../tests/data/power_user.json")),
        ],
        boundary: Some(load("DeveloperBoundary", include_str!("../tests/data/boundary.json"))),
        session: None,
        scp_levels: vec![vec![load("RegionGuard", include_str!("../tests/data/scp_region.json"))]],
        rcp_levels: Vec::new(),
        resource: Some(load("DataBucketPolicy", include_str!("../tests/data/bucket_policy.json"))),
    }
}

fn requests() -> Vec<(Request, Outcome)> {
    let mut principal = PrincipalInfo::from_arn("arn:aws:sts::111122223333:assumed-role/Analytics/alice")
        .unwrap_or_else(|e| panic!("{e}"));
    principal.org_id = Some("o-a1b2c3d4e5".into());
    let mut ctx = Context::new();
    ctx.set("aws:SecureTransport", ContextValue::Bool(true));
    ctx.set_str("aws:RequestedRegion", "eu-west-1");
    ctx.set("aws:SourceIp", ContextValue::Ip("203.0.113.7".parse().unwrap_or_else(|e| panic!("{e}"))));
    let mk = |action: &str, resource: &str| {
        let mut r = ResourceInfo::new(resource);
        r.account = Some("111122223333".into());
        Request::new(principal.clone(), action, r, ctx.clone()).unwrap_or_else(|e| panic!("{e}"))
    };
    vec![
        (mk("s3:GetObject", "arn:aws:s3:::example-data/reports/2026.csv"), Outcome::Allowed),
        (mk("s3:PutObject", "arn:aws:s3:::example-data/reports/2026.csv"), Outcome::Allowed),
        (mk("iam:CreateUser", "arn:aws:iam::111122223333:user/eve"), Outcome::ImplicitDeny),
        (mk("ec2:RunInstances", "arn:aws:ec2:eu-west-1:111122223333:instance/*"), Outcome::ImplicitDeny),
        (mk("cloudtrail:StopLogging", "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org"), Outcome::ExplicitDeny),
        (mk("dynamodb:Query", "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"), Outcome::Allowed),
    ]
}

fn bench(c: &mut Criterion) {
    let set = set();
    let reqs = requests();
    for (r, want) in &reqs {
        assert_eq!(set.decide(r), *want, "{}", r.action);
    }
    let mut g = c.benchmark_group("five_policy_set");
    g.throughput(Throughput::Elements(reqs.len() as u64));
    g.bench_function("decide", |b| {
        b.iter(|| {
            for (r, _) in &reqs {
                black_box(set.decide(black_box(r)));
            }
        })
    });
    g.bench_function("evaluate_explained", |b| {
        b.iter(|| {
            for (r, _) in &reqs {
                black_box(set.evaluate(black_box(r)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
