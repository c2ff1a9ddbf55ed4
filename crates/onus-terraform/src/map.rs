//! From Terraform resources to inventory kinds, joining the resources the AWS
//! provider (v4 and later) splits one AWS resource into.
//!
//! Struct literals end in `..Default::default()` so that a property added to
//! the model later is `not_collected` here until it is mapped.
#![allow(clippy::needless_update)]

use crate::raw::RawResource;
use crate::value::{Lookup, as_bool, as_i64, as_policy, as_string, as_u32, contains_unknown, is_unknown, lookup, read, read_opt, read_strings, to_unknown};
use onus_model::resources::{acm, backup, cloudtrail, config, containers, dynamodb, ec2, efs, elbv2, guardduty, iam, kms, lambda, logs, messaging, rds, s3, secretsmanager, securityhub, wafv2};
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
    "aws_iam_group_membership",
    "aws_iam_group_policy",
    "aws_iam_group_policy_attachment",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_instance_profile",
    "aws_lambda_function_url",
    "aws_lambda_permission",
    "aws_lb",
    "aws_alb",
    "aws_snapshot_create_volume_permission",
    "aws_kms_key_policy",
    "aws_flow_log",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_ami_launch_permission",
    "aws_efs_file_system_policy",
    "aws_efs_backup_policy",
    "aws_config_configuration_recorder_status",
    "aws_config_delivery_channel",
    "aws_ecr_repository_policy",
    "aws_ecr_registry_scanning_configuration",
    "aws_secretsmanager_secret_rotation",
    "aws_secretsmanager_secret_policy",
    "aws_sqs_queue_policy",
    "aws_sns_topic_policy",
    "aws_cloudwatch_log_metric_filter",
    "aws_wafv2_web_acl_logging_configuration",
    "aws_wafv2_web_acl_association",
    "aws_backup_vault_policy",
    "aws_backup_vault_lock_configuration",
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
    "aws_iam_role",
    "aws_iam_group",
    "aws_iam_policy",
    "aws_kms_key",
    "aws_kms_external_key",
    "aws_cloudtrail",
    "aws_db_instance",
    "aws_db_snapshot",
    "aws_rds_cluster",
    "aws_db_cluster_snapshot",
    "aws_lambda_function",
    "aws_dynamodb_table",
    "aws_guardduty_detector",
    "aws_lb_listener",
    "aws_alb_listener",
    "aws_vpc",
    "aws_default_vpc",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_ami",
    "aws_ami_copy",
    "aws_ami_from_instance",
    "aws_efs_file_system",
    "aws_config_configuration_recorder",
    "aws_securityhub_account",
    "aws_accessanalyzer_analyzer",
    "aws_eks_cluster",
    "aws_ecr_repository",
    "aws_secretsmanager_secret",
    "aws_sqs_queue",
    "aws_sns_topic",
    "aws_acm_certificate",
    "aws_cloudwatch_log_group",
    "aws_wafv2_web_acl",
    "aws_backup_vault",
];

struct Ctx<'a> {
    raws: &'a [RawResource],
    by_address: HashMap<String, Vec<usize>>,
    /// (type, attribute, referenced qualified address) → resources whose attribute refers there.
    by_ref: HashMap<(&'a str, &'a str, String), Vec<usize>>,
    /// (type, link attribute, known value) → resources with that value.
    by_value: HashMap<(&'a str, &'static str, String), Vec<usize>>,
    /// (type, key attribute, known value) → parents with that value.
    by_key: HashMap<(&'a str, &'static str, String), Vec<usize>>,
    /// Resources of the [`ACCOUNT_WIDE`] types, by type.
    by_type: HashMap<&'a str, Vec<usize>>,
    /// (type, link attribute) → companions whose link is known only after
    /// apply and refers to no resource of the input: they may belong to any
    /// parent, and are joined to none.
    unresolved: HashMap<(&'a str, &'static str), Vec<usize>>,
    /// Of those, the ones a parent looked for, with the parents that did.
    missed: std::sync::Mutex<BTreeMap<(String, String), Vec<usize>>>,
    /// IAM users, roles, groups and policies without a known ARN: index,
    /// word (`user`), path, name.
    declared_iam: Vec<(usize, &'static str, String, IamName)>,
    id_prefix: &'a str,
}

/// Companions that could not be joined to a parent, because the value naming
/// the parent is known only after apply (see [`map`]).
#[derive(Clone, Debug)]
pub struct Unjoined {
    /// The companions' type (`aws_security_group_rule`).
    pub companion_type: String,
    /// The attribute naming the parent (`security_group_id`).
    pub link: String,
    /// The companions: address, file and line.
    pub companions: Vec<(String, String, Option<u32>)>,
    /// The kinds of the parents they may belong to.
    pub parent_kinds: Vec<onus_model::ResourceKind>,
    /// How many parents they may belong to; each is evaluated without them.
    pub parents: usize,
}

/// Parents found by [`Ctx::parent`], and the attributes a child may name them by.
/// Types that apply to the whole account or region rather than to one parent.
const ACCOUNT_WIDE: &[&str] = &["aws_ecr_registry_scanning_configuration", "aws_config_delivery_channel", "aws_accessanalyzer_analyzer"];

/// Also the entities [`Ctx::entities`] resolves references to.
const PARENT_KEYS: &[(&str, &[&str])] = &[
    ("aws_lb", &["arn", "id"]),
    ("aws_alb", &["arn", "id"]),
    ("aws_iam_role", &["name", "arn", "id"]),
    ("aws_iam_user", &["name", "arn", "id"]),
    ("aws_iam_group", &["name", "arn", "id"]),
    ("aws_iam_policy", &["arn", "id"]),
    ("aws_iam_instance_profile", &["name", "arn", "id"]),
];

/// Attributes through which a companion names its parent.
/// A list-valued one (`roles`, `users`, `groups`) names a parent with any element.
const LINK_ATTRS: &[&str] = &[
    "bucket",
    "security_group_id",
    "user",
    "users",
    "group",
    "groups",
    "role",
    "roles",
    "function_name",
    "snapshot_id",
    "load_balancer_arn",
    "key_id",
    "vpc_id",
    "network_acl_id",
    "image_id",
    "file_system_id",
    "name",
    "repository",
    "secret_id",
    "secret_arn",
    "queue_url",
    "arn",
    "log_group_name",
    "resource_arn",
    "web_acl_arn",
    "backup_vault_name",
];

/// The strings a link attribute holds: one value, or the elements of a list.
fn link_values(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter(|x| !is_unknown(x)).filter_map(as_string).collect(),
        other => as_string(other).into_iter().collect(),
    }
}

impl<'a> Ctx<'a> {
    /// The resources of one of the [`ACCOUNT_WIDE`] types, in input order.
    fn of_type(&self, t: &str) -> impl Iterator<Item = &'a RawResource> + '_ {
        debug_assert!(ACCOUNT_WIDE.contains(&t), "{t}: add to ACCOUNT_WIDE");
        self.by_type.get(t).into_iter().flatten().filter_map(|i| self.raws.get(*i))
    }

    /// Whether `child` (through its attribute `attr`) belongs to `parent`:
    /// a reference in the configuration, or the same value.
    fn belongs(&self, child: &RawResource, attr: &str, parent: &RawResource, keys: &[&str]) -> bool {
        if let Some(refs) = child.refs(attr) {
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
        let values = link_values(v);
        keys.iter().any(|k| matches!(lookup(&parent.values, k), Lookup::Found(p) if as_string(p).is_some_and(|p| values.contains(&p))))
    }

    /// Resources of `types` whose `attr` names `parent` (by reference or by one
    /// of the parent's `keys` values), found through indexes, in input order.
    fn children(&self, parent: &RawResource, types: &[&str], attr: &str, keys: &[&str]) -> Vec<&'a RawResource> {
        debug_assert!(types.iter().all(|t| COMPANION_TYPES.contains(t)), "{types:?}: children are companion types");
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
        if !self.unresolved.is_empty() {
            self.note_missed(parent, types, attr);
        }
        idx.into_iter().filter_map(|i| self.raws.get(i)).filter(|c| self.belongs(c, attr, parent, keys)).collect()
    }

    /// Records that `parent` looked for companions of `types` through `attr`
    /// while some of them could not be told apart (see [`Ctx::unresolved`]).
    fn note_missed(&self, parent: &RawResource, types: &[&str], attr: &str) {
        for t in types {
            if !self.unresolved.keys().any(|(ut, link)| ut == t && *link == attr) {
                continue;
            }
            // `parent` is one of `raws`: its index, from its address.
            let Some(i) = self.by_address.get(&parent.qualified(&parent.config_address)).into_iter().flatten().copied().find(|i| self.raws.get(*i).is_some_and(|r| std::ptr::eq(r, parent))) else { continue };
            let mut missed = self.missed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            missed.entry(((*t).to_owned(), attr.to_owned())).or_default().push(i);
        }
    }

