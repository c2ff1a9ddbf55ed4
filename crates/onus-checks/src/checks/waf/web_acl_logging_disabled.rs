use crate::prelude::*;
use onus_model::resources::wafv2::WebAcl;

/// Without logs, a web ACL blocks attacks silently and lets others through unrecorded.
pub struct WebAclLoggingDisabled;

static META: CheckMeta = CheckMeta {
    id: "waf-web-acl-logging-disabled",
    aliases: &[],
    title: "WAF web ACL does not log requests",
    service: "waf",
    severity: Severity::Medium,
    domain: Domain::LoggingMonitoring,
    duty: "Log the requests your web ACLs inspect, so attacks and false positives can be investigated.",
    kinds: &[ResourceKind::Wafv2WebAcl],
    rationale: "AWS WAF evaluates every request against your rules, but it records which rule matched, and what it \
        did, only when the customer configures logging to CloudWatch Logs, S3 or Firehose. Without those logs you \
        cannot tell an attack that was blocked from one that got through, tune rules that block legitimate users, or \
        reconstruct an incident (AWS FSBP WAF.11).",
    remediation: Remediation {
        text: "Enable logging on the web ACL to a CloudWatch Logs group, S3 bucket or Firehose stream whose name starts \
            with `aws-waf-logs-`, and redact fields that carry credentials (the Authorization header, session cookies).",
        cli: Some("aws wafv2 put-logging-configuration --logging-configuration ResourceArn=<web-acl-arn>,LogDestinationConfigs=arn:aws:logs:<region>:<account>:log-group:aws-waf-logs-<name>"),
        terraform: Some("resource \"aws_wafv2_web_acl_logging_configuration\" \"this\" {\n  resource_arn            = aws_wafv2_web_acl.this.arn\n  log_destination_configs = [aws_cloudwatch_log_group.waf.arn] # name starts with aws-waf-logs-\n  redacted_fields {\n    single_header {\n      name = \"authorization\"\n    }\n  }\n}"),
        cloudformation: Some("WebAclLogging:\n  Type: AWS::WAFv2::LoggingConfiguration\n  Properties:\n    ResourceArn: !GetAtt WebAcl.Arn\n    LogDestinationConfigs:\n      - !GetAtt WafLogGroup.Arn # name starts with aws-waf-logs-"),
    },
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/logging.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html#waf-11",
    ],
};

impl ResourceCheck for WebAclLoggingDisabled {
    type Kind = WebAcl;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, acl: &WebAcl, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *acl.logging_enabled.known("logging_enabled")? {
            Ok(Verdict::pass(format!("{} logs the requests it inspects.", r.name)))
        } else {
            let protects = match acl.associated_resources.value() {
                Some(a) if !a.is_empty() => {
                    format!(" although it protects {} resource{}", a.len(), if a.len() == 1 { "" } else { "s" })
                }
                _ => String::new(),
            };
            Ok(Verdict::fail("logging_enabled", format!("{} does not log requests{protects}.", r.name)))
        }
    }
}
