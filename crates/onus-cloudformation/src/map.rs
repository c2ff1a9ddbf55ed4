//! From CloudFormation resource types to inventory kinds.
//!
//! Struct literals end in `..Default::default()` so that a property added to
//! the model later is `not_collected` here until it is mapped.
//!
//! Companion resources (bucket, queue and topic policies, flow logs, ACL
//! entries, rotation schedules, logging configurations…) are joined to the
//! resource their `Ref`/`Fn::GetAtt` names. A value AWS fixes at deploy time
//! (`!Ref Key`, `!GetAtt Key.Arn`, `${AWS::AccountId}`) is kept as its symbol
//! where what matters is that it is set and definite (a KMS key id, a
//! principal in a policy); a parameter without a value stays unknown. Resource
//! policies are mapped as JSON by `resolve_policy` (see there for the rules).
//! IAM roles, users, groups, managed policies and instance profiles are known by
//! their inventory id until deployed, and references to them resolve to it (see
//! the IAM section).
#![allow(clippy::needless_update)]

use crate::template::RawResource;
use crate::value::{Lookup, as_bool, as_i64, as_policy, as_string, as_u32, cfn_references, contains_unknown, is_unknown, lookup, read, read_opt, read_strings, symbol_of, to_unknown};
use onus_model::resources::{acm, backup, cloudtrail, config, containers, dynamodb, ec2, efs, elbv2, guardduty, iam, kms, lambda, logs, messaging, rds, s3, secretsmanager, securityhub, wafv2};
use onus_model::{Attr, Properties, Provenance, Resource, UnknownCause};
use onus_model::source_value::UNNAMED_ACCOUNT;
use serde_json::Value;
use std::collections::BTreeMap;

/// Types joined into another resource rather than mapped on their own.
pub const COMPANION_TYPES: &[&str] = &[
    "AWS::S3::BucketPolicy",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::LaunchTemplate",
    "AWS::IAM::AccessKey",
    "AWS::Lambda::Url",
    "AWS::Lambda::Permission",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::IAM::Policy",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::GroupPolicy",
    "AWS::IAM::UserToGroupAddition",
    "AWS::IAM::InstanceProfile",
    "AWS::EC2::FlowLog",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::ImageBuilder::DistributionConfiguration",
    "AWS::Config::DeliveryChannel",
    "AWS::SecretsManager::RotationSchedule",
    "AWS::SecretsManager::ResourcePolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::SQS::QueueInlinePolicy",
    "AWS::SNS::TopicPolicy",
    "AWS::SNS::TopicInlinePolicy",
    "AWS::Logs::MetricFilter",
    "AWS::WAFv2::LoggingConfiguration",
    "AWS::WAFv2::WebACLAssociation",
];

/// Types mapped to an inventory kind.
pub const PRIMARY_TYPES: &[&str] = &[
    "AWS::S3::Bucket",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::Instance",
    "AWS::EC2::Volume",
    "AWS::IAM::User",
    "AWS::KMS::Key",
    "AWS::CloudTrail::Trail",
    "AWS::RDS::DBInstance",
    "AWS::Lambda::Function",
    "AWS::Serverless::Function",
    "AWS::DynamoDB::Table",
    "AWS::GuardDuty::Detector",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::IAM::Role",
    "AWS::IAM::Group",
    "AWS::IAM::ManagedPolicy",
    "AWS::EC2::VPC",
    "AWS::EC2::NetworkAcl",
    "AWS::ImageBuilder::Image",
    "AWS::RDS::DBCluster",
    "AWS::EFS::FileSystem",
    "AWS::Config::ConfigurationRecorder",
    "AWS::SecurityHub::Hub",
    "AWS::AccessAnalyzer::Analyzer",
    "AWS::EKS::Cluster",
    "AWS::ECR::Repository",
    "AWS::SecretsManager::Secret",
    "AWS::SQS::Queue",
    "AWS::SNS::Topic",
    "AWS::CertificateManager::Certificate",
    "AWS::Logs::LogGroup",
    "AWS::WAFv2::WebACL",
    "AWS::Backup::BackupVault",
];

struct Ctx<'a> {
    file: &'a str,
    raws: &'a [RawResource],
    globals: &'a Value,
}

impl<'a> Ctx<'a> {
    fn children(&self, parent: &RawResource, types: &[&str], attr: &str) -> Vec<&'a RawResource> {
        self.raws
            .iter()
            .filter(|r| types.contains(&r.rtype.as_str()))
            .filter(|r| r.refs.get(attr).is_some_and(|refs| refs.contains(&parent.logical_id)))
            .collect()
    }

    fn by_id(&self, id: &str) -> Option<&'a RawResource> {
        self.raws.iter().find(|r| r.logical_id == id)
    }
}

fn resource(ctx: &Ctx<'_>, raw: &RawResource, props: impl Into<Properties>, spans: &[(&str, &RawResource, &str)]) -> Resource {
    let mut attribute_spans = BTreeMap::new();
    for (field, src, path) in spans {
        let span = if path.is_empty() { Some(src.span) } else { src.spans.get(*path).copied() };
        if let Some(span) = span {
            attribute_spans.entry((*field).to_owned()).or_insert(span);
        }
    }
    let tags = match lookup(&raw.props, "Tags") {
        Lookup::Found(Value::Array(items)) => items
            .iter()
            .filter_map(|t| Some((t.get("Key")?.as_str()?.to_owned(), t.get("Value")?.as_str()?.to_owned())))
            .collect(),
        Lookup::Found(Value::Object(m)) => m.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned()))).collect(),
        _ => BTreeMap::new(),
    };
    Resource {
        id: resource_id(ctx, raw),
        name: raw.logical_id.clone(),
        account: None,
        region: None,
        tags,
        provenance: Provenance::CloudFormation { file: ctx.file.to_owned(), logical_id: raw.logical_id.clone(), span: Some(raw.span) },
        attribute_spans,
        attribute_files: BTreeMap::new(),
        suppressions: raw.suppressions.clone(),
        properties: props.into(),
    }
}

/// A resource's inventory id: `file#LogicalId`.
fn resource_id(ctx: &Ctx<'_>, raw: &RawResource) -> String {
    format!("{}#{}", ctx.file, raw.logical_id)
}

trait MapKnown<T> {
    fn map_known<U>(self, f: impl FnOnce(T) -> U) -> Attr<U>;
}

impl<T> MapKnown<T> for Attr<T> {
    fn map_known<U>(self, f: impl FnOnce(T) -> U) -> Attr<U> {
        match self {
            Attr::Known(t) => Attr::Known(f(t)),
            Attr::Unknown(u) => Attr::Unknown(u),
        }
    }
}

/// Maps a template's resources; unmapped types are counted in `unsupported`.
pub fn map(file: &str, raws: &[RawResource], globals: &Value, unsupported: &mut BTreeMap<String, usize>) -> Vec<Resource> {
    let ctx = Ctx { file, raws, globals };
    let mut out = Vec::new();
    for raw in raws {
        let r = match raw.rtype.as_str() {
            "AWS::S3::Bucket" => Some(bucket(&ctx, raw)),
            "AWS::EC2::SecurityGroup" => Some(security_group(&ctx, raw)),
            "AWS::EC2::Instance" => Some(instance(&ctx, raw)),
            "AWS::EC2::Volume" => Some(volume(&ctx, raw)),
            "AWS::IAM::User" => Some(user(&ctx, raw)),
            "AWS::KMS::Key" => Some(kms_key(&ctx, raw)),
            "AWS::CloudTrail::Trail" => Some(trail(&ctx, raw)),
            "AWS::RDS::DBInstance" => Some(db_instance(&ctx, raw)),
            "AWS::Lambda::Function" | "AWS::Serverless::Function" => Some(function(&ctx, raw)),
            "AWS::DynamoDB::Table" => Some(table(&ctx, raw)),
            "AWS::GuardDuty::Detector" => Some(detector(&ctx, raw)),
            "AWS::ElasticLoadBalancingV2::Listener" => Some(listener(&ctx, raw)),
            "AWS::IAM::Role" => Some(role(&ctx, raw)),
            "AWS::IAM::Group" => Some(group(&ctx, raw)),
            "AWS::IAM::ManagedPolicy" => Some(managed_policy(&ctx, raw)),
            "AWS::EC2::VPC" => Some(vpc(&ctx, raw)),
            "AWS::EC2::NetworkAcl" => Some(network_acl(&ctx, raw)),
            "AWS::ImageBuilder::Image" => Some(image(&ctx, raw)),
            "AWS::RDS::DBCluster" => Some(db_cluster(&ctx, raw)),
            "AWS::EFS::FileSystem" => Some(file_system(&ctx, raw)),
            "AWS::Config::ConfigurationRecorder" => Some(config_recorder(&ctx, raw)),
            "AWS::SecurityHub::Hub" => Some(security_hub(&ctx, raw)),
            "AWS::AccessAnalyzer::Analyzer" => Some(analyzer(&ctx, raw)),
            "AWS::EKS::Cluster" => Some(eks_cluster(&ctx, raw)),
            "AWS::ECR::Repository" => Some(ecr_repository(&ctx, raw)),
            "AWS::SecretsManager::Secret" => Some(secret(&ctx, raw)),
            "AWS::SQS::Queue" => Some(queue(&ctx, raw)),
            "AWS::SNS::Topic" => Some(topic(&ctx, raw)),
            "AWS::CertificateManager::Certificate" => Some(certificate(&ctx, raw)),
            "AWS::Logs::LogGroup" => Some(log_group(&ctx, raw)),
            "AWS::WAFv2::WebACL" => Some(web_acl(&ctx, raw)),
            "AWS::Backup::BackupVault" => Some(backup_vault(&ctx, raw)),
            t if COMPANION_TYPES.contains(&t) => None,
            t => {
                *unsupported.entry(t.to_owned()).or_default() += 1;
                None
            }
        };
        out.extend(r);
    }
    out
}

