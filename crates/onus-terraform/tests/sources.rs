//! Plans, states and configuration: joins, unknowns, deletions, modules,
//! unsupported providers, locations, suppressions and bad input.

use onus_checks::{CHECKS, CheckResult, Status, evaluate};
use onus_model::resources::{ec2, rds, s3};
use onus_model::{Attr, Inventory, UnknownCause};
use onus_terraform::{Input, TerraformError, scan_inputs, scan_path};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn results(inv: &Inventory, check: &str) -> Vec<CheckResult> {
    let Some(c) = CHECKS.iter().copied().find(|c| c.meta().id == check) else { panic!("no check {check}") };
    evaluate(inv, &[c])
}

fn scan(path: &Path) -> onus_terraform::Scanned {
    match scan_path(path) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn find<'a, T: onus_model::ResourceType>(inv: &'a Inventory, address: &str) -> &'a T {
    let r = inv.resources.iter().find(|r| r.name == address);
    match r.and_then(|r| r.props::<T>()) {
        Some(p) => p,
        None => panic!("{address} not in the inventory: {:?}", inv.resources.iter().map(|r| &r.name).collect::<Vec<_>>()),
    }
}

#[test]
fn a_plan_joins_split_resources_keeps_unknowns_and_skips_deletions() {
    let scanned = scan(&data("plan/plan.json"));
    let inv = &scanned.inventory;
    assert_eq!(inv.metadata.source, onus_model::SourceKind::TerraformPlan);
    let names: Vec<&str> = inv.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["aws_s3_bucket.logs", "module.db.aws_db_instance.this[0]", "module.db.aws_security_group.db"]);

    // The versioning resource refers to the bucket by reference only (its `bucket` is unknown).
    let bucket: &s3::Bucket = find(inv, "aws_s3_bucket.logs");
    assert_eq!(bucket.versioning.value().map(|v| v.status), Some(s3::VersioningStatus::Enabled));
    // One of the four switches comes from a variable known after apply: the block is unknown, not guessed.
    assert_eq!(bucket.public_access_block.get().map_err(|u| u.cause).err(), Some(UnknownCause::ComputedAtApply));
    assert_eq!(results(inv, "s3-bucket-versioning-disabled")[0].status, Status::Pass);
    assert_eq!(results(inv, "s3-bucket-public-access-block-disabled")[0].status, Status::Unknown);

    let db: &rds::DbInstance = find(inv, "module.db.aws_db_instance.this[0]");
    assert!(matches!(&db.storage_encrypted, Attr::Unknown(u) if u.unknown.cause == UnknownCause::ComputedAtApply));
    assert_eq!(db.publicly_accessible, Attr::Known(true));
    let r = results(inv, "rds-instance-storage-unencrypted");
    assert_eq!((r.len(), r[0].status), (1, Status::Unknown));
    assert_eq!(results(inv, "rds-instance-publicly-accessible")[0].status, Status::Fail);

    // A rule in the same child module is joined by reference; its peer is the internet.
    let sg: &ec2::SecurityGroup = find(inv, "module.db.aws_security_group.db");
    let ingress = sg.ingress.value().cloned().unwrap_or_default();
    assert_eq!(ingress.len(), 2);
    assert!(ingress.iter().any(|r| r.from_port == Some(22) && r.is_open_to_internet()));
    assert_eq!(results(inv, "ec2-security-group-admin-ports-open")[0].status, Status::Fail);

    // The provider's region is known statically.
    assert!(inv.resources.iter().all(|r| r.region.as_deref() == Some("eu-west-1")));
    // The Google resource is counted and shown as a gap, not dropped.
    assert_eq!(scanned.unsupported.get("google_storage_bucket"), Some(&1));
    assert!(inv.gaps.iter().any(|g| g.message.contains("google_storage_bucket")));
}

