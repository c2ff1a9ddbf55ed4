use crate::prelude::*;
use onus_model::resources::rds::DbCluster;

/// An unencrypted cluster leaves its volume, backups and snapshots in the clear.
pub struct ClusterStorageUnencrypted;

static META: CheckMeta = CheckMeta {
    id: "aurora-cluster-storage-unencrypted",
    aliases: &[],
    title: "DB cluster storage is not encrypted",
    service: "aurora",
    severity: Severity::High,
    domain: Domain::DataAtRest,
    duty: "Encrypt database clusters at rest, so their storage, backups and snapshots are encrypted too.",
    kinds: &[ResourceKind::RdsDbCluster],
    rationale: "AWS runs the cluster's shared storage, but whether it is encrypted is the customer's choice, made at \
        creation and impossible to change in place. An unencrypted Aurora or Multi-AZ DB cluster keeps its data, \
        automated backups and snapshots unencrypted, and those snapshots can be shared across accounts or made \
        public (AWS FSBP RDS.27, CIS AWS Foundations 2.3.1).",
    remediation: Remediation {
        text: "Take a snapshot of the cluster, restore it to a new cluster with encryption and a KMS key (restoring \
            from a snapshot is where encryption can be turned on), then switch clients over and delete the old cluster. \
            Turn on encryption for every new cluster in your templates.",
        cli: Some("aws rds create-db-cluster-snapshot --db-cluster-identifier <cluster> --db-cluster-snapshot-identifier <cluster>-pre-encryption\naws rds restore-db-cluster-from-snapshot --db-cluster-identifier <cluster>-encrypted --snapshot-identifier <cluster>-pre-encryption --engine <engine> --kms-key-id <key>"),
        terraform: Some("resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}"),
        cloudformation: Some("Cluster:\n  Type: AWS::RDS::DBCluster\n  Properties:\n    # ...\n    StorageEncrypted: true\n    KmsKeyId: !Ref RdsKey"),
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-27",
    ],
};

impl ResourceCheck for ClusterStorageUnencrypted {
    type Kind = DbCluster;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, c: &DbCluster, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *c.storage_encrypted.known("storage_encrypted")? {
            Ok(Verdict::pass(format!("{} storage is encrypted.", r.name)))
        } else {
            Ok(Verdict::fail(
                "storage_encrypted",
                format!("{} storage is not encrypted, nor are its backups and snapshots.", r.name),
            ))
        }
    }
}
