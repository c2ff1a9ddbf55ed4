//! Admin-equivalence and privilege-escalation paths, principal by principal.
//!
//! A principal has **full access** when the engine allows it a set of probe actions
//! spanning IAM, data and infrastructure. It is **admin-equivalent** when it has full
//! access or can give itself full access in one step (attach or write a policy on
//! itself or its group, replace the default version of a policy it holds, join a
//! group that has full access — each only if its permissions boundary and the SCPs
//! would let the result be full access, or it can also remove its own boundary).
//!
//! Escalation is a graph. An edge `A → B` means A can act as B: assume B's role
//! (directly, or after rewriting B's trust policy), mint B's credentials (access key,
//! console password), or run code as B (pass B's role to EC2, Lambda, Glue,
//! CloudFormation, Data Pipeline, CodeBuild or SageMaker; replace the code of a
//! function that runs as B; run commands on an instance whose profile holds B). A
//! principal that is not admin-equivalent escalates when some principal it can reach
//! is admin-equivalent, or when a principal it can reach can grant full access to
//! another principal it can reach. Every step is decided by the engine with all of
//! the actor's policies, its boundary and the SCPs, and the target's trust policy.

use crate::decide::{Granted, Hypothesis, Permission, Target};
use crate::model::{ADMINISTRATOR_ACCESS, AccessModel, Principal, PrincipalType};
use onus_iam::request::PrincipalInfo;
use onus_iam::{Outcome, PolicySet, Request, ResourceInfo};
use rayon::prelude::*;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// Every escalation method onus evaluates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Holds full access already.
    FullAccess,
    /// `iam:AttachUserPolicy` on a user.
    AttachUserPolicy,
    /// `iam:PutUserPolicy` on a user.
    PutUserPolicy,
    /// `iam:AttachGroupPolicy` on a user's group.
    AttachGroupPolicy,
    /// `iam:PutGroupPolicy` on a user's group.
    PutGroupPolicy,
    /// `iam:AttachRolePolicy` on a role.
    AttachRolePolicy,
    /// `iam:PutRolePolicy` on a role.
    PutRolePolicy,
    /// `iam:CreatePolicyVersion` (as default) on a policy the principal holds.
    CreatePolicyVersion,
    /// `iam:SetDefaultPolicyVersion` on a policy the principal holds (needs an older
    /// version that grants more; versions are not collected).
    SetDefaultPolicyVersion,
    /// `iam:AddUserToGroup` into a group with full access.
    AddUserToGroup,
    /// `iam:CreateAccessKey` for another user.
    CreateAccessKey,
    /// `iam:CreateLoginProfile` for a user without a password.
    CreateLoginProfile,
    /// `iam:UpdateLoginProfile` for a user with a password.
    UpdateLoginProfile,
    /// `sts:AssumeRole` allowed by the role's trust policy.
    AssumeRole,
    /// `iam:UpdateAssumeRolePolicy` then `sts:AssumeRole`.
    UpdateAssumeRolePolicy,
    /// `iam:PassRole` + `ec2:RunInstances` with the role's instance profile.
    PassRoleEc2RunInstances,
    /// `iam:PassRole` + `ec2:AssociateIamInstanceProfile` on an instance the principal
    /// can run commands on.
    PassRoleEc2AssociateInstanceProfile,
    /// `iam:PassRole` + `lambda:CreateFunction` + `lambda:InvokeFunction`.
    PassRoleLambdaInvoke,
    /// `iam:PassRole` + `lambda:CreateFunction` + `lambda:CreateEventSourceMapping`.
    PassRoleLambdaEventSource,
    /// `lambda:UpdateFunctionCode` on a function that runs as the role.
    LambdaUpdateFunctionCode,
    /// `iam:PassRole` + `glue:CreateDevEndpoint`.
    PassRoleGlueDevEndpoint,
    /// `glue:UpdateDevEndpoint` (needs a dev endpoint running as the role; dev
    /// endpoints are not collected).
    GlueUpdateDevEndpoint,
    /// `iam:PassRole` + `cloudformation:CreateStack`.
    PassRoleCloudFormation,
    /// `iam:PassRole` + `datapipeline:CreatePipeline` + `datapipeline:PutPipelineDefinition`.
    PassRoleDataPipeline,
    /// `iam:PassRole` + `codebuild:CreateProject` + `codebuild:StartBuild`.
    PassRoleCodeBuild,
    /// `iam:PassRole` + `sagemaker:CreateNotebookInstance` + `sagemaker:CreatePresignedNotebookInstanceUrl`.
    PassRoleSageMakerNotebook,
    /// `ssm:SendCommand` on an instance whose profile holds the role.
    SsmSendCommand,
    /// `ssm:StartSession` on an instance whose profile holds the role.
    SsmStartSession,
}

