//! From Terraform resources to inventory kinds, joining the resources the AWS
//! provider (v4 and later) splits one AWS resource into.
//!
//! Struct literals end in `..Default::default()` so that a property added to
//! the model later is `not_collected` here until it is mapped.
#![allow(clippy::needless_update)]

use crate::raw::RawResource;
use crate::value::{Lookup, as_bool, as_i64, as_policy, as_string, as_u32, contains_unknown, is_unknown, lookup, read, read_opt, read_strings, to_unknown};
use onus_model::resources::{cloudtrail, dynamodb, ec2, elbv2, guardduty, iam, kms, lambda, rds, s3};
use onus_model::{Attr, Properties, Provenance, Resource, Span, UnknownCause};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Resource types joined into another resource rather than mapped on their own.
pub const COMPANION_TYPES: &[&str] = &[
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_acl",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_replication_configuration",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_iam_user_login_profile",
    "aws_iam_access_key",
    "aws_iam_user_policy",
    "aws_iam_user_policy_attachment",
    "aws_iam_user_group_membership",
    "aws_lambda_function_url",
    "aws_lambda_permission",
    "aws_lb",
    "aws_alb",
    "aws_snapshot_create_volume_permission",
];

/// Resource types mapped to an inventory kind.
pub const PRIMARY_TYPES: &[&str] = &[
    "aws_s3_bucket",
    "aws_s3_account_public_access_block",
    "aws_security_group",
    "aws_instance",
    "aws_ebs_volume",
    "aws_ebs_snapshot",
    "aws_ebs_encryption_by_default",
    "aws_iam_account_password_policy",
    "aws_iam_user",
    "aws_kms_key",
    "aws_kms_external_key",
    "aws_cloudtrail",
    "aws_db_instance",
    "aws_db_snapshot",
    "aws_lambda_function",
    "aws_dynamodb_table",
    "aws_guardduty_detector",
    "aws_lb_listener",
    "aws_alb_listener",
];

struct Ctx<'a> {
    raws: &'a [RawResource],
    by_address: HashMap<String, Vec<usize>>,
    by_type: HashMap<&'a str, Vec<usize>>,
    /// (type, attribute, referenced qualified address) → resources whose attribute refers there.
    by_ref: HashMap<(&'a str, &'a str, String), Vec<usize>>,
    /// (type, link attribute, known value) → resources with that value.
    by_value: HashMap<(&'a str, &'static str, String), Vec<usize>>,
    id_prefix: &'a str,
}

/// Attributes through which a companion names its parent.
const LINK_ATTRS: &[&str] = &["bucket", "security_group_id", "user", "function_name", "snapshot_id", "load_balancer_arn"];

impl<'a> Ctx<'a> {
    fn of_type(&self, t: &str) -> impl Iterator<Item = &'a RawResource> + '_ {
        self.by_type.get(t).into_iter().flatten().filter_map(|i| self.raws.get(*i))
    }

    /// Whether `child` (through its attribute `attr`) belongs to `parent`:
    /// a reference in the configuration, or the same value.
    fn belongs(&self, child: &RawResource, attr: &str, parent: &RawResource, keys: &[&str]) -> bool {
        if let Some(refs) = child.refs.get(attr) {
            let targets: Vec<String> = refs.iter().map(|r| child.qualified(r)).collect();
            let parent_q = parent.qualified(&parent.config_address);
            if targets.contains(&parent_q) {
                let siblings = self.by_address.get(&parent_q).map_or(0, Vec::len);
                return siblings <= 1 || child.index.is_none() || child.index == parent.index;
            }
            if !refs.is_empty() && !matches!(lookup(&child.values, attr), Lookup::Found(_)) {
                return false;
            }
        }
        let Lookup::Found(v) = lookup(&child.values, attr) else { return false };
        let Some(s) = as_string(v) else { return false };
        keys.iter().any(|k| matches!(lookup(&parent.values, k), Lookup::Found(p) if as_string(p).as_deref() == Some(s.as_str())))
    }

    /// Resources of `types` whose `attr` names `parent` (by reference or by one
    /// of the parent's `keys` values), found through indexes, in input order.
    fn children(&self, parent: &RawResource, types: &[&str], attr: &str, keys: &[&str]) -> Vec<&'a RawResource> {
        let parent_q = parent.qualified(&parent.config_address);
        let mut idx: Vec<usize> = Vec::new();
        for t in types {
            if let Some(v) = self.by_ref.get(&(*t, attr, parent_q.clone())) {
                idx.extend(v);
            }
            for k in keys {
                if let Lookup::Found(v) = lookup(&parent.values, k)
                    && let Some(val) = as_string(v)
                    && let Some(link) = LINK_ATTRS.iter().find(|l| **l == attr)
                    && let Some(found) = self.by_value.get(&(*t, *link, val))
                {
                    idx.extend(found);
                }
            }
        }
        idx.sort_unstable();
        idx.dedup();
        idx.into_iter().filter_map(|i| self.raws.get(i)).filter(|c| self.belongs(c, attr, parent, keys)).collect()
    }

    /// The resource of one of `types` that `child`'s attribute `attr` points at.
    fn parent(&self, child: &RawResource, attr: &str, types: &[&str], keys: &[&str]) -> Option<&'a RawResource> {
        types.iter().flat_map(|t| self.of_type(t)).find(|p| self.belongs(child, attr, p, keys))
    }

    fn child(&self, parent: &RawResource, t: &str, attr: &str, keys: &[&str]) -> Option<&'a RawResource> {
        self.children(parent, &[t], attr, keys).into_iter().next()
    }
}

