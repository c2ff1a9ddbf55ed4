use crate::prelude::*;
use onus_model::resources::containers::Cluster;

/// Kubernetes secrets without a customer managed key are protected only by keys the customer cannot control.
pub struct ClusterSecretsUnencrypted;

static META: CheckMeta = CheckMeta {
    id: "eks-cluster-secrets-unencrypted",
    aliases: &[],
    title: "EKS cluster does not encrypt Kubernetes secrets with a customer managed KMS key",
    service: "eks",
    severity: Severity::Medium,
    domain: Domain::DataAtRest,
    duty: "Envelope-encrypt Kubernetes secrets with a KMS key you control.",
    kinds: &[ResourceKind::EksCluster],
    rationale: "Kubernetes secrets hold database passwords, API tokens and TLS keys. EKS encrypts the etcd volumes, \
        and on Kubernetes 1.28 and later it also envelope-encrypts all Kubernetes API data with an AWS owned key by \
        default; older clusters without a key keep secrets only base64-encoded in etcd. Supplying your own KMS key \
        is the customer's part: it lets you audit every decryption in CloudTrail, restrict use through the key \
        policy and revoke access by disabling the key (AWS FSBP EKS.3).",
    remediation: Remediation {
        text: "Associate a customer managed KMS key with the cluster for secrets encryption (possible on existing \
            clusters, but not reversible), then rewrite existing secrets so they are encrypted with the new key. Keep \
            the key's policy limited to the cluster role and your key administrators.",
        cli: Some("aws eks associate-encryption-config --cluster-name <cluster> --encryption-config '[{\"resources\":[\"secrets\"],\"provider\":{\"keyArn\":\"<kms-key-arn>\"}}]'\nkubectl get secrets --all-namespaces -o json | kubectl replace -f -"),
        terraform: Some("resource \"aws_eks_cluster\" \"this\" {\n  # ...\n  encryption_config {\n    resources = [\"secrets\"]\n    provider {\n      key_arn = aws_kms_key.eks.arn\n    }\n  }\n}"),
        cloudformation: Some("Cluster:\n  Type: AWS::EKS::Cluster\n  Properties:\n    # ...\n    EncryptionConfig:\n      - Resources: [secrets]\n        Provider:\n          KeyArn: !GetAtt EksKey.Arn"),
    },
    references: &[
        "https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",
        "https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-3",
    ],
};

/// Whether the Kubernetes version is 1.28 or later (default envelope encryption).
fn default_envelope_encryption(version: Option<&str>) -> Option<bool> {
    let v = version?;
    let mut parts = v.trim().split('.');
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next()?.parse().ok()?;
    Some((major, minor) >= (1, 28))
}

impl ResourceCheck for ClusterSecretsUnencrypted {
    type Kind = Cluster;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, c: &Cluster, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if let Some(key) = c.secrets_kms_key_arn.known("secrets_kms_key_arn")? {
            return Ok(Verdict::pass(format!("{} encrypts Kubernetes secrets with KMS key {key}.", r.name)));
        }
        let version = c.version.value().and_then(|v| v.as_deref());
        let message = match default_envelope_encryption(version) {
            Some(true) => format!(
                "{} encrypts Kubernetes secrets only with the AWS owned default key: you cannot audit or revoke their decryption.",
                r.name
            ),
            Some(false) => format!(
                "{} does not envelope-encrypt Kubernetes secrets (Kubernetes {}, before default encryption in 1.28).",
                r.name,
                version.unwrap_or("?")
            ),
            None => format!("{} does not encrypt Kubernetes secrets with a customer managed KMS key.", r.name),
        };
        Ok(Verdict::fail("secrets_kms_key_arn", message))
    }
}
