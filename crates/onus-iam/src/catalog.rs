//! The action catalogue: every service's actions, access levels, resource types (ARN
//! formats) and condition keys, generated from the Service Authorization Reference
//! (see `scripts/gen_catalog.py`) and embedded zstd-compressed.

use crate::arn::{Arn, ArnPattern};
use crate::glob::Glob;
use std::collections::HashMap;
use std::sync::OnceLock;

static EMBEDDED: &[u8] = include_bytes!("../data/catalog.json.zst");

/// An error loading the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// The data could not be decompressed.
    #[error("cannot decompress the action catalogue: {message}")]
    Decompress {
        /// The decoder's message.
        message: String,
    },
    /// The data is not the expected JSON.
    #[error("cannot read the action catalogue at line {line}, column {column}: {message}")]
    Format {
        /// Line in the JSON.
        line: usize,
        /// Column in the JSON.
        column: usize,
        /// The deserializer's message.
        message: String,
    },
}

/// An action's access level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessLevel {
    /// List
    List,
    /// Read
    Read,
    /// Write
    Write,
    /// Permissions management
    PermissionsManagement,
    /// Tagging
    Tagging,
    /// Not stated in the source.
    Unknown,
}

/// One action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionDef {
    /// The action name as AWS spells it (`GetObject`).
    pub name: String,
    /// Its access level.
    pub access_level: AccessLevel,
    /// Resource types: index into [`Service::resources`] and whether it is required.
    pub resource_types: Vec<(usize, bool)>,
    /// Condition keys the action supports (beyond the global ones).
    pub condition_keys: Vec<String>,
}

/// One resource type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceType {
    /// Its name (`object`).
    pub name: String,
    /// Its ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
    pub arn: String,
    /// Condition keys of the resource type.
    pub condition_keys: Vec<String>,
    arn_glob: ArnPattern,
}

impl ResourceType {
    /// Whether a concrete ARN is of this resource type (template variables match
    /// anything within their segment).
    pub fn matches_arn(&self, arn: &str) -> bool {
        self.arn_glob.is_match(arn, Arn::parse(arn).as_ref())
    }
}

/// One service.
#[derive(Clone, Debug)]
pub struct Service {
    /// The prefix (`s3`).
    pub prefix: String,
    /// The service name.
    pub name: String,
    /// The actions, sorted by name.
    pub actions: Vec<ActionDef>,
    /// The resource types.
    pub resources: Vec<ResourceType>,
    /// Service condition keys and their types.
    pub conditions: Vec<(String, String)>,
    by_lower: HashMap<String, usize>,
}

impl Service {
    /// Look up an action by name (case-insensitive).
    pub fn action(&self, name: &str) -> Option<&ActionDef> {
        self.by_lower.get(&name.to_ascii_lowercase()).and_then(|i| self.actions.get(*i))
    }

    /// Whether a condition key (not a global `aws:` one) belongs to this service;
    /// keys with a tag or name suffix (`s3:ExistingObjectTag/<key>`) match by prefix.
    pub fn has_condition_key(&self, key: &str) -> bool {
        let k = key.to_ascii_lowercase();
        self.conditions.iter().any(|(c, _)| key_template_matches(c, &k))
    }
}

fn key_template_matches(template: &str, key_lower: &str) -> bool {
    let t = template.to_ascii_lowercase();
    match t.find(['$', '<']) {
        Some(i) => key_lower.len() > i && key_lower.starts_with(t.get(..i).unwrap_or("")),
        None => t == key_lower,
    }
}

/// The catalogue.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// Where the data came from.
    pub source: String,
    services: Vec<Service>,
    by_prefix: HashMap<String, usize>,
}

#[derive(serde::Deserialize)]
struct Raw {
    source: String,
    services: Vec<RawService>,
}

/// A raw action: name, access level, resource types (index, required), condition keys.
type RawAction = (String, String, Vec<(usize, u8)>, Vec<String>);

#[derive(serde::Deserialize)]
struct RawService {
    prefix: String,
    name: String,
    actions: Vec<RawAction>,
    resources: Vec<(String, String, Vec<String>)>,
    conditions: Vec<(String, String)>,
}