/// Builds a resource, with attribute spans for `(field, raw, path)` triples
/// whose source sits in the same file as the resource.
fn resource(ctx: &Ctx<'_>, raw: &RawResource, props: impl Into<Properties>, spans: &[(&str, &RawResource, &str)]) -> Resource {
    let mut attribute_spans = BTreeMap::new();
    for (field, src, path) in spans {
        if src.file != raw.file {
            continue;
        }
        let span: Option<Span> = if path.is_empty() { src.span } else { src.attr_spans.get(*path).copied() };
        if let Some(span) = span {
            attribute_spans.entry((*field).to_owned()).or_insert(span);
        }
    }
    let tags = match lookup(&raw.values, "tags") {
        Lookup::Found(Value::Object(m)) => m.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned()))).collect(),
        _ => BTreeMap::new(),
    };
    Resource {
        id: format!("{}#{}", ctx.id_prefix, raw.address),
        name: raw.address.clone(),
        account: None,
        region: raw.region.clone(),
        tags,
        provenance: Provenance::Terraform { file: raw.file.clone(), address: raw.address.clone(), span: raw.span },
        attribute_spans,
        suppressions: raw.suppressions.clone(),
        properties: props.into(),
    }
}

/// Maps resources; types that map to no kind are counted in `unsupported`.
pub fn map(raws: &[RawResource], id_prefix: &str, unsupported: &mut BTreeMap<String, usize>) -> Vec<Resource> {
    let mut by_address: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_type: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in raws.iter().enumerate() {
        by_address.entry(r.qualified(&r.config_address)).or_default().push(i);
        by_type.entry(r.rtype.as_str()).or_default().push(i);
    }
    let mut by_ref: HashMap<(&str, &str, String), Vec<usize>> = HashMap::new();
    let mut by_value: HashMap<(&str, &'static str, String), Vec<usize>> = HashMap::new();
    for (i, r) in raws.iter().enumerate() {
        for (attr, refs) in &r.refs {
            for target in refs {
                by_ref.entry((r.rtype.as_str(), attr.as_str(), r.qualified(target))).or_default().push(i);
            }
        }
        for link in LINK_ATTRS {
            if let Lookup::Found(v) = lookup(&r.values, link)
                && let Some(val) = as_string(v)
            {
                by_value.entry((r.rtype.as_str(), *link, val)).or_default().push(i);
            }
        }
    }
    let ctx = Ctx { raws, by_address, by_type, by_ref, by_value, id_prefix };
    let mut out = Vec::new();
    for raw in raws {
        let mapped = match raw.rtype.as_str() {
            "aws_s3_bucket" => Some(bucket(&ctx, raw)),
            "aws_s3_account_public_access_block" => Some(account_pab(&ctx, raw)),
            "aws_security_group" => Some(security_group(&ctx, raw)),
            "aws_instance" => Some(instance(&ctx, raw)),
            "aws_ebs_volume" => Some(volume(&ctx, raw)),
            "aws_ebs_snapshot" => Some(ebs_snapshot(&ctx, raw)),
            "aws_ebs_encryption_by_default" => Some(ebs_default(&ctx, raw)),
            "aws_iam_account_password_policy" => Some(password_policy(&ctx, raw)),
            "aws_iam_user" => Some(user(&ctx, raw)),
            "aws_kms_key" | "aws_kms_external_key" => Some(kms_key(&ctx, raw)),
            "aws_cloudtrail" => Some(trail(&ctx, raw)),
            "aws_db_instance" => Some(db_instance(&ctx, raw)),
            "aws_db_snapshot" => Some(db_snapshot(&ctx, raw)),
            "aws_lambda_function" => Some(function(&ctx, raw)),
            "aws_dynamodb_table" => Some(table(&ctx, raw)),
            "aws_guardduty_detector" => Some(detector(&ctx, raw)),
            "aws_lb_listener" | "aws_alb_listener" => Some(listener(&ctx, raw)),
            t if COMPANION_TYPES.contains(&t) => None,
            t => {
                *unsupported.entry(t.to_owned()).or_default() += 1;
                None
            }
        };
        out.extend(mapped);
    }
    out
}

const BUCKET_KEYS: &[&str] = &["bucket", "id"];

fn public_access_block(v: &Value) -> Attr<Option<s3::PublicAccessBlock>> {
    let flag = |k: &str| read(v, k, Some(false), as_bool);
    let (a, b, c, d) = (flag("block_public_acls"), flag("ignore_public_acls"), flag("block_public_policy"), flag("restrict_public_buckets"));
    for f in [&a, &b, &c, &d] {
        if let Attr::Unknown(u) = f {
            return Attr::Unknown(u.clone());
        }
    }
    Attr::Known(Some(s3::PublicAccessBlock {
        block_public_acls: a.value().copied().unwrap_or(false),
        ignore_public_acls: b.value().copied().unwrap_or(false),
        block_public_policy: c.value().copied().unwrap_or(false),
        restrict_public_buckets: d.value().copied().unwrap_or(false),
    }))
}

fn canned_acl_grants(acl: &str) -> Vec<s3::AclGrant> {
    const ALL: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
    const AUTH: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    let g = |grantee: &str, permission: &str| s3::AclGrant { grantee: grantee.to_owned(), permission: permission.to_owned() };
    let mut grants = vec![g("owner", "FULL_CONTROL")];
    match acl {
        "public-read" => grants.push(g(ALL, "READ")),
        "public-read-write" => {
            grants.push(g(ALL, "READ"));
            grants.push(g(ALL, "WRITE"));
        }
        "authenticated-read" => grants.push(g(AUTH, "READ")),
        _ => {}
    }
    grants
}

fn bucket(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    // Legacy inline settings count only when the configuration sets them;
    // otherwise the provider reports them as computed.
    let inline = |attr: &str| raw.is_configured(attr) || !matches!(lookup(v, attr), Lookup::Unknown(_));

    let versioning = if let Some(c) = ctx.child(raw, "aws_s3_bucket_versioning", "bucket", BUCKET_KEYS) {
        spans.push(("versioning", c, "versioning_configuration.status"));
        spans.push(("versioning", c, ""));
        match read(&c.values, "versioning_configuration.status", None, as_string) {
            Attr::Known(s) => Attr::Known(s3::Versioning {
                status: match s.as_str() {
                    "Enabled" => s3::VersioningStatus::Enabled,
                    "Suspended" => s3::VersioningStatus::Suspended,
                    _ => s3::VersioningStatus::Disabled,
                },
                mfa_delete: read(&c.values, "versioning_configuration.mfa_delete", Some("Disabled".to_owned()), as_string)
                    .value()
                    .is_some_and(|m| m == "Enabled"),
            }),
            Attr::Unknown(u) => Attr::Unknown(u),
        }
    } else if inline("versioning") && matches!(lookup(v, "versioning.enabled"), Lookup::Found(_) | Lookup::Unknown(_)) {
        spans.push(("versioning", raw, "versioning.enabled"));
        match read(v, "versioning.enabled", Some(false), as_bool) {
            Attr::Known(true) => Attr::Known(s3::Versioning { status: s3::VersioningStatus::Enabled, mfa_delete: false }),
            Attr::Known(false) => Attr::Known(s3::Versioning { status: s3::VersioningStatus::Disabled, mfa_delete: false }),
            Attr::Unknown(u) => Attr::Unknown(u),
        }
    } else {
        Attr::Known(s3::Versioning { status: s3::VersioningStatus::Disabled, mfa_delete: false })
    };

    let public_access_block = match ctx.child(raw, "aws_s3_bucket_public_access_block", "bucket", BUCKET_KEYS) {
        Some(c) => {
            spans.push(("public_access_block", c, ""));
            public_access_block(&c.values)
        }
        None => Attr::Known(None),
    };

    let mut policy = if inline("policy") { read_opt(v, "policy", as_policy) } else { Attr::Known(None) };
    if inline("policy") && matches!(policy, Attr::Known(Some(_)) | Attr::Unknown(_)) {
        spans.push(("policy", raw, "policy"));
    }
    if let Some(c) = ctx.child(raw, "aws_s3_bucket_policy", "bucket", BUCKET_KEYS) {
        spans.push(("policy", c, "policy"));
        policy = read_opt(&c.values, "policy", as_policy);
    }

    let encryption = match ctx.child(raw, "aws_s3_bucket_server_side_encryption_configuration", "bucket", BUCKET_KEYS) {
        Some(c) => {
            let base = "rule.apply_server_side_encryption_by_default";
            match read(&c.values, &format!("{base}.sse_algorithm"), None, as_string) {
                Attr::Known(algorithm) => Attr::Known(Some(s3::BucketEncryption {
                    algorithm,
                    kms_key_id: read_opt(&c.values, &format!("{base}.kms_master_key_id"), as_string).value().cloned().flatten(),
                    bucket_key_enabled: read(&c.values, "rule.bucket_key_enabled", Some(false), as_bool).value().copied().unwrap_or(false),
                })),
                Attr::Unknown(u) => Attr::Unknown(u),
            }
        }
        None => Attr::Known(None),
    };

    let acl_grants = match ctx.child(raw, "aws_s3_bucket_acl", "bucket", BUCKET_KEYS) {
        Some(c) => match lookup(&c.values, "acl") {
            Lookup::Found(a) => Attr::Known(canned_acl_grants(a.as_str().unwrap_or("private"))),
            Lookup::Unknown(u) => to_unknown(u),
            Lookup::Absent => Attr::unknown_because(UnknownCause::NotSupportedBySource, "explicit ACL grants are not modelled"),
        },
        None if inline("acl") => match lookup(v, "acl") {
            Lookup::Found(a) => Attr::Known(canned_acl_grants(a.as_str().unwrap_or("private"))),
            Lookup::Unknown(u) => to_unknown(u),
            Lookup::Absent => Attr::Known(canned_acl_grants("private")),
        },
        None => Attr::Known(canned_acl_grants("private")),
    };

    let object_ownership = match ctx.child(raw, "aws_s3_bucket_ownership_controls", "bucket", BUCKET_KEYS) {
        Some(c) => read_opt(&c.values, "rule.object_ownership", as_string),
        // New buckets default to BucketOwnerEnforced since April 2023.
        None => Attr::Known(Some("BucketOwnerEnforced".to_owned())),
    };

    let logging = match ctx.child(raw, "aws_s3_bucket_logging", "bucket", BUCKET_KEYS) {
        Some(c) => match read(&c.values, "target_bucket", None, as_string) {
            Attr::Known(target_bucket) => Attr::Known(Some(s3::BucketLogging {
                target_bucket,
                target_prefix: read(&c.values, "target_prefix", Some(String::new()), as_string).value().cloned().unwrap_or_default(),
            })),
            Attr::Unknown(u) => Attr::Unknown(u),
        },
        None => Attr::Known(None),
    };

    let replication_enabled = match ctx.child(raw, "aws_s3_bucket_replication_configuration", "bucket", BUCKET_KEYS) {
        Some(c) => read(&c.values, "rule.status", Some("Disabled".to_owned()), as_string).map_known(|s| s == "Enabled"),
        None => Attr::Known(false),
    };

    let props = s3::Bucket {
        encryption,
        versioning,
        public_access_block,
        policy,
        acl_grants,
        object_ownership,
        logging,
        object_lock_enabled: read(v, "object_lock_enabled", Some(false), as_bool),
        replication_enabled,
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
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

fn account_pab(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let props = s3::AccountPublicAccessBlock { public_access_block: public_access_block(&raw.values) };
    resource(ctx, raw, props, &[("public_access_block", raw, "")])
}

/// Rules with one peer each, from a Terraform rule object (inline block or
/// `aws_security_group_rule`), or the unknown that prevents it.
fn legacy_rules(rule: &Value) -> Result<Vec<ec2::SecurityGroupRule>, Attr<Vec<ec2::SecurityGroupRule>>> {
    // Only what decides who may connect matters; the group a rule attaches to
    // (`security_group_id`) and a peer group are often known only after apply.
    for k in ["protocol", "from_port", "to_port", "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "self"] {
        if let Some(u) = rule.get(k).and_then(find_unknown) {
            return Err(to_unknown(u));
        }
    }
    let s = |k: &str| rule.get(k).and_then(|v| if is_unknown(v) { Some("(a group created by this configuration)".to_owned()) } else { as_string(v) });
    let port = |k: &str| rule.get(k).and_then(as_i64).and_then(|p| i32::try_from(p).ok());
    let protocol = s("protocol").unwrap_or_else(|| "-1".to_owned());
    let protocol = if protocol == "all" { "-1".to_owned() } else { protocol };
    let base = ec2::SecurityGroupRule {
        protocol,
        from_port: port("from_port"),
        to_port: port("to_port"),
        cidr_ipv4: None,
        cidr_ipv6: None,
        source_group_id: None,
        prefix_list_id: None,
        description: s("description").filter(|d| !d.is_empty()),
    };
    let list = |k: &str| -> Vec<String> {
        rule.get(k)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| if is_unknown(v) { Some("(a group created by this configuration)".to_owned()) } else { as_string(v) }).collect())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for c in list("cidr_blocks") {
        out.push(ec2::SecurityGroupRule { cidr_ipv4: Some(c), ..base.clone() });
    }
    for c in list("ipv6_cidr_blocks") {
        out.push(ec2::SecurityGroupRule { cidr_ipv6: Some(c), ..base.clone() });
    }
    let mut groups = list("security_groups");
    groups.extend(s("source_security_group_id"));
    for g in groups {
        out.push(ec2::SecurityGroupRule { source_group_id: Some(g), ..base.clone() });
    }
    if rule.get("self").and_then(as_bool) == Some(true) {
        out.push(ec2::SecurityGroupRule { source_group_id: Some("self".to_owned()), ..base.clone() });
    }
    for p in list("prefix_list_ids") {
        out.push(ec2::SecurityGroupRule { prefix_list_id: Some(p), ..base.clone() });
    }
    Ok(out)
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

fn vpc_rule(rule: &Value) -> Result<Vec<ec2::SecurityGroupRule>, Attr<Vec<ec2::SecurityGroupRule>>> {
    let wanted = ["ip_protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "prefix_list_id"];
    for k in wanted {
        if let Some(u) = rule.get(k).filter(|v| is_unknown(v)) {
            return Err(to_unknown(u));
        }
    }
    let s = |k: &str| rule.get(k).and_then(as_string).filter(|x| !x.is_empty());
    let port = |k: &str| rule.get(k).and_then(as_i64).and_then(|p| i32::try_from(p).ok());
    let protocol = s("ip_protocol").unwrap_or_else(|| "-1".to_owned());
    Ok(vec![ec2::SecurityGroupRule {
        protocol: if protocol == "all" { "-1".to_owned() } else { protocol },
        from_port: port("from_port"),
        to_port: port("to_port"),
        cidr_ipv4: s("cidr_ipv4"),
        cidr_ipv6: s("cidr_ipv6"),
        source_group_id: s("referenced_security_group_id"),
        prefix_list_id: s("prefix_list_id"),
        description: s("description"),
    }])
}

fn security_group(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let mut spans: Vec<(&str, &RawResource, String)> = Vec::new();
    let mut directions: Vec<Attr<Vec<ec2::SecurityGroupRule>>> = Vec::new();
    let rule_children = ctx.children(raw, &["aws_security_group_rule"], "security_group_id", &["id"]);
    for (dir, vpc_type) in [("ingress", "aws_vpc_security_group_ingress_rule"), ("egress", "aws_vpc_security_group_egress_rule")] {
        let mut rules = Vec::new();
        let mut unknown: Option<Attr<Vec<ec2::SecurityGroupRule>>> = None;
        let mut open_span: Option<(&RawResource, String)> = None;
        let mut first_span: Option<(&RawResource, String)> = None;
        match lookup(v, dir) {
            Lookup::Found(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let path = if i == 0 { dir.to_owned() } else { format!("{dir}.{i}") };
                    match legacy_rules(item) {
                        Ok(rs) => {
                            if open_span.is_none() && rs.iter().any(|r| r.is_open_to_internet()) {
                                open_span = Some((raw, path.clone()));
                            }
                            rules.extend(rs);
                        }
                        Err(u) => unknown = unknown.or(Some(u)),
                    }
                    first_span.get_or_insert((raw, path));
                }
            }
            Lookup::Unknown(u) if raw.is_configured(dir) => unknown = Some(to_unknown(u)),
            _ => {}
        }
        for c in rule_children.iter().filter(|c| c.values.get("type").and_then(Value::as_str) == Some(dir)) {
            match legacy_rules(&c.values) {
                Ok(rs) => {
                    if open_span.is_none() && rs.iter().any(|r| r.is_open_to_internet()) {
                        open_span = Some((c, String::new()));
                    }
                    rules.extend(rs);
                }
                Err(u) => unknown = unknown.or(Some(u)),
            }
            first_span.get_or_insert((c, String::new()));
        }
        for c in ctx.children(raw, &[vpc_type], "security_group_id", &["id"]) {
            match vpc_rule(&c.values) {
                Ok(rs) => {
                    if open_span.is_none() && rs.iter().any(|r| r.is_open_to_internet()) {
                        open_span = Some((c, String::new()));
                    }
                    rules.extend(rs);
                }
                Err(u) => unknown = unknown.or(Some(u)),
            }
            first_span.get_or_insert((c, String::new()));
        }
        if let Some((src, path)) = open_span.or(first_span) {
            spans.push((dir, src, path));
        }
        directions.push(unknown.unwrap_or(Attr::Known(rules)));
    }
    let egress = directions.pop().unwrap_or_default();
    let ingress = directions.pop().unwrap_or_default();
    let props = ec2::SecurityGroup {
        group_id: read(v, "id", None, as_string),
        vpc_id: read_opt(v, "vpc_id", as_string),
        description: read_opt(v, "description", as_string),
        ingress,
        egress,
    };
    let spans: Vec<(&str, &RawResource, &str)> = spans.iter().map(|(f, r, p)| (*f, *r, p.as_ref())).collect();
    resource(ctx, raw, props, &spans)
}

fn instance(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let metadata = |k: &str| match lookup(v, &format!("metadata_options.{k}")) {
        Lookup::Found(x) => as_string(x).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::unknown_because(
            UnknownCause::ComputedAtApply,
            format!("metadata_options.{k} is not set: AWS chooses it from the AMI and account defaults at launch"),
        ),
    };
    let props = ec2::Instance {
        instance_id: read(v, "id", None, as_string),
        state: read(v, "instance_state", None, as_string),
        image_id: read_opt(v, "ami", as_string),
        instance_type: read(v, "instance_type", None, as_string),
        metadata_http_tokens: metadata("http_tokens"),
        metadata_http_endpoint: metadata("http_endpoint"),
        public_ip: read_opt(v, "public_ip", as_string),
        iam_instance_profile_arn: read_opt(v, "iam_instance_profile", as_string),
        subnet_id: read_opt(v, "subnet_id", as_string),
        vpc_id: Attr::unknown_because(UnknownCause::NotSupportedBySource, "aws_instance has no vpc_id"),
        security_group_ids: read_strings(v, "vpc_security_group_ids"),
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("metadata_http_tokens", raw, "metadata_options.http_tokens"),
        ("metadata_http_tokens", raw, "metadata_options"),
        ("metadata_http_endpoint", raw, "metadata_options.http_endpoint"),
    ])
}

fn volume(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let encrypted = match lookup(v, "encrypted") {
        Lookup::Found(x) => as_bool(x).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
        Lookup::Unknown(u) if raw.is_configured("encrypted") => to_unknown(u),
        // Not set: the provider sends nothing, and the volume is encrypted
        // only if the region encrypts by default.
        _ => Attr::Known(false),
    };
    let props = ec2::Volume {
        volume_id: read(v, "id", None, as_string),
        encrypted,
        kms_key_id: read_opt(v, "kms_key_id", as_string),
        size_gib: read(v, "size", None, as_u32),
        volume_type: read(v, "type", None, as_string),
        state: Attr::unknown(UnknownCause::NotSupportedBySource),
        attached_instance_ids: Attr::unknown(UnknownCause::NotSupportedBySource),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("encrypted", raw, "encrypted")])
}

fn ebs_snapshot(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let perms = ctx.children(raw, &["aws_snapshot_create_volume_permission"], "snapshot_id", &["id"]);
    let mut shared = Vec::new();
    let mut unknown = None;
    let mut public_src = None;
    for p in &perms {
        match lookup(&p.values, "account_id") {
            Lookup::Found(a) => {
                let a = as_string(a).unwrap_or_default();
                if a == "all" {
                    public_src = Some(*p);
                } else {
                    shared.push(a);
                }
            }
            Lookup::Unknown(u) => unknown = Some(u),
            Lookup::Absent => {}
        }
    }
    let props = ec2::Snapshot {
        snapshot_id: read(v, "id", None, as_string),
        volume_id: read_opt(v, "volume_id", as_string),
        encrypted: read(v, "encrypted", None, as_bool),
        public: match (public_src, unknown) {
            (Some(_), _) => Attr::Known(true),
            (None, Some(u)) => to_unknown(u),
            (None, None) => Attr::Known(false),
        },
        shared_with_accounts: Attr::Known(shared),
    };
    let spans: Vec<(&str, &RawResource, &str)> = public_src.map(|p| vec![("public", p, "account_id")]).unwrap_or_default();
    resource(ctx, raw, props, &spans)
}

fn ebs_default(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let props = ec2::EbsEncryptionByDefault {
        enabled: read(&raw.values, "enabled", Some(true), as_bool),
        kms_key_id: Attr::Known(None),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("enabled", raw, "enabled")])
}