impl Method {
    /// Every method, for documentation.
    pub const ALL: &'static [Method] = &[
        Method::AttachUserPolicy,
        Method::PutUserPolicy,
        Method::AttachGroupPolicy,
        Method::PutGroupPolicy,
        Method::AttachRolePolicy,
        Method::PutRolePolicy,
        Method::CreatePolicyVersion,
        Method::SetDefaultPolicyVersion,
        Method::AddUserToGroup,
        Method::CreateAccessKey,
        Method::CreateLoginProfile,
        Method::UpdateLoginProfile,
        Method::AssumeRole,
        Method::UpdateAssumeRolePolicy,
        Method::PassRoleEc2RunInstances,
        Method::PassRoleEc2AssociateInstanceProfile,
        Method::PassRoleLambdaInvoke,
        Method::PassRoleLambdaEventSource,
        Method::LambdaUpdateFunctionCode,
        Method::PassRoleGlueDevEndpoint,
        Method::GlueUpdateDevEndpoint,
        Method::PassRoleCloudFormation,
        Method::PassRoleDataPipeline,
        Method::PassRoleCodeBuild,
        Method::PassRoleSageMakerNotebook,
        Method::SsmSendCommand,
        Method::SsmStartSession,
    ];

    /// What the method does, in a few words.
    pub fn describe(self) -> &'static str {
        match self {
            Method::FullAccess => "has full access",
            Method::AttachUserPolicy => "attaches AdministratorAccess to the user",
            Method::PutUserPolicy => "writes an inline policy granting everything on the user",
            Method::AttachGroupPolicy => "attaches AdministratorAccess to the group",
            Method::PutGroupPolicy => "writes an inline policy granting everything on the group",
            Method::AttachRolePolicy => "attaches AdministratorAccess to the role",
            Method::PutRolePolicy => "writes an inline policy granting everything on the role",
            Method::CreatePolicyVersion => "publishes a new default version granting everything of a policy it holds",
            Method::SetDefaultPolicyVersion => "makes an older version of a policy it holds the default",
            Method::AddUserToGroup => "adds the user to a group with full access",
            Method::CreateAccessKey => "creates an access key for the user",
            Method::CreateLoginProfile => "creates a console password for the user",
            Method::UpdateLoginProfile => "resets the user's console password",
            Method::AssumeRole => "assumes the role",
            Method::UpdateAssumeRolePolicy => "rewrites the role's trust policy, then assumes it",
            Method::PassRoleEc2RunInstances => "launches an EC2 instance with the role's instance profile",
            Method::PassRoleEc2AssociateInstanceProfile => {
                "attaches the role's instance profile to an instance it can run commands on"
            }
            Method::PassRoleLambdaInvoke => "creates a Lambda function with the role and invokes it",
            Method::PassRoleLambdaEventSource => "creates a Lambda function with the role and an event source for it",
            Method::LambdaUpdateFunctionCode => "replaces the code of a Lambda function that runs as the role",
            Method::PassRoleGlueDevEndpoint => "creates a Glue development endpoint with the role",
            Method::GlueUpdateDevEndpoint => "replaces the SSH key of a Glue development endpoint running as the role",
            Method::PassRoleCloudFormation => "creates a CloudFormation stack that runs as the role",
            Method::PassRoleDataPipeline => "creates a Data Pipeline that runs as the role",
            Method::PassRoleCodeBuild => "creates and starts a CodeBuild project that runs as the role",
            Method::PassRoleSageMakerNotebook => "creates a SageMaker notebook with the role and opens it",
            Method::SsmSendCommand => "runs a command on an instance whose profile holds the role",
            Method::SsmStartSession => "opens a shell on an instance whose profile holds the role",
        }
    }

    /// Whether the step depends on data the inventory does not hold (older policy
    /// versions, Glue dev endpoints): such steps make a path *possible*, not certain.
    pub fn certain(self) -> bool {
        !matches!(self, Method::SetDefaultPolicyVersion | Method::GlueUpdateDevEndpoint)
    }
}

/// One step of a path.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Step {
    /// The principal acting (index into the model's principals).
    pub actor: usize,
    /// How.
    pub method: Method,
    /// What it acts on (a user, group, role, policy, function or instance ARN).
    pub target: String,
    /// The principal it becomes or empowers, when the step ends at one.
    pub becomes: Option<usize>,
    /// The permissions the step needs, with the statements that allow them.
    pub grants: Vec<Granted>,
}

/// What the analysis found for one principal.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct PrincipalAccess {
    /// The principal has full access: the step says which statements grant it.
    pub full_access: Option<Step>,
    /// It can give itself full access in one step.
    pub self_escalation: Option<Step>,
    /// The shortest certain path to full access through other principals.
    pub path: Option<Vec<Step>>,
    /// A path that depends on data not collected.
    pub possible: Option<Vec<Step>>,
}

impl PrincipalAccess {
    /// Full access now, or in one step of its own.
    pub fn admin_equivalent(&self) -> bool {
        self.full_access.is_some() || self.self_escalation.is_some()
    }
}

/// Probe requests that together mean "everything": IAM writes, data reads and
/// writes in several services, compute. Actions that organizations commonly deny to
/// everyone with an SCP guardrail (stopping CloudTrail, leaving the organization) are
/// not probed: an administrator fenced by such guardrails is still an administrator.
const FULL_ACCESS_PROBES: &[(&str, &str)] = &[
    ("iam:CreateUser", "arn:aws:iam::{a}:user/onus-probe"),
    ("iam:AttachRolePolicy", "arn:aws:iam::{a}:role/onus-probe"),
    ("iam:PutUserPolicy", "arn:aws:iam::{a}:user/onus-probe"),
    ("iam:CreateAccessKey", "arn:aws:iam::{a}:user/onus-probe"),
    ("iam:PassRole", "arn:aws:iam::{a}:role/onus-probe"),
    ("iam:CreatePolicyVersion", "arn:aws:iam::{a}:policy/onus-probe"),
    ("s3:GetObject", "arn:aws:s3:::onus-probe/object"),
    ("s3:PutBucketPolicy", "arn:aws:s3:::onus-probe"),
    ("ec2:RunInstances", "arn:aws:ec2:{r}:{a}:instance/i-0000000000onusprobe"),
    ("ec2:AuthorizeSecurityGroupIngress", "arn:aws:ec2:{r}:{a}:security-group/sg-0000onusprobe"),
    ("kms:Decrypt", "arn:aws:kms:{r}:{a}:key/00000000-0000-0000-0000-000000000000"),
    ("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:{r}:{a}:secret:onus-probe-AbCdEf"),
    ("lambda:UpdateFunctionCode", "arn:aws:lambda:{r}:{a}:function:onus-probe"),
    ("dynamodb:Scan", "arn:aws:dynamodb:{r}:{a}:table/onus-probe"),
];