/// Global condition keys (IAM User Guide, "AWS global condition context keys"). A
/// trailing `/` marks a key that takes a suffix (tag key).
pub const GLOBAL_CONDITION_KEYS: &[&str] = &[
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:FederatedProvider",
    "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalTag/",
    "aws:PrincipalType",
    "aws:referer",
    "aws:RequestedRegion",
    "aws:RequestTag/",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:ResourceTag/",
    "aws:SecureTransport",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceIdentity",
    "aws:SourceIp",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpc",
    "aws:SourceVpcArn",
    "aws:SourceVpce",
    "aws:TagKeys",
    "aws:TokenIssueTime",
    "aws:UserAgent",
    "aws:userid",
    "aws:username",
    "aws:ViaAWSService",
    "aws:VpcSourceIp",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:ChatbotSourceArn",
    "aws:AssumedRoot",
    "aws:ViaAWSMCPService",
    "aws:CalledViaAWSMCP",
];

/// What the catalogue knows about a condition key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKnowledge {
    /// A global `aws:` key.
    Global,
    /// A key of a known service.
    Service,
    /// A key of an identity provider (`token.actions.githubusercontent.com:sub`,
    /// `saml:aud`, `accounts.google.com:aud` …), not checked.
    Provider,
    /// An `aws:` key that is not global.
    UnknownGlobal,
    /// A key of a known service that the service does not define.
    UnknownForService,
    /// A key whose prefix is no service.
    UnknownService,
}

impl Catalog {
    /// The embedded catalogue (decoded once).
    pub fn embedded() -> Result<&'static Catalog, CatalogError> {
        static CELL: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
        CELL.get_or_init(|| Catalog::from_zstd(EMBEDDED)).as_ref().map_err(Clone::clone)
    }

    /// Decode a catalogue from the compressed data file.
    pub fn from_zstd(bytes: &[u8]) -> Result<Catalog, CatalogError> {
        let raw = zstd::decode_all(bytes).map_err(|e| CatalogError::Decompress { message: e.to_string() })?;
        let raw: Raw = serde_json::from_slice(&raw).map_err(|e| CatalogError::Format {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let mut services = Vec::with_capacity(raw.services.len());
        let mut by_prefix = HashMap::new();
        for s in raw.services {
            let resources: Vec<ResourceType> = s
                .resources
                .into_iter()
                .map(|(name, arn, condition_keys)| {
                    let arn_glob = ArnPattern::from_tokens(&template_tokens(&arn));
                    ResourceType { name, arn, condition_keys, arn_glob }
                })
                .collect();
            let actions: Vec<ActionDef> = s
                .actions
                .into_iter()
                .map(|(name, level, rts, keys)| ActionDef {
                    name,
                    access_level: match level.as_str() {
                        "L" => AccessLevel::List,
                        "R" => AccessLevel::Read,
                        "W" => AccessLevel::Write,
                        "P" => AccessLevel::PermissionsManagement,
                        "T" => AccessLevel::Tagging,
                        _ => AccessLevel::Unknown,
                    },
                    resource_types: rts.into_iter().filter(|(i, _)| *i < resources.len()).map(|(i, r)| (i, r != 0)).collect(),
                    condition_keys: keys,
                })
                .collect();
            let by_lower = actions.iter().enumerate().map(|(i, a)| (a.name.to_ascii_lowercase(), i)).collect();
            by_prefix.insert(s.prefix.to_ascii_lowercase(), services.len());
            services.push(Service { prefix: s.prefix, name: s.name, actions, resources, conditions: s.conditions, by_lower });
        }
        Ok(Catalog { source: raw.source, services, by_prefix })
    }

    /// All services.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// A service by prefix (case-insensitive).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.by_prefix.get(&prefix.to_ascii_lowercase()).and_then(|i| self.services.get(*i))
    }

    /// An action by its full name `service:Action` (case-insensitive).
    pub fn action(&self, full: &str) -> Option<(&Service, &ActionDef)> {
        let (svc, name) = full.split_once(':')?;
        let s = self.service(svc)?;
        s.action(name).map(|a| (s, a))
    }

    /// The number of actions.
    pub fn action_count(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }

    /// Every action, as `prefix:Name`.
    pub fn all_actions(&self) -> impl Iterator<Item = String> + '_ {
        self.services.iter().flat_map(|s| s.actions.iter().map(move |a| format!("{}:{}", s.prefix, a.name)))
    }

    /// Expand an action pattern (`s3:Get*`, `*`, `iam:?etUser`) to the catalogue's
    /// actions, as `prefix:Name`, case-insensitively.
    pub fn expand(&self, pattern: &str) -> Vec<String> {
        let lower = pattern.to_ascii_lowercase();
        if lower == "*" {
            return self.all_actions().collect();
        }
        let Some((svc, name)) = lower.split_once(':') else { return Vec::new() };
        let sg = Glob::new(svc);
        let ng = Glob::new(name);
        let mut out = Vec::new();
        for s in &self.services {
            if !sg.is_match(&s.prefix.to_ascii_lowercase()) {
                continue;
            }
            for a in &s.actions {
                if ng.is_match(&a.name.to_ascii_lowercase()) {
                    out.push(format!("{}:{}", s.prefix, a.name));
                }
            }
        }
        out
    }

    /// Every catalogue action that none of the patterns matches (what `NotAction`
    /// covers).
    pub fn expand_not(&self, patterns: &[&str]) -> Vec<String> {
        let globs: Vec<(Glob, Glob)> = patterns
            .iter()
            .filter_map(|p| {
                let l = p.to_ascii_lowercase();
                if l == "*" {
                    return Some((Glob::new("*"), Glob::new("*")));
                }
                l.split_once(':').map(|(s, n)| (Glob::new(s), Glob::new(n)))
            })
            .collect();
        let mut out = Vec::new();
        for s in &self.services {
            let sp = s.prefix.to_ascii_lowercase();
            for a in &s.actions {
                let an = a.name.to_ascii_lowercase();
                if !globs.iter().any(|(sg, ng)| sg.is_match(&sp) && ng.is_match(&an)) {
                    out.push(format!("{}:{}", s.prefix, a.name));
                }
            }
        }
        out
    }

    /// What is known about a condition key.
    pub fn condition_key(&self, key: &str) -> KeyKnowledge {
        let lower = key.to_ascii_lowercase();
        let Some((prefix, _)) = lower.split_once(':') else { return KeyKnowledge::UnknownService };
        if prefix == "aws" {
            let known = GLOBAL_CONDITION_KEYS.iter().any(|g| {
                let g = g.to_ascii_lowercase();
                if g.ends_with('/') { lower.len() > g.len() && lower.starts_with(&g) } else { g == lower }
            });
            return if known { KeyKnowledge::Global } else { KeyKnowledge::UnknownGlobal };
        }
        if prefix.contains('.') || prefix == "saml" || prefix == "cognito-identity" {
            return KeyKnowledge::Provider;
        }
        match self.service(prefix) {
            Some(s) if s.has_condition_key(key) => KeyKnowledge::Service,
            Some(s)
                if s.actions.iter().any(|a| a.condition_keys.iter().any(|c| key_template_matches(c, &lower)))
                    || s.resources.iter().any(|r| r.condition_keys.iter().any(|c| key_template_matches(c, &lower))) =>
            {
                KeyKnowledge::Service
            }
            Some(_) => KeyKnowledge::UnknownForService,
            None => KeyKnowledge::UnknownService,
        }
    }
}

