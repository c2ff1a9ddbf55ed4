//! The account as the analyses see it: its principals with every policy that applies
//! to them, the organization's SCPs and RCPs, and the compute resources that run with
//! a role. Built once from an inventory.

use chrono::{DateTime, Utc};
use onus_iam::{CompiledPolicy, PrincipalInfo};
use onus_model::resources::iam::{Group, InlinePolicy, ManagedPolicy, Role, User};
use onus_model::resources::organizations::{Organization, Policy as OrgPolicy};
use onus_model::resources::{ec2::Instance, lambda::Function};
use onus_model::{Attr, Inventory, Resource, ResourceKind, Unknown, UnknownCause};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// The ARN of the AWS managed policy that grants everything; what an attacker who can
/// attach or write policies gives itself.
pub const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

const FULL_ACCESS_DOCUMENT: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Everything","Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// Whether a principal is an IAM user or a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalType {
    /// An IAM user.
    User,
    /// An IAM role (acting as one of its sessions).
    Role,
}

/// Why a principal's permissions cannot be fully known.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Incomplete {
    /// An attribute the analysis needs is unknown.
    Unknown {
        /// The attribute (on the principal, one of its groups or policies).
        attribute: &'static str,
        /// Why.
        unknown: Unknown,
    },
    /// A policy document is present but is not a valid policy.
    Invalid {
        /// The attribute.
        attribute: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl std::fmt::Display for Incomplete {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Incomplete::Unknown { attribute, unknown } => write!(f, "`{attribute}` is unknown ({unknown})"),
            Incomplete::Invalid { attribute, message } => write!(f, "`{attribute}` is not a valid policy: {message}"),
        }
    }
}

/// A group, with the policies it gives its members.
#[derive(Clone, Debug)]
pub struct GroupInfo {
    /// The group's ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// Attached and inline policies.
    pub policies: Vec<Arc<CompiledPolicy>>,
    /// Customer managed policies attached to it.
    pub customer_policies: Vec<String>,
    /// Why its policies are not fully known.
    pub incomplete: Option<Incomplete>,
}

/// A user or role and everything that decides what it may do.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The inventory resource id.
    pub resource_id: String,
    /// The user's or role's ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// Its account.
    pub account: String,
    /// User or role.
    pub ty: PrincipalType,
    /// Identity policies: its own (attached and inline) and, for a user, its groups'.
    pub identity: Vec<Arc<CompiledPolicy>>,
    /// Customer managed policies attached to it or its groups (whose default version
    /// someone could replace).
    pub customer_policies: Vec<String>,
    /// Indexes into [`AccessModel::groups`] of the groups a user belongs to.
    pub groups: Vec<usize>,
    /// The permissions boundary.
    pub boundary: Option<Arc<CompiledPolicy>>,
    /// A role's trust policy.
    pub trust: Option<Arc<CompiledPolicy>>,
    /// Whether it is a service-linked role (AWS owns its permissions).
    pub service_linked: bool,
    /// A user's console password (None: unknown).
    pub password_enabled: Option<bool>,
    /// A role's instance profiles.
    pub instance_profiles: Vec<String>,
    /// Why its permissions are not fully known.
    pub incomplete: Option<Incomplete>,
    /// The request principal (a user, or a session of the role), set once the
    /// organization is known.
    pub info: Option<PrincipalInfo>,
}

/// A compute resource that runs with a role (a Lambda function, an EC2 instance).
#[derive(Clone, Debug)]
pub struct Carrier {
    /// Its ARN.
    pub arn: String,
    /// Its name.
    pub name: String,
    /// Its region.
    pub region: String,
    /// The role it runs as (for an instance: the role of its instance profile).
    pub role: usize,
}

/// The organization, as far as the inventory knows it.
#[derive(Clone, Debug)]
pub struct OrgInfo {
    /// `o-…`.
    pub id: String,
    /// The management account.
    pub management_account: Option<String>,
    /// Its member accounts.
    pub accounts: HashSet<String>,
}

