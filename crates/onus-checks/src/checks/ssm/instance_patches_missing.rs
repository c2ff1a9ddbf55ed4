use crate::prelude::*;
use onus_model::resources::ssm::{ManagedInstance, PatchState};

/// Unpatched guest operating systems are the most exploited weakness in the
/// customer's half of the model.
pub struct InstancePatchesMissing;

static META: CheckMeta = CheckMeta {
    id: "ssm-instance-patches-missing",
    aliases: &[],
    title: "Managed instance is missing patches or has never been scanned",
    service: "ssm",
    severity: Severity::High,
    domain: Domain::ComputeOs,
    duty: "Patch the guest operating system of every instance you run, and prove it with patch compliance data.",
    kinds: &[ResourceKind::SsmManagedInstance],
    rationale: "AWS patches the hypervisor and the hosts; everything inside the instance (kernel, libraries, \
        packages) is the customer's to patch. Systems Manager Patch Manager reports, per managed instance, how many \
        patches its baseline approves that are missing, failed to install, or are classified critical or security. \
        Any of those is a known vulnerability waiting for an exploit, and an instance that has never been scanned \
        has no evidence either way (AWS FSBP SSM.2). An instance whose agent is offline is judged on its last report, \
        which may be stale.",
    remediation: Remediation {
        text: "Install the missing patches with Patch Manager (a patch policy in Quick Setup, or a maintenance window \
            running AWS-RunPatchBaseline with Operation=Install), then reboot if the patches need it. For instances never \
            scanned, make sure the SSM agent runs with an instance profile that includes AmazonSSMManagedInstanceCore \
            and schedule a daily scan. Investigate failed installs: they usually mean a broken package repository or a \
            full disk.",
        cli: Some("aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=<instance-id> --parameters Operation=Install,RebootOption=RebootIfNeeded\naws ssm describe-instance-patch-states --instance-ids <instance-id>"),
        terraform: Some("resource \"aws_ssm_association\" \"patch\" {\n  name                = \"AWS-RunPatchBaseline\"\n  schedule_expression = \"cron(0 3 ? * SUN *)\"\n  parameters = {\n    Operation    = \"Install\"\n    RebootOption = \"RebootIfNeeded\"\n  }\n  targets {\n    key    = \"tag:PatchGroup\"\n    values = [\"prod\"]\n  }\n}"),
        cloudformation: Some("PatchAssociation:\n  Type: AWS::SSM::Association\n  Properties:\n    Name: AWS-RunPatchBaseline\n    ScheduleExpression: cron(0 3 ? * SUN *)\n    Parameters:\n      Operation: [Install]\n      RebootOption: [RebootIfNeeded]\n    Targets:\n      - Key: tag:PatchGroup\n        Values: [prod]"),
    },
    references: &[
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager.html",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager-compliance-states.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-2",
    ],
};

/// The non-compliant counts, worded, e.g. `3 missing (1 critical, 2 security)`.
fn problems(p: &PatchState) -> Vec<String> {
    let mut out = Vec::new();
    if p.missing_count > 0 {
        let mut classified = Vec::new();
        if p.critical_non_compliant_count > 0 {
            classified.push(format!("{} critical", p.critical_non_compliant_count));
        }
        if p.security_non_compliant_count > 0 {
            classified.push(format!("{} security", p.security_non_compliant_count));
        }
        let detail = if classified.is_empty() { String::new() } else { format!(" ({})", classified.join(", ")) };
        out.push(format!("{} missing{detail}", p.missing_count));
    } else {
        // Critical or security counts without a missing count come from other
        // compliance sources; report them on their own.
        if p.critical_non_compliant_count > 0 {
            out.push(format!("{} critical non-compliant", p.critical_non_compliant_count));
        }
        if p.security_non_compliant_count > 0 {
            out.push(format!("{} security non-compliant", p.security_non_compliant_count));
        }
    }
    if p.failed_count > 0 {
        out.push(format!("{} failed to install", p.failed_count));
    }
    out
}

impl ResourceCheck for InstancePatchesMissing {
    type Kind = ManagedInstance;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, m: &ManagedInstance, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        // The ping status only qualifies the message: an offline instance is
        // judged on its last report.
        let offline = match m.ping_status.value() {
            Some(status) if status != "Online" => Some(status.as_str()),
            _ => None,
        };
        let Some(p) = m.patch_state.known("patch_state")? else {
            let agent = offline.map(|s| format!(" (its agent is {s})")).unwrap_or_default();
            return Ok(Verdict::fail(
                "patch_state",
                format!("{} has never reported a patch scan: its patch level is unknown to you{agent}.", r.name),
            ));
        };
        let stale = offline.map(|s| format!("; the agent is {s}, so this may be stale")).unwrap_or_default();
        let last = format!("last {} on {}{stale}", p.operation.to_lowercase(), p.operation_end_time.format("%Y-%m-%d"));
        let found = problems(p);
        if found.is_empty() {
            Ok(Verdict::pass(format!("{} has every approved patch installed ({last}).", r.name)))
        } else {
            Ok(Verdict::fail("patch_state", format!("{} is not fully patched: {} ({last}).", r.name, found.join(", "))))
        }
    }
}
