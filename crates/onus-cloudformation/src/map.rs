//! From CloudFormation resource types to inventory kinds.
//!
//! Struct literals end in `..Default::default()` so that a property added to
//! the model later is `not_collected` here until it is mapped.
#![allow(clippy::needless_update)]

use crate::template::RawResource;
use crate::value::{Lookup, as_bool, as_i64, as_policy, as_string, as_u32, contains_unknown, is_unknown, lookup, read, read_opt, read_strings, to_unknown};
use onus_model::resources::{cloudtrail, dynamodb, ec2, elbv2, guardduty, iam, kms, lambda, rds, s3};
use onus_model::{Attr, Properties, Provenance, Resource, UnknownCause};
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
        id: format!("{}#{}", ctx.file, raw.logical_id),
        name: raw.logical_id.clone(),
        account: None,
        region: None,
        tags,
        provenance: Provenance::CloudFormation { file: ctx.file.to_owned(), logical_id: raw.logical_id.clone(), span: Some(raw.span) },
        attribute_spans,
        suppressions: raw.suppressions.clone(),
        properties: props.into(),
    }
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
    let policy_res = ctx.children(raw, &["AWS::S3::BucketPolicy"], "Bucket").into_iter().next();
    let policy = match policy_res {
        Some(pr) => {
            spans.push(("policy", pr, "PolicyDocument"));
            read_opt(&pr.props, "PolicyDocument", as_policy)
        }
        None => Attr::Known(None),
    };
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
        iam_instance_profile_arn: read_opt(p, "IamInstanceProfile", as_string),
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

fn user(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let p = &raw.props;
    let keys = ctx.children(raw, &["AWS::IAM::AccessKey"], "UserName");
    // No key, or only inactive ones: no active key to rotate.
    let access_keys = if keys.iter().all(|k| k.props.get("Status").and_then(Value::as_str) == Some("Inactive")) {
        Attr::Known(Vec::new())
    } else {
        Attr::unknown_because(UnknownCause::ComputedAtApply, "access keys are created when the stack deploys")
    };
    let inline = match lookup(p, "Policies") {
        Lookup::Found(Value::Array(items)) => Attr::Known(
            items
                .iter()
                .filter_map(|i| Some(iam::InlinePolicy { name: i.get("PolicyName").and_then(as_string)?, document: i.get("PolicyDocument").and_then(as_policy)? }))
                .collect(),
        ),
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(Vec::new()),
    };
    let login = !matches!(lookup(p, "LoginProfile"), Lookup::Absent);
    let props = iam::User {
        arn: Attr::unknown(UnknownCause::ComputedAtApply),
        created: Attr::unknown(UnknownCause::NotSupportedBySource),
        password_enabled: Attr::Known(login),
        password_last_used: Attr::unknown(UnknownCause::NotSupportedBySource),
        mfa_devices: Attr::unknown_because(UnknownCause::NotSupportedBySource, "MFA devices are enrolled by the user, not declared in a template"),
        access_keys,
        groups: read_strings(p, "Groups"),
        attached_policy_arns: read_strings(p, "ManagedPolicyArns"),
        inline_policies: inline,
        permissions_boundary_arn: read_opt(p, "PermissionsBoundary", as_string),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("mfa_devices", raw, "LoginProfile"), ("password_enabled", raw, "LoginProfile")])
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
        policy: read_opt(p, "KeyPolicy", as_policy),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("rotation_enabled", raw, "EnableKeyRotation")])
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
    let mut statements = Vec::new();
    for perm in ctx.children(raw, &["AWS::Lambda::Permission"], "FunctionName") {
        let s = |k: &str| perm.props.get(k).and_then(as_string);
        let principal = s("Principal").unwrap_or_default();
        statements.push(serde_json::json!({
            "Effect": "Allow",
            "Principal": if principal == "*" { Value::String("*".into()) } else if principal.contains('.') { serde_json::json!({"Service": principal}) } else { serde_json::json!({"AWS": principal}) },
            "Action": s("Action").unwrap_or_default(),
        }));
    }
    let props = lambda::Function {
        package_type,
        runtime,
        role_arn: match get("Role") {
            Lookup::Found(v) => Attr::Known(as_string(v)),
            Lookup::Unknown(u) => to_unknown(u),
            Lookup::Absent => Attr::Known(None),
        },
        environment_variable_names: env,
        kms_key_arn: read_opt(p, "KmsKeyArn", as_string),
        url_auth_type,
        policy: Attr::Known(if statements.is_empty() { None } else { Some(serde_json::json!({"Version": "2012-10-17", "Statement": statements})) }),
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