fn bucket(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![
        ("versioning", raw, "VersioningConfiguration.Status"),
        ("versioning", raw, "VersioningConfiguration"),
        ("public_access_block", raw, "PublicAccessBlockConfiguration"),
    ];
    let versioning = match lookup(p, "VersioningConfiguration.Status") {
        Lookup::Found(s) => Attr::Known(s3::Versioning {
            status: match as_string(s).as_deref() {
                Some("Enabled") => s3::VersioningStatus::Enabled,
                Some("Suspended") => s3::VersioningStatus::Suspended,
                _ => s3::VersioningStatus::Disabled,
            },
            mfa_delete: false,
        }),
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::Known(s3::Versioning { status: s3::VersioningStatus::Disabled, mfa_delete: false }),
    };
    let public_access_block = match lookup(p, "PublicAccessBlockConfiguration") {
        Lookup::Found(b) => {
            let flag = |k: &str| read(b, k, Some(false), as_bool);
            let flags = [flag("BlockPublicAcls"), flag("IgnorePublicAcls"), flag("BlockPublicPolicy"), flag("RestrictPublicBuckets")];
            if let Some(Attr::Unknown(u)) = flags.iter().find(|f| !f.is_known()) {
                Attr::Unknown(u.clone())
            } else {
                let v = |i: usize| flags.get(i).and_then(|f| f.value().copied()).unwrap_or(false);
                Attr::Known(Some(s3::PublicAccessBlock { block_public_acls: v(0), ignore_public_acls: v(1), block_public_policy: v(2), restrict_public_buckets: v(3) }))
            }
        }
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::Known(None),
    };
    let (policy, policy_res) = policy_from(ctx, raw, &[("AWS::S3::BucketPolicy", "Bucket")], "PolicyDocument");
    if let Some(pr) = policy_res {
        spans.push(("policy", pr, "PolicyDocument"));
    }
    let base = "BucketEncryption.ServerSideEncryptionConfiguration.ServerSideEncryptionByDefault";
    let encryption = match lookup(p, &format!("{base}.SSEAlgorithm")) {
        Lookup::Found(a) => Attr::Known(Some(s3::BucketEncryption {
            algorithm: as_string(a).unwrap_or_default(),
            kms_key_id: read_opt(p, &format!("{base}.KMSMasterKeyID"), as_string).value().cloned().flatten(),
            bucket_key_enabled: read(p, "BucketEncryption.ServerSideEncryptionConfiguration.BucketKeyEnabled", Some(false), as_bool).value().copied().unwrap_or(false),
        })),
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::Known(None),
    };
    let acl = read(p, "AccessControl", Some("Private".to_owned()), as_string);
    let acl_grants = acl.map_known(|a| {
        const ALL: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
        let mut g = vec![s3::AclGrant { grantee: "owner".into(), permission: "FULL_CONTROL".into() }];
        match a.as_str() {
            "PublicRead" => g.push(s3::AclGrant { grantee: ALL.into(), permission: "READ".into() }),
            "PublicReadWrite" => {
                g.push(s3::AclGrant { grantee: ALL.into(), permission: "READ".into() });
                g.push(s3::AclGrant { grantee: ALL.into(), permission: "WRITE".into() });
            }
            _ => {}
        }
        g
    });
    let logging = match lookup(p, "LoggingConfiguration") {
        Lookup::Found(l) => Attr::Known(Some(s3::BucketLogging {
            target_bucket: l.get("DestinationBucketName").and_then(as_string).unwrap_or_else(|| "(this bucket)".to_owned()),
            target_prefix: l.get("LogFilePrefix").and_then(as_string).unwrap_or_default(),
        })),
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::Known(None),
    };
    let replication_enabled = match lookup(p, "ReplicationConfiguration.Rules") {
        Lookup::Found(Value::Array(rules)) => Attr::Known(rules.iter().any(|r| r.get("Status").and_then(Value::as_str) == Some("Enabled"))),
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(false),
    };
    let props = s3::Bucket {
        encryption,
        versioning,
        public_access_block,
        policy,
        acl_grants,
        object_ownership: read(p, "OwnershipControls.Rules.ObjectOwnership", Some("BucketOwnerEnforced".to_owned()), as_string).map_known(Some),
        logging,
        object_lock_enabled: read(p, "ObjectLockEnabled", Some(false), as_bool),
        replication_enabled,
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

fn find_unknown(v: &Value) -> Option<&Value> {
    if is_unknown(v) {
        return Some(v);
    }
    match v {
        Value::Array(a) => a.iter().find_map(find_unknown),
        Value::Object(m) => m.values().find_map(find_unknown),
        _ => None,
    }
}

fn cfn_rule(rule: &Value) -> Result<ec2::SecurityGroupRule, Attr<Vec<ec2::SecurityGroupRule>>> {
    for k in ["IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6", "SourceSecurityGroupId", "DestinationSecurityGroupId", "SourcePrefixListId", "DestinationPrefixListId"] {
        if let Some(u) = rule.get(k).filter(|v| is_unknown(v)) {
            // A peer group known only at deploy time is still not the internet.
            if matches!(k, "SourceSecurityGroupId" | "DestinationSecurityGroupId") {
                continue;
            }
            return Err(to_unknown(u));
        }
    }
    let s = |k: &str| rule.get(k).and_then(as_string);
    let port = |k: &str| rule.get(k).and_then(as_i64).and_then(|p| i32::try_from(p).ok());
    let protocol = s("IpProtocol").unwrap_or_else(|| "-1".to_owned());
    let group = rule.get("SourceSecurityGroupId").or_else(|| rule.get("DestinationSecurityGroupId")).map(|g| as_string(g).unwrap_or_else(|| "(a group created by the stack)".to_owned()));
    Ok(ec2::SecurityGroupRule {
        protocol: if protocol == "all" { "-1".to_owned() } else { protocol },
        from_port: port("FromPort"),
        to_port: port("ToPort"),
        cidr_ipv4: s("CidrIp"),
        cidr_ipv6: s("CidrIpv6"),
        source_group_id: group,
        prefix_list_id: s("SourcePrefixListId").or_else(|| s("DestinationPrefixListId")),
        description: s("Description"),
    })
}

fn security_group(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let mut spans_owned: Vec<(&'static str, &RawResource, String)> = Vec::new();
    let mut dirs = Vec::new();
    for (dir, prop, child_type) in [("ingress", "SecurityGroupIngress", "AWS::EC2::SecurityGroupIngress"), ("egress", "SecurityGroupEgress", "AWS::EC2::SecurityGroupEgress")] {
        let mut rules = Vec::new();
        let mut unknown = None;
        let mut open: Option<(&RawResource, String)> = None;
        let mut first: Option<(&RawResource, String)> = None;
        match lookup(p, prop) {
            Lookup::Found(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("{prop}.{i}");
                    match cfn_rule(item) {
                        Ok(r) => {
                            if open.is_none() && r.is_open_to_internet() {
                                open = Some((raw, path.clone()));
                            }
                            rules.push(r);
                        }
                        Err(u) => {
                            if unknown.is_none() {
                                unknown = Some(u);
                                open.get_or_insert((raw, path.clone()));
                            }
                        }
                    }
                    first.get_or_insert((raw, path));
                }
            }
            Lookup::Unknown(u) => unknown = Some(to_unknown(u)),
            _ => {}
        }
        for c in ctx.children(raw, &[child_type], "GroupId") {
            match cfn_rule(&c.props) {
                Ok(r) => {
                    if open.is_none() && r.is_open_to_internet() {
                        open = Some((c, String::new()));
                    }
                    rules.push(r);
                }
                Err(u) => unknown = unknown.or(Some(u)),
            }
            first.get_or_insert((c, String::new()));
        }
        if let Some((src, path)) = open.or(first) {
            spans_owned.push((dir, src, path));
        }
        dirs.push(unknown.unwrap_or(Attr::Known(rules)));
    }
    let egress = dirs.pop().unwrap_or_default();
    let ingress = dirs.pop().unwrap_or_default();
    let props = ec2::SecurityGroup {
        group_id: Attr::unknown_because(UnknownCause::ComputedAtApply, "the group id exists once created"),
        vpc_id: read_opt(p, "VpcId", as_string),
        description: read_opt(p, "GroupDescription", as_string),
        ingress,
        egress,
    };
    let spans: Vec<(&str, &RawResource, &str)> = spans_owned.iter().map(|(f, r, s)| (*f, *r, s.as_str())).collect();
    resource(ctx, raw, props, &spans)
}

fn instance(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let lt = raw
        .refs
        .get("LaunchTemplate")
        .and_then(|r| r.first())
        .and_then(|id| ctx.by_id(id))
        .filter(|r| r.rtype == "AWS::EC2::LaunchTemplate");
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    let meta = |k: &str| -> Attr<String> {
        match lt {
            Some(t) => match lookup(&t.props, &format!("LaunchTemplateData.MetadataOptions.{k}")) {
                Lookup::Found(v) => as_string(v).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
                Lookup::Unknown(u) => to_unknown(u),
                Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, format!("MetadataOptions.{k} is not set: AWS chooses it from the AMI and account defaults at launch")),
            },
            None => Attr::unknown_because(UnknownCause::ComputedAtApply, "no launch template sets MetadataOptions: AWS chooses from the AMI and account defaults at launch"),
        }
    };
    let http_tokens = meta("HttpTokens").map_known(|t| t.to_ascii_lowercase());
    let http_endpoint = meta("HttpEndpoint").map_known(|t| t.to_ascii_lowercase());
    if let Some(t) = lt {
        spans.push(("metadata_http_tokens", t, "LaunchTemplateData.MetadataOptions.HttpTokens"));
        spans.push(("metadata_http_endpoint", t, "LaunchTemplateData.MetadataOptions.HttpEndpoint"));
    }
    let props = ec2::Instance {
        instance_id: Attr::unknown(UnknownCause::ComputedAtApply),
        state: Attr::unknown(UnknownCause::NotSupportedBySource),
        image_id: read_opt(p, "ImageId", as_string),
        instance_type: read(p, "InstanceType", Some("m1.small".to_owned()), as_string),
        metadata_http_tokens: http_tokens,
        metadata_http_endpoint: http_endpoint,
        public_ip: Attr::unknown(UnknownCause::ComputedAtApply),
        // A profile of the template by its id, as its role lists it.
        iam_instance_profile_arn: read_iam_ref(ctx, p, "IamInstanceProfile", INSTANCE_PROFILE, Naming::Name),
        subnet_id: read_opt(p, "SubnetId", as_string),
        vpc_id: Attr::unknown(UnknownCause::NotSupportedBySource),
        security_group_ids: read_strings(p, "SecurityGroupIds"),
    };
    // Spans from the launch template live in the same file; the resource's own
    // lines are used when the template sets nothing.
    resource(ctx, raw, props, &spans)
}

fn volume(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let props = ec2::Volume {
        volume_id: Attr::unknown(UnknownCause::ComputedAtApply),
        encrypted: read(p, "Encrypted", Some(false), as_bool),
        kms_key_id: read_opt(p, "KmsKeyId", as_string),
        size_gib: read(p, "Size", None, as_u32),
        volume_type: read(p, "VolumeType", Some("gp2".to_owned()), as_string),
        state: Attr::unknown(UnknownCause::NotSupportedBySource),
        attached_instance_ids: Attr::unknown(UnknownCause::NotSupportedBySource),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("encrypted", raw, "Encrypted")])
}

fn kms_key(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let props = kms::Key {
        key_id: Attr::unknown(UnknownCause::ComputedAtApply),
        key_manager: Attr::Known(kms::KeyManager::Customer),
        key_spec: read(p, "KeySpec", Some("SYMMETRIC_DEFAULT".to_owned()), as_string),
        key_usage: read(p, "KeyUsage", Some("ENCRYPT_DECRYPT".to_owned()), as_string),
        key_state: read(p, "Enabled", Some(true), as_bool).map_known(|e| if e { "Enabled" } else { "Disabled" }.to_owned()),
        origin: read(p, "Origin", Some("AWS_KMS".to_owned()), as_string),
        rotation_enabled: read(p, "EnableKeyRotation", Some(false), as_bool),
        policy: match lookup(p, "KeyPolicy") {
            // KMS attaches its default key policy: the account, through IAM.
            Lookup::Absent => Attr::Known(Some(onus_model::source_value::default_key_policy())),
            found => policy_attr(ctx, found, "KeyPolicy", Some(&raw.logical_id)),
        },
        ..Default::default()
    };
    resource(ctx, raw, props, &[("rotation_enabled", raw, "EnableKeyRotation"), ("policy", raw, "KeyPolicy")])
}

fn trail(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let props = cloudtrail::Trail {
        home_region: Attr::unknown(UnknownCause::NotSupportedBySource),
        is_multi_region: read(p, "IsMultiRegionTrail", Some(false), as_bool),
        is_organization_trail: read(p, "IsOrganizationTrail", Some(false), as_bool),
        is_logging: read(p, "IsLogging", None, as_bool),
        include_global_service_events: read(p, "IncludeGlobalServiceEvents", Some(true), as_bool),
        log_file_validation_enabled: read(p, "EnableLogFileValidation", Some(false), as_bool),
        kms_key_id: read_opt(p, "KMSKeyId", as_string),
        s3_bucket_name: read_opt(p, "S3BucketName", as_string),
        cloudwatch_logs_log_group_arn: read_opt(p, "CloudWatchLogsLogGroupArn", as_string),
        event_selectors: event_selectors(p),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("is_multi_region", raw, "IsMultiRegionTrail"), ("log_file_validation_enabled", raw, "EnableLogFileValidation"), ("event_selectors", raw, "EventSelectors"), ("event_selectors", raw, "AdvancedEventSelectors")])
}