fn fill(template: &str, account: &str, region: &str) -> String {
    template.replace("{a}", account).replace("{r}", region)
}

/// The result of the whole analysis.
#[derive(Debug, Default, serde::Serialize)]
pub struct Escalation {
    /// Per principal, in the model's order.
    pub principals: Vec<PrincipalAccess>,
}

/// A permission a step needs: action, resource ARN, request-specific keys.
type Need<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

struct Edge {
    to: usize,
    step: Step,
}

impl AccessModel {
    /// Whether `p` (under a hypothesis) has full access; with the statements granting
    /// the first probe.
    pub fn full_access(&self, p: &Principal, h: Hypothesis<'_>) -> Option<Vec<Granted>> {
        let region = self.region.clone();
        let mut grants = Vec::new();
        for (i, (action, template)) in FULL_ACCESS_PROBES.iter().enumerate() {
            if !self.may(p, action, h) {
                return None;
            }
            let arn = fill(template, &p.account, &region);
            let t = Target::plain(&arn, &region);
            if i == 0 {
                grants.push(self.grant(p, action, &t, h)?);
            } else if !self.allows(p, action, &t, h) {
                return None;
            }
        }
        Some(grants)
    }

    /// Whether `p` would have full access with everything granted to it — keeping its
    /// boundary unless it can remove it itself. Returns the boundary-removal grant
    /// when that was needed.
    fn would_be_full(&self, p: &Principal, added: &[Arc<onus_iam::CompiledPolicy>]) -> Option<Option<Granted>> {
        if self.full_access(p, Hypothesis { extra_identity: added, drop_boundary: false }).is_some() {
            return Some(None);
        }
        p.boundary.as_ref()?;
        let (action, arn) = match p.ty {
            PrincipalType::User => ("iam:DeleteUserPermissionsBoundary", &p.arn),
            PrincipalType::Role => ("iam:DeleteRolePermissionsBoundary", &p.arn),
        };
        let removal = self.grant(p, action, &Target::plain(arn, "us-east-1"), Hypothesis::default())?;
        self.full_access(p, Hypothesis { extra_identity: added, drop_boundary: true })?;
        Some(Some(removal))
    }

