use crate::prelude::*;
use onus_model::resources::rds::DbInstance;

/// Without automated backups there is no point-in-time recovery.
pub struct InstanceBackupsInsufficient;

/// Minimum retention, in days, for automated backups.
pub const MIN_RETENTION_DAYS: u32 = 7;

static META: CheckMeta = CheckMeta {
    id: "rds-instance-backups-insufficient",
    aliases: &[],
    title: "RDS instance keeps automated backups for less than 7 days",
    service: "rds",
    severity: Severity::Medium,
    domain: Domain::BackupRecovery,
    duty: "Configure backup retention for your databases that meets your recovery objectives, and test restores.",
    kinds: &[ResourceKind::RdsDbInstance],
    rationale: "AWS performs the backups, but only as configured: a retention period of 0 disables automated \
        backups and point-in-time recovery entirely, and a short one leaves little time to notice corruption \
        (AWS FSBP RDS.11). Aurora instances take their retention from the cluster and are not evaluated here.",
    remediation: Remediation {
        text: "Set the backup retention period to at least 7 days (up to 35).",
        cli: Some("aws rds modify-db-instance --db-instance-identifier <db> --backup-retention-period 7 --apply-immediately"),
        terraform: Some("resource \"aws_db_instance\" \"this\" {\n  # ...\n  backup_retention_period = 7\n}"),
        cloudformation: Some("Database:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    # ...\n    BackupRetentionPeriod: 7"),
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html"],
};

impl ResourceCheck for InstanceBackupsInsufficient {
    type Kind = DbInstance;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, db: &DbInstance, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if db.db_cluster_identifier.known("db_cluster_identifier")?.is_some() {
            return Ok(Verdict::NotApplicable("Aurora instances take backup retention from their cluster"));
        }
        match *db.backup_retention_period.known("backup_retention_period")? {
            0 => Ok(Verdict::fail("backup_retention_period", format!("{} has automated backups disabled.", r.name))),
            n if n < MIN_RETENTION_DAYS => Ok(Verdict::fail(
                "backup_retention_period",
                format!("{} keeps automated backups for {n} day(s), less than {MIN_RETENTION_DAYS}.", r.name),
            )),
            n => Ok(Verdict::pass(format!("{} keeps automated backups for {n} days.", r.name))),
        }
    }
}