fn event_selectors(p: &Value) -> Attr<cloudtrail::EventSelectors> {
    if !matches!(lookup(p, "AdvancedEventSelectors"), Lookup::Absent) {
        return Attr::unknown_because(UnknownCause::NotSupportedBySource, "advanced event selectors are not modelled for templates");
    }
    match lookup(p, "EventSelectors") {
        Lookup::Found(Value::Array(items)) if !items.is_empty() => {
            if let Some(u) = find_unknown(&Value::Array(items.clone())) {
                return to_unknown(u);
            }
            let mut management: Option<String> = None;
            let mut data = Vec::new();
            for item in items {
                let rw = item.get("ReadWriteType").and_then(as_string).unwrap_or_else(|| "All".to_owned());
                if item.get("IncludeManagementEvents").and_then(as_bool).unwrap_or(true) {
                    management = Some(match management.as_deref() {
                        Some(a) if a != rw => "All".to_owned(),
                        _ => rw,
                    });
                }
                for d in item.get("DataResources").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(t) = d.get("Type").and_then(as_string)
                        && !data.contains(&t)
                    {
                        data.push(t);
                    }
                }
            }
            Attr::Known(cloudtrail::EventSelectors { management_events: management, data_event_resource_types: data, advanced: false })
        }
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(cloudtrail::EventSelectors { management_events: Some("All".to_owned()), data_event_resource_types: Vec::new(), advanced: false }),
    }
}

fn db_instance(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let restoring = !matches!(lookup(p, "DBSnapshotIdentifier"), Lookup::Absent);
    let storage_encrypted = if restoring && matches!(lookup(p, "StorageEncrypted"), Lookup::Absent) {
        Attr::unknown_because(UnknownCause::ComputedAtApply, "restored from a snapshot: encryption follows the snapshot")
    } else {
        read(p, "StorageEncrypted", Some(false), as_bool)
    };
    let cluster = read_opt(p, "DBClusterIdentifier", as_string);
    let props = rds::DbInstance {
        engine: read(p, "Engine", None, as_string),
        engine_version: read_opt(p, "EngineVersion", as_string),
        instance_class: read(p, "DBInstanceClass", None, as_string),
        storage_encrypted,
        kms_key_id: read_opt(p, "KmsKeyId", as_string),
        publicly_accessible: match lookup(p, "PubliclyAccessible") {
            Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, "PubliclyAccessible is not set: AWS decides from the subnet group at creation"),
            _ => read(p, "PubliclyAccessible", None, as_bool),
        },
        multi_az: read(p, "MultiAZ", Some(false), as_bool),
        backup_retention_period: read(p, "BackupRetentionPeriod", Some(1), as_u32),
        deletion_protection: read(p, "DeletionProtection", Some(false), as_bool),
        auto_minor_version_upgrade: read(p, "AutoMinorVersionUpgrade", Some(true), as_bool),
        iam_database_authentication_enabled: read(p, "EnableIAMDatabaseAuthentication", Some(false), as_bool),
        db_cluster_identifier: cluster,
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("storage_encrypted", raw, "StorageEncrypted"),
        ("publicly_accessible", raw, "PubliclyAccessible"),
        ("backup_retention_period", raw, "BackupRetentionPeriod"),
    ])
}

fn function(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let sam = raw.rtype == "AWS::Serverless::Function";
    // SAM Globals.Function supplies defaults for every function.
    let get = |k: &str| -> Lookup<'_> {
        match lookup(p, k) {
            Lookup::Absent if sam => lookup(ctx.globals, &format!("Function.{k}")),
            other => other,
        }
    };
    let package_type = match get("PackageType") {
        Lookup::Found(v) => as_string(v).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::Known(if !matches!(get("ImageUri"), Lookup::Absent) || !matches!(lookup(p, "Code.ImageUri"), Lookup::Absent) { "Image" } else { "Zip" }.to_owned()),
    };
    let runtime = if package_type.value().is_some_and(|t| t == "Image") {
        Attr::Known(None)
    } else {
        match get("Runtime") {
            Lookup::Found(v) => Attr::Known(as_string(v)),
            Lookup::Unknown(u) => to_unknown(u),
            Lookup::Absent => Attr::Known(None),
        }
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![("runtime", raw, "Runtime")];
    let urls = ctx.children(raw, &["AWS::Lambda::Url"], "TargetFunctionArn");
    let url_auth_type = if let Some(u) = urls.first() {
        spans.push(("url_auth_type", u, "AuthType"));
        read(&u.props, "AuthType", None, as_string).map_known(Some)
    } else if sam && !matches!(lookup(p, "FunctionUrlConfig"), Lookup::Absent) {
        spans.push(("url_auth_type", raw, "FunctionUrlConfig.AuthType"));
        read(p, "FunctionUrlConfig.AuthType", None, as_string).map_known(Some)
    } else {
        Attr::Known(None)
    };
    let env = match get("Environment.Variables") {
        Lookup::Found(Value::Object(m)) => Attr::Known(m.keys().cloned().collect()),
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(Vec::new()),
    };
    let permissions = ctx.children(raw, &["AWS::Lambda::Permission"], "FunctionName");
    // Point at the principal of a permission for everyone if there is one.
    let anyone = permissions.iter().copied().find(|p| p.props.get("Principal").and_then(Value::as_str) == Some("*"));
    if let Some(first) = anyone.or_else(|| permissions.first().copied()) {
        spans.push(("policy", first, "Principal"));
        spans.push(("policy", first, ""));
    }
    let statements: Vec<Value> = permissions.iter().map(|perm| permission_statement(perm)).collect();
    let policy = if statements.is_empty() {
        Attr::Known(None)
    } else {
        let doc = serde_json::json!({"Version": "2012-10-17", "Statement": statements});
        resolve_policy(ctx, &doc, "AWS::Lambda::Permission", Some(&raw.logical_id)).map_known(Some)
    };
    let props = lambda::Function {
        package_type,
        runtime,
        // A role of the template by its id, the role's `arn`.
        role_arn: match get("Role") {
            Lookup::Found(v) | Lookup::Unknown(v) => iam_ref(ctx, v, ROLE, Naming::Arn, Key::Id).map_known(Some),
            Lookup::Absent => Attr::Known(None),
        },
        environment_variable_names: env,
        kms_key_arn: read_opt(p, "KmsKeyArn", as_string),
        url_auth_type,
        policy,
        vpc_id: if matches!(lookup(p, "VpcConfig"), Lookup::Absent) { Attr::Known(None) } else { Attr::unknown(UnknownCause::NotSupportedBySource) },
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

fn table(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let sse = read(p, "SSESpecification.SSEEnabled", Some(false), as_bool);
    let props = dynamodb::Table {
        status: Attr::unknown(UnknownCause::NotSupportedBySource),
        sse_key_type: sse.map_known(|e| if e { "AWS_MANAGED" } else { "AWS_OWNED" }.to_owned()),
        kms_key_arn: read_opt(p, "SSESpecification.KMSMasterKeyId", as_string),
        point_in_time_recovery: read(p, "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", Some(false), as_bool),
        deletion_protection: read(p, "DeletionProtectionEnabled", Some(false), as_bool),
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("point_in_time_recovery", raw, "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled"),
        ("point_in_time_recovery", raw, "PointInTimeRecoverySpecification"),
    ])
}

fn detector(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let props = guardduty::Detector {
        detector_id: Attr::unknown_because(UnknownCause::ComputedAtApply, "the detector id exists once created"),
        enabled: read(&raw.props, "Enable", None, as_bool),
        finding_publishing_frequency: read_opt(&raw.props, "FindingPublishingFrequency", as_string),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("enabled", raw, "Enable")])
}

fn listener(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let lb = raw.refs.get("LoadBalancerArn").and_then(|r| r.first()).and_then(|id| ctx.by_id(id)).filter(|r| r.rtype == "AWS::ElasticLoadBalancingV2::LoadBalancer");
    let missing = || Attr::unknown_because(UnknownCause::Unresolvable, "the load balancer is not in this template");
    let lb_type = lb.map_or_else(missing, |lb| read(&lb.props, "Type", Some("application".to_owned()), as_string));
    let scheme = lb.map_or_else(missing, |lb| read(&lb.props, "Scheme", Some("internet-facing".to_owned()), as_string));
    let redirects = match lookup(p, "DefaultActions") {
        Lookup::Found(Value::Array(actions)) => {
            let first = actions.first().cloned().unwrap_or(Value::Null);
            if contains_unknown(&first) {
                find_unknown(&first).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), to_unknown)
            } else {
                let redirect = first.get("Type").and_then(Value::as_str) == Some("redirect");
                Attr::Known(redirect && first.pointer("/RedirectConfig/Protocol").and_then(Value::as_str).is_some_and(|p| p.eq_ignore_ascii_case("HTTPS")))
            }
        }
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(false),
    };
    let props = elbv2::Listener {
        load_balancer_arn: Attr::unknown(UnknownCause::ComputedAtApply),
        load_balancer_name: lb.map_or_else(missing, |lb| Attr::Known(lb.logical_id.clone())),
        load_balancer_type: lb_type,
        scheme,
        protocol: read(p, "Protocol", None, as_string).map_known(|s| s.to_ascii_uppercase()),
        port: read_opt(p, "Port", |v| as_i64(v).and_then(|n| u16::try_from(n).ok())),
        ssl_policy: read_opt(p, "SslPolicy", as_string),
        redirects_to_https: redirects,
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![("redirects_to_https", raw, "DefaultActions"), ("ssl_policy", raw, "SslPolicy"), ("protocol", raw, "Protocol")];
    if let Some(lb) = lb {
        spans.push(("scheme", lb, "Scheme"));
    }
    resource(ctx, raw, props, &spans)
}

// ---------------------------------------------------------------------------
// Values fixed at deploy time, and policy documents.

/// A string, or the symbol of a deploy-time value (`${Key.Arn}`): set, and
/// definite, even if its text is known only once the stack deploys.
fn sym_string(v: &Value) -> Option<String> {
    symbol_of(v).map(str::to_owned).or_else(|| if is_unknown(v) { None } else { as_string(v) })
}

/// `read_opt` for strings that may be deploy-time values (a key `!Ref`ed or
/// `!GetAtt`ed from the template is set, whatever its id turns out to be).
fn read_opt_sym(root: &Value, path: &str) -> Attr<Option<String>> {
    match lookup(root, path) {
        Lookup::Unknown(u) => symbol_of(u).map_or_else(|| to_unknown(u), |s| Attr::Known(Some(s.to_owned()))),
        _ => read_opt(root, path, as_string),
    }
}

/// A policy property: absent is `None`; otherwise the document, resolved.
fn policy_attr(ctx: &Ctx<'_>, found: Lookup<'_>, prop: &str, owner: Option<&str>) -> Attr<Option<Value>> {
    match found {
        Lookup::Absent => Attr::Known(None),
        Lookup::Found(Value::String(s)) if s.trim().is_empty() => Attr::Known(None),
        Lookup::Found(v) | Lookup::Unknown(v) => resolve_policy(ctx, v, prop, owner).map_known(Some),
    }
}

