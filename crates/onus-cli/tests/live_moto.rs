//! The live collector against a real local AWS emulator (moto), started and
//! seeded here. `./scripts/test` installs moto and sets `ONUS_MOTO_SERVER`
//! and `ONUS_MOTO_PYTHON`; without them these tests fail, they never skip.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn required_env(name: &str) -> String {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => v,
        _ => panic!("{name} is not set: run the suite with ./scripts/test, which installs moto and sets it"),
    }
}

struct Moto {
    /// Resource kind -> names the scan must collect.
    expected: serde_json::Value,
    endpoint: String,
    member: serde_json::Value,
    planted: serde_json::Value,
    unknown_on_moto: serde_json::Value,
    access: serde_json::Value,
    _child: Child,
}

/// A loopback port nothing listens on, never handed out twice in this
/// process (tests start servers in parallel).
fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("no free port: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("{e}"));
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// Starts moto on a free loopback port. A watchdog shell stops it when this
/// test process exits, so no server outlives the run.
fn start_moto(extra_env: &[(&str, &str)]) -> (String, Child) {
    let server = required_env("ONUS_MOTO_SERVER");
    let port = free_port();
    let script = format!(
        "\"$0\" -H 127.0.0.1 -p {port} >/dev/null 2>&1 & m=$!; \
         while kill -0 {parent} 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 1; done; kill $m 2>/dev/null",
        parent = std::process::id()
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(script).arg(&server);
    cmd.env("MOTO_IAM_LOAD_MANAGED_POLICIES", "false").env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let child = cmd.stdin(Stdio::null()).spawn().unwrap_or_else(|e| panic!("cannot start moto ({server}): {e}"));
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        assert!(Instant::now() < deadline, "moto did not start on port {port} within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    (endpoint, child)
}

fn seed(endpoint: &str, script: &str) -> serde_json::Value {
    let python = required_env("ONUS_MOTO_PYTHON");
    let out = Command::new(&python)
        .arg(repo().join("tests/moto").join(script))
        .arg(endpoint)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(out.status.success(), "seeding failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("seed output is not JSON: {e}"))
}

fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        let (endpoint, child) = start_moto(&[]);
        let seeded = seed(&endpoint, "seed.py");
        let failed = seeded["failed_steps"].as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(failed, 0, "seed steps failed: {}", seeded["failed_steps"]);
        Moto {
            member: seeded["member"].clone(),
            endpoint,
            planted: seeded["planted"].clone(),
            unknown_on_moto: seeded["unknown_on_moto"].clone(),
            expected: seeded["expected"].clone(),
            access: seeded["access"].clone(),
            _child: child,
        }
    })
}

fn onus_against(endpoint: &str, key: &str, secret: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onus"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir())
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap_or_else(|e| panic!("cannot run onus: {e}"))
}

fn scan_json(endpoint: &str, extra: &[&str]) -> (Output, onus_report::Report) {
    let mut args = vec!["scan", "aws", "--region", "eu-west-1,us-east-1", "--format", "json"];
    args.extend_from_slice(extra);
    let out = onus_against(endpoint, "testing", "testing", &args);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("no JSON report ({e}); stderr: {}", String::from_utf8_lossy(&out.stderr))
    });
    (out, report)
}

