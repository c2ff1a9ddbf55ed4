use crate::prelude::*;
use onus_model::resources::ec2::Instance;

/// IMDSv1 answers any request that reaches 169.254.169.254, including one an
/// attacker makes the instance send (SSRF), and hands out the role's credentials.
pub struct InstanceImdsv1Allowed;

static META: CheckMeta = CheckMeta {
    id: "ec2-instance-imdsv1-allowed",
    aliases: &[],
    title: "EC2 instance allows IMDSv1 (metadata tokens optional)",
    service: "ec2",
    severity: Severity::High,
    domain: Domain::ComputeOs,
    duty: "Require IMDSv2 session tokens on every instance, or turn the metadata endpoint off.",
    kinds: &[ResourceKind::Ec2Instance],
    rationale: "The instance metadata service serves the temporary credentials of the instance's role. IMDSv1 \
        answers plain GET requests, so a server-side request forgery or an open proxy on the instance is enough \
        to steal them; IMDSv2 requires a session token obtained with a PUT request, which such flaws rarely can \
        send. AWS offers IMDSv2 on every instance, but whether IMDSv1 stays available is the customer's setting \
        (AWS FSBP EC2.8, CIS AWS Foundations 5.6). Terminated and shutting-down instances are not evaluated.",
    remediation: Remediation {
        text: "Check that the software on the instance uses IMDSv2 (current AWS SDKs and the CLI do; the \
            MetadataNoToken CloudWatch metric shows remaining IMDSv1 calls), then set metadata tokens to required. \
            Make IMDSv2 the default for new instances in the account, and require it in launch templates and AMIs.",
        cli: Some("aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens required --http-endpoint enabled\naws ec2 modify-instance-metadata-defaults --http-tokens required --region <region>"),
        terraform: Some("resource \"aws_instance\" \"this\" {\n  # ...\n  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n  }\n}"),
        cloudformation: Some("LaunchTemplate:\n  Type: AWS::EC2::LaunchTemplate\n  Properties:\n    LaunchTemplateData:\n      MetadataOptions:\n        HttpEndpoint: enabled\n        HttpTokens: required"),
    },
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-v2-how-it-works.html",
    ],
};

impl ResourceCheck for InstanceImdsv1Allowed {
    type Kind = Instance;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, i: &Instance, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        // Infrastructure as code has no state yet: an unknown state does not
        // stop the evaluation, only a known terminal one does.
        if i.state.value().is_some_and(|s| matches!(s.as_str(), "terminated" | "shutting-down")) {
            return Ok(Verdict::NotApplicable("terminated instances serve no metadata"));
        }
        // With the endpoint off there is no metadata service at all, whatever the token setting says.
        if i.metadata_http_endpoint.value().is_some_and(|e| e.eq_ignore_ascii_case("disabled")) {
            return Ok(Verdict::pass(format!("{} has the instance metadata endpoint disabled.", r.name)));
        }
        let tokens = i.metadata_http_tokens.known("metadata_http_tokens")?;
        if tokens.eq_ignore_ascii_case("required") {
            return Ok(Verdict::pass(format!("{} requires IMDSv2 session tokens.", r.name)));
        }
        if !tokens.eq_ignore_ascii_case("optional") {
            return Err(Undecided::Error {
                attribute: "metadata_http_tokens",
                message: format!("unexpected value {tokens:?} (expected \"required\" or \"optional\")"),
            });
        }
        let endpoint = i.metadata_http_endpoint.known("metadata_http_endpoint")?;
        if endpoint.eq_ignore_ascii_case("enabled") {
            Ok(Verdict::fail(
                "metadata_http_tokens",
                format!("{} allows IMDSv1: the metadata endpoint is enabled and session tokens are optional.", r.name),
            ))
        } else {
            Err(Undecided::Error {
                attribute: "metadata_http_endpoint",
                message: format!("unexpected value {endpoint:?} (expected \"enabled\" or \"disabled\")"),
            })
        }
    }
}
