use crate::prelude::*;
use onus_model::resources::ec2::Volume;

/// Unencrypted volumes leak through snapshots shared or copied by mistake.
pub struct VolumeUnencrypted;

static META: CheckMeta = CheckMeta {
    id: "ebs-volume-unencrypted",
    aliases: &[],
    title: "EBS volume is not encrypted",
    service: "ebs",
    severity: Severity::Medium,
    domain: Domain::DataAtRest,
    duty: "Encrypt block storage at rest with KMS keys you control.",
    kinds: &[ResourceKind::Ec2Volume],
    rationale: "AWS protects the physical disks, but encrypting the data on a volume is the customer's choice. \
        An unencrypted volume yields unencrypted snapshots, which can be shared or made public by mistake and \
        cannot be protected by key policies (AWS FSBP EC2.3).",
    remediation: Remediation {
        text: "A volume cannot be encrypted in place: snapshot it, copy the snapshot with encryption, create a new \
            volume from the copy and swap it in. Turn on EBS encryption by default so new volumes are encrypted.",
        cli: Some("aws ec2 create-snapshot --volume-id <vol-id>\naws ec2 copy-snapshot --source-snapshot-id <snap-id> --source-region <region> --encrypted --kms-key-id <key>\naws ec2 create-volume --snapshot-id <encrypted-snap-id> --availability-zone <az>"),
        terraform: Some("resource \"aws_ebs_volume\" \"this\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 100\n  encrypted         = true\n  kms_key_id        = aws_kms_key.ebs.arn\n}"),
        cloudformation: Some("Volume:\n  Type: AWS::EC2::Volume\n  Properties:\n    AvailabilityZone: eu-west-1a\n    Size: 100\n    Encrypted: true\n    KmsKeyId: !Ref EbsKey"),
    },
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
};

impl ResourceCheck for VolumeUnencrypted {
    type Kind = Volume;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, v: &Volume, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *v.encrypted.known("encrypted")? {
            Ok(Verdict::pass(format!("{} is encrypted.", r.name)))
        } else {
            Ok(Verdict::fail("encrypted", format!("{} is not encrypted.", r.name)))
        }
    }
}