#[test]
fn a_plan_next_to_its_configuration_gets_lines_and_suppressions() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let plan = dir.path().join("plan.json");
    std::fs::copy(data("plan/plan.json"), &plan).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("main.tf"),
        "variable \"restrict\" {}\n\n# onus:ignore s3-bucket-allows-insecure-transport only AWS services write here, over TLS\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"example-logs\"\n}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let inv = scan(&plan).inventory;
    let logs = inv.resources.iter().find(|r| r.name == "aws_s3_bucket.logs");
    let Some(logs) = logs else { panic!("no bucket") };
    assert!(logs.provenance.file().is_some_and(|f| f.ends_with("main.tf")));
    assert_eq!(logs.provenance.span().map(|s| s.start_line), Some(4));
    let r = results(&inv, "s3-bucket-allows-insecure-transport");
    assert_eq!(r[0].status, Status::Muted);
    let mute = r[0].muted.as_ref();
    assert_eq!(mute.map(|m| m.original_status), Some(Status::Fail));
    assert_eq!(mute.map(|m| m.reason.as_str()), Some("only AWS services write here, over TLS"));
    assert!(mute.and_then(|m| m.entry.as_deref()).is_some_and(|e| e.ends_with("main.tf:3")));
    // Other checks on the same bucket are not muted.
    assert_eq!(results(&inv, "s3-bucket-versioning-disabled")[0].status, Status::Pass);
}

#[test]
fn configuration_resolves_variables_and_locals_and_marks_the_rest_unknown() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("main.tf"),
        r#"
variable "env" { default = "prod" }
variable "unset" {}
locals {
  encrypted = var.env == "prod"
  names     = { prod = "orders-prod" }
}
resource "aws_db_instance" "a" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  identifier        = local.names[var.env]
  storage_encrypted = local.encrypted
}
resource "aws_db_instance" "b" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = var.unset
}
resource "aws_db_instance" "c" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = data.aws_kms_key.this.enabled
}
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let inv = scan(dir.path()).inventory;
    assert_eq!(inv.metadata.source, onus_model::SourceKind::TerraformHcl);
    let a: &rds::DbInstance = find(&inv, "aws_db_instance.a");
    assert_eq!(a.storage_encrypted, Attr::Known(true));
    for name in ["aws_db_instance.b", "aws_db_instance.c"] {
        let x: &rds::DbInstance = find(&inv, name);
        assert!(matches!(&x.storage_encrypted, Attr::Unknown(u) if u.unknown.cause == UnknownCause::Unresolvable), "{name}");
    }
    let r = results(&inv, "rds-instance-storage-unencrypted");
    let lines: Vec<(Status, u32)> = r.iter().map(|r| (r.status, r.location.as_ref().and_then(|l| l.span).map_or(0, |s| s.start_line))).collect();
    assert_eq!(lines, [(Status::Pass, 8), (Status::Unknown, 17), (Status::Unknown, 22)]);
}

#[test]
fn a_suppression_without_a_reason_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {\n  # onus:ignore s3-bucket-versioning-disabled\n  bucket = \"b\"\n}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    match scan_path(dir.path()) {
        Err(e @ TerraformError::SuppressionWithoutReason { line: 2, .. }) => assert!(e.to_string().contains("main.tf:2")),
        other => panic!("expected a suppression error, got {other:?}"),
    }
}

#[test]
fn truncated_json_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(data("plan/plan.json")).unwrap_or_default();
    let cut = dir.path().join("plan.json");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    match scan_inputs(vec![Input::Json(cut)]) {
        Err(e @ TerraformError::Json { line, .. }) => {
            assert!(line > 1);
            assert!(e.to_string().contains(&format!("plan.json:{line}:")), "{e}");
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
}

#[test]
fn json_that_is_not_terraform_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("other.json");
    std::fs::write(&p, r#"{"hello": "world"}"#).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(scan_inputs(vec![Input::Json(p)]), Err(TerraformError::NotTerraform { .. })));
}

#[test]
fn invalid_hcl_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n}\n").unwrap_or_else(|e| panic!("{e}"));
    match scan_path(dir.path()) {
        Err(e @ TerraformError::Hcl { line, .. }) => {
            assert!((2..=3).contains(&line), "{e}");
            assert!(e.to_string().contains("main.tf:"), "{e}");
        }
        other => panic!("expected an HCL error, got {other:?}"),
    }
}

