//! EC2: security groups, EBS volumes, EBS encryption by default.

use crate::Attr;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `AWS::EC2::SecurityGroup`, with its rules normalized to one peer per rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SecurityGroup {
    /// The group id (`sg-…`).
    pub group_id: Attr<String>,
    /// The VPC the group belongs to.
    pub vpc_id: Attr<Option<String>>,
    /// The group description.
    pub description: Attr<Option<String>>,
    /// Inbound rules.
    pub ingress: Attr<Vec<SecurityGroupRule>>,
    /// Outbound rules.
    pub egress: Attr<Vec<SecurityGroupRule>>,
}

/// One rule with one peer (a CIDR, a group or a prefix list).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupRule {
    /// `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number.
    pub protocol: String,
    /// First port (or ICMP type); absent for all traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// Last port (or ICMP code); absent for all traffic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// IPv4 peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    /// IPv6 peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    /// Security-group peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_group_id: Option<String>,
    /// Prefix-list peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_list_id: Option<String>,
    /// The rule description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl SecurityGroupRule {
    /// Whether the rule applies to every protocol.
    pub fn is_all_protocols(&self) -> bool {
        self.protocol == "-1" || self.protocol.eq_ignore_ascii_case("all")
    }

    /// Whether the rule admits TCP or UDP traffic on `port`.
    pub fn covers_port(&self, port: i32) -> bool {
        if self.is_all_protocols() {
            return true;
        }
        let tcp_or_udp = matches!(self.protocol.to_ascii_lowercase().as_str(), "tcp" | "udp" | "6" | "17");
        if !tcp_or_udp {
            return false;
        }
        match (self.from_port, self.to_port) {
            (Some(from), Some(to)) => (from == -1 && to == -1) || (from <= port && port <= to),
            _ => true,
        }
    }

    /// Whether the rule's peer is the whole IPv4 or IPv6 internet.
    pub fn is_open_to_internet(&self) -> bool {
        self.cidr_ipv4.as_deref().is_some_and(|c| c.trim() == "0.0.0.0/0")
            || self.cidr_ipv6.as_deref().is_some_and(|c| c.trim() == "::/0")
    }

    /// The peer as written: the CIDR, group or prefix list.
    pub fn peer(&self) -> &str {
        self.cidr_ipv4
            .as_deref()
            .or(self.cidr_ipv6.as_deref())
            .or(self.source_group_id.as_deref())
            .or(self.prefix_list_id.as_deref())
            .unwrap_or("?")
    }
}

/// `AWS::EC2::Volume`: an EBS volume.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Volume {
    /// The volume id (`vol-…`).
    pub volume_id: Attr<String>,
    /// Whether the volume is encrypted.
    pub encrypted: Attr<bool>,
    /// The KMS key used, when encrypted.
    pub kms_key_id: Attr<Option<String>>,
    /// Size in GiB.
    pub size_gib: Attr<u32>,
    /// `gp3`, `io2`…
    pub volume_type: Attr<String>,
    /// `in-use`, `available`…
    pub state: Attr<String>,
    /// Instances the volume is attached to.
    pub attached_instance_ids: Attr<Vec<String>>,
}

/// `AWS::EC2::EBSEncryptionByDefault` (onus kind): the per-region setting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EbsEncryptionByDefault {
    /// Whether new volumes in the region are encrypted by default.
    pub enabled: Attr<bool>,
    /// The default KMS key for new volumes.
    pub kms_key_id: Attr<Option<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, from: Option<i32>, to: Option<i32>) -> SecurityGroupRule {
        SecurityGroupRule {
            protocol: protocol.into(),
            from_port: from,
            to_port: to,
            cidr_ipv4: Some("0.0.0.0/0".into()),
            cidr_ipv6: None,
            source_group_id: None,
            prefix_list_id: None,
            description: None,
        }
    }

    #[test]
    fn port_ranges() {
        assert!(rule("tcp", Some(22), Some(22)).covers_port(22));
        assert!(rule("tcp", Some(0), Some(65535)).covers_port(3389));
        assert!(!rule("tcp", Some(80), Some(443)).covers_port(22));
        assert!(rule("-1", None, None).covers_port(22));
        assert!(!rule("icmp", Some(-1), Some(-1)).covers_port(22));
        assert!(rule("6", Some(20), Some(23)).covers_port(22));
    }
}