/// Tokens of an ARN template: `${…}` becomes `*`.
fn template_tokens(arn: &str) -> Vec<crate::glob::Tok> {
    let mut out = Vec::new();
    let mut rest = arn;
    while let Some(i) = rest.find("${") {
        out.extend(rest.get(..i).unwrap_or("").chars().map(crate::glob::Tok::Char));
        match rest.get(i..).and_then(|r| r.find('}')) {
            Some(j) => {
                out.push(crate::glob::Tok::Star);
                rest = rest.get(i + j + 1..).unwrap_or("");
            }
            None => {
                rest = "";
            }
        }
    }
    out.extend(rest.chars().map(crate::glob::Tok::Char));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalogue() {
        let c = Catalog::embedded().unwrap();
        assert!(c.action_count() > 15_000);
        let (_, a) = c.action("S3:getobject").unwrap();
        assert_eq!(a.name, "GetObject");
        assert_eq!(a.access_level, AccessLevel::Read);
        let gets = c.expand("s3:Get*");
        assert!(gets.iter().any(|a| a == "s3:GetObject"));
        assert!(gets.iter().all(|a| a.starts_with("s3:Get")));
        let not = c.expand_not(&["iam:*", "organizations:*"]);
        assert!(not.iter().all(|a| !a.starts_with("iam:")));
        assert_eq!(not.len() + c.expand("iam:*").len() + c.expand("organizations:*").len(), c.action_count());
        assert_eq!(c.condition_key("aws:SourceIp"), KeyKnowledge::Global);
        assert_eq!(c.condition_key("aws:PrincipalTag/team"), KeyKnowledge::Global);
        assert_eq!(c.condition_key("aws:Nope"), KeyKnowledge::UnknownGlobal);
        assert_eq!(c.condition_key("s3:x-amz-acl"), KeyKnowledge::Service);
        assert_eq!(c.condition_key("s3:nope"), KeyKnowledge::UnknownForService);
        let s3 = c.service("s3").unwrap();
        let obj = s3.resources.iter().find(|r| r.name == "object").unwrap();
        assert!(obj.matches_arn("arn:aws:s3:::bucket/key/with:colon"));
    }
}
