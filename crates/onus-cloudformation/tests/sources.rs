//! Templates: parameters, conditions, mappings, intrinsics, JSON, SAM,
//! suppressions, and bad input (unknown tags, cycles, malformed YAML).

use onus_checks::{CHECKS, CheckResult, Status, evaluate};
use onus_cloudformation::{CfnError, read_template, scan_path};
use onus_model::resources::{backup, containers, kms, messaging, rds, s3};
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
  Setting:
    Type: AWS::SSM::Parameter
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
    assert_eq!(unsupported.get("AWS::SSM::Parameter"), Some(&1));
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

fn unknown_detail<T>(a: &Attr<T>) -> String {
    match a {
        Attr::Unknown(u) => u.unknown.detail.clone().unwrap_or_default(),
        Attr::Known(_) => panic!("expected an unknown value"),
    }
}

#[test]
fn deploy_time_values_are_set_but_parameters_stay_unknown() {
    let text = r#"
Parameters:
  KeyId:
    Type: String
Resources:
  Key:
    Type: AWS::KMS::Key
  ByRef:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !Ref Key
  ByJoin:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !Join ['', ['arn:aws:kms:', !Ref 'AWS::Region', ':', !Ref 'AWS::AccountId', ':alias/app']]
  ByParameter:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !Ref KeyId
"#;
    let inv = ok(text, &[]);
    let t: &messaging::Topic = props(&inv, "ByRef");
    assert_eq!(t.kms_master_key_id, Attr::Known(Some("${Key}".to_owned())));
    let t: &messaging::Topic = props(&inv, "ByJoin");
    assert_eq!(t.kms_master_key_id, Attr::Known(Some("arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/app".to_owned())));
    // A parameter without a value could be anything, even no key.
    let t: &messaging::Topic = props(&inv, "ByParameter");
    assert!(matches!(&t.kms_master_key_id, Attr::Unknown(u) if u.unknown.cause == UnknownCause::Unresolvable));
    let r = results(&inv, "sns-topic-unencrypted");
    let by: BTreeMap<&str, Status> = r.iter().map(|x| (x.resource.name.as_str(), x.status)).collect();
    assert_eq!(by.get("ByRef"), Some(&Status::Pass));
    assert_eq!(by.get("ByParameter"), Some(&Status::Unknown));
}

const POLICIES: &str = r#"
Parameters:
  Partner:
    Type: String
Resources:
  Orders:
    Type: AWS::SQS::Queue
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
  OrdersPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Orders]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Orders.Arn
            Condition:
              ArnEquals: {aws:SourceArn: !GetAtt Rule.Arn}
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}
            Action: sqs:*
            Resource: !Sub 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:orders'
          - Effect: Deny
            Principal: '*'
            Action: sqs:DeleteQueue
            Resource: !Sub 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:orders'
  Twice:
    Type: AWS::SQS::Queue
  TwicePolicyA:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Twice]
      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: sqs:SendMessage, Resource: '*'}]}
  TwicePolicyB:
    Type: AWS::SQS::QueueInlinePolicy
    Properties:
      Queue: !Ref Twice
      PolicyDocument: {Statement: [{Effect: Deny, Principal: '*', Action: 'sqs:*', Resource: '*'}]}
  Partnered:
    Type: AWS::SNS::Topic
  PartneredPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Partnered]
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {AWS: !Ref Partner}, Action: sns:Publish, Resource: !Ref Partnered}
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText: !Sub '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${AWS::AccountId}:root"}, "Action": "ecr:BatchGetImage"}]}'
  Key:
    Type: AWS::KMS::Key
  Vault:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: vault
      AccessPolicy:
        Statement:
          - {Effect: Deny, Principal: '*', Action: 'backup:DeleteRecoveryPoint', Resource: '*'}
"#;

