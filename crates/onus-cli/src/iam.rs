//! `onus iam validate`, `simulate`, `who-can` and `paths`: the IAM policy engine and
//! the access analyses on the command line.

use anyhow::{Context as _, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use onus_iam::eval::{CompiledPolicy, Decision};
use onus_iam::validate::{Severity as IamSeverity, validate};
use onus_iam::{Context, Outcome, PolicySet, PolicyType, PrincipalInfo, Request, ResourceInfo};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// `onus iam …`
#[derive(Subcommand, Debug)]
pub(crate) enum IamCommand {
    /// Validate a policy document the way IAM Access Analyzer does: errors, security
    /// warnings, warnings and suggestions, each with file:line:column.
    Validate(ValidateArgs),
    /// Evaluate one request against policies with AWS's evaluation logic: allowed,
    /// explicit deny or implicit deny, and the statements that decided it.
    Simulate(Box<SimulateArgs>),
    /// Every user and role of an inventory that may perform an action on a resource,
    /// with the statements that allow it (the resource's own policy included when the
    /// inventory holds the resource).
    WhoCan(WhoCanArgs),
    /// Administrator-equivalent principals and privilege-escalation paths, step by
    /// step, over an inventory.
    Paths(PathsArgs),
    /// The effective permissions of one user or role: every action of the catalogue
    /// its policies, groups, boundary and SCPs allow, on any resource or on some.
    Permissions(PermissionsArgs),
}

#[derive(Args, Debug)]
pub(crate) struct PermissionsArgs {
    /// The user or role (ARN).
    #[arg(long, value_name = "ARN")]
    pub principal: String,
    /// Only this service (prefix, e.g. `s3`), with every action listed.
    #[arg(long, value_name = "PREFIX")]
    pub service: Option<String>,
    #[command(flatten)]
    pub source: InventorySource,
    /// Output format.
    #[arg(long, value_enum, default_value_t = IamFormat::Text)]
    pub format: IamFormat,
}

/// Where the inventory comes from.
#[derive(Args, Debug)]
pub(crate) struct InventorySource {
    /// A saved inventory snapshot (`onus scan aws --save FILE`).
    #[arg(required_unless_present = "aws", value_name = "SNAPSHOT")]
    pub snapshot: Option<PathBuf>,
    /// Collect the inventory from the AWS account of the current credentials instead
    /// (read-only).
    #[arg(long, conflicts_with = "snapshot")]
    pub aws: bool,
    /// Regions to collect with --aws (default: the configured region).
    #[arg(long, value_delimiter = ',', value_name = "REGION", requires = "aws")]
    pub region: Vec<String>,
    /// Named profile for --aws.
    #[arg(long, value_name = "NAME", requires = "aws")]
    pub profile: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct WhoCanArgs {
    /// The action (`s3:GetObject`).
    #[arg(long)]
    pub action: String,
    /// The resource ARN.
    #[arg(long)]
    pub resource: String,
    #[command(flatten)]
    pub source: InventorySource,
    /// Output format.
    #[arg(long, value_enum, default_value_t = IamFormat::Text)]
    pub format: IamFormat,
}

#[derive(Args, Debug)]
pub(crate) struct PathsArgs {
    /// Only this principal (user or role ARN).
    #[arg(long, value_name = "ARN")]
    pub principal: Option<String>,
    #[command(flatten)]
    pub source: InventorySource,
    /// Output format.
    #[arg(long, value_enum, default_value_t = IamFormat::Text)]
    pub format: IamFormat,
}

/// Collects a live inventory (given by the binary, which owns the AWS options).
pub(crate) type Collect<'a> = &'a dyn Fn(&[String], Option<&str>) -> Result<onus_model::Inventory>;

fn inventory(source: &InventorySource, collect: Collect<'_>) -> Result<onus_model::Inventory> {
    match &source.snapshot {
        Some(path) => Ok(onus_model::snapshot::read(path)?),
        None => collect(&source.region, source.profile.as_deref()),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum PolicyTypeArg {
    Identity,
    Resource,
    Trust,
    Scp,
    Rcp,
    Boundary,
    Session,
}

impl From<PolicyTypeArg> for PolicyType {
    fn from(t: PolicyTypeArg) -> PolicyType {
        match t {
            PolicyTypeArg::Identity => PolicyType::Identity,
            PolicyTypeArg::Resource => PolicyType::Resource,
            PolicyTypeArg::Trust => PolicyType::Trust,
            PolicyTypeArg::Scp => PolicyType::Scp,
            PolicyTypeArg::Rcp => PolicyType::Rcp,
            PolicyTypeArg::Boundary => PolicyType::Boundary,
            PolicyTypeArg::Session => PolicyType::Session,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum IamFormat {
    /// Lines for people.
    Text,
    /// JSON.
    Json,
}

#[derive(Args, Debug)]
pub(crate) struct ValidateArgs {
    /// The policy document (JSON).
    pub policy: PathBuf,
    /// What kind of policy it is.
    #[arg(long = "type", value_enum, default_value_t = PolicyTypeArg::Identity)]
    pub policy_type: PolicyTypeArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = IamFormat::Text)]
    pub format: IamFormat,
}

#[derive(Args, Debug)]
pub(crate) struct SimulateArgs {
    /// An identity-based policy of the caller (repeatable).
    #[arg(long = "policy", value_name = "FILE")]
    pub policies: Vec<PathBuf>,
    /// The caller's permissions boundary.
    #[arg(long, value_name = "FILE")]
    pub boundary: Option<PathBuf>,
    /// A service control policy (repeatable; all given SCPs form one level, any may allow).
    #[arg(long = "scp", value_name = "FILE")]
    pub scps: Vec<PathBuf>,
    /// A resource control policy (repeatable; one level).
    #[arg(long = "rcp", value_name = "FILE")]
    pub rcps: Vec<PathBuf>,
    /// The resource's resource-based policy (for a role: its trust policy).
    #[arg(long = "resource-policy", value_name = "FILE")]
    pub resource_policy: Option<PathBuf>,
    /// A session policy (repeatable).
    #[arg(long = "session-policy", value_name = "FILE")]
    pub session_policies: Vec<PathBuf>,
    /// The action, e.g. s3:GetObject.
    #[arg(long)]
    pub action: String,
    /// The resource ARN (or * for actions without a resource).
    #[arg(long, default_value = "*")]
    pub resource: String,
    /// The account owning the resource, when its ARN does not say (S3).
    #[arg(long, value_name = "ACCOUNT")]
    pub resource_account: Option<String>,
    /// The caller: an IAM user/role/root ARN, an STS session ARN, an account id, a
    /// service name or `anonymous`.
    #[arg(long, default_value = "arn:aws:iam::123456789012:user/simulated")]
    pub principal: String,
    /// A condition key in the request: KEY=TYPE:VALUE with TYPE string, number, bool,
    /// date, ip, binary, or a …List type with comma-separated values (repeatable).
    #[arg(long = "context", value_name = "KEY=TYPE:VALUE")]
    pub context: Vec<String>,
    /// The resource policy must allow by itself or by delegating to the account (role
    /// trust policies, KMS key policies).
    #[arg(long)]
    pub resource_policy_required: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = IamFormat::Text)]
    pub format: IamFormat,
}

pub(crate) fn run(cmd: IamCommand, collect: Collect<'_>) -> Result<ExitCode> {
    match cmd {
        IamCommand::Validate(a) => validate_cmd(&a),
        IamCommand::Simulate(a) => simulate_cmd(&a),
        IamCommand::WhoCan(a) => who_can_cmd(&a, collect),
        IamCommand::Paths(a) => paths_cmd(&a, collect),
        IamCommand::Permissions(a) => permissions_cmd(&a, collect),
    }
}

fn kind_word(p: &onus_access::Principal) -> &'static str {
    match p.ty {
        onus_access::PrincipalType::User => "user",
        onus_access::PrincipalType::Role => "role",
    }
}

fn statements_text(g: &onus_access::Granted) -> String {
    let mut seen: Vec<String> = Vec::new();
    for s in g.allowed_by.iter().filter(|s| !matches!(s.kind, onus_iam::PolicyKind::Scp | onus_iam::PolicyKind::Rcp)) {
        let label = format!("{} ({})", s.policy, s.statement);
        if !seen.contains(&label) {
            seen.push(label);
        }
    }
    seen.join(", ")
}

fn who_can_cmd(a: &WhoCanArgs, collect: Collect<'_>) -> Result<ExitCode> {
    let inv = inventory(&a.source, collect)?;
    let model = onus_access::AccessModel::build(&inv);
    let own = onus_access::resource_policy(&inv, &a.resource)?;
    let region = a.resource.split(':').nth(3).filter(|r| !r.is_empty()).unwrap_or(&model.region).to_owned();
    let target = onus_access::Target {
        arn: &a.resource,
        account: None,
        region: &region,
        policy: own.as_ref().and_then(|o| o.policy.as_ref()),
        requires_resource_policy: own.as_ref().is_some_and(|o| o.requires_resource_policy),
        keys: &[],
    };
    if onus_iam::Catalog::embedded().ok().and_then(|c| c.action(&a.action)).is_none() {
        tracing::warn!(action = %a.action, "the action is not in the action catalogue");
    }
    let (allowed, unknown) = model.who_can(&a.action, &target);
    let mut out = std::io::stdout().lock();
    match a.format {
        IamFormat::Json => {
            let rows: Vec<serde_json::Value> = allowed
                .iter()
                .map(|x| {
                    let p = &model.principals[x.principal];
                    serde_json::json!({"principal": p.arn, "type": kind_word(p), "allowed_by": x.granted.allowed_by})
                })
                .collect();
            let unknown: Vec<serde_json::Value> = unknown
                .iter()
                .map(|&i| {
                    let p = &model.principals[i];
                    serde_json::json!({"principal": p.arn, "why": p.incomplete.as_ref().map(ToString::to_string)})
                })
                .collect();
            let doc = serde_json::json!({
                "action": a.action, "resource": a.resource,
                "resource_policy": own.as_ref().map(|o| &o.resource_id),
                "allowed": rows, "unknown": unknown, "organization_notes": model.org_notes,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        IamFormat::Text => {
            let with = match &own {
                Some(o) if o.policy.is_some() => format!(" (with the resource policy of {})", o.name),
                _ => String::new(),
            };
            writeln!(out, "Who can {} on {}{with}:", a.action, a.resource)?;
            for x in &allowed {
                let p = &model.principals[x.principal];
                writeln!(out, "  allowed  {} {:<32} {}", kind_word(p), p.name, statements_text(&x.granted))?;
            }
            for &i in &unknown {
                let p = &model.principals[i];
                let why = p.incomplete.as_ref().map(ToString::to_string).unwrap_or_default();
                writeln!(out, "  unknown  {} {:<32} {why}", kind_word(p), p.name)?;
            }
            writeln!(
                out,
                "{} of {} principals allowed, {} unknown.",
                allowed.len(),
                model.principals.len(),
                unknown.len()
            )?;
            for note in &model.org_notes {
                writeln!(out, "note: {note}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn paths_cmd(a: &PathsArgs, collect: Collect<'_>) -> Result<ExitCode> {
    let inv = inventory(&a.source, collect)?;
    let model = onus_access::AccessModel::build(&inv);
    let only = match &a.principal {
        Some(arn) => Some(
            model
                .principal_by_arn(arn)
                .with_context(|| format!("no user or role {arn} in the inventory"))?,
        ),
        None => None,
    };
    let analysis = model.escalation();
    let mut out = std::io::stdout().lock();
    let chosen: Vec<usize> = (0..model.principals.len()).filter(|i| only.is_none_or(|o| o == *i)).collect();
    if let IamFormat::Json = a.format {
        let rows: Vec<serde_json::Value> = chosen
            .iter()
            .map(|&i| {
                let p = &model.principals[i];
                serde_json::json!({
                    "principal": p.arn, "type": kind_word(p),
                    "incomplete": p.incomplete.as_ref().map(ToString::to_string),
                    "admin_equivalent": analysis.principals[i].admin_equivalent(),
                    "analysis": analysis.principals[i],
                    "summary": summary(&model, &analysis.principals[i]),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({"principals": rows, "organization_notes": model.org_notes}))?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut shown = 0;
    for &i in &chosen {
        let p = &model.principals[i];
        let acc = &analysis.principals[i];
        let head = format!("{} {}", kind_word(p), p.name);
        if let Some(why) = &p.incomplete {
            if only.is_some() {
                writeln!(out, "{head}: cannot be analysed: {why}")?;
            }
            continue;
        }
        let steps: Vec<&onus_access::Step> = if let Some(s) = &acc.full_access {
            writeln!(out, "{head}: has full access")?;
            vec![s]
        } else if let Some(s) = &acc.self_escalation {
            writeln!(out, "{head}: administrator-equivalent, in one step of its own")?;
            vec![s]
        } else if let Some(path) = &acc.path {
            writeln!(out, "{head}: reaches full access in {} steps", path.len())?;
            path.iter().collect()
        } else if let Some(path) = &acc.possible {
            writeln!(out, "{head}: may reach full access (depends on data not collected)")?;
            path.iter().collect()
        } else {
            if only.is_some() {
                writeln!(out, "{head}: no path to full access")?;
            }
            continue;
        };
        shown += 1;
        for (n, s) in steps.iter().enumerate() {
            let actor = &model.principals[s.actor].name;
            let ends = match s.becomes {
                Some(b) if b != s.actor => format!(" → {}", model.principals[b].name),
                _ => String::new(),
            };
            writeln!(out, "  {}. {actor} {} ({}){ends}", n + 1, s.method.describe(), s.target)?;
            for g in &s.grants {
                writeln!(out, "       {} on {} — {}", g.permission.action, g.permission.resource, statements_text(g))?;
            }
        }
    }
    if only.is_none() {
        writeln!(out, "{shown} of {} principals are administrator-equivalent or can escalate.", model.principals.len())?;
    }
    for note in &model.org_notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(model: &onus_access::AccessModel, acc: &onus_access::PrincipalAccess) -> Option<String> {
    acc.full_access
        .as_ref()
        .or(acc.self_escalation.as_ref())
        .map(|s| model.describe_path(std::slice::from_ref(s)))
        .or_else(|| acc.path.as_ref().map(|p| model.describe_path(p)))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn validate_cmd(a: &ValidateArgs) -> Result<ExitCode> {
    let text = read(&a.policy)?;
    let findings = validate(&text, a.policy_type.into());
    let mut out = std::io::stdout().lock();
    match a.format {
        IamFormat::Json => {
            let v = serde_json::json!({
                "file": a.policy.display().to_string(),
                "type": PolicyType::from(a.policy_type).as_str(),
                "findings": findings,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        IamFormat::Text => {
            for f in &findings {
                writeln!(
                    out,
                    "{}:{}:{}: {} {} [{}] {} ({})",
                    a.policy.display(),
                    f.line,
                    f.column,
                    f.severity.as_str(),
                    f.code.code(),
                    f.code.slug(),
                    f.message,
                    f.path
                )?;
            }
            if findings.is_empty() {
                writeln!(out, "{}: no findings", a.policy.display())?;
            }
        }
    }
    let failing = findings.iter().any(|f| matches!(f.severity, IamSeverity::Error | IamSeverity::SecurityWarning));
    Ok(if failing { ExitCode::from(crate::EXIT_FINDINGS) } else { ExitCode::SUCCESS })
}

fn compile(path: &Path) -> Result<Arc<CompiledPolicy>> {
    let text = read(path)?;
    let name = path.display().to_string();
    CompiledPolicy::from_json(&name, &text).map(Arc::new).with_context(|| format!("{name}: not a valid policy"))
}

fn simulate_cmd(a: &SimulateArgs) -> Result<ExitCode> {
    if a.policies.is_empty() && a.resource_policy.is_none() {
        bail!("give at least one --policy or a --resource-policy");
    }
    let set = PolicySet {
        identity: a.policies.iter().map(|p| compile(p)).collect::<Result<_>>()?,
        boundary: a.boundary.as_deref().map(compile).transpose()?,
        session: if a.session_policies.is_empty() {
            None
        } else {
            Some(a.session_policies.iter().map(|p| compile(p)).collect::<Result<_>>()?)
        },
        scp_levels: if a.scps.is_empty() { Vec::new() } else { vec![a.scps.iter().map(|p| compile(p)).collect::<Result<_>>()?] },
        rcp_levels: if a.rcps.is_empty() { Vec::new() } else { vec![a.rcps.iter().map(|p| compile(p)).collect::<Result<_>>()?] },
        resource: a.resource_policy.as_deref().map(compile).transpose()?,
    };
    let principal = PrincipalInfo::from_arn(&a.principal)?;
    let mut resource = ResourceInfo::new(&a.resource);
    if let Some(acct) = &a.resource_account {
        resource.account = Some(acct.clone());
    }
    resource.requires_resource_policy = a.resource_policy_required;
    let mut ctx = Context::new();
    for c in &a.context {
        ctx.set_assignment(c)?;
    }
    let req = Request::new(principal, &a.action, resource, ctx)?;
    let d = set.evaluate(&req);
    let mut out = std::io::stdout().lock();
    match a.format {
        IamFormat::Json => {
            let v = serde_json::json!({
                "decision": d.outcome,
                "reason": d.reason,
                "action": req.action,
                "resource": req.resource.arn,
                "principal": req.principal.arn,
                "matched_statements": d.matched,
                "condition_misses": d.condition_misses,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        IamFormat::Text => write_decision(&mut out, &req, &d)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_decision(out: &mut impl Write, req: &Request, d: &Decision) -> Result<()> {
    writeln!(out, "{}: {} on {} by {}", d.outcome, req.action, req.resource.arn, req.principal.arn)?;
    writeln!(out, "  why: {}", d.reason)?;
    let decisive: Vec<_> = match d.outcome {
        Outcome::ExplicitDeny => d.matched.iter().filter(|s| s.effect == onus_iam::policy::Effect::Deny).collect(),
        _ => d.matched.iter().collect(),
    };
    for s in decisive {
        writeln!(
            out,
            "  {} {:?} policy {} statement {} (line {}, column {})",
            s.effect, s.kind, s.policy, s.statement, s.line, s.column
        )?;
    }
    for m in &d.condition_misses {
        writeln!(
            out,
            "  not applied: {:?} policy {} statement {} (line {}): condition {} on {} {}",
            m.statement.kind,
            m.statement.policy,
            m.statement.statement,
            m.statement.line,
            m.operator,
            m.key,
            if m.key_present { "did not match" } else { "is absent from the request" }
        )?;
    }
    Ok(())
}

fn permissions_cmd(a: &PermissionsArgs, collect: Collect<'_>) -> Result<ExitCode> {
    let inv = inventory(&a.source, collect)?;
    let model = onus_access::AccessModel::build(&inv);
    let i = model
        .principal_by_arn(&a.principal)
        .with_context(|| format!("no user or role {} in the inventory", a.principal))?;
    let p = &model.principals[i];
    if let Some(why) = &p.incomplete {
        bail!("the permissions of {} cannot be known: {why}", p.name);
    }
    let perms = model.effective_permissions(p, a.service.as_deref());
    let mut out = std::io::stdout().lock();
    if let IamFormat::Json = a.format {
        let doc = serde_json::json!({"principal": p.arn, "services": perms, "organization_notes": model.org_notes});
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "Effective permissions of {} {} ({} services):", kind_word(p), p.name, perms.len())?;
    let (mut any_total, mut some_total) = (0, 0);
    for s in &perms {
        let (any, some) = s.count();
        any_total += any;
        some_total += some;
        let levels: Vec<String> = s
            .any_resource
            .iter()
            .map(|(l, v)| format!("{l} {}", v.len()))
            .collect();
        writeln!(out, "  {:<24} {any:>5} on any resource ({}), {some:>5} on some", s.service, levels.join(", "))?;
        if a.service.is_some() {
            for (level, actions) in &s.any_resource {
                writeln!(out, "    any resource, {level}: {}", actions.join(" "))?;
            }
            for (level, actions) in &s.some_resources {
                writeln!(out, "    some resources, {level}: {}", actions.join(" "))?;
            }
        }
    }
    writeln!(out, "{any_total} actions on any resource, {some_total} on some resources or under conditions.")?;
    for note in &model.org_notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(ExitCode::SUCCESS)
}