/// A policy document as JSON, with the template's intrinsic functions resolved
/// where possible (an object, or a JSON string — also one built by `Fn::Sub`).
///
/// Values AWS fixes at deploy time (`!GetAtt Role.Arn`, `${AWS::AccountId}`)
/// stay in `Fn::Sub` syntax: one definite value, never a wildcard, which IAM
/// evaluation matches to nothing (in `Resource` and conditions it reads as an
/// unresolved policy variable; a principal compares by equality). A `!Ref` to
/// an OIDC provider of the template becomes its ARN.
///
/// In a resource policy (`owner` is the resource it is attached to), a
/// `Resource` that is exactly a reference to the owner is `*`: the policy
/// governs that one resource. One that names the owner only in part
/// (`${Bucket.Arn}/logs/*`), or by pseudo parameters, is widened to `*` where
/// that can only grant more (an Allow's `Resource`, a Deny's `NotResource`)
/// and kept, matching nothing, where it would deny more: exposure may be
/// overstated, never hidden. References to other resources are kept.
///
/// Anything else that cannot be resolved (a parameter without a value, `Fn::If`
/// on an unknown condition, `Fn::ImportValue`…) makes the whole document
/// unknown, naming the element.
///
/// References to the template's IAM entities are rewritten to the id the entity
/// is known by (see the IAM section): in a `Principal`, so that a trust policy
/// naming a role of the template finds it; in an identity policy's `Resource`
/// and `NotResource`, so that `iam:PassRole` on `!GetAtt Worker.Arn` is about
/// that role and no other.
fn resolve_policy(ctx: &Ctx<'_>, v: &Value, prop: &str, owner: Option<&str>) -> Attr<Value> {
    let doc = if let Some(text) = symbol_of(v) {
        serde_json::from_str::<Value>(text).ok()
    } else if is_unknown(v) {
        return to_unknown(v);
    } else {
        as_policy(v)
    };
    let Some(doc) = doc.filter(Value::is_object) else {
        return Attr::unknown_because(UnknownCause::Unresolvable, format!("{prop} is not a JSON policy document"));
    };
    let mut walk = PolicyWalk { ctx, owner, problem: None };
    let out = walk.node(&doc, prop, Element::Other);
    walk.problem.unwrap_or(Attr::Known(out))
}

/// Where a value sits in a statement, for `Resource` normalization.
#[derive(Clone, Copy)]
enum Element {
    /// `Resource` (or `NotResource`) of a statement that allows more as it grows.
    Widen,
    /// `Resource` (or `NotResource`) of a statement that denies more as it grows.
    Narrow,
    /// `Principal` (or `NotPrincipal`).
    Principal,
    /// Anything else.
    Other,
}

struct PolicyWalk<'c, 'a> {
    ctx: &'c Ctx<'a>,
    owner: Option<&'c str>,
    problem: Option<Attr<Value>>,
}

impl PolicyWalk<'_, '_> {
    fn node(&mut self, v: &Value, path: &str, at: Element) -> Value {
        if let Some(text) = symbol_of(v) {
            return self.text(text, at);
        }
        if is_unknown(v) {
            if self.problem.is_none() {
                self.problem = Some(match to_unknown::<Value>(v) {
                    Attr::Unknown(u) => Attr::unknown_because(u.unknown.cause, format!("{path}: {}", u.unknown.detail.unwrap_or_default())),
                    known => known,
                });
            }
            return Value::Null;
        }
        match v {
            Value::String(s) => self.text(s, at),
            Value::Array(items) => Value::Array(items.iter().enumerate().map(|(i, x)| self.node(x, &format!("{path}.{i}"), at)).collect()),
            Value::Object(m) => {
                let deny = m.get("Effect").and_then(Value::as_str) == Some("Deny");
                Value::Object(
                    m.iter()
                        .map(|(k, x)| {
                            let at = match k.as_str() {
                                "Resource" if deny => Element::Narrow,
                                "Resource" => Element::Widen,
                                "NotResource" if deny => Element::Widen,
                                "NotResource" => Element::Narrow,
                                "Principal" | "NotPrincipal" => Element::Principal,
                                _ => at,
                            };
                            let value = self.node(x, &format!("{path}.{k}"), at);
                            (k.clone(), if matches!(at, Element::Widen | Element::Narrow) { flatten(value) } else { value })
                        })
                        .collect(),
                )
            }
            other => other.clone(),
        }
    }

    fn text(&self, s: &str, at: Element) -> Value {
        let id_of = |r: &str| r.split('.').next().unwrap_or_default().to_owned();
        let refs: Vec<&str> = cfn_references(s).into_iter().filter(|r| r.starts_with("AWS::") || self.ctx.by_id(&id_of(r)).is_some()).collect();
        // A pattern, or an ARN written out in full (one built from the account
        // and partition goes by `iam_entity` below, to the one entity it names).
        if self.owner.is_none() && matches!(at, Element::Widen | Element::Narrow) && (s.contains(['*', '?']) || refs.is_empty()) {
            let covered = iam_entities_matching(self.ctx, s, matches!(at, Element::Widen));
            if !covered.is_empty() {
                // The pattern as written (for entities outside the template) and the
                // template's entities it covers, by the id they are known by.
                let mut out = vec![Value::String(s.to_owned())];
                out.extend(covered.into_iter().map(|e| Value::String(resource_id(self.ctx, e))));
                return Value::Array(out);
            }
        }
        if refs.is_empty() {
            return Value::String(s.to_owned());
        }
        if let [r] = refs.as_slice()
            && s == format!("${{{r}}}")
            && let Some(host) = oidc_host(self.ctx, r)
        {
            return Value::String(format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:oidc-provider/{host}"));
        }
        let entity = match at {
            Element::Principal => iam_entity(self.ctx, s, PRINCIPALS, Naming::Arn),
            Element::Widen | Element::Narrow if self.owner.is_none() => iam_entity(self.ctx, s, IAM_ENTITIES, Naming::Arn),
            _ => None,
        };
        if let Some(e) = entity {
            return Value::String(resource_id(self.ctx, e));
        }
        let (Some(owner), Element::Widen | Element::Narrow) = (self.owner, at) else {
            return Value::String(match at {
                Element::Principal | Element::Other => in_template_account(s, &refs),
                Element::Widen | Element::Narrow => s.to_owned(),
            });
        };
        let exactly_owner = matches!(refs.as_slice(), [r] if id_of(r) == owner && s == format!("${{{r}}}"));
        let names_owner = refs.iter().any(|r| id_of(r) == owner);
        let names_other = refs.iter().any(|r| !r.starts_with("AWS::") && id_of(r) != owner);
        let widen = matches!(at, Element::Widen) && (names_owner || !names_other);
        Value::String(if exactly_owner || widen { "*".to_owned() } else { s.to_owned() })
    }
}

/// A principal or condition value whose only references are the template's
/// account and partition (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`,
/// `${AWS::AccountId}`), in the account the template's own resources are given
/// ([`UNNAMED_ACCOUNT`]): so a trust policy of the account's root admits the
/// template's principals that may assume the role, and an `aws:SourceAccount` or
/// `aws:PrincipalAccount` condition of the template's account admits them and no
/// outsider. Anything else keeps its symbols (and matches nothing).
fn in_template_account(s: &str, refs: &[&str]) -> String {
    if refs.is_empty() || !refs.iter().all(|r| matches!(*r, "AWS::AccountId" | "AWS::Partition")) {
        return s.to_owned();
    }
    s.replace("${AWS::AccountId}", UNNAMED_ACCOUNT).replace("${AWS::Partition}", "aws")
}

/// A `Resource` list with the lists pattern expansion produced spliced in.
fn flatten(v: Value) -> Value {
    match v {
        Value::Array(items) if items.iter().any(Value::is_array) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::Array(inner) => out.extend(inner),
                    other => out.push(other),
                }
            }
            Value::Array(out)
        }
        other => other,
    }
}

/// The template's IAM entities an ARN (or pattern) of an identity policy's
/// `Resource` covers (`arn:${AWS::Partition}:iam::${AWS::AccountId}:role/app-*`,
/// `arn:aws:iam::*:user/${aws:username}`), as [`onus_iam::arn::covers_declared`]
/// decides for an element that grants more (`widen`) or less. Empty for
/// anything that is not an IAM ARN, or that holds references other than the
/// account and partition.
fn iam_entities_matching<'a>(ctx: &Ctx<'a>, text: &str, widen: bool) -> Vec<&'a RawResource> {
    if !text.starts_with("arn:") {
        return Vec::new();
    }
    let t = text.replace("${AWS::Partition}", "aws").replace("${AWS::AccountId}", UNNAMED_ACCOUNT);
    let Some(pattern) = onus_iam::arn::DeclaredPattern::new(&t, UNNAMED_ACCOUNT, widen) else { return Vec::new() };
    ctx.raws
        .iter()
        .filter(|r| {
            let Some((_, word, prop)) = IAM_TYPES.iter().find(|(t, _, _)| *t == r.rtype) else { return false };
            let path = match lookup(&r.props, "Path") {
                Lookup::Absent => "/".to_owned(),
                Lookup::Found(v) => match as_string(v) {
                    Some(p) => p,
                    None => return false,
                },
                Lookup::Unknown(_) => return false,
            };
            let name = match lookup(&r.props, prop) {
                Lookup::Found(v) => match v.as_str() {
                    Some(n) => onus_iam::arn::DeclaredName::Named(n),
                    None => onus_iam::arn::DeclaredName::Unknown,
                },
                Lookup::Absent => onus_iam::arn::DeclaredName::Generated,
                Lookup::Unknown(_) => onus_iam::arn::DeclaredName::Unknown,
            };
            pattern.covers(&onus_iam::arn::DeclaredEntity { word, path: &path, name })
        })
        .collect()
}

/// The host of an `AWS::IAM::OIDCProvider` of the template that `r` (`Id` or `Id.Arn`) refers to.
fn oidc_host(ctx: &Ctx<'_>, r: &str) -> Option<String> {
    let (id, attr) = r.split_once('.').map_or((r, None), |(a, b)| (a, Some(b)));
    if attr.is_some_and(|a| a != "Arn") {
        return None;
    }
    let p = ctx.by_id(id).filter(|x| x.rtype == "AWS::IAM::OIDCProvider")?;
    let url = p.props.get("Url").and_then(Value::as_str)?;
    Some(url.trim_start_matches("https://").trim_end_matches('/').to_owned())
}

/// The policy one companion resource sets on `raw` (joined by a reference in
/// one of `joins`' properties): none, one, or — several competing — unknown.
fn policy_from<'a>(ctx: &Ctx<'a>, raw: &RawResource, joins: &[(&str, &str)], doc: &str) -> (Attr<Option<Value>>, Option<&'a RawResource>) {
    let mut found: Vec<&'a RawResource> = Vec::new();
    for (t, by) in joins {
        found.extend(ctx.children(raw, &[*t], by));
    }
    match found.as_slice() {
        [] => (Attr::Known(None), None),
        [one] => (policy_attr(ctx, lookup(&one.props, doc), doc, Some(&raw.logical_id)), Some(*one)),
        [first, ..] => (
            Attr::unknown_because(UnknownCause::Unresolvable, format!("{} resources set this policy; the one deployed last wins", found.len())),
            Some(*first),
        ),
    }
}

