use crate::prelude::*;
use onus_model::resources::cloudtrail::Trail;

/// Management events are the record of who changed what in the account.
pub struct ManagementEventsNotLogged;

static META: CheckMeta = CheckMeta {
    id: "cloudtrail-management-events-not-logged",
    aliases: &[],
    title: "CloudTrail trail does not record all management events",
    service: "cloudtrail",
    severity: Severity::Medium,
    domain: Domain::LoggingMonitoring,
    duty: "Record every management event, read and write, in a trail you keep.",
    kinds: &[ResourceKind::CloudTrailTrail],
    rationale: "Management events are the control-plane API calls: who created a user, changed a policy, opened a \
        security group or read a secret's metadata. CloudTrail keeps 90 days of them in event history, but a durable \
        record, and the alerts built on it, need a trail whose selectors include both read and write management \
        events. A trail that records none, or only write or only read events, leaves half the story out; CIS AWS \
        Foundations 3.1 and AWS FSBP CloudTrail.1 require a multi-region trail with all of them. A trail that logs \
        only data events passes when another trail of the account, or an organization trail, already records every management event there.",
    remediation: Remediation {
        text: "Set the trail's event selectors to include management events with ReadWriteType All (or an advanced \
            selector on eventCategory Management without a readOnly filter), or rely on an organization or \
            multi-region trail that does. Exclude only noisy sources such as AWS KMS or RDS Data API events, and only \
            deliberately.",
        cli: Some("aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]'"),
        terraform: Some("resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  is_multi_region_trail = true\n  event_selector {\n    read_write_type           = \"All\"\n    include_management_events = true\n  }\n}"),
        cloudformation: Some("Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    # ...\n    IsMultiRegionTrail: true\n    EventSelectors:\n      - ReadWriteType: All\n        IncludeManagementEvents: true"),
    },
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1",
    ],
};

/// Whether a management-events setting records every management event.
fn records_all(management_events: Option<&str>) -> bool {
    management_events.is_some_and(|m| m.eq_ignore_ascii_case("all"))
}

impl ResourceCheck for ManagementEventsNotLogged {
    type Kind = Trail;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, t: &Trail, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let selectors = t.event_selectors.known("event_selectors")?;
        let management = selectors.management_events.as_deref();
        if records_all(management) {
            return Ok(Verdict::pass(format!("{} records all management events, read and write.", r.name)));
        }
        let what = match management {
            None => "no management events".to_owned(),
            Some(m) if m.eq_ignore_ascii_case("readonly") => "only read-only management events".to_owned(),
            Some(m) if m.eq_ignore_ascii_case("writeonly") => "only write management events".to_owned(),
            Some(m) => format!("management events of type {m} only"),
        };
        // Another trail that records every management event of this account
        // (its own, or an organization trail), in every region or in this one,
        // covers this trail's gap.
        let covering = cx.index.typed::<Trail>().find(|(other, o)| {
            other.id != r.id
                && (other.account == r.account || o.is_organization_trail.value() == Some(&true))
                && o.event_selectors.value().is_some_and(|s| records_all(s.management_events.as_deref()))
                && o.is_logging.value() != Some(&false)
                && (o.is_multi_region.value() == Some(&true) || (other.region.is_some() && other.region == r.region))
        });
        if let Some((other, _)) = covering {
            return Ok(Verdict::pass(format!(
                "{} records {what}, but {} records every management event.",
                r.name, other.name
            )));
        }
        Ok(Verdict::fail("event_selectors", format!("{} records {what}, and no other trail records them all.", r.name)))
    }
}
