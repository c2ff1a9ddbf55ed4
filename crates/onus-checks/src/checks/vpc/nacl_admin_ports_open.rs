use crate::checks::ec2::security_group_admin_ports_open::ADMIN_PORTS;
use crate::prelude::*;
use onus_model::resources::ec2::{NetworkAcl, NetworkAclEntry};

/// A network ACL that lets SSH or RDP in from anywhere leaves only the
/// security group between the internet and the login service.
pub struct NaclAdminPortsOpen;

static META: CheckMeta = CheckMeta {
    id: "vpc-nacl-admin-ports-open",
    aliases: &[],
    title: "Network ACL allows SSH or RDP from the internet",
    service: "vpc",
    severity: Severity::Medium,
    domain: Domain::NetworkFirewall,
    duty: "Keep remote-administration ports closed to the internet at the subnet boundary as well as on security groups.",
    kinds: &[ResourceKind::Ec2NetworkAcl],
    rationale: "Network ACLs are the stateless subnet firewall the customer configures. Their entries are evaluated \
        in rule-number order and the first match decides, so an inbound allow from 0.0.0.0/0 or ::/0 that covers TCP \
        port 22 or 3389, with no lower-numbered deny for the same traffic, lets the internet reach SSH and RDP on every \
        instance in the associated subnets, held back only by their security groups. Defence in depth means both \
        layers refuse it (CIS AWS Foundations 5.1, AWS FSBP EC2.21).",
    remediation: Remediation {
        text: "Replace the allow entry with one limited to your administration network, or add a lower-numbered deny \
            entry for ports 22 and 3389 from 0.0.0.0/0 and ::/0. Better: administer instances through Session Manager, \
            which needs no inbound port.",
        cli: Some("aws ec2 replace-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number <n> --protocol tcp --port-range From=22,To=22 --cidr-block 203.0.113.0/24 --rule-action allow\naws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny"),
        terraform: Some("resource \"aws_network_acl_rule\" \"deny_ssh\" {\n  network_acl_id = aws_network_acl.this.id\n  rule_number    = 50\n  egress         = false\n  protocol       = \"tcp\"\n  rule_action    = \"deny\"\n  cidr_block     = \"0.0.0.0/0\"\n  from_port      = 22\n  to_port        = 22\n}"),
        cloudformation: Some("DenySsh:\n  Type: AWS::EC2::NetworkAclEntry\n  Properties:\n    NetworkAclId: !Ref NetworkAcl\n    RuleNumber: 50\n    Egress: false\n    Protocol: 6\n    RuleAction: deny\n    CidrBlock: 0.0.0.0/0\n    PortRange:\n      From: 22\n      To: 22"),
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-21",
        "https://docs.aws.amazon.com/config/latest/developerguide/nacl-no-unrestricted-ssh-rdp.html",
    ],
};

/// The two internet peers, by address family.
const INTERNET: &[(&str, Family)] = &[("0.0.0.0/0", Family::V4), ("::/0", Family::V6)];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    V4,
    V6,
}

/// Whether the entry matches TCP traffic to `port` from the whole internet of `family`.
fn matches_internet_tcp(e: &NetworkAclEntry, family: Family, port: i32) -> bool {
    let tcp = matches!(e.protocol.to_ascii_lowercase().as_str(), "-1" | "all" | "6" | "tcp");
    let peer = match family {
        Family::V4 => e.cidr_ipv4.as_deref().is_some_and(|c| c.trim() == "0.0.0.0/0"),
        Family::V6 => e.cidr_ipv6.as_deref().is_some_and(|c| c.trim() == "::/0"),
    };
    tcp && peer && e.covers_port(port)
}

impl ResourceCheck for NaclAdminPortsOpen {
    type Kind = NetworkAcl;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, acl: &NetworkAcl, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let mut inbound: Vec<&NetworkAclEntry> = acl.entries.known("entries")?.iter().filter(|e| !e.egress).collect();
        inbound.sort_by_key(|e| e.rule_number);
        let mut open = Vec::new();
        let mut shadowed = Vec::new();
        for (port, name) in ADMIN_PORTS {
            for (peer, family) in INTERNET {
                // Entries for narrower ranges neither open nor close the port to
                // the whole internet; the first entry for the whole internet decides.
                let first = inbound.iter().find(|e| matches_internet_tcp(e, *family, *port));
                let Some(first) = first else { continue };
                if first.rule_action.eq_ignore_ascii_case("allow") {
                    open.push(format!("{name} ({port}) from {peer} (rule {})", first.rule_number));
                } else if let Some(allow) = inbound.iter().find(|e| {
                    e.rule_number > first.rule_number
                        && e.rule_action.eq_ignore_ascii_case("allow")
                        && matches_internet_tcp(e, *family, *port)
                }) {
                    shadowed.push(format!(
                        "rule {} denies {name} from {peer} before rule {} allows it",
                        first.rule_number, allow.rule_number
                    ));
                }
            }
        }
        if !open.is_empty() {
            return Ok(Verdict::fail("entries", format!("{} allows {} inbound.", r.name, open.join(", "))));
        }
        if shadowed.is_empty() {
            Ok(Verdict::pass(format!("{}: no SSH or RDP from the internet.", r.name)))
        } else {
            Ok(Verdict::pass(format!("{}: no SSH or RDP from the internet ({}).", r.name, shadowed.join("; "))))
        }
    }
}
