//! AWS Backup per region: plans with their rules, vaults with their lock and policy.

use super::{all_or_gap, client, live, policy_json};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::backup::{BackupPlan, BackupRule, BackupVault};
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let backup = client!(aws_sdk_backup, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());

    let plans = all_or_gap!(part, ctx, "backup", r, &[ResourceKind::BackupBackupPlan], "backup:ListBackupPlans", backup.list_backup_plans().into_paginator().items().send());
    for p in plans {
        let (Some(plan_id), Some(arn)) = (p.backup_plan_id().map(str::to_owned), p.backup_plan_arn().map(str::to_owned)) else { continue };
        let rules = match backup.get_backup_plan().backup_plan_id(&plan_id).send().await {
            Ok(out) => Attr::Known(
                out.backup_plan()
                    .map(|bp| bp.rules())
                    .unwrap_or_default()
                    .iter()
                    .map(|rule| BackupRule {
                        name: rule.rule_name().to_owned(),
                        target_vault: rule.target_backup_vault_name().to_owned(),
                        schedule: rule.schedule_expression().map(str::to_owned),
                        delete_after_days: rule.lifecycle().and_then(|l| l.delete_after_days()),
                        copy_to_vaults: rule.copy_actions().iter().map(|c| c.destination_backup_vault_arn().to_owned()).collect(),
                    })
                    .collect(),
            ),
            Err(e) => CallError::from_sdk(&e).unknown("backup:GetBackupPlan"),
        };
        let name = p.backup_plan_name().unwrap_or(&plan_id).to_owned();
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), BackupPlan { plan_id: Attr::Known(plan_id), rules }));
    }

    let vaults = all_or_gap!(part, ctx, "backup", r, &[ResourceKind::BackupBackupVault], "backup:ListBackupVaults", backup.list_backup_vaults().into_paginator().items().send());
    for v in vaults {
        let name = v.backup_vault_name().unwrap_or_default().to_owned();
        let arn = v.backup_vault_arn().map(str::to_owned).unwrap_or_else(|| format!("arn:{}:backup:{region}:{}:backup-vault:{name}", ctx.partition, ctx.account));
        let access_policy = match backup.get_backup_vault_access_policy().backup_vault_name(&name).send().await {
            Ok(out) => Attr::Known(out.policy().map(policy_json)),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                if err.is_code(&["ResourceNotFoundException"]) { Attr::Known(None) } else { err.unknown("backup:GetBackupVaultAccessPolicy") }
            }
        };
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), BackupVault {
            encryption_key_arn: Attr::Known(v.encryption_key_arn().map(str::to_owned)),
            locked: Attr::Known(v.locked().unwrap_or(false)),
            min_retention_days: Attr::Known(v.min_retention_days()),
            recovery_points: Attr::Known(v.number_of_recovery_points()),
            access_policy,
        }));
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::recorded::{ctx, error_meta};
    use aws_sdk_backup::operation::get_backup_vault_access_policy::GetBackupVaultAccessPolicyError;
    use aws_sdk_backup::operation::list_backup_plans::ListBackupPlansOutput;
    use aws_sdk_backup::operation::list_backup_vaults::ListBackupVaultsOutput;
    use aws_sdk_backup::types::BackupVaultListMember;
    use aws_sdk_backup::Client;
    use aws_smithy_mocks::mock;

    fn vaults() -> aws_smithy_mocks::Rule {
        mock!(Client::list_backup_vaults).then_output(|| {
            ListBackupVaultsOutput::builder()
                .backup_vault_list(
                    BackupVaultListMember::builder()
                        .backup_vault_name("northwind-prod")
                        .backup_vault_arn("arn:aws:backup:eu-west-1:111122223333:backup-vault:northwind-prod")
                        .locked(true)
                        .min_retention_days(35)
                        .number_of_recovery_points(12)
                        .build(),
                )
                .build()
        })
    }

    fn no_plans() -> aws_smithy_mocks::Rule {
        mock!(Client::list_backup_plans).then_output(|| ListBackupPlansOutput::builder().build())
    }

    #[tokio::test]
    async fn a_vault_without_a_policy_is_known_and_a_failed_read_is_unknown() {
        let none = mock!(Client::get_backup_vault_access_policy)
            .then_error(|| GetBackupVaultAccessPolicyError::generic(error_meta("ResourceNotFoundException", "no policy")));
        let part = collect(ctx(&[&no_plans(), &vaults(), &none]), "eu-west-1".to_owned()).await;
        let vault = part.resources[0].props::<BackupVault>().unwrap_or_else(|| panic!("kind")).clone();
        assert_eq!(vault.access_policy, Attr::Known(None));
        assert_eq!((vault.locked, vault.min_retention_days), (Attr::Known(true), Attr::Known(Some(35))));

        let throttled = mock!(Client::get_backup_vault_access_policy)
            .then_error(|| GetBackupVaultAccessPolicyError::generic(error_meta("AccessDeniedException", "denied")));
        let part = collect(ctx(&[&no_plans(), &vaults(), &throttled]), "eu-west-1".to_owned()).await;
        let vault = part.resources[0].props::<BackupVault>().unwrap_or_else(|| panic!("kind"));
        assert!(matches!(vault.access_policy, Attr::Unknown(_)), "{:?}", vault.access_policy);
    }
}