fn password_policy(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let props = iam::AccountPasswordPolicy {
        configured: Attr::Known(true),
        minimum_password_length: read(v, "minimum_password_length", Some(6), as_u32).map_known(Some),
        require_symbols: read(v, "require_symbols", Some(false), as_bool),
        require_numbers: read(v, "require_numbers", Some(false), as_bool),
        require_uppercase_characters: read(v, "require_uppercase_characters", Some(false), as_bool),
        require_lowercase_characters: read(v, "require_lowercase_characters", Some(false), as_bool),
        max_password_age: read_opt(v, "max_password_age", as_u32).map_known(|a| a.filter(|n| *n > 0)),
        password_reuse_prevention: read_opt(v, "password_reuse_prevention", as_u32).map_known(|a| a.filter(|n| *n > 0)),
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("minimum_password_length", raw, "minimum_password_length"),
        ("password_reuse_prevention", raw, "password_reuse_prevention"),
    ])
}

fn user(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let keys = ["name", "id"];
    let login = ctx.child(raw, "aws_iam_user_login_profile", "user", &keys);
    let mut access_keys = Vec::new();
    let mut keys_unknown = None;
    for k in ctx.children(raw, &["aws_iam_access_key"], "user", &keys) {
        let status = match read(&k.values, "status", Some("Active".to_owned()), as_string) {
            Attr::Known(s) if s == "Inactive" => iam::AccessKeyStatus::Inactive,
            Attr::Known(_) => iam::AccessKeyStatus::Active,
            Attr::Unknown(u) => {
                keys_unknown = Some(Attr::Unknown(u));
                continue;
            }
        };
        let created = match lookup(&k.values, "create_date") {
            Lookup::Found(Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&chrono::Utc)),
            _ => None,
        };
        let Some(created) = created else {
            keys_unknown = Some(Attr::unknown_because(UnknownCause::ComputedAtApply, format!("{} is created at apply", k.address)));
            continue;
        };
        access_keys.push(iam::AccessKey {
            id: read(&k.values, "id", None, as_string).value().cloned().unwrap_or_else(|| k.address.clone()),
            status,
            created,
            last_used: None,
        });
    }
    let mut attached = Vec::new();
    for a in ctx.children(raw, &["aws_iam_user_policy_attachment"], "user", &keys) {
        if let Lookup::Found(p) = lookup(&a.values, "policy_arn") {
            attached.extend(as_string(p));
        }
    }
    let mut inline = Vec::new();
    for p in ctx.children(raw, &["aws_iam_user_policy"], "user", &keys) {
        if let Lookup::Found(doc) = lookup(&p.values, "policy")
            && let Some(document) = as_policy(doc)
        {
            let name = read(&p.values, "name", None, as_string).value().cloned().unwrap_or_else(|| p.address.clone());
            inline.push(iam::InlinePolicy { name, document });
        }
    }
    let mut groups = Vec::new();
    for g in ctx.children(raw, &["aws_iam_user_group_membership"], "user", &keys) {
        if let Attr::Known(gs) = read_strings(&g.values, "groups") {
            groups.extend(gs);
        }
    }
    let props = iam::User {
        arn: read(v, "arn", None, as_string),
        created: Attr::unknown(UnknownCause::NotSupportedBySource),
        password_enabled: Attr::Known(login.is_some()),
        password_last_used: Attr::unknown(UnknownCause::NotSupportedBySource),
        mfa_devices: Attr::unknown_because(UnknownCause::NotSupportedBySource, "MFA devices are enrolled by the user, not declared in Terraform"),
        access_keys: keys_unknown.unwrap_or(Attr::Known(access_keys)),
        groups: Attr::Known(groups),
        attached_policy_arns: Attr::Known(attached),
        inline_policies: Attr::Known(inline),
        permissions_boundary_arn: read_opt(v, "permissions_boundary", as_string),
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    if let Some(l) = login {
        spans.push(("mfa_devices", l, ""));
        spans.push(("password_enabled", l, ""));
    }
    resource(ctx, raw, props, &spans)
}