/// The statement `AWS::Lambda::Permission` adds to its function's policy.
fn permission_statement(perm: &RawResource) -> Value {
    let p = &perm.props;
    let principal = match p.get("Principal") {
        Some(v) => match sym_string(v) {
            Some(s) if s == "*" => Value::String(s),
            Some(s) => {
                let service = s.ends_with(".amazonaws.com") || s.ends_with(".amazonaws.com.cn") || (s.contains('.') && !s.starts_with("arn:") && !s.contains("${"));
                if service { serde_json::json!({"Service": s}) } else { serde_json::json!({"AWS": s}) }
            }
            None => v.clone(),
        },
        None => Value::Null,
    };
    let mut statement = serde_json::Map::new();
    statement.insert("Sid".into(), Value::String(perm.logical_id.clone()));
    statement.insert("Effect".into(), Value::String("Allow".into()));
    statement.insert("Principal".into(), principal);
    statement.insert("Action".into(), p.get("Action").cloned().unwrap_or(Value::Null));
    statement.insert("Resource".into(), Value::String("*".into()));
    let mut condition = serde_json::Map::new();
    for (prop, op, key) in [
        ("SourceArn", "ArnLike", "AWS:SourceArn"),
        ("SourceAccount", "StringEquals", "AWS:SourceAccount"),
        ("PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID"),
        ("FunctionUrlAuthType", "StringEquals", "lambda:FunctionUrlAuthType"),
    ] {
        if let Some(v) = p.get(prop).filter(|v| !v.is_null()) {
            let block = condition.entry(op).or_insert_with(|| Value::Object(serde_json::Map::new()));
            if let Some(b) = block.as_object_mut() {
                b.insert(key.into(), v.clone());
            }
        }
    }
    if !condition.is_empty() {
        statement.insert("Condition".into(), Value::Object(condition));
    }
    Value::Object(statement)
}

// ---------------------------------------------------------------------------
// IAM: roles, users, groups, managed policies and instance profiles.
//
// The ARN of an IAM entity the template creates is known once the stack deploys.
// Until then the entity is known by its inventory id, `file#LogicalId` — unique
// across the templates of one scan, where logical ids repeat — which is the
// entity's `arn`, and every reference to the entity is rewritten to it: by `Ref`
// or `Fn::GetAtt` (`${X}`, `${X.Arn}`, a managed policy's `${X.PolicyArn}`), by an
// ARN of this account built from its path and name
// (`arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${X}`), or by its literal
// name where IAM expects a name. So attachments, boundaries, instance profiles,
// functions' roles, trust policies and permissions find the entity they name.
// Groups are listed on users by logical id, the name the inventory gives a group.
// Entities outside the template (an AWS managed policy attached by ARN, a group
// created elsewhere) keep the value as written: their documents are not in the
// inventory, and the analyses say so.

/// The IAM entity types of a template: type, the word in its ARN, its name property.
const IAM_TYPES: &[(&str, &str, &str)] = &[
    ("AWS::IAM::Role", "role", "RoleName"),
    ("AWS::IAM::User", "user", "UserName"),
    ("AWS::IAM::Group", "group", "GroupName"),
    ("AWS::IAM::ManagedPolicy", "policy", "ManagedPolicyName"),
    ("AWS::IAM::InstanceProfile", "instance-profile", "InstanceProfileName"),
];
const ROLE: &[&str] = &["AWS::IAM::Role"];
const GROUP: &[&str] = &["AWS::IAM::Group"];
const MANAGED_POLICY: &[&str] = &["AWS::IAM::ManagedPolicy"];
const INSTANCE_PROFILE: &[&str] = &["AWS::IAM::InstanceProfile"];
/// Who a policy's `Principal` can name.
const PRINCIPALS: &[&str] = &["AWS::IAM::Role", "AWS::IAM::User"];
/// What an identity policy's `Resource` can name.
const IAM_ENTITIES: &[&str] = &["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile"];

/// What a reference to an IAM entity of the template becomes.
#[derive(Clone, Copy)]
enum Key {
    /// The entity's inventory id (its `arn`).
    Id,
    /// Its logical id (a group, as users list it).
    LogicalId,
}

impl Key {
    fn of(self, ctx: &Ctx<'_>, raw: &RawResource) -> String {
        match self {
            Key::Id => resource_id(ctx, raw),
            Key::LogicalId => raw.logical_id.clone(),
        }
    }
}

/// How a value names an IAM entity.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// By ARN (`ManagedPolicyArns`, `PermissionsBoundary`, a policy's `Resource` or `Principal`).
    Arn,
    /// By name (a user's `Groups`, a managed policy's `Roles`, an instance profile's `Roles`).
    Name,
}

/// The word and the `path/name` of an IAM ARN of this account (`arn:aws:iam::${AWS::AccountId}:role/app/x`).
fn iam_arn(text: &str) -> Option<(String, String)> {
    const ACCOUNT: &str = "\u{1}account";
    let t = text.replace("${AWS::Partition}", "aws").replace("${AWS::AccountId}", ACCOUNT);
    let parts: Vec<&str> = t.splitn(6, ':').collect();
    let ["arn", _, "iam", "", ACCOUNT, rest] = parts.as_slice() else { return None };
    let (word, path_name) = rest.split_once('/')?;
    Some((word.to_owned(), path_name.to_owned()))
}

/// The entity of one of `types` that `text` (a literal, or a deploy-time symbol) names.
fn iam_entity<'a>(ctx: &Ctx<'a>, text: &str, types: &[&str], naming: Naming) -> Option<&'a RawResource> {
    let candidates = || ctx.raws.iter().filter(|r| types.contains(&r.rtype.as_str()));
    if let Some(inner) = text.strip_prefix("${").and_then(|t| t.strip_suffix('}'))
        && !inner.contains(['{', '}'])
    {
        let (id, attr) = inner.split_once('.').map_or((inner, None), |(a, b)| (a, Some(b)));
        let r = candidates().find(|r| r.logical_id == id)?;
        let policy = r.rtype == "AWS::IAM::ManagedPolicy";
        return match (attr, naming) {
            // `Ref`: a managed policy's ARN, anything else's name.
            (None, Naming::Name) if !policy => Some(r),
            (None, Naming::Arn) if policy => Some(r),
            (Some("Arn"), _) if !policy => Some(r),
            (Some("PolicyArn"), Naming::Arn) if policy => Some(r),
            _ => None,
        };
    }
    match naming {
        Naming::Name => candidates().find(|r| r.rtype != "AWS::IAM::ManagedPolicy" && iam_names(r).iter().any(|n| n == text)),
        Naming::Arn => {
            let (word, path_name) = iam_arn(text)?;
            candidates().find(|r| {
                let word_of = IAM_TYPES.iter().find(|(t, _, _)| *t == r.rtype).map_or("", |(_, w, _)| *w);
                let path = match lookup(&r.props, "Path") {
                    Lookup::Absent => Some("/".to_owned()),
                    Lookup::Found(v) => as_string(v),
                    Lookup::Unknown(_) => None,
                };
                // A managed policy's `Ref` is its ARN: by name only if the template names it.
                let mut ns = iam_names(r);
                if r.rtype == "AWS::IAM::ManagedPolicy" && ns.is_empty() {
                    return false;
                }
                word == word_of
                    && ns.drain(..).any(|n| match &path {
                        Some(p) => path_name == format!("{}{n}", p.trim_start_matches('/')),
                        None => path_name.rsplit('/').next() == Some(n.as_str()),
                    })
            })
        }
    }
}

/// The names an IAM entity goes by: its name property as written, and — for
/// roles, users, groups and instance profiles — its `Ref`.
fn iam_names(r: &RawResource) -> Vec<String> {
    let prop = IAM_TYPES.iter().find(|(t, _, _)| *t == r.rtype).map_or("", |(_, _, p)| *p);
    let mut out: Vec<String> = r.props.get(prop).and_then(sym_string).into_iter().collect();
    if r.rtype != "AWS::IAM::ManagedPolicy" {
        out.push(format!("${{{}}}", r.logical_id));
    }
    out
}

/// The values of a property holding one value or a list.
fn one_or_many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(v) => vec![v],
    }
}

/// The template's resources (of the types in `joins`) whose property names `target`
/// by name, `Ref` or `Fn::GetAtt` (`AWS::IAM::Policy` by `Roles`, an instance
/// profile by `Roles`…).
fn naming_children<'a>(ctx: &Ctx<'a>, target: &RawResource, joins: &[(&str, &str)]) -> Vec<&'a RawResource> {
    let mut names = iam_names(target);
    names.push(format!("${{{}.Arn}}", target.logical_id));
    ctx.raws
        .iter()
        .filter(|r| {
            joins.iter().any(|(t, prop)| {
                r.rtype == *t && one_or_many(r.props.get(*prop)).into_iter().any(|v| sym_string(v).is_some_and(|s| names.contains(&s)))
            })
        })
        .collect()
}

/// One reference to an IAM entity: the entity's key when it is in the template,
/// else the value as written; unknown when the value cannot be resolved.
fn iam_ref(ctx: &Ctx<'_>, v: &Value, types: &[&str], naming: Naming, key: Key) -> Attr<String> {
    match sym_string(v) {
        Some(s) => Attr::Known(iam_entity(ctx, &s, types, naming).map_or(s, |e| key.of(ctx, e))),
        None if is_unknown(v) => to_unknown(v),
        None => Attr::unknown_because(UnknownCause::Unresolvable, format!("{v} is not a string")),
    }
}

/// An optional property holding one reference to an IAM entity.
fn read_iam_ref(ctx: &Ctx<'_>, root: &Value, path: &str, types: &[&str], naming: Naming) -> Attr<Option<String>> {
    match lookup(root, path) {
        Lookup::Absent | Lookup::Found(Value::Null) => Attr::Known(None),
        Lookup::Found(v) | Lookup::Unknown(v) => iam_ref(ctx, v, types, naming, Key::Id).map_known(Some),
    }
}

/// A list property of references to IAM entities.
fn read_iam_refs(ctx: &Ctx<'_>, root: &Value, path: &str, types: &[&str], naming: Naming, key: Key) -> Attr<Vec<String>> {
    let mut out = Vec::new();
    let value = match lookup(root, path) {
        Lookup::Absent => return Attr::Known(out),
        Lookup::Found(v) | Lookup::Unknown(v) => v,
    };
    if is_unknown(value) && symbol_of(value).is_none() {
        return to_unknown(value);
    }
    for v in one_or_many(Some(value)) {
        match iam_ref(ctx, v, types, naming, key) {
            Attr::Known(s) => {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
            Attr::Unknown(u) => return Attr::Unknown(u),
        }
    }
    Attr::Known(out)
}

/// Inline policies: the `Policies` property, and policy resources naming `raw`.
fn inline_policies<'a>(ctx: &Ctx<'a>, raw: &'a RawResource, joins: &[(&str, &str)]) -> (Attr<Vec<iam::InlinePolicy>>, Vec<&'a RawResource>) {
    let mut out = Vec::new();
    let mut items: Vec<(String, &Value)> = Vec::new();
    let children = naming_children(ctx, raw, joins);
    match lookup(&raw.props, "Policies") {
        Lookup::Found(Value::Array(list)) => {
            for (i, item) in list.iter().enumerate() {
                if is_unknown(item) {
                    return (to_unknown(item), children);
                }
                items.push((format!("Policies.{i}"), item));
            }
        }
        Lookup::Unknown(u) => return (to_unknown(u), children),
        _ => {}
    }
    for c in &children {
        items.push((c.logical_id.clone(), &c.props));
    }
    for (at, item) in items {
        let name = item.get("PolicyName").and_then(sym_string).unwrap_or_else(|| at.clone());
        let Some(doc) = item.get("PolicyDocument") else { continue };
        match resolve_policy(ctx, doc, &format!("{at}.PolicyDocument"), None) {
            Attr::Known(document) => out.push(iam::InlinePolicy { name, document }),
            Attr::Unknown(u) => return (Attr::Unknown(u), children),
        }
    }
    (Attr::Known(out), children)
}

