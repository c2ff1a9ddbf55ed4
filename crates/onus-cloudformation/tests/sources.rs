//! Templates: parameters, conditions, mappings, intrinsics, JSON, SAM,
//! suppressions, and bad input (unknown tags, cycles, malformed YAML).

use onus_checks::{CHECKS, CheckResult, Status, evaluate};
use onus_cloudformation::{CfnError, read_template, scan_path};
use onus_model::resources::{rds, s3};
use onus_model::{Attr, Inventory, Resource, UnknownCause};
use std::collections::BTreeMap;

fn read(text: &str, params: &[(&str, &str)]) -> Result<Vec<Resource>, CfnError> {
    let params: BTreeMap<String, String> = params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    read_template("template.yaml", text, &params, &mut BTreeMap::new())
}

fn ok(text: &str, params: &[(&str, &str)]) -> Inventory {
    let resources = match read(text, params) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let mut inv = Inventory::new(onus_model::ScanMetadata {
        source: onus_model::SourceKind::CloudFormation,
        accounts: vec![],
        regions: vec![],
        collected_at: chrono::Utc::now(),
        onus_version: "test".into(),
        inputs: vec![],
        description: None,
    });
    inv.resources = resources;
    inv
}

fn results(inv: &Inventory, check: &str) -> Vec<CheckResult> {
    let Some(c) = CHECKS.iter().copied().find(|c| c.meta().id == check) else { panic!("no check {check}") };
    evaluate(inv, &[c])
}

fn props<'a, T: onus_model::ResourceType>(inv: &'a Inventory, id: &str) -> &'a T {
    match inv.resources.iter().find(|r| r.name == id).and_then(|r| r.props::<T>()) {
        Some(p) => p,
        None => panic!("{id} missing"),
    }
}

const DB: &str = r#"
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: dev
  Encrypt:
    Type: String
Mappings:
  Retention:
    dev: {Days: 1}
    prod: {Days: 14}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: !Sub 'db.${Size}.micro'
      PubliclyAccessible: !If [IsDev, true, false]
      BackupRetentionPeriod: !FindInMap [Retention, !Ref Env, Days]
      StorageEncrypted: !Ref Encrypt
  DevOnly:
    Type: AWS::S3::Bucket
    Condition: IsDev
  Topic:
    Type: AWS::SNS::Topic
"#;

#[test]
fn parameters_conditions_and_mappings_resolve() {
    let inv = ok(DB, &[]);
    let db: &rds::DbInstance = props(&inv, "Db");
    assert_eq!(db.publicly_accessible, Attr::Known(true));
    assert_eq!(db.backup_retention_period, Attr::Known(1));
    // No default and no --parameter: unknown, never guessed.
    assert!(matches!(&db.storage_encrypted, Attr::Unknown(u) if u.unknown.cause == UnknownCause::Unresolvable));
    // ${Size} names nothing: the whole string is unknown.
    assert!(!db.instance_class.is_known());
    assert!(inv.resources.iter().any(|r| r.name == "DevOnly"));

    let inv = ok(DB, &[("Env", "prod"), ("Encrypt", "true")]);
    let db: &rds::DbInstance = props(&inv, "Db");
    assert_eq!(db.publicly_accessible, Attr::Known(false));
    assert_eq!(db.backup_retention_period, Attr::Known(14));
    assert_eq!(db.storage_encrypted, Attr::Known(true));
    // The condition is false: the bucket is not created.
    assert!(!inv.resources.iter().any(|r| r.name == "DevOnly"));
    assert_eq!(results(&inv, "rds-instance-storage-unencrypted")[0].status, Status::Pass);
}

#[test]
fn unsupported_types_are_counted() {
    let mut unsupported = BTreeMap::new();
    let r = read_template("t.yaml", DB, &BTreeMap::new(), &mut unsupported);
    assert!(r.is_ok());
    assert_eq!(unsupported.get("AWS::SNS::Topic"), Some(&1));
}

#[test]
fn json_templates_have_lines_too() {
    let text = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Logs": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "VersioningConfiguration": {
          "Status": "Suspended"
        }
      }
    }
  }
}"#;
    let inv = ok(text, &[]);
    let r = results(&inv, "s3-bucket-versioning-disabled");
    assert_eq!(r[0].status, Status::Fail);
    assert_eq!(r[0].location.as_ref().and_then(|l| l.span).map(|s| s.start_line), Some(8));
    assert_eq!(inv.resources[0].provenance.span().map(|s| s.start_line), Some(4));
}

