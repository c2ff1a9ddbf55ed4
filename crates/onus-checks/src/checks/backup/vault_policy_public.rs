use crate::prelude::*;
use crate::support::access::{ExposureSpec, arn_of, exposure_verdict, known_policy};
use onus_model::resources::backup::BackupVault;

/// Backups anyone may delete will not be there when they are needed.
pub struct VaultPolicyPublic;

static META: CheckMeta = CheckMeta {
    id: "backup-vault-policy-public",
    aliases: &[],
    title: "Backup vault policy lets anyone use or delete recovery points",
    service: "backup",
    severity: Severity::Critical,
    domain: Domain::IdentityAccess,
    duty: "Let only known principals copy, restore or delete the recovery points in a backup vault.",
    kinds: &[ResourceKind::BackupBackupVault],
    rationale: "A backup vault's access policy that allows `\"Principal\": \"*\"` without a condition that binds the caller lets other accounts copy recovery points out of the vault, or delete them — the first thing ransomware does. Cross-account copy for disaster recovery should name the destination accounts or bind them with `aws:PrincipalOrgID`; onus evaluates the conditions with its IAM engine.",
    remediation: Remediation {
        text: "Name the accounts that copy into or out of the vault, or bind them with `aws:PrincipalOrgID`; add a Deny on `backup:DeleteRecoveryPoint` for everyone but the backup administrators, and consider Backup Vault Lock.",
        cli: Some("aws backup get-backup-vault-access-policy --backup-vault-name <vault>\naws backup put-backup-vault-access-policy --backup-vault-name <vault> --policy file://policy.json"),
        terraform: None,
        cloudformation: None,
    },
    references: &[
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html",
        "https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html",
    ],
};

impl ResourceCheck for VaultPolicyPublic {
    type Kind = BackupVault;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, x: &BackupVault, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let policy = known_policy(&x.access_policy, "access_policy")?;
        let arn = arn_of(r, |region, account| "arn:aws:backup:{r}:{a}:backup-vault:{name}".replace("{r}", region).replace("{a}", account), cx);
        let spec = ExposureSpec {
            attribute: "access_policy",
            arn: &arn,
            service: "backup",
            requires_resource_policy: false,
            noun: "vault access policy",
        };
        exposure_verdict(r, policy, &spec, cx)
    }
}
