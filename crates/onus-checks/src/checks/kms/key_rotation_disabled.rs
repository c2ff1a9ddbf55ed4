use crate::prelude::*;
use onus_model::resources::kms::{Key, KeyManager};

/// Rotation limits how much data one compromised key version protects.
pub struct KeyRotationDisabled;

static META: CheckMeta = CheckMeta {
    id: "kms-key-rotation-disabled",
    aliases: &[],
    title: "Customer managed KMS key does not rotate",
    service: "kms",
    severity: Severity::Medium,
    domain: Domain::DataAtRest,
    duty: "Rotate the key material of customer managed encryption keys.",
    kinds: &[ResourceKind::KmsKey],
    rationale: "AWS rotates AWS managed keys; customer managed keys rotate only if the customer turns it on. \
        Automatic rotation creates new key material yearly (or on the period you set) while old ciphertext stays \
        readable (CIS AWS Foundations 3.6, AWS FSBP KMS.4). Only enabled symmetric keys with KMS-generated \
        material support automatic rotation; others are not evaluated.",
    remediation: Remediation {
        text: "Enable automatic key rotation.",
        cli: Some("aws kms enable-key-rotation --key-id <key-id>"),
        terraform: Some("resource \"aws_kms_key\" \"this\" {\n  description         = \"data key\"\n  enable_key_rotation = true\n}"),
        cloudformation: Some("Key:\n  Type: AWS::KMS::Key\n  Properties:\n    EnableKeyRotation: true"),
    },
    references: &["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
};

impl ResourceCheck for KeyRotationDisabled {
    type Kind = Key;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, key: &Key, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *key.key_manager.known("key_manager")? == KeyManager::Aws {
            return Ok(Verdict::NotApplicable("AWS managed keys are rotated by AWS"));
        }
        let spec = key.key_spec.known("key_spec")?;
        let state = key.key_state.known("key_state")?;
        let origin = key.origin.known("origin")?;
        if spec != "SYMMETRIC_DEFAULT" || origin != "AWS_KMS" || state != "Enabled" {
            return Ok(Verdict::NotApplicable("only enabled symmetric keys with KMS key material rotate automatically"));
        }
        if *key.rotation_enabled.known("rotation_enabled")? {
            Ok(Verdict::pass(format!("{} rotates automatically.", r.name)))
        } else {
            Ok(Verdict::fail("rotation_enabled", format!("{} does not rotate.", r.name)))
        }
    }
}
