use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict, known_policy};
use onus_model::resources::messaging::Topic;

/// A topic anyone may publish to or subscribe to leaks and forges notifications.
pub struct TopicPolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "sns-topic-policy-public",
    aliases: &[],
    title: "SNS topic policy lets anyone use the topic",
    service: "sns",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Let only known principals and services publish to, subscribe to or manage a topic.",
    kinds: &[ResourceKind::SnsTopic],
    rationale: "A topic policy that allows `\"Principal\": \"*\"` without a condition that binds the caller lets anyone publish (forging alerts and events) or subscribe (receiving every message). Service publishers (CloudWatch alarms, S3 events) should be limited with `aws:SourceArn` or `aws:SourceAccount`; onus evaluates the conditions with its IAM engine, so those are not reported.",
    remediation: Remediation {
        text: "Name the principals that need the topic, or bind the caller with `aws:SourceArn`, `aws:SourceAccount` or `aws:PrincipalOrgID`.",
        cli: Some("aws sns get-topic-attributes --topic-arn <topic-arn> --query Attributes.Policy --output text > policy.json\n# edit policy.json, then:\naws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name Policy --attribute-value file://policy.json"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html",
    ],
};

impl ResourceCheck for TopicPolicyPublic {
    type Kind = Topic;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &Topic, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = known_policy(&x.policy, "policy")?;
        let arn = arn_of(r, |region, account| "arn:aws:sns:{r}:{a}:{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "policy",
            arn: &arn,
            service: "sns",
            requires_resource_policy: false,
            noun: "topic policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