/// Everything the analyses need, compiled once.
#[derive(Debug)]
pub struct AccessModel {
    /// Users and roles.
    pub principals: Vec<Principal>,
    /// Groups.
    pub groups: Vec<GroupInfo>,
    /// Lambda functions with their roles.
    pub functions: Vec<Carrier>,
    /// EC2 instances with an instance profile whose role is known.
    pub instances: Vec<Carrier>,
    /// The organization.
    pub org: Option<OrgInfo>,
    /// SCP levels per account (root, account); empty when none are known.
    pub(crate) scps: HashMap<String, Vec<Vec<Arc<CompiledPolicy>>>>,
    /// RCP levels per account.
    pub(crate) rcps: HashMap<String, Vec<Vec<Arc<CompiledPolicy>>>>,
    /// Why the organization's policies are not fully known (they only narrow access,
    /// so analyses go on and say so).
    pub org_notes: Vec<String>,
    /// When an SCP or RCP itself is unreadable: every decision is then uncertain.
    pub org_incomplete: Option<Incomplete>,
    /// The region new resources are assumed to be created in.
    pub region: String,
    /// "Now" (the inventory's collection time).
    pub now: DateTime<Utc>,
    /// The hypothetical full-access policy.
    pub(crate) full_access: Arc<CompiledPolicy>,
    by_arn: HashMap<String, usize>,
}

/// Compiles a policy document as collected: a JSON object, or a string holding one.
pub fn compile_document(name: &str, doc: &serde_json::Value) -> Result<Arc<CompiledPolicy>, String> {
    let text = match doc {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    CompiledPolicy::from_json(name, &text).map(Arc::new).map_err(|e| e.to_string())
}

fn unknown_attr<T>(attribute: &'static str, a: &Attr<T>) -> Option<Incomplete> {
    match a {
        Attr::Known(_) => None,
        Attr::Unknown(u) => Some(Incomplete::Unknown { attribute, unknown: u.unknown.clone() }),
    }
}

fn first<T>(slot: &mut Option<T>, v: Option<T>) {
    if slot.is_none() {
        *slot = v;
    }
}

/// A managed policy: compiled (when readable), AWS managed or not, why unreadable.
type Managed = (Option<Arc<CompiledPolicy>>, bool, Option<Incomplete>);

struct Policies {
    managed: HashMap<String, Managed>,
}

impl Policies {
    fn build(inv: &Inventory) -> Policies {
        let mut managed = HashMap::new();
        for r in &inv.resources {
            let Some(p) = r.props::<ManagedPolicy>() else { continue };
            let arn = match &p.arn {
                Attr::Known(a) => a.clone(),
                Attr::Unknown(_) => r.id.clone(),
            };
            let aws_managed = p.aws_managed.value().copied().unwrap_or(arn.starts_with("arn:aws:iam::aws:"));
            let entry = match &p.document {
                Attr::Known(doc) => match compile_document(&policy_label(&arn), doc) {
                    Ok(c) => (Some(c), aws_managed, None),
                    Err(message) => (None, aws_managed, Some(Incomplete::Invalid { attribute: "document", message })),
                },
                Attr::Unknown(u) => {
                    (None, aws_managed, Some(Incomplete::Unknown { attribute: "document", unknown: u.unknown.clone() }))
                }
            };
            managed.insert(arn, entry);
        }
        Policies { managed }
    }

    /// Resolves attached policies and inline documents into `out`.
    fn resolve(
        &self,
        attached: &Attr<Vec<String>>,
        inline: &Attr<Vec<InlinePolicy>>,
        owner: &str,
        out: &mut Vec<Arc<CompiledPolicy>>,
        customer: &mut Vec<String>,
    ) -> Option<Incomplete> {
        let mut incomplete = None;
        match attached {
            Attr::Known(arns) => {
                for arn in arns {
                    match self.managed.get(arn) {
                        Some((Some(c), aws, _)) => {
                            out.push(c.clone());
                            if !aws {
                                customer.push(arn.clone());
                            }
                        }
                        Some((None, _, why)) => first(&mut incomplete, why.clone()),
                        None => first(
                            &mut incomplete,
                            Some(Incomplete::Unknown {
                                attribute: "attached_policy_arns",
                                unknown: Unknown {
                                    cause: UnknownCause::NotCollected,
                                    detail: Some(format!("the document of {arn} is not in the inventory")),
                                },
                            }),
                        ),
                    }
                }
            }
            Attr::Unknown(_) => first(&mut incomplete, unknown_attr("attached_policy_arns", attached)),
        }
        match inline {
            Attr::Known(list) => {
                for p in list {
                    match compile_document(&format!("{owner} inline {}", p.name), &p.document) {
                        Ok(c) => out.push(c),
                        Err(message) => {
                            first(&mut incomplete, Some(Incomplete::Invalid { attribute: "inline_policies", message }))
                        }
                    }
                }
            }
            Attr::Unknown(_) => first(&mut incomplete, unknown_attr("inline_policies", inline)),
        }
        incomplete
    }

    fn boundary(&self, arn: &Attr<Option<String>>) -> (Option<Arc<CompiledPolicy>>, Option<Incomplete>) {
        match arn {
            Attr::Known(None) => (None, None),
            Attr::Known(Some(a)) => match self.managed.get(a) {
                Some((Some(c), _, _)) => (Some(c.clone()), None),
                Some((None, _, why)) => (None, why.clone()),
                None => (
                    None,
                    Some(Incomplete::Unknown {
                        attribute: "permissions_boundary_arn",
                        unknown: Unknown {
                            cause: UnknownCause::NotCollected,
                            detail: Some(format!("the boundary document {a} is not in the inventory")),
                        },
                    }),
                ),
            },
            Attr::Unknown(_) => (None, unknown_attr("permissions_boundary_arn", arn)),
        }
    }
}

/// `policy/Name` for an ARN, the short name reports show.
pub fn policy_label(arn: &str) -> String {
    match arn.split_once(":policy/") {
        Some((_, rest)) => rest.rsplit('/').next().unwrap_or(rest).to_owned(),
        None => arn.to_owned(),
    }
}

fn account_of_arn(arn: &str) -> Option<String> {
    let acct = arn.split(':').nth(4)?;
    (acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit())).then(|| acct.to_owned())
}