#[test]
fn finds_every_planted_misconfiguration_in_both_regions() {
    let moto = moto();
    let (out, report) = scan_json(&moto.endpoint, &[]);
    assert_eq!(out.status.code(), Some(1), "findings exit 1; stderr: {}", String::from_utf8_lossy(&out.stderr));
    let planted = moto.planted.as_object().unwrap_or_else(|| panic!("no planted list"));
    assert!(planted.len() >= 15, "the seed plants most checks");
    for (check, names) in planted {
        for name in names.as_array().into_iter().flatten().filter_map(|n| n.as_str()) {
            let found = report.results.iter().any(|r| {
                r.check_id == *check && r.status == onus_checks::Status::Fail && r.resource.name.contains(name)
            });
            assert!(found, "{check} did not fail on {name}");
        }
    }
    // The good resources pass: nothing fails that was not planted.
    for r in report.results.iter().filter(|r| r.status == onus_checks::Status::Fail) {
        let expected = planted
            .get(&r.check_id)
            .and_then(|v| v.as_array())
            .is_some_and(|names| names.iter().filter_map(|n| n.as_str()).any(|n| r.resource.name.contains(n)));
        assert!(expected, "unexpected failure {} on {}: {}", r.check_id, r.resource.name, r.message);
    }
    // Where moto answers wrongly, onus says unknown instead of guessing.
    for (check, names) in moto.unknown_on_moto.as_object().into_iter().flatten() {
        for name in names.as_array().into_iter().flatten().filter_map(|n| n.as_str()) {
            let found = report.results.iter().any(|r| {
                r.check_id == *check && r.status == onus_checks::Status::Unknown && r.resource.name.contains(name)
            });
            assert!(found, "{check} on {name}: expected unknown");
        }
    }
    let regions: std::collections::BTreeSet<_> =
        report.results.iter().filter_map(|r| r.resource.region.clone()).collect();
    assert!(regions.contains("eu-west-1") && regions.contains("us-east-1"), "{regions:?}");
}

