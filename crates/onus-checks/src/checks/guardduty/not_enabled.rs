use crate::prelude::*;
use onus_model::resources::guardduty::Detector;

/// Without GuardDuty, nobody is watching for compromised credentials and instances.
pub struct NotEnabled;

static META: CheckMeta = CheckMeta {
    id: "guardduty-not-enabled",
    aliases: &[],
    title: "GuardDuty is not enabled in a region",
    service: "guardduty",
    severity: Severity::High,
    domain: Domain::LoggingMonitoring,
    duty: "Run GuardDuty threat detection in every account and region, including regions you do not use.",
    kinds: &[ResourceKind::GuardDutyDetector],
    rationale: "GuardDuty analyses CloudTrail events, VPC flow logs and DNS queries for signs of compromise: \
        credentials used from unusual places, instances talking to command-and-control servers, crypto mining. \
        AWS runs the detection, but it only looks at accounts and regions where the customer has created and \
        enabled a detector. Unused regions matter too, because that is where stolen credentials are put to work \
        (AWS FSBP GuardDuty.1).",
    remediation: Remediation {
        text: "Enable GuardDuty in every region, preferably from a delegated administrator account with \
            auto-enable for all organization members, and route its findings to the people who respond to them. \
            A suspended detector keeps its configuration: re-enable it.",
        cli: Some("aws guardduty create-detector --enable --region <region>\naws guardduty update-detector --detector-id <detector-id> --enable --region <region>"),
        terraform: Some("resource \"aws_guardduty_detector\" \"this\" {\n  enable = true\n}"),
        cloudformation: Some("Detector:\n  Type: AWS::GuardDuty::Detector\n  Properties:\n    Enable: true"),
    },
    references: &[
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html",
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_regions.html",
    ],
};

impl ResourceCheck for NotEnabled {
    type Kind = Detector;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, d: &Detector, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let region = r.region.as_deref().unwrap_or("this region");
        // A known absence fails at once; an id that is only unknown (a
        // detector declared in infrastructure as code gets its id when
        // created) leaves the verdict to the enabled flag.
        let id = match d.detector_id.value() {
            Some(None) => {
                return Ok(Verdict::fail("detector_id", format!("GuardDuty is not enabled in {region}: the region has no detector.")));
            }
            Some(Some(id)) => Some(id.as_str()),
            None => None,
        };
        let enabled = *d.enabled.known("enabled")?;
        match (enabled, id) {
            (true, Some(id)) => Ok(Verdict::pass(format!("GuardDuty is enabled in {region} (detector {id})."))),
            (true, None) => Ok(Verdict::pass(format!("GuardDuty is enabled in {region}."))),
            (false, Some(id)) => {
                Ok(Verdict::fail("enabled", format!("GuardDuty is not enabled in {region}: detector {id} is suspended.")))
            }
            (false, None) => Ok(Verdict::fail("enabled", format!("GuardDuty is not enabled in {region}: its detector is disabled."))),
        }
    }
}