fn kms_key(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let props = kms::Key {
        key_id: read(v, "key_id", None, as_string),
        key_manager: Attr::Known(kms::KeyManager::Customer),
        key_spec: read(v, "customer_master_key_spec", Some("SYMMETRIC_DEFAULT".to_owned()), as_string),
        key_usage: read(v, "key_usage", Some("ENCRYPT_DECRYPT".to_owned()), as_string),
        key_state: read(v, if raw.rtype == "aws_kms_key" { "is_enabled" } else { "enabled" }, Some(true), as_bool)
            .map_known(|e| if e { "Enabled".to_owned() } else { "Disabled".to_owned() }),
        origin: Attr::Known(if raw.rtype == "aws_kms_external_key" { "EXTERNAL" } else { "AWS_KMS" }.to_owned()),
        rotation_enabled: read(v, "enable_key_rotation", Some(false), as_bool),
        policy: read_opt(v, "policy", as_policy),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("rotation_enabled", raw, "enable_key_rotation")])
}

fn trail(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let props = cloudtrail::Trail {
        home_region: match read(v, "home_region", None, as_string) {
            Attr::Known(r) => Attr::Known(r),
            other => raw.region.clone().map_or(other, Attr::Known),
        },
        is_multi_region: read(v, "is_multi_region_trail", Some(false), as_bool),
        is_organization_trail: read(v, "is_organization_trail", Some(false), as_bool),
        is_logging: read(v, "enable_logging", Some(true), as_bool),
        include_global_service_events: read(v, "include_global_service_events", Some(true), as_bool),
        log_file_validation_enabled: read(v, "enable_log_file_validation", Some(false), as_bool),
        kms_key_id: read_opt(v, "kms_key_id", as_string),
        s3_bucket_name: read_opt(v, "s3_bucket_name", as_string),
        cloudwatch_logs_log_group_arn: read_opt(v, "cloud_watch_logs_group_arn", as_string),
        event_selectors: event_selectors(v),
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("is_multi_region", raw, "is_multi_region_trail"),
        ("log_file_validation_enabled", raw, "enable_log_file_validation"),
        ("event_selectors", raw, "event_selector"),
        ("event_selectors", raw, "advanced_event_selector"),
    ])
}