#[test]
fn a_plan_of_another_provider_scans_cleanly_with_everything_reported_unsupported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("gcp.json");
    let plan = serde_json::json!({
        "format_version": "1.2", "terraform_version": "1.9.8",
        "resource_changes": (0..3).map(|i| serde_json::json!({
            "address": format!("google_compute_instance.vm{i}"), "mode": "managed", "type": "google_compute_instance", "name": format!("vm{i}"),
            "provider_name": "registry.terraform.io/hashicorp/google",
            "change": {"actions": ["create"], "before": null, "after": {"name": "vm"}, "after_unknown": {"id": true}}
        })).collect::<Vec<_>>()
    });
    std::fs::write(&p, plan.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let scanned = scan(&p);
    assert!(scanned.inventory.resources.is_empty());
    assert_eq!(scanned.unsupported.get("google_compute_instance"), Some(&3));
    assert_eq!(scanned.inventory.gaps.len(), 1);
    assert!(evaluate(&scanned.inventory, CHECKS).is_empty());
}

/// A ~200 MB plan (not committed): no panic, a clean scan. Run with
/// `cargo test --release -p onus-terraform -- --ignored`. Memory stays bounded
/// by the file, each change's `after` tree and one mapped resource per plan
/// resource; nothing else grows with the input.
#[test]
#[ignore = "generates 200 MB; run in release"]
fn a_200_mb_plan_scans() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("big.json");
    let mut out = String::from(r#"{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":["#);
    let mut n = 0usize;
    let pad = "x".repeat(1500);
    while out.len() < 200 * 1024 * 1024 {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"address":"aws_s3_bucket.b{n}","mode":"managed","type":"aws_s3_bucket","name":"b{n}","provider_name":"registry.terraform.io/hashicorp/aws","change":{{"actions":["create"],"before":null,"after":{{"bucket":"b{n}","tags":{{"pad":"{pad}"}}}},"after_unknown":{{"id":true}}}}}}"#
        ));
        n += 1;
    }
    out.push_str("]}");
    std::fs::write(&p, &out).unwrap_or_else(|e| panic!("{e}"));
    drop(out);
    let scanned = scan(&p);
    assert_eq!(scanned.inventory.resources.len(), n);
}