/// `ManagedPolicyArns`, and the template's managed policies that name `raw` in `by`
/// (`Roles`, `Users`, `Groups`); with those policies.
fn attached_policies<'a>(ctx: &Ctx<'a>, raw: &RawResource, by: &str) -> (Attr<Vec<String>>, Vec<&'a RawResource>) {
    let attaching = naming_children(ctx, raw, &[("AWS::IAM::ManagedPolicy", by)]);
    let attached = read_iam_refs(ctx, &raw.props, "ManagedPolicyArns", MANAGED_POLICY, Naming::Arn, Key::Id).map_known(|mut arns| {
        for m in &attaching {
            let arn = resource_id(ctx, m);
            if !arns.contains(&arn) {
                arns.push(arn);
            }
        }
        arns
    });
    (attached, attaching)
}

/// The spans of a principal's or group's policies: where they are attached or written.
fn policy_spans<'a>(raw: &'a RawResource, attaching: &[&'a RawResource], by: &'static str, inline_children: &[&'a RawResource]) -> Vec<(&'static str, &'a RawResource, &'static str)> {
    let mut spans = vec![("attached_policy_arns", raw, "ManagedPolicyArns"), ("inline_policies", raw, "Policies"), ("permissions_boundary_arn", raw, "PermissionsBoundary")];
    if let Some(m) = attaching.first() {
        spans.push(("attached_policy_arns", m, by));
    }
    if let Some(c) = inline_children.first() {
        spans.push(("inline_policies", c, "PolicyDocument"));
    }
    spans
}

fn role(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let trust = match lookup(p, "AssumeRolePolicyDocument") {
        Lookup::Absent => Attr::unknown_because(UnknownCause::Unresolvable, "AssumeRolePolicyDocument is not set"),
        found => match policy_attr(ctx, found, "AssumeRolePolicyDocument", Some(&raw.logical_id)) {
            Attr::Known(Some(doc)) => Attr::Known(doc),
            Attr::Known(None) => Attr::unknown_because(UnknownCause::Unresolvable, "AssumeRolePolicyDocument is empty"),
            Attr::Unknown(u) => Attr::Unknown(u),
        },
    };
    let profiles = naming_children(ctx, raw, &[("AWS::IAM::InstanceProfile", "Roles")]);
    let (attached, attaching) = attached_policies(ctx, raw, "Roles");
    let (inline, inline_children) = inline_policies(ctx, raw, &[("AWS::IAM::Policy", "Roles"), ("AWS::IAM::RolePolicy", "RoleName")]);
    let props = iam::Role {
        arn: Attr::Known(resource_id(ctx, raw)),
        path: read(p, "Path", Some("/".to_owned()), as_string),
        created: Attr::unknown(UnknownCause::ComputedAtApply),
        assume_role_policy: trust,
        attached_policy_arns: attached,
        inline_policies: inline,
        permissions_boundary_arn: read_iam_ref(ctx, p, "PermissionsBoundary", MANAGED_POLICY, Naming::Arn),
        last_used: Attr::unknown(UnknownCause::NotSupportedBySource),
        max_session_duration: read(p, "MaxSessionDuration", Some(3600), as_u32),
        instance_profile_arns: Attr::Known(profiles.iter().map(|x| resource_id(ctx, x)).collect()),
        ..Default::default()
    };
    let mut spans = policy_spans(raw, &attaching, "Roles", &inline_children);
    spans.push(("assume_role_policy", raw, "AssumeRolePolicyDocument"));
    if let Some(ip) = profiles.first() {
        spans.push(("instance_profile_arns", ip, "Roles"));
    }
    resource(ctx, raw, props, &spans)
}

fn user(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let keys = ctx.children(raw, &["AWS::IAM::AccessKey"], "UserName");
    // No key, or only inactive ones: no active key to rotate.
    let access_keys = if keys.iter().all(|k| k.props.get("Status").and_then(Value::as_str) == Some("Inactive")) {
        Attr::Known(Vec::new())
    } else {
        Attr::unknown_because(UnknownCause::ComputedAtApply, "access keys are created when the stack deploys")
    };
    let (attached, attaching) = attached_policies(ctx, raw, "Users");
    let (inline, inline_children) = inline_policies(ctx, raw, &[("AWS::IAM::Policy", "Users"), ("AWS::IAM::UserPolicy", "UserName")]);
    // Groups by the user's `Groups`, and by `AWS::IAM::UserToGroupAddition`s naming it.
    let additions = naming_children(ctx, raw, &[("AWS::IAM::UserToGroupAddition", "Users")]);
    let mut groups = read_iam_refs(ctx, p, "Groups", GROUP, Naming::Name, Key::LogicalId);
    for a in &additions {
        let Attr::Known(list) = &mut groups else { break };
        match read_iam_refs(ctx, &a.props, "GroupName", GROUP, Naming::Name, Key::LogicalId) {
            Attr::Known(more) => {
                for g in more {
                    if !list.contains(&g) {
                        list.push(g);
                    }
                }
            }
            unknown => groups = unknown,
        }
    }
    let login = !matches!(lookup(p, "LoginProfile"), Lookup::Absent);
    let props = iam::User {
        arn: Attr::Known(resource_id(ctx, raw)),
        created: Attr::unknown(UnknownCause::NotSupportedBySource),
        password_enabled: Attr::Known(login),
        password_last_used: Attr::unknown(UnknownCause::NotSupportedBySource),
        mfa_devices: Attr::unknown_because(UnknownCause::NotSupportedBySource, "MFA devices are enrolled by the user, not declared in a template"),
        access_keys,
        groups,
        attached_policy_arns: attached,
        inline_policies: inline,
        permissions_boundary_arn: read_iam_ref(ctx, p, "PermissionsBoundary", MANAGED_POLICY, Naming::Arn),
        ..Default::default()
    };
    let mut spans = policy_spans(raw, &attaching, "Users", &inline_children);
    spans.extend([("mfa_devices", raw, "LoginProfile"), ("password_enabled", raw, "LoginProfile"), ("groups", raw, "Groups")]);
    if let Some(a) = additions.first() {
        spans.push(("groups", a, "GroupName"));
    }
    resource(ctx, raw, props, &spans)
}

fn group(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let (attached, attaching) = attached_policies(ctx, raw, "Groups");
    let (inline, inline_children) = inline_policies(ctx, raw, &[("AWS::IAM::Policy", "Groups"), ("AWS::IAM::GroupPolicy", "GroupName")]);
    let props = iam::Group { arn: Attr::Known(resource_id(ctx, raw)), attached_policy_arns: attached, inline_policies: inline, ..Default::default() };
    resource(ctx, raw, props, &policy_spans(raw, &attaching, "Groups", &inline_children))
}

fn managed_policy(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let document = match lookup(&raw.props, "PolicyDocument") {
        Lookup::Absent => Attr::unknown_because(UnknownCause::Unresolvable, "PolicyDocument is not set"),
        found => match policy_attr(ctx, found, "PolicyDocument", None) {
            Attr::Known(Some(doc)) => Attr::Known(doc),
            Attr::Known(None) => Attr::unknown_because(UnknownCause::Unresolvable, "PolicyDocument is empty"),
            Attr::Unknown(u) => Attr::Unknown(u),
        },
    };
    let outside = "principals outside the template may use it too";
    let props = iam::ManagedPolicy {
        arn: Attr::Known(resource_id(ctx, raw)),
        aws_managed: Attr::Known(false),
        default_version_id: Attr::unknown_because(UnknownCause::ComputedAtApply, "IAM numbers the versions as the stack creates and updates the policy"),
        document,
        attachment_count: Attr::unknown_because(UnknownCause::NotSupportedBySource, outside),
        boundary_usage_count: Attr::unknown_because(UnknownCause::NotSupportedBySource, outside),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("document", raw, "PolicyDocument")])
}

// ---------------------------------------------------------------------------
// VPCs and network ACLs.