fn event_selectors(v: &Value) -> Attr<cloudtrail::EventSelectors> {
    if let Lookup::Found(Value::Array(a)) = lookup(v, "advanced_event_selector")
        && !a.is_empty()
    {
        return Attr::unknown_because(UnknownCause::NotSupportedBySource, "advanced event selectors are not modelled for Terraform");
    }
    match lookup(v, "event_selector") {
        Lookup::Found(Value::Array(items)) if !items.is_empty() => {
            if let Some(u) = find_unknown(&Value::Array(items.clone())) {
                return to_unknown(u);
            }
            let mut management = None;
            let mut data = Vec::new();
            for item in items {
                let rw = item.get("read_write_type").and_then(as_string).unwrap_or_else(|| "All".to_owned());
                if item.get("include_management_events").and_then(as_bool).unwrap_or(true) {
                    management = Some(match (management.as_deref(), rw.as_str()) {
                        (Some("All"), _) | (_, "All") => "All".to_owned(),
                        (Some(a), b) if a != b => "All".to_owned(),
                        (_, b) => b.to_owned(),
                    });
                }
                for d in item.get("data_resource").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(t) = d.get("type").and_then(as_string)
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
    let v = &raw.values;
    // A restore from a snapshot takes encryption from the snapshot.
    let restoring = matches!(lookup(v, "snapshot_identifier"), Lookup::Found(_) | Lookup::Unknown(_)) && raw.is_configured("snapshot_identifier");
    let storage_encrypted = if restoring && !raw.is_configured("storage_encrypted") {
        Attr::unknown_because(UnknownCause::ComputedAtApply, "restored from a snapshot: encryption follows the snapshot")
    } else {
        read(v, "storage_encrypted", Some(false), as_bool)
    };
    let backup = match lookup(v, "backup_retention_period") {
        Lookup::Unknown(_) if !raw.is_configured("backup_retention_period") => Attr::Known(1),
        _ => read(v, "backup_retention_period", Some(1), as_u32),
    };
    let props = rds::DbInstance {
        engine: read(v, "engine", None, as_string),
        engine_version: read_opt(v, "engine_version", as_string),
        instance_class: read(v, "instance_class", None, as_string),
        storage_encrypted,
        kms_key_id: read_opt(v, "kms_key_id", as_string),
        publicly_accessible: read(v, "publicly_accessible", Some(false), as_bool),
        multi_az: read(v, "multi_az", Some(false), as_bool),
        backup_retention_period: backup,
        deletion_protection: read(v, "deletion_protection", Some(false), as_bool),
        auto_minor_version_upgrade: read(v, "auto_minor_version_upgrade", Some(true), as_bool),
        iam_database_authentication_enabled: read(v, "iam_database_authentication_enabled", Some(false), as_bool),
        db_cluster_identifier: Attr::Known(None),
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("storage_encrypted", raw, "storage_encrypted"),
        ("publicly_accessible", raw, "publicly_accessible"),
        ("backup_retention_period", raw, "backup_retention_period"),
    ])
}

fn db_snapshot(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let shared = read_strings(v, "shared_accounts");
    let props = rds::DbSnapshot {
        db_instance_identifier: read_opt(v, "db_instance_identifier", as_string),
        snapshot_type: Attr::Known("manual".to_owned()),
        encrypted: read(v, "encrypted", None, as_bool),
        public: shared.clone().map_known(|s| s.iter().any(|a| a == "all")),
        shared_with_accounts: shared.map_known(|s| s.into_iter().filter(|a| a != "all").collect()),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("public", raw, "shared_accounts")])
}

fn function(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let keys = ["function_name", "arn", "id"];
    let url = ctx.child(raw, "aws_lambda_function_url", "function_name", &keys);
    let package_type = read(v, "package_type", Some("Zip".to_owned()), as_string);
    let runtime = if package_type.value().is_some_and(|p| p == "Image") { Attr::Known(None) } else { read_opt(v, "runtime", as_string) };
    let env = match lookup(v, "environment.variables") {
        Lookup::Found(Value::Object(m)) => Attr::Known(m.keys().cloned().collect()),
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(Vec::new()),
    };
    let mut statements = Vec::new();
    for p in ctx.children(raw, &["aws_lambda_permission"], "function_name", &keys) {
        let s = |k: &str| p.values.get(k).and_then(as_string);
        let principal = s("principal").unwrap_or_default();
        let mut st = serde_json::json!({
            "Sid": s("statement_id").unwrap_or_default(),
            "Effect": "Allow",
            "Principal": if principal == "*" { Value::String("*".into()) } else if principal.contains('.') { serde_json::json!({"Service": principal}) } else { serde_json::json!({"AWS": principal}) },
            "Action": s("action").unwrap_or_default(),
        });
        let mut cond = serde_json::Map::new();
        if let Some(a) = s("source_arn") {
            cond.insert("ArnLike".into(), serde_json::json!({"AWS:SourceArn": a}));
        }
        if let Some(a) = s("source_account") {
            cond.insert("StringEquals".into(), serde_json::json!({"AWS:SourceAccount": a}));
        }
        if let Some(a) = s("function_url_auth_type") {
            cond.insert("StringEquals".into(), serde_json::json!({"lambda:FunctionUrlAuthType": a}));
        }
        if !cond.is_empty()
            && let Value::Object(m) = &mut st
        {
            m.insert("Condition".into(), Value::Object(cond));
        }
        statements.push(st);
    }
    let props = lambda::Function {
        package_type,
        runtime,
        role_arn: read_opt(v, "role", as_string),
        environment_variable_names: env,
        kms_key_arn: read_opt(v, "kms_key_arn", as_string),
        url_auth_type: match url {
            Some(u) => read(&u.values, "authorization_type", None, as_string).map_known(Some),
            None => Attr::Known(None),
        },
        policy: Attr::Known(if statements.is_empty() { None } else { Some(serde_json::json!({"Version": "2012-10-17", "Statement": statements})) }),
        vpc_id: read_opt(v, "vpc_config.vpc_id", as_string),
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![("runtime", raw, "runtime")];
    if let Some(u) = url {
        spans.push(("url_auth_type", u, "authorization_type"));
    }
    resource(ctx, raw, props, &spans)
}

fn table(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let sse_enabled = read(v, "server_side_encryption.enabled", Some(false), as_bool);
    let props = dynamodb::Table {
        status: Attr::unknown(UnknownCause::NotSupportedBySource),
        sse_key_type: sse_enabled.map_known(|e| if e { "AWS_MANAGED" } else { "AWS_OWNED" }.to_owned()),
        kms_key_arn: read_opt(v, "server_side_encryption.kms_key_arn", as_string),
        point_in_time_recovery: read(v, "point_in_time_recovery.enabled", Some(false), as_bool),
        deletion_protection: read(v, "deletion_protection_enabled", Some(false), as_bool),
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("point_in_time_recovery", raw, "point_in_time_recovery.enabled"),
        ("point_in_time_recovery", raw, "point_in_time_recovery"),
    ])
}

fn detector(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let props = guardduty::Detector {
        detector_id: match lookup(v, "id") {
            Lookup::Found(x) => Attr::Known(as_string(x)),
            Lookup::Unknown(u) => to_unknown(u),
            Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, "the detector id exists once created"),
        },
        enabled: read(v, "enable", Some(true), as_bool),
        finding_publishing_frequency: read_opt(v, "finding_publishing_frequency", as_string),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("enabled", raw, "enable")])
}

