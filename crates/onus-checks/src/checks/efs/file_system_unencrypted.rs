use crate::prelude::*;
use onus_model::resources::efs::FileSystem;

/// An unencrypted file system stores shared files in the clear.
pub struct FileSystemUnencrypted;

static META: CheckMeta = CheckMeta {
    id: "efs-file-system-unencrypted",
    aliases: &[],
    title: "EFS file system is not encrypted at rest",
    service: "efs",
    severity: Severity::Medium,
    domain: Domain::DataAtRest,
    duty: "Create EFS file systems with encryption at rest.",
    kinds: &[ResourceKind::EfsFileSystem],
    rationale: "AWS stores EFS data redundantly across its facilities, but encrypting it at rest with KMS is the \
        customer's choice, made when the file system is created and impossible to turn on afterwards. Without it, \
        file data and metadata are not protected by a key whose use you control and audit (CIS AWS Foundations \
        2.4.1, AWS FSBP EFS.1).",
    remediation: Remediation {
        text: "Create a new encrypted file system, copy the data across (for example with AWS DataSync), switch the \
            mount targets of your clients over, and delete the old one. Require encryption for new file systems with \
            the elasticfilesystem:Encrypted condition key in an IAM policy or SCP.",
        cli: Some("aws efs create-file-system --encrypted --kms-key-id <key> --creation-token <token>"),
        terraform: Some("resource \"aws_efs_file_system\" \"this\" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}"),
        cloudformation: Some("FileSystem:\n  Type: AWS::EFS::FileSystem\n  Properties:\n    Encrypted: true\n    KmsKeyId: !Ref EfsKey"),
    },
    references: &[
        "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-1",
    ],
};

impl ResourceCheck for FileSystemUnencrypted {
    type Kind = FileSystem;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, fs: &FileSystem, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *fs.encrypted.known("encrypted")? {
            Ok(Verdict::pass(format!("{} is encrypted at rest.", r.name)))
        } else {
            Ok(Verdict::fail("encrypted", format!("{} is not encrypted at rest.", r.name)))
        }
    }
}
