//! `onus iam validate` and `onus iam simulate`: the IAM policy engine on the command line.

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

pub(crate) fn run(cmd: IamCommand) -> Result<ExitCode> {
    match cmd {
        IamCommand::Validate(a) => validate_cmd(&a),
        IamCommand::Simulate(a) => simulate_cmd(&a),
    }
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