    /// The resource of one of `types` that `child`'s attribute `attr` points
    /// at: the first in `types` order, then input order.
    fn parent(&self, child: &RawResource, attr: &str, types: &[&str], keys: &[&str]) -> Option<&'a RawResource> {
        debug_assert!(types.iter().all(|t| PARENT_KEYS.iter().any(|(pt, pk)| pt == t && keys.iter().all(|k| pk.contains(k)))), "{types:?} {keys:?}: add to PARENT_KEYS");
        let mut idx: Vec<usize> = Vec::new();
        for r in child.refs(attr).into_iter().flatten() {
            idx.extend(self.by_address.get(child.qualified(r).as_str()).into_iter().flatten());
        }
        if let Lookup::Found(v) = lookup(&child.values, attr)
            && let Some(val) = as_string(v)
        {
            for t in types {
                for k in keys {
                    if let Some(found) = PARENT_KEYS.iter().find_map(|(_, pk)| pk.iter().find(|x| *x == k))
                        && let Some(v) = self.by_key.get(&(*t, *found, val.clone()))
                    {
                        idx.extend(v);
                    }
                }
            }
        }
        let rank = |i: &usize| (self.raws.get(*i).and_then(|r| types.iter().position(|t| *t == r.rtype)).unwrap_or(usize::MAX), *i);
        idx.sort_unstable_by_key(rank);
        idx.dedup();
        idx.into_iter()
            .filter_map(|i| self.raws.get(i))
            .filter(|p| types.contains(&p.rtype.as_str()))
            .find(|p| self.belongs(child, attr, p, keys))
    }

    fn child(&self, parent: &RawResource, t: &str, attr: &str, keys: &[&str]) -> Option<&'a RawResource> {
        self.children(parent, &[t], attr, keys).into_iter().next()
    }

    /// Resources of `types` (listed in [`PARENT_KEYS`]) that a configuration
    /// reference of `raw`'s attribute `attr` points at; of several instances
    /// (`count`, `for_each`), the one with `raw`'s index when there is one.
    fn referenced(&self, raw: &RawResource, attr: &str, types: &[&str]) -> Vec<&'a RawResource> {
        let mut out: Vec<&'a RawResource> = Vec::new();
        for r in raw.refs(attr).into_iter().flatten() {
            let found: Vec<&'a RawResource> = self
                .by_address
                .get(raw.qualified(r).as_str())
                .into_iter()
                .flatten()
                .filter_map(|i| self.raws.get(*i))
                .filter(|e| types.contains(&e.rtype.as_str()))
                .collect();
            let same: Vec<&'a RawResource> = found.iter().copied().filter(|e| raw.index.is_some() && e.index == raw.index).collect();
            for e in if same.is_empty() { found } else { same } {
                if !out.iter().any(|o| std::ptr::eq(*o, e)) {
                    out.push(e);
                }
            }
        }
        out
    }

    /// The resource of `types` whose key attribute (see [`PARENT_KEYS`]) has this value.
    fn by_key_value(&self, value: &str, types: &[&str]) -> Option<&'a RawResource> {
        types.iter().find_map(|t| {
            let (_, keys) = PARENT_KEYS.iter().find(|(pt, _)| pt == t)?;
            keys.iter().find_map(|k| self.by_key.get(&(*t, *k, value.to_owned())).and_then(|v| v.first()).and_then(|i| self.raws.get(*i)))
        })
    }

    /// What `raw`'s attribute `attr` names, for each value it holds (one or a
    /// list): a resource of `types` of this input — by its key attributes
    /// when the value is known, by the configuration's reference when it is
    /// not — or the value as written. Unknown when an unknown value refers to
    /// nothing of this input.
    fn entities(&self, raw: &RawResource, attr: &str, types: &[&str]) -> Result<Vec<Named<'a>>, Attr<Vec<String>>> {
        let mut out: Vec<Named<'a>> = Vec::new();
        let mut unknown = None;
        match lookup(&raw.values, attr) {
            Lookup::Absent => return Ok(out),
            Lookup::Unknown(u) => unknown = Some(u),
            Lookup::Found(Value::Array(items)) => {
                for item in items {
                    if contains_unknown(item) {
                        unknown = unknown.or(find_unknown(item));
                        continue;
                    }
                    let Some(text) = as_string(item) else { continue };
                    out.push(self.by_key_value(&text, types).map_or(Named::Text(text), Named::Entity));
                }
            }
            Lookup::Found(v) => match as_string(v) {
                Some(text) => out.push(self.by_key_value(&text, types).map_or(Named::Text(text), Named::Entity)),
                None => return Err(Attr::unknown_because(UnknownCause::Unresolvable, format!("{attr} = {v} is not a name or ARN"))),
            },
        }
        if let Some(u) = unknown {
            let found = self.referenced(raw, attr, types);
            if found.is_empty() {
                return Err(to_unknown(u));
            }
            out.extend(found.into_iter().map(Named::Entity));
        }
        let mut unique: Vec<Named<'a>> = Vec::new();
        for n in out {
            if !unique.iter().any(|u| u.same(&n)) {
                unique.push(n);
            }
        }
        Ok(unique)
    }

    /// [`Ctx::entities`] as the keys the inventory knows them by.
    fn entity_keys(&self, raw: &RawResource, attr: &str, types: &[&str]) -> Attr<Vec<String>> {
        match self.entities(raw, attr, types) {
            Ok(list) => Attr::Known(list.iter().map(|n| self.key_of(n)).collect()),
            Err(u) => u,
        }
    }

    /// One reference (`None` when the attribute is not set).
    fn entity_key(&self, raw: &RawResource, attr: &str, types: &[&str]) -> Attr<Option<String>> {
        self.entity_keys(raw, attr, types).map_known(|k| k.into_iter().next())
    }

    /// An identity policy with each `Resource`/`NotResource` ARN followed by
    /// the keys of this input's IAM entities it covers: they have no ARN yet,
    /// so `arn:aws:iam::*:user/${aws:username}` or a role's ARN written out
    /// would match nothing. Coverage is decided by
    /// [`onus_iam::arn::covers_declared`], generously where it grants more.
    fn with_declared_entities(&self, mut doc: Value) -> Value {
        let declared = &self.declared_iam;
        if declared.is_empty() {
            return doc;
        }
        let statements: Vec<&mut Value> = match doc.get_mut("Statement") {
            Some(Value::Array(items)) => items.iter_mut().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => Vec::new(),
        };
        for st in statements {
            let Value::Object(st) = st else { continue };
            let deny = st.get("Effect").and_then(Value::as_str) == Some("Deny");
            for (element, grants) in [("Resource", !deny), ("NotResource", deny)] {
                let Some(v) = st.get_mut(element) else { continue };
                let items: Vec<Value> = match v {
                    Value::String(s) => vec![Value::String(std::mem::take(s))],
                    Value::Array(items) => std::mem::take(items),
                    _ => continue,
                };
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    let pattern = item.as_str().filter(|s| s.starts_with("arn:")).and_then(|s| onus_iam::arn::DeclaredPattern::new(s, onus_model::source_value::UNNAMED_ACCOUNT, grants));
                    let covered: Vec<String> = match pattern {
                        Some(pattern) => declared
                            .iter()
                            .filter(|(_, word, path, name)| pattern.covers(&onus_iam::arn::DeclaredEntity { word, path, name: name.as_declared() }))
                            .filter_map(|(i, ..)| self.raws.get(*i))
                            .map(|r| self.iam_key(r))
                            .collect(),
                        None => Vec::new(),
                    };
                    out.push(item);
                    out.extend(covered.into_iter().map(Value::String));
                }
                *v = if out.len() == 1 { out.pop().unwrap_or_default() } else { Value::Array(out) };
            }
        }
        doc
    }

    fn key_of(&self, n: &Named<'_>) -> String {
        match n {
            Named::Entity(e) => self.iam_key(e),
            Named::Text(t) => t.clone(),
        }
    }

    /// The key an IAM entity of this input is known by: its ARN once known;
    /// until then (a plan creating it, configuration) its inventory id, which
    /// every reference to it is rewritten to. Groups go by their inventory
    /// name, as users list them.
    fn iam_key(&self, e: &RawResource) -> String {
        if e.rtype == "aws_iam_group" {
            return e.address.clone();
        }
        match lookup(&e.values, "arn") {
            Lookup::Found(v) => as_string(v).unwrap_or_else(|| format!("{}#{}", self.id_prefix, e.address)),
            _ => format!("{}#{}", self.id_prefix, e.address),
        }
    }
}

/// What a reference names: a resource of this input, or a value as written.
enum Named<'a> {
    Entity(&'a RawResource),
    Text(String),
}

impl Named<'_> {
    fn same(&self, other: &Named<'_>) -> bool {
        match (self, other) {
            (Named::Entity(a), Named::Entity(b)) => std::ptr::eq(*a, *b),
            (Named::Text(a), Named::Text(b)) => a == b,
            _ => false,
        }
    }
}

