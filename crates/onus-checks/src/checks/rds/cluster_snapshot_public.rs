use crate::prelude::*;
use crate::support::sharing::shared_note;
use onus_model::resources::rds::DbClusterSnapshot;

/// A public cluster snapshot lets any AWS account restore a copy of the database.
pub struct ClusterSnapshotPublic;

static META: CheckMeta = CheckMeta {
    id: "rds-cluster-snapshot-public",
    aliases: &[],
    title: "DB cluster snapshot is public",
    service: "rds",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Share database snapshots only with accounts you know, never with everyone.",
    kinds: &[ResourceKind::RdsDbClusterSnapshot],
    rationale: "A manual DB cluster snapshot whose `restore` attribute includes `all` is public: any AWS account can \
        restore it into a cluster of its own and read every table, bypassing database users, security groups and \
        network isolation. AWS keeps snapshots private unless you share them; who may restore them is the customer's \
        configuration (AWS FSBP RDS.1). Sharing with specific accounts passes here; whether those accounts are \
        trusted is for you to review.",
    remediation: Remediation {
        text: "Remove `all` from the cluster snapshot's restore attribute (share with specific accounts instead, if \
            needed). If the snapshot was public for a while, treat the data in it as exposed and rotate the credentials \
            it contains.",
        cli: Some("aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier <snapshot> --attribute-name restore --values-to-remove all"),
        terraform: Some("resource \"aws_db_cluster_snapshot\" \"this\" {\n  db_cluster_identifier          = aws_rds_cluster.this.id\n  db_cluster_snapshot_identifier = \"pre-migration\"\n  shared_accounts                = [] # never \"all\"\n}"),
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-share-snapshot.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-1",
    ],
};

impl ResourceCheck for ClusterSnapshotPublic {
    type Kind = DbClusterSnapshot;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, s: &DbClusterSnapshot, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *s.public.known("public")? {
            return Ok(Verdict::fail(
                "public",
                format!("{} is public: any AWS account can restore it.", r.name),
            ));
        }
        Ok(Verdict::pass(format!("{} is not public{}.", r.name, shared_note(&s.shared_with_accounts))))
    }
}