/// A plan creating IAM entities knows none of their ARNs: references in the
/// configuration name them, and attributes the provider computes when left
/// out (`inline_policy`, a queue's `policy`) are the service's defaults.
#[test]
fn a_plan_names_new_iam_entities_by_reference() {
    use onus_model::resources::{iam, messaging};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("plan.json");
    let change = |address: &str, after: serde_json::Value, unknown: serde_json::Value| {
        let (rtype, name) = address.split_once('.').unwrap_or_default();
        serde_json::json!({
            "address": address, "mode": "managed", "type": rtype, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": null, "after": after, "after_unknown": unknown}
        })
    };
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let everything = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let plan = serde_json::json!({
        "format_version": "1.2", "terraform_version": "1.9.8",
        "resource_changes": [
            change("aws_iam_role.ops", serde_json::json!({"name": "ops", "path": "/", "assume_role_policy": trust, "max_session_duration": 3600}),
                serde_json::json!({"arn": true, "id": true, "create_date": true, "managed_policy_arns": true, "inline_policy": true})),
            change("aws_iam_policy.everything", serde_json::json!({"name": "everything", "policy": everything}), serde_json::json!({"arn": true, "id": true, "attachment_count": true})),
            change("aws_iam_role_policy_attachment.ops", serde_json::json!({"role": "ops"}), serde_json::json!({"policy_arn": true, "id": true})),
            change("aws_sqs_queue.jobs", serde_json::json!({"name": "jobs"}), serde_json::json!({"arn": true, "id": true, "url": true, "policy": true, "sqs_managed_sse_enabled": true})),
        ],
        "configuration": {"root_module": {"resources": [
            {"address": "aws_iam_role.ops", "expressions": {"name": {"constant_value": "ops"}, "assume_role_policy": {"constant_value": trust}}},
            {"address": "aws_iam_policy.everything", "expressions": {"name": {"constant_value": "everything"}, "policy": {"constant_value": everything}}},
            {"address": "aws_iam_role_policy_attachment.ops", "expressions": {
                "role": {"references": ["aws_iam_role.ops.name", "aws_iam_role.ops"]},
                "policy_arn": {"references": ["aws_iam_policy.everything.arn", "aws_iam_policy.everything"]}}},
            {"address": "aws_sqs_queue.jobs", "expressions": {"name": {"constant_value": "jobs"}}}
        ]}}
    });
    std::fs::write(&p, plan.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let scanned = scan(&p);
    let inv = &scanned.inventory;
    let policy: &iam::ManagedPolicy = find(inv, "aws_iam_policy.everything");
    let role: &iam::Role = find(inv, "aws_iam_role.ops");
    let key = policy.arn.value().cloned().unwrap_or_default();
    assert!(key.ends_with("#aws_iam_policy.everything"), "{key}");
    assert_eq!(role.attached_policy_arns, Attr::Known(vec![key]));
    assert_eq!(role.inline_policies, Attr::Known(Vec::new()));
    let r = results(inv, "iam-principal-admin-equivalent");
    assert_eq!((r.len(), r[0].status), (1, Status::Fail), "{:?}", r.first().map(|r| &r.message));

    let queue: &messaging::Queue = find(inv, "aws_sqs_queue.jobs");
    assert_eq!(queue.policy, Attr::Known(None));
    assert_eq!(queue.sqs_managed_sse, Attr::Known(true));
    assert_eq!(results(inv, "sqs-queue-unencrypted")[0].status, Status::Pass);
    assert_eq!(results(inv, "sqs-queue-policy-public")[0].status, Status::Pass);
    assert!(scanned.unsupported.is_empty(), "{:?}", scanned.unsupported);
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
}

fn statuses(inv: &Inventory, check: &str) -> Vec<(String, Status)> {
    let mut out: Vec<(String, Status)> = results(inv, check).into_iter().map(|r| (r.resource.name, r.status)).collect();
    out.sort();
    out
}

#[test]
fn configuration_expands_count_for_each_and_local_and_installed_modules() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    write(
        root,
        "main.tf",
        r#"
provider "aws" { region = "eu-west-1" }
variable "replicas" { default = 2 }
variable "enabled" { default = false }

resource "aws_ebs_volume" "data" {
  count             = var.replicas
  availability_zone = "eu-west-1a"
  encrypted         = count.index == 0
}
# Not created: count is 0.
resource "aws_ebs_volume" "never" {
  count             = var.enabled ? 1 : 0
  availability_zone = "eu-west-1a"
  encrypted         = false
}
resource "aws_ebs_volume" "team" {
  for_each          = { a = true, b = false }
  availability_zone = "eu-west-1a"
  encrypted         = each.value
}
resource "aws_ebs_volume" "set" {
  for_each          = toset(["y", "x", "y"])
  availability_zone = "eu-west-1a"
  encrypted         = each.key == "x"
}
module "logs" {
  source    = "./modules/bucket"
  name      = "acme-logs"
  versioned = true
}
module "env" {
  source    = "./modules/bucket"
  for_each  = { dev = false, prod = true }
  name      = "acme-${each.key}"
  versioned = each.value
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
"#,
    );
    write(
        root,
        "modules/bucket/main.tf",
        r#"
variable "name" {}
variable "versioned" { default = false }
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioned ? "Enabled" : "Suspended"
  }
}
"#,
    );
    let scanned = scan(root);
    let inv = &scanned.inventory;
    assert_eq!(
        statuses(inv, "ebs-volume-unencrypted"),
        [
            ("aws_ebs_volume.data[0]".to_owned(), Status::Pass),
            ("aws_ebs_volume.data[1]".to_owned(), Status::Fail),
            ("aws_ebs_volume.set[\"x\"]".to_owned(), Status::Pass),
            ("aws_ebs_volume.set[\"y\"]".to_owned(), Status::Fail),
            ("aws_ebs_volume.team[\"a\"]".to_owned(), Status::Pass),
            ("aws_ebs_volume.team[\"b\"]".to_owned(), Status::Fail),
        ]
    );
    // The module's directory is read through its calls only, each instance
    // with its own arguments, and joins stay inside the instance.
    assert_eq!(
        statuses(inv, "s3-bucket-versioning-disabled"),
        [
            ("module.env[\"dev\"].aws_s3_bucket.this".to_owned(), Status::Fail),
            ("module.env[\"prod\"].aws_s3_bucket.this".to_owned(), Status::Pass),
            ("module.logs.aws_s3_bucket.this".to_owned(), Status::Pass),
        ]
    );
    let logs = inv.resources.iter().find(|r| r.name == "module.logs.aws_s3_bucket.this");
    assert!(logs.and_then(|r| r.provenance.file()).is_some_and(|f| f.ends_with("modules/bucket/main.tf")), "{logs:?}");
    assert!(logs.and_then(|r| r.region.as_deref()) == Some("eu-west-1"), "the root's provider region applies in modules");
    // A registry module before `terraform init`: reported, with its line.
    let gap = inv.gaps.iter().find(|g| g.message.contains("module.vpc"));
    assert!(
        gap.is_some_and(|g| g.message.contains("terraform-aws-modules/vpc/aws") && g.message.contains("main.tf:38:")),
        "{:?}",
        inv.gaps
    );

    // After `terraform init`, the installed copy is read.
    write(root, ".terraform/modules/modules.json", r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws","Version":"5.0.0","Dir":".terraform/modules/vpc"}]}"#);
    write(root, ".terraform/modules/vpc/main.tf", "resource \"aws_vpc\" \"this\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n");
    let inv = scan(root).inventory;
    assert!(inv.resources.iter().any(|r| r.name == "module.vpc.aws_vpc.this"));
    assert!(!inv.gaps.iter().any(|g| g.message.contains("module.vpc")), "{:?}", inv.gaps);
}

