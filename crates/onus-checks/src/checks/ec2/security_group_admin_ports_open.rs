use crate::prelude::*;
use onus_model::resources::ec2::SecurityGroup;

/// SSH and RDP open to the internet are scanned and brute-forced within minutes.
pub struct SecurityGroupAdminPortsOpen;

/// Remote-administration ports (CIS AWS Foundations 5.2/5.3 name 22 and 3389).
pub const ADMIN_PORTS: &[(i32, &str)] = &[(22, "SSH"), (3389, "RDP")];

static META: CheckMeta = CheckMeta {
    id: "ec2-security-group-admin-ports-open",
    aliases: &[],
    title: "Security group allows SSH or RDP from the internet",
    service: "ec2",
    severity: Severity::High,
    domain: Domain::NetworkFirewall,
    duty: "Restrict remote administration to known networks, or replace it with Systems Manager Session Manager.",
    kinds: &[ResourceKind::Ec2SecurityGroup],
    rationale: "Security groups are the customer's firewall. An inbound rule from 0.0.0.0/0 or ::/0 that covers \
        port 22 or 3389 exposes every attached instance's login service to the whole internet, where it is \
        brute-forced and probed for unpatched vulnerabilities (CIS AWS Foundations 5.2 and 5.3).",
    remediation: Remediation {
        text: "Remove the rule, or narrow its source to your office or VPN range. Better: use Session Manager, which \
            needs no inbound port at all.",
        cli: Some("aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0\naws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'"),
        terraform: Some("resource \"aws_vpc_security_group_ingress_rule\" \"ssh\" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = \"tcp\"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv4         = \"203.0.113.0/24\" # your VPN range, never 0.0.0.0/0\n}"),
        cloudformation: Some("SecurityGroupIngress:\n  - IpProtocol: tcp\n    FromPort: 22\n    ToPort: 22\n    CidrIp: 203.0.113.0/24 # your VPN range, never 0.0.0.0/0"),
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    ],
};

impl ResourceCheck for SecurityGroupAdminPortsOpen {
    type Kind = SecurityGroup;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, sg: &SecurityGroup, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let ingress = sg.ingress.known("ingress")?;
        let mut open = Vec::new();
        for rule in ingress.iter().filter(|rule| rule.is_open_to_internet()) {
            for (port, name) in ADMIN_PORTS {
                if rule.covers_port(*port) {
                    open.push(format!("{name} ({port}) from {}", rule.peer()));
                }
            }
        }
        open.dedup();
        if open.is_empty() {
            Ok(Verdict::pass(format!("{}: no SSH or RDP from the internet.", r.name)))
        } else {
            Ok(Verdict::fail("ingress", format!("{} allows {}.", r.name, open.join(", "))))
        }
    }
}