    /// The ways `actor` can make `target` (itself or another) fully privileged.
    fn grants_full_access(&self, ai: usize, ti: usize) -> Option<Step> {
        let actor = &self.principals[ai];
        let target = &self.principals[ti];
        if target.incomplete.is_some() || target.service_linked {
            return None;
        }
        let full = std::slice::from_ref(&self.full_access);
        let policy_arn_key: &[(&str, &str)] = &[("iam:PolicyARN", ADMINISTRATOR_ACCESS)];
        let h = Hypothesis::default();
        type Keys<'k> = &'k [(&'k str, &'k str)];
        let mut candidates: Vec<(Method, String, Keys<'_>)> = Vec::with_capacity(4);
        match target.ty {
            PrincipalType::User => {
                candidates.push((Method::AttachUserPolicy, target.arn.clone(), policy_arn_key));
                candidates.push((Method::PutUserPolicy, target.arn.clone(), &[]));
                for &g in &target.groups {
                    candidates.push((Method::AttachGroupPolicy, self.groups[g].arn.clone(), policy_arn_key));
                    candidates.push((Method::PutGroupPolicy, self.groups[g].arn.clone(), &[]));
                }
            }
            PrincipalType::Role => {
                candidates.push((Method::AttachRolePolicy, target.arn.clone(), policy_arn_key));
                candidates.push((Method::PutRolePolicy, target.arn.clone(), &[]));
            }
        }
        for pol in &target.customer_policies {
            candidates.push((Method::CreatePolicyVersion, pol.clone(), &[]));
        }
        for (method, arn, keys) in candidates {
            let action = method_action(method);
            if !self.may(actor, action, h) {
                continue;
            }
            let t = Target::plain(&arn, "us-east-1").with_keys(keys);
            let Some(g) = self.grant(actor, action, &t, h) else { continue };
            let removal = self.would_be_full(target, full)?;
            let mut grants = vec![g];
            grants.extend(removal);
            return Some(Step { actor: ai, method, target: arn, becomes: Some(ti), grants });
        }
        // Joining a group whose policies give full access.
        if target.ty == PrincipalType::User && self.may(actor, "iam:AddUserToGroup", h) {
            for (gi, group) in self.groups.iter().enumerate() {
                if target.groups.contains(&gi) || group.incomplete.is_some() {
                    continue;
                }
                let t = Target::plain(&group.arn, "us-east-1");
                let Some(g) = self.grant(actor, "iam:AddUserToGroup", &t, h) else { continue };
                let Some(removal) = self.would_be_full(target, &group.policies) else { continue };
                let mut grants = vec![g];
                grants.extend(removal);
                return Some(Step {
                    actor: ai,
                    method: Method::AddUserToGroup,
                    target: group.arn.clone(),
                    becomes: Some(ti),
                    grants,
                });
            }
        }
        None
    }

    /// Whether a role's trust policy lets `service` assume it.
    fn trusts_service(&self, role: &Principal, service: &str) -> bool {
        let Some(trust) = &role.trust else { return false };
        let Ok(info) = PrincipalInfo::from_arn(service) else { return false };
        let mut ctx = onus_iam::Context::new();
        ctx.set_str("aws:SourceAccount", &role.account);
        let mut res = ResourceInfo::new(&role.arn);
        res.requires_resource_policy = true;
        let Ok(req) = Request::new(info, "sts:AssumeRole", res, ctx) else { return false };
        PolicySet { resource: Some(trust.clone()), ..PolicySet::default() }.decide(&req) == Outcome::Allowed
    }

    /// A permission: with the statements that allow it when `explain`, else only
    /// whether it is allowed (much cheaper).
    fn ask(&self, explain: bool, p: &Principal, action: &str, t: &Target<'_>, h: Hypothesis<'_>) -> Option<Granted> {
        if explain {
            return self.grant(p, action, t, h);
        }
        self.allows(p, action, t, h).then(|| Granted {
            permission: Permission { action: action.to_owned(), resource: t.arn.to_owned() },
            allowed_by: Vec::new(),
        })
    }

    /// Every permission in `needed` (action, resource, keys), or none.
    fn all_of(&self, explain: bool, p: &Principal, region: &str, needed: &[Need<'_>]) -> Option<Vec<Granted>> {
        let h = Hypothesis::default();
        if !needed.iter().all(|(a, _, _)| self.may(p, a, h)) {
            return None;
        }
        needed
            .iter()
            .map(|(a, r, keys)| self.ask(explain, p, a, &Target::plain(r, region).with_keys(keys), h))
            .collect()
    }

    /// Permissions to create a resource and act on it (same name for every action),
    /// trying every name the actor's policies would allow.
    fn create_and_use(
        &self,
        explain: bool,
        p: &Principal,
        region: &str,
        actions: &[&str],
        default: &str,
    ) -> Option<Vec<Granted>> {
        let first = actions.first()?;
        self.creatable(p, first, region, default).into_iter().find_map(|arn| {
            let needed: Vec<Need<'_>> = actions.iter().map(|a| (*a, arn.as_str(), &[][..])).collect();
            self.all_of(explain, p, region, &needed)
        })
    }

    /// The principals `ai` can act as (only `only`, when given), each with the first
    /// method that works; the grants carry their statements only when `explain`.
    fn act_as_edges(&self, ai: usize, trust: &Trusts, explain: bool, only: Option<usize>) -> Vec<Edge> {
        let trusted = &trust.services;
        let actor = &self.principals[ai];
        let mut edges = Vec::new();
        let h = Hypothesis::default();
        let region = self.region.as_str();
        let acct = actor.account.as_str();
        // What the actor could do at all, whatever the target: most principals can do
        // none of it, and are done here.
        let may = |a: &str| self.may(actor, a, h);
        let may_assume = may("sts:AssumeRole");
        let may_key = may("iam:CreateAccessKey");
        let may_login = may("iam:CreateLoginProfile") || may("iam:UpdateLoginProfile");
        let may_retrust = may("iam:UpdateAssumeRolePolicy");
        let may_compute = ["iam:PassRole", "lambda:UpdateFunctionCode", "ssm:SendCommand", "ssm:StartSession"]
            .iter()
            .any(|a| may(a));
        // The trust policy an attacker who may rewrite it would write: trusting itself.
        let rewritten_trust = may_retrust
            .then(|| {
                onus_iam::eval::compiled(
                    "trust policy as rewritten by the attacker",
                    &serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                        "Principal": {"AWS": actor.arn}, "Action": "sts:AssumeRole"}]})
                    .to_string(),
                )
                .ok()
            })
            .flatten();
        let actor_arns = [actor.arn.as_str(), actor.info.as_ref().map_or("", |i| i.arn.as_str())];
        // An actor without any identity permission to act as another reaches only
        // the roles whose trust policies may name it: look those up instead of
        // trying every principal (the difference between linear and quadratic time
        // on accounts with thousands of roles).
        let candidates: Vec<usize> = match only {
            Some(o) => vec![o],
            None if may_assume || may_key || may_login || may_retrust || may_compute => (0..self.principals.len()).collect(),
            None => trust.naming(&actor_arns),
        };
        for ti in candidates {
            let target = &self.principals[ti];
            if ti == ai || target.service_linked || target.incomplete.is_some() {
                continue;
            }
            let (may_assume_this, wanted) = match target.ty {
                PrincipalType::User => (false, may_key || may_login),
                PrincipalType::Role => {
                    // A same-account trust policy that names the actor allows it without
                    // any identity permission; otherwise the actor's policies must allow.
                    let named = target.trust.as_ref().is_some_and(|t| trust_may_name(t, &actor_arns));
                    (may_assume || named, may_assume || named || may_retrust || may_compute)
                }
            };
            if !wanted {
                continue;
            }
            let mut push = |method: Method, on: String, grants: Vec<Granted>| {
                edges.push(Edge { to: ti, step: Step { actor: ai, method, target: on, becomes: Some(ti), grants } });
            };
            match target.ty {
                PrincipalType::User => {
                    let key = Target::plain(&target.arn, "us-east-1");
                    if self.may(actor, "iam:CreateAccessKey", h)
                        && let Some(g) = self.ask(explain, actor, "iam:CreateAccessKey", &key, h)
                    {
                        push(Method::CreateAccessKey, target.arn.clone(), vec![g]);
                        continue;
                    }
                    let (method, action) = match target.password_enabled {
                        Some(false) => (Method::CreateLoginProfile, "iam:CreateLoginProfile"),
                        Some(true) => (Method::UpdateLoginProfile, "iam:UpdateLoginProfile"),
                        None => continue,
                    };
                    if self.may(actor, action, h)
                        && let Some(g) = self.ask(explain, actor, action, &key, h)
                    {
                        push(method, target.arn.clone(), vec![g]);
                    }
                }
                PrincipalType::Role => {
                    let assume = Target {
                        arn: &target.arn,
                        account: None,
                        region: "us-east-1",
                        policy: target.trust.as_ref(),
                        requires_resource_policy: true,
                        keys: &[],
                    };
                    if may_assume_this && let Some(g) = self.ask(explain, actor, "sts:AssumeRole", &assume, h) {
                        push(Method::AssumeRole, target.arn.clone(), vec![g]);
                        continue;
                    }
                    if may_retrust
                        && let Some(g1) =
                            self.ask(explain, actor, "iam:UpdateAssumeRolePolicy", &Target::plain(&target.arn, "us-east-1"), h)
                        && let Some(g2) = self.ask(explain, 
                            actor,
                            "sts:AssumeRole",
                            &Target {
                                arn: &target.arn,
                                account: None,
                                region: "us-east-1",
                                policy: rewritten_trust.as_ref(),
                                requires_resource_policy: true,
                                keys: &[],
                            },
                            h,
                        )
                    {
                        push(Method::UpdateAssumeRolePolicy, target.arn.clone(), vec![g1, g2]);
                        continue;
                    }
                    if may_compute && let Some((method, on, grants)) = self.run_as_role(explain, ai, ti, &trusted[ti], region, acct) {
                        push(method, on, grants);
                    }
                }
            }
        }
        edges
    }

    /// Compute that runs as role `ti` and that `ai` can create or control.
    fn run_as_role(
        &self,
        explain: bool,
        ai: usize,
        ti: usize,
        trusted: &[&'static str],
        region: &str,
        acct: &str,
    ) -> Option<(Method, String, Vec<Granted>)> {
        let actor = &self.principals[ai];
        let target = &self.principals[ti];
        let h = Hypothesis::default();
        // Existing compute that already runs as the role.
        for f in self.functions.iter().filter(|f| f.role == ti) {
            if let Some(g) = self.all_of(explain, actor, &f.region, &[("lambda:UpdateFunctionCode", &f.arn, &[])]) {
                return Some((Method::LambdaUpdateFunctionCode, f.arn.clone(), g));
            }
        }
        for i in self.instances.iter().filter(|i| i.role == ti) {
            let doc = format!("arn:aws:ssm:{}::document/AWS-RunShellScript", i.region);
            if let Some(g) = self.all_of(explain, actor, &i.region, &[("ssm:SendCommand", &i.arn, &[]), ("ssm:SendCommand", &doc, &[])])
            {
                return Some((Method::SsmSendCommand, i.arn.clone(), g));
            }
            let session_doc = format!("arn:aws:ssm:{}:{}:document/SSM-SessionManagerRunShell", i.region, target.account);
            if let Some(g) =
                self.all_of(explain, actor, &i.region, &[("ssm:StartSession", &i.arn, &[]), ("ssm:StartSession", &session_doc, &[])])
            {
                return Some((Method::SsmStartSession, i.arn.clone(), g));
            }
        }
        if trusted.is_empty() || !self.may(actor, "iam:PassRole", h) {
            return None;
        }
        let role = target.arn.as_str();
        let pass = |svc: &'static str| -> Option<Granted> {
            let keys = [("iam:PassedToService", svc)];
            self.ask(explain, actor, "iam:PassRole", &Target::plain(role, region).with_keys(&keys), h)
        };
        let r = region;
        for svc in trusted {
            // PassRole on this role first: one decision, and most pairs stop here.
            let Some(passed) = pass(svc) else { continue };
            let with_pass = |_svc: &str, rest: Option<Vec<Granted>>| -> Option<Vec<Granted>> {
                let mut r = rest?;
                r.insert(0, passed.clone());
                Some(r)
            };
            let found = match *svc {
                "ec2.amazonaws.com" => {
                    let inst = format!("arn:aws:ec2:{r}:{acct}:instance/i-0000000000onusprobe");
                    let run = if target.instance_profiles.is_empty() {
                        None
                    } else {
                        with_pass(svc, self.create_and_use(explain, actor, r, &["ec2:RunInstances"], &inst))
                    };
                    match run {
                        Some(g) => Some((Method::PassRoleEc2RunInstances, role.to_owned(), g)),
                        None if !target.instance_profiles.is_empty() => self.instances.iter().find_map(|i| {
                            let g = self.all_of(explain, 
                                actor,
                                &i.region,
                                &[("ec2:AssociateIamInstanceProfile", &i.arn, &[]), ("ssm:SendCommand", &i.arn, &[])],
                            );
                            with_pass(svc, g).map(|g| (Method::PassRoleEc2AssociateInstanceProfile, i.arn.clone(), g))
                        }),
                        None => None,
                    }
                }
                "lambda.amazonaws.com" => {
                    let f = format!("arn:aws:lambda:{r}:{acct}:function:onus-probe");
                    let esm = format!("arn:aws:lambda:{r}:{acct}:event-source-mapping:onus-probe");
                    with_pass(svc, self.create_and_use(explain, actor, r, &["lambda:CreateFunction", "lambda:InvokeFunction"], &f))
                        .map(|g| (Method::PassRoleLambdaInvoke, role.to_owned(), g))
                        .or_else(|| {
                            let created = self.create_and_use(explain, actor, r, &["lambda:CreateFunction"], &f);
                            let mapping = self.all_of(explain, actor, r, &[("lambda:CreateEventSourceMapping", &esm, &[])]);
                            with_pass(svc, created.zip(mapping).map(|(mut a, b)| {
                                a.extend(b);
                                a
                            }))
                            .map(|g| (Method::PassRoleLambdaEventSource, role.to_owned(), g))
                        })
                }
                "glue.amazonaws.com" => {
                    let ep = format!("arn:aws:glue:{r}:{acct}:devEndpoint/onus-probe");
                    with_pass(svc, self.create_and_use(explain, actor, r, &["glue:CreateDevEndpoint"], &ep))
                        .map(|g| (Method::PassRoleGlueDevEndpoint, role.to_owned(), g))
                }
                "cloudformation.amazonaws.com" => {
                    let st = format!("arn:aws:cloudformation:{r}:{acct}:stack/onus-probe/00000000-0000-0000-0000-000000000000");
                    with_pass(svc, self.create_and_use(explain, actor, r, &["cloudformation:CreateStack"], &st))
                        .map(|g| (Method::PassRoleCloudFormation, role.to_owned(), g))
                }
                "datapipeline.amazonaws.com" => {
                    let pl = format!("arn:aws:datapipeline:{r}:{acct}:pipeline/df-0000onusprobe");
                    with_pass(
                        svc,
                        self.create_and_use(explain, actor, r, &["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"], &pl),
                    )
                    .map(|g| (Method::PassRoleDataPipeline, role.to_owned(), g))
                }
                "codebuild.amazonaws.com" => {
                    let pr = format!("arn:aws:codebuild:{r}:{acct}:project/onus-probe");
                    with_pass(svc, self.create_and_use(explain, actor, r, &["codebuild:CreateProject", "codebuild:StartBuild"], &pr))
                        .map(|g| (Method::PassRoleCodeBuild, role.to_owned(), g))
                }
                "sagemaker.amazonaws.com" => {
                    let nb = format!("arn:aws:sagemaker:{r}:{acct}:notebook-instance/onus-probe");
                    with_pass(
                        svc,
                        self.create_and_use(explain, 
                            actor,
                            r,
                            &["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"],
                            &nb,
                        ),
                    )
                    .map(|g| (Method::PassRoleSageMakerNotebook, role.to_owned(), g))
                }
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    fn possible_edges(&self, ai: usize, trust: &Trusts) -> Vec<Edge> {
        let trusted = &trust.services;
        let actor = &self.principals[ai];
        let h = Hypothesis::default();
        let mut out = Vec::new();
        if self.may(actor, "glue:UpdateDevEndpoint", h) {
            let ep = format!("arn:aws:glue:{}:{}:devEndpoint/onus-probe", self.region, actor.account);
            if let Some(g) = self.grant(actor, "glue:UpdateDevEndpoint", &Target::plain(&ep, &self.region), h) {
                for (ti, _) in trusted.iter().enumerate().filter(|(ti, t)| *ti != ai && t.contains(&"glue.amazonaws.com")) {
                    out.push(Edge {
                        to: ti,
                        step: Step {
                            actor: ai,
                            method: Method::GlueUpdateDevEndpoint,
                            target: ep.clone(),
                            becomes: Some(ti),
                            grants: vec![g.clone()],
                        },
                    });
                }
            }
        }
        out
    }

    fn possible_self(&self, ai: usize) -> Option<Step> {
        let actor = &self.principals[ai];
        if !self.may(actor, "iam:SetDefaultPolicyVersion", Hypothesis::default()) {
            return None;
        }
        actor.customer_policies.iter().find_map(|pol| {
            let g = self.grant(actor, "iam:SetDefaultPolicyVersion", &Target::plain(pol, "us-east-1"), Hypothesis::default())?;
            Some(Step { actor: ai, method: Method::SetDefaultPolicyVersion, target: pol.clone(), becomes: Some(ai), grants: vec![g] })
        })
    }

    /// Runs the whole analysis.
    pub fn escalation(&self) -> Escalation {
        let n = self.principals.len();
        let active = |i: usize| {
            let p = &self.principals[i];
            p.incomplete.is_none() && !p.service_linked && self.org_incomplete.is_none()
        };
        const SERVICES: &[&str] = &[
            "ec2.amazonaws.com",
            "lambda.amazonaws.com",
            "glue.amazonaws.com",
            "cloudformation.amazonaws.com",
            "datapipeline.amazonaws.com",
            "codebuild.amazonaws.com",
            "sagemaker.amazonaws.com",
        ];
        let services: Vec<Vec<&'static str>> = self
            .principals
            .iter()
            .map(|p| {
                if p.ty == PrincipalType::Role && !p.service_linked {
                    SERVICES.iter().copied().filter(|s| self.trusts_service(p, s)).collect()
                } else {
                    Vec::new()
                }
            })
            .collect();
        let trusted = Trusts::new(&self.principals, services);

        let mut out: Vec<PrincipalAccess> = vec![PrincipalAccess::default(); n];
        for (i, acc) in out.iter_mut().enumerate() {
            if !active(i) {
                continue;
            }
            let p = &self.principals[i];
            if let Some(grants) = self.full_access(p, Hypothesis::default()) {
                acc.full_access =
                    Some(Step { actor: i, method: Method::FullAccess, target: p.arn.clone(), becomes: Some(i), grants });
            } else {
                acc.self_escalation = self.grants_full_access(i, i);
            }
        }
        let admin: Vec<bool> = out.iter().map(PrincipalAccess::admin_equivalent).collect();

        // The act-as graph, without explanations: (target, method) per edge.
        let grant_actions = [
            "iam:AttachUserPolicy",
            "iam:PutUserPolicy",
            "iam:AttachGroupPolicy",
            "iam:PutGroupPolicy",
            "iam:AttachRolePolicy",
            "iam:PutRolePolicy",
            "iam:CreatePolicyVersion",
            "iam:AddUserToGroup",
        ];
        // Every actor on its own, in parallel: its act-as edges (without
        // explanations), its possible edges, and whom it can give full access to.
        type Row = (Vec<(usize, Method)>, Vec<(usize, Method)>, Vec<Step>);
        let rows: Vec<Row> = (0..n)
            .into_par_iter()
            .map(|ai| {
                if !active(ai) {
                    return (Vec::new(), Vec::new(), Vec::new());
                }
                let edges = self.act_as_edges(ai, &trusted, false, None).into_iter().map(|e| (e.to, e.step.method)).collect();
                let possible = self.possible_edges(ai, &trusted).into_iter().map(|e| (e.to, e.step.method)).collect();
                let can_grant = grant_actions.iter().any(|a| self.may(&self.principals[ai], a, Hypothesis::default()));
                let grants = if admin[ai] || !can_grant {
                    Vec::new()
                } else {
                    admin
                        .iter()
                        .enumerate()
                        .filter(|&(ti, &target_admin)| ti != ai && active(ti) && !target_admin)
                        .filter_map(|(ti, _)| self.grants_full_access(ai, ti))
                        .collect()
                };
                (edges, possible, grants)
            })
            .collect();
        let mut edges: Vec<Vec<(usize, Method)>> = Vec::with_capacity(n);
        let mut possible: Vec<Vec<(usize, Method)>> = Vec::with_capacity(n);
        let mut grants: Vec<Vec<Step>> = Vec::with_capacity(n);
        for (e, p, g) in rows {
            edges.push(e);
            possible.push(p);
            grants.push(g);
        }

        // A principal that can give full access to another it can act as reaches
        // full access too: grant, then act as the one granted.
        let mut via_grant: Vec<Option<(Step, Vec<usize>)>> = vec![None; n];
        for x in (0..n).filter(|&x| !grants[x].is_empty()) {
            let parent = forward_tree(x, &edges);
            via_grant[x] = grants[x].iter().find_map(|g| {
                let y = g.becomes?;
                parent[y].is_some().then(|| (g.clone(), nodes_to(&parent, x, y)))
            });
        }
        let goal: Vec<bool> = (0..n).map(|i| admin[i] || via_grant[i].is_some()).collect();
        let next = toward_goal(&edges, &goal);
        let mut all = edges.clone();
        for (a, extra) in possible.iter().enumerate() {
            all[a].extend(extra.iter().copied());
        }
        let next_possible = toward_goal(&all, &goal);

        let admin_steps: Vec<Option<Step>> =
            out.iter().map(|a| a.full_access.clone().or_else(|| a.self_escalation.clone())).collect();
        for start in 0..n {
            if !active(start) || admin[start] {
                continue;
            }
            let finish = |t: usize, steps: &mut Vec<Step>| {
                if admin[t] {
                    steps.extend(admin_steps[t].clone());
                } else if let Some((g, nodes)) = &via_grant[t] {
                    steps.push(g.clone());
                    steps.extend(self.explain_hops(nodes, &trusted));
                }
            };
            let mut path = None;
            if goal[start] {
                let mut steps = Vec::new();
                finish(start, &mut steps);
                path = Some(steps);
            } else if let Some(nodes) = follow(start, &next) {
                let mut steps = self.explain_hops(&nodes, &trusted);
                if let Some(&t) = nodes.last() {
                    finish(t, &mut steps);
                }
                path = Some(steps);
            }
            out[start].path = path;
            if out[start].path.is_none() {
                out[start].possible = self.possible_self(start).map(|s| vec![s]).or_else(|| {
                    let nodes = follow(start, &next_possible)?;
                    let mut steps = self.explain_hops(&nodes, &trusted);
                    if let Some(&t) = nodes.last() {
                        finish(t, &mut steps);
                    }
                    Some(steps)
                });
            }
        }
        Escalation { principals: out }
    }

    /// The explained steps along `nodes` (each hop re-decided with its statements).
    fn explain_hops(&self, nodes: &[usize], trusted: &Trusts) -> Vec<Step> {
        nodes
            .windows(2)
            .filter_map(|w| {
                let (a, b) = (w[0], w[1]);
                self.act_as_edges(a, trusted, true, Some(b))
                    .into_iter()
                    .chain(self.possible_edges(a, trusted).into_iter().filter(|e| e.to == b))
                    .next()
                    .map(|e| e.step)
            })
            .collect()
    }
}

/// Breadth-first tree from `start`: the parent of every principal reached.
fn forward_tree(start: usize, edges: &[Vec<(usize, Method)>]) -> Vec<Option<usize>> {
    let mut parent = vec![None; edges.len()];
    parent[start] = Some(start);
    let mut queue = VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &(to, _) in &edges[at] {
            if parent[to].is_none() {
                parent[to] = Some(at);
                queue.push_back(to);
            }
        }
    }
    parent
}

/// The principals from `start` to `end` in a forward tree.
fn nodes_to(parent: &[Option<usize>], start: usize, end: usize) -> Vec<usize> {
    let mut nodes = vec![end];
    let mut at = end;
    while at != start {
        match parent[at] {
            Some(p) if p != at => {
                nodes.push(p);
                at = p;
            }
            _ => break,
        }
    }
    nodes.reverse();
    nodes
}

/// For every principal, the next hop on a shortest path to a goal: one breadth-first
/// search backwards from all goals at once (linear in the graph, whatever the number
/// of principals).
fn toward_goal(edges: &[Vec<(usize, Method)>], goal: &[bool]) -> Vec<Option<usize>> {
    let n = edges.len();
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, out) in edges.iter().enumerate() {
        for &(b, _) in out {
            reverse[b].push(a);
        }
    }
    let mut next: Vec<Option<usize>> = vec![None; n];
    let mut seen: Vec<bool> = goal.to_vec();
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| goal[i]).collect();
    while let Some(at) = queue.pop_front() {
        for &from in &reverse[at] {
            if !seen[from] {
                seen[from] = true;
                next[from] = Some(at);
                queue.push_back(from);
            }
        }
    }
    next
}

