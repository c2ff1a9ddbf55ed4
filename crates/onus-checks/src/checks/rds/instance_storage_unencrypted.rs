use crate::prelude::*;
use onus_model::resources::rds::DbInstance;

/// Unencrypted database storage means unencrypted snapshots and backups too.
pub struct InstanceStorageUnencrypted;

static META: CheckMeta = CheckMeta {
    id: "rds-instance-storage-unencrypted",
    aliases: &[],
    title: "RDS instance storage is not encrypted",
    service: "rds",
    severity: Severity::High,
    domain: Domain::DataAtRest,
    duty: "Encrypt databases at rest, including their snapshots, backups and read replicas.",
    kinds: &[ResourceKind::RdsDbInstance],
    rationale: "AWS runs the database engine, but whether its storage is encrypted is the customer's choice, \
        made at creation and impossible to change in place. Unencrypted instances produce unencrypted snapshots, \
        which can be shared across accounts or made public (AWS FSBP RDS.3, CIS AWS Foundations 2.3.1).",
    remediation: Remediation {
        text: "Snapshot the instance, copy the snapshot with encryption, restore a new instance from the copy, and \
            switch clients over. Aurora instances inherit encryption from their cluster.",
        cli: Some("aws rds create-db-snapshot --db-instance-identifier <db> --db-snapshot-identifier <db>-pre-encryption\naws rds copy-db-snapshot --source-db-snapshot-identifier <db>-pre-encryption --target-db-snapshot-identifier <db>-encrypted --kms-key-id <key>\naws rds restore-db-instance-from-db-snapshot --db-instance-identifier <db>-new --db-snapshot-identifier <db>-encrypted"),
        terraform: Some("resource \"aws_db_instance\" \"this\" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}"),
        cloudformation: Some("Database:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    # ...\n    StorageEncrypted: true\n    KmsKeyId: !Ref RdsKey"),
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"],
};

impl ResourceCheck for InstanceStorageUnencrypted {
    type Kind = DbInstance;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, db: &DbInstance, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *db.storage_encrypted.known("storage_encrypted")? {
            Ok(Verdict::pass(format!("{} storage is encrypted.", r.name)))
        } else {
            Ok(Verdict::fail("storage_encrypted", format!("{} storage is not encrypted.", r.name)))
        }
    }
}