/// `AWS::EC2::Instance`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Instance {
    /// The instance id (`i-…`).
    pub instance_id: Attr<String>,
    /// `pending`, `running`, `stopped`…
    pub state: Attr<String>,
    /// The AMI the instance was launched from.
    pub image_id: Attr<Option<String>>,
    /// `t3.micro`…
    pub instance_type: Attr<String>,
    /// Instance metadata service: `required` (IMDSv2 only) or `optional` (IMDSv1 allowed).
    pub metadata_http_tokens: Attr<String>,
    /// Instance metadata endpoint: `enabled` or `disabled`.
    pub metadata_http_endpoint: Attr<String>,
    /// The public IPv4 address, if any.
    pub public_ip: Attr<Option<String>>,
    /// The instance profile's ARN, if any.
    pub iam_instance_profile_arn: Attr<Option<String>>,
    /// The subnet.
    pub subnet_id: Attr<Option<String>>,
    /// The VPC.
    pub vpc_id: Attr<Option<String>>,
    /// Attached security groups.
    pub security_group_ids: Attr<Vec<String>>,
}

/// `AWS::EC2::Snapshot` (onus kind; CloudFormation has none): an EBS snapshot
/// the account owns, with who may create volumes from it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Snapshot {
    /// The snapshot id (`snap-…`).
    pub snapshot_id: Attr<String>,
    /// The volume it was taken from.
    pub volume_id: Attr<Option<String>>,
    /// Whether the snapshot is encrypted.
    pub encrypted: Attr<bool>,
    /// Whether anyone (`all`) may create volumes from it.
    pub public: Attr<bool>,
    /// Account ids it is shared with.
    pub shared_with_accounts: Attr<Vec<String>>,
}

/// `AWS::EC2::VPC`, with the flow logs that record its traffic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Vpc {
    /// The VPC id (`vpc-…`).
    pub vpc_id: Attr<String>,
    /// The primary IPv4 CIDR block.
    pub cidr_block: Attr<Option<String>>,
    /// Whether this is the region's default VPC.
    pub is_default: Attr<bool>,
    /// Flow logs attached to the VPC itself (not to its subnets or interfaces).
    pub flow_logs: Attr<Vec<FlowLog>>,
}

/// A VPC flow log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowLog {
    /// The flow log id (`fl-…`).
    pub id: String,
    /// `ACTIVE` when logs are delivered.
    pub status: String,
    /// `ACCEPT`, `REJECT` or `ALL`.
    pub traffic_type: String,
    /// `cloud-watch-logs`, `s3` or `kinesis-data-firehose`.
    pub destination_type: String,
}

/// `AWS::EC2::NetworkAcl`, with its entries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkAcl {
    /// The network ACL id (`acl-…`).
    pub network_acl_id: Attr<String>,
    /// The VPC.
    pub vpc_id: Attr<Option<String>>,
    /// Whether it is the VPC's default ACL.
    pub is_default: Attr<bool>,
    /// Subnets it is associated with.
    pub subnet_ids: Attr<Vec<String>>,
    /// Entries, in both directions.
    pub entries: Attr<Vec<NetworkAclEntry>>,
}

/// One network ACL entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkAclEntry {
    /// Rule number; lower numbers are evaluated first, 32767 is the implicit deny.
    pub rule_number: i32,
    /// `-1` (all), or a protocol number (`6` TCP, `17` UDP…).
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    /// Whether it applies to outbound traffic.
    pub egress: bool,
    /// IPv4 peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    /// IPv6 peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    /// First port (TCP/UDP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// Last port (TCP/UDP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
}

impl NetworkAclEntry {
    /// Whether the entry matches TCP or UDP traffic on `port`.
    pub fn covers_port(&self, port: i32) -> bool {
        match self.protocol.as_str() {
            "-1" | "all" => true,
            "6" | "17" | "tcp" | "udp" => match (self.from_port, self.to_port) {
                (Some(from), Some(to)) => from <= port && port <= to,
                _ => true,
            },
            _ => false,
        }
    }

    /// Whether the peer is the whole IPv4 or IPv6 internet.
    pub fn is_open_to_internet(&self) -> bool {
        self.cidr_ipv4.as_deref().is_some_and(|c| c.trim() == "0.0.0.0/0")
            || self.cidr_ipv6.as_deref().is_some_and(|c| c.trim() == "::/0")
    }
}

/// `AWS::EC2::Image` (onus kind; CloudFormation has none): an AMI the account
/// owns, with who may launch it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Image {
    /// The image id (`ami-…`).
    pub image_id: Attr<String>,
    /// `available`, `pending`…
    pub state: Attr<String>,
    /// When it was created.
    pub created: Attr<Option<chrono::DateTime<chrono::Utc>>>,
    /// Whether anyone may launch it.
    pub public: Attr<bool>,
    /// Account ids it is shared with.
    pub shared_with_accounts: Attr<Vec<String>>,
    /// Whether every EBS snapshot behind it is encrypted.
    pub encrypted: Attr<bool>,
}
