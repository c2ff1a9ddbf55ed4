use crate::prelude::*;
use crate::support::sharing::shared_note;
use onus_model::resources::ec2::Snapshot;

/// A public snapshot hands a full copy of the disk to every AWS account.
pub struct SnapshotPublic;

static META: CheckMeta = CheckMeta {
    id: "ebs-snapshot-public",
    aliases: &[],
    title: "EBS snapshot is public",
    service: "ebs",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Share EBS snapshots only with accounts you know, never with everyone.",
    kinds: &[ResourceKind::Ec2Snapshot],
    rationale: "A snapshot whose create-volume permission includes the group `all` is public: any AWS account can \
        create a volume from it and read everything that was on the disk, including deleted files, credentials and \
        database files. AWS keeps snapshots private unless you share them; who may use them is the customer's \
        configuration (AWS FSBP EC2.1). Sharing with specific accounts passes here; whether those accounts are \
        trusted is for you to review.",
    remediation: Remediation {
        text: "Remove the public create-volume permission (share with specific accounts instead, if needed), and turn \
            on block public access for EBS snapshots in every region so snapshots cannot be made public again. If the \
            snapshot was public for a while, treat the data on it as exposed and rotate any secrets it held.",
        cli: Some("aws ec2 modify-snapshot-attribute --snapshot-id <snap-id> --attribute createVolumePermission --operation-type remove --group-names all\naws ec2 enable-snapshot-block-public-access --state block-all-sharing"),
        terraform: Some("resource \"aws_ebs_snapshot_block_public_access\" \"this\" {\n  state = \"block-all-sharing\"\n}"),
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html",
        "https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-1",
    ],
};

impl ResourceCheck for SnapshotPublic {
    type Kind = Snapshot;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, s: &Snapshot, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *s.public.known("public")? {
            return Ok(Verdict::fail(
                "public",
                format!("{} is public: any AWS account can create volumes from it.", r.name),
            ));
        }
        Ok(Verdict::pass(format!("{} is not public{}.", r.name, shared_note(&s.shared_with_accounts))))
    }
}