#[test]
fn configuration_refuses_runaway_modules_and_counts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "main.tf", "module \"again\" {\n  source = \"./\"\n}\n");
    match scan_path(dir.path()) {
        Err(e @ TerraformError::Hcl { .. }) => assert!(e.to_string().contains("nests modules more than 16 deep"), "{e}"),
        other => panic!("{:?}", other.map(|s| s.inventory.resources.len())),
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "main.tf", "\nresource \"aws_ebs_volume\" \"v\" {\n  count = 1000000000\n}\n");
    match scan_path(dir.path()) {
        Err(e @ TerraformError::Hcl { .. }) => {
            let text = e.to_string();
            assert!(text.contains("main.tf:3:") && text.contains("expands into 1000000000 instances"), "{text}");
        }
        other => panic!("{:?}", other.map(|s| s.inventory.resources.len())),
    }
}

/// A module's companion resources join the root resource its call passes in
/// (`sg_id = aws_security_group.web.id`), in a plan and in `.tf` files; a
/// companion whose parent cannot be told is a gap naming it, never a silent
/// pass of the parents it may change.
#[test]
fn module_arguments_carry_references_and_unjoined_companions_are_gaps() {
    let open_ssh = r#"
variable "sg_id" {}
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = var.sg_id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
"#;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    write(root, "rules/main.tf", open_ssh);
    write(
        root,
        "main.tf",
        "resource \"aws_security_group\" \"web\" {\n  name = \"web\"\n}\nresource \"aws_security_group\" \"db\" {\n  name = \"db\"\n}\n\
         module \"rules\" {\n  source = \"./rules\"\n  sg_id  = aws_security_group.web.id\n}\n",
    );
    let inv = scan(root).inventory;
    assert_eq!(
        statuses(&inv, "ec2-security-group-admin-ports-open"),
        vec![("aws_security_group.db".to_owned(), Status::Pass), ("aws_security_group.web".to_owned(), Status::Fail)]
    );
    let fail = results(&inv, "ec2-security-group-admin-ports-open").into_iter().find(|r| r.status == Status::Fail);
    let location = fail.and_then(|r| r.location).map(|l| (l.file, l.span.map(|s| s.start_line)));
    assert!(location.as_ref().is_some_and(|(f, line)| f.ends_with("rules/main.tf") && *line == Some(3)), "{location:?}");
    assert!(inv.gaps.is_empty(), "{:?}", inv.gaps);

    // The group comes from a data source: the rule may change either group.
    write(
        root,
        "main.tf",
        "data \"aws_security_group\" \"shared\" {\n  name = \"shared\"\n}\nresource \"aws_security_group\" \"web\" {\n  name = \"web\"\n}\n\
         resource \"aws_security_group\" \"db\" {\n  name = \"db\"\n}\nmodule \"rules\" {\n  source = \"./rules\"\n  sg_id  = data.aws_security_group.shared.id\n}\n",
    );
    let inv = scan(root).inventory;
    let [gap] = inv.gaps.as_slice() else { panic!("{:?}", inv.gaps) };
    assert_eq!(gap.reason, onus_model::GapReason::Unresolved);
    assert_eq!(gap.kinds, vec![onus_model::ResourceKind::Ec2SecurityGroup]);
    assert!(gap.message.contains("module.rules.aws_security_group_rule.ssh (") && gap.message.contains("rules/main.tf:3)"), "{}", gap.message);
    assert!(gap.message.contains("the 2 AWS::EC2::SecurityGroup resource(s)"), "{}", gap.message);
    let r = results(&inv, "ec2-security-group-admin-ports-open");
    assert!(r.iter().any(|r| r.status == Status::Error && r.message.contains("module.rules.aws_security_group_rule.ssh")), "{r:?}");

    // A root resource naming a module's resource through its output.
    write(root, "store/main.tf", "resource \"aws_s3_bucket\" \"this\" {\n  bucket = \"store\"\n}\noutput \"id\" {\n  value = aws_s3_bucket.this.id\n}\n");
    write(
        root,
        "main.tf",
        "resource \"aws_s3_bucket_policy\" \"open\" {\n  bucket = module.store.id\n  \
         policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", Resource = \"*\" }] })\n}\n\
         module \"store\" {\n  source = \"./store\"\n}\n",
    );
    std::fs::remove_dir_all(root.join("rules")).unwrap_or_else(|e| panic!("{e}"));
    let inv = scan(root).inventory;
    assert_eq!(statuses(&inv, "s3-bucket-policy-allows-public-access"), vec![("module.store.aws_s3_bucket.this".to_owned(), Status::Fail)]);
    assert!(inv.gaps.is_empty(), "{:?}", inv.gaps);

    // The same through a plan's configuration: `var.sg_id` inside the module
    // refers to what the call's argument refers to. (Not next to the `.tf`
    // files above, which would be read for lines.)
    let plan_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = plan_dir.path().join("plan.json");
    let plan = serde_json::json!({
        "format_version": "1.2", "terraform_version": "1.9.8",
        "resource_changes": [
            {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
             "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["create"], "before": null, "after": {"name": "web", "ingress": [], "egress": []}, "after_unknown": {"id": true, "arn": true}}},
            {"address": "module.rules.aws_security_group_rule.ssh", "module_address": "module.rules", "mode": "managed",
             "type": "aws_security_group_rule", "name": "ssh", "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["create"], "before": null,
                "after": {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
                "after_unknown": {"id": true, "security_group_id": true}}}
        ],
        "configuration": {"root_module": {
            "resources": [{"address": "aws_security_group.web", "expressions": {"name": {"constant_value": "web"}}}],
            "module_calls": {"rules": {"source": "./rules",
                "expressions": {"sg_id": {"references": ["aws_security_group.web.id", "aws_security_group.web"]}},
                "module": {"resources": [{"address": "aws_security_group_rule.ssh", "expressions": {
                    "security_group_id": {"references": ["var.sg_id"]},
                    "cidr_blocks": {"constant_value": ["0.0.0.0/0"]}}}]}}}
        }}
    });
    std::fs::write(&p, plan.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let inv = scan(&p).inventory;
    assert_eq!(statuses(&inv, "ec2-security-group-admin-ports-open"), vec![("aws_security_group.web".to_owned(), Status::Fail)]);
    assert!(inv.gaps.is_empty(), "{:?}", inv.gaps);

    // The other way: the root's policy names a module's bucket through the
    // module's output (`bucket = module.store.id`).
    let public = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;
    let plan = serde_json::json!({
        "format_version": "1.2", "terraform_version": "1.9.8",
        "resource_changes": [
            {"address": "module.store.aws_s3_bucket.this", "module_address": "module.store", "mode": "managed", "type": "aws_s3_bucket",
             "name": "this", "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["create"], "before": null, "after": {"bucket": "store"}, "after_unknown": {"id": true, "arn": true, "policy": true}}},
            {"address": "aws_s3_bucket_policy.open", "mode": "managed", "type": "aws_s3_bucket_policy", "name": "open",
             "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["create"], "before": null, "after": {"policy": public}, "after_unknown": {"id": true, "bucket": true}}}
        ],
        "configuration": {"root_module": {
            "resources": [{"address": "aws_s3_bucket_policy.open", "expressions": {
                "bucket": {"references": ["module.store.id", "module.store"]}, "policy": {"constant_value": public}}}],
            "module_calls": {"store": {"source": "./store", "module": {
                "outputs": {"id": {"expression": {"references": ["aws_s3_bucket.this.id", "aws_s3_bucket.this"]}}},
                "resources": [{"address": "aws_s3_bucket.this", "expressions": {"bucket": {"constant_value": "store"}}}]}}}
        }}
    });
    std::fs::write(&p, plan.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let inv = scan(&p).inventory;
    assert_eq!(statuses(&inv, "s3-bucket-policy-allows-public-access"), vec![("module.store.aws_s3_bucket.this".to_owned(), Status::Fail)]);
    assert!(inv.gaps.is_empty(), "{:?}", inv.gaps);
}

/// As in templates: a self-management policy (`user/${aws:username}`) or a
/// user's ARN written out covers the configuration's user of that name.
#[test]
fn identity_policy_arns_cover_the_configurations_users_by_name() {
    let status = |resource: &str| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write(
            dir.path(),
            "main.tf",
            &format!(
                "resource \"aws_iam_user\" \"alice\" {{\n  name = \"alice\"\n}}\nresource \"aws_iam_user_policy\" \"self\" {{\n  user   = aws_iam_user.alice.name\n  \
                 policy = jsonencode({{ Version = \"2012-10-17\", Statement = [{{ Effect = \"Allow\", Action = \"iam:AttachUserPolicy\", Resource = \"{resource}\" }}] }})\n}}\n"
            ),
        );
        let r = results(&scan(dir.path()).inventory, "iam-principal-admin-equivalent");
        assert_eq!(r.len(), 1, "{r:?}");
        (r[0].status, r[0].message.clone())
    };
    for arn in ["arn:aws:iam::*:user/$${aws:username}", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::*:user/*"] {
        let (s, message) = status(arn);
        assert_eq!(s, Status::Fail, "{arn}: {message}");
    }
    let (s, message) = status("arn:aws:iam::*:user/bob");
    assert_eq!(s, Status::Pass, "{message}");

    // A name from a variable without a value may be bob's.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "main.tf",
        "variable \"who\" {}\nresource \"aws_iam_user\" \"someone\" {\n  name = var.who\n}\nresource \"aws_iam_user_policy\" \"self\" {\n  user   = aws_iam_user.someone.name\n  \
         policy = jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"iam:AttachUserPolicy\", Resource = \"arn:aws:iam::*:user/bob\" }] })\n}\n",
    );
    let r = results(&scan(dir.path()).inventory, "iam-principal-admin-equivalent");
    assert_eq!(r.iter().map(|r| r.status).collect::<Vec<_>>(), vec![Status::Fail], "{r:?}");
}

/// `for_each = aws_s3_bucket.all` with `bucket = each.value.id`: the
/// companions join the buckets the `for_each` walks, in a plan (by instance
/// key) and in `.tf` files (to each of them, the keys being unknown there).
#[test]
fn each_value_refers_to_what_for_each_walks() {
    let public = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}"#;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "main.tf",
        &format!(
            "variable \"names\" {{\n  default = [\"a\", \"b\"]\n}}\nresource \"aws_s3_bucket\" \"all\" {{\n  for_each = toset(var.names)\n  bucket   = each.key\n}}\n\
             resource \"aws_s3_bucket_policy\" \"open\" {{\n  for_each = aws_s3_bucket.all\n  bucket   = each.value.id\n  policy   = {public:?}\n}}\n"
        ),
    );
    let inv = scan(dir.path()).inventory;
    assert_eq!(
        statuses(&inv, "s3-bucket-policy-allows-public-access"),
        vec![("aws_s3_bucket.all[\"a\"]".to_owned(), Status::Fail), ("aws_s3_bucket.all[\"b\"]".to_owned(), Status::Fail)]
    );
    assert!(inv.gaps.is_empty(), "{:?}", inv.gaps);

    let change = |address: &str, key: &str, after: serde_json::Value, unknown: serde_json::Value| {
        let (rtype, name) = address.split_once('.').unwrap_or_default();
        serde_json::json!({
            "address": format!("{address}[\"{key}\"]"), "mode": "managed", "type": rtype, "name": name, "index": key,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": null, "after": after, "after_unknown": unknown}
        })
    };
    let plan = serde_json::json!({
        "format_version": "1.2", "terraform_version": "1.9.8",
        "resource_changes": [
            change("aws_s3_bucket.all", "a", serde_json::json!({"bucket": "a"}), serde_json::json!({"id": true, "arn": true, "policy": true})),
            change("aws_s3_bucket.all", "b", serde_json::json!({"bucket": "b"}), serde_json::json!({"id": true, "arn": true, "policy": true})),
            change("aws_s3_bucket_policy.open", "a", serde_json::json!({"policy": public}), serde_json::json!({"id": true, "bucket": true})),
        ],
        "configuration": {"root_module": {"resources": [
            {"address": "aws_s3_bucket.all", "expressions": {"bucket": {"references": ["each.key"]}}, "for_each_expression": {"references": ["var.names"]}},
            {"address": "aws_s3_bucket_policy.open", "expressions": {"bucket": {"references": ["each.value.id", "each.value"]}, "policy": {"constant_value": public}},
             "for_each_expression": {"references": ["aws_s3_bucket.all"]}}
        ]}}
    });
    let plan_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = plan_dir.path().join("plan.json");
    std::fs::write(&p, plan.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let inv = scan(&p).inventory;
    assert_eq!(
        statuses(&inv, "s3-bucket-policy-allows-public-access"),
        vec![("aws_s3_bucket.all[\"a\"]".to_owned(), Status::Fail), ("aws_s3_bucket.all[\"b\"]".to_owned(), Status::Pass)]
    );
    assert!(inv.gaps.is_empty(), "{:?}", inv.gaps);
}