#[test]
fn resource_policies_are_json_with_what_the_template_can_say() {
    let inv = ok(POLICIES, &[]);
    let q: &messaging::Queue = props(&inv, "Orders");
    let Attr::Known(Some(doc)) = &q.policy else { panic!("{:?}", q.policy) };
    // The queue itself, by reference: `*` in its own policy.
    assert_eq!(doc.pointer("/Statement/0/Resource"), Some(&serde_json::json!("*")));
    // Another resource's ARN: a definite value, kept as written.
    assert_eq!(doc.pointer("/Statement/0/Condition/ArnEquals/aws:SourceArn"), Some(&serde_json::json!("${Rule.Arn}")));
    // The template's account: where the template's own principals are.
    assert_eq!(doc.pointer("/Statement/1/Principal/AWS"), Some(&serde_json::json!("arn:aws:iam::111111111111:root")));
    // Named by pseudo parameters: widened in an Allow, kept (matching nothing) in a Deny.
    assert_eq!(doc.pointer("/Statement/1/Resource"), Some(&serde_json::json!("*")));
    assert_eq!(doc.pointer("/Statement/2/Resource"), Some(&serde_json::json!("arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:orders")));

    // Two resources set one queue's policy: the last deployed wins, which a template does not say.
    let q: &messaging::Queue = props(&inv, "Twice");
    assert!(unknown_detail(&q.policy).contains("2 resources set this policy"));
    // A parameter without a value, named by its place in the document.
    let t: &messaging::Topic = props(&inv, "Partnered");
    assert!(unknown_detail(&t.policy).starts_with("PolicyDocument.Statement.0.Principal.AWS: parameter Partner"), "{:?}", t.policy);
    // A JSON string built by Fn::Sub.
    let r: &containers::Repository = props(&inv, "Images");
    let Attr::Known(Some(doc)) = &r.policy else { panic!("{:?}", r.policy) };
    assert_eq!(doc.pointer("/Statement/0/Principal/AWS"), Some(&serde_json::json!("arn:aws:iam::111111111111:root")));
    // No KeyPolicy: KMS attaches its default policy, the account through IAM.
    let k: &kms::Key = props(&inv, "Key");
    let Attr::Known(Some(doc)) = &k.policy else { panic!("{:?}", k.policy) };
    assert_eq!(doc.pointer("/Statement/0/Principal/AWS"), Some(&serde_json::json!("arn:aws:iam::111111111111:root")));
    let v: &backup::BackupVault = props(&inv, "Vault");
    assert!(matches!(&v.access_policy, Attr::Known(Some(_))));

    // With the parameter given, the topic policy is known.
    let inv = ok(POLICIES, &[("Partner", "444455556666")]);
    let t: &messaging::Topic = props(&inv, "Partnered");
    let Attr::Known(Some(doc)) = &t.policy else { panic!("{:?}", t.policy) };
    assert_eq!(doc.pointer("/Statement/0/Principal/AWS"), Some(&serde_json::json!("444455556666")));
    assert_eq!(doc.pointer("/Statement/0/Resource"), Some(&serde_json::json!("*")));
}

#[test]
fn lambda_permissions_and_trust_policies() {
    let text = r#"
Resources:
  GitHub:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: https://token.actions.githubusercontent.com
      ClientIdList: [sts.amazonaws.com]
  Deploy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Federated: !Ref GitHub}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringLike: {'token.actions.githubusercontent.com:sub': 'repo:example/app:ref:refs/heads/main'}
      Policies:
        - PolicyName: read-bucket
          PolicyDocument:
            Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: !Sub '${Bucket.Arn}/*'}]
  Bucket:
    Type: AWS::S3::Bucket
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Deploy.Arn
      Code: {ZipFile: 'def handler(event, context): pass'}
  FromBucket:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Handler.Arn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceAccount: !Ref AWS::AccountId
      SourceArn: !GetAtt Bucket.Arn
  FromAccount:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Handler
      Action: lambda:InvokeFunction
      Principal: '444455556666'
