//! Security domains of the Shared Responsibility Model.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A security domain: a column of the responsibility matrix. Each duty a
/// check evidences belongs to exactly one domain.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// Data centres, guards, power, cooling. Always AWS.
    PhysicalFacilities,
    /// Hardware, hypervisor, global network. Always AWS.
    Infrastructure,
    /// Engine, runtime and OS of managed services (patching the RDS engine, the Lambda runtime host).
    ManagedServiceSoftware,
    /// VPCs, security groups, NACLs, exposure to the internet.
    NetworkFirewall,
    /// Guest operating systems: patching, hardening, instance metadata.
    ComputeOs,
    /// The customer's application code and its dependencies.
    Application,
    /// Principals, credentials, MFA, least privilege.
    IdentityAccess,
    /// Encryption and protection of stored data.
    DataAtRest,
    /// TLS and other protection of data on the wire.
    EncryptionInTransit,
    /// Audit trails, metrics, alerting, threat detection.
    LoggingMonitoring,
    /// Backups, versioning, replication, disaster recovery.
    BackupRecovery,
    /// Policies, guardrails, evidence for auditors.
    GovernanceCompliance,
}

impl Domain {
    /// Every domain, in the order the matrix shows them.
    pub const ALL: &'static [Domain] = &[
        Domain::PhysicalFacilities,
        Domain::Infrastructure,
        Domain::ManagedServiceSoftware,
        Domain::NetworkFirewall,
        Domain::ComputeOs,
        Domain::Application,
        Domain::IdentityAccess,
        Domain::DataAtRest,
        Domain::EncryptionInTransit,
        Domain::LoggingMonitoring,
        Domain::BackupRecovery,
        Domain::GovernanceCompliance,
    ];

    /// The stable identifier used on the command line and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Domain::PhysicalFacilities => "physical-facilities",
            Domain::Infrastructure => "infrastructure",
            Domain::ManagedServiceSoftware => "managed-service-software",
            Domain::NetworkFirewall => "network-firewall",
            Domain::ComputeOs => "compute-os",
            Domain::Application => "application",
            Domain::IdentityAccess => "identity-access",
            Domain::DataAtRest => "data-at-rest",
            Domain::EncryptionInTransit => "encryption-in-transit",
            Domain::LoggingMonitoring => "logging-monitoring",
            Domain::BackupRecovery => "backup-recovery",
            Domain::GovernanceCompliance => "governance-compliance",
        }
    }

    /// A human title.
    pub fn title(self) -> &'static str {
        match self {
            Domain::PhysicalFacilities => "Physical & facilities",
            Domain::Infrastructure => "Infrastructure, hardware & hypervisor",
            Domain::ManagedServiceSoftware => "Managed-service software",
            Domain::NetworkFirewall => "Network & firewall",
            Domain::ComputeOs => "Compute & guest OS",
            Domain::Application => "Application",
            Domain::IdentityAccess => "Identity & access",
            Domain::DataAtRest => "Data protection at rest",
            Domain::EncryptionInTransit => "Encryption in transit",
            Domain::LoggingMonitoring => "Logging & monitoring",
            Domain::BackupRecovery => "Backup & recovery",
            Domain::GovernanceCompliance => "Governance & compliance",
        }
    }

    /// Parses a domain id as written on the command line.
    pub fn from_id(id: &str) -> Option<Domain> {
        Domain::ALL.iter().copied().find(|d| d.id() == id)
    }
}

impl std::fmt::Display for Domain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
