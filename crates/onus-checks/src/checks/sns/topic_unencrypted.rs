use crate::prelude::*;
use onus_model::resources::messaging::Topic;

/// Without SSE, published messages are stored unencrypted until delivered.
pub struct TopicUnencrypted;

static META: CheckMeta = CheckMeta {
    id: "sns-topic-unencrypted",
    aliases: &[],
    title: "SNS topic is not encrypted at rest",
    service: "sns",
    severity: Severity::Medium,
    domain: Domain::DataAtRest,
    duty: "Encrypt SNS topics that carry sensitive data with a KMS key.",
    kinds: &[ResourceKind::SnsTopic],
    rationale: "SNS stores each published message until it is delivered to every subscriber. Encrypting it at rest \
        is the customer's choice: a topic without a KMS key keeps message bodies unencrypted while they wait, and \
        alerts and notifications often carry personal data, hostnames or tokens (AWS FSBP SNS.1). A customer \
        managed key also controls which publishers and services may use the topic.",
    remediation: Remediation {
        text: "Set a KMS key on the topic: a customer managed key whose policy lets the publishing services (CloudWatch, \
            EventBridge, S3…) use it, or the AWS managed alias/aws/sns where no AWS service publishes. Only messages \
            published after the change are encrypted.",
        cli: Some("aws sns set-topic-attributes --topic-arn <topic-arn> --attribute-name KmsMasterKeyId --attribute-value <kms-key-id>"),
        terraform: Some("resource \"aws_sns_topic\" \"this\" {\n  name              = \"alerts\"\n  kms_master_key_id = aws_kms_key.sns.arn\n}"),
        cloudformation: Some("Topic:\n  Type: AWS::SNS::Topic\n  Properties:\n    KmsMasterKeyId: !Ref SnsKey"),
    },
    references: &[
        "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1",
    ],
};

impl ResourceCheck for TopicUnencrypted {
    type Kind = Topic;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, t: &Topic, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        match t.kms_master_key_id.known("kms_master_key_id")? {
            Some(key) => Ok(Verdict::pass(format!("{} is encrypted with KMS key {key}.", r.name))),
            None => Ok(Verdict::fail("kms_master_key_id", format!("{} is not encrypted at rest.", r.name))),
        }
    }
}