fn listener(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let lb = ctx.parent(raw, "load_balancer_arn", &["aws_lb", "aws_alb"], &["arn", "id"]);
    let lb_type = match lb {
        Some(lb) => read(&lb.values, "load_balancer_type", Some("application".to_owned()), as_string),
        None => Attr::unknown_because(UnknownCause::Unresolvable, "the load balancer is not in this configuration"),
    };
    let scheme = match lb {
        Some(lb) => read(&lb.values, "internal", Some(false), as_bool).map_known(|i| if i { "internal" } else { "internet-facing" }.to_owned()),
        None => Attr::unknown_because(UnknownCause::Unresolvable, "the load balancer is not in this configuration"),
    };
    let protocol = match lookup(v, "protocol") {
        Lookup::Found(p) => as_string(p).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), |p| Attr::Known(p.to_ascii_uppercase())),
        Lookup::Unknown(u) if raw.is_configured("protocol") => to_unknown(u),
        // Not set: HTTP on application load balancers, TCP on network ones.
        _ => lb_type.clone().map_known(|t| if t == "network" { "TCP" } else { "HTTP" }.to_owned()),
    };
    let redirects = match lookup(v, "default_action") {
        Lookup::Found(Value::Array(actions)) => {
            let first = actions.first().cloned().unwrap_or(Value::Null);
            if contains_unknown(&first) {
                find_unknown(&first).map(to_unknown).unwrap_or_else(|| Attr::unknown(UnknownCause::Unresolvable))
            } else {
                let is_redirect = first.get("type").and_then(Value::as_str) == Some("redirect");
                let proto = lookup(&first, "redirect.protocol");
                Attr::Known(is_redirect && matches!(proto, Lookup::Found(Value::String(p)) if p.eq_ignore_ascii_case("HTTPS")))
            }
        }
        Lookup::Unknown(u) => to_unknown(u),
        _ => Attr::Known(false),
    };
    let props = elbv2::Listener {
        load_balancer_arn: read(v, "load_balancer_arn", None, as_string),
        load_balancer_name: lb.map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), |lb| read(&lb.values, "name", None, as_string)),
        load_balancer_type: lb_type,
        scheme,
        protocol,
        port: read_opt(v, "port", |p| as_i64(p).and_then(|n| u16::try_from(n).ok())),
        ssl_policy: read_opt(v, "ssl_policy", as_string),
        redirects_to_https: redirects,
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![
        ("redirects_to_https", raw, "default_action"),
        ("ssl_policy", raw, "ssl_policy"),
        ("protocol", raw, "protocol"),
    ];
    if let Some(lb) = lb {
        spans.push(("scheme", lb, "internal"));
    }
    resource(ctx, raw, props, &spans)
}

/// Whether a value is a Terraform unknown marker (re-exported for tests).
pub fn unknown_marker(v: &Value) -> bool {
    is_unknown(v)
}
