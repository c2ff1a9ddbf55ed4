use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict, known_policy};
use onus_model::resources::messaging::Queue;

/// A queue anyone may write to or read from is an open door into the application.
pub struct QueuePolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "sqs-queue-policy-public",
    aliases: &[],
    title: "SQS queue policy lets anyone use the queue",
    service: "sqs",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Let only known principals and services send to, receive from or manage a queue.",
    kinds: &[ResourceKind::SqsQueue],
    rationale: "A queue policy that allows `\"Principal\": \"*\"` without a condition that binds the caller lets anyone send messages (injecting work into consumers) or receive and delete them (reading and destroying data). Service integrations (SNS, S3, EventBridge) should be limited with `aws:SourceArn` or `aws:SourceAccount`; onus evaluates the conditions with its IAM engine, so such statements are not reported, while a condition the caller controls (`aws:SecureTransport`) does not protect.",
    remediation: Remediation {
        text: "Name the principals that need the queue, or bind the caller with `aws:SourceArn`, `aws:SourceAccount` or `aws:PrincipalOrgID`.",
        cli: Some("aws sqs get-queue-attributes --queue-url <queue-url> --attribute-names Policy\naws sqs set-queue-attributes --queue-url <queue-url> --attributes file://attributes.json"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-3",
    ],
};

impl ResourceCheck for QueuePolicyPublic {
    type Kind = Queue;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &Queue, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = known_policy(&x.policy, "policy")?;
        let arn = arn_of(r, |region, account| "arn:aws:sqs:{r}:{a}:{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "policy",
            arn: &arn,
            service: "sqs",
            requires_resource_policy: false,
            noun: "queue policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
