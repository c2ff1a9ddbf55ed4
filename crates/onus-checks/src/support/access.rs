//! The access analyses (`onus-access`) as checks see them: computed once per
//! evaluation, on first use, and shared by every check that needs them.

use crate::check::{Context, KnownExt, Undecided, Verdict, result_for};
use crate::meta::CheckMeta;
use crate::result::CheckResult;
use onus_access::{AccessModel, Audience, Escalation, ExposedResource, Incomplete, Principal, PrincipalAccess};
use onus_model::{Attr, Resource, ResourceKind};
use std::sync::OnceLock;

/// The lazily built model and escalation analysis.
#[derive(Default)]
pub struct AccessCache {
    model: OnceLock<AccessModel>,
    escalation: OnceLock<Escalation>,
}

impl Context<'_> {
    /// The inventory's access model.
    pub fn access_model(&self) -> &AccessModel {
        self.access.model.get_or_init(|| {
            let _span = tracing::debug_span!("access model").entered();
            AccessModel::build(self.inventory)
        })
    }

    /// The escalation analysis over every principal.
    pub fn escalation(&self) -> &Escalation {
        self.access.escalation.get_or_init(|| {
            let model = self.access_model();
            let _span = tracing::debug_span!("escalation analysis", principals = model.principals.len()).entered();
            model.escalation()
        })
    }
}

/// Why a principal cannot be decided, as a check's `Undecided`.
pub fn undecided(why: &Incomplete) -> Undecided {
    match why {
        Incomplete::Unknown { attribute, unknown } => Undecided::Unknown { attribute, unknown: unknown.clone() },
        Incomplete::Invalid { attribute, message } => Undecided::Error { attribute, message: message.clone() },
    }
}

/// Runs a per-principal decision over every IAM user and role.
pub fn run_over_principals(
    meta: &CheckMeta,
    cx: &Context<'_>,
    out: &mut Vec<CheckResult>,
    decide: impl Fn(&AccessModel, &Principal, &PrincipalAccess) -> Result<Verdict, Undecided>,
) {
    let users = cx.index.of_kind(ResourceKind::IamUser).iter();
    let roles = cx.index.of_kind(ResourceKind::IamRole).iter();
    let resources: Vec<&Resource> = users.chain(roles).copied().collect();
    if resources.is_empty() {
        return;
    }
    let model = cx.access_model();
    let escalation = cx.escalation();
    for r in resources {
        let Some(i) = model.principal_by_resource(&r.id) else { continue };
        let p = &model.principals[i];
        let verdict = if p.service_linked {
            Ok(Verdict::NotApplicable("a service-linked role's permissions belong to AWS"))
        } else if let Some(why) = p.incomplete.as_ref().or(model.org_incomplete.as_ref()) {
            Err(undecided(why))
        } else {
            decide(model, p, &escalation.principals[i])
        };
        out.extend(result_for(meta, r, verdict));
    }
}

/// The account a resource belongs to.
fn account_of(r: &Resource, arn: &str, cx: &Context<'_>) -> String {
    r.account
        .clone()
        .or_else(|| arn.split(':').nth(4).filter(|a| a.len() == 12).map(str::to_owned))
        .or_else(|| cx.inventory.metadata.accounts.first().cloned())
        .unwrap_or_else(|| onus_access::model::UNNAMED_ACCOUNT.to_owned())
}

/// The resource's ARN: its id on a live account; built from its name otherwise.
pub fn arn_of(r: &Resource, build: impl FnOnce(&str, &str) -> String, cx: &Context<'_>) -> String {
    if r.id.starts_with("arn:") {
        return r.id.clone();
    }
    let account = account_of(r, "", cx);
    let region = r.region.clone().or_else(|| cx.inventory.metadata.regions.first().cloned()).unwrap_or_else(|| "us-east-1".into());
    build(&region, &account).replace("{name}", &r.name)
}

/// How a policy-exposure check is set up.
pub struct ExposureSpec<'a> {
    /// The attribute holding the policy.
    pub attribute: &'static str,
    /// The resource's ARN.
    pub arn: &'a str,
    /// The service prefix of its actions.
    pub service: &'a str,
    /// Whether the policy must allow by itself.
    pub requires_resource_policy: bool,
    /// What the policy is called in messages ("queue policy", "trust policy").
    pub noun: &'a str,
}

/// Fails when the policy lets the public in; passes (saying who else it reaches)
/// otherwise.
pub fn exposure_verdict(
    r: &Resource,
    policy: Option<&serde_json::Value>,
    spec: &ExposureSpec<'_>,
    cx: &Context<'_>,
) -> Result<Verdict, Undecided> {
    let Some(doc) = policy else {
        return Ok(Verdict::pass(format!("{} has no {}.", r.name, spec.noun)));
    };
    let account = account_of(r, spec.arn, cx);
    let model = cx.access_model();
    let exposure = model
        .exposure(
            doc,
            &ExposedResource {
                arn: spec.arn,
                account: &account,
                service: spec.service,
                requires_resource_policy: spec.requires_resource_policy,
            },
        )
        .map_err(|e| Undecided::Error { attribute: spec.attribute, message: e.to_string() })?;
    let anonymous = exposure.public().any(|r| r.audience == Audience::Anonymous);
    let public: Vec<String> = exposure
        .public()
        // "Anyone" already covers every AWS account.
        .filter(|r| !(anonymous && r.audience == Audience::AnyAwsAccount))
        .map(|reach| {
            let mut actions: Vec<&str> = reach.actions.iter().map(String::as_str).take(4).collect();
            if reach.actions.len() > 4 {
                actions.push("…");
            }
            format!("{} ({}; statement {})", reach.audience, actions.join(", "), reach.statements.join(", "))
        })
        .collect();
    if !public.is_empty() {
        return Ok(Verdict::fail(
            spec.attribute,
            format!("{}: the {} lets in {}.", r.name, spec.noun, public.join("; ")),
        ));
    }
    let others: Vec<String> = exposure
        .reaches
        .iter()
        .filter(|reach| !matches!(reach.audience, Audience::Organization | Audience::OrganizationAccount(_)))
        .map(|reach| reach.audience.to_string())
        .collect();
    if others.is_empty() {
        Ok(Verdict::pass(format!("{}: the {} lets no one outside the account or organization in.", r.name, spec.noun)))
    } else {
        Ok(Verdict::pass(format!(
            "{}: the {} is not public; it lets in {}.",
            r.name,
            spec.noun,
            others.join(", ")
        )))
    }
}

/// `attr.known(..)` for an optional policy.
pub fn known_policy<'a>(
    attr: &'a Attr<Option<serde_json::Value>>,
    attribute: &'static str,
) -> Result<Option<&'a serde_json::Value>, Undecided> {
    Ok(attr.known(attribute)?.as_ref())
}