pub use onus_model::source_value::UNNAMED_ACCOUNT;

fn resource_account(r: &Resource, arn: &str, inv: &Inventory) -> String {
    r.account
        .clone()
        .or_else(|| account_of_arn(arn))
        .or_else(|| inv.metadata.accounts.first().cloned())
        .unwrap_or_else(|| UNNAMED_ACCOUNT.to_owned())
}

impl AccessModel {
    /// Builds the model from an inventory.
    pub fn build(inv: &Inventory) -> AccessModel {
        let policies = Policies::build(inv);
        let mut groups: Vec<GroupInfo> = Vec::new();
        for r in &inv.resources {
            let Some(g) = r.props::<Group>() else { continue };
            let arn = g.arn.value().cloned().unwrap_or_else(|| r.id.clone());
            let mut pols = Vec::new();
            let mut customer = Vec::new();
            let incomplete =
                policies.resolve(&g.attached_policy_arns, &g.inline_policies, &r.name, &mut pols, &mut customer);
            groups.push(GroupInfo { arn, name: r.name.clone(), policies: pols, customer_policies: customer, incomplete });
        }
        let group_by_name: HashMap<&str, usize> =
            groups.iter().enumerate().map(|(i, g)| (g.name.as_str(), i)).collect();

        let mut principals = Vec::new();
        for r in &inv.resources {
            if let Some(u) = r.props::<User>() {
                principals.push(Self::user(inv, r, u, &policies, &groups, &group_by_name));
            } else if let Some(role) = r.props::<Role>() {
                principals.push(Self::role(inv, r, role, &policies));
            }
        }
        let by_arn: HashMap<String, usize> = principals.iter().enumerate().map(|(i, p)| (p.arn.clone(), i)).collect();

        let mut functions = Vec::new();
        let mut instances = Vec::new();
        let profile_role: HashMap<&str, usize> = principals
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.instance_profiles.iter().map(move |ip| (ip.as_str(), i)))
            .collect();
        for r in &inv.resources {
            let region = r.region.clone().unwrap_or_else(|| "us-east-1".to_owned());
            if let Some(f) = r.props::<Function>() {
                if let Attr::Known(Some(role)) = &f.role_arn
                    && let Some(&i) = by_arn.get(role)
                {
                    let arn = if r.id.starts_with("arn:") {
                        r.id.clone()
                    } else {
                        format!("arn:aws:lambda:{region}:{}:function:{}", principals[i].account, r.name)
                    };
                    functions.push(Carrier { arn, name: r.name.clone(), region, role: i });
                }
            } else if let Some(inst) = r.props::<Instance>()
                && let Attr::Known(Some(profile)) = &inst.iam_instance_profile_arn
                && let Some(&i) = profile_role.get(profile.as_str())
            {
                let arn = if r.id.starts_with("arn:") {
                    r.id.clone()
                } else {
                    format!("arn:aws:ec2:{region}:{}:instance/{}", principals[i].account, r.name)
                };
                instances.push(Carrier { arn, name: r.name.clone(), region, role: i });
            }
        }

