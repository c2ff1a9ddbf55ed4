use crate::prelude::*;
use onus_model::resources::config::ConfigurationRecorder;

/// Without a recorder, there is no history of what changed, when, and by whom.
pub struct RecorderDisabled;

static META: CheckMeta = CheckMeta {
    id: "config-recorder-disabled",
    aliases: &[],
    title: "AWS Config is not recording all resources in a region",
    service: "config",
    severity: Severity::Medium,
    domain: Domain::LoggingMonitoring,
    duty: "Record the configuration of every resource in every account and region with AWS Config.",
    kinds: &[ResourceKind::ConfigConfigurationRecorder],
    rationale: "AWS Config keeps the configuration history of your resources and evaluates rules against it, but only \
        where the customer has created a configuration recorder, started it and told it what to record. A region \
        without a running recorder that covers all supported resource types has gaps: changes there leave no \
        history for investigations and escape every Config rule and Security Hub control that depends on it (CIS \
        AWS Foundations 3.3, AWS FSBP Config.1).",
    remediation: Remediation {
        text: "Create a configuration recorder that records all supported resource types (global resources such as \
            IAM in one region only), give it a delivery channel to a protected S3 bucket, and start it. In an \
            organization, deploy it to every account and region with a CloudFormation StackSet or Quick Setup, and \
            deny config:StopConfigurationRecorder with an SCP.",
        cli: Some("aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=arn:aws:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig --recording-group allSupported=true,includeGlobalResourceTypes=true\naws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=<config-bucket>\naws configservice start-configuration-recorder --configuration-recorder-name default"),
        terraform: Some("resource \"aws_config_configuration_recorder\" \"this\" {\n  role_arn = aws_iam_service_linked_role.config.arn\n  recording_group {\n    all_supported                 = true\n    include_global_resource_types = true\n  }\n}\n\nresource \"aws_config_configuration_recorder_status\" \"this\" {\n  name       = aws_config_configuration_recorder.this.name\n  is_enabled = true\n  depends_on = [aws_config_delivery_channel.this]\n}"),
        cloudformation: Some("Recorder:\n  Type: AWS::Config::ConfigurationRecorder\n  Properties:\n    RoleARN: !Sub arn:aws:iam::${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig\n    RecordingGroup:\n      AllSupported: true\n      IncludeGlobalResourceTypes: true"),
    },
    references: &[
        "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1",
    ],
};

impl ResourceCheck for RecorderDisabled {
    type Kind = ConfigurationRecorder;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, rec: &ConfigurationRecorder, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let region = r.region.as_deref().unwrap_or("this region");
        // A known absence fails at once; an unknown name (declared in
        // infrastructure as code) leaves the verdict to the other settings.
        let name = match rec.recorder_name.value() {
            Some(None) => {
                return Ok(Verdict::fail(
                    "recorder_name",
                    format!("AWS Config is not enabled in {region}: the region has no configuration recorder."),
                ));
            }
            Some(Some(name)) => format!("recorder {name}"),
            None => "its recorder".to_owned(),
        };
        if !*rec.recording.known("recording")? {
            return Ok(Verdict::fail("recording", format!("AWS Config is not recording in {region}: {name} is stopped.")));
        }
        if !*rec.all_supported.known("all_supported")? {
            return Ok(Verdict::fail(
                "all_supported",
                format!("AWS Config records only selected resource types in {region} ({name}): changes to the others leave no history."),
            ));
        }
        Ok(Verdict::pass(format!("AWS Config records all supported resource types in {region} ({name}).")))
    }
}