/// The principals from `start` to the goal its next hops lead to.
fn follow(start: usize, next: &[Option<usize>]) -> Option<Vec<usize>> {
    let mut nodes = vec![start];
    let mut at = next[start]?;
    nodes.push(at);
    while let Some(n) = next[at] {
        nodes.push(n);
        at = n;
    }
    Some(nodes)
}

/// Whether a trust policy could name one of `arns` (or everyone) in an Allow
/// statement: only then can it allow a caller without identity permissions.
fn trust_may_name(trust: &onus_iam::CompiledPolicy, arns: &[&str]) -> bool {
    trust_names(trust).any(|named| match named {
        Named::Anyone => true,
        Named::Arn(v) => arns.iter().any(|a| !a.is_empty() && v == *a),
    })
}

/// Whom an Allow statement of a trust policy names: anyone (`*`, `NotPrincipal`,
/// an AWS `*`) or an AWS principal by its text.
enum Named<'a> {
    Anyone,
    Arn(&'a str),
}

fn trust_names(trust: &onus_iam::CompiledPolicy) -> impl Iterator<Item = Named<'_>> {
    trust
        .policy()
        .statements
        .iter()
        .filter(|st| st.effect.value == onus_iam::policy::Effect::Allow)
        .filter_map(|st| st.principal.as_ref())
        .flat_map(|p| {
            let anyone = (p.negated || p.any).then_some(Named::Anyone);
            anyone.into_iter().chain(
                p.entries
                    .iter()
                    .filter(|e| e.key == onus_iam::policy::PrincipalKey::Aws)
                    .map(|e| if e.value.value == "*" { Named::Anyone } else { Named::Arn(e.value.value.as_str()) }),
            )
        })
}

