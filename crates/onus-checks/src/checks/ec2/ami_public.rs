use crate::prelude::*;
use crate::support::sharing::shared_note;
use onus_model::resources::ec2::Image;

/// A public AMI lets every AWS account launch a copy of your server.
pub struct AmiPublic;

static META: CheckMeta = CheckMeta {
    id: "ec2-ami-public",
    aliases: &[],
    title: "AMI is public",
    service: "ec2",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Share machine images only with accounts you know, never with everyone.",
    kinds: &[ResourceKind::Ec2Image],
    rationale: "An AMI whose launch permission includes the group `all` is public: any AWS account can launch it, or \
        copy the snapshots behind it, and read everything baked into the image, such as application code, \
        configuration files, SSH host keys and credentials left on the disk. AWS keeps AMIs private unless you share \
        them; who may launch them is the customer's configuration. Sharing with specific accounts passes here; \
        whether those accounts are trusted is for you to review.",
    remediation: Remediation {
        text: "Remove the public launch permission (share with specific accounts or your organization instead, if \
            needed), and turn on block public access for AMIs in every region so no image can be made public again. If \
            the image was public for a while, treat what was on it as exposed and rotate any secrets it held.",
        cli: Some("aws ec2 modify-image-attribute --image-id <ami-id> --launch-permission 'Remove=[{Group=all}]'\naws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing"),
        terraform: Some("resource \"aws_ec2_image_block_public_access\" \"this\" {\n  state = \"block-new-sharing\"\n}"),
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html",
    ],
};

impl ResourceCheck for AmiPublic {
    type Kind = Image;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, image: &Image, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *image.public.known("public")? {
            return Ok(Verdict::fail("public", format!("{} is public: any AWS account can launch it.", r.name)));
        }
        Ok(Verdict::pass(format!("{} is not public{}.", r.name, shared_note(&image.shared_with_accounts))))
    }
}