/// Builds a resource, with attribute spans for `(field, raw, path)` triples
/// whose source sits in the same file as the resource.
fn resource(ctx: &Ctx<'_>, raw: &RawResource, props: impl Into<Properties>, spans: &[(&str, &RawResource, &str)]) -> Resource {
    let mut attribute_spans = BTreeMap::new();
    let mut attribute_files = BTreeMap::new();
    for (field, src, path) in spans {
        let span: Option<Span> = if path.is_empty() { src.span } else { src.attr_spans.get(*path).copied() };
        if let Some(span) = span
            && !attribute_spans.contains_key(*field)
        {
            attribute_spans.insert((*field).to_owned(), span);
            if src.file != raw.file {
                attribute_files.insert((*field).to_owned(), src.file.clone());
            }
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
        attribute_files,
        suppressions: raw.suppressions.clone(),
        properties: props.into(),
    }
}

/// Maps resources; types that map to no kind are counted in `unsupported`.
///
/// A companion whose link to its parent is known only after apply and refers
/// to no resource of the input (a module's variable with no value, a data
/// source) is joined to no parent; the parents that may own it are listed in
/// `unjoined`, so the report says their results may miss it.
pub fn map(raws: &[RawResource], id_prefix: &str, unsupported: &mut BTreeMap<String, usize>, unjoined: &mut Vec<Unjoined>) -> Vec<Resource> {
    let mut by_address: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in raws.iter().enumerate() {
        by_address.entry(r.qualified(&r.config_address)).or_default().push(i);
    }
    let mut by_ref: HashMap<(&str, &str, String), Vec<usize>> = HashMap::new();
    let mut by_value: HashMap<(&str, &'static str, String), Vec<usize>> = HashMap::new();
    let mut by_key: HashMap<(&str, &'static str, String), Vec<usize>> = HashMap::new();
    let mut by_type: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut unresolved: HashMap<(&str, &'static str), Vec<usize>> = HashMap::new();
    let companions: std::collections::HashSet<&str> = COMPANION_TYPES.iter().copied().collect();
    for (i, r) in raws.iter().enumerate() {
        if ACCOUNT_WIDE.contains(&r.rtype.as_str()) {
            by_type.entry(r.rtype.as_str()).or_default().push(i);
        }
        if let Some((_, keys)) = PARENT_KEYS.iter().find(|(t, _)| *t == r.rtype) {
            for k in *keys {
                if let Lookup::Found(v) = lookup(&r.values, k)
                    && let Some(val) = as_string(v)
                {
                    by_key.entry((r.rtype.as_str(), *k, val)).or_default().push(i);
                }
            }
        }
        // Only companions are looked up as children.
        if !companions.contains(r.rtype.as_str()) {
            continue;
        }
        for (attr, refs) in &r.declared.refs {
            for target in refs {
                by_ref.entry((r.rtype.as_str(), attr.as_str(), r.qualified(target))).or_default().push(i);
            }
        }
        for link in LINK_ATTRS {
            let value = lookup(&r.values, link);
            if let Lookup::Found(v) = value {
                for val in link_values(v) {
                    by_value.entry((r.rtype.as_str(), *link, val)).or_default().push(i);
                }
            }
            let after_apply = match value {
                Lookup::Unknown(_) => true,
                Lookup::Found(v) => contains_unknown(v),
                Lookup::Absent => false,
            };
            let joins = r.refs(link).is_some_and(|refs| refs.iter().any(|t| by_address.contains_key(&r.qualified(t))));
            if after_apply && !joins {
                unresolved.entry((r.rtype.as_str(), *link)).or_default().push(i);
            }
        }
    }
    let ctx = Ctx { raws, by_address, by_ref, by_value, by_key, by_type, unresolved, declared_iam: declared_iam(raws), missed: Default::default(), id_prefix };
    let threads = crate::plan::workers(raws.len());
    let chunk = raws.len().div_ceil(threads).max(1);
    let ctx = &ctx;
    let parts: Vec<(Vec<Resource>, BTreeMap<String, usize>)> = std::thread::scope(|s| {
        let handles: Vec<_> = raws.chunks(chunk).skip(1).map(|c| s.spawn(move || map_chunk(ctx, c))).collect();
        let mut parts = vec![map_chunk(ctx, raws.chunks(chunk).next().unwrap_or_default())];
        parts.extend(handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))));
        parts
    });
    let mut out = Vec::with_capacity(parts.iter().map(|(r, _)| r.len()).sum());
    for (resources, counts) in parts {
        out.extend(resources);
        for (t, n) in counts {
            *unsupported.entry(t).or_default() += n;
        }
    }
    let missed = std::mem::take(&mut *ctx.missed.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    if !missed.is_empty() {
        let kinds: HashMap<&str, onus_model::ResourceKind> = out.iter().map(|r| (r.name.as_str(), r.kind())).collect();
        for ((t, link), mut parents) in missed {
            parents.sort_unstable();
            parents.dedup();
            let mut parent_kinds: Vec<onus_model::ResourceKind> = parents.iter().filter_map(|i| raws.get(*i)).filter_map(|p| kinds.get(p.address.as_str()).copied()).collect();
            parent_kinds.sort();
            parent_kinds.dedup();
            let companions = ctx
                .unresolved
                .iter()
                .filter(|((ut, ul), _)| *ut == t && *ul == link)
                .flat_map(|(_, found)| found)
                .filter_map(|i| raws.get(*i))
                .map(|c| (c.address.clone(), c.file.clone(), c.span.map(|s| s.start_line)))
                .collect();
            unjoined.push(Unjoined { companion_type: t, link, companions, parent_kinds, parents: parents.len() });
        }
    }
    out
}

/// The IAM entities of `raws` that have no ARN yet (see [`Ctx::declared_iam`]).
/// A declared IAM entity's name (see [`onus_iam::arn::DeclaredName`]).
enum IamName {
    Named(String),
    /// `name_prefix`, or no name: the provider generates one.
    Generated,
    /// Configured from a value the configuration does not give.
    Unknown,
}

impl IamName {
    fn as_declared(&self) -> onus_iam::arn::DeclaredName<'_> {
        match self {
            IamName::Named(n) => onus_iam::arn::DeclaredName::Named(n),
            IamName::Generated => onus_iam::arn::DeclaredName::Generated,
            IamName::Unknown => onus_iam::arn::DeclaredName::Unknown,
        }
    }
}

fn declared_iam(raws: &[RawResource]) -> Vec<(usize, &'static str, String, IamName)> {
    const WORDS: &[(&str, &str)] = &[("aws_iam_user", "user"), ("aws_iam_role", "role"), ("aws_iam_group", "group"), ("aws_iam_policy", "policy")];
    raws.iter()
        .enumerate()
        .filter_map(|(i, r)| WORDS.iter().find(|(t, _)| *t == r.rtype).map(|(_, word)| (i, r, *word)))
        .filter(|(_, r, _)| !matches!(lookup(&r.values, "arn"), Lookup::Found(_)))
        .filter_map(|(i, r, word)| {
            let path = match lookup(&r.values, "path") {
                Lookup::Found(v) => as_string(v)?,
                Lookup::Absent => "/".to_owned(),
                Lookup::Unknown(_) => return None,
            };
            let name = match lookup(&r.values, "name") {
                Lookup::Found(v) => as_string(v).map_or(IamName::Unknown, IamName::Named),
                // Configured but not known: a value the configuration does not give.
                Lookup::Unknown(_) if r.is_configured("name") => IamName::Unknown,
                _ => IamName::Generated,
            };
            Some((i, word, path, name))
        })
        .collect()
}

/// Maps a run of resources (joins look at all of them through `ctx`).
fn map_chunk(ctx: &Ctx<'_>, raws: &[RawResource]) -> (Vec<Resource>, BTreeMap<String, usize>) {
    let mut unsupported: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(raws.len());
    for raw in raws {
        let mapped = match raw.rtype.as_str() {
            "aws_s3_bucket" => Some(bucket(ctx, raw)),
            "aws_s3_account_public_access_block" => Some(account_pab(ctx, raw)),
            "aws_security_group" => Some(security_group(ctx, raw)),
            "aws_instance" => Some(instance(ctx, raw)),
            "aws_ebs_volume" => Some(volume(ctx, raw)),
            "aws_ebs_snapshot" => Some(ebs_snapshot(ctx, raw)),
            "aws_ebs_encryption_by_default" => Some(ebs_default(ctx, raw)),
            "aws_iam_account_password_policy" => Some(password_policy(ctx, raw)),
            "aws_iam_user" => Some(user(ctx, raw)),
            "aws_kms_key" | "aws_kms_external_key" => Some(kms_key(ctx, raw)),
            "aws_cloudtrail" => Some(trail(ctx, raw)),
            "aws_db_instance" => Some(db_instance(ctx, raw)),
            "aws_db_snapshot" => Some(db_snapshot(ctx, raw)),
            "aws_lambda_function" => Some(function(ctx, raw)),
            "aws_dynamodb_table" => Some(table(ctx, raw)),
            "aws_guardduty_detector" => Some(detector(ctx, raw)),
            "aws_lb_listener" | "aws_alb_listener" => Some(listener(ctx, raw)),
            "aws_iam_role" => Some(role(ctx, raw)),
            "aws_iam_group" => Some(group(ctx, raw)),
            "aws_iam_policy" => Some(managed_policy(ctx, raw)),
            "aws_vpc" | "aws_default_vpc" => Some(vpc(ctx, raw)),
            "aws_network_acl" | "aws_default_network_acl" => Some(network_acl(ctx, raw)),
            "aws_ami" | "aws_ami_copy" | "aws_ami_from_instance" => Some(image(ctx, raw)),
            "aws_rds_cluster" => Some(db_cluster(ctx, raw)),
            "aws_db_cluster_snapshot" => Some(db_cluster_snapshot(ctx, raw)),
            "aws_efs_file_system" => Some(file_system(ctx, raw)),
            "aws_config_configuration_recorder" => Some(config_recorder(ctx, raw)),
            "aws_securityhub_account" => Some(security_hub(ctx, raw)),
            "aws_accessanalyzer_analyzer" => Some(analyzer(ctx, raw)),
            "aws_eks_cluster" => Some(eks_cluster(ctx, raw)),
            "aws_ecr_repository" => Some(ecr_repository(ctx, raw)),
            "aws_secretsmanager_secret" => Some(secret(ctx, raw)),
            "aws_sqs_queue" => Some(queue(ctx, raw)),
            "aws_sns_topic" => Some(topic(ctx, raw)),
            "aws_acm_certificate" => Some(certificate(ctx, raw)),
            "aws_cloudwatch_log_group" => Some(log_group(ctx, raw)),
            "aws_wafv2_web_acl" => Some(web_acl(ctx, raw)),
            "aws_backup_vault" => Some(backup_vault(ctx, raw)),
            t if COMPANION_TYPES.contains(&t) => None,
            t => {
                *unsupported.entry(t.to_owned()).or_default() += 1;
                None
            }
        };
        out.extend(mapped);
    }
    (out, unsupported)
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
        iam_instance_profile_arn: ctx.entity_key(raw, "iam_instance_profile", INSTANCE_PROFILE),
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
    let (attached, attaching) = attached_policies(ctx, raw, "aws_iam_user_policy_attachment", "user", "users", &keys);
    let (inline, inline_children) = inline_policies(ctx, raw, "aws_iam_user_policy", "user", &keys);
    // Groups by `aws_iam_user_group_membership` (the user's groups) and by
    // `aws_iam_group_membership` (a group's users).
    let mut groups = Attr::Known(Vec::new());
    let mut group_spans: Vec<&RawResource> = Vec::new();
    for m in ctx.children(raw, &["aws_iam_user_group_membership"], "user", &keys) {
        group_spans.push(m);
        extend_known(&mut groups, ctx.entity_keys(m, "groups", &["aws_iam_group"]));
    }
    for m in ctx.children(raw, &["aws_iam_group_membership"], "users", &keys) {
        group_spans.push(m);
        extend_known(&mut groups, ctx.entity_keys(m, "group", &["aws_iam_group"]));
    }
    let props = iam::User {
        arn: Attr::Known(ctx.iam_key(raw)),
        created: Attr::unknown(UnknownCause::NotSupportedBySource),
        password_enabled: Attr::Known(login.is_some()),
        password_last_used: Attr::unknown(UnknownCause::NotSupportedBySource),
        mfa_devices: Attr::unknown_because(UnknownCause::NotSupportedBySource, "MFA devices are enrolled by the user, not declared in Terraform"),
        access_keys: keys_unknown.unwrap_or(Attr::Known(access_keys)),
        groups,
        attached_policy_arns: attached,
        inline_policies: inline,
        permissions_boundary_arn: ctx.entity_key(raw, "permissions_boundary", MANAGED_POLICY),
    };
    let mut spans = policy_spans(raw, &attaching, &inline_children);
    if let Some(m) = group_spans.first() {
        spans.push(("groups", m, ""));
    }
    if let Some(l) = login {
        spans.push(("mfa_devices", l, ""));
        spans.push(("password_enabled", l, ""));
    }
    resource(ctx, raw, props, &spans)
}

fn kms_key(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let (mut policy, policy_src) = with_companion_policy(ctx, raw, "policy", &[("aws_kms_key_policy", "key_id")], &["key_id", "id", "arn"], "policy");
    if matches!(policy, Attr::Known(None)) {
        // Created without a policy: KMS attaches its default, the account through IAM.
        policy = Attr::Known(Some(onus_model::source_value::default_key_policy()));
    }
    let props = kms::Key {
        key_id: read(v, "key_id", None, as_string),
        key_manager: Attr::Known(kms::KeyManager::Customer),
        key_spec: read(v, "customer_master_key_spec", Some("SYMMETRIC_DEFAULT".to_owned()), as_string),
        key_usage: read(v, "key_usage", Some("ENCRYPT_DECRYPT".to_owned()), as_string),
        key_state: read(v, if raw.rtype == "aws_kms_key" { "is_enabled" } else { "enabled" }, Some(true), as_bool)
            .map_known(|e| if e { "Enabled".to_owned() } else { "Disabled".to_owned() }),
        origin: Attr::Known(if raw.rtype == "aws_kms_external_key" { "EXTERNAL" } else { "AWS_KMS" }.to_owned()),
        rotation_enabled: read(v, "enable_key_rotation", Some(false), as_bool),
        policy,
        ..Default::default()
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![("rotation_enabled", raw, "enable_key_rotation"), ("policy", raw, "policy")];
    if let Some(c) = policy_src {
        spans.insert(1, ("policy", c, "policy"));
    }
    resource(ctx, raw, props, &spans)
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
    let mut policy_unknown: Option<Attr<Option<Value>>> = None;
    let permissions = ctx.children(raw, &["aws_lambda_permission"], "function_name", &keys);
    for p in &permissions {
        let s = |k: &str| p.values.get(k).and_then(as_string);
        if let Some(u) = ["principal", "action", "source_arn", "source_account", "principal_org_id", "function_url_auth_type"].iter().find_map(|k| p.values.get(*k).filter(|x| is_unknown(x))) {
            policy_unknown.get_or_insert(to_unknown(u));
            continue;
        }
        let principal = s("principal").unwrap_or_default();
        let mut st = serde_json::json!({
            "Sid": s("statement_id").unwrap_or_default(),
            "Effect": "Allow",
            "Principal": if principal == "*" { Value::String("*".into()) } else if principal.contains('.') { serde_json::json!({"Service": principal}) } else { serde_json::json!({"AWS": principal}) },
            "Action": s("action").unwrap_or_default(),
            // The policy governs this function.
            "Resource": "*",
        });
        let mut cond = serde_json::Map::new();
        for (attr, op, key) in [
            ("source_arn", "ArnLike", "AWS:SourceArn"),
            ("source_account", "StringEquals", "AWS:SourceAccount"),
            ("principal_org_id", "StringEquals", "aws:PrincipalOrgID"),
            ("function_url_auth_type", "StringEquals", "lambda:FunctionUrlAuthType"),
        ] {
            if let Some(a) = s(attr)
                && let Value::Object(block) = cond.entry(op).or_insert_with(|| Value::Object(serde_json::Map::new()))
            {
                block.insert(key.into(), Value::String(a));
            }
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
        role_arn: ctx.entity_key(raw, "role", ROLE),
        environment_variable_names: env,
        kms_key_arn: read_opt(v, "kms_key_arn", as_string),
        url_auth_type: match url {
            Some(u) => read(&u.values, "authorization_type", None, as_string).map_known(Some),
            None => Attr::Known(None),
        },
        policy: policy_unknown.unwrap_or_else(|| Attr::Known(if statements.is_empty() { None } else { Some(serde_json::json!({"Version": "2012-10-17", "Statement": statements})) })),
        vpc_id: read_opt(v, "vpc_config.vpc_id", as_string),
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![("runtime", raw, "runtime")];
    if let Some(u) = url {
        spans.push(("url_auth_type", u, "authorization_type"));
    }
    // A public statement comes from a permission that names anyone.
    let public = permissions.iter().find(|p| p.values.get("principal").and_then(Value::as_str) == Some("*")).or(permissions.first());
    if let Some(p) = public {
        spans.push(("policy", p, "principal"));
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

// ---------------------------------------------------------------------------
// Shared helpers for the kinds below.

const ROLE: &[&str] = &["aws_iam_role"];
const MANAGED_POLICY: &[&str] = &["aws_iam_policy"];
const INSTANCE_PROFILE: &[&str] = &["aws_iam_instance_profile"];

/// Adds `more` to a known list (once each); an unknown makes the whole unknown.
fn extend_known(into: &mut Attr<Vec<String>>, more: Attr<Vec<String>>) {
    let Attr::Known(list) = into else { return };
    match more {
        Attr::Known(more) => {
            for m in more {
                if !list.contains(&m) {
                    list.push(m);
                }
            }
        }
        unknown @ Attr::Unknown(_) => *into = unknown,
    }
}

/// Whether an optional attribute the provider computes when it is not set
/// (`policy` of a queue, `inline_policy` of a role…) is the configuration's:
/// set by it, or known (a state, a plan of an existing resource).
fn declared_or_known(raw: &RawResource, attr: &str) -> bool {
    raw.is_configured(attr) || !matches!(lookup(&raw.values, attr), Lookup::Unknown(_))
}

/// An optional value the provider computes when the configuration leaves it
/// out: `None` then (the service's default), else as read.
fn opt_unless_computed(raw: &RawResource, attr: &str) -> Attr<Option<String>> {
    if declared_or_known(raw, attr) { read_opt(&raw.values, attr, as_string) } else { Attr::Known(None) }
}

/// A resource's own policy attribute: the service's default (`None`) unless
/// the configuration sets it or it is known.
fn own_policy(raw: &RawResource, attr: &str) -> Attr<Option<Value>> {
    if attr.is_empty() || !declared_or_known(raw, attr) { Attr::Known(None) } else { read_opt(&raw.values, attr, as_policy) }
}

/// The policy of `raw`: set by one companion (joined through one of
/// `companions`' link attributes), else its own attribute `own`. Several
/// companions compete: the one applied last wins, so unknown.
fn with_companion_policy<'a>(ctx: &Ctx<'a>, raw: &RawResource, own: &str, companions: &[(&str, &str)], keys: &[&str], doc: &str) -> (Attr<Option<Value>>, Option<&'a RawResource>) {
    let mut found: Vec<&'a RawResource> = Vec::new();
    for (t, link) in companions {
        found.extend(ctx.children(raw, &[*t], link, keys));
    }
    match found.as_slice() {
        [] => (own_policy(raw, own), None),
        [one] => (read_opt(&one.values, doc, as_policy), Some(*one)),
        [first, ..] => (
            Attr::unknown_because(UnknownCause::Unresolvable, format!("{} resources set this policy; the one applied last wins", found.len())),
            Some(*first),
        ),
    }
}

/// Managed policies attached to a principal or group: its own
/// `managed_policy_arns` (roles), `attach_type` resources naming it through
/// `link`, and `aws_iam_policy_attachment`s listing it in `list`; with the
/// attaching resources.
fn attached_policies<'a>(ctx: &Ctx<'a>, raw: &RawResource, attach_type: &str, link: &str, list: &str, keys: &[&str]) -> (Attr<Vec<String>>, Vec<&'a RawResource>) {
    let mut attached = if declared_or_known(raw, "managed_policy_arns") { ctx.entity_keys(raw, "managed_policy_arns", MANAGED_POLICY) } else { Attr::Known(Vec::new()) };
    let mut sources = ctx.children(raw, &[attach_type], link, keys);
    sources.extend(ctx.children(raw, &["aws_iam_policy_attachment"], list, keys));
    for a in &sources {
        extend_known(&mut attached, ctx.entity_keys(a, "policy_arn", MANAGED_POLICY));
    }
    (attached, sources)
}

/// Inline policies: a role's `inline_policy` blocks, and `policy_type`
/// resources naming `raw` through `link`; with those resources.
fn inline_policies<'a>(ctx: &Ctx<'a>, raw: &RawResource, policy_type: &str, link: &str, keys: &[&str]) -> (Attr<Vec<iam::InlinePolicy>>, Vec<&'a RawResource>) {
    let children = ctx.children(raw, &[policy_type], link, keys);
    let mut out = Vec::new();
    if declared_or_known(raw, "inline_policy") {
        match lookup(&raw.values, "inline_policy") {
            Lookup::Found(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if is_unknown(item) {
                        return (to_unknown(item), children);
                    }
                    // An empty block declares that the role has no inline policy.
                    let name = match read(item, "name", Some(String::new()), as_string) {
                        Attr::Known(n) => n,
                        Attr::Unknown(u) => return (Attr::Unknown(u), children),
                    };
                    match read_opt(item, "policy", as_policy) {
                        Attr::Known(Some(document)) => out.push(iam::InlinePolicy {
                            name: if name.is_empty() { format!("inline_policy.{i}") } else { name },
                            document: ctx.with_declared_entities(document),
                        }),
                        Attr::Known(None) => {}
                        Attr::Unknown(u) => return (Attr::Unknown(u), children),
                    }
                }
            }
            Lookup::Unknown(u) => return (to_unknown(u), children),
            _ => {}
        }
    }
    for c in &children {
        let name = read(&c.values, "name", None, as_string).value().cloned().unwrap_or_else(|| c.address.clone());
        match read(&c.values, "policy", None, as_policy) {
            Attr::Known(document) => out.push(iam::InlinePolicy { name, document: ctx.with_declared_entities(document) }),
            Attr::Unknown(u) => return (Attr::Unknown(u), children),
        }
    }
    (Attr::Known(out), children)
}

/// Where a principal's or group's permissions are written.
fn policy_spans<'a>(raw: &'a RawResource, attaching: &[&'a RawResource], inline_children: &[&'a RawResource]) -> Vec<(&'static str, &'a RawResource, &'static str)> {
    let mut spans = vec![
        ("attached_policy_arns", raw, "managed_policy_arns"),
        ("inline_policies", raw, "inline_policy"),
        ("permissions_boundary_arn", raw, "permissions_boundary"),
    ];
    if let Some(a) = attaching.first() {
        spans.push(("attached_policy_arns", a, "policy_arn"));
    }
    if let Some(c) = inline_children.first() {
        spans.push(("inline_policies", c, "policy"));
    }
    spans
}

fn timestamp(v: &Value, path: &str, missing: &str) -> Attr<Option<chrono::DateTime<chrono::Utc>>> {
    match lookup(v, path) {
        Lookup::Found(Value::String(s)) if s.is_empty() => Attr::Known(None),
        Lookup::Found(Value::String(s)) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(d) => Attr::Known(Some(d.with_timezone(&chrono::Utc))),
            Err(_) => Attr::unknown_because(UnknownCause::Unresolvable, format!("{path} = {s:?} is not a timestamp")),
        },
        Lookup::Found(x) => Attr::unknown_because(UnknownCause::Unresolvable, format!("{path} = {x} is not a timestamp")),
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, missing),
    }
}

