use crate::prelude::*;
use onus_model::resources::secretsmanager::Secret;

/// A secret that never changes stays valid for as long as anyone who ever saw it.
pub struct SecretRotationDisabled;

static META: CheckMeta = CheckMeta {
    id: "secretsmanager-secret-rotation-disabled",
    aliases: &[],
    title: "Secrets Manager secret is not rotated automatically",
    service: "secretsmanager",
    severity: Severity::Medium,
    domain: Domain::IdentityAccess,
    duty: "Rotate the credentials you store in Secrets Manager automatically, on a schedule your policy sets.",
    kinds: &[ResourceKind::SecretsManagerSecret],
    rationale: "Secrets Manager stores and encrypts secrets, but changing them is the customer's configuration: \
        without automatic rotation a database password or API key stays valid indefinitely, so one that leaked \
        through a log, a laptop or a former employee keeps working (AWS FSBP SecretsManager.1). Managed rotation \
        exists for RDS, Aurora, Redshift and DocumentDB credentials; other secrets need a rotation function.",
    remediation: Remediation {
        text: "Turn on rotation with a schedule (30 to 90 days is common): managed rotation for database credentials, \
            or a rotation Lambda function for other secrets. Make sure clients fetch the secret at runtime so they \
            pick up the new value.",
        cli: Some("aws secretsmanager rotate-secret --secret-id <secret> --rotation-lambda-arn <function-arn> --rotation-rules AutomaticallyAfterDays=30"),
        terraform: Some("resource \"aws_secretsmanager_secret_rotation\" \"this\" {\n  secret_id           = aws_secretsmanager_secret.this.id\n  rotation_lambda_arn = aws_lambda_function.rotation.arn\n  rotation_rules {\n    automatically_after_days = 30\n  }\n}"),
        cloudformation: Some("Rotation:\n  Type: AWS::SecretsManager::RotationSchedule\n  Properties:\n    SecretId: !Ref Secret\n    RotationLambdaARN: !GetAtt RotationFunction.Arn\n    RotationRules:\n      AutomaticallyAfterDays: 30"),
    },
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-1",
    ],
};

impl ResourceCheck for SecretRotationDisabled {
    type Kind = Secret;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, s: &Secret, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if !*s.rotation_enabled.known("rotation_enabled")? {
            let last = match s.last_rotated.value() {
                Some(Some(t)) => format!(" (last rotated {})", t.format("%Y-%m-%d")),
                Some(None) => " (never rotated)".to_owned(),
                None => String::new(),
            };
            return Ok(Verdict::fail("rotation_enabled", format!("{} is not rotated automatically{last}.", r.name)));
        }
        match s.rotation_interval_days.value() {
            Some(Some(days)) => Ok(Verdict::pass(format!("{} is rotated automatically every {days} days.", r.name))),
            _ => Ok(Verdict::pass(format!("{} is rotated automatically.", r.name))),
        }
    }
}