#[test]
fn metadata_and_comment_suppressions_mute_with_their_reason() {
    let text = r#"AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Metadata:
      onus:
        ignore:
          - check: s3-bucket-versioning-disabled
            reason: static site rebuilt from git on every deploy
  # onus:ignore s3-bucket-versioning-disabled scratch space, emptied nightly
  Scratch:
    Type: AWS::S3::Bucket
  Kept:
    Type: AWS::S3::Bucket
"#;
    let inv = ok(text, &[]);
    let r = results(&inv, "s3-bucket-versioning-disabled");
    let by: BTreeMap<&str, (Status, Option<&str>)> =
        r.iter().map(|x| (x.resource.name.as_str(), (x.status, x.muted.as_ref().map(|m| m.reason.as_str())))).collect();
    assert_eq!(by.get("Site"), Some(&(Status::Muted, Some("static site rebuilt from git on every deploy"))));
    assert_eq!(by.get("Scratch"), Some(&(Status::Muted, Some("scratch space, emptied nightly"))));
    assert_eq!(by.get("Kept"), Some(&(Status::Fail, None)));
    let site = r.iter().find(|x| x.resource.name == "Site").and_then(|x| x.muted.as_ref());
    assert_eq!(site.and_then(|m| m.entry.as_deref()), Some("template.yaml:8"));
}

#[test]
fn a_suppression_without_a_reason_is_an_error() {
    let text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Metadata:\n      onus:\n        ignore:\n          - check: s3-bucket-versioning-disabled\n";
    match read(text, &[]) {
        Err(e @ CfnError::SuppressionWithoutReason { line: 7, .. }) => assert!(e.to_string().contains("template.yaml:7")),
        other => panic!("expected a suppression error, got {other:?}"),
    }
    let text = "Resources:\n  # onus:ignore s3-bucket-versioning-disabled\n  B:\n    Type: AWS::S3::Bucket\n";
    assert!(matches!(read(text, &[]), Err(CfnError::SuppressionWithoutReason { line: 2, .. })));
}

#[test]
fn an_unknown_tag_is_an_error_naming_the_line() {
    let text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Reff Name\n";
    match read(text, &[]) {
        Err(e @ CfnError::UnknownTag { line: 5, .. }) => assert!(e.to_string().contains("!Reff"), "{e}"),
        other => panic!("expected an unknown-tag error, got {other:?}"),
    }
}

#[test]
fn circular_references_are_an_error_not_a_hang() {
    let text = r#"Resources:
  A:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Ref B
  B:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !GetAtt C.GroupId
  C:
    Type: AWS::EC2::SecurityGroup
    DependsOn: A
"#;
    match read(text, &[]) {
        Err(e @ CfnError::Cycle { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("A → B → C → A"), "{msg}");
        }
        other => panic!("expected a cycle error, got {other:?}"),
    }
    let text = "Conditions:\n  X: !Condition Y\n  Y: !Not [!Condition X]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n";
    assert!(matches!(read(text, &[]), Err(CfnError::Cycle { .. })));
}

#[test]
fn malformed_yaml_is_an_error_naming_the_line() {
    let text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n  C: 1\n";
    match read(text, &[]) {
        Err(e @ CfnError::Yaml { line, .. }) => {
            assert!(line >= 4, "{e}");
            assert!(e.to_string().starts_with("template.yaml:"), "{e}");
        }
        other => panic!("expected a YAML error, got {other:?}"),
    }
    assert!(matches!(read("just: a mapping\n", &[]), Err(CfnError::NotATemplate { .. })));
    // Truncated JSON.
    assert!(matches!(read("{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bu", &[]), Err(CfnError::Yaml { .. })));
}

#[test]
fn sam_functions_map_to_lambda_functions() {
    let text = r#"Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs16.x
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      CodeUri: src/
      FunctionUrlConfig:
        AuthType: AWS_IAM
"#;
    let inv = ok(text, &[]);
    let f: &onus_model::resources::lambda::Function = props(&inv, "Api");
    assert_eq!(f.runtime, Attr::Known(Some("nodejs16.x".to_owned())));
    assert_eq!(f.url_auth_type, Attr::Known(Some("AWS_IAM".to_owned())));
    assert_eq!(results(&inv, "lambda-function-runtime-deprecated")[0].status, Status::Fail);
}

#[test]
fn a_directory_scan_finds_templates_recursively() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let nested = dir.path().join("stacks/storage");
    std::fs::create_dir_all(&nested).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(nested.join("bucket.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("values.yaml"), "replicas: 3\n").unwrap_or_else(|e| panic!("{e}"));
    let scanned = match scan_path(dir.path(), &BTreeMap::new()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(scanned.inventory.resources.len(), 1);
    let b: &s3::Bucket = props(&scanned.inventory, "B");
    assert_eq!(b.public_access_block, Attr::Known(None));
}