fn vpc(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    let mut logs = Vec::new();
    for fl in ctx.children(raw, &["AWS::EC2::FlowLog"], "ResourceId") {
        let fp = &fl.props;
        // A flow log on one of the VPC's subnets or interfaces does not cover the VPC.
        if fp.get("ResourceType").and_then(as_string).is_some_and(|t| !t.eq_ignore_ascii_case("VPC")) {
            continue;
        }
        let text = |k: &str, default: &str| match fp.get(k) {
            None | Some(Value::Null) => default.to_owned(),
            Some(v) => sym_string(v).unwrap_or_else(|| "(unresolved)".to_owned()),
        };
        if spans.is_empty() {
            spans.push(("flow_logs", fl, ""));
        }
        logs.push(ec2::FlowLog {
            id: fl.logical_id.clone(),
            // A flow log is active once created; delivery problems show only in the account.
            status: "ACTIVE".to_owned(),
            traffic_type: text("TrafficType", "ALL"),
            destination_type: text("LogDestinationType", "cloud-watch-logs"),
        });
    }
    let props = ec2::Vpc {
        vpc_id: Attr::unknown(UnknownCause::ComputedAtApply),
        cidr_block: read_opt_sym(p, "CidrBlock"),
        // A template cannot create a region's default VPC.
        is_default: Attr::Known(false),
        flow_logs: Attr::Known(logs),
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

/// One `AWS::EC2::NetworkAclEntry`; an unknown peer, port, protocol or action is unknown.
fn nacl_entry(e: &Value) -> Result<ec2::NetworkAclEntry, Attr<Vec<ec2::NetworkAclEntry>>> {
    for k in ["RuleNumber", "Protocol", "RuleAction", "Egress", "CidrBlock", "Ipv6CidrBlock", "PortRange", "PortRange.From", "PortRange.To"] {
        if let Lookup::Unknown(u) = lookup(e, k)
            && symbol_of(u).is_none()
        {
            return Err(to_unknown(u));
        }
    }
    let int = |k: &str| match lookup(e, k) {
        Lookup::Found(v) => as_i64(v).and_then(|n| i32::try_from(n).ok()),
        _ => None,
    };
    let text = |k: &str| match lookup(e, k) {
        Lookup::Found(v) | Lookup::Unknown(v) => sym_string(v),
        Lookup::Absent => None,
    };
    let Some(rule_number) = int("RuleNumber") else {
        return Err(Attr::unknown_because(UnknownCause::Unresolvable, "RuleNumber is not a number"));
    };
    Ok(ec2::NetworkAclEntry {
        rule_number,
        protocol: text("Protocol").unwrap_or_else(|| "-1".to_owned()),
        rule_action: text("RuleAction").unwrap_or_default().to_ascii_lowercase(),
        egress: match lookup(e, "Egress") {
            Lookup::Found(v) => as_bool(v).unwrap_or(false),
            _ => false,
        },
        cidr_ipv4: text("CidrBlock"),
        cidr_ipv6: text("Ipv6CidrBlock"),
        from_port: int("PortRange.From"),
        to_port: int("PortRange.To"),
    })
}

fn network_acl(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let mut entries = Vec::new();
    let mut unknown = None;
    let mut open: Option<(i32, &RawResource)> = None;
    let children = ctx.children(raw, &["AWS::EC2::NetworkAclEntry"], "NetworkAclId");
    for c in &children {
        match nacl_entry(&c.props) {
            Ok(e) => {
                let admin = [22, 3389].iter().any(|port| e.covers_port(*port)) && matches!(e.protocol.as_str(), "-1" | "6" | "all" | "tcp");
                if !e.egress && e.rule_action == "allow" && e.is_open_to_internet() && admin && open.is_none_or(|(n, _)| e.rule_number < n) {
                    open = Some((e.rule_number, c));
                }
                entries.push(e);
            }
            Err(u) => {
                unknown.get_or_insert(u);
            }
        }
    }
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    if let Some(src) = open.map(|(_, c)| c).or_else(|| children.first().copied()) {
        spans.push(("entries", src, ""));
    }
    let associations = ctx.children(raw, &["AWS::EC2::SubnetNetworkAclAssociation"], "NetworkAclId");
    let mut subnets = Attr::Known(Vec::new());
    for a in associations {
        match (a.props.get("SubnetId").and_then(sym_string), &mut subnets) {
            (Some(s), Attr::Known(list)) => list.push(s),
            (None, Attr::Known(_)) => subnets = a.props.get("SubnetId").map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), to_unknown),
            _ => {}
        }
    }
    let props = ec2::NetworkAcl {
        network_acl_id: Attr::unknown(UnknownCause::ComputedAtApply),
        vpc_id: read_opt_sym(p, "VpcId"),
        // A template creates custom ACLs; the VPC's default ACL is AWS's.
        is_default: Attr::Known(false),
        subnet_ids: subnets,
        entries: unknown.unwrap_or(Attr::Known(entries)),
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

// ---------------------------------------------------------------------------
// AMIs built by EC2 Image Builder.

/// `AWS::ImageBuilder::Image` builds an AMI when the stack deploys; its
/// distribution configuration says who may launch it.
fn image(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let mut spans: Vec<(&str, &RawResource, String)> = Vec::new();
    let dist = raw
        .refs
        .get("DistributionConfigurationArn")
        .and_then(|r| r.first())
        .and_then(|id| ctx.by_id(id))
        .filter(|r| r.rtype == "AWS::ImageBuilder::DistributionConfiguration");
    let (public, shared) = match (lookup(p, "DistributionConfigurationArn"), dist) {
        // Without a distribution configuration the AMI stays in the account, private.
        (Lookup::Absent, _) => (Attr::Known(false), Attr::Known(Vec::new())),
        (_, Some(d)) => launch_permissions(d, &mut spans),
        (_, None) => {
            let why = "the distribution configuration is not in this template";
            (Attr::unknown_because(UnknownCause::Unresolvable, why), Attr::unknown_because(UnknownCause::Unresolvable, why))
        }
    };
    let props = ec2::Image {
        image_id: Attr::unknown(UnknownCause::ComputedAtApply),
        state: Attr::unknown(UnknownCause::ComputedAtApply),
        created: Attr::unknown(UnknownCause::ComputedAtApply),
        public,
        shared_with_accounts: shared,
        encrypted: Attr::unknown_because(UnknownCause::NotSupportedBySource, "decided by the image recipe's block devices and its parent image"),
        ..Default::default()
    };
    let spans: Vec<(&str, &RawResource, &str)> = spans.iter().map(|(f, r, s)| (*f, *r, s.as_str())).collect();
    resource(ctx, raw, props, &spans)
}

fn launch_permissions<'a>(dist: &'a RawResource, spans: &mut Vec<(&'static str, &'a RawResource, String)>) -> (Attr<bool>, Attr<Vec<String>>) {
    let list = match lookup(&dist.props, "Distributions") {
        Lookup::Found(Value::Array(list)) => list,
        Lookup::Unknown(u) => return (to_unknown(u), to_unknown(u)),
        _ => return (Attr::Known(false), Attr::Known(Vec::new())),
    };
    let mut public = false;
    let mut accounts = Vec::new();
    for (i, d) in list.iter().enumerate() {
        let base = format!("Distributions.{i}.AmiDistributionConfiguration.LaunchPermissionConfiguration");
        let perms = match lookup(d, "AmiDistributionConfiguration.LaunchPermissionConfiguration") {
            Lookup::Found(v) => v,
            Lookup::Unknown(u) => return (to_unknown(u), to_unknown(u)),
            Lookup::Absent => continue,
        };
        if let Some(u) = find_unknown(perms) {
            return (to_unknown(u), to_unknown(u));
        }
        let strings = |k: &str| perms.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(as_string).collect::<Vec<_>>()).unwrap_or_default();
        if strings("UserGroups").iter().any(|g| g.eq_ignore_ascii_case("all")) {
            if !public {
                spans.push(("public", dist, format!("{base}.UserGroups")));
            }
            public = true;
        }
        for a in strings("UserIds") {
            if !accounts.contains(&a) {
                accounts.push(a);
            }
        }
    }
    (Attr::Known(public), Attr::Known(accounts))
}

// ---------------------------------------------------------------------------
// Aurora and Multi-AZ DB clusters.

fn db_cluster(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let set = |k: &str| !matches!(lookup(p, k), Lookup::Absent);
    let storage_encrypted = if set("StorageEncrypted") {
        read(p, "StorageEncrypted", None, as_bool)
    } else if set("SnapshotIdentifier") || set("SourceDBClusterIdentifier") {
        Attr::unknown_because(UnknownCause::ComputedAtApply, "restored from a snapshot or another cluster: encryption follows the source")
    } else if set("GlobalClusterIdentifier") {
        Attr::unknown_because(UnknownCause::ComputedAtApply, "a member of a global database: encryption follows the global cluster")
    } else {
        // Aurora Serverless v1 clusters are always encrypted; others default to unencrypted.
        read(p, "EngineMode", Some("provisioned".to_owned()), as_string).map_known(|m| m.eq_ignore_ascii_case("serverless"))
    };
    let props = rds::DbCluster {
        engine: read(p, "Engine", None, as_string),
        engine_version: read_opt(p, "EngineVersion", as_string),
        storage_encrypted,
        kms_key_id: read_opt_sym(p, "KmsKeyId"),
        backup_retention_period: read(p, "BackupRetentionPeriod", Some(1), as_u32),
        deletion_protection: read(p, "DeletionProtection", Some(false), as_bool),
        iam_database_authentication_enabled: read(p, "EnableIAMDatabaseAuthentication", Some(false), as_bool),
        multi_az: Attr::unknown_because(UnknownCause::NotSupportedBySource, "follows where the cluster's instances are placed"),
        enabled_cloudwatch_logs_exports: read_strings(p, "EnableCloudwatchLogsExports"),
        members: Attr::unknown_because(UnknownCause::NotSupportedBySource, "instances join a cluster by DBClusterIdentifier, from this template or any other"),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("storage_encrypted", raw, "StorageEncrypted"), ("backup_retention_period", raw, "BackupRetentionPeriod")])
}

// ---------------------------------------------------------------------------
// EFS, Backup.

fn file_system(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let automatic_backups = match lookup(p, "BackupPolicy.Status") {
        Lookup::Found(v) => as_string(v).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), |s| Attr::Known(matches!(s.to_ascii_uppercase().as_str(), "ENABLED" | "ENABLING"))),
        Lookup::Unknown(u) => to_unknown(u),
        // CreateFileSystem turns automatic backups on by default for One Zone file systems only.
        Lookup::Absent => Attr::Known(!matches!(lookup(p, "AvailabilityZoneName"), Lookup::Absent)),
    };
    let props = efs::FileSystem {
        file_system_id: Attr::unknown(UnknownCause::ComputedAtApply),
        encrypted: read(p, "Encrypted", Some(false), as_bool),
        kms_key_id: read_opt_sym(p, "KmsKeyId"),
        automatic_backups,
        policy: policy_attr(ctx, lookup(p, "FileSystemPolicy"), "FileSystemPolicy", Some(&raw.logical_id)),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("encrypted", raw, "Encrypted"), ("policy", raw, "FileSystemPolicy"), ("automatic_backups", raw, "BackupPolicy")])
}

fn backup_vault(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let props = backup::BackupVault {
        encryption_key_arn: read_opt_sym(p, "EncryptionKeyArn"),
        locked: Attr::Known(!matches!(lookup(p, "LockConfiguration"), Lookup::Absent)),
        min_retention_days: read_opt(p, "LockConfiguration.MinRetentionDays", as_i64),
        recovery_points: Attr::unknown_because(UnknownCause::NotSupportedBySource, "recovery points are written after the stack deploys"),
        access_policy: policy_attr(ctx, lookup(p, "AccessPolicy"), "AccessPolicy", Some(&raw.logical_id)),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("access_policy", raw, "AccessPolicy"), ("locked", raw, "LockConfiguration")])
}

// ---------------------------------------------------------------------------
// AWS Config, Security Hub, IAM Access Analyzer: per-region services.

fn config_recorder(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    // One delivery channel per region; CloudFormation starts the recorder as soon as it exists.
    let channel = ctx.raws.iter().find(|r| r.rtype == "AWS::Config::DeliveryChannel");
    const NO_CHANNEL: &str = "no AWS::Config::DeliveryChannel in this template: the recorder starts once a delivery channel exists";
    let all_supported = match lookup(p, "RecordingGroup") {
        // Without a recording group, AWS Config records all supported types.
        Lookup::Absent => Attr::Known(true),
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Found(g) => match lookup(g, "AllSupported") {
            Lookup::Absent => read(g, "RecordingStrategy.UseOnly", Some(String::new()), as_string).map_known(|s| s.eq_ignore_ascii_case("ALL_SUPPORTED_RESOURCE_TYPES")),
            _ => read(g, "AllSupported", None, as_bool),
        },
    };
    let props = config::ConfigurationRecorder {
        recorder_name: match lookup(p, "Name") {
            Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, "the name is assigned when the stack deploys"),
            _ => read(p, "Name", None, as_string).map_known(Some),
        },
        recording: if channel.is_some() { Attr::Known(true) } else { Attr::unknown_because(UnknownCause::NotSupportedBySource, NO_CHANNEL) },
        all_supported,
        include_global_resource_types: read(p, "RecordingGroup.IncludeGlobalResourceTypes", Some(false), as_bool),
        delivery_s3_bucket: channel.map_or_else(|| Attr::unknown_because(UnknownCause::NotSupportedBySource, NO_CHANNEL), |c| read_opt_sym(&c.props, "S3BucketName")),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("all_supported", raw, "RecordingGroup.AllSupported"), ("all_supported", raw, "RecordingGroup"), ("include_global_resource_types", raw, "RecordingGroup.IncludeGlobalResourceTypes")])
}

fn security_hub(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let props = securityhub::Hub {
        // The resource is the subscription: declaring it enables Security Hub.
        enabled: Attr::Known(true),
        subscribed_at: Attr::unknown(UnknownCause::ComputedAtApply),
        enabled_standards: Attr::unknown_because(UnknownCause::NotSupportedBySource, "default standards are chosen by AWS, others may be enabled outside the template"),
        ..Default::default()
    };
    resource(ctx, raw, props, &[])
}

fn analyzer(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    // The kind is the region's set of analyzers: every analyzer of the template
    // belongs to it. Without an external-access analyzer in the template,
    // whether the region has one is not for the template to say.
    let declared = ctx.raws.iter().filter(|r| r.rtype == "AWS::AccessAnalyzer::Analyzer").filter_map(|a| {
        let t = a.props.get("Type").and_then(as_string)?;
        let name = a.props.get("AnalyzerName").and_then(as_string).unwrap_or_else(|| a.logical_id.clone());
        Some((name, t))
    });
    let props = securityhub::Analyzer {
        active_analyzers: onus_model::source_value::declared_analyzers(declared, "the template"),
        ..Default::default()
    };
    resource(ctx, raw, props, &[])
}