// ---------------------------------------------------------------------------
// IAM roles, groups and managed policies.
//
// An IAM entity's ARN is known once it exists (a state, a plan of an existing
// resource); a plan creating it, or configuration alone, knows it by its
// inventory id (`input#address`), and every reference to it in this input is
// rewritten to that key: attachments' `policy_arn`, boundaries, instance
// profiles, functions' and instances' roles and profiles, memberships. So the
// access analyses find the entity a reference names. Entities outside the
// input (an AWS managed policy attached by ARN) keep the value as written:
// their documents are not in the inventory, and the analyses say so.

fn role(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let keys = ["name", "id"];
    let (attached, attaching) = attached_policies(ctx, raw, "aws_iam_role_policy_attachment", "role", "roles", &keys);
    let (inline, inline_children) = inline_policies(ctx, raw, "aws_iam_role_policy", "role", &keys);
    let profiles = ctx.children(raw, &["aws_iam_instance_profile"], "role", &keys);
    let props = iam::Role {
        arn: Attr::Known(ctx.iam_key(raw)),
        path: read(v, "path", Some("/".to_owned()), as_string),
        created: timestamp(v, "create_date", "the role is created at apply"),
        assume_role_policy: read(v, "assume_role_policy", None, as_policy),
        attached_policy_arns: attached,
        inline_policies: inline,
        permissions_boundary_arn: ctx.entity_key(raw, "permissions_boundary", MANAGED_POLICY),
        last_used: Attr::unknown(UnknownCause::NotSupportedBySource),
        max_session_duration: read(v, "max_session_duration", Some(3600), as_u32),
        instance_profile_arns: Attr::Known(profiles.iter().map(|p| ctx.iam_key(p)).collect()),
        ..Default::default()
    };
    let mut spans = policy_spans(raw, &attaching, &inline_children);
    spans.push(("assume_role_policy", raw, "assume_role_policy"));
    if let Some(p) = profiles.first() {
        spans.push(("instance_profile_arns", p, "role"));
    }
    resource(ctx, raw, props, &spans)
}

