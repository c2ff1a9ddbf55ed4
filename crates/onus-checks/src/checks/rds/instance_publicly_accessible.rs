use crate::prelude::*;
use onus_model::resources::rds::DbInstance;

/// A publicly accessible database is one security-group mistake from the internet.
pub struct InstancePubliclyAccessible;

static META: CheckMeta = CheckMeta {
    id: "rds-instance-publicly-accessible",
    aliases: &[],
    title: "RDS instance is publicly accessible",
    service: "rds",
    severity: Severity::Critical,
    domain: Domain::NetworkFirewall,
    duty: "Keep databases in private subnets, reachable only from the workloads that use them.",
    kinds: &[ResourceKind::RdsDbInstance],
    rationale: "With `PubliclyAccessible` the instance gets a public IP address and its endpoint resolves to it \
        from outside the VPC; only the security group then stands between the database and the internet. Database \
        ports are among the most scanned on the internet (AWS FSBP RDS.2, CIS AWS Foundations 2.3.3).",
    remediation: Remediation {
        text: "Turn off public accessibility, and reach the database through the VPC (a bastion via Session Manager, \
            a VPN, or the application tier).",
        cli: Some("aws rds modify-db-instance --db-instance-identifier <db> --no-publicly-accessible --apply-immediately"),
        terraform: Some("resource \"aws_db_instance\" \"this\" {\n  # ...\n  publicly_accessible = false\n}"),
        cloudformation: Some("Database:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    # ...\n    PubliclyAccessible: false"),
    },
    references: &["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding"],
};

impl ResourceCheck for InstancePubliclyAccessible {
    type Kind = DbInstance;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, db: &DbInstance, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *db.publicly_accessible.known("publicly_accessible")? {
            Ok(Verdict::fail("publicly_accessible", format!("{} is publicly accessible.", r.name)))
        } else {
            Ok(Verdict::pass(format!("{} is not publicly accessible.", r.name)))
        }
    }
}