"#;
    let inv = ok(text, &[]);
    let role: &onus_model::resources::iam::Role = props(&inv, "Deploy");
    let Attr::Known(trust) = &role.assume_role_policy else { panic!("{:?}", role.assume_role_policy) };
    // The provider of the template, by its ARN: the check can see it is GitHub's.
    assert_eq!(
        trust.pointer("/Statement/0/Principal/Federated"),
        Some(&serde_json::json!("arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"))
    );
    let Attr::Known(inline) = &role.inline_policies else { panic!("{:?}", role.inline_policies) };
    assert_eq!(inline[0].document.pointer("/Statement/0/Resource"), Some(&serde_json::json!("${Bucket.Arn}/*")));

    let f: &onus_model::resources::lambda::Function = props(&inv, "Handler");
    let Attr::Known(Some(policy)) = &f.policy else { panic!("{:?}", f.policy) };
    assert_eq!(
        policy.pointer("/Statement/0"),
        Some(&serde_json::json!({
            "Sid": "FromBucket", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": "*",
            "Condition": {"ArnLike": {"AWS:SourceArn": "${Bucket.Arn}"}, "StringEquals": {"AWS:SourceAccount": "111111111111"}}
        }))
    );
    assert_eq!(policy.pointer("/Statement/1/Principal"), Some(&serde_json::json!({"AWS": "444455556666"})));
}

#[test]
fn region_services_a_template_can_enable_but_not_show_missing() {
    let text = r#"
Resources:
  Hub:
    Type: AWS::SecurityHub::Hub
  UnusedAccess:
    Type: AWS::AccessAnalyzer::Analyzer
    Properties:
      Type: ACCOUNT_UNUSED_ACCESS
  Recorder:
    Type: AWS::Config::ConfigurationRecorder
    Properties:
      RoleARN: arn:aws:iam::111122223333:role/config
  Certificate:
    Type: AWS::CertificateManager::Certificate
    Properties:
      DomainName: app.example.com
      ValidationMethod: DNS
"#;
    let inv = ok(text, &[]);
    assert_eq!(results(&inv, "securityhub-not-enabled")[0].status, Status::Pass);
    // Only an unused-access analyzer in the template: others may exist in the region.
    assert_eq!(results(&inv, "iam-access-analyzer-not-enabled")[0].status, Status::Unknown);
    // No delivery channel in the template: whether the recorder runs is not the template's to say.
    let r = results(&inv, "config-recorder-disabled");
    assert_eq!(r[0].status, Status::Unknown);
    assert!(r[0].message.contains("DeliveryChannel"), "{}", r[0].message);
    // A requested certificate has no validity period yet.
    assert_eq!(results(&inv, "acm-certificate-expiring")[0].status, Status::Unknown);

    let text = format!("{text}  External:\n    Type: AWS::AccessAnalyzer::Analyzer\n    Properties:\n      Type: ACCOUNT\n");
    let inv = ok(&text, &[]);
    let r = results(&inv, "iam-access-analyzer-not-enabled");
    assert!(r.len() == 2 && r.iter().all(|x| x.status == Status::Pass), "{r:?}");
}

#[test]
fn clusters_restored_or_global_follow_their_source() {
    let text = r#"
Resources:
  Restored:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      SnapshotIdentifier: arn:aws:rds:us-east-1:111122223333:cluster-snapshot:orders-2026-01-01
  Secondary:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      GlobalClusterIdentifier: orders-global
"#;
    let inv = ok(text, &[]);
    for id in ["Restored", "Secondary"] {
        let c: &rds::DbCluster = props(&inv, id);
        assert!(matches!(&c.storage_encrypted, Attr::Unknown(u) if u.unknown.cause == UnknownCause::ComputedAtApply), "{id}");
    }
}

const IAM: &str = r#"
Parameters:
  ExternalGroup:
    Type: String
Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      Path: /services/
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns:
        - !Ref Shared
        - arn:aws:iam::aws:policy/ReadOnlyAccess
      PermissionsBoundary: !GetAtt Boundary.PolicyArn
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [app]
  Host:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: !Ref Profile
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt App.Arn
      Code: {ZipFile: 'def handler(event, context): pass'}
  Bucket:
    Type: AWS::S3::Bucket
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: shared
      Groups: [!Ref Ops]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: iam:PassRole, Resource: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/services/app'}
          - {Effect: Allow, Action: s3:GetObject, Resource: !Sub '${Bucket.Arn}/*'}
          - {Effect: Allow, Action: iam:GetRole, Resource: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/app'}
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}
  Ops:
    Type: AWS::IAM::Group
    Properties:
      GroupName: ops
  OpsExtra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: ops-extra
      Groups: [ops]
      # Without a version, `${` is literal text to IAM: nothing to escape.
      PolicyDocument: {Statement: [{Effect: Allow, Action: iam:PassRole, Resource: !GetAtt App.Arn}]}
  Bob:
    Type: AWS::IAM::User
    Properties:
      Groups: [ops, legacy-admins]
      ManagedPolicyArns: [!Sub 'arn:aws:iam::${AWS::AccountId}:policy/shared']
  Carol:
    Type: AWS::IAM::User
  CarolToOps:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Ops
      Users: [!Ref Carol]
  Dave:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref ExternalGroup]
