use crate::prelude::*;
use onus_model::resources::iam::AccountPasswordPolicy;

/// A weak password policy lets IAM users choose guessable passwords.
pub struct PasswordPolicyWeak;

/// CIS AWS Foundations 1.8: minimum length.
pub const MIN_LENGTH: u32 = 14;
/// CIS AWS Foundations 1.9: passwords remembered.
pub const MIN_REUSE_PREVENTION: u32 = 24;

static META: CheckMeta = CheckMeta {
    id: "iam-password-policy-weak",
    aliases: &[],
    title: "Account password policy is weaker than CIS",
    service: "iam",
    severity: Severity::Medium,
    domain: Domain::IdentityAccess,
    duty: "Set an account password policy that requires long passwords and prevents reuse.",
    kinds: &[ResourceKind::IamAccountPasswordPolicy],
    rationale: "Without a custom policy AWS accepts 8-character passwords and any reuse. CIS AWS Foundations \
        1.8 asks for a minimum length of 14 and 1.9 for preventing reuse of the last 24 passwords.",
    remediation: Remediation {
        text: "Set a password policy with a minimum length of at least 14 and reuse prevention of 24.",
        cli: Some("aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password"),
        terraform: Some("resource \"aws_iam_account_password_policy\" \"this\" {\n  minimum_password_length      = 14\n  password_reuse_prevention    = 24\n  require_symbols              = true\n  require_numbers              = true\n  require_uppercase_characters = true\n  require_lowercase_characters = true\n}"),
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
};

impl ResourceCheck for PasswordPolicyWeak {
    type Kind = AccountPasswordPolicy;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, _r: &Resource, p: &AccountPasswordPolicy, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if !*p.configured.known("configured")? {
            return Ok(Verdict::fail(
                "configured",
                "No password policy is set: AWS defaults allow 8-character passwords and unlimited reuse.",
            ));
        }
        // A known weakness fails the policy even when the other setting is unknown.
        let length = p.minimum_password_length.known("minimum_password_length");
        let reuse = p.password_reuse_prevention.known("password_reuse_prevention");
        let mut weaknesses = Vec::new();
        let mut attribute = "minimum_password_length";
        match length {
            Err(_) => {}
            Ok(Some(n)) if *n >= MIN_LENGTH => {}
            Ok(Some(n)) => weaknesses.push(format!("minimum length {n} < {MIN_LENGTH}")),
            Ok(None) => weaknesses.push("no minimum length".to_owned()),
        }
        match reuse {
            Err(_) => {}
            Ok(Some(n)) if *n >= MIN_REUSE_PREVENTION => {}
            Ok(Some(n)) => {
                if weaknesses.is_empty() {
                    attribute = "password_reuse_prevention";
                }
                weaknesses.push(format!("reuse prevention {n} < {MIN_REUSE_PREVENTION}"));
            }
            Ok(None) => {
                if weaknesses.is_empty() {
                    attribute = "password_reuse_prevention";
                }
                weaknesses.push("password reuse is not prevented".to_owned());
            }
        }
        if weaknesses.is_empty() {
            length?;
            reuse?;
            Ok(Verdict::pass(format!(
                "Password policy requires at least {MIN_LENGTH} characters and prevents reuse of {MIN_REUSE_PREVENTION}."
            )))
        } else {
            Ok(Verdict::fail(attribute, format!("Password policy is weak: {}.", weaknesses.join("; "))))
        }
    }
}
