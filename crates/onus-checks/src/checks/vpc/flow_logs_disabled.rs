use crate::prelude::*;
use onus_model::resources::ec2::Vpc;

/// Without flow logs, there is no record of who talked to what in the network.
pub struct FlowLogsDisabled;

static META: CheckMeta = CheckMeta {
    id: "vpc-flow-logs-disabled",
    aliases: &[],
    title: "VPC has no active flow log",
    service: "vpc",
    severity: Severity::Medium,
    domain: Domain::LoggingMonitoring,
    duty: "Record the network traffic of every VPC with flow logs, so incidents can be investigated.",
    kinds: &[ResourceKind::Ec2Vpc],
    rationale: "AWS runs the network but keeps no traffic record for you: VPC Flow Logs, which capture accepted and \
        rejected connections at each network interface, exist only where the customer creates them. Without them, \
        an investigation cannot tell which addresses reached an instance or where data was sent, and rejected \
        traffic (scans, blocked exfiltration attempts) goes unseen (CIS AWS Foundations 3.7, AWS FSBP EC2.6). Only a \
        flow log on the VPC itself counts here, so that every subnet and interface created later is covered.",
    remediation: Remediation {
        text: "Create a flow log on the VPC that records at least rejected traffic (ALL is better for investigations) \
            to CloudWatch Logs or to an S3 bucket with a retention that meets your policy. If a flow log exists but is \
            not active, check that its IAM role or bucket policy still lets VPC Flow Logs deliver.",
        cli: Some("aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<flow-log-bucket>"),
        terraform: Some("resource \"aws_flow_log\" \"this\" {\n  vpc_id               = aws_vpc.this.id\n  traffic_type         = \"ALL\"\n  log_destination_type = \"s3\"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}"),
        cloudformation: Some("FlowLog:\n  Type: AWS::EC2::FlowLog\n  Properties:\n    ResourceId: !Ref Vpc\n    ResourceType: VPC\n    TrafficType: ALL\n    LogDestinationType: s3\n    LogDestination: !GetAtt FlowLogBucket.Arn"),
    },
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
    ],
};

impl ResourceCheck for FlowLogsDisabled {
    type Kind = Vpc;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, vpc: &Vpc, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let logs = vpc.flow_logs.known("flow_logs")?;
        if let Some(active) = logs.iter().find(|f| f.status.eq_ignore_ascii_case("ACTIVE")) {
            return Ok(Verdict::pass(format!(
                "{} has an active flow log ({}: {} traffic to {}).",
                r.name, active.id, active.traffic_type, active.destination_type
            )));
        }
        if logs.is_empty() {
            Ok(Verdict::fail("flow_logs", format!("{} has no flow log: its traffic is not recorded.", r.name)))
        } else {
            let inactive: Vec<String> = logs.iter().map(|f| format!("{} is {}", f.id, f.status)).collect();
            Ok(Verdict::fail(
                "flow_logs",
                format!("{} has no active flow log: {}.", r.name, inactive.join(", ")),
            ))
        }
    }
}