"#;

#[test]
fn iam_entities_are_known_by_their_ids_and_references_resolve_to_them() {
    use onus_model::resources::{ec2, iam, lambda};
    let inv = ok(IAM, &[]);
    let known = |s: &str| Attr::Known(s.to_owned());
    let strings = |v: &[&str]| Attr::Known(v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());

    let role: &iam::Role = props(&inv, "App");
    assert_eq!(role.arn, known("template.yaml#App"));
    // A managed policy of the template by its `Ref`; an AWS managed policy as written.
    assert_eq!(role.attached_policy_arns, strings(&["template.yaml#Shared", "arn:aws:iam::aws:policy/ReadOnlyAccess"]));
    assert_eq!(role.permissions_boundary_arn, Attr::Known(Some("template.yaml#Boundary".to_owned())));
    // The profile names the role by its literal name; the instance names the profile by `Ref`.
    assert_eq!(role.instance_profile_arns, strings(&["template.yaml#Profile"]));
    let host: &ec2::Instance = props(&inv, "Host");
    assert_eq!(host.iam_instance_profile_arn, Attr::Known(Some("template.yaml#Profile".to_owned())));
    let f: &lambda::Function = props(&inv, "Handler");
    assert_eq!(f.role_arn, Attr::Known(Some("template.yaml#App".to_owned())));

    let shared: &iam::ManagedPolicy = props(&inv, "Shared");
    assert_eq!(shared.arn, known("template.yaml#Shared"));
    assert_eq!(shared.aws_managed, Attr::Known(false));
    let Attr::Known(doc) = &shared.document else { panic!("{:?}", shared.document) };
    // The role by the ARN its path and name give it.
    assert_eq!(doc.pointer("/Statement/0/Resource"), Some(&serde_json::json!("template.yaml#App")));
    assert_eq!(doc.pointer("/Statement/1/Resource"), Some(&serde_json::json!("${Bucket.Arn}/*")));
    // Without the role's path, the ARN is another role's.
    assert_eq!(doc.pointer("/Statement/2/Resource"), Some(&serde_json::json!("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/app")));

    let ops: &iam::Group = props(&inv, "Ops");
    assert_eq!(ops.arn, known("template.yaml#Ops"));
    assert_eq!(ops.attached_policy_arns, strings(&["template.yaml#Shared"]));
    let Attr::Known(inline) = &ops.inline_policies else { panic!("{:?}", ops.inline_policies) };
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].name, "ops-extra");
    assert_eq!(inline[0].document.pointer("/Statement/0/Resource"), Some(&serde_json::json!("template.yaml#App")));

    // Groups of the template by logical id (the inventory's name for them), others as written.
    let bob: &iam::User = props(&inv, "Bob");
    assert_eq!(bob.arn, known("template.yaml#Bob"));
    assert_eq!(bob.groups, strings(&["Ops", "legacy-admins"]));
    assert_eq!(bob.attached_policy_arns, strings(&["template.yaml#Shared"]));
    let carol: &iam::User = props(&inv, "Carol");
    assert_eq!(carol.groups, strings(&["Ops"]));
    let dave: &iam::User = props(&inv, "Dave");
    assert!(unknown_detail(&dave.groups).contains("ExternalGroup"), "{:?}", dave.groups);

    // The AWS managed policy is not in the template: the role cannot be decided.
    let r = results(&inv, "iam-principal-admin-equivalent");
    let by: BTreeMap<&str, Status> = r.iter().map(|x| (x.resource.name.as_str(), x.status)).collect();
    assert_eq!(by.get("App"), Some(&Status::Unknown));
    assert_eq!(by.get("Bob"), Some(&Status::Unknown), "legacy-admins is not in the template");
    assert_eq!(by.get("Carol"), Some(&Status::Pass));
}

