use crate::prelude::*;
use onus_model::resources::dynamodb::Table;

/// Without point-in-time recovery, a bad write or a dropped item is permanent.
pub struct TablePitrDisabled;

static META: CheckMeta = CheckMeta {
    id: "dynamodb-table-pitr-disabled",
    aliases: &[],
    title: "DynamoDB table has point-in-time recovery turned off",
    service: "dynamodb",
    severity: Severity::Medium,
    domain: Domain::BackupRecovery,
    duty: "Turn on point-in-time recovery for DynamoDB tables whose data you cannot rebuild.",
    kinds: &[ResourceKind::DynamoDbTable],
    rationale: "DynamoDB replicates every table across Availability Zones, which protects against AWS failures but \
        not against your own: an application bug, a bad migration or a malicious delete is replicated just as \
        faithfully. Point-in-time recovery keeps continuous backups for up to 35 days and restores the table to \
        any second in that window; it is off until the customer turns it on (AWS FSBP DynamoDB.2).",
    remediation: Remediation {
        text: "Enable point-in-time recovery on the table (optionally with a recovery period shorter than 35 days), \
            and protect important tables with deletion protection and AWS Backup plans as well.",
        cli: Some("aws dynamodb update-continuous-backups --table-name <table> --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true"),
        terraform: Some("resource \"aws_dynamodb_table\" \"this\" {\n  # ...\n  point_in_time_recovery {\n    enabled = true\n  }\n}"),
        cloudformation: Some("Table:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    # ...\n    PointInTimeRecoverySpecification:\n      PointInTimeRecoveryEnabled: true"),
    },
    references: &["https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html"],
};

impl ResourceCheck for TablePitrDisabled {
    type Kind = Table;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, t: &Table, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *t.point_in_time_recovery.known("point_in_time_recovery")? {
            Ok(Verdict::pass(format!("{} has point-in-time recovery enabled.", r.name)))
        } else {
            Ok(Verdict::fail("point_in_time_recovery", format!("{} has point-in-time recovery turned off.", r.name)))
        }
    }
}