/// What the roles' trust policies say, indexed once per analysis: the services
/// each role trusts, and which roles a trust policy may name a given AWS
/// principal in.
struct Trusts {
    services: Vec<Vec<&'static str>>,
    by_arn: HashMap<String, Vec<usize>>,
    anyone: Vec<usize>,
}

impl Trusts {
    fn new(principals: &[Principal], services: Vec<Vec<&'static str>>) -> Trusts {
        let mut by_arn: HashMap<String, Vec<usize>> = HashMap::new();
        let mut anyone = Vec::new();
        for (i, p) in principals.iter().enumerate() {
            let Some(trust) = p.trust.as_ref() else { continue };
            let mut open = false;
            for named in trust_names(trust) {
                match named {
                    Named::Anyone => open = true,
                    Named::Arn(a) => {
                        let roles = by_arn.entry(a.to_string()).or_default();
                        if roles.last() != Some(&i) {
                            roles.push(i);
                        }
                    }
                }
            }
            if open {
                anyone.push(i);
            }
        }
        Trusts { services, by_arn, anyone }
    }

    /// The roles whose trust policy may name one of `arns`, in order.
    fn naming(&self, arns: &[&str]) -> Vec<usize> {
        let mut out: Vec<usize> = self.anyone.clone();
        for a in arns.iter().filter(|a| !a.is_empty()) {
            out.extend(self.by_arn.get(*a).into_iter().flatten());
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The IAM action a grant method needs.
fn method_action(m: Method) -> &'static str {
    match m {
        Method::AttachUserPolicy => "iam:AttachUserPolicy",
        Method::PutUserPolicy => "iam:PutUserPolicy",
        Method::AttachGroupPolicy => "iam:AttachGroupPolicy",
        Method::PutGroupPolicy => "iam:PutGroupPolicy",
        Method::AttachRolePolicy => "iam:AttachRolePolicy",
        Method::PutRolePolicy => "iam:PutRolePolicy",
        Method::CreatePolicyVersion => "iam:CreatePolicyVersion",
        Method::SetDefaultPolicyVersion => "iam:SetDefaultPolicyVersion",
        Method::AddUserToGroup => "iam:AddUserToGroup",
        _ => "",
    }
}

/// A permission for display: `action on resource`.
pub fn permission_text(p: &Permission) -> String {
    format!("{} on {}", p.action, p.resource)
}