#[test]
fn templates_scanned_together_keep_their_entities_apart() {
    // The same logical ids in two templates are two roles and two policies.
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let role = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Worker:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}\n      ManagedPolicyArns: [!Ref Permissions]\n";
    let read_only = "  Permissions:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}\n";
    let everything = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Permissions:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}\n";
    for (name, text) in [("a.yaml", format!("{role}{read_only}")), ("b.yaml", everything.to_owned())] {
        if let Err(e) = std::fs::write(dir.path().join(name), text) {
            panic!("{e}");
        }
    }
    let scanned = match scan_path(dir.path(), &BTreeMap::new()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let r = results(&scanned.inventory, "iam-principal-admin-equivalent");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].status, Status::Pass, "{}", r[0].message);
}

#[test]
fn compute_and_trust_policies_link_to_the_roles_of_the_template() {
    let text = r#"
Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Principal: {Service: [ec2.amazonaws.com, lambda.amazonaws.com]}, Action: sts:AssumeRole}
          - {Effect: Allow, Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Actor}'}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: everything
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}
  AdminProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Admin]
  Host:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      IamInstanceProfile: !Ref AdminProfile
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Admin.Arn
      Code: {ZipFile: 'def handler(event, context): pass'}
  Actor:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}]
  Operator:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: run-commands
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'ssm:SendCommand', Resource: '*'}]}
  Patcher:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: patch-code
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'lambda:UpdateFunctionCode', Resource: '*'}]}
"#;
    let inv = ok(text, &[]);
    let r = results(&inv, "iam-privilege-escalation-path");
    let message = |name: &str| match r.iter().find(|x| x.resource.name == name) {
        Some(x) if x.status == Status::Fail => x.message.clone(),
        other => panic!("{name}: {other:?}"),
    };
    // The instance's profile holds the role; the function runs as it; its trust policy names the actor.
    assert!(message("Operator").contains("runs a command on an instance"), "{}", message("Operator"));
    assert!(message("Patcher").contains("replaces the code of a Lambda function"), "{}", message("Patcher"));
    assert!(message("Actor").contains("assumes the role"), "{}", message("Actor"));
}

/// Self-management policies (`user/${aws:username}`) and IAM ARNs written out
/// in full cover the template's users: an Allow generously (any account, the
/// user's own name), a Deny only where it surely applies.
#[test]
fn identity_policy_arns_cover_the_templates_users_by_name() {
    let template = |resource: &str, deny: &str| {
        format!(
            r#"
Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: self
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: iam:AttachUserPolicy
                Resource: "{resource}"
{deny}
"#
        )
    };
    let status = |text: &str| {
        let r = results(&ok(text, &[]), "iam-principal-admin-equivalent");
        assert_eq!(r.len(), 1, "{r:?}");
        (r[0].status, r[0].message.clone())
    };
    for arn in ["arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::123456789012:user/alice"] {
        let (s, message) = status(&template(arn, ""));
        assert_eq!(s, Status::Fail, "{arn}: {message}");
    }
    let (s, message) = status(&template("arn:aws:iam::*:user/bob", ""));
    assert_eq!(s, Status::Pass, "{message}");
    // A Deny of `${aws:username}` is not taken to cover alice (it would, once
    // deployed, only for her own requests — which is what the Allow grants).
    let deny = "              - Effect: Deny\n                Action: iam:AttachUserPolicy\n                Resource: \"arn:aws:iam::*:user/${aws:username}\"";
    let (s, message) = status(&template("arn:aws:iam::*:user/${aws:username}", deny));
    assert_eq!(s, Status::Fail, "{message}");
    // A Deny naming her outright does.
    let deny = "              - Effect: Deny\n                Action: iam:AttachUserPolicy\n                Resource: \"arn:aws:iam::*:user/alice\"";
    let (s, message) = status(&template("arn:aws:iam::*:user/${aws:username}", deny));
    assert_eq!(s, Status::Pass, "{message}");
}
