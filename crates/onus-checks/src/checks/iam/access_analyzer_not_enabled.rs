use crate::prelude::*;
use onus_model::resources::securityhub::Analyzer;

/// Without an analyzer, resources shared outside the account go unnoticed.
pub struct AccessAnalyzerNotEnabled;

static META: CheckMeta = CheckMeta {
    id: "iam-access-analyzer-not-enabled",
    aliases: &[],
    title: "IAM Access Analyzer has no active analyzer in a region",
    service: "iam",
    severity: Severity::Medium,
    domain: Domain::IdentityAccess,
    duty: "Run an IAM Access Analyzer external-access analyzer in every region to find resources shared outside your account or organization.",
    kinds: &[ResourceKind::AccessAnalyzerAnalyzer],
    rationale: "Resource policies on buckets, keys, roles, queues, secrets and snapshots can grant access to other \
        accounts or to everyone, and nothing warns you unless you look. IAM Access Analyzer reasons over those \
        policies and reports every grant to a principal outside the account or organization, but only in regions \
        where the customer has created an analyzer; analyzers are regional (CIS AWS Foundations 1.20).",
    remediation: Remediation {
        text: "Create an analyzer of type ACCOUNT (or ORGANIZATION, from the management or delegated administrator \
            account) in every region you can use, and review or archive its findings.",
        cli: Some("aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region <region>"),
        terraform: Some("resource \"aws_accessanalyzer_analyzer\" \"this\" {\n  analyzer_name = \"external-access\"\n  type          = \"ACCOUNT\"\n}"),
        cloudformation: Some("Analyzer:\n  Type: AWS::AccessAnalyzer::Analyzer\n  Properties:\n    AnalyzerName: external-access\n    Type: ACCOUNT"),
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/iam-external-access-analyzer-enabled.html",
    ],
};

impl ResourceCheck for AccessAnalyzerNotEnabled {
    type Kind = Analyzer;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, a: &Analyzer, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let region = r.region.as_deref().unwrap_or("this region");
        let active = a.active_analyzers.known("active_analyzers")?;
        // Unused-access and internal-access analyzers do not report grants to
        // outside principals; entries read `name (TYPE)`.
        let external: Vec<&String> =
            active.iter().filter(|a| !(a.contains("UNUSED_ACCESS") || a.contains("INTERNAL_ACCESS"))).collect();
        if !external.is_empty() {
            let names: Vec<&str> = external.iter().map(|s| s.as_str()).collect();
            return Ok(Verdict::pass(format!("IAM Access Analyzer is active in {region}: {}.", names.join(", "))));
        }
        if active.is_empty() {
            Ok(Verdict::fail(
                "active_analyzers",
                format!("IAM Access Analyzer has no active analyzer in {region}: external access there goes unreported."),
            ))
        } else {
            Ok(Verdict::fail(
                "active_analyzers",
                format!(
                    "IAM Access Analyzer has no external-access analyzer in {region}, only {}: external access there goes unreported.",
                    active.join(", ")
                ),
            ))
        }
    }
}