#[test]
fn the_scan_only_reads() {
    let moto = moto();
    let out = onus_against(&moto.endpoint, "testing", "testing", &["scan", "aws", "--region", "eu-west-1,us-east-1", "-v", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut operations = Vec::new();
    for line in stderr.lines() {
        // The -v table: "│ Service:Operation ┆ calls ┆ attempts │"
        let Some(cell) = line.split('│').nth(1).map(|c| c.split('┆').next().unwrap_or_default().trim().to_owned()) else {
            continue;
        };
        if let Some((_, op)) = cell.split_once(':') {
            operations.push(op.to_owned());
        }
    }
    assert!(operations.len() >= 20, "the -v table lists the operations: {stderr}");
    for op in &operations {
        assert!(onus_aws::calls::is_read_operation(op), "the scan issued a non-read operation: {op}");
    }
    assert!(stderr.contains("API calls"), "{stderr}");
}

#[test]
fn a_saved_snapshot_re_evaluates_to_identical_findings() {
    let moto = moto();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let saved = dir.path().join("live.json.zst");
    let (_, live) = scan_json(&moto.endpoint, &["--save", &saved.to_string_lossy()]);
    let out = Command::new(env!("CARGO_BIN_EXE_onus"))
        .args(["scan", "snapshot", &saved.to_string_lossy(), "--format", "json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let offline: onus_report::Report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(live.results, offline.results);
    assert_eq!(live.gaps, offline.gaps);
}

#[test]
fn org_scan_assumes_a_role_into_each_member_account() {
    let moto = moto();
    let member = moto.member["account"].as_str().unwrap_or_else(|| panic!("seed made no member account"));
    let (out, report) = scan_json(&moto.endpoint, &["--org"]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.scan.accounts.len() >= 2, "{:?}", report.scan.accounts);
    assert!(report.scan.accounts.iter().any(|a| a == member));
    // The member's bucket is there, judged in its own account.
    let bucket = report
        .results
        .iter()
        .find(|r| r.resource.name == "sandbox-scratch" && r.check_id == "s3-bucket-public-access-block-disabled")
        .unwrap_or_else(|| panic!("member bucket not scanned"));
    assert_eq!(bucket.resource.account.as_deref(), Some(member));
    // Each account has its own root user and password policy.
    let roots = report.results.iter().filter(|r| r.check_id == "iam-root-user-without-mfa").count();
    assert_eq!(roots, report.scan.accounts.len());
}

#[test]
fn no_credentials_fails_fast_with_exit_2() {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_onus"))
        .args(["scan", "aws", "--region", "eu-west-1"])
        .env_clear()
        .env("HOME", std::env::temp_dir().join("onus-no-home"))
        .env("AWS_CONFIG_FILE", "/nonexistent/onus-config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/onus-credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no usable AWS credentials"), "{stderr}");
    assert!(out.stdout.is_empty());
    // Not a timing assertion on speed: a generous bound that only catches a
    // scan that retries for minutes instead of failing.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn access_denied_on_one_service_is_a_gap_and_the_scan_completes() {
    // A second moto that enforces IAM after the seeding requests.
    let (endpoint, _child) = start_moto(&[("INITIAL_NO_AUTH_ACTION_COUNT", "12")]);
    let seeded = seed(&endpoint, "seed_restricted.py");
    let key = seeded["access_key_id"].as_str().unwrap_or_else(|| panic!("no key: {seeded}")).to_owned();
    let secret = seeded["secret_access_key"].as_str().unwrap_or_default().to_owned();
    let out = onus_against(&endpoint, &key, &secret, &["scan", "aws", "--region", "eu-west-1", "--format", "json"]);
    let mut stderr = String::new();
    let _ = out.stderr.as_slice().read_to_string(&mut stderr);
    let report: onus_report::Report =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("no report ({e}): {stderr}"));
    assert!(
        report.gaps.iter().any(|g| g.service == "kms" && g.reason == onus_model::GapReason::AccessDenied),
        "a KMS access-denied gap: {:?}",
        report.gaps
    );
    assert!(
        report.results.iter().any(|r| r.check_id == "kms-key-rotation-disabled" && r.status == onus_checks::Status::Error),
        "the KMS check reports Error, not Pass"
    );
    assert!(report.results.iter().any(|r| r.service == "s3"), "other services were still collected");
}

#[test]
fn collects_every_kind_the_seed_created_with_gaps_for_what_moto_cannot_serve() {
    use onus_model::resources::{cloudtrail, config, ec2, rds, securityhub};
    let moto = moto();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let saved = dir.path().join("inventory.json");
    let (out, _) = scan_json(&moto.endpoint, &["--save", &saved.to_string_lossy()]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    let inventory = onus_model::snapshot::read(&saved).unwrap_or_else(|e| panic!("{e}"));
    let expected = moto.expected.as_object().unwrap_or_else(|| panic!("no expected list"));
    assert!(expected.len() >= 20, "the seed creates most kinds");
    for (kind, names) in expected {
        for name in names.as_array().into_iter().flatten().filter_map(|n| n.as_str()) {
            assert!(
                inventory.resources.iter().any(|r| r.kind().type_name() == kind && r.name.contains(name)),
                "{kind} {name} was not collected"
            );
        }
    }
    let find = |kind: onus_model::ResourceKind, name: &str| {
        inventory
            .resources
            .iter()
            .find(|r| r.kind() == kind && r.name == name)
            .unwrap_or_else(|| panic!("{kind} {name} missing"))
    };
    use onus_model::{Attr, ResourceKind as K};

    // Values, not only presence: each is what the seed configured.
    let vpc = find(K::Ec2Vpc, "northwind-eu-west-1").props::<ec2::Vpc>().unwrap_or_else(|| panic!("props"));
    assert!(matches!(&vpc.flow_logs, Attr::Known(logs) if logs.len() == 1 && logs[0].status == "ACTIVE"), "{:?}", vpc.flow_logs);
    let vpc = find(K::Ec2Vpc, "northwind-us-east-1").props::<ec2::Vpc>().unwrap_or_else(|| panic!("props"));
    assert_eq!(vpc.flow_logs, Attr::Known(Vec::new()));
    let acl = find(K::Ec2NetworkAcl, "reporting-public-subnets").props::<ec2::NetworkAcl>().unwrap_or_else(|| panic!("props"));
    let Attr::Known(entries) = &acl.entries else { panic!("NACL entries unknown") };
    assert!(entries.iter().any(|e| e.rule_number == 100 && !e.egress && e.rule_action == "allow" && e.covers_port(22) && e.is_open_to_internet()));
    let image = find(K::Ec2Image, "reporting-etl-golden").props::<ec2::Image>().unwrap_or_else(|| panic!("props"));
    assert_eq!(image.public, Attr::Known(true));
    let snapshot = find(K::RdsDbClusterSnapshot, "analytics-aurora-handover").props::<rds::DbClusterSnapshot>().unwrap_or_else(|| panic!("props"));
    assert_eq!(snapshot.public, Attr::Known(true));
    let cluster = find(K::RdsDbCluster, "analytics-aurora").props::<rds::DbCluster>().unwrap_or_else(|| panic!("props"));
    assert_eq!(cluster.storage_encrypted, Attr::Known(false));
    let recorder = find(K::ConfigConfigurationRecorder, "AWS Config recorder (eu-west-1)").props::<config::ConfigurationRecorder>().unwrap_or_else(|| panic!("props"));
    assert_eq!((recorder.recording.clone(), recorder.all_supported.clone()), (Attr::Known(true), Attr::Known(true)));
    let recorder = find(K::ConfigConfigurationRecorder, "AWS Config recorder (us-east-1)").props::<config::ConfigurationRecorder>().unwrap_or_else(|| panic!("props"));
    assert_eq!(recorder.recorder_name, Attr::Known(None));
    let hub = find(K::SecurityHubHub, "Security Hub (us-east-1)").props::<securityhub::Hub>().unwrap_or_else(|| panic!("props"));
    assert_eq!(hub.enabled, Attr::Known(false));
    let trail = find(K::CloudTrailTrail, "northwind-org-trail").props::<cloudtrail::Trail>().unwrap_or_else(|| panic!("props"));
    assert!(matches!(&trail.event_selectors, Attr::Known(s) if s.management_events.as_deref() == Some("All")), "{:?}", trail.event_selectors);
    let role = find(K::IamRole, "ci-deployer").props::<onus_model::resources::iam::Role>().unwrap_or_else(|| panic!("props"));
    assert!(matches!(&role.attached_policy_arns, Attr::Known(a) if a.iter().any(|p| p.ends_with(":policy/northwind-admin"))));
    assert!(matches!(&role.assume_role_policy, Attr::Known(doc) if doc["Statement"][0]["Principal"]["AWS"] == "arn:aws:iam::444455556666:root"));

    // What moto does not implement is a gap in both regions, not a crash and not an empty answer.
    for (service, call) in [("ssm", "ssm:DescribeInstanceInformation"), ("iam", "access-analyzer:ListAnalyzers")] {
        for region in ["eu-west-1", "us-east-1"] {
            assert!(
                inventory.gaps.iter().any(|g| g.service == service && g.api_call.as_deref() == Some(call) && g.region.as_deref() == Some(region)),
                "expected a gap for {call} in {region}: {:?}",
                inventory.gaps
            );
        }
    }
    assert_eq!(inventory.gaps.len(), 4, "no other gaps: {:?}", inventory.gaps);
}

#[test]
fn access_analysis_on_the_live_account() {
    let moto = moto();
    let (out, report) = scan_json(&moto.endpoint, &[]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let status = |check: &str, name: &str| -> Vec<onus_checks::Status> {
        report.results.iter().filter(|r| r.check_id == check && r.resource.name == name).map(|r| r.status).collect()
    };
    use onus_checks::Status::{Fail, Pass};
    // An administrator, and a user who can make itself one.
    assert_eq!(status("iam-principal-admin-equivalent", "ci-deployer"), [Fail]);
    assert_eq!(status("iam-principal-admin-equivalent", "ops.intern"), [Fail]);
    assert_eq!(status("iam-principal-admin-equivalent", "bob.analyst"), [Pass]);
    // A multi-step path: user -> role -> Lambda function with an administrator role.
    let path = report
        .results
        .iter()
        .find(|r| r.check_id == "iam-privilege-escalation-path" && r.resource.name == "etl.runner")
        .unwrap_or_else(|| panic!("no escalation result for etl.runner"));
    assert_eq!(path.status, Fail, "{}", path.message);
    assert!(path.message.contains("in 3 steps"), "{}", path.message);
    assert!(path.message.contains("etl-operator") && path.message.contains("etl-lambda-admin"), "{}", path.message);
    // A public queue; an organization-scoped one is not public.
    assert_eq!(status("sqs-queue-policy-public", "reporting-inbox"), [Fail]);
    let org_scoped = moto.access["org_scoped_queue"].as_str().unwrap_or_else(|| panic!("seed names the queue"));
    assert_eq!(status("sqs-queue-policy-public", org_scoped), [Pass]);
}