fn group(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let keys = ["name", "id"];
    let (attached, attaching) = attached_policies(ctx, raw, "aws_iam_group_policy_attachment", "group", "groups", &keys);
    let (inline, inline_children) = inline_policies(ctx, raw, "aws_iam_group_policy", "group", &keys);
    let arn = match lookup(&raw.values, "arn") {
        Lookup::Found(a) => as_string(a),
        _ => None,
    };
    let props = iam::Group {
        arn: Attr::Known(arn.unwrap_or_else(|| format!("{}#{}", ctx.id_prefix, raw.address))),
        attached_policy_arns: attached,
        inline_policies: inline,
        ..Default::default()
    };
    resource(ctx, raw, props, &policy_spans(raw, &attaching, &inline_children))
}

fn managed_policy(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let outside = "principals outside this configuration may use it too";
    let props = iam::ManagedPolicy {
        arn: Attr::Known(ctx.iam_key(raw)),
        aws_managed: Attr::Known(false),
        default_version_id: Attr::unknown_because(UnknownCause::NotSupportedBySource, "IAM numbers the versions as Terraform creates and updates the policy"),
        document: read(v, "policy", None, as_policy).map_known(|d| ctx.with_declared_entities(d)),
        attachment_count: match lookup(v, "attachment_count") {
            Lookup::Found(n) => as_u32(n).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
            _ => Attr::unknown_because(UnknownCause::NotSupportedBySource, outside),
        },
        boundary_usage_count: Attr::unknown_because(UnknownCause::NotSupportedBySource, outside),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("document", raw, "policy")])
}

// ---------------------------------------------------------------------------
// VPCs and network ACLs.

