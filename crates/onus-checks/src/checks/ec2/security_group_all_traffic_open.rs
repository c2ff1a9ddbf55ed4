use crate::prelude::*;
use onus_model::resources::ec2::SecurityGroup;

/// A rule that admits every port from everywhere turns the group off.
pub struct SecurityGroupAllTrafficOpen;

static META: CheckMeta = CheckMeta {
    id: "ec2-security-group-all-traffic-open",
    aliases: &[],
    title: "Security group allows all traffic from the internet",
    service: "ec2",
    severity: Severity::Critical,
    domain: Domain::NetworkFirewall,
    duty: "Allow inbound traffic only on the ports a workload serves, from the sources that need them.",
    kinds: &[ResourceKind::Ec2SecurityGroup],
    rationale: "An inbound rule for all protocols, or for every TCP or UDP port, from 0.0.0.0/0 or ::/0 exposes \
        every service on every attached resource — databases, admin consoles, debug ports — to the internet.",
    remediation: Remediation {
        text: "Replace the rule with rules for the specific ports the workload serves, and narrow their sources.",
        cli: Some("aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions 'IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]'"),
        terraform: None,
        cloudformation: None,
    },
    references: &["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
};

impl ResourceCheck for SecurityGroupAllTrafficOpen {
    type Kind = SecurityGroup;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, sg: &SecurityGroup, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let ingress = sg.ingress.known("ingress")?;
        let open: Vec<String> = ingress
            .iter()
            .filter(|rule| rule.is_open_to_internet())
            .filter(|rule| {
                rule.is_all_protocols()
                    // Port 0 is reserved, so 1-65535 admits as much as 0-65535.
                    || (matches!(rule.protocol.to_ascii_lowercase().as_str(), "tcp" | "udp" | "6" | "17")
                        && rule.from_port.unwrap_or(0) <= 1
                        && rule.to_port.unwrap_or(65535) >= 65535)
            })
            .map(|rule| {
                // Protocol numbers would read as a count ("all 6 ports").
                let protocol = match rule.protocol.as_str() {
                    "6" => "tcp",
                    "17" => "udp",
                    p => p,
                };
                let what = if rule.is_all_protocols() { "all traffic".to_owned() } else { format!("all {protocol} ports") };
                format!("{what} from {}", rule.peer())
            })
            .collect();
        if open.is_empty() {
            Ok(Verdict::pass(format!("{}: no rule admits all traffic from the internet.", r.name)))
        } else {
            Ok(Verdict::fail("ingress", format!("{} allows {}.", r.name, open.join(", "))))
        }
    }
}
