use crate::prelude::*;
use onus_model::resources::iam::User;

/// A console password without MFA is one phishing email from a breach.
pub struct ConsoleUserWithoutMfa;

static META: CheckMeta = CheckMeta {
    id: "iam-console-user-without-mfa",
    aliases: &[],
    title: "IAM user with a console password has no MFA",
    service: "iam",
    severity: Severity::High,
    domain: Domain::IdentityAccess,
    duty: "Require MFA for every human who signs in to the console.",
    kinds: &[ResourceKind::IamUser],
    rationale: "Passwords are phished, reused and guessed. MFA makes a stolen password insufficient. CIS AWS \
        Foundations 1.10 requires MFA for all IAM users with a console password. Better still, replace IAM users \
        with IAM Identity Center and federated sign-in.",
    remediation: Remediation {
        text: "Assign an MFA device to the user (or have the user do it), then enforce it with a policy that denies \
            everything but MFA self-management when `aws:MultiFactorAuthPresent` is false. If the user does not need \
            the console, delete its login profile instead.",
        cli: Some("aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png --bootstrap-method QRCodePNG\naws iam enable-mfa-device --user-name <user> --serial-number <arn> --authentication-code1 <code1> --authentication-code2 <code2>\n# or, if the user does not need the console:\naws iam delete-login-profile --user-name <user>"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html",
    ],
};

impl ResourceCheck for ConsoleUserWithoutMfa {
    type Kind = User;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, user: &User, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if !*user.password_enabled.known("password_enabled")? {
            return Ok(Verdict::pass(format!("{} has no console password.", r.name)));
        }
        let devices = user.mfa_devices.known("mfa_devices")?;
        if devices.is_empty() {
            Ok(Verdict::fail("mfa_devices", format!("{} can sign in to the console without MFA.", r.name)))
        } else {
            Ok(Verdict::pass(format!("{} has {} MFA device(s).", r.name, devices.len())))
        }
    }
}