        let (org, scps, rcps, org_notes, org_incomplete) = Self::organization(inv, &principals);
        let region = inv.metadata.regions.first().cloned().unwrap_or_else(|| "us-east-1".to_owned());
        let full_access = match CompiledPolicy::from_json("AdministratorAccess (hypothetical)", FULL_ACCESS_DOCUMENT) {
            Ok(c) => Arc::new(c),
            // The document is a constant the engine's tests cover; failing here is a bug.
            Err(e) => unreachable!("the built-in full-access policy does not compile: {e}"),
        };
        let mut model = AccessModel {
            principals,
            groups,
            functions,
            instances,
            org,
            scps,
            rcps,
            org_notes,
            org_incomplete,
            region,
            now: inv.metadata.collected_at,
            full_access,
            by_arn,
        };
        let infos: Vec<PrincipalInfo> = model.principals.iter().map(|p| model.make_info(p)).collect();
        for (p, info) in model.principals.iter_mut().zip(infos) {
            p.info = Some(info);
        }
        model
    }

    fn user(
        inv: &Inventory,
        r: &Resource,
        u: &User,
        policies: &Policies,
        groups: &[GroupInfo],
        group_by_name: &HashMap<&str, usize>,
    ) -> Principal {
        let arn = u.arn.value().cloned().unwrap_or_else(|| r.id.clone());
        let mut identity = Vec::new();
        let mut customer = Vec::new();
        let mut incomplete =
            policies.resolve(&u.attached_policy_arns, &u.inline_policies, &r.name, &mut identity, &mut customer);
        let mut member_of = Vec::new();
        match &u.groups {
            Attr::Known(names) => {
                for n in names {
                    let name = n.rsplit('/').next().unwrap_or(n);
                    match group_by_name.get(name) {
                        Some(&i) => {
                            member_of.push(i);
                            identity.extend(groups[i].policies.iter().cloned());
                            customer.extend(groups[i].customer_policies.iter().cloned());
                            first(&mut incomplete, groups[i].incomplete.clone());
                        }
                        None => first(
                            &mut incomplete,
                            Some(Incomplete::Unknown {
                                attribute: "groups",
                                unknown: Unknown {
                                    cause: UnknownCause::NotCollected,
                                    detail: Some(format!("group {n} is not in the inventory")),
                                },
                            }),
                        ),
                    }
                }
            }
            Attr::Unknown(_) => first(&mut incomplete, unknown_attr("groups", &u.groups)),
        }
        let (boundary, why) = policies.boundary(&u.permissions_boundary_arn);
        first(&mut incomplete, why);
        customer.sort();
        customer.dedup();
        Principal {
            resource_id: r.id.clone(),
            account: resource_account(r, &arn, inv),
            arn,
            name: r.name.clone(),
            ty: PrincipalType::User,
            identity,
            customer_policies: customer,
            groups: member_of,
            boundary,
            trust: None,
            service_linked: false,
            password_enabled: u.password_enabled.value().copied(),
            instance_profiles: Vec::new(),
            incomplete,
            info: None,
        }
    }

    fn role(inv: &Inventory, r: &Resource, role: &Role, policies: &Policies) -> Principal {
        let arn = role.arn.value().cloned().unwrap_or_else(|| r.id.clone());
        let mut identity = Vec::new();
        let mut customer = Vec::new();
        let mut incomplete =
            policies.resolve(&role.attached_policy_arns, &role.inline_policies, &r.name, &mut identity, &mut customer);
        let (boundary, why) = policies.boundary(&role.permissions_boundary_arn);
        first(&mut incomplete, why);
        let trust = match &role.assume_role_policy {
            Attr::Known(doc) => match compile_document(&format!("{} trust policy", r.name), doc) {
                Ok(c) => Some(c),
                Err(message) => {
                    first(&mut incomplete, Some(Incomplete::Invalid { attribute: "assume_role_policy", message }));
                    None
                }
            },
            Attr::Unknown(_) => {
                first(&mut incomplete, unknown_attr("assume_role_policy", &role.assume_role_policy));
                None
            }
        };
        customer.sort();
        customer.dedup();
        Principal {
            resource_id: r.id.clone(),
            account: resource_account(r, &arn, inv),
            arn,
            name: r.name.clone(),
            ty: PrincipalType::Role,
            identity,
            customer_policies: customer,
            groups: Vec::new(),
            boundary,
            trust,
            service_linked: role.is_service_linked().unwrap_or(false),
            password_enabled: None,
            instance_profiles: role.instance_profile_arns.value().cloned().unwrap_or_default(),
            incomplete,
            info: None,
        }
    }

    #[allow(clippy::type_complexity)]
    fn organization(
        inv: &Inventory,
        principals: &[Principal],
    ) -> (
        Option<OrgInfo>,
        HashMap<String, Vec<Vec<Arc<CompiledPolicy>>>>,
        HashMap<String, Vec<Vec<Arc<CompiledPolicy>>>>,
        Vec<String>,
        Option<Incomplete>,
    ) {
        let mut org = None;
        for r in &inv.resources {
            let Some(o) = r.props::<Organization>() else { continue };
            let Attr::Known(id) = &o.organization_id else { continue };
            org = Some(OrgInfo {
                id: id.clone(),
                management_account: o.management_account_id.value().cloned(),
                accounts: o.accounts.value().map(|a| a.iter().map(|x| x.id.clone()).collect()).unwrap_or_default(),
            });
        }
        let mut notes = Vec::new();
        let mut incomplete = None;
        let accounts: BTreeSet<&str> = principals.iter().map(|p| p.account.as_str()).collect();
        let mut scps: HashMap<String, Vec<Vec<Arc<CompiledPolicy>>>> = HashMap::new();
        let mut rcps: HashMap<String, Vec<Vec<Arc<CompiledPolicy>>>> = HashMap::new();
        let mut ou_targets = false;
        let mut any_policy = false;
        for (slot, wanted) in [(&mut scps, "SERVICE_CONTROL_POLICY"), (&mut rcps, "RESOURCE_CONTROL_POLICY")] {
            let mut root: Vec<Arc<CompiledPolicy>> = Vec::new();
            let mut per_account: HashMap<&str, Vec<Arc<CompiledPolicy>>> = HashMap::new();
            for r in &inv.resources {
                let Some(p) = r.props::<OrgPolicy>() else { continue };
                if p.policy_type.value().map(String::as_str) != Some(wanted) {
                    continue;
                }
                any_policy = true;
                let compiled = match &p.content {
                    Attr::Known(doc) => match compile_document(&r.name, doc) {
                        Ok(c) => c,
                        Err(message) => {
                            first(&mut incomplete, Some(Incomplete::Invalid { attribute: "content", message }));
                            continue;
                        }
                    },
                    Attr::Unknown(u) => {
                        first(&mut incomplete, Some(Incomplete::Unknown { attribute: "content", unknown: u.unknown.clone() }));
                        continue;
                    }
                };
                let Attr::Known(targets) = &p.targets else {
                    first(&mut incomplete, unknown_attr("targets", &p.targets));
                    continue;
                };
                for t in targets {
                    if t.starts_with("r-") {
                        root.push(compiled.clone());
                    } else if t.starts_with("ou-") {
                        ou_targets = true;
                    } else if let Some(a) = accounts.get(t.as_str()) {
                        per_account.entry(a).or_default().push(compiled.clone());
                    }
                }
            }
            for a in &accounts {
                let mut levels = Vec::new();
                if !root.is_empty() {
                    levels.push(root.clone());
                }
                if let Some(own) = per_account.get(a) {
                    levels.push(own.clone());
                }
                if !levels.is_empty() {
                    slot.insert((*a).to_owned(), levels);
                }
            }
        }
        if ou_targets {
            notes.push(
                "policies attached to organizational units are not applied: the inventory does not say which OUs \
                 hold the account (they can only narrow access)"
                    .to_owned(),
            );
        }
        if org.is_none() && !any_policy {
            notes.push("the organization's SCPs and RCPs are not in the inventory (they can only narrow access)".to_owned());
        }
        (org, scps, rcps, notes, incomplete)
    }

    /// The principal with this ARN.
    pub fn principal_by_arn(&self, arn: &str) -> Option<usize> {
        self.by_arn.get(arn).copied()
    }

    /// The principal whose inventory resource has this id.
    pub fn principal_by_resource(&self, id: &str) -> Option<usize> {
        self.principals.iter().position(|p| p.resource_id == id)
    }

    /// The request principal for a user, or for a session of a role.
    pub fn principal_info(&self, p: &Principal) -> PrincipalInfo {
        match &p.info {
            Some(info) => info.clone(),
            None => self.make_info(p),
        }
    }

    fn make_info(&self, p: &Principal) -> PrincipalInfo {
        let mut info = match p.ty {
            PrincipalType::User => PrincipalInfo::from_arn(&p.arn).ok(),
            PrincipalType::Role => {
                let name = p.arn.rsplit('/').next().unwrap_or(&p.name);
                PrincipalInfo::from_arn(&format!("arn:aws:sts::{}:assumed-role/{name}/onus-analysis", p.account)).ok()
            }
        }
        .unwrap_or_else(|| fallback_info(p));
        if p.ty == PrincipalType::Role {
            info.role_arn = Some(p.arn.clone());
        } else if !p.arn.starts_with("arn:") {
            // A user declared in a template has no ARN yet: policies of the same
            // template name it by its inventory id (as a role is named by its
            // `role_arn` above), which the engine matches like a unique id.
            info.unique_id = Some(p.arn.clone());
        }
        info.service_linked_role = p.service_linked;
        if let Some(o) = &self.org {
            info.org_id = Some(o.id.clone());
            info.management_account = o.management_account.as_deref() == Some(p.account.as_str());
        }
        info
    }

    /// The SCP levels that apply to principals of `account`.
    pub(crate) fn scp_levels(&self, account: &str) -> Vec<Vec<Arc<CompiledPolicy>>> {
        self.scps.get(account).cloned().unwrap_or_default()
    }

    /// The RCP levels that apply to resources of `account`.
    pub(crate) fn rcp_levels(&self, account: &str) -> Vec<Vec<Arc<CompiledPolicy>>> {
        self.rcps.get(account).cloned().unwrap_or_default()
    }

    /// Whether `account` is the organization's management account.
    pub fn is_management_account(&self, account: &str) -> bool {
        self.org.as_ref().and_then(|o| o.management_account.as_deref()) == Some(account)
    }

    /// Resource kinds the analyses read.
    pub const KINDS: &'static [ResourceKind] = &[
        ResourceKind::IamUser,
        ResourceKind::IamRole,
        ResourceKind::IamGroup,
        ResourceKind::IamManagedPolicy,
        ResourceKind::OrganizationsPolicy,
    ];
}

fn fallback_info(p: &Principal) -> PrincipalInfo {
    // A user or role whose ARN is not a valid ARN (an IaC address): act as a principal
    // of the same name in its account.
    let kind = match p.ty {
        PrincipalType::User => "user",
        PrincipalType::Role => "role",
    };
    PrincipalInfo::from_arn(&format!("arn:aws:iam::{}:{kind}/{}", p.account, p.name))
        .or_else(|_| PrincipalInfo::from_arn(&format!("arn:aws:iam::{UNNAMED_ACCOUNT}:{kind}/onus-unnamed")))
        .unwrap_or_else(|_| unreachable!("a constant ARN parses"))
}