fn vpc(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    let mut logs = Vec::new();
    // Only flow logs on the VPC itself (`vpc_id`) cover it; subnet and interface logs do not.
    for fl in ctx.children(raw, &["aws_flow_log"], "vpc_id", &["id"]) {
        let text = |k: &str, default: &str| match lookup(&fl.values, k) {
            Lookup::Found(x) => as_string(x).unwrap_or_else(|| default.to_owned()),
            Lookup::Unknown(_) => "(known after apply)".to_owned(),
            Lookup::Absent => default.to_owned(),
        };
        if spans.is_empty() {
            spans.push(("flow_logs", fl, ""));
        }
        logs.push(ec2::FlowLog {
            id: match lookup(&fl.values, "id") {
                Lookup::Found(x) => as_string(x).unwrap_or_else(|| fl.address.clone()),
                _ => fl.address.clone(),
            },
            // A flow log is active once created; delivery problems show only in the account.
            status: "ACTIVE".to_owned(),
            traffic_type: text("traffic_type", "ALL"),
            destination_type: text("log_destination_type", "cloud-watch-logs"),
        });
    }
    let props = ec2::Vpc {
        vpc_id: read(v, "id", None, as_string),
        cidr_block: read_opt(v, "cidr_block", as_string),
        is_default: Attr::Known(raw.rtype == "aws_default_vpc"),
        flow_logs: Attr::Known(logs),
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

/// One network ACL entry from an inline `ingress`/`egress` block (`egress`
/// given) or an `aws_network_acl_rule`; an unknown peer, port, protocol or
/// action is unknown.
fn nacl_entry(e: &Value, egress: Option<bool>) -> Result<ec2::NetworkAclEntry, Attr<Vec<ec2::NetworkAclEntry>>> {
    let (number, action) = if egress.is_some() { ("rule_no", "action") } else { ("rule_number", "rule_action") };
    for k in [number, action, "protocol", "egress", "cidr_block", "ipv6_cidr_block", "from_port", "to_port"] {
        if let Some(u) = e.get(k).filter(|x| is_unknown(x)) {
            return Err(to_unknown(u));
        }
    }
    let int = |k: &str| e.get(k).and_then(as_i64).and_then(|n| i32::try_from(n).ok());
    let text = |k: &str| e.get(k).and_then(as_string).filter(|s| !s.is_empty());
    let Some(rule_number) = int(number) else {
        return Err(Attr::unknown_because(UnknownCause::Unresolvable, format!("{number} is not a number")));
    };
    Ok(ec2::NetworkAclEntry {
        rule_number,
        protocol: text("protocol").unwrap_or_else(|| "-1".to_owned()).to_ascii_lowercase(),
        rule_action: text(action).unwrap_or_default().to_ascii_lowercase(),
        egress: egress.unwrap_or_else(|| e.get("egress").and_then(as_bool).unwrap_or(false)),
        cidr_ipv4: text("cidr_block"),
        cidr_ipv6: text("ipv6_cidr_block"),
        from_port: int("from_port"),
        to_port: int("to_port"),
    })
}

/// Whether an entry lets the internet reach SSH or RDP.
fn opens_admin_ports(e: &ec2::NetworkAclEntry) -> bool {
    !e.egress && e.rule_action == "allow" && e.is_open_to_internet() && matches!(e.protocol.as_str(), "-1" | "all" | "6" | "tcp") && [22, 3389].iter().any(|p| e.covers_port(*p))
}

fn network_acl(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let mut entries = Vec::new();
    let mut unknown = None;
    // The open entry with the lowest number, else the first entry: where a finding points.
    let mut open: Option<(i32, &RawResource, &str)> = None;
    let mut first: Option<(&RawResource, &str)> = None;
    for (dir, egress) in [("ingress", false), ("egress", true)] {
        match lookup(v, dir) {
            Lookup::Found(Value::Array(items)) => {
                for item in items {
                    match nacl_entry(item, Some(egress)) {
                        Ok(e) => {
                            if opens_admin_ports(&e) && open.is_none_or(|(n, _, _)| e.rule_number < n) {
                                open = Some((e.rule_number, raw, dir));
                            }
                            entries.push(e);
                        }
                        Err(u) => {
                            unknown.get_or_insert(u);
                        }
                    }
                    first.get_or_insert((raw, dir));
                }
            }
            // Not set: the provider computes the blocks from the rule resources.
            Lookup::Unknown(u) if raw.is_configured(dir) => {
                unknown.get_or_insert(to_unknown(u));
            }
            _ => {}
        }
    }
    for c in ctx.children(raw, &["aws_network_acl_rule"], "network_acl_id", &["id"]) {
        match nacl_entry(&c.values, None) {
            Ok(e) => {
                if opens_admin_ports(&e) && open.is_none_or(|(n, _, _)| e.rule_number < n) {
                    open = Some((e.rule_number, c, ""));
                }
                entries.push(e);
            }
            Err(u) => {
                unknown.get_or_insert(u);
            }
        }
        first.get_or_insert((c, ""));
    }
    let mut subnets = if declared_or_known(raw, "subnet_ids") { read_strings(v, "subnet_ids") } else { Attr::Known(Vec::new()) };
    for a in ctx.children(raw, &["aws_network_acl_association"], "network_acl_id", &["id"]) {
        extend_known(&mut subnets, read_strings(&a.values, "subnet_id"));
    }
    let props = ec2::NetworkAcl {
        network_acl_id: read(v, "id", None, as_string),
        vpc_id: read_opt(v, "vpc_id", as_string),
        is_default: Attr::Known(raw.rtype == "aws_default_network_acl"),
        subnet_ids: subnets,
        entries: unknown.unwrap_or(Attr::Known(entries)),
        ..Default::default()
    };
    let spans: Vec<(&str, &RawResource, &str)> = open.map(|(_, r, p)| (r, p)).or(first).map(|(r, p)| vec![("entries", r, p)]).unwrap_or_default();
    resource(ctx, raw, props, &spans)
}

// ---------------------------------------------------------------------------
// AMIs and DB cluster snapshots: who may use them.

fn image(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    // A state knows whether the image is public; so do its launch permissions.
    let mut public = matches!(lookup(v, "public"), Lookup::Found(p) if as_bool(p) == Some(true));
    if public {
        spans.push(("public", raw, "public"));
    }
    let mut shared = Vec::new();
    let mut unknown = None;
    for p in ctx.children(raw, &["aws_ami_launch_permission"], "image_id", &["id"]) {
        for (k, u) in [("group", lookup(&p.values, "group")), ("account_id", lookup(&p.values, "account_id")), ("organization_arn", lookup(&p.values, "organization_arn")), ("organizational_unit_arn", lookup(&p.values, "organizational_unit_arn"))] {
            match u {
                Lookup::Found(x) => {
                    let text = as_string(x).unwrap_or_default();
                    if k == "group" {
                        if text == "all" {
                            if !public {
                                spans.push(("public", p, "group"));
                            }
                            public = true;
                        }
                    } else if !shared.contains(&text) {
                        shared.push(text);
                    }
                }
                Lookup::Unknown(x) => unknown = unknown.or(Some(x)),
                Lookup::Absent => {}
            }
        }
    }
    let encrypted = if raw.rtype == "aws_ami_copy" && matches!(lookup(v, "encrypted"), Lookup::Found(e) if as_bool(e) == Some(true)) {
        Attr::Known(true)
    } else {
        Attr::unknown_because(UnknownCause::NotSupportedBySource, "follows the snapshots behind the image")
    };
    let props = ec2::Image {
        image_id: read(v, "id", None, as_string),
        state: Attr::unknown(UnknownCause::NotSupportedBySource),
        created: Attr::unknown(UnknownCause::NotSupportedBySource),
        public: match (public, unknown) {
            (true, _) => Attr::Known(true),
            (false, Some(u)) => to_unknown(u),
            (false, None) => Attr::Known(false),
        },
        shared_with_accounts: match unknown {
            Some(u) => to_unknown(u),
            None => Attr::Known(shared),
        },
        encrypted,
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

fn db_cluster_snapshot(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let shared = read_strings(v, "shared_accounts");
    let props = rds::DbClusterSnapshot {
        db_cluster_identifier: read_opt(v, "db_cluster_identifier", as_string),
        snapshot_type: Attr::Known("manual".to_owned()),
        encrypted: match lookup(v, "storage_encrypted") {
            Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, "follows the cluster"),
            _ => read(v, "storage_encrypted", None, as_bool),
        },
        public: shared.clone().map_known(|s| s.iter().any(|a| a == "all")),
        shared_with_accounts: shared.map_known(|s| s.into_iter().filter(|a| a != "all").collect()),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("public", raw, "shared_accounts")])
}

// ---------------------------------------------------------------------------
// Aurora and Multi-AZ DB clusters, EFS, Backup.

fn db_cluster(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let set = |k: &str| raw.is_configured(k) || matches!(lookup(v, k), Lookup::Found(_));
    let storage_encrypted = match lookup(v, "storage_encrypted") {
        Lookup::Found(x) => as_bool(x).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
        Lookup::Unknown(u) if raw.is_configured("storage_encrypted") => to_unknown(u),
        _ if set("snapshot_identifier") || set("replication_source_identifier") || set("restore_to_point_in_time") || set("s3_import") => {
            Attr::unknown_because(UnknownCause::ComputedAtApply, "restored or replicated: encryption follows the source")
        }
        _ if set("global_cluster_identifier") => Attr::unknown_because(UnknownCause::ComputedAtApply, "a member of a global database: encryption follows the global cluster"),
        // Not set: Aurora Serverless v1 clusters are always encrypted; others are not.
        _ => read(v, "engine_mode", Some("provisioned".to_owned()), as_string).map_known(|m| m.eq_ignore_ascii_case("serverless")),
    };
    let props = rds::DbCluster {
        engine: read(v, "engine", None, as_string),
        engine_version: read_opt(v, "engine_version", as_string),
        storage_encrypted,
        kms_key_id: read_opt(v, "kms_key_id", as_string),
        backup_retention_period: match lookup(v, "backup_retention_period") {
            Lookup::Unknown(_) if !raw.is_configured("backup_retention_period") => Attr::Known(1),
            _ => read(v, "backup_retention_period", Some(1), as_u32),
        },
        deletion_protection: read(v, "deletion_protection", Some(false), as_bool),
        iam_database_authentication_enabled: read(v, "iam_database_authentication_enabled", Some(false), as_bool),
        multi_az: Attr::unknown_because(UnknownCause::NotSupportedBySource, "follows where the cluster's instances are placed"),
        enabled_cloudwatch_logs_exports: read_strings(v, "enabled_cloudwatch_logs_exports"),
        members: match lookup(v, "cluster_members") {
            Lookup::Found(_) => read_strings(v, "cluster_members"),
            _ => Attr::unknown_because(UnknownCause::NotSupportedBySource, "instances join a cluster by cluster_identifier, from this configuration or another"),
        },
        ..Default::default()
    };
    resource(ctx, raw, props, &[("storage_encrypted", raw, "storage_encrypted"), ("backup_retention_period", raw, "backup_retention_period")])
}

fn file_system(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let encrypted = match lookup(v, "encrypted") {
        Lookup::Found(x) => as_bool(x).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
        Lookup::Unknown(u) if raw.is_configured("encrypted") => to_unknown(u),
        // Not set: CreateFileSystem does not encrypt.
        _ => Attr::Known(false),
    };
    let backup = ctx.child(raw, "aws_efs_backup_policy", "file_system_id", &["id"]);
    let automatic_backups = match backup {
        Some(b) => read(&b.values, "backup_policy.status", None, as_string).map_known(|s| matches!(s.to_ascii_uppercase().as_str(), "ENABLED" | "ENABLING")),
        // Without a backup policy, only One Zone file systems get automatic backups.
        None => Attr::Known(matches!(lookup(v, "availability_zone_name"), Lookup::Found(_)) && raw.is_configured("availability_zone_name")),
    };
    let (policy, policy_src) = with_companion_policy(ctx, raw, "", &[("aws_efs_file_system_policy", "file_system_id")], &["id"], "policy");
    let props = efs::FileSystem {
        file_system_id: read(v, "id", None, as_string),
        encrypted,
        kms_key_id: if matches!(encrypted_value(v), Some(false)) { Attr::Known(None) } else { read_opt(v, "kms_key_id", as_string) },
        automatic_backups,
        policy,
        ..Default::default()
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![("encrypted", raw, "encrypted")];
    if let Some(p) = policy_src {
        spans.push(("policy", p, "policy"));
    }
    if let Some(b) = backup {
        spans.push(("automatic_backups", b, "backup_policy.status"));
    }
    resource(ctx, raw, props, &spans)
}

fn encrypted_value(v: &Value) -> Option<bool> {
    match lookup(v, "encrypted") {
        Lookup::Found(x) => as_bool(x),
        Lookup::Absent => Some(false),
        Lookup::Unknown(_) => None,
    }
}

fn backup_vault(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let keys = ["name", "id"];
    let lock = ctx.child(raw, "aws_backup_vault_lock_configuration", "backup_vault_name", &keys);
    let (access_policy, policy_src) = with_companion_policy(ctx, raw, "", &[("aws_backup_vault_policy", "backup_vault_name")], &keys, "policy");
    let props = backup::BackupVault {
        encryption_key_arn: opt_unless_computed(raw, "kms_key_arn"),
        locked: Attr::Known(lock.is_some()),
        min_retention_days: lock.map_or(Attr::Known(None), |l| read_opt(&l.values, "min_retention_days", as_i64)),
        recovery_points: match lookup(v, "recovery_points") {
            Lookup::Found(n) => as_i64(n).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
            _ => Attr::unknown_because(UnknownCause::NotSupportedBySource, "recovery points are written after apply"),
        },
        access_policy,
        ..Default::default()
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    if let Some(p) = policy_src {
        spans.push(("access_policy", p, "policy"));
    }
    if let Some(l) = lock {
        spans.push(("locked", l, ""));
    }
    resource(ctx, raw, props, &spans)
}

// ---------------------------------------------------------------------------
// AWS Config, Security Hub, IAM Access Analyzer: per-region services.

fn config_recorder(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let status = ctx.child(raw, "aws_config_configuration_recorder_status", "name", &["name", "id"]);
    let channel = ctx.of_type("aws_config_delivery_channel").next();
    let all_supported = match lookup(v, "recording_group") {
        Lookup::Absent => Attr::Known(true),
        Lookup::Unknown(_) if !raw.is_configured("recording_group") => Attr::Known(true),
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Found(g) => match lookup(g, "all_supported") {
            Lookup::Found(_) | Lookup::Unknown(_) => read(g, "all_supported", None, as_bool),
            Lookup::Absent => match lookup(g, "recording_strategy.use_only") {
                Lookup::Absent => Attr::Known(true),
                _ => read(g, "recording_strategy.use_only", None, as_string).map_known(|s| s.eq_ignore_ascii_case("ALL_SUPPORTED_RESOURCE_TYPES")),
            },
        },
    };
    let props = config::ConfigurationRecorder {
        recorder_name: read(v, "name", Some("default".to_owned()), as_string).map_known(Some),
        // Terraform creates a recorder stopped; aws_config_configuration_recorder_status starts it.
        recording: match status {
            Some(s) => read(&s.values, "is_enabled", None, as_bool),
            None => Attr::unknown_because(
                UnknownCause::NotSupportedBySource,
                "no aws_config_configuration_recorder_status in this configuration: the recorder is created stopped, and may be started elsewhere",
            ),
        },
        all_supported,
        include_global_resource_types: read(v, "recording_group.include_global_resource_types", Some(false), as_bool),
        delivery_s3_bucket: match channel {
            Some(c) => read_opt(&c.values, "s3_bucket_name", as_string),
            None => Attr::unknown_because(UnknownCause::NotSupportedBySource, "no aws_config_delivery_channel in this configuration"),
        },
        ..Default::default()
    };
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![
        ("all_supported", raw, "recording_group.all_supported"),
        ("all_supported", raw, "recording_group"),
        ("include_global_resource_types", raw, "recording_group.include_global_resource_types"),
    ];
    if let Some(s) = status {
        spans.push(("recording", s, "is_enabled"));
    }
    resource(ctx, raw, props, &spans)
}

fn security_hub(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let props = securityhub::Hub {
        // The resource is the subscription: declaring it enables Security Hub.
        enabled: Attr::Known(true),
        subscribed_at: Attr::unknown(UnknownCause::NotSupportedBySource),
        enabled_standards: Attr::unknown_because(UnknownCause::NotSupportedBySource, "default standards are chosen by AWS; others may be enabled outside this configuration"),
        ..Default::default()
    };
    resource(ctx, raw, props, &[])
}

fn analyzer(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    // The kind is the region's set of analyzers: every analyzer of the input
    // belongs to it. Without an external-access analyzer here, whether the
    // region has one is not for this configuration to say.
    let declared = ctx.of_type("aws_accessanalyzer_analyzer").filter_map(|a| {
        let Attr::Known(t) = read(&a.values, "type", Some("ACCOUNT".to_owned()), as_string) else { return None };
        let name = read(&a.values, "analyzer_name", None, as_string).value().cloned().unwrap_or_else(|| a.address.clone());
        Some((name, t))
    });
    let props = securityhub::Analyzer {
        active_analyzers: onus_model::source_value::declared_analyzers(declared, "this configuration"),
        ..Default::default()
    };
    resource(ctx, raw, props, &[])
}

// ---------------------------------------------------------------------------
// EKS and ECR.

fn eks_cluster(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let secrets_key = match lookup(v, "encryption_config") {
        Lookup::Found(Value::Array(items)) => {
            let mut key = Attr::Known(None);
            for item in items {
                match read_strings(item, "resources") {
                    Attr::Known(r) if r.iter().any(|x| x == "secrets") => {
                        key = read_opt(item, "provider.key_arn", as_string);
                        break;
                    }
                    Attr::Known(_) => {}
                    unknown @ Attr::Unknown(_) => {
                        key = unknown.map_known(|_| None);
                        break;
                    }
                }
            }
            key
        }
        Lookup::Unknown(u) if raw.is_configured("encryption_config") => to_unknown(u),
        _ => Attr::Known(None),
    };
    let props = containers::Cluster {
        version: match lookup(v, "version") {
            Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, "EKS picks its default Kubernetes version at creation"),
            _ => read(v, "version", None, as_string).map_known(Some),
        },
        endpoint_public_access: read(v, "vpc_config.endpoint_public_access", Some(true), as_bool),
        // Empty means EKS's default, 0.0.0.0/0.
        public_access_cidrs: read_strings(v, "vpc_config.public_access_cidrs"),
        endpoint_private_access: read(v, "vpc_config.endpoint_private_access", Some(false), as_bool),
        secrets_kms_key_arn: secrets_key,
        enabled_log_types: read_strings(v, "enabled_cluster_log_types"),
        ..Default::default()
    };
    resource(ctx, raw, props, &[
        ("endpoint_public_access", raw, "vpc_config.endpoint_public_access"),
        ("endpoint_public_access", raw, "vpc_config"),
        ("public_access_cidrs", raw, "vpc_config.public_access_cidrs"),
        ("public_access_cidrs", raw, "vpc_config.endpoint_public_access"),
        ("public_access_cidrs", raw, "vpc_config"),
        ("secrets_kms_key_arn", raw, "encryption_config"),
    ])
}

/// A repository filter of a registry scanning rule (`*` wildcards).
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else { return false };
    if parts.len() == 1 {
        return pattern == name;
    }
    if !name.starts_with(first) || !name[first.len()..].ends_with(last) || name.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// Whether the registry's scanning configuration scans `name` on push; `None`
/// when it leaves the repository's own setting in force.
fn registry_scans_on_push(reg: &RawResource, name: &Attr<String>) -> Option<Attr<bool>> {
    let v = &reg.values;
    if let Some(u) = find_unknown(v.get("rule").unwrap_or(&Value::Null)).or_else(|| v.get("scan_type").filter(|x| is_unknown(x))) {
        return Some(to_unknown(u));
    }
    let enhanced = v.get("scan_type").and_then(as_string).is_some_and(|t| t.eq_ignore_ascii_case("ENHANCED"));
    let rules = v.get("rule").and_then(Value::as_array).cloned().unwrap_or_default();
    let on_push: Vec<&Value> = rules
        .iter()
        .filter(|r| r.get("scan_frequency").and_then(as_string).is_some_and(|f| matches!(f.as_str(), "SCAN_ON_PUSH" | "CONTINUOUS_SCAN")))
        .collect();
    let filters: Vec<String> = on_push
        .iter()
        .flat_map(|r| r.get("repository_filter").and_then(Value::as_array).cloned().unwrap_or_default())
        .filter_map(|f| f.get("filter").and_then(as_string))
        .collect();
    let matched = match name {
        Attr::Known(n) => filters.iter().any(|f| wildcard_match(f, n)),
        Attr::Unknown(u) if !filters.is_empty() => return Some(Attr::Unknown(u.clone())),
        Attr::Unknown(_) => false,
    };
    if matched {
        Some(Attr::Known(true))
    } else if enhanced {
        // Enhanced scanning ignores the repository's own setting.
        Some(Attr::Known(false))
    } else {
        None
    }
}

fn ecr_repository(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let name = read(v, "name", None, as_string);
    let registry = ctx.of_type("aws_ecr_registry_scanning_configuration").next();
    let mut spans: Vec<(&str, &RawResource, &str)> = vec![
        ("image_tag_mutability", raw, "image_tag_mutability"),
        ("scan_on_push", raw, "image_scanning_configuration.scan_on_push"),
        ("scan_on_push", raw, "image_scanning_configuration"),
    ];
    let scan_on_push = match registry.and_then(|r| registry_scans_on_push(r, &name)) {
        Some(s) => {
            if let Some(r) = registry {
                spans.insert(0, ("scan_on_push", r, ""));
            }
            s
        }
        None => read(v, "image_scanning_configuration.scan_on_push", Some(false), as_bool),
    };
    let (policy, policy_src) = with_companion_policy(ctx, raw, "", &[("aws_ecr_repository_policy", "repository")], &["name", "id"], "policy");
    if let Some(p) = policy_src {
        spans.push(("policy", p, "policy"));
    }
    let props = containers::Repository {
        image_tag_mutability: read(v, "image_tag_mutability", Some("MUTABLE".to_owned()), as_string),
        scan_on_push,
        encryption_type: read(v, "encryption_configuration.encryption_type", Some("AES256".to_owned()), as_string),
        kms_key: read_opt(v, "encryption_configuration.kms_key", as_string),
        policy,
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

// ---------------------------------------------------------------------------
// Secrets Manager, SQS, SNS.

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

fn secret(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    let rotation = ctx.child(raw, "aws_secretsmanager_secret_rotation", "secret_id", &["id", "arn"]);
    let (enabled, interval) = match rotation {
        None => (Attr::Known(false), Attr::Known(None)),
        Some(r) => {
            spans.push(("rotation_enabled", r, ""));
            let rv = &r.values;
            let interval = match (lookup(rv, "rotation_rules.automatically_after_days"), lookup(rv, "rotation_rules.schedule_expression")) {
                (Lookup::Found(d), _) => Attr::Known(as_i64(d)),
                (Lookup::Unknown(u), _) => to_unknown(u),
                (_, Lookup::Found(e)) => Attr::Known(as_string(e).and_then(|e| rate_days(&e))),
                (_, Lookup::Unknown(u)) => to_unknown(u),
                _ => Attr::Known(None),
            };
            // A state says whether rotation is on; declaring it turns it on.
            (read(rv, "rotation_enabled", Some(true), as_bool), interval)
        }
    };
    let (policy, policy_src) = with_companion_policy(ctx, raw, "policy", &[("aws_secretsmanager_secret_policy", "secret_arn")], &["arn", "id"], "policy");
    spans.push(("policy", policy_src.unwrap_or(raw), "policy"));
    let props = secretsmanager::Secret {
        kms_key_id: read_opt(&raw.values, "kms_key_id", as_string),
        rotation_enabled: enabled,
        rotation_interval_days: interval,
        last_rotated: Attr::unknown(UnknownCause::NotSupportedBySource),
        last_accessed: Attr::unknown(UnknownCause::NotSupportedBySource),
        policy,
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}

fn queue(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let kms = opt_unless_computed(raw, "kms_master_key_id");
    let sqs_managed_sse = match lookup(v, "sqs_managed_sse_enabled") {
        Lookup::Found(x) => as_bool(x).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
        Lookup::Unknown(u) if raw.is_configured("sqs_managed_sse_enabled") => to_unknown(u),
        // Not set: new queues get SSE-SQS unless they use a KMS key.
        _ => kms.clone().map_known(|k| k.is_none()),
    };
    let (policy, policy_src) = with_companion_policy(ctx, raw, "policy", &[("aws_sqs_queue_policy", "queue_url")], &["id", "url"], "policy");
    let spans: Vec<(&str, &RawResource, &str)> = vec![
        ("kms_master_key_id", raw, "kms_master_key_id"),
        ("kms_master_key_id", raw, "sqs_managed_sse_enabled"),
        ("sqs_managed_sse", raw, "sqs_managed_sse_enabled"),
        ("policy", policy_src.unwrap_or(raw), "policy"),
    ];
    let props = messaging::Queue { kms_master_key_id: kms, sqs_managed_sse, policy, ..Default::default() };
    resource(ctx, raw, props, &spans)
}

fn topic(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let (policy, policy_src) = with_companion_policy(ctx, raw, "policy", &[("aws_sns_topic_policy", "arn")], &["arn", "id"], "policy");
    let spans: Vec<(&str, &RawResource, &str)> = vec![("kms_master_key_id", raw, "kms_master_key_id"), ("policy", policy_src.unwrap_or(raw), "policy")];
    let props = messaging::Topic { kms_master_key_id: opt_unless_computed(raw, "kms_master_key_id"), policy, ..Default::default() };
    resource(ctx, raw, props, &spans)
}

// ---------------------------------------------------------------------------
// ACM, CloudWatch Logs, WAF.

fn certificate(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let set = |k: &str| matches!(lookup(v, k), Lookup::Found(_) | Lookup::Unknown(_)) && (raw.is_configured(k) || matches!(lookup(v, k), Lookup::Found(_)));
    let imported = set("certificate_body") || set("private_key");
    let kind = if imported {
        "IMPORTED"
    } else if set("certificate_authority_arn") {
        "PRIVATE"
    } else {
        "AMAZON_ISSUED"
    };
    let props = acm::Certificate {
        domain_name: read(v, "domain_name", None, as_string),
        // Known in a state, or a plan of an existing certificate.
        status: match lookup(v, "status") {
            Lookup::Absent => Attr::unknown_because(UnknownCause::ComputedAtApply, "ACM issues or imports the certificate at apply"),
            _ => read(v, "status", None, as_string),
        },
        certificate_type: match lookup(v, "type") {
            Lookup::Found(t) => as_string(t).map_or_else(|| Attr::unknown(UnknownCause::Unresolvable), Attr::Known),
            _ => Attr::Known(kind.to_owned()),
        },
        not_after: timestamp(
            v,
            "not_after",
            if imported { "the expiry is inside certificate_body, which onus does not decode" } else { "the validity period starts when ACM issues the certificate" },
        ),
        key_algorithm: read(v, "key_algorithm", Some("RSA_2048".to_owned()), as_string),
        in_use_by: Attr::unknown(UnknownCause::NotSupportedBySource),
        ..Default::default()
    };
    resource(ctx, raw, props, &[("not_after", raw, "not_after"), ("status", raw, "status")])
}

fn log_group(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let mut filters = Attr::Known(Vec::new());
    for f in ctx.children(raw, &["aws_cloudwatch_log_metric_filter"], "log_group_name", &["name", "id"]) {
        let fv = &f.values;
        if let Some(u) = ["pattern", "metric_transformation", "name"].iter().find_map(|k| fv.get(*k).and_then(find_unknown)) {
            filters = to_unknown(u);
            break;
        }
        let metrics = fv
            .get("metric_transformation")
            .and_then(Value::as_array)
            .map(|m| m.iter().filter_map(|t| Some(format!("{}/{}", t.get("namespace").and_then(as_string)?, t.get("name").and_then(as_string)?))).collect())
            .unwrap_or_default();
        if let Attr::Known(list) = &mut filters {
            list.push(logs::MetricFilter {
                name: fv.get("name").and_then(as_string).unwrap_or_else(|| f.address.clone()),
                pattern: fv.get("pattern").and_then(as_string).unwrap_or_default(),
                metrics,
            });
        }
    }
    let props = logs::LogGroup {
        // 0, the default, keeps events forever.
        retention_in_days: read_opt(v, "retention_in_days", as_u32).map_known(|d| d.filter(|n| *n > 0)),
        kms_key_id: read_opt(v, "kms_key_id", as_string),
        metric_filters: filters,
        ..Default::default()
    };
    resource(ctx, raw, props, &[("retention_in_days", raw, "retention_in_days")])
}

fn web_acl(ctx: &Ctx<'_>, raw: &RawResource) -> Resource {
    let v = &raw.values;
    let logging = ctx.children(raw, &["aws_wafv2_web_acl_logging_configuration"], "resource_arn", &["arn"]);
    let non_empty = |a: &Value, k: &str| matches!(a.get(k), Some(Value::Array(x)) if !x.is_empty()) || matches!(a.get(k), Some(Value::Object(_)));
    let default_action = match lookup(v, "default_action") {
        Lookup::Found(a) => {
            let a = a.as_array().and_then(|x| x.first()).unwrap_or(a);
            if let Some(u) = find_unknown(a) {
                to_unknown(u)
            } else if non_empty(a, "block") {
                Attr::Known("BLOCK".to_owned())
            } else if non_empty(a, "allow") {
                Attr::Known("ALLOW".to_owned())
            } else {
                Attr::unknown_because(UnknownCause::Unresolvable, "default_action is neither allow nor block")
            }
        }
        Lookup::Unknown(u) => to_unknown(u),
        Lookup::Absent => Attr::unknown_because(UnknownCause::Unresolvable, "default_action is not set"),
    };
    let (rules, managed) = match lookup(v, "rule") {
        Lookup::Found(Value::Array(items)) => match items.iter().find_map(find_unknown) {
            Some(u) => (to_unknown(u), to_unknown(u)),
            None => (
                Attr::Known(items.iter().filter_map(|r| r.get("name").and_then(as_string)).collect()),
                Attr::Known(
                    items
                        .iter()
                        .filter_map(|r| {
                            let Lookup::Found(m) = lookup(r, "statement.managed_rule_group_statement") else { return None };
                            Some(format!("{}/{}", m.get("vendor_name").and_then(as_string)?, m.get("name").and_then(as_string)?))
                        })
                        .collect(),
                ),
            ),
        },
        Lookup::Unknown(u) if raw.is_configured("rule") => (to_unknown(u), to_unknown(u)),
        _ => (Attr::Known(Vec::new()), Attr::Known(Vec::new())),
    };
    let mut associated = Attr::Known(Vec::new());
    for a in ctx.children(raw, &["aws_wafv2_web_acl_association"], "web_acl_arn", &["arn"]) {
        extend_known(&mut associated, read_strings(&a.values, "resource_arn"));
    }
    let mut spans: Vec<(&str, &RawResource, &str)> = Vec::new();
    if let Some(l) = logging.first() {
        spans.push(("logging_enabled", l, ""));
    }
    let props = wafv2::WebAcl {
        scope: read(v, "scope", None, as_string),
        default_action,
        rules,
        managed_rule_groups: managed,
        logging_enabled: Attr::Known(!logging.is_empty()),
        associated_resources: associated,
        ..Default::default()
    };
    resource(ctx, raw, props, &spans)
}
