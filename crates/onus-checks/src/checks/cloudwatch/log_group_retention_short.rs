use crate::prelude::*;
use onus_model::resources::logs::LogGroup;

/// Logs deleted after a few weeks are gone when an intrusion is found months later.
pub struct LogGroupRetentionShort;

/// The shortest retention that passes, in days (AWS FSBP CloudWatch.16's default).
pub const MIN_RETENTION_DAYS: u32 = 365;

static META: CheckMeta = CheckMeta {
    id: "cloudwatch-log-group-retention-short",
    aliases: &[],
    title: "CloudWatch log group keeps events for less than a year",
    service: "cloudwatch",
    severity: Severity::Low,
    domain: Domain::LoggingMonitoring,
    duty: "Keep the logs you may need for an investigation for at least a year.",
    kinds: &[ResourceKind::LogsLogGroup],
    rationale: "CloudWatch Logs deletes events after the retention period the customer sets on each log group. \
        Intrusions are typically discovered weeks or months after they begin, and many regulations require a year \
        of logs, so a group that keeps events for less than 365 days may have deleted the evidence before anyone \
        looks (AWS FSBP CloudWatch.16). A group that never expires its events passes; whether that suits your \
        cost and privacy policies is for you to decide.",
    remediation: Remediation {
        text: "Set the log group's retention to 365 days or more, or export or subscribe the logs to an S3 bucket with \
            a lifecycle policy that keeps them long enough. Short retention on noisy debug groups is fine: mute the \
            check for those, with the reason.",
        cli: Some("aws logs put-retention-policy --log-group-name <log-group> --retention-in-days 365"),
        terraform: Some("resource \"aws_cloudwatch_log_group\" \"this\" {\n  name              = \"/app/audit\"\n  retention_in_days = 365\n}"),
        cloudformation: Some("LogGroup:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    LogGroupName: /app/audit\n    RetentionInDays: 365"),
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16",
    ],
};

impl ResourceCheck for LogGroupRetentionShort {
    type Kind = LogGroup;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, g: &LogGroup, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        match g.retention_in_days.known("retention_in_days")? {
            None => Ok(Verdict::pass(format!("{} keeps its events forever.", r.name))),
            Some(days) if *days >= MIN_RETENTION_DAYS => {
                Ok(Verdict::pass(format!("{} keeps its events for {days} days.", r.name)))
            }
            Some(days) => Ok(Verdict::fail(
                "retention_in_days",
                format!("{} keeps its events for only {days} days (at least {MIN_RETENTION_DAYS} expected).", r.name),
            )),
        }
    }
}
