use crate::prelude::*;
use onus_model::resources::messaging::Queue;

/// Messages often carry personal data and tokens; unencrypted, they sit in the clear.
pub struct QueueUnencrypted;

static META: CheckMeta = CheckMeta {
    id: "sqs-queue-unencrypted",
    aliases: &[],
    title: "SQS queue is not encrypted at rest",
    service: "sqs",
    severity: Severity::Medium,
    domain: Domain::DataAtRest,
    duty: "Encrypt queued messages at rest, with a customer managed KMS key where the data is sensitive.",
    kinds: &[ResourceKind::SqsQueue],
    rationale: "Server-side encryption of an SQS queue is a setting the customer chooses: SQS-managed keys (SSE-SQS) \
        or a KMS key (SSE-KMS). New queues get SSE-SQS by default, but queues created earlier, or with encryption \
        turned off, keep message bodies unencrypted at rest (AWS FSBP SQS.1). A KMS key adds control over who can \
        decrypt, and an audit trail of every use.",
    remediation: Remediation {
        text: "Turn on SSE-SQS, or SSE-KMS with a customer managed key for sensitive data (and grant the producers and \
            consumers kms:GenerateDataKey and kms:Decrypt). Only messages sent after the change are encrypted.",
        cli: Some("aws sqs set-queue-attributes --queue-url <queue-url> --attributes SqsManagedSseEnabled=true\naws sqs set-queue-attributes --queue-url <queue-url> --attributes KmsMasterKeyId=<kms-key-id>"),
        terraform: Some("resource \"aws_sqs_queue\" \"this\" {\n  name              = \"orders\"\n  kms_master_key_id = aws_kms_key.sqs.arn\n  # or: sqs_managed_sse_enabled = true\n}"),
        cloudformation: Some("Queue:\n  Type: AWS::SQS::Queue\n  Properties:\n    KmsMasterKeyId: !Ref SqsKey\n    # or: SqsManagedSseEnabled: true"),
    },
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1",
    ],
};

impl ResourceCheck for QueueUnencrypted {
    type Kind = Queue;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, q: &Queue, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        // Either setting known to be on is enough; both must be known to be off to fail.
        if let Some(Some(key)) = q.kms_master_key_id.value() {
            return Ok(Verdict::pass(format!("{} is encrypted with KMS key {key}.", r.name)));
        }
        if q.sqs_managed_sse.value() == Some(&true) {
            return Ok(Verdict::pass(format!("{} is encrypted with SQS-managed keys (SSE-SQS).", r.name)));
        }
        q.kms_master_key_id.known("kms_master_key_id")?;
        q.sqs_managed_sse.known("sqs_managed_sse")?;
        Ok(Verdict::fail("kms_master_key_id", format!("{} is not encrypted at rest: neither SSE-KMS nor SSE-SQS is on.", r.name)))
    }
}