// ---------------------------------------------------------------------------
// EKS and ECR.

fn eks_cluster(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let secrets_key = match lookup(p, "EncryptionConfig") {
        Lookup::Found(Value::Array(items)) => {
            let mut key = Attr::Known(None);
            for item in items {
                if let Some(u) = find_unknown(&item.get("Resources").cloned().unwrap_or(Value::Null)) {
                    key = to_unknown(u);
                    break;
                }
                let secrets = item.get("Resources").and_then(Value::as_array).is_some_and(|r| r.iter().any(|x| x.as_str() == Some("secrets")));
                if secrets {
                    key = read_opt_sym(item, "Provider.KeyArn");
                    break;
                }
            }
            key
        }
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(None),
    };
    let log_types = match lookup(p, "Logging.ClusterLogging.EnabledTypes") {
        Lookup::Found(Value::Array(items)) => match find_unknown(&Value::Array(items.clone())) {
            Some(u) => to_unknown(u),
            None => Attr::Known(items.iter().filter_map(|t| t.get("Type").and_then(as_string)).collect()),
        },
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(Vec::new()),
    };
    let props = containers::Cluster {
        version: match lookup(p, "Version") {
            Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, "EKS picks its default Kubernetes version at creation"),
            _ => read(p, "Version", None, as_string).map_known(Some),
        },
        endpoint_public_access: read(p, "ResourcesVpcConfig.EndpointPublicAccess", Some(true), as_bool),
        // Empty means EKS's default, 0.0.0.0/0.
        public_access_cidrs: read_strings(p, "ResourcesVpcConfig.PublicAccessCidrs"),
        endpoint_private_access: read(p, "ResourcesVpcConfig.EndpointPrivateAccess", Some(false), as_bool),
        secrets_kms_key_arn: secrets_key,
        enabled_log_types: log_types,
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("endpoint_public_access", raw, "ResourcesVpcConfig.EndpointPublicAccess"),
        ("endpoint_public_access", raw, "ResourcesVpcConfig"),
        ("public_access_cidrs", raw, "ResourcesVpcConfig.PublicAccessCidrs"),
        ("public_access_cidrs", raw, "ResourcesVpcConfig.EndpointPublicAccess"),
        ("public_access_cidrs", raw, "ResourcesVpcConfig"),
        ("secrets_kms_key_arn", raw, "EncryptionConfig"),
    ])
}

fn ecr_repository(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let props = containers::Repository {
        image_tag_mutability: read(p, "ImageTagMutability", Some("MUTABLE".to_owned()), as_string),
        scan_on_push: read(p, "ImageScanningConfiguration.ScanOnPush", Some(false), as_bool),
        encryption_type: read(p, "EncryptionConfiguration.EncryptionType", Some("AES256".to_owned()), as_string),
        kms_key: read_opt_sym(p, "EncryptionConfiguration.KmsKey"),
        policy: policy_attr(ctx, lookup(p, "RepositoryPolicyText"), "RepositoryPolicyText", Some(&raw.logical_id)),
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("image_tag_mutability", raw, "ImageTagMutability"),
        ("scan_on_push", raw, "ImageScanningConfiguration.ScanOnPush"),
        ("scan_on_push", raw, "ImageScanningConfiguration"),
        ("policy", raw, "RepositoryPolicyText"),
    ])
}

// ---------------------------------------------------------------------------
// Secrets Manager, SQS, SNS.

fn secret(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    let schedules = ctx.children(raw, &["AWS::SecretsManager::RotationSchedule"], "SecretId");
    let interval = match schedules.first() {
        None => Attr::Known(None),
        Some(s) => {
            spans.push(("rotation_enabled", s, ""));
            match (lookup(&s.props, "RotationRules.AutomaticallyAfterDays"), lookup(&s.props, "RotationRules.ScheduleExpression")) {
                (Lookup::Found(d), _) => Attr::Known(as_i64(d)),
                (Lookup::Unknown(u), _) => to_unknown(u),
                (_, Lookup::Found(e)) => Attr::Known(as_string(e).and_then(|e| rate_days(&e))),
                (_, Lookup::Unknown(u)) => to_unknown(u),
                _ => Attr::Known(None),
            }
        }
    };
    let (policy, policy_res) = policy_from(ctx, raw, &[("AWS::SecretsManager::ResourcePolicy", "SecretId")], "ResourcePolicy");
    if let Some(pr) = policy_res {
        spans.push(("policy", pr, "ResourcePolicy"));
    }
    let props = secretsmanager::Secret {
        kms_key_id: read_opt_sym(p, "KmsKeyId"),
        rotation_enabled: Attr::Known(!schedules.is_empty()),
        rotation_interval_days: interval,
        last_rotated: Attr::unknown(UnknownCause::NotSupportedBySource),
        last_accessed: Attr::unknown(UnknownCause::NotSupportedBySource),
        policy,
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

/// Days in a `rate(30 days)` schedule expression.
fn rate_days(expr: &str) -> Option<i64> {
    let inner = expr.trim().strip_prefix("rate(")?.strip_suffix(')')?;
    let (n, unit) = inner.trim().split_once(' ')?;
    let n: i64 = n.parse().ok()?;
    match unit.trim().trim_end_matches('s') {
        "day" => Some(n),
        "hour" => Some(n / 24),
        _ => None,
    }
}

fn queue(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let kms = read_opt_sym(p, "KmsMasterKeyId");
    let sqs_managed_sse = match lookup(p, "SqsManagedSseEnabled") {
        // New queues get SSE-SQS unless they use a KMS key.
        Lookup::Absent => kms.clone().map_known(|k| k.is_none()),
        _ => read(p, "SqsManagedSseEnabled", None, as_bool),
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![("kms_master_key_id", raw, "KmsMasterKeyId"), ("kms_master_key_id", raw, "SqsManagedSseEnabled"), ("sqs_managed_sse", raw, "SqsManagedSseEnabled")];
    let (policy, policy_res) = policy_from(ctx, raw, &[("AWS::SQS::QueuePolicy", "Queues"), ("AWS::SQS::QueueInlinePolicy", "Queue")], "PolicyDocument");
    if let Some(pr) = policy_res {
        spans.push(("policy", pr, "PolicyDocument"));
    }
    let props = messaging::Queue { kms_master_key_id: kms, sqs_managed_sse, policy, ..Default::default() };
    resource(ctx, raw, props, &spans)
}

fn topic(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![("kms_master_key_id", raw, "KmsMasterKeyId")];
    let (policy, policy_res) = policy_from(ctx, raw, &[("AWS::SNS::TopicPolicy", "Topics"), ("AWS::SNS::TopicInlinePolicy", "TopicArn")], "PolicyDocument");
    if let Some(pr) = policy_res {
        spans.push(("policy", pr, "PolicyDocument"));
    }
    let props = messaging::Topic { kms_master_key_id: read_opt_sym(p, "KmsMasterKeyId"), policy, ..Default::default() };
    resource(ctx, raw, props, &spans)
}

// ---------------------------------------------------------------------------
// ACM, CloudWatch Logs, WAF.

fn certificate(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let private = !matches!(lookup(p, "CertificateAuthorityArn"), Lookup::Absent);
    let props = acm::Certificate {
        domain_name: read(p, "DomainName", None, as_string),
        status: Attr::unknown_because(UnknownCause::ComputedAtApply, "ACM issues the certificate after the stack requests it"),
        certificate_type: Attr::Known(if private { "PRIVATE" } else { "AMAZON_ISSUED" }.to_owned()),
        not_after: Attr::unknown_because(UnknownCause::ComputedAtApply, "the validity period starts when ACM issues the certificate"),
        key_algorithm: read(p, "KeyAlgorithm", Some("RSA_2048".to_owned()), as_string),
        in_use_by: Attr::unknown(UnknownCause::NotSupportedBySource),
        ..Default::default()
    };
    resource(ctx, raw, props, &[])
}

fn log_group(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let mut filters = Attr::Known(Vec::new());
    for f in ctx.children(raw, &["AWS::Logs::MetricFilter"], "LogGroupName") {
        let fp = &f.props;
        if let Some(u) = find_unknown(fp.get("FilterPattern").unwrap_or(&Value::Null)).or_else(|| find_unknown(fp.get("MetricTransformations").unwrap_or(&Value::Null))) {
            filters = to_unknown(u);
            break;
        }
        let metrics = fp
            .get("MetricTransformations")
            .and_then(Value::as_array)
            .map(|m| m.iter().filter_map(|t| Some(format!("{}/{}", t.get("MetricNamespace").and_then(as_string)?, t.get("MetricName").and_then(as_string)?))).collect())
            .unwrap_or_default();
        if let Attr::Known(list) = &mut filters {
            list.push(logs::MetricFilter {
                name: fp.get("FilterName").and_then(as_string).unwrap_or_else(|| f.logical_id.clone()),
                pattern: fp.get("FilterPattern").and_then(as_string).unwrap_or_default(),
                metrics,
            });
        }
    }
    let props = logs::LogGroup {
        retention_in_days: read_opt(p, "RetentionInDays", as_u32),
        kms_key_id: read_opt_sym(p, "KmsKeyId"),
        metric_filters: filters,
        ..Default::default()
    };
    resource(ctx, raw, props, &[("retention_in_days", raw, "RetentionInDays")])
}

fn web_acl(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let logging = ctx.children(raw, &["AWS::WAFv2::LoggingConfiguration"], "ResourceArn");
    let default_action = match lookup(p, "DefaultAction") {
        Lookup::Found(a) if a.get("Block").is_some() => Attr::Known("BLOCK".to_owned()),
        Lookup::Found(a) if a.get("Allow").is_some() => Attr::Known("ALLOW".to_owned()),
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::unknown_because(UnknownCause::Unresolvable, "DefaultAction is neither Allow nor Block"),
    };
    let (rules, managed) = match lookup(p, "Rules") {
        Lookup::Found(Value::Array(items)) => match find_unknown(&Value::Array(items.clone())) {
            Some(u) => (to_unknown(u), to_unknown(u)),
            None => (
                Attr::Known(items.iter().filter_map(|r| r.get("Name").and_then(as_string)).collect()),
                Attr::Known(
                    items
                        .iter()
                        .filter_map(|r| {
                            let m = r.pointer("/Statement/ManagedRuleGroupStatement")?;
                            Some(format!("{}/{}", m.get("VendorName").and_then(as_string)?, m.get("Name").and_then(as_string)?))
                        })
                        .collect(),
                ),
            ),
        },
        Lookup::Unknown(u) => (to_unknown(u), to_unknown(u)),
        _ => (Attr::Known(Vec::new()), Attr::Known(Vec::new())),
    };
    let mut associated = Attr::Known(Vec::new());
    for a in ctx.children(raw, &["AWS::WAFv2::WebACLAssociation"], "WebACLArn") {
        match (a.props.get("ResourceArn").and_then(sym_string), &mut associated) {
            (Some(s), Attr::Known(list)) => list.push(s),
            (None, Attr::Known(_)) => associated = a.props.get("ResourceArn").map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), to_unknown),
            _ => {}
        }
    }
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    if let Some(l) = logging.first() {
        spans.push(("logging_enabled", l, ""));
    }
    let props = wafv2::WebAcl {
        scope: read(p, "Scope", None, as_string),
        default_action,
        rules,
        managed_rule_groups: managed,
        logging_enabled: Attr::Known(!logging.is_empty()),
        associated_resources: associated,
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}
